"""态势总览 figures: each number with its change and its explanation; clocks spelled out."""
from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pandas as pd

from workbench import overview, vocab
from workbench.incidents.clocks import default_config

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def test_headline_figures_compare_with_the_previous_period():
    figs = overview.headline_figures(pd.DataFrame([{"posts": 200, "negative": 50, "prev_posts": 100, "prev_negative": 50,
                                                    "open_incidents": 3, "open_alerts": 1}]))
    by = {f.label: f for f in figs}
    assert (by["帖子数"].value, by["帖子数"].delta) == ("200", "+100")
    assert (by["负面占比"].value, by["负面占比"].delta) == ("25.0%", "-25.0 个百分点")
    assert "50 / 全部 200" in by["负面占比"].help
    assert by["处置中事件"].value == "3" and by["未确认预警"].value == "1"


def test_headline_figures_on_an_empty_store():
    figs = overview.headline_figures(pd.DataFrame([{"posts": 0, "negative": 0, "prev_posts": 0, "prev_negative": 0,
                                                    "open_incidents": 0, "open_alerts": 0}]))
    assert [f.value for f in figs] == ["0", "—", "0", "0"]


def test_incident_clocks_show_time_left_and_overdue():
    incidents = pd.DataFrame([
        {"incident_id": 1, "title": "新事件", "level": "Ⅰ", "status": "待研判", "opened_at": NOW - timedelta(minutes=10),
         "acknowledged_at": None, "first_response_at": None},
        {"incident_id": 2, "title": "超时事件", "level": "Ⅲ", "status": "已定级", "opened_at": NOW - timedelta(hours=30),
         "acknowledged_at": NOW - timedelta(hours=29), "first_response_at": None},
    ])
    out = overview.incident_clocks(incidents, default_config(), now=NOW).set_index("incident_id")
    assert out.loc[1, "ack"] == "进行中（剩余 20分）"
    assert out.loc[1, "overdue"] is False or not out.loc[1, "overdue"]
    assert out.loc[2, "ack"] == "按时完成"
    assert out.loc[2, "response"].startswith("已超时（超时 6小时")
    assert out.loc[2, "effective_level"] == "Ⅱ"  # an overdue clock escalates one level


def test_incident_clocks_follow_the_configured_lengths_and_a_level_decision():
    incidents = pd.DataFrame([
        {"incident_id": 1, "title": "事件", "level": "Ⅲ", "status": "已定级", "opened_at": NOW - timedelta(hours=10),
         "level_set_at": None, "acknowledged_at": None, "first_response_at": None},
        {"incident_id": 2, "title": "改过级别", "level": "Ⅲ", "status": "已定级", "opened_at": NOW - timedelta(hours=10),
         "level_set_at": NOW - timedelta(hours=1), "acknowledged_at": None, "first_response_at": None},
    ])
    config = default_config()
    config["ack"]["Ⅲ"] = timedelta(hours=12)  # the team allows 12 h instead of the default 8 h
    out = overview.incident_clocks(incidents, config, now=NOW).set_index("incident_id")
    assert out.loc[1, "ack"] == "进行中（剩余 2小时00分）"
    assert out.loc[2, "ack"] == "进行中（剩余 11小时00分）"  # runs again from the person's level decision
    assert overview.clock_help(config)["ack"].endswith("Ⅲ 12小时 / Ⅳ 24小时")


def test_incidents_by_level_lists_all_four_levels():
    counts = pd.DataFrame({"level": ["Ⅰ", "Ⅲ", None], "incidents": [1, 2, 4]})  # None: not levelled yet
    tiles = overview.incidents_by_level(counts)
    assert tiles["level"].tolist() == list(vocab.LEVELS)
    assert tiles["incidents"].tolist() == [1, 0, 2, 0]
    assert overview.open_count(counts) == 7 and overview.open_count(counts, "Ⅲ") == 2


def test_a_table_note_says_how_many_are_not_shown():
    assert overview.table_note(100, 100) == ""
    assert overview.table_note(100, 12345).startswith("共 12,345 个，按级别（新立案在前）列出前 100 个")


def test_trend_figure_stacks_sentiments():
    daily = pd.DataFrame({"day": ["2026-11-19", "2026-11-19", "2026-11-20"], "sentiment": ["负面", "正面", "负面"],
                          "posts": [3, 1, 5]})
    fig = overview.trend_figure(daily)
    assert [t.name for t in fig.data] == ["负面", "正面"]
    assert list(fig.data[0].y) == [3, 5]


def test_alert_rows_name_the_rule_and_state():
    alerts = pd.DataFrame({"rule": ["spike", "clock_overdue"], "acknowledged_at": [None, NOW]})
    rows = overview.alert_rows(alerts)
    assert rows["rule_name"].tolist() == ["发帖量突增", "处置时限超时"]
    assert rows["state"].tolist() == ["未确认", "已确认"]


def test_every_headline_number_opens_the_rows_behind_it(demo_store, open_page):
    at = open_page("overview")
    assert at.radio(key="overview_detail").options == ["收起", *overview.detail_choices()]
    at.radio(key="overview_detail").set_value(overview.NEGATIVE_DETAIL).run()
    rows = at.dataframe[0].value
    assert len(rows) and set(rows["sentiment"]) == {"负面"}
    assert all(link == f"search?post={p}" for link, p in zip(rows["link"], rows["post_id"]))
    at.radio(key="overview_detail").set_value(vocab.LEVEL_NAMES["Ⅰ"]).run()
    rows = at.dataframe[0].value
    tile = next(m for m in at.metric if m.label == vocab.LEVEL_NAMES["Ⅰ"])
    assert len(rows) == int(tile.value) and set(rows["level"]) == {"Ⅰ"}
    assert all(link == f"assess?incident={i}" for link, i in zip(rows["link"], rows["incident_id"]))
    at.radio(key="overview_detail").set_value(overview.ALERTS_DETAIL).run()
    headline = next(m for m in at.metric if m.label == "未确认预警")
    assert len(at.dataframe[0].value) == int(headline.value)
    assert not at.exception


def test_trend_and_headline_count_posts_by_local_day_and_by_the_exact_range_bounds(store):
    from workbench import db

    # 23:59:59.6 is still the 18th (an epoch rounded to whole seconds would make it the 19th)
    rows = [("2026-11-18 23:30:00+08", "负面"), ("2026-11-18 23:59:59.6+08", "负面"), ("2026-11-19 00:30:00+08", "负面"), ("2026-11-19 07:59:00+08", "正面"),
            ("2026-11-19 08:00:00+08", "负面"), ("2026-11-19 12:10:00+08", None)]  # None: not analysed
    for n, (at, sentiment) in enumerate(rows):
        pid = store.execute("INSERT INTO posts (platform, text, text_masked, content_hash, published_at) "
                            "VALUES ('微博', 't', 't', ?, ?) RETURNING id", [str(n), at]).fetchone()[0]
        if sentiment:
            store.execute("INSERT INTO analyses (post_id, sentiment) VALUES (?, ?)", [pid, sentiment])
    tz = ZoneInfo("Asia/Shanghai")
    daily = db.query("overview_daily_sentiment", store, start=datetime(2026, 11, 18, tzinfo=tz), end=datetime(2026, 11, 20, tzinfo=tz))
    assert [(str(d)[:10], s, n) for d, s, n in daily.itertuples(index=False)] == [
        ("2026-11-18", "负面", 2), ("2026-11-19", "未分析", 1), ("2026-11-19", "正面", 1), ("2026-11-19", "负面", 2)]
    # a range that starts mid-hour: the period before it is as long, to the minute
    head = db.query("overview_headline", store, start=datetime(2026, 11, 19, 8, 0, tzinfo=tz),
                    end=datetime(2026, 11, 19, 16, 0, tzinfo=tz), open_statuses=list(vocab.OPEN_STATUSES)).iloc[0]
    assert (head["posts"], head["negative"], head["prev_posts"], head["prev_negative"]) == (2, 1, 2, 1)
