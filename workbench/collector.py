"""Python's cyclic garbage collector: paused for a block of work, or kept off a server's start-up objects.

Batch work (analysing posts, grouping them) allocates hundreds of thousands of short-lived, acyclic
objects (words, terms, a dict per post, a Counter per cluster) that reference counting frees; each
collection they trigger walks every object of the process, so a long batch slows down as it goes.
"""
from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator


@contextmanager
def paused() -> Iterator[None]:
    """The cyclic collector off for the block (back on after it, if it was on)."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def freeze_long_lived() -> None:
    """Collect once, then leave every object alive now out of the collector's later passes
    (``gc.freeze``): for what a server loads at start and keeps until it stops (modules, the
    model's code and dictionaries). Reference counting still frees them; only cycles among them
    are never looked for again."""
    gc.collect()
    gc.freeze()
