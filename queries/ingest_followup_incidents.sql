-- The incidents an import opened or added posts to, as the upload page lists them.
SELECT i.id AS 编号, i.title AS 事件, coalesce(i.level, '—') AS 级别, i.status AS 状态, i.polarity AS 倾向,
       (SELECT count(*) FROM incident_posts ip WHERE ip.incident_id = i.id) AS 帖子数
FROM incidents i
WHERE list_contains($ids, i.id) AND i.merged_into IS NULL
ORDER BY i.id;
