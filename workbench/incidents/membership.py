"""Which posts belong to which incident (``incident_posts``), and the first post's time that follows.

Every change of membership goes through here, inside the caller's transaction, so that
``incidents.first_post_at`` always matches the posts: the model placing new posts (``add_posts``),
an analyst moving them (``move``), and a post taken out never returning to that incident by the
model (``incident_post_exclusions``).
"""
from __future__ import annotations

from datetime import datetime
from typing import Iterable

import duckdb
import pandas as pd

from .times import local_time


def refresh_first_post(cur: duckdb.DuckDBPyConnection, incident_ids: Iterable[int]) -> None:
    """Set ``first_post_at`` of these incidents to their earliest post's publication time."""
    ids = sorted({int(i) for i in incident_ids})
    if not ids:
        return
    cur.execute(
        "UPDATE incidents SET first_post_at = f.first_at FROM ("
        " SELECT ip.incident_id, min(coalesce(p.published_at, p.collected_at)) AS first_at"
        " FROM incident_posts ip JOIN posts p ON p.id = ip.post_id"
        " WHERE list_contains(?, ip.incident_id) GROUP BY ip.incident_id) f"
        " WHERE incidents.id = f.incident_id",
        [ids],
    )


def add_posts(cur: duckdb.DuckDBPyConnection, members: pd.DataFrame, *, added_by: str = "model",
              at: datetime | None = None) -> int:
    """Place posts in incidents (``members``: incident_id, post_id) inside the caller's transaction.

    A post already in that incident stays as it is; a post a person took out of an incident never
    goes back into it. Returns how many posts were placed.
    """
    if members is None or not len(members):
        return 0
    frame = members[["incident_id", "post_id"]].astype("int64").drop_duplicates()
    when = local_time(at).to_pydatetime()
    before = cur.execute("SELECT count(*) FROM incident_posts").fetchall()[0][0]
    cur.register("_new_members", frame)
    cur.execute(
        "INSERT INTO incident_posts (incident_id, post_id, added_by, added_at) "
        "SELECT m.incident_id, m.post_id, ?, ? FROM _new_members m "
        "ANTI JOIN incident_post_exclusions x ON x.incident_id = m.incident_id AND x.post_id = m.post_id "
        "ON CONFLICT DO NOTHING",
        [added_by, when],
    )
    cur.unregister("_new_members")
    placed = cur.execute("SELECT count(*) FROM incident_posts").fetchall()[0][0] - before
    refresh_first_post(cur, frame["incident_id"].unique().tolist())
    return int(placed)


def members_of(cur: duckdb.DuckDBPyConnection, incident_id: int, post_ids: Iterable[int]) -> list[int]:
    """``post_ids`` (sorted, unique) after checking each is in the incident; ValueError otherwise."""
    ids = sorted({int(p) for p in post_ids})
    if not ids:
        raise ValueError("请至少选择一条帖子")
    found = {r[0] for r in cur.execute(
        "SELECT post_id FROM incident_posts WHERE incident_id = ? AND list_contains(?, post_id)", [incident_id, ids]
    ).fetchall()}
    missing = [p for p in ids if p not in found]
    if missing:
        raise ValueError(f"帖子 {', '.join(map(str, missing))} 不在事件 {incident_id} 中")
    return ids


def all_posts(cur: duckdb.DuckDBPyConnection, incident_id: int) -> list[int]:
    """Every post of the incident."""
    return [r[0] for r in cur.execute("SELECT post_id FROM incident_posts WHERE incident_id = ? ORDER BY post_id",
                                      [incident_id]).fetchall()]


def move(cur: duckdb.DuckDBPyConnection, post_ids: list[int], source: int, target: int | None, actor: str) -> None:
    """Take posts out of ``source`` (never to return by the model) and place them in ``target``
    as ``actor``'s decision (the clusterer never moves a post a person placed)."""
    cur.execute("DELETE FROM incident_posts WHERE incident_id = ? AND list_contains(?, post_id)", [source, post_ids])
    # one statement per table, the ids as a list (a row-by-row executemany took most of a merge's time)
    cur.execute(
        "INSERT INTO incident_post_exclusions (incident_id, post_id, actor) "
        "SELECT DISTINCT ?, unnest(CAST(? AS BIGINT[])), ? ON CONFLICT DO NOTHING",
        [source, post_ids, actor],
    )
    if target is not None:
        cur.execute(
            "INSERT INTO incident_posts (incident_id, post_id, added_by) SELECT DISTINCT ?, unnest(CAST(? AS BIGINT[])), ? "
            "ON CONFLICT DO UPDATE SET added_by = excluded.added_by",
            [target, post_ids, actor],
        )
        cur.execute("DELETE FROM incident_post_exclusions WHERE incident_id = ? AND list_contains(?, post_id)",
                    [target, post_ids])
    # a post that waited in a candidate cluster leaves it (the clusterer never moves a placed post)
    cur.execute("UPDATE incident_post_terms SET candidate = NULL WHERE list_contains(?, post_id)", [post_ids])
    refresh_first_post(cur, [i for i in (source, target) if i is not None])
