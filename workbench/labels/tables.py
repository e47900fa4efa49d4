"""The tables the review page shows, built from plain data (testable without Streamlit)."""
from __future__ import annotations

from typing import Any, Mapping

import pandas as pd

from .corrections import FIELD_NAMES

SOURCE_NAMES = {"model": "模型", "human": "人工"}

# Queue columns in editor order; label columns are the only editable ones.
EDITOR_COLUMNS = [
    "post_id", "uncertainty", "text_masked", "sentiment", "sentiment_source", "category", "category_source",
    "emotion", "emotion_source", "risk_level", "risk_level_source",
    "category_confidence", "sentiment_score", "platform", "source", "published_at", "reviews",
]


def editor_view(queue: pd.DataFrame) -> pd.DataFrame:
    """The review queue as the editor shows it: label sources in Chinese, columns ordered."""
    view = queue[[c for c in EDITOR_COLUMNS if c in queue.columns]].copy()
    for field in FIELD_NAMES:
        col = f"{field}_source"
        if col in view.columns:
            view[col] = view[col].map(lambda s: SOURCE_NAMES.get(s, s))
    if "risk_level" in view.columns:
        view["risk_level"] = view["risk_level"].astype("Int64")
    return view.reset_index(drop=True)


def _terms(values: Any) -> str:
    return "、".join(str(v) for v in values) if values else "—"


def _risk_evidence(info: Mapping[str, Any]) -> str:
    """The model's risk level with what raised it: lexicon terms first, then the words that
    pushed the severity model towards grave; which of the two set the level."""
    source = info.get("model_risk_source")
    by = f"由{source}判定；" if isinstance(source, str) and source else ""
    return f"{by}依据：{_terms(info.get('risk_terms'))}（1 最严重）"


def explanation_table(info: Mapping[str, Any]) -> pd.DataFrame:
    """One row per label: current value, who set it, the model's value, and what decided it."""

    def score(v: Any, fmt: str) -> str:
        return "—" if v is None or pd.isna(v) else format(float(v), fmt)

    evidence = {
        "sentiment": f"情感得分 {score(info.get('sentiment_score'), '+.2f')}（−1 负面 … +1 正面）",
        "category": f"置信度 {score(info.get('category_confidence'), '.0%')}；依据词：{_terms(info.get('category_terms'))}",
        "emotion": "—",
        "risk_level": _risk_evidence(info),
    }
    rows = []
    for field, name in FIELD_NAMES.items():
        value, model_value = info.get(field), info.get(f"model_{field}")
        rows.append({
            "标签": name,
            "当前值": "—" if value is None or pd.isna(value) else str(value),
            "来源": SOURCE_NAMES.get(info.get(f"{field}_source"), "—"),
            "模型判断": "—" if model_value is None or pd.isna(model_value) else str(model_value),
            "依据": evidence[field],
        })
    return pd.DataFrame(rows)


def explanation_caption(info: Mapping[str, Any]) -> str:
    """Where and when the post appeared: 平台 · 来源 · 作者 · 时间."""
    when = info.get("published_at")
    return " · ".join([
        info.get("platform") or "未知平台",
        info.get("source") or "未知来源",
        info.get("author") or "匿名",
        pd.Timestamp(when).strftime("%Y-%m-%d %H:%M") if when is not None else "时间未知",
    ])


HISTORY_COLUMNS = {"field": "标签", "old_value": "原值", "new_value": "新值", "reviewer": "复核人", "reviewed_at": "时间"}


def history_view(history: pd.DataFrame) -> pd.DataFrame:
    """A post's review history with Chinese headers and label names."""
    view = history.copy()
    view["field"] = view["field"].map(lambda f: FIELD_NAMES.get(f, f))
    return view.rename(columns=HISTORY_COLUMNS)


VERSION_KINDS = {"shipped": "随附模型", "candidate": "候选（复核后重训）", "baseline": "词典基线"}
VERSION_COLUMNS = {
    "version": "版本", "kind": "类型", "active": "启用中", "sentiment_macro_f1": "情感 macro-F1",
    "category_macro_f1": "类别 macro-F1", "emotion_macro_f1": "情绪 macro-F1", "heldout_size": "留出复核条数",
    "created_at": "创建时间", "created_by": "创建人", "activated_at": "启用时间", "activated_by": "启用人",
}


def versions_view(versions: pd.DataFrame) -> pd.DataFrame:
    """Model versions with their headline metrics, Chinese headers, raw JSON columns left out."""
    view = versions[[c for c in VERSION_COLUMNS if c in versions.columns]].copy()
    if "kind" in view.columns:
        view["kind"] = view["kind"].map(lambda k: VERSION_KINDS.get(k, k))
    return view.rename(columns=VERSION_COLUMNS)


METRIC_NAMES = {
    **FIELD_NAMES, "n": "条数",
    "macro_f1": "macro-F1", "accuracy": "准确率", "grave_recall": "严重帖召回率（严重度1–2判为1–2级）",
    "false_grave": "轻微帖误报率（严重度4判为1–2级）",
}


def _flatten(metrics: Mapping[str, Any] | None, prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in (metrics or {}).items():
        name = f"{prefix}{METRIC_NAMES.get(key, key)}"
        if isinstance(value, Mapping):
            out.update(_flatten(value, f"{name} · "))
        else:
            out[name] = value
    return out


def metrics_side_by_side(candidate: Mapping[str, Any] | None, active: Mapping[str, Any] | None) -> pd.DataFrame:
    """Candidate and active model metrics as rows of one table, with the difference."""
    cand, act = _flatten(candidate), _flatten(active)
    names = list(dict.fromkeys([*cand, *act]))
    df = pd.DataFrame({
        "指标": names,
        "候选版本": [cand.get(n) for n in names],
        "当前启用版本": [act.get(n) for n in names],
    })
    numeric = pd.to_numeric(df["候选版本"], errors="coerce") - pd.to_numeric(df["当前启用版本"], errors="coerce")
    df["差值"] = numeric.round(4)
    return df
