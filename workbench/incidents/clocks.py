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
import numpy as np
import pandas as pd

from .. import db, vocab
from ..config import TIMEZONE
from . import levels, settings
from .times import TZ, local_time

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


def _field(incident: Any, name: str) -> Any:
    """A column of a query row (mapping) or an attribute of the Incident view."""
    return incident.get(name) if isinstance(incident, Mapping) else getattr(incident, name, None)


_COLUMNS = ("status", "level", "computed_level", "opened_at", "level_set_at", "acknowledged_at", "first_response_at")


def _one_row(incident: Any) -> pd.DataFrame:
    """One incident's clock columns as a one-row table (``table``'s input)."""
    return pd.DataFrame([{c: _field(incident, c) for c in _COLUMNS}])


def _given(rows: pd.DataFrame, column: str) -> pd.Series:
    """A text column with '' read as missing (absent columns are all missing)."""
    if column not in rows:
        return pd.Series(None, index=rows.index, dtype=object)
    values = rows[column].astype(object)
    return values.where(values.notna() & (values != ""), None)


def local_times(rows: pd.DataFrame, column: str) -> pd.Series:
    """A time column as aware timestamps in the project's time zone (naive ones taken as local time)."""
    if column not in rows:
        return pd.Series(pd.NaT, index=rows.index, dtype=f"datetime64[us, {TIMEZONE}]")
    values = rows[column]
    if not (pd.api.types.is_datetime64_any_dtype(values) or isinstance(values.dtype, pd.DatetimeTZDtype)):
        values = pd.to_datetime(values.astype(object), format="mixed")  # text or datetime objects
    values = values.dt.tz_localize(TZ) if values.dt.tz is None else values.dt.tz_convert(TZ)
    return values.dt.as_unit("us")  # one resolution, so ``now`` fills a missing time without a cast


def _starts(rows: pd.DataFrame) -> pd.Series:
    """Detection or a person's later level decision, whichever is later (NaT without either)."""
    return pd.concat([local_times(rows, "opened_at"), local_times(rows, "level_set_at")], axis=1).max(axis=1)


def table(rows: pd.DataFrame, config: Mapping[str, Mapping[str, timedelta]], now: datetime | None = None) -> pd.DataFrame:
    """Both clocks of many incidents at once — the one place the clock rules are coded.

    ``rows`` has the incidents' columns (status, level, computed_level, opened_at, level_set_at,
    acknowledged_at, first_response_at; missing ones count as empty); ``config`` the configured
    lengths (``load_config``). One row per input row, same index: ``level`` (what the clocks follow),
    ``start``, and per clock (ack, response) ``{clock}_due``, ``{clock}_done``, ``{clock}_length``,
    ``{clock}_remaining`` (negative when late), ``{clock}_overdue``, ``{clock}_late``,
    ``{clock}_state`` (进行中 / 已超时 / 按时完成 / 超时完成 / 已停止); then ``escalated`` (a clock is
    overdue) and ``effective_level`` (one level graver while it is).
    """
    now_ts = local_time(now).as_unit("us")
    level = _given(rows, "level").fillna(_given(rows, "computed_level"))
    level = level.where(level.isin(vocab.LEVELS), vocab.LEVELS[-1])
    start = _starts(rows).fillna(now_ts)  # no detection time yet: the clocks start now
    stopped = _given(rows, "status").isin(CLOSED)
    out = pd.DataFrame({"level": level, "start": start}, index=rows.index)
    escalated = pd.Series(False, index=rows.index)
    for key, (_, column) in CLOCKS.items():
        length = level.map({lv: pd.Timedelta(config[key][lv]) for lv in vocab.LEVELS})
        due = start + length
        done = local_times(rows, column)
        overdue = done.isna() & ~stopped & (due < now_ts)
        late = done.notna() & (done > due)
        state = np.select([late, done.notna(), stopped, overdue], ["超时完成", "按时完成", "已停止", "已超时"], "进行中")
        out[f"{key}_due"], out[f"{key}_done"], out[f"{key}_length"] = due, done, length
        out[f"{key}_remaining"] = due - done.fillna(now_ts)
        out[f"{key}_overdue"], out[f"{key}_late"], out[f"{key}_state"] = overdue, late, state
        escalated |= overdue
    out["escalated"] = escalated
    # (maps by a dict, not a function per row: the pickers order every incident by this table)
    out["effective_level"] = level.where(~escalated, level.map({lv: levels.escalate(lv) for lv in vocab.LEVELS}))
    return out


def _py(value: Any) -> Any:
    """A table cell as the plain Python value ``clocks`` returns (None for NaT)."""
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if isinstance(value, pd.Timedelta):
        return value.to_pytimedelta()
    return value.item() if isinstance(value, np.generic) else value


def clock_level(incident: Any) -> str:
    """The level the clocks follow: the effective level, else the computed one, else the mildest (Ⅳ)."""
    level = _field(incident, "level") or _field(incident, "computed_level")
    return level if level in vocab.LEVELS else vocab.LEVELS[-1]


def clock_start(incident: Any) -> pd.Timestamp | None:
    """When the clocks run from: ``opened_at`` (detection) or ``level_set_at`` (a person's level
    decision), whichever is later; None for an incident without either."""
    start = _starts(_one_row(incident)).iloc[0]
    return None if pd.isna(start) else start


def due_at(incident: Any, clock: str, config: Mapping[str, Mapping[str, timedelta]]) -> datetime | None:
    """The deadline of one clock ('ack' | 'response'): clock start + the configured length for its level."""
    if clock_start(incident) is None:
        return None
    return _py(table(_one_row(incident), config).iloc[0][f"{clock}_due"])


def clocks(incident: Any, now: datetime | None, config: Mapping[str, Mapping[str, timedelta]]) -> dict[str, Any]:
    """Deadlines, remaining time, overdue flags and done times of one incident's clocks (``table``
    for one incident).

    ``incident`` is the Incident view or a row with its columns; ``config`` the configured lengths
    (``load_config``). Returns {"level", "start", "effective_level", "escalated", "ack": {...},
    "response": {...}}; each clock has name, due_at, done_at, remaining (timedelta, negative when
    late), overdue, late (done after the deadline), state (进行中 / 已超时 / 按时完成 / 超时完成 / 已停止).
    """
    row = table(_one_row(incident), config, now).iloc[0]
    out: dict[str, Any] = {k: _py(row[k]) for k in ("level", "start", "escalated", "effective_level")}
    for key, (name, _) in CLOCKS.items():
        out[key] = {"clock": key, "name": name, "due_at": _py(row[f"{key}_due"]), "done_at": _py(row[f"{key}_done"]),
                    "length": _py(row[f"{key}_length"]), "remaining": _py(row[f"{key}_remaining"]),
                    "overdue": bool(row[f"{key}_overdue"]), "late": bool(row[f"{key}_late"]),
                    "state": str(row[f"{key}_state"])}
    return out


def overdue_incidents(con: duckdb.DuckDBPyConnection, now: datetime | None = None, *,
                      live_hours: float | None = None, skip: list[str] | None = None) -> pd.DataFrame:
    """One row per overdue clock of an open incident: incident_id, title, level, escalated_level,
    clock ('ack' | 'response'), clock_name, due_at, overdue_minutes — one SQL query over the open
    incidents with the configured lengths, the same deadlines ``clocks`` computes for one incident.

    ``live_hours``: keep only incidents with a post at most that many hours before their detection
    (the alert engine's guard: an incident found in backfilled history raises nothing for its past).
    ``skip``: clocks ("incident_id:clock") to leave out (the engine's: those alerted before).
    """
    cfg = load_config(con)
    lengths = {k: [cfg[k][lv].total_seconds() for lv in vocab.LEVELS] for k in CLOCKS}
    return db.query("incident_overdue_clocks", con, open_statuses=list(vocab.OPEN_STATUSES),
                    now=local_time(now).to_pydatetime(), ack_seconds=lengths["ack"],
                    response_seconds=lengths["response"], live_hours=live_hours, skip_keys=skip)


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
