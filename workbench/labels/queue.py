"""Reading the review queue and a post's explanation (the notebook API of 分类复核)."""
from __future__ import annotations

from datetime import datetime
from typing import Any

import duckdb
import pandas as pd

from .. import db

DEFAULT_LIMIT = 200


def review_queue(
    con: duckdb.DuckDBPyConnection,
    *,
    start: datetime | None = None,
    end: datetime | None = None,
    platform: str | None = None,
    source: str | None = None,
    category: str | None = None,
    sentiment: str | None = None,
    min_confidence: float | None = None,
    max_confidence: float | None = None,
    only_unreviewed: bool = False,
    limit: int = DEFAULT_LIMIT,
    incident_id: int | None = None,
    q: str | None = None,
) -> pd.DataFrame:
    """Analysed posts with their effective labels, unreviewed and most uncertain first.

    ``uncertainty`` = 0.6 × (1 − category_confidence) + 0.4 × (1 − |sentiment_score|); both
    parts are columns, so the order explains itself. Filters left None are not applied; ``incident_id``
    keeps the posts of one incident (and of incidents merged into it), ``q`` those whose masked text
    or title contains it.
    """
    return db.query("review_queue", con, **queue_params(
        start=start, end=end, platform=platform, source=source, category=category, sentiment=sentiment,
        min_confidence=min_confidence, max_confidence=max_confidence, only_unreviewed=only_unreviewed, limit=limit,
        incident_id=incident_id, q=q,
    ))


def queue_params(**filters: Any) -> dict[str, Any]:
    """The review_queue query's parameters with defaults filled in (pages pass these to ui.query)."""
    params: dict[str, Any] = {
        "start": None, "end": None, "platform": None, "source": None, "category": None, "sentiment": None,
        "min_confidence": None, "max_confidence": None, "only_unreviewed": False, "limit": DEFAULT_LIMIT,
        "incident_id": None, "q": None,
    }
    params.update({k: v for k, v in filters.items() if k in params})
    params["only_unreviewed"] = bool(params["only_unreviewed"])
    params["limit"] = int(params["limit"])
    params["incident_id"] = None if params["incident_id"] is None else int(params["incident_id"])
    params["q"] = (params["q"] or "").strip() or None
    return params


def review_queue_sources(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Platforms and sources with analysed posts (filter choices)."""
    return db.query("review_queue_sources", con)


def explain(con: duckdb.DuckDBPyConnection, post_id: int) -> dict[str, Any] | None:
    """One post's labels with what decided them, or None when it has no such post."""
    df = db.query("label_explanation", con, post_id=int(post_id))
    if df.empty:
        return None
    row: dict[str, Any] = {}
    for key, value in df.iloc[0].to_dict().items():
        if key in ("category_terms", "risk_terms", "keywords"):
            row[key] = [] if value is None or (not hasattr(value, "__len__") and pd.isna(value)) else list(value)
        else:
            row[key] = None if not hasattr(value, "__len__") and pd.isna(value) else value
    return row


def label_history(con: duckdb.DuckDBPyConnection, post_id: int) -> pd.DataFrame:
    """Every review of the post's labels, newest first."""
    return db.query("label_history", con, post_id=int(post_id))
