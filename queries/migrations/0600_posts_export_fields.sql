-- What real exports carry beyond the core post: whether a row is a post or a comment, the post a
-- comment sits under, the author's own id (user id, or the creator hash of newer crawler exports),
-- the site or board it was published on, the region shown with it, and a vendor's own sentiment
-- label (kept beside ours for comparison, never used as ours).
ALTER TABLE posts ADD COLUMN IF NOT EXISTS post_kind VARCHAR DEFAULT 'post';    -- post | comment
ALTER TABLE posts ADD COLUMN IF NOT EXISTS root_external_id VARCHAR;            -- comment: its post's external_id
ALTER TABLE posts ADD COLUMN IF NOT EXISTS author_id VARCHAR;
ALTER TABLE posts ADD COLUMN IF NOT EXISTS site VARCHAR;                        -- 来源 / 媒体名称 / 吧名
ALTER TABLE posts ADD COLUMN IF NOT EXISTS region VARCHAR;                      -- IP 属地 / 地区
ALTER TABLE posts ADD COLUMN IF NOT EXISTS vendor_sentiment VARCHAR;            -- the export's own 情感 label
