"""`workbench claims` and `workbench updates`: the same functions as the pages, one-line errors."""
import json

from workbench import db
from workbench.cli import main


def test_claims_and_updates_from_the_command_line(store, db_path, capsys):
    iid = store.execute("INSERT INTO incidents (title, level, status, opened_at) VALUES ('欠薪', 'Ⅰ', '处置中', now())"
                        " RETURNING id").fetchone()[0]
    db.close_all()
    assert main(["--db", str(db_path), "claims", "add", str(iid), "--text", "拖欠三个月工资", "--actor", "王敏"]) == 0
    assert capsys.readouterr().out.strip() == "已登记 核实#1"
    assert main(["--db", str(db_path), "claims", "verify", "1", "--status", "属实", "--actor", "王敏"]) == 2
    err = capsys.readouterr().err.strip()
    assert "不能从「待核实」改为「属实」" in err and "\n" not in err
    assert main(["--db", str(db_path), "claims", "list", str(iid)]) == 0
    assert json.loads(capsys.readouterr().out)[0]["status"] == "待核实"
    assert main(["--db", str(db_path), "updates", "due", str(iid)]) == 0
    due = {r["audience"]: r for r in json.loads(capsys.readouterr().out)}
    assert due["管理层"]["cadence_hours"] == 2
    assert main(["--db", str(db_path), "updates", "draft", str(iid), "--audience", "管理层", "--actor", "王敏"]) == 0
    assert "【管理层通报】欠薪" in capsys.readouterr().out
    assert main(["--db", str(db_path), "updates", "send", "1", "--actor", "王敏"]) == 0
    assert capsys.readouterr().out.strip() == "通报 #1 已发送（人工记录）"
    assert main(["--db", str(db_path), "updates", "draft", str(iid), "--audience", "股东"]) == 2
    assert "通报对象只能是" in capsys.readouterr().err
