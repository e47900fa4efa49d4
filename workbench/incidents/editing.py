"""People's edits of an incident's record: rename, owner, 研判结论 (summary), tone, merge, split, move
posts — each audited.

Posts an analyst places get ``added_by`` = the analyst; a post taken out of an incident is
recorded in ``incident_post_exclusions``; a merged incident points at its target through
``merged_into``. Clustering respects all three, so these decisions stick. The incidents touched
are rescored right away so heat, severity and level follow the edit.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any, Iterable

import duckdb
import pandas as pd

from .. import access, audit
from ..db import transaction
from ..pii import mask_pii
from . import clustering, entities, membership, opening, scoring, status, titles, tone
from .times import local_time

SUMMARY_MAX = 2000
# On a merge the target keeps the earliest of these: the event was detected, acknowledged and
# answered as soon as any of its parts was.
EARLIEST_ON_MERGE = ("opened_at", "acknowledged_at", "first_response_at")


def _need_actor(actor: str) -> None:
    if not (actor or "").strip():
        raise ValueError("编辑事件需要操作人")


def _title(title: str, missing: str) -> str:
    """The title with whitespace collapsed; ``missing`` is the error when nothing is left."""
    title = titles.clean(title)
    if not title:
        raise ValueError(missing)
    return title


def _live(cur, incident_id: int) -> dict[str, Any]:
    row = audit.row_dict(cur, "SELECT * FROM incidents WHERE id = ?", [int(incident_id)])
    if row is None:
        raise ValueError(f"事件 {incident_id} 不存在")
    if row["merged_into"] is not None:
        raise ValueError(f"事件 {incident_id} 已并入事件 {row['merged_into']}")
    return row


def _set(con, incident_id: int, column: str, value: Any, action: str, actor: str) -> None:
    """Write one column a person edits (a constant name from this module) with its audit row."""
    access.require(actor, "process")
    _need_actor(actor)
    with transaction(con) as cur:
        before = _live(cur, incident_id)
        cur.execute(f"UPDATE incidents SET {column} = ? WHERE id = ?", [value, int(incident_id)])
        audit.record(cur, actor, action, "incidents", incident_id, {column: before[column]}, {column: value})


def rename(con: duckdb.DuckDBPyConnection, incident_id: int, title: str, actor: str,
           *, now: datetime | None = None) -> None:
    """Give the incident a new title (audited); the history keeps every title, and the model no
    longer retitles it."""
    access.require(actor, "process")
    _need_actor(actor)
    title = _title(title, "事件名称不能为空")
    with transaction(con) as cur:
        before = _live(cur, incident_id)
        cur.execute("UPDATE incidents SET title = ?, title_source = ? WHERE id = ?", [title, titles.PERSON, incident_id])
        titles.note(cur, [incident_id], [title], actor=actor, at=now)
        audit.record(cur, actor, "rename", "incidents", incident_id, {"title": before["title"]}, {"title": title})


def set_owner(con: duckdb.DuckDBPyConnection, incident_id: int, owner: str, actor: str) -> None:
    """Name the person who owns the incident's response (audited)."""
    owner = " ".join((owner or "").split())
    if not owner:
        raise ValueError("请填写事件负责人")
    _set(con, incident_id, "owner", owner, "set_owner", actor)


def set_summary(con: duckdb.DuckDBPyConnection, incident_id: int, text: str, actor: str) -> None:
    """Replace the incident's 研判结论 (``summary``); ValueError on empty or longer than SUMMARY_MAX."""
    text = (text or "").strip()
    if not text:
        raise ValueError("请填写研判结论")
    if len(text) > SUMMARY_MAX:
        raise ValueError(f"研判结论不超过 {SUMMARY_MAX} 字（当前 {len(text)} 字）")
    _set(con, incident_id, "summary", mask_pii(text), "conclude", actor)


def set_tone(con: duckdb.DuckDBPyConnection, incident_id: int, polarity: str | None, reason: str, actor: str,
             *, now: datetime | None = None) -> None:
    """Set the incident's tone by hand, with a reason (audited, kept in ``incident_tone_settings`` beside
    the tone its posts read as then; query ``incident_tone_history``): 正面 is tracked and never alerted
    on, 负面 alerts as usual, and the model no longer re-reads it as posts come. ``polarity`` None hands
    it back to the model, which sets the tone its posts read as now. The posts' reading misses stories
    a person tells at a glance: a rescue whose eyewitnesses' fright reads 负面, a grave event told in
    thanks to its rescuers."""
    access.require(actor, "process")
    _need_actor(actor)
    if polarity is not None and polarity not in tone.TONES:
        raise ValueError(f"事件倾向只能是 {'、'.join(tone.TONES)} 之一")
    reason = mask_pii(" ".join((reason or "").split()))
    if not reason:
        raise ValueError("设定事件倾向必须填写理由")
    read = tone.of_incident(con, incident_id)
    read_as = "负面" if read is None else read.polarity
    at = local_time(now)
    with transaction(con) as cur:
        before = _live(cur, incident_id)
        after = {"polarity": polarity or read_as, "polarity_source": tone.MODEL if polarity is None else tone.PERSON}
        cur.execute("UPDATE incidents SET polarity = ?, polarity_source = ? WHERE id = ?",
                    [after["polarity"], after["polarity_source"], int(incident_id)])
        # its title tells what happened in that tone (a rescue, not a drowning); a person's name stays
        # (``retitle`` keeps a person's tone: it reads the polarity_source just written)
        clustering.retitle(cur, [int(incident_id)], entities.store_matcher(cur), now=at)
        cur.execute("INSERT INTO incident_tone_settings (incident_id, polarity, read_as, reason, actor, \"at\") "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    [int(incident_id), polarity, read_as, reason, actor, at.to_pydatetime()])
        audit.record(cur, actor, "set_tone", "incidents", incident_id,
                     {k: before.get(k) for k in after}, {**after, "reason": reason})


def move_posts(con: duckdb.DuckDBPyConnection, post_ids: Iterable[int], source_id: int, target_id: int | None,
               actor: str, *, now: datetime | None = None) -> None:
    """Move posts from one incident to another (``target_id`` None: just take them out); audited."""
    access.require(actor, "process")
    _need_actor(actor)
    if target_id is not None and int(target_id) == int(source_id):
        raise ValueError("源事件与目标事件相同")
    with transaction(con) as cur:
        _live(cur, source_id)
        if target_id is not None:
            _live(cur, target_id)
        ids = membership.members_of(cur, source_id, post_ids)
        membership.move(cur, ids, source_id, target_id, actor)
        audit.record(cur, actor, "move_posts" if target_id is not None else "remove_posts", "incidents", source_id,
                     {"incident_id": source_id, "post_ids": ids}, {"incident_id": target_id, "post_ids": ids})
    scoring.rescore(con, [i for i in (source_id, target_id) if i is not None], now=now)


def _earliest(*values: Any) -> Any:
    present = [v for v in values if v is not None and not pd.isna(v)]
    return min(present) if present else None


def merge_on(cur: duckdb.DuckDBPyConnection, source_ids: Iterable[int], target_id: int, actor: str) -> list[int]:
    """``merge`` inside the caller's transaction (the clusterer's merge pass calls it with actor
    'model'); returns the incidents merged. No rescoring: the caller rescores the target."""
    access.require(actor, "process")
    _need_actor(actor)
    sources = sorted({int(s) for s in source_ids} - {int(target_id)})
    if not sources:
        raise ValueError("请选择要并入的其他事件")
    target = _live(cur, target_id)
    times = {c: target[c] for c in EARLIEST_ON_MERGE}
    for s in sources:
        before = _live(cur, s)
        posts = membership.all_posts(cur, s)
        if posts:
            membership.move(cur, posts, s, target_id, actor)
        cur.execute("UPDATE incidents SET merged_into = ? WHERE id = ?", [target_id, s])
        times = {c: _earliest(times[c], before[c]) for c in EARLIEST_ON_MERGE}
        audit.record(cur, actor, "merge", "incidents", s, before, {**before, "merged_into": int(target_id), "post_ids": posts})
    # column names are this module's constants; values bound
    cur.execute(f"UPDATE incidents SET {', '.join(f'{c} = ?' for c in EARLIEST_ON_MERGE)} WHERE id = ?",
                [*times.values(), int(target_id)])
    if any(times[c] != target[c] for c in EARLIEST_ON_MERGE):
        audit.record(cur, actor, "merge_times", "incidents", target_id, {c: target[c] for c in EARLIEST_ON_MERGE}, times)
    return sources


def merge(con: duckdb.DuckDBPyConnection, source_ids: Iterable[int], target_id: int, actor: str,
          *, now: datetime | None = None) -> None:
    """Merge incidents into ``target_id``: their posts move there, they point at it, and the target
    keeps the earliest detection, acknowledgement and first response of them all (audited)."""
    with transaction(con) as cur:
        merge_on(cur, source_ids, target_id, actor)
    scoring.rescore(con, [target_id], now=now)


def split(con: duckdb.DuckDBPyConnection, incident_id: int, post_ids: Iterable[int], title: str, actor: str,
          *, now: datetime | None = None) -> int:
    """Split posts off into a new incident named ``title``; return its id (audited).

    The new incident keeps the source's detection time (its posts were found then, so its clocks do
    not start over) and counts as acknowledged by the person who split it, unless the source was
    acknowledged earlier.
    """
    access.require(actor, "process")
    _need_actor(actor)
    title = _title(title, "新事件需要名称")
    at = local_time(now).to_pydatetime()
    with transaction(con) as cur:
        src = _live(cur, incident_id)
        ids = membership.members_of(cur, incident_id, post_ids)
        inherited = {c: [src[c]] for c in ("category", "employer", "polarity") if c in src}
        frame = pd.DataFrame({"key": [0], "title": [title], **inherited})
        (new_id,) = opening.open_incidents(cur, frame, pd.DataFrame({"key": [], "post_id": []}),
                                           opened_at=src["opened_at"], title_by=actor)
        membership.move(cur, ids, incident_id, new_id, actor)
        status.stamp_on(cur, new_id, "acknowledged_at", actor, _earliest(src["acknowledged_at"], at))
        audit.record(cur, actor, "split", "incidents", incident_id, {"incident_id": incident_id, "title": src["title"]},
                     {"new_incident_id": int(new_id), "title": title, "post_ids": ids})
    scoring.rescore(con, [incident_id, new_id], now=now)
    return int(new_id)
