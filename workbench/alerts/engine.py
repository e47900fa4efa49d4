"""The alert engine: spike and threshold rules over hourly buckets (DESIGN §4).

Spike: an hour's count fires when count ≥ mean + k·sd of the 7-day hourly baseline
(k = 1.5 / 2 / 3 for high / medium / low sensitivity) AND count ≥ 2 × mean AND
count ≥ a minimum volume. Second trigger: the negative share over 2 h reaches 40 % on
enough posts (and sits clearly above the scope's own 7-day share, so a chronically
negative topic does not alert every few hours). Scopes: monitor rules, categories,
open incidents. A new level-Ⅰ/Ⅱ incident alerts at once, and a level above what its thread has
had alerts again; an overdue clock alerts once (when many fall overdue together, the gravest one
by one and the rest in one digest). What the rules fire are triggers; ``threads`` turns those of
one incident into one change of its alert thread.

The statistics are pure functions (``spike_decision``, ``negative_share_decision``) so
tests feed them crafted series; ``evaluate`` reads the store and writes the alerts.
"""
from __future__ import annotations

import math
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any, Iterable, Mapping

import duckdb
import numpy as np
import pandas as pd

from .. import db
from ..vocab import LEVELS, OPEN_STATUSES, level_rank
from . import store, threads
from .store import NewAlert
from .timeutil import floor_hour, now_local, to_local

HOUR = timedelta(hours=1)
K_BY_SENSITIVITY = {"high": 1.5, "medium": 2.0, "low": 3.0}
SENSITIVITY_NAMES = {"high": "高", "medium": "中", "low": "低"}
EXCERPTS = 5         # masked excerpts kept in an alert's evidence
MAX_POST_IDS = 50    # post ids kept in an alert's evidence


def _hourly(counts: Mapping[Any, float] | pd.Series) -> dict[datetime, float]:
    """Counts keyed by local hour start (accepts a Series indexed by time or any mapping)."""
    items = counts.items()
    return {floor_hour(to_local(pd.Timestamp(k))): float(v) for k, v in items}


@dataclass(frozen=True)
class Decision:
    """The spike rule applied to one hour, with every number it used."""

    fired: bool
    bucket: datetime
    count: int
    mean: float
    sd: float
    k: float
    sensitivity: str
    min_volume: int
    stat_threshold: float   # mean + k·sd
    ratio_threshold: float  # 2 × mean
    threshold: float        # the largest of the three conditions
    baseline_start: datetime
    baseline_hours: int

    def numbers(self) -> dict[str, Any]:
        """The figures for the evidence JSON (rounded for reading)."""
        d = asdict(self)
        for key in ("mean", "sd", "stat_threshold", "ratio_threshold", "threshold"):
            d[key] = round(d[key], 3)
        return d

    def explanation(self) -> str:
        """One Chinese sentence a reader can check."""
        verdict = "触发" if self.fired else "未触发"
        return (
            f"{self.bucket:%m-%d %H}时 发帖 {self.count} 条；前 {self.baseline_hours // 24} 天每小时均值 "
            f"{self.mean:.2f}、标准差 {self.sd:.2f}；条件：≥ 均值+{self.k:g}×标准差（{self.stat_threshold:.2f}）、"
            f"≥ 2×均值（{self.ratio_threshold:.2f}）、≥ 最少 {self.min_volume} 条 → 阈值 {self.threshold:.2f}，{verdict}。"
        )


def spike_decision(
    counts: Mapping[Any, float] | pd.Series,
    now_bucket: datetime,
    sensitivity: str = "medium",
    min_volume: int = 5,
    *,
    baseline_days: int = 7,
) -> Decision:
    """Apply the spike rule to hour ``now_bucket`` of an hourly series (missing hours count 0).

    The baseline is the ``baseline_days`` × 24 hours before ``now_bucket``; sd is the
    population standard deviation of those hours.
    """
    return _spike(_hourly(counts), floor_hour(now_bucket), sensitivity, min_volume, baseline_days)


def _spike(series: Mapping[datetime, float], bucket: datetime, sensitivity: str, min_volume: int, baseline_days: int) -> Decision:
    hours = baseline_days * 24
    values = list(map(series.get, [bucket - HOUR * i for i in range(1, hours + 1)], [0.0] * hours))  # (no per-item Python call)
    return _spike_of(values, int(series.get(bucket, 0)), bucket, sensitivity, min_volume, baseline_days)


def _spike_of(values: list[float], count: int, bucket: datetime, sensitivity: str, min_volume: int,
              baseline_days: int) -> Decision:
    """The spike rule on the baseline hours' counts (``values``: the hour before ``bucket`` first) and its count."""
    if sensitivity not in K_BY_SENSITIVITY:
        raise ValueError(f"灵敏度只能是 high / medium / low，收到：{sensitivity}")
    k = K_BY_SENSITIVITY[sensitivity]
    hours = baseline_days * 24
    mean = sum(values) / hours if hours else 0.0
    sd = math.sqrt(sum((v - mean) ** 2 for v in values) / hours) if hours else 0.0
    stat_t, ratio_t = mean + k * sd, 2 * mean
    threshold = max(stat_t, ratio_t, float(min_volume))
    # Compare with a small tolerance: mean + k·sd of a flat series must not miss by float noise.
    fired = count > 0 and count + 1e-9 >= threshold
    return Decision(
        fired=fired, bucket=bucket, count=count, mean=mean, sd=sd, k=k, sensitivity=sensitivity,
        min_volume=int(min_volume), stat_threshold=stat_t, ratio_threshold=ratio_t, threshold=threshold,
        baseline_start=bucket - HOUR * hours, baseline_hours=hours,
    )


@dataclass(frozen=True)
class ShareDecision:
    """The negative-share rule applied to the 2 hours ending with one hour."""

    fired: bool
    bucket: datetime
    window_start: datetime
    posts: int
    negative: int
    share: float
    baseline_posts: int
    baseline_negative: int
    baseline_share: float | None
    threshold: float
    min_posts: int
    margin: float

    def numbers(self) -> dict[str, Any]:
        """The figures for the evidence JSON."""
        d = asdict(self)
        d["share"] = round(self.share, 4)
        d["baseline_share"] = None if self.baseline_share is None else round(self.baseline_share, 4)
        return d

    def explanation(self) -> str:
        """One Chinese sentence a reader can check."""
        base = "无基线" if self.baseline_share is None else f"{self.baseline_share:.0%}"
        verdict = "触发" if self.fired else "未触发"
        return (
            f"{self.window_start:%m-%d %H}时起 2 小时 {self.posts} 条中负面 {self.negative} 条（{self.share:.0%}）；"
            f"条件：≥ {self.threshold:.0%}、≥ {self.min_posts} 条、高于 7 天负面占比（{base}）{self.margin:.0%} 以上，{verdict}。"
        )


def negative_share_decision(
    posts: Mapping[Any, float] | pd.Series,
    negatives: Mapping[Any, float] | pd.Series,
    now_bucket: datetime,
    threshold: float = 0.4,
    min_posts: int = 10,
    margin: float = 0.1,
    *,
    baseline_days: int = 7,
) -> ShareDecision:
    """Apply the negative-share rule to the 2 hours ending with hour ``now_bucket``."""
    return _share(_hourly(posts), _hourly(negatives), floor_hour(now_bucket), threshold, min_posts, margin, baseline_days)


def _share(
    posts: Mapping[datetime, float], negatives: Mapping[datetime, float], bucket: datetime,
    threshold: float, min_posts: int, margin: float, baseline_days: int,
) -> ShareDecision:
    window = [bucket - HOUR, bucket]
    n = int(sum(posts.get(b, 0) for b in window))
    neg = int(sum(negatives.get(b, 0) for b in window))
    base_hours = [bucket - HOUR * i for i in range(2, baseline_days * 24 + 1)]
    zeros = [0] * len(base_hours)  # (the same sums in the same order, without a generator: ~400 scopes × 2 a cycle)
    bn = int(sum(map(posts.get, base_hours, zeros)))
    bneg = int(sum(map(negatives.get, base_hours, zeros)))
    return _share_of(n, neg, bn, bneg, bucket, threshold, min_posts, margin)


def _share_of(n: int, neg: int, bn: int, bneg: int, bucket: datetime, threshold: float, min_posts: int,
              margin: float) -> ShareDecision:
    """The negative-share rule on the window's posts and negatives (``n``, ``neg``) and the baseline's."""
    share = neg / n if n else 0.0
    base_share = bneg / bn if bn else None
    fired = n >= min_posts and n > 0 and share + 1e-9 >= threshold and share + 1e-9 >= (base_share or 0.0) + margin
    return ShareDecision(
        fired=fired, bucket=bucket, window_start=bucket - HOUR, posts=n, negative=neg, share=share,
        baseline_posts=bn, baseline_negative=bneg, baseline_share=base_share,
        threshold=float(threshold), min_posts=int(min_posts), margin=float(margin),
    )


# ---------------------------------------------------------------- the store side

def _graver(*levels: str | None) -> str | None:
    known = [lv for lv in levels if lv in LEVELS]
    return min(known, key=LEVELS.index) if known else None


@dataclass
class _Scope:
    kind: str
    key: str
    label: str
    sensitivity: str
    level: str | None = None


def _scopes(con: duckdb.DuckDBPyConnection, kind: str, keys: Iterable[str], cfg: Mapping[str, Any]) -> dict[str, _Scope]:
    """Label, sensitivity and level for each scope key of one kind."""
    if kind == "category":
        return {k: _Scope(kind, k, k, cfg["category_sensitivity"]) for k in keys}
    info = db.query("alert_scopes", con)
    info = info[info["scope_kind"] == kind].set_index("scope_key")
    out = {}
    for k in keys:
        if k not in info.index:
            continue
        row = info.loc[k]
        if kind == "rule":
            sens = row["sensitivity"] if row["sensitivity"] in K_BY_SENSITIVITY else "medium"
            out[k] = _Scope(kind, k, str(row["label"]), sens)
        else:
            level = row["level"] if isinstance(row["level"], str) else None
            out[k] = _Scope(kind, k, str(row["label"]), cfg["incident_sensitivity"], level)
    return out


class _Suppressor:
    """One spike gives one alert: same rule + scope within the suppression window is skipped."""

    def __init__(self, rows: pd.DataFrame, hours: int):
        self.window = timedelta(hours=hours)
        self.seen: dict[tuple[str, str, str], list[datetime]] = {}
        for r in rows.itertuples():
            if r.bucket_at is not None and not pd.isna(r.bucket_at):
                self.add(r.rule, r.scope_kind, r.scope_key, to_local(r.bucket_at))

    def add(self, rule: str, kind: str, key: str, bucket: datetime) -> None:
        self.seen.setdefault((rule, kind, str(key)), []).append(bucket)

    def suppressed(self, rule: str, kind: str, key: str, bucket: datetime) -> bool:
        return any(abs(bucket - b) < self.window for b in self.seen.get((rule, kind, str(key)), []))


def _evidence_posts(con: duckdb.DuckDBPyConnection, scope: _Scope, since: datetime, until: datetime) -> dict[str, Any]:
    name = {"rule": "alert_window_rule_posts", "category": "alert_window_category_posts"}.get(scope.kind, "alert_window_incident_posts")
    return _evidence_rows(db.query(name, con, scope_key=scope.key, since=since, until=until).to_dict("records"))


def _window_evidence(con: duckdb.DuckDBPyConnection, windows: list[tuple[_Scope, datetime, datetime]]) -> list[dict[str, Any]]:
    """``_evidence_posts`` of each (scope, since, until): the incident windows all from one query, the
    category windows from another."""
    found: dict[int, dict[str, Any]] = {}
    for kind, name in (("incident", "alert_window_posts_of_incidents"), ("category", "alert_window_posts_of_categories")):
        at = [i for i, (scope, _, _) in enumerate(windows) if scope.kind == kind]
        if not at:
            continue
        df = db.query(name, con, scope_keys=[windows[i][0].key for i in at],
                      since=[windows[i][1] for i in at], until=[windows[i][2] for i in at])
        # rows come ordered by window: each window is one run of the records (a frame per window cost
        # more than the query when a cycle raised a few hundred alerts)
        by_window: dict[int, list[dict[str, Any]]] = {}
        for r in df.to_dict("records"):
            by_window.setdefault(int(r["n"]), []).append(r)
        found.update({i: _evidence_rows(by_window.get(n, [])) for n, i in enumerate(at, start=1)})
    return [found[i] if i in found else _evidence_posts(con, *w) for i, w in enumerate(windows)]


def _evidence_rows(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """An alert's posts (records, most engaged first) as its evidence: ids, count and a few masked excerpts."""
    excerpts = [
        {
            "post_id": int(r["post_id"]),
            "platform": r["platform"],
            "url": r["url"] if isinstance(r["url"], str) else None,
            "sentiment": r["sentiment"] if isinstance(r["sentiment"], str) else None,
            "published_at": to_local(r["published_at"]).isoformat() if not pd.isna(r["published_at"]) else None,
            "engagement": int(r["engagement"]),
            # text_masked only: evidence is shown and pushed, post text is untrusted and may hold PII
            "excerpt": (r["text_masked"] or "")[:120],
        }
        for r in rows[:EXCERPTS]
    ]
    return {"post_ids": [int(r["post_id"]) for r in rows[:MAX_POST_IDS]], "post_count": len(rows), "posts": excerpts}


def _volume_alert(
    rule: str, scope: _Scope, d: Decision | ShareDecision, posts: Mapping[str, Any], *, level: str | None,
    message: str, parameters: dict[str, Any], window_start: datetime, cfg: Mapping[str, Any],
) -> NewAlert:
    """An alert of a volume rule with its evidence: rule, parameters, numbers, window, posts
    (``posts``: the window's ``_evidence_posts``)."""
    evidence = {
        "rule": rule,
        "rule_name": store.RULE_NAMES[rule],
        "scope": {"kind": scope.kind, "key": scope.key, "label": scope.label},
        "parameters": {**parameters, "baseline_days": cfg["baseline_days"], "suppression_hours": cfg["suppression_hours"]},
        "numbers": d.numbers(),
        "window": {"start": window_start, "end": d.bucket + HOUR},
        "explanation": d.explanation(),
        **posts,
    }
    return NewAlert(
        rule=rule, scope_kind=scope.kind, scope_key=scope.key, scope_label=scope.label, level=level,
        message=message, evidence=evidence, bucket_at=d.bucket,
        incident_id=int(scope.key) if scope.kind == "incident" else None,
    )


def _spike_alert(scope: _Scope, d: Decision, cfg: Mapping[str, Any], posts: Mapping[str, Any]) -> NewAlert:
    ratio = d.count / d.threshold if d.threshold else 0.0
    own = "Ⅱ" if ratio >= 3 else "Ⅲ"
    times = f"{d.count / d.mean:.1f} 倍" if d.mean > 0 else "基线为零"
    return _volume_alert(
        "spike", scope, d, posts, cfg=cfg, window_start=d.bucket,
        level=_graver(own, scope.level) if scope.kind == "incident" else own,
        message=(
            f"{store.SCOPE_NAMES[scope.kind]}「{scope.label}」{d.bucket:%m-%d %H}时发帖 {d.count} 条，"
            f"为 7 天每小时均值 {d.mean:.1f} 的 {times}（阈值 {d.threshold:.1f}）"
        ),
        parameters={
            "sensitivity": d.sensitivity, "k": d.k, "min_volume": d.min_volume,
            "level_rule": "计数 ≥ 3×阈值 为Ⅱ级，否则Ⅲ级；事件范围取事件级别与之较重者",
        },
    )


def _share_alert(scope: _Scope, d: ShareDecision, cfg: Mapping[str, Any], posts: Mapping[str, Any]) -> NewAlert:
    base = "无" if d.baseline_share is None else f"{d.baseline_share:.0%}"
    return _volume_alert(
        "negative_share", scope, d, posts, cfg=cfg, window_start=d.window_start,
        level=_graver("Ⅲ", scope.level) if scope.kind == "incident" else "Ⅲ",
        message=(
            f"{store.SCOPE_NAMES[scope.kind]}「{scope.label}」{d.window_start:%m-%d %H}时起 2 小时负面占比 "
            f"{d.share:.0%}（{d.negative}/{d.posts}），7 天基线 {base}"
        ),
        parameters={"threshold": d.threshold, "min_posts": d.min_posts, "margin": d.margin},
    )


def _candidate_hours(p: np.ndarray, q: np.ndarray, base: int, scope: _Scope, cfg: Mapping[str, Any]) -> tuple[np.ndarray, np.ndarray]:
    """Positions (in the lookback part of dense hourly arrays) that may fire the spike / share rule.

    ``p`` / ``q`` hold posts / negative posts per hour: ``base`` baseline hours, then the lookback
    hours. Only a slightly generous prefilter done with array arithmetic: each candidate is then
    decided by the pure functions, so the numbers kept as evidence are exactly theirs.
    """
    n = len(p)
    cs, cs2 = np.concatenate([[0.0], np.cumsum(p)]), np.concatenate([[0.0], np.cumsum(p * p)])
    idx = np.arange(base, n)
    mean = (cs[idx] - cs[idx - base]) / base
    sd = np.sqrt(np.clip((cs2[idx] - cs2[idx - base]) / base - mean**2, 0, None))
    k = K_BY_SENSITIVITY.get(scope.sensitivity, 2.0)
    threshold = np.maximum(np.maximum(mean + k * sd, 2 * mean), float(cfg["min_volume"]))
    spike = (p[idx] > 0) & (p[idx] >= threshold * 0.999 - 1e-6)
    two, neg_two = p[idx] + p[idx - 1], q[idx] + q[idx - 1]
    share = (two >= int(cfg["negative_min_posts"])) & (neg_two >= (float(cfg["negative_share"]) - 1e-6) * np.maximum(two, 1))
    return np.flatnonzero(spike), np.flatnonzero(share)


def _table_exists(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    return bool(db.query("alert_table_exists", con, table_name=name)["present"].iloc[0])


def _watermark(con: duckdb.DuckDBPyConnection, now: datetime) -> tuple[int, datetime]:
    """What the last evaluation saw: (last post id, its now). Never evaluated, or a clock set back
    (a replay, a test at an earlier time): nothing counts as seen."""
    row = db.query("alert_watermark", con)
    if row.empty or to_local(row["last_now"].iloc[0]) > now:
        return -1, datetime(1970, 1, 1, tzinfo=now.tzinfo)
    return int(row["last_post_id"].iloc[0]), to_local(row["last_now"].iloc[0])


def _save_watermark(cur: duckdb.DuckDBPyConnection, now: datetime) -> None:
    # bookkeeping of the engine itself, not a record a person edits: not audited
    cur.execute("INSERT OR REPLACE INTO alert_watermark (id, last_post_id, last_now, evaluated_at) "
                "SELECT 1, coalesce(max(id), -1), ?, now() FROM posts", [now])


def _changed_buckets(con, now: datetime, since: datetime, seen: tuple[int, datetime]) -> dict[str, dict[str, set[datetime]]]:
    """kind → scope key → the hours in [since, now) holding posts the last evaluation did not see."""
    names = ["alert_changed_buckets"]
    if _table_exists(con, "post_rule_matches"):  # created by the ingest area; absent → no rule scope
        names.append("alert_changed_rule_buckets")
    frames = [db.query(n, con, since=since, until=now, last_post_id=seen[0], last_now=seen[1],
                       open_statuses=list(OPEN_STATUSES)) for n in names]
    out: dict[str, dict[str, set[datetime]]] = {}
    for kind, key, bucket in pd.concat(frames).itertuples(index=False):
        out.setdefault(kind, {}).setdefault(str(key), set()).add(floor_hour(to_local(bucket)))
    return out


def _volume_alerts(con, now: datetime, cfg: Mapping[str, Any], sup: _Suppressor,
                   seen: tuple[int, datetime]) -> list[NewAlert]:
    """Spike and negative-share alerts over the lookback hours, for the scopes and hours that
    gained posts since the last evaluation (``seen``): an hour's count and its baseline only change
    when posts arrive, so the other hours were decided before."""
    nb = floor_hour(now)
    lookback = max(1, int(cfg["lookback_hours"]))
    buckets = [nb - HOUR * i for i in range(lookback - 1, -1, -1)]
    base = int(cfg["baseline_days"]) * 24
    start = buckets[0] - HOUR * base
    changed = _changed_buckets(con, now, buckets[0], seen)
    kinds = [("rule", "alert_rule_hourly"), ("category", "alert_category_hourly"), ("incident", "alert_incident_hourly")]
    # what fired, in order: (make the alert, scope, decision, its window's start); evidence read for all at once
    fired: list[tuple[Any, _Scope, Decision | ShareDecision, datetime]] = []
    for kind, query_name in kinds:
        fresh = changed.get(kind, {})
        if not fresh:
            continue
        df = db.query(query_name, con, since=start, until=now, open_statuses=list(OPEN_STATUSES), keys=sorted(fresh))
        if df.empty:
            continue
        df["scope_key"] = df["scope_key"].astype(str)
        df["i"] = ((pd.to_datetime(df["bucket"]) - pd.Timestamp(start)) // pd.Timedelta(hours=1)).astype(int)
        # Only scopes with enough posts in the lookback window can fire either rule.
        recent = df[df["i"] >= base - 1]
        busy = recent.groupby("scope_key").agg(peak=("posts", "max"), total=("posts", "sum"))
        keys = busy.index[(busy["peak"] >= cfg["min_volume"]) | (busy["total"] >= cfg["negative_min_posts"])]
        if not len(keys):
            continue
        scopes = _scopes(con, kind, list(keys), cfg)
        # each scope's rows as one run of whole columns, scopes in key order (a frame per scope cost more
        # than its rules); rows with an hour outside the window, if any, are dropped as a lookup would miss them
        df = df[df["scope_key"].isin(keys) & (df["i"] >= 0) & (df["i"] < base + lookback)]
        df = df.sort_values("scope_key", kind="stable")
        names, first = np.unique(df["scope_key"].to_numpy(), return_index=True)
        ends = [*first[1:].tolist(), len(df)]
        at, counts, negs = df["i"].to_numpy(), df["posts"].to_numpy(dtype=float), df["negative"].to_numpy(dtype=float)
        for key, lo, hi in zip(names.tolist(), first.tolist(), ends):
            scope = scopes.get(str(key))
            if scope is None:
                continue
            p, q = np.zeros(base + lookback), np.zeros(base + lookback)
            p[at[lo:hi]] = counts[lo:hi]
            q[at[lo:hi]] = negs[lo:hi]
            spike_at, share_at = _candidate_hours(p, q, base, scope, cfg)
            if not len(spike_at) and not len(share_at):
                continue
            hours = fresh.get(str(key), set())
            spike_at = [j for j in spike_at if buckets[j] in hours]
            share_at = [j for j in share_at if buckets[j] in hours or buckets[j] - HOUR in hours]
            # the pure rules read from the dense arrays: hour j of the lookback is position base + j, its
            # baseline the base positions before it, nearest first (the sums a lookup by hour adds, in its order)
            for j in spike_at:
                b = buckets[j]
                d = _spike_of(p[j:base + j][::-1].tolist(), int(p[base + j]), b, scope.sensitivity,
                              int(cfg["min_volume"]), int(cfg["baseline_days"]))
                if d.fired and not sup.suppressed("spike", kind, scope.key, b):
                    fired.append((_spike_alert, scope, d, d.bucket))
                    sup.add("spike", kind, scope.key, b)
            for j in share_at:
                b = buckets[j]
                s = _share_of(
                    int(sum([p[base + j - 1], p[base + j]])), int(sum([q[base + j - 1], q[base + j]])),
                    int(sum(p[j:base + j - 1][::-1].tolist())), int(sum(q[j:base + j - 1][::-1].tolist())), b,
                    float(cfg["negative_share"]), int(cfg["negative_min_posts"]), float(cfg["negative_margin"]),
                )
                if s.fired and not sup.suppressed("negative_share", kind, scope.key, b):
                    fired.append((_share_alert, scope, s, s.window_start))
                    sup.add("negative_share", kind, scope.key, b)
    evidence = _window_evidence(con, [(scope, start, d.bucket + HOUR) for _, scope, d, start in fired])
    return [make(scope, d, cfg, posts) for (make, scope, d, _), posts in zip(fired, evidence)]


def _incident_evidence(con, incident_ids: list[int], now: datetime) -> dict[int, dict[str, Any]]:
    """What the first alert of each incident's thread carries: the incident's facts and its top posts
    (the records in one query, the posts of every incident in another)."""
    from ..incidents import record  # late import: the incidents cycle imports this module

    found = record.get_many(con, incident_ids)
    incidents = [found[int(i)] for i in incident_ids if int(i) in found]
    windows = [(_Scope("incident", str(inc.id), inc.title, "medium", inc.level),
                min(t for t in (inc.first_post_at, inc.opened_at, now) if t is not None) - timedelta(days=1), now + HOUR)
               for inc in incidents]
    out = {}
    for inc, posts in zip(incidents, _window_evidence(con, windows)):
        facts = {"id": inc.id, "title": inc.title, "level": inc.level, "category": inc.category, "status": inc.status,
                 "opened_at": inc.opened_at, "first_post_at": inc.first_post_at, "posts": inc.posts}
        out[inc.id] = {"incident": facts, **posts}
    return out


def _level_alerts(con, now: datetime, cfg: Mapping[str, Any]) -> list[NewAlert]:
    """An incident's level as news: a new level-Ⅰ/Ⅱ incident alerts at once (it opens its thread),
    and an incident whose thread exists alerts when its level rises above any the thread has had.
    Each level an incident reaches is alerted once, and only while the incident is news (a post or
    a person's level decision within the lookback hours): backfilled history raises nothing."""
    out = []
    active_since = now - HOUR * max(1, int(cfg["lookback_hours"]))
    subjects = db.query("alert_level_subjects", con, open_statuses=list(OPEN_STATUSES), active_since=active_since,
                        until=now)
    for r in subjects.itertuples():
        thread_level = r.thread_level if isinstance(r.thread_level, str) else None
        grave = r.level in ("Ⅰ", "Ⅱ")
        rising = thread_level is not None and level_rank(r.level) < level_rank(thread_level)
        if not (grave and thread_level is None) and not rising:
            continue
        graded = to_local(r.graded_at) if not pd.isna(r.graded_at) else now
        if thread_level is None:
            message = f"新增{r.level}级事件「{r.title}」（{r.category or '未分类'}），涉及 {int(r.posts)} 条帖子，请立即研判"
            explanation = f"事件定为{r.level}级（Ⅰ/Ⅱ级事件一经出现即预警），涉及 {int(r.posts)} 条帖子。"
        else:
            message = f"事件「{r.title}」级别升至{r.level}级（此前预警最高{thread_level}级），涉及 {int(r.posts)} 条帖子"
            explanation = f"事件级别由热度×严重度矩阵或人工定级升至{r.level}级，高于该事件预警线程此前的{thread_level}级。"
        out.append(NewAlert(
            rule="incident_level", scope_kind="incident", scope_key=f"{r.incident_id}:{r.level}",
            scope_label=r.title, level=r.level, message=message,
            evidence={
                "rule": "incident_level", "rule_name": store.RULE_NAMES["incident_level"],
                "scope": {"kind": "incident", "key": str(r.incident_id), "label": r.title},
                "parameters": {"levels": ["Ⅰ", "Ⅱ"], "rising": "已有预警线程的事件，级别高于线程此前最高级别时预警"},
                "numbers": {"level": r.level, "previous_level": thread_level, "posts": int(r.posts),
                            "opened_at": to_local(r.opened_at), "graded_at": graded},
                "explanation": explanation, "post_ids": [], "posts": [],
            },
            bucket_at=graded, incident_id=int(r.incident_id),
        ))
    return out


def _clock_alerts(con, now: datetime, cfg: Mapping[str, Any], skip: set[int] = frozenset()) -> list[NewAlert]:
    """Overdue acknowledge / response clocks (incidents.clocks) alert once per clock, at the
    escalated level (``skip``: incidents never alerted on). When more than ``clock_digest_over``
    clocks fall overdue at once (a backlog after an outage, a bulk import), the gravest get their
    own alert and the rest one digest that lists them all: a flood of identical messages would
    bury the ones that matter. Only incidents live when detected (a post within the lookback hours
    before detection) count: an incident found in backfilled history raises no overdue alert."""
    from ..incidents.clocks import overdue_incidents  # late import: the incidents area imports alerts too

    # the clocks alerted before are most overdue ones (every overdue clock of the store, each cycle): left
    # out in the query, so that neither their posts (the live check) nor their rows are read
    seen = db.query("alert_clock_keys", con)["scope_key"].dropna().tolist()
    overdue = overdue_incidents(con, now, live_hours=max(1, int(cfg["lookback_hours"])), skip=seen)
    if overdue.empty:
        return []
    fresh = overdue[~overdue["incident_id"].astype("int64").isin(list(skip)).to_numpy()].to_dict("records")
    fresh.sort(key=lambda r: (level_rank(_graver(r["escalated_level"], r["level"])), -float(r["overdue_minutes"])))
    limit = max(0, int(cfg["clock_digest_over"]))
    out = [_clock_alert(r) for r in fresh[:limit]]
    if len(fresh) > limit:
        out.append(_clock_digest(fresh[limit:], now))
    return out


def _clock_key(r: Mapping[str, Any]) -> str:
    """The scope key an overdue clock is alerted under, ``incident_id:clock`` (alert_clock_keys)."""
    return f"{int(r['incident_id'])}:{r['clock']}"


def _clock_alert(r: Mapping[str, Any]) -> NewAlert:
    iid = int(r["incident_id"])
    due = to_local(r["due_at"])
    late = f"已超 {float(r['overdue_minutes']):.0f} 分钟"
    return NewAlert(
        rule="clock_overdue", scope_kind="incident", scope_key=_clock_key(r), scope_label=str(r["title"]),
        level=_graver(r["escalated_level"], r["level"]),
        message=f"事件「{r['title']}」{r['clock_name']}已超时（时限 {due:%m-%d %H:%M}，{late}）",
        evidence={
            "rule": "clock_overdue", "rule_name": store.RULE_NAMES["clock_overdue"],
            "scope": {"kind": "incident", "key": str(iid), "label": str(r["title"])},
            "numbers": dict(r),
            "explanation": f"{r['level']}级事件的{r['clock_name']}时限为 {due:%m-%d %H:%M}，至今未完成、{late}；按规则上调为{r['escalated_level']}级。",
            "post_ids": [], "posts": [],
        },
        bucket_at=due, incident_id=iid,
    )


def _clock_digest(rows: list[Mapping[str, Any]], now: datetime) -> NewAlert:
    """One alert for many overdue clocks; ``covered_keys`` marks each as alerted."""
    levels = [_graver(r["escalated_level"], r["level"]) for r in rows]
    by_level = {lv or "未定级": levels.count(lv) for lv in dict.fromkeys(levels)}
    counts = "、".join(f"{lv}{'' if lv == '未定级' else '级'} {n} 项" for lv, n in by_level.items())
    clocks = [{"incident_id": int(r["incident_id"]), "title": str(r["title"]), "level": r["level"],
               "escalated_level": r["escalated_level"], "clock_name": r["clock_name"],
               "due_at": to_local(r["due_at"]), "overdue_minutes": float(r["overdue_minutes"])} for r in rows]
    key, label = f"clocks@{now:%Y-%m-%dT%H:%M}", f"{len(rows)} 项处置时限"
    return NewAlert(
        rule="clock_overdue", scope_kind="digest", scope_key=key, scope_label=label, level=levels[0],
        message=f"另有 {len(rows)} 项处置时限已超时（按上调后级别：{counts}），清单见预警依据",
        evidence={
            "rule": "clock_overdue", "rule_name": store.RULE_NAMES["clock_overdue"],
            "scope": {"kind": "digest", "key": key, "label": label},
            "numbers": {"count": len(rows), "by_level": by_level},
            "explanation": f"本轮新超时的处置时限超出逐条提醒上限，超出的 {len(rows)} 项（{counts}）合并为本条汇总，按级别和超时长短排列。",
            "covered_keys": [_clock_key(r) for r in rows],
            "clocks": clocks, "post_ids": [], "posts": [],
        },
        bucket_at=now,
    )


def evaluate(con: duckdb.DuckDBPyConnection, *, now: datetime | None = None) -> list[int]:
    """Run every alert rule at ``now`` (default: the current time); store this cycle's thread changes;
    return the new alert ids.

    The triggers that concern one incident become one change of its thread (``threads``): the first
    carries the evidence, later ones are pushed only when they escalate. Re-running is safe:
    suppression keeps one trigger per spike, and one per incident level or overdue clock, so a
    cycle with nothing new raises nothing. The volume rules look only at the hours that gained
    posts since the last evaluation (its watermark, saved with the alerts), the clocks are one
    query over the open incidents: a quiet cycle costs a few queries, not a pass over the store.
    """
    now = now_local(now)
    cfg = store.settings(con)
    window = int(cfg["lookback_hours"]) + int(cfg["suppression_hours"]) + 1
    existing = db.query("alert_recent_keys", con, since=floor_hour(now) - HOUR * window)
    sup = _Suppressor(existing, int(cfg["suppression_hours"]))
    # a 正面 incident (praise that spreads) is tracked, never alerted on
    positive = set(db.query("alert_positive_incidents", con)["incident_id"].astype(int))
    # the clocks read by the store in a thread of their own while the level and volume rules run (reads
    # only, before this evaluation writes: the same triggers in the same order, sooner)
    with ThreadPoolExecutor(max_workers=1) as pool:
        clocks = pool.submit(_clock_alerts, con, now, cfg, positive)
        triggers = _level_alerts(con, now, cfg)
        triggers += _volume_alerts(con, now, cfg, sup, _watermark(con, now))
        triggers += clocks.result()
    triggers = [t for t in triggers if t.incident_id is None or int(t.incident_id) not in positive]
    changes = threads.plan(con, triggers, lambda ids: _incident_evidence(con, ids, now))
    with db.transaction(con) as cur:
        ids = store.insert_alerts(cur, [(c.alert, c.thread_id, c.notify, c.reason, c.triggers) for c in changes], now)
        _save_watermark(cur, now)
    return ids
