"""A briefing as plain data: figures, sections with paragraphs, tables, bullet lists and charts.

Builders (``daily``, ``incident``) fill it from the store; renderers (``render_md``,
``render_docx``) only lay it out, so the two formats always say the same thing.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass
class Figure:
    """A headline number with what it means."""

    label: str
    value: str
    note: str = ""


@dataclass
class Table:
    """Rows of already formatted cells; ``links`` maps a column to a column of URLs."""

    columns: list[str]
    rows: list[list[str]]
    links: dict[str, list[str | None]] = field(default_factory=dict)


@dataclass
class Chart:
    """A small chart: x labels and one or more named series (drawn as lines or bars)."""

    title: str
    x: list[str]
    series: dict[str, list[float]]
    kind: str = "line"          # line | bar
    ylabel: str = ""


@dataclass
class Section:
    """One numbered part of a briefing."""

    title: str
    paragraphs: list[str] = field(default_factory=list)
    bullets: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)


@dataclass
class Briefing:
    """舆情日报 (kind 'daily') or 舆情专报 (kind 'incident')."""

    kind: str
    title: str
    subtitle: str
    generated_at: datetime
    figures: list[Figure] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)

    def figures_table(self) -> Table:
        """The headline numbers as a table (指标, 数值, 说明), shown right after the 核心摘要."""
        return Table(["指标", "数值", "说明"], [[f.label, f.value, f.note] for f in self.figures])

    def file_stem(self) -> str:
        """A file name without extension, e.g. 舆情日报_2026-11-20."""
        return str(self.meta.get("file_stem") or self.title).replace("/", "_").replace(" ", "_")
