-- One incident's interaction log: each reply with the post it answered (masked) and what that post drew afterwards.
SELECT i.id, i.replied_at, i.platform, i.responder, i.reply, i.outcome, i.outcome_note, i.post_id,
       p.author AS post_author, coalesce(p.text_masked, p.text) AS post_text,
       count(f.id) AS later_replies,
       count(f.id) FILTER (WHERE l.sentiment = '负面') AS later_negative,
       i.created_by, i.updated_by, i.updated_at
FROM interactions i
LEFT JOIN posts p ON p.id = i.post_id
LEFT JOIN posts f ON p.external_id IS NOT NULL AND f.parent_external_id = p.external_id
    AND f.platform = p.platform AND f.published_at > i.replied_at
LEFT JOIN post_labels l ON l.post_id = f.id
WHERE i.incident_id = $incident_id
GROUP BY i.id, i.replied_at, i.platform, i.responder, i.reply, i.outcome, i.outcome_note, i.post_id,
         p.author, coalesce(p.text_masked, p.text), i.created_by, i.updated_by, i.updated_at
ORDER BY i.replied_at DESC, i.id DESC;
