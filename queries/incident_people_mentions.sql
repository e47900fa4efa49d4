-- Mentions of how many people an incident touches (几百人, 上千名员工 …) by hour up to $until; posts before
-- $fold_before are not read again: the score row just before it carries their count (people).
WITH wanted AS MATERIALIZED (  -- the posts to read, chosen before the pattern runs: few when folded
    SELECT ip.incident_id, coalesce(p.published_at, p.collected_at) AS ts,
           coalesce(p.title, '') || ' ' || coalesce(p.text_masked, p.text) AS body
    FROM incident_posts ip
    JOIN posts p ON p.id = ip.post_id
    WHERE ip.incident_id IN (SELECT unnest($ids))
      AND coalesce(p.published_at, p.collected_at) <= $until
      AND (coalesce(p.published_at, p.collected_at) >= CAST($fold_before AS TIMESTAMPTZ)
           OR $fold_before IS NULL
           OR ip.incident_id NOT IN (SELECT s.incident_id FROM incident_scores s
                                     WHERE s.incident_id IN (SELECT unnest($ids))
                                       AND s."at" = CAST($fold_before AS TIMESTAMPTZ) - INTERVAL 1 HOUR
                                       AND s.people IS NOT NULL))
)
SELECT DISTINCT incident_id,
       date_trunc('hour', ts) AS hour,
       regexp_extract(body, $pattern, 1) AS mention,
       CAST(NULL AS BIGINT) AS people
FROM wanted
WHERE regexp_matches(body, $pattern)
UNION ALL
SELECT s.incident_id, CAST($fold_before AS TIMESTAMPTZ), NULL, s.people
FROM incident_scores s
WHERE s.incident_id IN (SELECT unnest($ids))
  AND s."at" = CAST($fold_before AS TIMESTAMPTZ) - INTERVAL 1 HOUR
  AND s.people > 0;
