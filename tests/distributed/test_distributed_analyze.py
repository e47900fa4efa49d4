"""``workbench.analyze`` on Spark (mapInPandas) and Ray Data (actor pool): the same rows as the
plain function, the model shipped once per worker, and ``workbench analyze --engine``."""
from __future__ import annotations

import copy
import json

import pandas as pd
import pytest

from workbench.cli import main
from workbench.distributed import batches, ray_analyze, spark_analyze
from workbench.distributed.ray_data import dataset

from posts_sample import comparable, sample_posts


@pytest.fixture(scope="module")
def spark():
    """A local Spark (local[2], modest driver memory), started once for these tests."""
    from workbench.distributed.spark import session

    spark = session("local[2]", driver_memory="512m")
    yield spark
    spark.stop()


@pytest.fixture(scope="module")
def local_ray():
    """A local Ray (2 CPUs, no dashboard, 200 MB object store), started and shut down here."""
    from workbench.distributed.ray_data import start

    ray = start(2, object_store_mb=200)  # ray.init(num_cpus=2, include_dashboard=False, …)
    yield ray
    ray.shutdown()


def test_spark_ray_and_the_plain_function_give_identical_rows(spark, local_ray):
    posts = sample_posts(300)
    model = batches.current_model()
    plain = batches.analyze_batch(posts, "text", ["id"], model)

    on_spark = spark_analyze(spark.createDataFrame(posts).repartition(3)).toPandas()
    on_ray = ray_analyze(dataset(posts, block_rows=100), workers=2, batch_size=64).to_pandas()

    assert list(on_spark.columns) == list(on_ray.columns) == ["id", *batches.ANALYZE_SCHEMA.names]
    expected = comparable(plain)
    assert len(expected) == 300
    assert comparable(on_spark) == expected
    assert comparable(on_ray) == expected
    # the edge cases read the same everywhere: masked phone, empty and missing posts neutral
    first = {r["id"]: r for r in expected}
    assert first["p0001"]["has_pii"] and "13812345678" not in first["p0001"]["text_masked"]
    assert first["p0004"]["sentiment"] == "中性" and first["p0004"]["category"] == "其他"


def test_spark_loads_the_model_once_per_python_worker_not_per_batch(spark):
    posts = sample_posts(240)
    model = copy.copy(batches.current_model())
    model.version = f"{model.version}-once"  # a model no worker has loaded yet (workers outlive jobs)
    spark.conf.set("spark.sql.execution.arrow.maxRecordsPerBatch", "20")  # 12+ batches
    try:
        loads = spark.sparkContext.accumulator(0)
        out = spark_analyze(spark.createDataFrame(posts).repartition(4), model=model, load_counter=loads).toPandas()
    finally:
        spark.conf.unset("spark.sql.execution.arrow.maxRecordsPerBatch")
    assert len(out) == 240 and out["id"].is_unique
    assert 1 <= loads.value <= 2  # local[2]: at most one load per Python worker, for 4 tasks and 12 batches


def test_analyze_command_runs_on_spark_into_parquet_keeping_ids(spark, tmp_path):
    src = tmp_path / "posts.csv"
    sample_posts(60).to_csv(src, index=False)
    out = tmp_path / "labels.parquet"

    assert main(["analyze", str(src), "--out", str(out), "--engine", "spark", "--master", "local[2]"]) == 0

    rows = pd.read_parquet(out)
    assert list(rows["id"]) == [f"p{i:04d}" for i in range(1, 61)]  # input order kept
    assert set(rows["risk_level"]) <= {1, 2, 3, 4}


def test_analyze_command_runs_on_ray_from_a_parquet_file(local_ray, tmp_path):
    src = tmp_path / "posts.parquet"
    sample_posts(80).to_parquet(src)
    out = tmp_path / "labels.jsonl"

    assert main(["analyze", str(src), "--out", str(out), "--engine", "ray"]) == 0

    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == [f"p{i:04d}" for i in range(1, 81)]
    assert rows[0]["has_pii"] is True and isinstance(rows[0]["keywords"], list)


def test_analyze_command_refuses_an_unknown_output_kind(tmp_path, capsys):
    src = tmp_path / "posts.csv"
    sample_posts(5).to_csv(src, index=False)

    assert main(["analyze", str(src), "--out", str(tmp_path / "labels.xlsx")]) == 2
    assert "输出文件应以 .jsonl 或 .parquet 结尾" in capsys.readouterr().err
