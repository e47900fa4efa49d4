"""Writes that survive concurrency: sessions are threads on one DuckDB connection, and two
transactions changing the same row make DuckDB roll one back ("Conflict on update"). The write
path retries that transaction, so nobody sees the conflict and nothing is saved twice."""
import threading

import pytest
from conftest import audit_rows

from workbench import db
from workbench.access import Actor
from workbench.incidents import levels
from workbench.labels import corrections

THREADS = 20
WRITES_EACH = 10


def _all_at_once(work) -> list[BaseException]:
    """Run ``work(i)`` in THREADS threads released together; the exceptions they raised."""
    start = threading.Barrier(THREADS)
    errors: list[BaseException] = []

    def run(i: int) -> None:
        start.wait()
        try:
            work(i)
        except BaseException as e:  # collected, so the test reports every one
            errors.append(e)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors


@pytest.fixture
def busy_incident(demo_store):
    """The demo incident with the most posts: every write below touches it."""
    return demo_store.execute(
        "SELECT incident_id FROM incident_posts GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1").fetchone()[0]


def test_twenty_threads_changing_one_incidents_level_each_save_every_write_once(demo_store, db_path, busy_incident):
    overrides_before = demo_store.execute(
        "SELECT count(*) FROM incident_level_overrides WHERE incident_id = ?", [busy_incident]).fetchone()[0]
    audits_before = len(audit_rows(demo_store, "incidents"))

    def work(i: int) -> None:
        analyst = Actor(f"分析员{i:02d}", "analyst")
        for n in range(WRITES_EACH):
            db.retry_on_conflict(levels.set_level_override, db.cursor(db_path), busy_incident,
                                 ("Ⅰ", "Ⅱ", "Ⅲ", "Ⅳ")[(i + n) % 4], f"第 {n} 次研判", analyst)

    assert _all_at_once(work) == []
    overrides = demo_store.execute(
        "SELECT actor, count(*) FROM incident_level_overrides WHERE incident_id = ? AND actor LIKE '分析员%' GROUP BY 1",
        [busy_incident]).fetchall()
    assert sorted(overrides) == [(f"分析员{i:02d}", WRITES_EACH) for i in range(THREADS)]
    assert demo_store.execute("SELECT count(*) FROM incident_level_overrides WHERE incident_id = ?",
                              [busy_incident]).fetchone()[0] == overrides_before + THREADS * WRITES_EACH
    audits = audit_rows(demo_store, "incidents")
    assert len(audits) == audits_before + THREADS * WRITES_EACH
    assert {a[1] for a in audits[:THREADS * WRITES_EACH]} == {"override_level"}


LABELS_EACH = 2  # each correction rescores the incident's whole history: a few per thread suffice


def test_twenty_threads_correcting_labels_of_one_incident_save_each_correction_once(demo_store, db_path):
    incident = demo_store.execute(
        "SELECT incident_id FROM incident_posts GROUP BY 1 HAVING count(*) >= ? ORDER BY count(*), 1 LIMIT 1",
        [THREADS * LABELS_EACH]).fetchone()[0]
    posts = [r[0] for r in demo_store.execute(
        "SELECT post_id FROM incident_posts WHERE incident_id = ? ORDER BY post_id LIMIT ?",
        [incident, THREADS * LABELS_EACH]).fetchall()]
    reviews_before = demo_store.execute("SELECT count(*) FROM label_reviews").fetchone()[0]
    # A label each post does not carry now, so every correction is a real change.
    current = dict(demo_store.execute("SELECT post_id, risk_level FROM post_labels WHERE post_id IN "
                                      "(SELECT unnest(?))", [posts]).fetchall())
    wanted = {p: 1 if current[p] != 1 else 2 for p in posts}
    results: dict[int, bool] = {}

    def work(i: int) -> None:
        analyst = Actor(f"分析员{i:02d}", "analyst")
        for p in posts[i * LABELS_EACH:(i + 1) * LABELS_EACH]:
            # Each correction also rescores the incident: the row every thread updates.
            results[p] = db.retry_on_conflict(corrections.set_label, db.cursor(db_path), p, "risk_level", wanted[p], analyst)

    assert _all_at_once(work) == []
    assert all(results[p] for p in posts)
    assert demo_store.execute("SELECT count(*) FROM label_reviews").fetchone()[0] == reviews_before + len(posts)
    assert demo_store.execute("SELECT count(DISTINCT post_id) FROM label_reviews WHERE reviewer LIKE '分析员%'"
                              ).fetchone()[0] == len(posts)
    assert len([r for r in audit_rows(demo_store, "post_label") if r[0].startswith("分析员")]) == len(posts)
    stored = dict(demo_store.execute("SELECT post_id, risk_level FROM post_labels WHERE post_id IN (SELECT unnest(?))",
                                     [posts]).fetchall())
    assert stored == wanted


def test_a_retried_label_correction_is_not_saved_twice(demo_store, busy_incident):
    post = demo_store.execute("SELECT min(post_id) FROM incident_posts WHERE incident_id = ?", [busy_incident]).fetchone()[0]
    analyst = Actor("分析员甲", "analyst")
    assert corrections.set_label(demo_store, post, "sentiment", "正面", analyst) is True
    assert corrections.set_label(demo_store, post, "sentiment", "正面", analyst) is False  # the retry
    assert demo_store.execute("SELECT count(*) FROM label_reviews WHERE post_id = ? AND field = 'sentiment'",
                              [post]).fetchone()[0] == 1
    assert len([r for r in audit_rows(demo_store, "post_label") if r[3] == str(post)]) == 1
