-- Named column-mapping profiles for uploads, matched to new files by their header signature.
CREATE SEQUENCE IF NOT EXISTS seq_mapping_profiles START 1;
CREATE TABLE IF NOT EXISTS mapping_profiles (
    id         INTEGER PRIMARY KEY DEFAULT nextval('seq_mapping_profiles'),
    name       VARCHAR NOT NULL UNIQUE,
    signature  VARCHAR NOT NULL,                 -- header_signature of the file it was made for
    headers    JSON NOT NULL,                    -- that file's headers, in order
    mapping    JSON NOT NULL,                    -- {canonical field: header}
    platform   VARCHAR,                          -- default platform for files of this shape
    created_by VARCHAR,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
