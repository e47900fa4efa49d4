"""查看原文: one post's original, unmasked text for one person, on purpose, with a reason, audited.

Everything else shows masked fields. The caller decides who may reveal (``actor`` is the person
acting; role checks belong to the accounts module and are added there); this function refuses
without a reason and records who read which post, when and why, in the same transaction as the read.
"""
from __future__ import annotations

from typing import Any

import duckdb

from .. import access, audit, db

REASON_MIN = 4  # a word or two: "核实举报人身份" — not "x"
REVEALED_NAMES = {"title": "标题", "author": "作者", "url": "链接", "text": "正文"}
REVEALED_FIELDS = tuple(REVEALED_NAMES)


def reveal_original(con: duckdb.DuckDBPyConnection, post_id: int, actor: str, reason: str) -> dict[str, Any]:
    """The post's original ``title``, ``author``, ``url`` and ``text``; ValueError without an actor,
    without a reason of at least ``REASON_MIN`` characters, or for an unknown post; analysts and
    administrators only (a leader reads masked text)."""
    access.require(actor, "process")
    actor = (actor or "").strip()
    reason = " ".join((reason or "").split())
    if not actor:
        raise ValueError("查看原文需要操作人")
    if len(reason) < REASON_MIN:
        raise ValueError(f"请填写查看原文的理由（至少 {REASON_MIN} 个字），该操作会记入审计日志")
    with db.transaction(con) as cur:
        found = cur.execute(db.sql_text("post_original"), {"post_id": int(post_id)})
        row = found.fetchone()
        if row is None:
            raise ValueError(f"帖子 {post_id} 不存在")
        original = dict(zip([d[0] for d in found.description], row))
        audit.record(cur, actor, "reveal_original", "posts", int(post_id), None,
                     {"reason": reason, "fields": list(REVEALED_FIELDS)})
    return {k: original[k] for k in REVEALED_FIELDS}
