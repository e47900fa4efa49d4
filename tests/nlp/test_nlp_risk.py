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


# how workers write of exhaustion, unpaid pay and overtime (issue 10: a lone displeased post graded grave on
# ordinary words opens no incident, so a real first report needs the lexicon's word for what it tells): each
# cue term in a report of our own, where it is shown as evidence, and in everyday chatter, which it must not
# make grave
EVERYDAY_WORDS = {
    "累晕": ("病房一个护士管三十张床，昨晚小刘直接累晕在治疗室", "今天搬家累晕了，明天再慢慢收拾"),
    "晕过去": ("连着三个大夜，早上交班的时候她晕过去了，被同事扶去急诊", "看到这个价格我直接晕过去"),
    "昏过去": ("车间里四十度不开空调，下午有个小姑娘直接昏过去了", "这道数学题看得我快昏过去了"),
    "一分没见着": ("我们厂三个月计件钱一分没见着，老板说等货款", "说好的请客，奶茶一分没见着，哈哈"),
    "工资没见着": ("上个月的工资没见着，这个月又说延后，房租都交不上了", "刚入职第一周，工资没见着先买了三件工服，好期待发薪日"),
    "钱没见着": ("干完的活钱没见着，劳务公司说项目方没打款", "闲鱼卖了个耳机，钱没见着之前我是不会发货的"),
    "一分钱没拿到": ("砍了一季甘蔗一分钱没拿到，工头跑了", "抢红包一分钱没拿到，手速太慢了"),
    "一分没拿到": ("在仓库打了两个月包，一分没拿到，人事说等总部审批", "年会抽奖一分没拿到，陪跑选手就是我"),
    "没拿到工资": ("说好的月底结，三个月没拿到工资，房租都是借的", "新工作还没拿到工资，这个月先吃土了，下个月就好了"),
    "工资没拿到": ("辞职一个月了，最后半个月的工资没拿到，HR一直拖", "银行系统升级，今天工资没拿到，明天应该就到了"),
    "工资不给": ("离职的时候押着的半个月工资不给，说是规定", "我妈说我工资不给她管就是不懂事，哈哈哈"),
    "天没休息": ("车间已经连续二十二天没休息了，早七点干到晚九点，组长说不来算旷工", "第五天没休息了，这周的剧还没追完"),
    "一天没休": ("这个月一天没休，主管说旺季谁请假就扣绩效", "国庆在家躺了七天，一天没休息够，还想放假"),
    "一天没放": ("厂里清明一天没放，说是订单压着，主任还说五一也别想", "年假一天没放，攒着过年一起休"),
    "七天不休": ("仓库说双十一前一周七天不休，谁顶得住", "双十一仓库忙起来了，七天不休的日子又来了，冲鸭"),
    "请假扣": ("发烧请假扣了三百，组长说病假也算缺勤", "我们公司请假扣不扣钱看领导心情，今天领导心情好"),
}


@pytest.fixture(scope="module")
def everyday_rows():
    texts = [text for pair in EVERYDAY_WORDS.values() for text in pair]
    return dict(zip(texts, workbench.analyze(texts).to_dict("records")))


@pytest.mark.parametrize("term", list(EVERYDAY_WORDS))
def test_everyday_words_for_exhaustion_unpaid_pay_and_overtime_are_evidence_in_a_report_and_chatter_stays_mild(
        everyday_rows, term):
    told, said = (everyday_rows[text] for text in EVERYDAY_WORDS[term])
    assert told["risk_level"] <= 3 and term in told["risk_terms"], told
    assert said["risk_level"] == risk.NO_RISK and not said["risk_terms"], said


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
