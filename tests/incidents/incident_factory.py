"""Small helpers for incidents tests: posts (with analyses) inserted straight into the store, and a
store from before a migration.

Not a conftest.py: tests import it by name, so it never shadows tests/conftest.py."""
from __future__ import annotations

import hashlib
import itertools
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from workbench import config, db
from workbench.nlp import risk, segment

TZ = ZoneInfo("Asia/Shanghai")
DAY = datetime(2026, 11, 20, 8, 0, tzinfo=TZ)
_ext = itertools.count(1)


def add_post(con, text, at, *, keywords=None, sentiment="负面", category="薪酬福利", risk_level=3,
             platform="微博", external_id=None, parent=None, reposts=0, comments=0, likes=0, views=0,
             employer="某科技公司", source_id=None, title=None, author=None, sentiment_score=None):
    """Insert one post and its analysis; return the post id. The analysis's evidence is what
    ``workbench.analyze`` puts first in it: the risk lexicon's terms found in the text, for a post graded
    graver than 4 (a test that needs the model's own words there sets ``risk_terms`` itself)."""
    ext = external_id or f"x{next(_ext)}"
    pid = con.execute(
        "INSERT INTO posts (platform, external_id, text, text_masked, title, published_at, reposts, comments, likes,"
        " views, parent_external_id, content_hash, employer, source_id, author)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        [platform, ext, text, text, title, at, reposts, comments, likes, views, parent,
         hashlib.sha1(f"{ext}{text}".encode()).hexdigest(), employer, source_id, author],
    ).fetchone()[0]
    evidence = risk.assess(segment.normalize(text))[1] if risk_level is not None and risk_level < risk.NO_RISK else []
    con.execute(
        "INSERT INTO analyses (post_id, sentiment, sentiment_score, category, risk_level, keywords, risk_terms)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        [pid, sentiment, sentiment_score, category, risk_level, keywords, evidence],
    )
    return pid


def three_events(con, day=DAY):
    """Posts about three different events on one day; returns {event: [post ids]}."""
    events = {
        "wages": (["欠薪", "工资", "拖欠", "讨薪"], "薪酬福利", "某建筑公司", "某建筑公司拖欠工人工资三个月，几百名工人讨薪无果"),
        "fire": (["火灾", "厂房", "受伤", "消防"], "安全健康", "某电子厂", "某电子厂厂房夜间起火，多名员工受伤送医"),
        "layoff": (["裁员", "赔偿", "n+1", "协议"], "裁员离职", "某互联网公司", "某互联网公司大规模裁员，赔偿低于n+1"),
    }
    out = {}
    for j, (name, (kw, cat, emp, text)) in enumerate(events.items()):
        ids = []
        for i in range(5):
            # each post carries the event's core terms plus one of its own
            words = kw[:3] + [f"细节{j}{i}"] if i % 2 else [kw[0], kw[1], kw[3], f"细节{j}{i}"]
            ids.append(add_post(con, f"{text}（第{i}条）", day + timedelta(hours=j * 3, minutes=i * 20),
                                keywords=words, category=cat, employer=emp, likes=10 * i, comments=i))
        out[name] = ids
    return out


@pytest.fixture
def now():
    return DAY + timedelta(hours=12)


def store_before(migration: str, db_path, tmp_path, monkeypatch):
    """A store migrated only up to (not including) ``migration``; ``migrate(con)`` then applies the rest."""
    old = tmp_path / "old_migrations"
    old.mkdir()
    for p in config.MIGRATIONS_DIR.glob("*.sql"):
        if p.name < migration:
            (old / p.name).write_text(p.read_text(encoding="utf-8"), encoding="utf-8")
    current = config.MIGRATIONS_DIR
    monkeypatch.setattr(config, "MIGRATIONS_DIR", old)
    con = db.connect(db_path)
    monkeypatch.setattr(config, "MIGRATIONS_DIR", current)
    return con
