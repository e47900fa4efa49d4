-- (id, label_stamp) of each post's newest copy in the lake: what the next export compares against.
SELECT id, arg_max(label_stamp, export_seq) AS label_stamp
FROM read_parquet($files)
GROUP BY id;
