"""案例库: a finished review becomes an anonymised training case, found by category, level and text,
exported as a training pack."""
import io

import pytest
from docx import Document
from response.response_fixtures import add_posts, make_incident

from workbench.incidents import entities
from workbench.response import actions, statements
from workbench.review import cases, document, postmortem

PHONE = "13812345678"


@pytest.fixture
def finished(store):
    entities.replace_all(store, [{"name": "云帆物流", "aliases": ["云帆", "YF物流"]},
                                 {"name": "星河科技", "aliases": ["星河"]},
                                 {"name": "张志远", "kind": "person", "employer": "云帆物流"}], actor="王敏")
    iid = make_incident(store, title="云帆物流华东分拨中心拖欠工资", category="薪酬福利", level="Ⅱ", status="已关闭")
    store.execute("UPDATE incidents SET employer = '云帆物流', owner = '刘海峰', first_post_at = opened_at - INTERVAL 2 HOUR"
                  " WHERE id = ?", [iid])
    add_posts(store, iid, [("2026-11-20 07:00:00+08", "负面", "YF物流欠薪")])
    sid = statements.create(store, iid, "官方微博", f"云帆已补发工资，张志远致歉，热线 {PHONE}，星河无关", "李文")
    for step in ("review", "approved"):
        statements.transition(store, sid, step, "赵总")
    statements.transition(store, sid, "published", "李文", now="2026-11-20 10:00:00+08")
    aid = actions.create(store, iid, "核对工资发放记录", "财务部", "2026-11-20 12:00:00+08", "王敏")
    actions.set_status(store, aid, "已完成", "王敏", now="2026-11-20 11:00:00+08")
    postmortem.save(store, iid, {
        "事件概要": "云帆物流分拨中心拖欠工资，刘海峰牵头处置。",
        "应对回顾": "首次回应及时，口径统一。不足：内部论坛未监测；审批链条过长。",
        "经验教训": "回应要具体", "改进措施": "内部论坛纳入监测"}, "王敏", status="已定稿")
    postmortem.add_lesson(store, iid, "云帆的员工群是最早的信号", "监测", "王敏")
    other = make_incident(store, title="星河科技裁员", category="裁员离职", level="Ⅲ", status="已关闭")
    postmortem.save(store, other, {"经验教训": "a", "改进措施": "b"}, "王敏", status="已定稿")
    draft = make_incident(store, title="草稿事件", status="已关闭")
    postmortem.save(store, draft, {"经验教训": "", "改进措施": ""}, "王敏")
    return iid, other


def test_only_finished_reviews_become_cases_found_by_category_level_and_text(store, finished):
    iid, other = finished
    assert set(cases.find(store)["incident_id"]) == {iid, other}
    assert cases.find(store, categories=["薪酬福利"])["incident_id"].tolist() == [iid]
    assert cases.find(store, levels=["Ⅲ"])["incident_id"].tolist() == [other]
    assert cases.find(store, q="最早的信号")["incident_id"].tolist() == [iid]  # a lesson's text
    assert cases.find(store, categories=["薪酬福利"], levels=["Ⅲ"]).empty


def test_a_case_is_anonymised_and_tells_what_worked_and_what_did_not(store, finished):
    iid, _ = finished
    case = cases.build(store, cases.find(store, categories=["薪酬福利"]).iloc[0].to_dict())
    text = document.markdown(cases.case_doc(case))
    for name in ("云帆物流", "云帆", "YF物流", "张志远", "刘海峰", "李文", "赵总", "星河", PHONE):
        assert name not in text, name
    assert case.title == "涉事企业华东分拨中心拖欠工资"
    assert "涉事企业已补发工资，涉事企业致歉" in case.statements[0]["正文"] and "某企业无关" in case.statements[0]["正文"]
    assert "首次回应及时，口径统一" in case.worked and case.did_not[:2] == ["内部论坛未监测", "审批链条过长"]
    assert any(s.startswith("首次公开回应用时 2.0 小时") and "达标" in s for s in case.worked)
    assert case.timeline[0] == {"时间": "首帖后 0.0 小时", "类型": "事件", "事件": "首帖发布"}
    assert "涉事企业的员工群是最早的信号" in case.lessons


def test_the_shelf_names_each_case_without_the_people_on_its_own_record(store, finished):
    iid, other = finished
    # a title that names the first incident's owner and a person only on the other incident's record
    store.execute("UPDATE incidents SET title = '刘海峰约谈员工，周明远未到场' WHERE id = ?", [iid])
    store.execute("UPDATE incidents SET owner = '周明远', title = '星河科技裁员，刘海峰旁听' WHERE id = ?", [other])
    shelf = cases.titles(store, cases.find(store))
    assert shelf[iid] == "相关负责人约谈员工，周明远未到场"
    assert shelf[other] == "某企业裁员，刘海峰旁听"
    assert shelf == {r["incident_id"]: cases.build(store, r).title for r in cases.find(store).to_dict("records")}


def test_training_pack_as_docx_numbers_the_cases(store, finished):
    pack = cases.training_doc(cases.cases(store, cases.find(store)), "十一月培训")
    word = Document(io.BytesIO(document.docx_bytes(pack)))
    headings = [p.text for p in word.paragraphs if p.style.name == "Heading 1"]
    assert headings[0].startswith("案例 1：") and headings[1].startswith("案例 2：")
    assert word.paragraphs[0].text == "十一月培训"
    assert "云帆" not in "\n".join(p.text for p in word.paragraphs)


def test_case_library_page_filters_reads_and_exports(store, finished, open_page):
    at = open_page("cases")
    assert len(at.selectbox(key="cases_read").options) == 2
    at.multiselect(key="cases_categories").set_value(["薪酬福利"]).run()
    assert at.selectbox(key="cases_read").options == ["涉事企业华东分拨中心拖欠工资（薪酬福利 · Ⅱ级 重大）"]
    assert any("内部论坛未监测" in t.value for t in at.text)
    assert [b.label for b in at.get("download_button")] == ["下载 DOCX", "下载 Markdown"]


def test_empty_library_explains_where_cases_come_from(store, open_page):
    at = open_page("cases")
    assert any("复盘" in i.value and "定稿" in i.value for i in at.info)


def test_a_review_finished_elsewhere_joins_the_library_and_an_edit_shows_on_the_next_rerun(store, finished, open_page):
    at = open_page("cases")
    assert len(at.selectbox(key="cases_read").options) == 2
    late = make_incident(store, title="云帆物流夜班补贴争议", category="薪酬福利", level="Ⅲ", status="已关闭")
    postmortem.save(store, late, {"应对回顾": "回应及时。", "经验教训": "夜班补贴要公示", "改进措施": "公示补贴"}, "王敏", status="已定稿")  # another session
    at.run()
    assert len(at.selectbox(key="cases_read").options) == 3
    at.selectbox(key="cases_read").set_value(late).run()
    assert any("夜班补贴要公示" in t.value for t in at.text)
    postmortem.save(store, late, {"应对回顾": "回应及时。", "经验教训": "补贴标准要写进制度", "改进措施": "公示补贴"}, "王敏", status="已定稿")
    at.run()
    assert any("补贴标准要写进制度" in t.value for t in at.text)
    assert not any("夜班补贴要公示" in t.value for t in at.text)
