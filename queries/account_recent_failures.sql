-- The times of $name's failed sign-ins since $since that no later success or unlock cancelled, oldest first.
SELECT "at"
FROM login_attempts
WHERE name = $name AND outcome = 'bad_password' AND "at" >= $since
  AND "at" > coalesce((SELECT max("at") FROM login_attempts WHERE name = $name AND outcome IN ('ok', 'unlock')),
                      TIMESTAMPTZ '2000-01-01 00:00:00+00')
ORDER BY "at"
