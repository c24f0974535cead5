"""Offer timelines: each charger's offer and draw over a scenario, with the group maximum."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no display: render to files only

import matplotlib.pyplot as plt

from balanz_acceptance.checks.group_watch import GroupWatch


def plot_watch(watch: GroupWatch, path: Path) -> Path | None:
    """Draw the watch's samples into a PNG at ``path``; None when there was nothing to draw."""
    samples = list(watch.samples)
    if len(samples) < 2:
        return None
    start = samples[0].at
    times = [s.at - start for s in samples]
    figure, axes = plt.subplots(figsize=(10, 4.5), dpi=100)
    chargers = sorted(watch.sims) or sorted({alias for s in samples for alias in s.offers})
    colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    for index, alias in enumerate(chargers):
        colour = colours[index % len(colours)]
        axes.step(
            times,
            [s.offers.get(alias, 0.0) for s in samples],
            where="post",
            color=colour,
            label=f"{alias} offer (balanz)",
        )
        if any(alias in s.sim_draw for s in samples):
            axes.plot(
                times,
                [s.sim_draw.get(alias, 0.0) for s in samples],
                linestyle=":",
                color=colour,
                label=f"{alias} draw (charger)",
            )
    maximum = [watch.limits(s)[0][1] if s.priorities else None for s in samples]
    axes.step(
        times,
        [m if m is not None else float("nan") for m in maximum],
        where="post",
        color="black",
        linestyle="--",
        linewidth=1.2,
        label=f"{watch.group.group_id} maximum for the sessions present",
    )
    axes.step(
        times,
        [s.total("balanz") for s in samples],
        where="post",
        color="grey",
        alpha=0.5,
        label=f"{watch.group.group_id} total offered",
    )
    for excursion in watch.current_excursions():
        axes.axvspan(
            excursion.start - start, max(excursion.end - start, excursion.start - start + 0.3), color="red", alpha=0.2
        )
    axes.set_xlabel("seconds since the scenario's stack was ready")
    axes.set_ylabel("A")
    axes.set_title(f"Group {watch.group.group_id}: offers and draw")
    axes.grid(True, alpha=0.3)
    axes.legend(loc="upper left", fontsize="small", ncol=2)
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path)
    plt.close(figure)
    return path
