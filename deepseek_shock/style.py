"""One house style for every figure: colour-blind-safe palette, titles, units, source line.

Usage in a chapter::

    fig, ax = style.figure("NVIDIA's share price", "US dollars per share, daily close")
    ax.plot(...)
    style.mark_event(ax, "2025-01-27", "DeepSeek sell-off")
    style.finish(fig, source="Yahoo Finance daily closes (see the data appendix)")
"""

from __future__ import annotations

import matplotlib as mpl
import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, PercentFormatter

#: Okabe-Ito palette (Okabe & Ito 2008): distinguishable with every common colour-vision deficiency.
PALETTE = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "vermillion": "#D55E00",
    "sky": "#56B4E9",
    "purple": "#CC79A7",
    "yellow": "#F0E442",
    "black": "#000000",
    "grey": "#7F7F7F",
}
CYCLE = [PALETTE[k] for k in ["blue", "vermillion", "green", "orange", "sky", "purple", "black"]]
HIGHLIGHT = PALETTE["vermillion"]
MUTED = "#BBBBBB"


def use_house_style() -> None:
    """Set matplotlib defaults once per notebook."""
    mpl.rcParams.update({
        "figure.figsize": (8.0, 4.6),
        "figure.dpi": 110,
        "savefig.dpi": 110,
        "font.size": 10,
        "axes.titlesize": 13,
        "axes.titleweight": "bold",
        "axes.titlelocation": "left",
        "axes.labelsize": 10,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": True,
        "grid.color": "#E5E5E5",
        "grid.linewidth": 0.8,
        "axes.prop_cycle": mpl.cycler(color=CYCLE),
        "legend.frameon": False,
        "svg.hashsalt": "deepseek-shock",
    })


def figure(title: str, ylabel: str, xlabel: str = "", size: tuple[float, float] | None = None,
           ) -> tuple[Figure, Axes]:
    """A new figure with a left-aligned title and a y-axis label that states the unit."""
    use_house_style()
    fig, ax = plt.subplots(figsize=size)
    ax.set_title(title)
    ax.set_ylabel(ylabel)
    if xlabel:
        ax.set_xlabel(xlabel)
    return fig, ax


def finish(fig: Figure, source: str) -> None:
    """Add the source line under the plot and tighten the layout (returns nothing, so a
    notebook cell ending with it shows the figure exactly once)."""
    fig.tight_layout(rect=(0, 0.05, 1, 1))
    fig.text(0.01, 0.01, f"Source: {source}", fontsize=8, color="#555555", ha="left", va="bottom")


def mark_event(ax: Axes, day: str | pd.Timestamp, label: str, y: float = 0.97,
               colour: str = "#333333") -> None:
    """A dashed vertical line with a short label at the top of the axes."""
    x = pd.Timestamp(day)
    ax.axvline(x, color=colour, linestyle="--", linewidth=0.9, zorder=1)
    ax.annotate(label, xy=(x, y), xycoords=("data", "axes fraction"), xytext=(3, 0),
                textcoords="offset points", fontsize=8, color=colour, va="top", ha="left")


def percent_axis(ax: Axes, axis: str = "y", decimals: int = 0) -> None:
    """Format an axis holding fractions (0.05) as percentages (5%)."""
    target = ax.yaxis if axis == "y" else ax.xaxis
    target.set_major_formatter(PercentFormatter(1.0, decimals=decimals))


def dollars_axis(ax: Axes, unit: str = "", axis: str = "y") -> None:
    """Format an axis as dollars, e.g. ``$150`` or ``$1.5bn`` with ``unit="bn"``."""
    target = ax.yaxis if axis == "y" else ax.xaxis
    target.set_major_formatter(FuncFormatter(lambda v, _: f"${v:,.0f}{unit}"))


def month_axis(ax: Axes, fmt: str = "%b %Y") -> None:
    """Readable date ticks."""
    ax.xaxis.set_major_locator(mdates.AutoDateLocator(minticks=4, maxticks=9))
    ax.xaxis.set_major_formatter(mdates.DateFormatter(fmt))
