"""Where the full rebuild (``rebuild.rebuild``) spends its CPU, part by part, on the first days of a generated store.

The full rebuild over the 1M store (``incidents.py --rebuild-only``) takes ~8 minutes on a quiet machine; this
runs the same cycles over the first ``--days`` of its post time (a minute or two) and times the parts as
``cycle_parts`` does (inclusive process time and calls of each function named in ``PARTS`` and each
``queries/`` file), so that it can be told which part is work per post (``_assign``: each post's search)
and which is work each cycle repeats over the whole window (absorbing left-over candidates, merging,
indexing, carrying the clusters, titles, the store's statements). It prints the CPU of each cycle once the
window is full (the rebuild's steady state: the month's other cycles cost about as much) and an md5 of
the memberships and incident heads left, so that a change meant only to be faster can be checked to
leave the same store. ``--every``: the cycles' spacing in hours (default ``rebuild.EVERY_HOURS``).
Run: ``.venv/bin/python benchmarks/rebuild_parts.py [--generated /tmp/gen1m.duckdb] [--work PATH]
[--days 6] [--every 6]``.
"""
from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import statistics
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import cycle_parts  # noqa: E402  (benchmarks/cycle_parts.py: the instrumenting and the store checks)
import incidents as bench  # noqa: E402  (benchmarks/incidents.py: the generated store's month)

from workbench import db  # noqa: E402
from workbench.incidents import carried, clustering, rebuild  # noqa: E402

PARTS = [*cycle_parts.PARTS[:3], (carried.Carried, ["clusters", "keep"]),
         (clustering, ["post_terms", "keep_centroids"])]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--generated", default="/tmp/gen1m.duckdb", help="a generated, never clustered store (copied)")
    ap.add_argument("--work", default=str(Path(os.environ.get("TMPDIR", "/tmp")) / "rebuild_parts.duckdb"),
                    help="where the copy is clustered (replaced, removed at the end)")
    ap.add_argument("--days", type=float, default=6.0, help="days of post time from the month's start")
    ap.add_argument("--every", type=float, default=rebuild.EVERY_HOURS, help="hours of post time per cycle")
    args = ap.parse_args()
    work = Path(args.work)
    shutil.copyfile(args.generated, work)
    os.environ["WORKBENCH_DB"] = str(work)
    con = db.connect(work)
    spent, calls = cycle_parts.instrument(PARTS)
    cycles: list[tuple[object, int, float]] = []  # (cycle time, posts seen, CPU s)
    place = clustering.cluster

    def timed_cycle(*a, **k):
        t = time.process_time()
        out = place(*a, **k)
        cycles.append((k.get("now"), out["posts_seen"], time.process_time() - t))
        return out

    clustering.cluster = timed_cycle
    print(subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())
    t, cpu = time.perf_counter(), time.process_time()
    out = rebuild.rebuild(con, now=bench.START + timedelta(days=args.days), every_hours=args.every)
    wall, cpu = time.perf_counter() - t, time.process_time() - cpu
    print(subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())
    print(f"rebuild of {args.days:g} days every {args.every:g} h: CPU {cpu:.2f} s, wall {wall:.2f} s; "
          f"{out['cycles']} cycles, {out['posts_seen']:,} posts seen, {out['joined']:,} joined, "
          f"{out['new_incidents']:,} incidents opened, {out['merged']:,} merged")
    search = spent.get("_assign", 0.0)
    print(f"    per post (each post's search, _assign): {search:.2f} s CPU ({search / cpu:.0%}), "
          f"{1000 * search / max(out['posts_seen'], 1):.3f} ms a post")
    for label, s in sorted(spent.items(), key=lambda kv: -kv[1]):
        if s >= 0.05:
            print(f"    {label:40s} {s:6.2f} s CPU  ({calls[label]:,} calls)")
    # once the window is full, each cycle reads and passes over as many clusters as the month's later ones
    full = [c for c in cycles if c[1] and c[0] >= cycles[0][0] + timedelta(hours=clustering.WINDOW_HOURS)]
    if full:
        print(f"    cycles with a full window: {len(full)}, CPU median {statistics.median(c[2] for c in full):.2f} s "
              f"for a median {statistics.median(c[1] for c in full):,.0f} posts")
    for name in ("memberships", "incidents"):
        print(f"    md5 {name}: {hashlib.md5(str(con.execute(cycle_parts.CHECKS[name]).fetchall()).encode()).hexdigest()}")
    db.close_all()
    work.unlink()


if __name__ == "__main__":
    main()
