-- Incidents whose stance is 正面: tracked on the pages, never alerted on.
SELECT id AS incident_id
FROM incidents
WHERE polarity = '正面';
