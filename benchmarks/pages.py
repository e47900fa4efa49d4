"""Benchmark: every page as a person uses it, in headless Chromium, on a 1M-post store; every query's median.

The store: ``--db PATH`` reuses a store (copied to a temporary file first, never changed in place;
migrated on open); without it, one is built as ``benchmarks/incidents.py`` builds it (1M posts with
analyses, clustered and scored, then one monitor cycle for alerts). Plans, roles, talking points,
statements, actions and reviews are written onto its largest incidents by the demo's own writers
(``workbench.demo.process``), and the demo accounts (analyst / leader / admin) are added. ``--small``
uses the demo store instead (runs in about a minute).

Then the app is started as the README says (``python -m workbench serve --port P``), Debian's
Chromium signs in as the analyst and opens every page from the sidebar, then uses its main control
(pick another incident, change the time range, open a tab, set a filter); each page is visited twice.
A step's time runs from the click until the page's title is drawn, Streamlit's script has stopped
(the ``data-test-script-state`` of the app root, watched by a MutationObserver: no sleeps) and the
page is drawn (no part still loading its code, every Plotly chart drawn).
Last, every query file in ``queries/`` runs on the store with parameters taken from it; its median
of several runs is printed. Targets: a page ≤ 1.5 s settled, a query ≤ 150 ms median.

Run: ``.venv/bin/python benchmarks/pages.py [--small | --db PATH | --posts N] [--pages-only | --queries-only]``.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))  # tests/browser.py: the browser helpers the page tests use

from workbench import db, vocab  # noqa: E402
from workbench.incidents import clustering, tone  # noqa: E402
from workbench.ingest.pipeline import SIGNING_BATCH_ROWS  # noqa: E402  (the batch index_signatures reads)

PAGE_TARGET = 1.5  # seconds, click to settled screen
QUERY_TARGET = 0.150  # seconds, median
# queries read only by the clustering cycle (incidents.clustering, .centroids, .carried), with $since its window's start
CLUSTERING_WINDOW_QUERIES = ("incident_cluster_spans", "incident_cluster_centroids", "incident_window_seen_posts",
                             "incident_term_frequency", "incident_author_clusters")
RESPONDED = 300  # incidents that get the demo's plans, statements, actions and reviews

# Page (sidebar title) → its main control, as a person uses it: (kind, label, choice)
PAGES = [
    ("态势总览", ("time_range", None, None)),
    ("采集监测", ("tab", "采集记录", None)),
    ("分类复核", ("select", "类别", "薪酬福利")),
    ("影响评估", ("select", "事件", "other")),
    ("预警汇报", ("tab", "日报与专报", None)),
    ("分析研判", ("select", "事件", "other")),
    ("应对策划", ("select", "事件", "other")),
    ("跟踪反馈", ("select", "事件", "other")),
    ("复盘总结", ("select", "事件", "other")),
    ("帖子检索", ("select", "情感", "负面")),
    ("案例库", ("tab", None, None)),
]

# ---------------------------------------------------------------- the store


def build_store(path: Path, posts: int) -> None:
    """A store as benchmarks/incidents.py builds it, clustered, scored and through one monitor cycle."""
    import incidents as bench  # benchmarks/incidents.py

    from workbench.incidents import cycle

    con = db.connect(path)
    for tier, name in enumerate(("央媒", "省媒", "地方媒体", "自媒体"), start=1):
        con.execute("INSERT INTO sources (name, media_tier) VALUES (?, ?)", [name, tier])
    t = time.perf_counter()
    now = bench.full_rebuild(con, None, posts)  # generate, cluster and score
    cycle.run(con, now=now + timedelta(minutes=5), cluster=False)
    print(f"store built: {posts:,} posts, clustered, scored and alerted in {time.perf_counter() - t:.0f} s")


def respond(con) -> int:
    """Give the largest incidents the demo's response records (plans, roles, talking points,
    statements, actions, reviews and lessons), written by the demo's own writers; returns how many."""
    from workbench.demo import process
    from workbench.demo.story import INCIDENTS

    if con.execute("SELECT count(*) FROM plans").fetchone()[0]:
        return 0
    owners = {inc.key: inc.owner for inc in INCIDENTS}
    specs = list(process.PLANS.items())
    rows = con.execute(
        "SELECT i.id, min(p.published_at) AS first FROM incidents i JOIN incident_posts ip ON ip.incident_id = i.id "
        "JOIN posts p ON p.id = ip.post_id WHERE i.merged_into IS NULL GROUP BY i.id ORDER BY count(*) DESC LIMIT ?",
        [RESPONDED]).fetchall()
    for n, (incident_id, first) in enumerate(rows):
        key, spec = specs[n % len(specs)]
        process._process(con, incident_id, owners.get(key), first, spec)  # the demo's writer of one incident's response
    return len(rows)


def prepare(path: Path) -> None:
    """Accounts and response records on the store (idempotent)."""
    from workbench.accounts import ensure_demo_accounts

    from workbench.monitor.schedule import save_schedule
    from workbench.nlp import registry

    con = db.connect(path)
    ensure_demo_accounts(con)
    save_schedule(con, enabled=False, every="15m", actor="admin")  # no monitor cycle amid the page timings
    registry.ensure_shipped(con)  # the store after its first use (a store from before migration 1300 notes its digest)
    t = time.perf_counter()
    n = respond(con)
    if n:
        print(f"response records written on {n} incidents in {time.perf_counter() - t:.0f} s")
    counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # table names from this list only
              for t in ("posts", "incidents", "incident_scores", "alerts", "plans", "statements", "actions", "reviews")}
    print("store: " + ", ".join(f"{k} {v:,}" for k, v in counts.items()))
    db.close_all()


def store_file(args) -> Path:
    work = Path(tempfile.mkdtemp(prefix="bench_pages_")) / "store.duckdb"
    if args.small:
        from workbench.demo import load_demo

        load_demo(db.connect(work), anchor="2026-11-20")
        db.close_all()
    elif args.db:
        shutil.copy(args.db, work)  # never change the given store
        wal = Path(str(args.db) + ".wal")
        if wal.exists():
            shutil.copy(wal, Path(str(work) + ".wal"))
    else:
        build_store(work, args.posts)
        db.close_all()
    prepare(work)
    return work

# ---------------------------------------------------------------- pages in Chromium

# Counts the app's script runs that have finished since the last reset (the app root's attribute), and
# keeps the titles shown at the reset. The observer watches the whole document: it keeps counting if
# the app root is drawn anew.
WATCH = """() => {
  window.__settled = 0;
  window.__from = [...document.querySelectorAll('h1')].map(h => h.textContent).join('|');
  if (window.__watch) return;
  window.__watch = new MutationObserver(() => {
    const app = document.querySelector('[data-testid="stApp"]');
    if (app && app.getAttribute('data-test-script-state') === 'notRunning') window.__settled += 1;
  });
  window.__watch.observe(document.body, {attributes: true, subtree: true, attributeFilter: ['data-test-script-state']});
}"""
# The screen's state as SETTLED and DRAWN read it, part by part (also printed when a page does not settle).
SCREEN = """() => {
  const charts = [...document.querySelectorAll('[data-testid="stPlotlyChart"]')];
  return {
    settled: window.__settled,
    before: window.__from ?? '',
    script: document.querySelector('[data-testid="stApp"]')?.getAttribute('data-test-script-state'),
    titles: [...document.querySelectorAll('h1')].map(h => h.textContent),
    skeletons: document.querySelectorAll('[data-testid="stSkeleton"]').length,
    charts: charts.length,
    charts_drawn: charts.filter(c => c.querySelector('.main-svg')).length,
  };
}"""
# Drawn: no element still waiting for its code (Streamlit shows a skeleton while a lazily loaded part such
# as the Plotly chart or the table loads; Plotly's 4.7 MB takes ~1 s of the browser's CPU the first time)
# and every Plotly chart drawn. Without this, a step ended while the browser was still drawing it, and
# that drawing (the sign-in's first chart, most of all) was counted in the next click.
IS_DRAWN = "s.skeletons === 0 && s.charts_drawn === s.charts"  # (of a SCREEN state ``s``)
DRAWN = f"(s => {IS_DRAWN})(({SCREEN})())"
# A click to another page has run once its title is drawn (the page's own script draws it); a rerun of
# the same page, once a finished run was counted. Two runs of 7 on 2026-12-07 waited 180 s on a page
# drawn whole and at rest (案例库, 影响评估): its run had ended without the watch counting it.
SETTLED = f"""(title) => (s => (s.settled > 0 || !s.before.includes(title))
  && s.script === 'notRunning'
  && s.titles.some(t => t.includes(title))
  && {IS_DRAWN})(({SCREEN})())"""
# Printed when a page does not settle (a page that hangs, or a run the watch did not see): the screen
# and any error the page shows
UNSETTLED = f"""() => ({{...({SCREEN})(),
  exceptions: [...document.querySelectorAll('[data-testid="stException"]')].map(e => e.textContent.slice(0, 200))}})"""


def timed(page, title: str, act) -> float:
    """Seconds from ``act()`` until ``title`` is drawn and the script run it caused has stopped."""
    page.evaluate(WATCH)
    t = time.perf_counter()
    act()
    try:
        page.wait_for_function(SETTLED, arg=title, timeout=180_000)
    except Exception:
        shot = Path(tempfile.gettempdir()) / "pages-unsettled.png"
        print(f"  {title} did not settle: {page.evaluate(UNSETTLED)}; screenshot {shot}", flush=True)
        page.screenshot(path=str(shot), full_page=True)
        raise
    return time.perf_counter() - t


def control(page, title: str, spec) -> tuple[str, float | None]:
    """Use the page's main control; returns (what was done, seconds or None when it causes no rerun)."""
    kind, label, choice = spec
    main = page.get_by_test_id("stMain")
    if kind == "tab":
        tabs = main.get_by_role("tab")
        if not tabs.count():
            return "—", None
        tab = tabs.filter(has_text=label).first if label else tabs.nth(min(1, tabs.count() - 1))
        t = time.perf_counter()
        tab.click()  # tabs switch in the browser: no script run; time until the panel shows
        main.get_by_role("tabpanel").first.wait_for(state="visible")
        return f"标签「{tab.inner_text().strip()}」", time.perf_counter() - t
    if kind == "time_range":  # the sidebar's range: the start day moved by a week, typed as a person does
        day = page.get_by_test_id("stSidebar").get_by_role("spinbutton", name="day, 时间范围 start date")
        now = int(day.get_attribute("aria-valuenow"))
        moved = now + 7 if now <= 21 else now - 7

        def act():
            from playwright.sync_api import expect

            day.click()
            page.keyboard.type(f"{moved:02d}")
            # the field holds the typed day before it is left (else nothing would rerun: say so, not a 180 s wait)
            expect(day).to_have_attribute("aria-valuenow", str(moved))
            page.keyboard.press("Escape")  # the calendar that opened with the field closes
            page.get_by_test_id("stSidebar").get_by_text("时间范围").first.click()  # leaving the field applies it
        return f"时间范围起始日 {now} → {moved}", timed(page, title, act)
    box = main.get_by_test_id("stSelectbox").filter(has_text=label).first
    if not box.count():
        return "—", None

    def act():
        box.click()
        options = page.get_by_role("option")
        options.first.wait_for()
        # an incident other than the one shown (a person picks a different one)
        (page.locator('[role="option"][aria-selected="false"]').first if choice == "other"
         else options.filter(has_text=choice).first).click()
    return f"选择「{label}」", timed(page, title, act)


def run_pages(path: Path) -> list[tuple[str, float, float, str, float | None]]:
    """Start the app on ``path`` and time every page; returns (title, first, second, control, seconds)."""
    from playwright.sync_api import sync_playwright

    from browser import launch, login, wait_healthy
    from conftest import free_port

    port = free_port()
    env = dict(os.environ, WORKBENCH_DB=str(path))
    log = open(path.parent / "server.log", "w+", encoding="utf-8")  # a file, not a pipe nobody reads (it fills and blocks the server)
    proc = subprocess.Popen([sys.executable, "-m", "workbench", "serve", "--port", str(port),
                             "--option", "server.fileWatcherType=none"],
                            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}"
    results = {}
    try:
        t = time.perf_counter()
        wait_healthy(url, proc, timeout=600)
        print(f"server healthy after {time.perf_counter() - t:.1f} s")
        playwright = sync_playwright().start()
        b = launch(playwright)
        page = b.new_page(viewport={"width": 1400, "height": 1000})
        t = time.perf_counter()
        login(page, url, "analyst")
        page.wait_for_function(f"() => {DRAWN}", timeout=180_000)
        print(f"signed in (first run of 态势总览 included, drawn) in {time.perf_counter() - t:.1f} s")
        nav = page.get_by_test_id("stSidebarNav")
        for visit in (0, 1):
            for title, spec in PAGES:
                link = nav.get_by_role("link", name=title)
                seconds = timed(page, title, link.click)
                row = results.setdefault(title, [None, None, "—", None])
                row[visit] = seconds
                if visit == 0:
                    row[2], row[3] = control(page, title, spec)
                print(f"  {'first' if visit == 0 else 'second'} visit {title}: {seconds:.2f} s", flush=True)
        b.close()
        playwright.stop()
    except Exception:
        log.seek(0)
        print("server output (last lines):\n" + "".join(log.readlines()[-40:]))
        raise
    finally:
        proc.terminate()
        proc.wait(timeout=60)
        log.close()
    return [(t, *row) for t, row in results.items()]


def print_pages(rows) -> None:
    print(f"\npages (click → title drawn, script stopped, charts drawn; target ≤ {PAGE_TARGET} s):")
    print(f"  {'page':<8} {'first':>7} {'second':>7}   main control")
    for title, first, second, what, seconds in rows:
        mark = lambda s: "" if s is None or s <= PAGE_TARGET else " ✗"  # noqa: E731
        ctl = "no rerun" if seconds is None else f"{seconds:.2f} s{mark(seconds)}"
        print(f"  {title:<8} {first:>6.2f}s{mark(first):2} {second:>6.2f}s{mark(second):2}  {what}: {ctl}")

# ---------------------------------------------------------------- queries


def query_values(con) -> dict:
    """Parameters for every query, taken from the store: its largest incident, latest 30 days …"""
    one = lambda sql: (con.execute(sql).fetchone() or [None])[0]  # noqa: E731
    end = one("SELECT max(published_at) FROM posts WHERE published_at < now() + INTERVAL 1 DAY")
    incident = one("SELECT incident_id FROM incident_posts GROUP BY 1 ORDER BY count(*) DESC LIMIT 1")
    post = one(f"SELECT min(post_id) FROM incident_posts WHERE incident_id = {int(incident or 0)}")
    posts = [r[0] for r in con.execute("SELECT id FROM posts ORDER BY id DESC LIMIT 500").fetchall()]
    incidents = [r[0] for r in con.execute("SELECT id FROM incidents ORDER BY id DESC LIMIT 200").fetchall()]
    return {
        "incident_id": incident, "post_id": post, "start": end - timedelta(days=30), "end": end,
        "since": end - timedelta(days=7), "until": end, "now": end, "as_of": end, "after": 0,
        "prev_start": end - timedelta(days=60), "fold_before": end - timedelta(days=7),
        "limit": 50, "open_statuses": list(vocab.OPEN_STATUSES), "ids": incidents, "incident_ids": incidents,
        "post_ids": posts, "candidates": incidents, "levels": list(vocab.LEVELS), "categories": list(vocab.CATEGORIES),
        "alert_id": one("SELECT max(id) FROM alerts"), "thread_id": one("SELECT max(id) FROM alerts"),
        "statement_id": one("SELECT max(id) FROM statements"), "batch_id": one("SELECT max(id) FROM ingest_batches"),
        "employer": one("SELECT employer FROM posts WHERE employer IS NOT NULL LIMIT 1"),
        "name": "analyst", "after_id": 0, "reanalyze": False, "only_unreviewed": False, "acknowledged": None,
        "table_name": "alerts", "pattern": "张%", "originals": [], "parents": [], "top_terms": 8, "rules": None,
        "urls": [], "scope": "global", "batch_rows": SIGNING_BATCH_ROWS, "version": one("SELECT max(version) FROM model_versions"),
        **tone.story_patterns(),  # ($rescue, $harm: what incident_tone_counts reads posts' texts for)
    }


def window_values(values: dict) -> dict:
    """The evidence queries of a cycle's alerts take lists of windows ($scope_keys[n] in [$since[n],
    $until[n])), not the pages' one range: the last day of the 200 latest incidents, of every category.
    The clustering cycle's queries take its window's start."""
    since, until = values["end"] - timedelta(days=1), values["end"]
    def windows(keys):
        return {"scope_keys": keys, "since": [since] * len(keys), "until": [until] * len(keys)}
    # the clustering cycle's queries read its window (the posts of the last WINDOW_HOURS before its new
    # posts), not the pages' seven days: a monitor cycle, a rebuild and keep_centroids all pass that start
    clustered = {"since": values["end"] - timedelta(hours=clustering.WINDOW_HOURS)}
    return {"alert_window_posts_of_incidents": windows([str(i) for i in values["incident_ids"]]),
            "alert_window_posts_of_categories": windows(list(values["categories"])),
            **{name: clustered for name in CLUSTERING_WINDOW_QUERIES}}


def run_queries(path: Path, repeat: int) -> list[tuple[str, float | None, str]]:
    con = db.connect(path)
    values = query_values(con)
    per_query = window_values(values)
    out = []
    for name in db.query_names():
        params = {p: values.get(p) for p in db.query_params(name)} | per_query.get(name, {})
        try:
            times = []
            for _ in range(repeat):
                t = time.perf_counter()
                n = len(db.query(name, con, **params))
                times.append(time.perf_counter() - t)
                if times[-1] > 5:  # a slow query's median needs no more runs to be above target
                    break
            out.append((name, statistics.median(times), f"{n:,} rows"))
        except Exception as e:  # a query this store cannot feed: say so, go on
            out.append((name, None, f"error: {str(e).splitlines()[0][:80]}"))
    db.close_all()
    return out


def print_queries(rows) -> None:
    timed_rows = sorted((r for r in rows if r[1] is not None), key=lambda r: -r[1])
    over = [r for r in timed_rows if r[1] > QUERY_TARGET]
    print(f"\nqueries (median; target ≤ {QUERY_TARGET * 1000:.0f} ms): {len(timed_rows)} timed, {len(over)} above target")
    for name, seconds, note in timed_rows:
        print(f"  {name:<34} {seconds * 1000:>8.1f} ms{' ✗' if seconds > QUERY_TARGET else '  '}  {note}")
    for name, _, note in rows:
        if note.startswith("error"):
            print(f"  {name:<34}      —        {note}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--small", action="store_true", help="the demo store (about a minute)")
    ap.add_argument("--db", help="reuse this store (copied first; migrated)")
    ap.add_argument("--posts", type=int, default=1_000_000, help="posts of a built store")
    ap.add_argument("--repeat", type=int, default=5, help="runs per query")
    ap.add_argument("--pages-only", action="store_true")
    ap.add_argument("--queries-only", action="store_true")
    args = ap.parse_args()
    print(f"load: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f} (1/5/15 min)")
    path = store_file(args)
    try:
        if not args.queries_only:
            print_pages(run_pages(path))
        if not args.pages_only:
            print_queries(run_queries(path, args.repeat))
    finally:
        shutil.rmtree(path.parent, ignore_errors=True)
    print(f"load: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f} (1/5/15 min)")


if __name__ == "__main__":
    main()
