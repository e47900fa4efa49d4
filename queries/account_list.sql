-- Every account: name, role, whether it is disabled or signs in only through the identity provider, its last sign-in.
SELECT u.name, u.role, u.disabled, u.password_hash IS NULL AS oidc_only, u.created_at, u.created_by,
       (SELECT max(a."at") FROM login_attempts a WHERE a.name = u.name AND a.outcome = 'ok') AS last_login
FROM users u
ORDER BY u.name
