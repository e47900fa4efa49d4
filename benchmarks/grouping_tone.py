"""The tone of each tuning week's events' incidents (issue 10: positive stories are tracked as 正面
incidents and never raise negative alerts).

From ``grouping_dump.py`` files: for every event, the polarity of the incident holding most of its
posts (``evaluation.largest_incident``). A positive event (severity 4 in ``events.json``: a rescue, a
good deed) should sit in a 正面 incident; a grave one (severity 1–2) must never, since a 正面 incident
raises no negative alert. Prints per dump: positive events in a 正面 incident (and how many are
unplaced), grave and severity-3 events in a 正面 incident, 正面 incidents not merged away; with two or
more dumps, the events whose largest incident's tone changed from the first.
Run: ``.venv/bin/python benchmarks/grouping_tone.py DUMP.json [NEW.json …] [--mode replay]``.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from grouping_means import event_spread, post_events, week_files  # noqa: E402
from incidents import TUNING_WEEKS  # noqa: E402

from workbench.incidents.evaluation import largest_incident  # noqa: E402


def event_tones(run: dict, week: str) -> dict[str, tuple[int, str | None]]:
    """Event id → (its severity, the polarity of its largest incident; None when no post is placed)."""
    spread = event_spread(post_events(week), run)
    polarity = {int(head[0]): head[4] for head in run["incidents"]}  # a head's id is written as text
    out = {}
    for event in week_files(week)[1]:
        largest = largest_incident(spread[event["id"]])
        out[event["id"]] = (int(event["severity"]), None if largest is None else polarity[largest])
    return out


def census(dump: dict, mode: str) -> dict[tuple[str, str], tuple[int, str | None]]:
    """(week, event) → (severity, tone of its largest incident), over the tuning weeks the dump holds."""
    return {(week, e): tone for week in TUNING_WEEKS if week in dump
            for e, tone in event_tones(dump[week][mode], week).items()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dumps", nargs="+")
    ap.add_argument("--mode", default="replay")
    args = ap.parse_args()
    first = None
    for path in args.dumps:
        dump = json.loads(Path(path).read_text(encoding="utf-8"))
        tones = census(dump, args.mode)
        positive = [t for s, t in tones.values() if s == 4]
        grave = [f"{w}{e}" for (w, e), (s, t) in tones.items() if s <= 2 and t == "正面"]
        third = [f"{w}{e}" for (w, e), (s, t) in tones.items() if s == 3 and t == "正面"]
        tracked = sum(1 for w in TUNING_WEEKS if w in dump for head in dump[w][args.mode]["incidents"]
                      if head[4] == "正面" and head[5] in (None, "None"))
        print(f"{Path(path).name}: positive events (severity 4) whose largest incident is 正面: "
              f"{positive.count('正面')} of {len(positive)} (unplaced {positive.count(None)}); grave events (1–2) "
              f"in a 正面 incident: {len(grave)} {grave}; severity-3 events in a 正面 incident: {len(third)} {third}; "
              f"正面 incidents (not merged away): {tracked}")
        if first is None:
            first = tones
            continue
        for key in sorted(set(first) & set(tones), key=lambda k: (int(k[0][1:]), k[1])):
            if first[key] != tones[key]:
                print(f"    {key[0]} {key[1]} (severity {tones[key][0]}): {first[key][1]} → {tones[key][1]}")


if __name__ == "__main__":
    main()
