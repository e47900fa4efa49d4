"""How well posts are grouped into incidents, measured on hand-written scenarios.

A scenario is a folder (see ``tests/incidents/scenarios/README.md``) with ``posts.jsonl`` (each
post with the event it belongs to, or none for background chatter), ``events.json`` and
``entities.json``. ``replay`` loads one into a store the way a user's data arrives (ingest,
analyse, monitored entities) and runs the monitoring cycle over its week; ``grouping_figures``
compares the incidents with the written events: B-cubed precision / recall / F1 over every post
(background posts are their own singleton events, unplaced posts their own singleton groups),
the share of background posts placed in an incident, and per event the share of its posts held
by its largest incident.
"""
from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Callable, Mapping

import duckdb
import pandas as pd

from .. import db
from .rebuild import EVERY_HOURS
from .rebuild import cycle_times as replayed


@dataclass
class Scenario:
    """One hand-written week: its posts (with ``event``), events and monitored entities."""

    name: str
    posts: pd.DataFrame
    events: list[dict[str, Any]]
    entities: list[dict[str, Any]]

    @property
    def end(self) -> datetime:
        """A minute after the last post: when the week's last monitoring cycle runs."""
        return self.posts["published_at"].max().to_pydatetime() + timedelta(minutes=1)


def load_scenario(folder: str | Path, *, today: datetime | None = None) -> Scenario:
    """Read a scenario folder. A week written ahead of the calendar (its last post later than
    ``today``, default: now) is moved back by whole weeks, so weekdays and hours stay as written:
    ingest rejects posts published later than tomorrow, and a replay must see every post."""
    folder = Path(folder)
    posts = pd.read_json(folder / "posts.jsonl", lines=True, dtype={"external_id": str, "parent_external_id": str})
    posts["published_at"] = pd.to_datetime(posts["published_at"], utc=True)
    ahead = posts["published_at"].max() - pd.Timestamp(today or datetime.now().astimezone()).tz_convert("UTC")
    if ahead > pd.Timedelta(0):
        weeks = -(-ahead // pd.Timedelta(days=7))  # ceiling
        posts["published_at"] -= pd.Timedelta(days=7 * weeks)
    events = json.loads((folder / "events.json").read_text(encoding="utf-8"))
    entities = json.loads((folder / "entities.json").read_text(encoding="utf-8"))
    return Scenario(folder.name, posts, events, entities)


def load_into(con: duckdb.DuckDBPyConnection, scenario: Scenario) -> dict[str, int]:
    """Ingest and analyse the scenario's posts and set its monitored entities, as a user would
    with an upload; returns scenario post id → store post id."""
    from ..ingest import pipeline
    from ..nlp import store as nlp_store
    from . import entities

    entities.replace_all(con, scenario.entities, actor="scenario")
    records = scenario.posts.drop(columns=["id", "event"]).copy()
    records["published_at"] = records["published_at"].dt.tz_convert("Asia/Shanghai")
    pipeline.ingest_records(con, records, kind="upload", origin=f"scenario {scenario.name}")
    nlp_store.analyze_posts(con)
    by_ext = dict(con.execute("SELECT external_id, id FROM posts").fetchall())
    # a post the ingest judged a duplicate of another has no row of its own: it counts as unplaced
    return {sid: by_ext[str(ext)] for sid, ext in zip(scenario.posts["id"], scenario.posts["external_id"])
            if str(ext) in by_ext}


def run_week(con: duckdb.DuckDBPyConnection, scenario: Scenario, *, every_hours: float = EVERY_HOURS,
             cycle: Callable[..., Any] | None = None) -> list[Any]:
    """Run the monitoring cycle every ``every_hours`` from the scenario's first day to its end;
    each cycle sees only the posts published by then. Returns each cycle's result."""
    from . import cycle as incident_cycle

    cycle = cycle or incident_cycle.run
    return [cycle(con, now=at) for at in cycle_times(scenario, every_hours)]


def cycle_times(scenario: Scenario, every_hours: float = EVERY_HOURS) -> list[datetime]:
    """When ``run_week`` runs the cycle: every ``every_hours`` from midnight (Asia/Shanghai) of the
    first post's day, the last one at the scenario's end (``rebuild.cycle_times``: a rebuild replays the same cycles)."""
    return replayed(scenario.posts["published_at"].min().to_pydatetime(), scenario.end, every_hours)


def replay(con: duckdb.DuckDBPyConnection, scenario: Scenario, *, every_hours: float = EVERY_HOURS) -> dict[str, int]:
    """``load_into`` then ``run_week``: the scenario's week as the monitor would have seen it."""
    ids = load_into(con, scenario)
    run_week(con, scenario, every_hours=every_hours)
    return ids


def incident_of_posts(con: duckdb.DuckDBPyConnection) -> dict[int, int]:
    """Store post id → the (surviving) incident holding it."""
    frame = db.query("incident_membership", con)
    return dict(zip(frame["post_id"].astype(int), frame["incident_id"].astype(int)))


def bcubed(gold: Mapping[Any, Any], predicted: Mapping[Any, Any]) -> tuple[float, float, float]:
    """B-cubed (precision, recall, F1) of ``predicted`` groups against ``gold`` groups over the
    items of ``gold``; an item whose label is None is alone in its group (either side)."""
    items = list(gold)
    g = {i: (gold[i] if gold[i] is not None else ("solo", i)) for i in items}
    p = {i: (predicted.get(i) if predicted.get(i) is not None else ("solo", i)) for i in items}
    by_g, by_p = defaultdict(set), defaultdict(set)
    for i in items:
        by_g[g[i]].add(i)
        by_p[p[i]].add(i)
    precision = recall = 0.0
    for i in items:
        both = len(by_g[g[i]] & by_p[p[i]])
        precision += both / len(by_p[p[i]])
        recall += both / len(by_g[g[i]])
    n = len(items) or 1
    precision, recall = precision / n, recall / n
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def largest_incident(counts: Mapping[int | None, int]) -> int | None:
    """The incident holding most of an event's posts (``counts``: incident → how many of them; a None
    key, posts placed nowhere, is never chosen), or None when none is placed. A tie goes to the lower
    incident id, so that the benchmarks and the tests name the same incident."""
    placed = [i for i in counts if i is not None]
    return max(placed, key=lambda i: (counts[i], -i)) if placed else None


def grouping_figures(scenario: Scenario, post_ids: Mapping[str, int], incident_of: Mapping[int, int]) -> dict[str, Any]:
    """B-cubed figures, background placement and per-event coverage of one replayed scenario."""
    # background posts (no event) come back from pandas as NaN: each is its own singleton
    gold = {sid: (e if isinstance(e, str) and e else None) for sid, e in zip(scenario.posts["id"], scenario.posts["event"])}
    predicted = {sid: incident_of.get(post_ids.get(sid)) for sid in gold}
    precision, recall, f1 = bcubed(gold, predicted)
    background = [sid for sid, e in gold.items() if e is None]
    coverage = {}
    for event in scenario.events:
        members = [sid for sid, e in gold.items() if e == event["id"]]
        counts = Counter(predicted[sid] for sid in members if predicted[sid] is not None)
        largest = largest_incident(counts)
        coverage[event["id"]] = {"posts": len(members), "largest_incident": largest,
                                 "share": counts[largest] / len(members) if largest is not None else 0.0,
                                 "incidents": len(counts)}
    return {
        "bcubed_precision": precision, "bcubed_recall": recall, "bcubed_f1": f1,
        "background_placed": sum(predicted[s] is not None for s in background) / max(len(background), 1),
        "events": coverage,
    }
