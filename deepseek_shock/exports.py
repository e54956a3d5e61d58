"""Export-control chapter: the dated rules, the market's reaction to each, NVIDIA's China exposure.

* ``data/tables/export_rules.csv`` (descriptor name ``export-rules``): one row per
  rule or action, with its public date, who acted, what kind of action it was
  and what it covered, each with a ``references.bib`` key.
* :func:`market_day` turns a public date and its timing into the first US
  session on which the market could trade on the news (exchange-calendars,
  NYSE calendar): the same day for news before or during a session, the next
  session for news after the close or on a day the market was shut.
* :func:`rule_event_study` runs the market chapter's
  :func:`deepseek_shock.eventstudy.event_study` (same defaults: market model,
  250-session estimation window ending 11 sessions before day 0) on every
  rule's market day.
* ``data/tables/nvidia_china_revenue.csv`` (``nvidia-china-revenue``): NVIDIA's
  China and Singapore figures, confirmed values only (unconfirmed cells empty).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from . import eventstudy, financials
from .calendars import exchange_calendar, first_session_on_or_after
from .loaders import load_table

RULES_TABLE = "export-rules"
CHINA_REVENUE_TABLE = "nvidia-china-revenue"
CALENDAR = "XNYS"
TICKERS = ("NVDA", "^SOX")
MARKET = "^GSPC"
DEEPSEEK_DAY = "2025-01-27"

TIMINGS = ("before_open", "during_session", "after_close", "unknown")
AGENCIES = ("BIS", "US government", "US President", "NVIDIA", "CAC", "SAMR", "Chinese authorities")
ACTIONS = ("rule", "licence requirement", "licence decision", "rescission", "revenue-share deal",
           "regulatory action", "product response", "political event")
#: Actions that are not a government decision about chips: kept in the timeline, not event-studied.
NOT_STUDIED = ("product response", "political event")
EFFECTS = ("negative", "positive", "neutral")
CHINA_AGENCIES = ("CAC", "SAMR", "Chinese authorities")


# --------------------------------------------------------------------------- rules table
def load_rules() -> pd.DataFrame:
    """The rules table, dates parsed, sorted by date."""
    return load_table(RULES_TABLE).sort_values("date", kind="stable").reset_index(drop=True)


def market_day(date: str | pd.Timestamp, timing: str, calendar: str = CALENDAR) -> pd.Timestamp:
    """First session on which the market could trade on news made public on ``date``.

    News before the open or during a session -> that session; news after the
    close -> the next session; ``unknown`` timing is treated like a daytime
    announcement (the caller can look at the two-day CAR to cover a late one).
    A ``date`` that is not a session (weekend, holiday) -> the next session.
    """
    if timing not in TIMINGS:
        raise ValueError(f"timing must be one of {TIMINGS}, not {timing!r}")
    cal = exchange_calendar(calendar)
    day = pd.Timestamp(date).normalize()
    if not cal.is_session(day):
        return first_session_on_or_after(day, calendar)
    if timing == "after_close":
        return pd.Timestamp(cal.next_session(day))
    return day


def market_day_reason(date: pd.Timestamp, timing: str, calendar: str = CALENDAR) -> str:
    """One line saying why :func:`market_day` picked its session."""
    cal = exchange_calendar(calendar)
    if not cal.is_session(pd.Timestamp(date)):
        return "market shut that day: next session"
    if timing == "after_close":
        return "announced after the close: next session"
    if timing == "unknown":
        return "time of day not sourced: same session (see two-day CAR)"
    return "announced before or during the session: same session"


def with_market_days(rules: pd.DataFrame, calendar: str = CALENDAR) -> pd.DataFrame:
    """``rules`` plus ``market_day``, ``market_day_reason`` and ``studied`` columns."""
    out = rules.copy()
    out["market_day"] = [market_day(d, t, calendar) for d, t in zip(out["date"], out["timing"], strict=True)]
    out["market_day_reason"] = [market_day_reason(d, t, calendar)
                                for d, t in zip(out["date"], out["timing"], strict=True)]
    out["studied"] = ~out["action"].isin(NOT_STUDIED)
    return out


def side(agency: str) -> str:
    """``"China"`` for Chinese agencies, ``"NVIDIA"`` for the company, else ``"US"``."""
    if agency in CHINA_AGENCIES:
        return "China"
    return "NVIDIA" if agency == "NVIDIA" else "US"


# --------------------------------------------------------------------------- event study
def event_returns(tickers: Sequence[str] = TICKERS, market: str = MARKET) -> pd.DataFrame:
    """Daily simple returns of ``tickers`` and ``market`` from the market chapter's function."""
    return eventstudy.daily_returns([*tickers, market])


def study_one(returns: pd.DataFrame, day: str | pd.Timestamp, tickers: Sequence[str] = TICKERS,
              market: str = MARKET) -> pd.DataFrame:
    """:func:`eventstudy.event_study` with its default settings for one event day."""
    return eventstudy.event_study(returns[list(tickers)], returns[market], str(pd.Timestamp(day).date()))


def rule_event_study(rules: pd.DataFrame, returns: pd.DataFrame | None = None,
                     tickers: Sequence[str] = TICKERS, market: str = MARKET) -> pd.DataFrame:
    """Long table: one row per (studied rule, ticker) with the event-study columns.

    ``rules`` must carry ``market_day`` and ``studied`` (see :func:`with_market_days`).
    Besides the event-study columns, rows keep ``id``, ``date``, ``market_day``,
    ``agency`` and ``for_nvidia_china`` and add the raw day-0 returns of the
    ticker (``return_0``) and of the market (``market_return_0``).
    """
    returns = event_returns(tickers, market) if returns is None else returns
    frames = []
    for rule in rules[rules["studied"]].itertuples(index=False):
        table = study_one(returns, rule.market_day, tickers, market).reset_index()
        table["return_0"] = [float(returns.at[pd.Timestamp(rule.market_day), t]) for t in table["ticker"]]
        table["market_return_0"] = float(returns.at[pd.Timestamp(rule.market_day), market])
        table.insert(0, "id", rule.id)
        table.insert(1, "date", rule.date)
        table.insert(2, "market_day", rule.market_day)
        table["agency"] = rule.agency
        table["for_nvidia_china"] = rule.for_nvidia_china
        frames.append(table)
    return pd.concat(frames, ignore_index=True)


def wide(study: pd.DataFrame, column: str = "ar_0") -> pd.DataFrame:
    """``study`` pivoted to one row per event, one column per ticker."""
    return study.pivot(index="id", columns="ticker", values=column)


def larger_moves(study: pd.DataFrame, reference: float, ticker: str = "NVDA",
                 column: str = "ar_0") -> int:
    """How many events moved ``ticker`` by more (in absolute value) than ``reference``."""
    values = study.loc[study["ticker"] == ticker, column].dropna()
    return int((values.abs() > abs(reference)).sum())


# --------------------------------------------------------------------------- China exposure
def fiscal_year(period_end: str | pd.Timestamp) -> int:
    """NVIDIA's fiscal year (ends late January): Jan 2025 -> 2025, Oct 2025 -> 2026."""
    return financials.fiscal_year(pd.Timestamp(period_end), financials.FISCAL_YEAR_END["NVDA"])


def load_china_revenue() -> pd.DataFrame:
    """The China/Singapore exposure table (unconfirmed values are empty)."""
    return load_table(CHINA_REVENUE_TABLE)


def confirmed(table: pd.DataFrame) -> pd.DataFrame:
    """Rows with a confirmed, non-empty value."""
    return table[(table["status"] == "confirmed") & table["value"].notna()]


def implied_revenue(share: float, total: float) -> float:
    """Dollar value implied by a reported (rounded) share of a total."""
    if not 0 <= share <= 1:
        raise ValueError("share must be a fraction between 0 and 1")
    return float(share * total)


def share_of(part: float, total: float) -> float:
    """``part / total`` as a fraction."""
    if total <= 0:
        raise ValueError("total must be positive")
    return float(part / total)


# --------------------------------------------------------------------------- chips
#: The five parts compared in the chapter, as named in Epoch AI's chip dataset -> short label.
COMPARED_CHIPS = {
    "NVIDIA A100 SXM4 80 GB": "A100",
    "NVIDIA H100 SXM5 80GB": "H100",
    "NVIDIA H800 SXM5": "H800",
    "NVIDIA HGX H20": "H20",
    "NVIDIA H200 SXM": "H200",
}
CHIP_METRICS = ("bf16_dense_tflops", "int8_dense_tops", "memory_bandwidth_gbps",
                "intranode_bandwidth_gbps")


def chip_comparison(chips: pd.DataFrame, interconnect: pd.DataFrame,
                    names: dict[str, str] = COMPARED_CHIPS) -> pd.DataFrame:
    """One row per compared chip (short label) with :data:`CHIP_METRICS`.

    Values come from Epoch AI's dataset (``chips``, column ``chip``). Where Epoch
    has no intranode bandwidth, a *sourced* ``nvlink_aggregate`` row of
    ``interconnect`` fills it; ``intranode_source`` says which ("Epoch AI",
    the citation key, or "" when neither has a value). Nothing else is filled.
    """
    specs = chips.set_index("chip").loc[list(names), list(CHIP_METRICS)].astype(float)
    specs.index = [names[n] for n in specs.index]
    specs.index.name = "chip"
    source = pd.Series("", index=specs.index, dtype=object)
    source[specs["intranode_bandwidth_gbps"].notna()] = "Epoch AI"
    cited = interconnect[(interconnect["measure"] == "nvlink_aggregate")
                         & (interconnect["status"] == "sourced") & interconnect["value_gbps"].notna()]
    for row in cited.itertuples(index=False):
        label = names.get(row.chip)
        if label is not None and pd.isna(specs.at[label, "intranode_bandwidth_gbps"]):
            specs.at[label, "intranode_bandwidth_gbps"] = float(row.value_gbps)
            source[label] = row.source_key
    specs["intranode_source"] = source
    return specs


def relative_to(specs: pd.DataFrame, base: str, columns: Sequence[str]) -> pd.DataFrame:
    """Each chip's ``columns`` divided by the ``base`` chip's (index = chip name)."""
    return specs[list(columns)].div(specs.loc[base, list(columns)], axis=1)


# --------------------------------------------------------------------------- headline figures
def export_figures() -> dict[str, float | int | str]:
    """Headline numbers of the chapter for ``python -m deepseek_shock figures``."""
    rules = with_market_days(load_rules())
    returns = event_returns()
    study = rule_event_study(rules, returns)
    deepseek = study_one(returns, DEEPSEEK_DAY)
    nvda = study[study["ticker"] == "NVDA"].set_index("id")
    worst = nvda["ar_0"].idxmin()
    return {
        "exports.rules": int(len(rules)),
        "exports.rules_studied": int(rules["studied"].sum()),
        "exports.nvda_ar_deepseek": float(deepseek.at["NVDA", "ar_0"]),
        "exports.nvda_ar_worst_rule": float(nvda.at[worst, "ar_0"]),
        "exports.nvda_worst_rule": str(worst),
        "exports.rules_moving_nvda_more_than_deepseek": larger_moves(study, deepseek.at["NVDA", "ar_0"]),
    }
