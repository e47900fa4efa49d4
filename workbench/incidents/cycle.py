"""One monitoring cycle of the incidents area: cluster, score, level, then alert and deliver."""
from __future__ import annotations

from datetime import datetime
from typing import Any

import duckdb

from . import clustering, scoring
from .times import local_time


def run(con: duckdb.DuckDBPyConnection, *, now: datetime | None = None, cluster: bool = True) -> dict[str, Any]:
    """Cluster unseen posts (when ``cluster``), rescore open incidents, then evaluate and deliver alerts.

    New and never-scored incidents get their whole hourly history; incidents that gained posts are
    rewritten from the hour of their earliest new post; the other open ones get the hours since their
    last score. Returns counts of each step (posts_seen, joined, candidates, new_incidents, scored,
    alerts, deliveries).
    """
    now_ts = local_time(now)
    out: dict[str, Any] = {"posts_seen": 0, "joined": 0, "new_incidents": 0, "incident_ids": []}
    changed: dict[int, Any] = {}
    if cluster:
        res = clustering.cluster(con, now=now_ts)
        changed = res.pop("changed_since")
        out.update(res)  # incident_ids: the incidents opened, grown or merged into by this run
    out["scored"] = scoring.refresh(con, changed, now=now_ts)

    from ..alerts import delivery, engine  # written by the alerts area; imported late on purpose

    out["alerts"] = len(engine.evaluate(con, now=now_ts.to_pydatetime()))
    delivered = delivery.deliver_pending(con, now=now_ts.to_pydatetime())
    out["deliveries"] = delivered if isinstance(delivered, (int, dict)) else len(delivered or [])
    return out
