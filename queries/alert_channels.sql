-- Delivery channels with their settings (secrets included: for the delivery code, masked before display).
SELECT id, name, kind, url, secret, smtp_host, smtp_port, smtp_security, smtp_user, smtp_password,
       mail_from, mail_to, min_level, active, created_by, created_at, updated_at
FROM alert_channels
ORDER BY name;
