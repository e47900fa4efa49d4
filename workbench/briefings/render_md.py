"""A briefing as Markdown; charts as PNG files beside it, or as small data tables."""
from __future__ import annotations

from pathlib import Path

from ..pii import mask_pii
from ..plaintext import inert
from .charts import chart_png
from .formatting import tidy
from .model import Briefing, Chart, Table


def _cell(text: object) -> str:
    """Table-safe, inert text: one line, masked, no markup, no doubled sentence ends."""
    return inert("" if text is None else tidy(str(text)))


def _link(text: str, url: str | None) -> str:
    """Our link text to a post's address (masked: query strings carry phones and e-mails too)."""
    url = mask_pii(url) if url else url
    if url and url.startswith(("http://", "https://")) and not any(c in url for c in " ()<>[]\\`"):
        return f"[{text}]({url})"
    return text


def _table(t: Table) -> list[str]:
    out = ["| " + " | ".join(_cell(c) for c in t.columns) + " |", "|" + "---|" * len(t.columns)]
    for i, row in enumerate(t.rows):
        cells = []
        for col, value in zip(t.columns, row):
            text = _cell(value)
            urls = t.links.get(col)
            cells.append(_link(text, urls[i]) if urls and i < len(urls) else text)
        out.append("| " + " | ".join(cells) + " |")
    return out


def _chart(chart: Chart, index: int, image_dir: Path | None, prefix: str) -> list[str]:
    if image_dir is not None:
        image_dir.mkdir(parents=True, exist_ok=True)
        name = f"{prefix}chart{index}.png"
        (image_dir / name).write_bytes(chart_png(chart))
        return [f"![{_cell(chart.title)}]({image_dir.name}/{name})", ""]
    table = Table(["时间/项目", *chart.series.keys()], [[x, *(f"{s[i]:g}" for s in chart.series.values())] for i, x in enumerate(chart.x)])
    return [f"**图：{_cell(chart.title)}**", "", *_table(table), ""]


def to_markdown(b: Briefing, *, image_dir: Path | None = None, image_prefix: str = "") -> str:
    """Markdown text of ``b``. With ``image_dir``, charts are written there as PNG and linked."""
    lines = [f"# {_cell(b.title)}", "", f"**{_cell(b.subtitle)}**", "", f"生成时间：{b.generated_at:%Y-%m-%d %H:%M}", ""]
    n = 0
    for i, section in enumerate(b.sections):
        lines += [f"## {_cell(section.title)}", ""]
        for p in section.paragraphs:
            lines += [_cell(p), ""]
        if i == 0 and b.figures:  # the headline numbers follow the 核心摘要
            lines += ["**核心数据**", "", *_table(b.figures_table()), ""]
        if section.bullets:
            lines += [f"- {_cell(x)}" for x in section.bullets] + [""]
        for t in section.tables:
            lines += _table(t) + [""]
        for chart in section.charts:
            n += 1
            lines += _chart(chart, n, image_dir, image_prefix)
    lines += ["---", "", "本报告由职场舆情处置工作台生成；帖子内容已脱敏，仅供内部研判使用。", ""]
    return "\n".join(lines)
