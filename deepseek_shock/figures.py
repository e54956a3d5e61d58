"""The book's headline numbers, computed by the same functions the chapters call.

``python -m deepseek_shock figures`` prints :func:`headline_figures` as JSON.
Each chapter contributes a function that returns a flat ``{key: value}``
mapping; keys are dotted (``nvda.close_2025_01_27``) and values are plain
Python numbers, strings or small dicts, so the output is stable JSON.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .announcement import announcement_figures
from .costs import cost_figures
from .exports import export_figures
from .loaders import load_daily
from .market import market_figures
from .returns import return_on
from .skeptics import skeptics_figures
from .sources import SECURITIES

EVENT_DAY = "2025-01-27"
PREVIOUS_DAY = "2025-01-24"


def foundation_figures() -> dict[str, Any]:
    """NVIDIA's close either side of the event and every ticker's day-0 return."""
    nvda = load_daily("NVDA").set_index("date")
    return {
        # Prices to the cent: the exports carry float32 noise (142.6199951171875).
        "nvda.close_2025_01_24": round(float(nvda.loc[PREVIOUS_DAY, "close"]), 2),
        "nvda.close_2025_01_27": round(float(nvda.loc[EVENT_DAY, "close"]), 2),
        "nvda.return_2025_01_27": return_on(nvda["close"], EVENT_DAY),
        "day0_returns": day0_returns(),
    }


def day0_returns() -> dict[str, float]:
    """Simple close-to-close return on 27 Jan 2025 for every ticker that traded that day."""
    out = {}
    for security in SECURITIES:
        daily = load_daily(security.ticker).set_index("date")
        try:
            out[security.ticker] = return_on(daily["close"], EVENT_DAY)
        except KeyError:
            continue  # market shut that day (e.g. Taiwan, not in the snapshot)
    return out


#: Chapters append their figure functions here (in book order).
CONTRIBUTORS: list[Callable[[], dict[str, Any]]] = [foundation_figures]
CONTRIBUTORS.append(market_figures)
CONTRIBUTORS.append(announcement_figures)
CONTRIBUTORS.append(export_figures)
CONTRIBUTORS.append(cost_figures)
CONTRIBUTORS.append(skeptics_figures)


def headline_figures() -> dict[str, Any]:
    figures: dict[str, Any] = {}
    for contribute in CONTRIBUTORS:
        figures.update(contribute())
    return figures
