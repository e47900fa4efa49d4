-- Employer and stance the model now reads in incidents' posts (view incident_retitles: id, employer, polarity):
-- written only where they change.
UPDATE incidents SET employer = r.employer, polarity = r.polarity
FROM incident_retitles r
WHERE incidents.id = r.id
  AND (incidents.employer IS DISTINCT FROM r.employer OR incidents.polarity IS DISTINCT FROM r.polarity);
