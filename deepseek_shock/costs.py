"""The arithmetic of training-cost claims: GPU-hours times a price, 6 x N x D, utilisation.

Every function is small and unit-tested on hand-checkable numbers. The loaders
read the compiled tables (``cost-v3-gpu-hours``, ``cost-r1-training``,
``cost-reference-figures``, ``api-prices``) and Epoch AI's imported data
(:mod:`deepseek_shock.epoch`); :func:`cost_figures` gives the chapter's
headline numbers to ``python -m deepseek_shock figures``.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from . import epoch
from .loaders import load_table
from .schema import DataError

SECONDS_PER_HOUR = 3600.0
#: FLOP per parameter per token for a forward and backward pass (2 forward + 4 backward).
FLOP_PER_PARAM_TOKEN = 6.0
H800 = "NVIDIA H800 SXM5"
H800_PCIE = "NVIDIA H800 PCIe"


# --- arithmetic -------------------------------------------------------------------------------


def rental_cost(gpu_hours: float | np.ndarray, usd_per_gpu_hour: float | np.ndarray) -> Any:
    """GPU-hours priced at a rental rate, US dollars (element-wise on arrays; float for scalars)."""
    result = np.asarray(gpu_hours, dtype=float) * np.asarray(usd_per_gpu_hour, dtype=float)
    return float(result) if result.ndim == 0 else result


def stage_costs(stages: pd.DataFrame, usd_per_gpu_hour: float,
                hours_column: str = "h800_gpu_hours") -> pd.DataFrame:
    """Add a ``cost_usd`` column (hours x rate) and a ``Total`` row to a per-stage table."""
    if (stages[hours_column] < 0).any():
        raise ValueError("negative GPU-hours")
    out = stages[["stage", hours_column]].copy()
    out["cost_usd"] = out[hours_column] * usd_per_gpu_hour
    total = pd.DataFrame({"stage": ["Total"], hours_column: [out[hours_column].sum()],
                          "cost_usd": [out["cost_usd"].sum()]})
    return pd.concat([out, total], ignore_index=True)


def six_nd_flop(active_parameters: float, tokens: float) -> float:
    """Training compute by the 6 x N x D rule (Kaplan et al.), FLOP."""
    return FLOP_PER_PARAM_TOKEN * float(active_parameters) * float(tokens)


def achieved_flops_per_gpu(flop: float, gpu_hours: float) -> float:
    """Average useful FLOP per second per GPU implied by a compute total and GPU-hours."""
    return float(flop) / (float(gpu_hours) * SECONDS_PER_HOUR)


def implied_utilisation(flop: float, gpu_hours: float, peak_flops: float) -> float:
    """Share of the GPU's peak that ``flop`` in ``gpu_hours`` needs (model FLOP utilisation)."""
    if peak_flops <= 0 or gpu_hours <= 0:
        raise ValueError("peak and GPU-hours must be positive")
    return achieved_flops_per_gpu(flop, gpu_hours) / float(peak_flops)


def gpu_hours_from_cost(cost_usd: float | pd.Series, usd_per_gpu_hour: float) -> Any:
    """Invert cost = hours x rate."""
    return cost_usd / usd_per_gpu_hour


def wall_clock_days(gpu_hours: float, gpus: int) -> float:
    """How many days ``gpus`` GPUs need to run ``gpu_hours`` between them."""
    return float(gpu_hours) / gpus / 24.0


def cluster_purchase_cost(gpus: int, usd_per_gpu: float) -> float:
    """Cost of buying the GPUs alone (no servers, network, building or power)."""
    return float(gpus) * float(usd_per_gpu)


def price_ratios(prices: pd.DataFrame, numerator: str = "OpenAI o1",
                 denominator: str = "DeepSeek-R1 (deepseek-reasoner)") -> pd.Series:
    """Price of ``numerator`` divided by ``denominator`` per ``price_type`` (o1 / R1 by default)."""
    wide = prices.pivot(index="price_type", columns="model", values="usd_per_million_tokens")
    for model in (numerator, denominator):
        if model not in wide.columns:
            raise KeyError(f"no prices for {model!r}")
    ratio = (wide[numerator] / wide[denominator]).dropna()
    ratio.name = f"{numerator} / {denominator}"
    return ratio


def sensitivity(gpu_hours: float, usd_per_gpu_hour: Iterable[float]) -> pd.DataFrame:
    """Total cost of the same GPU-hours across a range of rental prices."""
    rates = np.asarray(list(usd_per_gpu_hour), dtype=float)
    return pd.DataFrame({"usd_per_gpu_hour": rates, "cost_usd": rates * float(gpu_hours)})


# --- data -------------------------------------------------------------------------------------


def load_v3_stages(directory: Path | None = None) -> pd.DataFrame:
    """DeepSeek-V3's H800 GPU-hours by stage (technical report, Table 1)."""
    return load_table("cost-v3-gpu-hours", directory)


def load_r1_stages(directory: Path | None = None) -> pd.DataFrame:
    """DeepSeek-R1's reported cost by stage, with GPU-hours derived at the $2 rate."""
    stages = load_table("cost-r1-training", directory)
    rate = reference("v3_assumed_rental", directory)
    return stages.assign(gpu_hours=gpu_hours_from_cost(stages["cost_usd"], rate))


def load_api_prices(directory: Path | None = None) -> pd.DataFrame:
    """API list prices per million tokens (table ``api-prices``)."""
    return load_table("api-prices", directory)


def reference_figures(directory: Path | None = None) -> pd.DataFrame:
    """The single sourced figures of the chapter, indexed by ``figure_id``."""
    return load_table("cost-reference-figures", directory).set_index("figure_id")


def reference(figure_id: str, directory: Path | None = None) -> float:
    """One sourced figure by id, as a float."""
    table = reference_figures(directory)
    if figure_id not in table.index:
        raise DataError("tables/cost_reference_figures.csv", f"no figure {figure_id!r}")
    return float(table.loc[figure_id, "value"])


def chip_peak(chip: str, column: str, directory: Path | None = None) -> float:
    """A chip's peak from Epoch's chip data, converted from tera-units to per-second units."""
    chips = epoch.load_chips(directory).set_index("chip")
    value = chips.loc[chip, column]
    if pd.isna(value):
        raise DataError("epoch/chips.csv", f"{chip}: no {column}")
    return float(value) * 1e12


def epoch_h800_quote(directory: Path | None = None) -> float:
    """Epoch's on-demand H800 SXM5 rental price; raises if its observations disagree."""
    prices = epoch.load_hardware_prices(directory)
    quotes = prices.loc[prices["hardware_model"] == H800, "on_demand_usd_per_chip_hour"].dropna()
    if quotes.empty or quotes.nunique() != 1:
        raise DataError("epoch/hardware_prices.csv", "expected one distinct H800 on-demand price")
    return float(quotes.iloc[0])


def rental_quotes(start: str, end: str, chips: Iterable[str], directory: Path | None = None,
                  ) -> pd.DataFrame:
    """On-demand rental observations for ``chips`` dated from ``start`` to ``end`` inclusive."""
    prices = epoch.load_hardware_prices(directory)
    keep = (prices["hardware_model"].isin(list(chips)) & prices["price_date"].between(start, end)
            & prices["on_demand_usd_per_chip_hour"].notna())
    return prices.loc[keep, ["price_date", "hardware_model", "vendor",
                             "on_demand_usd_per_chip_hour"]].reset_index(drop=True)


#: Cloud vendors the chapter counts as hyperscalers (list prices, on demand).
HYPERSCALERS = ["Amazon Web Services", "Google Cloud", "Microsoft Azure", "Oracle Cloud"]


def split_market(quotes: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Rental quotes split into hyperscalers and specialist clouds (everyone else)."""
    big = quotes["vendor"].isin(HYPERSCALERS)
    return {"hyperscaler": quotes[big].reset_index(drop=True),
            "specialist": quotes[~big].reset_index(drop=True)}


def disclosed_runs(directory: Path | None = None) -> pd.DataFrame:
    """GPU-hours developers disclosed for a final run, priced at DeepSeek's own $2 rate."""
    rate = reference("v3_assumed_rental", directory)
    rows = [("DeepSeek-V3", "H800", load_v3_stages(directory)["h800_gpu_hours"].sum(), "deepseek2024v3"),
            ("Llama 3 70B", "H100", reference("llama3_70b_gpu_hours", directory), "meta2024llama3card"),
            ("Llama 3.1 405B", "H100", reference("llama31_405b_gpu_hours", directory),
             "meta2024llama31card")]
    table = pd.DataFrame(rows, columns=["model", "gpu", "gpu_hours", "source_key"])
    table["cost_at_deepseek_rate_usd"] = table["gpu_hours"] * rate
    return table


def purchase_quotes(chip: str, directory: Path | None = None) -> pd.DataFrame:
    """Purchase-price observations (US dollars per chip) for one accelerator."""
    prices = epoch.load_hardware_prices(directory)
    keep = (prices["hardware_model"] == chip) & prices["purchase_usd_per_chip"].notna()
    return prices.loc[keep, ["price_date", "purchase_usd_per_chip", "number_of_gpus", "notes"]
                      ].reset_index(drop=True)


def comparison_table(directory: Path | None = None) -> pd.DataFrame:
    """Epoch's compute and cost estimate per model, one cost per model, with its origin.

    The cost is the paper's amortised hardware-plus-energy estimate (``model_costs.csv``)
    where the paper has one, otherwise the database's "training compute cost (2023 USD)"
    field. Models with neither, or without a compute estimate, are dropped.
    """
    models = epoch.load_models(directory)
    costs = epoch.load_model_costs(directory).set_index("model")
    amortised = models["model"].map(costs["amortized_hardware_energy_cost_usd"])
    table = models[["model", "organization", "publication_date", "training_compute_flop",
                    "confidence"]].copy()
    table["cost_usd"] = amortised.where(amortised.notna(), models["training_compute_cost_2023_usd"])
    table["cost_origin"] = np.where(amortised.notna(), "Epoch paper: amortised hardware + energy",
                                    "Epoch database: training compute cost (2023 USD)")
    table = table.dropna(subset=["cost_usd", "training_compute_flop"])
    return table.sort_values("training_compute_flop").reset_index(drop=True)


def recorded_utilisation(directory: Path | None = None) -> pd.Series:
    """Model FLOP utilisation Epoch records for models in the book's subset (0-1), ascending."""
    models = epoch.load_models(directory).set_index("model")
    return models["hardware_utilization_mfu"].dropna().sort_values()


def cost_field_agreement(directory: Path | None = None) -> pd.Series:
    """Relative gap between Epoch's database cost field and the paper's amortised estimate.

    For models that have both, ``database / amortised - 1``; a small gap means the two fields
    measure the same thing and may share a chart.
    """
    models = epoch.load_models(directory).set_index("model")
    amortised = epoch.load_model_costs(directory).set_index("model")["amortized_hardware_energy_cost_usd"]
    both = pd.DataFrame({"database": models["training_compute_cost_2023_usd"],
                         "amortised": models.index.to_series().map(amortised)}).dropna()
    return (both["database"] / both["amortised"] - 1).sort_index()


# --- headline figures -------------------------------------------------------------------------


def v3_summary(directory: Path | None = None) -> dict[str, float]:
    """DeepSeek-V3's GPU-hours, cost, 6ND compute and implied utilisation."""
    stages = load_v3_stages(directory)
    rate = reference("v3_assumed_rental", directory)
    table = stage_costs(stages, rate)
    total = table.set_index("stage").loc["Total"]
    pretrain_hours = float(stages.set_index("stage").loc["Pre-training", "h800_gpu_hours"])
    flop = six_nd_flop(reference("v3_active_parameters", directory),
                       reference("v3_training_tokens", directory))
    return {
        "gpu_hours": float(total["h800_gpu_hours"]),
        "pretrain_gpu_hours": pretrain_hours,
        "cost_usd": float(total["cost_usd"]),
        "training_flop": flop,
        "achieved_tflops": achieved_flops_per_gpu(flop, pretrain_hours) / 1e12,
        "utilisation_bf16": implied_utilisation(flop, pretrain_hours,
                                                chip_peak(H800, "bf16_dense_tflops", directory)),
        "utilisation_fp8": implied_utilisation(flop, pretrain_hours,
                                               chip_peak(H800, "int8_dense_tops", directory)),
    }


def cost_figures() -> dict[str, Any]:
    """Headline numbers of the chapter "The cost claims"."""
    v3 = v3_summary()
    r1 = load_r1_stages()
    return {
        "cost.v3_gpu_hours": v3["gpu_hours"],
        "cost.v3_cost_usd": v3["cost_usd"],
        "cost.v3_training_flop": v3["training_flop"],
        "cost.v3_implied_utilisation_bf16": v3["utilisation_bf16"],
        "cost.v3_implied_utilisation_fp8": v3["utilisation_fp8"],
        "cost.r1_cost_usd": float(r1["cost_usd"].sum()),
        "cost.r1_gpu_hours": float(r1["gpu_hours"].sum()),
        "cost.api_price_ratio_o1_r1": {k: float(v) for k, v in price_ratios(load_api_prices()).items()},
    }
