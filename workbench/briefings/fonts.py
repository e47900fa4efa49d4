"""Finding a CJK font file, so charts and word clouds never draw tofu boxes.

Order: the PyPI package ``cvttf-notosanscjk-regular`` (a declared dependency, so always there),
then Debian's fonts-noto-cjk, then anything fontconfig knows for Chinese.
"""
from __future__ import annotations

import shutil
import subprocess
from functools import lru_cache
from pathlib import Path

# The East-Asian font named in DOCX files (Word falls back gracefully when it is missing).
DOCX_CJK_FONT = "Noto Sans CJK SC"

_SYSTEM_CANDIDATES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
)


@lru_cache(maxsize=1)
def cjk_font_path() -> Path | None:
    """Path of a font file that covers Simplified Chinese, or None when the machine has none."""
    try:
        import cvttf_NotoSansCJK_Regular as pkg

        found = sorted(Path(pkg.__file__).parent.glob("*.otf"))
        if found:
            return found[0]
    except ImportError:
        pass
    for candidate in _SYSTEM_CANDIDATES:
        if Path(candidate).is_file():
            return Path(candidate)
    if shutil.which("fc-list"):
        out = subprocess.run(["fc-list", ":lang=zh", "file"], capture_output=True, text=True, timeout=10).stdout
        for line in out.splitlines():
            path = line.split(":")[0].strip()
            if path and Path(path).is_file():
                return Path(path)
    return None


@lru_cache(maxsize=1)
def matplotlib_family() -> str | None:
    """Register the CJK font with matplotlib and return its family name (None if no font)."""
    path = cjk_font_path()
    if path is None:
        return None
    from matplotlib import font_manager

    font_manager.fontManager.addfont(str(path))
    return font_manager.FontProperties(fname=str(path)).get_name()
