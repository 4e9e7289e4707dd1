"""The expression trees of the formulas learners type: build, evaluate with numpy, differentiate, print.

A tree is made of `Node`s by the builders (`add`, `mul`, … simplify as they build: 0 + a = a, 1·a = a),
evaluated elementwise over arrays (`evaluate_tree`) and differentiated by the rules of calculus
(`derivative`); `Formula` holds one with its partial derivatives. The text a learner types becomes a
tree in `formula.py`, the reader.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

__all__ = ["CONSTANTS", "FUNCTIONS", "Evaluated", "Formula", "Node", "derivative", "evaluate_tree"]

Array = np.ndarray
CONSTANTS: dict[str, float] = {"pi": math.pi, "e": math.e}
FUNCTIONS: dict[str, Callable[[Array], Array]] = {
    "sin": np.sin, "cos": np.cos, "tan": np.tan, "asin": np.arcsin, "acos": np.arccos, "atan": np.arctan,
    "sinh": np.sinh, "cosh": np.cosh, "tanh": np.tanh, "exp": np.exp, "log": np.log, "ln": np.log,
    "log10": np.log10, "sqrt": np.sqrt, "abs": np.abs, "sign": np.sign,
}


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
