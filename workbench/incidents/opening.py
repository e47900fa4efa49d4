"""Opening incidents: the one way an incident comes into being (the clusterer, a split, the demo).

``open_incidents`` writes the incidents, their posts and their first titles inside the caller's
transaction. ``opened_at`` is the moment of detection (the cycle's ``now``), never a post's time;
``first_post_at`` follows from the posts.
"""
from __future__ import annotations

from datetime import datetime

import duckdb
import pandas as pd

from .. import vocab
from ..pii import mask_pii
from . import membership, titles
from .times import local_time

# Set by opening itself, never by the caller.
RESERVED = {"id", "status", "opened_at", "first_post_at", "title", "merged_into", "title_source"}


def open_incidents(cur: duckdb.DuckDBPyConnection, incidents: pd.DataFrame, members: pd.DataFrame, *,
                   opened_at: datetime | None = None, added_by: str = "model",
                   title_by: str = titles.MODEL) -> list[int]:
    """Create one incident per row of ``incidents`` and place its posts; return the new ids in row order.

    ``incidents``: ``key`` (any caller's key, e.g. a candidate cluster) and ``title``, optionally
    any other column of the ``incidents`` table (category, employer, owner, …; not the RESERVED ones,
    which opening sets). ``members``: ``key`` and ``post_id``. Every new incident starts 待研判, opened
    at ``opened_at`` (detection: the cycle's now). ``added_by`` marks who placed the posts ('model'
    or a person), ``title_by`` who gave the title.
    """
    if incidents is None or not len(incidents):
        return []
    at = local_time(opened_at).to_pydatetime()
    table_columns = {r[0] for r in cur.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'incidents'").fetchall()}
    extra = [c for c in incidents.columns if c in table_columns and c not in RESERVED]
    refused = [c for c in incidents.columns if c not in extra and c not in ("key", "title")]
    if refused:
        raise ValueError(f"新事件不能设置这些字段：{', '.join(map(str, refused))}")
    frame = incidents.reset_index(drop=True).copy()
    frame["title"] = [titles.clean(t) or "未命名事件" for t in frame["title"]]
    if "summary" in frame:  # a summary drawn from posts (a split, the demo) carries their personal data
        frame["summary"] = [mask_pii(t) if isinstance(t, str) else t for t in frame["summary"]]
    ids = [int(r[0]) for r in cur.execute("SELECT nextval('seq_incidents') FROM range(?)", [len(frame)]).fetchall()]
    frame["id"] = ids
    if "title_source" in table_columns:
        frame["title_source"] = titles.MODEL if title_by == titles.MODEL else titles.PERSON
        extra.append("title_source")
    cur.register("_opened", frame[["id", "title", *extra]])
    # column names are checked against the incidents table above; values come from the frame
    cols = ", ".join(["id", "title", *extra])
    cur.execute(f"INSERT INTO incidents ({cols}, status, opened_at) SELECT {cols}, ?, ? FROM _opened",
                [vocab.STATUSES[0], at])
    cur.unregister("_opened")
    key_to_id = dict(zip(frame["key"], frame["id"]))
    placed = members[members["key"].isin(key_to_id)]
    membership.add_posts(cur, pd.DataFrame({"incident_id": placed["key"].map(key_to_id).astype("int64"),
                                            "post_id": placed["post_id"].astype("int64")}), added_by=added_by, at=at)
    titles.note(cur, ids, frame["title"].tolist(), actor=title_by, at=at)
    return ids
