-- Every monitor rule with how many posts it has tagged (the 监测规则 table and the rule editor).
SELECT r.id, r.name, r.expression, r.scope, r.sensitivity, r.active, r.created_at,
       count(m.post_id) AS matched_posts,
       max(m.matched_at) AS last_matched_at
FROM monitor_rules r
LEFT JOIN post_rule_matches m ON m.rule_id = r.id
GROUP BY ALL
ORDER BY r.active DESC, r.name;
