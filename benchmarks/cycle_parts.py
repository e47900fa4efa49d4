"""Where the incremental 10k-post monitor cycle spends its CPU, part by part, on a copy of a 1M store.

``incidents.py`` prints each cycle step's wall time; on a shared two-core machine that mostly measures
the other jobs, and a profiler overstates code made of many small calls. This times the parts
directly: each function named in ``PARTS`` (and each ``queries/`` file read through ``db.query``) is
wrapped to add up its process time (inclusive: a part's time holds the parts it calls) and calls.
The store is prepared once as ``incidents.py --reuse`` does (copy, score from scratch, the first alert
evaluation, 10,000 new posts) and kept at ``--ready``; each run copies it and runs one cycle. It also
prints an md5 of the memberships, score rows, incident heads and alerts the cycle left, so that a
change meant only to be faster can be checked to leave the same store.

Reading the figures: the same cycle's CPU moves with the machine, not with the code. On this two-core
VM, at load 3.5 to 8, one store's cycle took 4.7 to 8.5 s CPU and best_match's identical 16,071 calls
1.11 to 1.92 s; a fixed pure-Python loop timed beside it moved up to 3x. Ruled out as causes (each
measured in alternating runs): DuckDB's thread count (1 or 2), glibc's malloc thresholds, a cold or
warm buffer pool, a checkpoint inside the cycle (its WAL grows 4.6 to 12.3 MB in incidents.py, 0 to
7.7 MB here: none is due), and what a process loads once (alerts.delivery's import, the bigram table:
under 0.1 s). Hence user and system CPU, involuntary context switches and minor page faults per run:
compare A and B in alternating runs at one load, by their lowest figures.
Run: ``.venv/bin/python benchmarks/cycle_parts.py [--reuse /tmp/inc1.duckdb] [--ready PATH] [--runs 2]``.
"""
from __future__ import annotations

import argparse
import hashlib
import os
import resource
import shutil
import subprocess
import sys
import time
from collections import defaultdict
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import incidents as bench  # noqa: E402  (benchmarks/incidents.py: the store's preparation)

from workbench import db  # noqa: E402
from workbench.alerts import engine  # noqa: E402
from workbench.incidents import centroids, clustering, cycle, membership, scoring  # noqa: E402

PARTS = [
    (clustering, ["unseen_posts", "_load_clusters", "_assign", "_persist", "merge_similar", "_absorb_candidates",
                  "retitle", "_praise", "_kin", "_keep_centroids", "_worth_an_incident", "_promote", "_place"]),
    (clustering._Space, ["_build_index", "best_match", "may_find"]),
    (membership, ["add_posts"]), (centroids, ["load", "save"]),
    (scoring, ["refresh", "_score", "score_frame", "_write"]),
    (engine, ["evaluate", "_level_alerts", "_volume_alerts", "_clock_alerts", "_incident_evidence", "_window_evidence"]),
]
# what the cycle leaves in the store: the same md5s before and after a change that is only faster
CHECKS = {
    "memberships": "SELECT incident_id, post_id FROM incident_posts ORDER BY ALL",
    "scores": 'SELECT incident_id, "at", heat, severity, level FROM incident_scores ORDER BY incident_id, "at"',
    "incidents": "SELECT id, title, employer, level, merged_into FROM incidents ORDER BY id",
    "alerts": "SELECT incident_id, rule, level, reason, notify FROM alerts ORDER BY id",
}


def prepare(reuse: str, ready: Path, new: int) -> datetime:
    """The store as the timed cycle finds it (kept at ``ready``); returns the cycle's time."""
    work = ready.with_suffix(".work.duckdb")
    args = argparse.Namespace(db=str(work), reuse=reuse, generated=None)
    con = bench._open_store(args)
    now = bench.full_rebuild(con, reuse, 0)
    engine.evaluate(con, now=now)
    first = con.execute("SELECT max(id) + 1 FROM posts").fetchone()[0]
    bench.build(con, first, new, new_at=now)
    con.execute("CHECKPOINT")
    db.close_all()
    shutil.move(work, ready)
    at = now + timedelta(hours=1)
    ready.with_suffix(".at").write_text(at.isoformat())
    return at


def instrument(parts: list = PARTS) -> tuple[dict[str, float], dict[str, int]]:
    """Wrap every part (``parts``: owner and function names) to add up its process time and calls;
    returns the two tallies."""
    spent: dict[str, float] = defaultdict(float)
    calls: dict[str, int] = defaultdict(int)

    def timed(f, label):
        def run(*a, **k):
            t = time.process_time()
            try:
                return f(*a, **k)
            finally:
                spent[label] += time.process_time() - t
                calls[label] += 1
        return run

    for owner, names in parts:
        for name in names:  # (a class's method labelled with the class: ``Carried.keep``)
            label = f"{owner.__name__}.{name}" if isinstance(owner, type) else name
            setattr(owner, name, timed(getattr(owner, name), label))
    query = db.query
    db.query = lambda name, *a, **k: timed(query, f"query {name}")(name, *a, **k)
    return spent, calls


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--reuse", default="/tmp/inc1.duckdb", help="a clustered 1M store (read only: copied)")
    ap.add_argument("--ready", default=str(Path(os.environ.get("TMPDIR", "/tmp")) / "cycle_parts.duckdb"),
                    help="the prepared store: made when missing, else reused")
    ap.add_argument("--runs", type=int, default=2)
    ap.add_argument("--new", type=int, default=10_000)
    args = ap.parse_args()
    ready = Path(args.ready)
    at = (datetime.fromisoformat(ready.with_suffix(".at").read_text()) if ready.exists()
          else prepare(args.reuse, ready, args.new))
    spent, calls = instrument()
    for run in range(args.runs):
        path = ready.with_suffix(f".run{run}.duckdb")
        shutil.copyfile(ready, path)
        os.environ["WORKBENCH_DB"] = str(path)
        con = db.connect(path)
        spent.clear()
        calls.clear()
        before, t, cpu = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter(), time.process_time()
        out = cycle.run(con, now=at)
        wall, cpu = time.perf_counter() - t, time.process_time() - cpu
        after = resource.getrusage(resource.RUSAGE_SELF)
        print(subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())
        print(f"run {run + 1}: CPU {cpu:.2f} s, wall {wall:.2f} s, steps {out['seconds']}; {out['joined']:,} joined, "
              f"{out['new_incidents']} new incidents, {out['scored']:,} scored, {out['alerts']} alerts")
        print(f"    user {after.ru_utime - before.ru_utime:.2f} s, system {after.ru_stime - before.ru_stime:.2f} s, "
              f"{after.ru_nivcsw - before.ru_nivcsw:,} involuntary context switches, "
              f"{after.ru_minflt - before.ru_minflt:,} minor page faults")
        for label, s in sorted(spent.items(), key=lambda kv: -kv[1]):
            if s >= 0.02:
                print(f"    {label:40s} {s:6.2f} s CPU  ({calls[label]:,} calls)")
        for name, sql in CHECKS.items():
            print(f"    md5 {name}: {hashlib.md5(str(con.execute(sql).fetchall()).encode()).hexdigest()}")
        db.close_all()
        path.unlink()


if __name__ == "__main__":
    main()
