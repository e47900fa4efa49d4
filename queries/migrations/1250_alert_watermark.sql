-- What the alert engine has already looked at, so a cycle judges only what changed since: every post
-- with id <= last_post_id and time before last_now was seen by the evaluation at last_now.
CREATE TABLE IF NOT EXISTS alert_watermark (
    id           INTEGER PRIMARY KEY,           -- always 1: one watermark per store
    last_post_id BIGINT NOT NULL,
    last_now     TIMESTAMPTZ NOT NULL,          -- the evaluation's "now" (a replay's clock, not the wall clock)
    evaluated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
