"""Where a CJK font lives, so word clouds and chart images never draw tofu boxes.

Looks first at the font shipped by the ``cvttf-notosanscjk-regular`` package (a dependency, so
present wherever the workbench is installed), then at Debian's fonts-noto-cjk.
"""
from __future__ import annotations

import importlib.util
from functools import lru_cache
from pathlib import Path

SYSTEM_FONTS = (
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"),
    Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
)


def _packaged() -> list[Path]:
    spec = importlib.util.find_spec("cvttf_NotoSansCJK_Regular")
    if spec is None or not spec.submodule_search_locations:
        return []
    return sorted(Path(next(iter(spec.submodule_search_locations))).glob("*.otf"))


@lru_cache(maxsize=1)
def cjk_font_path() -> str:
    """Path of a font file with Chinese glyphs; raises FileNotFoundError when none is installed."""
    for path in [*_packaged(), *SYSTEM_FONTS]:
        if path.is_file():
            return str(path)
    raise FileNotFoundError("未找到中文字体：请安装 cvttf-notosanscjk-regular 或 fonts-noto-cjk")
