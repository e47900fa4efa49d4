-- Employer and stance the model now reads in incidents' posts (view incident_retitles: id, employer, polarity):
-- written only where they change; a tone a person set (polarity_source 'person') stays.
UPDATE incidents
SET employer = r.employer,
    polarity = CASE WHEN incidents.polarity_source = 'person' THEN incidents.polarity ELSE r.polarity END
FROM incident_retitles r
WHERE incidents.id = r.id
  AND (incidents.employer IS DISTINCT FROM r.employer
       OR (incidents.polarity IS DISTINCT FROM r.polarity AND incidents.polarity_source IS DISTINCT FROM 'person'));
