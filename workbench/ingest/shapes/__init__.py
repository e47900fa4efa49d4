"""Export shapes: the files crawlers and vendors really write, recognised by their header sets.

A ``Shape`` says which headers a tool writes (``required``, and ``absent`` where two tools differ
by a missing column), which header feeds which canonical field (``fields``: the first non-empty
of several wins), and what the rows are: posts, comments (linked to their post and parent
comment) or creator profiles. ``recognise`` picks the shape of a file from its headers, its
workbook sheet and its path; ``Shape.records`` turns a chunk of the file into canonical records.

The shapes themselves live beside this module, one file per family of tools.
"""
from __future__ import annotations

import string
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Callable, Mapping, Sequence

import pandas as pd

from ..platforms import crawler_layout

ITEM_KINDS = {"contents": "post", "comments": "comment", "creators": "creator"}
_TOP_LEVEL = ("", "0", "None", "none", "null", "nan")


@dataclass(frozen=True)
class Shape:
    """One file layout of one tool."""

    key: str                                     # "mediacrawler/weibo/comments"
    tool: str                                    # "MediaCrawler"
    title: str                                   # "微博评论"
    item: str                                    # contents | comments | creators
    platform: str | None                         # None: the rows tell (a vendor's 来源, a link)
    required: frozenset[str]
    fields: Mapping[str, tuple[str, ...]]        # canonical field → headers, first non-empty wins
    absent: frozenset[str] = frozenset()         # headers this shape never has
    any_of: tuple[frozenset[str], ...] = ()      # at least one header of each group
    reply_to: tuple[str, ...] = ()               # comments: the parent comment's id
    url_template: str | None = None              # a link built from other columns: "…/detail/{id}"
    default_platform: str | None = None          # for rows that name no platform themselves
    sheet: str | None = None                     # the workbook sheet this shape is written to
    path_defaults: Callable[[PurePath], dict[str, str]] | None = None  # fields the file's path tells
    schemas: Mapping[str, str] = field(default_factory=dict)  # header → schema name it marks

    @property
    def label(self) -> str:
        return f"{self.tool} · {self.title}"

    @property
    def kind(self) -> str:
        return ITEM_KINDS[self.item]

    def score(self, headers: set[str]) -> int | None:
        """How many of this shape's marks the headers carry, or None when they do not fit."""
        if not self.required <= headers or self.absent & headers:
            return None
        if any(not group & headers for group in self.any_of):
            return None
        return len(self.required) + len(self.any_of)

    def schema(self, headers: set[str]) -> str | None:
        """The dated schema variant the headers belong to (MediaCrawler before / from 2026-07)."""
        return next((name for header, name in self.schemas.items() if header in headers), None)

    def mapping(self, headers: Sequence[str]) -> dict[str, list[str]]:
        """``{field: [headers used, in order]}`` for this file (display and ``records``)."""
        present = set(headers)
        out = {f: [h for h in hs if h in present] for f, hs in self.fields.items()}
        if self.reply_to:
            out["parent_external_id"] = [h for h in self.reply_to if h in present] + out.get("root_external_id", [])
        return {f: hs for f, hs in out.items() if hs}

    def records(self, frame: pd.DataFrame, defaults: Mapping[str, str] | None = None) -> pd.DataFrame:
        """Canonical records (text cells) from one chunk of a file of this shape."""
        out = pd.DataFrame(index=frame.index)
        for name, headers in self.fields.items():
            column = _first_filled(frame, headers)
            if column is not None:
                out[name] = column
        if self.item == "comments":
            root = out["root_external_id"] if "root_external_id" in out else _empty(frame)
            parent = _first_filled(frame, self.reply_to)
            own = out["external_id"] if "external_id" in out else _empty(frame)
            if parent is None:
                out["parent_external_id"] = root
            else:
                parent = parent.str.strip()
                top = parent.isin(_TOP_LEVEL) | parent.eq(own.str.strip())
                out["parent_external_id"] = parent.where(~top, root)
        if self.url_template:
            built = _template(frame, self.url_template)
            out["url"] = built if "url" not in out else out["url"].where(out["url"].str.strip().ne(""), built)
        for name, value in (defaults or {}).items():
            if name not in out:
                out[name] = value
            else:
                out[name] = out[name].where(out[name].str.strip().ne(""), value)
        out["post_kind"] = self.kind
        return out


def _empty(frame: pd.DataFrame) -> pd.Series:
    return pd.Series("", index=frame.index, dtype="str")


def _first_filled(frame: pd.DataFrame, headers: Sequence[str]) -> pd.Series | None:
    """The first of ``headers`` present, its empty cells filled from the next ones."""
    present = [h for h in headers if h in frame]
    if not present:
        return None
    column = frame[present[0]].astype("str")
    for header in present[1:]:
        column = column.where(column.str.strip().ne(""), frame[header].astype("str"))
    return column


def _template(frame: pd.DataFrame, template: str) -> pd.Series:
    """``template`` filled per row from columns; empty where a column it needs is empty."""
    out = pd.Series("", index=frame.index, dtype="str")
    missing = pd.Series(False, index=frame.index)
    for literal, name, _, _ in string.Formatter().parse(template):
        out = out + literal
        if name:
            value = frame[name].astype("str").str.strip() if name in frame else _empty(frame)
            missing |= value.eq("")
            out = out + value
    return out.where(~missing, "")


@dataclass
class Recognition:
    """What ``recognise`` found out about a file."""

    shape: Shape | None
    platform: str | None = None          # the file's platform, from its shape or its folder
    platform_from: str | None = None     # 表头 | 文件路径
    schema: str | None = None
    defaults: dict[str, str] = field(default_factory=dict)
    ambiguous: list[Shape] = field(default_factory=list)  # equally good shapes of other platforms

    @property
    def label(self) -> str:
        return self.shape.label if self.shape else "通用导出（按表头对应各列）"


def all_shapes() -> list[Shape]:
    """Every known shape (imported late: the families import this module)."""
    from . import mediacrawler, vendors, weibo_tools

    return [*mediacrawler.SHAPES, *weibo_tools.SHAPES, *vendors.SHAPES]


def recognise(headers: Sequence[str], *, path: str | None = None, sheet: str | None = None) -> Recognition:
    """The shape of a file with these headers (``path``: its path or upload name; ``sheet``: the
    workbook sheet it was read from). A shape whose platform the folder contradicts loses to one
    it confirms; when equally good shapes of different platforms remain, the platform is left
    open (the upload page asks)."""
    present = {str(h) for h in headers}
    path_platform, path_item = crawler_layout(path)
    scored = [(s, n) for s in all_shapes() if (n := s.score(present)) is not None]
    if sheet:
        by_sheet = [(s, n) for s, n in scored if s.sheet is None or s.sheet == sheet]
        scored = by_sheet or scored
    if path_item:
        scored = [(s, n) for s, n in scored if s.item == path_item] or scored
    if path_platform:
        scored = [(s, n) for s, n in scored if s.platform == path_platform] or scored
    if not scored:
        return Recognition(None, platform=path_platform, platform_from="文件路径" if path_platform else None)
    best = max(n for _, n in scored)
    top = [s for s, n in scored if n == best]
    shape = top[0]
    rivals = [s for s in top[1:] if s.platform != shape.platform]
    platform, source = (path_platform, "文件路径") if path_platform else (shape.platform, "表头")
    if rivals and not path_platform:
        platform, source = None, None
    defaults = shape.path_defaults(PurePath(str(path).replace("\\", "/"))) if shape.path_defaults and path else {}
    return Recognition(shape, platform=platform, platform_from=source if platform else None,
                       schema=shape.schema(present), defaults=defaults, ambiguous=rivals)
