"""Incident level Ⅰ–Ⅳ from a configurable heat × severity matrix, and the analyst's override.

Heat (how loud) and severity (how bad) stay apart; the matrix maps their bands to a level
(DESIGN §4). An analyst may override the computed level with a reason; the override wins
in ``incidents.level`` and is kept beside ``incidents.computed_level`` with its history. A person's
level decision (setting or clearing an override) restarts the clocks: ``level_set_at``.
"""
from __future__ import annotations

from bisect import bisect_right
from datetime import datetime
from typing import Any, Mapping

import duckdb

from .. import access, audit, vocab
from ..db import transaction
from . import settings
from .times import local_time

BAND_NAMES = ("低", "中", "高", "极高")

# Rows: severity band from 低 to 极高; columns: heat band from 低 to 极高.
# Severity weighs a little more than heat: a grave matter stays serious while still quiet.
DEFAULT_MATRIX: dict[str, Any] = {
    "heat_bands": [25, 50, 75],
    "severity_bands": [25, 50, 75],
    "matrix": [
        ["Ⅳ", "Ⅳ", "Ⅲ", "Ⅲ"],   # severity 低
        ["Ⅳ", "Ⅲ", "Ⅲ", "Ⅱ"],   # severity 中
        ["Ⅲ", "Ⅱ", "Ⅱ", "Ⅰ"],   # severity 高
        ["Ⅱ", "Ⅰ", "Ⅰ", "Ⅰ"],   # severity 极高
    ],
}
SETTING_KEY = "level_matrix"


def validate_matrix(matrix: Mapping[str, Any]) -> dict[str, Any]:
    """Check a matrix config; raise ValueError with a Chinese message when it is malformed."""
    try:
        hb = [float(x) for x in matrix["heat_bands"]]
        sb = [float(x) for x in matrix["severity_bands"]]
        grid = [list(r) for r in matrix["matrix"]]
    except (KeyError, TypeError, ValueError):
        raise ValueError("分级矩阵需要 heat_bands、severity_bands 与 matrix 三项") from None
    if hb != sorted(hb) or sb != sorted(sb):
        raise ValueError("分级矩阵的分档阈值必须递增")
    if len(grid) != len(sb) + 1 or any(len(r) != len(hb) + 1 for r in grid):
        raise ValueError("分级矩阵的行列数与分档数不符")
    if any(c not in vocab.LEVELS for r in grid for c in r):
        raise ValueError(f"分级矩阵只能含 {'/'.join(vocab.LEVELS)}")
    return {"heat_bands": hb, "severity_bands": sb, "matrix": grid}


def load_matrix(con: duckdb.DuckDBPyConnection | None = None) -> dict[str, Any]:
    """The configured matrix (incident_settings 'level_matrix'), else the default."""
    stored = settings.get(con, SETTING_KEY) if con is not None else None
    return validate_matrix(stored) if stored else DEFAULT_MATRIX


def save_matrix(con: duckdb.DuckDBPyConnection, matrix: Mapping[str, Any], actor: str) -> None:
    """Validate and store a new matrix (audited). Levels change at the next rescore."""
    settings.put(con, SETTING_KEY, validate_matrix(matrix), actor)


def bands(heat: float, severity: float, matrix: Mapping[str, Any] | None = None) -> tuple[int, int]:
    """(heat band, severity band), each 0 = 低 … 3 = 极高 for the default bands."""
    m = matrix or DEFAULT_MATRIX
    return bisect_right(m["heat_bands"], heat), bisect_right(m["severity_bands"], severity)


def level_for(heat: float, severity: float, matrix: Mapping[str, Any] | None = None) -> str:
    """The level ('Ⅰ'..'Ⅳ') the matrix gives for this heat and severity (0–100 each)."""
    m = matrix or DEFAULT_MATRIX
    hb, sb = bands(heat, severity, m)
    return m["matrix"][sb][hb]


def explain_level(heat: float, severity: float, matrix: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The level with the matrix cell that produced it, for the explanation JSON."""
    m = matrix or DEFAULT_MATRIX
    hb, sb = bands(heat, severity, m)
    level = m["matrix"][sb][hb]
    hname = BAND_NAMES[hb] if len(m["heat_bands"]) == 3 else str(hb)
    sname = BAND_NAMES[sb] if len(m["severity_bands"]) == 3 else str(sb)
    return {
        "level": level,
        "heat_band": hb,
        "severity_band": sb,
        "rule": f"热度{hname}（{heat:.1f}）× 严重度{sname}（{severity:.1f}）→ {vocab.LEVEL_NAMES[level]}",
    }


def escalate(level: str | None) -> str | None:
    """One level graver (Ⅳ→Ⅲ … Ⅰ stays Ⅰ)."""
    if level not in vocab.LEVELS:
        return level
    return vocab.LEVELS[max(0, vocab.LEVELS.index(level) - 1)]


def _incident(cur: duckdb.DuckDBPyConnection, incident_id: int) -> dict[str, Any]:
    row = audit.row_dict(
        cur, "SELECT id, level, computed_level, level_override, level_reason, level_set_at FROM incidents WHERE id = ?",
        [incident_id],
    )
    if row is None:
        raise ValueError(f"事件 {incident_id} 不存在")
    return row


def set_level_override(con: duckdb.DuckDBPyConnection, incident_id: int, level: str, reason: str, actor: str,
                       *, now: datetime | None = None) -> None:
    """Override the computed level (reason required); audited and kept in the override history.
    The clocks run again from ``now`` for the new level."""
    access.require(actor, "process")
    if level not in vocab.LEVELS:
        raise ValueError(f"级别必须是 {'/'.join(vocab.LEVELS)} 之一")
    reason = (reason or "").strip()
    if not reason:
        raise ValueError("人工调整级别必须填写理由")
    if not (actor or "").strip():
        raise ValueError("人工调整级别需要操作人")
    at = local_time(now).to_pydatetime()
    with transaction(con) as cur:
        before = _incident(cur, incident_id)
        cur.execute(
            "UPDATE incidents SET level_override = ?, level_reason = ?, level = ?, level_set_at = ? WHERE id = ?",
            [level, reason, level, at, incident_id],
        )
        cur.execute(
            "INSERT INTO incident_level_overrides (incident_id, level, computed_level, reason, actor, \"at\") "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [incident_id, level, before["computed_level"], reason, actor, at],
        )
        audit.record(cur, actor, "override_level", "incidents", incident_id, before, _incident(cur, incident_id))


def clear_override(con: duckdb.DuckDBPyConnection, incident_id: int, reason: str, actor: str,
                   *, now: datetime | None = None) -> None:
    """Drop the override so the computed level applies again (reason required; audited). A person
    decided the level, so the clocks run again from ``now``."""
    access.require(actor, "process")
    reason = (reason or "").strip()
    if not reason:
        raise ValueError("撤销人工级别必须填写理由")
    if not (actor or "").strip():
        raise ValueError("撤销人工级别需要操作人")
    at = local_time(now).to_pydatetime()
    with transaction(con) as cur:
        before = _incident(cur, incident_id)
        cur.execute(
            "UPDATE incidents SET level_override = NULL, level_reason = NULL, level = computed_level, level_set_at = ? "
            "WHERE id = ?",
            [at, incident_id],
        )
        cur.execute(
            "INSERT INTO incident_level_overrides (incident_id, level, computed_level, reason, actor, \"at\") "
            "VALUES (?, NULL, ?, ?, ?, ?)",
            [incident_id, before["computed_level"], reason, actor, at],
        )
        audit.record(cur, actor, "clear_level_override", "incidents", incident_id, before, _incident(cur, incident_id))
