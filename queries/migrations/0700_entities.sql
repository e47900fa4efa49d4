-- The names the team monitors (主体词, DESIGN §3): employers, their brands, executives and sites,
-- each with the aliases, abbreviations and misspellings posts use. A brand or person belongs to an
-- employer (``employer``), so a post naming only them is about that employer.
CREATE SEQUENCE IF NOT EXISTS seq_entities START 1;
CREATE TABLE IF NOT EXISTS entities (
    id         BIGINT PRIMARY KEY DEFAULT nextval('seq_entities'),
    name       VARCHAR NOT NULL UNIQUE,
    kind       VARCHAR NOT NULL DEFAULT 'employer',   -- employer | brand | person | site
    aliases    VARCHAR[] NOT NULL DEFAULT [],
    employer   VARCHAR,                               -- for a brand / person / site: whose it is
    monitored  BOOLEAN NOT NULL DEFAULT true,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- An incident's stance: 负面 incidents alert, 正面 ones (praise that spreads) are tracked without
-- alerts; and who gave its current title (model | person: the model never renames a person's).
ALTER TABLE incidents ADD COLUMN IF NOT EXISTS polarity VARCHAR DEFAULT '负面';
ALTER TABLE incidents ADD COLUMN IF NOT EXISTS title_source VARCHAR DEFAULT 'model';
