-- Whether a person placed any post in an incident (a rebuild then reads every cycle's clusters from the store).
SELECT EXISTS (SELECT 1 FROM incident_posts WHERE added_by <> 'model') AS placed;
