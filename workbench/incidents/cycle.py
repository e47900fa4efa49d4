"""One monitoring cycle of the incidents area: cluster, score, level, then alert and deliver."""
from __future__ import annotations

import time
from datetime import datetime
from typing import Any

import duckdb

from .. import collector
from . import clustering, scoring
from .times import local_time


def run(con: duckdb.DuckDBPyConnection, *, now: datetime | None = None, cluster: bool = True) -> dict[str, Any]:
    """Cluster unseen posts (when ``cluster``), rescore open incidents, then evaluate and deliver alerts.

    New and never-scored incidents get their whole hourly history; incidents that gained posts are
    rewritten from the hour of their earliest new post; the other open ones get the hours since their
    last score. Returns counts of each step (posts_seen, joined, candidates, new_incidents, scored,
    alerts, deliveries) and the seconds each step took (seconds).
    """
    # scoring and alerting make many short-lived frames and records too: the cyclic collector's
    # passes over every object of the process cost a few per cent of a busy cycle (``collector``)
    with collector.paused():
        return _run(con, now=now, cluster=cluster)


def _run(con: duckdb.DuckDBPyConnection, *, now: datetime | None, cluster: bool) -> dict[str, Any]:
    now_ts = local_time(now)
    out: dict[str, Any] = {"posts_seen": 0, "joined": 0, "new_incidents": 0, "incident_ids": []}
    seconds: dict[str, float] = {}
    step = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal step
        seconds[name] = round(time.perf_counter() - step, 2)
        step = time.perf_counter()

    changed: dict[int, Any] = {}
    if cluster:
        res = clustering.cluster(con, now=now_ts)
        changed = res.pop("changed_since")
        out.update(res)  # incident_ids: the incidents opened, grown or merged into by this run
        lap("cluster")
    out["scored"] = scoring.refresh(con, changed, now=now_ts)
    lap("score")

    from ..alerts import delivery, engine  # written by the alerts area; imported late on purpose

    out["alerts"] = len(engine.evaluate(con, now=now_ts.to_pydatetime()))
    lap("alerts")
    delivered = delivery.deliver_pending(con, now=now_ts.to_pydatetime())
    out["deliveries"] = delivered if isinstance(delivered, (int, dict)) else len(delivered or [])
    lap("deliver")
    out["seconds"] = seconds  # where the cycle's time went, for the monitor's note and the benchmark
    return out
