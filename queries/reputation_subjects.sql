-- The employers a reputation index can be drawn for: monitored employer entities, then employers named on posts or incidents.
SELECT name, min(rank) AS rank FROM (
    SELECT name, 0 AS rank FROM entities WHERE kind = 'employer' AND monitored
    UNION ALL SELECT DISTINCT employer, 1 FROM incidents WHERE employer IS NOT NULL
    UNION ALL SELECT DISTINCT employer, 2 FROM posts WHERE employer IS NOT NULL
)
GROUP BY name
ORDER BY rank, name;
