"""Turn raw yfinance-format CSV exports into the snapshot's one daily schema.

Each raw layout (old and new yfinance headers, ``Ticker.history`` output,
lower-case IBKR-style bars, J-Quants bars, close-only files and wide tables)
has a small parser here. Nothing is smoothed or filled: rows without a close
are dropped, everything else is kept as the source printed it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from .calendars import exchange_calendar
from .schema import DAILY_COLUMNS, INTRADAY_COLUMNS, NUMERIC_COLUMNS, DataError
from .sources import INTRADAY_END, INTRADAY_START, SNAPSHOT_START, RawFile, Security


def _read(path: Path) -> pd.DataFrame:
    if not path.exists():
        raise DataError(path, "raw export not found")
    try:
        return pd.read_csv(path)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise DataError(path, f"not a readable CSV ({exc})") from exc


def _require(frame: pd.DataFrame, path: Path, columns: list[str]) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise DataError(path, f"missing column(s) {', '.join(missing)}")


def _ohlcv(frame: pd.DataFrame, path: Path, names: dict[str, str]) -> pd.DataFrame:
    """Rename the source's columns to ours; absent optional columns become NaN."""
    _require(frame, path, [names["date"], names["close"]])
    out = pd.DataFrame({"date": frame[names["date"]]})
    for ours in ["open", "high", "low", "close", "adj_close", "volume"]:
        theirs = names.get(ours)
        out[ours] = frame[theirs] if theirs in frame.columns else np.nan
    return out


def _yf_old(frame: pd.DataFrame, path: Path) -> pd.DataFrame:
    cols = {c: c for c in ["Open", "High", "Low", "Close", "Volume"]}
    return _ohlcv(frame, path, {"date": "Date", **{k.lower(): v for k, v in cols.items()}})


def _yf_adjclose(frame: pd.DataFrame, path: Path) -> pd.DataFrame:
    _require(frame, path, ["Adj Close"])
    out = _yf_old(frame, path)
    out["adj_close"] = frame["Adj Close"]
    return out


def _lowercase(frame: pd.DataFrame, path: Path) -> pd.DataFrame:
    return _ohlcv(frame, path, {c: c for c in ["date", "open", "high", "low", "close", "volume"]})


def _close_only(frame: pd.DataFrame, path: Path) -> pd.DataFrame:
    return _ohlcv(frame, path, {"date": "Date", "close": "Close"})


def _wide(column: str) -> Callable[[pd.DataFrame, Path], pd.DataFrame]:
    def parse(frame: pd.DataFrame, path: Path) -> pd.DataFrame:
        _require(frame, path, ["date", column])
        return _ohlcv(frame, path, {"date": "date", "close": column})

    return parse


def _jquants(frame: pd.DataFrame, path: Path) -> pd.DataFrame:
    # J-Quants files carry '#VALUE!' on the 2020-10-01 TSE outage day: coerce, then drop.
    out = _yf_old(frame, path)
    for col in ["open", "high", "low", "close", "volume"]:
        out[col] = pd.to_numeric(out[col], errors="coerce")
    return out


LAYOUTS: dict[str, Callable[[pd.DataFrame, Path], pd.DataFrame]] = {
    "yf_old": _yf_old,  # Date,Open,High,Low,Close,Volume (auto-adjusted download)
    "yf_new": _yf_old,  # Date,Close,High,Low,Open,Volume[,rate]: same names, other order
    "yf_history": _yf_old,  # Ticker.history(): adds Dividends, Stock Splits, Capital Gains
    "yf_adjclose": _yf_adjclose,  # auto_adjust=False: Close unadjusted + Adj Close
    "lowercase": _lowercase,  # date,open,high,low,close,volume[,wap,count]
    "close_only": _close_only,
    "jquants": _jquants,
}


def _parse_dates(values: pd.Series, path: Path) -> pd.Series:
    text = values.astype(str).str.slice(0, 10)
    dates = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")
    if dates.isna().any():
        bad = values[dates.isna()].iloc[0]
        raise DataError(path, f"unparsable date {bad!r}")
    return dates


def read_raw_daily(raw_dir: Path, raw: RawFile) -> pd.DataFrame:
    """Read one raw export into columns date, open, high, low, close, adj_close, volume."""
    path = raw_dir / raw.local_dir / raw.path
    frame = _read(path)
    parser = _wide(raw.column) if raw.layout == "wide" else LAYOUTS[raw.layout]
    out = parser(frame, path)
    out["date"] = _parse_dates(out["date"], path)
    for col in NUMERIC_COLUMNS:
        out[col] = pd.to_numeric(out[col], errors="coerce").astype("float64")
    if raw.adjusted:
        out["adj_close"] = out["close"]
    return out.dropna(subset=["close"])


def to_snapshot_rows(
    frame: pd.DataFrame, security: Security, raw: RawFile, start: str = SNAPSHOT_START
) -> pd.DataFrame:
    """Restrict to the snapshot period and the ticker's trading calendar, in schema order."""
    out = frame[frame["date"] >= pd.Timestamp(start)].copy()
    if security.ticker.startswith("^") and not raw.adjusted:
        out["adj_close"] = out["close"]  # an index pays no dividends
    # Keep only the exchange's sessions: wide tables mix calendars (FX and crypto
    # trade at weekends) and CBOE prints VIX on NYSE holidays.
    calendar = exchange_calendar(security.calendar)
    sessions = calendar.sessions_in_range(out["date"].min(), out["date"].max())
    out = out[out["date"].isin(sessions)]
    out["ticker"] = security.ticker
    out["currency"] = security.currency
    out["date"] = out["date"].dt.strftime("%Y-%m-%d")
    return out[DAILY_COLUMNS].sort_values("date").reset_index(drop=True)


def read_raw_intraday(raw_dir: Path, ticker: str, raw: RawFile) -> pd.DataFrame:
    """Five-minute bars for the days around the event, timestamps in UTC."""
    path = raw_dir / raw.local_dir / raw.path
    frame = _read(path)
    _require(frame, path, ["date", "open", "high", "low", "close", "volume"])
    stamps = pd.to_datetime(frame["date"], utc=True, errors="coerce")
    if stamps.isna().any():
        raise DataError(path, f"unparsable timestamp {frame['date'][stamps.isna()].iloc[0]!r}")
    out = frame[["open", "high", "low", "close", "volume"]].astype("float64")
    out.insert(0, "timestamp", stamps)
    day = stamps.dt.tz_convert("America/New_York").dt.strftime("%Y-%m-%d")
    out = out[(day >= INTRADAY_START) & (day <= INTRADAY_END)].copy()
    out.insert(1, "ticker", ticker)
    out["timestamp"] = out["timestamp"].dt.strftime("%Y-%m-%dT%H:%M:%SZ")
    return out[INTRADAY_COLUMNS].reset_index(drop=True)
