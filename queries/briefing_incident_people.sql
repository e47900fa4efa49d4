-- Who answers for one incident: its owner, the plans' owners and the role holders (分工).
SELECT 'owner' AS kind, NULL AS role, owner AS person, NULL::TIMESTAMPTZ AS due_at
FROM incidents WHERE id = $incident_id AND owner IS NOT NULL AND trim(owner) <> ''
UNION ALL
SELECT 'plan', title, owner, due_at FROM plans
WHERE incident_id = $incident_id AND status <> '已取消' AND owner IS NOT NULL
UNION ALL
SELECT 'role', role, person, due_at FROM assignments WHERE incident_id = $incident_id
ORDER BY kind, role;
