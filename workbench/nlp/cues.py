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
            "[“\"'‘「『](?:[^”\"'’」』]{0,4})(?:" + lexicons.alternation(t["sarcasm_praise"]) + ")(?:[^”\"'’」』]{0,3})[”\"'’」』]"
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


def find_all(texts: Sequence[str]) -> tuple[list[list[str]], np.ndarray]:
    """``find`` over a batch: (cue lists, float32 matrix n × len(FEATURES))."""
    cues, vecs = [], []
    for t in texts:
        c, v = find(t)
        cues.append(c)
        vecs.append(v)
    return cues, np.asarray(vecs, dtype=np.float32).reshape(len(texts), len(FEATURES))
