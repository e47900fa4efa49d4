-- 形象修复: the positive actions planned or taken for one monitored employer after an incident
-- (a charity day, an employee-care programme, a published rectification, a media visit …), so the
-- reputation index can be read before and after each of them.
CREATE SEQUENCE IF NOT EXISTS seq_repair_actions START 1;
CREATE TABLE IF NOT EXISTS repair_actions (
    id          INTEGER PRIMARY KEY DEFAULT nextval('seq_repair_actions'),
    employer    VARCHAR NOT NULL,
    incident_id INTEGER,                                  -- the incident it repairs, when there is one
    title       VARCHAR NOT NULL,
    kind        VARCHAR NOT NULL DEFAULT '其他',
    planned_at  TIMESTAMPTZ NOT NULL,
    done_at     TIMESTAMPTZ,
    owner       VARCHAR,
    created_by  VARCHAR NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
