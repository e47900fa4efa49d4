"""Incident titles a person would write: who + where + what happened.

Built from an incident's posts: the employer they are about, the most telling place or unit named
in them (a workshop, a branch, a city district), and what happened, read from the posts' risk
terms first (a death, a fall, a protest, harassment …) and else from their main category. An
analyst's rename always wins over this (``incidents.title_source = 'person'``).
"""
from __future__ import annotations

import re
from collections import Counter
from typing import Iterable

UNKNOWN_EMPLOYER = "某单位"
MAX_TITLE = 24

# What happened, gravest first: (risk or key terms that show it, the phrase for a title).
HAPPENINGS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("跳楼", "坠楼", "从楼上下去了", "从楼顶下去了", "从楼上跳下", "从楼顶跳下", "轻生", "自杀", "自缢", "上吊", "割腕"), "员工轻生"),
    (("猝死", "过劳死"), "员工猝死"),
    (("死亡", "身亡", "遇难", "丧生", "坠亡", "不治身亡", "抢救无效", "没抢救过来", "没能抢救过来", "没醒过来",
      "人没了", "没救回来", "没能救回来", "工亡", "身故", "罹难", "压死", "砸死", "摔死", "电死", "烧死"), "员工死亡"),
    (("没有升井", "未升井", "仍未升井", "透水"), "井下被困事故"),
    # 被困 alone is no mine: a worker shut in a cold store, a van overturned in a ditch, a lift stuck
    # (tuning weeks S1–S63: of the 20 incidents titled 井下被困事故 only one was a mining company's; it reads
    # 人员被困 now, still true, since its posts never say 透水 or 升井)
    (("被困",), "人员被困"),
    (("爆炸", "火灾", "起火", "坍塌", "塌方"), "安全事故"),
    (("截肢", "断指", "重伤", "压断", "轧断", "卷进", "骨折", "烧伤", "烫伤", "受伤", "中暑", "热射病"), "员工受伤"),
    (("尘肺", "矽肺", "尘肺病", "职业性中毒", "职业病"), "职业病争议"),
    (("猥亵", "强奸", "性侵", "性骚扰", "骚扰", "动手动脚"), "被指性骚扰"),
    (("非法拘禁", "扣押身份证", "扣身份证", "殴打", "打人"), "被指侵害员工人身权利"),
    (("行贿", "受贿", "贪污", "回扣", "挪用", "侵占"), "被指贪腐"),
    (("拉横幅", "罢工", "集体讨薪", "集体上访", "群体事件", "群体性事件", "堵门", "停工", "讨薪", "聚集", "静坐"), "员工聚集讨薪"),
    (("欠薪", "拖欠工资", "不发工资", "克扣工资", "拖欠", "工钱", "欠款", "跑路"), "拖欠工资"),
    (("裁员", "被裁", "被优化", "优化", "毕业", "关停", "闭店", "关店", "裁撤"), "裁员补偿争议"),
    (("歧视", "年龄歧视", "性别歧视", "孕期", "怀孕"), "被指就业歧视"),
    (("996", "大小周", "强制加班", "加班"), "强制加班争议"),
)
CATEGORY_PHRASE = {
    "薪酬福利": "薪酬争议", "工时加班": "加班争议", "裁员离职": "裁员离职争议", "骚扰歧视": "骚扰歧视投诉",
    "管理作风": "管理作风投诉", "安全健康": "安全健康事件", "劳动合规": "劳动合规争议", "招聘求职": "招聘争议",
    "企业文化": "企业文化话题", "其他": "相关讨论",
}
POSITIVE_PHRASE = {"薪酬福利": "福利获赞", "企业文化": "获员工点赞"}
# What a positive story is about, read in its keywords (within a word: 「救起落水儿童」 holds 救起).
POSITIVE_HAPPENINGS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("救起", "救出", "救下", "救回", "救人", "勇救", "施救", "心肺复苏", "海姆立克", "见义勇为", "接生"), "员工救人获赞"),
    (("拾金不昧", "失主"), "员工拾金不昧获赞"),
)
# A place or unit worth naming: a word ending in one of these (三号厂房, 张江支行, 江宁分拣中心 …).
_PLACE = re.compile(r"[\u4e00-\u9fff]{1,5}(?:车间|厂房|厂区|支行|分行|网点|门店|分店|校区|分校|工地|项目部|"
                    r"分拣中心|仓库|园区|医院|煤矿|矿井|工厂|站点|中心)")
_GENERIC_PLACES = {"中心", "医院", "工厂", "园区", "仓库", "门店", "工地", "车间", "网点", "站点"}
# A date or a time of day before a place is no part of its name: 「1月25日夜间园区」 names 园区, not 「日夜间园区」
_DATE_END = "年月日号时点"
_WHEN = re.compile(r"^(?:凌晨|清晨|早上|上午|中午|下午|傍晚|晚上|夜间|夜里|深夜|半夜|当天|当晚|今天|昨天|昨晚|今晨|今早)")


def happening(risk_terms: Counter, keywords: Counter, category: str | None, polarity: str = "负面") -> str:
    """What happened, as a short phrase."""
    seen = Counter()
    for t, n in list(risk_terms.items()) + list(keywords.items()):
        seen[str(t)] += n
    if polarity == "正面":
        for terms, phrase in POSITIVE_HAPPENINGS:
            if any(t in word for word in seen for t in terms):
                return phrase
        return POSITIVE_PHRASE.get(category or "", "获正面评价")
    for terms, phrase in HAPPENINGS:
        if any(seen.get(t) for t in terms):
            return phrase
    return CATEGORY_PHRASE.get(category or "", "相关舆情")


def place(texts: Iterable[str], employer: str | None, aliases: Iterable[str] = ()) -> str | None:
    """The place or unit most of ``texts`` name (at least twice), without the employer's name."""
    names = sorted({n for n in [employer, *aliases] if isinstance(n, str) and n}, key=len, reverse=True)
    counts: Counter = Counter()
    for text in texts:
        found = set()
        for n in names:  # the employer's own name is no place: cut it out before looking
            text = (text or "").replace(n, "，")
        for m in _PLACE.finditer(text or ""):
            p = m.group(0)
            if m.start() and text[m.start() - 1].isdigit() and p[0] in _DATE_END:
                p = p[1:]
            p = _WHEN.sub("", p).lstrip("的在了是和与从到")
            if len(p) >= 3 and p not in _GENERIC_PLACES:
                found.add(p)
        counts.update(found)
    if not counts:
        return None
    best, n = counts.most_common(1)[0]
    return best if n >= 2 else None


def title(employer: str | None, where: str | None, what: str) -> str:
    """「华锐精密电子三号厂房员工死亡」: employer, place, what happened, within ``MAX_TITLE`` characters."""
    who = employer or UNKNOWN_EMPLOYER
    text = f"{who}{where or ''}{what}"
    return text if len(text) <= MAX_TITLE else f"{who}{what}"[:MAX_TITLE]
