"""Every page renders from the real entry point, on an empty store and on the demo store."""
import pytest

PAGES = {
    "overview": "态势总览",
    "collect": "采集监测",
    "labels": "分类复核",
    "assess": "影响评估",
    "alerts": "预警汇报",
    "analysis": "分析研判",
    "response": "应对策划",
    "tracking": "跟踪反馈",
    "postmortem": "复盘总结",
    "search": "帖子检索",
    "cases": "案例库",
}


def _titles(at):
    return [t.value for t in at.title]


@pytest.mark.parametrize("name", PAGES)
def test_page_renders_on_empty_store(name, store, open_page):
    at = open_page(name)
    assert PAGES[name] in " ".join(_titles(at))
    assert not at.exception


@pytest.mark.parametrize("name", PAGES)
def test_page_renders_on_demo_store(name, demo_store, open_page):
    at = open_page(name)
    assert PAGES[name] in " ".join(_titles(at))
    assert not at.exception


ADMIN_PAGES = {"audit": "审计日志", "accounts": "账号管理"}


@pytest.mark.parametrize("name", ADMIN_PAGES)
def test_admin_page_renders_on_demo_store(name, demo_store, open_page):
    at = open_page(name, role="admin")
    assert ADMIN_PAGES[name] in " ".join(_titles(at))
    assert not at.exception


def test_sidebar_shows_database_and_the_signed_in_account(store, open_page, db_path):
    at = open_page("overview", user="王经理")
    assert any(str(db_path) in c.value for c in at.sidebar.caption)
    assert "当前账号：王经理（分析员）" in [t.value for t in at.sidebar.text]
    assert [t.key for t in at.sidebar.text_input] == ["lake_dir"]  # the actor is the account, never a typed name
