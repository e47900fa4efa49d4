-- Every overdue clock of the open incidents at $now, in one pass: the clocks run from detection
-- (opened_at) or a person's later level decision (level_set_at), for the configured lengths
-- ($ack_seconds / $response_seconds: seconds per level Ⅰ..Ⅳ) of the level the clocks follow (the
-- effective level, else the computed one, else Ⅳ). $live_hours (NULL: every incident) keeps only
-- incidents that were live when detected, their latest post then at most that many hours before
-- opened_at (or no post at all: opened by a person): an incident found in backfilled history raises no
-- overdue alert for its past, even when posts about it arrive later. Overdue clocks first, then the
-- posts of those incidents only. $skip_keys (NULL: none): clocks ("incident_id:clock") to leave out, the ones
-- the alert engine has alerted before (most of them, each cycle): their posts are then not read.
WITH subject AS (
    SELECT i.id AS incident_id, i.title, i.opened_at, i.acknowledged_at, i.first_response_at,
           CASE WHEN coalesce(nullif(i.level, ''), i.computed_level) IN ('Ⅰ', 'Ⅱ', 'Ⅲ', 'Ⅳ')
                THEN coalesce(nullif(i.level, ''), i.computed_level) ELSE 'Ⅳ' END AS level,
           greatest(i.opened_at, i.level_set_at) AS clock_start
    FROM incidents i
    WHERE i.merged_into IS NULL
      AND list_contains($open_statuses, i.status)
), clock AS (
    SELECT s.*, c.clock, c.clock_name,
           s.clock_start + to_seconds(CAST(c.lengths[array_position(['Ⅰ', 'Ⅱ', 'Ⅲ', 'Ⅳ'], s.level)] AS DOUBLE)) AS due_at,
           CASE c.clock WHEN 'ack' THEN s.acknowledged_at ELSE s.first_response_at END AS done_at
    FROM subject s
    CROSS JOIN (VALUES ('ack', '确认', $ack_seconds), ('response', '首次公开回应', $response_seconds))
        AS c(clock, clock_name, lengths)
), overdue AS (
    SELECT * FROM clock
    WHERE done_at IS NULL AND clock_start IS NOT NULL AND CAST($now AS TIMESTAMPTZ) > due_at
      AND ($skip_keys IS NULL OR CAST(incident_id AS VARCHAR) || ':' || clock NOT IN (
              SELECT k FROM (SELECT unnest(CAST($skip_keys AS VARCHAR[])) AS k) WHERE k IS NOT NULL))
), posted AS (  -- the overdue incidents' posts: when they were published
    SELECT ip.incident_id, coalesce(p.published_at, p.collected_at) AS ts
    FROM incident_posts ip
    JOIN posts p ON p.id = ip.post_id
    WHERE ip.incident_id IN (SELECT incident_id FROM overdue)
), live AS (
    SELECT o.incident_id
    FROM overdue o
    LEFT JOIN posted d ON d.incident_id = o.incident_id
    GROUP BY o.incident_id, o.opened_at
    HAVING count(d.ts) = 0  -- opened by a person
        OR max(d.ts) FILTER (WHERE d.ts <= o.opened_at) >= o.opened_at - to_seconds(CAST($live_hours * 3600 AS BIGINT))
)
SELECT incident_id, title, level,
       ['Ⅰ', 'Ⅰ', 'Ⅱ', 'Ⅲ'][array_position(['Ⅰ', 'Ⅱ', 'Ⅲ', 'Ⅳ'], level)] AS escalated_level,
       clock, clock_name, due_at,
       round((epoch(CAST($now AS TIMESTAMPTZ)) - epoch(due_at)) / 60, 1) AS overdue_minutes
FROM overdue
WHERE $live_hours IS NULL OR incident_id IN (SELECT incident_id FROM live)
ORDER BY incident_id, clock;
