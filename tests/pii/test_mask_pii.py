"""mask_pii: what analysts must never see unmasked, and the look-alikes that must stay readable."""
from __future__ import annotations

import random

import pandas as pd
import pytest

import workbench
from workbench.pii import find_pii, has_pii, id_check_digit, luhn_ok, mask_many, mask_pii, might_have_pii


def _valid_id(first17: str) -> str:
    return first17 + id_check_digit(first17)


def _luhn_complete(prefix: str) -> str:
    """``prefix`` plus the one digit that makes it pass the Luhn check."""
    return next(prefix + d for d in "0123456789" if luhn_ok(prefix + d))


def test_contract_entry_point_is_the_same_function():
    assert workbench.mask_pii is mask_pii


@pytest.mark.parametrize(
    "text, expected",
    [
        ("电话13812345678请联系", "电话138****5678请联系"),
        ("手机：138-1234-5678。", "手机：138****5678。"),
        ("手机 138 1234 5678", "手机 138****5678"),
        ("+86 138 1234 5678", "+86 138****5678"),
        ("+8613912345678", "+86139****5678"),
        ("(+86)15012345678", "(+86)150****5678"),
        ("找HR，tel19912345678", "找HR，tel199****5678"),
        ("全角１３８１２３４５６７８也要遮", "全角138****5678也要遮"),
    ],
)
def test_mobile_numbers_are_masked(text, expected):
    assert mask_pii(text) == expected
    assert has_pii(text)


def test_resident_id_masked_only_with_valid_check_digit():
    good = _valid_id("11010519491231002")  # check digit X
    assert good.endswith("X")
    assert mask_pii(f"身份证号{good}，") == "身份证号110105********002X，"
    lower_x = good[:-1] + "x"
    assert mask_pii(lower_x) == "110105********002x"
    other = _valid_id("44030619900101123")
    assert mask_pii(other) == f"440306********{other[-4:]}"
    assert mask_pii(f"{good[:6]} {good[6:14]} {good[14:]}") == "110105********002X"
    wrong = good[:-1] + "1"
    assert mask_pii(wrong) == wrong
    assert not has_pii(wrong)


def test_id_needs_a_real_birth_date_and_province():
    bad_date = _valid_id("11010519491331002")  # month 13, check digit itself valid
    future = _valid_id("11010530000101002")
    bad_province = _valid_id("99010519491231002")
    for s in (bad_date, future, bad_province):
        assert mask_pii(s) == s


def test_emails_keep_first_letter_and_domain():
    assert mask_pii("投诉请发 zhang.san+hr@example.com.cn 谢谢") == "投诉请发 z***@example.com.cn 谢谢"
    assert mask_pii("邮箱13812345678@qq.com") == "邮箱1***@qq.com"
    assert [s.kind for s in find_pii("a@b.co 和 c.d@e.org")] == ["email", "email"]


def test_bank_cards_luhn_valid_with_context_grouping_or_unionpay_prefix():
    unionpay = _luhn_complete("622202020000123456")  # 19 digits, 62 prefix
    assert mask_pii(f"工资卡{unionpay}") == f"工资卡6222 **** **** {unionpay[-4:]}"
    visa = _luhn_complete("411111111111111")
    assert mask_pii(f"信用卡号：{visa}") == f"信用卡号：4111 **** **** {visa[-4:]}"
    grouped = _luhn_complete("622848000000000")
    spaced = " ".join(grouped[i : i + 4] for i in range(0, 16, 4))
    assert mask_pii(f"转到 {spaced} 即可") == f"转到 6228 **** **** {grouped[-4:]} 即可"
    dashed = "-".join(grouped[i : i + 4] for i in range(0, 16, 4))
    assert mask_pii(dashed) == f"6228 **** **** {grouped[-4:]}"


def test_luhn_invalid_card_left_alone():
    valid = _luhn_complete("622202020000123456")
    broken = valid[:-1] + str((int(valid[-1]) + 1) % 10)
    assert mask_pii(f"卡号{broken}") == f"卡号{broken}"


@pytest.mark.parametrize(
    "text",
    [
        "有问题拨打12333劳动保障热线",
        "客服热线400-123-4567，或 4001234567",
        "工行客服95588，建行95533",
        "他的手机138****5678已经打不通了",
        "卡号6222 **** **** 1234",
        "统一社会信用代码91110108MA01ABCD2X",
        "税号 91310000MA1K38125A 开票",
        "2023-10-01 12:30 发工资",
        "20231001 入职，工号 20231001",
        "拖欠工资13812345678元",  # an amount, not a phone
        "罚款 13812345678.50 元",
        "订单号1381234567890",  # 13 digits: not a phone
        "微博正文 https://weibo.com/1234567890/4958123456789019",
        "mid=4958123456789019",
        "加班 996，年终奖 3 个月，N+1 赔偿",
        "",
    ],
)
def test_look_alikes_left_alone(text):
    assert mask_pii(text) == text
    assert not has_pii(text)


def test_weibo_mid_passing_luhn_is_not_a_card_without_context():
    mid = _luhn_complete("495812345678901")  # 16 digits, Visa-like prefix, Luhn-valid
    assert luhn_ok(mid)
    assert mask_pii(f"转发微博 {mid}") == f"转发微博 {mid}"
    assert mask_pii(f"银行卡 {mid}") != f"银行卡 {mid}"


def test_all_digit_credit_code_after_its_label_is_kept():
    looks_like_id = _valid_id("11010519491231002")
    assert mask_pii(f"统一社会信用代码：{looks_like_id}") == f"统一社会信用代码：{looks_like_id}"


def test_several_kinds_in_one_post_and_mask_many():
    idn = _valid_id("32010219851201456")
    text = f"我叫张三，电话13912345678，身份证{idn}，邮箱zs@corp.cn，公司欠薪三个月"
    masked = mask_pii(text)
    assert "13912345678" not in masked and idn not in masked and "zs@corp.cn" not in masked
    assert "公司欠薪三个月" in masked
    assert [s.kind for s in find_pii(text)] == ["phone", "id", "email"]
    assert mask_many([text, None, float("nan"), "无个人信息"]) == [masked, "", "", "无个人信息"]


def test_masking_is_idempotent():
    text = f"电话13912345678 卡号{_luhn_complete('622202020000123456')}"
    once = mask_pii(text)
    assert mask_pii(once) == once


@pytest.mark.parametrize("text", [
    "电话 138\u30001234\u30005678", "电话 138\u20051234\u00a05678", "电话 １３８．１２３４．５６７８", "电话 138－1234－5678",
    "tel:158.1234.5678", "邮箱 hr＠corp.com", "a%40b.com", "卡 6222\u30000202\u30000000\u30000005",
    "身份证 440 306 1990 0307 1232",
])
def test_the_import_pre_filter_lets_every_form_through(text):
    assert find_pii(text)
    assert might_have_pii(pd.Series([text, "没有数字的帖子"], dtype="str")).tolist() == [True, False]


def test_the_import_pre_filter_never_skips_what_the_masker_finds():
    # Random digit runs (ASCII or full-width) broken by every kind of separator, among e-mail
    # marks and noise: whatever find_pii finds, the vectorised pre-filter must have let through.
    rnd = random.Random(14)
    seps = [""] * 40 + [" ", ".", "-", "．", "－", "\t", "\u3000", "\u00a0", "\u2005", "  "]
    noise = list("ab卡号@＠%4０()+") + ["%40", "账号"]

    def digits() -> str:
        run = "1" + rnd.choice("3456789") + "".join(rnd.choice("0123456789") for _ in range(rnd.randint(3, 18)))
        run = "".join(d + rnd.choice(seps) for d in run)
        return run.translate({ord(d): 0xFF10 + int(d) for d in "0123456789"}) if rnd.random() < 0.2 else run

    texts = ["".join(rnd.choice([digits, lambda: rnd.choice(noise)])() for _ in range(rnd.randint(1, 4)))
             for _ in range(20_000)]
    found = [bool(find_pii(t)) for t in texts]
    passed = might_have_pii(pd.Series(texts, dtype="str"))
    assert sum(found) > 300  # the texts do exercise the masker
    assert not any(f and not p for f, p in zip(found, passed))


def test_posts_with_links_dates_and_short_numbers_skip_the_masker():
    texts = pd.Series(["2024-05-01 12:00:00 加班到凌晨 https://t.cn/A6b2e9f1 #职场#", "工资 12345 元", "订单号 20240501"], dtype="str")
    assert might_have_pii(texts).tolist() == [False, False, False]
