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
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from visualnet.translatable import QT_TRANSLATE_NOOP, Message, TranslatableError

__all__ = [
    "CONSTANTS",
    "FUNCTIONS",
    "MAX_DEPTH",
    "MAX_LENGTH",
    "Evaluated",
    "Formula",
    "FormulaError",
    "Node",
    "derivative",
    "evaluate_tree",
    "parse",
]

Array = np.ndarray
MAX_LENGTH = 200  # characters
MAX_DEPTH = 30  # nested parentheses, calls, signs and powers
DIGITS = frozenset("0123456789")  # str.isdigit() would also take '²' and other digits
VARIABLES = ("x", "y")
CONSTANTS: dict[str, float] = {"pi": math.pi, "e": math.e}
FUNCTIONS: dict[str, Callable[[Array], Array]] = {
    "sin": np.sin, "cos": np.cos, "tan": np.tan, "asin": np.arcsin, "acos": np.arccos, "atan": np.arctan,
    "sinh": np.sinh, "cosh": np.cosh, "tanh": np.tanh, "exp": np.exp, "log": np.log, "ln": np.log,
    "log10": np.log10, "sqrt": np.sqrt, "abs": np.abs, "sign": np.sign,
}


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


# ---------------------------------------------------------------------------------------------- tree


@dataclass(frozen=True)
class Node:
    """An expression tree node: kind 'num' | 'var' | 'neg' | '+' | '-' | '*' | '/' | '^' | 'call'."""

    kind: str
    value: float = 0.0  # 'num'
    name: str = ""  # 'var', 'call', or a named constant ('pi') for printing
    args: tuple[Node, ...] = ()

    def __str__(self) -> str:
        return _show(self)


def num(v: float, name: str = "") -> Node:
    """A number node (name: how to print it, e.g. 'pi')."""
    return Node("num", value=float(v) + 0.0, name=name)  # + 0.0 turns -0.0 into 0.0


ZERO, ONE = num(0.0), num(1.0)


def _is(n: Node, v: float) -> bool:
    return n.kind == "num" and n.value == v


def _negative(n: Node) -> bool:
    return n.kind == "num" and not n.name and n.value < 0


# Constructors that simplify as they build (0·u = 0, 1·u = u, u + 0 = u, numbers folded), so
# derivatives come out readable: d/dx (x^2/20 + y^2) prints as "0.1*x", not "2*x^1*1/20 + 0".
def add(a: Node, b: Node) -> Node:
    """a + b, simplified."""
    if a.kind == "num" and b.kind == "num":
        return num(a.value + b.value)
    if _is(a, 0):
        return b
    if _is(b, 0):
        return a
    if b.kind == "neg":
        return sub(a, b.args[0])
    if _negative(b):
        return sub(a, num(-b.value))  # x + (-1) = x - 1
    if _negative(a):
        return sub(b, num(-a.value))  # (-1) + y = y - 1
    return Node("+", args=(a, b))


def sub(a: Node, b: Node) -> Node:
    """a - b, simplified."""
    if a.kind == "num" and b.kind == "num":
        return num(a.value - b.value)
    if _is(b, 0):
        return a
    if _is(a, 0):
        return neg(b)
    if b.kind == "neg":
        return add(a, b.args[0])
    if _negative(b):
        return add(a, num(-b.value))
    return Node("-", args=(a, b))


def neg(a: Node) -> Node:
    """-a, simplified."""
    if a.kind == "num" and not a.name:
        return num(-a.value)
    if a.kind == "neg":
        return a.args[0]
    return Node("neg", args=(a,))


def _coefficient(n: Node) -> tuple[float, Node]:
    """n = c * rest with c a plain number: (c, rest)."""
    if n.kind == "num" and not n.name:
        return n.value, ONE
    if n.kind == "neg":
        c, rest = _coefficient(n.args[0])
        return -c, rest
    if n.kind == "*" and n.args[0].kind == "num" and not n.args[0].name:
        return n.args[0].value, n.args[1]
    return 1.0, n


def mul(a: Node, b: Node) -> Node:
    """a * b, simplified: plain numbers gathered in front (2*u*3*v = 6*u*v)."""
    ca, a = _coefficient(a)
    cb, b = _coefficient(b)
    c = ca * cb
    if c == 0:
        return ZERO
    if _is(a, 1):
        rest = b
    elif _is(b, 1):
        rest = a
    elif b.kind == "num" and a.kind != "num":
        rest = Node("*", args=(b, a))  # named constants first too: pi*x
    else:
        rest = Node("*", args=(a, b))
    if c == 1:
        return rest
    if c == -1:
        return neg(rest)
    if _is(rest, 1):
        return num(c)
    if rest.kind == "/" and rest.args[0].kind == "num" and not rest.args[0].name:
        return div(num(c * rest.args[0].value), rest.args[1])  # 2*(3/x) = 6/x
    if c < 0:
        return neg(mul(num(-c), rest))
    return Node("*", args=(num(c), rest))


def div(a: Node, b: Node) -> Node:
    """a / b, simplified."""
    if a.kind == "num" and b.kind == "num" and b.value != 0 and not (a.name or b.name):
        return num(a.value / b.value)
    if _is(a, 0):
        return ZERO
    if _is(b, 1):
        return a
    if a.kind == "neg":
        return neg(div(a.args[0], b))
    if b.kind == "num" and b.value != 0 and not b.name:
        c, rest = _coefficient(a)
        if not _is(rest, 1):
            return mul(num(c / b.value), rest)  # (2*x)/20 = 0.1*x
    return Node("/", args=(a, b))


def power(a: Node, b: Node) -> Node:
    """a ^ b, simplified."""
    if _is(b, 0):
        return ONE
    if _is(b, 1):
        return a
    if a.kind == "num" and b.kind == "num" and not (a.name or b.name):
        with np.errstate(all="ignore"):
            v = float(np.power(a.value, b.value))
        if math.isfinite(v):
            return num(v)
    return Node("^", args=(a, b))


def call(name: str, a: Node) -> Node:
    """name(a)."""
    return Node("call", name=name, args=(a,))


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


# ---------------------------------------------------------------------------------------------- evaluation


class Evaluated(NamedTuple):
    """Values of a formula over arrays, and whether every one of them is finite."""

    values: Array
    finite: bool


def evaluate_tree(n: Node, x: Array, y: Array, memo: dict[int, Array] | None = None) -> Array:
    """The tree's value, elementwise over x and y (broadcast); no error state set, shape not forced.

    A derivative shares subtrees (d(u^v) reuses u^v itself): `memo` evaluates each shared node once.
    """
    memo = {} if memo is None else memo
    done = memo.get(id(n))
    if done is not None:
        return done
    k = n.kind
    if k == "num":
        v = np.asarray(n.value)
    elif k == "var":
        v = x if n.name == "x" else y
    elif k == "neg":
        v = -evaluate_tree(n.args[0], x, y, memo)
    elif k == "call":
        v = FUNCTIONS[n.name](evaluate_tree(n.args[0], x, y, memo))
    else:
        a, b = evaluate_tree(n.args[0], x, y, memo), evaluate_tree(n.args[1], x, y, memo)
        if k == "+":
            v = a + b
        elif k == "-":
            v = a - b
        elif k == "*":
            v = a * b
        elif k == "/":
            v = a / b
        elif n.args[1].kind == "num" and n.args[1].value == 2:
            v = a * a  # the common square: exact and faster than pow
        else:
            v = np.power(a, b)
    memo[id(n)] = v
    return v


def _depends(n: Node, var: str) -> bool:
    """True if the node contains the variable `var`."""
    return (n.kind == "var" and n.name == var) or any(_depends(a, var) for a in n.args)


def derivative(n: Node, var: str) -> Node:
    """The symbolic partial derivative d n / d var, by the rules of calculus (simplified)."""
    k = n.kind
    if not _depends(n, var):
        return ZERO
    if k == "var":
        return ONE if n.name == var else ZERO
    if k == "neg":
        return neg(derivative(n.args[0], var))
    if k == "call":
        u = n.args[0]
        du = derivative(u, var)
        return mul(_outer(n.name, u), du)  # chain rule: f(u)' = f'(u) u'
    a, b = n.args
    da, db = derivative(a, var), derivative(b, var)
    if k == "+":
        return add(da, db)
    if k == "-":
        return sub(da, db)
    if k == "*":
        return add(mul(da, b), mul(a, db))  # product rule
    if k == "/":
        if not _depends(b, var):
            return div(da, b)
        return div(sub(mul(da, b), mul(a, db)), power(b, num(2)))  # quotient rule
    # a^b: a constant exponent gives b a^(b-1) a'; otherwise d(e^(b ln a)) = a^b (b' ln a + b a'/a)
    if not _depends(b, var):
        return mul(mul(b, power(a, sub(b, ONE))), da)
    if not _depends(a, var):
        return mul(mul(n, call("log", a)), db)
    return mul(n, add(mul(db, call("log", a)), div(mul(b, da), a)))


def _outer(name: str, u: Node) -> Node:
    """f'(u) for the whitelisted functions."""
    two = num(2)
    table: dict[str, Callable[[], Node]] = {
        "sin": lambda: call("cos", u),
        "cos": lambda: neg(call("sin", u)),
        "tan": lambda: div(ONE, power(call("cos", u), two)),
        "asin": lambda: div(ONE, call("sqrt", sub(ONE, power(u, two)))),
        "acos": lambda: neg(div(ONE, call("sqrt", sub(ONE, power(u, two))))),
        "atan": lambda: div(ONE, add(ONE, power(u, two))),
        "sinh": lambda: call("cosh", u),
        "cosh": lambda: call("sinh", u),
        "tanh": lambda: sub(ONE, power(call("tanh", u), two)),
        "exp": lambda: call("exp", u),
        "log": lambda: div(ONE, u),
        "ln": lambda: div(ONE, u),
        "log10": lambda: div(ONE, mul(u, call("log", num(10)))),
        "sqrt": lambda: div(ONE, mul(two, call("sqrt", u))),
        "abs": lambda: call("sign", u),  # d|u| = sign(u) du (0 at u = 0, a subgradient)
        "sign": lambda: ZERO,  # flat almost everywhere
    }
    return table[name]()


# ---------------------------------------------------------------------------------------------- printing

_PRECEDENCE = {"+": 1, "-": 1, "*": 2, "/": 2, "neg": 3, "^": 4}


def _precedence(n: Node) -> int:
    """How tightly a node binds when printed; a negative number prints like a negation."""
    return _PRECEDENCE["neg"] if _negative(n) else _PRECEDENCE.get(n.kind, 5)


def _show(n: Node) -> str:
    """Readable text with only the parentheses precedence needs (round-trips through parse)."""
    k = n.kind
    if k == "num":
        return n.name or f"{n.value:.12g}"
    if k == "var":
        return n.name
    if k == "call":
        return f"{n.name}({_show(n.args[0])})"
    if k == "neg":
        inner = n.args[0]
        text = _show(inner)
        return f"-{text}" if _precedence(inner) >= 2 and inner.kind != "neg" else f"-({text})"
    a, b = n.args
    p = _PRECEDENCE[k]
    left, right = _show(a), _show(b)
    pa, pb = _precedence(a), _precedence(b)
    if k == "^":
        # right-associative: parenthesise the base if it binds no tighter, and a negative base number
        if pa <= p:
            left = f"({left})"
        if pb < p and b.kind != "neg":
            right = f"({right})"
        return f"{left}^{right}"
    if pa < p:
        left = f"({left})"
    # left-associative: a - (b + c), a / (b * c) need them on the right
    if pb < p or (pb == p and k in "-/"):
        right = f"({right})"
    return f"{left} {k} {right}" if p == 1 else f"{left}*{right}" if k == "*" else f"{left}/{right}"


# ---------------------------------------------------------------------------------------------- API


class Formula:
    """A parsed formula f(x, y) with its symbolic partial derivatives `dx` and `dy`."""

    def __init__(self, text: str, tree: Node) -> None:
        self.text = text
        self.tree = tree
        self.dx = derivative(tree, "x")
        self.dy = derivative(tree, "y")

    def __repr__(self) -> str:
        return f"Formula({self.text!r})"

    def __str__(self) -> str:
        return str(self.tree)

    def evaluate(self, x: Array | float, y: Array | float) -> Evaluated:
        """f over arrays x, y (broadcast), float64; NaN/inf are kept and flagged, never raised."""
        return self._run(self.tree, x, y)

    def __call__(self, x: Array | float, y: Array | float) -> Array:
        """Just the values of f(x, y)."""
        return self._run(self.tree, x, y).values

    def gradient(self, x: Array | float, y: Array | float) -> tuple[Array, Array]:
        """(df/dx, df/dy) from the symbolic derivatives, same shape as f(x, y)."""
        return self._run(self.dx, x, y).values, self._run(self.dy, x, y).values

    @staticmethod
    def _run(tree: Node, x: Array | float, y: Array | float) -> Evaluated:
        xa, ya = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
        with np.errstate(all="ignore"):
            v = evaluate_tree(tree, xa, ya)
        v = np.broadcast_to(v, np.broadcast_shapes(xa.shape, ya.shape)).astype(np.float64)
        return Evaluated(v, bool(np.isfinite(v).all()))


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
