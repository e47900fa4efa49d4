-- Up to $batch_rows original posts (not near duplicates) with an id above $after_id that have no MinHash signature yet (e.g. loaded by the demo), in id order: id and text. The ids are picked on narrow columns first and only their texts read: a store of a million unsigned posts is signed batch by batch, never read whole.
WITH todo AS (
    SELECT p.id
    FROM posts AS p
    WHERE p.near_dup_of IS NULL
      AND p.id > $after_id
      AND NOT EXISTS (SELECT 1 FROM post_minhash AS m WHERE m.post_id > $after_id AND m.post_id = p.id)
    ORDER BY p.id
    LIMIT $batch_rows
)
SELECT p.id, p.text
FROM posts AS p
JOIN todo USING (id)
ORDER BY p.id
