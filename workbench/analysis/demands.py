"""Demands (诉求): what the posters ask for, found by cue patterns and grouped by theme.

A clause is a demand when it carries a cue such as 要求 / 希望 / 请 / 还我 / 退还 / 补缴 / 道歉;
its theme comes from keywords (工资, 社保, 道歉 …). Each demand keeps the clause that shows it.
"""
from __future__ import annotations

import re
from typing import Iterable, Sequence

import pandas as pd

# Cues that make a clause a demand. 请 only counts at a clause start or before an actor / verb,
# so 请假 / 申请 / 邀请 do not.
CUE = re.compile(
    r"要求|希望|恳请|呼吁|还我|退还|补缴|补发|结清|道歉|赔偿|给个说法|给个交代|讨回|严惩|问责|"
    r"(?:^|[，,。！!？?；;\s])请(?!假|客|教|问|帖)|请(?:公司|相关|有关|领导|劳动|监管|媒体|大家|尽快|立即|依法|严肃|给)"
)
CLAUSE = re.compile(r"[^，,。！!？?；;\n]+")
# Theme → keywords; the first theme whose keyword occurs wins, so the order matters.
THEMES: list[tuple[str, tuple[str, ...]]] = [
    ("补缴社保公积金", ("社保", "公积金")),
    ("支付工资/加班费", ("工资", "欠薪", "血汗钱", "结清", "加班费", "薪")),
    ("经济补偿/赔偿", ("补偿", "赔偿", "N+")),
    ("退还款项", ("退还", "押金", "培训费", "扣除", "扣款")),
    ("公开道歉", ("道歉",)),
    ("追责处理", ("处理", "处分", "问责", "严惩", "停职", "涉事")),
    ("调查介入", ("调查", "介入", "监察", "核查")),
    ("给出说法/回应", ("说法", "交代", "回应", "解释", "公开")),
]
OTHER = "其他诉求"
NEGATED = re.compile(r"不(?:要求|希望)|没有要求|无需")


def demand_clauses(text: str | None) -> list[str]:
    """The clauses of one text that state a demand, in order (trimmed)."""
    if not text:
        return []
    found = []
    for m in CLAUSE.finditer(text):
        clause = m.group(0).strip()
        # a reposted chain repeats its parent: keep only what this post says itself
        clause = clause.split("//@", 1)[0].strip()
        if not clause or NEGATED.search(clause):
            continue
        if CUE.search("，" + clause):
            found.append(clause)
    return found


def theme_of(clause: str) -> str:
    """The theme of a demand clause (see ``THEMES``)."""
    for theme, words in THEMES:
        if any(w in clause for w in words):
            return theme
    return OTHER


def extract_demands(texts: Sequence[str | None]) -> pd.DataFrame:
    """One row per demand found: ``index`` (of the text), ``clause``, ``theme``."""
    rows = [(i, clause, theme_of(clause)) for i, text in enumerate(texts) for clause in demand_clauses(text)]
    return pd.DataFrame(rows, columns=["index", "clause", "theme"])


def demand_summary(texts: Iterable[str | None]) -> pd.DataFrame:
    """Demands grouped by theme: posts asking it, share of all posts, and the commonest wording."""
    texts = list(texts)
    found = extract_demands(texts)
    columns = ["theme", "posts", "share", "example"]
    if found.empty:
        return pd.DataFrame(columns=columns)
    g = found.groupby("theme")
    out = pd.DataFrame({
        "posts": g["index"].nunique(),
        "example": g["clause"].agg(lambda s: s.value_counts().index[0]),
    }).reset_index()
    out["share"] = (out["posts"] / max(len(texts), 1)).round(3)
    return out.sort_values(["posts", "theme"], ascending=[False, True], ignore_index=True)[columns]
