"""The trend notebook runs top to bottom against the demo store, in a kernel of this venv."""
from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from workbench import db

NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "trend.ipynb"


def test_trend_notebook_executes_on_demo_store(demo_store, db_path):
    db.close_all()  # DuckDB allows one writer process per file: hand the file to the kernel
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell("import sys, os\nprint(sys.prefix)\nprint(os.environ['WORKBENCH_DB'])"))
    NotebookClient(nb, kernel_name="python3", timeout=120, resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert not errors
    printed = nb.cells[-1].outputs[0]["text"].splitlines()
    assert printed[0] == sys.prefix  # the venv's python, not another one
    assert printed[1] == str(db_path)
    figure = [o for o in nb.cells[4].outputs if "application/vnd.plotly.v1+json" in o.get("data", {})]
    assert figure, "the trend chart is drawn"
    assert {t["name"] for t in figure[0]["data"]["application/vnd.plotly.v1+json"]["data"]} >= {"负面", "中性", "正面"}
