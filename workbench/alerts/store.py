"""Alerts in the store: creating them (engine), acknowledging them (people), listing them, settings.

An alert keeps its evidence as JSON so that a reader can check every number it states. Each alert
row is one change of a thread (``thread_id``: the thread's first alert); the rules that fired in
it are kept in ``alert_triggers`` (see ``threads``).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Mapping, Sequence

import duckdb
import pandas as pd

from .. import access, audit, db
from ..incidents import status as incident_status  # the incident's record is written by incidents only
from ..pii import mask_pii
from .timeutil import now_local, to_local

# Human names of the rules (page, messages, briefings).
RULE_NAMES = {
    "spike": "发帖量突增",
    "negative_share": "负面占比上升",
    "incident_level": "重大事件与升级",
    "clock_overdue": "处置时限超时",
}
SCOPE_NAMES = {"rule": "监测规则", "category": "分类", "incident": "事件", "digest": "汇总"}
DELIVERY_STATUS_NAMES = {"sent": "已发送", "summarized": "已在汇总消息中发送", "pending": "待发送", "retrying": "重试中",
                         "failed": "失败", "held": "免打扰暂缓"}
# The in-app channel: an alert is on the 预警汇报 page the moment it exists.
IN_APP_CHANNEL = "站内"

# Typed defaults, mirrored in migration 0350 (the table wins when it has the key).
DEFAULT_SETTINGS: dict[str, Any] = {
    "min_volume": 5,
    "baseline_days": 7,
    "lookback_hours": 24,
    "suppression_hours": 6,
    "category_sensitivity": "medium",
    "incident_sensitivity": "medium",
    "negative_share": 0.4,
    "negative_min_posts": 10,
    "negative_margin": 0.1,
    "quiet_start": "",
    "quiet_end": "",
    "quiet_bypass_level": "Ⅰ",
    "max_attempts": 5,
    "backoff_seconds": 60,
    "delivery_max_age_hours": 24,
    "clock_digest_over": 10,
    "push_digest_over": 20,
}
SETTING_LABELS = {
    "min_volume": "突增最少发帖量（条/小时）",
    "baseline_days": "基线天数",
    "lookback_hours": "每次回看小时数",
    "suppression_hours": "同一规则与范围的抑制窗口（小时）",
    "category_sensitivity": "分类突增灵敏度",
    "incident_sensitivity": "事件突增灵敏度",
    "negative_share": "负面占比阈值（2 小时）",
    "negative_min_posts": "负面占比最少帖子数",
    "negative_margin": "负面占比须高出 7 天基线",
    "quiet_start": "免打扰开始（HH:MM）",
    "quiet_end": "免打扰结束（HH:MM）",
    "quiet_bypass_level": "免打扰期间仍推送的最低级别",
    "max_attempts": "推送最多尝试次数",
    "backoff_seconds": "重试退避基数（秒）",
    "delivery_max_age_hours": "只推送多少小时内的预警",
    "clock_digest_over": "超时提醒逐条上限（其余合并为一条汇总）",
    "push_digest_over": "每个渠道每轮逐条推送上限（其余合并为一条汇总消息）",
}


def settings(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """The alert settings, typed like ``DEFAULT_SETTINGS`` (a bad stored value falls back to the default)."""
    out = dict(DEFAULT_SETTINGS)
    for row in db.query("alert_settings", con).itertuples():
        default = DEFAULT_SETTINGS.get(row.key)
        if default is None:
            out[row.key] = row.value
            continue
        try:
            out[row.key] = type(default)(row.value)
        except (TypeError, ValueError):
            pass
    return out


def update_settings(con: duckdb.DuckDBPyConnection, changes: Mapping[str, Any], actor: str) -> dict[str, Any]:
    """Store changed settings (validated, audited); returns the new settings."""
    access.require(actor, "configure")
    from .quiet import parse_hhmm

    clean: dict[str, str] = {}
    for key, value in changes.items():
        if key not in DEFAULT_SETTINGS:
            raise ValueError(f"未知的预警设置：{key}")
        default = DEFAULT_SETTINGS[key]
        text = "" if value is None else str(value).strip()
        if key in ("quiet_start", "quiet_end"):
            if text:
                parse_hhmm(text)
        elif key.endswith("_sensitivity"):
            if text not in ("high", "medium", "low"):
                raise ValueError("灵敏度只能是 high / medium / low")
        elif key == "quiet_bypass_level":
            from ..vocab import LEVELS

            if text not in LEVELS:
                raise ValueError("级别只能是 Ⅰ / Ⅱ / Ⅲ / Ⅳ")
        else:
            try:
                number = type(default)(text)
            except ValueError:
                raise ValueError(f"{SETTING_LABELS[key]} 须为数字") from None
            if number < 0:
                raise ValueError(f"{SETTING_LABELS[key]} 不能为负数")
        clean[key] = text
    before = settings(con)
    with db.transaction(con) as cur:
        for key, text in clean.items():
            if str(before.get(key)) == text:
                continue
            cur.execute(
                "INSERT INTO alert_settings (key, value, updated_by, updated_at) VALUES (?, ?, ?, now()) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_by = excluded.updated_by, "
                "updated_at = excluded.updated_at",
                [key, text, actor],
            )
            audit.record(cur, actor, "update", "alert_settings", key, {"value": before.get(key)}, {"value": text})
    return settings(con)


@dataclass(frozen=True)
class NewAlert:
    """What the engine wants to store as one alert."""

    rule: str
    scope_kind: str
    scope_key: str
    scope_label: str
    level: str | None
    message: str
    evidence: dict[str, Any]
    bucket_at: datetime
    incident_id: int | None = None


def _json_default(o: Any) -> Any:
    if isinstance(o, datetime):
        return to_local(o).isoformat()
    if hasattr(o, "isoformat"):
        return o.isoformat()
    if hasattr(o, "item"):
        return o.item()
    return str(o)


def _masked_strings(value: Any) -> Any:
    """Every string inside ``value`` (nested dicts and lists) with personal data masked."""
    if isinstance(value, str):
        return mask_pii(value)
    if isinstance(value, Mapping):
        return {k: _masked_strings(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_masked_strings(v) for v in value]
    return value


def evidence_json(evidence: Mapping[str, Any]) -> str:
    """Evidence as JSON text (datetimes in local ISO form, numpy numbers as plain numbers), every
    string in it masked: post titles, authors and links travel with an alert to every channel."""
    return json.dumps(_masked_strings(evidence), ensure_ascii=False, default=_json_default)


def insert_alert(cur: duckdb.DuckDBPyConnection, alert: NewAlert, created_at: datetime, *,
                 thread_id: int | None = None, notify: bool = True, reason: str | None = None,
                 triggers: Sequence[NewAlert] | None = None) -> int:
    """Insert one alert (one change of thread ``thread_id``, or a new thread), its triggers (default:
    the alert itself) and its in-app delivery on ``cur``; returns the new id. Only ``notify``
    alerts are pushed to channels."""
    return insert_alerts(cur, [(alert, thread_id, notify, reason, triggers)], created_at)[0]


def insert_alerts(cur: duckdb.DuckDBPyConnection,
                  changes: Sequence[tuple[NewAlert, int | None, bool, str | None, Sequence[NewAlert] | None]],
                  created_at: datetime) -> list[int]:
    """``insert_alert`` for each (alert, thread_id, notify, reason, triggers), in order, in three
    statements: a cycle that raised a few hundred alerts spent seconds on three statements each."""
    if not changes:
        return []
    ids = [int(r[0]) for r in cur.execute(db.sql_text("alert_next_ids"), {"n": len(changes)}).fetchall()]
    rows, fired_rows = [], []
    for alert_id, (alert, thread_id, notify, reason, triggers) in zip(ids, changes):
        fired = list(triggers) if triggers else [alert]
        rows.append({
            "id": alert_id, "rule": alert.rule, "incident_id": alert.incident_id, "level": alert.level,
            "message": mask_pii(alert.message), "evidence": evidence_json(alert.evidence), "created_at": created_at,
            "scope_kind": alert.scope_kind, "scope_key": alert.scope_key, "scope_label": mask_pii(alert.scope_label),
            "bucket_at": alert.bucket_at, "thread_id": alert_id if thread_id is None else int(thread_id),
            "notify": bool(notify), "reason": reason, "rules": list(dict.fromkeys(t.rule for t in fired)),
        })
        fired_rows += [{"alert_id": alert_id, "rule": t.rule, "scope_kind": t.scope_kind, "scope_key": t.scope_key,
                        "bucket_at": t.bucket_at, "level": t.level} for t in fired]
    # times as text with their offset: a column of datetimes and None would reach DuckDB as objects
    stamp = lambda v: None if v is None or pd.isna(v) else pd.Timestamp(v).isoformat()  # noqa: E731
    alerts = pd.DataFrame(rows).astype({"incident_id": "Int64", "thread_id": "Int64", "id": "int64"})
    alerts["created_at"], alerts["bucket_at"] = alerts["created_at"].map(stamp), alerts["bucket_at"].map(stamp)
    fired_frame = pd.DataFrame(fired_rows).astype({"alert_id": "int64"})
    fired_frame["bucket_at"] = fired_frame["bucket_at"].map(stamp)
    cur.register("alert_new_rows", alerts)
    cur.register("alert_new_triggers", fired_frame)
    try:
        cur.execute(db.sql_text("frames/alert_insert_rows"))
        cur.execute(db.sql_text("frames/alert_insert_triggers"))
        cur.execute(db.sql_text("frames/alert_insert_in_app"), {"channel": IN_APP_CHANNEL})
    finally:
        cur.unregister("alert_new_rows")
        cur.unregister("alert_new_triggers")
    return ids


def acknowledge(con: duckdb.DuckDBPyConnection, alert_id: int, actor: str, *, now: datetime | None = None) -> bool:
    """Acknowledge the thread of alert ``alert_id``: every unacknowledged alert in it is marked as
    acknowledged by ``actor`` (one audit row). When the thread is an incident's, the incident counts
    as acknowledged too (its acknowledge clock stops) if nobody had acknowledged it yet.

    Returns False (and writes nothing) when the whole thread was already acknowledged; raises
    ValueError for an unknown alert or a missing actor. A later escalation opens it again.
    """
    access.require(actor, "process")
    if not actor or not str(actor).strip():
        raise ValueError("确认预警需要填写操作人")
    actor = actor.strip()
    with db.transaction(con) as cur:
        row = cur.execute("SELECT coalesce(thread_id, id), incident_id FROM alerts WHERE id = ?", [int(alert_id)]).fetchone()
        if row is None:
            raise ValueError(f"预警 {alert_id} 不存在")
        thread_id, incident_id = int(row[0]), row[1]
        pending = [r[0] for r in cur.execute(
            "SELECT id FROM alerts WHERE coalesce(thread_id, id) = ? AND acknowledged_at IS NULL ORDER BY id", [thread_id]
        ).fetchall()]
        if not pending:
            return False
        at = now_local(now)
        cur.execute("UPDATE alerts SET acknowledged_by = ?, acknowledged_at = ? WHERE list_contains(?, id)",
                    [actor, at, pending])
        audit.record(
            cur, actor, "acknowledge", "alerts", int(alert_id),
            {"thread_id": thread_id, "alert_ids": pending, "acknowledged_at": None},
            {"thread_id": thread_id, "alert_ids": pending, "acknowledged_by": actor, "acknowledged_at": at},
        )
        if incident_id is not None:
            incident_status.stamp_on(cur, int(incident_id), "acknowledged_at", actor, at)
    return True


def _filter_params(filters: Mapping[str, Any] | None) -> dict[str, Any]:
    f = dict(filters or {})
    return {
        "start": f.get("start"),
        "end": f.get("end"),
        "levels": list(f.get("levels") or ([f["level"]] if f.get("level") else [])),
        "rules": list(f.get("rules") or ([f["rule"]] if f.get("rule") else [])),
        "acknowledged": {None: "any", True: "yes", False: "no"}.get(f.get("acknowledged"), str(f.get("acknowledged"))),
        "incident_id": int(f["incident_id"]) if f.get("incident_id") not in (None, "") else -1,
        "limit": int(f.get("limit") or 500),
    }


def list_alerts(con: duckdb.DuckDBPyConnection, filters: Mapping[str, Any] | None = None) -> pd.DataFrame:
    """Alerts (thread changes) newest first, filtered by any of: start, end, level, rule (any rule
    that fired in the change), acknowledged (True/False/None), incident_id, limit."""
    df = db.query("alert_list", con, **_filter_params(filters))
    df["rule_name"] = df["rule"].map(RULE_NAMES).fillna(df["rule"])
    return df


def list_threads(con: duckdb.DuckDBPyConnection, filters: Mapping[str, Any] | None = None) -> pd.DataFrame:
    """Alert threads, the latest change first: one row per thread with its gravest level, rules,
    changes, pushes and whether it waits for acknowledgement. Filters as ``list_alerts`` (the time
    range applies to the latest change; ``acknowledged`` False = some pushed change not yet
    acknowledged)."""
    df = db.query("alert_threads", con, **_filter_params(filters))
    df["rule_names"] = [[RULE_NAMES.get(r, r) for r in rules] for rules in df["rules"]]
    return df


def thread_history(con: duckdb.DuckDBPyConnection, thread_id: int) -> pd.DataFrame:
    """Every change of one thread, oldest first: time, level, rules, message, pushed or not and why,
    acknowledgement, deliveries."""
    df = db.query("alert_thread_history", con, thread_id=int(thread_id))
    df["rule_names"] = [[RULE_NAMES.get(r, r) for r in rules] for rules in df["rules"]]
    return df


def alert_detail(con: duckdb.DuckDBPyConnection, alert_id: int) -> dict[str, Any] | None:
    """One alert with its evidence parsed, or None."""
    df = db.query("alert_detail", con, alert_id=int(alert_id))
    if df.empty:
        return None
    row = df.iloc[0].to_dict()
    raw = row.get("evidence")
    row["evidence"] = json.loads(raw) if isinstance(raw, str) and raw else {}
    row["rule_name"] = RULE_NAMES.get(row["rule"], row["rule"])
    return row
