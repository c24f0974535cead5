"""balanz's reaction as a site grows: each storm scenario keeps its reaction times (``reactions.json`` in its runtime
directory, actors/storm.py); a run collects them and plots them by the number of chargers of the site, with the
bound the storm feature states.

A reaction is the time from a driver presenting a tag to the charger allowing its first offer (the minimum).
"""

from __future__ import annotations

import json
import statistics
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no display: render to files only

import matplotlib.pyplot as plt

#: The file a storm scenario keeps its reaction times in, in its runtime directory.
REACTIONS_FILE = "reactions.json"
#: The plot a run writes into its reports directory.
PLOT_FILE = "reaction-by-site.png"


def _files(directories: list[Path]) -> list[Path]:
    return sorted({path for directory in directories for path in directory.rglob(REACTIONS_FILE)})


def collect(directories: list[Path]) -> dict[int, list[float]]:
    """Every reaction time kept under ``directories``, by the number of chargers of the site it was measured on."""
    found: dict[int, list[float]] = {}
    for path in _files(directories):
        try:
            data = json.loads(path.read_text())
            found.setdefault(int(data["chargers"]), []).extend(float(t) for t in data["seconds"])
        except (OSError, ValueError, KeyError, TypeError):
            continue
    return found


def bounds(directories: list[Path]) -> dict[int, float]:
    """The bound stated for each site size (seconds), from the same files."""
    found: dict[int, float] = {}
    for path in _files(directories):
        try:
            data = json.loads(path.read_text())
            found[int(data["chargers"])] = float(data["bound"])
        except (OSError, ValueError, KeyError, TypeError):
            continue
    return found


def summary(found: dict[int, list[float]]) -> list[str]:
    """One line per site size: how many reactions, their median, 95th percentile and maximum."""
    lines = []
    for chargers, times in sorted(found.items()):
        ordered = sorted(times)
        p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
        lines.append(
            f"{chargers} chargers: {len(times)} arrivals, median {statistics.median(times):.2f} s, "
            f"95th percentile {p95:.2f} s, max {max(times):.2f} s"
        )
    return lines


def plot(found: dict[int, list[float]], bound: dict[int, float], path: Path) -> Path | None:
    """Box plots of the reaction times by site size, with each size's bound; None without any."""
    sizes = sorted(size for size, times in found.items() if times)
    if not sizes:
        return None
    figure, axes = plt.subplots(figsize=(8, 4.5), dpi=100, layout="constrained")
    axes.boxplot([found[s] for s in sizes], positions=range(len(sizes)), widths=0.5, showfliers=True)
    for index, size in enumerate(sizes):
        if size in bound:
            axes.hlines(bound[size], index - 0.35, index + 0.35, colors="red", linestyles="--",
                        label="bound stated in the feature" if index == 0 else None)  # fmt: skip
        median = statistics.median(found[size])
        axes.annotate(f"median {median:.2f} s ({len(found[size])} arrivals)", (index, max(found[size])),
                      xytext=(0, 6), textcoords="offset points", ha="center", fontsize="small")  # fmt: skip
    axes.set_xticks(range(len(sizes)), [f"{s} chargers" for s in sizes])
    axes.set_ylabel("seconds from a tag to the first offer")
    axes.set_ylim(bottom=0)
    axes.set_title("balanz's reaction as the site grows")
    axes.grid(True, axis="y", alpha=0.3)
    if bound:
        axes.legend(loc="center right", fontsize="small")
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path)
    plt.close(figure)
    return path


def write(directories: list[Path], reports_dir: Path) -> list[str]:
    """Plot the reaction times kept under ``directories`` (this run's) into ``reports_dir``, replacing an earlier
    run's plot; returns lines for the console (none when no storm measured any)."""
    (reports_dir / PLOT_FILE).unlink(missing_ok=True)
    found = collect(directories)
    path = plot(found, bounds(directories), reports_dir / PLOT_FILE)
    if path is None:
        return []
    return ["Reaction times by site size (a tag to the first offer):", *[f"  {s}" for s in summary(found)],
            f"  plot: {path}"]  # fmt: skip
