"""What a model returns for a batch (shared by the lexicon baseline and the trained model)."""
from __future__ import annotations

from typing import NamedTuple

import numpy as np


class Prediction(NamedTuple):
    """Class probabilities in vocab order, plus the words that decided each category and severity."""

    sentiment_proba: np.ndarray  # n × 3, vocab.SENTIMENTS order
    category_proba: np.ndarray   # n × 10, vocab.CATEGORIES order
    emotion_proba: np.ndarray    # n × 6, vocab.EMOTIONS order
    category_terms: list[list[str]]
    severity_proba: np.ndarray | None = None  # n × 4, severity 1..4 (None: the model has no severity head)
    severity_terms: list[list[str]] | None = None  # the words that pushed each post towards grave
