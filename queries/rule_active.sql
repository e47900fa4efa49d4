-- Active monitor rules that apply to $scope ('upload' or 'scrape'; NULL = every active rule).
SELECT id, name, expression, scope, sensitivity
FROM monitor_rules
WHERE active
  AND ($scope::VARCHAR IS NULL OR scope = 'all' OR scope = $scope::VARCHAR)
ORDER BY id;
