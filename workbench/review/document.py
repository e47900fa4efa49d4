"""One document, two renderings: a review or a training case as Markdown and as DOCX.

A ``Doc`` is a title and a list of blocks (headings, paragraphs, bullet lists, tables). Every text
passes through ``safe_text`` on the way out — personal data masked, and in Markdown
made inert (``plaintext.inert``) so an untrusted text cannot become markup in a viewer — so a caller
cannot forget it.
"""
from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Sequence

from ..pii import mask_pii
from ..plaintext import inert


def safe_text(text) -> str:
    """Masked text (phones, ID and card numbers, e-mails), '' for none."""
    return "" if text is None else mask_pii(str(text))


def _md(text) -> str:
    """A multi-line text as inert Markdown, one paragraph per line (see ``plaintext.inert``)."""
    return "\n\n".join(inert(line) for line in safe_text(text).splitlines() if line.strip())


def _md_cell(text) -> str:
    """One line of inert Markdown: masked, shown exactly as written (table cells, headings, bullets)."""
    return inert(safe_text(text))


@dataclass
class Doc:
    """A document under construction: ``doc.heading(…)``, ``doc.paragraph(…)``, ``doc.bullets(…)``, ``doc.table(…)``."""

    title: str
    blocks: list[tuple] = field(default_factory=list)

    def heading(self, text: str, level: int = 2) -> "Doc":
        self.blocks.append(("heading", level, text))
        return self

    def paragraph(self, text, *, note: bool = False) -> "Doc":
        self.blocks.append(("note" if note else "paragraph", text))
        return self

    def bullets(self, items: Sequence) -> "Doc":
        self.blocks.append(("bullets", list(items)))
        return self

    def table(self, headers: Sequence[str], rows: Sequence[Sequence]) -> "Doc":
        self.blocks.append(("table", list(headers), [list(r) for r in rows]))
        return self


def markdown(doc: Doc) -> str:
    """The document as Markdown (masked, HTML-inert)."""
    out = [f"# {_md_cell(doc.title)}", ""]
    for block in doc.blocks:
        kind = block[0]
        if kind == "heading":
            out += [f"{'#' * block[1]} {_md_cell(block[2])}", ""]
        elif kind == "paragraph":
            out += [_md(block[1]), ""]
        elif kind == "note":
            out += [f"> {_md_cell(block[1])}", ""]
        elif kind == "bullets":
            out += [f"- {_md_cell(item)}" for item in block[1]] + [""]
        elif kind == "table":
            headers, rows = block[1], block[2]
            out += ["| " + " | ".join(_md_cell(h) for h in headers) + " |", "|" + "---|" * len(headers)]
            out += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in rows]
            out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def docx_bytes(doc: Doc) -> bytes:
    """The document as a Word file (masked; Chinese in the CJK font the 日报 / 专报 use)."""
    from docx import Document
    from docx.shared import Pt

    from ..briefings.fonts import DOCX_CJK_FONT
    from ..briefings.render_docx import set_east_asian_font

    word = Document()
    for name in ("Normal", "Title", "Heading 1", "Heading 2", "Heading 3", "List Bullet", "Quote"):
        try:
            set_east_asian_font(word.styles[name].element, DOCX_CJK_FONT)
        except KeyError:
            continue
    word.styles["Normal"].font.size = Pt(10.5)
    word.add_heading(safe_text(doc.title), level=0)
    for block in doc.blocks:
        kind = block[0]
        if kind == "heading":
            word.add_heading(safe_text(block[2]), level=min(block[1] - 1, 3) or 1)
        elif kind in ("paragraph", "note"):
            for line in safe_text(block[1]).splitlines() or [""]:
                p = word.add_paragraph(line)
                if kind == "note":
                    p.runs[0].italic = True if p.runs else None
        elif kind == "bullets":
            for item in block[1]:
                word.add_paragraph(safe_text(item), style="List Bullet")
        elif kind == "table":
            headers, rows = block[1], block[2]
            table = word.add_table(rows=1, cols=len(headers))
            table.style = "Table Grid"
            for cell, text in zip(table.rows[0].cells, headers):
                cell.text = safe_text(text)
                for run in cell.paragraphs[0].runs:
                    run.bold = True
            for row in rows:
                for cell, text in zip(table.add_row().cells, row):
                    cell.text = safe_text(text)
    buf = io.BytesIO()
    word.save(buf)
    return buf.getvalue()
