-- Each incident's latest score as part of its record (DESIGN §3), kept by incidents.scoring in the same
-- transaction as the incident_scores rows: the lists and briefings read it instead of taking arg_max
-- over every score row (about 2M at a million posts: 0.25 s of 影响评估's first visit).
-- The values are what arg_max(x, "at") over the incident's score rows gives: heat and severity of its
-- latest row, the negative share of its latest row that has one (NULL until a post is labelled), and
-- that latest row's hour; all NULL while it has no score row.
ALTER TABLE incidents ADD COLUMN IF NOT EXISTS latest_heat DOUBLE;
ALTER TABLE incidents ADD COLUMN IF NOT EXISTS latest_severity DOUBLE;
ALTER TABLE incidents ADD COLUMN IF NOT EXISTS latest_negative_share DOUBLE;
ALTER TABLE incidents ADD COLUMN IF NOT EXISTS latest_scored_at TIMESTAMPTZ;

UPDATE incidents SET latest_heat = l.heat, latest_severity = l.severity,
                     latest_negative_share = l.negative_share, latest_scored_at = l.scored_at
FROM (
    SELECT incident_id, arg_max(heat, "at") AS heat, arg_max(severity, "at") AS severity,
           arg_max(negative_share, "at") AS negative_share, max("at") AS scored_at
    FROM incident_scores GROUP BY incident_id
) l
WHERE incidents.id = l.incident_id;
