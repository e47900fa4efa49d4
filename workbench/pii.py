"""Personal data in post text: find it and mask it (DESIGN §5 ``mask_pii``).

What is masked, and how much is kept so that an analyst can still recognise it:

- ``phone`` → ``138****5678``: a mainland mobile ``1[3-9]`` + 9 digits not inside a longer
  number, optionally after ``+86``/``0086``/``(+86)``/``86-``, optionally grouped 3-4-4 with
  spaces or dashes (the prefix is kept, separators dropped). A bare ``8613812345678`` is not
  taken for a phone (13 digits: could be anything).
- ``id`` → ``110105********123X``: an 18-digit resident ID (also grouped 6-8-4) with a known
  province code, a real birth date (1900..today) and a valid ISO 7064 MOD 11-2 check digit
  (``X``/``x`` allowed).
- ``email`` → ``a***@example.com``.
- ``card`` → ``6222 **** **** 1234``: 16–19 digits passing the Luhn check AND either grouped in
  fours (``6222 0202 …``), or starting with the UnionPay ``62``, or with card words (卡号, 银行卡,
  账号 …) in the 12 characters before it.

Left alone on purpose: hotlines (12333, 95588, 400-xxx-xxxx), numbers already masked
(``138****5678``), 统一社会信用代码 (an 18-character token of its alphabet with a letter is
never searched inside; an all-digit one almost never passes the ID province, date and
check-digit tests, and never when 信用代码/税号 is written just before it), dates, amounts
(a phone-shaped number followed by 元/万/亿 or a decimal part), order numbers and Weibo ids.
A 16-digit Weibo mid starts with 3/4/5 like a Visa/Mastercard number and passes Luhn one time
in ten, hence the card rule above: no bare 16–19 digit run is a card on Luhn alone.

Full-width digits and letters (``１３８…``) are recognised too: matching runs on a
same-length ASCII folding of the text, so spans index the original string.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Iterable

__all__ = ["PiiSpan", "find_pii", "has_pii", "mask_pii", "mask_many", "might_have_pii", "CANDIDATE", "SHOWN_FIELDS"]

# Columns that carry post-derived text wherever a query returns them (posts, incidents, alerts):
# the UI and every export mask these by default.
SHOWN_FIELDS = frozenset({
    "text", "text_masked", "title", "author", "parent_author", "url", "summary", "message", "last_message",
    "incident_title", "scope_label", "subject", "excerpt", "origin", "file",
})


@dataclass(frozen=True)
class PiiSpan:
    """One piece of personal data: ``text[start:end]`` of the given kind."""

    kind: str  # phone | id | email | card
    start: int
    end: int
    value: str


# Full-width ASCII (U+FF01..U+FF5E) and the ideographic space fold to ASCII one char for one,
# so spans found on the folded text index the original text.
_FOLD = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_FOLD[0x3000] = 0x20
# Between the digits of a grouped number people write a space (any kind: ideographic, no-break),
# a dash or a dot, one each and not always the same one: 136 1234-5678, 158.1234.5678.
_SEP = r"[\s.\-]"

_NO_DIGIT_BEFORE = r"(?<![0-9])"
_NO_DIGIT_AFTER = r"(?![0-9])"

# "%40" is an @ inside a URL's query string.
_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+?(?:@|%40)[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")

# A separator, if any, is used consistently (138-1234-5678, 138 1234 5678); not followed by
# a decimal part or a currency word, so 13812345678元 (an amount) stays.
_PHONE = re.compile(
    _NO_DIGIT_BEFORE
    + r"(?P<prefix>(?:(?:\+|00)86[\s\-]?|\(\+?86\)\s?|86[\s\-]))?"
    + r"(?P<a>1[3-9][0-9])" + _SEP + r"?(?P<b>[0-9]{4})" + _SEP + r"?(?P<c>[0-9]{4})"
    + r"(?!\.[0-9])(?!\s*(?:元|块|万|亿|美元|人民币))"
    + _NO_DIGIT_AFTER
)

# Also written 6-8-4 with spaces or dashes (110105 19491231 002X).
_ID = re.compile(
    r"(?<![0-9A-Za-z])(?<![0-9]" + _SEP + r")[1-8](?:" + _SEP + r"?[0-9]){16}" + _SEP + r"?[0-9Xx](?![0-9A-Za-z])"
)

# Ungrouped 16–19 digits, or grouped in fours with one kind of separator (4-4-4-4[-1..3]).
_CARD = re.compile(
    r"(?<![0-9\-])"
    + r"(?:[0-9]{16,19}|[0-9]{4}(?P<sep>" + _SEP + r")[0-9]{4}" + _SEP + r"[0-9]{4}" + _SEP + r"[0-9]{4}(?:" + _SEP + r"[0-9]{1,3})?)"
    + r"(?![0-9]|-[0-9])"
)
_CARD_CONTEXT = re.compile(r"卡号|银行卡|信用卡|储蓄卡|借记卡|工资卡|银行账号|账号|帐号|开户|card", re.IGNORECASE)
# A token shaped like a 统一社会信用代码 (18 chars of its alphabet, at least one letter) is
# protected whole: no phone, card or ID is looked for inside it.
_CREDIT_CODE_TOKEN = re.compile(r"(?<![0-9A-Za-z])(?=[0-9A-HJ-NP-RTUW-Y]*[A-HJ-NP-RTUW-Y])[0-9A-HJ-NP-RTUW-Y]{18}(?![0-9A-Za-z])")
_CREDIT_CODE_CONTEXT = re.compile(r"信用代码|税号|纳税人识别号|注册号|组织机构代码")

# First two digits of a resident ID: the provinces (GB/T 2260) plus 71/81/82/83 (Taiwan, HK, Macao).
_PROVINCES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 "
    "71 81 82 83".split()
)
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"

# Cheap pre-filter, on the text as written (full-width digits, ideographic spaces and all): every
# phone, ID and card has 11 digits in a row with at most one separator between two of them, and
# every e-mail an "@" or "%40"; a text with neither is left alone (most posts, links and dates
# included). The import's vectorised pre-filter runs this same pattern in Arrow's RE2, so it
# names Python's whitespace (what ``\s`` matches in ``_SEP``) character by character instead of
# ``\s``, which RE2 reads as ASCII whitespace only.
_SPACES = "\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_DIGIT = "[0-9０-９]"
CANDIDATE = f"{_DIGIT}(?:[{_SPACES}.．\\-－]?{_DIGIT}){{10}}|[@＠]|[%％][4４][0０]"
_CANDIDATE = re.compile(CANDIDATE)


def id_check_digit(first17: str) -> str:
    """The ISO 7064 MOD 11-2 check character of the first 17 digits of a resident ID."""
    total = sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS))
    return _ID_CHECK[total % 11]


def is_resident_id(s: str) -> bool:
    """True when ``s`` is a plausible 18-digit resident ID: province, birth date, check digit."""
    if len(s) != 18 or not s[:17].isascii() or not s[:17].isdigit() or s[:2] not in _PROVINCES:
        return False
    try:
        born = date(int(s[6:10]), int(s[10:12]), int(s[12:14]))
    except ValueError:
        return False
    if not (date(1900, 1, 1) <= born <= date.today()):
        return False
    return id_check_digit(s[:17]) == s[17].upper()


def luhn_ok(digits: str) -> bool:
    """The Luhn (mod 10) check every bank card number passes."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def _near(pattern: re.Pattern[str], text: str, start: int, window: int = 12) -> bool:
    return pattern.search(text, max(0, start - window), start) is not None


def find_pii(text: str) -> list[PiiSpan]:
    """Every piece of personal data in ``text``, in order, without overlaps."""
    if not text:
        return []
    if not _CANDIDATE.search(text):
        return []
    folded = text.translate(_FOLD)
    spans: list[PiiSpan] = []
    taken: list[tuple[int, int]] = []

    def free(s: int, e: int) -> bool:
        return all(e <= ts or s >= te for ts, te in taken)

    def add(kind: str, s: int, e: int) -> None:
        spans.append(PiiSpan(kind, s, e, text[s:e]))
        taken.append((s, e))

    # Priority: credit codes (kept), e-mail (may contain digits), ID, card, then phone.
    # An ID ending in X has the same shape; the ID tests (date, province, check digit) decide.
    taken.extend(m.span() for m in _CREDIT_CODE_TOKEN.finditer(folded) if not is_resident_id(m.group()))
    if "@" in folded or "%40" in folded:
        for m in _EMAIL.finditer(folded):
            add("email", m.start(), m.end())
    for m in _ID.finditer(folded):
        compact = re.sub(_SEP, "", m.group())
        if free(*m.span()) and is_resident_id(compact) and not _near(_CREDIT_CODE_CONTEXT, folded, m.start()):
            add("id", m.start(), m.end())
    for m in _CARD.finditer(folded):
        if not free(*m.span()):
            continue
        digits = re.sub(_SEP, "", m.group())
        if not (16 <= len(digits) <= 19 and luhn_ok(digits)):
            continue
        grouped = m.group("sep") is not None
        if grouped or digits.startswith("62") or _near(_CARD_CONTEXT, folded, m.start()):
            add("card", m.start(), m.end())
    for m in _PHONE.finditer(folded):
        if free(*m.span()):
            add("phone", m.start(), m.end())
    spans.sort(key=lambda sp: sp.start)
    return spans


def has_pii(text: str) -> bool:
    """True when ``text`` contains a phone number, resident ID, e-mail address or bank card."""
    return bool(find_pii(text))


def _mask_span(span: PiiSpan) -> str:
    v = span.value.translate(_FOLD)
    if span.kind == "phone":
        m = _PHONE.match(v)  # the span is one whole phone match
        return f"{span.value[: m.start('a')]}{m.group('a')}****{m.group('c')}"
    if span.kind == "id":
        v = re.sub(_SEP, "", v)
        return f"{v[:6]}********{v[14:]}"
    if span.kind == "email":
        local, at, domain = re.split(r"(@|%40)", v, maxsplit=1)
        return f"{local[:1]}***{at}{domain}"
    digits = re.sub(_SEP, "", v)
    return f"{digits[:4]} **** **** {digits[-4:]}"


def mask_pii(text: str) -> str:
    """``text`` with phones, resident IDs, e-mail addresses and bank cards masked (see module doc)."""
    if not text:
        return text
    spans = find_pii(text)
    if not spans:
        return text
    out: list[str] = []
    pos = 0
    for span in spans:
        out.append(text[pos : span.start])
        out.append(_mask_span(span))
        pos = span.end
    out.append(text[pos:])
    return "".join(out)


def mask_many(texts: Iterable[str | None]) -> list[str]:
    """``mask_pii`` over many texts (None / NaN become ""); texts without candidates cost one regex scan."""
    return [mask_pii(t) if isinstance(t, str) else "" for t in texts]


def might_have_pii(texts: "pd.Series") -> "np.ndarray":
    """Boolean mask of the texts worth running ``find_pii`` on (the same ``CANDIDATE`` test,
    vectorised in Arrow; missing values are False)."""
    import numpy as np

    return texts.astype("str").str.contains(CANDIDATE, regex=True).to_numpy(dtype=bool) if len(texts) else np.zeros(0, bool)
