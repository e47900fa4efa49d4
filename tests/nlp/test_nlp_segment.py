"""Segmentation keeps the workplace dictionary's terms whole; normalisation handles odd input."""
from __future__ import annotations

from workbench.nlp import keywords, segment


def test_workplace_terms_stay_whole():
    words = segment.tokenize(segment.normalize("公司996还搞大小周，签了竞业协议，被优化只给N+1，社保断缴，天天画饼PUA"))
    for term in ("996", "大小周", "竞业协议", "被优化", "n+1", "社保断缴", "画饼", "pua"):
        assert term in words, term
    assert segment.BACKEND in ("rjieba", "jieba")


def test_normalize_traditional_whitespace_none_and_length():
    assert segment.normalize("這家公司  拖欠薪資") == "这家公司 拖欠薪资"
    assert segment.normalize(None) == "" and segment.normalize(float("nan")) == ""
    assert len(segment.normalize("加" * 10_000)) == segment.MAX_CHARS


def test_keywords_prefer_workplace_terms_over_stop_words():
    words = segment.tokenize(segment.normalize("我们公司又开始大小周了，而且还要签竞业协议"))
    top = keywords.extract(words, k=3)
    assert "大小周" in top and "竞业协议" in top
    assert not {"我们", "而且", "了"} & set(top)
