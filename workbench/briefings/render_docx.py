"""A briefing as DOCX (python-docx): CJK East-Asian font on every style, charts as images, links."""
from __future__ import annotations

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from ..pii import mask_pii
from .charts import chart_png
from .fonts import DOCX_CJK_FONT
from .formatting import tidy
from .model import Briefing, Table

LATIN_FONT = "Arial"
SHORT_CM = 3.5  # columns up to this wide keep their natural width
STYLES = ("Normal", "Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3", "List Bullet", "Table Grid")


def set_east_asian_font(rpr_owner, name: str = DOCX_CJK_FONT) -> None:
    """Set ``w:rFonts w:eastAsia`` (what Word uses for Chinese) on a style's or run's properties."""
    rpr = rpr_owner.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    rfonts.set(qn("w:eastAsia"), name)
    rfonts.set(qn("w:ascii"), LATIN_FONT)
    rfonts.set(qn("w:hAnsi"), LATIN_FONT)


def _styles(doc) -> None:
    for name in STYLES:
        try:
            style = doc.styles[name]
        except KeyError:
            continue
        style.font.name = LATIN_FONT
        set_east_asian_font(style.element)
    doc.styles["Normal"].font.size = Pt(10.5)


def _hyperlink(paragraph, text: str, url: str) -> None:
    r_id = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), r_id)
    run = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    color = OxmlElement("w:color")
    color.set(qn("w:val"), "1F5FBF")
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    rpr.append(color)
    rpr.append(underline)
    run.append(rpr)
    t = OxmlElement("w:t")
    t.text = text
    t.set(qn("xml:space"), "preserve")
    run.append(t)
    link.append(run)
    paragraph._p.append(link)


def _table(doc, t: Table) -> None:
    table = doc.add_table(rows=1, cols=len(t.columns))
    table.style = doc.styles["Table Grid"]
    for cell, name in zip(table.rows[0].cells, t.columns):
        cell.text = ""
        run = cell.paragraphs[0].add_run(str(name))
        run.bold = True
    for i, row in enumerate(t.rows):
        cells = table.add_row().cells
        for col, cell, value in zip(t.columns, cells, row):
            cell.text = ""
            urls = t.links.get(col)
            url = urls[i] if urls and i < len(urls) else None
            if url and str(url).startswith(("http://", "https://")):
                _hyperlink(cell.paragraphs[0], mask_pii(str(value)), mask_pii(str(url)))
            else:
                cell.paragraphs[0].add_run(tidy(mask_pii(str(value if value is not None else ""))))
    widths = _column_widths(t)
    table.autofit = False
    for column, width in zip(table.columns, widths):
        column.width = width  # the grid LibreOffice lays out by; Word reads the cells' widths
    for row in table.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = width
            for p in cell.paragraphs:
                for run in p.runs:
                    run.font.size = Pt(9)
    doc.add_paragraph()


def _column_widths(t: Table, total_cm: float = 16.6) -> list:
    """Column widths from what each column holds: a short column (dates, counts, labels) gets its
    natural width so it never breaks mid-number, long text columns share the rest by length."""
    def natural(text: object) -> float:  # 9 pt: a half-width character ≈ 0.17 cm, plus cell padding
        return 0.45 + 0.17 * sum(2 if ord(c) > 0x2E80 else 1 for c in str(text))

    wanted = [max([natural(name)] + [natural(r[i]) for r in t.rows if i < len(r)]) for i, name in enumerate(t.columns)]
    short = [w <= SHORT_CM for w in wanted]
    fixed = sum(w for w, s in zip(wanted, short) if s)
    long_total = sum(w for w, s in zip(wanted, short) if not s)
    if fixed > total_cm or (long_total and total_cm - fixed < SHORT_CM * short.count(False)):
        return [Cm(total_cm * w / sum(wanted)) for w in wanted]  # too much to fit: scale everything
    if not long_total:
        return [Cm(w * total_cm / fixed) for w in wanted]
    # each long column gets SHORT_CM, the rest goes by how much more each one wants
    spare = total_cm - fixed - SHORT_CM * short.count(False)
    extra = long_total - SHORT_CM * short.count(False)
    return [Cm(w if s else SHORT_CM + spare * (w - SHORT_CM) / extra) for w, s in zip(wanted, short)]


def to_docx(b: Briefing) -> bytes:
    """DOCX bytes of ``b``."""
    doc = Document()
    _styles(doc)
    section = doc.sections[0]
    section.left_margin = section.right_margin = Cm(2.2)
    header = section.header.paragraphs[0]
    header.text = "内部资料 · 注意保密"
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT

    title = doc.add_paragraph(mask_pii(b.title), style="Title")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    sub = doc.add_paragraph(mask_pii(b.subtitle), style="Subtitle")
    sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
    stamp = doc.add_paragraph(f"生成时间：{b.generated_at:%Y-%m-%d %H:%M}")
    stamp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    stamp.runs[0].font.color.rgb = RGBColor(0x66, 0x66, 0x66)

    for i, s in enumerate(b.sections):
        doc.add_heading(mask_pii(s.title), level=1)
        for p in s.paragraphs:
            doc.add_paragraph(tidy(mask_pii(p)))
        if i == 0 and b.figures:  # the headline numbers follow the 核心摘要
            doc.add_paragraph("核心数据").runs[0].bold = True
            _table(doc, b.figures_table())
        for item in s.bullets:
            doc.add_paragraph(tidy(mask_pii(item)), style="List Bullet")
        for t in s.tables:
            _table(doc, t)
        for chart in s.charts:
            doc.add_picture(io.BytesIO(chart_png(chart)), width=Cm(16))
            cap = doc.add_paragraph(f"图：{mask_pii(chart.title)}")
            cap.alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph("本报告由职场舆情处置工作台生成；帖子内容已脱敏，仅供内部研判使用。").runs[0].font.size = Pt(9)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
