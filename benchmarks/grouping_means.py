"""Per tuning week, B-cubed F1, the share of background posts placed in an incident and how many
events have at least 80 % of their posts in one incident (issue 10's "done when"; and how many of
those hold an incident no other event has as its largest, since a merged pair counts twice there), from
``grouping_dump.py`` files (one mode), side by side, and their means and totals, and in how many
weeks one employer's two events have their largest incidents be one incident (issue 10: two events
at one employer in one week stay apart): the figures a grouping rule is gated on. Run: ``.venv/bin/python benchmarks/grouping_means.py OLD.json NEW.json [--mode replay]``.
"""
from __future__ import annotations

import argparse
import functools
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from incidents import SCENARIOS, TUNING_WEEKS  # noqa: E402

from workbench.incidents.evaluation import largest_incident  # noqa: E402


@functools.cache
def week_files(week: str) -> tuple[list[dict], list[dict], list[dict]]:
    """A tuning week's files as written: its posts, ``events.json`` and ``entities.json`` (read once
    however many dumps are compared)."""
    folder = SCENARIOS / week
    with (folder / "posts.jsonl").open(encoding="utf-8") as f:
        posts = [json.loads(line) for line in f if line.strip()]
    return (posts, json.loads((folder / "events.json").read_text(encoding="utf-8")),
            json.loads((folder / "entities.json").read_text(encoding="utf-8")))


def post_events(week: str) -> dict[str, str | None]:
    """Scenario post id → its event (None for a background post)."""
    return {str(post["id"]): post.get("event") for post in week_files(week)[0]}


def background_placed(events: dict[str, str | None], run: dict) -> float:
    """Share of the week's background posts (no event) that the run placed in an incident."""
    back = [pid for pid, event in events.items() if not event]
    return sum(run["posts"].get(pid) is not None for pid in back) / max(len(back), 1)


def event_spread(events: dict[str, str | None], run: dict) -> dict[str, Counter]:
    """Event → how many of its posts each incident holds (None: placed in none)."""
    spread: dict[str, Counter] = defaultdict(Counter)
    for pid, event in events.items():
        if event:
            spread[event][run["posts"].get(pid)] += 1
    return spread


def events_held(spread: dict[str, Counter], share: float = 0.8) -> tuple[int, int, int]:
    """(events with at least ``share`` of their posts in one incident, those of them whose incident is no
    other event's largest, events): unplaced posts count against. The second figure does not count an
    event held when it shares its incident with another event (a merged pair counts twice in the first)."""
    largest = {event: largest_incident(counts) for event, counts in spread.items()}
    held = [event for event, counts in spread.items()
            if largest[event] is not None and counts[largest[event]] >= share * sum(counts.values())]
    alone = [event for event in held if not any(largest[other] == largest[event] for other in largest if other != event)]
    return len(held), len(alone), len(spread)


def employer_pairs(week: str) -> list[tuple[str, str]]:
    """The week's pairs of events at one employer (``events.json``; every week has one, a few two)."""
    by_employer: dict[str, list[str]] = defaultdict(list)
    for event in week_files(week)[1]:
        by_employer[event["employer"]].append(event["id"])
    return [(a, b) for ids in by_employer.values() for k, a in enumerate(ids) for b in ids[k + 1:]]


def pairs_merged(week: str, spread: dict[str, Counter]) -> list[tuple[str, str]]:
    """The week's pairs of one employer's events whose largest incidents are one incident."""
    merged = []
    for a, b in employer_pairs(week):
        ia, ib = largest_incident(spread.get(a, Counter())), largest_incident(spread.get(b, Counter()))
        if ia is not None and ia == ib:
            merged.append((a, b))
    return merged


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dumps", nargs="+", type=Path)
    parser.add_argument("--mode", default="replay", choices=("replay", "rebuild"))
    args = parser.parse_args()
    dumps = [json.loads(p.read_text()) for p in args.dumps]
    rows = []
    for week in TUNING_WEEKS:  # never a blind week, whatever a dump holds
        if all(week in d and args.mode in d[week] for d in dumps):
            events = post_events(week)
            runs = [d[week][args.mode] for d in dumps]
            spreads = [event_spread(events, r) for r in runs]
            rows.append((week, [(r["f1"], background_placed(events, r), events_held(spread), pairs_merged(week, spread))
                                for r, spread in zip(runs, spreads)]))
    for week, figures in rows:
        differs = any(abs(f - figures[0][0]) > 1e-9 or abs(b - figures[0][1]) > 1e-9 or bool(m) != bool(figures[0][3])
                      for f, b, _, m in figures)
        print(f"{week:>4} " + "   ".join(f"F1 {f:.4f} bg {b:6.2%} held {h}/{e}{' pair merged' if m else ''}"
                                    for f, b, (h, _, e), m in figures)
              + ("   <- differs" if differs else ""))
    n = max(len(rows), 1)
    for k, path in enumerate(args.dumps):
        over = [w for w, figures in rows if figures[k][1] > 0.05]
        held, alone, events = (sum(r[k][2][i] for _, r in rows) for i in (0, 1, 2))
        print(f"{path.name}: {len(rows)} weeks, mean F1 {sum(r[k][0] for _, r in rows) / n:.4f}, "
              f"mean background {sum(r[k][1] for _, r in rows) / n:.2%}, weeks above 5 %: {', '.join(over) or 'none'}, "
              f"events with ≥ 80 % of their posts in one incident: {held} of {events} "
              f"({alone} of them in an incident that is no other event's largest)")
        merged = [w for w, figures in rows if figures[k][3]]
        print(f"{path.name}: pairs merged: {len(merged)} of {len(rows)} ({', '.join(merged) or 'none'})")


if __name__ == "__main__":
    main()
