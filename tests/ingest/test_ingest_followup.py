"""An uploaded export goes the whole way at once — tag, analyse, group into incidents, score, alert —
as a scrape does: `workbench ingest` reports the incidents it opened."""
from __future__ import annotations

import json
from contextlib import redirect_stdout
from io import StringIO
from pathlib import Path

import pandas as pd

from workbench import db
from workbench.cli import main

S1 = Path(__file__).resolve().parent.parent / "incidents" / "scenarios" / "S1"


def test_an_uploaded_file_opens_its_incidents_at_once(db_path, tmp_path):
    posts = pd.read_json(S1 / "posts.jsonl", lines=True, dtype={"external_id": str, "parent_external_id": str})
    strike = posts[posts["event"] == "E2"].drop(columns=["id", "event"])  # one event, told 26 ways
    csv = tmp_path / "export.csv"
    strike.to_csv(csv, index=False, encoding="utf-8-sig")
    entities = tmp_path / "entities.json"
    entities.write_text((S1 / "entities.json").read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["--db", str(db_path), "entities", "import", str(entities), "--actor", "分析员"]) == 0

    out = StringIO()
    with redirect_stdout(out):
        assert main(["--db", str(db_path), "ingest", str(csv), "--json"]) == 0
    report = json.loads(out.getvalue().splitlines()[-1])
    assert report["inserted"] == len(strike) and report["new_incidents"] >= 1

    con = db.connect(db_path)
    title, opened, first = con.execute(
        "SELECT title, opened_at, first_post_at FROM incidents i WHERE merged_into IS NULL "
        "ORDER BY (SELECT count(*) FROM incident_posts ip WHERE ip.incident_id = i.id) DESC LIMIT 1").fetchone()
    assert title.startswith("迅驰快递")
    assert first < opened  # opened when the upload found it, not when its first post was written
