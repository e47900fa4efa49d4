"""Whether a text states a claim, and whether it states it or denies it.

A text mentions a claim when one of the claim's wordings occurs in it, or when one clause holds at
least ``COVERAGE`` of the claim's character bigrams (so 「拖欠三个月工资」 is found in 「拖欠了三个月的
工资」, but 「拖欠两个月工资」 is another claim). A mention is a denial when its clause carries a
denial cue (不实、谣言、并未、不存在 …) outside the claim's own words, or 未 / 没 / 不 just before it.
"""
from __future__ import annotations

import re
from typing import Iterable

COVERAGE = 0.8
ASSERTS, DENIES = "认定", "否认"
_SENTENCES = re.compile(r"[。！？!?；;\n]+")
_PARTS = re.compile(r"[，,：:]")
SHORT_TAIL = 10  # 「…，经核实不实」: a short denial right after a clause is about that clause
_HAN = re.compile(r"[\u4e00-\u9fff]+|\d+")
DENIAL_CUES = (
    "不属实", "不实", "失实", "谣言", "谣传", "传言不", "否认", "并未", "并没有", "从未", "从来没有", "没有",
    "不存在", "并不存在", "并非", "不是事实", "子虚乌有", "捏造", "虚假", "无此事", "未发生", "纯属",
)
_NEAR_DENIAL = ("未", "没", "不", "无", "非")


def bigrams(text: str) -> set[str]:
    """Character bigrams of the Chinese runs of ``text`` (numbers kept whole)."""
    out: set[str] = set()
    for run in _HAN.findall(text or ""):
        if run.isdigit() or len(run) == 1:
            out.add(run)
        else:
            out.update(run[i:i + 2] for i in range(len(run) - 1))
    return out


def _clause_stance(clause: str, wordings: list[str], claim_terms: set[str]) -> str | None:
    for w in wordings:
        at = clause.find(w)
        if at >= 0:
            rest = clause[:at] + "｜" + clause[at + len(w):]
            near = clause[max(0, at - 2):at]
            denied = any(c in rest for c in DENIAL_CUES if c not in w) or any(c in near for c in _NEAR_DENIAL)
            return DENIES if denied else ASSERTS
    terms = bigrams(clause)
    if claim_terms and len(claim_terms & terms) / len(claim_terms) >= COVERAGE:
        denied = any(c in clause and c not in "".join(wordings) for c in DENIAL_CUES)
        return DENIES if denied else ASSERTS
    return None


def stance(wordings: Iterable[str], text: str) -> str | None:
    """'认定' when ``text`` states the claim (given by its wordings, the first being its text),
    '否认' when it denies it, None when it does not mention it. A denial anywhere wins."""
    words = [w.strip() for w in wordings if w and w.strip()]
    if not words:
        return None
    claim_terms = bigrams(words[0])
    found = None
    for sentence in _SENTENCES.split(text or ""):
        parts = _PARTS.split(sentence)
        for i, part in enumerate(parts):
            s = _clause_stance(part, words, claim_terms)
            tail = parts[i + 1] if i + 1 < len(parts) else ""
            if s == ASSERTS and len(tail) <= SHORT_TAIL and any(c in tail for c in DENIAL_CUES):
                s = DENIES
            if s == DENIES:
                return DENIES
            found = found or s
    return found


def mentions(wordings: Iterable[str], text: str) -> bool:
    """Whether ``text`` mentions the claim at all (stated or denied)."""
    return stance(wordings, text) is not None
