"""The frame budget: a panel's own pace with its paint counted, the turns the live panels of a session take
when together they cost more than the budget, and the record of what an update drew from."""

from __future__ import annotations

import math

import numpy as np
import pytest

from visualnet.presenters import frame_budget as fb
from visualnet.presenters.frame_budget import BUDGET_S, FRAME_S, DrawnFrom, FrameBudget, FrameShare

TEXT = "{ms} {budget} {seconds}"


def member(share: FrameShare, cost: float) -> FrameBudget:
    """A panel of `share` whose updates have cost `cost` seconds (under its own budget)."""
    budget = FrameBudget(TEXT, share=share)
    budget.ran(cost, now=-1.0)
    return budget


def test_the_paint_counts_in_an_update_s_cost() -> None:
    b = FrameBudget(TEXT)
    b.ran(0.002, now=10.0)
    assert not b.throttled and b.due(10.0)
    b.painted(0.003)  # 2 + 3 ms: over the 4 ms budget
    assert b.total == pytest.approx(0.005) and b.throttled
    assert b.interval_s == pytest.approx(0.005 * FRAME_S / BUDGET_S)
    assert not b.due(10.0 + b.interval_s / 2) and b.due(10.0 + b.interval_s)
    assert b.wait_s(10.0) == pytest.approx(b.interval_s)
    assert b.note() == f"5 4 {b.interval_s:.2g}"


def test_panels_within_the_budget_together_never_wait() -> None:
    share = FrameShare()
    a, b = member(share, 0.001), member(share, 0.002)
    for t in np.arange(0.0, 0.2, 0.004):
        assert a.wait_s(t) == 0.0 and b.wait_s(t) == 0.0
    assert share.taking_turns(0.2) == 0 and a.note(now=0.2) == ""


def frames(panels: list[FrameBudget], start: float, count: int, period: float = FRAME_S,
           cost: float = 0.002) -> list[list[int]]:
    """Which panels update in each of `count` frames `period` apart (each asks once a frame, in order)."""
    ran = []
    for frame in range(count):
        now = start + frame * period
        went = [i for i, p in enumerate(panels) if p.due(now)]
        for i in went:
            panels[i].ran(cost, now)
        ran.append(went)
    return ran


def test_over_the_budget_together_the_panels_take_turns_frame_by_frame() -> None:
    share = FrameShare()
    panels = [member(share, 0.002) for _ in range(3)]  # 6 ms together: over 4
    for p in panels:
        p.wait_s(10.0)  # each asks once: three members (the first takes the first turn)
    assert share.taking_turns(10.0) == 3
    ran = frames(panels, 10.0 + FRAME_S, 12)
    assert all(len(went) == 1 for went in ran)  # one update a frame, not three
    order = [went[0] for went in ran]
    assert order[:3] == order[3:6] == order[6:9] == order[9:] and sorted(order[:3]) == [0, 1, 2]
    assert panels[0].note(now=10.0 + 12 * FRAME_S) == (
        "The 3 live panels together take more than 4 ms a frame: they take turns, each refreshing every "
        "0.05 s.")


def test_with_fast_frames_a_turn_still_comes_once_a_frame_time() -> None:
    share = FrameShare()
    panels = [member(share, 0.003) for _ in range(2)]
    for p in panels:
        p.wait_s(10.0)
    ran = frames(panels, 10.0 + FRAME_S, 40, period=FRAME_S / 4, cost=0.003)  # back to back, 4 a FRAME_S
    turns = [i for went in ran for i in went]
    assert len(turns) == 10 and all(len(went) <= 1 for went in ran)  # one turn every FRAME_S
    assert turns == [turns[0], 1 - turns[0]] * 5  # alternating: neither waits for two turns


def test_a_panel_told_to_wait_gets_the_next_turn() -> None:
    share = FrameShare()
    a, b = member(share, 0.003), member(share, 0.003)
    now = 10.0
    assert a.wait_s(now) == 0.0  # a's turn
    a.ran(0.003, now)
    assert b.wait_s(now + 0.001) == pytest.approx(fb.TURN_GAP_S - 0.001)  # this frame's turn is taken
    assert a.wait_s(now + FRAME_S) > 0.0  # a turn later: b has waited, a has not
    assert b.turn_s(now + FRAME_S) == 0.0  # (its timer's call, its own pace waited out)
    assert a.wait_s(now + 2 * FRAME_S) == 0.0


def test_a_panel_at_its_own_slow_pace_blocks_no_other() -> None:
    share = FrameShare()
    slow, quick = member(share, 0.010), member(share, 0.002)  # slow: over its own budget
    slow.ran(0.010, 10.0)
    assert slow.throttled and slow.wait_s(10.001) > 0.0  # its pace: it is not ready
    for frame in range(1, 4):
        assert quick.wait_s(10.0 + frame * FRAME_S) == 0.0  # every frame: the slow one waits no turn
        quick.ran(0.002, 10.0 + frame * FRAME_S)


def test_a_panel_that_stopped_asking_leaves_the_share() -> None:
    share = FrameShare()
    a, b = member(share, 0.003), member(share, 0.003)
    a.wait_s(1.0)
    b.wait_s(1.0)
    assert share.taking_turns(1.0) == 2
    # b is out of sight (it asks no more): after ACTIVE_S, a has the budget to itself
    later = 1.0 + fb.ACTIVE_S + 0.01
    assert a.wait_s(later) == 0.0 and share.members(later) == [a]
    assert share.taking_turns(later) == 0


def test_each_session_has_its_own_share() -> None:
    class Owner:
        pass

    one, other = Owner(), Owner()
    assert fb.shared_by(one) is fb.shared_by(one)
    assert fb.shared_by(one) is not fb.shared_by(other)


def test_drawn_from_compares_objects_by_identity_and_arrays_by_value() -> None:
    model, data = object(), object()
    w = np.arange(6.0)
    drawn = DrawnFrom()
    assert not drawn.same((model, data, 1, (0, 1)), [w])  # nothing drawn yet
    drawn.remember((model, data, 1, (0, 1)), [w])
    assert drawn.same((model, data, 1, (0, 1)), [w.copy()])
    assert not drawn.same((object(), data, 1, (0, 1)), [w])  # another model
    assert not drawn.same((model, data, 2, (0, 1)), [w])  # another choice
    assert not drawn.same((model, data, 1, (0, 2)), [w])
    w[3] = math.pi  # the weights changed in place (as training changes them)
    assert not drawn.same((model, data, 1, (0, 1)), [w])
    drawn.remember((model, data, 1, (0, 1)), [w])
    assert drawn.same((model, data, 1, (0, 1)), [w])
    drawn.forget()
    assert not drawn.same((model, data, 1, (0, 1)), [w])
