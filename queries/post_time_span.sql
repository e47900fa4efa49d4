-- Earliest and latest publication time in the store (sidebar default range).
SELECT min(published_at) AS earliest, max(published_at) AS latest, count(*) AS posts
FROM posts;
