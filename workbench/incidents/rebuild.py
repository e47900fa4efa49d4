"""Clustering a backlog of posts (a store never clustered, a big upload) as the monitor would have.

``clustering.cluster`` places the posts one monitoring cycle brings. Given weeks of posts in one
call it decides differently from the monitor: a candidate becomes an incident only at the end of a
run, so while the posts come in no incident exists to be joined on the incident's rules (an
author's follow-up, a fragment's kin), and the absorb and merge passes run once over the whole
history. On the tuning week S1 one call grouped at B-cubed F1 0.80, the cycle-by-cycle replay 0.91.

``rebuild`` therefore runs the monitor's own clustering once per cycle, every ``EVERY_HOURS`` of
post time from the local midnight of the first unseen post's day up to ``now``: one algorithm, one
set of decision rules (including those that read the store: candidate threads, an incident's
life-long employer, a person's edits), so the grouping is the replay's by construction. Its cost is
the sum of the cycles', so a faster cycle is a faster rebuild. The cycles run back to back in one
process, so the window's clusters are carried from one to the next in memory (``carried``: the same
clusters a cycle would read back from the store) and their centroids kept in the store once, at the end.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

import duckdb
import numpy as np
import pandas as pd

from .. import db
from . import carried, clustering
from .times import local_time

# the replayed cycles' spacing: the replay the grouping is tuned and measured on (``evaluation``). Fewer,
# longer cycles cost less but group worse (B-cubed F1 at 6 / 12 / 24 h: S1 0.904 / 0.894 / 0.889, S2
# 0.918 / 0.903 / 0.877): each cycle's end (promotion, absorbing, merging) is what groups an event early
EVERY_HOURS = 6.0
READ_AHEAD_HOURS = 24.0  # the unseen posts a rebuild reads at once, for the cycles of this many hours


def cycle_times(first: datetime, end: datetime, every_hours: float = EVERY_HOURS) -> list[datetime]:
    """Cycle times every ``every_hours`` from midnight (Asia/Shanghai) of ``first``'s day, the last one at ``end``."""
    at = local_time(first).floor("D")
    end_ts = local_time(end)
    out = []
    while at < end_ts:
        at += pd.Timedelta(hours=every_hours)
        out.append(min(at, end_ts).to_pydatetime())
    return out


def rebuild(con: duckdb.DuckDBPyConnection, *, now: datetime | None = None,
            every_hours: float = EVERY_HOURS) -> dict[str, Any]:
    """Cluster every post published up to ``now`` that the clusterer has not seen, one monitor
    cycle (``clustering.cluster``) per ``every_hours`` of post time; the posts of a store clustered
    before are carried on as its cycles would. Returns ``cluster``'s counts summed over the cycles,
    ``cycles`` (how many ran) and ``changed_since`` (every incident opened or grown: None, score
    its whole history)."""
    now_ts = local_time(now)
    first = db.query("incident_first_unclustered_post", con, until=now_ts.to_pydatetime())["first_at"].iloc[0]
    out: dict[str, Any] = {"posts_seen": 0, "joined": 0, "candidates": 0, "new_incidents": 0, "merged": 0,
                           "cycles": 0, "incident_ids": [], "changed_since": {}}
    if first is None or pd.isna(first):
        return out
    touched: set[int] = set()
    # the unseen posts are read a day ahead and handed to each cycle (one query a cycle cost ~0.25 s at
    # 1M posts): a cycle sees and changes only posts up to its own time, so the posts after it stay
    # unseen, unplaced and labelled as read (the same frame the cycle's own query would return)
    ahead = pd.DataFrame()
    read_until = None
    state = carried.Carried()
    for at in cycle_times(first, now_ts.to_pydatetime(), every_hours):
        if read_until is None or at > read_until:
            read_until = min(pd.Timestamp(at) + pd.Timedelta(hours=READ_AHEAD_HOURS), now_ts).to_pydatetime()
            ahead = clustering.unseen_posts(con, read_until)
        due = (ahead["published"] <= at).to_numpy() if len(ahead) else np.zeros(0, dtype=bool)
        res = clustering.cluster(con, now=at, unseen=ahead[due], carried=state)
        ahead = ahead[~due]
        out["cycles"] += 1
        for key in ("posts_seen", "joined", "candidates", "new_incidents", "merged"):
            out[key] += res.get(key, 0)
        touched.update(res["incident_ids"])
    if state.ready:  # (the carried cycles kept no centroids: the monitor's next cycle reads them back)
        clustering.keep_centroids(con, now=at)
    # an incident a later cycle merged into another is gone: only the survivors are scored
    alive = set(db.query("incident_unmerged_ids", con, ids=sorted(touched))["id"].astype(int)) if touched else set()
    out["incident_ids"] = sorted(alive)
    out["changed_since"] = {i: None for i in out["incident_ids"]}
    return out
