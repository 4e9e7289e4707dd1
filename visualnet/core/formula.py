"""A safe parser for the formulas learners type, f(x, y), with exact symbolic derivatives.

Nothing here calls eval, exec, compile or the ast module: a hand-written tokenizer feeds a
recursive-descent parser that builds a small expression tree, and the tree is evaluated with
numpy and differentiated by the rules of calculus. The grammar (lowest precedence first):

    expr  := term (('+' | '-') term)*
    term  := unary (('*' | '/') unary)*
    unary := ('-' | '+') unary | power
    power := atom (('^' | '**') unary)?        right-associative: 2^3^2 = 2^9, -x^2 = -(x^2)
    atom  := number | 'x' | 'y' | 'pi' | 'e' | function '(' expr ')' | '(' expr ')'

Anything else is refused with a `FormulaError` that says where (0-based character position) and why,
in words a learner reads: a `Message` marked for translation (context "Formula"), English as written.
The tree itself, its values and derivatives are `expression.py`'s.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable
from typing import NamedTuple

import numpy as np

from visualnet.core.expression import CONSTANTS, FUNCTIONS, Formula, Node, call, num
from visualnet.translatable import QT_TRANSLATE_NOOP, Message, TranslatableError

__all__ = ["CONSTANTS", "FUNCTIONS", "MAX_DEPTH", "MAX_LENGTH", "Formula", "FormulaError", "parse"]

Array = np.ndarray
MAX_LENGTH = 200  # characters
MAX_DEPTH = 30  # nested parentheses, calls, signs and powers
DIGITS = frozenset("0123456789")  # str.isdigit() would also take '²' and other digits
VARIABLES = ("x", "y")


class FormulaError(TranslatableError):
    """A formula was refused: `position` (0-based character index) and `reason` (English; the
    translatable one is `reason_message`); str() is "at character N: reason"."""

    def __init__(self, position: int, reason: str | Message) -> None:
        self.reason_message = reason if isinstance(reason, Message) else Message(reason)
        super().__init__(QT_TRANSLATE_NOOP("Formula", "at character {position}: {reason}"),
                         position=position + 1, reason=self.reason_message)
        self.position = position
        self.reason = str(self.reason_message)


def _refused(position: int, template: str, **values: object) -> FormulaError:
    """A FormulaError at `position` whose reason is `template` (marked) filled with `values`."""
    return FormulaError(position, Message(template, **values))


# ---------------------------------------------------------------------------------------------- parsing


def _clip(text: str, width: int = 24) -> str:
    """`text` cut to about `width` characters for a message (a 200-digit number would fill it)."""
    return text if len(text) <= width else f"{text[: width - 1]}…"


class _Token(NamedTuple):
    kind: str  # 'num', 'name', 'op', 'end', 'bad'
    text: str
    pos: int
    value: float = 0.0


def _tokenize(text: str) -> list[_Token]:
    """Numbers, names and operators; an unknown character becomes a 'bad' token, reported in order."""
    tokens: list[_Token] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c.isspace():
            i += 1
        elif c in DIGITS or (c == "." and i + 1 < n and text[i + 1] in DIGITS):
            j = i
            while j < n and (text[j] in DIGITS or text[j] == "."):
                j += 1
            if text.count(".", i, j) > 1:
                raise _refused(i, QT_TRANSLATE_NOOP("Formula", "malformed number '{number}'"),
                               number=text[i:j])
            # an exponent: 1e-3, 2.5E+4 (but "2e" alone is 2 times the constant e: refused below)
            if j < n and text[j] in "eE":
                k = j + 1
                if k < n and text[k] in "+-":
                    k += 1
                if k < n and text[k] in DIGITS:
                    while k < n and text[k] in DIGITS:
                        k += 1
                    j = k
            value = float(text[i:j])
            if not math.isfinite(value):  # float() turns 1e400 (or 400 digits) into inf, silently
                raise _refused(i, QT_TRANSLATE_NOOP(
                    "Formula", "the number {number} is too large (the largest is about {largest})"),
                    number=_clip(text[i:j]), largest=f"{sys.float_info.max:.1e}".replace("e+", "e"))
            tokens.append(_Token("num", text[i:j], i, value))
            i = j
        elif c.isascii() and (c.isalpha() or c == "_"):
            j = i
            while j < n and text[j].isascii() and (text[j].isalnum() or text[j] == "_"):
                j += 1
            tokens.append(_Token("name", text[i:j], i))
            i = j
        elif text.startswith("**", i):
            tokens.append(_Token("op", "^", i))
            i += 2
        elif c in "+-*/^()":
            tokens.append(_Token("op", c, i))
            i += 1
        elif c in "−–":  # the minus sign and en dash people paste from documents
            tokens.append(_Token("op", "-", i))
            i += 1
        elif c in "×·":
            tokens.append(_Token("op", "*", i))
            i += 1
        elif c == "²":
            tokens.extend((_Token("op", "^", i), _Token("num", "2", i, 2.0)))
            i += 1
        else:
            tokens.append(_Token("bad", c, i))
            i += 1
    tokens.append(_Token("end", "", n))
    return tokens


class _Parser:
    """Recursive descent over the token list; depth counts nesting to refuse pathological input."""

    def __init__(self, text: str) -> None:
        self.tokens = _tokenize(text)
        self.i = 0
        self.depth = 0

    def peek(self) -> _Token:
        tok = self.tokens[self.i]
        if tok.kind == "bad":
            raise FormulaError(tok.pos, _bad_character(tok.text))
        return tok

    def take(self) -> _Token:
        tok = self.peek()
        self.i += 1
        return tok

    def close(self, at_end: str, found: str, **values: object) -> None:
        """Take the ')' that closes a group or a call; else refuse with `at_end` or `found` (marked)."""
        tok = self.peek()
        if tok.text != ")" or tok.kind != "op":
            if tok.kind == "end":
                raise _refused(tok.pos, at_end, **values)
            raise _refused(tok.pos, found, found=tok.text, **values)
        self.i += 1

    def nest(self, pos: int) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _refused(pos, QT_TRANSLATE_NOOP("Formula", "nested too deeply (more than {n} levels)"),
                           n=MAX_DEPTH)

    def parse(self) -> Node:
        tree = self.expr()
        tok = self.peek()
        if tok.kind != "end":
            if tok.text == ")":
                raise FormulaError(tok.pos, QT_TRANSLATE_NOOP("Formula", "')' without a matching '('"))
            if tok.kind == "name" and not (tok.text in VARIABLES or tok.text in CONSTANTS
                                           or tok.text in FUNCTIONS):
                raise _unknown_name(tok)
            if tok.kind in ("num", "name") or tok.text == "(":
                prev = self.tokens[self.i - 1].text
                raise _refused(tok.pos, QT_TRANSLATE_NOOP(
                    "Formula", "missing operator between '{before}' and '{after}' (write {product})"),
                    before=prev, after=tok.text, product=f"{prev}*{tok.text}")
            raise _unexpected(tok)
        return tree

    def expr(self) -> Node:
        return self.chain("+-", self.term)

    def term(self) -> Node:
        return self.chain("*/", self.unary)

    def chain(self, ops: str, operand: Callable[[], Node]) -> Node:
        """operand (op operand)*, left-associative: a - b - c = (a - b) - c."""
        left = operand()
        while (tok := self.peek()).kind == "op" and tok.text in ops:
            self.i += 1
            left = Node(tok.text, args=(left, operand()))
        return left

    def unary(self) -> Node:
        tok = self.peek()
        if tok.kind == "op" and tok.text in "+-":
            self.i += 1
            self.nest(tok.pos)
            operand = self.unary()
            self.depth -= 1
            return operand if tok.text == "+" else Node("neg", args=(operand,))
        return self.power()

    def power(self) -> Node:
        base = self.atom()
        tok = self.peek()
        if tok.kind == "op" and tok.text == "^":
            self.i += 1
            self.nest(tok.pos)
            exponent = self.unary()  # right-associative, and 2^-1 is allowed
            self.depth -= 1
            return Node("^", args=(base, exponent))
        return base

    def atom(self) -> Node:
        tok = self.take()
        if tok.kind == "num":
            return num(tok.value)
        if tok.kind == "name":
            return self.name(tok)
        if tok.kind == "op" and tok.text == "(":
            self.nest(tok.pos)
            inner = self.expr()
            self.close(QT_TRANSLATE_NOOP("Formula", "expected ')' to close the '(' at character {n}, "
                                                    "found the end of the formula"),
                       QT_TRANSLATE_NOOP("Formula", "expected ')' to close the '(' at character {n}, "
                                                    "found '{found}'"), n=tok.pos + 1)
            self.depth -= 1
            return inner
        if tok.kind == "end":
            raise FormulaError(tok.pos, QT_TRANSLATE_NOOP("Formula", "the formula ends too early"))
        raise _unexpected(tok)

    def name(self, tok: _Token) -> Node:
        following = self.tokens[self.i]
        if following.kind == "bad" and following.text == ".":
            raise _refused(following.pos, QT_TRANSLATE_NOOP(
                "Formula", "'.' after '{name}': attribute access is not allowed"), name=tok.text)
        if following.kind == "op" and following.text == "(":
            return self.call(tok, following)
        if tok.text in VARIABLES:
            return Node("var", name=tok.text)
        if tok.text in CONSTANTS:
            return num(CONSTANTS[tok.text], name=tok.text)
        if tok.text in FUNCTIONS:
            raise _refused(tok.pos, QT_TRANSLATE_NOOP(
                "Formula", "{name} needs an argument in parentheses: {name}(x)"), name=tok.text)
        raise _unknown_name(tok)

    def call(self, tok: _Token, opening: _Token) -> Node:
        """A function call, name(expr), its '(' next."""
        if tok.text not in FUNCTIONS:
            unknown = QT_TRANSLATE_NOOP("Formula", "unknown function '{name}'; allowed: {names}")
            raise _refused(tok.pos, unknown, name=tok.text, names=", ".join(FUNCTIONS))
        self.i += 1
        self.nest(opening.pos)
        arg = self.expr()
        if self.peek().text == ",":
            raise _refused(self.peek().pos, QT_TRANSLATE_NOOP("Formula", "{name} takes one argument"),
                           name=tok.text)
        self.close(QT_TRANSLATE_NOOP("Formula", "expected ')' to close {name}(, found the end of the "
                                                "formula"),
                   QT_TRANSLATE_NOOP("Formula", "expected ')' to close {name}(, found '{found}'"),
                   name=tok.text)
        self.depth -= 1
        return call(tok.text, arg)


def _unknown_name(tok: _Token) -> FormulaError:
    """A name that is no variable, constant or function."""
    return _refused(tok.pos, QT_TRANSLATE_NOOP("Formula", "unknown name '{name}'; use x, y, pi, e or a "
                                                          "function"), name=tok.text)


def _unexpected(tok: _Token) -> FormulaError:
    """A token where none of its kind may stand."""
    return _refused(tok.pos, QT_TRANSLATE_NOOP("Formula", "unexpected '{token}'"), token=tok.text)


def _bad_character(c: str) -> Message:
    """Why character `c` cannot be in a formula."""
    if c == ".":
        return Message(QT_TRANSLATE_NOOP(
            "Formula", "'.' is only allowed inside a number (attribute access is not allowed)"))
    if c in "'\"":
        return Message(QT_TRANSLATE_NOOP("Formula", "quotes are not allowed: a formula has no strings"))
    if c == ",":
        return Message(QT_TRANSLATE_NOOP("Formula", "',' is not allowed: functions take one argument"))
    if c in "[]{}":
        return Message(QT_TRANSLATE_NOOP("Formula", "{char} is not allowed: use ( and ) for grouping"),
                       char=repr(c))
    return Message(QT_TRANSLATE_NOOP("Formula", "character {char} is not allowed"), char=repr(c))


# ---------------------------------------------------------------------------------------------- API

def parse(text: str) -> Formula:
    """Parse `text` into a Formula, or raise FormulaError (position and reason)."""
    if not isinstance(text, str):
        raise FormulaError(0, QT_TRANSLATE_NOOP("Formula", "a formula must be text"))
    if len(text) > MAX_LENGTH:
        raise _refused(MAX_LENGTH, QT_TRANSLATE_NOOP("Formula", "too long ({n} characters; at most {limit})"),
                       n=len(text), limit=MAX_LENGTH)
    if not text.strip():
        raise FormulaError(0, QT_TRANSLATE_NOOP("Formula", "the formula is empty"))
    return Formula(text, _Parser(text).parse())
