"""The store version: what page caches are keyed by. A committed transaction moves it, a rolled-back
one does not (nothing changed)."""
import pytest

from workbench import db


def test_a_commit_moves_the_version_and_a_rollback_does_not(store):
    before = db.store_version()
    with db.transaction(store) as cur:
        cur.execute("INSERT INTO sources (name, media_tier) VALUES ('省报', 2)")
    committed = db.store_version()
    assert committed > before

    with pytest.raises(RuntimeError), db.transaction(store) as cur:
        cur.execute("INSERT INTO sources (name, media_tier) VALUES ('地方台', 3)")
        raise RuntimeError("写入中途出错")
    assert db.store_version() == committed
    assert store.execute("SELECT count(*) FROM sources WHERE name = '地方台'").fetchone()[0] == 0
