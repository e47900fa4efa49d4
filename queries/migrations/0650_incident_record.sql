-- The incident as one record (DESIGN §3): when its first post was published (first_post_at) beside
-- when the workbench opened it (opened_at, detection); when a person last set its level (the clocks
-- run again from there); and every title it had, the model's and the analysts'.
ALTER TABLE incidents ADD COLUMN IF NOT EXISTS first_post_at TIMESTAMPTZ;
ALTER TABLE incidents ADD COLUMN IF NOT EXISTS level_set_at TIMESTAMPTZ;

UPDATE incidents SET first_post_at = f.first_at
FROM (
    SELECT ip.incident_id, min(coalesce(p.published_at, p.collected_at)) AS first_at
    FROM incident_posts ip JOIN posts p ON p.id = ip.post_id
    GROUP BY ip.incident_id
) f
WHERE incidents.id = f.incident_id;

-- Clustering used to open an incident at its first post's time. When the model placed the posts
-- later, that moment was the detection: the clocks run from there, not from the post.
UPDATE incidents SET opened_at = d.detected
FROM (
    SELECT incident_id, min(added_at) AS detected
    FROM incident_posts WHERE added_by = 'model'
    GROUP BY incident_id
) d
WHERE incidents.id = d.incident_id
  AND incidents.opened_at <= coalesce(incidents.first_post_at, incidents.opened_at)
  AND d.detected > incidents.opened_at;

UPDATE incidents SET level_set_at = o.last_at
FROM (SELECT incident_id, max("at") AS last_at FROM incident_level_overrides GROUP BY incident_id) o
WHERE incidents.id = o.incident_id;

CREATE SEQUENCE IF NOT EXISTS seq_incident_titles START 1;
CREATE TABLE IF NOT EXISTS incident_titles (
    id          BIGINT PRIMARY KEY DEFAULT nextval('seq_incident_titles'),
    incident_id INTEGER NOT NULL,
    title       VARCHAR NOT NULL,
    source      VARCHAR NOT NULL,            -- model | person
    actor       VARCHAR NOT NULL,            -- 'model' or the person who named it
    "at"        TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- History so far: the first title (before any rename), then every rename from the audit trail.
INSERT INTO incident_titles (incident_id, title, source, actor, "at")
SELECT i.id,
       coalesce((SELECT json_extract_string(a.before, '$.title') FROM audit_log a
                 WHERE a.entity = 'incidents' AND a.action = 'rename' AND a.entity_id = CAST(i.id AS VARCHAR)
                 ORDER BY a.id LIMIT 1), i.title),
       'model', 'model', i.opened_at
FROM incidents i;
INSERT INTO incident_titles (incident_id, title, source, actor, "at")
SELECT CAST(a.entity_id AS INTEGER), json_extract_string(a.after, '$.title'), 'person', a.actor, a."at"
FROM audit_log a
WHERE a.entity = 'incidents' AND a.action = 'rename'
ORDER BY a.id;
