-- The SHA-256 of the shipped artifact a version was registered from: a store that has the file's digest
-- needs no loading of the 25 MB artifact to learn its version (pages that only list versions).
ALTER TABLE model_versions ADD COLUMN IF NOT EXISTS artifact_digest VARCHAR;
