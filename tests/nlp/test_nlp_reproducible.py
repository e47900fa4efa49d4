"""`workbench train` rebuilds the shipped model from the recorded sources: the card records a digest
of what teaches each head and of the feature tables, and these digests must see every change that
matters. Whether today's full frame still gives the shipped card's digests needs the public corpora
of ../shared/data and is checked by benchmarks/train_inputs.py."""
from __future__ import annotations

import numpy as np
import pandas as pd
from workbench.nlp import segment, training


def test_posts_read_only_by_the_tone_stages_never_reach_the_tables_or_the_other_heads():
    rows = pd.DataFrame([("公司发了年终奖，挺满意", "handwritten", "正面", "薪酬福利", "喜悦", 4),
                         ("主管当众骂人，还扣了全组绩效", "handwritten", "负面", "管理作风", "愤怒", 3),
                         ("公司发了年终奖，主管挺满意", "handwritten", "正面", "薪酬福利", "喜悦", 4),
                         ("周末和猫咪晒太阳，猫咪打呼噜", "held_everyday", "正面", "其他", "喜悦", 4),
                         ("猫咪晒太阳，猫咪又打呼噜了", "held_everyday", "中性", "其他", "中性", 4)],
                        columns=["text", "source", "sentiment", "category", "emotion", "severity"])
    norm = segment.normalize_all(rows["text"].tolist())
    tables = training.fit_featurizer(rows, norm, segment.segment_all(norm), fast=True)
    assert "猫咪" not in tables.word.vocabulary and "公司" in tables.word.vocabulary
    alone = training.fit_featurizer(rows[:3], norm[:3], segment.segment_all(norm[:3]), fast=True)
    assert training.table_digest(tables) == training.table_digest(alone)
    with_held = training.head_input_digests(rows, training.head_rows(rows))
    without = training.head_input_digests(rows[:3], training.head_rows(rows[:3]))
    for head in ("neutral", "polarity", "category", "emotion", "severity"):
        assert with_held[head] == without[head]
    assert with_held["everyday_neutral"] != without["everyday_neutral"]


def test_the_digests_see_a_changed_label_weight_or_order():
    rows = pd.DataFrame([("公司发了年终奖，挺满意", "handwritten", "正面", "薪酬福利", "喜悦", 4),
                         ("主管当众骂人，还扣了全组绩效", "handwritten", "负面", "管理作风", "愤怒", 3)],
                        columns=["text", "source", "sentiment", "category", "emotion", "severity"])
    base = training.head_input_digests(rows, training.head_rows(rows))["category"]
    relabelled = rows.assign(category=["薪酬福利", "企业文化"])
    reordered = rows.iloc[::-1].reset_index(drop=True)
    reweighed = rows.assign(source="smp2020_virus_train")  # another source's sample weight
    for other in (relabelled, reordered, reweighed):
        assert training.head_input_digests(other, training.head_rows(other))["category"] != base
    assert np.all(training.head_rows(rows)["category"][0])


# A build on the hand-written corpus's first rows (fast tables), in a fresh interpreter whose
# OpenBLAS uses the given CPU kernels: the core type is read when numpy loads, hence a subprocess.
_BUILD = """
import sys
import numpy as np
from workbench.nlp import corpora, training
from workbench.nlp.analyze import analyze
hw = corpora.handwritten("train")
hw = hw[hw["split"] == "train"].sample(n=2000, random_state=1).assign(part="train")
hw.loc[hw["writer"].isin(corpora.EVERYDAY_WRITERS), "source"] = "handwritten_everyday"
frame = hw[["text", "sentiment", "emotion", "category", "severity", "source", "part"]].reset_index(drop=True)
model = training.fit(frame, "wb-small", fast=True)
valid = corpora.handwritten("train")
read = analyze(valid[valid["split"] == "valid"]["text"].tolist(), model=model)
np.savez(sys.argv[1], **{h: model.heads[h].weights.toarray() for h in model.heads},
         **{h + ".bias": np.asarray(model.heads[h].bias) for h in model.heads},
         **{f + ".read": np.array(read[f].astype(str).tolist()) for f in ("sentiment", "category", "emotion", "risk_level")},
         n_iter=np.array([model.card["fit"]["n_iter"][h] for h in sorted(model.heads)]))
"""


def test_a_build_gives_the_same_model_whatever_blas_kernels_the_cpu_gets(tmp_path):
    # At the old loose stop (L-BFGS tol 1e-4) these two builds' emotion weights differed by 0.074;
    # fitted to the optimum (training.FIT_TOL) they differ only where a weight's float16 rounding
    # (LinearHead) falls either side of a step, and read every validation post the same.
    import os
    import subprocess
    import sys

    runs = {}
    for core in ("SandyBridge", "Haswell"):
        env = {**os.environ, "OPENBLAS_CORETYPE": core, "OPENBLAS_VERBOSE": "0"}
        runs[core] = subprocess.Popen([sys.executable, "-c", _BUILD, str(tmp_path / f"{core}.npz")], env=env,
                                      stderr=subprocess.PIPE, text=True)
    for core, proc in runs.items():
        assert proc.wait(timeout=300) == 0, proc.stderr.read()[-2000:]
    a, b = (np.load(tmp_path / f"{core}.npz") for core in runs)
    assert set(a.files) == set(b.files)
    for key in a.files:
        if key.endswith(".read"):
            assert np.array_equal(a[key], b[key]), key
        elif key.endswith(".bias"):  # softmax reads the biases up to a common shift
            assert np.abs((a[key] - a[key].mean()) - (b[key] - b[key].mean())).max() < 1e-4, key
        elif key != "n_iter":
            # one float16 step (2^-10 of the weight) beside the optimiser's last 1e-5
            assert np.all(np.abs(a[key] - b[key]) <= np.maximum(np.abs(a[key]), np.abs(b[key])) * 2.0**-10 + 2e-5), key
    assert np.all(a["n_iter"] < training.FIT_MAX_ITER) and np.all(b["n_iter"] < training.FIT_MAX_ITER)
