"""The announcement chapter: trading-calendar alignment, reaction z-scores, and the timeline data."""

import math

import pandas as pd
import pytest

from deepseek_shock import announcement
from deepseek_shock.descriptor import data_dir
from deepseek_shock.tables import TABLES, bib_keys, unknown_citations

# --- trading calendar -------------------------------------------------------------------------

@pytest.mark.parametrize(("day", "session"), [
    ("2025-01-20", "2025-01-21"),  # Martin Luther King Jr. Day: NYSE shut, R1's first session is Tuesday
    ("2024-12-25", "2024-12-26"),  # Christmas
    ("2025-01-25", "2025-01-27"),  # Saturday -> Monday
    ("2024-12-26", "2024-12-26"),  # a session maps to itself
])
def test_first_session_on_or_after(day, session):
    assert announcement.first_session_on_or_after(day, "XNYS") == pd.Timestamp(session)


def test_first_session_uses_the_exchange_calendar():
    # 20 Jan 2025 is a normal trading day in Tokyo
    assert announcement.first_session_on_or_after("2025-01-20", "XTKS") == pd.Timestamp("2025-01-20")


# --- reaction z-score on hand-checkable numbers --------------------------------------------------

def _prices(returns: list[float], start: str = "2025-01-02") -> pd.Series:
    index = pd.bdate_range(start, periods=len(returns) + 1)
    levels = [100.0]
    for r in returns:
        levels.append(levels[-1] * (1 + r))
    return pd.Series(levels, index=index)


def test_reaction_zscore_by_hand():
    # an old +30% outlier, then the baseline +1%, -1%, +1%, -1%, then the event day +5%
    prices = _prices([0.30, 0.01, -0.01, 0.01, -0.01, 0.05])
    stats = announcement.reaction_zscore(prices, prices.index[-1], window=4)
    sd = math.sqrt(4 * 0.01**2 / 3)  # mean 0, ddof = 1
    assert stats["return"] == pytest.approx(0.05)
    assert stats["baseline_mean"] == pytest.approx(0.0, abs=1e-12)
    assert stats["baseline_sd"] == pytest.approx(sd)
    assert stats["z"] == pytest.approx(0.05 / sd)  # 4.33: the +30% day is outside the window
    assert stats["baseline_end"] == prices.index[-2]  # the event day itself is not in its baseline


def test_reaction_zscore_needs_a_full_window():
    prices = _prices([0.01, -0.01, 0.02])
    with pytest.raises(ValueError, match="need 5"):
        announcement.reaction_zscore(prices, prices.index[-1], window=5)


def test_reaction_zscore_refuses_a_day_without_a_close():
    prices = _prices([0.01, -0.01, 0.02, 0.0, 0.01])
    with pytest.raises(KeyError):
        announcement.reaction_zscore(prices, "2025-01-04", window=2)  # a Saturday


def test_rolling_reaction_z_matches_the_single_day_function():
    prices = _prices([0.30, 0.01, -0.01, 0.01, -0.01, 0.05, -0.02])
    z = announcement.rolling_reaction_z(prices, window=4)
    assert z.iloc[:4].isna().all()  # fewer than four earlier returns
    for day in prices.index[-2:]:
        assert z[day] == pytest.approx(announcement.reaction_zscore(prices, day, window=4)["z"])
    assert z[prices.index[-2]] == pytest.approx(0.05 / math.sqrt(4 * 0.01**2 / 3))


def test_share_unusual():
    z = pd.Series([0.5, -2.5, 2.0, 3.0, math.nan])
    assert announcement.share_unusual(z) == pytest.approx(2 / 4)  # 2.0 itself is not beyond 2
    assert announcement.share_unusual(z, threshold=0.1) == pytest.approx(1.0)
    with pytest.raises(ValueError):
        announcement.share_unusual(pd.Series([math.nan]))


def test_rebase():
    frame = pd.DataFrame({"a": [50.0, 100.0, 75.0], "b": [2.0, 4.0, 8.0]},
                         index=pd.to_datetime(["2025-01-02", "2025-01-03", "2025-01-06"]))
    out = announcement.rebase(frame, "2025-01-03")
    assert out["a"].tolist() == pytest.approx([50.0, 100.0, 75.0])
    assert out["b"].tolist() == pytest.approx([50.0, 100.0, 200.0])


@pytest.mark.parametrize(("precision", "text"), [("day", "7 May 2024"), ("month", "May 2024"),
                                                   ("year", "2024")])
def test_display_date(precision, text):
    assert announcement.display_date(pd.Timestamp("2024-05-07"), precision) == text


def test_release_reactions_on_the_snapshot():
    reactions = announcement.release_reactions("NVDA")
    r1 = reactions.loc["DeepSeek-R1 released"]
    assert r1["event_date"] == pd.Timestamp("2025-01-20")
    assert r1["first_session"] == pd.Timestamp("2025-01-21")
    day0 = reactions.loc["Day 0: the sell-off"]
    assert day0["return"] == pytest.approx(118.42 / 142.62 - 1, abs=1e-4)  # the exchange closes
    assert day0["z"] < -5
    assert abs(reactions.loc["DeepSeek-V3 released", "z"]) < 2


# --- the timeline table ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def timeline_raw() -> pd.DataFrame:
    return pd.read_csv(data_dir() / "tables" / "timeline.csv")


def test_timeline_dates_parse(timeline_raw):
    parsed = pd.to_datetime(timeline_raw["date"], format="%Y-%m-%d", errors="coerce")
    assert parsed.notna().all(), timeline_raw.loc[parsed.isna(), "date"].tolist()
    year_only = timeline_raw["date_precision"] == "year"
    assert (parsed[year_only].dt.strftime("%m-%d") == "01-01").all()


def test_timeline_categories_known(timeline_raw):
    assert set(timeline_raw["category"]) <= set(announcement.TIMELINE_CATEGORIES)
    assert set(timeline_raw["date_precision"]) <= set(announcement.DATE_PRECISIONS)
    spec = next(t for t in TABLES if t.name == "timeline")
    enum = next(f for f in spec.schema["fields"] if f["name"] == "category")["constraints"]["enum"]
    assert enum == announcement.TIMELINE_CATEGORIES


def test_timeline_sources_exist_in_bibliography(timeline_raw):
    assert timeline_raw["source_keys"].notna().all()
    assert unknown_citations(timeline_raw["source_keys"].tolist(), bib_keys()) == []


def test_timeline_content(timeline_raw):
    assert len(timeline_raw) >= 15
    assert timeline_raw["event_id"].is_unique
    assert (timeline_raw["description"].str.len() <= 200).all()  # one line each
    dates = timeline_raw.set_index("event_id")["date"]
    assert dates["v3-release"] == "2024-12-26"
    assert dates["r1-release"] == "2025-01-20"
    assert dates["app-launch"] == "2025-01-10"
    # the two App Store trackers disagree by a day: both are kept
    assert dates["appstore-top-appfigures"] == "2025-01-26"
    assert dates["appstore-top-sensortower"] == "2025-01-27"


def test_timeline_keeps_date_disagreements_visible(timeline_raw):
    # where sources disagree, the row's description names the alternative date
    described = timeline_raw.set_index("event_id")["description"]
    assert "2016" in described["highflyer-founded"]  # AP 2015 vs a Wikipedia-derived February 2016
    assert "July 2023" in described["deepseek-spinout"]  # SemiAnalysis May vs Rivista.ai July
    assert "28 January" in described["italy-stores"]  # Reuters 29 Jan vs Il Fatto Quotidiano 28 Jan
    keys = timeline_raw.set_index("event_id")["source_keys"]
    assert {"reuters2025italyapp", "ilfatto2025garante"} <= set(keys["italy-stores"].split(";"))


def test_loaded_timeline_is_sorted():
    timeline = announcement.load_timeline()
    assert timeline["date"].is_monotonic_increasing
    assert announcement.event_date(timeline, "selloff") == pd.Timestamp("2025-01-27")
    with pytest.raises(KeyError):
        announcement.event_date(timeline, "no-such-event")


# --- the benchmark table --------------------------------------------------------------------------

def test_r1_benchmarks_table():
    table = announcement.benchmark_table()
    assert set(table["source_key"]) == {"deepseek2025r1"}
    pct = table[table["unit"].isin(["percent", "percentile"])]
    assert pct[["deepseek_r1", "openai_o1_1217"]].stack().between(0, 100).all()
    aime = table.set_index("benchmark").loc["AIME 2024"]
    assert aime["gap"] == pytest.approx(79.8 - 79.2)


def test_timeline_markdown_cites_and_escapes():
    timeline = pd.DataFrame([{"date": pd.Timestamp("2024-12-27"), "date_precision": "day", "event": "V3",
                              "description": "Costs $5.6 million | cheap", "source_keys": "a; b"}])
    table = announcement.timeline_markdown(timeline.assign(category="paper"))
    lines = table._repr_markdown_().splitlines()
    assert len(lines) == 3
    assert lines[2] == r"| 27 Dec 2024 | **V3** | Costs \$5.6 million \| cheap | {cite}`a,b` |"
    assert repr(table).splitlines()[1].split() == ["2024-12-27", "paper", "V3"]
