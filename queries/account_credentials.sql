-- One account's role, password hash and state, for signing in ($name).
SELECT name, role, password_hash, disabled FROM users WHERE name = $name
