"""Content risk: grave posts are found however they are told, harmless ones with scary words
are not, denials cancel harm and failed rescues do not, and every level shows its evidence."""
from __future__ import annotations

import pytest

import workbench
from workbench.nlp import risk, segment

# (post, the severity a person gives it): the examples of issue 9, then our own in the same vein
GRAVE = {
    "工友从架子上摔下来，送到医院没抢救过来，项目部到现在一句话都没有": 1,
    "我们部门一个小姑娘加完班回家的路上倒下了，人没了，才26岁": 1,
    "据报道，某煤矿井下发生透水事故，目前仍有5名矿工没有升井": 1,
    "冲床的防护罩拆了半年，今天把小王两根手指压断了": 1,
    "车间里四十多度就两台风扇，这周已经三个人中暑被送进医院": 1,
    "包工头跑路了，我们班组二十几个人大半年的工钱全没了着落": 2,
    "宿舍那个小伙子半夜从楼顶下去了，前几天还被主管当众骂": 1,
    "我哥在物流园卸货被叉车撞了，腿打了钢板，公司说他是外包的不管": 1,
    "老师傅连着值了三个夜班，早上在更衣室里没醒过来": 1,
    "孩子早产没保住，她怀孕七个月还被安排站十个小时的班": 1,
    "上百名工人在厂门口拉横幅讨薪": 1,
    "经理涉嫌猥亵女下属，已被警方刑拘": 1,
    "某厂一名员工加班后猝死，年仅28岁": 1,
    "干了八年打磨，体检查出尘肺，厂里说离职了就不归他们管": 2,
}
HARMLESS = [
    "今天加班累死了，回家倒头就睡",
    "笑死，老板开会把PPT放成了自己的度假照",
    "这游戏BOSS一放大招全屏爆炸，直接杀疯了",
    "双十一跳楼价，冲冲冲",
    "周五下午摸鱼被抓包，社会性死亡现场",
    "食堂今天的红烧肉绝了，谁懂",
]


@pytest.fixture(scope="module")
def grave_rows():
    return workbench.analyze(list(GRAVE))


def test_grave_posts_get_the_severity_a_person_gives(grave_rows):
    got = dict(zip(GRAVE, grave_rows["risk_level"].tolist()))
    assert got == GRAVE


def test_every_raised_level_shows_its_evidence(grave_rows):
    for text, (_, row) in zip(GRAVE, grave_rows.iterrows()):
        assert row["risk_terms"], text
        assert row["risk_source"] in ("词典", "模型", "词典+模型"), text
    row = grave_rows.iloc[0]
    assert "没抢救过来" in row["risk_terms"] and row["risk_source"] in ("词典", "词典+模型")


def test_harmless_posts_with_scary_words_are_not_grave():
    df = workbench.analyze(HARMLESS)
    assert (df["risk_level"] >= 3).all(), df[["risk_level", "risk_terms"]].to_dict("records")
    assert df["risk_source"].isna().sum() >= len(HARMLESS) - (df["risk_level"] == 3).sum()


@pytest.mark.parametrize("text, term", [
    ("工厂仓库昨晚起火，所幸无人员伤亡", "伤亡"),
    ("吊装时钢梁滑落，没有人受伤，虚惊一场", "受伤"),
    ("事故未造成人员死亡", "死亡"),
    ("网传园区有员工跳楼，经核实不实", "跳楼"),
    ("群里说仓库有人被砸死了，问了主管，不是真的", "死"),
    ("有人发帖说我们食堂有工人中毒死亡，纯属捏造", "死亡"),
])
def test_a_real_denial_cancels_the_harm_term(text, term):
    scan = risk.scan_all([segment.normalize(text)])
    assert scan.floor_levels == [risk.NO_RISK] and any(term in d for d in scan.denied[0])
    assert not any(term in t for t in scan.terms[0])
    assert workbench.analyze([text])["risk_level"].iloc[0] >= 2


@pytest.mark.parametrize("text, term", [
    ("送到医院没抢救过来", "没抢救过来"),
    ("夜班后在宿舍睡下，第二天没醒过来", "没醒过来"),
    ("孩子没保住，她还在上班", "没保住"),
    ("从脚手架上掉下来，人没了", "人没了"),
    ("听说隔壁车间有人跳楼了，不是真的吧", "跳楼"),  # disbelief, not a refutation
])
def test_a_failed_rescue_is_not_a_denial(text, term):
    scan = risk.scan_all([segment.normalize(text)])
    assert scan.floor_levels == [1] and term in scan.terms[0] and not scan.denied[0]
    row = workbench.analyze([text]).iloc[0]
    assert row["risk_level"] == 1 and term in row["risk_terms"]


def test_a_floor_term_cannot_be_dropped_by_the_model():
    # told flatly, in a voice the model reads as mild: the lexicon still keeps it grave
    df = workbench.analyze(["听说隔壁组有人跳楼了", "他被猥亵了，后来就辞职了"])
    assert df["risk_level"].tolist() == [1, 1]
    assert "跳楼" in df.loc[0, "risk_terms"] and "猥亵" in df.loc[1, "risk_terms"]


def test_a_lexicon_term_tells_its_group_and_a_plain_word_or_an_exception_none():
    # grouping asks whether two reports name one harm (a beating, a death) or only a complaint's evidence
    assert risk.lexicon_group("殴打") == "刑事" and risk.lexicon_group("猝死") == "伤亡"
    assert risk.lexicon_group("投诉") == "可信投诉"
    assert risk.lexicon_group("车间") is None and risk.lexicon_group("跳楼价") is None
