-- 信息核实: the claims posts make about an incident, the posts that make them, and each verification step.

CREATE SEQUENCE IF NOT EXISTS seq_claims START 1;
CREATE TABLE IF NOT EXISTS claims (
    id           INTEGER PRIMARY KEY DEFAULT nextval('seq_claims'),
    incident_id  INTEGER NOT NULL,
    text         VARCHAR NOT NULL,          -- the claim as posts put it: 拖欠三个月工资
    phrases      VARCHAR[],                 -- other wordings that count as the same claim
    status       VARCHAR NOT NULL DEFAULT '待核实',  -- 待核实 | 核实中 | 属实 | 部分属实 | 不实 | 无法核实
    finding      VARCHAR,                   -- what is actually true (the verified fact statements may use)
    evidence     VARCHAR,                   -- a note on how it was checked
    document     VARCHAR,                   -- the name of the document that proves it
    confirmed_by VARCHAR,                   -- who confirmed it (a department, a person)
    verified_by  VARCHAR,                   -- the analyst who set the status
    verified_at  TIMESTAMPTZ,
    origin       VARCHAR NOT NULL DEFAULT '人工',    -- 人工 | 提议 (proposed from the posts)
    created_by   VARCHAR NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_by   VARCHAR,
    updated_at   TIMESTAMPTZ
);

CREATE TABLE IF NOT EXISTS claim_posts (
    claim_id  INTEGER NOT NULL,
    post_id   BIGINT NOT NULL,
    linked_by VARCHAR NOT NULL,
    linked_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (claim_id, post_id)
);

-- Every status a claim went through, with its evidence (the ledger's history and the review timeline).
CREATE SEQUENCE IF NOT EXISTS seq_claim_checks START 1;
CREATE TABLE IF NOT EXISTS claim_checks (
    id           INTEGER PRIMARY KEY DEFAULT nextval('seq_claim_checks'),
    claim_id     INTEGER NOT NULL,
    status       VARCHAR NOT NULL,
    finding      VARCHAR,
    evidence     VARCHAR,
    document     VARCHAR,
    confirmed_by VARCHAR,
    verified_by  VARCHAR NOT NULL,
    checked_at   TIMESTAMPTZ NOT NULL
);
