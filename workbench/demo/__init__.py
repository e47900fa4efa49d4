"""The demo dataset: fictional employers, posts, incidents and their whole response process.

``load_demo(con, seed=…, anchor=…)`` generates it deterministically and loads it into a store.
"""
from .load import DEFAULT_SEED, demo_end, load_demo

__all__ = ["DEFAULT_SEED", "demo_end", "load_demo"]
