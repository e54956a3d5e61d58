"""Event-study maths (MacKinlay 1997): market model, abnormal returns, CARs and segment CAARs.

Conventions
-----------
* Returns are simple daily returns on the US trading calendar (the sessions
  for which ^GSPC has a close). Day 0 is the first session on or after the
  event date; day k is the k-th session after it (negative k: before).
* Estimation window: sessions ``estimation_end - estimation_length + 1`` to
  ``estimation_end`` relative to day 0 (by default days -260 to -11, 250
  sessions). A session where the security's (or the market's) return is
  missing is dropped from the regression; ``n_obs`` reports how many remained.
* ``model="market"``: OLS of R_i on R_m, ``AR = R_i - (alpha + beta * R_m)``;
  ``sigma`` is the residual standard deviation with ddof = 2 (two estimated
  parameters). ``model="market_adjusted"``: ``alpha = 0, beta = 1``,
  ``AR = R_i - R_m``, and ``sigma`` is the sample standard deviation (ddof = 1)
  of ``R_i - R_m`` over the estimation window.
* Test statistics ignore the (small, for 250 days) estimation error in alpha and
  beta: ``t_AR = AR / sigma`` and, for a window of L sessions,
  ``t_CAR = CAR / (sqrt(L) * sigma)`` (abnormal returns taken as independent
  with variance sigma^2).
* Missing day in the event window: AR on that day is NaN, and every CAR whose
  window contains it is NaN (a CAR is never summed over fewer days than its
  window says).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from .loaders import closes

MODELS = ("market", "market_adjusted")
DEFAULT_WINDOWS: tuple[tuple[int, int], ...] = ((0, 0), (0, 1), (-1, 1), (0, 5))


def us_sessions() -> pd.DatetimeIndex:
    """The US trading calendar of the snapshot: every date with a ^GSPC close."""
    return pd.DatetimeIndex(closes(["^GSPC"]).dropna().index, name="date")


def daily_returns(tickers: list[str]) -> pd.DataFrame:
    """Simple daily returns (date x ticker) on the US trading calendar.

    Prices (``field="return_basis"``: adjusted close where the source has one)
    are put on the ^GSPC sessions first, then ``R_t = P_t / P_{t-1} - 1`` over
    consecutive sessions. A session without a price gives NaN, and so does the
    session after it (no return is ever spread over several sessions).
    """
    sessions = us_sessions()
    prices = closes(tickers, field="return_basis").reindex(sessions)
    return prices / prices.shift(1) - 1


def window_label(window: tuple[int, int]) -> str:
    """``(-1, 1)`` -> ``"m1_1"`` (the suffix of the ``car_*`` columns)."""
    return "_".join(f"m{-d}" if d < 0 else str(d) for d in window)


def day_zero(index: pd.Index, event_date: str | pd.Timestamp) -> int:
    """Position in ``index`` of the first date on or after ``event_date``."""
    position = int(pd.DatetimeIndex(index).searchsorted(pd.Timestamp(event_date), side="left"))
    if position >= len(index):
        raise ValueError(f"no session on or after {event_date}")
    return position


def fit(y: np.ndarray, x: np.ndarray, model: str) -> tuple[float, float, float, int]:
    """(alpha, beta, sigma, n_obs) of one security over its estimation window (NaNs dropped).

    With fewer than three observations (two for the market-adjusted model) the
    estimates are NaN rather than an exact, meaningless fit.
    """
    if model not in MODELS:
        raise ValueError(f"model must be one of {MODELS}, not {model!r}")
    keep = ~(np.isnan(y) | np.isnan(x))
    y, x = y[keep], x[keep]
    n = int(keep.sum())
    if model == "market_adjusted":
        sigma = float(np.std(y - x, ddof=1)) if n > 1 else np.nan
        return 0.0, 1.0, sigma, n
    if n < 3:
        return np.nan, np.nan, np.nan, n
    design = np.column_stack([np.ones(n), x])
    coef, *_ = np.linalg.lstsq(design, y, rcond=None)
    resid = y - design @ coef
    sigma = float(np.sqrt(resid @ resid / (n - 2)))
    return float(coef[0]), float(coef[1]), sigma, n


def _ratio(numerator: float, denominator: float) -> float:
    """``numerator / denominator``, NaN when the denominator is zero or missing."""
    if not denominator or np.isnan(denominator):
        return float("nan")
    return float(numerator / denominator)


def _aligned(returns: pd.DataFrame, market: pd.Series) -> tuple[pd.DataFrame, pd.Series]:
    market = market.reindex(returns.index)
    return returns.sort_index(), market.sort_index()


def _windows(p0: int, estimation_length: int, estimation_end: int, n: int) -> slice:
    start = p0 + estimation_end - estimation_length + 1
    if start < 0 or p0 + estimation_end >= n:
        raise ValueError("estimation window runs off the data")
    return slice(start, p0 + estimation_end + 1)


def abnormal_returns(returns: pd.DataFrame, market: pd.Series, event_date: str, *,
                     days: tuple[int, int] = (-5, 20), estimation_length: int = 250,
                     estimation_end: int = -11, model: str = "market") -> pd.DataFrame:
    """Abnormal returns (relative day x ticker) for ``days[0]..days[1]`` around day 0.

    Event-window days beyond the last session are left out.
    """
    returns, market = _aligned(returns, market)
    p0 = day_zero(returns.index, event_date)
    est = _windows(p0, estimation_length, estimation_end, len(returns))
    rel = [d for d in range(days[0], days[1] + 1) if 0 <= p0 + d < len(returns)]
    rows = [p0 + d for d in rel]
    x_est = market.to_numpy(dtype=float)[est]
    out = {}
    for ticker in returns.columns:
        alpha, beta, _, _ = fit(returns[ticker].to_numpy(dtype=float)[est], x_est, model)
        out[ticker] = returns[ticker].iloc[rows].to_numpy() - (alpha + beta * market.iloc[rows].to_numpy())
    frame = pd.DataFrame(out, index=pd.Index(rel, name="day"))
    frame.attrs["dates"] = list(returns.index[rows])
    return frame


def event_study(returns: pd.DataFrame, market: pd.Series, event_date: str, *,
                estimation_length: int = 250, estimation_end: int = -11,
                car_windows: Sequence[tuple[int, int]] = DEFAULT_WINDOWS,
                model: str = "market") -> pd.DataFrame:
    """One row per ticker: alpha, beta, sigma, n_obs, AR and CARs on ``car_windows`` with t-stats.

    See the module docstring for the windows, the missing-day rule and the
    t-statistics (``t_car = car / (sqrt(L) * sigma)``).
    """
    returns, market = _aligned(returns, market)
    p0 = day_zero(returns.index, event_date)
    est = _windows(p0, estimation_length, estimation_end, len(returns))
    lo = min(0, *(w[0] for w in car_windows))
    hi = max(0, *(w[1] for w in car_windows))
    if p0 + lo < est.stop:
        raise ValueError("event window overlaps the estimation window")
    ar = abnormal_returns(returns, market, event_date, days=(lo, hi),
                          estimation_length=estimation_length, estimation_end=estimation_end,
                          model=model)
    x_est = market.to_numpy(dtype=float)[est]
    rows = []
    for ticker in returns.columns:
        alpha, beta, sigma, n_obs = fit(returns[ticker].to_numpy(dtype=float)[est], x_est, model)
        row: dict[str, object] = {"ticker": ticker, "alpha": alpha, "beta": beta, "sigma": sigma,
                                  "n_obs": n_obs}
        row["ar_0"] = float(ar.at[0, ticker])
        row["t_ar_0"] = _ratio(row["ar_0"], sigma)
        for window in car_windows:
            days = [d for d in range(window[0], window[1] + 1)]
            values = ar[ticker].reindex(days)
            car = float(values.sum(skipna=False))  # NaN if any day is missing or beyond the data
            label = window_label(window)
            row[f"car_{label}"] = car
            row[f"t_car_{label}"] = _ratio(car, np.sqrt(len(days)) * sigma)
        rows.append(row)
    table = pd.DataFrame(rows).set_index("ticker")
    table["est_start"] = returns.index[est.start]
    table["est_end"] = returns.index[est.stop - 1]
    table["day_0"] = returns.index[p0]
    table["model"] = model
    return table


def car_path(ar: pd.DataFrame, start: int | None = None) -> pd.DataFrame:
    """Cumulative abnormal return from day ``start`` (default: the first day of ``ar``) onwards.

    Strict about gaps: after a missing day the path is NaN.
    """
    ar = ar.loc[start:] if start is not None else ar
    return ar.cumsum(skipna=False)


def caar(table: pd.DataFrame, groups: Mapping[str, Iterable[str]],
         windows: Sequence[tuple[int, int]] = DEFAULT_WINDOWS) -> pd.DataFrame:
    """Segment averages of the CARs in an :func:`event_study` table.

    ``CAAR = mean(CAR_i)`` over the N securities of a segment with a CAR.
    ``t_caar`` assumes abnormal returns independent across securities:
    ``Var(CAAR) = sum_i(L * sigma_i^2) / N^2``. Because every security shares the
    same event date this is optimistic, so ``t_xsec`` (the cross-sectional
    t-statistic ``CAAR / (sd(CAR_i) / sqrt(N))``, ddof = 1) is reported too, for
    segments of at least three securities (NaN otherwise: with two, it is meaningless).
    """
    out = []
    for name, tickers in groups.items():
        part = table.loc[[t for t in tickers if t in table.index]]
        for window in windows:
            label = window_label(window)
            cars = part[f"car_{label}"].dropna()
            sig = part.loc[cars.index, "sigma"]
            n = len(cars)
            length = window[1] - window[0] + 1
            mean = float(cars.mean()) if n else np.nan
            se_indep = float(np.sqrt((length * sig**2).sum()) / n) if n else np.nan
            se_xsec = float(cars.std(ddof=1) / np.sqrt(n)) if n >= 3 else np.nan
            out.append({"segment": name, "window": label, "n": n, "caar": mean,
                        "t_caar": mean / se_indep if n else np.nan,
                        "t_xsec": mean / se_xsec if n >= 3 else np.nan})
    return pd.DataFrame(out)


def caar_path(path: pd.DataFrame, groups: Mapping[str, Iterable[str]]) -> pd.DataFrame:
    """Equal-weighted average CAR path (relative day x segment) of the tickers in each group."""
    return pd.DataFrame({name: path[[t for t in tickers if t in path.columns]].mean(axis=1)
                         for name, tickers in groups.items()})
