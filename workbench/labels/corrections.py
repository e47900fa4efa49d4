"""Human label corrections: validate against the vocabularies, write reviews and audit together."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Sequence

import duckdb
import pandas as pd

from .. import access, audit, db, vocab

FIELD_VALUES: dict[str, tuple[str, ...]] = {
    "sentiment": vocab.SENTIMENTS,
    "category": vocab.CATEGORIES,
    "emotion": vocab.EMOTIONS,
    "risk_level": tuple(str(r) for r in vocab.RISK_LEVELS),
}
FIELD_NAMES = {"sentiment": "情感", "category": "类别", "emotion": "情绪", "risk_level": "风险等级"}
AUDIT_ENTITY = "post_label"


class LabelError(ValueError):
    """A label that cannot be written; the message is for the user (Chinese)."""


@dataclass(frozen=True)
class LabelChange:
    """One label of one post set to a new value (``old`` is what the reviewer saw)."""

    post_id: int
    field: str
    new: Any
    old: Any = None


def validate_label(field: str, value: Any) -> str:
    """The value as stored in ``label_reviews`` (text), or LabelError with a Chinese message."""
    if field not in FIELD_VALUES:
        raise LabelError(f"不能复核字段「{field}」，可复核：{'、'.join(FIELD_NAMES.values())}")
    name = FIELD_NAMES[field]
    if value is None or (not isinstance(value, str) and pd.isna(value)) or str(value).strip() == "":
        raise LabelError(f"{name}不能为空")
    text = str(value).strip()
    if field == "risk_level":
        try:
            as_float = float(text)
        except ValueError:
            as_float = None
        if as_float is not None and as_float.is_integer():
            text = str(int(as_float))
    allowed = FIELD_VALUES[field]
    if text not in allowed:
        raise LabelError(f"{name}只能是 {' / '.join(allowed)} 之一，收到「{text}」")
    return text


def _reviewer(reviewer: str | None) -> str:
    name = (reviewer or "").strip()
    if not name:
        raise LabelError("需要复核人（侧栏「当前用户」）")
    return name


def set_labels(con: duckdb.DuckDBPyConnection, changes: Iterable[LabelChange], reviewer: str) -> int:
    """Write several corrections in one transaction; returns how many reviews were recorded.

    Every value is validated before anything is written (nothing is half-saved). Each review
    stores the effective value it replaces as ``old_value``; a value equal to the current
    human label is skipped (nothing changed), a value equal to the model's label is recorded
    (the reviewer confirmed it).
    """
    access.require(reviewer, "process")
    who = _reviewer(reviewer)
    checked = [(int(c.post_id), c.field, validate_label(c.field, c.new)) for c in changes]
    written = 0
    with db.transaction(con) as cur:
        for post_id, field, value in checked:
            # field is one of FIELD_VALUES' keys (validated above), never user text
            before = audit.row_dict(
                cur,
                f"SELECT CAST({field} AS VARCHAR) AS value, {field}_source AS source FROM post_labels WHERE post_id = ?",
                [post_id],
            )
            if before is None:
                raise LabelError(f"帖子 {post_id} 不存在")
            if before["source"] == "human" and before["value"] == value:
                continue
            cur.execute(
                "INSERT INTO label_reviews (post_id, field, old_value, new_value, reviewer) VALUES (?, ?, ?, ?, ?)",
                [post_id, field, before["value"], value, who],
            )
            audit.record(
                cur, who, "label.set", AUDIT_ENTITY, post_id,
                {"field": field, **before}, {"field": field, "value": value, "source": "human"},
            )
            written += 1
    if written:
        # The reviews are committed: a conflict while rescoring must not make the caller write them
        # again, so the rescore (idempotent) is retried here.
        db.retry_on_conflict(_rescore_incidents_of, con, [post_id for post_id, _f, _v in checked])
    return written


def _rescore_incidents_of(con: duckdb.DuckDBPyConnection, post_ids: list[int]) -> None:
    """A corrected label changes its incidents' severity and negative share: score them again."""
    from ..incidents.scoring import rescore

    incident_ids = db.query("incident_ids_of_posts", con, post_ids=post_ids)["incident_id"].tolist()
    if incident_ids:
        rescore(con, [int(i) for i in incident_ids])


def set_label(con: duckdb.DuckDBPyConnection, post_id: int, field: str, value: Any, reviewer: str) -> bool:
    """Set one label of one post (see ``set_labels``); True when a review was recorded."""
    return set_labels(con, [LabelChange(post_id, field, value)], reviewer) == 1


def accept(
    con: duckdb.DuckDBPyConnection,
    post_ids: Sequence[int],
    reviewer: str,
    fields: Sequence[str] = tuple(FIELD_VALUES),
) -> int:
    """Bulk-accept the model's labels of these posts: each model-sourced field gets a review
    with new_value = the model's value, so it counts as human-confirmed. Fields a person
    already reviewed are left as they are. Returns the number of reviews recorded."""
    access.require(reviewer, "process")
    who = _reviewer(reviewer)
    unknown = [f for f in fields if f not in FIELD_VALUES]
    if unknown:
        raise LabelError(f"不能复核字段「{'、'.join(unknown)}」")
    ids = sorted({int(i) for i in post_ids})
    if not ids or not fields:
        return 0
    # One SELECT per field (names from the whitelist above), values bound.
    pending = " UNION ALL ".join(
        f"SELECT post_id, '{f}' AS field, CAST({f} AS VARCHAR) AS value FROM post_labels "
        f"WHERE {f}_source = 'model' AND {f} IS NOT NULL AND post_id IN (SELECT unnest(CAST($ids AS BIGINT[])))"
        for f in fields
    )
    with db.transaction(con) as cur:
        rows = cur.execute(
            "INSERT INTO label_reviews (post_id, field, old_value, new_value, reviewer) "
            f"SELECT post_id, field, value, value, $who FROM ({pending}) ORDER BY post_id, field "
            "RETURNING post_id, field, new_value",
            {"ids": ids, "who": who},
        ).fetchall()
        by_post: dict[int, dict[str, str]] = {}
        for post_id, field, value in rows:
            by_post.setdefault(post_id, {})[field] = value
        for post_id, labels in by_post.items():
            audit.record(
                cur, who, "label.accept", AUDIT_ENTITY, post_id,
                {"source": "model", **labels}, {"source": "human", **labels},
            )
    return len(rows)
