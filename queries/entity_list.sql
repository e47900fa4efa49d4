-- The monitored names with their aliases, employers first.
SELECT id, name, kind, aliases, employer, monitored
FROM entities
ORDER BY kind <> 'employer', name;
