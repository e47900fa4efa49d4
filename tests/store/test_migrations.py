"""The schema: an empty database migrates to the whole data model; a second run changes nothing."""
from workbench import config, db
from workbench.migrate import migrate, pending

# The names DESIGN §3 promises to tests, notebooks and outside checks.
CONTRACT_TABLES = {
    "sources", "ingest_batches", "posts", "analyses", "label_reviews", "monitor_rules",
    "incidents", "incident_posts", "incident_scores", "alerts", "alert_deliveries", "plans",
    "assignments", "talking_points", "statements", "actions", "reviews", "lessons", "audit_log",
}


def _tables(con):
    return {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}


def test_empty_database_gets_every_contract_table(db_path):
    con = db.connect(db_path)
    assert CONTRACT_TABLES <= _tables(con)
    applied = {r[0] for r in con.execute("SELECT name FROM schema_migrations").fetchall()}
    on_disk = {p.name for p in config.MIGRATIONS_DIR.glob("[0-9][0-9][0-9][0-9]_*.sql")}
    assert applied == on_disk


def test_second_run_changes_nothing(store):
    before = store.execute("SELECT name, applied_at FROM schema_migrations ORDER BY name").fetchall()
    assert pending(store) == []
    assert migrate(store) == []
    after = store.execute("SELECT name, applied_at FROM schema_migrations ORDER BY name").fetchall()
    assert before == after


def test_external_id_is_text_and_published_at_has_a_zone(store):
    cols = dict(store.execute(
        "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'posts'"
    ).fetchall())
    assert cols["external_id"] == "VARCHAR"
    assert cols["published_at"] == "TIMESTAMP WITH TIME ZONE"


def test_a_failing_migration_leaves_no_trace(store, tmp_path, monkeypatch):
    bad_dir = tmp_path / "migrations"
    bad_dir.mkdir()
    for p in config.MIGRATIONS_DIR.glob("*.sql"):
        (bad_dir / p.name).write_text(p.read_text(encoding="utf-8"), encoding="utf-8")
    (bad_dir / "9999_broken.sql").write_text(
        "CREATE TABLE half_done (x INTEGER); SELECT * FROM no_such_table;", encoding="utf-8"
    )
    monkeypatch.setattr(config, "MIGRATIONS_DIR", bad_dir)
    try:
        migrate(store)
    except Exception:
        pass
    else:
        raise AssertionError("a broken migration must fail")
    assert "half_done" not in _tables(store)
    assert pending(store) == ["9999_broken.sql"]


def test_rebuilding_posts_keeps_every_post_and_the_table_shape(db_path, tmp_path, monkeypatch):
    # 1970 rebuilds `posts` (a column's compression is set only at CREATE): a store written
    # before it keeps its posts, its columns and constraints, and its id sequence.
    older = tmp_path / "older"
    older.mkdir()
    for p in config.MIGRATIONS_DIR.glob("[0-9][0-9][0-9][0-9]_*.sql"):
        if p.name < "1970_":
            (older / p.name).write_text(p.read_text(encoding="utf-8"), encoding="utf-8")
    current = config.MIGRATIONS_DIR
    monkeypatch.setattr(config, "MIGRATIONS_DIR", older)
    con = db.connect(db_path)
    con.execute(
        "INSERT INTO posts (platform, external_id, text, text_masked, content_hash, published_at, likes) VALUES "
        "('weibo', '4987000000000001', '工资拖了三个月', NULL, 'h1', TIMESTAMPTZ '2026-11-02 09:00:00+08:00', 12), "
        "('zhihu', NULL, '联系我13812345678', '联系我138****5678', 'h2', NULL, 0)"
    )
    shape = "SELECT column_name, data_type, is_nullable, column_default FROM duckdb_columns() WHERE table_name = 'posts' ORDER BY column_index"
    columns, posts = con.execute(shape).fetchall(), con.execute("SELECT * FROM posts ORDER BY id").fetchall()
    monkeypatch.setattr(config, "MIGRATIONS_DIR", current)

    assert "1970_posts_text_uncompressed.sql" in migrate(con)
    assert con.execute(shape).fetchall() == columns
    assert con.execute("SELECT * FROM posts ORDER BY id").fetchall() == posts
    new_id = con.execute("INSERT INTO posts (platform, text, content_hash) VALUES ('weibo', '又一条', 'h3') RETURNING id").fetchall()[0][0]
    assert new_id == max(p[0] for p in posts) + 1
    try:
        con.execute("INSERT INTO posts (id, platform, text, content_hash) VALUES (?, 'weibo', '重复的编号', 'h4')", [new_id])
    except Exception as error:
        assert "constraint" in str(error).lower()
    else:
        raise AssertionError("posts.id must stay the primary key")
