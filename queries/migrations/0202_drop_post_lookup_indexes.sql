-- Ingest finds duplicates with hash joins, and time ranges use DuckDB's zone maps, so these
-- secondary ART indexes only cost time on every insert (about 2.8 s per million posts).
DROP INDEX IF EXISTS posts_platform_external;
DROP INDEX IF EXISTS posts_content_hash;
DROP INDEX IF EXISTS posts_published;
