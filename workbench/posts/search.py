"""Post search and the post card: what 帖子检索 shows, callable from a notebook.

``search(con, q="欠薪", sentiment="负面")`` returns the matching posts (masked text, effective
labels, the incident holding each); ``card(con, post_id)`` returns one post with its labels and
what decided them, its incidents and its history.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import duckdb
import pandas as pd

from .. import db
from ..incidents.record import label as incident_label
from ..labels.queue import explain, label_history

DEFAULT_LIMIT = 200
FILTERS = ("start", "end", "q", "author", "platform", "sentiment", "category", "emotion", "risk_level", "incident_id")


def search_params(**filters: Any) -> dict[str, Any]:
    """The post_search query's parameters: every filter left None (or blank) is not applied."""
    params: dict[str, Any] = {k: None for k in FILTERS}
    for k, v in filters.items():
        if k in params:
            params[k] = (v.strip() or None) if isinstance(v, str) else v
    for k in ("risk_level", "incident_id"):
        params[k] = None if params[k] is None else int(params[k])
    params["limit"] = int(filters.get("limit") or DEFAULT_LIMIT)
    return params


def results_view(found: pd.DataFrame) -> pd.DataFrame:
    """The search result as shown: the incident named the one way ('#12 Ⅱ级 标题（处置中）'), '—'
    where a post has no label or incident (never None or nan)."""
    out = found.copy()
    out["incident"] = [incident_label(i, lv, t, s) if pd.notna(i) else "—"
                       for i, lv, t, s in zip(found["incident_id"], found["incident_level"],
                                              found["incident_title"], found["incident_status"])]
    out["risk_level"] = [f"{int(v)} 级" if pd.notna(v) else "—" for v in found["risk_level"]]
    for col in ("author", "sentiment", "category", "emotion"):
        out[col] = out[col].astype(object).where(out[col].notna(), "—")
    return out


def search(con: duckdb.DuckDBPyConnection, **filters: Any) -> pd.DataFrame:
    """Posts matching ``filters`` (see ``FILTERS``; text and author match anywhere, case-insensitive),
    newest first, at most ``limit``."""
    return db.query("post_search", con, **search_params(**filters))


@dataclass(frozen=True)
class PostCard:
    """One post as the search opens it."""

    post: dict[str, Any]          # labels with their sources and evidence (``labels.explain``)
    incidents: pd.DataFrame       # incident_id, title, level, status, added_by, added_at, via_merge
    history: pd.DataFrame         # at, kind, event, actor
    reviews: pd.DataFrame         # the label review history, newest first


def card(con: duckdb.DuckDBPyConnection, post_id: int) -> PostCard | None:
    """The post with its labels, incidents and history; None when there is no such analysed post."""
    info = explain(con, int(post_id))
    if info is None:
        return None
    return PostCard(
        post=info,
        incidents=db.query("post_incidents", con, post_id=int(post_id)),
        history=db.query("post_history", con, post_id=int(post_id)),
        reviews=label_history(con, int(post_id)),
    )
