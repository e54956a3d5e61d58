"""``python -m deepseek_shock check``: prove the snapshot is what the descriptor says.

Checks, per file: sha256 against the descriptor, Frictionless schema
validation (types, required values, primary key), the daily-file invariants
of :func:`~deepseek_shock.loaders.check_daily_frame`, OHLC consistency, no
missing or extra sessions against the exchange's calendar (exchange-calendars),
and agreement of daily returns with the cross-check source where one exists.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from . import descriptor as dp
from .calendars import exchange_calendar
from .loaders import check_daily_frame, read_csv_checked, return_basis
from .schema import DAILY_COLUMNS, DataError

#: Two sources "agree" on a day when their daily returns differ by less than this.
RETURN_TOLERANCE = 5e-4
#: Adjusted and unadjusted files differ on ex-dividend days (by the dividend
#: yield), so a few disagreeing days are expected; more than this share is not.
MAX_DISAGREEING_SHARE = 0.03
#: No single day may differ by more than this. The largest single dividend
#: among these names is Tokyo Electron's (about 2.3% of the price on its
#: September 2022 ex-date, J-Quants unadjusted vs Yahoo adjusted).
MAX_RETURN_GAP = 0.025
#: Relative slack for OHLC comparisons (sources round to a few decimals).
OHLC_SLACK = 1e-4

#: Sessions that an exchange calendar lists but the market did not trade,
#: each with the reason. Only documented closures belong here.
KNOWN_CLOSURES: dict[str, dict[str, str]] = {
    "XHKG": {
        "2023-09-01": "HKEX shut all day for Typhoon Saola (signal no. 8)",
        "2023-09-08": "HKEX shut all day for the black rainstorm warning",
    },
}

#: Source errors documented in the provenance notes, per (ticker, date). Those
#: days are left out of the OHLC and cross-source comparisons, never edited.
KNOWN_SOURCE_QUIRKS: dict[tuple[str, str], str] = {
    ("8035.T", "2022-05-17"): "Yahoo bar has the low above the close (cross-check file only)",
    ("8035.T", "2024-01-15"): "Yahoo partial-day bar (volume a quarter of J-Quants')",
    ("8035.T", "2024-01-16"): "return computed from the Yahoo partial-day bar of 2024-01-15",
    ("6857.T", "2024-01-15"): "Yahoo partial-day bar, as for 8035.T",
    ("6857.T", "2024-01-16"): "return computed from the Yahoo partial-day bar of 2024-01-15",
    ("9984.T", "2024-01-15"): "Yahoo partial-day bar, as for 8035.T",
    ("9984.T", "2024-01-16"): "return computed from the Yahoo partial-day bar of 2024-01-15",
    ("BIDU", "2026-03-26"): "last row of the Koi-west export looks intraday (112.32 vs 109.91 close)",
    ("^VIX", "2026-02-06"): "CBOE history 17.76 vs Yahoo 20.37: sources disagree, unresolved",
    ("^VIX", "2026-02-09"): "return computed from the disputed 2026-02-06 value",
}


def quirk_dates(ticker: str) -> pd.DatetimeIndex:
    return pd.DatetimeIndex([pd.Timestamp(d) for t, d in KNOWN_SOURCE_QUIRKS if t == ticker])


def missing_and_extra_sessions(dates: pd.Series, calendar_code: str) -> tuple[list, list]:
    """Calendar sessions absent from ``dates``, and dates that are not sessions."""
    first, last = dates.min(), dates.max()
    sessions = pd.DatetimeIndex(exchange_calendar(calendar_code).sessions_in_range(first, last))
    sessions = sessions.tz_localize(None) if sessions.tz else sessions
    have = pd.DatetimeIndex(dates)
    missing = [d.date() for d in sessions.difference(have)]
    extra = [d.date() for d in have.difference(sessions)]
    return missing, extra


def ohlc_violations(frame: pd.DataFrame) -> pd.Series:
    """Dates where the low is above the open/close or the high below them."""
    full = frame.dropna(subset=["open", "high", "low"])
    slack = full["close"] * OHLC_SLACK
    low_bad = full["low"] > full[["open", "close"]].min(axis=1) + slack
    high_bad = full["high"] < full[["open", "close"]].max(axis=1) - slack
    return full.loc[low_bad | high_bad, "date"]


def return_disagreement(primary: pd.DataFrame, other: pd.DataFrame) -> dict[str, float]:
    """Compare daily returns of two sources on the dates both have (documented quirks excluded)."""
    a = return_basis(primary.set_index("date")).pct_change()
    b = return_basis(other.set_index("date")).pct_change()
    both = pd.concat([a, b], axis=1, join="inner").dropna()
    both = both.drop(quirk_dates(primary["ticker"].iloc[0]), errors="ignore")
    gap = (both.iloc[:, 0] - both.iloc[:, 1]).abs()
    return {
        "days": int(len(gap)),
        "share_disagreeing": float((gap > RETURN_TOLERANCE).mean()) if len(gap) else 0.0,
        "max_gap": float(gap.max()) if len(gap) else 0.0,
    }


def _frictionless_errors(directory: Path, resource: dict[str, Any]) -> list[str]:
    from frictionless import Resource

    descriptor = {k: v for k, v in resource.items() if not k.startswith("x_") and k != "sources"}
    report = Resource.from_descriptor(descriptor, basepath=str(directory)).validate()
    return [
        f"row {row}, field {field}: {note}" if row else note
        for row, field, note in report.flatten(["rowNumber", "fieldName", "note"])
    ][:5]


def check_price_resource(directory: Path, resource: dict[str, Any],
                         by_ticker: dict[str, dict[str, pd.DataFrame]]) -> list[str]:
    path = directory / resource["path"]
    frame = check_daily_frame(read_csv_checked(path, DAILY_COLUMNS), path)
    by_ticker.setdefault(resource["x_ticker"], {})[resource["x_role"]] = frame
    problems = []
    bad = ohlc_violations(frame)
    bad = bad[~bad.isin(quirk_dates(resource["x_ticker"]))]
    if len(bad):
        problems.append(f"{path}: OHLC inconsistent on {len(bad)} day(s), first {bad.iloc[0].date()}")
    missing, extra = missing_and_extra_sessions(frame["date"], resource["x_calendar"])
    known = KNOWN_CLOSURES.get(resource["x_calendar"], {})
    missing = [d for d in missing if str(d) not in known]
    if missing:
        problems.append(f"{path}: {len(missing)} trading day(s) missing, first {missing[0]}")
    if extra:
        problems.append(f"{path}: {len(extra)} date(s) that are not {resource['x_calendar']} sessions, "
                        f"first {extra[0]}")
    return problems


def check_citations(path: Path, columns: list[str]) -> list[str]:
    """Every citation key in ``columns`` must exist in ``references.bib``."""
    from .tables import bib_keys, unknown_citations

    frame = read_csv_checked(path, columns)
    known = bib_keys()
    unknown = unknown_citations([v for c in columns for v in frame[c].tolist()], known)
    return [f"{path}: citation key(s) not in references.bib: {', '.join(unknown)}"] if unknown else []


def check_directory(directory: Path | None = None, frictionless: bool = True) -> list[str]:
    """Every problem found in the snapshot; an empty list means it is sound."""
    directory = directory or dp.data_dir()
    try:
        package = dp.read_package(directory)
    except DataError as exc:
        return [str(exc)]
    return check_package(directory, package, frictionless=frictionless)


def check_package(directory: Path, package: dict[str, Any], frictionless: bool = True) -> list[str]:
    problems: list[str] = []
    by_ticker: dict[str, dict[str, pd.DataFrame]] = {}
    for resource in package["resources"]:
        path = directory / resource["path"]
        if not path.exists():
            problems.append(f"{path}: file listed in the descriptor is missing")
            continue
        expected = resource.get("hash", "").removeprefix("sha256:")
        actual = dp.sha256_of(path)
        if expected != actual:
            problems.append(f"{path}: sha256 {actual[:12]}... does not match the descriptor "
                            f"({expected[:12] or 'none'}...)")
            continue
        if frictionless:
            problems += [f"{path}: {e}" for e in _frictionless_errors(directory, resource)]
        try:
            if resource.get("x_role") in ("prices", "crosscheck"):
                problems += check_price_resource(directory, resource, by_ticker)
            if resource.get("x_citation_columns"):
                problems += check_citations(path, resource["x_citation_columns"])
        except DataError as exc:
            problems.append(str(exc))
    for ticker, roles in sorted(by_ticker.items()):
        if "prices" in roles and "crosscheck" in roles:
            stats = return_disagreement(roles["prices"], roles["crosscheck"])
            if stats["share_disagreeing"] > MAX_DISAGREEING_SHARE or stats["max_gap"] > MAX_RETURN_GAP:
                problems.append(
                    f"{ticker}: primary and cross-check returns disagree on "
                    f"{stats['share_disagreeing']:.1%} of {stats['days']} days (max gap "
                    f"{stats['max_gap']:.4f})"
                )
    return problems


def cross_source_table(directory: Path | None = None) -> pd.DataFrame:
    """Per ticker: common days and how far primary and cross-check returns differ."""
    from .loaders import load_daily
    from .sources import SECURITIES

    rows = []
    for security in SECURITIES:
        if security.crosscheck is None:
            continue
        stats = return_disagreement(load_daily(security.ticker, directory=directory),
                                    load_daily(security.ticker, "crosscheck", directory=directory))
        rows.append({"ticker": security.ticker, **stats})
    return pd.DataFrame(rows)


def validate_staged(staging: Path, package: dict[str, Any], frictionless: bool = False) -> None:
    """Raise :class:`DataError` if a staged file fails any check (run before the swap).

    Importers pass this (or :func:`validate_staged_frictionless`) to
    :func:`deepseek_shock.snapshot.replace_files`; only files present in the
    staging folder are checked, the live snapshot is not read.
    """
    staged = [r for r in package["resources"] if (staging / r["path"]).exists()]
    problems = check_package(staging, {"resources": staged}, frictionless=frictionless)
    if problems:
        raise DataError(staging.parent, "new data failed validation, snapshot left unchanged: "
                        + "; ".join(problems[:5]))


def validate_staged_frictionless(staging: Path, package: dict[str, Any]) -> None:
    """:func:`validate_staged` plus Frictionless schema validation of every staged row."""
    validate_staged(staging, package, frictionless=True)


def summarise(problems: list[str]) -> str:
    return "\n".join(problems) if problems else "snapshot OK"

