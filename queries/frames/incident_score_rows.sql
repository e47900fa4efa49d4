-- Score rows ready for incident_scores: the numbers of a scoring run (table incident_score_parts, staged by scoring)
-- with each row's explanation JSON built here, set-based: heat and severity, each with its parts (key, name,
-- points, value, detail) adding up to the total, and the level with the matrix cell that gave it. A part's
-- value differs in type from part to part, so each is JSON already.
SELECT incident_id, "at", volume, heat, severity, negative_share, level, people,
       cum_reposts, cum_comments, cum_likes, cum_views, cum_hotness, cum_hot_t1, cum_hot_t2, cum_hot_t3, cum_hot_t4,
       cum_labeled, cum_negative, cum_risk1, cum_risk2, cum_risk3, cum_risk4, best_tier,
       to_json({
           'heat': {'total': heat, 'parts': [
               {'key': 'volume', 'name': '声量（BCI 发帖项）', 'points': round(x_vol_pts, 2), 'value': to_json(volume),
                'detail': printf('%d 条帖子：0.2·ln(帖数+1)×160 = %.0f，按参照值 %.0f 折算', volume, x_vol_raw, $bci_reference)},
               {'key': 'engagement', 'name': '互动（BCI 转评赞项）', 'points': round(x_eng_pts, 2),
                'value': to_json({'reposts': CAST(cum_reposts AS BIGINT), 'comments': CAST(cum_comments AS BIGINT),
                                  'likes': CAST(cum_likes AS BIGINT)}),
                'detail': printf('转发 %d、评论 %d、点赞 %d：0.8·(0.4·ln转+0.4·ln评+0.2·ln赞)×160 = %.0f',
                                 CAST(cum_reposts AS BIGINT), CAST(cum_comments AS BIGINT), CAST(cum_likes AS BIGINT),
                                 x_eng_raw)},
               {'key': 'velocity', 'name': '增速', 'points': round(x_vel_pts, 2), 'value': to_json(round(x_rate, 2)),
                'detail': printf('近 %d 小时每小时 %.1f 条（满分参照 %.0f 条/小时）', $velocity_hours, x_rate, $velocity_reference)},
               {'key': 'tier', 'name': '信源层级', 'points': round(x_tier_pts, 2),
                'value': to_json({'best_tier': CASE WHEN x_tier_name IS NOT NULL THEN CAST(best_tier AS BIGINT) END,
                                  'hotness': round(x_hotness, 1)}),
                'detail': coalesce('最高信源：' || x_tier_name, '无帖子')
                          || printf('；按单帖热度（赞+5·评+10·转+0.1·阅）加权的层级权重 %.2f', x_mean_w)}]},
           'severity': {'total': severity, 'parts': [
               {'key': 'risk', 'name': '内容风险', 'points': round(x_risk_pts, 2),
                'value': to_json({'worst': CASE WHEN x_worst > 0 THEN CAST(x_worst AS BIGINT) END,
                                  'counts': [CAST(x_risk1 AS BIGINT), CAST(x_risk2 AS BIGINT),
                                             CAST(x_risk3 AS BIGINT), CAST(x_risk4 AS BIGINT)]}),
                'detail': CASE WHEN x_worst > 0
                               THEN printf('最高风险 %d 级；1–4 级帖数 %d/%d/%d/%d', CAST(x_worst AS BIGINT),
                                           CAST(x_risk1 AS BIGINT), CAST(x_risk2 AS BIGINT),
                                           CAST(x_risk3 AS BIGINT), CAST(x_risk4 AS BIGINT))
                               ELSE '尚无风险标注' END},
               {'key': 'category', 'name': '类别敏感度', 'points': round(x_cat_pts, 2), 'value': to_json(x_category),
                'detail': printf('%s：敏感度 %.1f', x_category, x_sens)},
               {'key': 'negative', 'name': '负面占比', 'points': round(x_neg_pts, 2),
                'value': to_json(CASE WHEN x_labeled > 0 THEN round(negative_share, 4) END),
                'detail': CASE WHEN x_labeled > 0
                               THEN printf('负面 %d/%d 条已标注帖子', CAST(x_negative AS BIGINT), CAST(x_labeled AS BIGINT))
                               ELSE '尚无情感标注' END},
               {'key': 'people', 'name': '涉及人数', 'points': round(x_ppl_pts, 2), 'value': to_json(people),
                'detail': CASE WHEN people > 0 THEN printf('帖子提到约 %d 人', people) ELSE '帖子未提到涉及人数' END}]},
           'level': {'level': level, 'heat_band': CAST(x_heat_band AS BIGINT), 'severity_band': CAST(x_severity_band AS BIGINT),
                     'rule': printf('热度%s（%.1f）× 严重度%s（%.1f）→ %s', x_heat_band_name, x_heat,
                                    x_severity_band_name, x_severity, x_level_name)}
       }) AS explanation
FROM incident_score_parts;
