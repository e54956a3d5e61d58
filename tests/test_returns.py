"""Return arithmetic on numbers small enough to check by hand."""

import math

import pandas as pd
import pytest

from deepseek_shock import returns


@pytest.fixture
def prices() -> pd.Series:
    index = pd.to_datetime(["2025-01-22", "2025-01-23", "2025-01-24", "2025-01-27", "2025-01-28"])
    return pd.Series([100.0, 110.0, 99.0, 79.2, 99.0], index=index)


def test_simple_returns(prices):
    r = returns.simple_returns(prices)
    assert math.isnan(r.iloc[0])
    assert r.iloc[1:].tolist() == pytest.approx([0.10, -0.10, -0.20, 0.25])


def test_log_returns_add_up(prices):
    r = returns.log_returns(prices)
    assert r.sum() == pytest.approx(math.log(99.0 / 100.0))
    assert r.iloc[3] == pytest.approx(math.log(0.8))


def test_return_on_uses_previous_row_across_a_weekend(prices):
    assert returns.return_on(prices, "2025-01-27") == pytest.approx(-0.20)


def test_return_on_refuses_a_closed_day(prices):
    with pytest.raises(KeyError):
        returns.return_on(prices, "2025-01-25")  # a Saturday: no neighbouring day is substituted
    with pytest.raises(KeyError):
        returns.return_on(prices, "2025-01-22")  # first row has no previous close


def test_zscore_and_rank():
    sample = pd.Series([-0.02, 0.0, 0.02])  # mean 0, sd 0.02
    assert returns.zscore(-0.06, sample) == pytest.approx(-3.0)
    assert returns.rank_of(-0.06, sample) == 1
    assert returns.rank_of(0.01, sample) == 3
    assert returns.rank_of(0.01, sample, ascending=False) == 2


def test_market_value_change():
    assert returns.market_value_change(24.477e9, 142.62, 118.42) == pytest.approx(-24.477e9 * 24.20)


def test_first_close_at_or_above(prices):
    assert returns.first_close_at_or_above(prices, 99.0, "2025-01-24") == pd.Timestamp("2025-01-28")
    assert returns.first_close_at_or_above(prices, 120.0, "2025-01-22") is None


def test_drawdown(prices):
    dd = returns.drawdown(prices)
    assert dd.tolist() == pytest.approx([0.0, 0.0, -0.1, -0.28, -0.1])
