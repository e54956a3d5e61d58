"""The one schema every daily price file in ``data/`` follows, and the error type."""

from __future__ import annotations

from pathlib import Path

#: Column order of a daily price file in the snapshot.
DAILY_COLUMNS = ["date", "ticker", "open", "high", "low", "close", "adj_close", "volume", "currency"]
NUMERIC_COLUMNS = ["open", "high", "low", "close", "adj_close", "volume"]
#: Column order of a five-minute bar file (timestamps are bar starts in UTC).
INTRADAY_COLUMNS = ["timestamp", "ticker", "open", "high", "low", "close", "volume"]

#: Frictionless Table Schema for the daily files (also written into the descriptor).
DAILY_TABLE_SCHEMA = {
    "fields": [
        {"name": "date", "type": "date", "description": "Trading day (exchange local date)",
         "constraints": {"required": True}},
        {"name": "ticker", "type": "string", "description": "Yahoo Finance symbol",
         "constraints": {"required": True}},
        {"name": "open", "type": "number", "description": "Opening price (empty if the source has none)"},
        {"name": "high", "type": "number", "description": "Session high"},
        {"name": "low", "type": "number", "description": "Session low"},
        {"name": "close", "type": "number",
         "description": "Closing price, unadjusted for dividends where the source has it (see close_adjusted)",
         "constraints": {"required": True}},
        {"name": "adj_close", "type": "number",
         "description": "Dividend- and split-adjusted close; empty where the source gives no adjusted series"},
        {"name": "volume", "type": "number", "description": "Shares traded (0 for indices)"},
        {"name": "currency", "type": "string", "description": "Trading currency, ISO 4217",
         "constraints": {"required": True}},
    ],
    "primaryKey": ["date", "ticker"],
}

INTRADAY_TABLE_SCHEMA = {
    "fields": [
        {"name": "timestamp", "type": "datetime", "description": "Bar start, UTC",
         "constraints": {"required": True}},
        {"name": "ticker", "type": "string", "constraints": {"required": True}},
        {"name": "open", "type": "number"},
        {"name": "high", "type": "number"},
        {"name": "low", "type": "number"},
        {"name": "close", "type": "number", "constraints": {"required": True}},
        {"name": "volume", "type": "number"},
    ],
    "primaryKey": ["timestamp", "ticker"],
}


class DataError(Exception):
    """A data file is missing or wrong. The message names the file and the problem."""

    def __init__(self, path: str | Path, problem: str):
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{path}: {problem}")
