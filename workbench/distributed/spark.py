"""``workbench.analyze`` on Spark: ``mapInPandas`` over the posts, the model broadcast once.

The driver pickles the model into one broadcast; each Python worker unpickles it on its first
batch and keeps it (``batches.model_from``), so a model is loaded once per worker process, not per
batch or task (Spark reuses its Python workers). ``session`` starts Spark in local mode or on a
cluster (``master``); the workers need the ``workbench`` package installed (see README 「超出单机」).
"""
from __future__ import annotations

import os
import sys

from . import batches


def session(master: str = "local[2]", *, app_name: str = "workbench-analyze", driver_memory: str = "1g"):
    """A SparkSession on ``master`` (``local[N]``, ``spark://host:7077``, ``yarn`` …) whose Python
    workers run this interpreter (so they import the same ``workbench``)."""
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.master(master).appName(app_name)
    if master.startswith("local"):  # local mode listens on loopback only, never the machine's other addresses
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        builder = builder.config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
    spark = (builder
             .config("spark.driver.memory", driver_memory)
             .config("spark.ui.enabled", "false")
             .config("spark.ui.showConsoleProgress", "false")
             .config("spark.sql.shuffle.partitions", "8")
             .config("spark.sql.execution.arrow.pyspark.enabled", "true")
             .config("spark.python.worker.reuse", "true")  # workers keep the model between tasks
             .getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def output_schema(df, keep: list[str]):
    """The Spark schema of ``spark_analyze``'s rows: ``keep``'s fields, then the analyze columns."""
    from pyspark.sql.pandas.types import from_arrow_schema
    from pyspark.sql.types import StructType

    fields = [df.schema[c] for c in keep] + list(from_arrow_schema(batches.ANALYZE_SCHEMA).fields)
    return StructType(fields)


def spark_analyze(df, *, text_col: str | None = None, keep: list[str] | None = None, model=None,
                  load_counter=None):
    """``df`` (a Spark DataFrame of posts) analysed: its id columns (``keep``, default those named
    id / post_id / external_id / 编号 / ID) and the ``workbench.analyze`` columns, one row per post.

    ``text_col`` defaults to text / content / 正文 / 内容 / text_masked. ``model`` defaults to the
    one the plain function uses. ``load_counter``: a Spark accumulator counting the models the
    workers unpickle (once per Python worker; tests check it is not once per batch).
    """
    text_col = text_col or batches.text_column(df.columns)
    if text_col is None:
        raise ValueError(f"找不到正文列（应为 {' / '.join(batches.TEXT_COLUMNS)} 之一），现有列：{', '.join(df.columns)}")
    keep = list(keep) if keep is not None else batches.id_columns(df.columns)
    key, payload = batches.shipped(model or batches.current_model())
    broadcast = df.sparkSession.sparkContext.broadcast(payload)
    counter = load_counter

    def run(frames):
        before = batches.loads
        model = batches.model_from(key, lambda: broadcast.value)
        if counter is not None and batches.loads > before:
            counter.add(1)
        for frame in frames:
            frame[text_col] = frame[text_col].astype(object)  # None stays None: read as an empty post
            yield batches.analyze_batch(frame, text_col, keep, model)

    return df.select(*keep, text_col).mapInPandas(run, output_schema(df, keep))
