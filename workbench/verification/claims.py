"""The claims ledger (核实台账): each claim the incident's posts make, the posts that make it, and its
verification — status 待核实 → 核实中 → 属实 / 部分属实 / 不实 / 无法核实, with the evidence, who
confirmed it, the verifier and the time. Every write is audited; every status step is kept in
``claim_checks`` (the ledger's history and the review timeline).
"""
from __future__ import annotations

from datetime import datetime
from typing import Iterable

import duckdb
import pandas as pd

from .. import access, audit, db
from ..response import talking_points
from ..response.clock import now_or
from ..response.records import require_incident, require_row, require_text
from . import wording

STATUSES = ("待核实", "核实中", "属实", "部分属实", "不实", "无法核实")
VERDICTS = STATUSES[2:]
# The flow: a claim is taken up (核实中) before a verdict; a verdict may be reopened.
TRANSITIONS = {
    "待核实": ("核实中",),
    "核实中": ("待核实", *VERDICTS),
    **{v: ("核实中",) for v in VERDICTS},
}
CITABLE = ("属实", "部分属实", "不实")
CITE_PREFIX = "核实#"


def wordings(text: str, phrases: Iterable[str] | None) -> list[str]:
    """The claim's text first, then its other wordings, without blanks or repeats."""
    extra = [] if phrases is None or isinstance(phrases, (str, float)) else list(phrases)  # NULL may read as NaN
    items = [text, *extra]
    return list(dict.fromkeys(w.strip() for w in items if isinstance(w, str) and w.strip()))


def _clean_phrases(text: str, phrases) -> list[str]:
    if isinstance(phrases, str):
        phrases = phrases.replace("，", "、").replace(",", "、").replace("\n", "、").split("、")
    return wordings(text, phrases)[1:]


def _matching_posts(cur, incident_id: int, words: list[str]) -> list[int]:
    posts = cur.execute(db.sql_text("claim_incident_texts"), {"incident_id": int(incident_id)}).df()
    return [int(p) for p, t in zip(posts["post_id"], posts["text_masked"]) if wording.mentions(words, t or "")]


def _link(cur, claim_id: int, post_ids: Iterable[int], actor: str) -> int:
    rows = [(int(claim_id), int(p), actor) for p in dict.fromkeys(post_ids)]
    if rows:
        cur.executemany(
            "INSERT INTO claim_posts (claim_id, post_id, linked_by) VALUES (?, ?, ?) ON CONFLICT DO NOTHING", rows
        )
    return len(rows)


def _claim(cur, claim_id: int) -> dict:
    return require_row(cur, "claims", claim_id, "核实条目")


def add_claim(
    con: duckdb.DuckDBPyConnection,
    incident_id: int,
    text: str,
    actor: str,
    *,
    phrases: Iterable[str] | str | None = None,
    origin: str = "人工",
    post_ids: Iterable[int] = (),
) -> int:
    """Put a claim in the incident's ledger (status 待核实) and link the posts that make it: the
    given ``post_ids`` and every post of the incident that mentions one of its wordings."""
    access.require(actor, "process")
    text = require_text(text, "说法内容")
    extra = _clean_phrases(text, phrases)
    with db.transaction(con) as cur:
        require_incident(cur, incident_id)
        clash = cur.execute(
            "SELECT id FROM claims WHERE incident_id = ? AND text = ?", [int(incident_id), text]
        ).fetchone()
        if clash:
            raise ValueError(f"台账中已有这条说法（核实#{clash[0]}）")
        cid = cur.execute(
            "INSERT INTO claims (incident_id, text, phrases, origin, created_by, updated_by, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, now()) RETURNING id",
            [int(incident_id), text, extra, origin, actor, actor],
        ).fetchone()[0]
        linked = _link(cur, cid, [*post_ids, *_matching_posts(cur, incident_id, [text, *extra])], actor)
        after = audit.row_dict(cur, "SELECT * FROM claims WHERE id = ?", [cid])
        audit.record(cur, actor, "create", "claim", cid, None, {**after, "linked_posts": linked})
    return int(cid)


def edit_claim(con: duckdb.DuckDBPyConnection, claim_id: int, actor: str, *, text: str | None = None,
               phrases: Iterable[str] | str | None = None) -> int:
    """Change a claim's wording (and other wordings); posts that now match are linked too.
    Returns how many posts the claim has."""
    access.require(actor, "process")
    with db.transaction(con) as cur:
        before = _claim(cur, claim_id)
        new_text = require_text(text, "说法内容") if text is not None else before["text"]
        extra = _clean_phrases(new_text, phrases) if phrases is not None else list(before["phrases"] or [])
        cur.execute(
            "UPDATE claims SET text = ?, phrases = ?, updated_by = ?, updated_at = now() WHERE id = ?",
            [new_text, extra, actor, int(claim_id)],
        )
        _link(cur, claim_id, _matching_posts(cur, before["incident_id"], [new_text, *extra]), actor)
        after = audit.row_dict(cur, "SELECT * FROM claims WHERE id = ?", [int(claim_id)])
        audit.record(cur, actor, "edit", "claim", claim_id, before, after)
        return int(cur.execute("SELECT count(*) FROM claim_posts WHERE claim_id = ?", [int(claim_id)]).fetchone()[0])


def link_posts(con: duckdb.DuckDBPyConnection, claim_id: int, post_ids: Iterable[int], actor: str) -> None:
    """Link posts of the claim's incident to it by hand (posts of other incidents are refused)."""
    access.require(actor, "process")
    ids = [int(p) for p in post_ids]
    with db.transaction(con) as cur:
        claim = _claim(cur, claim_id)
        known = {int(r[0]) for r in cur.execute(
            "SELECT post_id FROM incident_posts WHERE incident_id = ? AND list_contains(?, post_id)",
            [int(claim["incident_id"]), ids],
        ).fetchall()}
        stray = [p for p in ids if p not in known]
        if stray:
            raise ValueError(f"帖子 {'、'.join(map(str, stray))} 不属于该事件")
        _link(cur, claim_id, ids, actor)
        audit.record(cur, actor, "link_posts", "claim", claim_id, None, {"post_ids": ids})


def set_status(
    con: duckdb.DuckDBPyConnection,
    claim_id: int,
    status: str,
    actor: str,
    *,
    evidence: str = "",
    document: str = "",
    confirmed_by: str = "",
    finding: str = "",
    now: datetime | None = None,
) -> None:
    """Move a claim along 待核实 → 核实中 → verdict (a verdict may be reopened to 核实中).

    A verdict needs its evidence (a note or a document) and who confirmed it; 部分属实 also
    needs the finding (what is actually true). The step is stored with the verifier and time."""
    access.require(actor, "process")
    if status not in STATUSES:
        raise ValueError(f"核实状态只能是：{'、'.join(STATUSES)}")
    evidence, document, confirmed_by, finding = (x.strip() if isinstance(x, str) else "" for x in (evidence, document, confirmed_by, finding))
    at = now_or(now)
    with db.transaction(con) as cur:
        before = _claim(cur, claim_id)
        if status not in TRANSITIONS[before["status"]]:
            raise ValueError(f"核实状态不能从「{before['status']}」改为「{status}」；可改为：{'、'.join(TRANSITIONS[before['status']])}")
        if status in VERDICTS:
            if not (evidence or document):
                raise ValueError("请填写核实依据（说明或证明文件）")
            require_text(confirmed_by, "确认人（部门或人员）")
        if status == "部分属实":
            require_text(finding, "核实结论（哪些属实）")
        values = [status, finding or before["finding"] if status in VERDICTS else before["finding"],
                  evidence or None, document or None, confirmed_by or None, actor, at, actor, at, int(claim_id)]
        cur.execute(
            "UPDATE claims SET status = ?, finding = ?, evidence = ?, document = ?, confirmed_by = ?,"
            " verified_by = ?, verified_at = ?, updated_by = ?, updated_at = ? WHERE id = ?",
            values,
        )
        cur.execute(
            "INSERT INTO claim_checks (claim_id, status, finding, evidence, document, confirmed_by, verified_by, checked_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [int(claim_id), status, finding or None, evidence or None, document or None, confirmed_by or None, actor, at],
        )
        after = audit.row_dict(cur, "SELECT * FROM claims WHERE id = ?", [int(claim_id)])
        audit.record(cur, actor, f"status:{status}", "claim", claim_id, before, after)


def delete_claim(con: duckdb.DuckDBPyConnection, claim_id: int, actor: str) -> None:
    """Remove a claim an analyst judges is no claim at all (its links and history go with it)."""
    access.require(actor, "process")
    with db.transaction(con) as cur:
        before = _claim(cur, claim_id)
        for table in ("claim_posts", "claim_checks"):
            cur.execute(f"DELETE FROM {table} WHERE claim_id = ?", [int(claim_id)])  # constant table names
        cur.execute("DELETE FROM claims WHERE id = ?", [int(claim_id)])
        audit.record(cur, actor, "delete", "claim", claim_id, before, None)


def cite_key(claim_id: int) -> str:
    """The talking-point key that cites ledger entry ``claim_id`` ('核实#3')."""
    return f"{CITE_PREFIX}{int(claim_id)}"


def citation_text(claim: dict) -> str:
    """How a talking point states a verified claim."""
    finding = claim.get("finding") if isinstance(claim.get("finding"), str) else ""
    if claim["status"] == "不实":
        return f"经核实，网传「{claim['text']}」不实" + (f"：{finding}" if finding else "")
    return f"经核实：{finding or claim['text']}"


def cite(con: duckdb.DuckDBPyConnection, claim_id: int, actor: str, kind: str = "背景") -> str:
    """Add the verified claim to the incident's talking points under the key '核实#N'; returns the key."""
    access.require(actor, "process")
    row = _claim(con.cursor(), claim_id)
    if row["status"] not in CITABLE:
        raise ValueError(f"只有核实为{'、'.join(CITABLE)}的说法才能写入口径（核实#{claim_id} 现为「{row['status']}」）")
    key = cite_key(claim_id)
    talking_points.set_point(con, row["incident_id"], key, citation_text(row), actor, kind=kind)
    return key


def ledger(con: duckdb.DuckDBPyConnection, incident_id: int) -> pd.DataFrame:
    """The incident's claims with their linked posts counted and first seen, open ones first."""
    return db.query("claim_ledger", con, incident_id=int(incident_id))


def history(con: duckdb.DuckDBPyConnection, incident_id: int) -> pd.DataFrame:
    """Every verification step of the incident's claims, in time order."""
    return db.query("claim_checks_of_incident", con, incident_id=int(incident_id))
