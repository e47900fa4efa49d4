"""Inputs with limits: what is too big, too deep or deceptive is refused clearly, never lost silently."""
from __future__ import annotations

import io
import time
import zipfile

import pytest
from openpyxl import Workbook

from cli_runs import counts, ingest, rows
from workbench.ingest import reading
from workbench.ingest.errors import UnreadableFile
from workbench.ingest.reading import open_table, open_tables


def test_a_csv_row_over_the_size_limit_is_rejected_with_its_row_number(tmp_path, db_path):
    huge = "欠薪" * (reading.MAX_ROW_CHARS // 2 + 10)
    for size in (len(huge), 20 * 1024 * 1024):  # below and above Arrow's block: both paths
        body = huge if size == len(huge) else "a" * size
        path = tmp_path / f"big{size}.csv"
        path.write_text("id,正文,发布时间\n1,第一条说公司欠薪,2024-05-01 12:00\n"
                        f"2,{body},2024-05-01 12:01\n3,第三条说公司裁员,2024-05-01 12:02\n", encoding="utf-8")
        (report,) = ingest(db_path, path)
        assert counts(report)[0] == 3 and report["rejected"] == 1
        assert report["errors"][0]["row"] == 2 and "超过" in report["errors"][0]["reason"]
    assert sorted(rows(db_path, "SELECT external_id FROM posts")) == [("1",), ("3",)]


def _utf8_straddling_the_sample(tmp_path):
    """A valid UTF-8 CSV over 1 MiB whose sample boundary (and 4 bytes before it) fall inside a character."""
    header = "id,正文\n"
    line = "1,工资拖欠" + "长" * 60 + "\n"
    pad = ""
    while True:
        head = (header + pad).encode()
        body = head + line.encode() * (reading.SAMPLE_BYTES // len(line.encode()) + 20)
        offset = [i for i in range(len(body)) if (body[i] & 0xC0) != 0x80]
        starts = set(offset)
        if reading.SAMPLE_BYTES not in starts and reading.SAMPLE_BYTES - 4 not in starts:
            break
        pad += " "
    path = tmp_path / "utf8.csv"
    path.write_bytes(body)
    return path


def test_valid_utf8_over_one_mib_is_read_as_utf8(tmp_path):
    path = _utf8_straddling_the_sample(tmp_path)
    table = open_table(path)
    assert table.encoding == "utf-8"
    first = next(table.chunks())
    assert first.iloc[0, 1].startswith("工资拖欠长")


def _xlsx_bomb(path, sheet_bytes: int):
    """A workbook whose sheet XML inflates to ``sheet_bytes`` (highly compressible rows)."""
    buf = io.BytesIO()
    Workbook().save(buf)
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    row = b'<row><c t="inlineStr"><is><t>' + b"x" * 1000 + b"</t></is></c></row>"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            if item.filename == "xl/worksheets/sheet1.xml":
                with out.open(item.filename, "w", force_zip64=True) as fh:
                    fh.write(b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
                             b'spreadsheetml/2006/main"><sheetData>')
                    block = row * 1000
                    for _ in range(sheet_bytes // len(block)):
                        fh.write(block)
                    fh.write(b"</sheetData></worksheet>")
            else:
                out.writestr(item, src.read(item))
    return path


def test_xlsx_zip_bomb_is_refused_before_parsing(tmp_path, db_path):
    path = _xlsx_bomb(tmp_path / "bomb.xlsx", reading.MAX_XLSX_UNCOMPRESSED + (64 << 20))
    assert path.stat().st_size < 8 << 20
    started = time.monotonic()
    with pytest.raises(UnreadableFile) as err:
        open_tables(path)
    assert "解压后" in str(err.value) and "bomb.xlsx" in str(err.value)
    assert time.monotonic() - started < 5  # refused from the zip directory, nothing inflated
    assert ingest(db_path, path, expect=2) == []


def test_xlsx_declaring_more_rows_than_excel_allows_is_refused(tmp_path):
    buf = io.BytesIO()
    Workbook().save(buf)
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    path = tmp_path / "rows.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = (b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
                        b'2006/main"><dimension ref="A1:B9000000"/><sheetData><row r="1"><c t="inlineStr"><is><t>'
                        b'\xe6\xad\xa3\xe6\x96\x87</t></is></c></row></sheetData></worksheet>')
            out.writestr(item, data)
    with pytest.raises(UnreadableFile) as err:
        open_tables(path)
    assert "行数" in str(err.value)


def test_json_nested_too_deep_is_a_clear_error_not_a_recursion_error(tmp_path, db_path):
    path = tmp_path / "deep.json"
    path.write_text("[" * 10_000 + "]" * 10_000, encoding="utf-8")
    with pytest.raises(UnreadableFile) as err:
        open_tables(path)
    assert "嵌套" in str(err.value)
    lines = tmp_path / "deep.jsonl"
    lines.write_text('{"正文": "公司欠薪", "id": "1"}\n' + '{"a": ' * 5000 + "1" + "}" * 5000 + "\n"
                     + '{"正文": "公司裁员", "id": "3"}\n', encoding="utf-8")
    (report,) = ingest(db_path, lines)
    assert counts(report) == (3, 2, 0, 1)
    assert report["errors"][0]["row"] == 2 and "嵌套" in report["errors"][0]["reason"]


def test_bidi_controls_are_stripped_from_authors_and_titles(tmp_path, db_path):
    path = tmp_path / "bidi.csv"
    path.write_text("id,作者,标题,正文\n1,\u202e三张\u202c,\u2066通知\u2069\u200f,公司拖欠工资\n", encoding="utf-8")
    (report,) = ingest(db_path, path)
    assert report["inserted"] == 1
    assert rows(db_path, "SELECT author, title FROM posts") == [("三张", "通知")]
