"""analyze's compiled and batched steps give what a straightforward computation of the same
thing gives, on varied posts: hand-written workplace posts as they are, in traditional
characters, with personal data, with odd whitespace, cut into pieces and repeated at length."""
from __future__ import annotations

import random

import numpy as np
import pytest
from zhconv import convert

from workbench.nlp import analyze as analyze_module
from workbench.nlp import corpora, cues, keywords, risk, segment
from workbench.nlp import model as model_module
from workbench.nlp.features import CharNgrams
from workbench import vocab
from workbench.pii import mask_pii


@pytest.fixture(scope="module")
def posts() -> list[str]:
    rng = random.Random(14)
    picked = rng.sample(corpora.handwritten("train")["text"].tolist(), 600)
    varied = []
    for i, text in enumerate(picked):
        kind = i % 6
        if kind == 1:
            text = convert(text, "zh-hant")
        elif kind == 2:
            text = f"{text} 电话 1{rng.randrange(10**10):010d}，邮箱 hr{i}@example.com，卡号 6222 0202 {i:04d} 1234"
        elif kind == 3:
            text = text.replace("，", " \t\u3000 ") + "\n" + text[: len(text) // 2]
        elif kind == 4:
            text = text[rng.randrange(len(text) + 1):]
        elif kind == 5:
            text = (text + "！") * rng.randint(1, 30)
        varied.append(text)
    return varied + ["", "   ", "😀😀", "İstanbul 公司 ABC", "「後來」公司說“貼心”", "後來\x00公司說", "工" * 2500]


@pytest.fixture(scope="module")
def shipped():
    return model_module.load(model_module.SHIPPED_FILE)


def _softmax(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def test_the_model_reads_posts_as_its_whole_feature_matrix_says(posts, shipped):
    """``predict`` (character block hashed and multiplied in one compiled loop, heads as one
    dense product) gives the probabilities of the training path's sparse feature matrix times
    each head's weights."""
    norm = segment.normalize_all(posts)
    tokens = segment.segment_all(norm)
    _cue_lists, cue_matrix = cues.find_all(norm)
    scan = risk.scan_all(norm)
    fast = shipped.predict(norm, tokens, cue_matrix, scan.matrix)

    X, _terms = shipped.features(norm, tokens, cue_matrix, scan.matrix)
    proba = {name: _softmax((X @ head.weights).toarray().astype(np.float64) + head.bias)
             for name, head in shipped.heads.items()}
    if "polarity" in proba:  # two stages: P(neutral), then P(negative | polar), P(positive | polar)
        polar = 1.0 - proba["neutral"][:, 1:2]
        proba["sentiment"] = np.hstack([polar * proba["polarity"][:, :1], proba["neutral"][:, 1:2],
                                        polar * proba["polarity"][:, 1:]])
    if "everyday_polarity" in proba:  # the everyday tone, the same two stages, weighed in by P(其他)
        polar = 1.0 - proba["everyday_neutral"][:, 1:2]
        tone = np.hstack([polar * proba["everyday_polarity"][:, :1], proba["everyday_neutral"][:, 1:2],
                          polar * proba["everyday_polarity"][:, 1:]])
        g = proba["category"][:, vocab.CATEGORIES.index("其他")][:, None]
        proba["sentiment"] = (1 - g) * proba["sentiment"] + g * tone
    np.testing.assert_allclose(fast.sentiment_proba, proba["sentiment"], atol=2e-5)
    np.testing.assert_allclose(fast.category_proba, proba["category"], atol=2e-5)
    np.testing.assert_allclose(fast.emotion_proba, proba["emotion"], atol=2e-5)
    if "severity" in proba:
        np.testing.assert_allclose(fast.severity_proba, proba["severity"], atol=2e-5)


@pytest.mark.parametrize("n_features", [2**12, 1000])  # a power of two is hashed with a mask, others with %
def test_character_product_equals_the_sparse_product(posts, n_features):
    texts = segment.normalize_all(posts)
    vec = CharNgrams(n_features=n_features).fit(texts)
    W = np.random.default_rng(n_features).standard_normal((n_features, 7)).astype(np.float32)
    expected = vec.transform([t.lower() for t in texts]) @ W
    np.testing.assert_allclose(vec.product(texts, W, lower=True), expected, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(vec.product(texts, vec.weights(W), lower=True), expected, rtol=1e-5, atol=1e-5)


def test_batch_keywords_are_each_posts_own(posts):
    seg = segment.segment_all(segment.normalize_all(posts))
    for k in (5, 2):
        assert keywords.extract_all(seg, k) == [keywords.extract(words, k) for words in seg.lists()]


def test_traditional_characters_are_converted_as_zhconv_does(posts):
    assert segment.normalize_all(posts) == [segment.normalize(t) for t in posts]
    assert segment._simplified(posts[:-1]) == [convert(t, "zh-hans") for t in posts[:-1]]
    assert segment.normalize("後來\x00公司說") == convert("後來\x00公司說", "zh-hans")  # NUL: the one-text path
    rng = random.Random(9)  # phrases of zhconv's table next to and inside each other
    from zhconv import zhconv

    table = "".join(zhconv.getdict("zh-hans"))
    mixed = ["".join(rng.choice(table) for _ in range(rng.randint(0, 30))) for _ in range(2000)]
    assert segment._simplified(mixed) == [convert(t, "zh-hans") for t in mixed]


def test_personal_data_is_masked_in_every_post_that_holds_it(posts):
    assert analyze_module._mask(posts) == [mask_pii(t) for t in posts]
    rng = random.Random(5)  # digits, separators, newlines and @ in every arrangement
    alphabet = list("0123456789０１２３４５６７８９ -－\n@＠a.b工Ａｚ_%+")
    odd = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 25))) for _ in range(3000)]
    assert analyze_module._mask(odd) == [mask_pii(t) for t in odd]
