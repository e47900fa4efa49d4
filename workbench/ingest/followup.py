"""What happens to freshly uploaded posts: tagged by the monitor rules, then analysed.

Kept apart from the pipeline so that ingest itself (and its benchmark) stays parse-map-dedup-insert.
"""
from __future__ import annotations

from typing import Callable, Sequence

import duckdb


def process_new_posts(
    con: duckdb.DuckDBPyConnection,
    post_ids: Sequence[int],
    *,
    analyze: bool = True,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, int]:
    """Tag ``post_ids`` with the active upload rules and analyse them; returns the counts."""
    from ..monitor import tag_posts
    from ..nlp.store import analyze_posts

    ids = [int(i) for i in post_ids]
    if not ids:
        return {"tagged": 0, "analyzed": 0}
    tagged = tag_posts(con, ids, scope="upload")
    analyzed = analyze_posts(con, ids, progress=progress) if analyze else 0
    return {"tagged": int(tagged or 0), "analyzed": int(analyzed or 0)}
