-- lake.lake_rows: the latest export of each post in the attached lake (a relabelled post is
-- written again; its newest copy wins). {files} is the lake's Parquet glob, quoted by workbench.lake.
CREATE OR REPLACE VIEW lake.lake_rows AS
SELECT * EXCLUDE (published_date)
FROM read_parquet({files}, hive_partitioning = true, union_by_name = true)
QUALIFY row_number() OVER (PARTITION BY id ORDER BY export_seq DESC) = 1;
