"""Chapter 5, "The skeptics": grading the views of January 2025 against what happened next.

Three kinds of evidence are computed here, each from the committed snapshot:

* NVIDIA's recovery: when the stock regained its last pre-DeepSeek close, its later trough and record,
  and when an approximate market value (close x last reported share count) first crossed a threshold;
* hyperscaler capital expenditure: the compiled guidance table (``capex-guidance``) against the cash
  spending on property and equipment in the statements, by calendar year where the fiscal year allows;
* NVIDIA's revenue from the statements and the data-centre split from the compiled results table.

Fiscal years are labelled by the calendar year in which they end (NVIDIA's fiscal 2026 ended on
25 January 2026, Microsoft's on 30 June 2026); Yahoo labels each period by its month end.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from typing import Any

import pandas as pd

from . import financials
from .book import cite_role, long_date, pipe_table
from .financials import FISCAL_YEAR_END, fiscal_label, fiscal_year, month_end
from .loaders import load_daily, load_table
from .returns import first_close_at_or_above

#: Last close before the sell-off and the sell-off itself.
REFERENCE_DAY = "2025-01-24"
EVENT_DAY = "2025-01-27"

STANCES = ["bearish", "bullish", "neutral"]
#: Verdicts: the testable implication came true / came out false / partly both / the claim is not a
#: forecast that data could settle / no public evidence either way. "Held up" grades the implication
#: only: an outcome that came true does not prove the reasoning (e.g. Jevons' paradox) behind it.
VERDICTS = ["held up", "did not hold up", "mixed", "not testable", "unverified"]

HYPERSCALERS = {"MSFT": "Microsoft", "GOOG": "Alphabet", "AMZN": "Amazon", "META": "Meta"}
#: Month in which each company's fiscal year ends.
#: The companies whose fiscal year is the calendar year (their 2025 can be compared directly).
CALENDAR_YEAR_COMPANIES = ["GOOG", "AMZN", "META"]

CAPEX_ITEM = "Purchase Of PPE"
REVENUE_ITEM = "Total Revenue"


# --------------------------------------------------------------------------- NVIDIA's recovery


def recovery_metrics(closes: pd.Series, reference_day: str = REFERENCE_DAY,
                     event_day: str = EVENT_DAY) -> dict[str, Any]:
    """How the stock came back after ``event_day``, measured against the close of ``reference_day``.

    Returns the reference and event closes, the lowest close after the event (and how far it sat below
    the reference), the first close at or above the reference (with the number of trading days after
    the event), the first close above the record set before the event, and the last close.
    """
    closes = closes.dropna().sort_index()
    reference = float(closes.loc[pd.Timestamp(reference_day)])
    event = pd.Timestamp(event_day)
    after = closes.loc[event:]
    trough_day = after.idxmin()
    recovered = first_close_at_or_above(closes, reference, event)
    record = float(closes.loc[:pd.Timestamp(reference_day)].max())
    # strictly above the old record: a new record close
    later = closes.loc[event:].iloc[1:]
    above_record = later[later > record]
    return {
        "reference_close": reference,
        "event_close": float(closes.loc[event]),
        "trough_date": trough_day,
        "trough_close": float(after.min()),
        "trough_vs_reference": float(after.min() / reference - 1),
        "recovery_date": recovered,
        "recovery_trading_days": None if recovered is None else int(len(closes.loc[event:recovered]) - 1),
        "pre_event_record": record,
        "pre_event_record_date": closes.loc[:pd.Timestamp(reference_day)].idxmax(),
        "record_date": above_record.index[0] if len(above_record) else None,
        "record_close": float(above_record.iloc[0]) if len(above_record) else None,
        "last_date": closes.index[-1],
        "last_close": float(closes.iloc[-1]),
        "last_vs_reference": float(closes.iloc[-1] / reference - 1),
    }


def approximate_market_value(closes: pd.Series, shares: pd.Series) -> pd.Series:
    """Close x the most recent share count reported for a period ending on or before that day.

    A period-end count is known only weeks later, and counts change between reports, so this is an
    approximation good to about one per cent for NVIDIA; days before the first count are dropped.
    """
    closes = closes.dropna().sort_index()
    shares = shares.dropna().sort_index()
    aligned = shares.reindex(closes.index.union(shares.index)).ffill().reindex(closes.index)
    return (closes * aligned).dropna()


def first_day_at_or_above(values: pd.Series, level: float, after: str | pd.Timestamp) -> pd.Timestamp | None:
    """First day strictly after ``after`` whose value is at or above ``level`` (None if never)."""
    return first_close_at_or_above(values, level, after)


def nvda_share_counts(frame: pd.DataFrame | None = None) -> pd.Series:
    """NVIDIA's reported share counts (annual and quarterly balance sheets), one per period end."""
    parts = [statement_series("NVDA", "Ordinary Shares Number", f, frame) * 1e9 for f in ("annual", "quarterly")]
    shares = pd.concat(parts)
    return shares[~shares.index.duplicated(keep="last")].sort_index()


def market_value_milestones(closes: pd.Series, shares: pd.Series, levels: list[float],
                            after: str = EVENT_DAY) -> pd.DataFrame:
    """For each level (US dollars), the first close after ``after`` at which the approximate market
    value reached it, with that close and value."""
    value = approximate_market_value(closes, shares)
    rows = []
    for level in levels:
        day = first_day_at_or_above(value, level, after)
        rows.append({"level": level, "date": day,
                     "close": None if day is None else float(closes.loc[day]),
                     "market_value": None if day is None else float(value.loc[day])})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- statements


def statement_series(ticker: str, item: str, frequency: str, frame: pd.DataFrame | None = None) -> pd.Series:
    """One line item in billions of US dollars, spending shown as a positive number."""
    if frame is None:
        values = financials.series(ticker, item, frequency)
    else:
        rows = frame[(frame["ticker"] == ticker) & (frame["item"] == item) & (frame["frequency"] == frequency)]
        values = rows.set_index("period_end")["value"].sort_index()
    values = values / 1e9
    return values.abs() if item in (CAPEX_ITEM, "Capital Expenditure") else values


def calendar_year_totals(quarterly: pd.Series) -> pd.Series:
    """Sum quarters by calendar year, keeping only years with all four calendar quarters."""
    quarterly = quarterly.dropna()
    ends = pd.DatetimeIndex(quarterly.index)
    if not all(d.month in (3, 6, 9, 12) for d in ends):
        raise ValueError("calendar-year totals need quarters ending in March, June, September, December")
    grouped = quarterly.groupby(ends.year)
    totals = grouped.sum()[grouped.count() == 4]
    totals.index.name = "year"
    return totals


def annual_by_fiscal_year(annual: pd.Series, fy_end_month: int) -> pd.Series:
    """Annual values re-indexed by fiscal-year number."""
    out = pd.Series(annual.values, index=[fiscal_year(d, fy_end_month) for d in annual.index],
                    dtype=float)
    out.index.name = "fiscal_year"
    return out


def capex_table(tickers: list[str] | None = None, frame: pd.DataFrame | None = None) -> pd.DataFrame:
    """Reported capital expenditure (cash purchases of property and equipment, $bn) per company and
    fiscal year, with the calendar months the year covers."""
    rows = []
    for ticker in tickers or list(HYPERSCALERS):
        annual = statement_series(ticker, CAPEX_ITEM, "annual", frame)
        for end, value in annual.items():
            start = (pd.Timestamp(end) - pd.offsets.MonthBegin(12)).strftime("%b %Y")
            rows.append({"ticker": ticker, "fiscal_year": fiscal_year(end, FISCAL_YEAR_END[ticker]),
                         "period_end": end, "months": f"{start} to {pd.Timestamp(end):%b %Y}",
                         "capex_usd_bn": float(value)})
    return pd.DataFrame(rows)


def latest_quarter_growth(tickers: list[str] | None = None, frame: pd.DataFrame | None = None,
                          item: str = CAPEX_ITEM) -> pd.DataFrame:
    """Each company's latest reported quarter ($bn) against the quarter ending twelve months earlier."""
    rows = []
    for ticker in tickers or list(HYPERSCALERS):
        quarterly = statement_series(ticker, item, "quarterly", frame).dropna().sort_index()
        end = quarterly.index.max()
        year_ago = quarterly.get(month_end(end - pd.DateOffset(years=1)))
        rows.append({"ticker": ticker, "period_end": end, "value_usd_bn": float(quarterly.loc[end]),
                     "year_ago_usd_bn": None if year_ago is None else float(year_ago),
                     "growth": float(same_quarter_growth(quarterly).loc[end])})
    return pd.DataFrame(rows)


def yoy_growth(values: pd.Series, periods: int = 1) -> pd.Series:
    """Growth over ``periods`` rows (1 for consecutive years, 4 for the same quarter a year earlier)."""
    return values / values.shift(periods) - 1


def same_quarter_growth(quarterly: pd.Series) -> pd.Series:
    """Growth against the quarter ending twelve months earlier, matched by date, not by row."""
    quarterly = quarterly.sort_index()
    year_ago = [month_end(d - pd.DateOffset(years=1)) for d in quarterly.index]
    previous = pd.Series([quarterly.get(d) for d in year_ago], index=quarterly.index, dtype=float)
    return quarterly / previous - 1


# --------------------------------------------------------------------------- guidance


def guidance_table(guidance: pd.DataFrame | None = None, event_day: str = EVENT_DAY) -> pd.DataFrame:
    """The compiled guidance with its midpoint and whether it was given after the sell-off."""
    guidance = load_table("capex-guidance") if guidance is None else guidance.copy()
    guidance["date"] = pd.to_datetime(guidance["date"])
    guidance["period_end"] = pd.to_datetime(guidance["period_end"])
    guidance["midpoint_usd_bn"] = (guidance["low_usd_bn"] + guidance["high_usd_bn"]) / 2
    guidance["after_selloff"] = guidance["date"] > pd.Timestamp(event_day)
    return guidance.sort_values(["ticker", "period", "date"]).reset_index(drop=True)


def guidance_path(guidance: pd.DataFrame, period: str) -> pd.DataFrame:
    """First and last guidance midpoint per company for one period, and the number of changes."""
    rows = guidance[guidance["period"] == period].sort_values("date")
    out = rows.groupby("ticker").agg(
        first_date=("date", "first"), first_midpoint=("midpoint_usd_bn", "first"),
        last_date=("date", "last"), last_midpoint=("midpoint_usd_bn", "last"),
        statements=("date", "size"),
        raises=("midpoint_usd_bn", lambda s: int((s.diff() > 0).sum())),
        cuts=("midpoint_usd_bn", lambda s: int((s.diff() < 0).sum())),
    )
    return out


def guidance_vs_reported(guidance: pd.DataFrame, reported: pd.DataFrame) -> pd.DataFrame:
    """Last guidance for each company and period against the reported annual figure ending on the same
    date (``reported`` as returned by :func:`capex_table`); NaN where nothing is reported yet."""
    last = guidance.sort_values("date").groupby(["ticker", "period"]).tail(1)
    merged = last.merge(reported[["ticker", "period_end", "capex_usd_bn"]], on=["ticker", "period_end"],
                        how="left")
    merged["reported_vs_midpoint"] = merged["capex_usd_bn"] / merged["midpoint_usd_bn"] - 1
    return merged[["ticker", "period", "date", "low_usd_bn", "high_usd_bn", "midpoint_usd_bn",
                   "capex_usd_bn", "reported_vs_midpoint"]].reset_index(drop=True)


def capex_comparison(guidance: pd.DataFrame, reported: pd.DataFrame,
                     periods: tuple[str, ...] = ("FY2025", "CY2025")) -> pd.DataFrame:
    """:func:`guidance_vs_reported` for ``periods``, with the previous year's spending and the growth on it."""
    table = guidance_vs_reported(guidance, reported)
    table = table[table["period"].isin(periods)].copy()
    table["year"] = table["period"].str[-4:].astype(int)
    prior = reported.assign(year=reported["fiscal_year"] + 1)[["ticker", "year", "capex_usd_bn"]]
    table = table.merge(prior.rename(columns={"capex_usd_bn": "previous_year_usd_bn"}), on=["ticker", "year"],
                        how="left")
    table["growth_on_previous_year"] = table["capex_usd_bn"] / table["previous_year_usd_bn"] - 1
    return table.drop(columns="year")


# --------------------------------------------------------------------------- NVIDIA revenue


def nvidia_revenue(frame: pd.DataFrame | None = None) -> pd.DataFrame:
    """NVIDIA's revenue from the statements ($bn), quarterly and annual, labelled by fiscal period."""
    rows = []
    for frequency in ("annual", "quarterly"):
        values = statement_series("NVDA", REVENUE_ITEM, frequency, frame)
        for end, value in values.items():
            rows.append({"frequency": frequency, "period_end": end,
                         "fiscal_period": fiscal_label(end, FISCAL_YEAR_END["NVDA"], frequency == "quarterly"),
                         "revenue_usd_bn": float(value)})
    return pd.DataFrame(rows)


def revenue_dataset(statements: pd.DataFrame, segments: pd.DataFrame) -> pd.DataFrame:
    """Statements' revenue and the results releases' totals and data-centre revenue, one row per fiscal
    period present in either source (NaN where a source lacks the period)."""
    releases = segments.assign(period_end=[month_end(d) for d in segments["period_end"]])[
        ["frequency", "period_end", "fiscal_period", "revenue_usd_bn", "data_center_usd_bn", "source_key"]]
    merged = statements.merge(releases.rename(columns={"revenue_usd_bn": "release_revenue_usd_bn",
                                                       "fiscal_period": "release_period"}),
                              on=["frequency", "period_end"], how="outer")
    merged["fiscal_period"] = merged["fiscal_period"].fillna(merged["release_period"])
    merged = merged.sort_values(["frequency", "period_end"]).reset_index(drop=True)
    return merged[["frequency", "period_end", "fiscal_period", "revenue_usd_bn", "release_revenue_usd_bn",
                   "data_center_usd_bn", "source_key"]]


def segment_vs_statements(segments: pd.DataFrame, statements: pd.DataFrame) -> pd.DataFrame:
    """The compiled results table next to the statements' revenue for the same fiscal period."""
    seg = segments.assign(label_end=[month_end(d) for d in segments["period_end"]])
    merged = seg.merge(statements[["frequency", "period_end", "revenue_usd_bn"]]
                       .rename(columns={"period_end": "label_end", "revenue_usd_bn": "statement_usd_bn"}),
                       on=["frequency", "label_end"], how="left")
    merged["difference_usd_bn"] = merged["revenue_usd_bn"] - merged["statement_usd_bn"]
    return merged


# --------------------------------------------------------------------------- the scorecard


def placeholders(template: str) -> list[str]:
    """Field names used in a ``str.format`` template."""
    return [name for _, name, _, _ in string.Formatter().parse(template) if name]


def fill(template: str, metrics: Mapping[str, Any]) -> str:
    """Fill an evidence template from computed metrics; an unknown name raises ``KeyError``."""
    missing = [n for n in placeholders(template) if n not in metrics]
    if missing:
        raise KeyError(f"no computed value for {missing}")
    return template.format_map(metrics)


def display_date(day: pd.Timestamp | None) -> str:
    """``"1 July 2025"`` (or ``"not yet"``)."""
    return "not yet" if day is None or pd.isna(day) else long_date(day)


def scorecard(claims: pd.DataFrame, metrics: Mapping[str, Any]) -> pd.DataFrame:
    """One row per view: who and when, the implication, the filled-in evidence, verdict and reasoning."""
    if claims["verdict"].isna().any() or (claims["evidence"].fillna("").str.strip() == "").any():
        raise ValueError("every view needs a verdict and the evidence behind it")
    unknown = sorted(set(claims["verdict"]) - set(VERDICTS))
    if unknown:
        raise ValueError(f"unknown verdict {unknown}")
    out = claims.sort_values("date").copy()
    out["evidence_text"] = [fill(t, metrics) for t in out["evidence"]]
    return out[["id", "who", "affiliation", "date", "stance", "implication", "evidence_text",
                "evidence_source", "source_key", "verdict", "reasoning"]].reset_index(drop=True)


def scorecard_markdown(card: pd.DataFrame) -> str:
    """The scorecard as a MyST pipe table with citations (render with ``markdown_format: myst``)."""
    rows = ([f"**{row.who}** ({row.affiliation}), {display_date(row.date)} {cite_role(row.source_key)}",
             row.implication, f"{row.evidence_text} {cite_role(row.evidence_source)}".strip(),
             f"**{row.verdict}**", row.reasoning] for row in card.itertuples())
    return pipe_table(["View", "Testable implication", "Evidence", "Verdict", "In one line"], rows)


def verdict_counts(claims: pd.DataFrame) -> pd.DataFrame:
    """Views by stance and verdict (zero-filled, verdicts in their documented order)."""
    table = pd.crosstab(claims["stance"], claims["verdict"])
    return table.reindex(index=[s for s in STANCES if s in table.index],
                         columns=VERDICTS, fill_value=0)


# --------------------------------------------------------------------------- everything the chapter uses


def evidence_metrics() -> dict[str, Any]:
    """Every computed value the claims' evidence templates refer to (dates as display strings)."""
    closes = load_daily("NVDA").set_index("date")["close"]
    rec = recovery_metrics(closes)
    milestones = market_value_milestones(closes, nvda_share_counts(), [4e12, 5e12])

    reported = capex_table()
    cal = reported[reported["ticker"].isin(CALENDAR_YEAR_COMPANIES)]
    by_year = cal.groupby("fiscal_year")["capex_usd_bn"].sum()
    guidance = guidance_table()
    path25 = guidance_path(guidance, "CY2025")
    path26 = guidance_path(guidance, "CY2026")
    msft = reported[reported["ticker"] == "MSFT"].set_index("fiscal_year")["capex_usd_bn"]

    revenue = nvidia_revenue()
    annual = revenue[revenue["frequency"] == "annual"].set_index("fiscal_period")["revenue_usd_bn"]
    quarterly = revenue[revenue["frequency"] == "quarterly"].set_index("period_end")["revenue_usd_bn"]
    latest_end = quarterly.index.max()
    segments = load_table("nvidia-segment-revenue")
    dc = segments[segments["frequency"] == "annual"].set_index("fiscal_period")["data_center_usd_bn"]

    latest = latest_quarter_growth()
    return {
        "capex_latest_q_min": float(latest["growth"].min()),
        "capex_latest_q_max": float(latest["growth"].max()),
        "capex_latest_q_ends": ", ".join(f"{HYPERSCALERS[r.ticker]} to {r.period_end:%B %Y}"
                                         for r in latest.itertuples()),
        "ref_close": rec["reference_close"], "event_close": rec["event_close"],
        "recovery_date": display_date(rec["recovery_date"]),
        "recovery_trading_days": rec["recovery_trading_days"],
        "trough_date": display_date(rec["trough_date"]), "trough_close": rec["trough_close"],
        "trough_vs_ref": rec["trough_vs_reference"], "trough_below_ref": -rec["trough_vs_reference"],
        "pre_event_record": rec["pre_event_record"],
        "record_date": display_date(rec["record_date"]), "record_close": rec["record_close"],
        "last_date": display_date(rec["last_date"]), "last_close": rec["last_close"],
        "last_vs_ref": rec["last_vs_reference"],
        "mv4t_date": display_date(milestones.loc[0, "date"]),
        "mv5t_date": display_date(milestones.loc[1, "date"]),
        "capex3_2023": float(by_year.loc[2023]),
        "capex3_growth_2024": float(by_year.loc[2024] / by_year.loc[2023] - 1),
        "capex3_2024": float(by_year.loc[2024]), "capex3_2025": float(by_year.loc[2025]),
        "capex3_growth": float(by_year.loc[2025] / by_year.loc[2024] - 1),
        "guid_raises_2025": int(path25["raises"].sum()
                                + guidance_path(guidance, "FY2025")["raises"].sum()),
        "guid_cuts_2025": int(path25["cuts"].sum() + guidance_path(guidance, "FY2025")["cuts"].sum()),
        "capex3_guid_first": float(path25.loc[CALENDAR_YEAR_COMPANIES, "first_midpoint"].sum()),
        "capex3_guid_last": float(path25.loc[CALENDAR_YEAR_COMPANIES, "last_midpoint"].sum()),
        "capex3_guid_2026": float(path26.loc[CALENDAR_YEAR_COMPANIES, "first_midpoint"].sum()),
        "capex3_2026_vs_2025": float(path26.loc[CALENDAR_YEAR_COMPANIES, "first_midpoint"].sum()
                                     / by_year.loc[2025] - 1),
        "msft_capex_fy2025": float(msft.loc[2025]), "msft_capex_fy2026": float(msft.loc[2026]),
        "nvda_rev_fy2025": float(annual.loc["FY2025"]), "nvda_rev_fy2026": float(annual.loc["FY2026"]),
        "nvda_rev_growth_fy2026": float(annual.loc["FY2026"] / annual.loc["FY2025"] - 1),
        "nvda_dc_fy2025": float(dc.loc["FY2025"]), "nvda_dc_fy2026": float(dc.loc["FY2026"]),
        "nvda_dc_growth_fy2026": float(dc.loc["FY2026"] / dc.loc["FY2025"] - 1),
        "nvda_latest_q_label": fiscal_label(latest_end, FISCAL_YEAR_END["NVDA"], True),
        "nvda_latest_q_month": f"{latest_end:%B %Y}",
        "nvda_latest_q": float(quarterly.loc[latest_end]),
        "nvda_latest_q_growth": float(same_quarter_growth(quarterly).loc[latest_end]),
    }


def skeptics_figures() -> dict[str, Any]:
    """Headline numbers of the chapter for ``python -m deepseek_shock figures``."""
    m = evidence_metrics()
    rec = recovery_metrics(load_daily("NVDA").set_index("date")["close"])
    claims = load_table("skeptic-claims")
    return {
        "skeptics.nvda_recovery_date": f"{rec['recovery_date']:%Y-%m-%d}",
        "skeptics.nvda_recovery_trading_days": m["recovery_trading_days"],
        "skeptics.nvda_record_close_date": f"{rec['record_date']:%Y-%m-%d}",
        "skeptics.capex_2025_goog_amzn_meta_usd_bn": m["capex3_2025"],
        "skeptics.capex_growth_2025": m["capex3_growth"],
        "skeptics.nvda_revenue_growth_fy2026": m["nvda_rev_growth_fy2026"],
        "skeptics.verdicts": {str(k): int(v) for k, v in claims["verdict"].value_counts().items()},
    }


def claims_markdown(claims: pd.DataFrame) -> str:
    """The views as a MyST pipe table: who, when, stance and the claim, with its citation."""
    rows = ([f"**{row.who}** ({row.affiliation})", display_date(row.date), row.stance,
             f"{row.claim} {cite_role(row.source_key)}"] for row in claims.sort_values("date").itertuples())
    return pipe_table(["Who", "Date", "Stance for NVIDIA", "The claim, in our words"], rows)


def guidance_markdown(guidance: pd.DataFrame) -> str:
    """The guidance table as a MyST pipe table with citations."""
    def amount(row: Any) -> str:
        return (f"about {row.low_usd_bn:g}" if row.qualifier == "about"
                else f"{row.low_usd_bn:g} to {row.high_usd_bn:g}")

    rows = ([row.company, display_date(row.date), row.period, amount(row),
             f"{row.basis} {cite_role(row.source_key)}"]
            for row in guidance.sort_values(["ticker", "date"]).itertuples())
    return pipe_table(["Company", "Date", "Period", "Guidance ($bn)", "Context"], rows)


def myst_table(markdown: str, caption: str, name: str) -> str:
    """Wrap a pipe table in a MyST ``table`` directive so it is numbered, captioned and referable."""
    return f"```{{table}} {caption}\n:name: {name}\n\n{markdown}\n```"
