-- Audit rows, newest first, filtered by $actor, $action, $entity (NULL: any) and time [$start, $end), at most $limit.
SELECT id, "at", actor, action, entity, entity_id, CAST(before AS VARCHAR) AS before, CAST(after AS VARCHAR) AS after
FROM audit_log
WHERE ($actor IS NULL OR actor = $actor)
  AND ($action IS NULL OR action = $action)
  AND ($entity IS NULL OR entity = $entity)
  AND ($start IS NULL OR "at" >= CAST($start AS TIMESTAMPTZ))
  AND ($end IS NULL OR "at" < CAST($end AS TIMESTAMPTZ))
ORDER BY id DESC
LIMIT coalesce(CAST($limit AS BIGINT), 1000)
