"""The rule language: precedence, phrases, NEAR, case, errors that point at the position."""
from __future__ import annotations

import pytest

from workbench.monitor.rules import RuleSyntaxError, caret_line, compile_rule, match_many


def hits(expr: str, texts: list[str]) -> list[bool]:
    rule = compile_rule(expr)
    one_by_one = [rule.matches(t) for t in texts]
    assert match_many(rule, texts) == one_by_one  # the vectorised path agrees with the scalar one
    return one_by_one


def test_and_binds_tighter_than_or():
    texts = ["欠薪", "加班 裁员", "加班", "裁员"]
    assert hits("欠薪 OR 加班 AND 裁员", texts) == [True, True, False, False]
    assert hits("(欠薪 OR 加班) AND 裁员", texts) == [False, True, False, False]


def test_not_binds_tighter_than_and_and_space_means_and():
    texts = ["加班 招聘", "加班", "招聘"]
    assert hits("加班 NOT 招聘", texts) == [False, True, False]
    assert hits("加班 AND NOT 招聘", texts) == [False, True, False]
    assert hits("NOT 加班 OR 招聘", texts) == [True, False, True]  # (NOT 加班) OR 招聘
    assert hits("NOT (加班 OR 招聘)", texts + ["无关"]) == [False, False, False, True]


def test_chinese_and_symbol_operators():
    texts = ["加班 裁员", "加班", "无关"]
    assert hits("加班 与 裁员", texts) == hits("加班 & 裁员", texts) == [True, False, False]
    assert hits("加班 或 无关", texts) == hits("加班 || 无关", texts) == [True, True, True]
    assert hits("（加班 或 无关） 与 非 裁员", texts) == [False, True, True]  # full-width parentheses


def test_exact_phrases_keep_word_order_and_spacing_is_loose():
    texts = ["拖欠 工资 三个月", "工资 没有 拖欠", "拖欠   工资"]
    assert hits('"拖欠 工资"', texts) == [True, False, True]
    assert hits("“拖欠 工资”", texts) == [True, False, True]  # Chinese quotes too
    assert hits('"NOT a keyword"', ["this is not a keyword", "not"]) == [True, False]  # operators inside quotes are words


def test_latin_is_case_insensitive_with_word_edges_and_full_width_folds():
    texts = ["公司宣布AI裁员", "He said no", "ＡＩ替代人工", "1996年的事", "996福报", "crazy 996 ICU"]
    assert hits("ai", texts) == [True, False, True, False, False, False]
    assert hits("996", texts) == [False, False, False, False, True, True]
    assert hits('"996 icu"', texts) == [False, False, False, False, False, True]
    assert hits("and", ["bread and butter", "Android"]) == [True, False]  # lower-case operators are words


def test_near_counts_characters_between_terms_in_either_order():
    rule = "加班 NEAR/5 猝死"
    assert hits(rule, ["连续加班后猝死", "猝死前曾加班", "加班一二三四五猝死", "加班一二三四五六猝死"]) == [True, True, True, False]
    assert hits("加班 NEAR/0 猝死", ["加班猝死", "加班后猝死"]) == [True, False]
    # groups of alternatives and phrases on either side
    assert hits("(加班 OR 熬夜) NEAR/3 (猝死 OR 晕倒)", ["熬夜后晕倒", "熬夜了一整周后晕倒"]) == [True, False]
    assert hits('"外卖 骑手" NEAR/4 猝死', ["外卖 骑手途中猝死", "外卖骑手猝死"]) == [True, False]
    # chained NEAR: all three within reach
    assert hits("员工 NEAR/2 加班 NEAR/2 猝死", ["员工被加班致猝死", "员工被加班了很久很久才猝死"]) == [True, False]
    # NEAR inside a larger expression
    assert hits("公司 AND NOT 加班 NEAR/2 猝死", ["公司员工加班后猝死", "公司员工加班多日后猝死"]) == [False, True]


def test_matched_terms_lists_the_positive_terms_found():
    rule = compile_rule('(欠薪 OR "拖欠 工资") AND NOT 招聘 OR 讨薪')
    assert rule.matched_terms("拖欠 工资，员工讨薪") == ["拖欠 工资", "讨薪"]
    assert rule.terms == ["欠薪", "拖欠 工资", "讨薪"]  # 招聘 is negated


def test_match_many_handles_missing_text():
    assert match_many(compile_rule("NOT 加班"), ["加班", None, ""]) == [False, True, True]


@pytest.mark.parametrize("expr, position, words", [
    ("", 1, "为空"),
    ("   ", 1, "为空"),
    ("(加班 OR 裁员", 10, "缺少右括号"),
    ("加班 AND (裁员 OR 欠薪", 17, "缺少右括号"),
    ("加班)", 3, "多了一个右括号"),
    ("加班 AND", 4, "AND 后面缺少条件"),
    ("加班 OR OR 裁员", 4, "OR 后面缺少条件"),
    ("OR 裁员", 1, "OR 前面缺少条件"),
    ('加班 "拖欠 工资', 4, "引号没有闭合"),
    ('加班 ""', 4, "引号内为空"),
    ("加班 NEAR 猝死", 4, "NEAR/10"),
    ("加班 NEAR/x 猝死", 4, "NEAR/10"),
    ("(加班 AND 熬夜) NEAR/3 猝死", 13, "左侧只能是词语"),
    ("猝死 NEAR/3 (加班 AND 熬夜)", 11, "右侧只能是词语"),
    ("加班 NEAR/3 NOT 猝死", 4, "右侧缺少"),
    ("加班 AND ()", 8, "括号内为空"),
    ("NOT", 1, "NOT 后面缺少条件"),
])
def test_errors_name_the_position_in_chinese(expr, position, words):
    with pytest.raises(RuleSyntaxError) as err:
        compile_rule(expr)
    assert err.value.position == position
    assert words in str(err.value)
    if expr.strip():
        assert str(err.value).startswith(f"第 {position} 个字符处")


def test_caret_line_points_under_the_position_with_wide_characters():
    expr = "加班 AND (裁员"
    with pytest.raises(RuleSyntaxError) as err:
        compile_rule(expr)
    assert str(err.value) == "第 11 个字符处缺少右括号（第 8 个字符处的左括号没有闭合）"
    # Chinese characters are two columns wide: the caret sits after 14 display columns
    assert caret_line(expr, err.value.position) == expr + "\n" + " " * 14 + "^"
