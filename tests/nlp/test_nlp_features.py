"""The model's text features give exactly what their definitions say, and an artifact written
before the character n-grams' occurrence weighting is still read the way it was trained."""
from __future__ import annotations

import pickle
from collections import Counter

import numpy as np
import pytest

from workbench.nlp.features import CharNgrams, WordNgrams

TEXTS = ["公司拖欠工资三个月了", "哈哈哈哈哈哈", "", "996 大小周 996", "公司发年终奖了，开心", "拖欠工资"]
WORDS = [["公司", "拖欠", "工资"], ["哈哈", "哈哈", "哈哈"], [], ["996", "大小周", "996"], ["公司", "发", "年终奖"], ["拖欠", "工资"]]


def _expected(cols: list[int], idf: np.ndarray, tf: str, n_cols: int) -> np.ndarray:
    """The row of one text, computed from the definition, column by column."""
    row = np.zeros(n_cols)
    for col, count in Counter(cols).items():
        if idf[col]:
            row[col] = (count if tf == "occurrence" else 1 + np.log(count)) * idf[col]
    if tf == "occurrence":  # divided by the root of the occurrences' squared IDFs
        norm = np.sqrt(sum(idf[c] ** 2 for c in cols))
    else:
        norm = np.linalg.norm(row)
    return row / norm if norm else row


def _char_cols(vec: CharNgrams, text: str) -> list[int]:
    return [int(c) for _rows, cols in vec._parts([text]) for c in cols]


@pytest.mark.parametrize("tf", ["occurrence", "sublinear"])
def test_character_ngram_rows_follow_their_definition(tf):
    vec = CharNgrams(n_features=2**12, tf=tf).fit(TEXTS * 2)
    X = vec.transform(TEXTS).toarray()
    for i, text in enumerate(TEXTS):
        np.testing.assert_allclose(X[i], _expected(_char_cols(vec, text), vec.idf, tf, vec.size), rtol=1e-5, atol=1e-6)
    assert not X[2].any()  # an empty text has no features


def test_word_ngram_rows_follow_their_definition():
    vec = WordNgrams(min_df=1).fit(WORDS)
    X = vec.transform(WORDS).toarray()
    for i, words in enumerate(WORDS):
        grams = words + [f"{a} {b}" for a, b in zip(words, words[1:])]
        cols = [vec.vocabulary[g] for g in grams if g in vec.vocabulary]
        np.testing.assert_allclose(X[i], _expected(cols, vec.idf, "sublinear", vec.size), rtol=1e-5, atol=1e-6)
    assert not X[WORDS.index([])].any()


def test_an_artifact_from_before_the_occurrence_weighting_keeps_sublinear_tf():
    old = CharNgrams(n_features=2**12, tf="sublinear").fit(TEXTS)
    state = dict(old.__dict__)
    del state["tf"]  # what an artifact written before the option holds
    revived = CharNgrams.__new__(CharNgrams)
    revived.__setstate__(state)
    assert revived.tf == "sublinear"
    np.testing.assert_array_equal(revived.transform(TEXTS).toarray(), old.transform(TEXTS).toarray())
    assert pickle.loads(pickle.dumps(CharNgrams(tf="occurrence"))).tf == "occurrence"
