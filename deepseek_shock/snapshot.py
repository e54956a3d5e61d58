"""Build and replace the committed price snapshot without ever leaving it half-written.

``import_csv`` reads the raw exports, ``refresh`` (see :mod:`.refresh`) downloads
from Yahoo Finance; both hand a set of frames to :func:`replace_files`, which
writes everything to a staging folder, validates it, and only then moves each
file into ``data/`` by atomic rename. Any failure before the move leaves the
snapshot byte-for-byte untouched.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

from . import descriptor as dp
from .importer import read_raw_daily, read_raw_intraday, to_snapshot_rows
from .schema import DAILY_TABLE_SCHEMA, INTRADAY_TABLE_SCHEMA, DataError
from .sources import INTRADAY, SECURITIES, RawFile, Security, file_stem

PRICE_LICENCE = "unspecified"  # Yahoo Finance data as published in a public repository


def daily_path(ticker: str, role: str = "prices") -> str:
    """Relative path of a ticker's daily file: ``prices/NVDA.csv`` or ``crosscheck/NVDA.csv``."""
    return f"{role}/{file_stem(ticker)}.csv"


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(path, index=False, float_format="%.15g", lineterminator="\n")


def raw_source(raw_dir: Path | None, raw: RawFile) -> dict[str, Any]:
    source = {
        "title": f"{raw.repo} {raw.path}",
        "path": f"https://github.com/{raw.repo}/blob/{raw.commit}/{raw.path}",
        "x_repository": raw.repo,
        "x_file": raw.path,
        "x_commit": raw.commit,
        "x_layout": raw.layout,
    }
    if raw.column:
        source["x_column"] = raw.column
    if raw_dir is not None:
        source["x_sha256"] = dp.sha256_of(raw_dir / raw.local_dir / raw.path)
    return source


def price_resource(
    file: Path, staging: Path, security: Security, role: str, source: dict[str, Any], adjusted: bool
) -> dict[str, Any]:
    frame = pd.read_csv(file, usecols=["date"])
    return dp.table_resource(
        file,
        staging,
        name=f"{role}-{file_stem(security.ticker).lower().replace('_', '-')}",
        title=f"{security.name} ({security.ticker}) daily prices"
        + (" - cross-check source" if role == "crosscheck" else ""),
        schema=DAILY_TABLE_SCHEMA,
        sources=[source],
        licence=PRICE_LICENCE,
        ticker=security.ticker,
        role=role,
        calendar=security.calendar,
        first_date=str(frame["date"].iloc[0]),
        last_date=str(frame["date"].iloc[-1]),
        close_adjusted=adjusted,
    )


def build_from_raw(raw_dir: Path, staging: Path) -> list[dict[str, Any]]:
    """Write every daily, cross-check and intraday file into ``staging``; return their resources."""
    resources = []
    for security in SECURITIES:
        pairs = [("prices", security.primary), ("crosscheck", security.crosscheck)]
        for role, raw in pairs:
            if raw is None:
                continue
            rows = to_snapshot_rows(read_raw_daily(raw_dir, raw), security, raw)
            if rows.empty:
                raise DataError(raw_dir / raw.local_dir / raw.path, "no rows in the snapshot period")
            file = staging / daily_path(security.ticker, role)
            write_csv(rows, file)
            resources.append(
                price_resource(file, staging, security, role, raw_source(raw_dir, raw), raw.adjusted)
            )
    for ticker, raw in INTRADAY.items():
        bars = read_raw_intraday(raw_dir, ticker, raw)
        file = staging / f"intraday/{file_stem(ticker)}_5m.csv"
        write_csv(bars, file)
        resources.append(
            dp.table_resource(
                file, staging,
                name=f"intraday-{file_stem(ticker).lower()}-5m",
                title=f"{ticker} five-minute bars around 27 January 2025 (regular hours)",
                schema=INTRADAY_TABLE_SCHEMA, sources=[raw_source(raw_dir, raw)],
                licence=PRICE_LICENCE, ticker=ticker, role="intraday",
                first_date=bars["timestamp"].iloc[0][:10], last_date=bars["timestamp"].iloc[-1][:10],
                close_adjusted=False,
            )
        )
    return resources


def replace_files(
    build: Callable[[Path], list[dict[str, Any]]],
    directory: Path | None = None,
    validate: Callable[[Path, dict[str, Any]], None] | None = None,
) -> list[str]:
    """Stage, validate, then swap files into ``directory``; return the relative paths written.

    ``build(staging)`` writes files and returns their resources. The new
    descriptor is the old one with those resources replaced. ``validate`` gets
    the staging folder and the new descriptor and raises on any problem; the
    snapshot is only touched after it returns.
    """
    directory = directory or dp.data_dir()
    directory.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=directory))
    try:
        resources = build(staging)
        try:
            package = dp.read_package(directory)
        except DataError:
            package = dp.empty_package()
        package = dp.upsert(package, resources)
        if validate is not None:
            validate(staging, package)
        written = [r["path"] for r in resources]
        for rel in written:
            target = directory / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging / rel, target)
        dp.write_package(package, directory)
        return written
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def import_csv(raw_dir: Path, directory: Path | None = None) -> list[str]:
    """Build the price snapshot from raw exports (``python -m deepseek_shock import-csv``)."""
    from .validate import validate_staged

    if not raw_dir.is_dir():
        raise DataError(raw_dir, "raw-export directory not found")
    return replace_files(lambda staging: build_from_raw(raw_dir, staging), directory,
                         validate_staged)
