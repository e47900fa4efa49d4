-- The Parquet lake a store reads beside its own tables (workbench lake attach / the sidebar's
-- 数据库 setting): one row per attach, the newest without detached_at is in force.
CREATE SEQUENCE IF NOT EXISTS seq_lake_attachments START 1;
CREATE TABLE IF NOT EXISTS lake_attachments (
    id          INTEGER PRIMARY KEY DEFAULT nextval('seq_lake_attachments'),
    path        VARCHAR NOT NULL,
    attached_by VARCHAR NOT NULL,
    attached_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    detached_by VARCHAR,
    detached_at TIMESTAMPTZ
);
