"""The incident as one record: the ``Incident`` view every area reads (pages, response, review,
alerts, briefings, notebooks), with its clocks.

Only ``workbench/incidents/`` writes ``incidents`` and ``incident_posts``; everything else reads
them through ``get`` / ``listing`` or a named query and builds the view with ``from_row``.
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import Any, Mapping

import duckdb
import pandas as pd

from .. import db, vocab
from . import clocks as clock_rules
from .times import local_time

_TIMES = ("opened_at", "first_post_at", "level_set_at", "graded_at", "acknowledged_at", "first_response_at",
          "handling_at", "tracking_at", "resolved_at", "closed_at", "reviewed_at")


def _missing(value: Any) -> bool:
    return value is None or (not isinstance(value, str) and pd.isna(value))


def _time(value: Any) -> datetime | None:
    return None if _missing(value) else local_time(pd.Timestamp(value).to_pydatetime()).to_pydatetime()


def _text(value: Any) -> str | None:
    return None if _missing(value) else str(value)


@dataclass(frozen=True)
class Incident:
    """One incident as the team works on it (a read model: change it through incidents functions)."""

    id: int
    title: str
    status: str
    category: str | None = None
    employer: str | None = None
    level: str | None = None              # effective: the analyst's override wins
    computed_level: str | None = None
    level_override: str | None = None
    level_reason: str | None = None
    owner: str | None = None
    summary: str | None = None
    polarity: str | None = None            # 负面 (alerts) | 正面 (tracked, never alerted on)
    title_source: str | None = None        # model | person (a person's name stays)
    polarity_source: str | None = None     # model | person (a person's tone stays: ``editing.set_tone``)
    merged_into: int | None = None
    posts: int | None = None
    opened_at: datetime | None = None      # detection: when the workbench opened it
    first_post_at: datetime | None = None  # when its first post was published
    level_set_at: datetime | None = None   # when a person last set its level
    graded_at: datetime | None = None
    acknowledged_at: datetime | None = None
    first_response_at: datetime | None = None
    handling_at: datetime | None = None
    tracking_at: datetime | None = None
    resolved_at: datetime | None = None
    closed_at: datetime | None = None
    reviewed_at: datetime | None = None
    clock_config: Mapping[str, Any] | None = field(default=None, compare=False, repr=False)

    @property
    def is_open(self) -> bool:
        """Still being handled (待研判 … 跟踪中) and not merged into another incident."""
        return self.status in vocab.OPEN_STATUSES and self.merged_into is None

    @property
    def label(self) -> str:
        """The one way an incident is named in pickers and lists: '#12 Ⅱ级 标题（处置中）'."""
        return label(self.id, self.level, self.title, self.status)

    @property
    def clock_start(self) -> datetime | None:
        """When the clocks run from: detection, or a person's later level decision."""
        start = clock_rules.clock_start(self)
        return None if start is None else start.to_pydatetime()

    def clocks(self, now: datetime | None = None) -> dict[str, Any]:
        """Both clocks at ``now`` under the configured lengths (see ``clocks.clocks``)."""
        if self.clock_config is None:
            raise ValueError("Incident 视图缺少时限设置：请用 record.get / record.from_row(row, config) 读取")
        return clock_rules.clocks(self, now, self.clock_config)

    def due_at(self, clock: str) -> datetime | None:
        """The deadline of one clock ('ack' | 'response') under the configured lengths."""
        if self.clock_config is None:
            raise ValueError("Incident 视图缺少时限设置：请用 record.get / record.from_row(row, config) 读取")
        return clock_rules.due_at(self, clock, self.clock_config)


def label(incident_id: Any, level: Any, title: Any, status: Any) -> str:
    """'#12 Ⅱ级 华锐精密电子员工死亡（处置中）'; '未定级' when there is no level yet."""
    lv = f"{level}级" if level in vocab.LEVELS else "未定级"
    return f"#{int(incident_id)} {lv} {' '.join(str(title or '').split())}（{status}）"


_FIELDS = {f.name for f in fields(Incident)} - {"clock_config"}


def from_row(row: Mapping[str, Any], config: Mapping[str, Any] | None = None) -> Incident:
    """The view of one query row (``id`` or ``incident_id``; unknown columns are ignored)."""
    data = {k: row.get(k) for k in _FIELDS if k in row}
    if "id" not in data:
        data["id"] = row.get("incident_id")
    for k in _TIMES:
        if k in data:
            data[k] = _time(data[k])
    for k in ("title", "status", "category", "employer", "level", "computed_level", "level_override",
              "level_reason", "owner", "summary", "polarity", "title_source", "polarity_source"):
        if k in data:
            data[k] = _text(data[k])
    for k in ("merged_into", "posts"):
        if k in data:
            data[k] = None if _missing(data[k]) else int(data[k])
    data["id"] = int(data["id"])
    data["title"] = data.get("title") or ""
    data["status"] = data.get("status") or vocab.STATUSES[0]
    return Incident(**data, clock_config=config)


def get(con: duckdb.DuckDBPyConnection, incident_id: int) -> Incident:
    """The incident with its post count and the configured clocks; ValueError when it does not exist."""
    found = get_many(con, [incident_id])
    if int(incident_id) not in found:
        raise ValueError(f"事件 {incident_id} 不存在")
    return found[int(incident_id)]


def get_many(con: duckdb.DuckDBPyConnection, incident_ids: list[int]) -> dict[int, Incident]:
    """``get`` of several incidents at once (one query, the clocks read once): id → view, unknown ids left out."""
    df = db.query("incident_record", con, incident_ids=[int(i) for i in incident_ids])
    if df.empty:
        return {}
    config = clock_rules.load_config(con)
    return {v.id: v for v in (from_row(r, config) for r in df.to_dict("records"))}


def listing(con: duckdb.DuckDBPyConnection, now: datetime | None = None) -> list[Incident]:
    """Every incident not merged away in the picker's order (``urgency_order``)."""
    config = clock_rules.load_config(con)
    rows = db.query("incident_options", con)
    views = {v.id: v for v in (from_row(r, config) for r in rows.to_dict("records"))}
    return [views[i] for i in urgency_order(rows, config, now)]


def urgency_order(rows: pd.DataFrame, config: Mapping[str, Any], now: datetime | None = None) -> list[int]:
    """The ids of incident rows (``incident_options`` columns, or Incident fields) in the order every
    picker shows them: open incidents with a clock still running first (gravest effective level, then
    the least time left, overdue before all), then the other open ones by effective level, then the
    closed ones; newest first, then the higher id, within each. The clocks are ``clocks.table``'s,
    computed for the whole table at once (11k incidents in milliseconds, no view built)."""
    if rows.empty:
        return []
    ids = rows["id" if "id" in rows else "incident_id"].astype("int64")
    status = rows["status"].where(rows["status"].notna() & (rows["status"] != ""), vocab.STATUSES[0])
    is_open = status.isin(vocab.OPEN_STATUSES)
    if "merged_into" in rows:
        is_open &= rows["merged_into"].isna()
    clock = clock_rules.table(rows.assign(status=status), config, now)
    running_left = [clock[f"{key}_remaining"].dt.total_seconds().where(clock[f"{key}_done"].isna())
                    for key in clock_rules.CLOCKS]
    left = pd.concat(running_left, axis=1).min(axis=1)  # NaN: no clock running
    rank = clock["effective_level"].map({lv: vocab.level_rank(lv) for lv in vocab.LEVELS}).fillna(vocab.level_rank(None))
    opened = clock_rules.local_times(rows, "opened_at")
    group = pd.Series(2, index=rows.index).mask(is_open, 1).mask(is_open & left.notna(), 0)
    keys = pd.DataFrame({
        "group": group,
        "rank": rank.where(is_open, 0),
        "left": left.where(group == 0, 0.0),
        "opened": -((opened - pd.Timestamp(0, tz="UTC")).dt.total_seconds().fillna(0.0)),
        "id": -ids,
    })
    return [int(i) for i in ids.loc[keys.sort_values(list(keys.columns), kind="mergesort").index]]


def by_urgency(incidents: list[Incident], now: datetime | None = None) -> list[Incident]:
    """``incidents`` (views with their clock settings) in the order every picker shows them (``urgency_order``)."""
    if not incidents:
        return []
    rows = pd.DataFrame([{f: getattr(i, f) for f in _FIELDS} for i in incidents])
    order = urgency_order(rows, incidents[0].clock_config or clock_rules.default_config(), now)
    views = {i.id: i for i in incidents}
    return [views[i] for i in order]
