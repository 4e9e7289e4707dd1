"""Typed text as an input method produces it: folded to ASCII one for one, read exactly or refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from visualnet import textinput
from visualnet.textinput import InputRefusedError, State, check_int_list, check_number, fold


@pytest.mark.parametrize(("typed", "folded"), [
    ("１６，１６", "16,16"),  # a Chinese input method's full-width digits and comma
    ("8、8", "8,8"),  # the ideographic comma: the ',' key of a Chinese or Japanese keyboard
    ("0．1", "0.1"),  # the full-width full stop
    ("０。１", "0.1"),  # the ideographic full stop: the '.' key in Japanese mode
    ("－３", "-3"), ("＋３", "+3"), ("１ｅ－３", "1e-3"), ("１Ｅ３", "1E3"),
    ("\u3000１６\u3000", " 16 "),  # the ideographic space
    ("−2", "-2"),  # the minus sign pasted from a document
    ("٣٫", "3٫"),  # another script's digit is a digit; its separators are not guessed
])
def test_fold_maps_what_an_input_method_types_one_for_one(typed, folded):
    assert fold(typed) == folded
    assert len(fold(typed)) == len(typed)  # a cursor position in the typed text stays valid


@pytest.mark.parametrize("kept", ["10²", "½", "x", "ﬁ", "α"])
def test_fold_leaves_what_stands_for_no_ascii_character(kept):
    assert fold(kept) == kept  # NFKC would make 10² the number 102


@pytest.mark.parametrize(("typed", "value"), [
    ("１６", 16), ("  16 ", 16), ("\u3000１６\u3000", 16), ("－３", -3), ("＋７", 7),
])
def test_whole_numbers_are_read(typed, value):
    assert textinput.parse_number(typed, integer=True) == value


@pytest.mark.parametrize(("typed", "value"), [
    ("0．1", 0.1), ("０。１", 0.1), ("．５", 0.5), ("１ｅ－３", 1e-3), ("2.5E+2", 250.0), ("−0.25", -0.25),
])
def test_decimals_are_read(typed, value):
    assert textinput.parse_number(typed) == pytest.approx(value, rel=1e-15)


@pytest.mark.parametrize(("typed", "integer", "reason"), [
    ("１６，１６", True, "',' is not read here"),  # never 1616, as Qt's own reading makes it
    ("16,16", True, "without thousands separators"),
    ("1,000", False, "'.' as the decimal point"),
    ("0,1", False, "'.' as the decimal point"),
    ("0．5", True, "a whole number is needed"),
    ("1e3", True, "a whole number is needed"),
    ("1 6", True, "no spaces inside a number"),
    ("10²", True, "'²' is not part of a number"),
    ("abc", False, "'a' is not part of a number"),
    ("1.2.3", False, "'1.2.3' is not a number"),
])
def test_what_is_not_one_number_is_refused_with_the_reason(typed, integer, reason):
    verdict = check_number(typed, integer)
    assert verdict.state is State.INVALID
    assert reason in verdict.message()
    with pytest.raises(InputRefusedError, match=reason.replace("(", r"\(").replace(".", r"\.")):
        textinput.parse_number(typed, integer)


@pytest.mark.parametrize("partial", ["", " ", "-", "－", ".", "1e", "１ｅ－"])
def test_the_beginnings_of_a_number_are_intermediate(partial):
    assert check_number(partial, integer=False).state is State.INTERMEDIATE


def test_a_comma_decimal_point_follows_the_locale():
    assert textinput.parse_number("0，25", decimal_point=",") == 0.25
    verdict = check_number("0.25", integer=False, decimal_point=",")
    assert verdict.state is State.INVALID and "',' as the decimal point" in verdict.message()


@pytest.mark.parametrize(("typed", "sizes"), [
    ("１６，１６", (16, 16)), ("8、8", (8, 8)), (" 8 , 8 ", (8, 8)), ("８，\u3000８", (8, 8)), ("4", (4,)),
    ("", ()), ("\u3000", ()),
])
def test_layer_lists_are_read(typed, sizes):
    assert textinput.parse_int_list(typed, max_items=6, max_digits=3) == sizes


@pytest.mark.parametrize(("typed", "state", "reason"), [
    ("8,", State.INTERMEDIATE, "missing after the last comma"),
    ("８、", State.INTERMEDIATE, "missing after the last comma"),
    (",8", State.INVALID, "start with a number"),
    ("8,,8", State.INVALID, "two commas"),
    ("8 8", State.INVALID, "separate the numbers with commas"),
    ("8.5", State.INVALID, "no decimal point"),
    ("-8", State.INVALID, "no negative numbers"),
    ("8;8", State.INVALID, "';' is not read here"),
    ("1000", State.INVALID, "1000 has more than 3 digits"),
    ("1,1,1,1,1,1,1", State.INVALID, "at most 6 numbers"),
])
def test_layer_lists_refuse_with_the_reason(typed, state, reason):
    verdict = check_int_list(typed, max_items=6, max_digits=3)
    assert verdict.state is state
    assert reason in verdict.message()
    with pytest.raises(InputRefusedError, match=reason):
        textinput.parse_int_list(typed, max_items=6, max_digits=3)


def test_reasons_are_translated_as_templates():
    verdict = check_int_list("1000", max_items=6, max_digits=3)
    seen: list[tuple[str, str]] = []

    def translate(context: str, text: str) -> str:
        seen.append((context, text))
        return "<" + text + ">"

    assert verdict.message(translate) == "<1000 has more than 3 digits>"
    assert seen == [("textinput", "{} has more than {} digits")]  # the literal lupdate collected


def test_textinput_never_imports_qt():
    source = Path(textinput.__file__).read_text(encoding="utf-8")
    assert "PySide6" not in source and "pyqtgraph" not in source  # parsing is tested without a QApplication
