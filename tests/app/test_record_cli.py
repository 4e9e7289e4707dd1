"""`visualnet --record OUT.gif|OUT.mp4`: training filmed offscreen from the command line."""

from __future__ import annotations

import imageio.v3 as iio
import pytest

from visualnet.app import exports
from visualnet.app.main import main as run_main


def test_record_films_the_training_as_a_gif(qtbot, tmp_path, capsys):
    out = tmp_path / "moons.gif"
    args = ["--record", str(out), "--frames", "3", "--steps", "12", "--size", "640x480", "--preset", "moons"]
    assert run_main(args) == 0
    frames = iio.imread(out, index=None)
    assert len(frames) == 3 and frames.shape[2] > 100
    assert f"recorded {out} (3 frames)" in capsys.readouterr().out


@pytest.mark.skipif(exports.ffmpeg_problem() is not None, reason="no ffmpeg here")
def test_record_writes_an_mp4(qtbot, tmp_path):
    out = tmp_path / "xor.mp4"
    assert run_main(["--record", str(out), "--frames", "4", "--steps", "8", "--size", "640x480"]) == 0
    assert out.read_bytes()[4:8] == b"ftyp"  # an ISO media file: what every player opens


def test_record_to_a_folder_that_does_not_exist_is_one_line_and_exit_2(qtbot, tmp_path, capsys):
    out = tmp_path / "missing" / "x.gif"
    assert run_main(["--record", str(out), "--frames", "2", "--steps", "4", "--size", "640x480"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and str(out) in err[0] and "Traceback" not in err[0]
    assert not out.parent.exists()


def test_snapshot_and_record_together_are_refused(qtbot, tmp_path, capsys):
    assert run_main(["--snapshot", str(tmp_path / "a.png"), "--record", str(tmp_path / "a.gif")]) == 2
    assert "not both" in capsys.readouterr().err
