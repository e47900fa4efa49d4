"""Benchmark: cluster and score a 1,000,000-post store, then an incremental cycle over 10,000 new posts.

The store is generated with DuckDB SQL (posts with analyses: keywords, sentiment, category, risk),
3,000 events of a few hundred posts each (with repost chains to each event's first post) and 40 %
unrelated noise, spread over 30 days. Prints the time of the full run (clustering + scoring every
incident's hourly history) and of an incremental cycle (target: at most 5 s), with and without the
alerts step. First it prints the grouping quality on the hand-written scenario weeks
(tests/incidents/scenarios: S1 is the week the settings were tuned on, S2, S3 and S4 were not;
S4 was written by the engineer who tuned, before any change, and kept blind): B-cubed
precision / recall / F1, the share of background posts placed in an incident, the alerts of each
event's first cycle, and per event the share of its posts in its largest incident.
Run: ``.venv/bin/python benchmarks/incidents.py [--posts N] [--new N] [--db PATH] [--scenarios-only]``.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from workbench import db  # noqa: E402
from workbench.incidents import clustering, cycle, scoring  # noqa: E402

TZ = ZoneInfo("Asia/Shanghai")
END = datetime(2026, 11, 20, 22, 0, tzinfo=TZ)
DAYS = 30
START = END - timedelta(days=DAYS)
EVENTS = 3000

GENERATE = """
INSERT INTO posts (id, source_id, platform, external_id, text, text_masked, published_at, reposts, comments, likes,
                   views, parent_external_id, content_hash, employer)
WITH base AS (
    SELECT i, hash(i, 'kind') % 10 < 6 AS in_event, hash(i, 'event') % $events AS event,
           (hash(i, 'r1') % 1000000) / 1000000.0 AS r1, (hash(i, 'r2') % 1000000) / 1000000.0 AS r2
    FROM range($first, $first + $n) t(i)
), placed AS (
    SELECT *,
           CASE WHEN in_event
                THEN $start + to_seconds(CAST((hash(event, 'start') % ($days * 86400)) AS BIGINT))
                     + to_seconds(CAST(r1 * r1 * 172800 AS BIGINT))
                ELSE $start + to_seconds(CAST(r1 * $days * 86400 AS BIGINT)) END AS ts
    FROM base
), seeded AS (
    SELECT *, min(i) OVER (PARTITION BY CASE WHEN in_event THEN event END) AS seed FROM placed
)
SELECT i, 1 + hash(i, 'src') % 4, '微博', 'p' || i,
       CASE WHEN in_event THEN '员工反映某公司' || event || '号事件，涉及' || (hash(event) % 500) || '名员工'
            ELSE '随手记录的一条帖子' || i END AS text,
       text,
       least(ts, $end),
       CAST(-ln(1 - r2) * 20 AS BIGINT), CAST(-ln(1 - r1 * 0.99) * 30 AS BIGINT),
       CAST(-ln(1 - r2 * 0.99) * 200 AS BIGINT), CAST(-ln(1 - r1 * 0.99) * 2000 AS BIGINT),
       CASE WHEN in_event AND i <> seed AND hash(i, 'rp') % 5 = 0 THEN 'p' || seed END,
       md5(CAST(i AS VARCHAR)),
       CASE WHEN in_event THEN '雇主' || (event % 800) ELSE '雇主' || (hash(i, 'emp') % 2000) END
FROM seeded
WHERE ts <= $end
"""

# New posts in the hour after the store's end: 60 % about events active in the last two days, the rest noise.
NEW_POSTS = """
INSERT INTO posts (id, source_id, platform, external_id, text, text_masked, published_at, reposts, comments, likes,
                   views, parent_external_id, content_hash, employer)
WITH active AS (
    SELECT e AS event, row_number() OVER (ORDER BY e) - 1 AS k, count(*) OVER () AS n_active
    FROM range($events) t(e)
    WHERE $start + to_seconds(CAST((hash(e, 'start') % ($days * 86400)) AS BIGINT)) >= $end - INTERVAL 2 DAY
), base AS (
    SELECT i, hash(i, 'kind') % 10 < 6 AS in_event, (hash(i, 'r1') % 1000000) / 1000000.0 AS r1
    FROM range($first, $first + $n) t(i)
)
SELECT i, 1 + hash(i, 'src') % 4, '微博', 'p' || i,
       CASE WHEN in_event THEN '员工反映某公司' || a.event || '号事件，涉及' || (hash(a.event) % 500) || '名员工'
            ELSE '随手记录的一条帖子' || i END AS text,
       text, $end + to_seconds(CAST(r1 * 3599 AS BIGINT)),
       CAST(r1 * 50 AS BIGINT), CAST(r1 * 80 AS BIGINT), CAST(r1 * 500 AS BIGINT), CAST(r1 * 5000 AS BIGINT),
       NULL, md5(CAST(i AS VARCHAR)),
       CASE WHEN in_event THEN '雇主' || (a.event % 800) ELSE '雇主' || (hash(i, 'emp') % 2000) END
FROM base b
LEFT JOIN active a ON b.in_event AND a.k = hash(b.i, 'event') % a.n_active
"""

ANALYSES = """
INSERT INTO analyses (post_id, sentiment, category, risk_level, keywords, risk_terms, model_version)
SELECT p.id,
       CASE WHEN hash(p.id, 's') % 10 < 6 THEN '负面' WHEN hash(p.id, 's') % 10 < 9 THEN '中性' ELSE '正面' END,
       $categories[1 + CAST(hash(p.employer) % 10 AS INTEGER)],
       2 + CAST(hash(p.id, 'risk') % 3 AS INTEGER),
       CASE WHEN p.text LIKE '员工反映%'
            THEN ['事件词' || (hash(p.text) % 100000), '话题' || (hash(p.text, 'b') % 100000),
                  '诉求' || (hash(p.text, 'c') % 100000), '词' || (hash(p.id, 'w') % 20000)]
            ELSE ['词' || (hash(p.id, 'a') % 20000), '词' || (hash(p.id, 'b') % 20000),
                  '词' || (hash(p.id, 'c') % 20000), '词' || (hash(p.id, 'd') % 20000)] END,
       [], 'bench'
FROM posts p WHERE p.id >= $first
"""


def build(con, first: int, n: int, *, new: bool = False) -> None:
    """Generate ``n`` posts from id ``first`` with their analyses (``new``: the hour after END)."""
    from workbench import vocab

    with db.transaction(con) as cur:
        sql = NEW_POSTS if new else GENERATE
        params = {"first": first, "n": n, "events": EVENTS, "days": DAYS, "start": START, "end": END}
        cur.execute(sql, {k: v for k, v in params.items() if f"${k}" in sql})
        cur.execute(ANALYSES, {"first": first, "categories": list(vocab.CATEGORIES)})


def timed_run(con, now: datetime) -> tuple[dict, float, int, float]:
    """Cluster unseen posts, then bring scores up to ``now``; return results and seconds of each."""
    t = time.perf_counter()
    res = clustering.cluster(con, now=now)
    t_cluster = time.perf_counter() - t
    t = time.perf_counter()
    scored = scoring.refresh(con, res["changed_since"], now=now)
    return res, t_cluster, scored, time.perf_counter() - t


SCENARIOS = Path(__file__).resolve().parent.parent / "tests" / "incidents" / "scenarios"


def scenario_figures() -> None:
    """Grouping quality on each hand-written week, replayed cycle by cycle every 6 hours."""
    from workbench.incidents import evaluation

    for folder in sorted(p for p in SCENARIOS.iterdir() if (p / "posts.jsonl").exists()):
        scenario = evaluation.load_scenario(folder)
        path = Path(tempfile.mkdtemp()) / f"{folder.name}.duckdb"
        con = db.connect(path)
        t = time.perf_counter()
        ids = evaluation.load_into(con, scenario)
        results = evaluation.run_week(con, scenario)
        fig = evaluation.grouping_figures(scenario, ids, evaluation.incident_of_posts(con))
        # alert rows per incident thread over the whole week (each row is one change of the thread)
        per_thread = [n for (n,) in con.execute("SELECT count(*) FROM alerts WHERE incident_id IS NOT NULL "
                                                "GROUP BY incident_id").fetchall()]
        tuned = " (tuning week)" if folder.name == "S1" else ""
        print(f"scenario {folder.name}{tuned}: {len(scenario.posts)} posts, {len(scenario.events)} events → "
              f"{con.execute('SELECT count(*) FROM incidents WHERE merged_into IS NULL').fetchone()[0]} incidents; "
              f"B-cubed P {fig['bcubed_precision']:.3f} R {fig['bcubed_recall']:.3f} F1 {fig['bcubed_f1']:.3f} (target ≥ 0.85); "
              f"background placed {fig['background_placed']:.1%} (target ≤ 5 %); alert thread changes per incident over "
              f"the week: max {max(per_thread, default=0)}, {sum(per_thread)} in all; {len(results)} cycles in "
              f"{time.perf_counter() - t:.0f} s")
        for event in scenario.events:
            c = fig["events"][event["id"]]
            print(f"    {event['id']} {event['title']}: {c['posts']} posts, {c['share']:.0%} in its largest incident, "
                  f"spread over {c['incidents']} incident(s)")
        db.close_all()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--posts", type=int, default=1_000_000)
    ap.add_argument("--new", type=int, default=10_000)
    ap.add_argument("--db", help="store file (default: a temporary one)")
    ap.add_argument("--scenarios-only", action="store_true", help="print the scenario figures and stop")
    args = ap.parse_args()
    scenario_figures()
    if args.scenarios_only:
        return
    path = Path(args.db) if args.db else Path(tempfile.mkdtemp()) / "bench.duckdb"
    if path.exists():
        path.unlink()
    os.environ["WORKBENCH_DB"] = str(path)
    con = db.connect(path)
    for tier, name in enumerate(("央媒", "省媒", "地方媒体", "自媒体"), start=1):
        con.execute("INSERT INTO sources (name, media_tier) VALUES (?, ?)", [name, tier])

    t = time.perf_counter()
    build(con, 1, args.posts)
    total = con.execute("SELECT count(*) FROM posts").fetchone()[0]
    print(f"store: {total:,} posts with analyses generated in {time.perf_counter() - t:.1f} s")

    res, t_cluster, scored, t_score = timed_run(con, END)
    rows = con.execute("SELECT count(*) FROM incident_scores").fetchone()[0]
    placed = con.execute("SELECT count(*) FROM incident_posts").fetchone()[0]
    print(f"full run: cluster {t_cluster:.1f} s ({res['new_incidents']:,} incidents, {placed:,} posts placed, "
          f"{res['candidates']:,} candidates), score {t_score:.1f} s ({scored:,} incidents, {rows:,} hourly rows); "
          f"total {t_cluster + t_score:.1f} s")

    # 10,000 new posts in the hour after the store's end: events go on, noise continues
    now = END + timedelta(hours=1)
    build(con, 10_000_000, args.new, new=True)
    extra = con.execute("SELECT count(*) FROM posts WHERE id >= 10000000").fetchone()[0]

    res, t_cluster, scored, t_score = timed_run(con, now)
    print(f"incremental: {extra:,} new posts: cluster {t_cluster:.2f} s ({res['joined']:,} joined open incidents, "
          f"{res['new_incidents']:,} new incidents), score {t_score:.2f} s ({scored:,} open incidents); "
          f"total {t_cluster + t_score:.2f} s (target ≤ 5 s)")

    t = time.perf_counter()
    out = cycle.run(con, now=now + timedelta(minutes=5))
    print(f"cycle.run with alerts and delivery, nothing new: {time.perf_counter() - t:.2f} s ({out})")
    db.close_all()


if __name__ == "__main__":
    main()
