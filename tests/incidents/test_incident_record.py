"""The incident as one record: opened at detection, first post kept apart, clocks from detection or a
person's level decision under the configured lengths, titles with history, merges and splits that keep
the times honest, and no writes to incidents outside workbench/incidents/."""
import re
from datetime import timedelta
from pathlib import Path

import pandas as pd
import pytest
from conftest import audit_rows
from incident_factory import DAY, add_post, store_before

from workbench import db
from workbench.alerts import engine
from workbench.incidents import clocks, editing, levels, opening, record, status, titles
from workbench.migrate import migrate

ROOT = Path(__file__).resolve().parents[2]
WEEK_AGO = DAY - timedelta(days=7)


def _open(con, title, post_times, *, at, **cols):
    """Open one incident at detection time ``at`` holding posts published at ``post_times``."""
    pids = [add_post(con, f"{title}（{i}）", t, keywords=["欠薪", "工资"]) for i, t in enumerate(post_times)]
    with db.transaction(con) as cur:
        (iid,) = opening.open_incidents(cur, pd.DataFrame([{"key": 1, "title": title, **cols}]),
                                        pd.DataFrame({"key": [1] * len(pids), "post_id": pids}), opened_at=at)
    return iid, pids


def test_backfilled_week_is_opened_at_detection_and_is_not_overdue(store):
    iid, _ = _open(store, "某建筑公司拖欠工资", [WEEK_AGO, WEEK_AGO + timedelta(hours=5)], at=DAY, category="薪酬福利")
    inc = record.get(store, iid)
    assert inc.opened_at == DAY and inc.first_post_at == WEEK_AGO
    assert inc.status == "待研判" and inc.posts == 2 and inc.clock_start == DAY
    c = inc.clocks(DAY + timedelta(minutes=1))
    assert not c["escalated"] and c["ack"]["state"] == "进行中"
    assert c["ack"]["due_at"] == DAY + timedelta(hours=24)  # no level yet: the mildest clock (Ⅳ)
    # the same cycle's alert rules find nothing overdue: a week of history raises no overdue alert
    assert clocks.overdue_incidents(store, DAY + timedelta(minutes=1)).empty
    assert engine.evaluate(store, now=DAY + timedelta(minutes=1)) == []
    # a day later nobody has acknowledged it: now the clock is honestly overdue
    late = clocks.overdue_incidents(store, DAY + timedelta(hours=25))
    assert list(late["clock"]) == ["ack"] and late["overdue_minutes"].iloc[0] == 60.0


def test_a_person_setting_the_level_restarts_the_clocks(store):
    iid, _ = _open(store, "某电子厂夜班事故", [DAY - timedelta(hours=2)], at=DAY)
    levels.set_level_override(store, iid, "Ⅰ", "有人员伤亡", "分析员甲", now=DAY + timedelta(hours=10))
    inc = record.get(store, iid)
    assert inc.level == "Ⅰ" and inc.level_set_at == DAY + timedelta(hours=10)
    c = inc.clocks(DAY + timedelta(hours=10, minutes=20))
    assert c["ack"]["due_at"] == DAY + timedelta(hours=10, minutes=30)  # Ⅰ: 30 min from the decision
    assert not c["ack"]["overdue"]
    assert inc.clocks(DAY + timedelta(hours=11))["ack"]["overdue"]


def test_configured_clocks_are_the_only_clocks(store):
    iid, _ = _open(store, "某公司裁员", [DAY], at=DAY)
    levels.set_level_override(store, iid, "Ⅱ", "规模大", "分析员甲", now=DAY)
    assert record.get(store, iid).due_at("response") == DAY + timedelta(hours=4)
    clocks.save_config(store, {"response": {"Ⅱ": 90}, "ack": {"Ⅱ": 15}}, "管理员")
    inc = record.get(store, iid)
    assert inc.due_at("response") == DAY + timedelta(minutes=90)
    assert inc.clocks(DAY + timedelta(minutes=20))["ack"]["overdue"]
    clocks.save_config(store, {"ack": {"Ⅳ": 600}}, "管理员")  # one level changed, the others kept
    assert record.get(store, iid).due_at("response") == DAY + timedelta(minutes=90)
    with pytest.raises(ValueError, match="正数"):
        clocks.save_config(store, {"ack": {"Ⅱ": 0}}, "管理员")


def test_incident_view_label_and_missing_incident(store):
    iid, _ = _open(store, "华锐精密电子员工死亡", [DAY], at=DAY)
    assert record.get(store, iid).label == f"#{iid} 未定级 华锐精密电子员工死亡（待研判）"
    levels.set_level_override(store, iid, "Ⅱ", "致死", "分析员甲")
    status.advance(store, iid, "已定级", "分析员甲")
    status.advance(store, iid, "处置中", "分析员甲")
    assert record.get(store, iid).label == f"#{iid} Ⅱ级 华锐精密电子员工死亡（处置中）"
    assert [i.id for i in record.listing(store)] == [iid]
    with pytest.raises(ValueError, match="不存在"):
        record.get(store, 999)


def test_first_response_and_acknowledgement_are_stamped_once(store):
    iid, _ = _open(store, "某公司欠薪", [DAY], at=DAY)
    status.record_first_response(store, iid, "发言人", at=DAY + timedelta(hours=1))
    with pytest.raises(ValueError, match="无需重复"):
        status.record_first_response(store, iid, "发言人")
    with db.transaction(store) as cur:  # publishing a second statement: nothing changes, no error
        assert not status.stamp_on(cur, iid, "first_response_at", "发言人", DAY + timedelta(hours=3))
    assert record.get(store, iid).first_response_at == DAY + timedelta(hours=1)
    assert [r[1] for r in audit_rows(store, "incidents")] == ["first_response"]


def test_rename_keeps_history_and_the_model_no_longer_retitles(store):
    iid, _ = _open(store, "太可怕了！#23", [DAY], at=DAY)
    with db.transaction(store) as cur:
        assert titles.retitle(cur, iid, "某科技公司员工加班后猝死", at=DAY + timedelta(hours=1))
    editing.rename(store, iid, "星河科技研发员工猝死", "分析员甲", now=DAY + timedelta(hours=2))
    with db.transaction(store) as cur:
        assert not titles.retitle(cur, iid, "模型的新名字", at=DAY + timedelta(hours=3))
    history = titles.history(store, iid)
    assert history["title"].tolist() == ["太可怕了！#23", "某科技公司员工加班后猝死", "星河科技研发员工猝死"]
    assert history["source"].tolist() == ["model", "model", "person"] and history["actor"].iloc[-1] == "分析员甲"
    assert record.get(store, iid).title == "星河科技研发员工猝死"


def test_a_cycle_retitles_the_model_named_incidents_it_grew_and_leaves_a_persons_name(store):
    named = {iid: _open(store, f"原标题{iid}", [DAY], at=DAY)[0] for iid in range(3)}
    editing.rename(store, named[2], "分析员起的名字", "分析员甲", now=DAY + timedelta(hours=1))
    with db.transaction(store) as cur:
        done = titles.retitle_many(cur, list(named.values()), ["某科技公司员工加班后猝死", "原标题1", "模型的新名字"],
                                   at=DAY + timedelta(hours=2))
    assert done == [named[0]]  # unchanged and person-named titles stay as they are, with no history row
    assert [record.get(store, named[i]).title for i in range(3)] == ["某科技公司员工加班后猝死", "原标题1", "分析员起的名字"]
    assert titles.history(store, named[0])["title"].tolist() == ["原标题0", "某科技公司员工加班后猝死"]
    assert titles.history(store, named[1])["title"].tolist() == ["原标题1"]
    assert titles.history(store, named[2])["source"].tolist() == ["model", "person"]


def test_merge_keeps_the_earliest_detection_acknowledgement_and_first_post(store):
    early, _ = _open(store, "欠薪（先发现）", [DAY - timedelta(days=2)], at=DAY)
    late, _ = _open(store, "欠薪（后发现）", [DAY - timedelta(days=1)], at=DAY + timedelta(hours=6))
    status.acknowledge(store, late, "值班员", now=DAY + timedelta(hours=7))
    editing.merge(store, [early], late, "分析员甲", now=DAY + timedelta(hours=8))
    kept = record.get(store, late)
    assert kept.opened_at == DAY and kept.first_post_at == DAY - timedelta(days=2)
    assert kept.acknowledged_at == DAY + timedelta(hours=7) and kept.posts == 2
    assert record.get(store, early).merged_into == late
    assert "merge_times" in [r[1] for r in audit_rows(store, "incidents")]


def test_split_keeps_the_source_detection_and_counts_as_acknowledged(store):
    iid, pids = _open(store, "两件事混在一起", [DAY - timedelta(hours=3), DAY - timedelta(hours=1)], at=DAY)
    new = editing.split(store, iid, [pids[1]], "另一件事", "分析员甲", now=DAY + timedelta(hours=30))
    split_off = record.get(store, new)
    assert split_off.opened_at == DAY and split_off.first_post_at == DAY - timedelta(hours=1)
    assert split_off.acknowledged_at == DAY + timedelta(hours=30) and split_off.title_source == "person"
    assert record.get(store, iid).posts == 1


def test_summary_and_owner_are_written_by_the_incidents_area(store):
    iid, _ = _open(store, "某公司欠薪", [DAY], at=DAY)
    editing.set_summary(store, iid, "涉及 120 名员工，诉求为足额发放。", "分析员甲")
    editing.set_owner(store, iid, "刘海峰", "组长")
    with pytest.raises(ValueError, match="研判结论"):
        editing.set_summary(store, iid, "   ", "分析员甲")
    with pytest.raises(ValueError, match="负责人"):
        editing.set_owner(store, iid, "", "组长")
    inc = record.get(store, iid)
    assert (inc.summary, inc.owner) == ("涉及 120 名员工，诉求为足额发放。", "刘海峰")
    assert [r[1] for r in audit_rows(store, "incidents")] == ["set_owner", "conclude"]


def test_only_the_incidents_area_writes_incidents():
    """DESIGN §3 and the README: every write to incidents / incident_posts lives in workbench/incidents/."""
    write = re.compile(r"(UPDATE|INSERT\s+INTO|DELETE\s+FROM)\s+incident(s|_posts)\b", re.IGNORECASE)
    offenders = []
    for path in [*ROOT.joinpath("workbench").rglob("*.py"), *ROOT.joinpath("pages").rglob("*.py"),
                 *ROOT.joinpath("queries").glob("*.sql")]:
        if path.is_relative_to(ROOT / "workbench" / "incidents"):
            continue
        offenders += [f"{path.relative_to(ROOT)}:{n}" for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                      if write.search(line)]
    assert offenders == []
    assert "只有 `workbench/incidents/` 写这两张表" in ROOT.joinpath("README.md").read_text(encoding="utf-8")


def test_migration_gives_existing_incidents_their_detection_time_and_titles(db_path, tmp_path, monkeypatch):
    """A store from before the incident record: opened_at was the first post's time."""
    con = store_before("0650", db_path, tmp_path, monkeypatch)
    pid = add_post(con, "某公司欠薪", WEEK_AGO)
    con.execute("INSERT INTO incidents (id, title, opened_at) VALUES (1, '旧名字', ?), (2, '人工建的', ?)", [WEEK_AGO, DAY])
    con.execute("INSERT INTO incident_posts (incident_id, post_id, added_by, added_at) VALUES (1, ?, 'model', ?)", [pid, DAY])
    con.execute("INSERT INTO audit_log (actor, action, entity, entity_id, before, after) VALUES "
                "('分析员甲', 'rename', 'incidents', '1', '{\"title\": \"旧名字\"}', '{\"title\": \"新名字\"}')")
    con.execute("UPDATE incidents SET title = '新名字' WHERE id = 1")
    assert "0650_incident_record.sql" in migrate(con)
    inc = record.get(con, 1)
    assert inc.first_post_at == WEEK_AGO and inc.opened_at == DAY  # detected when the model placed its post
    assert record.get(con, 2).opened_at == DAY
    assert titles.history(con, 1)[["title", "source"]].values.tolist() == [["旧名字", "model"], ["新名字", "person"]]
