"""Shared helpers for the data tests: copies of the snapshot and digests to prove nothing changed."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pandas as pd

from deepseek_shock.descriptor import data_dir

REPO = Path(__file__).resolve().parent.parent


def copy_snapshot(target: Path) -> Path:
    """A private copy of ``data/`` to break things in."""
    shutil.copytree(data_dir(), target, ignore=shutil.ignore_patterns(".staging-*"))
    return target


def digest_tree(directory: Path) -> dict[str, str]:
    """sha256 of every file under ``directory`` (relative path -> digest)."""
    return {
        p.relative_to(directory).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(directory.rglob("*")) if p.is_file()
    }


def daily_frame(rows: list[tuple], ticker: str = "TEST") -> pd.DataFrame:
    """A small daily price frame in the snapshot schema from (date, close) or full OHLC rows."""
    records = []
    for row in rows:
        if len(row) == 2:
            date, close = row
            records.append((date, ticker, close, close, close, close, close, 1000.0, "USD"))
        else:
            records.append((row[0], ticker, *row[1:], "USD"))
    return pd.DataFrame(records, columns=["date", "ticker", "open", "high", "low", "close", "adj_close",
                                          "volume", "currency"])
