"""``workbench.analyze`` on Ray Data: ``map_batches`` over an actor pool that holds the model.

The driver puts the model into Ray's object store once; each actor of the pool fetches it when it
starts and keeps it for every batch it runs. ``start`` brings up a local Ray (or joins a cluster by
``address``) with a small object store.
"""
from __future__ import annotations

from . import batches

BATCH_SIZE = 2_000  # posts per batch: big enough that analyze's per-call cost is spread thin


def start(workers: int = 2, *, address: str | None = None, object_store_mb: int = 200):
    """``ray.init`` for local work (``workers`` CPUs, no dashboard) or on the cluster at ``address``."""
    import ray

    if ray.is_initialized():
        return ray
    if address:
        ray.init(address=address, include_dashboard=False, log_to_driver=False)
    else:
        ray.init(num_cpus=workers, include_dashboard=False, log_to_driver=False,
                 object_store_memory=object_store_mb * 1024 * 1024,
                 _node_ip_address="127.0.0.1")  # a local Ray listens on loopback only
    return ray


class _Analyzer:
    """One actor of the pool: the model, fetched once, and the batch function."""

    def __init__(self, key: str, payload_ref, text_col: str, keep: list[str]):
        import ray

        # Ray may hand the constructor the object itself or its reference, depending on how it wraps it
        self.model = batches.model_from(
            key, lambda: payload_ref if isinstance(payload_ref, bytes) else ray.get(payload_ref))
        self.text_col, self.keep = text_col, keep

    def __call__(self, frame):
        frame[self.text_col] = frame[self.text_col].astype(object)
        return batches.analyze_batch(frame, self.text_col, self.keep, self.model)


def dataset(frame, *, block_rows: int = BATCH_SIZE):
    """A Ray Dataset of ``frame`` in blocks of ``block_rows`` (so every actor of the pool gets
    work without a repartition task, which would wait for a CPU the pool holds)."""
    import ray

    blocks = [frame.iloc[i:i + block_rows] for i in range(0, len(frame), block_rows)] or [frame]
    return ray.data.from_pandas(blocks)


def ray_analyze(ds, *, text_col: str | None = None, keep: list[str] | None = None, model=None,
                workers: int = 2, batch_size: int = BATCH_SIZE):
    """``ds`` (a Ray Dataset of posts) analysed by a pool of ``workers`` actors: its id columns
    (``keep``, default those named id / post_id / external_id / 编号 / ID) and the
    ``workbench.analyze`` columns, one row per post in the input's order."""
    import ray
    from ray.data import ActorPoolStrategy, DataContext

    columns = ds.columns()
    text_col = text_col or batches.text_column(columns)
    if text_col is None:
        raise ValueError(f"找不到正文列（应为 {' / '.join(batches.TEXT_COLUMNS)} 之一），现有列：{', '.join(columns)}")
    keep = list(keep) if keep is not None else batches.id_columns(columns)
    key, payload = batches.shipped(model or batches.current_model())
    DataContext.get_current().execution_options.preserve_order = True  # rows come back in input order
    return ds.select_columns([*keep, text_col]).map_batches(
        _Analyzer, fn_constructor_args=(key, ray.put(payload), text_col, keep),
        batch_format="pandas", batch_size=batch_size, compute=ActorPoolStrategy(size=workers), num_cpus=1)
