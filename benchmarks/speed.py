"""Throughput and memory of ``workbench.analyze``. Prints the figures; not a test.

    .venv/bin/python benchmarks/speed.py [--posts 100000] [--snownlp 1000] [--memory-posts 1000000]

Posts are real Weibo texts from ../shared/data (the training corpora, cycled to the wanted
count). snownlp's per-post ``SnowNLP(text).sentiments`` runs over the first 1,000 of the same
posts in the same run. Peak memory is measured in a child process (ru_maxrss) that analyses
the memory-test posts in batches of 10,000, as ``analyze_posts`` does.
"""
from __future__ import annotations

import argparse
import itertools
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BATCH = 10_000


def posts(n: int) -> list[str]:
    from workbench.nlp import corpora

    base = (corpora.smp2020_virus_train()["text"].tolist() + corpora.weibo2018_train()["text"].tolist()
            + corpora.workplace()["text"].tolist())
    return list(itertools.islice(itertools.cycle(base), n))


def memory_child(n: int) -> None:
    """Analyse n posts in batches, print the peak resident set size as JSON."""
    from workbench.nlp.analyze import analyze

    texts = posts(min(n, 50_000))  # a window of real posts, cycled: memory must not grow with n
    done = 0
    t0 = time.perf_counter()
    while done < n:
        size = min(BATCH, n - done)
        start = done % len(texts)
        batch = (texts[start:] + texts)[:size]
        analyze(batch)
        done += size
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"posts": done, "peak_mb": peak_kb / 1024, "seconds": time.perf_counter() - t0}))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--posts", type=int, default=100_000)
    ap.add_argument("--snownlp", type=int, default=1_000)
    ap.add_argument("--memory-posts", type=int, default=1_000_000)
    ap.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        memory_child(args.child)
        return

    from snownlp import SnowNLP

    from workbench.nlp.analyze import analyze
    from workbench.nlp.segment import BACKEND

    texts = posts(args.posts)
    analyze(texts[:100])  # load the model once, outside the timing
    t0 = time.perf_counter()
    for i in range(0, len(texts), BATCH):
        analyze(texts[i:i + BATCH])
    ours = len(texts) / (time.perf_counter() - t0)
    avg_chars = sum(map(len, texts)) / len(texts)
    print(f"analyze: {len(texts):,} posts (avg {avg_chars:.0f} chars, segmenter {BACKEND}) → {ours:,.0f} posts/s")

    t0 = time.perf_counter()
    for t in texts[: args.snownlp]:
        SnowNLP(t).sentiments
    snow = args.snownlp / (time.perf_counter() - t0)
    ratio = ours / snow
    print(f"snownlp SnowNLP(text).sentiments: {args.snownlp:,} of the same posts → {snow:,.1f} posts/s")
    print(f"ratio analyze / snownlp: {ratio:,.0f}×   target ≥100× {'MET' if ratio >= 100 else 'MISSED'}")

    out = subprocess.run([sys.executable, __file__, "--child", str(args.memory_posts)], capture_output=True, text=True, check=True)
    mem = json.loads(out.stdout.strip().splitlines()[-1])
    print(f"peak memory analysing {mem['posts']:,} posts in batches of {BATCH:,}: {mem['peak_mb']:,.0f} MB "
          f"({mem['seconds']:,.0f} s, {mem['posts'] / mem['seconds']:,.0f} posts/s)   target ≤2048 MB "
          f"{'MET' if mem['peak_mb'] <= 2048 else 'MISSED'}")


if __name__ == "__main__":
    main()
