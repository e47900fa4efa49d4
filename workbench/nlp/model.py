"""The trained model: one shared feature space, three linear heads.

Features (computed once per batch, ``features``): hashed character 1–3-gram TF-IDF of the
normalised text, word 1–2-gram TF-IDF of the segmentation, the sentiment cue counts (``cues``) and category lexicon
hits. Heads: sentiment (3 classes), category (10), emotion (6), each a multinomial logistic
regression kept as a sparse float32 weight matrix (weights of features a head never saw are
exactly 0 under L2), which keeps the artifact small and prediction a single sparse product.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Sequence

import joblib
import numpy as np
import scipy.sparse as sp

from .. import config, vocab
from . import cues, lexicons
from .features import CharNgrams, WordNgrams
from .prediction import Prediction

MODELS_DIR = config.DATA_DIR / "models"
SHIPPED_FILE = MODELS_DIR / "workbench_model.joblib"
CUE_WEIGHT = 0.5   # scale of the dense cue / lexicon columns next to unit-norm TF-IDF rows
LEX_WEIGHT = 0.5
HEADS = ("sentiment", "category", "emotion")


@lru_cache(maxsize=1)
def _lexicon_pattern() -> tuple[re.Pattern, dict[str, int]]:
    index: dict[str, int] = {}
    for cat, terms in lexicons.category_terms().items():
        for t in terms:
            index.setdefault(t.lower(), vocab.CATEGORIES.index(cat))
    return lexicons.term_pattern(index), index


def lexicon_hits(texts: Sequence[str]) -> tuple[np.ndarray, list[dict[int, list[str]]]]:
    """Per text: counts of category-lexicon terms (n × 10) and category index → terms found."""
    pattern, index = _lexicon_pattern()
    counts = np.zeros((len(texts), len(vocab.CATEGORIES)), dtype=np.float32)
    found: list[dict[int, list[str]]] = []
    for i, text in enumerate(texts):
        hits: dict[int, list[str]] = {}
        for m in pattern.finditer(text):
            c = index[m.group(0).lower()]
            counts[i, c] += 1
            if m.group(0) not in hits.setdefault(c, []):
                hits[c].append(m.group(0))
        found.append(hits)
    return counts, found


class LinearHead:
    """Softmax over ``X @ W + b`` for a fixed class order (fitted by scikit-learn)."""

    def __init__(self, classes: Sequence[str], weights: sp.csc_matrix, bias: np.ndarray):
        self.classes = tuple(classes)
        self.weights = weights
        self.bias = bias

    @classmethod
    def from_estimator(cls, est, classes: Sequence[str]) -> "LinearHead":
        """Copy a fitted multinomial LogisticRegression into ``classes`` order."""
        order = [list(est.classes_).index(c) for c in classes]
        coef = est.coef_[order].T.astype(np.float32)
        coef[np.abs(coef) < 1e-6] = 0.0
        return cls(classes, sp.csc_matrix(coef), est.intercept_[order].astype(np.float32))

    def decision(self, X: sp.csr_matrix) -> np.ndarray:
        return (X @ self.weights).toarray().astype(np.float64) + self.bias

    def proba(self, X: sp.csr_matrix) -> np.ndarray:
        z = self.decision(X)
        z -= z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)


class Featurizer:
    """Turns normalised texts, their words and cue counts into one sparse matrix."""

    def __init__(self, char_vectorizer: CharNgrams, word_vectorizer: WordNgrams):
        self.char = char_vectorizer
        self.word = word_vectorizer

    @property
    def word_offset(self) -> int:
        return self.char.size

    @property
    def n_text_features(self) -> int:
        return self.char.size + self.word.size

    def blocks(self, texts: Sequence[str], tokens: Sequence[Sequence[str]], cue_matrix: np.ndarray,
               lex_counts: np.ndarray) -> tuple[sp.csr_matrix, sp.csr_matrix, np.ndarray]:
        """(character block, word block, dense cue + lexicon block) of a batch."""
        chars = self.char.transform([t.lower() for t in texts])
        words = self.word.transform(tokens)
        dense = np.hstack([np.log1p(cue_matrix) * CUE_WEIGHT, np.log1p(lex_counts) * LEX_WEIGHT]).astype(np.float32)
        return chars, words, dense

    def transform(self, texts, tokens, cue_matrix, lex_counts) -> sp.csr_matrix:
        """All blocks side by side (for training)."""
        chars, words, dense = self.blocks(texts, tokens, cue_matrix, lex_counts)
        return sp.hstack([chars, words, sp.csr_matrix(dense)], format="csr", dtype=np.float32)


class TrainedModel:
    """Featurizer + sentiment / category / emotion heads, with its version and training record."""

    def __init__(self, version: str, featurizer: Featurizer, heads: dict[str, LinearHead], card: dict):
        self.version = version
        self.featurizer = featurizer
        self.heads = heads
        self.card = card  # sources, sizes, metrics, confusion matrices, created_at
        self._weights: np.ndarray | None = None
        self._bias: np.ndarray | None = None

    def features(self, texts, tokens, cue_matrix):
        """The full feature matrix (training) and the category-lexicon terms per text."""
        lex_counts, lex_terms = lexicon_hits(texts)
        return self.featurizer.transform(texts, tokens, cue_matrix, lex_counts), lex_terms

    def _dense_weights(self) -> np.ndarray:
        """All heads' weights side by side as one dense matrix (built once per process: one
        product per block instead of three sparse products, and no stacking of blocks)."""
        if getattr(self, "_weights", None) is None:
            self._weights = np.hstack([self.heads[f].weights.toarray() for f in HEADS]).astype(np.float32)
            self._bias = np.concatenate([self.heads[f].bias for f in HEADS]).astype(np.float64)
        return self._weights

    def predict(self, texts: Sequence[str], tokens: Sequence[Sequence[str]], cue_matrix: np.ndarray) -> Prediction:
        lex_counts, lex_terms = lexicon_hits(texts)
        chars, words, dense = self.featurizer.blocks(texts, tokens, cue_matrix, lex_counts)
        W = self._dense_weights()
        lo, hi = self.featurizer.word_offset, self.featurizer.n_text_features
        z = (chars @ W[:lo]) + (words @ W[lo:hi]) + dense @ W[hi:] + self._bias
        out, start = {}, 0
        for f in HEADS:
            k = len(self.heads[f].classes)
            zf = z[:, start:start + k] - z[:, start:start + k].max(axis=1, keepdims=True)
            e = np.exp(zf)
            out[f] = e / e.sum(axis=1, keepdims=True)
            start += k
        cat_idx = out["category"].argmax(axis=1)
        k0 = len(self.heads["sentiment"].classes)
        terms = self.category_terms(words, cat_idx, lex_terms, W[lo:hi, k0:k0 + len(self.heads["category"].classes)])
        return Prediction(out["sentiment"], out["category"], out["emotion"], terms)

    def category_terms(self, words: sp.csr_matrix, cat_idx: np.ndarray, lex_terms, weights: np.ndarray,
                       k: int = 5) -> list[list[str]]:
        """The words that pushed each post towards its category: lexicon hits first, then the
        words whose TF-IDF × weight for that category contributed most (one pass over the batch)."""
        names = self.featurizer.word.names
        row_of = np.repeat(np.arange(words.shape[0]), np.diff(words.indptr))
        contrib = words.data * weights[words.indices, np.asarray(cat_idx, dtype=np.int64)[row_of]]
        out = []
        for i, c in enumerate(cat_idx):
            terms = list(lex_terms[i].get(int(c), []))
            s, e = words.indptr[i], words.indptr[i + 1]
            if e > s:
                part = contrib[s:e]
                for j in np.argsort(-part)[:k]:
                    if part[j] <= 0:
                        break
                    name = names[words.indices[s + j]]
                    if " " not in name and name not in terms and len(name) > 1:
                        terms.append(name)
            out.append(terms[:k])
        return out

    def save(self, path: Path) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._weights = self._bias = None  # caches, rebuilt after loading
        joblib.dump(self, path, compress=("xz", 6))
        return path


def load(path: Path) -> TrainedModel:
    """Load an artifact written by ``TrainedModel.save``."""
    return joblib.load(path)
