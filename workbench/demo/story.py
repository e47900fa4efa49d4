"""The designed incidents of the demo: what happened, when, how loud, and how far the team got.

Times are offsets from the end of the data (``end``), so the story stays current whatever the
anchor. ``level`` is the level the story aims at; the real level comes from the scoring cycle.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from .phrases import NEG, NEU, POS


@dataclass(frozen=True)
class Incident:
    key: str
    employer: str
    category: str
    title: str
    level: str                      # aimed-at level
    status: str
    start_before_end: timedelta     # first post
    posts: int
    spread_hours: float             # mean delay of later posts after the first one
    negative_share: float
    platforms: dict[str, float]
    texts: list[tuple[str, str, str]] = field(default_factory=list)  # (template, sentiment, emotion)
    owner: str | None = None
    summary: str | None = None
    reach: float = 1.0              # engagement multiplier: loud incidents score hotter, quiet ones stay low


H = timedelta(hours=1)
D = timedelta(days=1)

INCIDENTS: list[Incident] = [
    Incident(
        key="xinghe_996", employer="星河科技", category="工时加班", level="Ⅱ", status="已复盘",
        title="星河科技研发中心被曝变相强制“996”",
        start_before_end=24 * D, posts=420, spread_hours=30, negative_share=0.5,
        platforms={"脉脉": 0.3, "微博": 0.35, "知乎": 0.15, "小红书": 0.05, "新闻网站": 0.05, "内部论坛": 0.1}, reach=2.5,
        texts=[
            ("星河科技研发中心考勤系统显示晚上九点前离开算早退，这不就是强制996吗", NEG, "愤怒"),
            ("星河科技研发中心连续三个月每周六天班，加班费一分没有，要求按劳动法支付加班费", NEG, "愤怒"),
            ("在星河科技写代码写到凌晨两点，第二天九点还要站会，身体真的撑不住了", NEG, "悲伤"),
            ("星河科技研发中心员工爆料加班文化，希望公司给个说法", NEG, "愤怒"),
            ("星河科技回应加班争议：将全面核查研发中心考勤情况", NEU, "中性"),
            ("星河科技发布考勤新规，晚八点后加班需审批并计发加班费", NEU, "中性"),
            ("星河科技这次回应挺快，新规落地后我们组确实七点就能走了", POS, "喜悦"),
        ],
        owner="陈思远",
        summary="研发中心考勤规则被指变相强制加班；已核查考勤、补发加班费并发布新规，舆情回落。",
    ),
    Incident(
        key="yunfan_wages", employer="云帆物流", category="薪酬福利", level="Ⅰ", status="处置中",
        title="云帆物流华东分拨中心拖欠工资引发员工聚集",
        start_before_end=20 * H, posts=650, spread_hours=3, negative_share=0.85,
        platforms={"微博": 0.5, "脉脉": 0.1, "知乎": 0.08, "小红书": 0.07, "新闻网站": 0.1, "内部论坛": 0.15}, reach=2.5,
        texts=[
            ("云帆物流华东分拨中心三个月没发工资，上百名分拣员聚集在园区门口讨薪", NEG, "愤怒"),
            ("还我血汗钱！云帆物流拖欠我们三个月工资，家里孩子学费都交不上", NEG, "悲伤"),
            ("云帆物流华东分拨中心欠薪，要求公司立即结清全部工资并补缴社保", NEG, "愤怒"),
            ("听说云帆物流资金链出问题了，下个月还能不能发工资，好担心", NEG, "焦虑"),
            ("云帆物流分拨中心门口聚集了很多人，现场有警察维持秩序", NEU, "惊讶"),
            ("云帆物流回应欠薪：正在筹措资金，将于本周内分批发放", NEU, "中性"),
            ("记者从当地人社部门获悉，已就云帆物流欠薪问题约谈企业负责人", NEU, "中性"),
        ],
        owner="刘海峰",
        summary="华东分拨中心欠薪引发员工聚集，多平台快速扩散；已启动Ⅰ级响应，资金筹措与分批发放中。",
    ),
    Incident(
        key="huachen_injury", employer="华辰制造", category="安全健康", level="Ⅱ", status="跟踪中",
        title="华辰制造二号厂区冲压线机械伤人事故",
        start_before_end=6 * D, posts=300, spread_hours=12, negative_share=0.65,
        platforms={"微博": 0.35, "新闻网站": 0.2, "内部论坛": 0.2, "知乎": 0.1, "脉脉": 0.1, "小红书": 0.05}, reach=2.5,
        texts=[
            ("华辰制造二号厂区冲压线出事了，工友手被压伤送医，防护光栅早就坏了", NEG, "愤怒"),
            ("华辰制造安全事故：设备带病运转很久了，报修没人管，请监管部门介入调查", NEG, "愤怒"),
            ("在华辰制造冲压线上班的家属很担心，每天都怕出事", NEG, "焦虑"),
            ("华辰制造二号厂区发生一起机械伤害事故，一名工人受伤，相关部门已介入调查", NEU, "中性"),
            ("华辰制造通报事故进展：受伤员工已脱离危险，全厂停线排查设备", NEU, "中性"),
            ("华辰制造停线排查后换了全新的安全防护，这次整改挺彻底", POS, "喜悦"),
        ],
        owner="赵立群",
        summary="冲压线防护装置失效致一名工人受伤；已停线排查、公开通报并跟踪伤员与整改。",
    ),
    Incident(
        key="xinghe_layoff", employer="星河科技", category="裁员离职", level="Ⅲ", status="已定级",
        title="星河科技商业化产品部整组裁员补偿争议",
        start_before_end=3 * D, posts=120, spread_hours=20, negative_share=0.4,
        platforms={"脉脉": 0.45, "微博": 0.2, "知乎": 0.2, "小红书": 0.1, "内部论坛": 0.05}, reach=0.03,
        texts=[
            ("星河科技商业化产品部今天整组被裁，只给N的补偿，要求依法支付经济补偿", NEG, "愤怒"),
            ("星河科技裁员当天就关了权限，连交接都没有，太寒心了", NEG, "悲伤"),
            ("星河科技还会继续裁员吗？我们组也人心惶惶", NEG, "焦虑"),
            ("星河科技称商业化产品部调整属于正常业务优化，将依法给予补偿", NEU, "中性"),
        ],
        owner="陈思远",
    ),
    Incident(
        key="yunfan_pua", employer="云帆物流", category="管理作风", level="Ⅱ", status="已关闭",
        title="云帆物流城配站点主管辱骂员工视频流传",
        start_before_end=14 * D, posts=120, spread_hours=24, negative_share=0.75,
        platforms={"微博": 0.4, "小红书": 0.2, "脉脉": 0.2, "内部论坛": 0.2}, reach=0.6,
        texts=[
            ("云帆物流城配站点主管当众辱骂快递员的视频太过分了，希望严肃处理涉事主管", NEG, "愤怒"),
            ("在云帆物流站点每天被主管骂，说我们是废物，压力大到不想上班", NEG, "悲伤"),
            ("云帆物流回应：涉事站点主管已停职，公司将开展管理作风整顿", NEU, "中性"),
            ("云帆物流这次处理得挺快，新站长人不错", POS, "喜悦"),
        ],
        owner="刘海峰",
        summary="站点主管辱骂员工视频流传；涉事主管停职，开展管理作风整顿，事件关闭。",
    ),
    Incident(
        key="huachen_recruit", employer="华辰制造", category="招聘求职", level="Ⅳ", status="待研判",
        title="华辰制造招聘宣传“双休”与实际不符",
        start_before_end=10 * H, posts=8, spread_hours=6, negative_share=0.4,
        platforms={"内部论坛": 0.5, "脉脉": 0.3, "小红书": 0.2}, reach=0.005,
        texts=[
            ("华辰制造招聘写的双休五险一金，入职后才发现是单休，感觉被骗了", NEG, "愤怒"),
            ("华辰制造的招聘广告能信吗？我朋友说实际是两班倒", NEU, "中性"),
        ],
    ),
    Incident(
        key="xinghe_teambuilding", employer="星河科技", category="企业文化", level="Ⅲ", status="已定级",
        title="星河科技要求周末团建、缺席扣绩效引发吐槽",
        start_before_end=8 * D, posts=60, spread_hours=18, negative_share=0.75,
        platforms={"微博": 0.4, "知乎": 0.3, "脉脉": 0.3}, reach=0.1,
        texts=[
            ("星河科技要求周末必须参加团建，不去就扣绩效，这算什么企业文化", NEG, "愤怒"),
            ("周末被星河科技拉去团建爬山，累了一周还不能休息，心好累", NEG, "悲伤"),
            ("星河科技回应团建争议：团建自愿参加，不与绩效挂钩", NEU, "中性"),
            ("其实星河科技团建挺好玩的，就是别放在周末", POS, "喜悦"),
        ],
        owner="王珊",
    ),
]
