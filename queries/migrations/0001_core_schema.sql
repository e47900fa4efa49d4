-- The whole data model of DESIGN §3, so that no page or notebook ever meets a missing table.
-- Later migrations add columns and tables; they never rename what is here (outside checks rely on it).

CREATE SEQUENCE IF NOT EXISTS seq_sources START 1;
CREATE TABLE IF NOT EXISTS sources (
    id            INTEGER PRIMARY KEY DEFAULT nextval('seq_sources'),
    name          VARCHAR NOT NULL UNIQUE,
    kind          VARCHAR NOT NULL DEFAULT 'upload',   -- upload | rss | web | api
    url           VARCHAR,
    media_tier    INTEGER NOT NULL DEFAULT 4,          -- 1 central media .. 4 self-media / forum
    authority     DOUBLE NOT NULL DEFAULT 1.0,         -- weight in heat
    internal      BOOLEAN NOT NULL DEFAULT FALSE,      -- may fetch private addresses
    active        BOOLEAN NOT NULL DEFAULT TRUE,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE SEQUENCE IF NOT EXISTS seq_ingest_batches START 1;
CREATE TABLE IF NOT EXISTS ingest_batches (
    id             INTEGER PRIMARY KEY DEFAULT nextval('seq_ingest_batches'),
    kind           VARCHAR NOT NULL,                   -- upload | rss | web | api | demo
    origin         VARCHAR,                            -- file name or URL
    source_id      INTEGER,
    started_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    finished_at    TIMESTAMPTZ,
    rows_read      INTEGER NOT NULL DEFAULT 0,
    rows_inserted  INTEGER NOT NULL DEFAULT 0,
    rows_duplicate INTEGER NOT NULL DEFAULT 0,
    rows_rejected  INTEGER NOT NULL DEFAULT 0,
    errors         JSON,
    actor          VARCHAR
);

CREATE SEQUENCE IF NOT EXISTS seq_posts START 1;
CREATE TABLE IF NOT EXISTS posts (
    id                 BIGINT PRIMARY KEY DEFAULT nextval('seq_posts'),
    source_id          INTEGER,
    batch_id           INTEGER,
    platform           VARCHAR NOT NULL,
    external_id        VARCHAR,                        -- always text: a 16-digit Weibo id is no float
    url                VARCHAR,
    title              VARCHAR,
    text               VARCHAR NOT NULL,
    text_masked        VARCHAR NOT NULL,
    author             VARCHAR,
    author_followers   BIGINT,
    published_at       TIMESTAMPTZ,
    collected_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    reposts            BIGINT NOT NULL DEFAULT 0,
    comments           BIGINT NOT NULL DEFAULT 0,
    likes              BIGINT NOT NULL DEFAULT 0,
    views              BIGINT NOT NULL DEFAULT 0,
    parent_external_id VARCHAR,                        -- repost / reply of
    content_hash       VARCHAR NOT NULL,
    near_dup_of        BIGINT,
    employer           VARCHAR                         -- which company the post is about, when known
);
CREATE INDEX IF NOT EXISTS posts_platform_external ON posts (platform, external_id);
CREATE INDEX IF NOT EXISTS posts_content_hash ON posts (content_hash);
CREATE INDEX IF NOT EXISTS posts_published ON posts (published_at);

CREATE TABLE IF NOT EXISTS analyses (
    post_id             BIGINT PRIMARY KEY,
    sentiment           VARCHAR,
    sentiment_score     DOUBLE,
    category            VARCHAR,
    category_confidence DOUBLE,
    emotion             VARCHAR,
    risk_level          INTEGER,
    risk_terms          VARCHAR[],
    keywords            VARCHAR[],
    category_terms      VARCHAR[],
    has_pii             BOOLEAN,
    model_version       VARCHAR,
    analyzed_at         TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE SEQUENCE IF NOT EXISTS seq_label_reviews START 1;
CREATE TABLE IF NOT EXISTS label_reviews (
    id          BIGINT PRIMARY KEY DEFAULT nextval('seq_label_reviews'),
    post_id     BIGINT NOT NULL,
    field       VARCHAR NOT NULL,                      -- sentiment | category | emotion | risk_level
    old_value   VARCHAR,
    new_value   VARCHAR NOT NULL,
    reviewer    VARCHAR NOT NULL,
    reviewed_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS label_reviews_post ON label_reviews (post_id, field);

CREATE SEQUENCE IF NOT EXISTS seq_monitor_rules START 1;
CREATE TABLE IF NOT EXISTS monitor_rules (
    id          INTEGER PRIMARY KEY DEFAULT nextval('seq_monitor_rules'),
    name        VARCHAR NOT NULL UNIQUE,
    expression  VARCHAR NOT NULL,
    scope       VARCHAR NOT NULL DEFAULT 'all',        -- all | upload | scrape
    sensitivity VARCHAR NOT NULL DEFAULT 'medium',     -- high | medium | low
    active      BOOLEAN NOT NULL DEFAULT TRUE,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE SEQUENCE IF NOT EXISTS seq_incidents START 1;
CREATE TABLE IF NOT EXISTS incidents (
    id                INTEGER PRIMARY KEY DEFAULT nextval('seq_incidents'),
    title             VARCHAR NOT NULL,
    category          VARCHAR,
    level             VARCHAR,                         -- Ⅰ | Ⅱ | Ⅲ | Ⅳ (effective: override wins)
    computed_level    VARCHAR,
    level_override    VARCHAR,
    level_reason      VARCHAR,
    status            VARCHAR NOT NULL DEFAULT '待研判',
    employer          VARCHAR,
    opened_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    graded_at         TIMESTAMPTZ,
    acknowledged_at   TIMESTAMPTZ,
    first_response_at TIMESTAMPTZ,
    handling_at       TIMESTAMPTZ,
    tracking_at       TIMESTAMPTZ,
    resolved_at       TIMESTAMPTZ,
    closed_at         TIMESTAMPTZ,
    reviewed_at       TIMESTAMPTZ,
    owner             VARCHAR,
    summary           VARCHAR
);

CREATE TABLE IF NOT EXISTS incident_posts (
    incident_id INTEGER NOT NULL,
    post_id     BIGINT NOT NULL,
    added_by    VARCHAR NOT NULL DEFAULT 'model',      -- model | a person's name (sticks on re-clustering)
    added_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (incident_id, post_id)
);

CREATE TABLE IF NOT EXISTS incident_scores (
    incident_id    INTEGER NOT NULL,
    "at"           TIMESTAMPTZ NOT NULL,  -- quoted: AT is a keyword in DuckDB 2
    volume         INTEGER NOT NULL,
    heat           DOUBLE NOT NULL,
    severity       DOUBLE NOT NULL,
    negative_share DOUBLE,
    level          VARCHAR,
    explanation    JSON,
    PRIMARY KEY (incident_id, "at")
);

CREATE SEQUENCE IF NOT EXISTS seq_alerts START 1;
CREATE TABLE IF NOT EXISTS alerts (
    id              BIGINT PRIMARY KEY DEFAULT nextval('seq_alerts'),
    rule            VARCHAR NOT NULL,
    incident_id     INTEGER,
    level           VARCHAR,
    message         VARCHAR NOT NULL,
    evidence        JSON,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    acknowledged_by VARCHAR,
    acknowledged_at TIMESTAMPTZ
);

CREATE TABLE IF NOT EXISTS alert_deliveries (
    alert_id     BIGINT NOT NULL,
    channel      VARCHAR NOT NULL,
    status       VARCHAR NOT NULL DEFAULT 'pending',   -- pending | held | sent | failed
    attempts     INTEGER NOT NULL DEFAULT 0,
    last_error   VARCHAR,
    updated_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (alert_id, channel)
);

CREATE SEQUENCE IF NOT EXISTS seq_plans START 1;
CREATE TABLE IF NOT EXISTS plans (
    id          INTEGER PRIMARY KEY DEFAULT nextval('seq_plans'),
    incident_id INTEGER NOT NULL,
    title       VARCHAR NOT NULL,
    strategy    VARCHAR,
    owner       VARCHAR,
    due_at      TIMESTAMPTZ,
    status      VARCHAR NOT NULL DEFAULT '执行中',
    created_by  VARCHAR,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS assignments (
    incident_id INTEGER NOT NULL,
    role        VARCHAR NOT NULL,
    person      VARCHAR NOT NULL,
    due_at      TIMESTAMPTZ,
    PRIMARY KEY (incident_id, role)
);

CREATE TABLE IF NOT EXISTS talking_points (
    incident_id INTEGER NOT NULL,
    key         VARCHAR NOT NULL,
    value       VARCHAR NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (incident_id, key)
);

CREATE SEQUENCE IF NOT EXISTS seq_statements START 1;
CREATE TABLE IF NOT EXISTS statements (
    id           INTEGER PRIMARY KEY DEFAULT nextval('seq_statements'),
    incident_id  INTEGER NOT NULL,
    channel      VARCHAR NOT NULL,
    body         VARCHAR NOT NULL,
    status       VARCHAR NOT NULL DEFAULT 'draft',     -- draft → review → approved → published
    version      INTEGER NOT NULL DEFAULT 1,
    created_by   VARCHAR,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    approved_by  VARCHAR,
    approved_at  TIMESTAMPTZ,
    published_at TIMESTAMPTZ
);

CREATE SEQUENCE IF NOT EXISTS seq_actions START 1;
CREATE TABLE IF NOT EXISTS actions (
    id          INTEGER PRIMARY KEY DEFAULT nextval('seq_actions'),
    incident_id INTEGER NOT NULL,
    title       VARCHAR NOT NULL,
    owner       VARCHAR,
    due_at      TIMESTAMPTZ,
    status      VARCHAR NOT NULL DEFAULT '待办',        -- 待办 | 进行中 | 已完成 | 已取消
    done_at     TIMESTAMPTZ,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS reviews (
    incident_id INTEGER PRIMARY KEY,
    status      VARCHAR NOT NULL DEFAULT '草稿',        -- 草稿 | 已定稿
    body        JSON,
    updated_by  VARCHAR,
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    exported_at TIMESTAMPTZ
);

CREATE SEQUENCE IF NOT EXISTS seq_lessons START 1;
CREATE TABLE IF NOT EXISTS lessons (
    id          INTEGER PRIMARY KEY DEFAULT nextval('seq_lessons'),
    incident_id INTEGER,
    text        VARCHAR NOT NULL,
    tags        VARCHAR[],
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE SEQUENCE IF NOT EXISTS seq_audit_log START 1;
CREATE TABLE IF NOT EXISTS audit_log (
    id        BIGINT PRIMARY KEY DEFAULT nextval('seq_audit_log'),
    "at"      TIMESTAMPTZ NOT NULL DEFAULT now(),
    actor     VARCHAR NOT NULL,
    action    VARCHAR NOT NULL,
    entity    VARCHAR NOT NULL,
    entity_id VARCHAR,
    before    JSON,
    after     JSON
);
