-- posts.text_masked holds the masked text only where masking changed it; NULL means "the text
-- itself, nothing to mask" (readers take coalesce(text_masked, text)). Most posts hold no
-- personal data: storing their text twice cost DuckDB about 2 s of compression per million
-- posts at import and a third of the table's size. Rows written before keep their copy (both
-- forms read the same).
ALTER TABLE posts ALTER COLUMN text_masked DROP NOT NULL;
