"""Times and counts that cannot be true are rejected at import, each row with its reason."""
from __future__ import annotations

from datetime import datetime, timedelta

from cli_runs import counts, ingest, rows


def _csv(path, lines):
    path.write_text("id,正文,发布时间,点赞数\n" + "\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_publication_times_outside_the_sane_range_are_rejected_with_a_reason(tmp_path, db_path):
    tomorrow_plus = (datetime.now() + timedelta(days=3)).strftime("%Y-%m-%d %H:%M")
    path = _csv(tmp_path / "dates.csv", [
        "1,公司拖欠工资三个月了,2024-05-01 12:00,1",
        "2,公司又让加班到凌晨,9999-12-31 23:59,1",
        "3,领导天天骂人,0001-01-01 00:00,1",
        "4,年会取消了,1999-12-31 23:00,1",
        f"5,明天要裁员,{tomorrow_plus},1",
        "6,还有一条正常的,2026-01-02 08:00,1",
    ])
    (report,) = ingest(db_path, path)
    assert counts(report) == (6, 2, 0, 4)
    reasons = {e["row"]: e["reason"] for e in report["errors"]}
    assert set(reasons) == {2, 3, 4, 5}
    assert all("发布时间超出合理范围" in r for r in reasons.values())
    assert "9999-12-31" in reasons[2] and "0001-01-01" in reasons[3]
    assert rows(db_path, "SELECT external_id FROM posts ORDER BY external_id") == [("1",), ("6",)]


def test_counts_beyond_bigint_are_rejected_not_wrapped(tmp_path, db_path):
    path = _csv(tmp_path / "counts.csv", [
        "1,公司拖欠工资三个月了,2024-05-01 12:00,99999999999999999999999",
        "2,公司又让加班到凌晨,2024-05-01 12:00,9223372036854775808",
        "3,领导天天骂人,2024-05-01 12:00,9223372036854775807",
        "4,年会取消了,2024-05-01 12:00,1.2万",
    ])
    (report,) = ingest(db_path, path)
    assert counts(report) == (4, 2, 0, 2)
    reasons = {e["row"]: e["reason"] for e in report["errors"]}
    assert set(reasons) == {1, 2} and all("点赞数超出范围" in r for r in reasons.values())
    assert rows(db_path, "SELECT external_id, likes FROM posts ORDER BY external_id") == [
        ("3", 9223372036854775807), ("4", 12000)]
