"""Turning ``st.data_editor`` edits of the review queue into label corrections."""
from __future__ import annotations

from typing import Any

import duckdb
import pandas as pd

from .corrections import FIELD_VALUES, LabelChange, set_labels

EDITABLE_COLUMNS = tuple(FIELD_VALUES)  # sentiment, category, emotion, risk_level


def _norm(value: Any) -> str | None:
    if value is None or (not isinstance(value, (list, tuple)) and pd.isna(value)):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def editor_changes(before: pd.DataFrame, after: pd.DataFrame, key: str = "post_id") -> list[LabelChange]:
    """The label cells that differ between the table shown and the table edited (pure).

    Rows are matched on ``key``; only the label columns count, so edits elsewhere (which the
    page disables anyway) are ignored.
    """
    fields = [f for f in EDITABLE_COLUMNS if f in before.columns and f in after.columns]
    old = before.set_index(key)[fields]
    new = after.set_index(key)[fields]
    changes: list[LabelChange] = []
    for post_id in new.index.intersection(old.index):
        for field in fields:
            was, now = _norm(old.at[post_id, field]), _norm(new.at[post_id, field])
            if was != now:
                changes.append(LabelChange(int(post_id), field, now, was))
    return changes


def apply_editor_changes(
    con: duckdb.DuckDBPyConnection, before: pd.DataFrame, after: pd.DataFrame, reviewer: str
) -> list[LabelChange]:
    """Write the edits as reviews (all or nothing; LabelError on a bad value); returns them."""
    changes = editor_changes(before, after)
    if changes:
        set_labels(con, changes, reviewer)
    return changes
