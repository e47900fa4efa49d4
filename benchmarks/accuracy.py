"""Accuracy of ``workbench.analyze`` beside snownlp, on evaluation-only corpora and on the
project's own validation part (never trained on). Prints the figures; not a test.

    .venv/bin/python benchmarks/accuracy.py [--model PATH] [--no-snownlp]

snownlp's sentiment is a probability of positive; for three classes it is read as
负面 < 0.4 ≤ 中性 ≤ 0.6 < 正面, for two classes as 正面 when > 0.5. The evaluation sets are
read only to report (``workbench.nlp.evaluation``); nothing is tuned on them.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from workbench.nlp import evaluation, registry  # noqa: E402
from workbench.nlp.analyze import analyze  # noqa: E402
from workbench.nlp.model import load  # noqa: E402

LINES = [  # (figure, label, applies to snownlp)
    ("smp2020_sentiment_macro_f1", "SMP2020 usual_eval sentiment 3-class macro-F1", True),
    ("smp2020_emotion_macro_f1", "SMP2020 usual_eval emotion 6-class macro-F1", False),
    ("senti_weibo_accuracy", "senti_weibo_test binary accuracy", True),
    ("osm2022_accuracy", "osm2022 binary accuracy (positive vs negative classes)", True),
    ("own_sentiment_macro_f1", "own validation sentiment 3-class macro-F1", True),
    ("own_category_macro_f1", "own validation category 10-class macro-F1", False),
    ("own_emotion_macro_f1", "own validation emotion 6-class macro-F1", False),
]


def snownlp_frame(texts) -> pd.DataFrame:
    """snownlp's reading of ``texts`` in analyze's shape (sentiment only)."""
    from snownlp import SnowNLP

    p = np.array([SnowNLP(t).sentiments if t.strip() else 0.5 for t in texts])
    return pd.DataFrame({"sentiment": np.where(p < 0.4, "负面", np.where(p > 0.6, "正面", "中性")),
                         "sentiment_score": (p - 0.5) * 2, "emotion": "", "category": ""})


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", help="artifact to evaluate (default: the shipped model)")
    ap.add_argument("--no-snownlp", action="store_true")
    args = ap.parse_args()
    model = load(Path(args.model)) if args.model else registry.shipped_model()
    print(f"model {model.version}")
    t0 = time.time()
    ours = evaluation.report(lambda texts: analyze(texts, model=model))
    base = None if args.no_snownlp else evaluation.report(snownlp_frame)
    for key, label, snow in LINES:
        b = f"   snownlp {base[key]:.3f}" if base and snow else ""
        target = evaluation.TARGETS.get(key)
        t = f"   target ≥{target:.2f} {'MET' if ours[key] >= target else 'MISSED'}" if target else ""
        print(f"{label:<56} ours {ours[key]:.3f}{b}{t}")
        if key == "smp2020_sentiment_macro_f1":
            print("    per class F1 (ours): " + ", ".join(f"{c} {f:.3f}" for c, f in ours["smp2020_sentiment_f1_per_class"].items()))
    sizes = ours["sizes"]
    print(f"({' + '.join(f'{n} {k}' for k, n in sizes.items())} posts, {time.time() - t0:.0f} s)")


if __name__ == "__main__":
    main()
