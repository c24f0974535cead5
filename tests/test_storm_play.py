"""balanz_acceptance.actors.storm: how a storm plays its events on the chargers the harness plays (no balanz)."""

from __future__ import annotations

import time
from types import SimpleNamespace

from balanz_acceptance.actors.storm import Storm
from balanz_acceptance.core.storm import StormEvent
from balanz_acceptance.sut.silenceable_charger import SilenceableCharger

TICK = 0.05


class _Charger(SilenceableCharger):
    """A charger that can hang, and notes whether it hung when the driver unplugged."""

    def __init__(self) -> None:  # none of a played charger's machinery: only what the storm asks of it
        self.hung = False
        self.unplugged_while_hanging: list[bool] = []

    @property
    def hanging(self) -> bool:
        return self.hung

    def hang(self) -> None:
        self.hung = True

    def work_again(self) -> None:
        self.hung = False

    def unplug(self, connector: int = 1) -> None:
        self.unplugged_while_hanging.append(self.hung)


def _storm(charger: _Charger) -> tuple[Storm, list[str]]:
    notes: list[str] = []
    storm = Storm(
        site=None,  # type: ignore[arg-type]
        profile=SimpleNamespace(run_interval=TICK),  # type: ignore[arg-type]
        chargers=SimpleNamespace(played={"RR2-01": charger}),  # type: ignore[arg-type]
        operator=SimpleNamespace(stack=SimpleNamespace(events=SimpleNamespace(publish=lambda event: None))),  # type: ignore[arg-type]
        watches=None,  # type: ignore[arg-type]
        record=SimpleNamespace(note=notes.append),  # type: ignore[arg-type]
        seed_override=None,
        shrink_replays=0,
        renew=None,
    )
    return storm, notes


def test_a_silence_played_late_ends_at_its_own_tick_before_the_chargers_next_event():
    """The 100-charger storm hung: a silence played late was ended as long after *that* moment, so the charger's next
    event, made for the tick the silence ends, reached it while it still hung (and waited for it for ever)."""
    charger = _Charger()
    storm, _ = _storm(charger)
    storm._started = time.monotonic() - 10 * TICK  # the storm is ten ticks behind
    storm.play_event(StormEvent(0, "silent", "RR2-01", value=4))
    storm.play_event(StormEvent(4, "unplug", "RR2-01"))
    assert charger.unplugged_while_hanging == [False]


def test_what_a_silent_charger_is_asked_to_do_does_nothing():
    charger = _Charger()
    storm, notes = _storm(charger)
    storm.play_event(StormEvent(0, "silent", "RR2-01", value=40))
    storm.play_event(StormEvent(1, "unplug", "RR2-01"))
    assert charger.unplugged_while_hanging == []
    assert any("did nothing: RR2-01 is silent" in note for note in notes)
    storm.finish()
    assert not charger.hanging


def test_a_pasted_storm_that_ends_in_its_own_words_shrinks():
    """A pasted storm's last step is "the storm ends": no charger, no group, so no part of the site to shrink by."""
    storm, _ = _storm(_Charger())
    storm.site = SimpleNamespace(charger={"RR2-01": SimpleNamespace(group_id="RR2")}.__getitem__)  # type: ignore[assignment]
    storm.shrink_replays = 4
    storm.events = [StormEvent(1, "unplug", "RR2-01"), StormEvent(2, "unplug", "RR2-01"), StormEvent(9, "end")]
    storm.replay = lambda events, check: any(e.at == 2 for e in events)  # type: ignore[method-assign]
    assert storm._shrink("watch_clean") == [StormEvent(2, "unplug", "RR2-01")]
