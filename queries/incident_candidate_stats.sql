-- What decides whether candidate clusters become incidents: size, threads, stance, gravity, reach (of any
-- post, of those that tell of trouble: displeased or graver than mild, and of the complaints about work:
-- displeased and not in the $not_work categories), rule matches. min_told_risk: the gravest content risk of
-- the posts whose grade tells of trouble — negative, graded 1, or with a $lexicon term (risk lexicon) in
-- the evidence; a neutral or glad post graded 2–3 on its wording alone (a news flash, a notice) tells of none.
-- min_lexicon_risk: the same without the negative ones graded 2–3 on their wording alone (grumbles), and
-- n_grumble_threads: how many such grumbles start a thread (one writer's mood until another thread tells it),
-- max_grumble_hotness: the reach of the farthest-reaching one about work (not in $not_work).
-- n_positive: the glad posts about work (not in $not_work), or replying to / reposting a post (「这才是最好的
-- 故事」 under a rescue praises the story it answers): a post of its own glad about nothing at work (a diner's
-- night out at a brewery's street) names the employer and praises it, but not as a workplace.
-- A thread starts at a member that replies to / reposts none of the candidate's other members.
WITH members AS MATERIALIZED (
    SELECT candidate, post_id FROM incident_post_terms WHERE candidate IN (SELECT unnest($candidates))
), labels AS (  -- the members' labels only: the view over the whole store cost most of the time;
                -- backed: a $lexicon term in the evidence (read by four figures below)
    SELECT *, list_has_any(list_transform(risk_terms, lambda x: lower(x)), $lexicon) AS backed
    FROM post_labels WHERE post_id IN (SELECT post_id FROM members)
), linked AS MATERIALIZED (
    SELECT t.candidate, t.post_id, p.external_id, p.parent_external_id FROM members t JOIN posts p ON p.id = t.post_id
), starters AS (  -- (a post with no parent matches nothing here, and starts a thread)
    SELECT a.candidate, a.post_id
    FROM linked a ANTI JOIN linked b ON b.candidate = a.candidate AND b.external_id = a.parent_external_id
), threads AS (
    SELECT candidate, count(*) AS n_threads FROM starters GROUP BY candidate
)
SELECT t.candidate,
       count(*)                                                 AS n_posts,
       any_value(coalesce(h.n_threads, 0))                      AS n_threads,
       count(*) FILTER (WHERE l.sentiment = '负面')             AS n_negative,
       count(*) FILTER (WHERE l.sentiment = '正面' AND (p.parent_external_id IS NOT NULL
                                                     OR NOT list_contains($not_work, l.category))) AS n_positive,
       min(l.risk_level)                                        AS min_risk,
       min(l.risk_level) FILTER (WHERE l.sentiment = '负面' OR l.risk_level <= 1
                                 OR l.backed) AS min_told_risk,
       min(l.risk_level) FILTER (WHERE l.risk_level <= 1
                                 OR l.backed) AS min_lexicon_risk,
       count(DISTINCT s.post_id) FILTER (WHERE l.sentiment = '负面' AND l.risk_level BETWEEN 2 AND 3
                                 AND NOT l.backed) AS n_grumble_threads,
       max(p.likes + 5 * p.comments + 10 * p.reposts + 0.1 * p.views)
           FILTER (WHERE l.sentiment = '负面' AND l.risk_level BETWEEN 2 AND 3 AND NOT list_contains($not_work, l.category)
                   AND NOT l.backed) AS max_grumble_hotness,
       max(p.likes + 5 * p.comments + 10 * p.reposts + 0.1 * p.views) AS max_hotness,
       max(p.likes + 5 * p.comments + 10 * p.reposts + 0.1 * p.views) FILTER (WHERE l.sentiment = '负面' OR l.risk_level <= 3) AS max_telling_hotness,
       max(p.likes + 5 * p.comments + 10 * p.reposts + 0.1 * p.views)
           FILTER (WHERE l.sentiment = '负面' AND NOT list_contains($not_work, l.category)) AS max_work_complaint_hotness,
       count(DISTINCT m.post_id)                                AS n_rule_matched,
       min(coalesce(p.published_at, p.collected_at))            AS first_post_at
FROM members t
JOIN posts p ON p.id = t.post_id
LEFT JOIN labels l ON l.post_id = t.post_id
LEFT JOIN post_rule_matches m ON m.post_id = t.post_id
LEFT JOIN threads h ON h.candidate = t.candidate
LEFT JOIN starters s ON s.post_id = t.post_id
GROUP BY t.candidate
ORDER BY t.candidate;
