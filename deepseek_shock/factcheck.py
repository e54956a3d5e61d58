"""Fact-check of the day: verdicts on the claims of an Italian tech-news article of 27 January 2025.

Verdict rules (documented thresholds)
-------------------------------------
Every claim gets one of :data:`VERDICTS`.

* ``numeric`` claims ("about X"): the relative difference ``(claimed - measured) / |measured|``
  decides. Within :data:`ACCURATE_WITHIN` (5%, the rounding a news story applies to "about")
  the claim is *accurate*; within :data:`CLOSE_WITHIN` (25%) it is *close*; beyond that *wrong*.
* ``at_least`` claims ("more than X"): *accurate* if the measured value is at least X, *close* if
  it falls short of X by no more than :data:`CLOSE_WITHIN` of X, otherwise *wrong*.
* ``evidence`` claims (who said what, what a rule does): the verdict follows what the stored
  sources show, :data:`EVIDENCE_VERDICTS`: *confirmed* -> accurate, *partly* (true in substance
  but wrong in an essential detail) -> close, *contradicted* -> wrong, *not_in_store* (no stored
  source can settle it, including facts that were never published) -> unverifiable.

The measured values come from the same package functions the other chapters use
(:func:`measured_values`), never from typed numbers.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import pandas as pd

from .announcement import CitedTable
from .book import cite_role, pipe_table
from .loaders import load_table

VERDICTS = ["accurate", "close", "wrong", "unverifiable"]
CHECKS = ["numeric", "at_least", "evidence"]
ACCURATE_WITHIN = 0.05
CLOSE_WITHIN = 0.25
EVIDENCE_VERDICTS = {"confirmed": "accurate", "partly": "close", "contradicted": "wrong",
                     "not_in_store": "unverifiable"}


def relative_difference(claimed: float, measured: float) -> float:
    """(claimed - measured) / |measured|: +0.1 means the claim is 10% too high."""
    if measured == 0:
        raise ValueError("relative difference to zero is undefined")
    return (claimed - measured) / abs(measured)


def numeric_verdict(claimed: float, measured: float, accurate_within: float = ACCURATE_WITHIN,
                    close_within: float = CLOSE_WITHIN) -> str:
    """Verdict on "about ``claimed``" against ``measured`` (see the module docstring)."""
    gap = abs(relative_difference(claimed, measured))
    if gap <= accurate_within:
        return "accurate"
    return "close" if gap <= close_within else "wrong"


def at_least_verdict(floor: float, measured: float, close_within: float = CLOSE_WITHIN) -> str:
    """Verdict on "more than ``floor``" against ``measured`` (magnitudes; both positive)."""
    if measured >= floor:
        return "accurate"
    return "close" if measured >= floor * (1 - close_within) else "wrong"


def evidence_verdict(evidence: str) -> str:
    """Verdict for a claim settled by sources, from the evidence status."""
    if evidence not in EVIDENCE_VERDICTS:
        raise ValueError(f"unknown evidence status {evidence!r}; use one of {list(EVIDENCE_VERDICTS)}")
    return EVIDENCE_VERDICTS[evidence]


def verdict(check: str, claimed: float | None = None, measured: float | None = None,
            evidence: str | None = None) -> str:
    """Dispatch to the rule for ``check`` (``numeric``, ``at_least`` or ``evidence``)."""
    if check == "evidence":
        return evidence_verdict(str(evidence))
    if claimed is None or measured is None or math.isnan(claimed) or math.isnan(measured):
        raise ValueError(f"a {check} check needs a claimed and a measured value")
    if check == "numeric":
        return numeric_verdict(claimed, measured)
    if check == "at_least":
        return at_least_verdict(claimed, measured)
    raise ValueError(f"unknown check {check!r}; use one of {CHECKS}")


def format_value(value: float, unit: str) -> str:
    """A measured value for the table: ``$592.3bn``, ``$5.58m``, ``16.97%``."""
    if unit == "USD":
        if abs(value) >= 1e9:
            return f"${value / 1e9:,.1f} billion"
        return f"${value / 1e6:,.2f} million"
    if unit == "fraction":
        return f"{value * 100:.2f}%"
    return f"{value:,.4g} {unit}"


def load_claims() -> pd.DataFrame:
    """The eight claims with how each is checked, in article order."""
    return load_table("factcheck-claims").sort_values("claim_id").reset_index(drop=True)


def fact_check_table(claims: pd.DataFrame, measured: Mapping[int, float],
                     computed_from: Mapping[int, str] | None = None) -> pd.DataFrame:
    """One row per claim: claim, verdict, measured or sourced value, explanation, sources.

    ``measured`` maps claim number -> the value computed for every numeric or
    at-least claim (the same functions the other chapters use); ``computed_from``
    names, per claim, the data behind that value (shown with the citation keys).
    """
    computed_from = computed_from or {}
    rows = []
    for claim in claims.itertuples(index=False):
        cid = int(claim.claim_id)
        if claim.check == "evidence":
            value_text, gap = str(claim.sourced_value), math.nan
            result = verdict("evidence", evidence=claim.evidence)
        else:
            if cid not in measured:
                raise KeyError(f"claim {cid} needs a measured value")
            value, claimed = float(measured[cid]), float(claim.claimed_value)
            result = verdict(claim.check, claimed, value)
            value_text = f"{format_value(value, claim.unit)} (claimed {format_value(claimed, claim.unit)})"
            gap = relative_difference(claimed, value)
        keys = [k.strip() for k in claim.source_keys.split(";")] if isinstance(claim.source_keys, str) else []
        rows.append({"claim": cid, "what the article said": claim.claim, "verdict": result,
                     "measured or sourced value": value_text, "claim vs measured": gap,
                     "why": claim.explanation, "computed from": computed_from.get(cid, ""),
                     "source keys": ";".join(keys)})
    return pd.DataFrame(rows).set_index("claim")


def fact_check_markdown(table: pd.DataFrame) -> CitedTable:
    """The fact-check table as MyST markdown (sources cited), with a plain-text twin for tests."""
    rows = ([str(cid), row["what the article said"], f"**{row['verdict']}**",
             row["measured or sourced value"], row["why"],
             "; ".join(s for s in [row["computed from"], cite_role(row["source keys"])] if s)]
            for cid, row in table.iterrows())
    markdown = pipe_table(["#", "What the article said", "Verdict", "Measured or sourced value", "Why",
                           "Sources"], rows)
    plain = table[["verdict", "measured or sourced value"]].to_string()
    return CitedTable(markdown, plain)


def first_fall_below(bars: pd.DataFrame, previous_close: float, fall: float) -> pd.Timestamp | None:
    """Start of the first five-minute bar whose low is at least ``fall`` below ``previous_close``."""
    hit = bars[bars["low"] <= previous_close * (1 - fall)]
    return None if hit.empty else hit["timestamp"].iloc[0]


def bars_beyond_after_first(bars: pd.DataFrame, previous_close: float, fall: float) -> tuple[int, int]:
    """From the first bar that touched ``fall`` below ``previous_close`` to the last bar:
    how many of those bars *closed* at least ``fall`` down, and how many bars there are.

    ``(0, 0)`` if no bar touched the level.
    """
    first = first_fall_below(bars, previous_close, fall)
    if first is None:
        return 0, 0
    after = bars[bars["timestamp"] >= first]
    return int((after["close"] <= previous_close * (1 - fall)).sum()), int(len(after))


def measured_values() -> dict[int, float]:
    """The values the numeric claims are checked against, from the chapters' own functions.

    2: NVIDIA's fall on 27 Jan (foundation figure ``nvda.return_2025_01_27``);
    3: NVIDIA's lost market value (market chapter, ``nvda.market_value_lost_usd``);
    4: DeepSeek-V3's final-run cost (cost chapter, ``cost.v3_cost_usd``).
    """
    from .figures import foundation_figures
    from .market import market_figures

    foundation = foundation_figures()
    market = market_figures()
    return {
        2: -foundation["nvda.return_2025_01_27"],
        3: market["nvda.market_value_lost_usd"],
        4: v3_cost_usd(),
    }


def v3_cost_usd() -> float:
    """DeepSeek-V3's final-run cost as the cost chapter computes it (``cost.v3_cost_usd``)."""
    from .costs import cost_figures

    return float(cost_figures()["cost.v3_cost_usd"])


def verdict_counts(table: pd.DataFrame) -> dict[str, int]:
    """How many claims got each verdict (every verdict listed, zeros included)."""
    counts = table["verdict"].value_counts()
    return {v: int(counts.get(v, 0)) for v in VERDICTS}
