"""Plotly figures of the tracking page: volume and negative share by hour, statements marked."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..chart_dates import chinese_dates
from ..response.clock import fmt


def tracking_figure(hourly: pd.DataFrame, published: pd.DataFrame) -> go.Figure:
    """Bars of hourly volume, a line of negative share (right axis), a dashed line per statement."""
    fig = make_subplots(specs=[[{"secondary_y": True}]])
    fig.add_trace(go.Bar(x=hourly["hour"], y=hourly["volume"], name="声量（条/小时）", marker_color="#9ecae1"))
    fig.add_trace(
        go.Scatter(x=hourly["hour"], y=hourly["negative_share"], name="负面占比", mode="lines+markers",
                   line={"color": "#d62728"}),
        secondary_y=True,
    )
    # shapes + annotations rather than add_vline: add_vline's annotation fails on datetime axes
    for s in published.itertuples():
        t = pd.Timestamp(s.published_at).tz_convert("Asia/Shanghai")
        fig.add_shape(type="line", x0=t, x1=t, y0=0, y1=1, yref="paper", line={"dash": "dash", "color": "#2ca02c"})
        fig.add_annotation(x=t, y=1, yref="paper", text=f"声明#{int(s.id)} {str(s.channel).replace('<', '‹')}<br>{fmt(t, '%m-%d %H:%M')}",
                           showarrow=False, xanchor="left", yanchor="top", font={"size": 11, "color": "#2ca02c"})
    fig.update_yaxes(title_text="声量", secondary_y=False)
    fig.update_yaxes(title_text="负面占比", tickformat=".0%", range=[0, 1.05], secondary_y=True)
    fig.update_layout(height=420, legend={"orientation": "h", "y": -0.15}, margin={"t": 30, "b": 10},
                      xaxis_title="时间（北京时间）")
    return chinese_dates(fig)


def reputation_figure(daily: pd.DataFrame, marks: dict[str, object], repairs: pd.DataFrame | None = None) -> go.Figure:
    """The daily reputation index (0..100, 50 = balanced) with dashed lines at ``marks`` {label: time}
    and a green diamond at each repair action (``reputation.repair_effects`` rows) on its date."""
    fig = go.Figure(go.Scatter(x=daily["day"], y=daily["index"], mode="lines+markers", name="形象指数",
                               line={"color": "#1f77b4"}, connectgaps=False))
    fig.add_hline(y=50, line={"dash": "dot", "color": "#999"})
    for label, at in marks.items():
        if at is None or pd.isna(at):
            continue
        t = pd.Timestamp(at).tz_convert("Asia/Shanghai").tz_localize(None)
        fig.add_shape(type="line", x0=t, x1=t, y0=0, y1=1, yref="paper", line={"dash": "dash", "color": "#d62728"})
        fig.add_annotation(x=t, y=1, yref="paper", text=label, showarrow=False, xanchor="left", yanchor="top")
    if repairs is not None and len(repairs):
        at = [pd.Timestamp(t).tz_convert("Asia/Shanghai").tz_localize(None) for t in repairs["effective_at"]]
        fig.add_trace(go.Scatter(
            x=at, y=[8] * len(at), mode="markers", name="修复行动", marker={"symbol": "diamond", "size": 11, "color": "#2ca02c"},
            text=[f"{str(t).replace('<', '‹')}（{k}）" for t, k in zip(repairs["title"], repairs["kind"])],
            hovertemplate="%{x}<br>%{text}<extra></extra>",
        ))
    fig.update_yaxes(title_text="形象指数", range=[0, 100])
    fig.update_layout(height=320, margin={"t": 30, "b": 10}, xaxis_title="日期", legend={"orientation": "h", "y": -0.2})
    return chinese_dates(fig, hover="%Y年%m月%d日")
