"""Fact-check verdict rules on hand-checkable numbers, and the claims table."""

import math

import pandas as pd
import pytest

from deepseek_shock import factcheck
from deepseek_shock.descriptor import data_dir
from deepseek_shock.tables import TABLES, bib_keys, unknown_citations


def test_relative_difference():
    assert factcheck.relative_difference(110.0, 100.0) == pytest.approx(0.10)
    assert factcheck.relative_difference(300.0, 600.0) == pytest.approx(-0.50)
    with pytest.raises(ValueError):
        factcheck.relative_difference(1.0, 0.0)


@pytest.mark.parametrize(("claimed", "measured", "expected"), [
    (5.6, 5.576, "accurate"),   # 0.4% off: rounding
    (105.0, 100.0, "accurate"),  # exactly 5%: still accurate (inclusive)
    (106.0, 100.0, "close"),
    (80.0, 100.0, "close"),      # 20% low
    (125.0, 100.0, "close"),     # exactly 25%
    (126.0, 100.0, "wrong"),
    (300.0, 592.0, "wrong"),     # about half
])
def test_numeric_verdict(claimed, measured, expected):
    assert factcheck.numeric_verdict(claimed, measured) == expected


@pytest.mark.parametrize(("floor", "measured", "expected"), [
    (0.16, 0.1697, "accurate"),
    (0.16, 0.16, "accurate"),
    (0.16, 0.13, "close"),   # short by 0.03, less than 25% of 0.16 = 0.04
    (0.16, 0.11, "wrong"),   # short by 0.05
])
def test_at_least_verdict(floor, measured, expected):
    assert factcheck.at_least_verdict(floor, measured) == expected


def test_evidence_verdicts():
    assert factcheck.evidence_verdict("confirmed") == "accurate"
    assert factcheck.evidence_verdict("partly") == "close"
    assert factcheck.evidence_verdict("contradicted") == "wrong"
    assert factcheck.evidence_verdict("not_in_store") == "unverifiable"
    with pytest.raises(ValueError):
        factcheck.evidence_verdict("probably")


def test_verdict_dispatch_refuses_missing_values():
    with pytest.raises(ValueError):
        factcheck.verdict("numeric", 1.0, None)
    with pytest.raises(ValueError):
        factcheck.verdict("numeric", 1.0, math.nan)
    with pytest.raises(ValueError):
        factcheck.verdict("guess", 1.0, 1.0)


def test_format_value():
    assert factcheck.format_value(592.34e9, "USD") == "$592.3 billion"
    assert factcheck.format_value(5.576e6, "USD") == "$5.58 million"
    assert factcheck.format_value(0.16968, "fraction") == "16.97%"


def _claims() -> pd.DataFrame:
    return pd.DataFrame([
        {"claim_id": 1, "claim": "a", "check": "numeric", "claimed_value": 300e9, "unit": "USD",
         "evidence": None, "sourced_value": None, "explanation": "x", "source_keys": "k1;k2"},
        {"claim_id": 2, "claim": "b", "check": "evidence", "claimed_value": math.nan, "unit": None,
         "evidence": "not_in_store", "sourced_value": "nothing stored", "explanation": "y",
         "source_keys": None},
    ])


def test_fact_check_table_small():
    table = factcheck.fact_check_table(_claims(), {1: 600e9}, computed_from={1: "snapshot"})
    assert table.loc[1, "verdict"] == "wrong"
    assert table.loc[1, "claim vs measured"] == pytest.approx(-0.5)
    assert table.loc[1, "computed from"] == "snapshot"
    assert table.loc[1, "source keys"] == "k1;k2"
    assert table.loc[2, "verdict"] == "unverifiable"
    assert table.loc[2, "measured or sourced value"] == "nothing stored"
    assert factcheck.verdict_counts(table) == {"accurate": 0, "close": 0, "wrong": 1, "unverifiable": 1}


def test_fact_check_table_needs_every_measured_value():
    with pytest.raises(KeyError, match="claim 1"):
        factcheck.fact_check_table(_claims(), {})


# --- the claims table -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def claims_raw() -> pd.DataFrame:
    return pd.read_csv(data_dir() / "tables" / "factcheck_claims.csv")


def test_claims_table_has_the_eight_claims(claims_raw):
    assert claims_raw["claim_id"].tolist() == list(range(1, 9))
    assert set(claims_raw["check"]) <= set(factcheck.CHECKS)


def test_claims_table_is_consistent(claims_raw):
    evidence = claims_raw["check"] == "evidence"
    assert claims_raw.loc[evidence, "evidence"].isin(list(factcheck.EVIDENCE_VERDICTS)).all()
    assert claims_raw.loc[evidence, "sourced_value"].notna().all()
    assert claims_raw.loc[~evidence, ["claimed_value", "unit"]].notna().all().all()
    assert unknown_citations(claims_raw["source_keys"].dropna().tolist(), bib_keys()) == []


def test_unsourced_claims_stay_unverifiable(claims_raw):
    by_id = claims_raw.set_index("claim_id")
    assert by_id.loc[1, "evidence"] == "not_in_store"  # the Italian chart rank
    assert by_id.loc[5, "evidence"] == "not_in_store"  # ChatGPT's cost was never disclosed
    assert by_id.loc[7, "evidence"] == "not_in_store"  # the million-GPU remark


def test_fact_check_markdown():
    table = factcheck.fact_check_table(_claims(), {1: 600e9}, computed_from={1: "snapshot"})
    rendered = factcheck.fact_check_markdown(table)
    lines = rendered._repr_markdown_().splitlines()
    assert len(lines) == 4
    assert lines[2].endswith("| snapshot; {cite}`k1,k2` |")
    assert r"\$600.0 billion (claimed \$300.0 billion)" in lines[2]  # dollars escaped for MyST
    assert lines[3].endswith("| nothing stored | y |  |")  # no sources, no empty cite role
    assert "unverifiable" in repr(rendered)


def test_first_fall_below():
    stamps = pd.date_range("2025-01-27 09:30", periods=4, freq="5min", tz="America/New_York")
    bars = pd.DataFrame({"timestamp": stamps, "low": [90.0, 86.0, 83.9, 80.0]})
    assert factcheck.first_fall_below(bars, 100.0, 0.16) == stamps[2]
    assert factcheck.first_fall_below(bars, 100.0, 0.25) is None


def test_bars_beyond_after_first():
    stamps = pd.date_range("2025-01-27 09:30", periods=5, freq="5min", tz="America/New_York")
    bars = pd.DataFrame({"timestamp": stamps, "low": [90.0, 83.0, 82.0, 85.0, 80.0],
                         "close": [91.0, 85.0, 83.5, 86.0, 84.0]})
    # first touch of -16% in the second bar; of the four bars from there, two close at 84 or below
    assert factcheck.bars_beyond_after_first(bars, 100.0, 0.16) == (2, 4)
    assert factcheck.bars_beyond_after_first(bars, 100.0, 0.30) == (0, 0)


def test_claims_schema_enum_matches_the_verdict_rules():
    spec = next(t for t in TABLES if t.name == "factcheck-claims")
    fields = {f["name"]: f for f in spec.schema["fields"]}
    assert fields["evidence"]["constraints"]["enum"] == list(factcheck.EVIDENCE_VERDICTS)
    assert fields["check"]["constraints"]["enum"] == factcheck.CHECKS


def test_documented_thresholds():
    # the chapter prints these; changing them must be a deliberate edit of text and tests
    assert (factcheck.ACCURATE_WITHIN, factcheck.CLOSE_WITHIN) == (0.05, 0.25)
    assert factcheck.numeric_verdict(100 * (1 + factcheck.ACCURATE_WITHIN), 100) == "accurate"
    assert factcheck.numeric_verdict(100 * (1 + factcheck.CLOSE_WITHIN) + 1e-6, 100) == "wrong"


def test_verdicts_on_the_snapshot():
    measured = factcheck.measured_values()
    assert measured[2] == pytest.approx(1 - 118.42 / 142.62, abs=1e-4)  # exchange closes
    assert 580e9 < measured[3] < 600e9  # the range news agencies reported
    assert measured[4] == pytest.approx(2.788e6 * 2)  # V3 report: 2.788M GPU-hours at $2
    table = factcheck.fact_check_table(factcheck.load_claims(), measured)
    assert table.index.tolist() == list(range(1, 9))
    assert table["verdict"].to_dict() == {1: "unverifiable", 2: "accurate", 3: "wrong", 4: "accurate",
                                          5: "unverifiable", 6: "accurate", 7: "unverifiable", 8: "close"}
