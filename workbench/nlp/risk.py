"""The risk lexicon's reading of posts: floor levels, evidence terms and model features.

``data/nlp/risk_terms.tsv`` holds two kinds of terms. *Floor* terms (死亡, 跳楼, 猥亵, 没抢救过来 …)
make a post grave on their own: the severity model can raise a post's level but never drop it
below such a term. *Cue* terms (爆炸, 报警, 中暑, 包工头 …) are ambiguous alone; they are counted as
features of the severity model (``FEATURES``) and shown as evidence when a post is graded grave.

A harm term is not counted when the post denies it: a denial right before it (无人员伤亡,
未造成人员受伤, 没有人死亡) or a refutation soon after it (网传有人跳楼，经核实不实). Verbs of
failed rescue are not denials: 没抢救过来 / 没醒过来 / 没保住 are deaths, matched as whole terms
so that their 没 is never read as a negator.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

import numpy as np

from . import lexicons
from .batchtext import BatchText

NO_RISK = 4
# Denials that cancel a harm term right after them: 无/没/没有/未/并未 (造成/发生/出现) (任何) (人员/人).
# Failed rescues (没抢救过来, 没醒过来, 没保住) are whole terms, so their 没 is never read here.
_DENIAL_BEFORE = re.compile(
    r"(?:无|没有|没|未|并未|未曾|不存在|从未|尚无|暂无|均无|没人|无人)"
    r"(?:造成|发生|出现|导致)?(?:任何)?(?:人员|员工|工人|人)?(?:的)?$"
)
# a refutation after the term; 「不是真的吧」 is disbelief, not a refutation
_REFUTED_AFTER = re.compile(r"[^。！？!?\n]{0,24}?(?:不实|谣言|辟谣|假消息|误传|并非事实|不属实|是假的|不是真的(?![吧吗嘛么])"
                            r"|没有这回事|没这回事|纯属捏造|子虚乌有|系谣传|是谣传|并无此事)")
_DENIABLE_GROUPS = {"伤亡", "严重指控"}


@dataclass(frozen=True)
class _Lexicon:
    pattern: re.Pattern
    info: dict[str, tuple[int, str, str]]  # term → (level, group, kind)
    groups: tuple[str, ...]


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    info: dict[str, tuple[int, str, str]] = {}
    groups: list[str] = []
    for level, group, kind, terms in lexicons.risk_terms():
        if kind != "exception" and group not in groups:
            groups.append(group)
        for t in terms:
            info.setdefault(t.lower(), (level, group, kind))
    return _Lexicon(lexicons.term_pattern(info), info, tuple(groups))


def lexicon_term(term: str) -> bool:
    """Whether ``term`` is a term of the risk lexicon (floor or cue), not a word the severity model
    weighed: a post whose evidence holds none was graded grave on its wording alone."""
    return lexicon_group(term) is not None


def lexicon_group(term: str) -> str | None:
    """The risk lexicon's group of ``term`` (伤亡, 刑事, 可信投诉 …; the file's second column), or None
    when it is no lexicon term (``lexicon_term``)."""
    found = _lexicon().info.get(term.lower())
    return found[1] if found is not None and found[2] != "exception" else None


@lru_cache(maxsize=1)
def lexicon_terms() -> tuple[str, ...]:
    """Every term ``lexicon_term`` accepts (lower-cased, sorted): for a query that asks the same of
    many posts' evidence at once."""
    return tuple(sorted(t for t, (_level, _group, kind) in _lexicon().info.items() if kind != "exception"))


def feature_names() -> tuple[str, ...]:
    """The dense columns ``scan_all`` returns: per group a floor and a cue count, then the
    count of denied harm terms."""
    groups = _lexicon().groups
    return tuple(f"{g}:{k}" for g in groups for k in ("floor", "cue")) + ("denied",)


@dataclass
class RiskScan:
    """The lexicon's reading of a batch."""

    floor_levels: list[int]        # gravest floor term's level, NO_RISK without one
    terms: list[list[str]]         # every counted term, gravest first (the lexicon's evidence)
    denied: list[list[str]]        # harm terms cancelled by a denial or a refutation
    matrix: np.ndarray             # n × len(feature_names()) counts, float32


def scan_all(texts: Sequence[str]) -> RiskScan:
    """Read normalised ``texts`` with the risk lexicon (one scan of the joined batch)."""
    lex = _lexicon()
    names = feature_names()
    column = {name: i for i, name in enumerate(names)}
    n = len(texts)
    floors = [NO_RISK] * n
    found: dict[int, dict[str, int]] = {}
    denied: list[list[str]] = [[] for _ in range(n)]
    rows: list[int] = []
    cols: list[int] = []
    batch = BatchText(texts)
    for d, m in batch.finditer(lex.pattern):
        term = m.group(0)
        level, group, kind = lex.info[term.lower()]
        if kind == "exception":
            continue
        rows.append(d)
        if group in _DENIABLE_GROUPS and _is_denied(batch, d, m):
            cols.append(column["denied"])
            if term not in denied[d]:
                denied[d].append(term)
            continue
        cols.append(column[f"{group}:{kind}"])
        found.setdefault(d, {}).setdefault(term, level)
        if kind == "floor" and level < floors[d]:
            floors[d] = level
    matrix = np.zeros((n, len(names)), dtype=np.float32)
    np.add.at(matrix, (np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64)), 1.0)
    terms: list[list[str]] = [[] for _ in range(n)]
    for d, f in found.items():
        terms[d] = sorted(f, key=f.__getitem__)  # stable: appearance order within a level
    return RiskScan(floors, terms, denied, matrix)


def _is_denied(batch: BatchText, doc: int, m: re.Match) -> bool:
    if _DENIAL_BEFORE.search(batch.before(doc, m.start(), 10)):
        return True
    return bool(_REFUTED_AFTER.match(batch.joined, m.end(), min(len(batch.joined), m.end() + 40)))


def assess(text: str) -> tuple[int, list[str]]:
    """(floor level, counted terms gravest first) of one normalised text."""
    scan = scan_all([text])
    return scan.floor_levels[0], scan.terms[0]
