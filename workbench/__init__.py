"""职场舆情处置工作台 — the Python API shared by the pages, the CLI and notebooks.

Contracts (DESIGN §5)::

    workbench.analyze(texts) -> pandas.DataFrame   # one row per text, in order
    workbench.mask_pii(text) -> str

Heavier modules load on first use, so ``import workbench`` stays fast.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["analyze", "mask_pii", "connect", "query"]

if TYPE_CHECKING:  # pragma: no cover
    from .db import connect, query
    from .nlp.analyze import analyze
    from .pii import mask_pii


def __getattr__(name: str) -> Any:
    if name == "analyze":
        from .nlp.analyze import analyze

        return analyze
    if name == "mask_pii":
        from .pii import mask_pii

        return mask_pii
    if name in ("connect", "query"):
        from . import db

        return getattr(db, name)
    raise AttributeError(name)
