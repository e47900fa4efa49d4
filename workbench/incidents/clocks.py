"""Clocks by level: acknowledge and first public response (DESIGN §4 defaults, configurable).

Every clock in the workbench is read here. Both clocks run from detection (``opened_at``, when the
workbench opened the incident) or from a person's later level decision (``level_set_at``), never
from a post's publication time; their lengths are the configured ones (incident_settings 'clocks',
else the DESIGN defaults). A clock is done when its time column is set (acknowledged_at,
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


def load_config(con: duckdb.DuckDBPyConnection) -> dict[str, dict[str, timedelta]]:
    """The clocks in force: the configured lengths (incident_settings 'clocks', minutes per level),
    the DESIGN defaults for any level not configured. Every clock of the workbench reads this."""
    cfg = default_config()
    for clock, per_level in (settings.get(con, SETTING_KEY) or {}).items():
        if clock in cfg:
            for lv, minutes in per_level.items():
                if lv in vocab.LEVELS:
                    cfg[clock][lv] = timedelta(minutes=float(minutes))
    return cfg


def save_config(con: duckdb.DuckDBPyConnection, minutes: Mapping[str, Mapping[str, float]], actor: str) -> None:
    """Store clock lengths in minutes, e.g. {"ack": {"Ⅰ": 30, …}, "response": {…}} (audited); levels
    not given keep their stored length."""
    clean: dict[str, dict[str, float]] = {k: dict(v) for k, v in (settings.get(con, SETTING_KEY) or {}).items()}
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


def _field(incident: Any, name: str) -> Any:
    """A column of a query row (mapping) or an attribute of the Incident view."""
    return incident.get(name) if isinstance(incident, Mapping) else getattr(incident, name, None)


def clock_level(incident: Any) -> str:
    """The level the clocks follow: the effective level, else the computed one, else the mildest (Ⅳ)."""
    level = _field(incident, "level") or _field(incident, "computed_level")
    return level if level in vocab.LEVELS else vocab.LEVELS[-1]


def clock_start(incident: Any) -> pd.Timestamp | None:
    """When the clocks run from: ``opened_at`` (detection) or ``level_set_at`` (a person's level
    decision), whichever is later; None for an incident without either."""
    times = [t for t in (_ts(_field(incident, "opened_at")), _ts(_field(incident, "level_set_at"))) if t is not None]
    return max(times) if times else None


def due_at(incident: Any, clock: str, config: Mapping[str, Mapping[str, timedelta]]) -> datetime | None:
    """The deadline of one clock ('ack' | 'response'): clock start + the configured length for its level."""
    start = clock_start(incident)
    return None if start is None else (start + config[clock][clock_level(incident)]).to_pydatetime()


def clocks(incident: Any, now: datetime | None, config: Mapping[str, Mapping[str, timedelta]]) -> dict[str, Any]:
    """Deadlines, remaining time, overdue flags and done times of one incident's clocks.

    ``incident`` is the Incident view or a row with its columns; ``config`` the configured lengths
    (``load_config``). Returns {"level", "start", "effective_level", "escalated", "ack": {...},
    "response": {...}}; each clock has name, due_at, done_at, remaining (timedelta, negative when
    late), overdue, late (done after the deadline), state (进行中 / 已超时 / 按时完成 / 超时完成 / 已停止).
    """
    now_ts = local_time(now)
    level = clock_level(incident)
    start = clock_start(incident)
    start = now_ts if start is None else start
    stopped = _field(incident, "status") in CLOSED
    out: dict[str, Any] = {"level": level, "start": start.to_pydatetime()}
    any_overdue = False
    for key, (name, column) in CLOCKS.items():
        due = start + config[key][level]
        done = _ts(_field(incident, column))
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
                    "length": config[key][level], "remaining": remaining.to_pytimedelta(), "overdue": overdue,
                    "late": late, "state": state}
    out["escalated"] = any_overdue
    out["effective_level"] = levels.escalate(level) if any_overdue else level
    return out


def overdue_incidents(con: duckdb.DuckDBPyConnection, now: datetime | None = None, *,
                      live_hours: float | None = None) -> pd.DataFrame:
    """One row per overdue clock of an open incident: incident_id, title, level, escalated_level,
    clock ('ack' | 'response'), clock_name, due_at, overdue_minutes — one SQL query over the open
    incidents with the configured lengths, the same deadlines ``clocks`` computes for one incident.

    ``live_hours``: keep only incidents with a post at most that many hours before their detection
    (the alert engine's guard: an incident found in backfilled history raises nothing for its past).
    """
    cfg = load_config(con)
    lengths = {k: [cfg[k][lv].total_seconds() for lv in vocab.LEVELS] for k in CLOCKS}
    return db.query("incident_overdue_clocks", con, open_statuses=list(vocab.OPEN_STATUSES),
                    now=local_time(now).to_pydatetime(), ack_seconds=lengths["ack"],
                    response_seconds=lengths["response"], live_hours=live_hours)


def format_length(delta: timedelta) -> str:
    """A clock's length for reading: '30分钟', '2小时', '1小时30分钟'."""
    minutes = int(delta.total_seconds() // 60)
    hours, rest = divmod(minutes, 60)
    return (f"{hours}小时" if hours else "") + (f"{rest}分钟" if rest or not hours else "")


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
