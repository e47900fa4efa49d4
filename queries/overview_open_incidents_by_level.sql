-- Open incidents counted per level (level NULL: not yet levelled), for the level tiles and table notes.
SELECT level, count(*) AS incidents
FROM incidents
WHERE merged_into IS NULL AND list_contains($open_statuses, status)
GROUP BY level;
