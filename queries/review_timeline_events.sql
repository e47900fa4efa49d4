-- Everything that happened to one incident, in time order: status steps, alerts, plans, statements, actions.
WITH i AS (SELECT * FROM incidents WHERE id = $incident_id)
SELECT * FROM (
    SELECT first_post_at AS "at", '事件' AS kind, '首帖发布' AS event FROM i WHERE first_post_at IS NOT NULL
    UNION ALL SELECT opened_at, '事件', '发现并立案（待研判）' FROM i
    UNION ALL SELECT graded_at, '事件', '完成定级：' || coalesce(level, '') || '级' FROM i WHERE graded_at IS NOT NULL
    UNION ALL SELECT acknowledged_at, '事件', '确认接报' FROM i WHERE acknowledged_at IS NOT NULL
    UNION ALL SELECT handling_at, '事件', '进入处置' FROM i WHERE handling_at IS NOT NULL
    UNION ALL SELECT first_response_at, '事件', '首次公开回应' FROM i WHERE first_response_at IS NOT NULL
    UNION ALL SELECT tracking_at, '事件', '进入跟踪' FROM i WHERE tracking_at IS NOT NULL
    UNION ALL SELECT resolved_at, '事件', '处置完毕' FROM i WHERE resolved_at IS NOT NULL
    UNION ALL SELECT closed_at, '事件', '关闭事件' FROM i WHERE closed_at IS NOT NULL
    UNION ALL SELECT reviewed_at, '事件', '完成复盘' FROM i WHERE reviewed_at IS NOT NULL
    UNION ALL SELECT created_at, '预警', message FROM alerts WHERE incident_id = $incident_id
    UNION ALL SELECT created_at, '方案', '制定方案：' || title || '（负责人 ' || coalesce(owner, '未定') || '）'
        FROM plans WHERE incident_id = $incident_id
    UNION ALL SELECT approved_at, '声明', '批准声明（' || channel || '，第 ' || version || ' 版，' || coalesce(approved_by, '') || '）'
        FROM statements WHERE incident_id = $incident_id AND approved_at IS NOT NULL
    UNION ALL SELECT published_at, '声明', '发布声明（' || channel || '）'
        FROM statements WHERE incident_id = $incident_id AND published_at IS NOT NULL
    UNION ALL SELECT done_at, '行动', '完成行动：' || title || '（' || coalesce(owner, '') || '）'
        FROM actions WHERE incident_id = $incident_id AND done_at IS NOT NULL
)
WHERE "at" IS NOT NULL
ORDER BY "at", kind;
