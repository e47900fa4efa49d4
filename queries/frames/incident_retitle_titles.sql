-- The model's new titles (view incident_new_titles: id, title) where they differ and no person named the incident;
-- returns the ids and titles written.
UPDATE incidents SET title = n.title
FROM incident_new_titles n
WHERE incidents.id = n.id
  AND n.title <> ''
  AND incidents.title IS DISTINCT FROM n.title
  AND incidents.title_source IS DISTINCT FROM 'person'
RETURNING incidents.id, incidents.title;
