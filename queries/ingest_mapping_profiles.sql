-- Saved column-mapping profiles, newest first.
SELECT id, name, signature, headers, mapping, platform, created_by, updated_at
FROM mapping_profiles
ORDER BY updated_at DESC, id DESC
