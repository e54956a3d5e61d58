"""Company financial statements (Yahoo Finance layout) brought into one long table.

The raw exports have one row per fiscal period and one column per line item
(``Total Revenue``, ``Capital Expenditure``...). The importer keeps the line
items the book uses, for every company and period, as
``ticker, statement, frequency, period_end, item, value`` (values in the
company's reporting currency, US dollars for all ten). Yahoo labels a fiscal
period by month end: NVIDIA's fiscal 2025, which ended on 26 January 2025,
appears as 2025-01-31. Capital expenditure is negative (cash paid out).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from . import descriptor as dp
from .loaders import read_csv_checked
from .schema import DataError
from .snapshot import raw_source, write_csv
from .sources import RawFile

COMPANIES = ["NVDA", "MSFT", "GOOG", "AMZN", "META", "AMD", "AVGO", "TSM", "MU", "INTC"]
STATEMENTS = ["income", "cashflow", "balance"]
FREQUENCIES = ["annual", "quarterly"]
ITEMS = {
    "income": ["Total Revenue", "Gross Profit", "Operating Income", "Net Income"],
    "cashflow": ["Capital Expenditure", "Purchase Of PPE", "Operating Cash Flow", "Free Cash Flow"],
    "balance": ["Ordinary Shares Number", "Share Issued"],
}
COLUMNS = ["ticker", "statement", "frequency", "period_end", "item", "value"]
PATH = "financials/statements.csv"
SCHEMA = {
    "fields": [
        {"name": "ticker", "type": "string", "constraints": {"required": True, "enum": COMPANIES}},
        {"name": "statement", "type": "string", "constraints": {"required": True, "enum": STATEMENTS}},
        {"name": "frequency", "type": "string", "constraints": {"required": True, "enum": FREQUENCIES}},
        {"name": "period_end", "type": "date",
         "description": "Fiscal period end as Yahoo labels it (month end)", "constraints": {"required": True}},
        {"name": "item", "type": "string", "description": "Line item, Yahoo Finance naming",
         "constraints": {"required": True}},
        {"name": "value", "type": "number", "description": "US dollars (shares for share counts)",
         "constraints": {"required": True}},
    ],
    "primaryKey": ["ticker", "statement", "frequency", "period_end", "item"],
}


def raw_file(ticker: str, statement: str, frequency: str) -> RawFile:
    return RawFile("heliar-k/market-base", f"data/financials/{ticker}/{statement}_{frequency}.csv",
                   "yahoo_financials", adjusted=False)


def read_statement(raw_dir: Path, raw: RawFile, items: list[str]) -> pd.DataFrame:
    path = raw_dir / raw.local_dir / raw.path
    frame = read_csv_checked(path, ["date"])
    present = [i for i in items if i in frame.columns]
    long = frame.melt(id_vars="date", value_vars=present, var_name="item", value_name="value")
    long["value"] = pd.to_numeric(long["value"], errors="coerce")
    long = long.dropna(subset=["value"])
    dates = pd.to_datetime(long["date"], format="%Y-%m-%d", errors="coerce")
    if dates.isna().any():
        raise DataError(path, f"unparsable date {long['date'][dates.isna()].iloc[0]!r}")
    return long.assign(period_end=dates.dt.strftime("%Y-%m-%d")).drop(columns="date")


def build(raw_dir: Path, staging: Path) -> list[dict[str, Any]]:
    parts, sources = [], []
    for ticker in COMPANIES:
        for statement in STATEMENTS:
            for frequency in FREQUENCIES:
                raw = raw_file(ticker, statement, frequency)
                part = read_statement(raw_dir, raw, ITEMS[statement])
                parts.append(part.assign(ticker=ticker, statement=statement, frequency=frequency))
                sources.append(raw_source(raw_dir, raw))
    table = pd.concat(parts, ignore_index=True)[COLUMNS]
    table = table.sort_values(["ticker", "statement", "frequency", "period_end", "item"])
    file = staging / PATH
    write_csv(table, file)
    return [dp.table_resource(
        file, staging, name="financials-statements",
        title="Company financial statements: revenue, capital expenditure, share counts",
        schema=SCHEMA, sources=sources, licence="unspecified", role="table",
    )]


def load_financials(ticker: str | None = None, item: str | None = None,
                    frequency: str | None = None, directory: Path | None = None) -> pd.DataFrame:
    """Rows of the statements table, optionally filtered; ``period_end`` as a timestamp."""
    path = (directory or dp.data_dir()) / PATH
    frame = read_csv_checked(path, COLUMNS)
    frame["period_end"] = pd.to_datetime(frame["period_end"], format="%Y-%m-%d", errors="coerce")
    if frame["period_end"].isna().any():
        raise DataError(path, "unparsable period_end")
    for column, wanted in [("ticker", ticker), ("item", item), ("frequency", frequency)]:
        if wanted is not None:
            frame = frame[frame[column] == wanted]
    return frame.reset_index(drop=True)


def series(ticker: str, item: str, frequency: str, directory: Path | None = None) -> pd.Series:
    """One line item over time, indexed by period end."""
    rows = load_financials(ticker, item, frequency, directory)
    return rows.set_index("period_end")["value"].sort_index()


#: Month in which each company's fiscal year ends (NVIDIA: late January; Microsoft: June).
FISCAL_YEAR_END = {"NVDA": 1, "MSFT": 6, "GOOG": 12, "AMZN": 12, "META": 12}


def fiscal_year(period_end: pd.Timestamp, fy_end_month: int) -> int:
    """Fiscal year (named by the calendar year it ends in) that contains ``period_end``."""
    period_end = pd.Timestamp(period_end)
    return period_end.year if period_end.month <= fy_end_month else period_end.year + 1


def fiscal_quarter(period_end: pd.Timestamp, fy_end_month: int) -> int:
    """Quarter (1-4) of the fiscal year that ends in the month of ``period_end``."""
    months_after_year_end = (pd.Timestamp(period_end).month - fy_end_month) % 12
    if months_after_year_end % 3:
        raise ValueError(f"{period_end} is not a quarter end for a year ending in month {fy_end_month}")
    return months_after_year_end // 3 or 4


def fiscal_label(period_end: pd.Timestamp, fy_end_month: int, quarterly: bool) -> str:
    """``"Q1 FY2026"`` or ``"FY2026"``."""
    year = fiscal_year(period_end, fy_end_month)
    return f"Q{fiscal_quarter(period_end, fy_end_month)} FY{year}" if quarterly else f"FY{year}"


def month_end(day: pd.Timestamp | str) -> pd.Timestamp:
    """The month end Yahoo uses to label a fiscal period (NVIDIA's 26 Jan 2025 -> 31 Jan 2025)."""
    return pd.Timestamp(day) + pd.offsets.MonthEnd(0)
