-- Response and review: 口径 kinds, statement versions and approval overrides, effect assessments.

-- 必含 = a key point every statement must carry; 禁用 = phrases no statement may use; 背景 = context only.
ALTER TABLE talking_points ADD COLUMN IF NOT EXISTS kind VARCHAR DEFAULT '必含';
ALTER TABLE talking_points ADD COLUMN IF NOT EXISTS updated_by VARCHAR;

-- What the 统一口径 check found when a statement was approved, and why an approver overrode it.
ALTER TABLE statements ADD COLUMN IF NOT EXISTS check_findings JSON;
ALTER TABLE statements ADD COLUMN IF NOT EXISTS override_reason VARCHAR;
ALTER TABLE statements ADD COLUMN IF NOT EXISTS updated_at TIMESTAMPTZ;

-- Every body a statement ever had: a revision bumps statements.version and keeps the old text here.
CREATE TABLE IF NOT EXISTS statement_versions (
    statement_id INTEGER NOT NULL,
    version      INTEGER NOT NULL,
    body         VARCHAR NOT NULL,
    created_by   VARCHAR,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (statement_id, version)
);

ALTER TABLE actions ADD COLUMN IF NOT EXISTS created_by VARCHAR;
ALTER TABLE actions ADD COLUMN IF NOT EXISTS note VARCHAR;
ALTER TABLE assignments ADD COLUMN IF NOT EXISTS updated_by VARCHAR;
ALTER TABLE lessons ADD COLUMN IF NOT EXISTS created_by VARCHAR;

-- An analyst's verdict on whether a published statement worked (跟踪反馈), beside the computed numbers.
CREATE SEQUENCE IF NOT EXISTS seq_tracking_assessments START 1;
CREATE TABLE IF NOT EXISTS tracking_assessments (
    id           INTEGER PRIMARY KEY DEFAULT nextval('seq_tracking_assessments'),
    incident_id  INTEGER NOT NULL,
    statement_id INTEGER,
    verdict      VARCHAR NOT NULL,      -- 有效 | 部分有效 | 无效 | 待观察
    note         VARCHAR,
    metrics      JSON,                  -- the before/after numbers the verdict was made on
    created_by   VARCHAR NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
