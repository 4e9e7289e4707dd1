"""The real app in a subprocess: it starts without a usable data folder, ends cleanly on SIGTERM and
SIGINT with its autosave written, and a crashed instance's work is offered by the next launch."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from visualnet import files
from visualnet.app.main import READY_FILE_ENV
from visualnet.app.window import MainWindow
from visualnet.core import data

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals and folders")
START_TIMEOUT = 12.0  # seconds for the app to come up on a busy 2-core machine


def app_env(tmp_path: Path, **overrides: str) -> dict[str, str]:
    """A private HOME, XDG folders and temporary folder: never the user's own."""
    for name in ("home", "data", "config", "cache", "tmp"):
        (tmp_path / name).mkdir(exist_ok=True)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "OPENBLAS_NUM_THREADS": "1",
           "HOME": str(tmp_path / "home"), "XDG_DATA_HOME": str(tmp_path / "data"),
           "XDG_CONFIG_HOME": str(tmp_path / "config"), "XDG_CACHE_HOME": str(tmp_path / "cache"),
           "TMPDIR": str(tmp_path / "tmp")}
    env.update(overrides)
    return env


def launch(env: dict[str, str], ready: Path, *args: str, prefix: tuple[str, ...] = ()) -> subprocess.Popen:
    """Start `python -m visualnet ARGS` and wait until its window is up (it writes `ready`)."""
    ready.unlink(missing_ok=True)
    proc = subprocess.Popen([*prefix, sys.executable, "-m", "visualnet", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env={**env, READY_FILE_ENV: str(ready)})
    deadline = time.monotonic() + START_TIMEOUT
    while not ready.exists() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    if not ready.exists():
        proc.kill()
        out, err = proc.communicate(timeout=10)
        pytest.fail(f"the app did not start (exit {proc.returncode}):\n{out}\n{err}")
    return proc


def stop(proc: subprocess.Popen, sig: int = signal.SIGTERM) -> tuple[int, str]:
    """Send `sig`; (exit code, stderr)."""
    proc.send_signal(sig)
    try:
        _out, err = proc.communicate(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        _out, err = proc.communicate(timeout=10)
        pytest.fail(f"the app did not end on signal {sig}:\n{err}")
    return proc.returncode, err


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_signal_saves_the_autosave_and_ends_cleanly(tmp_path, sig):
    moons = data.PRESETS["Moons"].make(n=37, seed=4)
    opened = tmp_path / "moons.json"
    files.save_session(opened, files.SessionDocument(moons))
    env = app_env(tmp_path)
    proc = launch(env, tmp_path / "ready", str(opened))
    code, err = stop(proc, sig)
    assert code == 128 + sig, err  # the shell's "ended by this signal", after a clean exit
    assert "Traceback" not in err
    autosave = tmp_path / "data" / "visualnet" / "visualnet" / "autosave.visualnet.json"
    assert files.load_session(autosave).dataset.same_as(moons)
    assert [p.name for p in (tmp_path / "tmp").iterdir() if p.name.startswith("visualnet")] == []
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".visualnet")] == []


def _file_in_the_way(tmp_path: Path) -> dict[str, str]:
    (tmp_path / "data" / "visualnet").mkdir(parents=True)
    (tmp_path / "data" / "visualnet" / "visualnet").write_text("a file where the data folder goes")
    return {}


def _uncreatable_data_home(tmp_path: Path) -> dict[str, str]:
    (tmp_path / "plain file").write_text("")
    return {"XDG_DATA_HOME": str(tmp_path / "plain file" / "share")}


def _uncreatable_home(tmp_path: Path) -> dict[str, str]:
    (tmp_path / "plain file").write_text("")
    home = str(tmp_path / "plain file" / "home")
    return {"HOME": home, "XDG_DATA_HOME": "", "XDG_CONFIG_HOME": "", "XDG_CACHE_HOME": ""}


# Root ignores a folder's mode bits, so "read-only" here is the real thing: the folder bind-mounted
# read-only in a mount namespace of the app's own (`unshare`), which also undoes it when the app ends.
READ_ONLY = 'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" && shift && exec "$@"'


def read_only(folder: Path) -> tuple[str, ...]:
    """A command prefix that runs the rest with `folder` read-only (skips where that cannot be done)."""
    if sys.platform != "linux" or os.geteuid() != 0 or shutil.which("unshare") is None:
        pytest.skip("needs root and unshare to make a folder read-only for root")
    prefix = ("unshare", "--mount", "--propagation", "private", "sh", "-c", READ_ONLY, "sh", str(folder))
    probe = subprocess.run([*prefix, "sh", "-c", f'! touch "{folder}/probe" 2>/dev/null'], check=False)
    if probe.returncode != 0:
        pytest.skip("this machine does not allow a private read-only mount")
    return prefix


@pytest.mark.parametrize("which", ["data folder", "HOME"])
def test_the_app_starts_with_a_read_only_data_folder_or_home_and_says_so_once(tmp_path, which):
    env = app_env(tmp_path)
    if which == "HOME":  # the data folder would be made under it
        env.update(XDG_DATA_HOME="", XDG_CONFIG_HOME="", XDG_CACHE_HOME="")
        folder = tmp_path / "home"
    else:
        folder = tmp_path / "data" / "visualnet" / "visualnet"
        folder.mkdir(parents=True)
    proc = launch(env, tmp_path / "ready", prefix=read_only(folder))
    code, err = stop(proc)
    assert code == 128 + signal.SIGTERM, err
    assert "Traceback" not in err and "PermissionError" not in err
    notices = [line for line in err.splitlines() if line.startswith("visualnet: ")]
    assert len(notices) == 1 and "Autosave and the log are off" in notices[0], err
    assert list(folder.iterdir()) == []  # nothing could be written, and nothing was


@pytest.mark.parametrize("make", [_file_in_the_way, _uncreatable_data_home, _uncreatable_home],
                         ids=["a file in the way", "XDG_DATA_HOME uncreatable", "HOME uncreatable"])
def test_the_app_starts_without_a_usable_data_folder_and_says_so_once(tmp_path, make):
    env = app_env(tmp_path)
    env.update(make(tmp_path))
    proc = launch(env, tmp_path / "ready")
    code, err = stop(proc)
    assert code == 128 + signal.SIGTERM, err
    assert "Traceback" not in err and "PermissionError" not in err
    notices = [line for line in err.splitlines() if line.startswith("visualnet: ")]
    assert len(notices) == 1 and "Autosave and the log are off" in notices[0], err


def test_the_next_launch_offers_the_work_of_every_crashed_instance(qtbot, settings, tmp_path):
    env = app_env(tmp_path)
    folder = tmp_path / "data" / "visualnet" / "visualnet"
    moons, circles = data.PRESETS["Moons"].make(n=31, seed=1), data.PRESETS["Circles"].make(n=23, seed=1)
    for name, ds in (("moons", moons), ("circles", circles)):
        files.save_session(tmp_path / f"{name}.json", files.SessionDocument(ds))
    first = launch(env, tmp_path / "ready1", str(tmp_path / "moons.json"))
    second = launch(env, tmp_path / "ready2", str(tmp_path / "circles.json"))
    main, private = folder / "autosave.visualnet.json", folder / f"autosave-{second.pid}.visualnet.json"
    deadline = time.monotonic() + 10
    while not (main.exists() and private.exists()) and time.monotonic() < deadline:
        time.sleep(0.05)  # opening a file is autosaved within two seconds
    assert main.exists() and private.exists()
    for proc in (second, first):  # both crash
        proc.kill()
        proc.communicate(timeout=10)
    win = MainWindow(settings=settings, data_dir=str(folder))
    qtbot.addWidget(win)
    assert "closed unexpectedly" in win.recovered_message  # the first one's autosave is restored...
    assert win.session.dataset.same_as(moons)
    assert win.recovery_dialog is not None and win.recovery_dialog.pending() == [private]
    win.recovery_dialog.findChild(type(win.autosave_warning), "restore0").click()  # ...and the second's
    assert win.session.dataset.same_as(circles) and not private.exists()


def test_a_signal_keeps_a_second_instance_s_work_for_the_next_launch(tmp_path):
    env = app_env(tmp_path)
    folder = tmp_path / "data" / "visualnet" / "visualnet"
    circles = data.PRESETS["Circles"].make(n=29, seed=2)
    files.save_session(tmp_path / "circles.json", files.SessionDocument(circles))
    first = launch(env, tmp_path / "ready1")
    second = launch(env, tmp_path / "ready2", str(tmp_path / "circles.json"))
    code, err = stop(second)  # nobody can be asked: its private autosave stays, to be offered
    assert code == 128 + signal.SIGTERM, err
    private = folder / f"autosave-{second.pid}.visualnet.json"
    assert files.load_session(private).dataset.same_as(circles)
    code, err = stop(first)
    assert code == 128 + signal.SIGTERM, err
    assert private.exists()
