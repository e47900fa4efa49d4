"""Fingerprints stay what they were: the compiled normalisation, MinHash and duplicate keys give
what the store already holds, so a re-upload of an old file still finds its posts."""
from __future__ import annotations

import hashlib
import random

import numpy as np
import pandas as pd

from workbench.ingest import fingerprint, neardup
from workbench.ingest.fingerprint import content_hashes, normalise, normalise_many
from workbench.ingest.pipeline import ingest_file


def test_posts_fold_to_their_words():
    texts = ["ＡＢＣ公司裁员！！ https://t.cn/A6x [怒] 😡", "食堂 又涨价了_ www.example.com/x 真的", "ΑΣ ΟΔΟΣ", "İstanbul", "",
             "[超过八个字的括号里面的字] [a b]"]
    # Σ ends a word as ς; İ lower-cases to i and a combining dot, which is no letter.
    assert normalise_many(texts) == ["abc公司裁员", "食堂又涨价了真的", "αςοδος", "istanbul", "", "超过八个字的括号里面的字ab"]
    assert [normalise(t) for t in texts] == normalise_many(texts)


def test_every_character_folds_as_the_regular_expressions_fold_it():
    # The compiled loop takes its tables from Python's own str.lower and re; the regular
    # expressions (``_LINKS``, ``_NON_WORD``) remain the definition, character by character …
    chars = [chr(c) for c in range(1, 0x110000) if not 0xD800 <= c <= 0xDFFF]
    by_regex = fingerprint._nfkc(fingerprint._normalise_python(chars))
    assert normalise_many(chars) == by_regex
    assert normalise_many(pd.Series(chars, dtype="str")) == by_regex  # a column, read from its Arrow buffers
    # … and in context: links, emoticons, spaces of every kind, final sigma, NULs.
    rnd = random.Random(14)
    pieces = list("ab Σσ_[]：:/.\x00\t\u3000\xa0\u2028字") + ["http://", "https://", "www.", "[哈哈]", "ＡＢ１", "İ", "①", "😀"]
    texts = ["".join(rnd.choice(pieces) for _ in range(rnd.randrange(0, 30))) for _ in range(5000)]
    assert normalise_many(texts) == fingerprint._nfkc(fingerprint._normalise_python(texts))
    assert normalise_many(pd.Series(texts + [None], dtype="str").iloc[1:]) == normalise_many(texts[1:] + [""])


def test_a_chunks_fingerprints_are_the_hashes_and_code_points_of_its_normalised_texts():
    # The import hashes and signs from one folding; it must give what the normalised strings give,
    # also for chunks the folding leaves to the regular expressions (Σ) or that NFKC changes.
    rnd = random.Random(9)
    pieces = list("ab 字，！") + ["https://t.cn/x ", "[哈哈]", "😀", "é", "e\u0301", "\u0301", "ß", "\x00"]
    plain = ["".join(rnd.choice(pieces) for _ in range(rnd.randrange(0, 25))) for _ in range(3000)]
    for texts in (plain, plain + ["ΑΣ"], plain + ["ＡＢ１①"], ["", ""], ["ﬁ"]):
        for given in (texts, pd.Series(texts, dtype="str")):
            hashes, points = fingerprint.fingerprints(given)
            normalised = normalise_many(texts)
            assert list(hashes) == content_hashes(normalised)
            assert ["".join(map(chr, points.codes[a:b])) for a, b in zip(points.bounds[:-1], points.bounds[1:])] == normalised


def test_the_compiled_content_hash_is_blake2b():
    # content_hash is hashlib's BLAKE2b-128; the compiled pass must give it at every block boundary.
    from workbench.ingest.blake2b import hex_digests
    rnd = random.Random(7)
    texts = [bytes(rnd.randrange(256) for _ in range(n)) for n in (0, 1, 8, 63, 64, 127, 128, 129, 255, 256, 257, 1000)]
    texts += [("字" * rnd.randrange(0, 120)).encode() for _ in range(300)]
    ends = np.cumsum([len(t) for t in texts])
    starts = ends - np.array([len(t) for t in texts])
    want = [hashlib.blake2b(t, digest_size=16).hexdigest() for t in texts]
    assert list(hex_digests(b"".join(texts), starts, ends)) == want


def test_minhash_signatures_keep_their_definition():
    # Signatures in the store were made by this formula (fmix32 of the 3-gram, then a·h + b mod 2³²).
    texts = ["公司拖欠工资三个月了", "ab", "", "😀字x" * 20]
    sig, ok = neardup.signatures(texts)
    assert ok.tolist() == [True, True, False, True]
    for text, row in zip(texts, sig):
        codes = [ord(c) for c in text.ljust(3, "\x01")]
        mins = []
        for k in range(neardup.PERMS):
            values = []
            for i in range(len(codes) - 2):
                h = sum(int(c) * int(p) for c, p in zip(codes[i:i + 3], neardup._P)) & 0xFFFFFFFF
                for shift, mult in ((16, 0x85EBCA6B), (13, 0xC2B2AE35)):
                    h = ((h ^ (h >> shift)) * mult) & 0xFFFFFFFF
                h ^= h >> 16
                values.append((int(neardup._A[k]) * h + int(neardup._B[k])) & 0xFFFFFFFF)
            mins.append(min(values))
        assert row.tolist() == mins


def test_a_repeat_many_chunks_later_is_a_duplicate_by_id_and_by_words(store, tmp_path):
    rows = [(str(i), f"作者{i % 7}", f"第{i}条：公司又拖欠工资了，编号{i * 7919}") for i in range(1, 41)]
    rows += [("5", "别人", "同一个ID，不同的话"),                       # id 5 again: a duplicate
             ("900", "作者3", rows[2][2]),                           # row 3's words and author under a new id
             ("901", "作者4", rows[2][2])]                           # the same words from another account: a post
    path = tmp_path / "repeats.csv"
    pd.DataFrame(rows, columns=["id", "作者", "正文"]).to_csv(path, index=False)
    result = ingest_file(store, path, chunk_rows=6)
    assert (result.rows_read, result.inserted, result.duplicates) == (43, 41, 2)
    kept = {r[0] for r in store.execute("SELECT external_id FROM posts").fetchall()}
    assert "901" in kept and "900" not in kept
    again = ingest_file(store, path, chunk_rows=6)
    assert (again.inserted, again.duplicates) == (0, 43)
    assert np.array_equal(store.execute("SELECT count(*) FROM posts").fetchnumpy()["count_star()"], [41])
