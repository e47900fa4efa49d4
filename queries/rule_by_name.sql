-- The id of the monitor rule named $rule_name, if any (rule names are unique).
SELECT id FROM monitor_rules WHERE name = $rule_name;
