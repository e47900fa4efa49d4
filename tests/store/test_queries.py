"""Every named query runs on the demo store, from Python and from `workbench query`."""
import json

import pytest

from workbench import db
from workbench.cli import main

SAMPLE_VALUES = {
    "start": "2026-10-01 00:00:00+08",
    "end": "2026-11-21 00:00:00+08",
    "day": "2026-11-20",
    "now": "2026-11-20 23:00:00+08",
}


def _params_for(name: str, con) -> dict:
    """Plausible values for a query's $parameters: ids taken from the demo store itself."""
    first_incident = con.execute("SELECT min(id) FROM incidents").fetchone()[0]
    first_post = con.execute("SELECT min(id) FROM posts").fetchone()[0]
    first_alert = con.execute("SELECT min(id) FROM alerts").fetchone()[0]
    first_statement = con.execute("SELECT min(id) FROM statements").fetchone()[0]
    values = {}
    for p in db.query_params(name):
        if p in SAMPLE_VALUES:
            values[p] = SAMPLE_VALUES[p]
        elif p.endswith("incident_id") or p == "incident":
            values[p] = first_incident
        elif p == "post_ids":
            values[p] = [first_post]
        elif p.endswith("post_id"):
            values[p] = first_post
        elif p.endswith("alert_id"):
            values[p] = first_alert
        elif p.endswith("statement_id"):
            values[p] = first_statement
        elif p in ("limit", "n", "top"):
            values[p] = 10
        elif p.startswith(("min_", "max_")) or p.endswith(("_hours", "_days")):
            values[p] = 1
        else:
            values[p] = None  # optional filters: NULL means "no filter" by convention
    return values


@pytest.mark.parametrize("name", db.query_names())
def test_query_runs_on_demo_store(name, demo_store):
    df = db.query(name, demo_store, **_params_for(name, demo_store))
    assert df.columns.size > 0


def test_cli_query_prints_json(demo_store, db_path, capsys):
    db.close_all()
    assert main(["--db", str(db_path), "query", "post_time_span", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows[0]["posts"] >= 3000


def test_cli_query_unknown_name_is_one_line_error(db_path, capsys):
    assert main(["--db", str(db_path), "query", "no_such_query"]) == 2
    err = capsys.readouterr().err.strip()
    assert "no_such_query" in err and "\n" not in err


def test_cli_query_missing_parameter_is_named(db_path, capsys, tmp_path):
    names = [n for n in db.query_names() if db.query_params(n)]
    assert names, "at least one query takes parameters"
    assert main(["--db", str(db_path), "query", names[0]]) == 2
    assert "--param" in capsys.readouterr().err


def test_cli_query_export_masks_personal_data_and_formulas(store, db_path, capsys):
    """A query may return raw post text for internal use; what the CLI prints is masked and safe."""
    store.execute(
        "INSERT INTO posts (platform, external_id, text, text_masked, content_hash)"
        " VALUES ('微博', '1', '=HYPERLINK(\"x\") 联系 13812345678', 'masked', 'h')"
    )
    db.close_all()
    assert main(["--db", str(db_path), "query", "ingest_posts_without_signature", "--param", "after_id=0",
                 "--param", "batch_rows=10", "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert "13812345678" not in out and "138****5678" in out
    assert "'=HYPERLINK" in out
    assert main(["--db", str(db_path), "query", "ingest_posts_without_signature", "--param", "after_id=0",
                 "--param", "batch_rows=10", "--format", "json"]) == 0
    assert "13812345678" not in capsys.readouterr().out
