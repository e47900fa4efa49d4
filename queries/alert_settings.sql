-- Alert rule settings (key → value) with who changed them last.
SELECT key, value, updated_by, updated_at
FROM alert_settings
ORDER BY key;
