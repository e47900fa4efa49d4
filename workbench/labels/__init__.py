"""Label review (分类复核): the uncertainty-ordered queue, human corrections, bulk accept.

A correction is a row in ``label_reviews``; the view ``post_labels`` makes the latest review
of a field win over the model everywhere. Every write here is audited with the reviewer.
"""
from __future__ import annotations

from .corrections import FIELD_NAMES, FIELD_VALUES, LabelChange, LabelError, accept, set_label, set_labels, validate_label
from .editor import EDITABLE_COLUMNS, apply_editor_changes, editor_changes
from .reveal import REVEALED_NAMES, reveal_original
from .queue import explain, label_history, queue_params, review_queue, review_queue_sources
from .tables import editor_view, explanation_caption, explanation_table, history_view, metrics_side_by_side, versions_view

__all__ = [
    "EDITABLE_COLUMNS",
    "FIELD_NAMES",
    "FIELD_VALUES",
    "LabelChange",
    "LabelError",
    "REVEALED_NAMES",
    "accept",
    "apply_editor_changes",
    "editor_changes",
    "editor_view",
    "explain",
    "explanation_caption",
    "explanation_table",
    "history_view",
    "label_history",
    "metrics_side_by_side",
    "queue_params",
    "review_queue",
    "review_queue_sources",
    "reveal_original",
    "set_label",
    "set_labels",
    "validate_label",
    "versions_view",
]
