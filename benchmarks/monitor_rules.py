"""Throughput of the monitor rule language over many texts. Prints the figures; not a test.

    .venv/bin/python benchmarks/monitor_rules.py [--texts 200000]

Texts are synthetic workplace posts (about 60 characters each, a fifth of them mentioning the
rule's words). ``match_many`` (each word searched once over all texts, boolean arrays combined,
NEAR measured only where both sides occur) is compared with calling ``Rule.matches`` per text.
"""
from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from workbench.monitor.rules import compile_rule, match_many  # noqa: E402

RULE = '(欠薪 OR "拖欠 工资" OR 讨薪) AND NOT 招聘 OR 加班 NEAR/10 (猝死 OR 晕倒) OR 996'
FILLER = "公司今天开会讨论了下季度的目标大家都觉得压力很大食堂的饭菜还不错周末团建去爬山"
HOT = ["欠薪", "拖欠 工资", "讨薪", "招聘", "加班", "猝死", "晕倒", "996", "1996"]


def texts(n: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        words = list(FILLER[rng.randrange(20):])
        if rng.random() < 0.2:
            for w in rng.sample(HOT, 2):
                words.insert(rng.randrange(len(words)), w)
        out.append("".join(words))
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--texts", type=int, default=200_000)
    args = parser.parse_args()
    rule = compile_rule(RULE)
    data = texts(args.texts)
    started = time.perf_counter()
    many = match_many(rule, data)
    vector = time.perf_counter() - started
    started = time.perf_counter()
    single = [rule.matches(t) for t in data]
    scalar = time.perf_counter() - started
    assert many == single
    print(f"rule: {RULE}")
    print(f"texts: {len(data):,}  matched: {sum(many):,}")
    print(f"match_many: {vector:.2f} s  ({len(data) / vector:,.0f} texts/s)")
    print(f"Rule.matches per text: {scalar:.2f} s  ({len(data) / scalar:,.0f} texts/s)")


if __name__ == "__main__":
    main()
