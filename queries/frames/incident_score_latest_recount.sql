-- The latest score (latest_…) of incidents $ids recounted from their stored score rows, as arg_max gives it:
-- for those whose new rows cannot tell it alone (rows deleted and none written, or a last row without a
-- negative share: arg_max keeps the latest one there is). NULL for an incident with no row left.
UPDATE incidents SET latest_heat = l.heat, latest_severity = l.severity,
                     latest_negative_share = l.negative_share, latest_scored_at = l.scored_at
FROM (
    SELECT u.id, arg_max(s.heat, s."at") AS heat, arg_max(s.severity, s."at") AS severity,
           arg_max(s.negative_share, s."at") AS negative_share, max(s."at") AS scored_at
    FROM (SELECT unnest($ids) AS id) u
    LEFT JOIN incident_scores s ON s.incident_id = u.id
    GROUP BY u.id
) l
WHERE incidents.id = l.id;
