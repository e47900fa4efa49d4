"""An incident's names over time (``incident_titles``): the model's title and every analyst's rename.

The model may retitle an incident as it grows (``retitle``) until a person names it
(``incidents.title_source`` = 'person'); from then on the person's name stays, and the history
keeps every title with who gave it and when.
"""
from __future__ import annotations

from datetime import datetime
from typing import Sequence

import duckdb
import pandas as pd

from .. import db
from ..pii import mask_pii
from .times import local_time

MODEL = "model"
PERSON = "person"


def clean(title: str | None) -> str:
    """The title with whitespace collapsed ('' when nothing is left) and personal data masked:
    a title made from a post's title must not carry its phone number into lists, briefings and pushes."""
    return mask_pii(" ".join((title or "").split()))


def note(cur: duckdb.DuckDBPyConnection, incident_ids: Sequence[int], names: Sequence[str], *,
         actor: str = MODEL, at: datetime | None = None) -> None:
    """Add titles to the history, one per incident (``actor`` 'model', else the person who named them)."""
    frame = pd.DataFrame({"incident_id": pd.array([int(i) for i in incident_ids], dtype="int64"),
                          "title": list(names)})
    if not len(frame):
        return
    cur.register("_titles", frame)
    cur.execute(
        "INSERT INTO incident_titles (incident_id, title, source, actor, \"at\") "
        "SELECT incident_id, title, ?, ?, ? FROM _titles",
        [MODEL if actor == MODEL else PERSON, actor, local_time(at).to_pydatetime()],
    )
    cur.unregister("_titles")


def named_by_person(cur: duckdb.DuckDBPyConnection, incident_id: int) -> bool:
    """Whether a person has named the incident (the model then leaves its title alone)."""
    row = cur.execute("SELECT title_source FROM incidents WHERE id = ?", [int(incident_id)]).fetchone()
    return row is not None and row[0] == PERSON


def retitle(cur: duckdb.DuckDBPyConnection, incident_id: int, title: str, at: datetime | None = None) -> bool:
    """The model's better title for an incident, inside the caller's transaction; False (nothing
    written) when a person named it, or the title is empty or unchanged."""
    return bool(retitle_many(cur, [incident_id], [title], at))


def retitle_many(cur: duckdb.DuckDBPyConnection, incident_ids: Sequence[int], names: Sequence[str],
                 at: datetime | None = None) -> list[int]:
    """``retitle`` for many incidents in two statements (one update and one history insert, where a
    cycle that grew a few hundred incidents spent seconds on a few statements each); returns the ids retitled."""
    frame = pd.DataFrame({"id": pd.array([int(i) for i in incident_ids], dtype="int64"),
                          "title": [clean(t) for t in names]})
    if not len(frame):
        return []
    cur.register("incident_new_titles", frame)
    try:
        done = cur.execute(db.sql_text("frames/incident_retitle_titles")).fetchall()
    finally:
        cur.unregister("incident_new_titles")
    done.sort()
    note(cur, [i for i, _ in done], [t for _, t in done], at=at)
    return [int(i) for i, _ in done]


def history(con: duckdb.DuckDBPyConnection, incident_id: int) -> pd.DataFrame:
    """Every title the incident had, oldest first: title, source (model | person), actor, at."""
    return db.query("incident_title_history", con, incident_id=int(incident_id))
