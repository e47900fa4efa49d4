"""Permissions are enforced where the write happens (``workbench.access.require`` in each write
function), not by hiding buttons: a leader writes nothing, an analyst runs the process, only an
admin configures. Statements follow separation of duties."""
import pytest
from conftest import audit_rows
from response.response_fixtures import make_incident

from workbench import access, audit
from workbench.access import Actor
from workbench.alerts import channels
from workbench.communication import audiences, interactions, updates
from workbench.incidents import clocks, levels
from workbench.labels import corrections
from workbench.monitor.sources import save_source
from workbench.nlp import registry
from workbench.response import statements, talking_points
from workbench.review import reputation
from workbench.verification import claims

LEADER, ANALYST, OTHER, ADMIN = (Actor("赵总", "leader"), Actor("王敏", "analyst"), Actor("李文", "analyst"),
                                 Actor("管理员甲", "admin"))


@pytest.fixture
def incident(store):
    return make_incident(store)


WRITES = {
    # name: (what the write does, the lowest role that may do it)
    "internal source": (lambda con, iid, who: save_source(con, name="内网", kind="rss", url="http://127.0.0.1:9/feed",
                                                          internal=True, actor=who), "admin"),
    "channel": (lambda con, iid, who: channels.save_channel(con, {"name": "值班群", "kind": "webhook",
                                                                  "url": "http://127.0.0.1:9/hook"}, who), "admin"),
    "clocks": (lambda con, iid, who: clocks.save_config(con, {"ack": {"Ⅰ": 20}}, who), "admin"),
    "level": (lambda con, iid, who: levels.set_level_override(con, iid, "Ⅰ", "扩散", who), "analyst"),
    "statement": (lambda con, iid, who: statements.create(con, iid, "官网", "说明", who), "analyst"),
    "talking point": (lambda con, iid, who: talking_points.set_point(con, iid, "事实", "120 人", who), "analyst"),
    "claim": (lambda con, iid, who: claims.add_claim(con, iid, "拖欠三个月工资", who), "analyst"),
    "stakeholder plan": (lambda con, iid, who: audiences.set_plan(con, iid, "管理层", "邮件", 2, who), "analyst"),
    "stakeholder update": (lambda con, iid, who: updates.create(con, iid, "管理层", "进展说明", who), "analyst"),
    "reply": (lambda con, iid, who: interactions.log_reply(con, iid, platform="微博", responder="官方账号",
                                                            reply="已在核实", actor=who), "analyst"),
    "repair action": (lambda con, iid, who: reputation.add_repair_action(con, "某公司", "整改公告", "整改公告",
                                                                          "2026-11-21", who), "analyst"),
}
RANK = {"leader": 0, "analyst": 1, "admin": 2}


@pytest.mark.parametrize("write", WRITES)
@pytest.mark.parametrize("who", [LEADER, ANALYST, ADMIN], ids=lambda a: a.role)
def test_each_role_may_do_only_its_writes(write, who, store, incident):
    action, lowest = WRITES[write]
    before = store.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    if RANK[who.role] >= RANK[lowest]:
        action(store, incident, who)
        assert audit_rows(store)[0][0] == who
    else:
        with pytest.raises(access.Forbidden, match=f"{who.role_name}「{who}」无权"):
            action(store, incident, who)
        assert store.execute("SELECT count(*) FROM audit_log").fetchone()[0] == before


def test_label_corrections_and_model_activation_check_the_role_too(store, incident):
    with pytest.raises(access.Forbidden, match="领导"):
        corrections.set_label(store, 1, "sentiment", "负面", LEADER)
    with pytest.raises(access.Forbidden, match="需要管理员账号"):
        registry.activate(store, "wb-any", ANALYST)


def _in_review(store, incident, author=ANALYST) -> int:
    sid = statements.create(store, incident, "官网", "经核实，涉及员工 120 人。", author)
    statements.transition(store, sid, "review", author)
    return sid


def test_the_author_of_a_statement_cannot_approve_it_another_analyst_can(store, incident):
    sid = _in_review(store, incident)
    with pytest.raises(access.Forbidden, match="起草人以外的人批准"):
        statements.transition(store, sid, "approved", ANALYST)
    statements.transition(store, sid, "approved", OTHER)
    assert store.execute("SELECT status, approved_by FROM statements WHERE id = ?", [sid]).fetchone() == ("approved", "李文")


def test_whoever_revised_the_text_counts_as_its_author(store, incident):
    sid = _in_review(store, incident)
    statements.revise(store, sid, "经核实，涉及员工 121 人。", OTHER)
    statements.transition(store, sid, "review", ANALYST)
    with pytest.raises(access.Forbidden):
        statements.transition(store, sid, "approved", OTHER)


def test_an_admin_may_approve_their_own_statement_only_with_a_reason_which_is_audited(store, incident):
    sid = _in_review(store, incident, author=ADMIN)
    with pytest.raises(ValueError, match="强制批准理由"):
        statements.transition(store, sid, "approved", ADMIN)
    statements.transition(store, sid, "approved", ADMIN, override_reason="夜间值班仅一人，次日补审")
    actor, action, _e, eid, _b, after = audit_rows(store, "statement")[0]
    assert (actor, action, eid) == ("管理员甲", "force_self_approval", str(sid))
    assert "夜间值班仅一人" in after


def test_only_admins_read_the_audit_log_masked_and_exported_formula_safe(store, incident):
    talking_points.set_point(store, incident, "联系人", "请致电 13812345678", "=HYPERLINK(\"http://x\")")
    with pytest.raises(access.Forbidden, match="查看审计日志"):
        audit.entries(store, ANALYST)
    rows = audit.entries(store, ADMIN, entity="talking_point")
    assert len(rows) == 1 and "138****5678" in rows["after"].iloc[0] and "13812345678" not in rows["after"].iloc[0]
    csv = audit.csv_bytes(rows).decode("utf-8-sig")
    assert "'=HYPERLINK" in csv and "13812345678" not in csv
    assert audit.entries(store, ADMIN, actor="无此人").empty
    assert audit.choices(store)["entity"] == ["talking_point"]
