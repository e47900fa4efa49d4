"""Briefing charts as PNG images (matplotlib, headless, with the CJK font from ``fonts``).

x labels are Chinese dates (see ``formatting.cn_date``); ``draw`` keeps only as many of them as
fit side by side, so no two labels overlap whatever the number of points.
"""
from __future__ import annotations

import io

from .fonts import matplotlib_family
from .model import Chart

COLORS = ["#1f77b4", "#d62728", "#ff7f0e", "#2ca02c", "#9467bd"]


def _boxes_overlap(boxes) -> bool:
    boxes = sorted(boxes, key=lambda b: b.x0)
    return any(a.x1 + 4 > b.x0 for a, b in zip(boxes, boxes[1:]))  # 4 px of air between labels


def label_boxes(fig, ax) -> list:
    """Window extents of the visible x tick labels (after a draw)."""
    renderer = fig.canvas.get_renderer()
    return [t.get_window_extent(renderer) for t in ax.get_xticklabels() if t.get_visible() and t.get_text()]


def draw(chart: Chart, *, width: float = 7.0, height: float = 3.0, dpi: int = 120):
    """The matplotlib Figure of ``chart`` (its x labels thinned until none overlap)."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure as MplFigure

    family = matplotlib_family()
    rc = {"font.family": [family, "sans-serif"] if family else ["sans-serif"], "axes.unicode_minus": False}
    with matplotlib.rc_context(rc):
        fig = MplFigure(figsize=(width, height), dpi=dpi)
        FigureCanvasAgg(fig)
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
        ax.set_title(chart.title, fontsize=11)
        if chart.ylabel:
            ax.set_ylabel(chart.ylabel, fontsize=9)
        ax.grid(axis="y", alpha=0.3)
        ax.spines[["top", "right"]].set_visible(False)
        if len(chart.series) > 1:
            ax.legend(fontsize=8, frameon=False)
        step = max(1, -(-len(xs) // 12))
        while True:
            ax.set_xticks(xs[::step])
            ax.set_xticklabels(chart.x[::step], fontsize=8, rotation=30, ha="right", rotation_mode="anchor")
            fig.tight_layout()
            fig.canvas.draw()
            if step >= len(xs) or not _boxes_overlap(label_boxes(fig, ax)):
                break
            step += 1
    return fig


def chart_png(chart: Chart, **size) -> bytes:
    """Draw ``chart`` and return PNG bytes."""
    fig = draw(chart, **size)
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return buf.getvalue()
