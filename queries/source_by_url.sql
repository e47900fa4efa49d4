-- The configured rss/web source whose URL is exactly $url (a one-off `scrape --url` reuses it).
SELECT id
FROM sources
WHERE url = $url AND kind IN ('rss', 'web')
ORDER BY id
LIMIT 1;
