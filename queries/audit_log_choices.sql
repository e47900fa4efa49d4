-- The actors, actions and entities that occur in the audit log (the audit page's filter choices).
SELECT DISTINCT 'actor' AS kind, actor AS value FROM audit_log
UNION ALL SELECT DISTINCT 'action', action FROM audit_log
UNION ALL SELECT DISTINCT 'entity', entity FROM audit_log
ORDER BY kind, value
