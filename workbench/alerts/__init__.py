"""Alerts: rules that watch the stream, their evidence, acknowledgement and delivery.

One alert thread per incident: the triggers of one cycle about one incident are one alert (a
change of its thread); the first carries the evidence, later ones are pushed only on escalation.

    engine.evaluate(con, now=None) -> list[int]            # new alert ids (spike, negative share,
                                                          #  Ⅰ/Ⅱ incident or level up, overdue clock)
    threads.plan(con, triggers) -> list[Change]           # triggers → thread changes (push or update)
    store.list_threads(con, filters) / store.thread_history(con, thread_id) -> DataFrame
    engine.spike_decision(counts, now_bucket, sensitivity, min_volume) -> Decision
    engine.negative_share_decision(posts, negatives, now_bucket, …) -> ShareDecision
    store.acknowledge(con, alert_id, actor)               # the whole thread (and its incident)
    store.list_alerts(con, filters) -> DataFrame
    delivery.deliver_pending(con, now=None, channels=None) -> dict   # 企业微信 / 钉钉 / 飞书 / webhook / SMTP
    channels.save_channel(con, data, actor, channel_id=None)         # audited, secrets masked
"""
