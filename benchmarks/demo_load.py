"""Demo dataset: how long it takes to load, what it holds, and how the shipped models agree with
the generator's ground truth (``demo_truth``). Prints its figures; not a test.

    .venv/bin/python benchmarks/demo_load.py [--seed N] [--anchor YYYY-MM-DD]
"""
from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from workbench import db
from workbench.demo import DEFAULT_SEED, load_demo


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--anchor", default="2026-11-20")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        con = db.connect(Path(tmp) / "bench.duckdb")
        started = time.perf_counter()
        summary = load_demo(con, seed=args.seed, anchor=args.anchor)
        seconds = time.perf_counter() - started
        q = lambda sql: con.execute(sql).fetchall()  # noqa: E731
        print(f"load_demo: {seconds:.1f} s for {summary['posts']} posts, {summary['incidents']} incidents, "
              f"{summary['alerts']} alerts ({summary['start'][:10]} .. {summary['end'][:10]})")
        print("incident levels:", ", ".join(f"{t}={lv}" for t, lv in q("SELECT title, level FROM incidents ORDER BY id")))
        for field in ("sentiment", "category", "emotion"):
            agree, total = q(f"SELECT count(*) FILTER (WHERE t.{field} = l.{field}), count(*) "  # field: a constant
                             "FROM demo_truth t JOIN post_labels l USING (post_id)")[0]
            print(f"model vs demo truth, {field}: {agree / total:.1%} agree ({agree}/{total})")
        db.close_all()


if __name__ == "__main__":
    main()
