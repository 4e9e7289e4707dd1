"""Issue 12, case 14 (exports): messages name the user's file, a folder that cannot be written fails
before anything is recorded or trained, and no scratch file is left anywhere.

We run as root in CI, and root ignores file modes: a read-only folder is made by answering
`os.access` for it (the check the exports make), missing folders and files in the way are real.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile

import imageio.v3 as iio
import pytest
from PySide6.QtWidgets import QFileDialog

from visualnet import files
from visualnet.app import exports

KINDS = {  # menu entry -> file name
    "exportViewPng": "view.png", "exportViewSvg": "view.svg", "exportWindowPng": "window.png",
    "exportWeightsNpz": "weights.npz", "exportWeightsCsv": "weights.csv", "exportGif": "training.gif",
    "exportMp4": "training.mp4", "exportScript": "run.py",
}
SCRATCH_MARKS = (".tmp", ".part", "visualnet-recording")


@pytest.fixture
def system_temp(tmp_path, monkeypatch):
    """The system's temporary folder, pointed at an empty folder of our own."""
    folder = tmp_path / "system-temp"
    folder.mkdir()
    monkeypatch.setenv("TMPDIR", str(folder))
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


@pytest.fixture
def menu(window, monkeypatch):
    """The Export menu's actions by name, with the GIF / MP4 settings answered (3 frames of 2 steps)."""
    monkeypatch.setattr(exports.menu, "ask_gif_settings", lambda parent, steps, *_: (3, 2, False))
    kinds = dict(KINDS)
    if exports.ffmpeg_problem():
        del kinds["exportMp4"]
    actions = {a.objectName(): a for a in exports.export_menu(window).actions() if a.objectName()}
    return {name: actions[name] for name in kinds}


def export_to(monkeypatch, action, target) -> None:
    """Trigger a menu entry, answering its file dialog with `target`."""
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: (str(target), ""))
    action.trigger()


def assert_plain(message: str, target) -> None:
    """The message names the user's file, in full, and no hidden scratch file or errno."""
    assert str(target) in message
    assert not any(mark in message for mark in SCRATCH_MARKS), message
    assert "Errno" not in message, message


def test_an_export_into_a_missing_folder_fails_at_once_naming_the_users_file(window, menu, tmp_path,
                                                                             monkeypatch, system_temp):
    window.session.step(5)
    rendered: list[int] = []
    monkeypatch.setattr(exports.images, "_image_bytes", lambda *a: rendered.append(1) or b"")
    for name, action in menu.items():
        target = tmp_path / "no such folder" / KINDS[name]
        window.last_problem = None
        export_to(monkeypatch, action, target)
        assert window.last_problem is not None, name
        assert_plain(window.last_problem, target)
        assert f"the folder {tmp_path / 'no such folder'} does not exist" in window.last_problem, name
        # before issue 12 the GIF trained and filmed its 3 frames first, then failed on a hidden file
        assert window.session.trainer.iteration == 5, name
        assert rendered == [], name
    assert not (tmp_path / "no such folder").exists()
    assert list(system_temp.iterdir()) == []


def test_a_file_in_the_way_of_the_folder_is_named(window, menu, tmp_path, monkeypatch):
    blocker = tmp_path / "notes.txt"
    blocker.write_text("mine")
    for name, action in menu.items():
        target = blocker / "sub" / KINDS[name]
        export_to(monkeypatch, action, target)
        assert_plain(window.last_problem, target)
        assert f"{blocker} is a file, not a folder" in window.last_problem, name
    assert window.session.trainer.iteration == 0 and blocker.read_text() == "mine"


def test_a_folder_the_user_may_not_write_in_fails_before_training(window, menu, tmp_path, monkeypatch):
    locked = tmp_path / "locked"
    locked.mkdir()
    access = os.access

    def no_writing_in_locked(path, mode, *args, **kwargs):
        if os.fspath(path) == str(locked) and mode & os.W_OK:
            return False
        return access(path, mode, *args, **kwargs)

    monkeypatch.setattr(os, "access", no_writing_in_locked)
    for name, action in menu.items():
        target = locked / KINDS[name]
        export_to(monkeypatch, action, target)
        assert_plain(window.last_problem, target)
        assert f"you may not write in the folder {locked}" in window.last_problem, name
    assert window.session.trainer.iteration == 0 and list(locked.iterdir()) == []


def test_a_read_only_file_is_not_replaced(window, tmp_path, monkeypatch):
    target = tmp_path / "weights.npz"
    target.write_bytes(b"keep me")
    access = os.access
    monkeypatch.setattr(os, "access", lambda path, mode, *a, **kw: False if os.fspath(path) == str(target)
                        and mode & os.W_OK else access(path, mode, *a, **kw))
    with pytest.raises(OSError, match="the file is read-only"):
        exports.export_weights_npz(window.session, target)
    with pytest.raises(OSError, match="read-only"):
        exports.record_gif(window, target, 3, 1)
    assert target.read_bytes() == b"keep me" and window.session.trainer.iteration == 0


def test_a_file_made_read_only_is_kept_by_exports_as_by_save(window, tmp_path):
    target = tmp_path / "weights.npz"
    target.write_bytes(b"keep me")
    target.chmod(0o444)  # its mode says keep it, even for root (whom os.access lets write anything)
    with pytest.raises(OSError, match="the file is read-only"):
        exports.export_weights_npz(window.session, target)
    assert target.read_bytes() == b"keep me" and files.is_read_only(target)


def test_a_full_disk_is_reported_with_the_users_file_not_the_hidden_one(window, tmp_path, monkeypatch):
    def full(path, data) -> None:
        hidden = os.path.join(os.path.dirname(path), f".{os.path.basename(path)}.1a2b3c4d.tmp")
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), hidden)

    monkeypatch.setattr(files, "atomic_write_bytes", full)
    target = tmp_path / "weights.npz"
    with pytest.raises(OSError) as failed:  # an ExportError
        exports.export_weights_npz(window.session, target)
    assert str(failed.value) == f"Cannot write {target}: the disk is full"
    menu = {a.objectName(): a for a in exports.export_menu(window).actions()}
    export_to(monkeypatch, menu["exportWindowPng"], tmp_path / "window.png")
    assert window.last_problem == f"Cannot write {tmp_path / 'window.png'}: the disk is full."


@pytest.mark.parametrize("suffix", [".gif", ".mp4"])
def test_a_recording_that_fails_half_way_names_the_users_file_and_leaves_nothing(
        window, tmp_path, monkeypatch, system_temp, suffix):
    if suffix == ".mp4" and exports.ffmpeg_problem():
        pytest.skip(f"MP4 needs ffmpeg: {exports.ffmpeg_problem()}")
    writer, most, width = exports.FORMATS[suffix]
    scratch_names: list[str] = []

    def failing_writer(path, fps):
        scratch_names.append(path)
        with writer(path, fps) as write:
            def write_two(pixels, count=[0]):  # noqa: B006 - a counter shared by the calls
                count[0] += 1
                if count[0] == 3:
                    raise OSError(errno.EIO, f"ffmpeg failed writing {path}")  # the text names the file
                write(pixels)
            yield write_two

    monkeypatch.setitem(exports.FORMATS, suffix, (contextlib.contextmanager(failing_writer), most, width))
    out = tmp_path / "out"
    out.mkdir()
    target = out / f"clip{suffix}"
    with pytest.raises(OSError) as failed:  # an ExportError
        exports.record(window, target, 5, 1)
    assert str(failed.value).startswith(f"Cannot write {target}: ")
    assert_plain(str(failed.value), target)
    assert os.path.dirname(scratch_names[0]) == str(out)  # the scratch file was beside the target
    assert list(out.iterdir()) == [] and list(system_temp.iterdir()) == []


@pytest.mark.parametrize("suffix", [".gif", ".mp4"])
def test_a_recording_never_uses_the_system_temp_folder(window, tmp_path, monkeypatch, suffix):
    # a full, missing or tiny temporary folder must not fail a recording to a roomy disk: here the
    # system's temporary folder cannot even be created
    if suffix == ".mp4" and exports.ffmpeg_problem():
        pytest.skip(f"MP4 needs ffmpeg: {exports.ffmpeg_problem()}")
    blocker = tmp_path / "blocker"
    blocker.write_text("")
    monkeypatch.setenv("TMPDIR", str(blocker / "temp"))
    monkeypatch.setattr(tempfile, "tempdir", str(blocker / "temp"))
    out = tmp_path / "out"
    out.mkdir()
    seen: list[list[str]] = []
    target = out / f"clip{suffix}"
    n = exports.record(window, target, 3, 1, progress=lambda i, k: seen.append(sorted(os.listdir(out))))
    assert n == 3 and os.listdir(out) == [target.name]
    # while it records, its only scratch file is a hidden one beside the target (once the writer
    # has begun it: Pillow writes a GIF when it is closed)
    assert len(seen) == 3 and all(name.startswith(f".{target.name}.") for names in seen for name in names)
    assert any(seen) or suffix == ".gif"


def test_no_temporary_folder_is_left_after_success_failure_or_cancel(window, menu, tmp_path, monkeypatch,
                                                                     system_temp):
    done = tmp_path / "done"
    done.mkdir()
    for name, action in menu.items():  # success, every kind
        export_to(monkeypatch, action, done / KINDS[name])
    assert sorted(os.listdir(done)) == sorted(KINDS[name] for name in menu)
    assert iio.imread(done / "training.gif", index=None).shape[0] == 3
    cut = tmp_path / "cut"
    cut.mkdir()
    for suffix in (".gif", ".mp4") if "exportMp4" in menu else (".gif",):  # Cancel after two frames
        frames: list[int] = []
        assert exports.record(window, cut / f"c{suffix}", 10, 1,
                              progress=lambda i, _n, seen=frames: seen.append(i),
                              cancelled=lambda seen=frames: len(seen) >= 2) == 0
        assert exports.record_gif(window, cut / "other.anim", 2, 1) == 2  # any suffix: still a GIF
    assert os.listdir(cut) == ["other.anim"]
    assert iio.imread(cut / "other.anim", index=None, extension=".gif").shape[0] == 2
    assert list(system_temp.iterdir()) == []
