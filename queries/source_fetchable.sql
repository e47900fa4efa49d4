-- Sources a scrape cycle fetches: active rss/web sources with a URL, or exactly $ids when given.
SELECT s.id, s.name, s.kind, s.url, s.media_tier, s.internal, s.active,
       coalesce(s.platform, '新闻网站') AS platform, coalesce(s.follow_links, 0) AS follow_links,
       s.etag, s.last_modified
FROM sources s
WHERE s.kind IN ('rss', 'web')
  AND coalesce(s.url, '') <> ''
  AND CASE WHEN $ids::INTEGER[] IS NULL THEN s.active ELSE list_contains($ids::INTEGER[], s.id) END
ORDER BY s.id;
