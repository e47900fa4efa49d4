"""One uploaded wage-arrears incident carried through 应对策划 → 跟踪反馈 → 复盘总结 → 案例库 in real
headless Chromium, switching to another incident between the steps: what each step saved belongs to
the incident it was typed for (the review included), and the finalised review becomes a training case."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from browser import ROOT, login, wait_healthy

from conftest import CHROMIUM, free_port
from workbench import db
from workbench.cli import main
from workbench.incidents import record

S1 = ROOT / "tests" / "incidents" / "scenarios" / "S1"
SHOTS = Path(os.environ.get("WORKBENCH_SCREENSHOTS", "/tmp/workbench_screenshots"))


def _upload(db_file: Path, tmp: Path) -> dict[int, str]:
    """Ingest a courier firm's unpaid-fees export as a user uploads it; returns {id: label} of its
    incident and of another open one (in that order)."""
    posts = pd.read_json(S1 / "posts.jsonl", lines=True, dtype={"external_id": str, "parent_external_id": str})
    export = tmp / "迅驰快递导出.csv"
    posts[posts["event"] == "E2"].drop(columns=["id", "event"]).to_csv(export, index=False, encoding="utf-8-sig")
    entities = tmp / "entities.json"
    entities.write_text((S1 / "entities.json").read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["--db", str(db_file), "entities", "import", str(entities), "--actor", "分析员"]) == 0
    assert main(["--db", str(db_file), "ingest", str(export)]) == 0
    con = db.connect(db_file)
    uploaded = con.execute("SELECT id FROM incidents WHERE title LIKE '迅驰%' AND merged_into IS NULL "
                           "ORDER BY (SELECT count(*) FROM incident_posts WHERE incident_id = id) DESC LIMIT 1").fetchone()[0]
    other = con.execute("SELECT id FROM incidents WHERE id <> ? AND merged_into IS NULL AND status = '处置中' "
                        "ORDER BY id LIMIT 1", [uploaded]).fetchone()[0]
    labels = {i: record.get(con, i).label for i in (uploaded, other)}
    db.close_all()
    return labels


@pytest.fixture(scope="module")
def loop_server(demo_db_file, tmp_path_factory):
    """`workbench serve` on a copy of the demo store plus one uploaded incident."""
    import shutil

    tmp = tmp_path_factory.mktemp("loop")
    db_file = tmp / "loop.duckdb"
    shutil.copy(demo_db_file, db_file)
    labels = _upload(db_file, tmp)
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "workbench", "serve", "--port", str(port), "--option", "server.fileWatcherType=none"],
        cwd=ROOT, env=dict(os.environ, WORKBENCH_DB=str(db_file)), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, proc)
        yield url, db_file, labels, proc
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def _settled(page) -> None:
    """The script run is over: Streamlit's running indicator is gone and no element of the previous
    run is left standing (Streamlit marks those data-stale)."""
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
                           " && !document.querySelector('[data-stale=\"true\"]')", timeout=90_000)


def _pick(page, key: str, label: str, ready: str) -> None:
    """Choose ``label`` in the selectbox with widget key ``key``; done when the widget keyed
    ``ready`` (one of the chosen incident's own) is drawn."""
    number = label.split(" ", 1)[0]
    find = page.locator(f".st-key-{key}_find input")
    if find.count():  # more incidents than the list offers: find it by number, which opens it
        find.fill(number.lstrip("#"))
        find.press("Enter")
    else:
        box = page.locator(f".st-key-{key} input")
        box.click()
        box.fill(number + " ")  # filter the list first
        page.get_by_role("option", name=label).click()
    page.locator(f".st-key-{ready}").first.wait_for(timeout=90_000)
    _settled(page)


def _open(page, title: str) -> None:
    """Go to a page through the sidebar navigation (the session, and its chosen incident, stay)."""
    page.locator('[data-testid="stSidebarNav"]').get_by_text(title, exact=True).click()
    page.get_by_role("heading", name=title).first.wait_for(timeout=90_000)
    _settled(page)


def _tab(page, name: str) -> None:
    _settled(page)
    page.get_by_role("tab", name=name).first.click()


def _field(page, key: str):
    return page.locator(f".st-key-{key}").locator("input, textarea").first


def _submit(page, label: str, done: str) -> None:
    """Click a button whose write redraws the page; done when the redrawn page shows ``done``
    (the success note at its top, not the toast that comes before the redraw)."""
    page.get_by_role("button", name=label).first.click()
    page.locator('[data-testid="stAlert"]').filter(has_text=done).first.wait_for(timeout=90_000)
    _settled(page)


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_uploaded_incident_through_response_tracking_and_review(loop_server):
    from playwright.sync_api import sync_playwright

    url, db_file, labels, server = loop_server
    uploaded, other = labels
    assert CHROMIUM, "Debian's chromium is required (make test installs it)"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--no-first-run"])
        page = browser.new_page(viewport={"width": 1400, "height": 1100})
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        # an administrator: the only role that may approve a statement it drafted (with a reason)
        login(page, f"{url}/response", "admin")  # the deep link leads to 应对策划 once signed in
        page.get_by_role("heading", name="应对策划").first.wait_for(timeout=90_000)
        _settled(page)

        try:
            # 应对策划: staff a role, start from the playbook, draft → approve (forced, with a reason) → publish
            _pick(page, "response_incident", labels[uploaded], f"playbook_owner_{uploaded}")
            _field(page, f"assign_person_{uploaded}").fill("陈总")
            _submit(page, "分配角色", "已分配角色")
            _field(page, f"playbook_owner_{uploaded}").fill("周宁")
            # switch away before saving: nothing typed carries over
            _pick(page, "response_incident", labels[other], f"playbook_owner_{other}")
            assert _field(page, f"playbook_owner_{other}").input_value() != "周宁"
            _pick(page, "response_incident", labels[uploaded], f"playbook_owner_{uploaded}")
            _field(page, f"playbook_owner_{uploaded}").fill("周宁")
            _submit(page, "按预案生成方案、口径模板和行动", "已按预案生成方案")
            _tab(page, "声明")
            _field(page, f"statement_body_{uploaded}").fill("关于网点派费问题，公司已成立专班核查，将尽快给出结果。")
            _submit(page, "保存草稿", "声明草稿已保存")
            _tab(page, "声明")  # a write redraws the page on its first tab
            _submit(page, "改为「审核中」", "已改为审核中")
            override = page.locator(f'[class*="st-key-override_"][class*="_{uploaded}"] input').first  # key: statement id
            _tab(page, "声明")
            override.fill("事实仍在核实，先发布核查进展")
            _submit(page, "改为「已批准」", "已改为已批准")
            _tab(page, "声明")
            _submit(page, "改为「已发布」", "已改为已发布")
            _shot(page, "loop_1_response")

            # 跟踪反馈: the statement is minutes old, so the page waits for evidence; record an assessment
            _open(page, "跟踪反馈")
            _pick(page, "tracking_incident", labels[other], f"assessment_note_{other}")
            _pick(page, "tracking_incident", labels[uploaded], f"assessment_note_{uploaded}")
            page.get_by_text("观察中：对比窗口 24 小时").first.wait_for(timeout=30_000)  # no verdict minutes after publishing
            _field(page, f"assessment_note_{uploaded}").fill("发布不久，继续观察")
            page.locator(f".st-key-assessment_verdict_{uploaded}").click()
            page.get_by_role("option", name="待观察").click()
            _submit(page, "记录评估", "效果评估已记录")
            _shot(page, "loop_2_tracking")

            # 复盘总结: type for the uploaded incident, switch, write and save the other's, then save ours
            _open(page, "复盘总结")
            _pick(page, "postmortem_incident", labels[uploaded], f"review_lessons_{uploaded}")
            _field(page, f"review_lessons_{uploaded}").fill("迅驰：派费争议要在首日公开核查进度")
            _pick(page, "postmortem_incident", labels[other], f"review_lessons_{other}")
            assert "迅驰" not in _field(page, f"review_lessons_{other}").input_value()
            _field(page, f"review_lessons_{other}").fill("另一事件：先核实再回应")
            _submit(page, "保存复盘", "复盘已保存")
            _pick(page, "postmortem_incident", labels[uploaded], f"review_lessons_{uploaded}")
            _field(page, f"review_lessons_{uploaded}").fill("迅驰：派费争议要在首日公开核查进度")
            _field(page, f"review_improvements_{uploaded}").fill("派费结算每周公示")
            page.locator(f".st-key-review_status_{uploaded}").get_by_text("已定稿").click()
            _submit(page, "保存复盘", "复盘已保存（已定稿）")
            _shot(page, "loop_3_review")

            # 案例库: the finalised review is a training case, the employer's name replaced
            _open(page, "案例库")
            box = page.locator(".st-key-cases_q input")
            box.fill("派费")
            box.press("Enter")
            _settled(page)
            page.get_by_text("派费争议要在首日公开核查进度").first.wait_for(timeout=60_000)
            case_text = page.locator('[data-testid="stMain"]').inner_text()
            assert "迅驰" not in case_text
            _shot(page, "loop_4_cases")
        except Exception:
            _shot(page, "loop_failure")  # what the page showed when a step failed
            raise
        assert not errors, errors
        browser.close()

    server.terminate()  # the app holds the database file; read what it saved once it has stopped
    server.wait(timeout=30)
    con = db.connect(db_file)
    try:
        plan_owner = con.execute("SELECT owner FROM plans WHERE incident_id = ?", [uploaded]).fetchall()
        assert plan_owner == [("周宁",)]
        assert con.execute("SELECT count(*) FROM plans WHERE incident_id = ? AND owner = '周宁'", [other]).fetchone()[0] == 0
        roles = dict(con.execute("SELECT role, person FROM assignments WHERE incident_id = ?", [uploaded]).fetchall())
        staffed_role, person = next(iter(roles.items()))
        assert person == "陈总"
        owners = con.execute("SELECT role, owner FROM actions WHERE incident_id = ?", [uploaded]).fetchall()
        assert owners and all(o == ("陈总" if r == staffed_role else "周宁") for r, o in owners)
        stmt = con.execute("SELECT id, status, override_reason FROM statements WHERE incident_id = ?", [uploaded]).fetchone()
        assert stmt[1:] == ("published", "事实仍在核实，先发布核查进展")
        assessment = con.execute("SELECT statement_id, verdict, note FROM tracking_assessments WHERE incident_id = ?",
                                 [uploaded]).fetchall()
        assert assessment == [(None, "待观察", "发布不久，继续观察")]
        reviews = {i: json.loads(b) for i, b in con.execute(
            "SELECT incident_id, body FROM reviews WHERE incident_id IN (?, ?)", [uploaded, other]).fetchall()}
        assert reviews[uploaded]["经验教训"] == "迅驰：派费争议要在首日公开核查进度"
        assert con.execute("SELECT status FROM reviews WHERE incident_id = ?", [uploaded]).fetchone()[0] == "已定稿"
        assert reviews[other]["经验教训"] == "另一事件：先核实再回应"
        assert "迅驰" in reviews[uploaded]["事件概要"] and "迅驰" not in reviews[other]["事件概要"]
    finally:
        db.close_all()
