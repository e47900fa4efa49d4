"""Briefing charts as PNG images (matplotlib, headless, with the CJK font from ``fonts``)."""
from __future__ import annotations

import io

from .fonts import matplotlib_family
from .model import Chart

COLORS = ["#1f77b4", "#d62728", "#ff7f0e", "#2ca02c", "#9467bd"]


def chart_png(chart: Chart, *, width: float = 7.0, height: float = 3.0, dpi: int = 120) -> bytes:
    """Draw ``chart`` and return PNG bytes."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure as MplFigure

    family = matplotlib_family()
    rc = {"font.family": [family, "sans-serif"] if family else ["sans-serif"], "axes.unicode_minus": False}
    with matplotlib.rc_context(rc):
        fig = MplFigure(figsize=(width, height), dpi=dpi)
        ax = fig.subplots()
        xs = list(range(len(chart.x)))
        n = max(1, len(chart.series))
        for i, (name, values) in enumerate(chart.series.items()):
            color = COLORS[i % len(COLORS)]
            if chart.kind == "bar":
                w = 0.8 / n
                ax.bar([x + (i - (n - 1) / 2) * w for x in xs], values, width=w, label=name, color=color)
            else:
                ax.plot(xs, values, label=name, color=color, linewidth=1.8, marker="o" if len(xs) <= 24 else None, markersize=3)
        step = max(1, len(xs) // 12)
        ax.set_xticks(xs[::step])
        ax.set_xticklabels(chart.x[::step], fontsize=8, rotation=30 if chart.kind == "bar" else 0)
        ax.set_title(chart.title, fontsize=11)
        if chart.ylabel:
            ax.set_ylabel(chart.ylabel, fontsize=9)
        ax.grid(axis="y", alpha=0.3)
        ax.spines[["top", "right"]].set_visible(False)
        if len(chart.series) > 1:
            ax.legend(fontsize=8, frameon=False)
        fig.tight_layout()
        buf = io.BytesIO()
        fig.savefig(buf, format="png")
    return buf.getvalue()
