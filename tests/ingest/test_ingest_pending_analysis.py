"""An import whose analysis did not finish (the process was killed after the posts committed) is
completed later: by `workbench analyze --pending`, and by the next monitor cycle."""
from __future__ import annotations

from cli_runs import ingest, rows
from workbench import db
from workbench.cli import main
from workbench.monitor.cycle import run_cycle


def _unanalysed_import(tmp_path, db_file, n=3):
    """Posts committed without their analysis: what a kill between the two steps leaves."""
    path = tmp_path / "posts.csv"
    path.write_text("id,正文\n" + "\n".join(f"{i},公司拖欠工资第{i}个月了，还让加班" for i in range(n)) + "\n",
                    encoding="utf-8")
    (report,) = ingest(db_file, path)  # --no-analyze: stops where the kill did
    assert report["inserted"] == n
    return n


def _unanalysed(db_file) -> int:
    return rows(db_file, "SELECT count(*) FROM posts p WHERE NOT EXISTS "
                         "(SELECT 1 FROM analyses a WHERE a.post_id = p.id)")[0][0]


def test_analyze_pending_completes_an_interrupted_import(tmp_path, db_path, capsys):
    n = _unanalysed_import(tmp_path, db_path)
    assert _unanalysed(db_path) == n
    assert main(["--db", str(db_path), "analyze", "--pending"]) == 0
    assert _unanalysed(db_path) == 0
    assert f"{n} 条" in capsys.readouterr().err


def test_next_monitor_cycle_analyses_posts_an_earlier_run_left(tmp_path, db_path):
    n = _unanalysed_import(tmp_path, db_path)
    con = db.connect(db_path)
    try:
        result = run_cycle(con, source_ids=[], incidents=False)
        assert result.analyzed == n
    finally:
        db.close_all()
    assert _unanalysed(db_path) == 0
