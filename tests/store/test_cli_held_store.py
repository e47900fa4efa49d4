"""Any command against a database another process holds says so in one line and exits 2 (not a traceback)."""
from __future__ import annotations

import subprocess
import sys

from workbench import db


def test_a_command_on_a_file_another_process_holds_is_one_clear_line(db_path):
    db.connect(db_path).close()
    db.close_all()
    holder = subprocess.Popen(
        [sys.executable, "-c", "import duckdb, sys; c = duckdb.connect(sys.argv[1]); print('held', flush=True); sys.stdin.read()",
         str(db_path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        done = subprocess.run([sys.executable, "-m", "workbench", "--db", str(db_path), "entities", "list"],
                              capture_output=True, text=True)
        assert done.returncode == 2
        assert len(done.stderr.strip().splitlines()) == 1 and "正被" in done.stderr and "Traceback" not in done.stderr
    finally:
        holder.communicate("")
