-- How many clustered posts published in [$since, $until] carry each term (document frequency for IDF).
WITH docs AS (
    SELECT t.terms
    FROM incident_post_terms t
    JOIN posts p ON p.id = t.post_id
    WHERE coalesce(p.published_at, p.collected_at) BETWEEN $since AND $until
)
SELECT term, count(*) AS df, (SELECT count(*) FROM docs) AS n_docs
FROM (SELECT unnest(terms) AS term FROM docs)
GROUP BY term;
