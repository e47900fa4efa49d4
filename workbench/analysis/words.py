"""Word frequencies and the word cloud of an incident (CJK font, so no tofu boxes)."""
from __future__ import annotations

import functools
import io
import re
from collections import Counter
from typing import Iterable

import numpy as np
import pandas as pd

from ..fonts import cjk_font_path
from ..pii import mask_pii

MENTION = re.compile(r"(?:回复)?@[^\s:：,，]+[:：]?")
# Words that tell nothing about an incident on their own.
STOP = frozenset("""的 了 是 在 和 也 都 就 还 又 说 我 我们 你 他 她 它 这 那 有 没有 一个 什么 怎么 真的 可以 已经
吗 呢 吧 啊 转发 回复 大家 公司 一下 这个 那个 就是 不是 自己 感觉 现在 今天 还是 知道 问题 有没有 一样
三个 本网将 持续 关注 听说 要求 希望 太难 真的 一直 这样 已经 只会 同一个""".split())


def own_text(text: str | None) -> str:
    """What a post says itself: without the reposted chain (``//@…``) and without @mentions."""
    text = (text or "").split("//@", 1)[0]
    return MENTION.sub("", text)


def word_frequencies(posts: pd.DataFrame, top: int = 150, drop: Iterable[str] = ()) -> dict[str, int]:
    """The most frequent meaningful words of the posts' own text (masked), segmented.

    ``drop``: names to leave out, e.g. the employer's (every post names it), with their parts.
    """
    from ..nlp.segment import tokenize_all

    dropped = [d for d in drop if d]
    counts: Counter[str] = Counter()
    # masked again: a store's text_masked may predate a pattern (158.1234.5678 was once missed)
    for tokens in tokenize_all([own_text(mask_pii(t)) for t in posts["text_masked"]]):
        counts.update(w for w in tokens if _useful(w) and not any(w in d for d in dropped))
    return dict(counts.most_common(top))


def _useful(word: str) -> bool:
    word = word.strip()
    return len(word) >= 2 and word not in STOP and not word.isdigit() and "*" not in word


LAYOUT_SCALE = 2


def wordcloud_png(frequencies: dict[str, int], width: int = 900, height: int = 420) -> bytes | None:
    """A PNG word cloud of the frequencies, drawn with a CJK font; None when there are no words."""
    if not frequencies:
        return None
    from wordcloud import WordCloud

    # Words are placed on a canvas of half the size and drawn at twice the scale: the same image, and the
    # placement (the slow part: a search over the canvas per word and font size) about three times faster.
    cloud = WordCloud(font_path=cjk_font_path(), width=width // LAYOUT_SCALE, height=height // LAYOUT_SCALE,
                      scale=LAYOUT_SCALE, background_color="white", color_func=_viridis, random_state=7,
                      prefer_horizontal=0.95)
    image = cloud.generate_from_frequencies(frequencies).to_image()
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    return buf.getvalue()


@functools.cache
def _viridis_map():
    import matplotlib

    return matplotlib.colormaps["viridis"]


def _viridis(word, font_size, position, orientation, random_state, **kwargs) -> str:
    # What wordcloud's colormap="viridis" draws (same random draws, same colours), without the import
    # of matplotlib.pyplot that it makes for it: ≈0.5 s of 分析研判's first visit after a start
    r, g, b, _ = np.maximum(0, 255 * np.array(_viridis_map()(random_state.uniform(0, 1))))
    return "rgb({:.0f}, {:.0f}, {:.0f})".format(r, g, b)


def top_words(frequencies: dict[str, int], n: int = 20) -> pd.DataFrame:
    """The first ``n`` words as a table (word, count) to sit beside the image."""
    items: Iterable[tuple[str, int]] = list(frequencies.items())[:n]
    return pd.DataFrame(items, columns=["word", "count"])
