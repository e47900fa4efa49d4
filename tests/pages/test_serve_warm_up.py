"""`workbench serve` loads the labelling model's code and the modules the pages import in the background
at start, so the first visit to 分类复核, 分析研判 or 案例库 does not wait for them; what it loaded is then
left out of the garbage collector's passes (Streamlit's full pass after every script run walked it all),
and a file import does not undo that."""
import subprocess
import sys

WARM = """
import sys
from workbench import serve
assert "workbench.nlp.training" not in sys.modules
serve.warm_up().join(timeout=120)
from workbench.nlp import registry
assert "workbench.nlp.training" in sys.modules and registry._digest.cache_info().currsize == 1
assert {"wordcloud", "workbench.review.cases", "workbench.analysis.words"} <= set(sys.modules)
assert "streamlit" not in sys.modules  # the ui modules' caches are made once Streamlit's runtime runs
import gc
frozen = gc.get_freeze_count()
assert frozen > 100_000, frozen
from workbench.ingest import pipeline
with pipeline._old_objects_frozen():
    pass
assert gc.get_freeze_count() >= frozen
print("warm")
"""


def test_warm_up_loads_the_model_code_and_the_model_digest_once_and_freezes_it():
    out = subprocess.run([sys.executable, "-c", WARM], capture_output=True, text=True, timeout=180)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "warm"
