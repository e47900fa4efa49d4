"""日报 and 专报 as leadership sees them: built from the demo store, written as DOCX, rendered by
LibreOffice (headless) to PDF and by pdftoppm to PNG pages a person can look at. Prints the
timings, what the PDF text shows (sections in order, 核心摘要 length, no 「。。」, no 「负责人：未指定」
when an owner is set), the fonts the PDF embeds, and the PNG paths. Not a test.

Needs Debian's ``libreoffice-writer`` (soffice) and ``poppler-utils`` (pdftoppm, pdftotext,
pdffonts), and a CJK font LibreOffice can use (``fonts-noto-cjk``); it installs nothing:

    apt-get install libreoffice-writer poppler-utils fonts-noto-cjk
    .venv/bin/python benchmarks/briefing_render.py [--out DIR] [--anchor YYYY-MM-DD] [--dpi 70]
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path

from workbench import db
from workbench.briefings import documents
from workbench.demo import load_demo

TOOLS = ("soffice", "pdftoppm", "pdftotext", "pdffonts")
SECTIONS = {"日报": ("核心摘要", "舆情概况与传播", "舆论焦点与各方观点", "风险研判", "处置进展", "建议与下一步工作"),
            "专报": ("核心摘要", "事件概况与传播", "舆论焦点与各方观点", "风险研判", "处置进展", "建议")}


def _run(cmd: list[str]) -> str:
    return subprocess.run(cmd, check=True, capture_output=True, text=True, timeout=300).stdout


def _render(docx: Path, out: Path, dpi: int) -> tuple[list[Path], float]:
    """DOCX → PDF (LibreOffice, a private profile so a running office is not disturbed) → PNG pages."""
    started = time.perf_counter()
    profile = (out / "lo_profile").resolve().as_uri()
    _run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
          "--outdir", str(out), str(docx)])
    pdf = docx.with_suffix(".pdf")
    _run(["pdftoppm", "-png", "-r", str(dpi), str(pdf), str(out / docx.stem)])
    return sorted(out.glob(f"{docx.stem}-*.png")), time.perf_counter() - started


def _report(name: str, pdf: Path, briefing) -> None:
    text = _run(["pdftotext", "-layout", str(pdf), "-"])
    positions = [text.find(s) for s in SECTIONS[name]]
    in_order = all(p >= 0 for p in positions) and positions == sorted(positions)
    summary = briefing.sections[0].paragraphs[0]
    print(f"  {name}: sections in 专报 order: {'yes' if in_order else 'NO'} {positions}; "
          f"核心摘要 {len(summary)} 字; 「。。」 {text.count('。。')}; 「负责人：未指定」 {text.count('负责人：未指定')}")
    fonts = [line.split()[0] for line in _run(["pdffonts", str(pdf)]).splitlines()[2:] if line.strip()]
    print(f"  {name}: embedded fonts: {', '.join(sorted(set(fonts)))}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="/tmp/briefing_render", help="folder for the store, DOCX, PDF and PNG files")
    parser.add_argument("--anchor", default="2026-11-20", help="the demo's last day (the 日报 is of this day)")
    parser.add_argument("--dpi", type=int, default=70)
    args = parser.parse_args()
    missing = [t for t in TOOLS if shutil.which(t) is None]
    if missing:
        print(f"缺少 {'、'.join(missing)}：apt-get install libreoffice-writer poppler-utils", file=sys.stderr)
        return 2
    out = Path(args.out)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    con = db.connect(out / "demo.duckdb")
    started = time.perf_counter()
    load_demo(con, anchor=args.anchor)
    print(f"demo store: {time.perf_counter() - started:.1f} s")
    gravest = con.execute("SELECT id FROM incidents WHERE merged_into IS NULL AND status NOT IN ('已关闭', '已复盘')"
                          " ORDER BY array_position(['Ⅰ', 'Ⅱ', 'Ⅲ', 'Ⅳ'], level) NULLS LAST, id LIMIT 1").fetchone()[0]
    targets = {"日报": {"day": args.anchor}, "专报": {"incident_id": gravest}}
    pngs: list[Path] = []
    for name, target in targets.items():
        started = time.perf_counter()
        briefing = documents.build(con, **target)
        built = time.perf_counter() - started
        started = time.perf_counter()
        docx = out / f"{briefing.file_stem()}.docx"
        docx.write_bytes(documents.render(briefing, "docx"))
        md = out / f"{briefing.file_stem()}.md"
        md.write_bytes(documents.render(briefing, "md", image_dir=out / f"{briefing.file_stem()}_图表"))
        written = time.perf_counter() - started
        pages, seconds = _render(docx, out, args.dpi)
        print(f"{name} ({target}): build {built:.2f} s, DOCX + Markdown {written:.2f} s, "
              f"LibreOffice → PDF → PNG {seconds:.1f} s, {len(pages)} pages")
        _report(name, docx.with_suffix(".pdf"), briefing)
        pngs += pages
    db.close_all()
    print("PNG pages:")
    for p in pngs:
        print(f"  {p}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
