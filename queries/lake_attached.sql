-- The lake this store reads beside its tables (workbench lake attach), if any: the newest attach not detached.
SELECT id, path, attached_by, attached_at
FROM lake_attachments
WHERE detached_at IS NULL
ORDER BY attached_at DESC, id DESC
LIMIT 1;
