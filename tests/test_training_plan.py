"""The session's schedule and stop rule: the optimizer's rate follows, a stop condition is announced."""

from __future__ import annotations

import pytest

from visualnet.core.schedules import Schedule
from visualnet.core.stopping import StopRule
from visualnet.session import Config, Session


def moons() -> Session:
    return Session.from_preset("Moons", Config(hidden=(8,), lr=0.2, split=(6, 2, 2)), n=200)


def test_the_rate_in_use_follows_the_schedule_from_the_rate_set() -> None:
    s = moons()
    heard: list[str] = []
    s.events.connect("config_changed", lambda: heard.append("c"))
    s.set_schedule(Schedule("exponential", factor=0.5))
    assert heard == ["c"] and s.optimizer.lr == pytest.approx(0.2)
    s.step(120 * 3)  # 120 training points, batch 10: 12 iterations an epoch; 30 epochs
    epoch = s.trainer.epoch_float
    s.step(1)
    assert s.optimizer.lr == pytest.approx(0.2 * 0.5**epoch, rel=1e-12)
    s.set_learning_rate(0.4)  # a new base: the rate in use moves with it at once
    assert s.optimizer.lr == pytest.approx(0.4 * 0.5**s.trainer.epoch_float, rel=1e-12)
    s.configure(optimizer="Momentum")  # a new optimizer takes the scheduled rate too
    assert s.optimizer.lr == pytest.approx(0.4 * 0.5**s.trainer.epoch_float, rel=1e-12)
    s.set_schedule(Schedule())
    assert s.optimizer.lr == 0.4
    s.configure(hidden=(4,))  # a new network keeps the schedule
    s.set_schedule(Schedule("step", factor=0.1, every=1))
    s.step(12)
    s.step(1)
    assert s.optimizer.lr == pytest.approx(0.04)


def test_a_stop_condition_is_announced_once() -> None:
    s = moons()
    stops: list[str] = []
    s.events.connect("stopped", stops.append)
    s.set_stop_rule(StopRule(epochs=2))
    report = s.step(1000)
    assert report is not None and report.iterations_done == 24 and s.trainer.epoch == 2
    assert len(stops) == 1 and "2 epochs" in stops[0]
    s.step(30)
    assert len(stops) == 1  # passed once: training goes on
    s.reset_weights()  # a new run: it stops at epoch 2 again
    s.step(1000)
    assert len(stops) == 2 and s.trainer.iteration == 24


def test_the_plan_is_saved_and_opened_again(tmp_path) -> None:
    from visualnet import files

    s = moons()
    s.set_schedule(Schedule("cosine", every=30, floor=0.1))
    s.set_stop_rule(StopRule(epochs=40, patience=5, restore_best=True))
    path = tmp_path / "plan.json"
    files.save_session(path, s.to_document())
    other = Session()
    other.apply_document(files.load_session(path))
    assert other.schedule == s.schedule and other.stop_rule == s.stop_rule
    plain = tmp_path / "plain.json"
    files.save_session(plain, Session().to_document())
    assert "plan" not in plain.read_text()  # a file without a plan is as before
    other.apply_document(files.load_session(plain))
    assert other.schedule == Schedule() and other.stop_rule == StopRule()


@pytest.mark.parametrize(("plan", "says"), [
    ({"schedule": {"kind": "linear"}}, "plan.schedule: unknown schedule 'linear'"),
    ({"stop": {"epochs": 0}}, "plan.stop: epochs is a whole number"),
    ({"stop": {"restore_best": "yes"}}, "plan.stop.restore_best is"),
    ({"stop": {"when": 3}}, "plan.stop must be an object with"),
])
def test_a_bad_plan_refuses_the_file_and_says_where(tmp_path, plan: dict, says: str) -> None:
    import json

    from visualnet import files

    path = tmp_path / "bad.json"
    files.save_session(path, moons().to_document())
    obj = json.loads(path.read_text())
    obj["plan"] = plan
    path.write_text(json.dumps(obj))
    with pytest.raises(ValueError, match=says.replace("(", r"\(")):
        files.load_session(path)


def test_the_schedule_curve_and_its_span() -> None:
    from visualnet.presenters.schedule_curve import schedule_curve, span_of

    cosine = Schedule("cosine", every=20, floor=0.1)
    assert span_of(cosine, 0.0) == 30.0 and span_of(cosine, 40.0) == 60.0
    curve = schedule_curve(cosine, 0.1, 30.0)
    assert curve.rates[0] == pytest.approx(0.1) and curve.rates[-1] == pytest.approx(0.01)
    assert len(curve.epochs) == len(curve.rates) == 200
