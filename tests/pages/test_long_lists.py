"""A store with many incidents: pickers offer the most urgent ones and a search box, tables show their
head and say how many there are; the browser never receives thousands of options or rows."""
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from workbench import overview, ui
from workbench.incidents import record

MANY = ui.PICKER_LIMIT + 50


@pytest.fixture
def many(store):
    """MANY open incidents (#1 newest … the oldest last in the picker's order), one with a rare name."""
    now = datetime.now(ZoneInfo("Asia/Shanghai"))
    rows = [(f"仓库{n}号夜班加班争议" if n != 7 else "滨江园区食堂停餐", "Ⅳ", "待研判", now - timedelta(hours=n))
            for n in range(MANY)]
    store.executemany("INSERT INTO incidents (title, level, status, opened_at) VALUES (?, ?, ?, ?)", rows)
    return [i.id for i in record.listing(store)]


def test_the_picker_offers_the_most_urgent_and_finds_the_rest_by_name_or_number(many, open_page):
    at = open_page("analysis")
    box = at.selectbox(key="analysis_incident")
    assert len(box.options) == ui.PICKER_LIMIT and box.value == many[0]
    last = many[-1]
    assert f"#{last} " not in " ".join(box.options)

    at.text_input(key="analysis_incident_find").input(str(last)).run()  # a number: that incident opens
    assert at.selectbox(key="analysis_incident").value == last
    assert at.query_params["incident"] == str(last)

    at.text_input(key="analysis_incident_find").input("食堂停餐").run()  # words of its name
    box = at.selectbox(key="analysis_incident")
    assert box.options[0].endswith("滨江园区食堂停餐（待研判）") and box.value != last
    assert box.options[-1].startswith(f"#{last} ")  # the incident open a moment ago stays offered until one is picked

    at.text_input(key="analysis_incident_find").input("").run()  # clearing the search keeps the open incident
    assert at.selectbox(key="analysis_incident").value == box.value

    at.text_input(key="analysis_incident_find").input("没有这个事件").run()
    assert any("没有编号或名称含「没有这个事件」的事件" in c.value for c in at.caption)
    assert not at.exception


def test_a_link_to_an_incident_beyond_the_first_hundred_opens_it(many, open_link):
    at = open_link("response", incident=many[-1])
    assert at.selectbox(key="response_incident").value == many[-1]
    assert len(at.selectbox(key="response_incident").options) == ui.PICKER_LIMIT + 1


def test_the_post_search_filter_finds_an_incident_by_name(many, open_page):
    at = open_page("search")
    assert len(at.selectbox(key="search_incident").options) == ui.PICKER_LIMIT + 1  # and 「全部」
    at.text_input(key="search_incident_find").input("食堂停餐").run()
    options = at.selectbox(key="search_incident").options
    assert options[0].startswith("全部") and options[1].endswith("滨江园区食堂停餐") and len(options) == 2


def test_the_overview_table_shows_the_first_hundred_and_counts_them_all(many, open_page):
    at = open_page("overview")
    (table,) = [df.value for df in at.dataframe if "effective_level" in df.value.columns]
    assert len(table) == overview.TABLE_ROWS
    assert any(f"共 {MANY} 个" in c.value for c in at.caption)
    assert f"{MANY}" in [m.value for m in at.metric if m.label == "Ⅳ级 一般"]
