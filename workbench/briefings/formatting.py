"""How briefings write times, shares, levels, excerpts and clocks (one style for both reports)."""
from __future__ import annotations

from datetime import datetime
from typing import Any

import pandas as pd

from ..alerts.timeutil import to_local
from ..vocab import LEVEL_NAMES, STATEMENT_STATUS_NAMES

EXCERPT_CHARS = 80


def missing(value: Any) -> bool:
    """None, NaN or NaT."""
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def when(value: Any, fmt: str = "%m-%d %H:%M") -> str:
    """A local time, or '—'."""
    if missing(value):
        return "—"
    return f"{to_local(pd.Timestamp(value)):{fmt}}"


def pct(part: float, whole: float) -> str:
    """'35.2%' (or '—' when nothing to divide)."""
    return f"{part / whole:.1%}" if whole else "—"


def number(value: Any, digits: int = 1) -> str:
    """A score or count for reading, '—' when missing."""
    if missing(value):
        return "—"
    return f"{float(value):.{digits}f}" if digits else f"{int(value)}"


def level_text(level: Any) -> str:
    """'Ⅱ级 重大' or '未定级'."""
    return LEVEL_NAMES.get(level, "未定级") if isinstance(level, str) else "未定级"


def excerpt(text: Any, limit: int = EXCERPT_CHARS) -> str:
    """One line of already-masked post text, shortened."""
    s = " ".join(str(text or "").split())
    return s[:limit] + ("…" if len(s) > limit else "")


def statement_status(status: str) -> str:
    """The Chinese name of a statement status."""
    return STATEMENT_STATUS_NAMES.get(status, status)


def clock_rows(incident: dict[str, Any], as_of: datetime, config: Any) -> tuple[list[list[str]], dict[str, Any]]:
    """Table rows (时限, 截止, 完成, 状态, 剩余/超时) for an incident's clocks under the configured
    lengths (``config``), and the raw clocks."""
    from ..incidents.clocks import clocks, format_remaining

    c = clocks(incident, as_of, config)
    rows = []
    for key in ("ack", "response"):
        k = c[key]
        remaining = format_remaining(k["remaining"]) if k["state"] in ("进行中", "已超时") else "—"
        rows.append([k["name"], when(k["due_at"]), when(k["done_at"]), k["state"], remaining])
    return rows, c


_END = "。！？；，、.;,"


def sentence(text: Any) -> str:
    """``text`` as one sentence ending in a single 。 (never 「。。」); '' for nothing."""
    s = " ".join(str(text or "").split()).rstrip(_END + " ")
    return f"{s}。" if s else ""


def tidy(text: str) -> str:
    """Collapse doubled sentence ends that joined pieces leave behind (「。。」, 「。；」, 「，。」)."""
    out = str(text)
    for bad, good in (("。。", "。"), ("。；", "；"), ("，。", "。"), ("；。", "。"), ("。，", "，")):
        while bad in out:
            out = out.replace(bad, good)
    return out


def cn_date(value: Any, with_hour: bool = False) -> str:
    """'11月20日' (or '11月20日 14时') in local time; '—' when missing."""
    if missing(value):
        return "—"
    t = to_local(pd.Timestamp(value))
    return f"{t.month}月{t.day}日" + (f" {t.hour}时" if with_hour else "")


def person_of(value: Any) -> str | None:
    """A person's name from a cell, or None for blank / missing."""
    return value.strip() if isinstance(value, str) and value.strip() else None
