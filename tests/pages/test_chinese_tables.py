"""Every table on every page (demo store, AppTest from the entry point) is headed in Chinese and
shows a missing value as 「—」, never as Streamlit's 「None」."""
import json
import re

import pytest

from test_pages_smoke import PAGES

CJK = re.compile(r"[\u4e00-\u9fff]")


def _problems(table) -> list[str]:
    config = json.loads(table.proto.columns or "{}")
    frame = table.value
    shown = [c for c in frame.columns if not config.get(str(c), {}).get("hidden") and str(c) != "_index"]
    out = []
    for column in shown:
        label = config.get(str(column), {}).get("label") or str(column)
        if not CJK.search(label):
            out.append(f"表头「{label}」不是中文")
    if frame[shown].isna().any().any() and table.proto.placeholder != "—":
        out.append(f"缺失值会显示为 None（列 {[c for c in shown if frame[c].isna().any()]}）")
    return out


@pytest.mark.parametrize("name", PAGES)
def test_tables_are_headed_in_chinese_and_show_missing_values_as_a_dash(name, demo_store, open_page):
    at = open_page(name)
    tables = list(at.dataframe)
    problems = {i: p for i, t in enumerate(tables) if (p := _problems(t))}
    assert not problems, problems
