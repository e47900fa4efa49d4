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
