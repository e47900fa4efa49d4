"""The model's text features give what ``TfidfVectorizer(sublinear_tf=True)`` would: rows
computed here from the definition, n-gram by n-gram, match the batch transforms."""
from __future__ import annotations

from collections import Counter

import numpy as np

from workbench.nlp.features import CharNgrams, WordNgrams

TEXTS = ["公司拖欠工资三个月了", "哈哈哈哈哈哈", "", "996 大小周 996", "公司发年终奖了，开心", "拖欠工资"]
WORDS = [["公司", "拖欠", "工资"], ["哈哈", "哈哈", "哈哈"], [], ["996", "大小周", "996"], ["公司", "发", "年终奖"], ["拖欠", "工资"]]


def _expected(cols: list[int], idf: np.ndarray, n_cols: int) -> np.ndarray:
    """One text's row from the definition: (1 + ln tf) · idf per n-gram, L2-normalised."""
    row = np.zeros(n_cols)
    for col, count in Counter(cols).items():
        row[col] = (1 + np.log(count)) * idf[col]
    norm = np.linalg.norm(row)
    return row / norm if norm else row


def test_character_ngram_rows_follow_the_definition():
    vec = CharNgrams(n_features=2**12).fit(TEXTS * 2)
    X = vec.transform(TEXTS).toarray()
    for i, text in enumerate(TEXTS):
        rows, cols = vec._counts([text])
        np.testing.assert_allclose(X[i], _expected(cols.tolist(), vec.idf, vec.size), rtol=1e-5, atol=1e-6)
    assert not X[TEXTS.index("")].any()


def test_word_ngram_rows_follow_the_definition():
    vec = WordNgrams(min_df=1).fit(WORDS)
    X = vec.transform(WORDS).toarray()
    for i, words in enumerate(WORDS):
        grams = words + [f"{a} {b}" for a, b in zip(words, words[1:])]
        cols = [vec.vocabulary[g] for g in grams if g in vec.vocabulary]
        np.testing.assert_allclose(X[i], _expected(cols, vec.idf, vec.size), rtol=1e-5, atol=1e-6)
    assert not X[WORDS.index([])].any()
    unseen = vec.transform([["没见过", "的词"]]).toarray()
    assert not unseen.any()


def test_prediction_multiplies_character_ngrams_without_building_the_matrix():
    """``product`` (the compiled path ``analyze`` uses) gives ``transform(texts) @ W``, also for
    texts with no n-gram, a NUL character, an emoji or a repeated character."""
    vec = CharNgrams(n_features=2**12).fit(TEXTS * 2 + ["同一个字同一个字", "a\x00b"])
    texts = TEXTS + ["同一个字同一个字同", "a\x00b", "😭😭", "x", "工" * 300]
    W = np.random.default_rng(7).standard_normal((vec.size, 5)).astype(np.float32)
    np.testing.assert_allclose(vec.product(texts, W), vec.transform(texts) @ W, rtol=1e-5, atol=1e-5)
    assert vec.product([], W).shape == (0, 5)
    # lower-cased on the way, also where a character lower-cases to two (İ → i̇)
    mixed = ["ABC公司", "İstanbul 工厂", "OK"]
    np.testing.assert_allclose(vec.product(mixed, W, lower=True), vec.transform([t.lower() for t in mixed]) @ W,
                               rtol=1e-5, atol=1e-5)
