"""`workbench incidents …`: cluster, score, list, override (reason required), status."""
import json

from incident_factory import three_events

from workbench import db
from workbench.cli import main


def test_cli_clusters_scores_lists_and_rejects_override_without_reason(store, db_path, capsys):
    three_events(store)
    db.close_all()
    args = ["--db", str(db_path), "incidents"]
    assert main([*args, "cluster", "--now", "2026-11-20T20:00+08:00"]) == 0
    assert json.loads(capsys.readouterr().out)["new_incidents"] == 3
    assert main([*args, "score", "--now", "2026-11-20T20:00+08:00"]) == 0
    capsys.readouterr()
    assert main([*args, "list", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 3 and all(r["computed_level"] and r["heat"] is not None for r in rows)

    assert main([*args, "override", "1", "--level", "Ⅰ", "--reason", " ", "--actor", "分析员"]) == 2
    err = capsys.readouterr().err.strip()
    assert "理由" in err and "\n" not in err
    assert main([*args, "override", "1", "--level", "Ⅰ", "--reason", "央媒报道", "--actor", "分析员"]) == 0
    assert main([*args, "status", "1", "已关闭", "--actor", "分析员"]) == 2
    assert main([*args, "status", "1", "已定级", "--actor", "分析员"]) == 0
    con = db.connect(db_path)
    assert con.execute("SELECT level, status FROM incidents WHERE id = 1").fetchone() == ("Ⅰ", "已定级")
