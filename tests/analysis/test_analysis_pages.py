"""Pages 态势总览 and 分析研判 on an empty and on the demo store; the 研判结论 write is audited."""
from __future__ import annotations

from conftest import audit_rows


def _texts(at) -> str:
    return " ".join(str(e.value) for kind in ("title", "subheader", "caption", "info", "markdown") for e in getattr(at, kind))


def test_overview_on_empty_store(store, open_page):
    at = open_page("overview")
    assert at.title[0].value == "态势总览"
    labels = [m.label for m in at.metric]
    assert {"帖子数", "负面占比", "处置中事件", "未确认预警"} <= set(labels)
    assert "当前没有处置中的事件" in _texts(at)


def test_overview_on_demo_store_shows_trend_incidents_and_clocks(demo_store, open_page):
    at = open_page("overview")
    metrics = {m.label: m.value for m in at.metric}
    assert int(metrics["帖子数"].replace(",", "")) > 1000
    assert len(at.get("plotly_chart")) >= 1
    table = at.dataframe[0].value
    assert {"确认时限", "首次回应时限"} <= set(table.columns) or {"ack", "response"} <= set(table.columns)
    assert len(table) >= 3
    assert not at.main.button  # read-only: leadership watches, analysts act on the other pages


def test_analysis_on_empty_store(store, open_page):
    at = open_page("analysis")
    assert at.title[0].value == "分析研判"
    assert "暂无事件" in _texts(at)


def test_analysis_on_demo_store_shows_every_part_and_saves_conclusion(demo_store, open_page):
    at = open_page("analysis")
    assert [t.label for t in at.tabs] == ["时间线", "传播路径", "关键节点", "词云", "情绪与诉求", "研判结论"]
    assert len(at.get("plotly_chart")) >= 3   # timeline, propagation path, emotions
    assert len(at.get("image")) == 1          # the word cloud
    iid = at.selectbox(key="analysis_incident").value
    at.text_area[0].set_value("欠薪诉求集中，建议当日公布发放时间表。")
    at.button[0].click().run()
    assert not at.exception
    summary = demo_store.execute("SELECT summary FROM incidents WHERE id = ?", [iid]).fetchone()[0]
    assert summary == "欠薪诉求集中，建议当日公布发放时间表。"
    actor, action, entity, entity_id, before, after = audit_rows(demo_store, "incidents")[0]
    assert (actor, action, entity_id) == ("测试员", "conclude", str(iid))
    assert "欠薪诉求集中" in after


def test_analysis_rejects_an_empty_conclusion(demo_store, open_page):
    at = open_page("analysis")
    at.text_area[0].set_value("   ")
    at.button[0].click().run()
    assert any("请填写研判结论" in e.value for e in at.error)
    assert audit_rows(demo_store, "incidents") == [] or audit_rows(demo_store, "incidents")[0][1] != "conclude"


def test_analysis_filters_by_platform_and_survives_none(demo_store, open_page):
    at = open_page("analysis")
    total = int(at.metric[0].value)
    platforms = at.multiselect[0]
    platforms.set_value(platforms.value[:1]).run()
    assert not at.exception and 0 < int(at.metric[0].value) < total
    at.multiselect[0].set_value([]).run()
    assert not at.exception
    assert int(at.metric[0].value) == 0
