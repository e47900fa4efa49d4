"""Heat (how loud) and severity (how bad) of incidents, each 0–100 with its parts explained.

Both are kept as hourly history in ``incident_scores``: the row at hour H is the state of the
incident with every post published before the end of H (the current hour: up to ``now``).
Every row has an ``explanation`` JSON whose parts add up to the total, so a reader can check
each number (``history``: built when read from the parts' numbers each row stores); the computed
level comes from the heat × severity matrix (``levels``). The latest row's heat, severity, negative
share and hour are kept on the incident too (``incidents.latest_…``, written with the rows in one
transaction), so lists read them without going over every incident's rows.

Heat parts (DESIGN §4):
  - volume and engagement: the Weibo BCI (微博传播指数)
    ``(0.2·ln(posts+1) + 0.8·(0.4·ln(reposts+1) + 0.4·ln(comments+1) + 0.2·ln(likes+1))) × 160``,
    split into its volume term and its engagement term and normalised against a reference
    incident (BCI_REFERENCE) to at most HEAT_WEIGHTS["bci"] points;
  - velocity: posts per hour over the last VELOCITY_HOURS hours (log-scaled);
  - source tier: central media > provincial > local > self-media / forum, weighted by
    item hotness ``likes + 5·comments + 10·shares + 0.1·views``.
Severity parts: content risk (post risk levels, human review wins via post_labels), category
sensitivity, negative share, and people affected (mentions such as 几百人 / 上千名员工).
"""
from __future__ import annotations

import functools
import json
import math
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from typing import Any, Iterable, Mapping, Sequence

import duckdb
import numpy as np
import pandas as pd

from .. import db, vocab
from . import levels
from .levels import BAND_NAMES
from .times import TZ, local_time

# Points each part may contribute; heat and severity each total 100.
HEAT_WEIGHTS = {"bci": 70.0, "velocity": 15.0, "tier": 15.0}
SEVERITY_WEIGHTS = {"risk": 40.0, "category": 20.0, "negative": 25.0, "people": 15.0}


def weibo_bci(posts, reposts, comments, likes):
    """The Weibo BCI as (volume term, engagement term); DESIGN §4 gives the formula."""
    volume = 0.2 * np.log1p(posts) * 160
    engagement = 0.8 * (0.4 * np.log1p(reposts) + 0.4 * np.log1p(comments) + 0.2 * np.log1p(likes)) * 160
    return volume, engagement


# A nationally loud workplace incident: 2,000 posts, 20,000 reposts and comments, 200,000 likes.
BCI_REFERENCE = float(sum(weibo_bci(2000, 20000, 20000, 200000)))
VELOCITY_HOURS = 3
VELOCITY_REFERENCE = 50.0  # posts per hour that earn the full velocity part
# Source tier weight (central media > provincial > local > self-media / forum).
TIER_WEIGHTS = {1: 1.0, 2: 0.75, 3: 0.5, 4: 0.25}
# Content risk level 1 (gravest) .. 4 → weight; the worst level counts most, the mix the rest.
RISK_WEIGHTS = {1: 1.0, 2: 0.7, 3: 0.4, 4: 0.1}
# How sensitive each category is for a company as a workplace (life and law first).
CATEGORY_SENSITIVITY = {
    "安全健康": 1.0, "骚扰歧视": 0.9, "劳动合规": 0.8, "薪酬福利": 0.7, "裁员离职": 0.7,
    "工时加班": 0.6, "管理作风": 0.5, "企业文化": 0.3, "招聘求职": 0.3, "其他": 0.2,
}
PEOPLE_REFERENCE = 10000  # people affected that earn the full part (log-scaled)
HISTORY_MAX_HOURS = 24 * 30

_NUM = r"[0-9]+|[几数上近逾]?[一二两三四五六七八九十百千万几]+"
PEOPLE_PATTERN = (
    rf"({_NUM})\s*(?:多|余|来)?\s*(?:名|个|位)?\s*"
    r"(?:员工|人|工人|职工|同事|骑手|外卖员|快递员|司机|家属|劳动者|农民工|工友|实习生|应届生)"
)
_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10000}


def people_count(mention: str) -> int:
    """The number a mention like '300' / '几百' / '上千' / '三十' stands for (几 ≈ 3)."""
    m = (mention or "").strip()
    if not m:
        return 0
    if m.isdigit():
        return int(m)
    m = m.lstrip("数上近逾") or m
    total, section, digit = 0, 0, 0
    for ch in m:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        elif ch == "几":
            digit = 3
        elif ch in _UNITS:
            unit = _UNITS[ch]
            if unit == 10000:
                total = (total + section + digit) * unit
                section = 0
            else:
                section += (digit or 1) * unit
            digit = 0
    return total + section + digit


def _part(key: str, name: str, points: float, value: Any, detail: str) -> dict[str, Any]:
    return {"key": key, "name": name, "points": round(float(points), 2), "value": value, "detail": detail}


_SUMS = ["posts", "reposts", "comments", "likes", "views", "hotness", "hot_t1", "hot_t2", "hot_t3", "hot_t4",
         "labeled", "negative", "risk1", "risk2", "risk3", "risk4"]
# Running totals stored with each row (cum_…) so that a refresh can start from the last row.
TOTALS = [f"cum_{k}" for k in _SUMS[1:]] + ["best_tier"]
COLUMNS = ["incident_id", "at", "volume", "heat", "severity", "negative_share", "level", "people", *TOTALS]
# The parts' numbers behind each row (x_…, stored with it), read by queries/frames/incident_score_rows.sql to build the explanation.
PARTS = ["x_vol_pts", "x_vol_raw", "x_eng_pts", "x_eng_raw", "x_vel_pts", "x_rate", "x_tier_pts", "x_mean_w",
         "x_tier_name", "x_hotness", "x_risk_pts", "x_worst", "x_risk1", "x_risk2", "x_risk3", "x_risk4",
         "x_cat_pts", "x_category", "x_sens", "x_neg_pts", "x_negative", "x_labeled", "x_ppl_pts",
         "x_heat", "x_severity", "x_heat_band", "x_severity_band", "x_heat_band_name", "x_severity_band_name", "x_level_name"]


def _start_hours(from_hours: Mapping[int, pd.Timestamp] | pd.Series | None) -> pd.Series | None:
    """``from_hours`` as a Series of hours by incident id (None when none is given). ``refresh``
    passes a Series made on whole columns: a dict of ~11k Timestamps, made and read back per
    incident, cost a good part of an hour's closing."""
    if from_hours is None or not len(from_hours):
        return None
    if isinstance(from_hours, pd.Series):
        return from_hours
    return pd.Series({int(k): v for k, v in from_hours.items()})  # (as ``Series.map`` reads a dict)


def _history_grid(subjects: pd.DataFrame, hourly: pd.DataFrame, now: pd.Timestamp,
                  from_hours: Mapping[int, pd.Timestamp] | pd.Series | None = None) -> pd.DataFrame:
    """One row per incident and hour, from its first post's hour (at most HISTORY_MAX_HOURS back, and
    only VELOCITY_HOURS before its ``from_hours`` entry) to now's hour or its closing hour."""
    # epoch hours as integers: one vectorised pass over every incident
    def hours(values) -> np.ndarray:
        ts = pd.to_datetime(pd.Series(values), utc=True)
        return np.floor((ts - pd.Timestamp(0, tz="UTC")).dt.total_seconds().to_numpy(dtype=float) / 3600)

    ids = subjects["incident_id"].astype("int64").to_numpy()
    now_h = np.floor(now.timestamp() / 3600)
    stop = hours(subjects["closed_at"].where(subjects["closed_at"].notna(), subjects["reviewed_at"]))
    closed = subjects["status"].isin(["已关闭", "已复盘"]).to_numpy() & ~np.isnan(stop)
    end = np.where(closed, np.minimum(now_h, np.nan_to_num(stop, nan=now_h)), now_h)
    first = hourly.groupby("incident_id")["hour"].min() if len(hourly) else pd.Series(dtype="datetime64[ns, UTC]")
    f = hours(pd.Series(ids).map(first))
    start = np.where(np.isnan(f), end, np.minimum(f, end))
    start = np.maximum(start, end - HISTORY_MAX_HOURS)
    from_hours = _start_hours(from_hours)
    if from_hours is not None:
        fh = hours(pd.Series(ids).map(from_hours))
        start = np.where(np.isnan(fh), start, np.minimum(end, np.maximum(start, fh - VELOCITY_HOURS)))
    counts = (end - start).astype("int64") + 1
    offsets = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    as_time = lambda h: pd.to_datetime(h * 3600, unit="s", utc=True).tz_convert(TZ)  # noqa: E731
    base = np.repeat(start, counts)
    return pd.DataFrame({
        "incident_id": np.repeat(ids, counts),
        "hour": as_time(base + offsets),
        "_start": as_time(base),
        "_end": as_time(np.repeat(end, counts)),
    })


def _fold(frame: pd.DataFrame, bounds: pd.DataFrame) -> pd.DataFrame:
    """Move rows before an incident's history window to its first hour; drop rows after its end."""
    f = frame.merge(bounds, on="incident_id", how="inner")
    f = f[f["hour"] <= f["_end"]]
    f["hour"] = f["hour"].where(f["hour"] >= f["_start"], f["_start"])
    return f.drop(columns=["_start", "_end"])


def score_frame(
    hourly: pd.DataFrame,
    subjects: pd.DataFrame,
    mentions: pd.DataFrame,
    now: pd.Timestamp,
    matrix: dict[str, Any] | None = None,
    from_hours: Mapping[int, pd.Timestamp] | pd.Series | None = None,
) -> pd.DataFrame:
    """Hourly score rows (incident_id, at, volume, heat, severity, negative_share, level, people, the
    running totals, and the numbers of every part: ``PARTS``).

    Pure function over the query results, so notebooks and tests can score crafted inputs; the
    explanation JSON is assembled from the parts in SQL (``explained``, and ``_write`` when stored).
    ``from_hours`` (incident id → hour, a mapping or a Series) limits the rows returned per incident
    to hours at or after the given one.
    """
    matrix = matrix or levels.DEFAULT_MATRIX
    if not len(subjects):
        return pd.DataFrame(columns=COLUMNS)
    hourly = hourly.copy()
    hourly["hour"] = pd.to_datetime(hourly["hour"]).dt.tz_convert(TZ) if len(hourly) else pd.Series(dtype="datetime64[ns, Asia/Shanghai]")
    grid = _history_grid(subjects, hourly, now, from_hours)
    bounds = grid.groupby("incident_id", sort=False)[["_start", "_end"]].first().reset_index()
    key = ["incident_id", "hour"]
    if len(hourly):
        h = _fold(hourly, bounds)
        agg = h.groupby(key)[_SUMS].sum().join(h.groupby(key)["best_tier"].min())
        grid = grid.merge(agg.reset_index(), on=key, how="left")
    else:
        grid = grid.assign(**{c: 0.0 for c in _SUMS}, best_tier=np.nan)
    grid[_SUMS] = grid[_SUMS].astype(float).fillna(0.0)
    if len(mentions):
        # a row carries either a mention to read or a count kept from an earlier score row
        counted = {x: people_count(x) for x in mentions["mention"].dropna().unique()}
        m = mentions.assign(n=mentions["people"].fillna(mentions["mention"].map(counted)).fillna(0).astype(float),
                            hour=pd.to_datetime(mentions["hour"]).dt.tz_convert(TZ))
        m = _fold(m[["incident_id", "hour", "n"]], bounds).groupby(key)["n"].max().rename("people")
        grid = grid.merge(m.reset_index(), on=key, how="left")
    else:
        grid["people"] = 0.0
    g = grid.groupby("incident_id", sort=False)
    c = g[_SUMS].cumsum()
    best = g["best_tier"].cummin()
    best = best.groupby(grid["incident_id"]).ffill().to_numpy(dtype=float)
    ppl = grid["people"].fillna(0).groupby(grid["incident_id"]).cummax().to_numpy(dtype=float)

    earlier = c["posts"].groupby(grid["incident_id"]).shift(VELOCITY_HOURS).fillna(0).to_numpy()
    keep = np.ones(len(grid), dtype=bool)
    from_hours = _start_hours(from_hours)
    if from_hours is not None:
        start = grid["incident_id"].map(from_hours)
        keep = (start.isna() | (grid["hour"] >= start)).to_numpy()
    idx = np.flatnonzero(keep)
    totals = {k: c[k].to_numpy()[idx] for k in _SUMS}
    return _rows(grid["incident_id"].to_numpy()[idx], grid["hour"].iloc[idx].reset_index(drop=True), totals,
                 best[idx], ppl[idx], earlier[idx], subjects, matrix)


def _rows(ids: np.ndarray, hours: pd.Series, c: Mapping[str, np.ndarray], best: np.ndarray, ppl: np.ndarray,
          earlier: np.ndarray, subjects: pd.DataFrame, matrix: dict[str, Any]) -> pd.DataFrame:
    """Score rows from each row's running totals (``c``: the ``_SUMS`` up to its hour), best tier, people
    and volume VELOCITY_HOURS before (``earlier``): what ``score_frame`` returns, and ``refresh`` for an
    hour that closed on an incident with no new post (its totals carried from its last row)."""
    n = c["posts"]
    reposts, comments, likes = (c[k] for k in ("reposts", "comments", "likes"))
    vol_raw, eng_raw = weibo_bci(n, reposts, comments, likes)
    bci = vol_raw + eng_raw
    scale = np.where(bci > BCI_REFERENCE, BCI_REFERENCE / np.maximum(bci, 1e-9), 1.0)
    vol_pts = HEAT_WEIGHTS["bci"] * vol_raw * scale / BCI_REFERENCE
    eng_pts = HEAT_WEIGHTS["bci"] * eng_raw * scale / BCI_REFERENCE
    rate = (n - earlier) / VELOCITY_HOURS
    vel_pts = HEAT_WEIGHTS["velocity"] * np.minimum(1.0, np.log1p(rate) / math.log1p(VELOCITY_REFERENCE))
    hot_tiers = np.column_stack([c[f"hot_t{t}"] for t in (1, 2, 3, 4)])
    hot_total = hot_tiers.sum(axis=1)
    tw = np.array([TIER_WEIGHTS[t] for t in (1, 2, 3, 4)])
    mean_w = np.where(hot_total > 0, (hot_tiers * tw).sum(axis=1) / np.maximum(hot_total, 1e-9), 0.0)
    best_w = np.where(np.isnan(best), 0.0, tw[np.clip(np.nan_to_num(best, nan=4).astype(int), 1, 4) - 1])
    tier_pts = HEAT_WEIGHTS["tier"] * (0.5 * best_w + 0.5 * mean_w)
    heat = vol_pts + eng_pts + vel_pts + tier_pts

    risk = np.column_stack([c[f"risk{r}"] for r in (1, 2, 3, 4)])
    risk_n = risk.sum(axis=1)
    rw = np.array([RISK_WEIGHTS[r] for r in (1, 2, 3, 4)])
    worst_idx = np.where(risk_n > 0, (risk > 0).argmax(axis=1), -1)
    worst_w = np.where(worst_idx >= 0, rw[np.maximum(worst_idx, 0)], 0.0)
    mean_rw = np.where(risk_n > 0, (risk * rw).sum(axis=1) / np.maximum(risk_n, 1), 0.0)
    risk_pts = SEVERITY_WEIGHTS["risk"] * (0.6 * worst_w + 0.4 * mean_rw)
    cat_of = {}
    # (the three columns read as lists: rows as tuples made a Timestamp of each incident's every time column)
    for iid, category, post_category in zip(subjects["incident_id"].tolist(), subjects["category"].tolist(),
                                            subjects["post_category"].tolist()):
        cat = category if isinstance(category, str) and category else post_category
        cat_of[int(iid)] = cat if isinstance(cat, str) and cat else "其他"
    # per incident, then spread to its rows by position: categorical codes, not millions of strings
    names = sorted(set(cat_of.values()))
    row_of = pd.Index(list(cat_of)).get_indexer(ids)
    cat_code = np.array([names.index(x) for x in cat_of.values()], dtype=int)[row_of]
    category = pd.Categorical.from_codes(cat_code, categories=names)
    sens = np.array([CATEGORY_SENSITIVITY.get(x, CATEGORY_SENSITIVITY["其他"]) for x in names])[cat_code]
    cat_pts = SEVERITY_WEIGHTS["category"] * sens
    labeled, negative = c["labeled"], c["negative"]
    neg_share = np.where(labeled > 0, negative / np.maximum(labeled, 1), np.nan)
    neg_pts = SEVERITY_WEIGHTS["negative"] * np.nan_to_num(neg_share)
    ppl_pts = SEVERITY_WEIGHTS["people"] * np.minimum(1.0, np.log10(1 + ppl) / math.log10(1 + PEOPLE_REFERENCE))
    severity = risk_pts + cat_pts + neg_pts + ppl_pts

    hb = np.searchsorted(matrix["heat_bands"], heat, side="right")
    sb = np.searchsorted(matrix["severity_bands"], severity, side="right")
    level_code = np.array([[vocab.LEVELS.index(x) for x in row] for row in matrix["matrix"]], dtype=int)[sb, hb]
    level = pd.Categorical.from_codes(level_code, categories=list(vocab.LEVELS))
    band = lambda n, b: pd.Categorical.from_codes(b, categories=list(BAND_NAMES) if n == 3 else [str(i) for i in range(n + 1)])  # noqa: E731
    tier_code = np.nan_to_num(best, nan=-1).astype(int)
    tier_code = np.where(tier_code < 0, -1, np.where(np.isin(tier_code, [1, 2, 3, 4]), tier_code, 0))
    tier_name = pd.Categorical.from_codes(tier_code, categories=["未知", *(vocab.MEDIA_TIERS[t] for t in (1, 2, 3, 4))])
    worst = np.where(worst_idx >= 0, worst_idx + 1, 0)
    as_int = lambda a: pd.array(np.where(np.isnan(a), np.nan, a), dtype="Float64").astype("Int64")  # noqa: E731
    totals = {f"cum_{k}": c[k] for k in _SUMS[1:]}
    totals["best_tier"] = as_int(best)
    # The numbers every part is explained with; explanation_sql turns them into the explanation JSON.
    parts = {
        "x_vol_pts": vol_pts, "x_vol_raw": vol_raw, "x_eng_pts": eng_pts, "x_eng_raw": eng_raw,
        "x_vel_pts": vel_pts, "x_rate": rate, "x_tier_pts": tier_pts, "x_mean_w": mean_w,
        "x_tier_name": tier_name, "x_hotness": c["hotness"],
        "x_risk_pts": risk_pts, "x_worst": worst, **{f"x_risk{r}": risk[:, r - 1] for r in (1, 2, 3, 4)},
        "x_cat_pts": cat_pts, "x_category": category, "x_sens": sens,
        "x_neg_pts": neg_pts, "x_negative": negative, "x_labeled": labeled,
        "x_ppl_pts": ppl_pts, "x_heat": heat, "x_severity": severity, "x_heat_band": hb, "x_severity_band": sb,
        "x_heat_band_name": band(len(matrix["heat_bands"]), hb), "x_severity_band_name": band(len(matrix["severity_bands"]), sb),
        "x_level_name": pd.Categorical.from_codes(level_code, categories=[vocab.LEVEL_NAMES[x] for x in vocab.LEVELS]),
    }
    return pd.DataFrame({
        "incident_id": ids,
        "at": hours,
        "volume": n.astype(int),
        "heat": np.round(heat, 2),
        "severity": np.round(severity, 2),
        "negative_share": neg_share,
        "level": level,
        "people": ppl.astype("int64"),
        **totals,
        **parts,
    }, columns=[*COLUMNS, *PARTS])


def explained(rows: pd.DataFrame, con: duckdb.DuckDBPyConnection | None = None) -> pd.DataFrame:
    """``score_frame`` rows (or stored rows) with their ``explanation`` JSON, as ``history`` reads them
    (for notebooks and tests). It needs nothing from the store: by default it runs in memory."""
    cur = (con or _memory()).cursor()
    _stage(cur, rows)
    out = cur.execute(db.sql_text("frames/incident_score_rows"), _explain_params()).df()
    cur.execute("DROP TABLE incident_score_parts")
    return out


@functools.cache
def _memory() -> duckdb.DuckDBPyConnection:
    # One in-memory database per process, a cursor (its own temp tables) per call: opening a database
    # took longer (≈50 ms) than explaining 影响评估's latest row in it.
    return duckdb.connect()


def _stage(cur: duckdb.DuckDBPyConnection, rows: pd.DataFrame) -> None:
    # Copied into a temporary table once: the explanation query reads each column many times, which
    # is slow straight from the frame's Python string columns.
    cur.register("_score_frame", rows)
    cur.execute("CREATE OR REPLACE TEMP TABLE incident_score_parts AS SELECT * FROM _score_frame")
    cur.unregister("_score_frame")


def _explain_params() -> dict[str, Any]:
    return {"bci_reference": BCI_REFERENCE, "velocity_hours": VELOCITY_HOURS, "velocity_reference": VELOCITY_REFERENCE}


def rescore(
    con: duckdb.DuckDBPyConnection,
    incident_ids: Iterable[int] | None = None,
    *,
    now: datetime | None = None,
    history: bool = True,
) -> int:
    """Score incidents into ``incident_scores`` and set their computed level; return how many incidents.

    ``incident_ids`` None: every open incident and any never scored. ``history`` True rewrites the
    whole hourly history up to ``now``; False writes only the current hour's row. The effective
    ``incidents.level`` is the analyst's override when there is one, else the computed level.
    """
    now_ts = local_time(now)
    if incident_ids is None:
        ids = [int(x) for x in db.query("incident_rescore_targets", con, open_statuses=list(vocab.OPEN_STATUSES))["id"]]
    else:
        ids = sorted({int(x) for x in incident_ids})
    if not ids:
        return 0
    from_hours = None if history else {i: now_ts.floor("h") for i in ids}
    _write(con, ids, _score(con, ids, now_ts, from_hours), from_hours)
    return len(ids)


def refresh(con: duckdb.DuckDBPyConnection, changed: Iterable[int] | Mapping[int, Any] = (), *,
            now: datetime | None = None) -> int:
    """Bring scores up to ``now`` cheaply; return how many incidents were scored.

    ``changed``: incident ids whose whole history must be rewritten, or a mapping id → hour to
    rewrite from (None = whole history), as ``clustering.cluster`` returns in ``changed_since``.
    Never-scored incidents get their whole history; other open ones the hours after their last
    scored hour, once an hour has closed since then (a quiet cycle within the hour scores nothing).
    """
    now_ts = local_time(now)
    targets = db.query("incident_rescore_targets", con, open_statuses=list(vocab.OPEN_STATUSES))
    since = dict(changed) if isinstance(changed, Mapping) else {int(i): None for i in changed}
    scored_at = pd.to_datetime(targets["last_scored_at"], utc=True).dt.tz_convert(TZ)
    ids = targets["id"].astype("int64")
    now_hour = now_ts.floor("h")
    # the open incidents with no new post are most of them (every one, an hour after a busy cycle):
    # their plan is decided on whole columns, the few with new posts one by one below
    quiet = ~ids.isin(list(since)).to_numpy()
    never = scored_at.isna().to_numpy()
    # no hour closed since its last score: nothing can change; never scored: whole history; else the
    # hours after the last scored one — no old row deleted and rewritten (that row already counted every post)
    due = quiet & (never | (scored_at < now_hour).to_numpy())
    # (their hours kept as a column: a Timestamp object per incident, ~11k, cost more than scoring them)
    after = (scored_at + pd.Timedelta(hours=1)).set_axis(ids.to_numpy())[due & ~never]
    plan: dict[int, pd.Timestamp | None] = {int(i): None for i in ids[due & never].tolist()}
    last = {int(i): (None if pd.isna(t) else t)
            for i, t in zip(ids[~quiet].tolist(), scored_at[~quiet].tolist())}
    for iid, new in since.items():
        if new is None or last.get(iid) is None:
            plan[iid] = None  # whole history
        else:
            plan[iid] = min(pd.Timestamp(new), last[iid], now_hour)
    full = sorted(i for i, t in plan.items() if t is None)
    if full:
        _write(con, full, _score(con, full, now_ts, None), None)
    scored = len(plan) + len(after)
    after = after.drop(_carry(con, after.index[(after == now_hour).to_numpy()].tolist(), now_ts))
    part = after
    busy = {i: t for i, t in plan.items() if t is not None}
    if busy:  # (in one time zone with the others, so that they make one column)
        part = pd.concat([after, pd.to_datetime(pd.Series(busy), utc=True).dt.tz_convert(TZ)])
    if len(part):
        part = part.sort_index()
        ids = part.index.tolist()
        _write(con, ids, _score(con, ids, now_ts, part), part)
    return scored


def _carry(con, ids: list[int], now_ts: pd.Timestamp) -> list[int]:
    """Score the current hour of quiet incidents (``ids``: last scored the hour before) from their stored
    rows: with no post in the new hour, its totals are those of the last row and only the velocity moves.
    Reading their posts again and building their hours in pandas was most of an hour's closing; the
    incidents the stored rows cannot answer for (incident_score_carry) are left out. Returns those scored."""
    if not ids:
        return []
    hour = now_ts.floor("h")
    last = db.query("incident_score_carry", con, ids=ids, hour=hour.to_pydatetime(), until=now_ts.to_pydatetime(),
                    velocity_hours=VELOCITY_HOURS)
    if last.empty:
        return []
    done = last["incident_id"].astype("int64").to_numpy()
    num = lambda col: last[col].to_numpy(dtype=float, na_value=np.nan)  # noqa: E731
    totals = {"posts": num("volume"), **{k: num(f"cum_{k}") for k in _SUMS[1:]}}
    subjects = pd.DataFrame({"incident_id": done, "category": last["category"], "post_category": None})
    # (one hour repeated as a column: a list of ~10k Timestamp objects was parsed one by one)
    hours = pd.Series(pd.DatetimeIndex([hour]).as_unit("ns").repeat(len(done)))
    rows = _rows(done, hours, totals, num("best_tier"), num("people"), num("earlier"), subjects,
                 levels.load_matrix(con))
    _write(con, done.tolist(), rows, None, append=True)  # (their last row is the hour before: none to delete)
    return done.tolist()


def _score(con, ids: Sequence[int], now_ts: pd.Timestamp, from_hours) -> pd.DataFrame:
    # Hours before every requested start (less the velocity lookback) only matter as totals:
    # the queries fold them into one bucket.
    fold = None
    from_hours = _start_hours(from_hours)
    if from_hours is not None:
        fold = (from_hours.min() - pd.Timedelta(hours=VELOCITY_HOURS)).to_pydatetime()
    # the three reads asked of the store at once, each on a cursor of its own (what is committed: the same rows)
    with ThreadPoolExecutor(max_workers=2) as pool:
        hourly = pool.submit(db.query, "incident_score_hourly", con, ids=list(ids), until=now_ts.to_pydatetime(),
                             fold_before=fold)
        mentions = pool.submit(db.query, "incident_people_mentions", con, ids=list(ids), until=now_ts.to_pydatetime(),
                               pattern=PEOPLE_PATTERN, fold_before=fold)
        subjects = db.query("incident_score_subjects", con, ids=list(ids))
        hourly, mentions = hourly.result(), mentions.result()
    return score_frame(hourly, subjects, mentions, now_ts, levels.load_matrix(con), from_hours)


def _write(con, ids: Sequence[int], rows: pd.DataFrame, from_hours: Mapping[int, pd.Timestamp] | pd.Series | None,
           *, append: bool = False) -> None:
    # rows come in incident then hour order: each incident's last row is its current level and latest
    # score (every row it keeps is older: those from its start on were deleted below)
    latest = (rows.groupby("incident_id", sort=False).tail(1)[["incident_id", "at", "heat", "severity",
                                                                "negative_share", "level"]] if len(rows) else rows)
    # the latest_… of these are recounted from the stored rows instead: those with rows deleted and none
    # written, and those whose last row has no negative share (the latest one there is counts, as arg_max reads)
    written = latest["incident_id"].astype("int64")
    recount = set() if append else set(map(int, ids)) - set(written.tolist())
    recount |= set(written[latest["negative_share"].isna()].tolist())
    with db.transaction(con) as cur:
        if append:  # rows after each incident's last one: nothing to replace
            pass
        elif from_hours is None:
            cur.execute("DELETE FROM incident_scores WHERE list_contains(?, incident_id)", [list(ids)])
        elif (hours := _start_hours(from_hours)) is not None:  # (none given: no row to delete)
            starts = pd.DataFrame({"incident_id": hours.index.astype("int64"), "start": hours.array})
            cur.register("_score_starts", starts)
            cur.execute('DELETE FROM incident_scores USING _score_starts s '
                        'WHERE incident_scores.incident_id = s.incident_id AND incident_scores."at" >= s.start')
            cur.unregister("_score_starts")
        if len(rows):
            # the numbers and their parts only: building each hour's explanation JSON here cost most of
            # a full rescore and most of what a cycle wrote to the log (``history`` builds it when read).
            # Read once, straight from the frame: no temporary copy as ``_stage`` makes for the explanation
            cur.register("incident_score_parts", rows)
            cur.execute(db.sql_text("frames/incident_score_insert"))
            cur.unregister("incident_score_parts")
            # the level and latest score in one statement, written only where they move
            cur.register("incident_new_latest", latest)
            cur.execute(db.sql_text("frames/incident_score_latest_set"))
            cur.unregister("incident_new_latest")
        if recount:
            cur.execute(db.sql_text("frames/incident_score_latest_recount"), {"ids": sorted(recount)})


def forget(con: duckdb.DuckDBPyConnection) -> None:
    """Delete every score row and every incident's latest score, in one transaction: scoring from scratch
    (``benchmarks/incidents.py --reuse``). The next ``refresh`` scores every incident's whole history."""
    with db.transaction(con) as cur:
        cur.execute("DELETE FROM incident_scores")
        # the latest scores go with their rows: refresh tells the never-scored by latest_scored_at
        cur.execute(db.sql_text("frames/incident_score_latest_forget"))


def history(con: duckdb.DuckDBPyConnection, incident_id: int) -> pd.DataFrame:
    """The incident's hourly score rows, oldest first, each with its ``explanation`` JSON (text): built
    from the row's parts, or as stored by rows written before the parts were."""
    return _with_explanations(db.query("incident_score_history", con, incident_id=int(incident_id)))


def _with_explanations(df: pd.DataFrame) -> pd.DataFrame:
    """Score rows with the ``explanation`` of each row that stores its parts instead."""
    todo = df["explanation"].isna() & df["x_heat"].notna()
    if todo.any():
        built = explained(df.loc[todo, [*COLUMNS, *PARTS]].reset_index(drop=True))
        df["explanation"] = df["explanation"].astype(object)
        df.loc[todo, "explanation"] = built["explanation"].to_numpy()
    return df


def latest_explanation(con: duckdb.DuckDBPyConnection, incident_id: int) -> dict[str, Any] | None:
    """The explanation of the incident's latest score row (heat, severity, level parts), or None."""
    return last_explanation(db.query("incident_score_latest", con, incident_id=int(incident_id)))


def last_explanation(rows: pd.DataFrame) -> dict[str, Any] | None:
    """The explanation of the last of ``rows`` (``incident_score_history``'s columns, oldest first), or None."""
    if not len(rows):
        return None
    # only that row: a row's explanation is its own, and building every hour's took 影响评估 ≈0.1 s
    raw = _with_explanations(rows.iloc[-1:].copy())["explanation"].iloc[0]
    return json.loads(raw) if isinstance(raw, str) else raw
