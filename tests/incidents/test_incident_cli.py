"""`workbench incidents …`: cluster, score, list, override (reason required), status."""
import json

import pandas as pd
from incident_factory import DAY, three_events

from workbench import db
from workbench.cli import main
from workbench.incidents import opening


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


def _one_incident(store, title: str) -> int:
    """An incident with no posts yet, opened on ``DAY``; the store closed for the CLI to open."""
    with db.transaction(store) as cur:
        (iid,) = opening.open_incidents(cur, pd.DataFrame([{"key": 1, "title": title}]),
                                        pd.DataFrame({"key": [], "post_id": []}), opened_at=DAY)
    db.close_all()
    return iid


def test_cli_shows_the_record_with_its_clocks_and_renames_and_names_an_owner(store, db_path, capsys):
    iid = _one_incident(store, "某公司欠薪")
    args = ["--db", str(db_path), "incidents"]
    assert main([*args, "rename", str(iid), "--title", "某物流公司拖欠工资", "--actor", "分析员甲"]) == 0
    assert main([*args, "owner", str(iid), "--name", "刘海峰", "--actor", "组长"]) == 0
    capsys.readouterr()
    assert main([*args, "show", str(iid), "--now", "2026-11-20T09:00+08:00"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["title"] == "某物流公司拖欠工资" and shown["owner"] == "刘海峰" and shown["title_source"] == "person"
    assert shown["label"] == f"#{iid} 未定级 某物流公司拖欠工资（待研判）"
    assert shown["clocks"]["ack"]["state"] == "进行中" and shown["clocks"]["start"].startswith("2026-11-20 08:00")
    assert main([*args, "show", "999"]) == 2


def test_cli_sets_an_incidents_tone_with_a_reason_and_hands_it_back(store, db_path, capsys):
    iid = _one_incident(store, "某冷库叉车工跳海救人")
    args = ["--db", str(db_path), "incidents"]
    assert main([*args, "tone", str(iid), "正面", "--reason", "", "--actor", "分析员甲"]) == 2
    err = capsys.readouterr().err.strip()
    assert "理由" in err and "\n" not in err
    assert main([*args, "tone", str(iid), "正面", "--reason", "员工救人，正面报道", "--actor", "分析员甲"]) == 0
    assert capsys.readouterr().out.strip() == f"事件 {iid}：倾向设为 正面"
    assert main([*args, "show", str(iid)]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert (shown["polarity"], shown["polarity_source"]) == ("正面", "person")
    assert main([*args, "tone", str(iid), "model", "--reason", "交还系统判断", "--actor", "分析员甲"]) == 0
    capsys.readouterr()
    assert main([*args, "list", "--format", "json"]) == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert (row["polarity"], row["polarity_source"]) == ("负面", "model")  # (no posts: the model reads 负面)
