"""Tables and plotly figures that show how heat, severity and level came about (影响评估 page, notebooks)."""
from __future__ import annotations

import json
from typing import Any, Mapping

import pandas as pd
import plotly.graph_objects as go

from .. import vocab
from ..chart_dates import chinese_dates


def parts_frame(explanation: Mapping[str, Any] | str | None, which: str) -> pd.DataFrame:
    """The parts of 'heat' or 'severity' from a score explanation: 组成, 得分, 依据."""
    if isinstance(explanation, str):
        explanation = json.loads(explanation)
    parts = ((explanation or {}).get(which) or {}).get("parts") or []
    return pd.DataFrame(
        [{"组成": p["name"], "得分": p["points"], "依据": p["detail"]} for p in parts],
        columns=["组成", "得分", "依据"],
    )


def parts_scale(frame: pd.DataFrame) -> float:
    """The full length of a part's bar: the largest part (at least 1), so the part that carries the total reads longest."""
    return float(max(1.0, frame["得分"].max())) if len(frame) else 1.0


def history_figure(history: pd.DataFrame) -> go.Figure:
    """Hourly heat and severity lines, with each hour's computed level as colored markers."""
    fig = go.Figure()
    if len(history):
        at = pd.to_datetime(history["at"])
        fig.add_trace(go.Scatter(x=at, y=history["heat"], name="热度", mode="lines"))
        fig.add_trace(go.Scatter(x=at, y=history["severity"], name="严重度", mode="lines"))
        fig.add_trace(go.Scatter(
            x=at, y=[102] * len(history), name="计算级别", mode="markers",
            marker=dict(color=[vocab.LEVEL_HEX.get(lv, "#999") for lv in history["level"]], symbol="square", size=7),
            text=[vocab.LEVEL_NAMES.get(lv, "") for lv in history["level"]], hovertemplate="%{x}<br>%{text}",
        ))
    fig.update_layout(height=320, margin=dict(l=10, r=10, t=30, b=10), yaxis=dict(range=[0, 105], title="分"),
                      legend=dict(orientation="h"), title="逐小时热度与严重度")
    return chinese_dates(fig)
