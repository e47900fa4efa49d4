"""Alerts: rules that watch the stream, their evidence, acknowledgement and delivery.

    engine.evaluate(con, now=None) -> list[int]            # new alert ids (spike, negative share,
                                                          #  new Ⅰ/Ⅱ incident, overdue clock)
    engine.spike_decision(counts, now_bucket, sensitivity, min_volume) -> Decision
    engine.negative_share_decision(posts, negatives, now_bucket, …) -> ShareDecision
    store.acknowledge(con, alert_id, actor) / store.list_alerts(con, filters) -> DataFrame
    delivery.deliver_pending(con, now=None, channels=None) -> dict   # 企业微信 / 钉钉 / 飞书 / webhook / SMTP
    channels.save_channel(con, data, actor, channel_id=None)         # audited, secrets masked
"""
