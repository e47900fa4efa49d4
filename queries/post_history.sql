-- What happened to one post, in time order: published, collected (batch), analysed, label reviews, put into incidents.
SELECT * FROM (
    SELECT p.published_at AS "at", '发布' AS kind, '在' || p.platform || '发布' AS event, NULL AS actor
        FROM posts p WHERE p.id = $post_id AND p.published_at IS NOT NULL
    UNION ALL SELECT p.collected_at, '采集',
            CASE b.kind WHEN 'upload' THEN '上传导入' WHEN 'rss' THEN 'RSS 采集' WHEN 'web' THEN '网页采集'
                        WHEN 'demo' THEN '演示数据' ELSE '采集' END || coalesce('（' || b.origin || '）', ''),
            b.actor
        FROM posts p LEFT JOIN ingest_batches b ON b.id = p.batch_id WHERE p.id = $post_id
    UNION ALL SELECT a.analyzed_at, '分析', '模型分析（版本 ' || coalesce(a.model_version, '随附模型') || '）', NULL
        FROM analyses a WHERE a.post_id = $post_id AND a.analyzed_at IS NOT NULL
    UNION ALL SELECT r.reviewed_at, '人工复核',
            CASE r.field WHEN 'sentiment' THEN '情感' WHEN 'category' THEN '类别' WHEN 'emotion' THEN '情绪'
                         WHEN 'risk_level' THEN '风险等级' ELSE r.field END
            || '：' || coalesce(r.old_value, '（空）') || ' → ' || coalesce(r.new_value, '（空）'), r.reviewer
        FROM label_reviews r WHERE r.post_id = $post_id
    UNION ALL SELECT ip.added_at, '归入事件', '归入事件 #' || ip.incident_id || ' ' || i.title,
            CASE ip.added_by WHEN 'model' THEN '模型' ELSE ip.added_by END
        FROM incident_posts ip JOIN incidents i ON i.id = ip.incident_id WHERE ip.post_id = $post_id
)
WHERE "at" IS NOT NULL
ORDER BY "at", kind;
