-- Monitor: fetch state and health of each source, scrape cycles and per-source runs, and which
-- monitor rules each post matched.

ALTER TABLE sources ADD COLUMN IF NOT EXISTS platform VARCHAR DEFAULT '新闻网站';   -- platform of scraped posts
ALTER TABLE sources ADD COLUMN IF NOT EXISTS follow_links INTEGER DEFAULT 0;       -- web list page: same-host links to follow (0 = the page is the article)
ALTER TABLE sources ADD COLUMN IF NOT EXISTS etag VARCHAR;                         -- conditional GET state
ALTER TABLE sources ADD COLUMN IF NOT EXISTS last_modified VARCHAR;
ALTER TABLE sources ADD COLUMN IF NOT EXISTS last_fetched_at TIMESTAMPTZ;           -- health
ALTER TABLE sources ADD COLUMN IF NOT EXISTS last_success_at TIMESTAMPTZ;
ALTER TABLE sources ADD COLUMN IF NOT EXISTS last_error VARCHAR;
ALTER TABLE sources ADD COLUMN IF NOT EXISTS last_error_at TIMESTAMPTZ;
ALTER TABLE sources ADD COLUMN IF NOT EXISTS items_fetched INTEGER DEFAULT 0;      -- in the last run
ALTER TABLE sources ADD COLUMN IF NOT EXISTS items_kept INTEGER DEFAULT 0;         -- in the last run, after rules
ALTER TABLE sources ADD COLUMN IF NOT EXISTS consecutive_failures INTEGER DEFAULT 0;

CREATE SEQUENCE IF NOT EXISTS seq_scrape_cycles START 1;
CREATE TABLE IF NOT EXISTS scrape_cycles (
    id              INTEGER PRIMARY KEY DEFAULT nextval('seq_scrape_cycles'),
    trigger         VARCHAR NOT NULL,                  -- scrape | monitor | page
    actor           VARCHAR NOT NULL,
    started_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    finished_at     TIMESTAMPTZ,
    sources_total   INTEGER NOT NULL DEFAULT 0,
    sources_ok      INTEGER NOT NULL DEFAULT 0,
    sources_failed  INTEGER NOT NULL DEFAULT 0,
    items_fetched   INTEGER NOT NULL DEFAULT 0,
    items_kept      INTEGER NOT NULL DEFAULT 0,
    posts_inserted  INTEGER NOT NULL DEFAULT 0,
    posts_tagged    INTEGER NOT NULL DEFAULT 0,
    posts_analyzed  INTEGER NOT NULL DEFAULT 0,
    incidents_note  VARCHAR,                           -- what the incidents cycle reported
    errors          JSON                               -- cycle-level problems (analysis, incidents, interruption)
);

CREATE SEQUENCE IF NOT EXISTS seq_scrape_runs START 1;
CREATE TABLE IF NOT EXISTS scrape_runs (
    id             BIGINT PRIMARY KEY DEFAULT nextval('seq_scrape_runs'),
    cycle_id       INTEGER,
    source_id      INTEGER,                            -- NULL for a one-off `scrape --url`
    url            VARCHAR NOT NULL,
    started_at     TIMESTAMPTZ NOT NULL,
    finished_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    status         VARCHAR NOT NULL,                   -- ok | not_modified | failed
    http_status    INTEGER,
    pages_fetched  INTEGER NOT NULL DEFAULT 0,
    items_fetched  INTEGER NOT NULL DEFAULT 0,
    items_kept     INTEGER NOT NULL DEFAULT 0,
    inserted       INTEGER NOT NULL DEFAULT 0,
    duplicates     INTEGER NOT NULL DEFAULT 0,
    rejected       INTEGER NOT NULL DEFAULT 0,
    batch_id       INTEGER,
    error          VARCHAR,
    warnings       JSON                                -- e.g. article links of a list page that failed
);

CREATE TABLE IF NOT EXISTS post_rule_matches (
    post_id       BIGINT NOT NULL,
    rule_id       INTEGER NOT NULL,
    matched_terms VARCHAR[],
    matched_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (post_id, rule_id)
);
