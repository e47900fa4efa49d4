"""One incident carried in real headless Chromium: claims proposed and verified, a statement blocked
for asserting a claim verified 不实 and approved after revision, updates to 管理层 (webhook) and 全体员工
(e-mail) sent on their cadence, a reply logged — then all of it in the 专报 and the 复盘 report."""
from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from browser import login, open_from_nav, wait_idle
from conftest import CHROMIUM, free_port
from receivers import mailbox, webhook  # noqa: F401 (fixtures)

from workbench import db
from workbench.alerts import channels
from workbench.communication import audiences

ROOT = Path(__file__).resolve().parents[2]
INCIDENT = "#2 Ⅰ级"   # demo: 云帆物流华东分拨中心拖欠工资引发员工聚集（处置中）
IID = 2              # its id: the incident pages key their forms by it
FALSE_CLAIM = "上百名分拣员聚集在园区门口讨薪"
WAGE_CLAIM = "云帆物流拖欠我们三个月工资"
STATEMENT = ("关于华东分拨中心部分员工工资延迟发放的情况说明：公司向受影响员工致歉并承担全部责任。"
             "本周五前发放拖欠工资的一半，下周五前全部结清。")


@contextlib.contextmanager
def _app(db_file: Path):
    """`workbench serve` on ``db_file``, ready when /_stcore/health answers."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "workbench", "serve", "--port", str(port), "--option", "server.fileWatcherType=none"],
        cwd=ROOT, env=dict(os.environ, WORKBENCH_DB=str(db_file)), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            assert proc.poll() is None, proc.stdout.read()
            with contextlib.suppress(OSError), urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    break
            assert time.monotonic() < deadline, "the app did not become healthy"
            time.sleep(0.2)  # polling interval of a readiness probe
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=30)


@pytest.fixture
def prepared(demo_db_file, tmp_path, webhook, mailbox):  # noqa: F811 (fixtures)
    """A copy of the demo store with a webhook channel for leadership and a mail channel for staff."""
    db_file = tmp_path / "carried.duckdb"
    shutil.copy(demo_db_file, db_file)
    con = db.connect(db_file)
    channels.save_channel(con, {"name": "管理层群", "kind": "webhook", "url": webhook.url()}, "管理员")
    channels.save_channel(con, {"name": "员工邮箱", "kind": "email", "smtp_host": "127.0.0.1", "smtp_port": mailbox[0],
                                "mail_from": "pr@example.com", "mail_to": "all@example.com"}, "管理员")
    db.close_all()
    return db_file


def _idle(page) -> None:
    """Wait until the script run is over and no element is left from the last run."""
    wait_idle(page)
    page.wait_for_function("() => !document.querySelector('[data-stale=\"true\"]')", timeout=90_000)


class Screen:
    """The page as a person uses it. The tab in use is reopened before each step: a rerun after a
    write puts a message above the tabs, and Streamlit then shows the first tab again."""

    def __init__(self, page):
        self.page = page
        self.tab: str | None = None

    def open(self, tab: str | None) -> None:
        """Work in ``tab`` from now on (None: a page without tabs)."""
        self.tab = tab
        self.show(None)

    def show(self, locator):
        """Make ``locator`` visible, reopening the tab in use if a rerun closed it; returns it."""
        from playwright.sync_api import TimeoutError as Timeout

        for attempt in range(6):
            _idle(self.page)
            if self.tab:
                tab = self.page.get_by_role("tab", name=self.tab).last
                if tab.get_attribute("aria-selected") != "true":
                    tab.click()
            if locator is None:
                return None
            try:
                locator.wait_for(state="visible", timeout=5_000)
                return locator
            except Timeout:
                if attempt == 5:
                    self.page.screenshot(path=str(Path(os.environ.get("WORKBENCH_SCREENSHOTS", "/tmp/workbench_screenshots"))
                                                  .joinpath("communication_failure.png")), full_page=True)
                    raise
        return locator

    def see(self, text: str) -> None:
        """Wait until ``text`` is on the page (the result of the last step; it may sit in a closed tab)."""
        self.page.get_by_text(text).first.wait_for(state="attached", timeout=90_000)
        _idle(self.page)

    def keyed(self, key: str):
        return self.show(self.page.locator(f".st-key-{key}"))

    def act(self, find, action) -> None:
        """``action(find())`` once the element is shown; again (tab reopened) if a late rerun hid it."""
        from playwright.sync_api import TimeoutError as Timeout

        for attempt in range(4):
            try:
                action(find())
                return
            except Timeout:
                if attempt == 3:
                    raise

    def choose(self, key: str, option: str) -> None:
        """Pick ``option`` (a text it contains) in the selectbox with ``key``."""
        from playwright.sync_api import TimeoutError as Timeout

        wanted = self.page.get_by_role("option", name=re.compile(re.escape(option))).first
        for attempt in range(3):  # a rerun finishing just then may close the list that was opening
            self.act(lambda: self.keyed(key), lambda el: el.click(timeout=5_000))
            try:
                wanted.click(timeout=10_000)
                break
            except Timeout:
                if attempt == 2:
                    raise
                self.page.keyboard.press("Escape")
        _idle(self.page)

    def add(self, key: str, option: str) -> None:
        """Add ``option`` to the multiselect with ``key`` (typed to filter the list, then Enter)."""
        self.act(lambda: self.keyed(key).locator("input").first, lambda el: el.click(timeout=5_000))
        self.page.keyboard.type(option)
        self.page.get_by_role("option", name=re.compile(re.escape(option))).first.wait_for()
        self.page.keyboard.press("Enter")
        self.page.keyboard.press("Escape")  # an open list hides the rest of the page from its roles
        _idle(self.page)

    def fill(self, key: str, text: str) -> None:
        self.act(lambda: self.keyed(key).locator("input, textarea").first, lambda el: el.fill(text, timeout=5_000))

    def press(self, button: str, key: str | None = None) -> None:
        """Click the button labelled ``button`` (within the widget ``key`` when given)."""
        def find():
            where = self.keyed(key) if key else self.page
            return self.show(where.get_by_role("button", name=button).first)

        self.act(find, lambda el: el.click(timeout=5_000))

    def number(self, pattern: str) -> int:
        """The number in the first expander title matching ``pattern`` (one group)."""
        titles = self.page.locator('[data-testid="stExpander"] summary').all_inner_texts()
        return int(next(m.group(1) for t in titles if (m := re.search(pattern, t))))

    def go(self, page_title: str) -> None:
        """Another page through the sidebar (the session, and so the chosen incident, stays)."""
        open_from_nav(self.page, page_title)
        self.open(None)


def _approve(page, url: str, sid: int, expect: str):
    """An administrator, in a tab of their own, moves statement ``sid`` to 已批准 and sees ``expect``;
    returns that tab."""
    other = page.context.browser.new_page(viewport={"width": 1400, "height": 1000})
    login(other, f"{url}/response", "admin")
    ui = Screen(other)
    ui.open(None)
    ui.choose("response_incident", INCIDENT)
    ui.open("声明")
    ui.press("改为「已批准」", f"move_{sid}_approved_{IID}")
    ui.see(expect)
    return other


def test_one_incident_carried_in_chromium(prepared, browser_page, webhook, mailbox):  # noqa: F811 (fixtures)
    with _app(prepared) as url:
        ui = Screen(browser_page)
        login(browser_page, f"{url}/response", "analyst")  # the analyst drafts; an administrator approves
        browser_page.get_by_role("heading", name="应对策划").first.wait_for(timeout=90_000)
        ui.open(None)
        ui.choose("response_incident", INCIDENT)
        ui.see("下一次相关方通报")

        # 核实台账: propose from the posts, accept two claims, verify one as 不实
        ui.open("核实台账")
        ui.press("从帖子提议说法（高频关键表述与数字）")
        ui.see("采纳为核实条目")
        for claim in (FALSE_CLAIM, WAGE_CLAIM):
            ui.add("claims_accept_pick", claim)
        ui.press("采纳所选说法")
        ui.see("已采纳 2 条说法")
        ui.choose("claim_verify_pick", FALSE_CLAIM)
        ui.choose("claim_verify_status", "核实中")
        ui.press("保存核实状态")
        ui.see("已改为核实中")
        ui.choose("claim_verify_status", "不实")
        ui.fill("claim_evidence", "调取园区门口监控并询问保安，当天无人员聚集")
        ui.fill("claim_confirmed_by", "安保部 王队长")
        ui.press("保存核实状态")
        ui.see("已改为不实")

        # 声明: asserting the false claim is blocked; the revision passes
        ui.open("声明")
        ui.fill(f"statement_body_{IID}", STATEMENT + FALSE_CLAIM + "，公司已到场处理。")
        ui.press("保存草稿")
        ui.see("声明草稿已保存")
        sid = ui.number(r"#(\d+) 官方微博 · 草稿")
        ui.press("改为「审核中」", f"move_{sid}_review_{IID}")
        ui.see("已改为审核中")
        approver = _approve(browser_page, url, sid, "口径检查未通过")  # someone other than the author approves
        assert approver.get_by_text("已核实为不实").count() > 0
        approver.close()
        ui.open("声明")
        ui.fill(f"body_{sid}_{IID}", STATEMENT + "网传" + FALSE_CLAIM + "，经核实不实。")
        ui.press("保存新版本", f"revise_{sid}_{IID}")
        ui.see("已保存新版本")
        ui.press("改为「审核中」", f"move_{sid}_review_{IID}")
        ui.see("已改为审核中")
        _approve(browser_page, url, sid, "已改为已批准").close()

        # 相关方通报: leadership through the webhook, staff by e-mail, each drafted from the incident
        ui.open("相关方通报")
        for audience, channel in (("管理层", "管理层群"), ("全体员工", "员工邮箱")):
            ui.choose("update_plan_audience", audience)  # reruns: its own channel and cadence show
            ui.choose(f"update_plan_channel_{audiences.AUDIENCES.index(audience)}", channel)
            ui.press("保存通报设置")
            ui.see(f"{audience}通报设置已保存")
            ui.choose("update_draft_audience", audience)
            ui.press("按当前情况起草")
            ui.see(f"已起草致{audience}的通报")
            uid = ui.number(rf"通报 #(\d+) · {audience}")
            ui.press(f"发送（{channel}）", f"update_send_{uid}")
            ui.see(f"通报 #{uid} 已发送")
        assert [p["alert"]["audience"] for p in webhook.received] == ["管理层"]
        assert "经核实，网传「上百名分拣员聚集在园区门口讨薪」不实" in webhook.received[0]["text"]
        assert mailbox[1][0]["Subject"].startswith("【相关方通报·全体员工】")

        # 跟踪反馈: a reply to a key post
        ui.go("跟踪反馈")
        ui.choose("interaction_post", "互动")
        ui.fill("interaction_platform", "微博")
        ui.fill("interaction_responder", "@云帆物流官方")
        ui.fill("interaction_reply", "您好，拖欠工资本周五前发放一半，下周五前全部结清")
        ui.press("记录回复")
        ui.see("回复已记录")

        # 专报 (预警汇报 › 日报与专报) and the 复盘 report carry the ledger, the updates and the reply
        ui.go("预警汇报")
        ui.open("日报与专报")
        ui.show(browser_page.get_by_text("舆情专报", exact=True).last).click()
        ui.press("生成报告")
        ui.see("预览（Markdown 原文）")
        ui.show(browser_page.get_by_text("预览（Markdown 原文）")).click()
        for text in ("附一、信息核实（核实台账）", "附二、相关方通报与互动", "安保部 王队长", "员工邮箱", "云帆物流官方"):
            browser_page.get_by_text(text).first.wait_for(timeout=30_000)
        ui.go("复盘总结")
        ui.press("生成复盘报告")  # Markdown, the first format
        ui.see("预览（已脱敏）")
        ui.show(browser_page.get_by_text("预览（已脱敏）")).click()
        report = browser_page.locator('[data-testid="stCode"]').first.inner_text()
        for text in ("## 信息核实与沟通", f"「{FALSE_CLAIM}」→ 不实", "向管理层通报（管理层群，渠道推送", "向全体员工通报（员工邮箱",
                     "云帆物流官方在微博回复"):
            assert text in report, text
        assert browser_page.locator('[data-testid="stException"]').count() == 0

    con = db.connect(prepared)
    assert con.execute("SELECT status, override_reason, version FROM statements WHERE id = ?", [sid]).fetchone() == (
        "approved", None, 2)
    sent = con.execute("SELECT audience, delivery FROM stakeholder_updates WHERE status = '已发送' ORDER BY id").fetchall()
    assert sent == [("管理层", "渠道推送"), ("全体员工", "渠道推送")]


@pytest.fixture
def browser_page():
    """A page of Debian's headless chromium; page errors fail the test."""
    assert CHROMIUM, "Debian's chromium is required (make test installs it)"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--no-first-run"])
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        yield page
        browser.close()
        assert not errors, errors
