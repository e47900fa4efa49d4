-- Monitor rules and incidents as alert scopes: key, label, sensitivity (rules) and level (incidents).
SELECT 'rule' AS scope_kind, CAST(id AS VARCHAR) AS scope_key, name AS label,
       sensitivity, CAST(NULL AS VARCHAR) AS level
FROM monitor_rules
UNION ALL
SELECT 'incident', CAST(id AS VARCHAR), title, CAST(NULL AS VARCHAR), level
FROM incidents;
