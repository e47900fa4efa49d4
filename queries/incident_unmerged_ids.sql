-- Of the incidents $ids, those not merged into another since (a rebuild's later cycle may have merged them).
SELECT id FROM incidents WHERE list_contains($ids, id) AND merged_into IS NULL ORDER BY id;
