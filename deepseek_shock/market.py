"""The market reaction to 27 January 2025: the day in numbers, the cross-section and what came after.

Everything here reads the snapshot through the loaders; the event-study maths
lives in :mod:`deepseek_shock.eventstudy`.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from . import eventstudy as es
from .financials import load_financials
from .loaders import load_daily, load_intraday
from .returns import drawdown, first_close_at_or_above, rank_of, return_on, zscore
from .sources import BY_TICKER, SECURITIES

EVENT_DAY = "2025-01-27"
PREVIOUS_DAY = "2025-01-24"
PREVIOUS_RECORD_DAY = "2024-09-03"
BENCHMARK = "^GSPC"

#: Segments of the cross-section. ORCL sits with the cloud platforms (it sells
#: cloud capacity); ASML and TSM are the US-listed ADRs, which trade in New York hours.
SEGMENTS: dict[str, list[str]] = {
    "US chips & chip equipment": ["NVDA", "AVGO", "TSM", "AMD", "MU", "ASML", "ARM", "MRVL", "INTC", "QCOM"],
    "AI servers & networking": ["SMCI", "DELL", "ANET"],
    "Cloud & big tech": ["MSFT", "GOOGL", "META", "AMZN", "AAPL", "ORCL"],
    "Power producers": ["VST", "CEG"],
    "Japan & Europe": ["8035.T", "6857.T", "9984.T", "SU.PA"],
    "Chinese tech": ["BABA", "BIDU", "0700.HK"],
    "Indices & ETFs": ["^GSPC", "^IXIC", "^NDX", "^SOX", "SOXX", "SMH", "SPY", "QQQ"],
}

#: Where the local session of 27 Jan 2025 sat relative to New York's.
MARKET_NOTES: dict[str, str] = {
    "XNYS": "New York session",
    "XTKS": "Tokyo session of 27 Jan, closed before New York opened",
    "XPAR": "Paris session of 27 Jan, closed during New York's morning",
    "XHKG": "Hong Kong session of 27 Jan, closed before New York opened",
}

#: Share counts: the Yahoo Finance statements in the snapshot cover these companies only.
#: Alphabet's count (reported under GOOG) covers all share classes and is priced here at the
#: class A close; TSMC's count is of ordinary shares in Taiwan, not of the ADRs, so it is left out.
SHARE_COUNT_TICKERS: dict[str, str] = {
    "NVDA": "NVDA", "MSFT": "MSFT", "GOOGL": "GOOG", "AMZN": "AMZN", "META": "META",
    "AMD": "AMD", "AVGO": "AVGO", "MU": "MU", "INTC": "INTC",
}

#: The segments used for the event study (US-listed shares only, all priced at the New York close).
EVENT_SEGMENTS: dict[str, list[str]] = {k: v for k, v in SEGMENTS.items()
                                        if k not in ("Japan & Europe", "Indices & ETFs")}
EVENT_SEGMENTS["Chinese tech"] = ["BABA", "BIDU"]
#: Minimum estimation-window observations for a security to enter the event study.
MIN_OBS = 200


def segment_of(ticker: str) -> str:
    """The segment a ticker belongs to (``KeyError`` if it is in none)."""
    for name, tickers in SEGMENTS.items():
        if ticker in tickers:
            return name
    raise KeyError(ticker)


def close_series(ticker: str, field: str = "close") -> pd.Series:
    """A ticker's daily ``field`` (unadjusted close by default), indexed by date."""
    return load_daily(ticker).set_index("date")[field]


# ---------------------------------------------------------------- the day in numbers
def day_in_numbers(ticker: str = "NVDA", day: str = EVENT_DAY, avg_window: int = 60) -> dict[str, float]:
    """Closes either side of ``day``, simple and log return, volume and its trailing average.

    The trailing average covers the ``avg_window`` sessions before ``day`` (``day`` excluded).
    """
    daily = load_daily(ticker).set_index("date")
    pos = daily.index.get_loc(pd.Timestamp(day))
    before, after = float(daily["close"].iloc[pos - 1]), float(daily["close"].iloc[pos])
    avg = float(daily["volume"].iloc[pos - avg_window:pos].mean())
    return {
        "previous_date": daily.index[pos - 1].strftime("%Y-%m-%d"),
        "close_before": before, "close_after": after,
        "simple_return": after / before - 1, "log_return": math.log(after / before),
        "volume": float(daily["volume"].iloc[pos]), "volume_avg": avg,
        "volume_ratio": float(daily["volume"].iloc[pos]) / avg,
    }


def intraday_day(ticker: str, day: str = EVENT_DAY) -> pd.DataFrame:
    """The five-minute bars of one session (New York time)."""
    bars = load_intraday(ticker)
    return bars[bars["timestamp"].dt.strftime("%Y-%m-%d") == day].reset_index(drop=True)


def intraday_summary(ticker: str = "NVDA", day: str = EVENT_DAY) -> dict[str, Any]:
    """Opening gap, intraday low and the last five-minute bar, against the previous close.

    The bars cover regular hours and exclude the closing auction, so the last
    bar's close is not the official close.
    """
    bars = intraday_day(ticker, day)
    prev = float(day_in_numbers(ticker, day)["close_before"])
    low_row = bars.loc[bars["low"].idxmin()]
    return {
        "open": float(bars["open"].iloc[0]), "gap": float(bars["open"].iloc[0]) / prev - 1,
        "low": float(low_row["low"]), "low_time": low_row["timestamp"].strftime("%H:%M"),
        "low_return": float(low_row["low"]) / prev - 1,
        "high": float(bars["high"].max()),
        "last_bar_close": float(bars["close"].iloc[-1]),
        "last_bar_time": bars["timestamp"].iloc[-1].strftime("%H:%M"),
        "n_bars": int(len(bars)),
    }


# ---------------------------------------------------------------- market value
def shares_outstanding(ticker: str, on: str = "2025-01-31") -> tuple[float, pd.Timestamp]:
    """Latest balance-sheet share count with a period label on or before ``on``, and that label.

    Yahoo labels fiscal periods by month end: NVIDIA's fiscal 2025 (ended 26 Jan
    2025) is 2025-01-31, so the default picks the count at the eve of the event.
    """
    rows = load_financials(ticker, "Ordinary Shares Number")
    rows = rows[rows["period_end"] <= pd.Timestamp(on)].sort_values(["period_end", "frequency"])
    if rows.empty:
        raise KeyError(f"no share count for {ticker} on or before {on}")
    last = rows.iloc[-1]
    return float(last["value"]), last["period_end"]


def implied_shares(value_lost: float, price_before: float, price_after: float) -> float:
    """The share count that turns a published market-value loss into the observed price change."""
    return float(value_lost / (price_before - price_after))


def market_value_table(day: str = EVENT_DAY) -> pd.DataFrame:
    """Change in market value on ``day`` for the US companies with a share count in the snapshot."""
    rows = []
    for ticker, fin_ticker in SHARE_COUNT_TICKERS.items():
        shares, period = shares_outstanding(fin_ticker)
        close = close_series(ticker)
        pos = close.index.get_loc(pd.Timestamp(day))
        before, after = float(close.iloc[pos - 1]), float(close.iloc[pos])
        rows.append({"ticker": ticker, "name": BY_TICKER[ticker].name, "shares": shares,
                     "share_count_period": period, "close_before": before, "close_after": after,
                     "return": after / before - 1, "value_before": shares * before,
                     "value_change": shares * (after - before)})
    return pd.DataFrame(rows).set_index("ticker").sort_values("value_change")


# ---------------------------------------------------------------- the cross-section
def cross_section(day: str = EVENT_DAY) -> pd.DataFrame:
    """Day-0 close-to-close return of every security, on its own exchange's calendar.

    Securities whose market did not trade on ``day`` get NaN and a note.
    """
    rows = []
    for security in SECURITIES:
        if security.ticker == "^VIX":
            continue  # an index of implied volatility, not a price: treated separately
        close = close_series(security.ticker)
        try:
            ret = return_on(close, day)
        except KeyError:
            ret = float("nan")
        rows.append({"ticker": security.ticker, "name": security.name,
                     "segment": segment_of(security.ticker), "calendar": security.calendar,
                     "session": MARKET_NOTES.get(security.calendar, ""), "return": ret})
    return pd.DataFrame(rows).set_index("ticker")


# ---------------------------------------------------------------- the event study
def event_study_tickers() -> list[str]:
    """US-listed shares in :data:`EVENT_SEGMENTS` plus the US indices and ETFs other than ^GSPC."""
    stocks = [t for tickers in EVENT_SEGMENTS.values() for t in tickers]
    funds = [t for t in SEGMENTS["Indices & ETFs"] if t != BENCHMARK]
    return stocks + funds


def run_event_study(benchmark: str = BENCHMARK, model: str = "market",
                    tickers: list[str] | None = None) -> pd.DataFrame:
    """:func:`eventstudy.event_study` on the snapshot, dropping securities with < ``MIN_OBS`` days."""
    tickers = tickers or event_study_tickers()
    rets = es.daily_returns(sorted(set(tickers) | {benchmark}))
    table = es.event_study(rets[[t for t in tickers if t != benchmark]], rets[benchmark], EVENT_DAY,
                           model=model)
    table["benchmark"] = benchmark
    return table[table["n_obs"] >= MIN_OBS]


def car_paths(benchmark: str = BENCHMARK, days: tuple[int, int] = (-5, 20)) -> pd.DataFrame:
    """CAR paths (relative day x ticker) of the event-study securities, cumulated from ``days[0]``."""
    tickers = [t for t in event_study_tickers() if t != benchmark]
    rets = es.daily_returns(tickers + [benchmark])
    ar = es.abnormal_returns(rets[tickers], rets[benchmark], EVENT_DAY, days=days)
    return es.car_path(ar)


def robustness(segments: dict[str, list[str]] | None = None) -> pd.DataFrame:
    """NVDA's AR and CARs and each segment's CAAR under four specifications.

    Specifications: market model on ^GSPC (the baseline), market-adjusted ^GSPC,
    market model on ^IXIC, and market model on ^SOX for the chip segment only.
    """
    segments = segments or EVENT_SEGMENTS
    specs = [("Market model, S&P 500", "^GSPC", "market"),
             ("Market-adjusted, S&P 500", "^GSPC", "market_adjusted"),
             ("Market model, Nasdaq Composite", "^IXIC", "market"),
             ("Market model, PHLX Semiconductor", "^SOX", "market")]
    rows = []
    for label, bench, model in specs:
        table = run_event_study(bench, model)
        groups = segments if bench != "^SOX" else {"US chips & chip equipment":
                                                   segments["US chips & chip equipment"]}
        row: dict[str, Any] = {"specification": label, "NVDA AR day 0": table.loc["NVDA", "ar_0"],
                               "NVDA CAR [0,+5]": table.loc["NVDA", "car_0_5"]}
        means = es.caar(table, groups, windows=[(0, 0)]).set_index("segment")["caar"]
        for name in segments:
            row[name] = float(means[name]) if name in means else np.nan
        rows.append(row)
    return pd.DataFrame(rows).set_index("specification")


# ---------------------------------------------------------------- how unusual, and after
def unusualness(ticker: str = "NVDA", day: str = EVENT_DAY) -> dict[str, Any]:
    """Day-0 return as a z-score of the estimation-window returns, and its rank since the snapshot starts."""
    rets = es.daily_returns([ticker])[ticker].dropna()
    p0 = rets.index.get_loc(pd.Timestamp(day))
    est = rets.iloc[p0 - 260:p0 - 10]
    r0 = float(rets.iloc[p0])
    return {"return": r0, "z": zscore(r0, est), "est_sd": float(est.std(ddof=1)),
            "rank": rank_of(r0, rets), "n_days": int(len(rets)),
            "first_day": rets.index[0].strftime("%Y-%m-%d")}


def after_the_event(ticker: str = "NVDA") -> dict[str, Any]:
    """Rebound, recovery of the pre-event close, April 2025 low, first record close and the last close."""
    daily = load_daily(ticker).set_index("date")
    close = daily["close"]
    before = float(close.loc[PREVIOUS_DAY])
    recovered = first_close_at_or_above(close, before, EVENT_DAY)
    peak_date = close.loc[:PREVIOUS_DAY].idxmax()
    record = first_close_at_or_above(close, float(close.loc[peak_date]) + 1e-9, EVENT_DAY)
    april = daily.loc["2025-04-01":"2025-04-30"]
    dd = drawdown(close.loc[peak_date:])
    return {
        "rebound": return_on(close, "2025-01-28"), "close_2025_01_28": float(close.loc["2025-01-28"]),
        "recovered_date": recovered, "recovered_close": float(close.loc[recovered]) if recovered else np.nan,
        "sessions_to_recover": int(close.loc[EVENT_DAY:recovered].shape[0] - 1) if recovered else -1,
        "peak_date": peak_date, "peak_close": float(close.loc[peak_date]),
        "april_low_close_date": april["close"].idxmin(), "april_low_close": float(april["close"].min()),
        "april_low_intraday_date": april["low"].idxmin(), "april_low_intraday": float(april["low"].min()),
        "max_drawdown": float(dd.min()), "max_drawdown_date": dd.idxmin(),
        "record_date": record, "record_close": float(close.loc[record]) if record is not None else np.nan,
        "last_date": close.index[-1], "last_close": float(close.iloc[-1]),
        "last_vs_before": float(close.iloc[-1]) / before - 1,
    }


def vix_move(day: str = EVENT_DAY) -> dict[str, float]:
    """^VIX close the session before and on ``day``, in index points and percent."""
    close = close_series("^VIX")
    pos = close.index.get_loc(pd.Timestamp(day))
    before, after = float(close.iloc[pos - 1]), float(close.iloc[pos])
    return {"before": before, "after": after, "points": after - before, "pct": after / before - 1}


# ---------------------------------------------------------------- key figures
def market_figures() -> dict[str, Any]:
    """Headline numbers of the market-reaction chapter for ``python -m deepseek_shock figures``."""
    shares, _ = shares_outstanding("NVDA")
    day = day_in_numbers("NVDA")
    table = run_event_study()
    keys = ["alpha", "beta", "ar_0", "car_0_1", "car_m1_1", "car_0_5", "t_ar_0"]
    study = {t: {k: float(table.loc[t, k]) for k in keys} for t in table.index}
    return {
        "nvda.shares_outstanding": shares,
        "nvda.market_value_lost_usd": shares * (day["close_before"] - day["close_after"]),
        "nvda.volume_2025_01_27": day["volume"],
        "event_study": study,
        "event_study_meta": {
            "benchmark": BENCHMARK, "model": "market",
            "estimation_first": table["est_start"].iloc[0].strftime("%Y-%m-%d"),
            "estimation_last": table["est_end"].iloc[0].strftime("%Y-%m-%d"),
            "day_0": table["day_0"].iloc[0].strftime("%Y-%m-%d"),
        },
    }
