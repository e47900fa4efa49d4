-- Failed sign-ins of $name since $since that no later success or unlock cancelled: how many, and the last one's time.
SELECT count(*) AS failures, max("at") AS last_failure
FROM login_attempts
WHERE name = $name AND outcome = 'bad_password' AND "at" >= $since
  AND "at" > coalesce((SELECT max("at") FROM login_attempts WHERE name = $name AND outcome IN ('ok', 'unlock')),
                      TIMESTAMPTZ '2000-01-01 00:00:00+00')
