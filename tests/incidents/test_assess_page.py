"""The 影响评估 page on an empty and on the demo store: parts shown, override persisted and audited."""
from conftest import audit_rows


def test_assess_page_on_empty_store(open_page):
    at = open_page("assess")
    assert at.title[0].value == "影响评估"
    assert any("没有符合条件的事件" in i.value for i in at.info)


def test_assess_page_shows_parts_and_persists_override(demo_store, open_page):
    iid = demo_store.execute("SELECT id FROM incidents WHERE level_override IS NULL ORDER BY id LIMIT 1").fetchone()[0]
    at = open_page("assess")
    at.selectbox(key="assess_incident").set_value(iid).run()
    assert not at.exception
    frames = [df.value for df in at.dataframe]
    assert any(list(f.columns) == ["组成", "得分", "依据"] and "声量（BCI 发帖项）" in set(f["组成"]) for f in frames)
    assert any("严重度" in m.label for m in at.metric)

    # without a reason: a Chinese error, nothing written
    at.selectbox(key="override_level").set_value("Ⅰ")
    at.button(key="FormSubmitter:assess_override-调整级别").click().run()
    assert any("理由" in e.value for e in at.error)
    assert demo_store.execute("SELECT level_override FROM incidents WHERE id = ?", [iid]).fetchone()[0] is None

    at.selectbox(key="override_level").set_value("Ⅰ")
    at.text_area(key="override_reason").set_value("舆情扩散到央媒，上调")
    at.button(key="FormSubmitter:assess_override-调整级别").click().run()
    assert not at.exception
    row = demo_store.execute("SELECT level, level_override, level_reason FROM incidents WHERE id = ?", [iid]).fetchone()
    assert row == ("Ⅰ", "Ⅰ", "舆情扩散到央媒，上调")
    actor, action, _e, eid, _b, _a = audit_rows(demo_store, "incidents")[0]
    assert (actor, action, eid) == ("测试员", "override_level", str(iid))
    assert any("人工级别" in w.value for w in at.warning)


def test_assess_page_acknowledges_and_advances_status(demo_store, open_page):
    iid = demo_store.execute("SELECT id FROM incidents WHERE status = '待研判' ORDER BY id LIMIT 1").fetchone()[0]
    demo_store.execute("UPDATE incidents SET acknowledged_at = NULL WHERE id = ?", [iid])
    at = open_page("assess")
    at.selectbox(key="assess_incident").set_value(iid).run()
    at.button(key="assess_ack").click().run()
    assert not at.exception
    assert demo_store.execute("SELECT acknowledged_at FROM incidents WHERE id = ?", [iid]).fetchone()[0] is not None
    at.button(key="assess_advance").click().run()
    assert not at.exception
    assert demo_store.execute("SELECT status FROM incidents WHERE id = ?", [iid]).fetchone()[0] == "已定级"
    actions = {r[1] for r in audit_rows(demo_store, "incidents") if r[0] == "测试员"}
    assert {"acknowledge", "advance_status"} <= actions


def test_assess_page_says_where_the_clocks_start_and_keeps_every_name(demo_store, open_page):
    iid = demo_store.execute("SELECT id FROM incidents ORDER BY id LIMIT 1").fetchone()[0]
    at = open_page("assess", user="分析员甲")
    at.selectbox(key="assess_incident").set_value(iid).run()
    captions = " ".join(c.value for c in at.caption)
    assert "首帖发布" in captions and "立案（工作台发现）" in captions and "不从帖子发布时间起算" in captions
    old = demo_store.execute("SELECT title FROM incidents WHERE id = ?", [iid]).fetchone()[0]
    at.text_input(key="rename_title").set_value("星河科技研发中心加班争议")
    at.button(key="FormSubmitter:assess_rename-改名").click().run()
    assert not at.exception
    names = [df.value for df in at.dataframe if "title" in df.value.columns and "actor" in df.value.columns]
    assert names and names[0]["title"].tolist() == [old, "星河科技研发中心加班争议"]
    assert names[0]["actor"].tolist()[-1] == "分析员甲"


def test_assess_page_sets_the_tone_with_a_reason_and_shows_who_set_it(demo_store, open_page):
    iid = demo_store.execute("SELECT id FROM incidents WHERE polarity = '负面' ORDER BY id LIMIT 1").fetchone()[0]
    at = open_page("assess", user="分析员甲")
    at.selectbox(key="assess_incident").set_value(iid).run()
    assert any(c.value.startswith("事件倾向：负面。") for c in at.caption)

    # without a reason: a Chinese error, nothing written
    at.radio(key="tone_choice").set_value("正面")
    at.button(key="FormSubmitter:assess_tone-设定倾向").click().run()
    assert any("理由" in e.value for e in at.error)
    assert demo_store.execute("SELECT polarity_source FROM incidents WHERE id = ?", [iid]).fetchone()[0] == "model"

    at.radio(key="tone_choice").set_value("正面")
    at.text_input(key="tone_reason").set_value("员工见义勇为，按正面事件跟踪")
    at.button(key="FormSubmitter:assess_tone-设定倾向").click().run()
    assert not at.exception
    assert demo_store.execute("SELECT polarity, polarity_source FROM incidents WHERE id = ?", [iid]).fetchone() == ("正面", "person")
    assert any(c.value.startswith("事件倾向：正面（分析员设定") for c in at.caption)
    settings = [df.value for df in at.dataframe if "read_as" in df.value.columns]
    assert settings and settings[0][["actor", "polarity", "reason"]].values.tolist() == [
        ["分析员甲", "正面", "员工见义勇为，按正面事件跟踪"]]
