"""Export-control chapter: market days, the rule event study, exposure maths and the rules data."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from deepseek_shock import eventstudy, exports
from deepseek_shock.loaders import load_table
from deepseek_shock.tables import TABLES, bib_keys, unknown_citations

# --------------------------------------------------------------------------- market_day


@pytest.mark.parametrize(("date", "timing", "expected"), [
    ("2022-08-31", "after_close", "2022-09-01"),  # Wednesday filing after the close -> Thursday
    ("2022-10-07", "unknown", "2022-10-07"),  # a Friday session, time unknown -> same day
    ("2025-07-31", "before_open", "2025-07-31"),
    ("2025-01-15", "during_session", "2025-01-15"),
    ("2025-01-20", "unknown", "2025-01-21"),  # Martin Luther King Jr. Day: NYSE shut
    ("2025-08-10", "unknown", "2025-08-11"),  # Sunday -> Monday
    ("2025-12-05", "after_close", "2025-12-08"),  # Friday after the close -> Monday
    ("2025-07-03", "after_close", "2025-07-07"),  # before the 4 July holiday and a weekend
])
def test_market_day(date: str, timing: str, expected: str) -> None:
    assert exports.market_day(date, timing) == pd.Timestamp(expected)


def test_market_day_rejects_unknown_timing() -> None:
    with pytest.raises(ValueError, match="timing"):
        exports.market_day("2025-01-27", "evening")


def test_market_day_reason() -> None:
    assert "after the close" in exports.market_day_reason(pd.Timestamp("2025-04-15"), "after_close")
    assert "shut" in exports.market_day_reason(pd.Timestamp("2025-01-20"), "unknown")
    assert "not sourced" in exports.market_day_reason(pd.Timestamp("2025-01-13"), "unknown")


def test_side() -> None:
    assert exports.side("CAC") == "China"
    assert exports.side("BIS") == "US"
    assert exports.side("NVIDIA") == "NVIDIA"


# --------------------------------------------------------------------------- small maths


def test_fiscal_year() -> None:
    assert exports.fiscal_year("2025-01-31") == 2025
    assert exports.fiscal_year("2023-01-29") == 2023
    assert exports.fiscal_year("2025-10-31") == 2026


def test_implied_revenue_and_share() -> None:
    assert exports.implied_revenue(0.13, 130.0) == pytest.approx(16.9)
    assert exports.share_of(2.8, 56.0) == pytest.approx(0.05)
    with pytest.raises(ValueError):
        exports.implied_revenue(13, 130.0)  # a percentage, not a fraction
    with pytest.raises(ValueError):
        exports.share_of(1.0, 0.0)


def test_relative_to() -> None:
    specs = pd.DataFrame({"bw": [900.0, 400.0], "tf": [989.0, 989.0]}, index=["H100", "H800"])
    rel = exports.relative_to(specs, "H100", ["bw", "tf"])
    assert rel.loc["H800", "bw"] == pytest.approx(400 / 900)
    assert rel.loc["H800", "tf"] == pytest.approx(1.0)
    assert rel.loc["H100"].tolist() == [1.0, 1.0]


def test_larger_moves() -> None:
    study = pd.DataFrame({"ticker": ["NVDA", "NVDA", "NVDA", "^SOX"],
                          "ar_0": [-0.05, 0.12, -0.2, -0.5]})
    assert exports.larger_moves(study, -0.1) == 2  # |0.12| and |-0.2| exceed 0.1; ^SOX ignored
    assert exports.larger_moves(study, -0.3) == 0


# --------------------------------------------------------------------------- event study


def synthetic_returns(n: int = 320, shock_day: int = 300, shock: float = -0.07) -> pd.DataFrame:
    """Market noise; NVDA = 0.001 + 2 x market (+ a shock on one day); ^SOX = market."""
    rng = np.random.default_rng(6)
    dates = pd.bdate_range("2023-01-02", periods=n)
    market = rng.normal(0, 0.01, n)
    nvda = 0.001 + 2 * market
    nvda[shock_day] += shock
    return pd.DataFrame({"NVDA": nvda, "^SOX": market, "^GSPC": market}, index=dates)


def one_rule(day: pd.Timestamp) -> pd.DataFrame:
    return pd.DataFrame({"id": ["r1"], "date": [day], "market_day": [day], "studied": [True],
                         "agency": ["BIS"], "for_nvidia_china": ["negative"]})


def test_rule_event_study_recovers_a_planted_shock() -> None:
    returns = synthetic_returns()
    day = returns.index[300]
    study = exports.rule_event_study(one_rule(day), returns).set_index("ticker")
    assert study.at["NVDA", "beta"] == pytest.approx(2.0)
    assert study.at["NVDA", "alpha"] == pytest.approx(0.001)
    assert study.at["NVDA", "ar_0"] == pytest.approx(-0.07)
    assert study.at["^SOX", "ar_0"] == pytest.approx(0.0, abs=1e-12)
    assert study.at["NVDA", "return_0"] == pytest.approx(returns.at[day, "NVDA"])
    assert study.at["NVDA", "market_return_0"] == pytest.approx(returns.at[day, "^GSPC"])
    assert set(study["id"]) == {"r1"}


def test_unstudied_rows_are_skipped() -> None:
    returns = synthetic_returns()
    rules = pd.concat([one_rule(returns.index[300]),
                       one_rule(returns.index[305]).assign(id="r2", studied=False)])
    study = exports.rule_event_study(rules, returns)
    assert set(study["id"]) == {"r1"}


def test_rule_study_calls_the_market_chapters_event_study(monkeypatch: pytest.MonkeyPatch) -> None:
    """Same code path as the market chapter: every rule goes through eventstudy.event_study
    with its default settings, and the rows equal a direct call."""
    real = eventstudy.event_study
    calls: list[tuple[list[str], str, str, dict]] = []

    def spy(returns, market, event_date, **kwargs):
        calls.append((list(returns.columns), market.name, event_date, kwargs))
        return real(returns, market, event_date, **kwargs)

    monkeypatch.setattr(eventstudy, "event_study", spy)
    rules = exports.with_market_days(exports.load_rules())
    rules = rules[rules["id"].isin(["usg-2022-a100-h100", "usg-2025-04-h20"])]
    returns = eventstudy.daily_returns(["NVDA", "^SOX", "^GSPC"])
    study = exports.rule_event_study(rules, returns)

    assert [c[2] for c in calls] == ["2022-09-01", "2025-04-16"]  # the market days
    assert all(c[0] == ["NVDA", "^SOX"] and c[1] == "^GSPC" and c[3] == {} for c in calls)
    direct = real(returns[["NVDA", "^SOX"]], returns["^GSPC"], "2022-09-01")
    mine = study[study["id"] == "usg-2022-a100-h100"].set_index("ticker")
    for column in ["alpha", "beta", "sigma", "ar_0", "t_ar_0", "car_0_1", "car_m1_1", "car_0_5"]:
        assert mine[column].tolist() == pytest.approx(direct[column].tolist())
    assert (mine["n_obs"] == 250).all()


def test_every_market_day_is_a_session_with_a_full_estimation_window() -> None:
    rules = exports.with_market_days(exports.load_rules())
    sessions = eventstudy.us_sessions()
    assert rules["market_day"].isin(sessions).all()
    study = exports.rule_event_study(rules)
    assert (study["n_obs"] == 250).all()  # 2022 rules included: the snapshot starts in 2021
    assert study["ar_0"].notna().all()


# --------------------------------------------------------------------------- data integrity


@pytest.fixture(scope="module")
def rules() -> pd.DataFrame:
    return exports.load_rules()


def spec(name: str):
    return next(s for s in TABLES if s.name == name)


def test_rules_table_size_and_dates(rules: pd.DataFrame) -> None:
    assert len(rules) >= 12
    assert rules["id"].is_unique
    assert pd.api.types.is_datetime64_any_dtype(rules["date"])
    assert rules["date"].notna().all()
    assert rules["date"].min() <= pd.Timestamp("2022-10-07")
    assert rules["date"].max() >= pd.Timestamp("2026-01-13")
    for column in ["notice_date", "effective_date", "compliance_date"]:
        assert pd.api.types.is_datetime64_any_dtype(rules[column])
    notice = rules.dropna(subset=["notice_date"])
    assert (notice["notice_date"] <= notice["date"]).all()
    compliance = rules.dropna(subset=["compliance_date"])
    assert (compliance["compliance_date"] > compliance["date"]).all()


def test_rules_enums_match_the_package(rules: pd.DataFrame) -> None:
    fields = {f["name"]: f for f in spec(exports.RULES_TABLE).schema["fields"]}
    assert tuple(fields["timing"]["constraints"]["enum"]) == exports.TIMINGS
    assert tuple(fields["agency"]["constraints"]["enum"]) == exports.AGENCIES
    assert tuple(fields["action"]["constraints"]["enum"]) == exports.ACTIONS
    assert tuple(fields["for_nvidia_china"]["constraints"]["enum"]) == exports.EFFECTS
    assert rules["timing"].isin(exports.TIMINGS).all()
    assert rules["agency"].isin(exports.AGENCIES).all()
    assert rules["action"].isin(exports.ACTIONS).all()


def test_rules_are_sourced(rules: pd.DataFrame) -> None:
    known = bib_keys()
    assert unknown_citations(rules["source_key"].tolist(), known) == []
    assert unknown_citations(rules["timing_source_key"].tolist(), known) == []
    unsourced = rules[rules["source_key"].isna()]
    assert (unsourced["action"] == "political event").all()  # only the inauguration
    after_close = rules[rules["timing"] == "after_close"]
    assert len(after_close) >= 3 and after_close["timing_source_key"].notna().all()


def test_key_facts_in_the_rules(rules: pd.DataFrame) -> None:
    by_id = rules.set_index("id")
    assert by_id.at["bis-2025-01-ai-diffusion", "compliance_date"] == pd.Timestamp("2025-05-15")
    assert by_id.at["usg-2025-04-h20", "notice_date"] == pd.Timestamp("2025-04-09")
    assert by_id.at["us-2025-01-inauguration", "date"] == pd.Timestamp("2025-01-20")


def test_china_revenue_only_confirmed_values() -> None:
    table = exports.load_china_revenue()
    unconfirmed = table[table["status"] == "unconfirmed"]
    assert unconfirmed["value"].isna().all()
    assert set(unconfirmed["period"]) >= {"FY2023", "FY2024", "FY2025"}
    confirmed = table[table["status"] == "confirmed"]
    assert confirmed["value"].notna().all() and confirmed["source_key"].notna().all()
    shares = confirmed[confirmed["measure"] == "share_of_revenue"]["value"]
    assert ((shares > 0) & (shares < 1)).all()
    assert unknown_citations(table["source_key"].tolist(), bib_keys()) == []
    fy25 = confirmed[(confirmed["period"] == "FY2025") & (confirmed["region"] == "China incl. Hong Kong")]
    assert fy25["value"].tolist() == [0.13]


def test_chip_interconnect_table() -> None:
    table = load_table("chip-interconnect")
    assert unknown_citations(table["source_key"].tolist(), bib_keys()) == []
    sourced = table[table["status"] != "unconfirmed"]
    assert sourced["value_gbps"].notna().all() and sourced["source_key"].notna().all()
    assert table[table["status"] == "unconfirmed"]["value_gbps"].isna().all()


def test_deepseek_day_matches_the_market_chapter() -> None:
    """The 27 January 2025 bar in the chapter equals the market chapter's own NVDA and ^SOX rows."""
    from deepseek_shock import market

    mine = exports.study_one(exports.event_returns(), exports.DEEPSEEK_DAY)
    theirs = market.run_event_study()
    for ticker in ["NVDA", "^SOX"]:
        assert mine.at[ticker, "ar_0"] == pytest.approx(theirs.at[ticker, "ar_0"])
        assert mine.at[ticker, "beta"] == pytest.approx(theirs.at[ticker, "beta"])


def test_chip_comparison_fills_only_missing_sourced_values() -> None:
    chips = pd.DataFrame({
        "chip": ["X100", "X800", "X20"],
        "bf16_dense_tflops": [1000.0, 1000.0, 150.0], "int8_dense_tops": [2000.0, 2000.0, 300.0],
        "memory_bandwidth_gbps": [3000.0, 3000.0, 4000.0],
        "intranode_bandwidth_gbps": [900.0, np.nan, np.nan]})
    links = pd.DataFrame({
        "chip": ["X100", "X800", "X800", "X20"],
        "measure": ["nvlink_aggregate", "nvlink_aggregate", "nvlink_deepseek", "nvlink_aggregate"],
        "value_gbps": [111.0, 400.0, 160.0, np.nan],
        "status": ["sourced", "sourced", "sourced", "unconfirmed"],
        "source_key": ["k1", "k2", "k3", np.nan]})
    out = exports.chip_comparison(chips, links, {"X100": "A", "X800": "B", "X20": "C"})
    assert out.loc["A", "intranode_bandwidth_gbps"] == 900.0  # Epoch's value is kept
    assert out.loc["A", "intranode_source"] == "Epoch AI"
    assert out.loc["B", "intranode_bandwidth_gbps"] == 400.0  # the aggregate, not DeepSeek's 160
    assert out.loc["B", "intranode_source"] == "k2"
    assert np.isnan(out.loc["C", "intranode_bandwidth_gbps"]) and out.loc["C", "intranode_source"] == ""
    assert list(out.index) == ["A", "B", "C"]


def test_real_chip_comparison() -> None:
    from deepseek_shock import epoch

    out = exports.chip_comparison(epoch.load_chips(), load_table("chip-interconnect"))
    assert list(out.index) == ["A100", "H100", "H800", "H20", "H200"]
    assert out.loc["H800", "intranode_bandwidth_gbps"] < out.loc["H100", "intranode_bandwidth_gbps"]
    assert out.loc["H20", "bf16_dense_tflops"] < out.loc["H800", "bf16_dense_tflops"]
