-- Accounts of the web app (issue 12): local ones with an argon2 hash, OIDC ones without.
CREATE TABLE IF NOT EXISTS users (
    name          VARCHAR PRIMARY KEY,   -- what the audit log records as the actor
    role          VARCHAR NOT NULL CHECK (role IN ('leader', 'analyst', 'admin')),
    password_hash VARCHAR,               -- argon2id; NULL: signs in only through the identity provider
    disabled      BOOLEAN NOT NULL DEFAULT false,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    created_by    VARCHAR
);

-- Every sign-in attempt, kept for the lock-out rule and for the record.
CREATE SEQUENCE IF NOT EXISTS seq_login_attempts START 1;
CREATE TABLE IF NOT EXISTS login_attempts (
    id      BIGINT PRIMARY KEY DEFAULT nextval('seq_login_attempts'),
    name    VARCHAR NOT NULL,
    "at"    TIMESTAMPTZ NOT NULL DEFAULT now(),
    outcome VARCHAR NOT NULL   -- ok | bad_password | locked | disabled | unlock
);
