"""One incident picker on every incident page: one label format, open incidents first, the choice
following the user from page to page."""
import re

import pytest

from workbench.incidents import record

LABEL = re.compile(r"^#\d+ (Ⅰ级|Ⅱ级|Ⅲ级|Ⅳ级|未定级) .+（(待研判|已定级|处置中|跟踪中|已关闭|已复盘)）$")
PICKERS = {
    "assess": "assess_incident",
    "analysis": "analysis_incident",
    "response": "response_incident",
    "tracking": "tracking_incident",
    "postmortem": "postmortem_incident",
}


@pytest.mark.parametrize("page", PICKERS)
def test_every_incident_page_names_incidents_one_way(page, demo_store, open_page):
    at = open_page(page)
    options = at.selectbox(key=PICKERS[page]).options
    expected = [i.label for i in record.listing(demo_store)]
    assert options and all(LABEL.match(o) for o in options), options
    assert sorted(options) == sorted(expected)


def test_open_incidents_come_first_and_the_choice_follows_the_user(demo_store, open_page):
    at = open_page("tracking")
    options = at.selectbox(key="tracking_incident").options
    statuses = [o.rsplit("（", 1)[1].rstrip("）") for o in options]
    open_count = sum(s in ("待研判", "已定级", "处置中", "跟踪中") for s in statuses)
    assert statuses[:open_count] == [s for s in statuses if s in ("待研判", "已定级", "处置中", "跟踪中")]
    closed = record.listing(demo_store)[-1]
    at.selectbox(key="tracking_incident").set_value(closed.id).run()
    at.switch_page("pages/postmortem.py").run()
    assert not at.exception
    assert at.selectbox(key="postmortem_incident").value == closed.id


def test_pages_list_the_same_incidents_in_one_order_whichever_is_opened_first(demo_store, open_page):
    """影响评估 passes its own list (ranked by level and heat), the other pages every incident: the
    picker's names and order are built once and shared, so they must not depend on who built them."""
    from workbench import ui

    seen = []
    for first, then in (("assess", "analysis"), ("analysis", "assess")):
        ui._derived.clear()  # the names are shared per store version: let ``first`` build them
        at = open_page(first)
        options = at.selectbox(key=PICKERS[first]).options
        at.switch_page(f"pages/{then}.py").run()
        assert at.selectbox(key=PICKERS[then]).options == options
        seen.append(options)
    assert seen[0] == seen[1] == [i.label for i in record.listing(demo_store)]


def test_the_briefing_picker_uses_the_same_label(demo_store, open_page):
    at = open_page("alerts")
    at.radio(key="report_kind").set_value("舆情专报").run()
    options = at.selectbox(key="report_incident").options
    assert sorted(options) == sorted(i.label for i in record.listing(demo_store))


def test_pickers_put_running_clocks_first_gravest_and_most_urgent_on_top(store):
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    now = datetime(2026, 11, 20, 12, 0, tzinfo=ZoneInfo("Asia/Shanghai"))

    def incident(title, level, status, opened_hours_ago, responded=False):
        opened = now - timedelta(hours=opened_hours_ago)
        return store.execute(
            "INSERT INTO incidents (title, level, status, opened_at, acknowledged_at, first_response_at)"
            " VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
            [title, level, status, opened, opened if responded else None, opened if responded else None]).fetchone()[0]

    closed = incident("已关闭的Ⅰ级", "Ⅰ", "已关闭", 1)
    done = incident("已回应的Ⅰ级", "Ⅰ", "跟踪中", 1, responded=True)  # open, but no clock running
    minor_late = incident("Ⅳ级刚立案", "Ⅳ", "待研判", 0.5)
    grave_new = incident("Ⅰ级新", "Ⅰ", "待研判", 0.1)
    grave_old = incident("Ⅰ级早", "Ⅰ", "待研判", 0.4)  # less time left than grave_new
    middle = incident("Ⅱ级", "Ⅱ", "处置中", 0.2)
    order = [i.id for i in record.listing(store, now)]
    assert order == [grave_old, grave_new, middle, minor_late, done, closed]


def test_a_deep_link_opens_its_incident_and_the_address_follows_the_picker(demo_store, open_link):
    wanted = record.listing(demo_store)[-1].id
    at = open_link("response", incident=wanted)
    assert at.selectbox(key="response_incident").value == wanted
    other = record.listing(demo_store)[0].id
    at.selectbox(key="response_incident").set_value(other).run()
    assert at.selectbox(key="response_incident").value == other  # the user's choice wins over the old address
    assert at.query_params["incident"] == str(other)


def test_an_unknown_incident_in_the_address_is_explained_in_chinese(demo_store, open_link):
    at = open_link("analysis", incident=9999)
    assert any("「9999」不存在" in e.value for e in at.error)
    assert at.selectbox(key="analysis_incident").value == record.listing(demo_store)[0].id


def test_an_overdue_clock_lifts_an_incident_a_level_and_a_level_decision_restarts_its_clocks(store):
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    now = datetime(2026, 11, 20, 12, 0, tzinfo=ZoneInfo("Asia/Shanghai"))

    def incident(title, level, hours_ago, *, computed=None, level_set_hours_ago=None, acknowledged=False):
        opened = now - timedelta(hours=hours_ago)
        level_set = None if level_set_hours_ago is None else now - timedelta(hours=level_set_hours_ago)
        return store.execute(
            "INSERT INTO incidents (title, level, computed_level, status, opened_at, level_set_at, acknowledged_at)"
            " VALUES (?, ?, ?, '处置中', ?, ?, ?) RETURNING id",
            [title, level, computed, opened, level_set, opened if acknowledged else None]).fetchone()[0]

    grave = incident("Ⅰ级刚立案", "Ⅰ", 0.1)                      # Ⅰ, 20 min to acknowledge
    late = incident("Ⅱ级超时", "Ⅱ", 3)                           # Ⅱ, ack overdue by 1 h: treated as Ⅰ, most late first
    regraded = incident("Ⅱ级刚人工定级", "Ⅱ", 30, level_set_hours_ago=0.5)  # clocks restart at the decision
    unrated = incident("未定级按计算级别", None, 0.5, computed="Ⅲ")     # clocks follow the computed level
    acked = incident("Ⅲ级已确认", "Ⅲ", 1, acknowledged=True)         # only the response clock runs (23 h left)
    order = [i.id for i in record.listing(store, now)]
    assert order == [late, grave, regraded, unrated, acked]  # Ⅲ: 7.5 h to acknowledge before 23 h to respond
    views = {i.id: i for i in record.listing(store, now)}
    assert views[late].clocks(now)["effective_level"] == "Ⅰ" and views[regraded].clocks(now)["ack"]["state"] == "进行中"
