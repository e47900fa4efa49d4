"""``workbench.analyze`` on distributed engines: Spark (``mapInPandas``) and Ray Data (``map_batches``).

Both run the same batch function (``batches.analyze_batch``) that the plain CLI runs, so every
engine gives the same rows for the same posts. The model is shipped once: a Spark broadcast read
by a per-process cache on the workers, a Ray object held by each actor of the pool.

    from workbench.distributed import spark_analyze, ray_analyze
    out = spark_analyze(spark_df)          # Spark DataFrame: id columns + analyze columns
    ds = ray_analyze(ray_dataset)          # Ray Dataset: the same rows

pyspark and ray are imported only when these are called.
"""
from __future__ import annotations

from typing import Any

__all__ = ["spark_analyze", "ray_analyze", "analyze_file"]


def __getattr__(name: str) -> Any:
    if name == "spark_analyze":
        from .spark import spark_analyze

        return spark_analyze
    if name == "ray_analyze":
        from .ray_data import ray_analyze

        return ray_analyze
    if name == "analyze_file":
        from .files import analyze_file

        return analyze_file
    raise AttributeError(name)
