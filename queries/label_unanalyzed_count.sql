-- How many posts have no analysis yet (offered for analysis on the review page).
SELECT count(*) AS posts
FROM posts p
LEFT JOIN analyses a ON a.post_id = p.id
WHERE a.post_id IS NULL
