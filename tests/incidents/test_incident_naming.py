"""What an incident's title says happened (``naming.happening``): read from the posts' risk terms and
keywords, gravest first; and where (``naming.place``): a unit the posts name."""
from __future__ import annotations

from collections import Counter

from workbench.incidents import naming


def test_people_trapped_above_ground_are_not_titled_a_mine_accident():
    # a van in a ditch outside the plant, a family inside: 被困 names no mine
    assert naming.happening(Counter({"被困": 3, "送医": 1}), Counter({"面包车": 2}), "安全健康") == "人员被困"
    assert naming.title("九江浔阳石化有限公司", None, "人员被困") == "九江浔阳石化有限公司人员被困"


def test_miners_not_brought_up_are_a_mine_accident():
    assert naming.happening(Counter({"被困": 2, "透水": 1}), Counter(), "安全健康") == "井下被困事故"
    assert naming.happening(Counter({"未升井": 1}), Counter({"矿工": 3}), "安全健康") == "井下被困事故"


def test_a_death_is_named_before_anyone_trapped():
    assert naming.happening(Counter({"被困": 2, "遇难": 1}), Counter(), "安全健康") == "员工死亡"


def test_a_place_is_named_without_the_date_or_hour_before_it():
    # the park's notice and a report: 「1月25日夜间园区」 is the park itself, too generic to name
    notices = ["关于1月25日夜间园区安全事故的情况说明", "1月25日夜间园区冰滑道维护时发生坠落"]
    assert naming.place(notices, "北极光冰雪乐园") is None
    workers = ["今天三号厂房又停电了", "昨晚三号厂房的冲床出事了"]
    assert naming.place(workers, None) == "三号厂房"


def test_a_positive_story_is_named_for_the_good_deed_it_tells():
    # a rescue told with grave words is still named for the rescue once it reads as praise
    assert naming.happening(Counter({"起火": 2, "被困": 1}), Counter({"救出": 3, "货车司机": 2}), "安全健康", "正面") == "员工救人获赞"
    assert naming.happening(Counter(), Counter({"拾金不昧": 2}), "企业文化", "正面") == "员工拾金不昧获赞"
    assert naming.happening(Counter(), Counter({"金条": 2}), "企业文化", "正面") == "获员工点赞"
