-- Mentions of how many people an incident touches (几百人, 上千名员工 …) in its posts, by hour, up to $until.
SELECT ip.incident_id,
       -- hours before $fold_before only matter as totals: one bucket
       greatest(date_trunc('hour', coalesce(p.published_at, p.collected_at)),
                coalesce(CAST($fold_before AS TIMESTAMPTZ), '-infinity'::TIMESTAMPTZ)) AS hour,
       regexp_extract(coalesce(p.title, '') || ' ' || p.text_masked, $pattern, 1) AS mention
FROM incident_posts ip
JOIN posts p ON p.id = ip.post_id
WHERE ip.incident_id IN (SELECT unnest($ids))
  AND coalesce(p.published_at, p.collected_at) <= $until
  AND regexp_matches(coalesce(p.title, '') || ' ' || p.text_masked, $pattern);
