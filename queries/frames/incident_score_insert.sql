-- Store a scoring run's rows (table incident_score_parts, staged by scoring): the numbers and their parts;
-- the explanation is built when a row is read (frames/incident_score_rows).
INSERT INTO incident_scores BY NAME SELECT * FROM incident_score_parts;
