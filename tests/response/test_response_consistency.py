"""The 统一口径 check: what a statement misses, what it must not say, numbers that disagree."""
from workbench.response.consistency import blocking, check, coverage

POINTS = [
    {"key": "事实", "value": "经核实，涉及员工 120 人，拖欠工资 350 万元。", "kind": "必含"},
    {"key": "措施", "value": "全部工资将于 11 月 30 日前足额发放。", "kind": "必含"},
    {"key": "禁用", "value": "恶意造谣、个别员工", "kind": "禁用"},
    {"key": "背景", "value": "人社部门已约谈企业负责人。", "kind": "背景"},
]
GOOD = "关于网传欠薪一事，经核实，涉及员工 120 人，拖欠工资 350 万元。全部工资将于 11 月 30 日前足额发放。"


def _kinds(findings):
    return sorted((f["kind"], f["key"]) for f in findings)


def test_statement_that_follows_the_points_has_no_findings():
    assert check(GOOD, POINTS) == []


def test_missing_key_point_is_blocking_and_says_how_much_was_covered():
    body = "经核实，涉及员工 120 人，拖欠工资 350 万元。"
    findings = check(body, POINTS)
    assert _kinds(findings) == [("缺少要点", "措施")]
    assert findings[0]["severity"] == "阻断"
    assert "覆盖" in findings[0]["message"] and "11 月 30 日" in findings[0]["message"]


def test_background_points_are_not_required():
    assert all(f["key"] != "背景" for f in check(GOOD, POINTS))


def test_forbidden_phrase_is_blocking():
    findings = check(GOOD + "网传内容系个别员工恶意造谣。", POINTS)
    assert _kinds(findings) == [("禁用表述", "禁用"), ("禁用表述", "禁用")]
    assert {"「恶意造谣」", "「个别员工」"} == {f["message"][f["message"].index("「"):] for f in findings}
    assert len(blocking(findings)) == 2


def test_different_number_contradicts_the_points():
    body = GOOD.replace("涉及员工 120 人", "涉及员工 100 名")
    findings = check(body, POINTS)
    number = [f for f in findings if f["kind"] == "数值矛盾"]
    assert len(number) == 1 and number[0]["severity"] == "阻断" and number[0]["key"] == "事实"
    assert "「100名」" in number[0]["message"] and "「120人」" in number[0]["message"]
    assert number[0]["explanation"] == "按数值比较：100名 = 100 人；120人 = 120 人"


def test_a_different_date_is_a_blocking_contradiction():
    points = [{"key": "措施", "value": "拖欠工资将于 12 月 20 日前全部发放。", "kind": "必含"}]
    findings = [f for f in check("拖欠工资将于本月 5 日前全部发放。", points) if f["kind"] == "数值矛盾"]
    assert len(findings) == 1 and findings[0]["severity"] == "阻断"
    assert "日期不一致" in findings[0]["message"] and "5日（未写月份）" in findings[0]["explanation"]
    assert check("拖欠工资将于 20 号前全部发放。", points) == []  # 20号 is the 20th: the same date


def test_durations_are_compared_as_lengths():
    points = [{"key": "措施", "value": "整改将在一个月内完成。", "kind": "必含"}]
    findings = check("整改将在两个月内完成。", points)
    assert [f["kind"] for f in findings] == ["数值矛盾"] and "时长不一致" in findings[0]["message"]
    assert "一个月 = 30 天" in findings[0]["explanation"] and "两个月 = 60 天" in findings[0]["explanation"]
    assert check("整改将在30天内完成。", points) == []


def test_amounts_and_head_counts_are_compared_as_values():
    points = [{"key": "事实", "value": "涉及员工 120 人，拖欠工资 350 万元。", "kind": "必含"}]
    assert check("涉及员工一百二十名，拖欠工资 3,500,000 元。", points) == []
    findings = check("涉及员工 120 人，拖欠工资 35 万元。", points)
    assert [f["kind"] for f in findings] == ["数值矛盾"] and "金额不一致" in findings[0]["message"]
    assert "350,000 元" in findings[0]["explanation"] and "3,500,000 元" in findings[0]["explanation"]


def test_each_finding_is_explained():
    findings = check("公司将依法处理恶意造谣。", POINTS)
    assert findings and all(f["explanation"] for f in findings)
    missing = next(f for f in findings if f["kind"] == "缺少要点")
    assert "缺少：" in missing["explanation"]


def test_the_check_is_a_list_of_finders_a_new_source_can_join():
    from workbench.response import consistency

    def ledger(draft):  # e.g. a claims ledger passed in sources
        return [consistency.Finding("台账不符", consistency.WARNING, "", f"台账：{draft.sources['ledger']}", "示例")]

    findings = check(GOOD, POINTS, sources={"ledger": "已发放 80 人"}, finders=[*consistency.FINDERS, ledger])
    assert [f["kind"] for f in findings] == ["台账不符"] and findings[0]["message"] == "台账：已发放 80 人"


def test_general_discouraged_phrase_warns_without_blocking():
    findings = check(GOOD + "其余问题无可奉告。", POINTS, ["无可奉告"])
    assert _kinds(findings) == [("不宜表述", "")]
    assert blocking(findings) == []


def test_coverage_counts_terms_of_the_point():
    assert coverage("足额发放", "工资将足额发放") == 1.0
    assert coverage("足额发放", "与此无关") == 0.0
    assert 0 < coverage("足额发放工资", "工资将足额发放") < 1  # bigram 放工 spans two words
