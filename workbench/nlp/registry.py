"""Model versions: the shipped artifact, candidates from retraining, and which one is active.

The ``model_versions`` table (migration 0100) records each version with its metrics; the
shipped artifact registers itself (active) on first use of a store. ``analyze`` uses the
active version of the configured store when one says so, else the shipped artifact, else the
lexicon baseline; loaded models are cached per process and version.
"""
from __future__ import annotations

import hashlib
import io
import json
import threading
from functools import lru_cache
from pathlib import Path
from typing import Any

import duckdb
import joblib
import pandas as pd

from .. import access, audit, config, db
from . import model as model_module

_lock = threading.Lock()
_loaded: dict[str, Any] = {}


@lru_cache(maxsize=1)
def _baseline():
    from .baseline import LexiconModel

    return LexiconModel()


def shipped_model():
    """The committed artifact (``data/models/workbench_model.joblib``), else the lexicon baseline."""
    with _lock:
        if "__shipped__" not in _loaded:
            path = model_module.SHIPPED_FILE
            _loaded["__shipped__"] = model_module.load(path) if path.exists() else _baseline()
        return _loaded["__shipped__"]


def _json(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False)


def register(con: duckdb.DuckDBPyConnection, model, *, kind: str, created_by: str | None = None,
             artifact_path: str | None = None, heldout: dict | None = None, active: bool = False,
             artifact_digest: str | None = None) -> str:
    """Record ``model`` as a version (candidates keep their bytes in the store); returns the version."""
    blob = None
    if artifact_path is None:
        buf = io.BytesIO()
        joblib.dump(model, buf, compress=("xz", 3))
        blob = buf.getvalue()
    card = getattr(model, "card", {}) or {}
    with db.transaction(con) as cur:
        cur.execute(
            "INSERT INTO model_versions (version, kind, created_by, active, artifact_path, artifact, train_rows,"
            " metrics, heldout, activated_at, activated_by, artifact_digest) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?,"
            " CASE WHEN ? THEN now() END, ?, ?)",
            [model.version, kind, created_by, active, artifact_path, blob, _json(card.get("train_rows")),
             _json(card.get("metrics")), _json(heldout), active, created_by if active else None, artifact_digest],
        )
    return model.version


@lru_cache(maxsize=4)
def _digest(path: str, mtime_ns: int, size: int) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def shipped_digest() -> str:
    """SHA-256 of the shipped artifact (hashed once per process and file change; a hash, not a load)."""
    stat = model_module.SHIPPED_FILE.stat()
    return _digest(str(model_module.SHIPPED_FILE), stat.st_mtime_ns, stat.st_size)


def ensure_shipped(con: duckdb.DuckDBPyConnection) -> None:
    """Register the shipped artifact on first use of a store (active when nothing else is, or when
    the active version was the shipped artifact this file replaced: its model is gone).

    A store that already has the file's digest is left alone without loading the model, so pages
    that only list versions stay quick; a version registered before digests existed gets its digest.
    A new artifact whose version name a store already holds for another digest (two builds of one
    day, named by the day alone before ``training.readings_digest``) is registered as its own
    version, the name plus its digest's first 8 characters, with its own metrics.
    """
    if not model_module.SHIPPED_FILE.exists():
        return
    cur = con.cursor()
    digest = shipped_digest()
    if cur.execute("SELECT 1 FROM model_versions WHERE artifact_digest = ?", [digest]).fetchone():
        return
    shipped = shipped_model()
    taken = cur.execute("SELECT artifact_digest FROM model_versions WHERE version = ?", [shipped.version]).fetchone()
    if taken is not None and taken[0] is None:  # registered before digests existed: this artifact
        try:
            with db.transaction(con) as w:
                w.execute("UPDATE model_versions SET artifact_digest = ? WHERE version = ?", [digest, shipped.version])
        except duckdb.TransactionException:  # another session noted it at the same moment
            pass
        return
    if taken is not None:  # the name is another artifact's: this one gets a name of its own
        shipped.version = f"{shipped.version}-{digest[:8]}"
    path = str(model_module.SHIPPED_FILE.relative_to(config.PROJECT_DIR))
    active = cur.execute("SELECT kind, artifact_path FROM model_versions WHERE active").fetchone()
    replaced = active is not None and active[0] == "shipped" and active[1] == path
    try:
        with db.transaction(con) as w:
            if replaced:
                w.execute("UPDATE model_versions SET active = FALSE WHERE active")
        register(con, shipped, kind="shipped", created_by="workbench train", artifact_path=path,
                 active=active is None or replaced, artifact_digest=digest)
    except duckdb.ConstraintException:  # registered meanwhile by another session
        pass


def active_version(con: duckdb.DuckDBPyConnection) -> str:
    """The version ``analyze`` uses for this store."""
    ensure_shipped(con)
    row = db.query("model_active_version", con)
    return str(row["version"].iloc[0]) if len(row) else shipped_model().version


def list_versions(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every version: version, kind, created_at, created_by, active, headline macro-F1s,
    heldout_size, activated_at/by, and the JSON of train_rows, metrics and heldout."""
    ensure_shipped(con)
    return db.query("model_versions", con)


def metrics(con: duckdb.DuckDBPyConnection, version: str) -> dict[str, Any]:
    """{"metrics": {field: …}, "heldout": {…} or None} of one version."""
    row = db.query("model_metrics", con, version=version)
    if row.empty:
        raise KeyError(f"没有模型版本 {version}")
    load = lambda v: json.loads(v) if isinstance(v, str) and v else None  # noqa: E731
    return {"metrics": load(row["metrics"].iloc[0]) or {}, "heldout": load(row["heldout"].iloc[0])}


def confusion(con: duckdb.DuckDBPyConnection, version: str) -> dict[str, pd.DataFrame]:
    """Field → confusion matrix (rows: true label, columns: predicted) on the version's
    validation data (the own validation part)."""
    out = {}
    for field, m in metrics(con, version)["metrics"].items():
        if "confusion" in m:
            out[field] = pd.DataFrame(m["confusion"], index=pd.Index(m["labels"], name="真实"),
                                      columns=pd.Index(m["labels"], name="预测"))
    return out


def activate(con: duckdb.DuckDBPyConnection, version: str, actor: str) -> None:
    """Make ``version`` the active model (audited); analysis uses it from now on."""
    access.require(actor, "configure")
    ensure_shipped(con)
    with db.transaction(con) as cur:
        before = audit.row_dict(cur, "SELECT version FROM model_versions WHERE active", [])
        if not cur.execute("SELECT 1 FROM model_versions WHERE version = ?", [version]).fetchone():
            raise KeyError(f"没有模型版本 {version}")
        cur.execute("UPDATE model_versions SET active = FALSE WHERE active AND version <> ?", [version])
        cur.execute("UPDATE model_versions SET active = TRUE, activated_at = now(), activated_by = ? WHERE version = ?",
                    [actor, version])
        audit.record(cur, actor, "activate", "model_versions", version, before, {"version": version})


def load_version(con: duckdb.DuckDBPyConnection, version: str):
    """The model object of a registered version (cached per process)."""
    with _lock:
        if version in _loaded:
            return _loaded[version]
    shipped = shipped_model()
    if version == shipped.version:
        return shipped
    row = db.query("model_artifact", con, version=version)
    if row.empty:
        raise KeyError(f"没有模型版本 {version}")
    if model_module.SHIPPED_FILE.exists() and row["artifact_digest"].iloc[0] == shipped_digest():
        shipped.version = version  # the shipped file, registered under a name of its own (``ensure_shipped``)
        return shipped
    blob, path = row["artifact"].iloc[0], row["artifact_path"].iloc[0]
    model = joblib.load(io.BytesIO(bytes(blob))) if blob is not None else model_module.load(config.PROJECT_DIR / path)
    with _lock:
        _loaded[version] = model
    return model


def current_model(con: duckdb.DuckDBPyConnection | None = None):
    """The model ``analyze`` uses: the store's active version when the store exists and says
    so, else the shipped artifact (else the lexicon baseline)."""
    try:
        if con is None:
            path = config.db_path()
            if not path.exists():
                return shipped_model()
            con = db.connect(path)
        return load_version(con, active_version(con))
    except (duckdb.Error, OSError):  # store locked by another process or unreadable: still analyse
        return shipped_model()
