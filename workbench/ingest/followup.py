"""What happens to freshly uploaded posts: tagged by the monitor rules, analysed, then the
incidents cycle (cluster → score → alert → deliver), the same flow a scrape or a monitor cycle
runs, so an uploaded export shows its incidents and alerts at once.

Kept apart from the pipeline so that ingest itself (and its benchmark) stays parse-map-dedup-insert.
"""
from __future__ import annotations

from typing import Any, Callable, Sequence

import duckdb


def process_new_posts(
    con: duckdb.DuckDBPyConnection,
    post_ids: Sequence[int],
    *,
    analyze: bool = True,
    incidents: bool = True,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, Any]:
    """Tag ``post_ids`` with the active upload rules, analyse them and run the incidents cycle;
    returns the counts and, for the page, the incidents opened or grown and the alerts raised
    (lists of rows with Chinese headers)."""
    from .. import db
    from ..incidents import cycle
    from ..monitor import tag_posts
    from ..nlp.store import analyze_posts

    ids = [int(i) for i in post_ids]
    if not ids:
        return {"tagged": 0, "analyzed": 0}
    tagged = tag_posts(con, ids, scope="upload")
    analyzed = analyze_posts(con, ids, progress=progress) if analyze else 0
    out: dict[str, Any] = {"tagged": int(tagged or 0), "analyzed": int(analyzed or 0)}
    if analyze and incidents:
        last_alert = con.execute("SELECT coalesce(max(id), 0) FROM alerts").fetchone()[0]
        result = cycle.run(con)
        out["new_incidents"] = int(result.get("new_incidents", 0))
        out["incidents"] = db.query("ingest_followup_incidents", con, ids=list(result.get("incident_ids", []))).to_dict("records")
        out["alerts"] = db.query("ingest_followup_alerts", con, after=int(last_alert)).to_dict("records")
    return out
