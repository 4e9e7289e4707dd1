"""Reading what a person types into a number field, whatever their keyboard or input method (no Qt).

A Chinese or Japanese input method types full-width forms (`１６，１６`, `０．１`, `－３`), its comma and
full stop keys give `、` and `。`, and its space bar an ideographic space. `fold` maps each such
character to the ASCII one it stands for, one character for one, so cursor positions stay valid;
the parsers below read the folded text and refuse, with a reason a learner can act on, anything
they cannot read exactly: nothing is silently dropped or joined (`16,16` is never 1616).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from visualnet.translatable import QT_TRANSLATE_NOOP, Message, TranslatableError

# What NFKC leaves alone but an input method types for the ASCII key: the ideographic comma and full
# stop (the ',' and '.' keys of a Chinese or Japanese keyboard), its half-width full stop, and the
# minus signs and dashes people paste from documents.
EXTRA = {"、": ",", "。": ".", "｡": ".", "−": "-", "‒": "-", "–": "-", "﹣": "-"}
# Compatibility forms that only change a character's width or size: their NFKC form is what was meant.
# Others are not folded: NFKC would read '²' as '2' and make 10² the number 102.
_WIDTH_TAGS = ("<wide>", "<narrow>", "<small>")


def fold_char(c: str) -> str:
    """One character as the ASCII character it stands for, or itself if it stands for none."""
    if c.isascii():
        return c
    if c in EXTRA:
        return EXTRA[c]
    digit = unicodedata.decimal(c, None)  # any script's decimal digit (not '²', which is no digit)
    if digit is not None:
        return str(digit)
    if c.isspace():
        return " "  # the ideographic space, no-break spaces
    if unicodedata.decomposition(c).startswith(_WIDTH_TAGS):
        folded = unicodedata.normalize("NFKC", c)
        folded = EXTRA.get(folded, folded)
        if len(folded) == 1 and folded.isascii():
            return folded
    return c


def fold(text: str) -> str:
    """`text` with every full-width or input-method character as its ASCII one; same length."""
    return "".join(fold_char(c) for c in text)


CONTEXT = "textinput"  # the translation context of REASONS


# Why typed text is refused, in words a learner can act on ({} are filled in); translated where shown.
REASONS = {
    "whole": QT_TRANSLATE_NOOP("textinput", "a whole number is needed here"),
    "no_thousands": QT_TRANSLATE_NOOP(
        "textinput", "'{}' is not read here: type one whole number, without thousands separators"),
    "decimal_point": QT_TRANSLATE_NOOP(
        "textinput", "'{}' is not read here: type one number, with '{}' as the decimal point "
                     "and no thousands separator"),
    "not_number_char": QT_TRANSLATE_NOOP("textinput", "'{}' is not part of a number"),
    "type_number": QT_TRANSLATE_NOOP("textinput", "type a number"),
    "exponent": QT_TRANSLATE_NOOP("textinput", "the exponent has no digits (e.g. 1e-3)"),
    "digits": QT_TRANSLATE_NOOP("textinput", "type the digits"),
    "spaces": QT_TRANSLATE_NOOP("textinput", "no spaces inside a number"),
    "not_a_number": QT_TRANSLATE_NOOP("textinput", "'{}' is not a number"),
    "type_list": QT_TRANSLATE_NOOP("textinput", "type the numbers, e.g. 8,8"),
    "at_most": QT_TRANSLATE_NOOP("textinput", "at most {} numbers"),
    "start": QT_TRANSLATE_NOOP("textinput", "start with a number, e.g. 8,8"),
    "two_commas": QT_TRANSLATE_NOOP("textinput", "two commas with no number between them"),
    "missing": QT_TRANSLATE_NOOP("textinput", "a number is missing after the last comma"),
    "too_many_digits": QT_TRANSLATE_NOOP("textinput", "{} has more than {} digits"),
    "commas": QT_TRANSLATE_NOOP("textinput", "separate the numbers with commas, e.g. 8,8"),
    "no_point": QT_TRANSLATE_NOOP("textinput", "whole numbers only: no decimal point"),
    "negative": QT_TRANSLATE_NOOP("textinput", "no negative numbers"),
    "list_char": QT_TRANSLATE_NOOP("textinput", "'{}' is not read here: whole numbers and commas, e.g. 8,8"),
}


class State(Enum):
    """How far typed text is from a value: as a validator must say it while the user types."""

    ACCEPTABLE = "acceptable"
    INTERMEDIATE = "intermediate"  # may become acceptable with more typing ("", "-", "8,")
    INVALID = "invalid"


@dataclass(frozen=True)
class Verdict:
    """The state of some typed text and, unless acceptable, why."""

    state: State
    reason: str = ""  # an English template marked for translation, with {} for `args`
    args: tuple[object, ...] = ()

    def message(self, translate: Callable[[str, str], str] | None = None) -> str:
        """The reason in words; `translate(context, text)` (Qt's) puts it in the user's language."""
        template = translate(CONTEXT, self.reason) if translate is not None else self.reason
        return template.format(*self.args)

    def as_message(self) -> Message:
        """The reason as a translatable message (shown in the language spoken where it is shown)."""
        return Message(self.reason, *self.args)


class InputRefusedError(TranslatableError):
    """Typed text that cannot be read as asked; `verdict` says why (str() is the English reason).

    Its `message` is the verdict's reason as a translatable `Message`, so the Qt layer shows it in the
    learner's language with `i18n.error_text`, like any other refusal.
    """

    def __init__(self, verdict: Verdict) -> None:
        super().__init__(verdict.as_message())
        self.verdict = verdict


def _invalid(key: str, *args: object) -> Verdict:
    return Verdict(State.INVALID, REASONS[key], args)


def _wait(key: str, *args: object) -> Verdict:
    return Verdict(State.INTERMEDIATE, REASONS[key], args)


def _bad_character(c: str, integer: bool, decimal_point: str) -> Verdict:
    """Why character `c` cannot be part of the number a field asks for."""
    if integer and c in ".eE":
        return _invalid("whole")
    if integer and c == ",":
        return _invalid("no_thousands", c)
    if c in ",.":
        return _invalid("decimal_point", c, decimal_point)
    return _invalid("not_number_char", c)


def check_number(text: str, integer: bool, decimal_point: str = ".") -> Verdict:
    """Whether typed `text` is one number: a sign, digits, one decimal point and an exponent (decimals
    only), full-width forms welcome; spaces only around it."""
    t = fold(text).strip()
    if not t:
        return _wait("type_number")
    point = "" if integer else re.escape(decimal_point)
    exponent = "" if integer else r"(?:[eE][+-]?\d*)?"
    whole = rf"[+-]?(?:\d+(?:{point}\d*)?|{point}\d+)" if point else r"[+-]?\d+"
    if re.fullmatch(whole + exponent, t):
        if not integer and t[-1] in "eE+-":
            return _wait("exponent")
        return Verdict(State.ACCEPTABLE)
    if re.fullmatch(rf"[+-]?{point}?" if point else r"[+-]?", t):
        return _wait("digits")
    allowed = set("0123456789+- ") | (set() if integer else {decimal_point, "e", "E"})
    bad = next((c for c in t if c not in allowed), None)
    if bad is not None:
        return _bad_character(bad, integer, decimal_point)
    if " " in t:
        return _invalid("spaces")
    return _invalid("not_a_number", t)


def number_text(text: str) -> str:
    """Folded `text` without the spaces around it: what a number field hands on to be read."""
    return fold(text).strip()


def parse_number(text: str, integer: bool = False, decimal_point: str = ".") -> float:
    """The number in typed `text` (full-width forms welcome); InputRefusedError says why it is not one."""
    verdict = check_number(text, integer, decimal_point)
    if verdict.state is not State.ACCEPTABLE:
        raise InputRefusedError(verdict)
    t = number_text(text).replace(decimal_point, ".")
    return float(int(t)) if integer else float(t)


def check_int_list(text: str, max_items: int, max_digits: int) -> Verdict:
    """Whether typed `text` is a list of whole numbers separated by commas (',', '，' or '、')."""
    t = fold(text)
    if not t.strip():
        return _wait("type_list")
    parts = [p.strip() for p in t.split(",")]
    if len(parts) > max_items:
        return _invalid("at_most", max_items)
    for i, p in enumerate(parts):
        if not p:
            if i == 0:
                return _invalid("start")
            if i < len(parts) - 1:
                return _invalid("two_commas")
            return _wait("missing")
        if re.fullmatch(r"\d+", p):
            if len(p) > max_digits:
                return _invalid("too_many_digits", p, max_digits)
            continue
        if re.fullmatch(r"\d+(?: +\d+)+", p):
            return _invalid("commas")
        if re.fullmatch(r"\d*\.\d*", p):
            return _invalid("no_point")
        if p.startswith("-"):
            return _invalid("negative")
        bad = next(c for c in p if not c.isdigit() and c != " ")
        return _invalid("list_char", bad)
    return Verdict(State.ACCEPTABLE)


def parse_int_list(text: str, max_items: int, max_digits: int) -> tuple[int, ...]:
    """The whole numbers in typed `text`: '１６，１６' -> (16, 16), '' -> (); or InputRefusedError."""
    if not fold(text).strip():
        return ()
    verdict = check_int_list(text, max_items, max_digits)
    if verdict.state is not State.ACCEPTABLE:
        raise InputRefusedError(verdict)
    return tuple(int(p) for p in fold(text).split(","))
