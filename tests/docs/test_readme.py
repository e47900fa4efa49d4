"""The README is checked against the code: its command list against the CLI parser, its page table
against the router's page list, and its links against the files of the repository."""
import ast
import re
from pathlib import Path

from workbench.cli import build_parser

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _section(title: str) -> str:
    start = README.index(f"## {title}\n")
    end = README.find("\n## ", start + 1)
    return README[start:end if end != -1 else None]


def _cli_commands() -> set[str]:
    sub = next(a for a in build_parser()._actions if a.__class__.__name__ == "_SubParsersAction")
    return set(sub.choices)


def _readme_commands() -> set[str]:
    block = re.search(r"```bash\n(.*?)```", _section("命令行"), re.S).group(1)
    return {m.group(1) for m in re.finditer(r"^(?:\.venv/bin/)?workbench (?:--[\w-]+ \S+ )*([a-z][\w-]*)", block, re.M)}


def _router_titles() -> list[str]:
    """Titles of the visible pages that streamlit_app.py registers (read from its source, so no
    Streamlit run is needed): every st.Page(...) with a title and without visibility="hidden"."""
    tree = ast.parse((ROOT / "streamlit_app.py").read_text(encoding="utf-8"))
    titles = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "Page":
            kw = {k.arg: k.value for k in node.keywords}
            hidden = isinstance(kw.get("visibility"), ast.Constant) and kw["visibility"].value == "hidden"
            if "title" in kw and not hidden:
                titles.append(kw["title"].value)
    return titles


def _readme_pages() -> list[str]:
    rows = [line for line in _section("页面").splitlines() if line.startswith("| ") and not line.startswith("| 页面")]
    return [line.split("|")[1].strip() for line in rows]


def test_every_cli_command_is_in_the_readme_and_every_listed_command_exists():
    assert _readme_commands() == _cli_commands()


def test_the_page_table_lists_exactly_the_router_pages():
    router = _router_titles()
    assert len(router) == len(set(router)) and router
    assert sorted(_readme_pages()) == sorted(router)


def test_the_readme_links_only_to_files_a_clone_has():
    links = re.findall(r"\]\(([^)#]+)\)", README)
    assert "docs/architecture.md" in links
    assert "../shared" not in README
    for link in links:
        if not link.startswith(("http://", "https://")):
            assert (ROOT / link).is_file(), link


def test_the_architecture_page_covers_what_a_newcomer_needs():
    doc = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    for heading in ("处置流程", "进程与目录", "数据模型", "事件是核心记录", "扩展点"):
        assert re.search(rf"^## \d+\. {heading}", doc, re.M), heading
