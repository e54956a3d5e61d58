"""Event-study maths on a synthetic panel whose answers are known by construction.

The panel has 40 sessions. Day 0 is session 30 (a Monday after a weekend, so the
event date falls on a non-session and must roll forward). The estimation window
used in the tests is days -20..-6 (15 sessions). Security A follows
R_A = 0.001 + 1.5 R_m exactly in the estimation window plus two injected abnormal
returns, so its alpha, beta, ARs and CARs are exact; security B adds a known
residual pattern so that sigma is non-zero and checkable by hand.
"""

import math

import numpy as np
import pandas as pd
import pytest

from deepseek_shock import eventstudy as es

N = 40
DAY0 = 30
ALPHA, BETA = 0.001, 1.5
KW = {"estimation_length": 15, "estimation_end": -6}


@pytest.fixture
def panel() -> tuple[pd.DataFrame, pd.Series, str]:
    dates = pd.bdate_range("2024-11-04", periods=N)
    rng = np.random.default_rng(7)
    market = pd.Series(rng.normal(0, 0.01, N), index=dates)
    a = ALPHA + BETA * market
    a.iloc[DAY0] += -0.10  # AR on day 0
    a.iloc[DAY0 + 1] += 0.04  # AR on day +1
    # B: beta 0.5, no alpha, residual +e/-e alternating in the estimation window
    eps = np.where(np.arange(N) % 2 == 0, 0.002, -0.002)
    b = 0.5 * market + eps
    returns = pd.DataFrame({"A": a, "B": b}, index=dates)
    event = (dates[DAY0] - pd.Timedelta(days=2)).strftime("%Y-%m-%d")  # a Saturday
    assert dates[DAY0].day_of_week == 0
    return returns, market, event


def test_day_zero_rolls_forward_to_next_session(panel):
    returns, _, event = panel
    assert es.day_zero(returns.index, event) == DAY0


def test_market_model_recovers_alpha_beta_and_injected_ars(panel):
    returns, market, event = panel
    table = es.event_study(returns, market, event, **KW)
    a = table.loc["A"]
    assert a["alpha"] == pytest.approx(ALPHA, abs=1e-12)
    assert a["beta"] == pytest.approx(BETA, abs=1e-10)
    assert a["n_obs"] == 15
    assert a["ar_0"] == pytest.approx(-0.10, abs=1e-12)
    assert a["car_0_0"] == pytest.approx(-0.10, abs=1e-12)
    assert a["car_0_1"] == pytest.approx(-0.06, abs=1e-12)
    assert a["car_m1_1"] == pytest.approx(-0.06, abs=1e-12)
    assert a["car_0_5"] == pytest.approx(-0.06, abs=1e-12)
    assert table.loc["A", "est_start"] == returns.index[DAY0 - 20]
    assert table.loc["A", "est_end"] == returns.index[DAY0 - 6]
    assert table.loc["A", "day_0"] == returns.index[DAY0]


def test_sigma_uses_two_degrees_of_freedom_and_t_stats_follow(panel):
    returns, market, event = panel
    row = es.event_study(returns, market, event, **KW).loc["B"]
    # Residuals in the window are e or -e around a fitted line: compute the OLS fit independently.
    est = slice(DAY0 - 20, DAY0 - 5)
    y, x = returns["B"].iloc[est].to_numpy(), market.iloc[est].to_numpy()
    beta, alpha = np.polyfit(x, y, 1)
    resid = y - alpha - beta * x
    sigma = math.sqrt((resid**2).sum() / (15 - 2))
    assert row["sigma"] == pytest.approx(sigma, rel=1e-10)
    ar0 = returns["B"].iloc[DAY0] - alpha - beta * market.iloc[DAY0]
    assert row["ar_0"] == pytest.approx(ar0, abs=1e-12)
    assert row["t_ar_0"] == pytest.approx(ar0 / sigma, rel=1e-10)
    assert row["t_car_0_5"] == pytest.approx(row["car_0_5"] / (math.sqrt(6) * sigma), rel=1e-10)
    assert row["t_car_m1_1"] == pytest.approx(row["car_m1_1"] / (math.sqrt(3) * sigma), rel=1e-10)


def test_exact_fit_gives_zero_sigma(panel):
    returns, market, event = panel
    a = es.event_study(returns, market, event, **KW).loc["A"]
    assert a["sigma"] == pytest.approx(0.0, abs=1e-12)
    assert math.isnan(a["t_ar_0"]) or abs(a["t_ar_0"]) > 1e6


def test_t_statistic_is_nan_when_sigma_is_zero():
    assert math.isnan(es._ratio(-0.1, 0.0))
    assert math.isnan(es._ratio(-0.1, float("nan")))
    assert es._ratio(-0.1, 0.05) == pytest.approx(-2.0)


def test_too_few_observations_give_nan_estimates():
    y, x = np.array([0.01, np.nan, 0.02]), np.array([0.01, 0.02, np.nan])
    alpha, beta, sigma, n = es.fit(y, x, "market")
    assert n == 1 and math.isnan(alpha) and math.isnan(beta) and math.isnan(sigma)


def test_missing_day_in_estimation_window_is_dropped(panel):
    returns, market, event = panel
    returns = returns.copy()
    returns.iloc[DAY0 - 12, 0] = np.nan
    a = es.event_study(returns, market, event, **KW).loc["A"]
    assert a["n_obs"] == 14
    assert a["beta"] == pytest.approx(BETA, abs=1e-10)
    assert a["ar_0"] == pytest.approx(-0.10, abs=1e-12)


def test_missing_day_in_event_window_blanks_every_car_that_contains_it(panel):
    returns, market, event = panel
    returns = returns.copy()
    returns.iloc[DAY0 + 3, 0] = np.nan
    a = es.event_study(returns, market, event, **KW).loc["A"]
    assert a["car_0_1"] == pytest.approx(-0.06, abs=1e-12)
    assert math.isnan(a["car_0_5"]) and math.isnan(a["t_car_0_5"])
    path = es.car_path(es.abnormal_returns(returns, market, event, days=(-2, 6), **KW))
    assert path.loc[2, "A"] == pytest.approx(-0.06, abs=1e-12)
    assert path.loc[3:, "A"].isna().all()


def test_market_adjusted_model(panel):
    returns, market, event = panel
    table = es.event_study(returns, market, event, model="market_adjusted", **KW)
    a = table.loc["A"]
    assert (a["alpha"], a["beta"]) == (0.0, 1.0)
    expected = returns["A"].iloc[DAY0] - market.iloc[DAY0]
    assert a["ar_0"] == pytest.approx(expected, abs=1e-12)
    diff = (returns["A"] - market).iloc[DAY0 - 20:DAY0 - 5]
    assert a["sigma"] == pytest.approx(diff.std(ddof=1), rel=1e-12)
    two_day = (returns["A"] - market).iloc[DAY0:DAY0 + 2].sum()
    assert a["car_0_1"] == pytest.approx(two_day, abs=1e-12)


def test_unknown_model_and_short_history_are_refused(panel):
    returns, market, event = panel
    with pytest.raises(ValueError):
        es.event_study(returns, market, event, model="fama_french", **KW)
    with pytest.raises(ValueError):
        es.event_study(returns, market, event, estimation_length=40, estimation_end=-6)


def test_car_path_starts_at_first_day_and_accumulates(panel):
    returns, market, event = panel
    ar = es.abnormal_returns(returns, market, event, days=(-5, 5), **KW)
    assert list(ar.index) == list(range(-5, 6))
    path = es.car_path(ar)
    assert path.loc[-1, "A"] == pytest.approx(0.0, abs=1e-12)
    assert path.loc[0, "A"] == pytest.approx(-0.10, abs=1e-12)
    assert path.loc[5, "A"] == pytest.approx(-0.06, abs=1e-12)


def test_caar_and_its_two_t_statistics():
    table = pd.DataFrame({"car_0_0": [-0.10, -0.20, 0.30, -0.30], "sigma": [0.01, 0.02, 0.05, 0.02]},
                         index=["X", "Y", "Z", "W"])
    out = es.caar(table, {"chips": ["X", "Y", "W", "missing"], "pair": ["X", "Z"]},
                  windows=[(0, 0)]).set_index("segment")
    chips = out.loc["chips"]
    assert chips["n"] == 3
    assert chips["caar"] == pytest.approx(-0.20)
    assert chips["t_caar"] == pytest.approx(-0.20 / (math.sqrt(0.01**2 + 0.02**2 + 0.02**2) / 3))
    assert chips["t_xsec"] == pytest.approx(-0.20 / (np.std([-0.10, -0.20, -0.30], ddof=1) / math.sqrt(3)))
    assert out.loc["pair", "caar"] == pytest.approx(0.10)
    assert math.isnan(out.loc["pair", "t_xsec"])  # two securities: no cross-sectional t


def test_caar_uses_window_length_in_the_variance():
    table = pd.DataFrame({"car_0_5": [-0.12, -0.06], "sigma": [0.01, 0.02]}, index=["X", "Y"])
    row = es.caar(table, {"s": ["X", "Y"]}, windows=[(0, 5)]).iloc[0]
    assert row["t_caar"] == pytest.approx(-0.09 / (math.sqrt(6 * (0.01**2 + 0.02**2)) / 2))


def test_caar_path_is_equal_weighted():
    path = pd.DataFrame({"X": [0.0, -0.1], "Y": [0.0, -0.3]}, index=[0, 1])
    assert es.caar_path(path, {"s": ["X", "Y"]}).loc[1, "s"] == pytest.approx(-0.2)


def test_window_labels():
    assert es.window_label((-1, 1)) == "m1_1"
    assert es.window_label((0, 5)) == "0_5"


def test_default_estimation_window_is_days_minus_260_to_minus_11():
    dates = pd.bdate_range("2023-01-02", periods=300)
    rng = np.random.default_rng(11)
    market = pd.Series(rng.normal(0, 0.01, 300), index=dates)
    returns = pd.DataFrame({"A": 0.0005 + 1.2 * market + rng.normal(0, 0.002, 300)}, index=dates)
    p0 = 280
    row = es.event_study(returns, market, dates[p0].strftime("%Y-%m-%d")).loc["A"]
    assert row["est_start"] == dates[p0 - 260] and row["est_end"] == dates[p0 - 11]
    assert row["n_obs"] == 250
    beta, alpha = np.polyfit(market.iloc[p0 - 260:p0 - 10], returns["A"].iloc[p0 - 260:p0 - 10], 1)
    assert (row["alpha"], row["beta"]) == pytest.approx((alpha, beta), rel=1e-9)
