-- Incidents to pick from on every incident page (not merged away): open ones first, then the newest.
SELECT i.*, (SELECT count(*) FROM incident_posts ip WHERE ip.incident_id = i.id) AS posts,
       list_contains(['待研判', '已定级', '处置中', '跟踪中'], i.status) AS is_open
FROM incidents i
WHERE i.merged_into IS NULL
ORDER BY is_open DESC, i.opened_at DESC, i.id DESC;
