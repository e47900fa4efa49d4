"""Dump each tuning-week post's incident, to check that a speed change keeps the grouping exactly.

Replays each tuning week (``incidents.TUNING_WEEKS``; never a blind one) twice — the monitor's cycle
every 6 hours (``evaluation.run_week``) and a from-scratch ``rebuild.rebuild`` — and writes, per week
and mode, every scenario post's incident id, the incidents' heads (title, employer, category,
polarity, merged_into) and the B-cubed F1. ``--compare OLD.json`` then lists what differs from an
earlier dump (nothing, for a change that only makes the grouping faster). The analysed stores are
cached in ``--cache`` (loading and analysing a week costs more than replaying it).
Run: ``.venv/bin/python benchmarks/grouping_dump.py OUT.json [--weeks S1,S2] [--modes replay,rebuild]
[--compare OLD.json] [--cache DIR]``.
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from incidents import SCENARIOS, TUNING_WEEKS  # noqa: E402

from workbench import db  # noqa: E402
from workbench.incidents import evaluation, rebuild  # noqa: E402


def loaded_store(week: str, cache: Path) -> tuple[Path, dict[str, int], datetime]:
    """The week's posts ingested and analysed (cached), scenario post id → store post id, and the moment
    they were loaded. A week written ahead of the calendar is moved back by whole weeks as of that moment
    (``evaluation.load_scenario``): hours later the move can be a week shorter, and a replay timed from
    a fresh reading would run its cycles a week after the stored posts (S52, 2026-12-06: F1 0.895 → 0.814).
    A cached store without its moment (written before it was kept) is loaded again."""
    store, ids_file, at_file = cache / f"{week}.duckdb", cache / f"{week}.ids.json", cache / f"{week}.loaded_at"
    if not (store.exists() and ids_file.exists() and at_file.exists()):
        store.unlink(missing_ok=True)
        at = datetime.now().astimezone()
        con = db.connect(store)
        ids = evaluation.load_into(con, evaluation.load_scenario(SCENARIOS / week, today=at))
        con.execute("CHECKPOINT")
        db.close_all()
        ids_file.write_text(json.dumps({str(k): int(v) for k, v in ids.items()}))
        at_file.write_text(at.isoformat())
    return store, json.loads(ids_file.read_text()), datetime.fromisoformat(at_file.read_text())


def dump_week(week: str, modes: list[str], cache: Path) -> dict:
    store, ids, loaded_at = loaded_store(week, cache)
    scenario = evaluation.load_scenario(SCENARIOS / week, today=loaded_at)
    out = {}
    for mode in modes:
        t = time.perf_counter()
        folder = Path(tempfile.mkdtemp())
        shutil.copyfile(store, folder / "week.duckdb")
        con = db.connect(folder / "week.duckdb")
        if mode == "replay":
            evaluation.run_week(con, scenario)
        else:
            rebuild.rebuild(con, now=scenario.end)
        holder = evaluation.incident_of_posts(con)
        heads = con.execute("SELECT id, title, employer, category, polarity, merged_into FROM incidents ORDER BY id").fetchall()
        store_ids = {sid: ids.get(str(sid)) for sid in scenario.posts["id"]}
        figures = evaluation.grouping_figures(scenario, {s: i for s, i in store_ids.items() if i is not None}, holder)
        out[mode] = {"posts": {str(s): holder.get(i) for s, i in store_ids.items()},
                     "incidents": [[str(x) for x in h] for h in heads],
                     "f1": round(figures["bcubed_f1"], 6), "seconds": round(time.perf_counter() - t, 1)}
        db.close_all()
        shutil.rmtree(folder)
    return out


def compare(old: dict, new: dict) -> int:
    """Print what differs between two dumps; returns how many week × mode pairs differ."""
    differ = 0
    for week in new:
        for mode, run in new[week].items():
            was = old.get(week, {}).get(mode)
            if was is None:
                print(f"{week} {mode}: not in the old dump")
                continue
            moved = [p for p in run["posts"] if run["posts"][p] != was["posts"].get(p)]
            heads = run["incidents"] != was["incidents"]
            if moved or heads:
                differ += 1
            print(f"{week} {mode}: {'same' if not moved and not heads else 'DIFFERENT'} "
                  f"({len(moved)} posts elsewhere, incident heads {'differ' if heads else 'same'}; "
                  f"F1 {was['f1']} → {run['f1']})")
    return differ


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--weeks", help="tuning weeks only, comma-separated (default: all of them)")
    ap.add_argument("--modes", default="replay,rebuild")
    ap.add_argument("--compare", help="an earlier dump to compare with")
    ap.add_argument("--cache", default=str(Path(tempfile.gettempdir()) / "grouping_dump"))
    args = ap.parse_args()
    weeks = args.weeks.split(",") if args.weeks else list(TUNING_WEEKS)
    blind = [w for w in weeks if w not in TUNING_WEEKS]
    if blind:
        sys.exit(f"not tuning weeks (never replay a blind week here): {', '.join(blind)}")
    cache = Path(args.cache)
    cache.mkdir(parents=True, exist_ok=True)
    dump = {}
    for week in weeks:
        dump[week] = dump_week(week, args.modes.split(","), cache)
        print(week, {m: (r["f1"], r["seconds"]) for m, r in dump[week].items()}, flush=True)
    Path(args.out).write_text(json.dumps(dump, ensure_ascii=False, sort_keys=True))
    if args.compare:
        differ = compare(json.loads(Path(args.compare).read_text()), dump)
        print("grouping identical" if not differ else f"{differ} week/mode pair(s) differ")


if __name__ == "__main__":
    main()
