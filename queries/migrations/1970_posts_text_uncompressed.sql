-- posts.text is stored without compression. DuckDB's string compression (DICT_FSST) analyses and
-- encodes every row group as an import writes it: about 2 s of CPU per million posts, a seventh of
-- the 1M-row import (benchmarks/ingest.py). On Chinese post text it saves only a third of the
-- column (56k real Weibo texts of ~130 bytes: 8.2 MiB plain, 5.2 MiB compressed), about 55 MiB per
-- million posts. The other text columns are short or mostly empty and keep it. DuckDB takes a
-- column's compression only when the table is created, so the table is rebuilt, columns in order.
CREATE TABLE posts_rebuilt (
    id                 BIGINT PRIMARY KEY DEFAULT nextval('seq_posts'),
    source_id          INTEGER,
    batch_id           INTEGER,
    platform           VARCHAR NOT NULL,
    external_id        VARCHAR,
    url                VARCHAR,
    title              VARCHAR,
    text               VARCHAR NOT NULL USING COMPRESSION 'uncompressed',
    text_masked        VARCHAR,
    author             VARCHAR,
    author_followers   BIGINT,
    published_at       TIMESTAMPTZ,
    collected_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    reposts            BIGINT NOT NULL DEFAULT 0,
    comments           BIGINT NOT NULL DEFAULT 0,
    likes              BIGINT NOT NULL DEFAULT 0,
    views              BIGINT NOT NULL DEFAULT 0,
    parent_external_id VARCHAR,
    content_hash       VARCHAR NOT NULL,
    near_dup_of        BIGINT,
    employer           VARCHAR,
    parent_author      VARCHAR,
    post_kind          VARCHAR DEFAULT 'post',
    root_external_id   VARCHAR,
    author_id          VARCHAR,
    site               VARCHAR,
    region             VARCHAR,
    vendor_sentiment   VARCHAR
);
INSERT INTO posts_rebuilt SELECT * FROM posts ORDER BY id;
DROP TABLE posts;
ALTER TABLE posts_rebuilt RENAME TO posts;
