"""Content risk level of one post, 1..4 (1 = gravest), with the terms that triggered it.

Rule-based on ``data/nlp/risk_terms.tsv`` so that every level explains itself and grave posts
(deaths, injuries, mass gatherings, criminal allegations, national media) are never left to a
model's guess: any one such term makes a post level 1. Harm terms directly negated
(无人员伤亡, 未造成人员受伤) do not count.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Sequence

from . import lexicons
from .batchtext import BatchText

NO_RISK = 4
# "no one was hurt" / "there is no unpaid pay" are not allegations; only harm and
# serious-allegation groups are checked, as "没有加班费" is itself a complaint.
_NEGATED = re.compile(r"(无|没有|未|没|未造成|无一|不存在|并未|从未|从没)(人员|人)?$")
_NEGATABLE_GROUPS = {"伤亡", "严重指控"}


@lru_cache(maxsize=1)
def _matcher() -> tuple[re.Pattern, dict[str, tuple[int, bool]]]:
    level_of: dict[str, tuple[int, bool]] = {}
    for level, group, terms in lexicons.risk_terms():
        for t in terms:  # rows are gravest first
            level_of.setdefault(t.lower(), (level, group in _NEGATABLE_GROUPS))
    return lexicons.term_pattern(level_of), level_of


def assess(text: str) -> tuple[int, list[str]]:
    """(level, triggering terms gravest first) of one normalised text."""
    pattern, level_of = _matcher()
    found: dict[str, int] = {}
    for m in pattern.finditer(text):
        term = m.group(0)
        level, negatable = level_of[term.lower()]
        if negatable and _NEGATED.search(text[max(0, m.start() - 5):m.start()]):
            continue
        found.setdefault(term, level)
    if not found:
        return NO_RISK, []
    terms = sorted(found, key=lambda t: found[t])  # stable: appearance order within a level
    return min(found.values()), terms


def assess_all(texts: Sequence[str]) -> tuple[list[int], list[list[str]]]:
    """``assess`` over a batch, the term pattern scanning the joined batch once: (levels, terms)."""
    pattern, level_of = _matcher()
    batch = BatchText(texts)
    found: dict[int, dict[str, int]] = {}
    for d, m in batch.finditer(pattern):
        term = m.group(0)
        level, negatable = level_of[term.lower()]
        if negatable and _NEGATED.search(batch.before(d, m.start(), 5)):
            continue
        found.setdefault(d, {}).setdefault(term, level)
    levels, terms = [NO_RISK] * len(texts), [[] for _ in texts]
    for d, f in found.items():
        terms[d] = sorted(f, key=lambda t: f[t])  # stable: appearance order within a level
        levels[d] = min(f.values())
    return levels, terms
