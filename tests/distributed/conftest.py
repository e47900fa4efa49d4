"""A local Spark (local[2]) and a local Ray (2 CPUs, small object store), each started once for
the tests of this folder and stopped after them."""
from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def spark():
    from workbench.distributed.spark import session

    spark = session("local[2]", driver_memory="512m")
    yield spark
    spark.stop()


@pytest.fixture(scope="session")
def local_ray():
    from workbench.distributed.ray_data import start

    ray = start(2, object_store_mb=200)  # ray.init(num_cpus=2, include_dashboard=False, …)
    yield ray
    ray.shutdown()
