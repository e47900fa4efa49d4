"""An incident's tone: a positive story to track (正面) or trouble to respond to (负面), and why.

A 正面 incident is followed on the pages and never alerted on. Its tone is read from its posts'
sentiment, content risk and stance score (view ``post_stances``), what they tell happened (a rescue, a
death: ``data/nlp/story_terms.tsv``) and whether a monitor rule the team set matched them, when the
incident opens (``clustering._promote``) and whenever it takes posts (``turned``: an incident that
turns is retitled, ``clustering.retitle``); ``describe`` says in Chinese which rule decided it, for
the 影响评估 page. A person may set the tone instead (``editing.set_tone``, with a reason): the posts'
reading is still shown beside it, and never overrides it.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import duckdb
import pandas as pd

from .. import db
from ..nlp import lexicons
from .titles import MODEL, PERSON  # who set an incident's tone (``incidents.polarity_source``), as who named it

TONES = ("负面", "正面")
PRAISE_SHARE = 1 / 3  # share of glad posts a good deed told with no trouble in it needs (``is_praise``)
# the mean stance score (P(正面) − P(负面) per post, ±1 / 0 where a person set the label) a story told with
# grave words needs to read as praise (``is_told_gladly``); on the tuning weeks S1–S69 no grave event's
# largest incident reads above 0.084 (S5's wage arrears, settled to applause) and no death's above −0.14
PRAISE_SCORE = 0.1
GLAD_MIN_POSTS = 6  # twice ``clustering.MIN_POSTS``: a few glad first reactions under a grave event do not decide it
# the share of its posts telling of a rescue (or a thing returned) a story told with no death or grave harm
# needs to read as a rescue (``is_told_as_rescue``); on the tuning weeks S1–S78 no severity 1–3 event's own
# posts, taken in time order, reach it at any point with glad posts at least as many as displeased ones
RESCUE_SHARE = 1 / 4


def is_praise(n_posts: int, n_positive: int, min_risk: int, n_negative: int) -> bool:
    """Praise that spreads, with some grumbling under it, is still a positive story: most posts
    正面 and none graver than content risk 3. A good deed (a rescue, money returned) is told mostly
    in news reports, the employer's notice and retellings the classifier reads as neutral, with a
    「太勇了」 or 「别就一张奖状」 it reads as 负面: with no post graded as trouble (content risk 4
    throughout), glad posts outnumbering the ``n_negative`` displeased ones and ``PRAISE_SHARE``
    of all make it a positive story too."""
    if n_positive * 2 > n_posts and min_risk >= 3:
        return True
    return min_risk >= 4 and n_positive > n_negative and n_positive >= PRAISE_SHARE * n_posts


def is_told_gladly(n_posts: int, n_positive: int, n_negative: int, mean_score: float) -> bool:
    """A good deed told with grave words is a positive story: a driver pulling a family from a burning
    car, a worker jumping into a river for a child, a nurse's CPR. The risk model grades such narratives
    1–2 (火, 溺水, 被困, 心脏骤停), so ``is_praise``'s "nothing graver than risk 3" never holds; what
    marks them is how they are told: glad posts outnumbering displeased ones and the model's mean stance
    over all posts at least ``PRAISE_SCORE``, once ``GLAD_MIN_POSTS`` posts tell it. A death or an injury
    is told in grief and anger however many thank its rescuers."""
    return n_posts >= GLAD_MIN_POSTS and n_positive > n_negative and mean_score >= PRAISE_SCORE


def is_told_as_rescue(n_posts: int, n_positive: int, n_negative: int, n_rescue: int, n_harm: int) -> bool:
    """A rescue the model half reads as trouble is a positive story: a fire, a drowning or a cardiac
    arrest told by eyewitnesses (「吓死了」「太险了」) reads 负面 as often as 正面, and the mean stance stays
    below ``PRAISE_SCORE``. What marks it is what its posts tell happened: ``RESCUE_SHARE`` of them tell
    of a life saved or a thing returned (救起, 获救, 归还, 表彰), none of a death or grave harm (身亡, 遇难,
    重伤), once ``GLAD_MIN_POSTS`` posts tell it, with glad posts at least as many as displeased ones. An
    accident whose workers were pulled out alive but someone died is told with the death."""
    return (n_posts >= GLAD_MIN_POSTS and n_harm == 0 and n_rescue >= RESCUE_SHARE * n_posts
            and n_positive >= n_negative)


@lru_cache(maxsize=1)
def story_patterns() -> dict[str, str]:
    """kind (rescue, harm) → a regular expression of its terms (``lexicons.story_terms``), for Python's
    ``re`` and DuckDB's ``regexp_matches`` alike (literal terms, no syntax either reads differently)."""
    return {kind: lexicons.alternation(terms) for kind, terms in lexicons.story_terms().items()}


def _telling(texts: list[str], kind: str) -> int:
    """How many of ``texts`` tell of ``kind`` (``story_patterns``)."""
    pattern = re.compile(story_patterns()[kind])
    return sum(1 for t in texts if pattern.search(t))


@dataclass(frozen=True)
class Tone:
    """What a group of posts says of its story, and the tone that follows (``rule``: which rule made it
    正面, ``praise``, ``told_gladly`` or ``rescue``; None for 负面). ``n_rule_matched``: its posts a monitor
    rule the team set matched; ``n_rescue`` / ``n_harm``: its posts telling of a rescue / a death or grave harm."""

    n_posts: int
    n_positive: int
    n_negative: int
    min_risk: int
    mean_score: float
    rule: str | None
    n_rule_matched: int
    n_rescue: int = 0
    n_harm: int = 0

    @property
    def polarity(self) -> str:
        return "负面" if self.rule is None else "正面"


def from_counts(n_posts: int, n_positive: int, n_negative: int, min_risk: int, mean_score: float,
                n_rule_matched: int, n_rescue: int = 0, n_harm: int = 0) -> Tone:
    """The tone of posts counted so: ``praise`` first, then ``told_gladly``, then ``rescue``, else 负面.
    Posts a monitor rule matched keep it 负面 however gladly they are told: what the team asked to be
    warned of is warned of (an incident opens so, ``clustering._worth_an_incident``, and stays so as it grows)."""
    rule = (None if n_rule_matched
            else "praise" if is_praise(n_posts, n_positive, min_risk, n_negative)
            else "told_gladly" if is_told_gladly(n_posts, n_positive, n_negative, mean_score)
            else "rescue" if is_told_as_rescue(n_posts, n_positive, n_negative, n_rescue, n_harm) else None)
    return Tone(n_posts, n_positive, n_negative, min_risk, mean_score, rule, n_rule_matched, n_rescue, n_harm)


def read(posts: pd.DataFrame) -> Tone | None:
    """The tone of a group's posts (columns title, text_masked, sentiment, risk_level, stance_score and
    rule_matched, as query ``incident_title_inputs`` gives them); None for no posts."""
    if not len(posts):
        return None
    said = Counter(posts["sentiment"].tolist())  # (counted as a list: Series comparisons cost more, ×100s a cycle)
    risk = int(pd.to_numeric(posts["risk_level"], errors="coerce").fillna(4).min())
    mean = float(pd.to_numeric(posts["stance_score"], errors="coerce").fillna(0.0).mean())
    matched = int(posts["rule_matched"].fillna(False).astype(bool).sum())
    texts = [f"{t if isinstance(t, str) else ''} {x if isinstance(x, str) else ''}"  # (as incident_tone_counts joins them)
             for t, x in zip(posts["title"].tolist(), posts["text_masked"].tolist())]
    return from_counts(len(posts), said["正面"], said["负面"], risk, mean, matched,
                       _telling(texts, "rescue"), _telling(texts, "harm"))


def _by_incident(counts: pd.DataFrame) -> dict[int, tuple[str, Tone]]:
    """Rows of ``incident_tone_counts`` as incident id → (the tone it has now, the tone its posts read as)."""
    return {int(i): (polarity or "负面", from_counts(int(n), int(glad), int(displeased), int(risk), float(mean), int(matched),
                                                    int(rescue), int(harm)))
            for i, polarity, n, glad, displeased, risk, mean, matched, rescue, harm in counts[
                ["incident_id", "polarity", "n_posts", "n_positive", "n_negative", "min_risk", "mean_score",
                 "n_rule_matched", "n_rescue", "n_harm"]
            ].itertuples(index=False)}


def turned(cur: duckdb.DuckDBPyConnection, incident_ids: list[int]) -> list[int]:
    """Those of ``incident_ids`` whose posts now read in the other tone than the incident has: a rescue
    told gladly once enough posts tell it, or a positive story turned grave (its rescuer died). An
    incident whose tone a person set (``editing.set_tone``) never turns."""
    if not incident_ids:
        return []
    # (on the caller's cursor: a run's new members are not committed yet, and ``db.query`` opens its own)
    counts = cur.execute(db.sql_text("incident_tone_counts"),
                         {"incident_ids": [int(i) for i in incident_ids], **story_patterns()}).df()
    by_person = set(counts.loc[counts["polarity_source"] == PERSON, "incident_id"].astype(int))
    return [i for i, (now, read_as) in _by_incident(counts).items() if read_as.polarity != now and i not in by_person]


def stance(posts: pd.DataFrame) -> str | None:
    """正面 or 负面 for a group's posts (``read``); None for no posts."""
    tone = read(posts)
    return None if tone is None else tone.polarity


def of_incident(con: duckdb.DuckDBPyConnection, incident_id: int) -> Tone | None:
    """The tone an incident's posts read as now (None: it holds no post)."""
    counted = _by_incident(db.query("incident_tone_counts", con, incident_ids=[int(incident_id)], **story_patterns()))
    return counted[int(incident_id)][1] if counted else None


def describe(tone: Tone | None) -> str:
    """Why an incident reads as it does, in a sentence for the pages."""
    if tone is None:
        return "事件暂无帖子，未判断正负面。"
    counts = (f"{tone.n_posts} 帖中正面 {tone.n_positive}、负面 {tone.n_negative}，"
              f"最高内容风险 {tone.min_risk} 级，平均倾向分 {tone.mean_score:+.2f}")
    if tone.rule == "praise":
        return f"按帖子看为正面（只跟踪，不预警）：{counts}；正面帖占多数且无 1–2 级风险帖，或全为 4 级且正面帖多于负面帖、占三分之一以上。"
    if tone.rule == "told_gladly":
        return (f"按帖子看为正面（只跟踪，不预警）：{counts}；用严重字眼讲的好事（如救人）：{GLAD_MIN_POSTS} 帖以上、"
                f"正面帖多于负面帖、平均倾向分 ≥ {PRAISE_SCORE:.2f}。")
    if tone.rule == "rescue":
        return (f"按帖子看为正面（只跟踪，不预警）：{counts}；讲的是救人或归还财物：{tone.n_rescue} 帖讲到获救、归还或表彰"
                f"（不少于四分之一），没有帖子讲到死亡或重伤，{GLAD_MIN_POSTS} 帖以上，正面帖不少于负面帖。")
    if tone.n_rule_matched:
        return (f"按帖子看为负面（照常预警）：{counts}；其中 {tone.n_rule_matched} 帖命中团队设定的监测规则，"
                f"命中规则的事件照常预警，不按正面事件只跟踪。")
    return f"按帖子看为负面（照常预警）：{counts}；不满足正面事件的条件。"
