-- Incidents to pick from on the response / tracking / review pages: open ones first, then newest.
SELECT
    i.id,
    i.title,
    i.category,
    i.level,
    i.status,
    i.opened_at,
    i.first_response_at,
    i.owner,
    i.status IN ('待研判', '已定级', '处置中', '跟踪中') AS is_open
FROM incidents i
ORDER BY is_open DESC, i.opened_at DESC, i.id DESC;
