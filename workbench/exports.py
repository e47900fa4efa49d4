"""What every export does before data leaves the tool: mask personal data, neutralise formulas."""
from __future__ import annotations

from typing import Iterable

import pandas as pd

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """Prefix a text cell that a spreadsheet would run as a formula (CSV injection guard)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _text_columns(df: pd.DataFrame) -> list:
    return [c for c in df.columns if df[c].dtype == object or pd.api.types.is_string_dtype(df[c])]


def masked_frame(df: pd.DataFrame, columns: Iterable[str] | None = None) -> pd.DataFrame:
    """A copy of ``df`` with phones, ID numbers, e-mails and card numbers masked in every text cell
    (a query may return raw ``text`` for the tool's own use; nothing leaves the tool unmasked), or
    only in ``columns`` (the UI masks the post-derived ones, ``pii.SHOWN_FIELDS``)."""
    from .pii import mask_many

    out = df.copy()
    wanted = None if columns is None else set(columns)
    for col in _text_columns(out):
        if wanted is not None and col not in wanted:
            continue
        values = out[col].tolist()
        strings = [i for i, v in enumerate(values) if isinstance(v, str)]
        for i, masked in zip(strings, mask_many([values[i] for i in strings])):
            values[i] = masked
        out[col] = pd.Series(values, index=out.index, dtype=object)
    return out


def safe_csv_frame(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``df`` fit for a CSV export: personal data masked, and no text cell that Excel or
    WPS would run as a formula."""
    out = masked_frame(df)
    for col in _text_columns(out):
        out[col] = out[col].map(safe_cell)
    return out
