-- Every configured source with its fetch health (the 采集源 table and the source editor).
SELECT s.id, s.name, s.kind, s.url, s.media_tier, s.internal, s.active,
       coalesce(s.platform, '新闻网站') AS platform, coalesce(s.follow_links, 0) AS follow_links,
       s.last_fetched_at, s.last_success_at, s.last_error, s.last_error_at,
       coalesce(s.items_fetched, 0) AS items_fetched, coalesce(s.items_kept, 0) AS items_kept,
       coalesce(s.consecutive_failures, 0) AS consecutive_failures,
       CASE
           WHEN s.kind NOT IN ('rss', 'web') THEN '不适用'
           WHEN coalesce(s.url, '') = '' THEN '未配置网址'
           WHEN s.last_fetched_at IS NULL THEN '未采集'
           WHEN s.last_error_at IS NOT NULL AND (s.last_success_at IS NULL OR s.last_error_at > s.last_success_at) THEN '异常'
           ELSE '正常'
       END AS health
FROM sources s
ORDER BY s.kind IN ('rss', 'web') DESC, s.active DESC, s.name;
