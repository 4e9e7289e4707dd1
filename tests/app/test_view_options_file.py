"""The data view's toggles are saved in a session file and come back when it is opened."""

from __future__ import annotations

import json


def test_the_toggles_survive_save_and_open(window, tmp_path) -> None:
    toggles = window.dataset_view.toggles
    toggles.show_test.setChecked(False)
    toggles.discretize.setChecked(True)
    path = str(tmp_path / "run.json")
    assert window.documents.save(path)
    with open(path, encoding="utf-8") as saved:
        assert json.load(saved)["view"] == {"show_test": False, "discretize": True}
    toggles.show_test.setChecked(True)
    toggles.discretize.setChecked(False)
    assert window.open_file(path)
    assert not toggles.show_test.isChecked() and toggles.discretize.isChecked()
