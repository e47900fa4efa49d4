"""Accuracy of ``workbench.analyze`` beside snownlp, on evaluation-only corpora and on the
project's own validation part (never trained on). Prints the figures; not a test.

    .venv/bin/python benchmarks/accuracy.py [--model PATH] [--no-snownlp]

snownlp's sentiment is a probability of positive; for three classes it is read as
负面 < 0.4 ≤ 中性 ≤ 0.6 < 正面, for two classes as 正面 when > 0.5.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
from sklearn.metrics import accuracy_score, f1_score

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from workbench import vocab  # noqa: E402
from workbench.nlp import corpora, registry  # noqa: E402
from workbench.nlp.analyze import analyze  # noqa: E402
from workbench.nlp.model import load  # noqa: E402


def snownlp_scores(texts) -> np.ndarray:
    from snownlp import SnowNLP

    return np.array([SnowNLP(t).sentiments if t.strip() else 0.5 for t in texts])


def three(scores: np.ndarray) -> np.ndarray:
    return np.where(scores < 0.4, "负面", np.where(scores > 0.6, "正面", "中性"))


def binary_ours(df) -> np.ndarray:
    return np.where(df["sentiment_score"].to_numpy() > 0, "正面", "负面")


def macro(y, p, labels) -> float:
    return f1_score(y, p, labels=list(labels), average="macro", zero_division=0)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", help="artifact to evaluate (default: the shipped model)")
    ap.add_argument("--no-snownlp", action="store_true")
    args = ap.parse_args()
    model = load(Path(args.model)) if args.model else registry.shipped_model()
    snow = not args.no_snownlp
    print(f"model {model.version}")
    rows = []

    def line(name, ours, base=None, target=None):
        rows.append((name, ours, base, target))
        b = f"   snownlp {base:.3f}" if base is not None else ""
        t = f"   target ≥{target:.2f} {'MET' if ours >= target else 'MISSED'}" if target else ""
        print(f"{name:<52} ours {ours:.3f}{b}{t}", flush=True)

    t0 = time.time()
    smp = corpora.smp2020_usual_eval()
    res = analyze(smp["text"].tolist(), model=model)
    s3 = smp["sentiment"].notna().to_numpy()
    snow_smp = snownlp_scores(smp["text"].tolist()) if snow else None
    line("SMP2020 usual_eval sentiment 3-class macro-F1", macro(smp["sentiment"][s3], res["sentiment"][s3], vocab.SENTIMENTS),
         macro(smp["sentiment"][s3], three(snow_smp)[s3], vocab.SENTIMENTS) if snow else None, 0.75)
    per_class = f1_score(smp["sentiment"][s3], res["sentiment"][s3], labels=list(vocab.SENTIMENTS), average=None, zero_division=0)
    print("    per class F1 (ours): " + ", ".join(f"{c} {f:.3f}" for c, f in zip(vocab.SENTIMENTS, per_class)))
    line("SMP2020 usual_eval emotion 6-class macro-F1", macro(smp["emotion"], res["emotion"], vocab.EMOTIONS))

    sw = corpora.senti_weibo_test()
    res = analyze(sw["text"].tolist(), model=model)
    line("senti_weibo_test binary accuracy", accuracy_score(sw["sentiment"], binary_ours(res)),
         accuracy_score(sw["sentiment"], np.where(snownlp_scores(sw["text"].tolist()) > 0.5, "正面", "负面")) if snow else None, 0.85)

    osm = corpora.osm2022_eval()
    res = analyze(osm["text"].tolist(), model=model)
    line("osm2022 binary accuracy (positive vs negative classes)", accuracy_score(osm["sentiment"], binary_ours(res)),
         accuracy_score(osm["sentiment"], np.where(snownlp_scores(osm["text"].tolist()) > 0.5, "正面", "负面")) if snow else None)

    wp = corpora.workplace("valid")
    res = analyze(wp["text"].tolist(), model=model)
    line("own validation sentiment 3-class macro-F1", macro(wp["sentiment"], res["sentiment"], vocab.SENTIMENTS),
         macro(wp["sentiment"], three(snownlp_scores(wp["text"].tolist())), vocab.SENTIMENTS) if snow else None)
    line("own validation category 10-class macro-F1", macro(wp["category"], res["category"], vocab.CATEGORIES), None, 0.85)
    line("own validation emotion 6-class macro-F1", macro(wp["emotion"], res["emotion"], vocab.EMOTIONS))
    print(f"({len(smp)} + {len(sw)} + {len(osm)} + {len(wp)} posts, {time.time() - t0:.0f} s)")


if __name__ == "__main__":
    main()
