-- 沟通与互动: per-incident audience settings (channel, cadence), the updates sent to them, and replies to posts.

-- Overrides of the default audience plan for one incident (defaults by level live in code).
CREATE TABLE IF NOT EXISTS stakeholder_plans (
    incident_id    INTEGER NOT NULL,
    audience       VARCHAR NOT NULL,        -- 全体员工 | 管理层 | 涉事员工及家属 | 合作方 | 监管部门 | 媒体
    channel        VARCHAR NOT NULL,        -- a configured alert channel's name (pushed) or a label (recorded)
    cadence_hours  DOUBLE,                  -- NULL: no regular update
    updated_by     VARCHAR NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (incident_id, audience)
);

CREATE SEQUENCE IF NOT EXISTS seq_stakeholder_updates START 1;
CREATE TABLE IF NOT EXISTS stakeholder_updates (
    id              INTEGER PRIMARY KEY DEFAULT nextval('seq_stakeholder_updates'),
    incident_id     INTEGER NOT NULL,
    audience        VARCHAR NOT NULL,
    channel         VARCHAR NOT NULL,
    body            VARCHAR NOT NULL,
    status          VARCHAR NOT NULL DEFAULT '草稿',   -- 草稿 | 已发送
    due_at          TIMESTAMPTZ,            -- the cadence deadline this update answers
    check_findings  JSON,                   -- the 口径 and ledger findings when it was sent
    override_reason VARCHAR,
    delivery        VARCHAR,                -- 渠道推送 | 人工记录
    last_error      VARCHAR,                -- the last failed push
    created_by      VARCHAR NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    sent_by         VARCHAR,
    sent_at         TIMESTAMPTZ
);

CREATE SEQUENCE IF NOT EXISTS seq_interactions START 1;
CREATE TABLE IF NOT EXISTS interactions (
    id           INTEGER PRIMARY KEY DEFAULT nextval('seq_interactions'),
    incident_id  INTEGER NOT NULL,
    post_id      BIGINT,                    -- the key post or comment answered (NULL: not in the store)
    platform     VARCHAR NOT NULL,          -- where the answer was given
    responder    VARCHAR NOT NULL,          -- who answered (account or person)
    reply        VARCHAR NOT NULL,          -- what was said
    replied_at   TIMESTAMPTZ NOT NULL,
    outcome      VARCHAR NOT NULL DEFAULT '待观察',
    outcome_note VARCHAR,
    created_by   VARCHAR NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_by   VARCHAR,
    updated_at   TIMESTAMPTZ
);
