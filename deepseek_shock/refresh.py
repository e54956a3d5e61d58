"""``python -m deepseek_shock refresh``: download the same tickers again with yfinance.

Needs a network. yfinance returns an empty frame instead of raising when it
cannot reach Yahoo, so an empty or partial result is treated as a failure.
Any failure leaves the snapshot byte-for-byte untouched (see
:func:`deepseek_shock.snapshot.replace_files`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

from .schema import DAILY_COLUMNS, DataError
from .snapshot import daily_path, price_resource, replace_files, write_csv
from .sources import SECURITIES, SNAPSHOT_START, Security

Downloader = Callable[..., pd.DataFrame]

YF_COLUMNS = {"Open": "open", "High": "high", "Low": "low", "Close": "close",
              "Adj Close": "adj_close", "Volume": "volume"}


class RefreshError(Exception):
    """The download failed or came back incomplete; nothing was written."""


def _yfinance_download(ticker: str, **kwargs: Any) -> pd.DataFrame:
    import yfinance

    return yfinance.download(ticker, **kwargs)


def download_one(security: Security, download: Downloader) -> pd.DataFrame:
    """Download one ticker (``auto_adjust=False``) into the snapshot schema."""
    try:
        raw = download(security.ticker, start=SNAPSHOT_START, auto_adjust=False, actions=False,
                       progress=False, multi_level_index=False)
    except Exception as exc:  # yfinance raises many kinds of network errors
        raise RefreshError(f"{security.ticker}: download failed ({type(exc).__name__}: {exc})") from exc
    if raw is None or raw.empty:
        raise RefreshError(f"{security.ticker}: yfinance returned no rows (offline or unknown ticker)")
    if isinstance(raw.columns, pd.MultiIndex):
        raw.columns = raw.columns.get_level_values(0)
    missing = [c for c in YF_COLUMNS if c not in raw.columns]
    if missing:
        raise RefreshError(f"{security.ticker}: download lacks column(s) {', '.join(missing)}")
    frame = raw[list(YF_COLUMNS)].rename(columns=YF_COLUMNS).astype("float64")
    frame = frame.dropna(subset=["close"])
    dates = pd.DatetimeIndex(frame.index)
    if dates.tz is not None:
        dates = dates.tz_localize(None)
    frame.insert(0, "date", dates.strftime("%Y-%m-%d"))
    frame["ticker"] = security.ticker
    frame["currency"] = security.currency
    return frame[DAILY_COLUMNS].reset_index(drop=True)


def build_from_yfinance(staging: Path, download: Downloader,
                        previous: dict[str, tuple[str, str]]) -> list[dict[str, Any]]:
    """Download every ticker into ``staging``; ``previous`` maps ticker -> (first, last) date held."""
    today = dt.date.today().isoformat()
    resources = []
    for security in SECURITIES:
        frame = download_one(security, download)
        first, last = frame["date"].iloc[0], frame["date"].iloc[-1]
        held_first, held_last = previous.get(security.ticker, (SNAPSHOT_START, ""))
        if last < held_last:
            raise RefreshError(f"{security.ticker}: download ends {last}, before the snapshot's {held_last} "
                               "(partial result)")
        if first > held_first:
            raise RefreshError(f"{security.ticker}: download starts {first}, after the snapshot's "
                               f"{held_first} (partial result)")
        file = staging / daily_path(security.ticker)
        write_csv(frame, file)
        source = {"title": f"Yahoo Finance via yfinance, downloaded {today}",
                  "path": f"https://finance.yahoo.com/quote/{security.ticker}",
                  "x_repository": "yfinance", "x_file": security.ticker, "x_commit": today,
                  "x_layout": "yfinance auto_adjust=False"}
        resources.append(price_resource(file, staging, security, "prices", source, adjusted=False))
    return resources


def refresh(directory: Path | None = None, download: Downloader | None = None) -> list[str]:
    """Replace the daily price files with a fresh download; raise :class:`RefreshError` on failure."""
    from .descriptor import read_package
    from .validate import validate_staged

    download = download or _yfinance_download
    try:
        previous = read_package(directory) if directory else read_package()
        held = {r["x_ticker"]: (r["x_first_date"], r["x_last_date"]) for r in previous["resources"]
                if r.get("x_role") == "prices"}
    except DataError:
        held = {}
    try:
        return replace_files(lambda staging: build_from_yfinance(staging, download, held),
                             directory, validate_staged)
    except DataError as exc:
        raise RefreshError(str(exc)) from exc
