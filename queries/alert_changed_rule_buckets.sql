-- Active monitor rules and the hours with posts the last evaluation did not see (id above $last_post_id,
-- or published at or after $last_now), in [$since, $until). Apart from alert_changed_buckets because
-- post_rule_matches may be absent.
SELECT DISTINCT 'rule' AS scope_kind, CAST(m.rule_id AS VARCHAR) AS scope_key,
       date_trunc('hour', coalesce(p.published_at, p.collected_at)) AS bucket
FROM posts p
JOIN post_rule_matches m ON m.post_id = p.id
JOIN monitor_rules r ON r.id = m.rule_id AND r.active
WHERE coalesce(p.published_at, p.collected_at) >= $since
  AND coalesce(p.published_at, p.collected_at) < $until
  AND (p.id > $last_post_id OR coalesce(p.published_at, p.collected_at) >= $last_now);
