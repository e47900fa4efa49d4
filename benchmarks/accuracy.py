"""Accuracy of ``workbench.analyze`` beside snownlp on data it was never trained or tuned on:
the hand-written blind split (other writers than the training corpus's) and the public
evaluation-only corpora. Prints the figures, the severity confusion and the number of blind-split
misses of each kind; with ``--misses N``, the first N of each kind too (their texts: whoever tunes
the model or the grouping must not read them, so they are shown only when asked for); not a test.

    .venv/bin/python benchmarks/accuracy.py [--model PATH] [--no-snownlp] [--misses N]

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
    ("blind_sentiment_macro_f1", "blind split sentiment 3-class macro-F1", True),
    ("blind_category_macro_f1", "blind split category 10-class macro-F1", False),
    ("blind_emotion_macro_f1", "blind split emotion 6-class macro-F1", False),
    ("blind_grave_recall", "blind split grave recall (severity 1-2 given risk <= 2)", False),
    ("blind_false_grave", "blind split mild false-grave (severity 4 given risk <= 2)", False),
    ("blind_severity_accuracy", "blind split exact severity agreement", False),
    ("smp2020_sentiment_macro_f1", "SMP2020 usual_eval sentiment 3-class macro-F1", True),
    ("smp2020_emotion_macro_f1", "SMP2020 usual_eval emotion 6-class macro-F1", False),
    ("senti_weibo_accuracy", "senti_weibo_test binary accuracy", True),
    ("osm2022_accuracy", "osm2022_eval binary accuracy (positive vs negative classes)", True),
    ("cluemotion_emotion_macro_f1", "cluemotion2020_test emotion macro-F1 (5 mapped classes)", False),
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
    ap.add_argument("--misses", type=int, default=0,
                    help="how many blind-split misses to print per kind, with their texts (default none: the blind "
                         "split's posts are not for reading while tuning)")
    args = ap.parse_args()
    model = load(Path(args.model)) if args.model else registry.shipped_model()
    print(f"model {model.version}")
    t0 = time.time()
    ours = evaluation.report(lambda texts: analyze(texts, model=model))
    base = None if args.no_snownlp else evaluation.report(snownlp_frame)
    for key, label, snow in LINES:
        b = f"   snownlp {base[key]:.3f}" if base and snow else ""
        target, ceiling = evaluation.TARGETS.get(key), evaluation.CEILINGS.get(key)
        t = f"   target ≥{target:.2f} {'MET' if ours[key] >= target else 'MISSED'}" if target else ""
        t += f"   target ≤{ceiling:.2f} {'MET' if ours[key] <= ceiling else 'MISSED'}" if ceiling else ""
        print(f"{label:<60} ours {ours[key]:.3f}{b}{t}")
        if key == "blind_category_macro_f1":
            print("    per class F1: " + ", ".join(f"{c} {f:.2f}" for c, f in ours["blind_category_f1_per_class"].items()))
        if key == "smp2020_sentiment_macro_f1":
            print("    per class F1 (ours): " + ", ".join(f"{c} {f:.3f}" for c, f in ours["smp2020_sentiment_f1_per_class"].items()))
    print("blind split severity confusion (rows: written severity 1..4, columns: risk level given 1..4):")
    for i, row in enumerate(ours["blind_severity_confusion"], 1):
        print(f"    {i}: " + " ".join(f"{v:>5}" for v in row))
    print_by_writer(ours["blind_misses"])
    print_misses(ours["blind_misses"], args.misses)
    sizes = ours["sizes"]
    print(f"({' + '.join(f'{n} {k}' for k, n in sizes.items())} posts, {time.time() - t0:.0f} s)")


WRITER_GROUPS = {  # name → the blind writers it reads; a writer may sit in two groups
    "B01–B02": ("B01", "B02"),
    "B03–B04": ("B03", "B04"),
    "B01–B04 (the whole split until 2026-12-06)": ("B01", "B02", "B03", "B04"),
    "B05–B06 (good deeds)": ("B05", "B06"),
}


def print_by_writer(rows: pd.DataFrame) -> None:
    """The blind split's figures per writer group: B01–B02 were read once (as aggregate figures)
    before the grave threshold's rule was settled; B03–B04 were finished after it; B05–B06 write only
    good deeds and rescues and their grave counterparts (the corpus README), so they are read apart."""
    from workbench import vocab
    from workbench.nlp.evaluation import macro_f1, severity_figures

    for name, writers in WRITER_GROUPS.items():
        part = rows[rows["writer"].isin(writers)]
        if part.empty:
            continue
        sev = severity_figures(part["severity"], part["risk_level"])
        print(f"    writers {name} (n={len(part)}): sentiment {macro_f1(part['sentiment'], part['predicted_sentiment'], vocab.SENTIMENTS):.3f}"
              f", category {macro_f1(part['category'], part['predicted_category'], vocab.CATEGORIES):.3f}"
              f", grave recall {sev['grave_recall']:.3f}, false-grave {sev['false_grave']:.3f}")


def print_misses(misses: pd.DataFrame, n: int) -> None:
    """How many of the blind split's grave posts were graded mild, mild posts graded grave and posts
    put in another category, with the first ``n`` of each (none by default)."""
    kinds = {
        "grave posts given risk 3-4": misses[(misses["severity"] <= 2) & (misses["risk_level"] >= 3)],
        "severity-4 posts given risk 1-2": misses[(misses["severity"] == 4) & (misses["risk_level"] <= 2)],
        "category misses": misses[misses["category"] != misses["predicted_category"]],
    }
    for title, rows in kinds.items():
        print(f"{title}: {len(rows)}" + (f" (first {min(n, len(rows))})" if n else ""))
        for r in rows.head(n).itertuples():
            extra = f"{r.category}→{r.predicted_category}" if title.startswith("category") else f"severity {r.severity}→{r.risk_level} {list(r.risk_terms)}"
            print(f"    [{extra}] {r.text[:70]}")


if __name__ == "__main__":
    main()
