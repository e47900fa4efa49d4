-- Alerting: rule settings (key/value, editable on 预警汇报), delivery channels, and what the
-- spike engine needs to suppress duplicates and retry deliveries with backoff.

CREATE TABLE IF NOT EXISTS alert_settings (
    key         VARCHAR PRIMARY KEY,
    value       VARCHAR NOT NULL,
    updated_by  VARCHAR,
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
-- DESIGN §4 defaults; k per sensitivity lives in code (1.5 / 2 / 3), the rest is tunable here.
INSERT INTO alert_settings (key, value) VALUES
    ('min_volume', '5'),                 -- a spike needs at least this many posts in its hour
    ('baseline_days', '7'),              -- hourly baseline length
    ('lookback_hours', '24'),            -- each evaluation re-checks the buckets of this window
    ('suppression_hours', '6'),          -- one spike gives one alert per rule + scope
    ('category_sensitivity', 'medium'),  -- per-category spikes (monitor rules carry their own)
    ('incident_sensitivity', 'medium'),  -- per-incident spikes
    ('negative_share', '0.4'),           -- second trigger: negative share over 2 h …
    ('negative_min_posts', '10'),        -- … on at least this many posts …
    ('negative_margin', '0.1'),          -- … and this far above the 7-day share (rising, not chronic)
    ('quiet_start', ''),                 -- quiet hours HH:MM–HH:MM (Asia/Shanghai); empty = none
    ('quiet_end', ''),
    ('quiet_bypass_level', 'Ⅰ'),         -- alerts at or above this level are pushed even in quiet hours
    ('max_attempts', '5'),               -- delivery retries before status 'failed'
    ('backoff_seconds', '60'),           -- retry n waits backoff · 2^(n-1), capped at one hour
    ('delivery_max_age_hours', '24')     -- older alerts are not pushed to a newly added channel
ON CONFLICT DO NOTHING;

CREATE SEQUENCE IF NOT EXISTS seq_alert_channels START 1;
CREATE TABLE IF NOT EXISTS alert_channels (
    id             INTEGER PRIMARY KEY DEFAULT nextval('seq_alert_channels'),
    name           VARCHAR NOT NULL UNIQUE,
    kind           VARCHAR NOT NULL,      -- wecom | dingtalk | feishu | webhook | email
    url            VARCHAR,               -- webhook address (robot kinds and generic JSON)
    secret         VARCHAR,               -- 钉钉 / 飞书 signing secret, or a webhook bearer token
    smtp_host      VARCHAR,
    smtp_port      INTEGER,
    smtp_security  VARCHAR NOT NULL DEFAULT 'none',   -- none | starttls | ssl
    smtp_user      VARCHAR,
    smtp_password  VARCHAR,
    mail_from      VARCHAR,
    mail_to        VARCHAR,               -- comma-separated recipients
    min_level      VARCHAR NOT NULL DEFAULT 'Ⅳ',      -- push alerts of this level or graver
    active         BOOLEAN NOT NULL DEFAULT TRUE,
    created_by     VARCHAR,
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at     TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Which rule and scope an alert belongs to (suppression) and which hour it is about.
ALTER TABLE alerts ADD COLUMN IF NOT EXISTS scope_kind VARCHAR;   -- rule | category | incident
ALTER TABLE alerts ADD COLUMN IF NOT EXISTS scope_key VARCHAR;    -- rule id, category name, incident id
ALTER TABLE alerts ADD COLUMN IF NOT EXISTS scope_label VARCHAR;  -- what a reader sees
ALTER TABLE alerts ADD COLUMN IF NOT EXISTS bucket_at TIMESTAMPTZ; -- the hour (or moment) it is about

ALTER TABLE alert_deliveries ADD COLUMN IF NOT EXISTS next_attempt_at TIMESTAMPTZ;
ALTER TABLE alert_deliveries ADD COLUMN IF NOT EXISTS last_attempt_at TIMESTAMPTZ;
ALTER TABLE alert_deliveries ADD COLUMN IF NOT EXISTS sent_at TIMESTAMPTZ;
ALTER TABLE alert_deliveries ADD COLUMN IF NOT EXISTS created_at TIMESTAMPTZ;
