"""Clocks by level: acknowledge and first public response (DESIGN §4 defaults, configurable).

Both run from ``opened_at``. A clock is done when its time column is set (acknowledged_at,
first_response_at); an open clock past its deadline is overdue, and an overdue clock escalates
the incident one level graver (``effective_level``) until it is done.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, Mapping

import duckdb
import pandas as pd

from .. import db, vocab
from . import levels, settings
from .times import local_time

SETTING_KEY = "clocks"
CLOCKS = {"ack": ("确认", "acknowledged_at"), "response": ("首次公开回应", "first_response_at")}
CLOSED = tuple(s for s in vocab.STATUSES if s not in vocab.OPEN_STATUSES)


def default_config() -> dict[str, dict[str, timedelta]]:
    """The DESIGN §4 clocks (vocab.ACK_CLOCK / RESPONSE_CLOCK)."""
    return {"ack": dict(vocab.ACK_CLOCK), "response": dict(vocab.RESPONSE_CLOCK)}


def load_config(con: duckdb.DuckDBPyConnection | None = None) -> dict[str, dict[str, timedelta]]:
    """Configured clocks (incident_settings 'clocks', minutes per level), else the defaults."""
    cfg = default_config()
    stored = settings.get(con, SETTING_KEY) if con is not None else None
    for clock, per_level in (stored or {}).items():
        if clock in cfg:
            for lv, minutes in per_level.items():
                if lv in vocab.LEVELS:
                    cfg[clock][lv] = timedelta(minutes=float(minutes))
    return cfg


def save_config(con: duckdb.DuckDBPyConnection, minutes: Mapping[str, Mapping[str, float]], actor: str) -> None:
    """Store clock lengths in minutes, e.g. {"ack": {"Ⅰ": 30, …}, "response": {…}} (audited)."""
    clean: dict[str, dict[str, float]] = {}
    for clock, per_level in minutes.items():
        if clock not in CLOCKS:
            raise ValueError(f"未知的时限：{clock}")
        for lv, m in per_level.items():
            if lv not in vocab.LEVELS or float(m) <= 0:
                raise ValueError("时限必须按级别填写正数分钟")
            clean.setdefault(clock, {})[lv] = float(m)
    settings.put(con, SETTING_KEY, clean, actor)


def _ts(value: Any) -> pd.Timestamp | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return local_time(pd.Timestamp(value).to_pydatetime())


def clocks(incident: Mapping[str, Any], now: datetime | None = None,
           config: Mapping[str, Mapping[str, timedelta]] | None = None) -> dict[str, Any]:
    """Deadlines, remaining time, overdue flags and done times of one incident's clocks.

    Returns {"level", "effective_level", "escalated", "ack": {...}, "response": {...}}; each clock has
    name, due_at, done_at, remaining (timedelta, negative when late), overdue, late (done after the
    deadline), state (进行中 / 已超时 / 按时完成 / 超时完成 / 已停止).
    """
    cfg = config or default_config()
    now_ts = local_time(now)
    level = incident.get("level") or incident.get("computed_level")
    level = level if level in vocab.LEVELS else vocab.LEVELS[-1]
    opened = _ts(incident.get("opened_at")) or now_ts
    stopped = incident.get("status") in CLOSED
    out: dict[str, Any] = {"level": level}
    any_overdue = False
    for key, (name, column) in CLOCKS.items():
        due = opened + cfg[key][level]
        done = _ts(incident.get(column))
        remaining = due - (done or now_ts)
        overdue = done is None and not stopped and now_ts > due
        late = done is not None and done > due
        if done is not None:
            state = "超时完成" if late else "按时完成"
        elif stopped:
            state = "已停止"
        else:
            state = "已超时" if overdue else "进行中"
        any_overdue |= overdue
        out[key] = {"clock": key, "name": name, "due_at": due.to_pydatetime(), "done_at": None if done is None else done.to_pydatetime(),
                    "remaining": remaining.to_pytimedelta(), "overdue": overdue, "late": late, "state": state}
    out["escalated"] = any_overdue
    out["effective_level"] = levels.escalate(level) if any_overdue else level
    return out


def overdue_incidents(con: duckdb.DuckDBPyConnection, now: datetime | None = None) -> pd.DataFrame:
    """One row per overdue clock of an open incident: incident_id, title, level, escalated_level,
    clock ('ack' | 'response'), clock_name, due_at, overdue_minutes."""
    cfg = load_config(con)
    rows = []
    for inc in db.query("incident_clock_subjects", con, open_statuses=list(vocab.OPEN_STATUSES)).to_dict("records"):
        c = clocks(inc, now, cfg)
        for key in CLOCKS:
            if c[key]["overdue"]:
                rows.append({
                    "incident_id": int(inc["incident_id"]), "title": inc["title"], "level": c["level"],
                    "escalated_level": c["effective_level"], "clock": key, "clock_name": c[key]["name"],
                    "due_at": c[key]["due_at"], "overdue_minutes": round(-c[key]["remaining"].total_seconds() / 60, 1),
                })
    return pd.DataFrame(rows, columns=["incident_id", "title", "level", "escalated_level", "clock", "clock_name",
                                       "due_at", "overdue_minutes"])


def format_remaining(delta: timedelta) -> str:
    """'剩余 1小时05分' / '超时 25分' for a countdown."""
    secs = int(delta.total_seconds())
    sign = "剩余" if secs >= 0 else "超时"
    secs = abs(secs)
    d, rem = divmod(secs, 86400)
    h, rem = divmod(rem, 3600)
    m = rem // 60
    text = (f"{d}天" if d else "") + (f"{h}小时" if h or d else "") + f"{m:02d}分"
    return f"{sign} {text}"
