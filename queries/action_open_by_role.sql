-- Open actions of one incident that follow a role's holder (owner_from_role), for handing them on.
SELECT id
FROM actions
WHERE incident_id = $incident_id AND role = $role AND owner_from_role
  AND status NOT IN ('已完成', '已取消')
ORDER BY id;
