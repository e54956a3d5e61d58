"""The announcement chapter: DeepSeek's timeline and whether the market reacted to each release.

Conventions
-----------
* A release "reaches" a market on the first trading session on or after its
  calendar date, read from the exchange calendar of the ticker
  (``exchange_calendars``, e.g. XNYS for NVIDIA). DeepSeek published V3 on
  26 Dec 2024 and R1 on 20 Jan 2025 in the Beijing evening, which is before
  the New York open of the same date; 20 Jan 2025 was a US holiday (Martin
  Luther King Jr. Day), so R1's first US session is 21 Jan.
* The reaction is the simple close-to-close return on that session (the same
  unadjusted closes as the headline day-0 figure), expressed as a z-score
  against the ``window`` returns of the sessions just before it (default 60,
  about three months): ``z = (R - mean) / sd`` with the sample standard
  deviation (ddof = 1), via :func:`deepseek_shock.returns.zscore`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from .book import cite_role, pipe_table
from .calendars import first_session_on_or_after
from .loaders import load_daily, load_table
from .returns import return_on, simple_returns, zscore
from .sources import BY_TICKER

#: Allowed categories of the timeline table (also the enum of its schema).
TIMELINE_CATEGORIES = ["company", "model release", "paper", "app", "market", "policy",
                       "commentary", "regulator"]
#: How exactly a timeline date is known ("year": only the year, stored as 1 January).
DATE_PRECISIONS = ["day", "month", "year"]
#: Trading sessions of returns used as the "recent volatility" baseline.
VOLATILITY_WINDOW = 60
#: |z| above which a session counts as unusual (about two standard deviations).
UNUSUAL_Z = 2.0
#: The releases and the sell-off whose first-session reactions the chapter compares.
REACTION_EVENTS = {"DeepSeek-V3 released": "v3-release", "DeepSeek-R1 released": "r1-release",
                   "Day 0: the sell-off": "selloff"}


def load_timeline() -> pd.DataFrame:
    """The compiled timeline, oldest first (ties keep the file's order)."""
    return load_table("timeline").sort_values("date", kind="stable").reset_index(drop=True)


def event_date(timeline: pd.DataFrame, event_id: str) -> pd.Timestamp:
    """The date of one timeline event, by its ``event_id``."""
    match = timeline.loc[timeline["event_id"] == event_id, "date"]
    if len(match) != 1:
        raise KeyError(f"timeline has {len(match)} rows for event {event_id!r}")
    return pd.Timestamp(match.iloc[0])


def display_date(day: pd.Timestamp, precision: str) -> str:
    """A timeline date as a reader should see it: ``27 Jan 2025``, ``May 2023`` or ``2015``."""
    formats = {"day": "%d %b %Y", "month": "%b %Y", "year": "%Y"}
    text = pd.Timestamp(day).strftime(formats[precision])
    return text.lstrip("0") if precision == "day" else text


class CitedTable:
    """A MyST markdown table (rendered with ``{cite}`` roles) with a plain-text repr for nbval."""

    def __init__(self, markdown: str, plain: str) -> None:
        self.markdown, self.plain = markdown, plain

    def _repr_markdown_(self) -> str:
        return self.markdown

    def __repr__(self) -> str:
        return self.plain


def timeline_markdown(timeline: pd.DataFrame) -> CitedTable:
    """The timeline as a MyST table whose last column cites each row's sources.

    Dollar signs are escaped so that MyST's dollar-math extension leaves them alone.
    """
    rows = ([display_date(row.date, row.date_precision), f"**{row.event}**", row.description,
             cite_role(row.source_keys)] for row in timeline.itertuples(index=False))
    markdown = pipe_table(["Date", "Event", "What happened", "Source"], rows)
    plain = timeline[["date", "category", "event"]].assign(date=timeline["date"].dt.strftime("%Y-%m-%d"))
    return CitedTable(markdown, plain.to_string(index=False))


def reaction_zscore(prices: pd.Series, session: str | pd.Timestamp,
                    window: int = VOLATILITY_WINDOW) -> dict[str, float]:
    """Return on ``session`` and its z-score against the ``window`` returns just before it.

    Raises ``KeyError`` if ``session`` has no close, and ``ValueError`` if fewer
    than ``window`` earlier returns exist.
    """
    prices = prices.dropna().sort_index()
    session = pd.Timestamp(session)
    value = return_on(prices, session)
    earlier = simple_returns(prices.loc[:session]).iloc[:-1].dropna()
    if len(earlier) < window:
        raise ValueError(f"only {len(earlier)} returns before {session.date()}, need {window}")
    baseline = earlier.iloc[-window:]
    return {
        "return": value,
        "baseline_mean": float(baseline.mean()),
        "baseline_sd": float(baseline.std(ddof=1)),
        "z": zscore(value, baseline),
        "baseline_start": baseline.index[0],
        "baseline_end": baseline.index[-1],
    }


def rolling_reaction_z(prices: pd.Series, window: int = VOLATILITY_WINDOW) -> pd.Series:
    """Every session's z-score, each against the ``window`` returns just before it.

    The same statistic as :func:`reaction_zscore`, for all sessions at once (NaN until
    ``window`` earlier returns exist), so a release day can be compared with ordinary days.
    """
    returns = simple_returns(prices.dropna().sort_index()).dropna()
    earlier = returns.shift(1).rolling(window, min_periods=window)
    return ((returns - earlier.mean()) / earlier.std(ddof=1)).rename("z")


def share_unusual(z: pd.Series, threshold: float = UNUSUAL_Z) -> float:
    """Share of sessions (ignoring NaN) with ``|z| > threshold``."""
    z = z.dropna()
    if z.empty:
        raise ValueError("no z-scores to count")
    return float((z.abs() > threshold).mean())


def release_reactions(ticker: str = "NVDA", events: Mapping[str, str] | None = None,
                      window: int = VOLATILITY_WINDOW,
                      timeline: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per event: calendar date, first session, that session's return and z-score."""
    events = dict(events or REACTION_EVENTS)
    timeline = load_timeline() if timeline is None else timeline
    calendar_code = BY_TICKER[ticker].calendar
    prices = load_daily(ticker).set_index("date")["close"]
    rows = []
    for label, event_id in events.items():
        day = event_date(timeline, event_id)
        session = first_session_on_or_after(day, calendar_code)
        stats = reaction_zscore(prices, session, window)
        rows.append({"event": label, "event_date": day, "first_session": session,
                     "return": stats["return"], "baseline_sd": stats["baseline_sd"],
                     "z": stats["z"]})
    return pd.DataFrame(rows).set_index("event")


def rebase(prices: pd.DataFrame, on: str | pd.Timestamp, level: float = 100.0) -> pd.DataFrame:
    """Scale each column so that its value on ``on`` equals ``level`` (an index)."""
    base = prices.loc[pd.Timestamp(on)]
    if base.isna().any():
        raise KeyError(f"no value on {pd.Timestamp(on).date()} for {list(base[base.isna()].index)}")
    return prices / base * level


def benchmark_table() -> pd.DataFrame:
    """R1 vs OpenAI o1-1217 on the benchmarks DeepSeek reported for both, with the gap."""
    table = load_table("r1-benchmarks")
    return table.assign(gap=table["deepseek_r1"] - table["openai_o1_1217"])


def announcement_figures() -> dict[str, Any]:
    """Headline numbers of the chapter: NVIDIA's first-session z-scores for V3, R1 and day 0."""
    reactions = release_reactions()
    keys = {"DeepSeek-V3 released": "v3", "DeepSeek-R1 released": "r1", "Day 0: the sell-off": "day0"}
    out: dict[str, Any] = {"announcement.volatility_window_sessions": VOLATILITY_WINDOW}
    for label, key in keys.items():
        row = reactions.loc[label]
        out[f"announcement.nvda_{key}_first_session"] = row["first_session"].strftime("%Y-%m-%d")
        out[f"announcement.nvda_{key}_return"] = float(row["return"])
        out[f"announcement.nvda_{key}_z"] = float(row["z"])
    return out
