"""Centroids kept between clustering runs are a cache: a week grouped with them is grouped exactly as
with every centroid recounted from the posts each cycle, through a person's moves and splits too."""
from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from workbench import db
from workbench.incidents import centroids, clustering, editing, evaluation

S1 = Path(__file__).parent / "scenarios" / "S1"  # a tuning week


def _grouping(con, ids: dict[str, int]) -> tuple[dict[str, int | None], dict[int, str]]:
    """Scenario post id → the incident holding it (None: none), and incident id → title."""
    holder = evaluation.incident_of_posts(con)
    titles = dict(con.execute("SELECT id, title FROM incidents WHERE merged_into IS NULL").fetchall())
    return {p: holder.get(i) for p, i in ids.items()}, titles


def test_kept_centroids_group_a_week_as_recounting_them_does(tmp_path):
    scenario = evaluation.load_scenario(S1)
    kept, recounted = db.connect(tmp_path / "kept.duckdb"), db.connect(tmp_path / "recounted.duckdb")
    ids = evaluation.load_into(kept, scenario)
    assert evaluation.load_into(recounted, scenario) == ids
    times = evaluation.cycle_times(scenario)
    edited_at = len(times) // 2
    kept_rows = []
    for k, at in enumerate(times):
        if k == edited_at:
            # a person takes a post out of the largest incident and splits another off, in both stores alike
            members = kept.execute("SELECT incident_id, list(post_id ORDER BY post_id) FROM incident_posts "
                                   "GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1").fetchone()
            incident_id, posts = members[0], members[1]
            for con in (kept, recounted):
                editing.move_posts(con, [posts[-1]], incident_id, None, "分析员甲", now=at)
                editing.split(con, incident_id, [posts[-2]], "拆出的子话题", "分析员甲", now=at)
        recounted.execute("DELETE FROM incident_centroids")  # nothing kept: every centroid is recounted
        res_kept = clustering.cluster(kept, now=at)
        res_recounted = clustering.cluster(recounted, now=at)
        assert res_kept == res_recounted
        assert _grouping(kept, ids) == _grouping(recounted, ids)
        kept_rows.append(kept.execute("SELECT count(*) FROM incident_centroids").fetchone()[0])
    assert max(kept_rows) > 0
    # and it is used: a run after the week's end finds most of the window's centroids kept
    spans = centroids.load(kept, times[-1] - timedelta(hours=clustering.WINDOW_HOURS))
    assert len(spans.recounted) and sum(spans.recounted) * 2 < len(spans.recounted)
    groups, _titles = _grouping(kept, ids)
    assert len({i for i in groups.values() if i is not None}) >= len(scenario.events)
    db.close_all()
