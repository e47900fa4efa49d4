"""Chinese date axes for Plotly figures: Plotly's own date labels are English («Nov 5», «Dec 2026»).

``chinese_dates(fig)`` gives every x axis of a time chart Chinese tick labels at each zoom level
and a Chinese hover time; chart functions with a time axis call it before returning the figure.
"""
from __future__ import annotations

import plotly.graph_objects as go

HOUR_MS, DAY_MS = 3_600_000, 86_400_000
# d3 time formats by tick spacing (Plotly picks the stop whose range holds the current dtick)
DATE_TICKS = [
    {"dtickrange": [None, HOUR_MS], "value": "%H:%M\n%m月%d日"},
    {"dtickrange": [HOUR_MS, DAY_MS], "value": "%H时\n%m月%d日"},
    {"dtickrange": [DAY_MS, "M1"], "value": "%m月%d日"},
    {"dtickrange": ["M1", "M12"], "value": "%Y年%m月"},
    {"dtickrange": ["M12", None], "value": "%Y年"},
]
HOVER = "%Y年%m月%d日 %H:%M"


def chinese_dates(fig: go.Figure, *, hover: str = HOVER) -> go.Figure:
    """``fig`` with date x axes labelled in Chinese (returns the same figure)."""
    fig.update_xaxes(type="date", tickformatstops=DATE_TICKS, hoverformat=hover)
    return fig
