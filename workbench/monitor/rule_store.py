"""Monitor rules in the store: saving (audited), tagging posts, choosing what a scrape keeps.

Decisions (documented for the page and the CLI):

- A scraped item is kept when it matches at least one active rule whose scope is ``all`` or
  ``scrape``. When no such rule exists every item is kept, so a fresh install with sources and
  no rules still collects (the page says so).
- Every ingested post — uploaded or scraped — is tagged with the active rules of its scope
  (``all`` + ``upload`` for uploads, ``all`` + ``scrape`` for scrapes) in ``post_rule_matches``;
  the alerts area reads that table for per-rule spikes. Tags are derived data: editing a rule's
  expression re-tags every post for that rule.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Sequence

import duckdb
import pandas as pd
import pyarrow as pa

from .. import access, audit, db
from .rules import Rule, RuleSyntaxError, compile_rule, match_many

RULE_SCOPES = {"all": "全部（上传与采集）", "upload": "仅上传数据", "scrape": "仅采集源"}
SENSITIVITIES = {"high": "高", "medium": "中", "low": "低"}
_CHUNK = 50_000


@dataclass(frozen=True)
class ActiveRule:
    """An active rule, compiled."""

    id: int
    name: str
    rule: Rule


def active_rules(con: duckdb.DuckDBPyConnection, scope: str | None = None) -> list[ActiveRule]:
    """Active rules applying to ``scope`` ('upload' | 'scrape' | None = all), compiled.

    A stored expression that no longer parses (written around the editor) is left out.
    """
    out = []
    for row in db.query("rule_active", con, scope=scope).itertuples():
        try:
            out.append(ActiveRule(int(row.id), row.name, compile_rule(row.expression)))
        except RuleSyntaxError:
            continue
    return out


def keep_mask(rules: Sequence[ActiveRule], texts: Sequence[str]) -> list[bool]:
    """Which ``texts`` a scrape keeps: those matching any rule, or all when there are no rules."""
    if not rules:
        return [True] * len(texts)
    keep = [False] * len(texts)
    for r in rules:
        keep = [k or m for k, m in zip(keep, match_many(r.rule, texts))]
    return keep


def _texts(posts: pd.DataFrame) -> list[str]:
    return (posts["title"].astype(str) + "\n" + posts["text"].astype(str)).tolist()


def _matches(posts: pd.DataFrame, rules: Iterable[ActiveRule]) -> pa.Table:
    texts = _texts(posts)
    ids = posts["post_id"].astype("int64").tolist()
    post_ids, rule_ids, terms = [], [], []
    for r in rules:
        for pid, text, hit in zip(ids, texts, match_many(r.rule, texts)):
            if hit:
                post_ids.append(pid)
                rule_ids.append(r.id)
                terms.append(r.rule.matched_terms(text))
    return pa.table({
        "post_id": pa.array(post_ids, pa.int64()),
        "rule_id": pa.array(rule_ids, pa.int32()),
        "matched_terms": pa.array(terms, pa.list_(pa.string())),
    })


def _store_matches(con: duckdb.DuckDBPyConnection, table: pa.Table) -> int:
    if table.num_rows == 0:
        return 0
    with db.transaction(con) as cur:
        cur.register("new_matches", table)
        cur.execute(
            "INSERT OR REPLACE INTO post_rule_matches (post_id, rule_id, matched_terms) "
            "SELECT post_id, rule_id, matched_terms FROM new_matches"
        )
        cur.unregister("new_matches")
    return table.num_rows


def tag_posts(con: duckdb.DuckDBPyConnection, post_ids: Sequence[int], *, scope: str | None = None) -> int:
    """Record in ``post_rule_matches`` which active rules (of ``scope``: 'upload', 'scrape' or
    None for every active rule) each of ``post_ids`` matches; returns the number of matches.

    Callable from any ingestion path after its posts are committed; repeating it is harmless.
    """
    ids = [int(i) for i in post_ids]
    rules = active_rules(con, scope)
    if not ids or not rules:
        return 0
    total = 0
    for i in range(0, len(ids), _CHUNK):
        posts = db.query("rule_post_texts", con, post_ids=ids[i : i + _CHUNK])
        total += _store_matches(con, _matches(posts, rules))
    return total


def retag_rule(con: duckdb.DuckDBPyConnection, rule_id: int) -> int:
    """Drop rule ``rule_id``'s tags and match it against every stored post again (when it is
    active); returns the number of matches."""
    con.cursor().execute("DELETE FROM post_rule_matches WHERE rule_id = ?", [int(rule_id)])
    rules = [r for r in active_rules(con) if r.id == int(rule_id)]
    if not rules:
        return 0
    total, after = 0, -1
    while True:
        posts = db.query("rule_post_texts_page", con, after_id=after, limit=_CHUNK)
        if posts.empty:
            return total
        total += _store_matches(con, _matches(posts, rules))
        after = int(posts["post_id"].iloc[-1])


def save_rule(
    con: duckdb.DuckDBPyConnection,
    *,
    name: str,
    expression: str,
    scope: str = "all",
    sensitivity: str = "medium",
    active: bool = True,
    actor: str,
    rule_id: int | None = None,
) -> int:
    """Create (``rule_id`` None) or update a monitor rule, audited; returns its id.

    Raises ``ValueError`` with a Chinese message on a bad name, scope or sensitivity, and
    ``RuleSyntaxError`` (a ValueError, with the position) on an expression that does not parse.
    Posts are re-tagged for the rule when its expression or active flag changed.
    """
    access.require(actor, "configure")
    name = (name or "").strip()
    expression = (expression or "").strip()
    if not name:
        raise ValueError("请填写规则名称")
    if scope not in RULE_SCOPES:
        raise ValueError(f"适用范围应为 {' / '.join(RULE_SCOPES)} 之一：{scope}")
    if sensitivity not in SENSITIVITIES:
        raise ValueError(f"敏感度应为 {' / '.join(SENSITIVITIES)} 之一：{sensitivity}")
    compile_rule(expression)
    same_name = db.query("rule_by_name", con, rule_name=name)["id"].tolist()
    if same_name and (rule_id is None or int(same_name[0]) != int(rule_id)):
        raise ValueError(f"已有同名规则：{name}")
    values = {"name": name, "expression": expression, "scope": scope, "sensitivity": sensitivity, "active": bool(active)}
    select = "SELECT id, name, expression, scope, sensitivity, active FROM monitor_rules WHERE id = ?"
    with db.transaction(con) as cur:
        if rule_id is None:
            before = None
            rule_id = cur.execute(
                "INSERT INTO monitor_rules (name, expression, scope, sensitivity, active) VALUES (?, ?, ?, ?, ?) RETURNING id",
                list(values.values()),
            ).fetchone()[0]
        else:
            before = audit.row_dict(cur, select, [int(rule_id)])
            if before is None:
                raise ValueError(f"规则 {rule_id} 不存在")
            cur.execute(
                "UPDATE monitor_rules SET name = ?, expression = ?, scope = ?, sensitivity = ?, active = ? WHERE id = ?",
                [*values.values(), int(rule_id)],
            )
        after = audit.row_dict(cur, select, [int(rule_id)])
        audit.record(cur, actor, "create" if before is None else "update", "monitor_rules", rule_id, before, after)
    if before is None or before["expression"] != expression or bool(before["active"]) != bool(active):
        retag_rule(con, int(rule_id))
    return int(rule_id)


def try_rule(
    con: duckdb.DuckDBPyConnection, expression: str, *, samples: Sequence[str] = (), limit: int = 200
) -> pd.DataFrame:
    """The rule test box: ``expression`` tried on the typed ``samples`` and the latest ``limit``
    stored posts. One row per text: origin, post_id, platform, title, text (masked for stored
    posts), matched (bool), terms (the rule's words found). Raises ``RuleSyntaxError``."""
    rule = compile_rule(expression)
    typed = [s for s in (x.strip() for x in samples) if s]
    stored = db.query("rule_sample_posts", con, limit=int(limit))
    frame = pd.concat(
        [
            pd.DataFrame({
                "origin": "样例文本", "post_id": pd.array([None] * len(typed), "Int64"), "platform": "",
                "title": "", "match_text": typed, "text": typed,
            }),
            pd.DataFrame({
                "origin": "已入库", "post_id": stored["post_id"].astype("Int64"), "platform": stored["platform"],
                "title": stored["title"], "match_text": _texts(stored) if len(stored) else [],
                "text": stored["text_masked"],
            }),
        ],
        ignore_index=True,
    )
    texts = frame.pop("match_text").tolist()
    frame["matched"] = match_many(rule, texts)
    frame["terms"] = ["、".join(rule.matched_terms(t)) if hit else "" for t, hit in zip(texts, frame["matched"])]
    return frame
