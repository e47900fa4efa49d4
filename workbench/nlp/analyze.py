"""``workbench.analyze``: one row of labels, scores and explanations per post (DESIGN §5).

The whole batch goes through each step at once: normalisation, one segmentation per text,
cue and risk rules, then the model's vectorised transform and linear classifiers. Posts with
no words at all (empty, emoji only) are read as neutral 其他 without asking the model.
"""
from __future__ import annotations

import re
from typing import Sequence

import numpy as np
import pandas as pd

from .. import vocab
from . import cues, keywords, risk, segment

COLUMNS = [
    "sentiment", "sentiment_score", "category", "category_confidence", "emotion",
    "risk_level", "risk_terms", "keywords", "has_pii", "text_masked",
    "category_terms", "sentiment_cues", "model_version",
]
_HAS_WORDS = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]")


def analyze(texts: Sequence[str | None], *, model=None, con=None) -> pd.DataFrame:
    """Analyse ``texts``; one row per text, in order, with the columns of ``COLUMNS``.

    ``model`` defaults to the active version of ``con``'s store (else of the configured
    store, else the shipped model; see ``registry.current_model``). None and non-string
    items are read as empty posts; very long posts are truncated for the model.
    """
    from ..pii import mask_many
    from . import registry

    model = model or registry.current_model(con)
    raw = ["" if t is None or (isinstance(t, float) and t != t) else str(t) for t in texts]
    n = len(raw)
    norm = segment.normalize_all(raw)
    tokens = segment.tokenize_all(norm)
    cue_lists, cue_matrix = cues.find_all(norm)
    levels, risk_terms = risk.assess_all(norm)
    pred = model.predict(norm, tokens, cue_matrix)
    masked = mask_many(raw)

    sent = np.asarray(pred.sentiment_proba, dtype=float)
    cat = np.asarray(pred.category_proba, dtype=float)
    emo = np.asarray(pred.emotion_proba, dtype=float)
    empty = np.array([not _HAS_WORDS.search(t) for t in norm], dtype=bool)
    if empty.any():  # nothing to read: neutral, 其他, no terms
        sent[empty] = [0.0, 1.0, 0.0]
        cat[empty] = np.eye(len(vocab.CATEGORIES))[vocab.CATEGORIES.index("其他")]
        emo[empty] = np.eye(len(vocab.EMOTIONS))[vocab.EMOTIONS.index("中性")]

    cat_idx = cat.argmax(axis=1)
    cat_terms = [[] if empty[i] else list(pred.category_terms[i]) for i in range(n)]
    df = pd.DataFrame({
        "sentiment": np.asarray(vocab.SENTIMENTS, dtype=object)[sent.argmax(axis=1)] if n else [],
        "sentiment_score": np.clip(sent[:, 2] - sent[:, 0], -1.0, 1.0).round(4) if n else [],
        "category": np.asarray(vocab.CATEGORIES, dtype=object)[cat_idx] if n else [],
        "category_confidence": cat.max(axis=1).round(4) if n else [],
        "emotion": np.asarray(vocab.EMOTIONS, dtype=object)[emo.argmax(axis=1)] if n else [],
        "risk_level": np.asarray(levels, dtype="int64"),
        "risk_terms": pd.Series(risk_terms, dtype=object),
        "keywords": pd.Series(keywords.extract_all(tokens), dtype=object),
        "has_pii": np.array([m != t for m, t in zip(masked, raw)], dtype=bool),  # masking changed it
        "text_masked": masked,
        "category_terms": pd.Series(cat_terms, dtype=object),
        "sentiment_cues": pd.Series(cue_lists, dtype=object),
        "model_version": f"{model.version}+{segment.BACKEND}",
    }, index=pd.RangeIndex(n))
    df["sentiment_score"] = df["sentiment_score"].astype("float64")
    df["category_confidence"] = df["category_confidence"].astype("float64")
    return df[COLUMNS]
