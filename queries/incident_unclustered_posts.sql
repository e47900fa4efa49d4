-- Posts up to $until the clusterer has not seen yet (in_incident: already placed by a person or the demo).
-- Every post up to id $after is seen (``incident_seen_bound``): only the posts after it are read, and
-- only those are looked up among the seen ones (a scan of both whole tables cost most of the time).
-- The unseen ids are found on narrow columns first and only their rows' text and counts are read
-- (reading every column of every post after $after before the look-up cost most of what was left).
-- Labels are read for those posts only (the post_labels view over the whole store cost most of the time).
WITH unseen AS MATERIALIZED (
    SELECT p.id
    FROM posts p
    WHERE p.id > $after
      AND coalesce(p.published_at, p.collected_at) <= $until
      AND p.id NOT IN (SELECT post_id FROM incident_post_terms WHERE post_id > $after)
), fresh AS MATERIALIZED (
    SELECT p.id AS post_id, p.platform, p.external_id, p.parent_external_id,
           coalesce(nullif(p.author_id, ''), p.author) AS author,
           coalesce(p.published_at, p.collected_at) AS published,
           p.near_dup_of, p.employer, p.title, coalesce(p.text_masked, p.text) AS text_masked,
           p.likes + 5 * p.comments + 10 * p.reposts + 0.1 * p.views AS hotness
    FROM posts p
    WHERE p.id > $after AND p.id IN (SELECT id FROM unseen)
), labels AS (
    -- the model's sentiment score only where the label is the model's (a person's label wins)
    SELECT post_id, keywords, category, risk_level, sentiment, risk_terms,
           CASE WHEN sentiment_source = 'model' THEN sentiment_score END AS sentiment_score FROM post_labels
    WHERE post_id IN (SELECT post_id FROM fresh)
)
SELECT f.*, pl.keywords, pl.category, pl.risk_level, pl.sentiment, pl.risk_terms, pl.sentiment_score,
       EXISTS (SELECT 1 FROM incident_posts ip WHERE ip.post_id = f.post_id) AS in_incident
FROM fresh f
LEFT JOIN labels pl ON pl.post_id = f.post_id
ORDER BY published, f.post_id;
