"""Start the app: ``workbench serve`` (what ``make run`` calls).

Why not plain ``streamlit run``: Streamlit 1.67 still decides, once per process when its first
session starts, whether a folder named ``pages/`` beside the entry point is an old-style multipage
app. If so, that first run (and every AppTest run, which resets the flag) opens ``pages/NAME.py``
directly, without ``streamlit_app.py``: no router, no shared sidebar, no store, the file name as the
browser title. Only a later ``st.navigation`` call clears the flag. :func:`router_owns_pages` clears
it before any session runs, so the router's ``st.Page`` list is what counts from the first request.
"""
from __future__ import annotations

import os
import sys
import threading
from pathlib import Path

ENTRY_POINT = Path(__file__).resolve().parent.parent / "streamlit_app.py"


def router_owns_pages() -> None:
    """Make every Streamlit page manager in this process leave ``pages/`` to the router."""
    from streamlit.runtime.pages_manager import PagesManager

    if getattr(PagesManager.__init__, "_router_owns_pages", False):
        return
    original = PagesManager.__init__

    def __init__(self, *args, **kwargs):
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    __init__._router_owns_pages = True
    PagesManager.__init__ = __init__
    PagesManager.uses_pages_directory = False


def page_modules() -> list[str]:
    """The ``workbench`` modules the page scripts import (read from their source; each imported name
    may be a module or a name in one), plus the word cloud's library, which 分析研判 imports when it
    first draws one."""
    import ast

    names = {"wordcloud"}
    for script in sorted((ENTRY_POINT.parent / "pages").glob("*.py")):
        for node in ast.walk(ast.parse(script.read_text(encoding="utf-8"))):
            # not the ui modules: they declare Streamlit caches, which must be made once its runtime runs
            if (isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "workbench"
                    and not node.module.startswith("workbench.ui")):
                names.update(f"{node.module}.{a.name}" for a in node.names if not a.name.startswith("ui"))
                names.add(node.module)
    return sorted(names)


def warm_up() -> threading.Thread:
    """Load, in the background, what a page would otherwise load on its first visit after a start:
    the labelling model's code with its segmenter dictionary (≈1 s), the shipped model file's
    digest (a hash of the file), and the modules the pages import (the review, export and word cloud
    code: ≈1 s more over all first visits). Once per process; a page that needs them meanwhile waits
    on the import lock instead of loading them twice. What is loaded then stays for the process's
    life, so it is left out of the garbage collector's later passes (``collector.freeze_long_lived``)."""
    def load() -> None:
        import importlib

        from . import collector
        from .nlp import registry, training  # noqa: F401  (imported for their load time)

        registry.shipped_digest()
        for name in page_modules():
            try:
                importlib.import_module(name)
            except ImportError:  # a name imported from a module, not a module: its module is in the list
                pass
        # Streamlit collects garbage in full after every script run (runner.postScriptGC), walking
        # every object of the process: these ≈250,000 start-up objects cost ≈0.1 s of CPU per rerun
        # (0.5 s under load), holding the GIL, so the page's "script finished" waited for it.
        collector.freeze_long_lived()

    thread = threading.Thread(target=load, name="workbench-warm-up", daemon=True)
    thread.start()
    return thread


def serve(port: int = 8501, address: str = "127.0.0.1", db: str | None = None, extra: list[str] | None = None) -> None:
    """Run the Streamlit server in this process (blocks until it stops)."""
    from streamlit.web import cli as streamlit_cli

    if db:
        os.environ["WORKBENCH_DB"] = db
    router_owns_pages()
    warm_up()
    sys.argv = ["streamlit", "run", str(ENTRY_POINT), "--server.address", address, "--server.port", str(port),
                "--server.headless", "true", "--browser.gatherUsageStats", "false",
                # st.dataframe's toolbar download (and copy) would send a table unmasked and formula-live;
                # pages offer ui.csv_download instead
                "--client.disableDataExport", "true",
                # a team's tool, not a developer's sandbox: no English «Deploy» button in the toolbar
                "--client.toolbarMode", "minimal", *(extra or [])]
    streamlit_cli.main()
