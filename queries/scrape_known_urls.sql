-- Which of $urls are already stored as posts (a list page does not fetch those articles again).
SELECT DISTINCT url
FROM posts
WHERE list_contains($urls::VARCHAR[], url);
