-- Incidents area: configurable rules (level matrix, clocks), override history, clustering state.

-- Level matrix and clock configuration as JSON, keyed; absent keys fall back to code defaults.
CREATE TABLE IF NOT EXISTS incident_settings (
    key        VARCHAR PRIMARY KEY,          -- level_matrix | clocks
    value      JSON NOT NULL,
    updated_by VARCHAR,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Every level override and every clearing, so the history shows beside the computed level.
CREATE SEQUENCE IF NOT EXISTS seq_incident_level_overrides START 1;
CREATE TABLE IF NOT EXISTS incident_level_overrides (
    id             BIGINT PRIMARY KEY DEFAULT nextval('seq_incident_level_overrides'),
    incident_id    INTEGER NOT NULL,
    level          VARCHAR,                  -- NULL = override cleared
    computed_level VARCHAR,                  -- what the matrix said at that moment
    reason         VARCHAR NOT NULL,
    actor          VARCHAR NOT NULL,
    "at"           TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- A merged incident points at the one it was merged into and drops out of lists and clustering.
ALTER TABLE incidents ADD COLUMN IF NOT EXISTS merged_into INTEGER;

-- Clustering state: each post the clusterer has seen, its terms, and (while it waits for company)
-- the candidate cluster it belongs to. A post seen once is never moved again by the model.
CREATE TABLE IF NOT EXISTS incident_post_terms (
    post_id      BIGINT PRIMARY KEY,
    terms        VARCHAR[],
    candidate    BIGINT,                     -- leader post id of a candidate cluster, NULL otherwise
    clustered_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Posts an analyst took out of an incident: the model never puts them back there.
CREATE TABLE IF NOT EXISTS incident_post_exclusions (
    incident_id INTEGER NOT NULL,
    post_id     BIGINT NOT NULL,
    actor       VARCHAR NOT NULL,
    "at"        TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (incident_id, post_id)
);
CREATE INDEX IF NOT EXISTS incident_posts_post ON incident_posts (post_id);
