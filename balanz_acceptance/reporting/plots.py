"""Offer timelines: one plot per watched group, each charger's offer and draw with the group's total and maximum.

Made to be read by people: the legend sits outside the data (to the right of the axes), and the group's
maximum and total offered are drawn so that they cannot be mistaken for a charger (a thick black dashed line, a
shaded area) and labelled on the plot itself with their last values.
"""

from __future__ import annotations

import math
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no display: render to files only

import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from balanz_acceptance.checks.group_watch import GroupWatch

#: Charger colours: matplotlib's tab10 without its grey (the total) and nothing black (the maximum).
CHARGER_COLOURS = [c for c in plt.get_cmap("tab10").colors if len(set(c)) > 1]  # type: ignore[attr-defined]
MAXIMUM_STYLE = {"color": "black", "linestyle": "--", "linewidth": 2.2}
TOTAL_COLOUR = "dimgrey"


def plot_watch(watch: GroupWatch, path: Path) -> Path | None:
    """Draw the watch's samples (one group) into a PNG at ``path``; None when there was nothing to draw."""
    figure = offer_figure(watch)
    if figure is None:
        return None
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path)
    plt.close(figure)
    return path


def offer_figure(watch: GroupWatch) -> Figure | None:
    """The plot of one group's watch (close it with ``plt.close``); None with fewer than two samples."""
    samples = list(watch.samples)
    if len(samples) < 2:
        return None
    group = watch.group.group_id
    start = samples[0].at
    times = [s.at - start for s in samples]
    figure, axes = plt.subplots(figsize=(11, 4.8), dpi=100, layout="constrained")
    chargers = sorted(watch.sims) or sorted({alias for s in samples for alias in s.offers})
    for index, alias in enumerate(chargers):
        colour = CHARGER_COLOURS[index % len(CHARGER_COLOURS)]
        offers = [s.offers.get(alias, 0.0) for s in samples]
        axes.step(times, offers, where="post", color=colour, linewidth=1.6, label=f"{alias} offer (balanz)")
        if any(alias in s.sim_draw for s in samples):
            draw = [s.sim_draw.get(alias, 0.0) for s in samples]
            axes.plot(times, draw, linestyle=":", linewidth=1.4, color=colour, label=f"{alias} draw (charger)")
    total = [s.total("balanz") for s in samples]
    axes.fill_between(times, total, step="post", color=TOTAL_COLOUR, alpha=0.15, linewidth=0)
    axes.step(times, total, where="post", color=TOTAL_COLOUR, linewidth=1.2, label=f"{group} total offered")
    maximum = [float(watch.limits(s)[0][1]) if s.priorities else math.nan for s in samples]
    axes.step(times, maximum, where="post", **MAXIMUM_STYLE, label=f"{group} maximum for the sessions present")
    shown = False
    for excursion in watch.current_excursions():
        axes.axvspan(
            excursion.start - start,
            max(excursion.end - start, excursion.start - start + 0.3),
            color="red",
            alpha=0.2,
            label=None if shown else f"{group} above its maximum",
        )
        shown = True
    _label_last(axes, times, maximum, f"{group} maximum", above=True)
    _label_last(axes, times, total, f"{group} total", above=False)
    highest = max([*total, *(m for m in maximum if not math.isnan(m)), 1.0])
    axes.set_ylim(0, highest * 1.18)
    axes.set_xlim(0, times[-1])
    axes.set_xlabel("seconds since the scenario's stack was ready")
    axes.set_ylabel("A")
    axes.set_title(f"Group {group}: offers and draw")
    axes.grid(True, alpha=0.3)
    figure.legend(loc="outside right upper", fontsize="small", frameon=False)
    return figure


def _label_last(axes: Axes, times: list[float], values: list[float], name: str, above: bool) -> None:
    """Write ``<name> <last value> A`` on the plot where the line last has a value, above or below it."""
    last = next(((t, v) for t, v in zip(reversed(times), reversed(values), strict=True) if not math.isnan(v)), None)
    if last is None:
        return
    near_the_start = last[0] < 0.3 * times[-1]  # a label ending there would run off the left edge
    axes.annotate(
        f"{name} {last[1]:g} A",
        xy=last,
        xytext=(4 if near_the_start else -4, 5 if above else -5),
        textcoords="offset points",
        ha="left" if near_the_start else "right",
        va="bottom" if above else "top",
        fontsize="small",
        fontweight="bold" if above else "normal",
        bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "none", "alpha": 0.8},
    )
