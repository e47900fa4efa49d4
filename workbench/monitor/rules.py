"""The monitor rule language: a tokenizer, a recursive-descent parser and an evaluator.

Syntax (operators in English must be upper case; lower-case ``and``/``or``/``not`` are words)::

    expr   := or
    or     := and { (OR | 或 | "|") and }
    and    := not { [AND | 与 | "&"] not }      -- a space between two conditions also means AND
    not    := (NOT | 非) not | near
    near   := atom { NEAR/n atom }
    atom   := word | "exact phrase" | “中文引号短语” | ( expr ) | （ expr ）

Precedence, loosest first: OR, AND, NOT, NEAR. Matching is on the text folded with NFKC
(full-width letters and digits become half-width) and lower-cased, so Latin letters match
regardless of case. A word or phrase matches as a substring; where it starts or ends with a
Latin letter or digit, that end must not touch another Latin letter or digit (``996`` does not
match inside ``1996``, ``AI`` does not match inside ``said``), while Chinese has no word
boundaries and matches anywhere.

``A NEAR/n B`` holds when some occurrence of A and some occurrence of B are at most *n
characters apart* (the characters strictly between them, in either order; overlapping
occurrences are 0 apart). Characters are counted on the folded text, one per Chinese character,
space or punctuation mark, so ``加班 NEAR/5 猝死`` means at most five characters lie between
them. The sides of NEAR are words, phrases, another NEAR or a parenthesised OR of those (they
need positions; AND and NOT have none).

Errors are ``RuleSyntaxError`` with a 1-based ``position`` and a Chinese message such as
``第 12 个字符处缺少右括号``.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Iterable, Sequence

import numpy as np

__all__ = ["RuleSyntaxError", "Rule", "caret_line", "compile_rule", "match_many", "normalize"]


class RuleSyntaxError(ValueError):
    """A rule expression that does not parse; ``position`` is 1-based, in characters."""

    def __init__(self, position: int, reason: str, message: str | None = None):
        self.position = position
        self.reason = reason
        super().__init__(message or f"第 {position} 个字符处{reason}")


def normalize(text: str) -> str:
    """The form rules match against: NFKC-folded, lower-cased."""
    return unicodedata.normalize("NFKC", text or "").lower()


def caret_line(expression: str, position: int) -> str:
    """``expression`` with a ``^`` under character ``position`` (1-based) on the next line,
    counting wide (Chinese) characters as two columns, as a monospace font shows them."""
    before = expression[: max(position - 1, 0)]
    width = sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in before)
    return f"{expression}\n{' ' * width}^"


# ---------------------------------------------------------------- tokens

@dataclass(frozen=True)
class _Tok:
    kind: str  # TERM PHRASE LPAREN RPAREN AND OR NOT NEAR EOF
    text: str
    pos: int  # 0-based index of the token's first character
    distance: int = 0  # NEAR/n only


_OPEN = "(（"
_CLOSE = ")）"
_QUOTES = {'"': '"', "“": "”", "”": "”", "「": "」"}
_WORD_OPS = {"AND": "AND", "与": "AND", "OR": "OR", "或": "OR", "NOT": "NOT", "非": "NOT"}
_STOP = set(_OPEN) | set(_CLOSE) | set(_QUOTES) | {"&", "|"}
_NEAR = re.compile(r"NEAR/(\d+)")


def _tokenize(expr: str) -> list[_Tok]:
    toks: list[_Tok] = []
    i, n = 0, len(expr)
    while i < n:
        c = expr[i]
        if c.isspace():
            i += 1
        elif c in _OPEN:
            toks.append(_Tok("LPAREN", c, i))
            i += 1
        elif c in _CLOSE:
            toks.append(_Tok("RPAREN", c, i))
            i += 1
        elif c in "&|":
            j = i
            while j < n and expr[j] == c:
                j += 1
            toks.append(_Tok("AND" if c == "&" else "OR", expr[i:j], i))
            i = j
        elif c in _QUOTES:
            closers = {_QUOTES[c], '"'} if c != '"' else {'"'}
            j = i + 1
            while j < n and expr[j] not in closers:
                j += 1
            if j >= n:
                raise RuleSyntaxError(i + 1, "的引号没有闭合")
            body = expr[i + 1 : j].strip()
            if not body:
                raise RuleSyntaxError(i + 1, "的引号内为空")
            toks.append(_Tok("PHRASE", body, i))
            i = j + 1
        else:
            j = i
            while j < n and not expr[j].isspace() and expr[j] not in _STOP:
                j += 1
            word = expr[i:j]
            if word in _WORD_OPS:
                toks.append(_Tok(_WORD_OPS[word], word, i))
            elif word.startswith("NEAR"):
                m = _NEAR.fullmatch(word)
                if not m:
                    raise RuleSyntaxError(i + 1, f"的“{word}”写法有误：NEAR 后应写距离（字符数），例如 NEAR/10")
                toks.append(_Tok("NEAR", word, i, int(m.group(1))))
            else:
                toks.append(_Tok("TERM", word, i))
            i = j
    toks.append(_Tok("EOF", "", n))
    return toks


# ---------------------------------------------------------------- syntax tree

_ASCII_ALNUM = re.compile(r"[a-z0-9]")


@dataclass(eq=False)
class _Term:
    text: str  # as written
    phrase: bool
    pattern: re.Pattern = field(init=False, repr=False)

    def __post_init__(self) -> None:
        norm = normalize(self.text)
        body = r"\s+".join(re.escape(part) for part in norm.split())
        if _ASCII_ALNUM.match(norm[:1]):
            body = r"(?<![a-z0-9])" + body
        if _ASCII_ALNUM.match(norm[-1:]):
            body += r"(?![a-z0-9])"
        self.pattern = re.compile(body)


@dataclass(eq=False)
class _And:
    left: object
    right: object


@dataclass(eq=False)
class _Or:
    left: object
    right: object


@dataclass(eq=False)
class _Not:
    child: object


@dataclass(eq=False)
class _Near:
    left: object
    right: object
    distance: int


def _has_spans(node: object) -> bool:
    if isinstance(node, (_Term, _Near)):
        return True
    if isinstance(node, _Or):
        return _has_spans(node.left) and _has_spans(node.right)
    return False


class _Parser:
    def __init__(self, expr: str):
        self.expr = expr
        self.toks = _tokenize(expr)
        self.i = 0

    def peek(self) -> _Tok:
        return self.toks[self.i]

    def take(self) -> _Tok:
        tok = self.toks[self.i]
        self.i += 1
        return tok

    def parse(self) -> object:
        if self.peek().kind == "EOF":
            raise RuleSyntaxError(1, "规则表达式为空", "规则表达式为空")
        node = self.parse_or()
        tok = self.peek()
        if tok.kind == "RPAREN":
            raise RuleSyntaxError(tok.pos + 1, "多了一个右括号，前面没有与之配对的左括号")
        if tok.kind != "EOF":  # pragma: no cover - every other token continues an AND
            raise RuleSyntaxError(tok.pos + 1, f"无法理解“{tok.text}”")
        return node

    def _operand_follows(self, op: _Tok) -> None:
        nxt = self.peek()
        if nxt.kind not in ("TERM", "PHRASE", "LPAREN", "NOT"):
            where = "表达式末尾" if nxt.kind == "EOF" else f"“{nxt.text}”之前"
            raise RuleSyntaxError(op.pos + 1, f"的 {op.text} 后面缺少条件（{where}）")

    def parse_or(self) -> object:
        node = self.parse_and()
        while self.peek().kind == "OR":
            op = self.take()
            self._operand_follows(op)
            node = _Or(node, self.parse_and())
        return node

    def parse_and(self) -> object:
        node = self.parse_not()
        while True:
            tok = self.peek()
            if tok.kind == "AND":
                self.take()
                self._operand_follows(tok)
            elif tok.kind not in ("TERM", "PHRASE", "LPAREN", "NOT"):
                return node
            node = _And(node, self.parse_not())

    def parse_not(self) -> object:
        if self.peek().kind == "NOT":
            op = self.take()
            self._operand_follows(op)
            return _Not(self.parse_not())
        return self.parse_near()

    def parse_near(self) -> object:
        node = self.parse_atom()
        while self.peek().kind == "NEAR":
            op = self.take()
            if not _has_spans(node):
                raise RuleSyntaxError(op.pos + 1, f"的 {op.text} 左侧只能是词语、短语或用 OR 连接的词语组（不能含 AND / NOT）")
            right_tok = self.peek()
            if right_tok.kind not in ("TERM", "PHRASE", "LPAREN"):
                raise RuleSyntaxError(op.pos + 1, f"的 {op.text} 右侧缺少词语或短语")
            right = self.parse_atom()
            if not _has_spans(right):
                raise RuleSyntaxError(right_tok.pos + 1, f"：{op.text} 右侧只能是词语、短语或用 OR 连接的词语组（不能含 AND / NOT）")
            node = _Near(node, right, op.distance)
        return node

    def parse_atom(self) -> object:
        tok = self.take()
        if tok.kind in ("TERM", "PHRASE"):
            return _Term(tok.text, tok.kind == "PHRASE")
        if tok.kind == "LPAREN":
            if self.peek().kind == "RPAREN":
                raise RuleSyntaxError(tok.pos + 1, "的括号内为空")
            node = self.parse_or()
            close = self.peek()
            if close.kind != "RPAREN":
                raise RuleSyntaxError(close.pos + 1, f"缺少右括号（第 {tok.pos + 1} 个字符处的左括号没有闭合）")
            self.take()
            return node
        if tok.kind == "EOF":
            raise RuleSyntaxError(tok.pos + 1, "表达式意外结束，缺少条件")
        if tok.kind == "RPAREN":
            raise RuleSyntaxError(tok.pos + 1, "的右括号前缺少条件")
        # AND / OR / NEAR with nothing on their left
        raise RuleSyntaxError(tok.pos + 1, f"的 {tok.text} 前面缺少条件")


# ---------------------------------------------------------------- evaluation

def _spans(node: object, text: str) -> list[tuple[int, int]]:
    if isinstance(node, _Term):
        return [m.span() for m in node.pattern.finditer(text)]
    if isinstance(node, _Or):
        return _spans(node.left, text) + _spans(node.right, text)
    if isinstance(node, _Near):
        out = []
        right = _spans(node.right, text)
        for a in _spans(node.left, text):
            for b in right:
                if a == b:
                    continue
                gap = max(b[0] - a[1], a[0] - b[1], 0)
                if gap <= node.distance:
                    out.append((min(a[0], b[0]), max(a[1], b[1])))
        return out
    raise TypeError(node)  # pragma: no cover - the parser never lets this happen


def _holds(node: object, text: str) -> bool:
    if isinstance(node, _Term):
        return node.pattern.search(text) is not None
    if isinstance(node, _And):
        return _holds(node.left, text) and _holds(node.right, text)
    if isinstance(node, _Or):
        return _holds(node.left, text) or _holds(node.right, text)
    if isinstance(node, _Not):
        return not _holds(node.child, text)
    return bool(_spans(node, text))


def _positive_terms(node: object, negated: bool = False) -> Iterable[_Term]:
    if isinstance(node, _Term):
        if not negated:
            yield node
    elif isinstance(node, _Not):
        yield from _positive_terms(node.child, not negated)
    else:
        yield from _positive_terms(node.left, negated)
        yield from _positive_terms(node.right, negated)


@dataclass(eq=False)
class Rule:
    """A compiled rule expression."""

    expression: str
    root: object = field(repr=False)

    @property
    def terms(self) -> list[str]:
        """The words and phrases whose presence the rule looks for (those not under NOT)."""
        seen: list[str] = []
        for t in _positive_terms(self.root):
            if t.text not in seen:
                seen.append(t.text)
        return seen

    def matches(self, text: str) -> bool:
        """Whether ``text`` satisfies the rule."""
        return _holds(self.root, normalize(text))

    def matched_terms(self, text: str) -> list[str]:
        """The rule's (non-negated) words and phrases that occur in ``text``, in rule order."""
        norm = normalize(text)
        found: list[str] = []
        for t in _positive_terms(self.root):
            if t.text not in found and t.pattern.search(norm):
                found.append(t.text)
        return found


def compile_rule(expression: str) -> Rule:
    """Parse ``expression``; raises ``RuleSyntaxError`` (Chinese message, 1-based position)."""
    return Rule(expression, _Parser(expression or "").parse())


def match_many(rule: Rule, texts: Sequence[str | None]) -> list[bool]:
    """``rule.matches`` over many texts: each word is searched once across all texts, the
    boolean structure is combined as arrays, and NEAR distances are only measured on texts
    that contain both sides."""
    norm = [normalize(t) if isinstance(t, str) else "" for t in texts]
    cache: dict[int, np.ndarray] = {}

    def present(node: object) -> np.ndarray:
        if isinstance(node, _Term):
            if id(node) not in cache:
                rx = node.pattern
                cache[id(node)] = np.fromiter((rx.search(t) is not None for t in norm), bool, len(norm))
            return cache[id(node)]
        if isinstance(node, _And):
            return present(node.left) & present(node.right)
        if isinstance(node, _Or):
            return present(node.left) | present(node.right)
        if isinstance(node, _Not):
            return ~present(node.child)
        # NEAR: both sides must be present before distances are worth measuring
        out = present(node.left) & present(node.right)
        for i in np.flatnonzero(out):
            out[i] = bool(_spans(node, norm[i]))
        return out

    return present(rule.root).tolist()
