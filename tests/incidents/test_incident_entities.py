"""Monitored names: aliases, misspellings, brands and executives resolve to one employer;
the list is replaced as a whole, validated and audited."""
from __future__ import annotations

import pytest
from conftest import audit_rows

from workbench.incidents import entities

ROWS = [
    {"name": "华锐精密电子", "kind": "employer", "aliases": ["华锐", "华瑞电子", "HR精密"]},
    {"name": "迅驰快递", "kind": "employer", "aliases": "迅驰，讯驰快递、XC快递"},
    {"name": "林振南", "kind": "person", "aliases": ["林老板"], "employer": "木森家具"},
    {"name": "木森家具", "kind": "employer", "aliases": ["木森"]},
]


def test_aliases_misspellings_brands_and_people_resolve_to_their_employer(store):
    entities.replace_all(store, ROWS, actor="分析员")
    names = entities.store_matcher(store)
    assert names.employer("塘厦华瑞电子昨晚出事了") == "华锐精密电子"
    assert names.employer("hr精密那边只肯给三万") == "华锐精密电子"  # case does not matter
    assert names.employer("讯驰快递网点停工") == "迅驰快递"
    assert names.employer("林老板厂庆发金条") == "木森家具"
    assert names.employer("食堂今天的菜有点咸") is None
    # the longer name wins inside a text that names two employers unequally
    assert names.employers("迅驰又上热搜，迅驰快递回应，华锐也在") == ["迅驰快递", "华锐精密电子"]


def test_a_name_the_post_denies_is_not_whom_it_is_about(store):
    entities.replace_all(store, ROWS, actor="分析员")
    names = entities.store_matcher(store)
    # 「不是X，是另一家」 tells of another employer of the trade or place and rules the watched one out
    assert names.employer("听说塘厦有家电子厂在裁员，不是华锐，是另外那家") is None
    assert names.employer("镇上另一家快递网点据说要关了（非迅驰）") is None
    assert names.post_employer("我们那家（不是木森）今年没发年终奖", "木森家具") == "木森家具"  # the account still speaks for it
    # a guess or a recognition asks, it does not deny; a corrected misspelling still names the employer
    assert names.employer("是不是华锐？我表姐也在那边") == "华锐精密电子"
    assert names.employer("这不是迅驰的网点吗，我天天路过") == "迅驰快递"
    assert names.employer("不是华锐吧？我们这没听说") == "华锐精密电子"
    assert names.employer("是迅驰，不是讯驰，别写错了") == "迅驰快递"


def test_a_name_only_listed_among_others_is_the_trades_talk_not_about_that_employer(store):
    entities.replace_all(store, ROWS, actor="分析员")
    names = entities.store_matcher(store)
    # a job seeker weighing a trade's employers, a sector's news naming several: nobody in particular
    assert names.employer("塘厦的电子厂哪家好进？华锐、立讯这些都在招吗") is None
    assert names.employer("快递旺季各家都在招人，顺丰、迅驰、中通网点都贴了告示") is None
    # named on its own as well, the post is about it
    assert names.employer("华锐、立讯都在招，但华锐昨晚刚出了事") == "华锐精密电子"


def test_an_employers_account_or_a_forums_company_label_names_the_post_employer(store):
    entities.replace_all(store, ROWS, actor="分析员")
    names = entities.store_matcher(store)
    # an official statement says only 「我司」; a workplace forum labels the poster with their company
    assert names.post_employer("【情况说明】我司已成立工作组", "迅驰快递") == "迅驰快递"
    assert names.post_employer("总部今天一早就为这事开了会", "迅驰快递 区域管理") == "迅驰快递"
    assert names.post_employer("今天车间开大会讲安全", "匿名用户·华锐精密电子") == "华锐精密电子"
    # what the text names comes first; a nickname holding a name inside it is a person
    assert names.post_employer("木森发金条了", "迅驰快递 运营") == "木森家具"
    assert names.post_employer("今天又加班到十点", "爱吃木森家具饭堂的小王") is None
    assert names.post_employer("今天又加班到十点", None) is None


def test_the_list_is_replaced_whole_and_audited(store):
    entities.replace_all(store, ROWS, actor="分析员")
    entities.replace_all(store, ROWS[:1], actor="组长")
    assert entities.load(store)["name"].tolist() == ["华锐精密电子"]
    assert [r[0] for r in audit_rows(store, "entities")][:2] == ["组长", "分析员"]


@pytest.mark.parametrize("rows, message", [
    ([{"name": " "}], "主体名称不能为空"),
    ([{"name": "甲"}, {"name": "甲"}], "主体名称重复"),
    ([{"name": "甲", "kind": "city"}], "未知的主体类型"),
])
def test_bad_rows_are_refused_with_a_reason_and_nothing_changes(store, rows, message):
    entities.replace_all(store, ROWS, actor="分析员")
    with pytest.raises(ValueError, match=message):
        entities.replace_all(store, rows, actor="分析员")
    assert len(entities.load(store)) == len(ROWS)


def test_the_cli_imports_and_lists_the_names(store, db_path, tmp_path):
    import json
    import subprocess
    import sys

    store.close()
    from workbench import db

    db.close_all()
    path = tmp_path / "entities.json"
    path.write_text(json.dumps(ROWS, ensure_ascii=False), encoding="utf-8")
    run = [sys.executable, "-m", "workbench", "--db", str(db_path), "entities"]
    done = subprocess.run(run + ["import", str(path), "--actor", "分析员"], capture_output=True, text=True)
    assert done.returncode == 0 and "4" in done.stdout
    listed = json.loads(subprocess.run(run + ["list"], capture_output=True, text=True, check=True).stdout)
    assert {r["name"]: r["employer"] for r in listed}["林振南"] == "木森家具"
    path.write_text('{"name": "甲"}', encoding="utf-8")
    bad = subprocess.run(run + ["import", str(path), "--actor", "分析员"], capture_output=True, text=True)
    assert bad.returncode == 2 and "JSON 列表" in bad.stderr and len(bad.stderr.strip().splitlines()) == 1
