"""Offer plots people can read: one per group, the legend outside the data, the maximum and total labelled."""

from __future__ import annotations

from dataclasses import dataclass, field

import matplotlib.pyplot as plt
import pytest

from balanz_acceptance.checks.group_watch import Excursion, Sample
from balanz_acceptance.core.site import SiteModel
from balanz_acceptance.reporting.plots import offer_figure, plot_watch


@dataclass
class RecordedWatch:
    """What plot_watch reads of a GroupWatch: the group, its chargers, samples, limits and excursions."""

    group: object
    sims: dict[str, object]
    samples: list[Sample]
    excursions: list[Excursion] = field(default_factory=list)

    def limits(self, sample: Sample) -> list[tuple[str, float, list[str]]]:
        return [("the group maximum", float(self.group.maximum_for(list(sample.priorities.values()))), [])]

    def current_excursions(self) -> list[Excursion]:
        return self.excursions


def rr2_watch(site: SiteModel) -> RecordedWatch:
    """RR2: RR2-03 rises 6 → 12 A, RR2-04 joins at 6 A; the maximum for priority-1 sessions is 24 A."""
    samples = []
    for second in range(0, 40):
        offers = {"RR2-03": 6.0 if second < 12 else 12.0}
        if second >= 20:
            offers["RR2-04"] = 6.0
        sessions = dict.fromkeys(offers, 1)
        samples.append(Sample(1000.0 + second, offers, sessions, dict(offers), {}, dict(offers)))
    sims = dict.fromkeys(["RR2-01", "RR2-02", "RR2-03", "RR2-04"])
    excursion = Excursion("balanz", "the group maximum", 24, 1030.0, 1031.0, 30, "RR2-03 12, RR2-04 18")
    return RecordedWatch(site.groups["RR2"], sims, samples, [excursion])


@pytest.fixture
def site(data_dir) -> SiteModel:
    return SiteModel(data_dir / "model")


def test_the_legend_is_outside_the_data(site):
    figure = offer_figure(rr2_watch(site))
    try:
        figure.canvas.draw()
        (axes,) = figure.axes
        assert not axes.get_legend(), "no legend inside the axes"
        (legend,) = figure.legends
        renderer = figure.canvas.get_renderer()
        assert not legend.get_window_extent(renderer).overlaps(axes.get_window_extent(renderer))
        labels = [text.get_text() for text in legend.get_texts()]
        assert labels == [
            "RR2-01 offer (balanz)",
            "RR2-02 offer (balanz)",
            "RR2-03 offer (balanz)",
            "RR2-03 draw (charger)",
            "RR2-04 offer (balanz)",
            "RR2-04 draw (charger)",
            "RR2 total offered",
            "RR2 maximum for the sessions present",
            "RR2 above its maximum",
        ]
    finally:
        plt.close(figure)


def test_the_maximum_and_the_total_are_labelled_on_the_plot_with_their_last_values(site):
    figure = offer_figure(rr2_watch(site))
    try:
        (axes,) = figure.axes
        assert [text.get_text() for text in axes.texts] == ["RR2 maximum 24 A", "RR2 total 18 A"]
        assert axes.get_ylim()[1] > 24  # room above the maximum for its label
        assert axes.get_title() == "Group RR2: offers and draw"
    finally:
        plt.close(figure)


def test_one_png_per_group(site, tmp_path):
    rr2 = rr2_watch(site)
    hq = RecordedWatch(
        site.groups["HQ"],
        {"HQ-14": None},
        [Sample(1000.0 + s, {"HQ-14": 6.0}, {"HQ-14": 3}, {"HQ-14": 6.0}) for s in range(5)],
    )
    paths = [plot_watch(watch, tmp_path / f"offers-{watch.group.group_id}.png") for watch in (rr2, hq)]
    assert [p.name for p in paths] == ["offers-RR2.png", "offers-HQ.png"]
    assert all(p.read_bytes().startswith(b"\x89PNG") for p in paths)
    assert not plt.get_fignums(), "every figure closed"


def test_nothing_to_draw_gives_no_plot(site, tmp_path):
    watch = RecordedWatch(site.groups["HQ"], {"HQ-14": None}, [])
    assert plot_watch(watch, tmp_path / "offers-HQ.png") is None
    assert not (tmp_path / "offers-HQ.png").exists()
