"""Monitored names (主体词): which employer a post is about.

The team lists its own employer and the others it watches, with aliases, abbreviations and the
misspellings posts use, plus brands, executives and sites that belong to an employer. A post is
about the employer whose name or alias it mentions first by weight: a longer alias wins over a
shorter one inside it (华锐精密电子 over 华锐), and a brand or person counts for its employer.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable, Sequence

import duckdb
import pandas as pd

from .. import access, audit, db

KINDS = ("employer", "brand", "person", "site")
KIND_NAMES = {"employer": "用人单位", "brand": "品牌", "person": "人物", "site": "场所"}
MIN_ALIAS = 2  # a one-character alias would match everywhere
ACCOUNT_SEPARATORS = "·・•"  # what a workplace forum puts between 「匿名用户」 and the poster's company


@dataclass(frozen=True)
class Matcher:
    """Finds monitored names in texts; ``employer_of`` maps every name and alias to its employer."""

    pattern: re.Pattern | None
    employer_of: dict[str, str]

    def employers(self, text: str) -> list[str]:
        """The employers ``text`` is about, most mentioned first (ties: first mentioned). A name the
        text denies (「不是九康，是另外那家」, 「（非松禾）」) is whom it is not about: the writer tells of
        another employer of the trade or place and rules the watched one out (「是不是九康？」「这不是九康吗」
        ask, they do not deny). Nor is a name only listed among others (「九康、汉正堂之类」「茶颜、茶语、柠季」):
        a trade's brands, a job fair's employers, a sector's stocks are the trade's talk, not news of one of them."""
        if self.pattern is None or not text:
            return []
        counts: dict[str, int] = {}
        for m in self.pattern.finditer(text):
            if not _denied(text, m.start(), m.end()) and not _listed(text, m.start(), m.end()):
                emp = self.employer_of[m.group(0).lower()]
                counts[emp] = counts.get(emp, 0) + 1
        return sorted(counts, key=lambda e: -counts[e])

    def without_names(self, text: str) -> str:
        """``text`` with every monitored name and alias cut out (grouping compares what happened;
        who it happened at is compared once, as the employer)."""
        if self.pattern is None or not text:
            return text or ""
        return self.pattern.sub("，", text)

    def employer(self, text: str) -> str | None:
        """The employer ``text`` is most about (``employers``), or None."""
        found = self.employers(text)
        return found[0] if found else None

    def post_employer(self, text: str, author: Any = None) -> str | None:
        """The employer a post is about: the one its text names most, else the one its author's
        name stands for (``account_employer``)."""
        return self.employer(text) or self.account_employer(author)

    def account_employer(self, author: Any) -> str | None:
        """The employer an author name stands for: an employer's own account (「某某医院」, whose
        statement says only 「我院」) or a workplace forum's label of the poster's company
        (「某某速运 区域运营」, 「匿名用户·某某」) — the name starts the author name or follows a
        「·」. A nickname holding a name inside it (「是小满不是小蛮」) is a person, not the employer."""
        if self.pattern is None or not isinstance(author, str):
            return None
        for m in self.pattern.finditer(author):
            if m.start() == 0 or author[m.start() - 1] in ACCOUNT_SEPARATORS:
                return self.employer_of[m.group(0).lower()]
        return None


_DENIAL = re.compile(r"(?:不是|并非|而非|非)$")
_ASKED = re.compile(r"(?:是不是|这不是|不就是)$")  # 「是不是X？」「这不是X吗」: a guess or a recognition, not a denial
_CLAUSE_END = re.compile(r"[，,。！!？?；;（）()\n]")


def _denied(text: str, start: int, end: int) -> bool:
    """Whether the name at ``text[start:end]`` is denied: right after 不是 / 非 / 并非, not in a
    question (「是不是X」, 「不是X吧？」, a clause ending in ？ or 吗)."""
    before = text[max(0, start - 3):start]
    if not _DENIAL.search(before) or _ASKED.search(before):
        return False
    stop = _CLAUSE_END.search(text, end)
    clause = text[end:stop.start() if stop else len(text)].rstrip()
    return not ((stop is not None and stop.group(0) in "？?") or clause.endswith(("吗", "吧", "呢")))


def _listed(text: str, start: int, end: int) -> bool:
    """Whether the name at ``text[start:end]`` stands in a list (「、」 right before or after it)."""
    return text[end:end + 1] == "、" or (start > 0 and text[start - 1] == "、")


def matcher(rows: Iterable[dict[str, Any]]) -> Matcher:
    """A matcher over entity rows (name, kind, aliases, employer, monitored)."""
    employer_of: dict[str, str] = {}
    for r in rows:
        if r.get("monitored") is False:
            continue
        owner = r["name"] if r.get("kind", "employer") == "employer" else (r.get("employer") or r["name"])
        for name in [r["name"], *(r.get("aliases") or [])]:
            name = str(name).strip()
            if len(name) >= MIN_ALIAS:
                employer_of.setdefault(name.lower(), owner)
    if not employer_of:
        return Matcher(None, {})
    alternation = "|".join(re.escape(n) for n in sorted(employer_of, key=len, reverse=True))
    return Matcher(re.compile(alternation, re.IGNORECASE), employer_of)


def load(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The entity rows of the store."""
    return db.query("entity_list", con)


def store_matcher(con: duckdb.DuckDBPyConnection) -> Matcher:
    """A matcher over the store's monitored entities."""
    frame = load(con)
    return matcher(frame.assign(aliases=frame["aliases"].map(lambda a: list(a) if a is not None else [])).to_dict("records"))


def _clean(rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    out, seen = [], set()
    for r in rows:
        name = str(r.get("name") or "").strip()
        if not name:
            raise ValueError("主体名称不能为空")
        if name in seen:
            raise ValueError(f"主体名称重复：{name}")
        seen.add(name)
        kind = r.get("kind") or "employer"
        if kind not in KINDS:
            raise ValueError(f"未知的主体类型：{kind}")
        aliases = r.get("aliases") or []
        if isinstance(aliases, str):
            aliases = re.split(r"[，,、;；\s]+", aliases)
        aliases = list(dict.fromkeys(a.strip() for a in aliases if a and a.strip() and a.strip() != name))
        employer = (str(r.get("employer") or "").strip() or None) if kind != "employer" else None
        out.append({"name": name, "kind": kind, "aliases": aliases, "employer": employer,
                    "monitored": bool(r.get("monitored", True))})
    return out


def replace_all(con: duckdb.DuckDBPyConnection, rows: Sequence[dict[str, Any]], *, actor: str) -> int:
    """Replace the monitored entities with ``rows`` in one audited transaction; returns the count.

    Raises ValueError (in Chinese) for an empty or repeated name or an unknown kind."""
    access.require(actor, "configure")
    clean = _clean(rows)
    with db.transaction(con) as cur:
        before = cur.execute("SELECT name, kind, aliases, employer, monitored FROM entities ORDER BY name").fetchall()
        cur.execute("DELETE FROM entities")
        for r in clean:
            cur.execute("INSERT INTO entities (name, kind, aliases, employer, monitored) VALUES (?, ?, ?, ?, ?)",
                        [r["name"], r["kind"], r["aliases"], r["employer"], r["monitored"]])
        audit.record(cur, actor, "replace", "entities", None, {"rows": [list(map(_plain, b)) for b in before]},
                     {"rows": clean})
    return len(clean)


def _plain(v: Any) -> Any:
    return list(v) if isinstance(v, (list, tuple)) or hasattr(v, "tolist") else v
