-- The posts linked to one claim (masked text), earliest first.
SELECT p.id AS post_id, p.published_at, p.platform, p.author, coalesce(p.text_masked, p.text) AS text_masked, p.url,
       p.reposts + p.comments + p.likes AS engagement
FROM claim_posts cp
JOIN posts p ON p.id = cp.post_id
WHERE cp.claim_id = $claim_id
ORDER BY p.published_at, p.id;
