"""Ingest benchmark: generate a 1,000,000-row Weibo-style CSV and ingest it.

Parse, map, validate, mask, dedup (exact + near) and insert — no analysis. Prints rows per
second and peak memory (the process's maximum resident set size, generation included), each
beside its target (issue 14): ≥ 100,000 rows/s and ≤ 1.5 GB peak on a 2-core machine.
``--stages`` also prints where the time goes: wall and CPU seconds of each stage (its own
time, without the stages it calls), summed over chunks; the reading thread and the writing
thread overlap, so the stages add up to more than the run.

    .venv/bin/python benchmarks/ingest.py [--rows N] [--keep DIR [--reuse]] [--threads N] [--stages]
"""
from __future__ import annotations

import argparse
import csv
import functools
import os
import resource
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from workbench import db  # noqa: E402
from workbench.ingest import neardup, pipeline, plan, reading  # noqa: E402
from workbench.ingest.pipeline import INGEST_MEMORY_LIMIT, ingest_file  # noqa: E402
from workbench.ingest.reading import CHUNK_ROWS  # noqa: E402

TARGET_ROWS_PER_S = 100_000
TARGET_PEAK_MIB = 1536

SUBJECTS = ["公司", "我们部门", "某大厂", "老板", "HR", "领导", "项目组", "分公司", "人事", "主管"]
EVENTS = ["又拖欠工资三个月了", "要求996还不给加班费", "突然宣布裁员百分之二十", "把年终奖取消了",
          "逼员工签自愿离职协议", "食堂饭菜越来越差", "让孕期员工调岗降薪", "在群里公开辱骂员工",
          "不给交社保公积金", "试用期结束无故辞退", "车间发生安全事故", "周末强制团建不算加班"]
FEELINGS = ["大家怎么看", "真的太难了", "忍无可忍", "有没有人管管", "已经申请劳动仲裁", "心累",
            "求助各位网友", "转发扩散", "希望早日解决", "哈哈哈无语了", "太离谱了吧", "还能说什么呢"]
NAMES = [f"打工人{i:04d}" for i in range(5000)]
# Frequent characters, for a free-text tail that makes most posts distinct, as real posts are.
POOL = list("的一是了我不人在他有这个上们来到时大地为子中你说生国年着就那和要她出也得里后自以会家可下而过天去能对小多然于心学么之都好看起发当没成只如事把还用第样道想作种开美总从无情己面最女但现前些所同日手又行意动方期它头经长儿回位分爱老因很给名法间斯知世什两次使身者被高已亲其进此话常与活正感")


def tails(rng: np.random.Generator, n: int) -> list[str]:
    lengths = rng.integers(6, 30, n)
    chars = rng.integers(0, len(POOL), int(lengths.sum()))
    flat = "".join(POOL[c] for c in chars)
    ends = np.cumsum(lengths)
    return [flat[e - k:e] for e, k in zip(ends, lengths)]


def generate(path: Path, rows: int, seed: int = 7) -> None:
    """Write a realistic export: unique ids, ~10% reposts with a prefix, ~2% exact re-exports."""
    rng = np.random.default_rng(seed)
    chunk = 100_000
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["微博id", "用户昵称", "微博正文", "发布时间", "转发数", "评论数", "点赞数", "源微博id", "微博地址"])
        written = 0
        while written < rows:
            n = min(chunk, rows - written)
            ids = 4_900_000_000_000_000 + written + np.arange(n)
            s, e, f = rng.integers(0, len(SUBJECTS), n), rng.integers(0, len(EVENTS), n), rng.integers(0, len(FEELINGS), n)
            tag = rng.integers(0, 10**9, n)
            who = rng.integers(0, len(NAMES), n)
            secs = rng.integers(0, 180 * 86400, n)
            likes = np.minimum(np.exp(rng.normal(3.0, 2.2, n)), 5e6).astype(np.int64)  # heavy tail: most posts get few
            kind = rng.random(n)
            tail = tails(rng, n)
            for i in range(n):
                text = f"{SUBJECTS[s[i]]}{EVENTS[e[i]]}，{tail[i]}，{FEELINGS[f[i]]}！#职场# https://t.cn/A{tag[i]:x}"
                if kind[i] > 0.95:  # some posts carry a phone number (masked on the way in)
                    text += f" 有事联系13{tag[i] % 10}{tag[i]:08d}"
                parent = ""
                if kind[i] < 0.10 and i > 0:  # repost of an earlier row with a prefix
                    j = int(rng.integers(0, i))
                    parent = str(ids[j])
                    text = f"转发微博：{SUBJECTS[s[j]]}{EVENTS[e[j]]}，{tail[j]}，{FEELINGS[f[j]]}！#职场#"
                ident = ids[i]
                if kind[i] > 0.98 and i > 0:  # the same post exported twice
                    ident = ids[i - 1]
                    text, who[i] = prev_text, who[i - 1]
                t = time.gmtime(1714521600 + int(secs[i]))
                like = f"{likes[i] / 10000:.1f}万" if likes[i] >= 10000 else str(likes[i])
                out.writerow([ident, NAMES[who[i]], text, time.strftime("%Y-%m-%d %H:%M:%S", t),
                              int(likes[i] // 7), int(likes[i] // 3), like, parent, f"https://weibo.com/{ident}"])
                prev_text = text
            written += n


class StageClock:
    """Wall and CPU time per named stage, exclusive of the stages it calls (per thread)."""

    def __init__(self) -> None:
        self.wall: dict[str, float] = {}
        self.cpu: dict[str, float] = {}
        self._stack = threading.local()

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        stack = self._stack.__dict__.setdefault("frames", [])
        now = (time.perf_counter(), time.thread_time())
        if stack:  # pause the caller's stage
            self._add(stack[-1][0], now, stack[-1][1])
        stack.append([name, now])
        try:
            yield
        finally:
            now = (time.perf_counter(), time.thread_time())
            self._add(name, now, stack.pop()[1])
            if stack:
                stack[-1][1] = now

    def _add(self, name: str, now: tuple[float, float], since: tuple[float, float]) -> None:
        self.wall[name] = self.wall.get(name, 0.0) + now[0] - since[0]
        self.cpu[name] = self.cpu.get(name, 0.0) + now[1] - since[1]

    def wrap(self, owner: Any, attr: str, name: str | Callable[..., str]) -> None:
        """Time every call of ``owner.attr`` (a generator function: every step of it)."""
        real = getattr(owner, attr)

        @functools.wraps(real)
        def timed(*args: Any, **kwargs: Any) -> Any:
            label = name(*args) if callable(name) else name
            with self.stage(label):
                out = real(*args, **kwargs)
            if not isinstance(out, Iterator) or isinstance(out, (list, tuple)):
                return out
            return self._steps(label, out)

        setattr(owner, attr, timed)

    def _steps(self, label: str, items: Iterator[Any]) -> Iterator[Any]:
        while True:
            with self.stage(label):
                item = next(items, None)
            if item is None:
                return
            yield item

    def report(self, rows: int) -> None:
        print(f"{'stage':<28}{'wall s':>8}{'CPU s':>8}{'µs/row':>8}")
        for name in sorted(self.wall, key=self.wall.get, reverse=True):
            print(f"{name:<28}{self.wall[name]:8.2f}{self.cpu[name]:8.2f}{self.wall[name] / rows * 1e6:8.1f}")


def time_stages(clock: StageClock) -> None:
    """Wrap the pipeline's stages (reading thread: read … sign; writing thread: the rest)."""
    B = pipeline._Batch
    stages = [
        (reading.TableFile, "chunks", "read CSV (Arrow)"), (plan.Plan, "records", "map columns"),
        (B, "prepare", "prepare (glue)"), (B, "_typed", "validate + type"),
        (pipeline, "fingerprints", "normalise + hash"),
        (pipeline, "_masked_where_changed", "mask PII"), (neardup, "signatures", "MinHash"), (neardup, "band_keys", "LSH band keys"),
        (B, "store", "store (glue)"), (B, "_exact_duplicates", "exact duplicates"),
        (pipeline, "followers_of", "follower lookup"), (B, "_near_duplicates", "near duplicates"),
        (B, "_index_originals", "near-dup index"), (B, "finish", "batch row"),
    ]
    for owner, attr, name in stages:
        clock.wrap(owner, attr, name)
    clock.wrap(B, "_insert", lambda self, table, *frame: f"insert {table}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--keep", help="directory to keep the CSV and database in (default: a temporary one)")
    parser.add_argument("--reuse", action="store_true", help="reuse the CSV already in --keep")
    parser.add_argument("--chunk-rows", type=int, default=CHUNK_ROWS, help="rows per chunk (default %(default)s)")
    parser.add_argument("--memory-limit", default=INGEST_MEMORY_LIMIT,
                        help="DuckDB memory_limit, as `workbench ingest` sets it (DuckDB's default is 80%% of RAM)")
    parser.add_argument("--threads", type=int,
                        help="DuckDB threads while importing (default: DuckDB's, as `workbench ingest` runs); "
                             "1 leaves both cores to the pipeline's own two threads")
    parser.add_argument("--stages", action="store_true", help="also print the time of each stage")
    args = parser.parse_args()
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="wb-ingest-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    csv_path = work / "weibo_export.csv"
    if not (args.reuse and csv_path.exists()):
        t0 = time.perf_counter()
        generate(csv_path, args.rows)
        print(f"generated {args.rows:,} rows ({csv_path.stat().st_size / 2**20:.0f} MiB) in {time.perf_counter() - t0:.1f} s")
    (work / "bench.duckdb").unlink(missing_ok=True)
    (work / "bench.duckdb.wal").unlink(missing_ok=True)

    con = db.connect(work / "bench.duckdb")
    con.execute(f"SET memory_limit = '{args.memory_limit}'")  # a setting, not a value from data
    if args.threads:
        con.execute(f"SET threads = {int(args.threads)}")
    threads = con.execute("SELECT current_setting('threads')").fetchall()[0][0]
    print(f"DuckDB memory_limit {args.memory_limit}, threads {threads}, chunks of {args.chunk_rows:,} rows, "
          f"file {csv_path} ({csv_path.stat().st_size / 2**20:.0f} MiB)")
    clock = StageClock()
    if args.stages:
        time_stages(clock)
    load0 = os.getloadavg()[0]
    chunk_done: list[float] = []  # when each chunk was written
    t0, c0 = time.perf_counter(), time.process_time()
    result = ingest_file(con, csv_path, actor="benchmark", chunk_rows=args.chunk_rows,
                         progress=lambda done, total: chunk_done.append(time.perf_counter()))
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(f"rows read {result.rows_read:,}  inserted {result.inserted:,}  duplicates {result.duplicates:,}  "
          f"near duplicates {result.near_duplicates:,}  rejected {result.rejected:,}")
    rate = result.rows_read / elapsed
    print(f"ingest: {elapsed:.1f} s  →  {rate:,.0f} rows/s  (target ≥ {TARGET_ROWS_PER_S:,}: "
          f"{'met' if rate >= TARGET_ROWS_PER_S else 'missed'})")
    # The machine is shared: CPU time (all threads of this process) shows the cost without the wait.
    print(f"CPU time {cpu:.1f} s  →  {result.rows_read / cpu:,.0f} rows per CPU-second; "
          f"load average {load0:.1f} → {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"first chunk written after {chunk_done[0] - t0:.1f} s; after the last one, {t0 + elapsed - chunk_done[-1]:.1f} s "
          "more (the batch row, the commit)")
    print(f"peak memory (max RSS of this process): {peak:,.0f} MiB  (target ≤ {TARGET_PEAK_MIB:,}: "
          f"{'met' if peak <= TARGET_PEAK_MIB else 'missed'})")
    if args.stages:
        clock.report(result.rows_read)
    db.close_all()


if __name__ == "__main__":
    main()
