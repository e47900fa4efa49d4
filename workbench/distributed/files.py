"""``workbench analyze IN --out OUT --engine local|spark|ray``: files in, files out.

IN is a CSV / JSONL / JSON file, a Parquet file, or a lake folder (``workbench lake export``: its
current posts, masked text); OUT a ``.jsonl`` or ``.parquet`` file (or None: JSONL on stdout).
Every engine runs ``batches.analyze_batch``; the rows keep the input's id columns, in input order.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from . import batches

ENGINES = ("local", "spark", "ray")
OUTPUTS = (".jsonl", ".parquet")


def read_input(path: Path) -> pd.DataFrame:
    """IN as a DataFrame: a lake folder's current posts, a Parquet file, or a text file
    (``nlp.cli.read_texts``). Raises ValueError with a Chinese message when it cannot be read."""
    from ..nlp.cli import read_texts

    if path.is_dir():
        from ..lake.store import current_posts

        return current_posts(path)
    if path.suffix.lower() == ".parquet":
        try:
            return pd.read_parquet(path)
        except (OSError, pa.ArrowException) as e:
            raise ValueError(f"无法读取 {path}：{str(e).splitlines()[0]}") from None
    return read_texts(path)


def run_engine(frame: pd.DataFrame, engine: str, *, master: str | None = None, workers: int = 2,
               model=None) -> pd.DataFrame:
    """``frame``'s posts analysed on ``engine``: id columns + analyze columns, in input order."""
    columns = [str(c) for c in frame.columns]
    text_col = batches.text_column(columns)
    if text_col is None:
        raise ValueError(f"找不到正文列（应为 {' / '.join(batches.TEXT_COLUMNS)} 之一），现有列：{', '.join(columns)}")
    keep = batches.id_columns(columns)
    frame = frame[[*keep, text_col]]
    model = model or batches.current_model()
    if engine == "local":  # a batch job in its own process: idle cores help (n_jobs=None)
        return batches.analyze_batch(frame, text_col, keep, model, n_jobs=None)
    if engine == "spark":
        from .spark import session, spark_analyze

        spark = session(master or "local[2]")
        df = spark.createDataFrame(frame)
        return spark_analyze(df, text_col=text_col, keep=keep, model=model).toArrow().to_pandas()
    if engine == "ray":
        from .ray_data import BATCH_SIZE, dataset, ray_analyze, start

        start(workers, address=master)
        ds = dataset(frame, block_rows=max(1, min(BATCH_SIZE, -(-len(frame) // workers))))  # every actor gets work
        return ray_analyze(ds, text_col=text_col, keep=keep, model=model, workers=workers).to_pandas()
    raise ValueError(f"未知的引擎 {engine}（应为 {' / '.join(ENGINES)} 之一）")


def write_output(rows: pd.DataFrame, out: Path | None) -> None:
    """``rows`` as JSONL (``out`` ending .jsonl, or stdout) or Parquet (``out`` ending .parquet)."""
    if out is not None and out.suffix.lower() == ".parquet":
        pq.write_table(pa.Table.from_pandas(rows, preserve_index=False), out)
        return
    fh = open(out, "w", encoding="utf-8") if out is not None else sys.stdout
    try:
        for row in rows.to_dict("records"):
            fh.write(json.dumps({k: _plain(v) for k, v in row.items()}, ensure_ascii=False) + "\n")
    finally:
        if out is not None:
            fh.close()


def _plain(v):
    """JSON-friendly value (numpy scalars and arrays to Python)."""
    if hasattr(v, "tolist"):
        return v.tolist()
    if hasattr(v, "item"):
        return v.item()
    return v


def analyze_file(source: str | Path, out: str | Path | None, *, engine: str = "local",
                 master: str | None = None, workers: int = 2, model=None) -> int:
    """Analyse the posts of ``source`` on ``engine`` into ``out``; returns the rows written.
    ``model`` defaults to the one ``workbench.analyze`` uses."""
    if engine not in ENGINES:
        raise ValueError(f"未知的引擎 {engine}（应为 {' / '.join(ENGINES)} 之一）")
    out_path = Path(out) if out else None
    if out_path is not None and out_path.suffix.lower() not in OUTPUTS:
        raise ValueError(f"输出文件应以 {' 或 '.join(OUTPUTS)} 结尾：{out_path}")
    rows = run_engine(read_input(Path(source)), engine, master=master, workers=workers, model=model)
    write_output(rows, out_path)
    return len(rows)
