"""Proposing claims from an incident's posts: the clauses that state a checkable fact (a number, or a
word of wrongdoing or harm: 拖欠, 坠亡, 删帖 …), grouped when they say the same thing in other words,
ranked by how many posts make them. Analysts accept, edit or ignore each proposal.
"""
from __future__ import annotations

import re

import duckdb
import pandas as pd

from .. import db
from . import claims, wording

# Words that make a clause a checkable claim about the workplace (not an opinion).
CUES = (
    "拖欠", "欠薪", "没发", "未发", "不发", "扣", "克扣", "降薪", "裁员", "辞退", "开除", "解约", "赔偿", "补偿",
    "加班", "996", "大小周", "坠亡", "死亡", "身亡", "去世", "人没了", "跳楼", "受伤", "伤人", "事故", "猝死",
    "删帖", "封口", "威胁", "聚集", "讨薪", "罢工", "报警", "约谈", "立案", "猥亵", "骚扰", "殴打", "辱骂",
    "社保", "公积金", "最低基数", "资金链", "倒闭", "跑路", "罚款", "违法", "职业病",
)
_NUMBER = re.compile(r"(\d+(?:\.\d+)?|[一二两三四五六七八九十百千万半几上]+)\s*(个月|个|名|位|人|元|万元|万|块|天|小时|次|层|%|成|倍|年|周|分之)")
_SPLIT = re.compile(r"//@[^：:]*[：:]|回复@[^：:]*[：:]|[。！？!?；;，,：:\n|｜]+")
_NOISE = re.compile(r"#[^#]*#|【[^】]*】|@\S+")
_DEMAND = ("要求", "希望", "请", "求", "还我")  # 诉求, not facts: the analysis page's demands list has them
MIN_LEN, MAX_LEN = 5, 32
TOPIC_SHARE = 0.2  # bigrams in more clauses than this (the employer's name) do not tell claims apart
SAME_CLAIM = 0.5   # bigram Jaccard above which two clauses are one claim in other words


def clauses(text: str) -> list[str]:
    """The clauses of a post that could state a claim (a number or a cue word, sensible length)."""
    out = []
    for part in _SPLIT.split(text or ""):
        part = _NOISE.sub("", part).strip(" 　\"'“”「」")
        if part.startswith(_DEMAND):
            continue
        if MIN_LEN <= len(part) <= MAX_LEN and (_NUMBER.search(part) or any(c in part for c in CUES)):
            out.append(part)
    return out


def numbers(text: str) -> list[str]:
    """The numbers with their units in ``text`` ('三个月', '9个月', '一半' is not one)."""
    return list(dict.fromkeys(m.group(0).replace(" ", "") for m in _NUMBER.finditer(text or "")))


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def propose_from(posts: pd.DataFrame, existing: list[list[str]] = (), *, min_posts: int = 2, top: int = 12) -> pd.DataFrame:
    """Proposals from ``posts`` (post_id, text_masked, published_at): one row per claim with its
    wording (the most frequent clause), other wordings, numbers, the posts that make it (counted,
    first seen) and an example. Claims already in the ledger (``existing`` wordings) are left out."""
    found = [(int(pid), text, at, list(dict.fromkeys(clauses(text))))
             for pid, text, at in zip(posts["post_id"], posts["text_masked"], posts["published_at"])]
    spread: dict[str, int] = {}
    distinct = {c for *_, cs in found for c in cs}
    for c in distinct:
        for t in wording.bigrams(c):
            spread[t] = spread.get(t, 0) + 1
    topic = {t for t, n in spread.items() if n > max(2, TOPIC_SHARE * len(distinct))}
    groups: list[dict] = []
    by_wording: dict[str, dict] = {}
    by_term: dict[str, list[dict]] = {}  # only groups sharing a bigram can be the same claim
    for pid, text, at, found_clauses in found:
        for clause in found_clauses:
            group = by_wording.get(clause)
            if group is None:
                terms = wording.bigrams(clause) - topic
                near = {id(g): g for t in terms for g in by_term.get(t, ())}.values()
                group = max(near, key=lambda g: _jaccard(terms, g["terms"]), default=None)
                if group is None or _jaccard(terms, group["terms"]) < SAME_CLAIM:
                    group = {"terms": terms, "wordings": {}, "posts": {}, "example": text}
                    groups.append(group)
                    for t in terms:
                        by_term.setdefault(t, []).append(group)
                by_wording[clause] = group
            group["wordings"][clause] = group["wordings"].get(clause, 0) + 1
            group["posts"][pid] = at
    rows = []
    for g in groups:
        if len(g["posts"]) < min_posts:
            continue
        ranked = sorted(g["wordings"], key=lambda w: (-g["wordings"][w], len(w)))
        if any(wording.mentions(words, ranked[0]) for words in existing):
            continue
        times = [t for t in g["posts"].values() if t is not None and not pd.isna(t)]
        rows.append({
            "text": ranked[0], "phrases": ranked[1:6], "numbers": numbers(" ".join(ranked)),
            "posts": len(g["posts"]), "first_seen": min(times) if times else None,
            "post_ids": sorted(g["posts"]), "example": g["example"],
        })
    out = pd.DataFrame(rows, columns=["text", "phrases", "numbers", "posts", "first_seen", "post_ids", "example"])
    return out.sort_values(["posts", "text"], ascending=[False, True]).head(top).reset_index(drop=True)


def propose(con: duckdb.DuckDBPyConnection, incident_id: int, **kw) -> pd.DataFrame:
    """Proposals for one incident's ledger, from its posts (see ``propose_from``)."""
    posts = db.query("claim_incident_texts", con, incident_id=int(incident_id))
    ledger = claims.ledger(con, incident_id)
    existing = [claims.wordings(t, p) for t, p in zip(ledger["text"], ledger["phrases"])]
    return propose_from(posts, existing, **kw)


def accept(con: duckdb.DuckDBPyConnection, incident_id: int, proposal: dict, actor: str, text: str | None = None) -> int:
    """Put a proposal in the ledger (origin 提议), optionally reworded; its posts are linked."""
    wordings_ = [proposal["text"], *list(proposal.get("phrases") or [])]
    return claims.add_claim(con, incident_id, (text or "").strip() or proposal["text"], actor,
                            phrases=wordings_, origin="提议", post_ids=proposal.get("post_ids") or [])
