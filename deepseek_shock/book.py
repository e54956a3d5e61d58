"""Small helpers for notebooks: glue plain Python values so MyST-NB can format them."""

from __future__ import annotations

import re
from collections.abc import Iterable
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


def long_date(day: str | pd.Timestamp) -> str:
    """A date as the prose writes it: ``27 January 2025``."""
    day = pd.Timestamp(day)
    return f"{day.day} {day:%B %Y}"


# --- MyST pipe tables whose cells carry citations (render with ``markdown_format: myst``) ---


def cite_role(keys: object) -> str:
    """MyST citation role for ``;``-separated ``references.bib`` keys ('' when there are none)."""
    parts = [k.strip() for k in keys.split(";") if k.strip()] if isinstance(keys, str) else []
    return "{cite}`" + ",".join(parts) + "`" if parts else ""


def markdown_cell(text: object) -> str:
    """One table cell: on one line, with pipes and dollar signs escaped (MyST reads $...$ as maths)."""
    return re.sub(r"\s+", " ", str(text)).replace("|", "\\|").replace("$", "\\$")


def pipe_table(header: list[str], rows: Iterable[Iterable[object]]) -> str:
    """A markdown pipe table; every cell goes through :func:`markdown_cell`."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(markdown_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)
