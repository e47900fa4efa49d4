"""Reading uploaded files into frames of text cells, whatever their format and encoding.

Formats are recognised from the bytes (XLSX is a zip, JSON starts with ``[`` or ``{``),
not only from the extension; the encoding is detected (BOM, UTF-8, GB18030 ⊃ GBK, then
charset-normalizer). Every cell comes out as ``str`` (``""`` when empty) so that IDs stay
exactly as written; typing happens later in ``values``.
"""
from __future__ import annotations

import codecs
import csv
import io
import json
import re
import sys
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Iterator

import pandas as pd
import pyarrow as pa

from .errors import UnreadableFile
from .sqlite_tables import SQLITE_MAGIC, read_news_items

SAMPLE_BYTES = 1 << 20
CHUNK_ROWS = 100_000
# One post is at most a long article; a bigger row is a broken quote or an attack. Rejected with
# its row number (never dropped silently).
MAX_ROW_CHARS = 1 << 20
# A workbook may inflate to this much XML at most (its zip directory says how much before any
# parsing); a sheet may declare at most Excel's own row limit.
MAX_XLSX_UNCOMPRESSED = 512 << 20
MAX_XLSX_ROWS = 1_048_576
_DELIMITERS = [",", "\t", ";", "|"]
_JSON_LIST_KEYS = ("data", "items", "list", "records", "results", "rows", "posts", "statuses", "notes")


@dataclass
class TableFile:
    """An opened upload: its shape, and its rows in chunks of text cells."""

    name: str
    format: str                      # csv | tsv | xlsx | json | jsonl | sqlite
    columns: list[str]
    encoding: str | None = None
    sheet: str | None = None         # the workbook sheet this table is (XLSX)
    path: str | None = None          # where the file lies (its name for an upload): crawlers' layouts tell
    delimiter: str | None = None
    warnings: list[str] = field(default_factory=list)
    bad_rows: list[dict[str, Any]] = field(default_factory=list)  # rows the reader itself rejected
    _data: bytes | Path | None = None
    _records: list[dict[str, Any]] | None = None
    _rownums: list[int] | None = None  # JSON Lines: the line of each record

    def chunks(self, size: int = CHUNK_ROWS) -> Iterator[pd.DataFrame]:
        """Frames of at most ``size`` rows; index = 1-based record number in the file. Rows over
        ``MAX_ROW_CHARS`` go to ``bad_rows`` instead."""
        for chunk in self._raw_chunks(size):
            yield self._within_row_limit(chunk)

    def _within_row_limit(self, chunk: pd.DataFrame) -> pd.DataFrame:
        if chunk.empty:
            return chunk
        length = sum(chunk[c].astype("str").str.len().to_numpy() for c in chunk.columns)
        over = length > MAX_ROW_CHARS
        if not over.any():
            return chunk
        for row, n in zip(chunk.index[over], length[over]):
            self.bad_rows.append({"row": int(row), "reason": f"该行过长：{int(n):,} 个字符，超过上限 {MAX_ROW_CHARS:,}"})
        return chunk[~over]

    def _raw_chunks(self, size: int) -> Iterator[pd.DataFrame]:
        if self.format in ("csv", "tsv"):
            yield from self._csv_chunks(size)
        elif self.format == "xlsx":
            yield from self._xlsx_chunks(size)
        else:
            records = self._records or []
            for start in range(0, len(records), size):
                part = records[start:start + size]
                frame = pd.DataFrame([[r.get(c, "") for c in self.columns] for r in part], columns=self.columns, dtype="str")
                if self._rownums is not None:
                    frame.index = pd.Index(self._rownums[start:start + size])
                else:
                    frame.index = pd.RangeIndex(start + 1, start + 1 + len(part))
                yield frame

    def estimated_rows(self) -> int:
        """About how many rows the file holds (for a progress bar; exact for JSON)."""
        if self._records is not None:
            return len(self._records)
        size = len(self._data) if isinstance(self._data, bytes) else Path(self._data).stat().st_size
        if self.format == "xlsx":
            return max(1, size // 60)  # compressed XML: a rough guess is all a progress bar needs
        if isinstance(self._data, bytes):
            head = self._data[:SAMPLE_BYTES]
        else:
            with Path(self._data).open("rb") as fh:
                head = fh.read(SAMPLE_BYTES)
        lines = max(1, head.count(b"\n"))
        return max(1, int(size / (len(head) / lines)) - 1)

    def preview(self, rows: int = 20) -> pd.DataFrame:
        """The first rows (for the mapping screen)."""
        for chunk in self.chunks(rows):
            return chunk
        return pd.DataFrame(columns=self.columns, dtype="str")

    def _source(self) -> Any:
        return io.BytesIO(self._data) if isinstance(self._data, bytes) else self._data

    def _csv_chunks(self, size: int) -> Iterator[pd.DataFrame]:
        """Arrow's fast reader first; a file with ragged rows or bad bytes continues with pandas,
        which reports each bad row under its true record number."""
        done = 0
        try:
            for chunk in self._arrow_chunks(size):
                done += len(chunk)
                yield chunk
            return
        except (pa.ArrowInvalid, UnicodeDecodeError):
            pass
        for chunk in self._pandas_chunks(size):
            chunk = chunk[chunk.index > done]
            if len(chunk):
                yield chunk

    def _arrow_chunks(self, size: int) -> Iterator[pd.DataFrame]:
        import pyarrow.csv as pcsv

        encoding = "utf8" if self.encoding in ("utf-8", "utf-8-sig") else self.encoding
        reader = pcsv.open_csv(
            self._source(),
            read_options=pcsv.ReadOptions(column_names=self.columns, skip_rows=1, encoding=encoding, block_size=1 << 20, use_threads=False),
            parse_options=pcsv.ParseOptions(delimiter=self.delimiter, newlines_in_values=True, ignore_empty_lines=True),
            convert_options=pcsv.ConvertOptions(column_types={c: pa.string() for c in self.columns},
                                                strings_can_be_null=False, quoted_strings_can_be_null=False),
        )
        pending: list[pa.RecordBatch] = []
        held, start = 0, 1
        for batch in reader:
            pending.append(batch)
            held += batch.num_rows
            while held >= size:
                table = pa.Table.from_batches(pending)
                yield _arrow_frame(table.slice(0, size), start)
                start += size
                rest = table.slice(size)
                pending, held = rest.to_batches(), rest.num_rows
        if held:
            yield _arrow_frame(pa.Table.from_batches(pending), start)

    def _pandas_chunks(self, size: int) -> Iterator[pd.DataFrame]:
        width = len(self.columns)

        def ragged(fields: list[str]) -> list[str]:
            # Keep the row's place (so record numbers stay true) and mark it for the report.
            return [f"{_RAGGED}{len(fields)}"] + [""] * (width - 1)

        start = 1
        # The csv module skips rows with a field over its limit (128 KiB) without a word; read them
        # so that the row limit above can reject them under their number.
        csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
        reader = pd.read_csv(
            self._source(), sep=self.delimiter, dtype="str", keep_default_na=False, na_filter=False,
            encoding=self.encoding, encoding_errors="replace", chunksize=size, engine="python",
            on_bad_lines=ragged, skip_blank_lines=True, header=0, names=self.columns, index_col=False,
        )
        try:
            for chunk in reader:
                chunk.index = pd.RangeIndex(start, start + len(chunk))
                start += len(chunk)
                first = chunk.iloc[:, 0].astype("str")
                bad = first.str.startswith(_RAGGED)
                for row, cell in first[bad].items():
                    self.bad_rows.append({"row": int(row), "reason": f"字段数不符：应为 {width} 个，实际 {cell[len(_RAGGED):]} 个"})
                yield chunk[~bad]
        except (pd.errors.ParserError, ValueError, csv.Error) as e:
            raise UnreadableFile(f"文件 {self.name} 无法按表格解析：{str(e).splitlines()[0]}") from None

    def _xlsx_chunks(self, size: int) -> Iterator[pd.DataFrame]:
        rows = _xlsx_rows(self._source(), self.name, self.sheet)
        next(rows)  # header
        buf: list[list[str]] = []
        start = 1
        width = len(self.columns)
        for row in rows:
            cells = [_cell_text(v, self, c) for c, v in enumerate(row[:width])]
            if not any(cells):
                continue
            buf.append(cells + [""] * (width - len(cells)))
            if len(buf) >= size:
                yield _frame(buf, self.columns, start)
                start += len(buf)
                buf = []
        if buf:
            yield _frame(buf, self.columns, start)


_RAGGED = "\x00ragged:"


def _arrow_frame(table: pa.Table, start: int) -> pd.DataFrame:
    frame = table.to_pandas()
    frame.index = pd.RangeIndex(start, start + len(frame))
    return frame


def _frame(rows: list[list[str]], columns: list[str], start: int) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=columns, dtype="str")
    frame.index = pd.RangeIndex(start, start + len(rows))
    return frame


def _cell_text(value: Any, table: TableFile, col: int) -> str:
    """An XLSX cell as text: integers without exponent, dates as ISO."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer():
            if abs(value) >= 2**53 and not any("精度" in w for w in table.warnings):
                table.warnings.append(
                    f"列「{table.columns[col]}」中有超过 15 位的数字以数值形式保存，Excel 可能已丢失末位精度；"
                    "请在 Excel 中把该列设为文本后重新导出"
                )
            return str(int(value))
        return repr(value)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


_DIMENSION = re.compile(rb'<dimension[^>]*\sref="[A-Z]+[0-9]+:[A-Z]+([0-9]+)"')


def _check_workbook_size(source: Any, name: str) -> None:
    """Refuse a workbook that would inflate beyond ``MAX_XLSX_UNCOMPRESSED`` or declares more rows
    than ``MAX_XLSX_ROWS``, from its zip directory and the first bytes of each sheet (a zip bomb
    is refused in milliseconds, before openpyxl parses anything)."""
    try:
        with zipfile.ZipFile(source) as z:
            total = sum(i.file_size for i in z.infolist())
            if total > MAX_XLSX_UNCOMPRESSED:
                raise UnreadableFile(f"文件 {name} 解压后达 {total / 2**20:,.0f} MB，超过上限 "
                                     f"{MAX_XLSX_UNCOMPRESSED >> 20} MB，拒绝读取（可能是压缩炸弹；请导出为 CSV）")
            for info in z.infolist():
                if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
                    with z.open(info) as fh:
                        m = _DIMENSION.search(fh.read(4096))
                    if m and int(m.group(1)) > MAX_XLSX_ROWS:
                        raise UnreadableFile(f"文件 {name} 的工作表声明 {int(m.group(1)):,} 行，超过 Excel 的行数上限 "
                                             f"{MAX_XLSX_ROWS:,}，拒绝读取")
    except zipfile.BadZipFile:
        raise UnreadableFile(f"文件 {name} 不是可读取的 Excel 工作簿：压缩包已损坏") from None
    finally:
        if hasattr(source, "seek"):
            source.seek(0)


def _workbook(source: Any, name: str):
    from openpyxl import load_workbook

    _check_workbook_size(source, name)
    try:
        return load_workbook(source, read_only=True, data_only=True)
    except Exception as e:  # corrupt zip, not a workbook
        raise UnreadableFile(f"文件 {name} 不是可读取的 Excel 工作簿：{type(e).__name__}") from None


def _xlsx_rows(source: Any, name: str, sheet_name: str | None = None) -> Iterator[tuple]:
    """Rows of the sheet ``sheet_name`` (else the first non-empty one), from its first non-empty
    row (the header)."""
    book = _workbook(source, name)
    try:
        for sheet in book.worksheets:
            if sheet_name is not None and sheet.title != sheet_name:
                continue
            rows = sheet.iter_rows(values_only=True)
            for row in rows:
                if row and any(v not in (None, "") for v in row):
                    yield row
                    yield from rows
                    return
    finally:
        book.close()


def _decode_sample(raw: bytes, name: str) -> tuple[str, str]:
    """(encoding, decoded sample) for delimited text or JSON."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig", raw[3:].decode("utf-8", errors="replace")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16", raw.decode("utf-16", errors="replace")
    if b"\x00" in raw[:4096]:
        raise UnreadableFile(f"文件 {name} 是二进制文件，不是表格（CSV / TSV / XLSX / JSON / JSONL）")
    truncated = len(raw) >= SAMPLE_BYTES
    for enc in ("utf-8", "gb18030"):
        try:
            # A sample may end inside a character: the incremental decoder holds back an
            # incomplete last sequence instead of calling it invalid.
            return enc, codecs.getincrementaldecoder(enc)().decode(raw, final=not truncated)
        except UnicodeDecodeError:
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    if best is None:
        raise UnreadableFile(f"文件 {name} 的编码无法识别（支持 UTF-8、UTF-8 BOM、GBK / GB18030）")
    return best.encoding, str(best)


# json parses nested arrays and objects recursively; the interpreter's recursion limit is the depth limit.
TOO_DEEP = f"嵌套层数过深（超过约 {sys.getrecursionlimit()} 层），不是帖子数据"


def _json_records(text: str, name: str) -> list[dict[str, Any]]:
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as e:
        raise UnreadableFile(f"文件 {name} 不是合法的 JSON：第 {e.lineno} 行第 {e.colno} 列 {e.msg}") from None
    except RecursionError:
        raise UnreadableFile(f"文件 {name} 的 JSON {TOO_DEEP}") from None
    if isinstance(doc, dict) and isinstance(doc.get("user"), dict) and isinstance(doc.get("weibo"), list):
        # weibo-crawler: {"user": {...}, "weibo": [...]}: the one author's profile goes with each post
        return [{**w, "user": doc["user"]} for w in doc["weibo"] if isinstance(w, dict)]
    found = _find_list(doc)
    if found is None:
        raise UnreadableFile(f"文件 {name} 的 JSON 中没有帖子列表（应为数组，或 {{\"data\": [...]}} 形式）")
    return found


def _find_list(doc: Any, depth: int = 0) -> list[dict[str, Any]] | None:
    if isinstance(doc, list):
        return [d for d in doc if isinstance(d, dict)] if any(isinstance(d, dict) for d in doc) else None
    if isinstance(doc, dict) and depth < 3:
        for key in _JSON_LIST_KEYS:
            if key in doc:
                hit = _find_list(doc[key], depth + 1)
                if hit is not None:
                    return hit
        for value in doc.values():
            hit = _find_list(value, depth + 1) if isinstance(value, (list, dict)) else None
            if hit is not None:
                return hit
    return None


def _flat(record: dict[str, Any], prefix: str = "") -> dict[str, str]:
    """Nested objects flattened to ``user.nickname``; every value as text (ints exact)."""
    out: dict[str, str] = {}
    for key, value in record.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) and not prefix:
            out.update(_flat(value, name + "."))
        elif value is None:
            out[name] = ""
        elif isinstance(value, bool):
            out[name] = "true" if value else "false"
        elif isinstance(value, (list, dict)):
            out[name] = json.dumps(value, ensure_ascii=False)
        else:
            out[name] = str(value)
    return out


def _columns_of(records: list[dict[str, str]]) -> list[str]:
    seen: dict[str, None] = {}
    for r in records:
        for k in r:
            seen.setdefault(k, None)
    return list(seen)


def _sniff_delimiter(sample: str) -> str:
    lines = [ln for ln in sample.splitlines()[:50] if ln.strip()]
    try:
        return csv.Sniffer().sniff("\n".join(lines[:20]), delimiters="".join(_DELIMITERS)).delimiter
    except csv.Error:
        header = lines[0] if lines else ""
        counts = {d: header.count(d) for d in _DELIMITERS}
        best = max(counts, key=counts.get)
        return best if counts[best] else ","


def _sheet_headers(data: bytes | Path, name: str) -> list[tuple[str, list[str]]]:
    """``(sheet name, headers)`` of every non-empty sheet of a workbook, in order."""
    book = _workbook(io.BytesIO(data) if isinstance(data, bytes) else data, name)
    try:
        found = []
        for sheet in book.worksheets:
            for row in sheet.iter_rows(values_only=True):
                if row and any(v not in (None, "") for v in row):
                    found.append((sheet.title, _dedupe_headers(["" if h is None else str(h) for h in row])))
                    break
        return found
    finally:
        book.close()


def open_tables(source: str | Path | bytes, name: str | None = None) -> list[TableFile]:
    """Every table of an upload: one per non-empty sheet of a workbook, else the one table.

    Raises ``UnreadableFile`` with a Chinese reason when it is not a readable table.
    """
    if isinstance(source, (str, Path)):
        path = Path(source)
        name = name or path.name
        if not path.is_file():
            raise UnreadableFile(f"找不到文件 {path}")
        with path.open("rb") as fh:
            head = fh.read(SAMPLE_BYTES)
        data: bytes | Path = path
        where = str(source)
    else:
        name = name or "上传文件"
        head = source[:SAMPLE_BYTES]
        data = source
        where = name
    if not head.strip():
        raise UnreadableFile(f"文件 {name} 是空文件")

    if head.startswith(b"PK\x03\x04"):
        sheets = _sheet_headers(data, name)
        if not sheets:
            raise UnreadableFile(f"文件 {name} 中没有任何数据")
        return [TableFile(name, "xlsx", columns, sheet=title, path=where, _data=data) for title, columns in sheets]

    if head.startswith(SQLITE_MAGIC):
        columns, records = read_news_items(data, name)
        return [TableFile(name, "sqlite", columns, path=where, _records=records)]

    encoding, sample = _decode_sample(head, name)
    stripped = sample.lstrip("\ufeff \t\r\n")
    if stripped[:1] in ("[", "{"):
        whole = data.read_bytes() if isinstance(data, Path) else data
        text = whole.decode(encoding, errors="replace").lstrip("\ufeff")
        fmt, records, bad, rownums = _json_or_lines(text, name)
        flat = [_flat(r) for r in records]
        columns = _columns_of(flat)
        if not flat:
            raise UnreadableFile(f"文件 {name} 中没有任何记录")
        table = TableFile(name, fmt, columns, encoding=encoding, path=where, _records=flat, _rownums=rownums)
        table.bad_rows.extend(bad)
        return [table]

    delimiter = _sniff_delimiter(sample)
    try:
        header = next(csv.reader(io.StringIO(stripped), delimiter=delimiter))
    except (csv.Error, StopIteration):
        raise UnreadableFile(f"文件 {name} 无法按表格解析（没有表头行）") from None
    columns = _dedupe_headers([h.strip() for h in header])
    fmt = "tsv" if delimiter == "\t" else "csv"
    return [TableFile(name, fmt, columns, encoding=encoding, delimiter=delimiter, path=where, _data=data)]


def open_table(source: str | Path | bytes, name: str | None = None) -> TableFile:
    """The first table of an upload (see ``open_tables``)."""
    return open_tables(source, name)[0]


def _json_or_lines(text: str, name: str) -> tuple[str, list[dict[str, Any]], list[dict[str, Any]], list[int] | None]:
    """A JSON document, or JSON Lines (one object per line; bad lines reported, not fatal)."""
    lines = [(number, ln) for number, ln in enumerate(text.splitlines(), start=1) if ln.strip()]
    one_record_file = len(lines) == 1 and name.lower().endswith((".jsonl", ".ndjson"))
    if (len(lines) > 1 or one_record_file) and lines[0][1].lstrip().startswith("{"):
        try:
            first = json.loads(lines[0][1])
        except (json.JSONDecodeError, RecursionError):
            first = None
        if isinstance(first, dict):
            records: list[dict[str, Any]] = []
            bad: list[dict[str, Any]] = []
            rownums: list[int] = []
            for number, line in lines:  # row = line number in the file
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError as e:
                    bad.append({"row": number, "reason": f"不是合法的 JSON：{e.msg}"})
                    continue
                except RecursionError:
                    bad.append({"row": number, "reason": f"该行 JSON {TOO_DEEP}"})
                    continue
                if isinstance(obj, dict):
                    records.append(obj)
                    rownums.append(number)
                else:
                    bad.append({"row": number, "reason": "该行不是 JSON 对象"})
            return "jsonl", records, bad, rownums
    return "json", _json_records(text, name), [], None


def _dedupe_headers(headers: list[str]) -> list[str]:
    """Unique, non-empty header names (``列3`` for a blank one, ``名称_2`` for a repeat)."""
    out: list[str] = []
    for i, h in enumerate(headers, start=1):
        base = h.strip().lstrip("\ufeff") or f"列{i}"
        name, n = base, 2
        while name in out:
            name, n = f"{base}_{n}", n + 1
        out.append(name)
    return out
