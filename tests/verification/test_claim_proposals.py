"""Proposing claims from an incident's posts: frequent checkable phrases and their numbers."""
import pandas as pd
from claims_story import wage_incident

from workbench.verification import claims, proposals


def test_clauses_keep_checkable_facts_and_drop_demands_and_chatter():
    text = "#打工人# 还我血汗钱！云帆物流拖欠我们三个月工资，要求公司立即结清。今天天气不错//@某人：上百名分拣员聚集讨薪"
    assert proposals.clauses(text) == ["云帆物流拖欠我们三个月工资", "上百名分拣员聚集讨薪"]
    assert proposals.numbers("拖欠三个月工资，9个月公积金，上百名分拣员") == ["三个月", "9个月", "上百名"]


def test_proposals_rank_claims_by_posts_and_group_other_wordings(store):
    iid, posts = wage_incident(store)
    props = proposals.propose(store, iid)
    top = props.iloc[0]
    assert top["text"] == "上百名分拣员聚集在园区门口讨薪" and top["posts"] == 3
    assert top["numbers"] == ["上百名"] and top["first_seen"] == pd.Timestamp("2026-11-20 02:20:00+08")
    wage = props[props["text"] == "云帆物流拖欠我们三个月工资"].iloc[0]
    assert wage["posts"] == 2 and wage["post_ids"] == posts[:2]
    assert "今天园区天气不错" not in set(props["text"])  # made once, and no claim


def test_accepting_a_proposal_puts_it_in_the_ledger_and_it_is_proposed_no_more(store):
    iid, _ = wage_incident(store)
    top = proposals.propose(store, iid).iloc[0].to_dict()
    cid = proposals.accept(store, iid, top, "王敏", text="上百名分拣员聚集讨薪")
    row = claims.ledger(store, iid).iloc[0]
    assert (row["id"], row["text"], row["origin"], row["posts"]) == (cid, "上百名分拣员聚集讨薪", "提议", 3)
    assert "上百名分拣员聚集在园区门口讨薪" in list(row["phrases"])
    assert "上百名分拣员聚集在园区门口讨薪" not in set(proposals.propose(store, iid)["text"])


def test_proposals_show_masked_text_only(store):
    iid, _ = wage_incident(store)
    shown = proposals.propose(store, iid, min_posts=1).to_string()
    assert "13812345678" not in shown
