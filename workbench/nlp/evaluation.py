"""Figures of a model on the evaluation-only corpora (smp2020_usual_eval, senti_weibo_test,
osm2022) and on the project's own validation part. Reported only — nothing is trained, chosen
or tuned on these sets (training selects on its internal validation parts).
"""
from __future__ import annotations

from typing import Any, Callable

import numpy as np
from sklearn.metrics import accuracy_score, f1_score

from .. import vocab
from . import corpora

TARGETS = {"smp2020_sentiment_macro_f1": 0.75, "senti_weibo_accuracy": 0.85, "own_category_macro_f1": 0.85}


def binary(scores: np.ndarray) -> np.ndarray:
    """正面 when the sentiment score is above 0, else 负面."""
    return np.where(np.asarray(scores) > 0, "正面", "负面")


def macro_f1(y, p, labels) -> float:
    return float(f1_score(y, p, labels=list(labels), average="macro", zero_division=0))


def report(analyse: Callable[[list[str]], Any]) -> dict[str, Any]:
    """{figure name: value} for ``analyse`` (texts → analyze-shaped DataFrame)."""
    out: dict[str, Any] = {}
    smp = corpora.smp2020_usual_eval()
    res = analyse(smp["text"].tolist())
    s3 = smp["sentiment"].notna().to_numpy()
    y, p = smp["sentiment"][s3], res["sentiment"][s3]
    out["smp2020_sentiment_macro_f1"] = macro_f1(y, p, vocab.SENTIMENTS)
    per_class = f1_score(y, p, labels=list(vocab.SENTIMENTS), average=None, zero_division=0)
    out["smp2020_sentiment_f1_per_class"] = {c: float(f) for c, f in zip(vocab.SENTIMENTS, per_class)}
    out["smp2020_emotion_macro_f1"] = macro_f1(smp["emotion"], res["emotion"], vocab.EMOTIONS)
    sw = corpora.senti_weibo_test()
    out["senti_weibo_accuracy"] = float(accuracy_score(sw["sentiment"], binary(analyse(sw["text"].tolist())["sentiment_score"])))
    osm = corpora.osm2022_eval()
    out["osm2022_accuracy"] = float(accuracy_score(osm["sentiment"], binary(analyse(osm["text"].tolist())["sentiment_score"])))
    wp = corpora.workplace("valid")
    res = analyse(wp["text"].tolist())
    out["own_sentiment_macro_f1"] = macro_f1(wp["sentiment"], res["sentiment"], vocab.SENTIMENTS)
    out["own_category_macro_f1"] = macro_f1(wp["category"], res["category"], vocab.CATEGORIES)
    out["own_emotion_macro_f1"] = macro_f1(wp["emotion"], res["emotion"], vocab.EMOTIONS)
    out["sizes"] = {"smp2020_usual_eval": len(smp), "senti_weibo_test": len(sw), "osm2022": len(osm), "own_valid": len(wp)}
    return out
