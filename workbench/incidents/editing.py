"""Analysts' edits of incidents: rename, merge, split, move posts, take posts out — each audited.

Posts an analyst places get ``added_by`` = the analyst; a post taken out of an incident is
recorded in ``incident_post_exclusions``; a merged incident points at its target through
``merged_into``. Clustering respects all three, so these decisions stick. The incidents touched
are rescored right away so heat, severity and level follow the edit.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any, Iterable

import duckdb

from .. import audit, vocab
from ..db import transaction
from . import scoring


def _need_actor(actor: str) -> None:
    if not (actor or "").strip():
        raise ValueError("编辑事件需要操作人")


def _title(title: str, missing: str) -> str:
    """The title with whitespace collapsed; ``missing`` is the error when nothing is left."""
    title = " ".join((title or "").split())
    if not title:
        raise ValueError(missing)
    return title


def _live(cur, incident_id: int) -> dict[str, Any]:
    row = audit.row_dict(cur, "SELECT id, title, category, status, merged_into FROM incidents WHERE id = ?", [incident_id])
    if row is None:
        raise ValueError(f"事件 {incident_id} 不存在")
    if row["merged_into"] is not None:
        raise ValueError(f"事件 {incident_id} 已并入事件 {row['merged_into']}")
    return row


def _members(cur, incident_id: int, post_ids: Iterable[int]) -> list[int]:
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


def _move(cur, post_ids: list[int], source: int, target: int | None, actor: str) -> None:
    """Take posts out of ``source`` (never to return by the model) and place them in ``target``."""
    cur.execute("DELETE FROM incident_posts WHERE incident_id = ? AND list_contains(?, post_id)", [source, post_ids])
    cur.executemany(
        "INSERT INTO incident_post_exclusions (incident_id, post_id, actor) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
        [[source, p, actor] for p in post_ids],
    )
    if target is not None:
        cur.executemany(
            "INSERT INTO incident_posts (incident_id, post_id, added_by) VALUES (?, ?, ?) "
            "ON CONFLICT DO UPDATE SET added_by = excluded.added_by",
            [[target, p, actor] for p in post_ids],
        )
        cur.execute("DELETE FROM incident_post_exclusions WHERE incident_id = ? AND list_contains(?, post_id)",
                    [target, post_ids])
    # a post that waited in a candidate cluster leaves it (the clusterer never moves a placed post)
    cur.execute("UPDATE incident_post_terms SET candidate = NULL WHERE list_contains(?, post_id)", [post_ids])


def rename(con: duckdb.DuckDBPyConnection, incident_id: int, title: str, actor: str) -> None:
    """Give the incident a new title (audited)."""
    _need_actor(actor)
    title = _title(title, "事件名称不能为空")
    with transaction(con) as cur:
        before = _live(cur, incident_id)
        cur.execute("UPDATE incidents SET title = ? WHERE id = ?", [title, incident_id])
        audit.record(cur, actor, "rename", "incidents", incident_id, {"title": before["title"]}, {"title": title})


def move_posts(con: duckdb.DuckDBPyConnection, post_ids: Iterable[int], source_id: int, target_id: int | None,
               actor: str, *, now: datetime | None = None) -> None:
    """Move posts from one incident to another (``target_id`` None: just take them out); audited."""
    _need_actor(actor)
    if target_id is not None and int(target_id) == int(source_id):
        raise ValueError("源事件与目标事件相同")
    with transaction(con) as cur:
        _live(cur, source_id)
        if target_id is not None:
            _live(cur, target_id)
        ids = _members(cur, source_id, post_ids)
        _move(cur, ids, source_id, target_id, actor)
        audit.record(cur, actor, "move_posts" if target_id is not None else "remove_posts", "incidents", source_id,
                     {"incident_id": source_id, "post_ids": ids}, {"incident_id": target_id, "post_ids": ids})
    scoring.rescore(con, [i for i in (source_id, target_id) if i is not None], now=now)


def merge(con: duckdb.DuckDBPyConnection, source_ids: Iterable[int], target_id: int, actor: str,
          *, now: datetime | None = None) -> None:
    """Merge incidents into ``target_id``: their posts move there, they point at it (audited)."""
    _need_actor(actor)
    sources = sorted({int(s) for s in source_ids} - {int(target_id)})
    if not sources:
        raise ValueError("请选择要并入的其他事件")
    with transaction(con) as cur:
        _live(cur, target_id)
        for s in sources:
            before = _live(cur, s)
            posts = [r[0] for r in cur.execute("SELECT post_id FROM incident_posts WHERE incident_id = ?", [s]).fetchall()]
            if posts:
                _move(cur, posts, s, target_id, actor)
            cur.execute("UPDATE incidents SET merged_into = ? WHERE id = ?", [target_id, s])
            audit.record(cur, actor, "merge", "incidents", s, before,
                         {**before, "merged_into": int(target_id), "post_ids": posts})
    scoring.rescore(con, [target_id], now=now)


def split(con: duckdb.DuckDBPyConnection, incident_id: int, post_ids: Iterable[int], title: str, actor: str,
          *, now: datetime | None = None) -> int:
    """Split posts off into a new incident named ``title``; return its id (audited)."""
    _need_actor(actor)
    title = _title(title, "新事件需要名称")
    with transaction(con) as cur:
        src = _live(cur, incident_id)
        ids = _members(cur, incident_id, post_ids)
        opened = cur.execute(
            "SELECT min(coalesce(published_at, collected_at)) FROM posts WHERE list_contains(?, id)", [ids]
        ).fetchone()[0]
        new_id = cur.execute(
            "INSERT INTO incidents (title, category, employer, status, opened_at) "
            "SELECT ?, category, employer, ?, ? FROM incidents WHERE id = ? RETURNING id",
            [title, vocab.STATUSES[0], opened, incident_id],
        ).fetchone()[0]
        _move(cur, ids, incident_id, new_id, actor)
        audit.record(cur, actor, "split", "incidents", incident_id, {"incident_id": incident_id, "title": src["title"]},
                     {"new_incident_id": int(new_id), "title": title, "post_ids": ids})
    scoring.rescore(con, [incident_id, new_id], now=now)
    return int(new_id)
