"""Small helpers for notebooks: glue plain Python values so MyST-NB can format them."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd


def plain(value: Any) -> Any:
    """numpy scalars -> Python scalars (MyST-NB cannot format ``np.float64(...)`` reprs)."""
    if isinstance(value, np.generic):
        return value.item()
    return value


def glue(name: str, value: Any) -> Any:
    """Glue ``value`` under ``name`` without displaying it; return the plain value."""
    from myst_nb import glue as myst_glue

    value = plain(value)
    myst_glue(name, value, display=False)
    return value


def glue_pct(name: str, fraction: float, signed: bool = False) -> float:
    """Glue a fraction as a percentage number (``-0.1697`` -> ``-16.97``); format in the text."""
    value = float(fraction) * 100
    glue(name, abs(value) if not signed else value)
    return value


def for_display(frame: pd.DataFrame, decimals: int = 2) -> pd.DataFrame:
    """Round a table for the page and show missing values as a dash instead of NaN."""
    rounded = frame.round(decimals)
    return rounded.astype(object).where(rounded.notna(), "–")
