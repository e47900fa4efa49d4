-- One incident's header for 分析研判: employer, current 研判结论 (summary) and post count.
SELECT i.id, i.title, i.employer, i.category, i.level, i.status, i.opened_at, i.summary,
       (SELECT count(*) FROM incident_posts ip WHERE ip.incident_id = i.id) AS posts
FROM incidents i
WHERE i.id = $incident_id;
