"""Post-derived text (titles, authors, texts, file names, alert messages) shown or exported where
Markdown is rendered: Streamlit's st.markdown / captions / labels / toasts, exported .md files.

``inert`` is the one way to put such text there: personal data masked, whitespace collapsed to
one line, and every character that Markdown, HTML or Streamlit's directives (``:red[…]``,
``:material/…:``, ``$…$``) give a meaning escaped with a backslash, so the text shows exactly as
written and never becomes an image, a link, a colour or a formula. Bare addresses are broken
(``http&#58;//``, ``www&#46;``, ``a&#64;b``) so GFM's autolinking does not turn them into links either.
"""
from __future__ import annotations

import re

from .pii import mask_pii

__all__ = ["chart_label", "inert"]

# Everything inline Markdown, HTML, math and Streamlit directives are made of.
_MARKUP = re.compile(r"([\\`*_{}\[\]()<>#!|~$&^])")
# GFM turns bare addresses into links even after a backslash escape (http\://x still links), so
# their marks become character references, which render the same but link nothing: a colon before
# a letter or slash (http://, :material/…:, :red), an @ (e-mail), the dot after www.
_AUTOLINK = re.compile(r"(?i):(?=[a-z/])|@|(?<=\bwww)\.")
_ENTITY = {":": "&#58;", "@": "&#64;", ".": "&#46;"}
_LINE_START = re.compile(r"^(\s*)([-+=])")  # a list item or heading rule
_ORDERED = re.compile(r"^(\s*\d+)\.")  # an ordered list item


def inert(text: object, *, limit: int | None = None) -> str:
    """``text`` as Markdown that renders as exactly this plain text (masked, on one line).

    ``limit`` cuts the text (before escaping) to that many characters with an ellipsis."""
    if text is None or (isinstance(text, float) and text != text):
        return ""
    s = " ".join(mask_pii(str(text)).split())
    if limit is not None and len(s) > limit:
        s = s[: limit - 1] + "…"
    s = _MARKUP.sub(r"\\\1", s)
    s = _AUTOLINK.sub(lambda m: _ENTITY[m.group()], s)
    s = _ORDERED.sub(r"\1\\.", s)
    return _LINE_START.sub(r"\1\\\2", s)


def chart_label(text: object) -> str:
    """Post-derived text for a Plotly label or hover text: masked, and its ``<``/``>``/``&``
    written as entities, since Plotly draws ``<a href>``, ``<b>`` and ``<span style>`` in labels."""
    if text is None or (isinstance(text, float) and text != text):
        return ""
    return mask_pii(str(text)).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
