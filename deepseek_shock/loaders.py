"""Read the snapshot in ``data/`` (or ``$DEEPSEEK_SHOCK_DATA``), refusing bad files loudly.

Every loader checks what it reads and raises :class:`DataError` naming the
file and the problem: missing file, missing column, unparsable date,
duplicated or unsorted rows, missing or non-positive closes.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from .descriptor import data_dir, read_package
from .schema import DAILY_COLUMNS, INTRADAY_COLUMNS, DataError
from .sources import SECURITIES, file_stem


def read_csv_checked(path: Path, columns: list[str]) -> pd.DataFrame:
    """Read a CSV and make sure it has ``columns``."""
    if not path.exists():
        raise DataError(path, "file not found")
    try:
        frame = pd.read_csv(path)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise DataError(path, f"not a readable CSV ({exc})") from exc
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise DataError(path, f"missing column(s) {', '.join(missing)}")
    return frame


def check_daily_frame(frame: pd.DataFrame, path: Path) -> pd.DataFrame:
    """Parse dates and enforce the invariants of a daily price file; return the parsed frame."""
    dates = pd.to_datetime(frame["date"], format="%Y-%m-%d", errors="coerce")
    if dates.isna().any():
        raise DataError(path, f"unparsable date {frame['date'][dates.isna()].iloc[0]!r}")
    frame = frame.assign(date=dates)
    for col in ["open", "high", "low", "close", "adj_close", "volume"]:
        if not pd.api.types.is_numeric_dtype(frame[col]):
            raise DataError(path, f"column {col} is not numeric")
    dup = frame.duplicated(["date", "ticker"])
    if dup.any():
        raise DataError(path, f"duplicated row for {frame.loc[dup, 'date'].iloc[0].date()}")
    if not frame["date"].is_monotonic_increasing:
        raise DataError(path, "dates are not sorted")
    if frame["close"].isna().any():
        raise DataError(path, f"missing close on {frame.loc[frame['close'].isna(), 'date'].iloc[0].date()}")
    prices = frame[["open", "high", "low", "close", "adj_close"]]
    if (prices <= 0).any().any():
        bad = frame.loc[(prices <= 0).any(axis=1), "date"].iloc[0].date()
        raise DataError(path, f"non-positive price on {bad}")
    return frame


def load_daily(ticker: str, role: str = "prices", directory: Path | None = None) -> pd.DataFrame:
    """One ticker's daily rows, checked, with ``date`` as a timestamp."""
    path = (directory or data_dir()) / role / f"{file_stem(ticker)}.csv"
    frame = read_csv_checked(path, DAILY_COLUMNS)
    return check_daily_frame(frame, path)


def load_prices(tickers: Iterable[str] | None = None, directory: Path | None = None) -> pd.DataFrame:
    """Daily rows for ``tickers`` (default: every security), in one long frame."""
    tickers = list(tickers) if tickers is not None else [s.ticker for s in SECURITIES]
    return pd.concat([load_daily(t, directory=directory) for t in tickers], ignore_index=True)


def return_basis(frame: pd.DataFrame) -> pd.Series:
    """The close to compute returns from: adjusted where the source has it, else the close."""
    if frame["adj_close"].notna().all():
        return frame["adj_close"]
    return frame["close"]


def closes(
    tickers: Iterable[str] | None = None, field: str = "close", directory: Path | None = None
) -> pd.DataFrame:
    """Wide frame (date x ticker) of ``field``; ``field="return_basis"`` picks :func:`return_basis`."""
    tickers = list(tickers) if tickers is not None else [s.ticker for s in SECURITIES]
    series = {}
    for ticker in tickers:
        daily = load_daily(ticker, directory=directory).set_index("date")
        series[ticker] = return_basis(daily) if field == "return_basis" else daily[field]
    return pd.DataFrame(series).sort_index()


def load_intraday(ticker: str, directory: Path | None = None) -> pd.DataFrame:
    """Five-minute bars with ``timestamp`` in US/Eastern time."""
    path = (directory or data_dir()) / "intraday" / f"{file_stem(ticker)}_5m.csv"
    frame = read_csv_checked(path, INTRADAY_COLUMNS)
    stamps = pd.to_datetime(frame["timestamp"], utc=True, errors="coerce", format="ISO8601")
    if stamps.isna().any():
        raise DataError(path, f"unparsable timestamp {frame['timestamp'][stamps.isna()].iloc[0]!r}")
    if stamps.duplicated().any():
        raise DataError(path, "duplicated timestamp")
    return frame.assign(timestamp=stamps.dt.tz_convert("America/New_York"))


def load_table(name: str, directory: Path | None = None) -> pd.DataFrame:
    """A non-price table in ``data/`` by its descriptor name (e.g. ``cost-v3-gpu-hours``)."""
    directory = directory or data_dir()
    package = read_package(directory)
    match = [r for r in package["resources"] if r["name"] == name]
    if not match:
        raise DataError(directory / "datapackage.json", f"no resource named {name!r}")
    resource = match[0]
    columns = [f["name"] for f in resource["schema"]["fields"]]
    frame = read_csv_checked(directory / resource["path"], columns)
    for field in resource["schema"]["fields"]:
        if field["type"] == "date":
            parsed = pd.to_datetime(frame[field["name"]], format="%Y-%m-%d", errors="coerce")
            bad = parsed.isna() & frame[field["name"]].notna()
            if bad.any():
                raise DataError(directory / resource["path"],
                                f"unparsable date {frame[field['name']][bad].iloc[0]!r}")
            frame[field["name"]] = parsed
    return frame
