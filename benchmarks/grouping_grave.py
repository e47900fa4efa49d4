"""Grave events' posts placed in no incident, per tuning week, and why (issue 10, recall on grave events).

A grave event (severity 1 in ``events.json``: a death, a serious injury) is the one the team must not
miss a post of. From ``grouping_dump.py`` files, per week: the grave events' posts, how many are in no
incident, and of those how many are replies or reposts whose parent is unplaced too, how many name no
monitored employer (its name, an alias or a brand in the text) and how many name one; then the totals.
Run: ``.venv/bin/python benchmarks/grouping_grave.py DUMP.json [NEW.json …] [--mode replay] [--list]``
(``--list`` prints each unplaced post of the last dump, for reading).
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from grouping_means import week_files  # noqa: E402
from incidents import TUNING_WEEKS  # noqa: E402


def week_posts(week: str) -> tuple[list[dict], set[str], list[str]]:
    """The week's posts, its grave events' ids and the names (employers, aliases, brands) it monitors."""
    posts, events, entities = week_files(week)
    grave = {e["id"] for e in events if e.get("severity") == 1}
    names = []
    for entity in entities:
        names += [entity["name"], *entity.get("aliases", [])]
    return posts, grave, [n for n in names if n]


def unplaced(week: str, run: dict) -> dict[str, list[dict]]:
    """The grave events' unplaced posts of one run, sorted by why: 'reply' (its parent is unplaced
    too, or not in the week), 'unnamed' (names no monitored name), 'named'."""
    posts, grave, names = week_posts(week)
    by_ext = {p["external_id"]: p for p in posts}
    out: dict[str, list[dict]] = {"reply": [], "unnamed": [], "named": []}
    for p in posts:
        if p.get("event") not in grave or run["posts"].get(p["id"]) is not None:
            continue
        parent = by_ext.get(p.get("parent_external_id"))
        text = f"{p.get('title') or ''} {p.get('text') or ''}"
        if p.get("parent_external_id") and (parent is None or run["posts"].get(parent["id"]) is None):
            out["reply"].append(p)
        elif any(n in text for n in names):
            out["named"].append(p)
        else:
            out["unnamed"].append(p)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dumps", nargs="+", type=Path)
    parser.add_argument("--mode", default="replay", choices=("replay", "rebuild"))
    parser.add_argument("--list", action="store_true")
    args = parser.parse_args()
    dumps = [json.loads(p.read_text()) for p in args.dumps]
    totals = [[0, 0, 0, 0, 0] for _ in dumps]
    for week in TUNING_WEEKS:  # never a blind week, whatever a dump holds
        if not all(week in d and args.mode in d[week] for d in dumps):
            continue
        posts, grave, _ = week_posts(week)
        n = sum(p.get("event") in grave for p in posts)
        cells = []
        for k, d in enumerate(dumps):
            why = unplaced(week, d[week][args.mode])
            figures = [n, sum(map(len, why.values())), len(why["reply"]), len(why["unnamed"]), len(why["named"])]
            totals[k] = [a + b for a, b in zip(totals[k], figures)]
            cells.append(f"unplaced {figures[1]:3d}/{n:3d} (reply {figures[2]}, unnamed {figures[3]}, named {figures[4]})")
        print(f"{week:>4} " + "   ".join(cells))
        if args.list:
            for reason, ps in why.items():
                for p in ps:
                    print(f"      {reason:8s} {p['id']} {p['event']} {p['published_at'][5:16]} "
                          f"{(p.get('title') or '')[:20]} {(p.get('text') or '')[:70]}")
    for path, (n, u, r, a, m) in zip(args.dumps, totals):
        print(f"{path.name}: grave events' posts {n}, unplaced {u} ({u / max(n, 1):.1%}): "
              f"reply under an unplaced parent {r}, naming no monitored name {a}, naming one {m}")


if __name__ == "__main__":
    main()
