-- How many demo batches the store holds (the demo is loaded at most once per store).
SELECT count(*) AS batches FROM ingest_batches WHERE kind = 'demo';
