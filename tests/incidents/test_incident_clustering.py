"""Clustering: posts become incidents by event; reposts follow their original; analysts' edits stick."""
from collections import Counter
from datetime import timedelta
from types import SimpleNamespace

import numpy as np
import pytest

from conftest import audit_rows
from incident_factory import DAY, add_post, now, three_events  # noqa: F401 (now is a fixture)

from workbench.incidents import clustering, editing


def _members(con):
    rows = con.execute("SELECT incident_id, post_id FROM incident_posts ORDER BY incident_id, post_id").fetchall()
    out = {}
    for iid, pid in rows:
        out.setdefault(iid, set()).add(pid)
    return out


def test_three_events_in_one_day_become_three_incidents(store, now):
    events = three_events(store)
    res = clustering.cluster(store, now=now)
    assert res["new_incidents"] == 3
    groups = sorted(_members(store).values(), key=min)
    assert groups == [set(events["wages"]), set(events["fire"]), set(events["layoff"])]
    cats = {r[0] for r in store.execute("SELECT category FROM incidents").fetchall()}
    assert cats == {"薪酬福利", "安全健康", "裁员离职"}


def test_singletons_stay_unassigned(store, now):
    add_post(store, "食堂今天的菜有点咸", DAY, keywords=["食堂", "菜"], category="其他", employer="甲公司")
    add_post(store, "停车场又满了", DAY + timedelta(hours=1), keywords=["停车场"], category="其他", employer="乙公司")
    res = clustering.cluster(store, now=now)
    assert res["new_incidents"] == 0
    assert store.execute("SELECT count(*) FROM incidents").fetchone()[0] == 0


def test_reposts_join_the_incident_of_their_original(store, now):
    events = three_events(store)
    clustering.cluster(store, now=now)
    original = store.execute("SELECT external_id FROM posts WHERE id = ?", [events["fire"][0]]).fetchone()[0]
    fire_incident = store.execute("SELECT incident_id FROM incident_posts WHERE post_id = ?", [events["fire"][0]]).fetchone()[0]
    # reposts with nothing in common textually, one a repost of a repost
    r1 = add_post(store, "转发微博", now + timedelta(minutes=5), keywords=["转发"], parent=original, employer=None,
                  external_id="rp1")
    r2 = add_post(store, "//@某网友: 转发微博", now + timedelta(minutes=6), keywords=[], parent="rp1", employer=None)
    clustering.cluster(store, now=now + timedelta(hours=1))
    assert {r1, r2} <= _members(store)[fire_incident]


def test_new_posts_join_an_open_incident_later(store, now):
    events = three_events(store)
    clustering.cluster(store, now=now)
    wages = store.execute("SELECT incident_id FROM incident_posts WHERE post_id = ?", [events["wages"][0]]).fetchone()[0]
    late = add_post(store, "某建筑公司工人继续讨薪", now + timedelta(hours=2), keywords=["欠薪", "讨薪", "工资"],
                    employer="某建筑公司")
    res = clustering.cluster(store, now=now + timedelta(hours=3))
    assert res["joined"] == 1 and res["new_incidents"] == 0
    assert late in _members(store)[wages]


def test_analysts_moves_stick_after_reclustering(store, now):
    events = three_events(store)
    clustering.cluster(store, now=now)
    by_post = dict(store.execute("SELECT post_id, incident_id FROM incident_posts").fetchall())
    wages, fire = by_post[events["wages"][0]], by_post[events["fire"][0]]
    moved, taken = events["wages"][1], events["wages"][2]
    editing.move_posts(store, [moved], wages, fire, "分析员甲", now=now)
    editing.move_posts(store, [taken], wages, None, "分析员甲", now=now)
    new_id = editing.split(store, wages, [events["wages"][3]], "工资事件的子话题", "分析员甲", now=now)
    # more posts about the wages event arrive, including a repost of the moved post
    ext = store.execute("SELECT external_id FROM posts WHERE id = ?", [moved]).fetchone()[0]
    more = [add_post(store, "某建筑公司欠薪后续", now + timedelta(hours=1, minutes=i), keywords=["欠薪", "工资", "讨薪"],
                     employer="某建筑公司") for i in range(3)]
    rep = add_post(store, "转发", now + timedelta(hours=1, minutes=9), keywords=["转发"], parent=ext, employer=None)
    clustering.cluster(store, now=now + timedelta(hours=2))
    m = _members(store)
    assert moved in m[fire] and moved not in m[wages]
    assert all(taken not in posts for posts in m.values())
    assert m[new_id] == {events["wages"][3]}
    assert set(more) <= m[wages]
    assert rep in m[fire]  # the repost follows the analyst's placement
    added_by = dict(store.execute("SELECT post_id, added_by FROM incident_posts").fetchall())
    assert added_by[moved] == "分析员甲"
    actions = [r[0] for r in store.execute("SELECT action FROM audit_log WHERE entity = 'incidents'").fetchall()]
    assert {"move_posts", "remove_posts", "split"} <= set(actions)


def test_merge_and_rename_are_audited_and_merged_incident_leaves_lists(store, now):

    from workbench import db

    events = three_events(store)
    clustering.cluster(store, now=now)
    by_post = dict(store.execute("SELECT post_id, incident_id FROM incident_posts").fetchall())
    a, b = by_post[events["wages"][0]], by_post[events["layoff"][0]]
    editing.merge(store, [a], b, "分析员乙", now=now)
    editing.rename(store, b, "建筑公司欠薪与互联网公司裁员", "分析员乙")
    listed = db.query("incident_list", store, level=None, status=None, category=None)
    assert a not in set(listed["id"]) and b in set(listed["id"])
    assert set(events["wages"]) <= _members(store)[b]
    assert {r[1] for r in audit_rows(store, "incidents")} >= {"merge", "rename"}


def test_a_job_ad_naming_the_employer_stays_out_of_its_event_unless_it_replies_to_it(store, now):
    events = three_events(store)
    clustering.cluster(store, now=now)
    fire = store.execute("SELECT incident_id FROM incident_posts WHERE post_id = ?", [events["fire"][0]]).fetchone()[0]
    original = store.execute("SELECT external_id FROM posts WHERE id = ?", [events["fire"][0]]).fetchone()[0]
    later = now + timedelta(minutes=30)
    # the employer's recruiting post says who and where, with the event's words, but nothing happened in it
    ad = add_post(store, "某电子厂厂房扩建，长期招普工，包吃包住，受伤有保险", later, keywords=["厂房", "受伤", "消防", "招聘"],
                  sentiment="中性", category="招聘求职", risk_level=4, employer="某电子厂")
    promo = add_post(store, "某电子厂厂房开放日，消防演练欢迎参观", later, keywords=["厂房", "消防", "受伤", "开放日"],
                     sentiment="正面", category="其他", risk_level=4, employer="某电子厂")
    # a mild reply under the event's post still follows it
    reply = add_post(store, "希望受伤的员工早日康复", later, keywords=["受伤"], sentiment="中性", category="其他",
                     risk_level=4, employer="某电子厂", parent=original)
    res = clustering.cluster(store, now=now + timedelta(hours=1))
    members = _members(store)
    assert reply in members[fire]
    assert not {ad, promo} & set().union(*members.values())
    assert res["posts_seen"] == 3 and res["new_incidents"] == 0
    # seen once: the next cycle does not reconsider them
    assert clustering.cluster(store, now=now + timedelta(hours=2))["posts_seen"] == 0


def test_what_makes_a_post_an_advert():
    assert clustering.is_advert(4, "中性", "招聘求职", [])
    assert clustering.is_advert(4, "正面", "其他", None)
    assert not clustering.is_advert(4, "负面", "其他", [])          # a complaint
    assert not clustering.is_advert(3, "正面", "其他", [])          # graver content
    assert not clustering.is_advert(4, "正面", "其他", ["欠薪"])    # names what happened
    assert not clustering.is_advert(4, "正面", "薪酬福利", [])      # about work: a praise story's post


def test_a_post_read_neutral_on_a_near_tie_with_negative_is_no_advert():
    # an insider's 「作业票是后补的……匿名了，别问我是谁」 read 中性 at −0.41 by one build of the model and 负面 at
    # −0.42 by another: P(负面) ≥ −score, a third of the model's belief or more, is no job ad's or promotion's
    assert not clustering.is_advert(4, "中性", "其他", [], -0.41)
    assert not clustering.is_advert(4, "中性", "招聘求职", [], -1 / 3)
    assert clustering.is_advert(4, "中性", "其他", [], -0.2)       # a notice read a little displeased
    assert clustering.is_advert(4, "正面", "其他", [], 0.4)
    assert clustering.is_advert(4, "中性", "其他", [], None)      # a person's label: no score read


def test_a_job_ad_graded_grave_on_its_trades_words_alone_is_still_an_advert():
    # a crane drivers' or punch-press workers' ad: the severity model weighs the trade's words (its evidence
    # holds no term of the risk lexicon), but nothing happened in it
    assert clustering.is_advert(2, "中性", "招聘求职", ["招聘", "冲压", "优先"])
    assert clustering.is_advert(3, "正面", "招聘求职", [])
    assert not clustering.is_advert(2, "中性", "招聘求职", ["招聘", "欠薪"])  # a lexicon term: it tells of something
    assert not clustering.is_advert(2, "负面", "招聘求职", ["招聘"])          # a complaint about a recruiter
    assert not clustering.is_advert(2, "中性", "其他", ["冲压"])              # graver content, not a job ad
    assert not clustering.is_advert(1, "中性", "招聘求职", ["男孩"])          # the gravest grade is no job ad's


def test_an_unnamed_fragment_merges_into_its_event_once_the_event_is_named(store, now):
    # Early posts name no employer and share only the event's key terms; the later ones name it
    # and repeat details of their own, so no single later post is like the early incident …
    # (each early post also tells details no other post repeats: more of them than a probe reads)
    details = "赤橙黄绿青蓝紫金木水火土山川河海风雨雷电春夏秋冬东南西北松柏梅兰竹菊"
    early = [add_post(store, details[12 * i:12 * i + 12], now - timedelta(hours=5, minutes=-10 * i), employer=None,
                      risk_level=2, keywords=["塔吊", "欠薪", "讨薪", f"独有甲{i}"]) for i in range(3)]
    clustering.cluster(store, now=now - timedelta(hours=4))
    unnamed = store.execute("SELECT id, employer FROM incidents").fetchall()
    assert len(unnamed) == 1 and unnamed[0][1] is None
    later = [add_post(store, f"later {i}", now - timedelta(hours=3, minutes=-10 * i), employer="某建筑公司", risk_level=2,
                      keywords=["塔吊", "欠薪", "项目部", "农民工", "航空港", "劳务公司", f"独有乙{i}"]) for i in range(4)]
    res = clustering.cluster(store, now=now - timedelta(hours=2))
    # … but the early incident as a whole is held by the named one: the merge pass joins them
    assert res["merged"] == 1
    live = store.execute("SELECT id, employer FROM incidents WHERE merged_into IS NULL").fetchall()
    assert len(live) == 1 and live[0][1] == "某建筑公司"
    assert _members(store)[live[0][0]] == set(early + later)
    merged_into = store.execute("SELECT merged_into FROM incidents WHERE id = ?", [unnamed[0][0]]).fetchone()[0]
    assert merged_into == live[0][0]


def _event_at_one_employer(con, at, keywords, categories, *, start):
    """Posts about one event at 某化工厂: each names the event's key terms and tells details of its own."""
    details = "赤橙黄绿青蓝紫金木水火土山川河海风雨雷电春夏秋冬东南西北松柏梅兰竹菊"
    return [add_post(con, details[start + 4 * i:start + 4 * i + 4], at + timedelta(minutes=20 * i), employer="某化工厂",
                     risk_level=2, category=cat, keywords=keywords) for i, cat in enumerate(categories)]


BLAST = ["三号车间", "夜班爆炸", "伤亡人数", "化工园区", "应急管理局"]


def test_a_later_fragment_of_an_event_joins_it_though_its_wording_drifted(store, now):
    # the blast is reported in the morning (one post speaks of the night shift's overtime) …
    blast = _event_at_one_employer(store, now - timedelta(hours=11), BLAST, ["安全健康"] * 5 + ["工时加班"], start=0)
    clustering.cluster(store, now=now - timedelta(hours=8))
    # … in the evening the inquiry's posts repeat the blast's key terms but add their own and read
    # as overtime: too unlike any one post to join, an incident of their own, a fragment of the blast
    inquiry = _event_at_one_employer(store, now - timedelta(hours=5), BLAST + ["停产整顿", "调查组进驻", "整改通知", "约谈企业"],
                                     ["工时加班"] * 3, start=24)
    res = clustering.cluster(store, now=now - timedelta(hours=3))
    assert res["new_incidents"] == 1 and res["merged"] == 1
    live = store.execute("SELECT id FROM incidents WHERE merged_into IS NULL").fetchall()
    assert len(live) == 1 and _members(store)[live[0][0]] == set(blast + inquiry)


def test_the_merge_pass_leaves_alone_an_incident_whose_tone_a_person_set(store, now):
    # as in the test above, but an analyst has judged the blast's tone: the model merges nothing into it
    # (nor it into another), as with an incident a person renamed or placed posts in
    from workbench.incidents import editing

    blast = _event_at_one_employer(store, now - timedelta(hours=11), BLAST, ["安全健康"] * 5 + ["工时加班"], start=0)
    clustering.cluster(store, now=now - timedelta(hours=8))
    (iid,) = store.execute("SELECT id FROM incidents").fetchone()
    editing.set_tone(store, iid, "负面", "爆炸伤亡，按负面事件处置", "分析员甲")
    _event_at_one_employer(store, now - timedelta(hours=5), BLAST + ["停产整顿", "调查组进驻", "整改通知", "约谈企业"],
                           ["工时加班"] * 3, start=24)
    res = clustering.cluster(store, now=now - timedelta(hours=3))
    assert res["new_incidents"] == 1 and res["merged"] == 0
    assert _members(store)[iid] == set(blast)


def test_a_second_event_of_another_kind_at_one_employer_stays_apart(store, now):
    # the same employer, the same workshop and park, but a harassment report is another event
    _event_at_one_employer(store, now - timedelta(hours=11), BLAST, ["安全健康"] * 6, start=0)
    clustering.cluster(store, now=now - timedelta(hours=8))
    _event_at_one_employer(store, now - timedelta(hours=5), BLAST + ["主任骚扰", "女工举报", "酒局劝酒", "调岗报复"],
                           ["骚扰歧视"] * 3, start=24)
    res = clustering.cluster(store, now=now - timedelta(hours=3))
    assert res["new_incidents"] == 1 and res["merged"] == 0
    assert store.execute("SELECT count(*) FROM incidents WHERE merged_into IS NULL").fetchone()[0] == 2


def test_a_fragment_the_classifier_put_in_another_category_joins_on_the_details_its_event_owns(store, now):
    # the blast's compensation posts read as pay (薪酬福利) but tell of its workshop, night shift and
    # park, which only the blast's posts use: one event, whatever the category says
    blast = _event_at_one_employer(store, now - timedelta(hours=11), BLAST, ["安全健康"] * 6, start=0)
    clustering.cluster(store, now=now - timedelta(hours=8))
    pay = _event_at_one_employer(store, now - timedelta(hours=5), BLAST + ["工伤赔偿"], ["薪酬福利"] * 3, start=24)
    res = clustering.cluster(store, now=now - timedelta(hours=3))
    live = store.execute("SELECT id FROM incidents WHERE merged_into IS NULL").fetchall()
    assert res["merged"] == 1 and len(live) == 1 and _members(store)[live[0][0]] == set(blast + pay)


def _one_far_reaching_report(con, at, sentiment, reposts=500):
    """One far-reaching post at 某化工厂 (an incident on its reach alone) that tells of the blast's
    workshop, night shift and casualties as a labour matter, in words of its own that a pair of
    posts about another plant's labour inspection use too: too little of it the blast's wording to
    join on wording, even as a fragment of another category (``KIN_OTHER_KIND_THRESHOLD``)."""
    inspection = ["监察大队", "超时用工", "限期整改"]
    for i in range(2):
        add_post(con, f"物流园{i}", at - timedelta(hours=1, minutes=10 * i), employer="某物流公司", risk_level=3,
                 category="劳动合规", keywords=inspection + [f"物流独有{i}"])
    return add_post(con, "监察通报", at, employer="某化工厂", risk_level=2, category="劳动合规", sentiment=sentiment,
                    keywords=BLAST[:3] + inspection, reposts=reposts)


def test_a_lone_report_of_another_category_joins_its_employers_event_told_in_the_same_tone(store, now):
    # the classifier spreads one event over categories: a single report of the blast read as a labour
    # matter is still the blast — one employer, the same days, the same tone, nothing of its own repeated
    blast = _event_at_one_employer(store, now - timedelta(hours=11), BLAST, ["安全健康"] * 6, start=0)
    clustering.cluster(store, now=now - timedelta(hours=8))
    report = _one_far_reaching_report(store, now - timedelta(hours=5), "负面")
    res = clustering.cluster(store, now=now - timedelta(hours=3))
    assert res["new_incidents"] == 1 and res["merged"] == 1
    live = store.execute("SELECT id FROM incidents WHERE merged_into IS NULL").fetchall()
    assert len(live) == 1 and _members(store)[live[0][0]] == set(blast + [report])


def test_a_lone_grave_post_of_another_category_left_alone_joins_its_employers_event(store, now):
    # the same report without reach is a left-over candidate (a grave post, no company): it is the blast too
    blast = _event_at_one_employer(store, now - timedelta(hours=11), BLAST, ["安全健康"] * 6, start=0)
    clustering.cluster(store, now=now - timedelta(hours=8))
    report = _one_far_reaching_report(store, now - timedelta(hours=5), "负面", reposts=0)
    res = clustering.cluster(store, now=now - timedelta(hours=3))
    assert res["new_incidents"] == 0
    live = store.execute("SELECT id FROM incidents WHERE merged_into IS NULL").fetchall()
    assert len(live) == 1 and _members(store)[live[0][0]] == set(blast + [report])


def test_a_lone_glad_post_of_another_category_stays_apart_from_its_employers_grave_event(store, now):
    # the same words in praise (a rescue, an award at the plant) are another story than the blast
    # (graded grave on its wording alone and glad, it opens no incident of its own either: the grade
    # tells of nothing, ``_worth_an_incident``)
    blast = _event_at_one_employer(store, now - timedelta(hours=11), BLAST, ["安全健康"] * 6, start=0)
    clustering.cluster(store, now=now - timedelta(hours=8))
    _one_far_reaching_report(store, now - timedelta(hours=5), "正面")
    res = clustering.cluster(store, now=now - timedelta(hours=3))
    assert res["merged"] == 0
    live = store.execute("SELECT id FROM incidents WHERE merged_into IS NULL").fetchall()
    assert len(live) == 1 and _members(store)[live[0][0]] == set(blast)


def test_what_makes_two_incidents_one_kind_of_event():
    def cluster_of(*categories):
        return clustering.Cluster(1, None, len(categories), 0.0, 0.0, df=Counter("#" + c for c in categories))

    collapse = cluster_of("安全健康", "安全健康", "安全健康", "工时加班", "其他")
    assert clustering.same_kind(cluster_of("工时加班", "工时加班"), collapse)  # an overtime inquiry after a collapse
    assert not clustering.same_kind(cluster_of("骚扰歧视"), collapse)        # a harassment report
    assert not clustering.same_kind(cluster_of("其他", "其他"), collapse)     # nothing about work says no kind
    # a witness's clip (安全健康) and the victim's sister's post (薪酬福利: his last wages), one each: both are
    # its main kind, whichever name sorts first — the accident's kind is among them, a harassment report's is not
    assert clustering.same_kind(cluster_of("安全健康", "薪酬福利", "其他"), collapse)
    assert clustering.same_kind(cluster_of("薪酬福利", "安全健康"), collapse)
    assert not clustering.same_kind(cluster_of("薪酬福利", "骚扰歧视"), collapse)


def test_in_the_merge_pass_an_incident_is_compared_on_what_its_posts_tell_together():
    # one employer's two events in one week (a plant's unpaid wages, then forced overtime at head office), each
    # mostly grave and read as 薪酬福利: the plant's incident shares with the other only one rich post's words
    # (an update on the year-end bonus), and whether that post was in, on one label, merged the two
    def plant(shared_by):
        df = Counter({"@鸿跃体育": 8, "#薪酬福利": 8, "陈埭二厂": 8, "工人聚集": 8, "十二月工资": 8,
                      "年终奖方案": shared_by, "工龄分档": shared_by, "嫌累就滚": shared_by})
        return clustering.Cluster(1, None, 8, 0.0, 3600.0, df=df, grave=6)

    office = clustering.Cluster(2, None, 13, 7200.0, 9000.0, grave=7, df=Counter(
        {"@鸿跃体育": 13, "#薪酬福利": 13, "年终奖方案": 5, "工龄分档": 4, "嫌累就滚": 9, "电商中心": 13, "年货节": 13}))
    for c, one_event in ((plant(1), False), (plant(6), True)):
        space = clustering._Space([c, office], {}, 3.0, clustering.WINDOW_HOURS * 3600.0, clustering.MERGE_THRESHOLD,
                                  in_time_order=False)
        weights = {t: 2.0 for t in c.df}  # (each used by some other post of the window: below the lone idf, 3)
        assert clustering._kin(c, weights, space, {}) is office  # as one bag of words: half its wording
        assert (clustering._kin(c, clustering._told_together(c, weights, space), space, {}) is office) is one_event


def test_the_index_built_from_the_loaded_centroids_is_the_one_built_from_the_clusters():
    # three clusters as the window loaded them (flat terms, one code per distinct term, ``Loaded``); then one
    # takes a post and a candidate starts: those two are indexed from their centroids, the others from the arrays
    terms = ["@甲厂", "欠薪", "工资", "#薪酬福利", "工资", "欠薪", "@乙厂", "火灾", "工资"]
    bounds = [(0, 4), (4, 6), (6, 9)]
    code = {t: k for k, t in enumerate(dict.fromkeys(terms))}
    spans = SimpleNamespace(terms=terms, codes=np.array([code[t] for t in terms]), n_codes=len(code))
    loaded = clustering.Loaded.of_centroids(spans, np.array([b for b, _ in bounds]), np.array([e for _, e in bounds]))
    clusters = [clustering.Cluster(None, k, 1, 0.0, 0.0, df=Counter(dict.fromkeys(terms[b:e], 1)), row=k)
                for k, (b, e) in enumerate(bounds)]
    clusters[1].add({"停工": 2.0, "工资": 1.0}, 10.0, 99)
    clusters.append(clustering.Cluster(None, 100, 0, 20.0, 20.0))
    clusters[3].add({"火灾": 2.0, "@乙厂": 1.0}, 20.0, 100)
    window = clustering.WINDOW_HOURS * 3600.0

    def index(of, only, loaded=None):
        return dict(clustering._Space(of, {}, 3.0, window, clustering.THRESHOLD, only=only, in_time_order=False,
                                      loaded=loaded).index)

    for of, only in ((clusters, None), (clusters, [0, 2]), (clusters, [1, 2, 3]), ([clusters[2], clusters[0]], None)):
        assert index(of, only, loaded) == index(of, only)
    assert index(clusters, None, loaded)["工资"] == {0, 1, 2}  # (the grown one's new terms are listed too)
    assert index(clusters, None, loaded)["停工"] == {1}


def _reports(incident_id, hours, category, details, n, grave):
    """A named incident of 某电子厂 first told ``hours`` in: ``n`` posts of ``category``, each using ``details``."""
    df = Counter({"@某电子厂": n, "#" + category: n, **{d: n for d in details}})
    return clustering.Cluster(incident_id, None, n, hours * 3600.0, hours * 3600.0 + 3000.0, df=df, grave=grave)


def test_one_events_first_reports_from_two_sides_are_one_event_whatever_their_kinds():
    # a worker's clip of a foreman shoving a worker (read as 管理作风) and the local news of it two hours later (read as
    # 安全健康), of a like size, sharing a third of their wording and the harm (动手): too unlike for one to
    # merge into the other, of two kinds, neither a fragment of the other — yet one event, first told the same morning
    clip = _reports(1, 0, "管理作风", ["主任当众", "动手", "流水线上", "手机视频", "连推三下", "二十岁"], 4, grave=4)
    news = _reports(2, 2, "安全健康", ["主任当众", "动手", "工业园通报", "涉事人员", "核实处理"], 5, grave=3)
    assert not clustering.same_kind(clip, news) and not clustering.same_kind(news, clip)
    space = clustering._Space([clip, news], {}, 3.0, clustering.WINDOW_HOURS * 3600.0, clustering.MERGE_THRESHOLD,
                              in_time_order=False)
    weights = {t: 2.0 for t in clip.df}  # (each used by some other post of the window: below the lone idf, 3)
    assert clustering._first_told_together(clip, news)
    assert clustering._kin(clip, weights, space, {}) is news
    # the same two told two days apart are two events at the employer (a second one starts on a day of its own)
    later = _reports(2, 48, "安全健康", ["主任当众", "动手", "工业园通报", "涉事人员", "核实处理"], 5, grave=3)
    space = clustering._Space([clip, later], {}, 3.0, clustering.WINDOW_HOURS * 3600.0, clustering.MERGE_THRESHOLD,
                              in_time_order=False)
    assert not clustering._first_told_together(clip, later) and clustering._kin(clip, weights, space, {}) is None
    # nor are they one event when either is mostly mild (a grumble beside a report)
    grumble = _reports(1, 0, "管理作风", ["主任当众", "动手", "流水线上", "手机视频", "连推三下", "二十岁"], 4, grave=1)
    assert not clustering._first_told_together(grumble, news)
    # nor when they name no harm in common: the same morning, a layoff at its office and overtime at
    # its plant share the employer's words (its town, its name for a workshop) and a complaint's
    # evidence (投诉: the lexicon's 可信投诉, no harm), not what happened
    layoff = _reports(3, 1, "裁员离职", ["主任当众", "流水线上", "投诉", "裁员", "当场签字"], 4, grave=4)
    overtime = _reports(4, 2, "工时加班", ["主任当众", "流水线上", "投诉", "强制加班", "连上十二小时"], 5, grave=4)
    assert not clustering._first_told_together(layoff, overtime)


def test_one_employers_grave_incidents_of_one_kind_are_one_event_however_many_mild_replies_they_hold():
    # a fund's same-day layoffs: the staff forum's thread (two grave posts, three replies under them read mild)
    # and, a day later, the Q&A and the news of it (three posts, two grave): of one kind, of a like size, the
    # larger mostly mild — yet one event, told in the same details
    forum = _reports(1, 0, "裁员离职", ["运营部", "会议室", "门禁卡", "当天签", "估值组"], 5, grave=2)
    news = _reports(2, 24, "裁员离职", ["运营部", "会议室", "当天签", "劳动律师", "公司回应"], 3, grave=2)
    space = clustering._Space([forum, news], {}, 3.0, clustering.WINDOW_HOURS * 3600.0, clustering.MERGE_THRESHOLD,
                              in_time_order=False)
    assert clustering._kin(news, {t: 2.0 for t in news.df}, space, {}) is forum
    # the same Q&A about overtime at the fund is another kind of event: of a like size, it stays apart
    overtime = _reports(2, 24, "工时加班", ["运营部", "会议室", "当天签", "劳动律师", "公司回应"], 3, grave=2)
    space = clustering._Space([forum, overtime], {}, 3.0, clustering.WINDOW_HOURS * 3600.0,
                              clustering.MERGE_THRESHOLD, in_time_order=False)
    assert clustering._kin(overtime, {t: 2.0 for t in overtime.df}, space, {}) is None
    # nor does a store closure's layoff (mainly 裁员离职, a post on its pay) join the chain's pay dispute at another
    # store (mainly 薪酬福利, a post on the layoff) begun after it: each of the other's kind, of a like size, but
    # mainly of another, beside an incident not mostly grave
    closure = _reports(3, 0, "裁员离职", ["门店", "收银员", "补偿", "关店", "店长"], 4, grave=3)
    closure.df["#薪酬福利"] = 1
    pay = _reports(4, 12, "薪酬福利", ["门店", "收银员", "补偿", "短款", "扣钱"], 6, grave=2)
    pay.df["#裁员离职"] = 1
    space = clustering._Space([closure, pay], {}, 3.0, clustering.WINDOW_HOURS * 3600.0,
                              clustering.MERGE_THRESHOLD, in_time_order=False)
    assert clustering.same_kind(closure, pay) and clustering.same_kind(pay, closure)
    assert clustering._kin(closure, {t: 2.0 for t in closure.df}, space, {}) is None


def test_a_grave_left_over_report_of_another_kind_joins_its_employers_event_on_the_details_it_owns():
    # the labour bureau's inquiry into a foreman's fines (a news post read 劳动合规, grave, no reach: left over)
    # beside the fines' incident (管理作风): no sequel of an accident, no tone to go by, yet told in the
    # incident's own details (the cold store, the punishment, the foreman) — the event's next chapter
    fines = _reports(1, 0, "管理作风", ["冷库", "罚站", "主管", "防寒服", "罚款"], 8, grave=5)
    df = Counter({"@某电子厂": 1, "#劳动合规": 1, "冷库": 1, "罚站": 1, "主管": 1, "约谈": 1, "退还": 1})
    inquiry = clustering.Cluster(None, 9, 1, 20 * 3600.0, 20 * 3600.0, df=df, grave=1)
    space = clustering._Space([fines, inquiry], {}, 3.0, clustering.WINDOW_HOURS * 3600.0, clustering.MERGE_THRESHOLD,
                              in_time_order=False)
    assert not clustering.same_kind(inquiry, fines)
    assert clustering._kin(inquiry, {t: 2.0 for t in df}, space, {}) is fines
    # a grave complaint of another kind at the employer that repeats less of the event's details stays apart
    df = Counter({"@某电子厂": 1, "#骚扰歧视": 1, "冷库": 1, "主管": 1, "女工": 1, "酒局": 1, "调岗": 1, "举报": 1,
                  "劝酒": 1, "报复": 1})
    report = clustering.Cluster(None, 10, 1, 20 * 3600.0, 20 * 3600.0, df=df, grave=1)
    space = clustering._Space([fines, report], {}, 3.0, clustering.WINDOW_HOURS * 3600.0, clustering.MERGE_THRESHOLD,
                              in_time_order=False)
    assert clustering._kin(report, {t: 2.0 for t in df}, space, {}) is None


def test_a_tail_split_evenly_over_two_kinds_is_no_twin_of_its_employers_other_event():
    # a layoff told days ago, of which the window shows its last two posts (one read 裁员离职, one 安全健康: a tie),
    # beside the employer's overwork collapse begun after it: one of its kinds is the collapse's, yet a tie is no
    # proof of one event to lift the sizes and order that say a second one (the twins keep one main kind: 裁员离职)
    df = Counter({"@某电子厂": 2, "#裁员离职": 1, "#安全健康": 1, "项目组": 2, "会议室": 2, "美术组": 2})
    tail = clustering.Cluster(1, None, 2, 0.0, 3600.0, df=df, grave=1)
    collapse = _reports(2, 24, "安全健康", ["项目组", "会议室", "美术组", "脑出血", "冲刺期"], 20, grave=14)
    collapse.df["#工时加班"] = 8
    space = clustering._Space([tail, collapse], {}, 3.0, clustering.WINDOW_HOURS * 3600.0, clustering.MERGE_THRESHOLD,
                              in_time_order=False)
    assert clustering.same_kind(tail, collapse) and not clustering.same_kind(tail, collapse, ties=False)
    assert clustering._kin(tail, {t: 2.0 for t in tail.df}, space, {}) is None


def test_an_incident_told_in_the_words_its_employers_event_keeps_using_is_that_event():
    # a machine accident's reports (安全健康) and, begun the next morning, a thread of villagers telling it in
    # everyday words (「厂门口停了警车，昨晚死了个人，家属在门口」) that the classifier read as 管理作风: of
    # another kind, sharing none of its rare details but the patrol car
    accident = _reports(1, 0, "安全健康", ["拉丝车间", "卷入", "防护罩", "昨晚", "门口", "死了", "家属", "警车"], 6,
                        grave=5)
    thread = _reports(2, 10, "管理作风", ["昨晚", "门口", "死了", "家属", "警车", "村里"], 3, grave=1)
    space = clustering._Space([accident, thread], {}, 3.0, clustering.WINDOW_HOURS * 3600.0,
                              clustering.MERGE_THRESHOLD, in_time_order=False)
    weights = {t: 2.0 for t in thread.df}  # (each used by some other post of the window: below the lone idf, 3)
    assert not clustering.same_kind(thread, accident)
    assert clustering._kin(thread, weights, space, {}) is accident
    # beside an incident of the employer that is not mostly grave (a story read as an accident, half its posts mild:
    # a rescue told in neutral reports), a thread of another kind in its words is no side story of it
    story = _reports(1, 0, "安全健康", ["拉丝车间", "卷入", "防护罩", "昨晚", "门口", "死了", "家属", "警车"], 6, grave=3)
    space = clustering._Space([story, thread], {}, 3.0, clustering.WINDOW_HOURS * 3600.0,
                              clustering.MERGE_THRESHOLD, in_time_order=False)
    assert clustering._kin(thread, weights, space, {}) is None
    # begun half an hour before the first report and still going on when it came out, it is the event's first voices
    rumour = _reports(2, -0.5, "管理作风", ["昨晚", "门口", "死了", "家属", "警车", "村里"], 3, grave=1)
    space = clustering._Space([accident, rumour], {}, 3.0, clustering.WINDOW_HOURS * 3600.0,
                              clustering.MERGE_THRESHOLD, in_time_order=False)
    assert clustering._kin(rumour, {t: 2.0 for t in rumour.df}, space, {}) is accident
    # read as the accident's kind, the same thread is part of it even when as large and begun first
    # (the villagers talked before any report came out)
    first = _reports(2, -2, "安全健康", ["昨晚", "门口", "死了", "家属", "警车", "村里"], 6, grave=1)
    space = clustering._Space([accident, first], {}, 3.0, clustering.WINDOW_HOURS * 3600.0,
                              clustering.MERGE_THRESHOLD, in_time_order=False)
    assert clustering._kin(first, {t: 2.0 for t in first.df}, space, {}) is accident
    # posts all read 其他 tell no kind: told in those words, they are the accident's — unless they are glad beside
    # it (the gate guards who carried a stranger's child out of the river that night: a second event)
    aside = _reports(2, 10, "其他", ["昨晚", "门口", "死了", "家属", "警车", "村里"], 3, grave=0)
    space = clustering._Space([accident, aside], {}, 3.0, clustering.WINDOW_HOURS * 3600.0,
                              clustering.MERGE_THRESHOLD, in_time_order=False)
    assert clustering._kin(aside, {t: 2.0 for t in aside.df}, space, {}) is accident
    tones = {aside.key: True, accident.key: False}
    assert clustering._kin(aside, {t: 2.0 for t in aside.df}, space, tones) is None
    # a second event at the employer the same week (forced overtime at its other plant) shares the employer's
    # world — its workshops, its town, the gate — not most of what is said: it stays apart
    overtime = _reports(2, 10, "工时加班", ["昨晚", "门口", "村里", "两班倒", "不准请假", "扣三天", "国庆"], 3, grave=2)
    space = clustering._Space([accident, overtime], {}, 3.0, clustering.WINDOW_HOURS * 3600.0,
                              clustering.MERGE_THRESHOLD, in_time_order=False)
    assert clustering._kin(overtime, {t: 2.0 for t in overtime.df}, space, {}) is None
    # nor is a left-over candidate in those words held to be the event: posts no incident took, each a
    # worker's own day, are compared on the details they share (background around an accident uses its words)
    left = clustering.Cluster(None, 9, 2, 10 * 3600.0, 11 * 3600.0, df=Counter(
        {"@某电子厂": 2, "#管理作风": 2, "昨晚": 2, "门口": 2, "死了": 2, "家属": 2}), grave=1)
    space = clustering._Space([accident, left], {}, 3.0, clustering.WINDOW_HOURS * 3600.0,
                              clustering.MERGE_THRESHOLD, in_time_order=False)
    assert clustering._kin(left, {t: 2.0 for t in left.df}, space, {}) is None


def test_an_unnamed_statement_and_its_replies_join_the_event_they_are_about(store, now):
    blast = _event_at_one_employer(store, now - timedelta(hours=11), BLAST, ["安全健康"] * 6, start=0)
    clustering.cluster(store, now=now - timedelta(hours=8))
    # later, with nothing new in the blast's incident: a statement that names no company (「我司」)
    # and tells the blast with words of its own, which a bare reaction to it repeats — too like the
    # blast to be left out, too unlike it to join on wording alone, too few to be an incident
    statement = add_post(store, "关于我司", now - timedelta(hours=5), employer=None, risk_level=2, category="安全健康",
                         keywords=BLAST[:4] + ["情况说明", "全力救治"], external_id="statement")
    reply = add_post(store, "求后续", now - timedelta(hours=4), employer=None, risk_level=4, category="其他",
                     keywords=["情况说明", "全力救治"], parent="statement")
    res = clustering.cluster(store, now=now - timedelta(hours=3))
    assert res["new_incidents"] == 0
    (incident,) = store.execute("SELECT id FROM incidents").fetchone()
    assert _members(store)[incident] == set(blast + [statement, reply])


def test_a_grave_post_naming_no_employer_joins_the_accident_of_its_place(store, now):
    # the blast at 岚湾 (a place name: a bigram the corpora never use, ``specificity.is_unlisted``)
    blast = _event_at_one_employer(store, now - timedelta(hours=11), BLAST + ["岚湾"], ["安全健康"] * 6, start=0)
    clustering.cluster(store, now=now - timedelta(hours=8))

    def unnamed(text, keywords, risk_level, category, hours, parent=None, external_id=None):
        return add_post(store, text, now - timedelta(hours=hours), employer=None, risk_level=risk_level,
                        category=category, keywords=keywords, parent=parent, external_id=external_id)

    # a sister's cry names no company and shares one detail with the reports, the place (too little to
    # join on wording); the reply under it follows her post
    cry = unnamed("哥哥电话打不通", ["岚湾", "哥哥", "联系不上"], 2, "安全健康", 5, external_id="cry")
    hug = unnamed("抱抱你", ["抱抱", "平安"], 4, "其他", 5, parent="cry")
    # the place named in a grumble about its traffic (mild) and in a grave post about unpaid wages
    # (another kind of event): background, whatever place it shares
    traffic = unnamed("堵车累死了", ["岚湾", "早高峰", "堵车"], 4, "工时加班", 4)
    wages = unnamed("工钱拖了半年", ["岚湾", "包工头", "讨薪"], 2, "薪酬福利", 4)
    # a grave post about harm sharing only an ordinary word of the reports (a word the corpora use often)
    ward = unnamed("值班一夜", ["车间", "抢救室", "喝多了"], 2, "安全健康", 4)
    res = clustering.cluster(store, now=now - timedelta(hours=3))
    assert res["new_incidents"] == 0
    (incident,) = store.execute("SELECT id FROM incidents").fetchone()
    assert _members(store)[incident] == set(blast + [cry, hug])
    assert not {traffic, wages, ward} & set().union(*_members(store).values())


def test_a_grave_post_naming_no_employer_joins_neither_of_two_accidents_at_its_place(store, now):
    # two accidents at 岚湾 at once: a post naming neither company could be about either
    details = "赤橙黄绿青蓝紫金木水火土山川河海风雨雷电春夏秋冬东南西北松柏梅兰竹菊"
    for employer, start in (("某化工厂", 0), ("某化纤厂", 16)):
        for i in range(4):
            add_post(store, details[start + 4 * i:start + 4 * i + 4], now - timedelta(hours=11, minutes=-20 * i - start),
                     employer=employer, risk_level=2, category="安全健康",
                     keywords=["岚湾", f"{employer}车间", f"{employer}伤亡", f"{employer}通报"])
    clustering.cluster(store, now=now - timedelta(hours=8))
    assert store.execute("SELECT count(*) FROM incidents").fetchone()[0] == 2
    cry = add_post(store, "哥哥电话打不通", now - timedelta(hours=5), employer=None, risk_level=2, category="安全健康",
                   keywords=["岚湾", "哥哥", "联系不上"])
    clustering.cluster(store, now=now - timedelta(hours=3))
    assert cry not in set().union(*_members(store).values())


def test_an_authors_follow_up_in_words_of_their_own_joins_the_event_they_posted_about(store, now):
    blast = _event_at_one_employer(store, now - timedelta(hours=11), BLAST, ["安全健康"] * 6, start=0)
    sister = add_post(store, "弟弟还没消息", now - timedelta(hours=10), employer="某化工厂", risk_level=2,
                      category="安全健康", keywords=BLAST[:3], author="遵义罗家妹子")
    clustering.cluster(store, now=now - timedelta(hours=8))
    # an update in her own words (one of the event's terms, nothing else its posts say); the like
    # from a stranger, or from 「匿名用户」 (a placeholder many people share), is chatter
    def update(text, keywords, author):
        return add_post(store, text, now - timedelta(hours=5), employer=None, risk_level=4, category="其他",
                        keywords=["夜班爆炸", *keywords], author=author)

    hers = update("谢谢大家", ["签了协议", "带弟弟回家"], "遵义罗家妹子")
    anonymous = update("同问", ["求个后续", "别删帖了"], "匿名用户")
    stranger = update("路过看看", ["赔偿到位", "一路走好"], "路过的网友")
    clustering.cluster(store, now=now - timedelta(hours=3))
    (incident,) = store.execute("SELECT id FROM incidents").fetchone()
    assert _members(store)[incident] == set(blast + [sister, hers])
    assert not {anonymous, stranger} & set().union(*_members(store).values())


def test_an_old_incidents_last_posts_do_not_merge_it_into_a_later_event_at_its_employer(store, now):
    start = now - timedelta(days=5)
    blast = _event_at_one_employer(store, start, BLAST, ["安全健康"] * 6, start=0)
    late = add_post(store, "后续", start + timedelta(days=2), employer="某化工厂", risk_level=2, category="安全健康",
                    keywords=BLAST, external_id="blast-late")
    clustering.cluster(store, now=start + timedelta(days=2, hours=1))
    # a wage dispute at the same plant, days later …
    wages = ["年终奖取消", "绩效打折", "工资条", "人事约谈", "集体仲裁"]
    dispute = _event_at_one_employer(store, start + timedelta(days=3, hours=12), wages, ["薪酬福利"] * 6, start=24)
    clustering.cluster(store, now=start + timedelta(days=3, hours=16))
    # … while the blast's last word (a reply under its last post: the settlement) uses the dispute's words
    tail = add_post(store, "赔偿谈妥", start + timedelta(days=4, hours=12), employer="某化工厂", risk_level=4,
                    category="薪酬福利", keywords=wages, parent="blast-late")
    res = clustering.cluster(store, now=start + timedelta(days=4, hours=13))
    assert res["merged"] == 0
    groups = sorted(_members(store).values(), key=min)
    assert groups == [set(blast + [late, tail]), set(dispute)]


def test_a_far_reaching_grumble_about_nothing_at_work_opens_no_incident(store, now):
    # a displeased, widely shared review naming a monitored restaurant chain: a long queue, no work matter
    review = dict(employer="某餐饮", risk_level=4, sentiment="负面", likes=3000)
    add_post(store, "排队排了四十分钟", now - timedelta(hours=3), category="其他", keywords=["辣椒炒肉", "排队"], **review)
    # the same reach and displeasure about how the chain treats its staff is a workplace incident
    add_post(store, "店员被罚站", now - timedelta(hours=2), category="管理作风", keywords=["罚站", "店长"], **review)
    res = clustering.cluster(store, now=now)
    assert res["new_incidents"] == 1
    assert store.execute("SELECT category FROM incidents").fetchall() == [("管理作风",)]


def test_a_far_reaching_job_seekers_grumble_naming_a_watched_employer_opens_no_incident(store, now):
    # an interview day told far and wide (S16's), displeased, naming a watched game studio, with replies
    # under it: it complains about looking for work, not about working there
    seeker = dict(employer="某互娱", risk_level=4, sentiment="负面", category="招聘求职")
    add_post(store, "面了三家游戏公司，某互娱的HR放我鸽子，金三银四还没开始我已经累了", now - timedelta(hours=3),
             keywords=["面试", "放鸽子", "金三银四"], likes=3000, external_id="interview", **seeker)
    for i, text in enumerate(["同感，面试被放鸽子太常见了", "金三银四今年也不好找"]):
        add_post(store, text, now - timedelta(hours=2), keywords=["面试", "金三银四"], parent="interview",
                 author=f"求职者{i}", likes=5, **seeker)
    assert clustering.cluster(store, now=now)["new_incidents"] == 0


def test_low_reach_displeasure_at_a_watched_employer_opens_no_incident_until_something_is_told(store, now):
    # a monitored insurer's ordinary week (S13's 开门红 grumbles): targets, a long early meeting, a
    # rumoured bonus cut, days apart, none far-reaching and none telling of anything grave
    mild = dict(employer="某寿险", risk_level=4, sentiment="负面", category="工时加班", likes=40)
    for i, text in enumerate(["开门红早会五点半就开始", "开门红任务又加了三百万", "开门红早会喊口号到嗓子哑"]):
        add_post(store, text, now - timedelta(hours=20 - 6 * i), keywords=["开门红", "早会", "保费"],
                 author=f"内勤{i}", **mild)
    assert clustering.cluster(store, now=now - timedelta(hours=1))["new_incidents"] == 0
    # an agent collapsing at the early meeting is something told: now it is an incident
    add_post(store, "开门红早会上同事晕倒送医", now - timedelta(minutes=30), employer="某寿险", risk_level=2,
             sentiment="负面", category="工时加班", keywords=["开门红", "早会", "晕倒"], author="内勤9")
    assert clustering.cluster(store, now=now)["new_incidents"] == 1


def test_praise_in_one_thread_without_reach_is_no_story(store, now):
    # a staff post about its 开工红包 with a reply under it (S14's drug maker): one writer's day
    glad = dict(employer="某药业", risk_level=4, sentiment="正面", category="薪酬福利", likes=30)
    add_post(store, "开工红包888，比去年多三百", now - timedelta(hours=5), keywords=["开工红包", "888"],
             external_id="hb-1", **glad)
    add_post(store, "车间也有开工红包吗", now - timedelta(hours=4), keywords=["开工红包", "车间"], parent="hb-1", **glad)
    add_post(store, "开工红包到手了，老板亲手发", now - timedelta(hours=3), keywords=["开工红包", "老板"],
             parent="hb-1", **glad)
    assert clustering.cluster(store, now=now)["new_incidents"] == 0


def test_one_far_reaching_glad_post_is_no_story_until_another_thread_tells_it(store, now):
    # an employer's 年会 clip, or a customer's note naming a dealer, shared far (S12's, S15's): one voice
    glad = dict(employer="某科技", risk_level=4, sentiment="正面", category="企业文化")
    add_post(store, "某科技年会节目合集，总经理跳科目三", now - timedelta(hours=5), keywords=["年会", "科目三", "总经理"],
             likes=50000, external_id="clip", **glad)
    add_post(store, "总经理跳科目三也太拼了", now - timedelta(hours=5), keywords=["科目三", "总经理"], parent="clip",
             likes=20, **glad)
    assert clustering.cluster(store, now=now - timedelta(hours=4))["new_incidents"] == 0
    # another writer, in a thread of their own, tells it too: now it is a tracked 正面 story
    add_post(store, "某科技年会总经理跳科目三的视频火了", now - timedelta(hours=3), keywords=["年会", "科目三", "总经理"],
             platform="抖音", likes=300, author="路人甲", **glad)
    assert clustering.cluster(store, now=now)["new_incidents"] == 1
    assert store.execute("SELECT polarity FROM incidents").fetchall() == [("正面",)]


def test_customers_glad_notes_naming_a_watched_employer_are_no_story_about_it_as_a_workplace(store, now):
    # a tea chain's business news, shared far, and customers delighted with its drink in posts of their own
    # (S41's brewery): praise of the product, not of the employer as a workplace, which a 正面 incident tracks
    shop = dict(employer="某茶饮", risk_level=4)
    add_post(store, "某茶饮门店突破两千家，新品青梅小满上市", now - timedelta(hours=5), keywords=["青梅小满", "新品", "门店"],
             likes=50000, external_id="tea", sentiment="中性", category="企业文化", **shop)
    add_post(store, "某茶饮新品青梅小满太好喝了，门店排队", now - timedelta(hours=4), keywords=["青梅小满", "新品", "门店"],
             author="路人甲", sentiment="正面", category="其他", **shop)
    add_post(store, "排队买到某茶饮的新品青梅小满了，门店人好多", now - timedelta(hours=3),
             keywords=["青梅小满", "新品", "门店"], platform="小红书", likes=300, author="路人乙", sentiment="正面",
             category="其他", **shop)
    assert clustering.cluster(store, now=now)["new_incidents"] == 0


def test_a_glad_last_word_follows_its_author_into_the_event_and_a_papers_next_story_does_not(store, now):
    blast = _event_at_one_employer(store, now - timedelta(hours=11), BLAST, ["安全健康"] * 6, start=0)
    sister = add_post(store, "弟弟还没消息", now - timedelta(hours=10), employer="某化工厂", risk_level=2,
                      category="安全健康", keywords=BLAST[:3], author="遵义罗家妹子")
    paper = add_post(store, "园区快讯", now - timedelta(hours=10), employer="某化工厂", risk_level=2,
                     category="安全健康", keywords=BLAST[2:], author="本地晚报")
    clustering.cluster(store, now=now - timedelta(hours=8))

    # mild, not negative, about nothing at work: each reads like an advert
    def mild(text, keywords, author, sentiment):
        return add_post(store, text, now - timedelta(hours=5), employer=None, risk_level=4, category="其他",
                        sentiment=sentiment, keywords=keywords, author=author)

    home = mild("姐带你回家", ["夜班爆炸", "带弟弟回家"], "遵义罗家妹子", "正面")  # the way home, at last
    fair = mild("年货市集开市", ["化工园区", "年货市集"], "本地晚报", "中性")      # the paper's next story
    clustering.cluster(store, now=now - timedelta(hours=3))
    (incident,) = store.execute("SELECT id FROM incidents").fetchone()
    assert _members(store)[incident] == set(blast + [sister, paper, home])
    assert fair not in _members(store)[incident]


def test_chatter_sharing_one_word_of_the_day_with_an_unnamed_report_stays_out_of_it(store, now):
    # a grave post naming nobody and a reply under it (a candidate, not yet an incident), then two mild
    # posts: chatter about the day's boat race, which shares only that one word (its two bigrams), and
    # a post that tells the collapse too; only the latter joins (the chatter did before: two bigrams of
    # one word counted as the two shared details a post needs)
    grave = add_post(store, "龙舟赛那天矸石山塌了", now - timedelta(hours=6), employer=None, risk_level=1,
                     category="安全健康", keywords=[], external_id="race-day")
    reply = add_post(store, "节哀", now - timedelta(hours=5, minutes=55), employer=None, risk_level=4,
                     category="其他", keywords=[], parent="race-day")
    chatter = add_post(store, "龙舟赛看得好开心", now - timedelta(hours=5), employer=None, risk_level=4,
                       category="其他", keywords=[])
    told = add_post(store, "矸石山塌了，龙舟赛也停了", now - timedelta(hours=4), employer=None, risk_level=4,
                    category="其他", keywords=[])
    res = clustering.cluster(store, now=now)
    assert res["new_incidents"] == 1
    assert list(_members(store).values()) == [{grave, reply, told}]
    assert chatter not in set().union(*_members(store).values())


def test_a_words_overlapping_bigrams_are_one_shared_detail():
    # two chatter posts that share 平安夜 share one thing, not the two details joining an incident needs
    assert clustering.details({"平安", "安夜"}) == 1
    assert clustering.details({"平安", "安夜", "平安夜"}) == 1  # its keyword too
    assert clustering.details({"平安", "安夜", "裁床"}) == 2
    assert clustering.details({"裁床", "卷手"}) == 2


def test_a_post_and_the_replies_under_it_are_one_voice_until_another_thread_tells_it(store, now):
    # a rumour naming no employer the team watches, a denial and a shrug, all under one post
    rumour = add_post(store, "听说某跨境电商年后要裁员，美国站整组砍掉", now - timedelta(hours=5), employer=None,
                      category="裁员离职", keywords=["裁员", "美国站"], external_id="rumour")
    add_post(store, "别瞎传，美国站没有裁员计划", now - timedelta(hours=5), employer=None, category="裁员离职",
             keywords=["裁员", "美国站"], parent="rumour")
    add_post(store, "这年头谁家不传点裁员消息", now - timedelta(hours=4), employer=None, category="裁员离职",
             keywords=["裁员", "美国站"], parent="rumour")
    res = clustering.cluster(store, now=now - timedelta(hours=3))
    assert res["new_incidents"] == 0
    # a post of its own elsewhere tells the same thing: now it is an event
    other = add_post(store, "某跨境电商美国站今天整组被裁，当场签协议", now - timedelta(hours=2), employer=None,
                     category="裁员离职", keywords=["裁员", "美国站"], platform="脉脉")
    res = clustering.cluster(store, now=now)
    assert res["new_incidents"] == 1
    assert {rumour, other} <= next(iter(_members(store).values()))


def test_a_popular_post_with_a_grumble_under_it_opens_no_incident(store, now):
    # a driver's widely liked tips naming the platform he drives for, and one newcomer's complaint under it:
    # the reach is the tips', not the complaint's
    add_post(store, "跑甲出行第三年，说点实在的：晚上十点后机场排队两小时", now - timedelta(hours=3), employer="甲出行",
             sentiment="中性", risk_level=4, category="工时加班", keywords=["机场", "排队"], likes=4000,
             external_id="tips")
    add_post(store, "甲出行现在抽成到底多少，跑一单到手才五十", now - timedelta(hours=2), employer="甲出行",
             category="薪酬福利", keywords=["抽成"], parent="tips", likes=5)
    res = clustering.cluster(store, now=now)
    assert res["new_incidents"] == 0


def _news_flashes(store, now, *, employer=None, evidence=()):
    """Three neutral reports in three threads, graded grave (risk 2) by the model, naming ``employer``
    (S17's 两会 flashes: 「全国政协会议今天下午开幕，多位委员关注就业」), with ``evidence`` as their risk terms."""
    flash = dict(employer=employer, risk_level=2, sentiment="中性", category="薪酬福利")
    ids = [add_post(store, text, now - timedelta(hours=5 - i), keywords=["两会", "开幕", "就业"], author=f"快讯{i}",
                    platform=platform, **flash)
           for i, (text, platform) in enumerate([("两会今天开幕，多位委员关注就业和欠薪治理", "微博"),
                                                 ("两会开幕，政府工作报告提出就业目标和欠薪治理", "微信公众号"),
                                                 ("两会开幕首日，委员热议就业与欠薪治理", "今日头条")])]
    store.execute("UPDATE analyses SET risk_terms = ? WHERE list_contains(?, post_id)", [list(evidence), ids])
    return ids


def test_neutral_news_graded_grave_on_its_wording_alone_and_naming_nobody_opens_no_incident(store, now):
    # the season's news, told in three threads, graded grave by the model on ordinary words
    # (「关注」「会议」): nothing happened to anyone, and nobody the team watches is named
    _news_flashes(store, now, evidence=["关注", "会议"])
    assert clustering.cluster(store, now=now)["new_incidents"] == 0


def test_neutral_reports_graded_grave_open_an_incident_when_the_lexicon_or_a_watched_name_backs_them(store, now):
    # the same reports with a risk-lexicon term in their evidence tell of something grave (issue 10 §2)
    _news_flashes(store, now, evidence=["欠薪"])
    assert clustering.cluster(store, now=now)["new_incidents"] == 1


def test_neutral_reports_graded_grave_naming_a_watched_employer_need_the_same_backing(store, now):
    # a watched name does not make a grade on ordinary words tell of anything: the same backing as above
    _news_flashes(store, now, employer="某建筑公司", evidence=["关注", "会议"])
    assert clustering.cluster(store, now=now)["new_incidents"] == 0


def test_neutral_reports_graded_grave_naming_a_watched_employer_open_an_incident_backed_by_the_lexicon(store, now):
    _news_flashes(store, now, employer="某建筑公司", evidence=["欠薪"])
    assert clustering.cluster(store, now=now)["new_incidents"] == 1


def test_a_neutral_post_graded_grave_opens_no_incident_once_a_reply_names_its_employer(store, now):
    # a nurse's day after a night shift, graded grave on its wording, and a reply asking where she works
    # (S38's 「请问是明视吗？」): three posts naming a watched hospital, but nobody told of anything
    add_post(store, "下夜班了，今晚收了三个新病人，忙到现在才吃上饭", now - timedelta(hours=6), employer=None,
             sentiment="中性", risk_level=2, category="工时加班", keywords=["夜班", "病人"], external_id="shift")
    add_post(store, "请问是某医院吗？", now - timedelta(hours=5), employer="某医院", sentiment="中性", risk_level=4,
             category="其他", keywords=["医院"], parent="shift")
    add_post(store, "是的，某医院住院部", now - timedelta(hours=5), employer="某医院", sentiment="中性", risk_level=4,
             category="其他", keywords=["医院", "住院部"], parent="shift", author="护士小林")
    assert clustering.cluster(store, now=now - timedelta(hours=4))["new_incidents"] == 0
    # a colleague tells what the night shift is like there (displeased, graded grave): now it is the team's
    add_post(store, "某医院夜班一个护士管三十张床，昨晚同事累晕在护士站", now - timedelta(hours=3), employer="某医院",
             sentiment="负面", risk_level=2, category="工时加班", keywords=["夜班", "护士", "累晕"], parent="shift")
    assert clustering.cluster(store, now=now)["new_incidents"] == 1


def test_a_displeased_post_graded_grave_on_its_wording_alone_opens_an_incident_once_another_thread_tells_it(store, now):
    # a rumour about the year-end bonus at a watched employer, graded grave by the model on ordinary words
    # (「据说」「部门」), with two replies under it: one writer's grumble and the conversation it started
    grumble = dict(employer="某跨境电商", sentiment="负面", risk_level=3, category="薪酬福利")
    rumour = add_post(store, "某跨境电商今年年终奖据说按部门业绩发，美国站组悬了", now - timedelta(hours=6),
                      keywords=["年终奖", "美国站", "部门"], external_id="bonus", **grumble)
    add_post(store, "美国站今年亏成那样，能发一个月就烧高香吧", now - timedelta(hours=5), keywords=["年终奖", "美国站"],
             parent="bonus", author="跨境人", **{**grumble, "risk_level": 4})
    add_post(store, "某跨境电商欧洲站倒是稳了", now - timedelta(hours=5), keywords=["年终奖", "欧洲站"], parent="bonus",
             author="路人", **{**grumble, "sentiment": "中性", "risk_level": 4})
    store.execute("UPDATE analyses SET risk_terms = ['据说', '部门'] WHERE post_id = ?", [rumour])
    assert clustering.cluster(store, now=now - timedelta(hours=4))["new_incidents"] == 0
    # another writer, in a thread of their own, tells the same displeasure: now it is the team's business
    other = add_post(store, "某跨境电商美国站年终奖确定只发半个月，部门群里炸了", now - timedelta(hours=3),
                     keywords=["年终奖", "美国站", "部门"], platform="脉脉", author="美国站运营", **{**grumble, "risk_level": 2})
    store.execute("UPDATE analyses SET risk_terms = ['确定', '群里'] WHERE post_id = ?", [other])
    assert clustering.cluster(store, now=now)["new_incidents"] == 1
    assert {rumour, other} <= next(iter(_members(store).values()))


def test_a_lone_displeased_post_backed_by_the_lexicon_opens_an_incident(store, now):
    # the same thread, its first post's evidence holding a risk-lexicon term (扣工资): something is told
    grumble = dict(employer="某跨境电商", sentiment="负面", risk_level=3, category="薪酬福利")
    post = add_post(store, "某跨境电商这个月直接扣工资，说是美国站业绩不达标", now - timedelta(hours=6),
                    keywords=["扣工资", "美国站"], external_id="pay", **grumble)
    for i in range(2):
        add_post(store, "美国站都被扣了吗", now - timedelta(hours=5), keywords=["扣工资", "美国站"], parent="pay",
                 author=f"跨境人{i}", **{**grumble, "risk_level": 4})
    store.execute("UPDATE analyses SET risk_terms = ['扣工资'] WHERE post_id = ?", [post])
    assert clustering.cluster(store, now=now)["new_incidents"] == 1


@pytest.mark.parametrize("text, opens", [
    # a worker's own first report, in the words workers use (the lexicon's evidence): something is told
    ("在某跨境电商仓库干了两个月，一分钱没见着，主管说等回款", True),
    ("某跨境电商仓库双十一前连着十九天没休息，昨天打包的大姐累晕在流水线上", True),
    # the same writer's grumble about a rumour, on ordinary words: one writer's mood
    ("某跨境电商今年年终奖据说要砍一半，仓库这边估计悬了", False),
])
def test_a_lone_low_reach_grumble_opens_an_incident_only_when_it_tells_of_unpaid_pay_or_exhaustion(store, now, text, opens):
    grumble = dict(employer="某跨境电商", sentiment="负面", risk_level=3, category="薪酬福利")
    add_post(store, text, now - timedelta(hours=6), keywords=["仓库", "回款", "年终奖"], external_id="first", **grumble)
    for i in range(2):
        add_post(store, "仓库那边都这样吗", now - timedelta(hours=5), keywords=["仓库"], parent="first",
                 author=f"跨境人{i}", **{**grumble, "risk_level": 4})
    assert clustering.cluster(store, now=now)["new_incidents"] == int(opens)


def test_a_far_reaching_displeased_post_about_work_graded_grave_on_its_wording_alone_opens_an_incident(store, now):
    # the same rumour, shared far (a milker's unpaid months before anyone names the farm): it spread
    grumble = dict(employer="某跨境电商", sentiment="负面", risk_level=3, category="薪酬福利")
    rumour = add_post(store, "某跨境电商今年年终奖据说按部门业绩发，美国站组悬了", now - timedelta(hours=6),
                      keywords=["年终奖", "美国站", "部门"], external_id="bonus", reposts=300, **grumble)
    for i in range(2):
        add_post(store, "美国站今年亏成那样，能发一个月就烧高香吧", now - timedelta(hours=5), keywords=["年终奖", "美国站"],
                 parent="bonus", author=f"跨境人{i}", **{**grumble, "risk_level": 4})
    store.execute("UPDATE analyses SET risk_terms = ['据说', '部门'] WHERE post_id = ?", [rumour])
    assert clustering.cluster(store, now=now)["new_incidents"] == 1


def test_an_employers_incident_begun_two_days_after_its_other_event_is_a_second_event():
    # a plant's strike over unpaid wages, then, two days and more later, layoffs at the employer's research centre told in
    # two incidents whose reports had not met yet: the employer's name, its town and its trade's words are all over
    # both events, and the layoffs' smaller incident holds more of the strike's words than of its own event's …
    world = ["松山湖", "长安镇", "恒锐达", "工资", "老板", "年底"]
    strike = _reports(1, 0, "薪酬福利", world + ["堵门", "两个月", "工人聚集", "人社局"], 12, grave=10)
    layoff = _reports(2, 50, "裁员离职", world[:1] + ["研发中心", "协商解除", "门禁停用"], 6, grave=4)
    later = _reports(3, 52, "裁员离职", world + ["研发中心"], 3, grave=2)
    began = {c.incident_id: c.first_at for c in (strike, layoff, later)}
    assert clustering._second_event(later, strike, began) and not clustering._second_event(later, layoff, began)
    space = clustering._Space([strike, layoff, later], {}, 3.0, clustering.WINDOW_HOURS * 3600.0,
                              clustering.MERGE_THRESHOLD, in_time_order=False)
    rank = {id(strike): 0, id(layoff): 1, id(later): 2}
    weights = {t: 2.0 for t in later.df}  # (each used by some other post of the window: below the lone idf, 3)
    # … so that it would go into the strike; the merge pass passes over the strike and takes its own event's incident
    assert clustering._merge_target(later, weights, space, rank, {}, {}, space) is strike
    assert clustering._merge_target(later, weights, space, rank, {}, began, space) is layoff
    # one event's later chapter begun within a day (the labour bureau's inquiry), or told by a post or two, is no
    # second event: it joins its event as before
    inquiry = _reports(3, 20, "劳动合规", world + ["研发中心"], 3, grave=2)
    assert not clustering._second_event(inquiry, strike, {**began, 3: inquiry.first_at})
    pair = _reports(3, 52, "裁员离职", world + ["研发中心"], 2, grave=2)
    assert not clustering._second_event(pair, strike, began)


def test_a_disputes_later_chapter_of_its_own_kind_joins_it_however_late():
    # a plant's wage dispute told over the week: two days and more in, the wages paid short bring a second protest, told by
    # three posts that had not met the first reports yet — still a wage dispute (薪酬福利), the same event's later
    # chapter, not the employer's second event; layoffs at its research centre begun as late are another kind
    world = ["松山湖", "长安镇", "恒锐达", "工资", "老板", "年底"]
    strike = _reports(1, 0, "薪酬福利", world + ["堵门", "两个月", "工人聚集", "人社局"], 12, grave=10)
    short = _reports(2, 56, "薪酬福利", world + ["堵门", "只发一半", "再次聚集"], 3, grave=3)
    layoff = _reports(3, 56, "裁员离职", world + ["研发中心", "协商解除"], 3, grave=3)
    began = {c.incident_id: c.first_at for c in (strike, short, layoff)}
    assert clustering._later_chapter(short, strike) and not clustering._second_event(short, strike, began)
    assert not clustering._later_chapter(layoff, strike) and clustering._second_event(layoff, strike, began)
    space = clustering._Space([strike, short], {}, 3.0, clustering.WINDOW_HOURS * 3600.0,
                              clustering.MERGE_THRESHOLD, in_time_order=False)
    weights = {t: 2.0 for t in short.df}  # (each used by some other post of the window: below the lone idf, 3)
    assert clustering._merge_target(short, weights, space, {id(strike): 0, id(short): 1}, {}, began, space) is strike
    # an incident whose posts tell no kind (all 其他) is no sign of a later chapter: the time alone decides
    told_nothing = _reports(4, 56, "其他", world + ["研发中心"], 3, grave=3)
    assert not clustering._later_chapter(told_nothing, strike)
    assert clustering._second_event(told_nothing, strike, {**began, 4: told_nothing.first_at})


def test_an_employers_older_event_seen_by_its_tail_is_not_folded_into_its_younger_one():
    # a plant's wage strike told from the Monday morning; a day and more later, layoffs at the employer's research centre.
    # By Wednesday the window shows three of the strike's posts (its first ones aged out): the smaller of the two, and
    # holding the employer's name, town and trade's words the layoffs' posts use too, it would go into the layoffs …
    world = ["松山湖", "长安镇", "恒锐达", "工资", "老板", "年底"]
    strike = _reports(1, 40, "薪酬福利", world + ["堵门"], 3, grave=3)
    layoff = _reports(2, 28, "裁员离职", world + ["研发中心", "协商解除", "门禁停用"], 10, grave=8)
    space = clustering._Space([strike, layoff], {}, 3.0, clustering.WINDOW_HOURS * 3600.0,
                              clustering.MERGE_THRESHOLD, in_time_order=False)
    rank = {id(layoff): 0, id(strike): 1}
    weights = {t: 2.0 for t in strike.df}  # (each used by some other post of the window: below the lone idf, 3)
    window_only = {1: strike.first_at, 2: layoff.first_at}
    assert clustering._merge_target(strike, weights, space, rank, {}, window_only, space) is layoff
    # … but over its whole life it began 28 hours before them: an older event, left apart
    began = {1: 0.0, 2: layoff.first_at}
    assert clustering._older_event(strike, layoff, began)
    assert clustering._merge_target(strike, weights, space, rank, {}, began, space) is None
    # one event's first reports, begun hours before its burst, still go into it; so does an older incident told as
    # the same main kind (the dispute's first protest beside its later chapter), and a lone post or two
    assert not clustering._older_event(strike, layoff, {1: layoff.first_at - 6 * 3600.0, 2: layoff.first_at})
    wages = _reports(2, 28, "薪酬福利", world + ["只发一半", "再次聚集", "门禁停用"], 10, grave=8)
    assert not clustering._older_event(strike, wages, began)
    pair = _reports(1, 40, "薪酬福利", world + ["堵门"], 2, grave=2)
    assert not clustering._older_event(pair, layoff, began)


def _own_words(start: int, n: int = 30) -> str:
    """A run of ``n`` characters no other post uses (rare ones, no stop character): a post's own words,
    every bigram of them telling and rarer than anything it shares."""
    chars = [chr(c) for c in range(0x9700 + start, 0x9800 + start) if chr(c) not in clustering._STOP_CHARS]
    return "".join(chars[:n])


def test_an_events_early_thread_joins_its_incident_and_a_trade_thread_a_day_before_stays_out(store, now):
    def thread(hours, root_words, reply_words, keywords, tag):
        root = add_post(store, root_words, now - timedelta(hours=hours), employer=None, risk_level=4, category="其他",
                        keywords=keywords[:2], external_id=tag)
        reply = add_post(store, reply_words, now - timedelta(hours=hours, minutes=-15), employer=None, risk_level=4,
                         category="其他", keywords=keywords[2:], parent=tag)
        return [root, reply]

    told = ["冒黄烟", "稀土大街", "萃取车间", "漏气"]
    # a day before the leak: a thread about the trade in the same street's words (「这行还好做吗？」)
    trade = thread(30, _own_words(0), _own_words(40), told, "trade")
    # the leak's first thread, before anyone named the company: a passer-by's 「冒黄烟了，什么情况」 and a
    # reply naming the workshop; in words of their own besides the few the reports will repeat
    early = thread(10, _own_words(80), _own_words(120), told, "early")
    clustering.cluster(store, now=now - timedelta(hours=8))
    assert store.execute("SELECT count(*) FROM incidents").fetchone()[0] == 0
    # hours later the reports name the company: an incident opens, and its early thread joins it
    reports = [add_post(store, f"通报{i}", now - timedelta(hours=6, minutes=-20 * i), employer="某稀土厂", risk_level=2,
                        category="安全健康", keywords=told + [f"细节{i}"]) for i in range(4)]
    res = clustering.cluster(store, now=now - timedelta(hours=4))
    assert res["new_incidents"] == 1
    (incident,) = store.execute("SELECT id FROM incidents").fetchone()
    assert _members(store)[incident] == set(reports + early)
    assert not set(trade) & _members(store)[incident]
