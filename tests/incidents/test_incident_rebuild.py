"""Rebuilding the grouping from scratch (``workbench incidents rebuild``) groups a tuning week (S1)
as the monitor did cycle by cycle, and carries a clustered store on."""
from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from workbench import db
from workbench.cli import main
from workbench.incidents import clustering, editing, evaluation, rebuild

S1 = Path(__file__).parent / "scenarios" / "S1"  # a tuning week
# one moment for every reading of S1 in this module: a week written ahead of the calendar is moved back
# by whole weeks as of ``today``, and the stored copy (``s1_loaded``) must match the later readings
TODAY = datetime.now().astimezone()


@pytest.fixture(scope="module")
def s1(tmp_path_factory):
    """S1 twice: replayed by the monitor's cycle every 6 hours, and rebuilt from scratch at the
    week's end (CLI). Returns (scenario, replay's figures and post → incident, rebuild's, the
    rebuild's printed counts, its store's path)."""
    scenario = evaluation.load_scenario(S1, today=TODAY)
    folder = tmp_path_factory.mktemp("s1_rebuild")
    replayed = db.connect(folder / "replay.duckdb")
    ids = evaluation.replay(replayed, scenario)
    replay_of = evaluation.incident_of_posts(replayed)
    rebuilt_path = folder / "rebuild.duckdb"
    rebuilt = db.connect(rebuilt_path)
    rebuilt_ids = evaluation.load_into(rebuilt, scenario)
    db.close_all()
    out = _cli_json(["--db", str(rebuilt_path), "incidents", "rebuild", "--now", scenario.end.isoformat()])
    rebuilt = db.connect(rebuilt_path)
    rebuild_of = evaluation.incident_of_posts(rebuilt)
    scored = rebuilt.execute("SELECT count(DISTINCT incident_id) FROM incident_scores").fetchone()[0]
    db.close_all()
    return (scenario, (evaluation.grouping_figures(scenario, ids, replay_of), ids, replay_of),
            (evaluation.grouping_figures(scenario, rebuilt_ids, rebuild_of), rebuilt_ids, rebuild_of),
            out, scored, rebuilt_path)


def _cli_json(args: list[str]) -> dict:
    import contextlib
    import io

    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        assert main(args) == 0
    return json.loads(buffer.getvalue())


def test_a_rebuilt_week_is_grouped_as_the_monitor_grouped_it(s1):
    scenario, (replay_fig, ids, replay_of), (rebuild_fig, rebuilt_ids, rebuild_of), out, scored, _ = s1
    # one algorithm: the rebuild runs the monitor's own cycle over the week, so it may differ from
    # the replay only by what the replay's scoring and alerts between cycles could change (nothing
    # the grouping reads); margin 0.02 of B-cubed F1 against the written events
    assert rebuild_fig["bcubed_f1"] >= replay_fig["bcubed_f1"] - 0.02
    assert rebuild_fig["background_placed"] <= replay_fig["background_placed"] + 0.01
    # and post by post: the rebuild's incidents are the replay's (B-cubed of one against the other)
    replay_groups = {sid: replay_of.get(ids.get(sid)) for sid in scenario.posts["id"]}
    rebuild_groups = {sid: rebuild_of.get(rebuilt_ids.get(sid)) for sid in scenario.posts["id"]}
    assert evaluation.bcubed(replay_groups, rebuild_groups)[2] >= 0.98
    # the CLI says what it did, and scored every incident it left
    assert out["posts_seen"] == len(rebuilt_ids) and out["cycles"] == len(evaluation.cycle_times(scenario))
    assert out["scored"] == scored == len(set(rebuild_of.values())) > 0


def test_a_rebuild_of_a_store_with_nothing_new_changes_nothing(s1):
    scenario, *_, rebuilt_path = s1
    con = db.connect(rebuilt_path)
    before = con.execute("SELECT count(*), count(DISTINCT incident_id) FROM incident_posts").fetchone()
    res = rebuild.rebuild(con, now=scenario.end)
    assert (res["posts_seen"], res["cycles"], res["incident_ids"]) == (0, 0, [])
    assert con.execute("SELECT count(*), count(DISTINCT incident_id) FROM incident_posts").fetchone() == before


@pytest.fixture(scope="module")
def s1_loaded(tmp_path_factory):
    """S1's posts ingested and analysed, never clustered (a store file to copy)."""
    path = tmp_path_factory.mktemp("s1_loaded") / "loaded.duckdb"
    con = db.connect(path)
    evaluation.load_into(con, evaluation.load_scenario(S1, today=TODAY))
    con.execute("CHECKPOINT")
    db.close_all()
    return path


def _grouping(con) -> tuple[dict, list, list]:
    """Every seen post's incident or candidate, and the incidents' heads and titles."""
    posts = con.execute("SELECT t.post_id, t.candidate, ip.incident_id FROM incident_post_terms t "
                        "LEFT JOIN incident_posts ip ON ip.post_id = t.post_id ORDER BY t.post_id").fetchall()
    heads = con.execute("SELECT id, title, employer, category, polarity, merged_into, first_post_at, opened_at "
                        "FROM incidents ORDER BY id").fetchall()
    return {p: (c, i) for p, c, i in posts}, heads, con.execute("SELECT count(*) FROM incident_posts").fetchall()


def test_a_rebuild_carrying_its_clusters_groups_as_cycles_reading_the_store(s1_loaded, tmp_path):
    # the rebuild keeps the window's clusters in memory between its cycles; cycle by cycle, each
    # cycle reading its clusters back from the store as the monitor does, must give the very same
    # grouping: every post's incident or candidate, every incident's title, employer and merge
    import shutil

    scenario = evaluation.load_scenario(S1, today=TODAY)
    shutil.copyfile(s1_loaded, tmp_path / "carried.duckdb")
    shutil.copyfile(s1_loaded, tmp_path / "cycles.duckdb")
    con = db.connect(tmp_path / "carried.duckdb")
    res = rebuild.rebuild(con, now=scenario.end)
    carried_grouping = _grouping(con)
    kept = con.execute("SELECT count(*) FROM incident_centroids").fetchone()[0]
    con = db.connect(tmp_path / "cycles.duckdb")
    first = db.query("incident_first_unclustered_post", con, until=scenario.end)["first_at"].iloc[0]
    times = rebuild.cycle_times(first, scenario.end)
    for at in times:
        clustering.cluster(con, now=at)
    assert res["cycles"] == len(times) and res["merged"] > 0 and res["new_incidents"] > 0
    assert carried_grouping == _grouping(con)
    # and it leaves the window's centroids kept for the monitor's next cycle, as the cycles do
    assert kept > 0
    db.close_all()


@pytest.mark.parametrize("by_person", [False, True])
def test_a_rebuild_of_a_clustered_store_carries_on_as_its_cycles_would(s1_loaded, tmp_path, by_person):
    # a store whose first two days were clustered cycle by cycle, then rebuilt up to the week's end:
    # the carried clusters start from what the store holds; once a person placed a post (moved it into
    # another incident) nothing is carried; either way the grouping is the cycles'
    import shutil

    scenario = evaluation.load_scenario(S1, today=TODAY)
    shutil.copyfile(s1_loaded, tmp_path / "rebuilt.duckdb")
    con = db.connect(tmp_path / "rebuilt.duckdb")
    first = db.query("incident_first_unclustered_post", con, until=scenario.end)["first_at"].iloc[0]
    times = rebuild.cycle_times(first, scenario.end)
    for at in times[:8]:
        clustering.cluster(con, now=at)
    if by_person:
        sizes = con.execute("SELECT incident_id FROM incident_posts GROUP BY incident_id "
                            "ORDER BY count(*) DESC, incident_id LIMIT 2").fetchall()
        assert len(sizes) == 2
        (big,), (other,) = sizes
        post = con.execute("SELECT min(post_id) FROM incident_posts WHERE incident_id = ?", [big]).fetchone()[0]
        editing.move_posts(con, [post], big, other, "分析员甲", now=times[7])
    con.execute("CHECKPOINT")
    db.close_all()
    shutil.copyfile(tmp_path / "rebuilt.duckdb", tmp_path / "cycles.duckdb")
    con = db.connect(tmp_path / "rebuilt.duckdb")
    res = rebuild.rebuild(con, now=scenario.end)
    rebuilt = _grouping(con)
    con = db.connect(tmp_path / "cycles.duckdb")
    for at in times[8:]:
        clustering.cluster(con, now=at)
    assert res["cycles"] == len(times) - 8 and res["posts_seen"] > 0
    assert rebuilt == _grouping(con)
    db.close_all()
