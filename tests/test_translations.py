"""The translations are complete and match the code; `python3 dev.py translations` refreshes them."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FOLDER = ROOT / "visualnet" / "translations"
TOOLS = Path(sys.executable).parent
TS_FILES = sorted(FOLDER.glob("*.ts"))
UNDONE = ("unfinished", "obsolete", "vanished")
FIX = "run `python3 dev.py translations`, translate what it marks unfinished, and commit both files"


def _messages(ts: Path) -> dict[tuple[str, str], str | None]:
    """(context, source) -> the translation, None where unfinished or empty."""
    found = {}
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            translation = message.find("translation")
            done = translation is not None and translation.get("type") not in UNDONE
            text = translation.text if done and translation is not None else None
            found[(name, message.findtext("source", ""))] = text if text and text.strip() else None
    return found


def _tool(name: str) -> str:
    path = shutil.which(name, path=str(TOOLS))
    if path is None:
        pytest.fail(f"{name} is missing: it ships in the PySide6-Essentials wheel")
    return path


def test_there_is_a_chinese_translation() -> None:
    assert [p.name for p in TS_FILES] == ["visualnet_zh_CN.ts"]


@pytest.mark.parametrize("ts", TS_FILES, ids=lambda p: p.name)
def test_every_message_is_translated_with_its_placeholders(ts: Path) -> None:
    messages = _messages(ts)
    assert messages, "no messages"
    unfinished = [source for (_, source), text in messages.items() if text is None]
    assert not unfinished, f"{len(unfinished)} untranslated, e.g. {unfinished[:3]}: {FIX}"
    for (context, source), text in messages.items():
        assert text is not None
        # every {name} / {} the code fills in must survive, or the text shows a raw brace or loses a number
        holes = sorted(re.findall(r"\{[^{}]*\}", source))
        assert sorted(re.findall(r"\{[^{}]*\}", text)) == holes, (context, source, text)


@pytest.mark.parametrize("ts", TS_FILES, ids=lambda p: p.name)
def test_ts_is_up_to_date_with_the_code(ts: Path, tmp_path: Path) -> None:
    fresh = tmp_path / ts.name
    shutil.copy(ts, fresh)
    sources = sorted(str(p) for p in (ROOT / "visualnet").rglob("*.py"))
    subprocess.run([_tool("pyside6-lupdate"), "-silent", "-locations", "none", "-no-obsolete", *sources,
                    "-ts", str(fresh)], check=True, cwd=ROOT, capture_output=True, timeout=300)
    now, committed = _messages(fresh), _messages(ts)
    new = sorted(key for key in now if key not in committed)
    gone = sorted(key for key in committed if key not in now)
    assert not new and not gone, f"new in the code: {new[:5]}; no longer in the code: {gone[:5]}: {FIX}"


@pytest.mark.parametrize("ts", TS_FILES, ids=lambda p: p.name)
def test_qm_is_compiled_from_the_ts(ts: Path, tmp_path: Path) -> None:
    qm = tmp_path / ts.with_suffix(".qm").name
    subprocess.run([_tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)], check=True,
                   capture_output=True, timeout=120)
    assert ts.with_suffix(".qm").read_bytes() == qm.read_bytes(), FIX
