"""The case library (案例库): finished reviews turned into anonymised training cases.

A case tells what happened, the timeline (hours after the first post, not dates), what worked and
what did not, the statements as published, and the lessons — with the employer, its aliases and
every monitored name replaced (「涉事企业」/「某企业」), the people on the record replaced by
「相关负责人」, and personal data masked. ``training_doc`` gathers cases into one document for a
training session (Markdown or DOCX through ``review.document``).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, Iterable, Sequence

import duckdb
import pandas as pd

from .. import db, vocab
from ..incidents import entities
from ..incidents import record
from . import document, postmortem, tracking

SUBJECT = "涉事企业"
OTHER = "某企业"
PERSON = "相关负责人"
# In 应对回顾, what follows one of these words is what did not work (the demo and the team write
# 「不足：…」); everything before it is what worked.
SHORTFALL = re.compile(r"(?:不足|问题|教训|欠缺|失误)[:：]")


@dataclass
class Case:
    """One training case (all text already anonymised)."""

    incident_id: int
    title: str
    category: str
    level: str
    what_happened: str
    timeline: list[dict[str, str]] = field(default_factory=list)
    worked: list[str] = field(default_factory=list)
    did_not: list[str] = field(default_factory=list)
    statements: list[dict[str, str]] = field(default_factory=list)
    lessons: list[str] = field(default_factory=list)


class Anonymiser:
    """Replaces the subject employer's names, other monitored names and people's names in a text
    (longest name first, so 华锐精密电子 goes before 华锐), after masking personal data."""

    def __init__(self, subject: Iterable[str], others: Iterable[str], people: Iterable[str]):
        named = lambda names, least: [n for n in names if isinstance(n, str) and len(n) >= least]  # noqa: E731
        table = {n.lower(): OTHER for n in named(others, entities.MIN_ALIAS)}
        table.update({n.lower(): SUBJECT for n in named(subject, entities.MIN_ALIAS)})
        table.update({p.lower(): PERSON for p in named(people, 2)})
        self.table = table
        keys = sorted(table, key=len, reverse=True)
        self.pattern = re.compile("|".join(re.escape(k) for k in keys), re.IGNORECASE) if keys else None

    def __call__(self, text: Any) -> str:
        out = document.safe_text(text)
        return self.pattern.sub(lambda m: self.table[m.group(0).lower()], out) if self.pattern else out


def anonymiser(con: duckdb.DuckDBPyConnection, incident_id: int, employer: str | None,
               known: pd.DataFrame | list[dict[str, Any]] | None = None,
               people: Iterable[str] | None = None) -> Anonymiser:
    """The anonymiser of one incident: its employer (with aliases, brands, people of that employer),
    every other monitored name, and the people on the incident's records. ``known``: the store's
    entities (``entities.load``, or its rows as records) and ``people``: the incident's people
    (``case_people``), when the caller has read them already."""
    if known is None:
        known = entities.load(con)
    subject, others = [employer] if employer else [], []
    for r in known.to_dict("records") if isinstance(known, pd.DataFrame) else known:
        owner = r["name"] if r["kind"] == "employer" else (r.get("employer") or r["name"])
        names = [r["name"], *(list(r["aliases"]) if r["aliases"] is not None else [])]
        (subject if employer and owner == employer else others).extend(names)
    if people is None:
        people = db.query("case_people", con, incident_id=int(incident_id))["name"]
    return Anonymiser(subject, others, people)


def _hours_after(at: str, start) -> str:
    if start is None or pd.isna(start) or not at:
        return at
    delta = pd.Timestamp(at, tz="Asia/Shanghai") - pd.Timestamp(start).tz_convert("Asia/Shanghai")
    hours = delta.total_seconds() / 3600
    return f"首帖后 {hours:.1f} 小时" if hours >= 0 else f"首帖前 {-hours:.1f} 小时"


def _split_review(text: str) -> tuple[list[str], list[str]]:
    """(worked, did not) sentences of the team's 应对回顾."""
    text = (text or "").strip()
    if not text:
        return [], []
    parts = SHORTFALL.split(text, maxsplit=1)
    good, bad = parts[0], (parts[1] if len(parts) > 1 else "")
    sentences = lambda t: [s.strip(" -；;。\n") for s in re.split(r"[。；;\n]", t) if s.strip(" -；;。\n")]  # noqa: E731
    return sentences(good), sentences(bad)


def _evidence(con: duckdb.DuckDBPyConnection, incident_id: int) -> tuple[list[str], list[str]]:
    """What worked and what did not, from the record: the response clock, statement effects, actions."""
    worked, did_not = [], []
    inc = record.get(con, incident_id)
    response = inc.clocks()["response"]
    hours = response["length"].total_seconds() / 3600
    if inc.first_response_at is not None:
        took = (inc.first_response_at - inc.clock_start).total_seconds() / 3600
        (did_not if response["late"] else worked).append(
            f"首次公开回应用时 {took:.1f} 小时（时限 {hours:g} 小时，{'超时' if response['late'] else '达标'}）")
    else:
        did_not.append("没有公开回应")
    for e in tracking.effects(con, incident_id).itertuples():
        line = f"声明（{e.channel}）发布后：{e.verdict}，{e.explanation}"
        if e.verdict in ("明显好转", "有所好转"):
            worked.append(line)
        elif e.verdict == "恶化":
            did_not.append(line)
    acts = db.query("action_list", con, incident_id=int(incident_id))
    if len(acts):
        done = acts[acts["status"] == "已完成"]
        late = int((pd.to_datetime(done["done_at"]) > pd.to_datetime(done["due_at"])).sum())
        if len(done) == len(acts) and not late:
            worked.append(f"{len(acts)} 项行动全部按时完成")
        elif late or len(done) < len(acts):
            did_not.append(f"行动 {len(acts)} 项：完成 {len(done)} 项，其中逾期完成 {late} 项")
    return worked, did_not


def _row_anonymiser(con: duckdb.DuckDBPyConnection, row: dict[str, Any], known: Any = None,
                    people: Iterable[str] | None = None) -> Anonymiser:
    employer = row.get("employer")
    return anonymiser(con, int(row["incident_id"]), employer if isinstance(employer, str) else None, known, people)


def build(con: duckdb.DuckDBPyConnection, row: dict[str, Any]) -> Case:
    """The training case of one ``case_list`` row."""
    iid = int(row["incident_id"])
    anon = _row_anonymiser(con, row)
    body = row["body"]
    body = postmortem._normalise(json.loads(body) if isinstance(body, str) else (body or {}))
    worked_text, did_not_text = _split_review(body.get("应对回顾", ""))
    worked_data, did_not_data = _evidence(con, iid)
    lessons = [body.get("经验教训", ""), body.get("改进措施", "")]
    lib = postmortem.lessons(con)
    lessons += lib.loc[lib["incident_id"] == iid, "text"].tolist()
    return Case(
        incident_id=iid,
        title=anon(row["title"]),
        category=row["category"] or "未分类",
        level=vocab.LEVEL_NAMES.get(row["level"], "未定级"),
        what_happened=anon(body.get("事件概要") or row["title"]),
        timeline=[{"时间": _hours_after(e["时间"], row.get("first_post_at")), "类型": e["类型"], "事件": anon(e["事件"])}
                  for e in postmortem.timeline(con, iid)],
        worked=[anon(s) for s in [*worked_text, *worked_data]],
        did_not=[anon(s) for s in [*did_not_text, *did_not_data]],
        statements=[{"渠道": anon(s.channel), "正文": anon(s.body)}
                    for s in db.query("statement_published", con, incident_id=iid).itertuples()],
        lessons=[anon(t) for t in lessons if t and str(t).strip()],
    )


def find(con: duckdb.DuckDBPyConnection, categories: Sequence[str] = (), levels: Sequence[str] = (),
         q: str = "") -> pd.DataFrame:
    """Finished reviews by category, level and a search text (title, review text, lessons)."""
    return db.query("case_list", con, categories=list(categories), levels=list(levels), q=q or "")


def titles(con: duckdb.DuckDBPyConnection, rows: pd.DataFrame) -> dict[int, str]:
    """The anonymised titles of ``find`` rows, by incident (a shelf of cases without building them:
    a case reads the incident's whole record, so a page builds only the one being read)."""
    known = entities.load(con).to_dict("records")  # once, not per case
    ids = [int(i) for i in rows["incident_id"]]
    people = db.query("case_people_of_incidents", con, incident_ids=ids).groupby("incident_id")["name"].agg(list)
    return {int(r["incident_id"]): _row_anonymiser(con, r, known, people.get(int(r["incident_id"]), []))(r["title"])
            for r in rows.to_dict("records")}


def cases(con: duckdb.DuckDBPyConnection, rows: pd.DataFrame) -> list[Case]:
    """The training cases of ``find`` rows."""
    return [build(con, r) for r in rows.to_dict("records")]


def case_doc(case: Case, doc: document.Doc | None = None, number: int | None = None) -> document.Doc:
    """One case as a document (or appended to ``doc``, numbered, for a training pack)."""
    doc = doc or document.Doc(f"培训案例：{case.title}")
    top = 2
    if number is not None:
        doc.heading(f"案例 {number}：{case.title}", 2)
        top = 3
    doc.paragraph(f"类别：{case.category} · 等级：{case.level}", note=True)
    doc.heading("发生了什么", top).paragraph(case.what_happened)
    doc.heading("时间线", top)
    if case.timeline:
        doc.table(["时间", "类型", "事件"], [[e["时间"], e["类型"], e["事件"]] for e in case.timeline])
    doc.heading("做得好的", top).bullets(case.worked or ["（复盘未记录）"])
    doc.heading("不足之处", top).bullets(case.did_not or ["（复盘未记录）"])
    doc.heading("发布的声明（原文，已匿名）", top)
    if case.statements:
        doc.bullets(f"{s['渠道']}：{s['正文']}" for s in case.statements)
    else:
        doc.paragraph("（未发布声明）")
    doc.heading("经验教训", top).bullets(case.lessons or ["（复盘未记录）"])
    doc.heading("讨论", top).bullets(["如果你是事件负责人，首次回应前最先确认哪三件事？",
                                      "哪一步最能缩短从发现到回应的时间？",
                                      "声明中哪句话最可能引起新的质疑？"])
    return doc


def training_doc(selected: Sequence[Case], title: str = "舆情处置培训案例集") -> document.Doc:
    """A training pack: the chosen cases, anonymised, one after another."""
    doc = document.Doc(title)
    doc.paragraph(f"共 {len(selected)} 个案例。企业名称、别名与人员姓名已替换，个人信息已脱敏；时间以首帖发布为起点。", note=True)
    for n, case in enumerate(selected, 1):
        case_doc(case, doc, n)
    return doc
