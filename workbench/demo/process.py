"""The demo incidents and how far the team got with each: times, plans, talking points,
statements, actions, reviews and lessons — consistent with the posts' own timeline.

Times are hours after the incident's first post (see ``TIMELINE``; ``opened_at`` is when the
workbench detected it); people are fictional. Everything is written through the same functions
the pages and the clusterer use (incidents.opening / status, response, review).
"""
from __future__ import annotations

from datetime import datetime, timedelta

import duckdb
import pandas as pd

from .. import db, vocab
from ..incidents import opening, status
from .story import INCIDENTS, Incident

# Hours after the first post at which each step happened (only the steps reached so far).
# first_response_at is stamped by publishing the first statement; reviewed_at by finalising the review.
TIMELINE: dict[str, dict[str, float]] = {
    "xinghe_996": {"opened_at": 2, "acknowledged_at": 2.5, "graded_at": 3, "handling_at": 3.5,
                   "tracking_at": 96, "resolved_at": 144, "closed_at": 168},
    "yunfan_wages": {"opened_at": 0.75, "acknowledged_at": 1.5, "graded_at": 2, "handling_at": 2.5},
    "huachen_injury": {"opened_at": 1, "acknowledged_at": 1.5, "graded_at": 2, "handling_at": 2.5, "tracking_at": 72},
    "xinghe_layoff": {"opened_at": 3, "acknowledged_at": 5, "graded_at": 8},
    "yunfan_pua": {"opened_at": 2, "acknowledged_at": 4, "graded_at": 5, "handling_at": 6,
                   "tracking_at": 48, "resolved_at": 96, "closed_at": 120},
    "huachen_recruit": {"opened_at": 2},
    "xinghe_teambuilding": {"opened_at": 4, "acknowledged_at": 10, "graded_at": 12},
}

# Per incident, in hours after the first post: plan (title, strategy, owner, due), roles (role, person,
# due), talking points (key, value), statements (channel, body, final status, drafted, published),
# actions (title, owner, due, status, done), review (status, at, sections, lessons).
PLANS = {
    "xinghe_996": {
        "plan": ("研发中心加班争议应对方案", "快速核实、坦诚回应、整改落地：先发事实说明，再公布考勤新规并补发加班费", "陈思远", 12),
        "roles": [("总负责人", "陈思远", 4), ("新闻发言人", "林晓", 5), ("法务", "周律", 24), ("人力资源", "王珊", 48)],
        "points": [
            ("核心事实", "研发中心个别项目存在阶段性集中加班"),
            ("态度", "公司高度重视员工反馈，不认同任何形式的强制加班"),
            ("整改措施", "全面核查近三个月考勤，依法补发加班费"),
            ("禁用表述", "自愿奋斗、福报"),
        ],
        "statements": [
            ("官方微博", "关于研发中心加班情况的说明：经初步了解，研发中心个别项目存在阶段性集中加班。公司高度重视员工反馈，"
                        "不认同任何形式的强制加班，已成立专项组全面核查近三个月考勤，并将依法补发加班费。", "published", 4.5, 5),
            ("内部公告", "致全体同事：公司高度重视员工反馈，不认同任何形式的强制加班。研发中心个别项目存在阶段性集中加班，"
                        "公司将全面核查近三个月考勤，依法补发加班费；即日起晚八点后加班须审批。", "published", 6, 8),
            ("媒体通稿", "星河科技就研发中心加班问题答记者问：研发中心个别项目存在阶段性集中加班；公司高度重视员工反馈，"
                        "不认同任何形式的强制加班；已全面核查近三个月考勤并依法补发加班费，考勤新规已生效。", "approved", 100, None),
            ("官网", "常见问题：公司不认同任何形式的强制加班，研发中心个别项目存在阶段性集中加班，"
                    "公司高度重视员工反馈，已全面核查近三个月考勤并依法补发加班费。", "review", 110, None),
            ("微信公众号", "员工关切答疑（草稿）：加班审批流程、加班费计算口径与申诉渠道说明。", "draft", 120, None),
        ],
        "actions": [
            ("核查研发中心近三个月考勤记录", "王珊", 24, "已完成", 20),
            ("依法补发加班费", "王珊", 120, "已完成", 110),
            ("发布考勤与加班审批新规", "陈思远", 48, "已完成", 40),
            ("约谈研发中心管理层", "陈思远", 72, "已取消", 60),
            ("季度员工满意度回访", "林晓", 24 * 40, "进行中", 150),
        ],
        "review": {
            "status": "已定稿", "at": 236,
            "body": {
                "事件概要": "研发中心考勤规则被指变相强制加班，脉脉与微博同时发酵，峰值在首发后约一天。",
                "应对回顾": "首次回应在黄金4小时内发出，口径统一；整改措施具体，负面占比在回应后明显下降。"
                          "不足：内部论坛的员工情绪未及时监测；答记者问审批耗时过长。",
                "经验教训": "内部渠道的情绪往往先于外部平台爆发；回应越具体（核查范围、补发方式、时间表），质疑越少。",
                "改进措施": "内部论坛纳入常态监测并设加班类关键词预警；预置事实说明模板，缩短审批链条。",
            },
            "lessons": [
                ("内部论坛纳入常态监测，设置加班类关键词预警", ["监测", "工时加班"]),
                ("回应稿预先准备事实说明模板，缩短审批链条", ["沟通回应", "流程"]),
                ("整改承诺须附时间表并按期公布进展", ["整改", "形象修复"]),
            ],
        },
    },
    "yunfan_wages": {
        "plan": ("华东分拨中心欠薪事件Ⅰ级响应方案", "先稳人心再讲原因：公布发放时间表，现场设立接待点，口径统一由总部发布", "刘海峰", 8),
        "roles": [("总负责人", "刘海峰", 2), ("新闻发言人", "孙悦", 3), ("现场协调", "马强", 3), ("法务", "周律", 12)],
        "points": [
            ("核心事实", "华东分拨中心部分员工工资延迟发放"),
            ("态度", "公司向受影响员工致歉并承担全部责任"),
            ("发放安排", "本周五前发放拖欠工资的一半，下周五前全部结清"),
        ],
        "statements": [
            ("官方微博", "关于华东分拨中心部分员工工资延迟发放的情况说明：公司向受影响员工致歉并承担全部责任。"
                        "本周五前发放拖欠工资的一半，下周五前全部结清。", "published", 5.5, 6),
            ("媒体通稿", "云帆物流答记者问：华东分拨中心部分员工工资延迟发放，公司向受影响员工致歉并承担全部责任，"
                        "本周五前发放拖欠工资的一半，下周五前全部结清。", "review", 10, None),
            ("内部公告", "致华东分拨中心全体员工（草稿）：发放安排与接待点地址。", "draft", 12, None),
        ],
        "actions": [
            ("设立现场接待点，登记欠薪明细", "马强", 4, "已完成", 3.5),
            ("筹措资金并分批发放工资", "刘海峰", 60, "进行中", 8),
            ("向人社部门报送处置进展", "周律", 12, "待办", None),
        ],
    },
    "huachen_injury": {
        "plan": ("冲压线伤人事故处置方案", "救治优先、停线排查、公开通报、跟踪整改", "赵立群", 6),
        "roles": [("总负责人", "赵立群", 2), ("新闻发言人", "钱晴", 3), ("安全负责人", "韩东", 2)],
        "points": [
            ("核心事实", "二号厂区冲压线发生一起机械伤害事故，一名员工受伤，已送医救治"),
            ("整改措施", "全厂冲压设备停线排查，更换安全防护装置"),
        ],
        "statements": [
            ("媒体通稿", "华辰制造关于二号厂区安全事故的通报：二号厂区冲压线发生一起机械伤害事故，一名员工受伤，已送医救治并脱离危险；"
                        "全厂冲压设备停线排查，更换安全防护装置。", "published", 3, 3.5),
            ("内部公告", "安全生产专项整改通知：二号厂区冲压线发生一起机械伤害事故，一名员工受伤，已送医救治；"
                        "全厂冲压设备停线排查，冲压线全部更换安全防护装置。", "approved", 30, None),
        ],
        "actions": [
            ("全厂冲压设备停线排查", "韩东", 24, "已完成", 20),
            ("更换冲压线安全防护装置", "韩东", 200, "进行中", 30),
            ("慰问受伤员工及家属", "赵立群", 12, "已完成", 8),
        ],
    },
    "yunfan_pua": {
        "statements": [("官方微博", "关于城配站点主管言行的处理通报：涉事主管已停职，公司将开展管理作风整顿。", "published", 9, 10)],
        "actions": [("涉事主管停职调查", "刘海峰", 12, "已完成", 9), ("站点管理者沟通培训", "孙悦", 96, "已完成", 90)],
        "review": {"status": "草稿", "at": 130, "body": {"事件概要": "站点主管辱骂员工视频流传，停职处理后舆情平息。"},
                   "lessons": []},
    },
    "xinghe_teambuilding": {
        "statements": [("官方微博", "关于团建安排的说明：团建自愿参加，不与绩效挂钩；今后团建统一安排在工作日。",
                        "published", 28, 30)],
    },
}
# Who moves statements along: the drafter (spokesperson) and the approver (the incident's owner).
DRAFTER = "林晓"
FLOW = ("review", "approved", "published")


def _at(first: datetime, hours: float | None) -> datetime | None:
    return None if hours is None else first + timedelta(hours=hours)


def _open(con: duckdb.DuckDBPyConnection, inc: Incident, batch_id: int) -> tuple[int, datetime]:
    """Open the designed incident at its story's detection time, with its posts (incidents.opening)."""
    members = con.execute(
        "SELECT t.incident_key AS key, t.post_id, p.published_at FROM demo_truth t JOIN posts p ON p.id = t.post_id "
        "WHERE t.incident_key = ? AND p.batch_id = ?",
        [inc.key, batch_id],
    ).df()
    first = members["published_at"].min().to_pydatetime()
    # the level the story aims at stands for the model's until the cycle scores the incident
    frame = pd.DataFrame([{"key": inc.key, "title": inc.title, "category": inc.category, "employer": inc.employer,
                           "owner": inc.owner, "summary": inc.summary, "level": inc.level, "computed_level": inc.level}])
    with db.transaction(con) as cur:
        (incident_id,) = opening.open_incidents(cur, frame, members[["key", "post_id"]],
                                                opened_at=_at(first, TIMELINE[inc.key]["opened_at"]), added_by="demo")
    return incident_id, first


def _steps(con: duckdb.DuckDBPyConnection, incident_id: int, inc: Incident, first: datetime) -> None:
    """Walk the incident through the status flow as the team did, at the story's times."""
    by_column = {column: name for name, column in vocab.STATUS_TIME_COLUMN.items()}
    stamps = {"acknowledged_at": status.acknowledge, "resolved_at": status.record_resolution}
    actor = inc.owner or DRAFTER
    for column, hours in sorted(TIMELINE[inc.key].items(), key=lambda kv: kv[1]):
        at = _at(first, hours)
        if column in stamps:
            stamps[column](con, incident_id, actor, at)
        elif column != "opened_at":
            status.advance(con, incident_id, by_column[column], actor, now=at)


def _process(con: duckdb.DuckDBPyConnection, incident_id: int, owner: str, first: datetime, spec: dict) -> None:
    """Run the incident's response through the same functions the pages use, then date each record
    to its moment in the story (the functions stamp "now")."""
    from ..response import actions, plans, statements, talking_points
    from ..review import postmortem

    owner = owner or DRAFTER
    if "plan" in spec:
        title, strategy, plan_owner, due = spec["plan"]
        plan_id = plans.create_plan(con, incident_id, title, plan_owner, _at(first, due), plan_owner, strategy=strategy)
        con.execute("UPDATE plans SET created_at = ? WHERE id = ?", [_at(first, 3), plan_id])
    for role, person, due in spec.get("roles", []):
        plans.assign(con, incident_id, role, person, _at(first, due), owner)
    for key, value in spec.get("points", []):
        talking_points.set_point(con, incident_id, key, value, owner)
    con.execute("UPDATE talking_points SET updated_at = ? WHERE incident_id = ?", [_at(first, 3.5), incident_id])
    for channel, body, status, drafted, published in spec.get("statements", []):
        sid = statements.create(con, incident_id, channel, body, DRAFTER)
        con.execute("UPDATE statements SET created_at = ?, updated_at = ? WHERE id = ?",
                    [_at(first, drafted), _at(first, drafted), sid])
        con.execute("UPDATE statement_versions SET created_at = ? WHERE statement_id = ?", [_at(first, drafted), sid])
        steps = FLOW[: FLOW.index(status) + 1] if status in FLOW else ()
        for n, step in enumerate(steps, start=1):
            at = _at(first, published) if step == "published" else _at(first, drafted + 0.2 * n)
            statements.transition(con, sid, step, owner if step == "approved" else DRAFTER, now=at)
    for title, action_owner, due, status, done in spec.get("actions", []):
        aid = actions.create(con, incident_id, title, action_owner, _at(first, due), owner)
        con.execute("UPDATE actions SET created_at = ? WHERE id = ?", [_at(first, 3), aid])
        if status != "待办":
            actions.set_status(con, aid, status, action_owner, now=_at(first, done))
    review = spec.get("review")
    if review:
        postmortem.save(con, incident_id, review["body"], owner, status=review["status"], now=_at(first, review["at"]))
        for text, tags in review["lessons"]:
            lesson_id = postmortem.add_lesson(con, incident_id, text, tags, owner)
            con.execute("UPDATE lessons SET created_at = ? WHERE id = ?", [_at(first, review["at"]), lesson_id])


def write_story(con: duckdb.DuckDBPyConnection, batch_id: int) -> dict[str, int]:
    """Open the designed incidents with their posts and walk them through their process; returns
    {story key: incident id}."""
    created = []
    for inc in INCIDENTS:
        incident_id, first = _open(con, inc, batch_id)
        _steps(con, incident_id, inc, first)
        created.append((inc, incident_id, first))
    for inc, incident_id, first in created:
        if inc.key in PLANS:
            _process(con, incident_id, inc.owner, first, PLANS[inc.key])
    return {inc.key: incident_id for inc, incident_id, _ in created}
