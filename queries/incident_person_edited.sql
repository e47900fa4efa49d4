-- Incidents among $ids that a person has shaped (placed or took out posts, renamed, set the tone): the model never
-- merges them.
SELECT DISTINCT i.id AS incident_id
FROM incidents i
WHERE i.id IN (SELECT unnest($ids))  -- (a semi-join: a merge pass passes thousands of ids)
  AND (coalesce(i.title_source, 'model') = 'person'
       OR coalesce(i.polarity_source, 'model') = 'person'
       OR EXISTS (SELECT 1 FROM incident_posts ip WHERE ip.incident_id = i.id AND ip.added_by <> 'model')
       OR EXISTS (SELECT 1 FROM incident_post_exclusions x WHERE x.incident_id = i.id));
