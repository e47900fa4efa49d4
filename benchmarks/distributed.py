"""Posts per second of ``workbench.analyze`` on one machine's plain function, Spark (local[1],
local[2]) and Ray Data (1 and 2 actors), and each engine's start-up cost. Prints; not a test.

    .venv/bin/python benchmarks/distributed.py [--posts 200000]

Posts are the hand-written training corpus (data/nlp/corpus/train), cycled to the wanted count.
Start-up is the time from nothing to the first analysed post: the session (Spark's JVM and
Python workers, Ray's local cluster and actor pool) and the model shipped to the workers, measured
on a 100-post job (Spark's first one also launches the JVM, which later sessions of the same
process reuse: local[1]'s start-up includes it, local[2]'s does not). Throughput is then measured on the full posts with the engine warm; results
are consumed without collecting them (Spark's noop sink, Ray's streamed batches). "Pays off
from" is the number of posts above which the engine, start-up included, beats the plain
function on this machine. The machine is shared: its load average is printed with the figures.
"""
from __future__ import annotations

import argparse
import itertools
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WARM_POSTS = 100


def posts(n: int):
    import pandas as pd

    from workbench.nlp import corpora

    base = corpora.handwritten("train")["text"].tolist()
    texts = list(itertools.islice(itertools.cycle(base), n))
    return pd.DataFrame({"id": range(1, n + 1), "text": pd.Series(texts, dtype=object)})


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def plain(frame, model) -> tuple[float, float]:
    from workbench.distributed import batches

    t = time.perf_counter()
    batches.analyze_batch(frame.head(WARM_POSTS), "text", ["id"], model)
    start = time.perf_counter() - t
    t = time.perf_counter()
    batches.analyze_batch(frame, "text", ["id"], model)  # workbench.analyze's default: one process
    return start, len(frame) / (time.perf_counter() - t)


def spark(frame, model, master: str) -> tuple[float, float]:
    from workbench.distributed.spark import session, spark_analyze

    def run(part):
        df = session(master).createDataFrame(part).repartition(max(2, len(part) // 10_000))
        spark_analyze(df, text_col="text", keep=["id"], model=model).write.format("noop").mode("overwrite").save()

    t = time.perf_counter()
    run(frame.head(WARM_POSTS))
    start = time.perf_counter() - t
    t = time.perf_counter()
    run(frame)
    rate = len(frame) / (time.perf_counter() - t)
    session(master).stop()
    return start, rate


def ray(frame, model, workers: int) -> tuple[float, float]:
    import ray as ray_module

    from workbench.distributed.ray_data import dataset, ray_analyze, start

    def run(part):
        ds = ray_analyze(dataset(part, block_rows=5_000), text_col="text", keep=["id"], model=model, workers=workers)
        return sum(len(b) for b in ds.iter_batches(batch_format="pandas"))

    t = time.perf_counter()
    start(workers)
    run(frame.head(WARM_POSTS))
    started = time.perf_counter() - t
    t = time.perf_counter()
    n = run(frame)
    rate = n / (time.perf_counter() - t)
    ray_module.shutdown()
    return started, rate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=200_000)
    args = parser.parse_args()

    from workbench.distributed import batches

    frame = posts(args.posts)
    model = batches.current_model()
    print(f"{args.posts:,} posts; {os.cpu_count()} cores; load average before: {load()}", flush=True)
    runs = [("plain function (1 process)", lambda: plain(frame, model))]
    runs += [(f"Spark {m}", lambda m=m: spark(frame, model, m)) for m in ("local[1]", "local[2]")]
    runs += [(f"Ray Data, {w} actor{'s' if w > 1 else ''}", lambda w=w: ray(frame, model, w)) for w in (1, 2)]
    results = []
    print(f"{'engine':<28}{'start-up s':>12}{'posts/s':>10}{'pays off from':>16}", flush=True)
    for name, run in runs:
        start, rate = run()
        results.append((name, start, rate))
        base = results[0][2]
        if name.startswith("plain"):
            payoff = "—"
        elif rate > base:
            payoff = f"{start / (1 / base - 1 / rate):,.0f} posts"
        else:
            payoff = "never here"
        print(f"{name:<28}{start:>12.1f}{rate:>10,.0f}{payoff:>16}   (load {load()})", flush=True)
    print(f"load average after: {load()}")


if __name__ == "__main__":
    main()
