"""The batch paths of analyze (joined-text scans, one segmentation call, worker processes)
give what the one-text functions give, on awkward input too."""
from __future__ import annotations

import pandas as pd

import workbench
from workbench.nlp import analyze as analyze_module
from workbench.nlp import cues, keywords, risk, segment

AWKWARD = [
    "", None, "   ", "😀😀😀", "a  b\tc\nd", "Hello World 你好 PUA", "這家公司  拖欠薪資，老闆跑路了",
    "公司真“贴心”，没有欠薪？！凭什么不发工资！", "无人员伤亡。工厂爆炸", "加" * 3000,
    "电话１３８１２３４５６７８，邮箱 hr@example.com", "我们公司又开始大小周了，而且还要签竞业协议",
    "\u3000前后有全角空格\u3000", "996 icu N+1 被优化",
]


def test_batch_steps_equal_the_one_text_functions():
    texts = AWKWARD * 3
    norm = segment.normalize_all(texts)
    assert norm == [segment.normalize(t) for t in texts]
    seg = segment.segment_all(norm)
    assert seg.lists() == [segment.tokenize(t) for t in norm]
    cue_lists, matrix = cues.find_all(norm)
    for i, t in enumerate(norm):
        one_cues, one_vec = cues.find(t)
        assert cue_lists[i] == one_cues and matrix[i].tolist() == one_vec
    scan = risk.scan_all(norm)
    assert list(zip(scan.floor_levels, scan.terms)) == [risk.assess(t) for t in norm]
    assert scan.matrix.tolist() == [risk.scan_all([t]).matrix[0].tolist() for t in norm]
    assert keywords.extract_all(seg) == [keywords.extract(w) for w in seg.lists()]


def test_worker_processes_give_the_same_rows():
    texts = AWKWARD * 150  # 2,100 posts: split over two processes when n_jobs=2
    alone = workbench.analyze(texts, n_jobs=1)
    split = workbench.analyze(texts, n_jobs=2)
    assert analyze_module._pool["executor"] is not None  # a worker process did part of the batch
    pd.testing.assert_frame_equal(alone, split)
    assert split["has_pii"].sum() == 150 and "138****5678" in split["text_masked"].iloc[10]


def test_the_batch_pii_filter_misses_no_post():
    """The one-scan filter picks the posts worth masking: neighbours that end and start with
    digits, full-width digits and split numbers must not hide one."""
    from workbench.pii import mask_pii

    texts = ["订单999", "13812345678 找我", "尾号123", "45 678", "１３８１２３４５６７８", "138 1234 5678",
             "邮箱：hr＠example.com", "hr@example.com", "工号12", "345", "身份证110105194912310021",
             "身份证 110105 19491231 0021", "卡号 6222－0202－0000－1234", "+86 138-1234-5678", "(+86)13812345678",
             "电话\n138\n1234\n5678", "@人事小王 联系我", "ｈｒ＠ｅｘａｍｐｌｅ．ｃｏｍ", "a@b.cn"]
    assert analyze_module._mask(texts) == [mask_pii(t) for t in texts]
    assert analyze_module._mask(texts)[1] == "138****5678 找我"
