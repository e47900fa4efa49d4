"""`workbench analyze IN --out OUT`: CSV / JSONL in, JSONL out with the analysis columns."""
from __future__ import annotations

import json

from workbench.cli import main
from workbench.nlp.analyze import COLUMNS


def test_analyze_csv_round_trip_keeps_ids(tmp_path):
    src = tmp_path / "posts.csv"
    src.write_text("id,正文,author\n0012,公司天天996，周末还要加班到凌晨，受够了,张三\n0013,面试体验很好，HR很专业,李四\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["analyze", str(src), "--out", str(out)]) == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["0012", "0013"]  # ids stay text, leading zeros kept
    for r in rows:
        assert set(COLUMNS) <= set(r)
        assert isinstance(r["risk_terms"], list) and isinstance(r["risk_level"], int)
    assert rows[0]["category"] == "工时加班" and rows[0]["sentiment"] == "负面"


def test_analyze_jsonl_to_stdout(tmp_path, capsys):
    src = tmp_path / "posts.jsonl"
    src.write_text(json.dumps({"post_id": 7, "content": "公司裁员不给N+1"}, ensure_ascii=False) + "\n", encoding="utf-8")
    assert main(["analyze", str(src)]) == 0
    row = json.loads(capsys.readouterr().out.strip())
    assert row["post_id"] == 7 and row["category"] == "裁员离职"


def test_analyze_clear_errors(tmp_path, capsys):
    assert main(["analyze", str(tmp_path / "missing.csv")]) == 2
    assert "找不到输入文件" in capsys.readouterr().err
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    assert main(["analyze", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "找不到正文列" in err and len(err.strip().splitlines()) == 1


def test_reanalyze_whole_store(store, db_path):
    for i, text in enumerate(["公司拖欠工资三个月", "今天团建很开心"], 1):
        store.execute("INSERT INTO posts (id, platform, text, text_masked, content_hash) VALUES (?, '微博', ?, ?, ?)",
                      [i, text, text, f"h{i}"])
    assert main(["--db", str(db_path), "analyze", "--reanalyze"]) == 0
    from workbench import db

    con = db.connect(db_path)
    rows = con.execute("SELECT post_id, category, model_version FROM analyses ORDER BY post_id").fetchall()
    assert [r[0] for r in rows] == [1, 2] and rows[0][1] == "薪酬福利" and rows[0][2].startswith("wb-")


def test_train_fast_needs_an_output_directory(capsys):
    assert main(["train", "--fast"]) == 2
    assert "--out" in capsys.readouterr().err
