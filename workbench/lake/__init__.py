"""The Parquet lake: posts with their current labels, partitioned by platform and publication day.

``store.export`` writes what changed since the last export (a manifest records every export);
``attach.attach`` makes the app's named queries read ``posts`` and ``post_labels`` as views over the
DuckDB tables plus the lake, so the same SQL in ``queries/`` runs over either. Lake files hold
masked text only.
"""
