"""How one table of an upload will be read: its recognised shape (or a column mapping), its rows'
kind and where their platform comes from. The upload page shows a plan before importing; the
pipeline ingests by it.

``open_plans`` opens an upload and plans each of its tables: every sheet of a workbook whose
shape is recognised (MediaCrawler's Contents / Comments / Creators), else its first table.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

import duckdb
import pandas as pd

from ..pii import mask_pii
from .errors import UnreadableFile
from .mapping import FIELD_LABELS, apply_mapping, guess_platform, validate_mapping
from .platforms import UNKNOWN_PLATFORM, PlatformRule, canonical_platform
from .reading import TableFile, open_tables
from .shapes import Recognition, Shape, recognise

# Fields a shape may fill that the mapping editor does not offer, and the order the page lists fields in.
_EXTRA_LABELS = {"root_external_id": "所属帖子ID", "following": "关注数", "description": "简介"}
_ORDER = ("text", "title", "published_at", "author", "author_id", "external_id", "root_external_id",
          "parent_external_id", "parent_author", "url", "platform", "site", "region", "author_followers", "following",
          "description", "reposts", "comments", "likes", "views", "vendor_sentiment")


@dataclass
class Plan:
    """One table and how to read it."""

    table: TableFile
    recognition: Recognition
    mapping: dict[str, str] | None = None        # generic tables: {field: header}
    platform: str | None = None                  # the uploader's choice for rows that name none
    profile: str | None = None                   # the saved mapping profile in use

    @property
    def shape(self) -> Shape | None:
        return self.recognition.shape

    @property
    def kind(self) -> str:
        """post | comment | creator"""
        return self.shape.kind if self.shape else "post"

    @property
    def label(self) -> str:
        """What the page calls this table: the file (and sheet) name."""
        return f"{self.table.name}（{self.table.sheet}）" if self.table.sheet else self.table.name

    @property
    def file_platform(self) -> str | None:
        return self.recognition.platform

    @property
    def rule(self) -> PlatformRule:
        fallback = self.shape.default_platform if self.shape else None
        return PlatformRule(self.file_platform, canonical_platform(self.platform), fallback)

    def records(self, chunk: pd.DataFrame) -> pd.DataFrame:
        """Canonical records from one chunk of the table."""
        if self.shape is not None:
            return self.shape.records(chunk, self.recognition.defaults)
        out = apply_mapping(chunk, self.mapping or {})
        out["post_kind"] = "post"
        return out

    def field_sources(self) -> dict[str, list[str]]:
        """``{field: [headers it is read from]}``."""
        if self.shape is not None:
            return self.shape.mapping(self.table.columns)
        return {f: [h] for f, h in (self.mapping or {}).items()}

    def mapping_table(self, preview: pd.DataFrame | None = None) -> pd.DataFrame:
        """The mapping as rows for the page: 字段 / 来自列 / 示例."""
        rows = []
        sources = self.field_sources()
        for name in sorted(sources, key=lambda f: _ORDER.index(f) if f in _ORDER else len(_ORDER)):
            headers = sources[name]
            sample = ""
            if preview is not None and len(preview):
                for h in headers:
                    if h in preview and str(preview[h].iloc[0]).strip():
                        sample = mask_pii(str(preview[h].iloc[0]))[:60]  # the page shows it: masked
                        break
            label = "回复的评论或帖子ID" if name == "parent_external_id" and self.kind == "comment" else (
                FIELD_LABELS.get(name) or _EXTRA_LABELS.get(name, name))
            rows.append({"字段": label, "来自列": " / ".join(headers), "示例": sample})
        for name, value in self.recognition.defaults.items():
            rows.append({"字段": FIELD_LABELS.get(name, name), "来自列": "（文件路径）", "示例": mask_pii(value)})
        return pd.DataFrame(rows, columns=["字段", "来自列", "示例"])

    def unknown_platform_rows(self, rows: int = 50) -> int:
        """How many of the first rows would get no platform without the uploader's choice."""
        preview = self.table.preview(rows)
        if preview.empty:
            return 0
        rule = PlatformRule(self.file_platform, None, self.rule.fallback)
        return int(rule.resolve(self.records(preview)).eq(UNKNOWN_PLATFORM).sum())


def plan_table(
    con: duckdb.DuckDBPyConnection,
    table: TableFile,
    *,
    profile: str | None = None,
    mapping: Mapping[str, str | None] | None = None,
    platform: str | None = None,
) -> Plan:
    """The plan for one table: an explicit ``mapping`` or ``profile`` wins; else a recognised
    shape; else a saved profile matching the headers; else the recognised headers. Raises
    ``UnreadableFile`` when a generic table has no text column."""
    from .profiles import get_profile, suggest_mapping

    recognition = Recognition(None)
    if mapping is None and profile is None:
        recognition = recognise(table.columns, path=table.path, sheet=table.sheet)
        if recognition.shape is not None:
            return Plan(table, recognition, platform=platform)
    chosen_profile = None
    if mapping is None and profile is not None:
        saved = get_profile(con, profile)
        if saved is None:
            raise UnreadableFile(f"没有名为「{profile}」的映射方案")
        mapping, chosen_profile = saved["mapping"], saved["name"]
        platform = platform or saved["platform"]
    elif mapping is None:
        mapping, saved_platform, chosen_profile = suggest_mapping(con, table.columns)
        platform = platform or (saved_platform if chosen_profile else None)
    try:
        clean = validate_mapping(mapping, table.columns)
    except ValueError as e:
        raise UnreadableFile(str(e)) from None
    header_platform = guess_platform(table.columns)
    if header_platform and not recognition.platform:
        recognition.platform, recognition.platform_from = header_platform, "表头"
    return Plan(table, recognition, mapping=clean, platform=platform, profile=chosen_profile)


def tables_to_read(tables: list[TableFile]) -> list[TableFile]:
    """The tables of an upload worth reading: every recognised sheet of a workbook, else the first table."""
    if len(tables) > 1:
        known = [t for t in tables if recognise(t.columns, path=t.path, sheet=t.sheet).shape is not None]
        return known or tables[:1]
    return tables


def open_plans(
    con: duckdb.DuckDBPyConnection,
    source: str | Path | bytes,
    *,
    name: str | None = None,
    profile: str | None = None,
    mapping: Mapping[str, str | None] | None = None,
    platform: str | None = None,
) -> list[Plan]:
    """Plans for the tables of an upload (``tables_to_read``; only the first when a mapping or
    profile is given)."""
    tables = open_tables(source, name)
    tables = tables[:1] if mapping is not None or profile is not None else tables_to_read(tables)
    return [plan_table(con, t, profile=profile, mapping=mapping, platform=platform) for t in tables]


def kind_label(kind: str) -> str:
    return {"post": "帖子", "comment": "评论", "creator": "作者资料"}.get(kind, kind)

