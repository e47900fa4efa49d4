-- What the team did on one incident's timeline: status steps, statements published, alerts raised
-- (an alert's label is completed with the rule's Chinese name from ``rule``, see analysis.timeline.event_labels).
SELECT "at", kind, label, rule FROM (
    SELECT unnest([first_post_at, opened_at, acknowledged_at, graded_at, handling_at, first_response_at,
                   tracking_at, resolved_at, closed_at, reviewed_at]) AS "at",
           '处置' AS kind,
           unnest(['首帖发布', '发现立案', '确认接手', '定级', '开始处置', '首次回应', '转入跟踪', '处置完成', '关闭', '复盘']) AS label,
           NULL AS rule
    FROM incidents WHERE id = $incident_id
    UNION ALL
    SELECT published_at, '发布', '发布声明（' || channel || '）', NULL FROM statements
    WHERE incident_id = $incident_id AND published_at IS NOT NULL
    UNION ALL
    SELECT created_at, '预警', coalesce(level || '级预警：', '预警：'), rule FROM alerts
    WHERE incident_id = $incident_id
)
WHERE "at" IS NOT NULL
ORDER BY "at";
