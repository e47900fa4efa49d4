-- Every verification step of one incident's claims (status, evidence, verifier, time), in time order.
SELECT k.checked_at AS "at", k.claim_id, c.text, k.status, k.finding, k.evidence, k.document, k.confirmed_by, k.verified_by
FROM claim_checks k
JOIN claims c ON c.id = k.claim_id
WHERE c.incident_id = $incident_id
ORDER BY k.checked_at, k.id;
