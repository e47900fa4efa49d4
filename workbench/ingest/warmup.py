"""Loading the import's compiled passes before the first chunk needs them.

The first call of each compiled (numba) function in a process loads its machine code from the
cache on disk, and the text-folding tables are built from this Python's own ``str.lower`` and
``re``: about a second, once per process. An import runs ``load_compiled`` on its writing thread
while the preparing thread reads and validates the first chunk, so that second is spent beside
that work instead of before the first chunk can be written.
"""
from __future__ import annotations

import threading

import numpy as np
import pandas as pd

from . import neardup
from .filekeys import FileKeys, repeats
from .fingerprint import _tables, fingerprints

# Texts that take the compiled passes the way a usual chunk does (a link, a bracket emoticon, a
# near duplicate, an empty text; nothing that NFKC would change, which goes the way of strings).
_SAMPLE = ["公司又拖欠工资三个月了，大家怎么看 https://t.cn/A1f2 [哈哈]", "公司又拖欠工资三个月了，大家怎么看！",
           "ABC www.example.com 加班 996", "", "转发微博：公司又拖欠工资三个月了，大家怎么看"]

_loaded = threading.Event()


def load_compiled() -> None:
    """Call each compiled pass of the import once, on a few texts, with the argument types the
    import passes (so that what loads is what it runs); a no-op after the first time."""
    if _loaded.is_set():
        return
    _tables()
    texts = pd.Series(_SAMPLE, dtype="str")
    _, points = fingerprints(texts)  # code points, folding, hashing
    sig, ok = neardup.signatures(points)
    keys = neardup.band_keys(sig)
    order = neardup.band_order(keys)
    neardup.within(sig, ok, keys, order)
    index = neardup.FileIndex(len(sig))
    ids = np.arange(len(sig), dtype=np.int64)
    index.nearest(sig, keys, order, ok)
    keep = ok.copy()
    index.add(ids[keep], sig[keep], keys[keep], np.ones((int(keep.sum()), neardup.BANDS), dtype=bool),
              neardup.restrict(order, keep))
    hi = np.arange(len(sig), dtype=np.uint64)
    seen = FileKeys()
    seen.contains(hi, hi)
    seen.add(hi, hi)
    repeats(hi, hi)
    _loaded.set()
