"""Return arithmetic used throughout the book (simple and log returns, z-scores, ranks)."""

from __future__ import annotations

import numpy as np
import pandas as pd


def simple_returns(prices: pd.Series | pd.DataFrame) -> pd.Series | pd.DataFrame:
    """R_t = P_t / P_{t-1} - 1, on consecutive rows (the first row is NaN)."""
    return prices / prices.shift(1) - 1


def log_returns(prices: pd.Series | pd.DataFrame) -> pd.Series | pd.DataFrame:
    """r_t = ln(P_t / P_{t-1})."""
    return np.log(prices / prices.shift(1))


def return_on(prices: pd.Series, day: str | pd.Timestamp) -> float:
    """Simple return from the previous row's close to ``day``'s close.

    Raises ``KeyError`` if ``day`` is not in the series (the market was shut),
    so callers never silently get a neighbouring day's move.
    """
    prices = prices.dropna()
    day = pd.Timestamp(day)
    position = prices.index.get_loc(day)
    if position == 0:
        raise KeyError(f"no close before {day.date()}")
    return float(prices.iloc[position] / prices.iloc[position - 1] - 1)


def zscore(value: float, sample: pd.Series) -> float:
    """How many sample standard deviations (ddof=1) ``value`` is from the sample mean."""
    sample = sample.dropna()
    return float((value - sample.mean()) / sample.std(ddof=1))


def rank_of(value: float, sample: pd.Series, ascending: bool = True) -> int:
    """1-based rank of ``value`` within ``sample`` (1 = the lowest when ``ascending``)."""
    sample = sample.dropna()
    return int((sample < value).sum() + 1) if ascending else int((sample > value).sum() + 1)


def market_value_change(shares: float, close_before: float, close_after: float) -> float:
    """Change in market value (same units as the prices) for a fixed share count."""
    return float(shares * (close_after - close_before))


def first_close_at_or_above(prices: pd.Series, level: float, after: str | pd.Timestamp) -> pd.Timestamp | None:
    """First date strictly after ``after`` whose close is at or above ``level`` (None if never)."""
    later = prices.dropna().loc[pd.Timestamp(after):].iloc[1:]
    hits = later[later >= level]
    return hits.index[0] if len(hits) else None


def drawdown(prices: pd.Series) -> pd.Series:
    """Fall from the running maximum, as a fraction (0 at a new high, -0.2 = 20% below the peak)."""
    prices = prices.dropna()
    return prices / prices.cummax() - 1
