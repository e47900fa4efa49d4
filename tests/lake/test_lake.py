"""The Parquet lake: incremental export with a manifest, masked text only, partitioned by platform
and publication day; attaching it makes the named queries — and so the pages — read its posts."""
from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "labels"))
from label_fixtures import POSTS, seed_posts  # noqa: E402

from workbench import db  # noqa: E402
from workbench.cli import main  # noqa: E402
from workbench.labels.corrections import set_label  # noqa: E402
from workbench.lake import attach, store as lake_store  # noqa: E402

NEW_POST = [("公司突然宣布裁员，没有任何补偿", "微博", "负面", -0.8, "裁员离职", 0.9, "悲伤", 2)]


def files_in(lake: Path):
    """Every row of every Parquet file of the lake, as written."""
    return duckdb.connect().execute(
        "SELECT * FROM read_parquet($f, hive_partitioning = true)", {"f": lake_store.files(lake)}).df()


@pytest.fixture
def source_lake(tmp_path):
    """A lake exported from another store that holds the four label-fixture posts."""
    source = db.connect(tmp_path / "source.duckdb")
    ids = seed_posts(source)
    lake = tmp_path / "lake"
    lake_store.export(source, lake)
    return lake, ids


def test_export_writes_masked_posts_partitioned_by_platform_and_day(store, tmp_path):
    seed_posts(store)
    lake = tmp_path / "lake"

    done = lake_store.export(store, lake)

    assert (done.seq, done.new, done.relabelled) == (1, 4, 0)
    assert len(done.files) == 4
    assert all(f.startswith("posts/platform=") and "/published_date=2026-11-18/" in f for f in done.files)
    rows = files_in(lake)
    assert sorted(rows["platform"]) == sorted(p[1] for p in POSTS)
    assert "text" not in rows.columns
    assert "13812345678" not in " ".join(rows["text_masked"]) and "138****5678" in " ".join(rows["text_masked"])
    assert set(rows["sentiment"]) == {p[2] for p in POSTS}
    assert lake_store.manifest(lake)["exports"][0]["files"] == done.files


def test_export_again_writes_only_new_and_relabelled_posts(store, tmp_path):
    ids = seed_posts(store)
    lake = tmp_path / "lake"
    lake_store.export(store, lake)
    assert lake_store.export(store, lake).rows == 0  # nothing changed: nothing written

    set_label(store, ids[1], "sentiment", "负面", "审核员")
    seed_posts(store, NEW_POST)
    second = lake_store.export(store, lake)

    assert (second.seq, second.new, second.relabelled) == (2, 1, 1)  # an export that wrote nothing is not recorded
    assert [e["seq"] for e in lake_store.manifest(lake)["exports"]] == [1, second.seq]
    assert len(files_in(lake)) == 6  # files are only added: the relabelled post is written again
    current = lake_store.current_posts(lake)
    relabelled = current[current["id"] == ids[1]]
    assert len(current) == 5
    assert (relabelled["sentiment"].item(), relabelled["sentiment_source"].item()) == ("负面", "human")


def test_attached_lake_posts_are_read_by_the_named_queries(store, source_lake):
    lake, _ids = source_lake
    assert db.query("post_time_span", store)["posts"].item() == 0

    attach.attach(store, lake, "测试员")

    assert db.query("post_time_span", store)["posts"].item() == 4
    daily = db.query("overview_daily_sentiment", store, start="2026-11-01", end="2026-12-01")
    assert daily["posts"].sum() == 4 and "未分析" not in set(daily["sentiment"])  # lake labels come along
    assert store.execute("SELECT count(*) FROM posts").fetchone()[0] == 0  # the table itself is unchanged
    assert store.execute("SELECT action, entity FROM audit_log").fetchall() == [("attach", "lake_attachments")]

    attach.detach(store, "测试员")
    assert db.query("post_time_span", store)["posts"].item() == 0


def test_a_post_in_both_the_store_and_its_lake_counts_once(store, tmp_path):
    seed_posts(store)
    lake = tmp_path / "lake"
    lake_store.export(store, lake)
    seed_posts(store, NEW_POST)  # in the table only

    attach.attach(store, lake, "测试员")

    assert db.query("post_time_span", store)["posts"].item() == 5


def test_attachment_survives_reconnecting(db_path, source_lake):
    lake, _ids = source_lake
    attach.attach(db.connect(db_path), lake, "测试员")
    db.close_all()

    assert db.query("post_time_span", db.connect(db_path))["posts"].item() == 4


def test_lake_commands_export_attach_and_refuse_a_plain_folder(store, db_path, tmp_path, capsys):
    seed_posts(store)
    db.close_all()
    lake = tmp_path / "lake"

    assert main(["--db", str(db_path), "lake", "export", str(lake)]) == 0
    assert "新帖 4 条" in capsys.readouterr().err
    assert main(["--db", str(db_path), "lake", "attach", str(tmp_path)]) == 2
    assert "不是数据湖目录" in capsys.readouterr().err
    assert main(["--db", str(db_path), "lake", "attach", str(lake), "--actor", "张三"]) == 0
    assert main(["--db", str(db_path), "lake", "status"]) == 0
    assert str(lake.resolve()) in capsys.readouterr().out


def test_analyze_reads_a_lake_folder_keeping_post_ids(source_lake, tmp_path):
    lake, ids = source_lake
    out = tmp_path / "labels.parquet"

    assert main(["analyze", str(lake), "--out", str(out)]) == 0

    rows = pd.read_parquet(out)
    assert list(rows["id"]) == ids
    assert not rows["has_pii"].any()  # the lake's text is already masked


def test_sidebar_attaches_a_lake_and_the_overview_shows_its_posts(open_page, source_lake, db_path):
    lake, _ids = source_lake
    assert open_page("overview").sidebar.toggle[0].disabled  # attaching a lake is an administrator's setting
    at = open_page("overview", role="admin", user="管理员")
    assert _metric(at, "帖子数") == "0"

    at.sidebar.text_input(key="lake_dir").input(str(lake))
    at.sidebar.toggle[0].set_value(True)
    at.run()
    at.session_state["time_range"] = (date(2026, 11, 1), date(2026, 11, 30))  # the lake posts' month
    at.run()

    assert not at.exception, [e.value for e in at.exception]
    assert _metric(at, "帖子数") == "4"
    assert attach.attached(db.connect(db_path)) == str(lake.resolve())
    assert any("已挂载" in e.label for e in at.sidebar.expander)
    assert not at.main.button  # a setting, not an action: read-only pages stay without buttons

    at.sidebar.toggle[0].set_value(False)
    at.run()
    assert _metric(at, "帖子数") == "0"


def _metric(at, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)

