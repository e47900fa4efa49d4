-- The alerts raised after alert $after (by the import's incidents cycle), as the upload page lists them.
SELECT a.id AS 编号, a.level AS 级别, a.message AS 预警, a.incident_id AS 事件编号
FROM alerts a
WHERE a.id > $after
ORDER BY a.id;
