"""The compiled near-duplicate lookups give what the rule says, on signatures built to crowd
buckets: a text is linked to the first counted text of a bucket it shares (within a chunk), or
to the smallest id among the file's earlier originals it shares a bucket with; a bucket is
claimed by the first original that reaches it."""
from __future__ import annotations

import numpy as np

from workbench.ingest import neardup


def crowded_signatures(rng: np.random.Generator, n: int, base: np.ndarray) -> np.ndarray:
    """Copies of a few base signatures, each with a random number of positions changed, so that
    pairs land on both sides of the threshold and many rows share each band."""
    sig = base[rng.integers(0, len(base), n)].copy()
    for i in range(n):
        changed = rng.choice(neardup.PERMS, rng.integers(0, 16), replace=False)
        sig[i, changed] = rng.integers(0, 2**32, len(changed), dtype=np.uint32)
    return sig


def similar(a: np.ndarray, b: np.ndarray) -> bool:
    return (a == b).mean() >= neardup.THRESHOLD


def test_a_text_is_linked_to_the_first_counted_text_of_a_bucket_it_shares():
    rng = np.random.default_rng(14)
    sig = crowded_signatures(rng, 3000, rng.integers(0, 2**32, (12, neardup.PERMS), dtype=np.uint32))
    ok = rng.random(len(sig)) > 0.1  # some texts had nothing to compare: they neither head nor join
    keys = neardup.band_keys(sig)
    expected = np.full(len(sig), -1)
    for b in range(neardup.BANDS):
        head: dict[int, int] = {}
        for i in np.flatnonzero(ok):
            first = head.setdefault(int(keys[i, b]), int(i))
            if first != i and similar(sig[i], sig[first]) and (expected[i] < 0 or first < expected[i]):
                expected[i] = first
    found = neardup.within(sig, ok, keys)
    assert found.tolist() == expected.tolist()
    assert (found >= 0).sum() > 500 and (found[~ok] == -1).all()


def test_later_chunks_find_the_files_earlier_originals_and_claim_only_free_buckets():
    rng = np.random.default_rng(7)
    index = neardup.FileIndex(capacity=1024)  # small: the arrays grow as the file does
    owner: dict[tuple[int, int], int] = {}  # (band, key) → id of the original that claimed it
    signature: dict[int, np.ndarray] = {}
    next_id, linked, taken = 1, 0, 0
    families = rng.integers(0, 2**32, (40, neardup.PERMS), dtype=np.uint32)  # shared by every chunk
    for chunk in range(6):
        sig = crowded_signatures(rng, 700, families)
        ok = rng.random(len(sig)) > 0.05
        keys = neardup.band_keys(sig)
        order = neardup.band_order(keys)
        nearest, held = index.nearest(sig, keys, order, ok)
        for i in range(len(sig)):
            owners = {owner.get((b, int(keys[i, b]))) for b in range(neardup.BANDS)} - {None}
            good = [o for o in owners if similar(sig[i], signature[o])] if ok[i] else []
            assert nearest[i] == min(good, default=-1)
            assert held[i].tolist() == [bool(ok[i]) and (b, int(keys[i, b])) in owner for b in range(neardup.BANDS)]
        linked += int((nearest >= 0).sum())
        originals = np.flatnonzero(ok & (nearest < 0))
        ids = np.arange(next_id, next_id + len(originals))
        next_id += len(originals)
        free = ~held[originals]
        taken += int((~free).sum())  # buckets an earlier original holds: not claimed again
        band, key, post_id = index.add(ids, sig[originals], keys[originals], free,
                                       neardup.restrict(order, ok & (nearest < 0)))
        claimed = {}
        for row, pid in enumerate(ids):
            signature[int(pid)] = sig[originals[row]]
            for b in range(neardup.BANDS):
                if free[row, b]:
                    claimed.setdefault((b, int(keys[originals[row], b])), int(pid))
        assert {(int(b), int(k)): int(p) for b, k, p in zip(band, key, post_id)} == claimed
        assert len(band) == len(claimed)
        owner.update(claimed)
    assert index.count == next_id - 1 > 1024 and linked > 500 and taken > 500


def test_band_order_sorts_each_band_by_key_even_when_keys_crowd_one_range():
    """The lookups merge a chunk's keys with the file's sorted ones: a band's rows must come in
    key order (int64, negative keys first), equal keys in row order, also for keys that share
    their top bits (as keys crafted to slow the sort down would)."""
    rng = np.random.default_rng(5)
    sig = crowded_signatures(rng, 5000, rng.integers(0, 2**32, (30, neardup.PERMS), dtype=np.uint32))
    keys = neardup.band_keys(sig)
    keys[:2000, :4] = rng.integers(-3, 3, (2000, 4))  # one narrow range of values around zero
    for sample in (keys, keys[:1], keys[:0]):
        assert neardup.band_order(sample).tolist() == np.argsort(sample.T, axis=1, kind="stable").tolist()
