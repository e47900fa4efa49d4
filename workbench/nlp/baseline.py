"""The lexicon baseline: what ``analyze`` falls back to when no trained artifact exists.

It reads only the project's lexicons, so it is always available (a fresh checkout before
``workbench train``), and its numbers mean the same as the trained model's.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np

from .. import vocab
from . import cues
from .model import lexicon_hits
from .prediction import Prediction

VERSION = "lexicon-baseline"


class LexiconModel:
    """Sentiment from cue counts, category from lexicon hits, emotion from sentiment."""

    version = VERSION

    def predict(self, texts: Sequence[str], tokens: Sequence[Sequence[str]], cue_matrix: np.ndarray,
                risk_matrix: np.ndarray | None = None) -> Prediction:
        """Class probabilities; no severity head (the risk lexicon's floor alone grades risk)."""
        n = len(texts)
        f = {name: cue_matrix[:, i] for i, name in enumerate(cues.FEATURES)}
        score = (f["pos_terms"] - f["neg_terms"] + 0.5 * f["negated_neg"] - 0.8 * f["negated_pos"]
                 - 1.5 * f["sarcasm"] - 0.7 * f["rhetorical"])
        p_pos = 1 / (1 + np.exp(-(score - 0.5) * 2))
        p_neg = 1 / (1 + np.exp((score + 0.5) * 2))
        p_neu = np.clip(1 - p_pos - p_neg, 0.05, None)
        sent = np.stack([p_neg, p_neu, p_pos], axis=1)
        sent /= sent.sum(axis=1, keepdims=True)

        other = vocab.CATEGORIES.index("其他")
        cat, hits = lexicon_hits(texts)
        cat = cat.astype(float)
        cat[:, other] = np.where(cat.sum(axis=1) > 0, 0.3, 1.0)
        cat /= cat.sum(axis=1, keepdims=True)
        terms = [hits[i].get(int(c), []) for i, c in enumerate(cat.argmax(axis=1))]

        emo = np.zeros((n, len(vocab.EMOTIONS)))
        emotions = list(vocab.EMOTIONS)
        for i, j in enumerate(sent.argmax(axis=1)):
            emo[i, emotions.index(("愤怒", "中性", "喜悦")[j])] = 0.6
        emo += 0.4 / len(emotions)
        return Prediction(sent, cat, emo, terms)
