"""Sentiment cues a bag-of-n-grams model misses: negation, sarcasm, rhetorical questions and
workplace terms (``data/nlp/sentiment_terms.tsv``).

Each text gets a list of readable cues (shown as the explanation) and a small numeric vector
that the trained sentiment model takes as extra features.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Sequence

import numpy as np

from . import lexicons
from .batchtext import BatchText

FEATURES = ("neg_terms", "pos_terms", "negated_neg", "negated_pos", "sarcasm", "rhetorical", "question", "exclaim")


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern]:
    t = lexicons.sentiment_terms()
    return {
        "neg": lexicons.term_pattern(t["negative"]),
        "pos": lexicons.term_pattern(t["positive"]),
        "negator": re.compile(f"(?:{lexicons.alternation(t['negator'])})[^，。！？,.!?]{{0,3}}$"),
        # praise in quotation marks: 公司真“贴心”
        "quoted_praise": re.compile(
            "[“\"'‘「『](?:[^”\"'’」』\n]{0,4})(?:" + lexicons.alternation(t["sarcasm_praise"]) + ")(?:[^”\"'’」』\n]{0,3})[”\"'’」』]"
        ),
        "sarcasm": lexicons.term_pattern(t["sarcasm"], 0),
        "rhetorical": lexicons.term_pattern(t["rhetorical"], 0),
    }


def _hits(pattern: re.Pattern, negator: re.Pattern, text: str) -> tuple[list[str], list[str]]:
    plain, negated = [], []
    for m in pattern.finditer(text):
        before = text[max(0, m.start() - 6):m.start()]
        hit = negator.search(before)
        if hit:
            negated.append(before[hit.start():] + m.group(0))  # e.g. 没有欠薪
        else:
            plain.append(m.group(0))
    return plain, negated


def find(text: str) -> tuple[list[str], list[float]]:
    """(readable cues, feature vector in FEATURES order) of one normalised text."""
    p = _patterns()
    neg, neg_negated = _hits(p["neg"], p["negator"], text)
    pos, pos_negated = _hits(p["pos"], p["negator"], text)
    quoted = [m.group(0) for m in p["quoted_praise"].finditer(text)]
    sarcasm = quoted + [m.group(0) for m in p["sarcasm"].finditer(text)]
    rhetorical = [m.group(0) for m in p["rhetorical"].finditer(text)]
    question = text.count("?") + text.count("？")
    exclaim = text.count("!") + text.count("！")
    cues = (
        [f"负面词:{w}" for w in dict.fromkeys(neg)]
        + [f"正面词:{w}" for w in dict.fromkeys(pos)]
        + [f"否定:{w}" for w in dict.fromkeys(neg_negated + pos_negated)]
        + [f"反讽:{w}" for w in dict.fromkeys(sarcasm)]
        + [f"反问:{w}" for w in dict.fromkeys(rhetorical)]
    )
    # quoted praise is read as blame, so it counts against the positive side
    vec = [len(neg), max(0, len(pos) - len(quoted)), len(neg_negated), len(pos_negated),
           len(sarcasm), len(rhetorical), min(question, 3), min(exclaim, 3)]
    return cues, vec


_LABELS = (("neg", "负面词:"), ("pos", "正面词:"), ("negated", "否定:"), ("sarcasm", "反讽:"), ("rhetorical", "反问:"))


def find_all(texts: Sequence[str]) -> tuple[list[list[str]], np.ndarray]:
    """``find`` over a batch, each pattern scanning the joined batch once:
    (cue lists, float32 matrix n × len(FEATURES))."""
    p = _patterns()
    batch = BatchText(texts)
    n = len(texts)
    found: dict[str, dict[int, list[str]]] = {k: {} for k in ("neg", "pos", "negated", "quoted", "sarcasm", "rhetorical")}
    vec = np.zeros((n, len(FEATURES)), dtype=np.float32)
    joined, negator = batch.joined, p["negator"]
    for kind, col, negated_col in (("neg", 0, 2), ("pos", 1, 3)):
        docs, _terms, starts, ends = batch.spans(p[kind])
        cols = np.full(len(docs), col, dtype=np.int64)
        for j, (d, a, b) in enumerate(zip(docs.tolist(), starts.tolist(), ends.tolist())):
            before = batch.before(d, a, 6)
            hit = negator.search(before)
            if hit:
                found["negated"].setdefault(d, []).append(before[hit.start():] + joined[a:b])  # e.g. 没有欠薪
                cols[j] = negated_col
            else:
                found[kind].setdefault(d, []).append(joined[a:b])
        np.add.at(vec, (docs, cols), 1.0)
    for kind in ("quoted", "sarcasm", "rhetorical"):
        for d, m in batch.finditer(p["quoted_praise" if kind == "quoted" else kind]):
            found[kind].setdefault(d, []).append(m.group(0))
    quoted = np.zeros(n, dtype=np.float32)
    for d, terms in found["quoted"].items():
        quoted[d] = len(terms)
    # quoted praise is read as blame, so it counts against the positive side
    vec[:, 1] = np.maximum(0, vec[:, 1] - quoted)
    for d, terms in found["sarcasm"].items():
        vec[d, 4] = len(terms)
    vec[:, 4] += quoted
    for d, terms in found["rhetorical"].items():
        vec[d, 5] = len(terms)
    # per text str.count: a regex class scanned the joined batch at three times the cost
    vec[:, 6] = np.minimum(np.fromiter((t.count("?") + t.count("？") for t in texts), dtype=np.float32, count=n), 3)
    vec[:, 7] = np.minimum(np.fromiter((t.count("!") + t.count("！") for t in texts), dtype=np.float32, count=n), 3)
    sarcasm = dict(found["quoted"])  # quoted praise is sarcasm, shown before the sarcasm terms
    for d, terms in found["sarcasm"].items():
        sarcasm[d] = sarcasm[d] + terms if d in sarcasm else terms
    found["sarcasm"] = sarcasm
    cue_lists: list[list[str]] = [[] for _ in range(n)]
    for kind, label in _LABELS:  # each text's cues in find's order: kind by kind, each term once
        for d, terms in found[kind].items():
            cue_lists[d] += [label + w for w in dict.fromkeys(terms)]
    return cue_lists, vec
