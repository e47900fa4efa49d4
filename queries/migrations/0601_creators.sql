-- Author profiles from crawler "creators" exports, one row per platform and author id; posts by
-- the same author id take their follower count from here when their own export lacks it.
CREATE TABLE IF NOT EXISTS creators (
    platform     VARCHAR NOT NULL,
    author_id    VARCHAR NOT NULL,                 -- user id, or the export's creator hash
    author       VARCHAR,                          -- nickname as exported
    followers    BIGINT,
    following    BIGINT,
    region       VARCHAR,
    description  VARCHAR,
    batch_id     INTEGER,                          -- the batch that last wrote the profile
    first_seen_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (platform, author_id)
);
