"""Personal data in a post's title, author, URL and text is masked in every place it can reach:
the import, incident titles, alerts and their pushes, CLI JSON, briefings (Markdown and DOCX),
word clouds and the pages; only the audited 查看原文 action shows the original."""
from __future__ import annotations

import io
import json
import re
import zipfile
from contextlib import redirect_stdout
from datetime import datetime, timedelta

import pandas as pd
import pytest

from workbench import db
from workbench.alerts.delivery.formats import alert_text, markdown_body
from workbench.alerts.store import NewAlert, insert_alert
from workbench.analysis.words import word_frequencies
from workbench.briefings import documents
from workbench.cli import main
from workbench.incidents.opening import open_incidents
from workbench.ingest.pipeline import ingest_file
from workbench.labels import reveal_original

# Each written as people do: dots, mixed separators, ideographic spaces, e-mail, encoded e-mail.
RAW = ["158.1234.5678", "136 1234-5678", "13812345678", "hr.zhang@corp.com", "a%40b.com",
       "6222\u30000202\u30000000\u30000005", "440 306 1990 0307 1232", "13912345678"]
TITLE = "某科技公司欠薪 联系 158.1234.5678 hr.zhang@corp.com"
AUTHOR = "王五 13912345678"
URL = "https://weibo.example/p/1?tel=13812345678&mail=a%40b.com"
TEXT = "工资卡 6222\u30000202\u30000000\u30000005 三个月没发工资，身份证 440 306 1990 0307 1232，电话 136 1234-5678"


def leaks(text: str) -> list[str]:
    """The raw forms found in ``text`` (digits compared without separators too)."""
    flat = re.sub(r"[\s.\-\u3000]", "", text)
    return [r for r in RAW if r in text or re.sub(r"[\s.\-\u3000]", "", r) in flat]


@pytest.fixture
def pii_store(store, tmp_path):
    """One imported post full of personal data, an incident named from its title, and an alert."""
    path = tmp_path / "posts.csv"
    pd.DataFrame([{"id": "1", "标题": TITLE, "作者": AUTHOR, "链接": URL, "正文": TEXT,
                   "发布时间": "2026-11-20 09:00"}]).to_csv(path, index=False)
    result = ingest_file(store, path, platform="微博")
    (post_id,) = result.inserted_ids
    with db.transaction(store) as cur:
        (iid,) = open_incidents(cur, pd.DataFrame({"key": [1], "title": [TITLE], "category": ["薪酬福利"]}),
                                pd.DataFrame({"key": [1], "post_id": [post_id]}),
                                opened_at=datetime.fromisoformat("2026-11-20T10:00:00+08:00"))
        insert_alert(cur, NewAlert(
            rule="spike", scope_kind="incident", scope_key=str(iid), scope_label=TITLE, level="Ⅲ",
            message=f"事件「{TITLE}」发帖量突增（作者 {AUTHOR}）",
            evidence={"explanation": f"首帖 {TITLE}", "posts": [{"excerpt": TEXT, "url": URL, "author": AUTHOR}]},
            bucket_at=datetime.fromisoformat("2026-11-20T10:00:00+08:00"), incident_id=iid),
            datetime.fromisoformat("2026-11-20T10:05:00+08:00"))
    return store, post_id, iid


def test_the_import_masks_every_form_in_text(pii_store):
    con, post_id, _ = pii_store
    (masked,) = con.execute("SELECT text_masked FROM posts WHERE id = ?", [post_id]).fetchone()
    assert leaks(masked) == []
    assert "6222 **** **** 0005" in masked and "136****5678" in masked and "440306********1232" in masked


def test_incident_title_is_masked_when_it_is_made(pii_store):
    con, _, iid = pii_store
    (title,) = con.execute("SELECT title FROM incidents WHERE id = ?", [iid]).fetchone()
    assert leaks(title) == [] and "158****5678" in title and "h***@corp.com" in title


def _cli_json(db_path, *args):
    out = io.StringIO()
    with redirect_stdout(out):
        assert main(["--db", str(db_path), *args]) == 0
    return out.getvalue()


def test_cli_json_of_incidents_and_alerts_is_masked(pii_store, db_path):
    db.close_all()
    for args in (("incidents", "list", "--format", "json"), ("alerts", "list", "--format", "json"),
                 ("alerts", "list", "--threads", "--format", "json")):
        text = _cli_json(db_path, *args)
        assert json.loads(text) and leaks(text) == [], args


def test_alert_message_evidence_and_pushes_are_masked(pii_store):
    con, _, iid = pii_store
    row = con.execute("SELECT * FROM alerts WHERE incident_id = ?", [iid]).df().iloc[0].to_dict()
    assert leaks(row["message"]) == [] and leaks(row["scope_label"]) == [] and leaks(row["evidence"]) == []
    pushed = alert_text(row)
    assert leaks(markdown_body(pushed)) == [] and leaks(json.dumps(pushed.raw, ensure_ascii=False, default=str)) == []


def _docx_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return " ".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith((".xml", ".rels")))


def test_incident_briefing_markdown_and_docx_are_masked_links_included(pii_store):
    con, _, iid = pii_store
    briefing = documents.build(con, incident_id=iid)
    md = documents.render(briefing, "md").decode("utf-8")
    assert leaks(md) == [] and leaks(_docx_text(documents.render(briefing, "docx"))) == []
    assert "weibo.example/p/1?tel=138****5678" in md  # the link stays, its query string masked


def test_word_cloud_never_shows_a_number_an_older_masker_missed():
    # a store's text_masked made before dots were understood still holds the raw number
    words = word_frequencies(pd.DataFrame({"text_masked": ["欠薪 电话 158.1234.5678 欠薪 加班"] * 3}))
    assert words and not any("1234" in w for w in words)


def test_pages_show_masked_authors_titles_and_urls(pii_store, open_page):
    at = open_page("analysis")
    assert not at.exception
    shown = " ".join(df.value.astype(str).to_csv() for df in at.dataframe)
    shown += " ".join(str(e.value) for e in (*at.markdown, *at.caption, *at.selectbox))
    assert "王五" in shown and leaks(shown) == []


def test_revealing_the_original_needs_a_reason_and_is_audited(pii_store):
    con, post_id, _ = pii_store
    with pytest.raises(ValueError, match="理由"):
        reveal_original(con, post_id, "李分析", " ")
    original = reveal_original(con, post_id, "李分析", "核实举报人的联系方式")
    assert original["text"] == TEXT and original["author"] == AUTHOR and original["url"] == URL
    audit = con.execute("SELECT actor, action, entity_id, after FROM audit_log WHERE action = 'reveal_original'").fetchall()
    assert [(a, e) for a, _, e, _ in audit] == [("李分析", str(post_id))]
    assert json.loads(audit[0][3])["reason"] == "核实举报人的联系方式"


def test_a_leader_cannot_reveal_a_posts_original_text(pii_store):
    from workbench.access import Actor, Forbidden

    con, post_id, _ = pii_store
    with pytest.raises(Forbidden):
        reveal_original(con, post_id, Actor("王总", "leader"), "核实举报人联系方式")
    assert reveal_original(con, post_id, Actor("李文", "analyst"), "核实举报人联系方式")["text"] == TEXT
