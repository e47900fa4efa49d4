"""workbench.analyze: the DESIGN §5 contract on ordinary and awkward input."""
from __future__ import annotations

import pandas as pd

import workbench
from workbench import vocab
from workbench.nlp.analyze import COLUMNS

CONTRACT = ["sentiment", "sentiment_score", "category", "category_confidence", "emotion",
            "risk_level", "risk_terms", "keywords", "has_pii", "text_masked"]


def _check_row_types(row) -> None:
    assert row["sentiment"] in vocab.SENTIMENTS
    assert -1.0 <= row["sentiment_score"] <= 1.0
    assert row["category"] in vocab.CATEGORIES
    assert 0.0 <= row["category_confidence"] <= 1.0
    assert row["emotion"] in vocab.EMOTIONS
    assert row["risk_level"] in (1, 2, 3, 4)
    for col in ("risk_terms", "keywords", "category_terms", "sentiment_cues"):
        assert isinstance(row[col], list) and all(isinstance(x, str) for x in row[col])
    assert isinstance(row["text_masked"], str)


def test_contract_columns_types_and_order():
    texts = ["公司连续三个月拖欠工资，太过分了", "今天天气真好", "某公司发布年度薪酬报告"]
    df = workbench.analyze(texts)
    assert list(df.columns[: len(CONTRACT)]) == CONTRACT
    assert list(df.columns) == COLUMNS
    assert len(df) == 3 and list(df.index) == [0, 1, 2]
    assert df["sentiment_score"].dtype == "float64" and df["category_confidence"].dtype == "float64"
    assert df["risk_level"].dtype == "int64" and df["has_pii"].dtype == bool
    for _, row in df.iterrows():
        _check_row_types(row)
    # order preserved: the same texts reversed give the same rows reversed
    rev = workbench.analyze(texts[::-1])
    assert rev["sentiment"].tolist() == df["sentiment"].tolist()[::-1]
    assert rev["category"].tolist() == df["category"].tolist()[::-1]
    assert df["model_version"].iloc[0].endswith(("+rjieba", "+jieba"))


def test_edge_inputs_empty_none_emoji_long_traditional_english():
    long_text = "公司天天加班到凌晨，" * 3000
    texts = ["", None, "😭😭😭🙏", long_text, "這家公司拖欠薪資三個月，還強制加班", "Our boss PUA 我们 every day, 996 is toxic", "   "]
    df = workbench.analyze(texts)
    assert len(df) == len(texts)
    for _, row in df.iterrows():
        _check_row_types(row)
    for i in (0, 1, 2, 6):  # nothing to read: neutral 其他, nothing triggered
        assert df.loc[i, "sentiment"] == "中性" and df.loc[i, "category"] == "其他"
        assert df.loc[i, "risk_terms"] == [] and df.loc[i, "risk_level"] == 4
    assert df.loc[1, "text_masked"] == "" and df.loc[2, "text_masked"] == "😭😭😭🙏"
    assert df.loc[3, "category"] == "工时加班"
    assert df.loc[3, "text_masked"] == long_text  # the stored text is not truncated
    # traditional characters are read like simplified ones
    trad = df.loc[4]
    assert trad["sentiment"] == "负面" and trad["category"] in ("薪酬福利", "工时加班")
    assert trad["text_masked"].startswith("這家公司")  # the original text is kept
    assert "pua" in [k.lower() for k in df.loc[5, "keywords"]] or "996" in df.loc[5, "keywords"]


def test_empty_batch():
    df = workbench.analyze([])
    assert list(df.columns) == COLUMNS and len(df) == 0


def test_pii_masked_and_flagged():
    df = workbench.analyze(["有问题打我电话13812345678", "工资又晚发了"])
    assert df["has_pii"].tolist() == [True, False]
    assert "13812345678" not in df.loc[0, "text_masked"]


def test_category_terms_name_the_deciding_words():
    df = workbench.analyze(["入职半年还不签劳动合同，社保也断缴了", "公司天天996，还搞大小周"])
    assert df["category"].tolist() == ["劳动合规", "工时加班"]
    assert "劳动合同" in df.loc[0, "category_terms"]
    assert {"996", "大小周"} & set(df.loc[1, "category_terms"])


def test_sarcasm_and_negation_cues():
    df = workbench.analyze(["公司真“贴心”，加班到凌晨还不给加班费，呵呵", "我们公司从来没有拖欠过工资，准时下班，福利好"])
    assert df.loc[0, "sentiment"] == "负面"
    assert any(c.startswith("反讽") for c in df.loc[0, "sentiment_cues"])
    assert df.loc[1, "sentiment"] == "正面"
    assert any(c.startswith("否定") for c in df.loc[1, "sentiment_cues"])


def test_pandas_series_input():
    s = pd.Series(["公司裁员不给N+1", "面试体验很好"], index=[10, 20])
    df = workbench.analyze(s)
    assert list(df.index) == [0, 1] and df.loc[0, "category"] == "裁员离职"
