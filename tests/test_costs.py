"""Cost arithmetic on hand-checkable numbers, and integrity of the chapter's compiled tables."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from deepseek_shock import costs
from deepseek_shock.loaders import load_table


def test_stage_costs_reproduce_the_5_576_million():
    # DeepSeek-V3 report, Table 1: 2,664K + 119K + 5K H800-hours at $2.
    stages = pd.DataFrame({"stage": ["Pre-training", "Context extension", "Post-training"],
                           "h800_gpu_hours": [2_664_000, 119_000, 5_000]})
    table = costs.stage_costs(stages, 2.0).set_index("stage")
    assert table.loc["Total", "h800_gpu_hours"] == 2_788_000
    assert table.loc["Total", "cost_usd"] == 5_576_000
    assert table.loc["Pre-training", "cost_usd"] == 5_328_000
    assert table.loc["Context extension", "cost_usd"] == 238_000
    assert table.loc["Post-training", "cost_usd"] == 10_000


def test_stage_costs_rejects_negative_hours():
    with pytest.raises(ValueError):
        costs.stage_costs(pd.DataFrame({"stage": ["x"], "h800_gpu_hours": [-1]}), 2.0)


def test_rental_cost_scalar_and_array():
    assert costs.rental_cost(10, 2.5) == 25.0
    assert isinstance(costs.rental_cost(10, 2.5), float)
    np.testing.assert_allclose(costs.rental_cost(10, np.array([1.0, 3.0])), [10.0, 30.0])


def test_six_nd():
    assert costs.six_nd_flop(2, 3) == 36
    assert costs.six_nd_flop(37e9, 14.8e12) == pytest.approx(3.2856e24)


def test_implied_utilisation_by_hand():
    # 3.6e15 FLOP in 1 GPU-hour = 1e12 FLOP/s; against a 4e12 peak that is 25%.
    assert costs.achieved_flops_per_gpu(3.6e15, 1) == pytest.approx(1e12)
    assert costs.implied_utilisation(3.6e15, 1, 4e12) == pytest.approx(0.25)
    with pytest.raises(ValueError):
        costs.implied_utilisation(1.0, 0, 1.0)


def test_small_helpers():
    assert costs.gpu_hours_from_cost(294_000, 2.0) == 147_000
    assert costs.wall_clock_days(2_788_000, 2048) == pytest.approx(56.72, abs=0.01)
    assert costs.cluster_purchase_cost(2048, 33_800) == 69_222_400


def test_price_ratios_by_hand():
    prices = pd.DataFrame({
        "model": ["A", "A", "B", "B"], "price_type": ["output", "input_cache_miss"] * 2,
        "usd_per_million_tokens": [60.0, 15.0, 2.0, 0.5]})
    ratios = costs.price_ratios(prices, numerator="A", denominator="B")
    assert ratios["output"] == 30.0
    assert ratios["input_cache_miss"] == 30.0
    with pytest.raises(KeyError):
        costs.price_ratios(prices, numerator="C", denominator="B")


def test_sensitivity_is_linear():
    frame = costs.sensitivity(1000, [1, 2, 4])
    assert frame["cost_usd"].tolist() == [1000, 2000, 4000]


# --- the chapter's data ---------------------------------------------------------------------


def test_v3_table_gives_the_reported_total():
    summary = costs.v3_summary()
    assert summary["gpu_hours"] == 2_788_000
    assert summary["cost_usd"] == pytest.approx(5_576_000)
    assert summary["training_flop"] == pytest.approx(3.29e24, rel=0.01)
    # 3.2856e24 / (2.664e6 h x 3600 s) = 342.6 TFLOP/s; / 989 TFLOP/s dense BF16 = 34.6%.
    assert summary["achieved_tflops"] == pytest.approx(342.6, abs=0.1)
    assert summary["utilisation_bf16"] == pytest.approx(0.3464, abs=1e-4)
    assert summary["utilisation_fp8"] == pytest.approx(0.1731, abs=1e-4)


def test_r1_stages_sum_to_nature_total():
    r1 = costs.load_r1_stages()
    assert r1["cost_usd"].sum() == costs.reference("r1_nature_total_cost")
    assert r1["gpu_hours"].sum() == 147_000
    # The Register's GPUs x hours agree with cost / $2 for both RL stages (within 1%).
    timed = r1.dropna(subset=["gpus", "wall_clock_hours"])
    np.testing.assert_allclose(timed["gpus"] * timed["wall_clock_hours"], timed["gpu_hours"], rtol=0.01)


def test_api_prices_and_ratios():
    prices = costs.load_api_prices()
    assert set(prices["price_type"]) == {"input_cache_hit", "input_cache_miss", "output"}
    assert len(prices) == 6
    ratios = costs.price_ratios(prices)
    assert ratios["input_cache_miss"] == pytest.approx(15 / 0.55)
    assert ratios["output"] == pytest.approx(60 / 2.19)
    assert ratios["input_cache_hit"] == pytest.approx(7.5 / 0.14)


def test_reference_figures_are_unique_and_positive():
    table = load_table("cost-reference-figures")
    assert table["figure_id"].is_unique
    assert (table["value"] > 0).all()
    with pytest.raises(Exception, match="no figure"):
        costs.reference("not_a_figure")


def test_epoch_h800_quote_and_purchase():
    assert costs.epoch_h800_quote() == 3.42
    purchases = costs.purchase_quotes(costs.H800)
    assert 33_800 in purchases["purchase_usd_per_chip"].tolist()


def test_comparison_table_has_ten_models_and_deepseek():
    table = costs.comparison_table()
    assert len(table) >= 10
    assert {"DeepSeek-V3", "GPT-4", "Gemini 1.0 Ultra", "Llama 3.1-405B",
            "Claude 3.5 Sonnet"} <= set(table["model"])
    assert (table["cost_usd"] > 0).all() and (table["training_compute_flop"] > 0).all()
    gpt4 = table.set_index("model").loc["GPT-4"]
    assert gpt4["cost_origin"].startswith("Epoch paper")


def test_cost_figures_keys():
    figures = costs.cost_figures()
    for key in ["cost.v3_gpu_hours", "cost.v3_cost_usd", "cost.v3_training_flop",
                "cost.v3_implied_utilisation_bf16", "cost.r1_cost_usd"]:
        assert isinstance(figures[key], float)
    assert figures["cost.v3_cost_usd"] == 5_576_000
    assert figures["cost.r1_cost_usd"] == 294_000


def test_split_market_by_vendor():
    quotes = pd.DataFrame({"vendor": ["Oracle Cloud", "Lambda Labs", "Amazon Web Services"],
                           "on_demand_usd_per_chip_hour": [10.0, 3.0, 12.0]})
    parts = costs.split_market(quotes)
    assert parts["hyperscaler"]["on_demand_usd_per_chip_hour"].tolist() == [10.0, 12.0]
    assert parts["specialist"]["vendor"].tolist() == ["Lambda Labs"]


def test_disclosed_runs_priced_at_two_dollars():
    runs = costs.disclosed_runs().set_index("model")
    assert runs.loc["DeepSeek-V3", "cost_at_deepseek_rate_usd"] == 5_576_000
    assert runs.loc["Llama 3.1 405B", "cost_at_deepseek_rate_usd"] == pytest.approx(61.68e6)
    assert runs.loc["Llama 3 70B", "cost_at_deepseek_rate_usd"] == pytest.approx(12.8e6)


# --- comparison helpers on a tiny hand-made Epoch subset ---------------------------------------


@pytest.fixture
def tiny_epoch(monkeypatch):
    models = pd.DataFrame({
        "model": ["A", "B", "C", "D"], "organization": ["X", "Y", "Z", "W"],
        "publication_date": pd.to_datetime(["2024-01-01"] * 4),
        "training_compute_flop": [4e24, 1e24, 2e24, None], "confidence": ["Confident"] * 4,
        "training_compute_cost_2023_usd": [11.0, 5.0, None, 7.0],
        "hardware_utilization_mfu": [0.4, None, 0.2, 0.3]})
    model_costs = pd.DataFrame({"model": ["A", "C"], "amortized_hardware_energy_cost_usd": [10.0, 8.0]})
    monkeypatch.setattr(costs.epoch, "load_models", lambda directory=None: models.copy())
    monkeypatch.setattr(costs.epoch, "load_model_costs", lambda directory=None: model_costs.copy())


def test_comparison_table_prefers_amortised_cost(tiny_epoch):
    table = costs.comparison_table().set_index("model")
    # A: amortised 10 beats the database's 11; B: database only; C: amortised only; D: no compute.
    assert table["cost_usd"].to_dict() == {"B": 5.0, "C": 8.0, "A": 10.0}
    assert table.loc["A", "cost_origin"].startswith("Epoch paper")
    assert table.loc["B", "cost_origin"].startswith("Epoch database")
    assert list(table.index) == ["B", "C", "A"]  # sorted by compute


def test_cost_field_agreement_by_hand(tiny_epoch):
    gap = costs.cost_field_agreement()
    assert gap.to_dict() == {"A": pytest.approx(0.1)}  # 11 / 10 - 1


def test_recorded_utilisation_drops_missing_and_sorts(tiny_epoch):
    assert costs.recorded_utilisation().to_dict() == {"C": 0.2, "D": 0.3, "A": 0.4}


def test_epoch_cost_fields_agree_where_both_exist():
    # The chart mixes the paper's amortised estimate with the database field for the DeepSeek
    # models; that is only fair if the two fields agree where Epoch gives both.
    gap = costs.cost_field_agreement()
    assert len(gap) >= 5
    assert gap.abs().max() < 0.10
