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


def test_the_briefing_picker_uses_the_same_label(demo_store, open_page):
    at = open_page("alerts")
    at.radio(key="report_kind").set_value("舆情专报").run()
    options = at.selectbox(key="report_incident").options
    assert sorted(options) == sorted(i.label for i in record.listing(demo_store))
