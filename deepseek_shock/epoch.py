"""Epoch AI's training-cost data: the subset the book uses, imported and read back.

The source is a byte-for-byte copy of the public repository
``epoch-research/training-cost-trends`` (commit :data:`EPOCH_COMMIT`, CC BY 4.0),
the code and data behind Cottier et al., "The rising costs of training frontier
AI models". :func:`build` keeps four small tables and writes them to
``data/epoch/``; :func:`import_epoch` stages, validates and swaps them in like
the price importer, recording repository, path, commit, the raw file's sha256
and the licence in the descriptor.

* ``models.csv``: notable models (name, organisation, date, parameters,
  training compute, hardware, chip-hours, Epoch's cost estimate, confidence and
  Epoch's own notes, whitespace normalised).
* ``model_costs.csv``: the paper's three cost methods per model (cloud rental,
  hardware acquisition, amortised hardware capex plus energy), as published.
* ``chips.csv``: accelerator specifications converted to readable units
  (TFLOP/s, GB, GB/s). Throughputs are Epoch's *dense* figures. Epoch's FP8
  column is empty for Hopper parts; their 8-bit peak sits in the INT8 column
  (``int8_dense_tops``), which for Hopper equals the dense FP8 peak on NVIDIA's
  datasheet. Nothing is filled in.
* ``hardware_prices.csv``: purchase and rental observations for A100, H100,
  H800, H20 and H200 parts.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pandas as pd

from . import descriptor as dp
from .loaders import read_csv_checked
from .schema import DataError
from .snapshot import replace_files, write_csv
from .validate import validate_staged_frictionless

EPOCH_REPO = "epoch-research/training-cost-trends"
EPOCH_COMMIT = "263c40a159307e917213d1dc433c617e47d55bfe"
EPOCH_LICENCE = "CC-BY-4.0"
EPOCH_CITATION = "epoch2026costrepo"

RAW_MODELS = "data/All ML Systems - full view.csv"
RAW_CHIPS = "data/Chip dataset-Grid view.csv"
RAW_PRICES = "data/Hardware prices.csv"
RAW_MODEL_COSTS = "model_costs.csv"

#: Models the book charts or quotes, spelled as in Epoch's database.
MODELS = [
    "GPT-3.5", "GPT-4", "GPT-4o", "Gemini 1.0 Ultra", "Gemini 1.5 Pro", "PaLM 2",
    "Claude 3 Opus", "Claude 3.5 Sonnet", "Llama 2-70B", "Llama 3-70B", "Llama 3.1-405B",
    "Falcon-180B", "Inflection-2", "Inflection-2.5", "Mistral Large", "Mistral Large 2",
    "Nemotron-4 340B", "Grok-2", "Grok-3", "Qwen2.5-72B", "DeepSeek-V3", "DeepSeek-R1",
]
#: Accelerators the book compares, spelled as in Epoch's chip dataset.
CHIPS = [
    "NVIDIA A100", "NVIDIA A100 SXM4 40 GB", "NVIDIA A100 SXM4 80 GB", "NVIDIA H100 PCIe",
    "NVIDIA H100 SXM5 80GB", "NVIDIA H800 PCIe", "NVIDIA H800 SXM5", "NVIDIA HGX H20",
    "NVIDIA H200 SXM", "NVIDIA B200",
]
#: Price observations kept: every row whose hardware model contains one of these.
PRICE_PATTERN = r"A100|H100|H800|H20\b|H200"

MODEL_COLUMNS = {
    "Model": "model", "Organization": "organization", "Publication date": "publication_date",
    "Parameters": "parameters", "Training compute (FLOP)": "training_compute_flop",
    "Training dataset size (datapoints)": "training_dataset_size",
    "Training hardware": "training_hardware", "Hardware quantity": "hardware_quantity",
    "Training time (hours)": "training_time_hours", "Training chip-hours": "training_chip_hours",
    "Hardware utilization (MFU)": "hardware_utilization_mfu",
    "Training compute cost (2023 USD)": "training_compute_cost_2023_usd",
    "Confidence": "confidence", "Training compute estimation method": "compute_estimation_method",
    "Training compute notes": "training_compute_notes", "Utilization notes": "utilization_notes",
    "Last modified": "epoch_last_modified",
}
COST_COLUMNS = {
    "Model": "model", "Cloud_Cost": "cloud_rental_cost_usd",
    "Hardware_Acquisition_Cost": "hardware_acquisition_cost_usd",
    "Hardware_Capex_Energy_Cost": "amortized_hardware_energy_cost_usd",
}
#: Chip columns: Epoch name -> (our name, divisor to reach our unit).
CHIP_NUMBERS = {
    "FP64 (double precision) performance (FLOP/s)": ("fp64_tflops", 1e12),
    "TF32 (TensorFloat-32) performance (FLOP/s)": ("tf32_dense_tflops", 1e12),
    "Tensor-FP16/BF16 performance (FLOP/s)": ("bf16_dense_tflops", 1e12),
    "FP8 performance (FLOP/s)": ("fp8_dense_tflops", 1e12),
    "INT8 performance (OP/s)": ("int8_dense_tops", 1e12),
    "Memory size per board (Byte)": ("memory_gb", 1e9),
    "Memory bandwidth (byte/s)": ("memory_bandwidth_gbps", 1e9),
    "Intranode bandwidth (byte/s)": ("intranode_bandwidth_gbps", 1e9),
    "Internode bandwidth (bit/s)": ("internode_bandwidth_gbps", 8e9),
    "TDP (W)": ("tdp_w", 1.0),
}
PRICE_COLUMNS = {
    "Price date": "price_date", "Hardware model": "hardware_model", "Vendor": "vendor",
    "Location": "location", "Price per chip-hour (on-demand)": "on_demand_usd_per_chip_hour",
    "Price per chip-hour (1-year CUD)": "commit_1yr_usd_per_chip_hour",
    "Price per chip-hour (3-year CUD)": "commit_3yr_usd_per_chip_hour",
    "Price (hardware purchase)": "purchase_usd_per_chip", "Number of GPUs": "number_of_gpus",
    "Notes": "notes", "Price source": "price_source",
}
CONFIDENCE = ["Confident", "Likely", "Speculative", "Unknown"]


def _field(name: str, kind: str, description: str, required: bool = False,
           **constraints: Any) -> dict[str, Any]:
    field: dict[str, Any] = {"name": name, "type": kind, "description": description}
    if required or constraints:
        field["constraints"] = {**({"required": True} if required else {}), **constraints}
    return field


MODELS_SCHEMA = {"fields": [
    _field("model", "string", "Model name as in Epoch's database", True),
    _field("organization", "string", "Developer(s), comma-separated", True),
    _field("publication_date", "date", "Publication or release date per Epoch", True),
    _field("parameters", "number", "Total parameters (MoE: all experts)"),
    _field("training_compute_flop", "number", "Epoch's training-compute estimate, FLOP"),
    _field("training_dataset_size", "number", "Training data points (tokens for language models)"),
    _field("training_hardware", "string", "Accelerator(s) named by Epoch"),
    _field("hardware_quantity", "number", "Number of accelerators in the final run"),
    _field("training_time_hours", "number", "Wall-clock training time, hours"),
    _field("training_chip_hours", "number", "Accelerator-hours of the final run"),
    _field("hardware_utilization_mfu", "number", "Model FLOP utilisation recorded by Epoch (0-1)",
           minimum=0, maximum=1),
    _field("training_compute_cost_2023_usd", "number", "Epoch's training compute cost, 2023 US dollars"),
    _field("confidence", "string", "Epoch's confidence in the compute estimate", True, enum=CONFIDENCE),
    _field("compute_estimation_method", "string", "How Epoch estimated compute"),
    _field("training_compute_notes", "string", "Epoch's notes (whitespace normalised)"),
    _field("utilization_notes", "string", "Epoch's utilisation notes (whitespace normalised)"),
    _field("epoch_last_modified", "string", "When Epoch last edited the row"),
], "primaryKey": ["model"]}

MODEL_COSTS_SCHEMA = {"fields": [
    _field("model", "string", "Model name as in Epoch's cost file", True),
    _field("cloud_rental_cost_usd", "number", "Cloud-rental method, US dollars (basis year not stated)"),
    _field("hardware_acquisition_cost_usd", "number", "Up-front cost of the training hardware, US dollars"),
    _field("amortized_hardware_energy_cost_usd", "number",
           "Amortised hardware capex plus energy, US dollars (the paper's headline method)"),
], "primaryKey": ["model"]}

CHIPS_SCHEMA = {"fields": [
    _field("chip", "string", "Accelerator name as in Epoch's chip dataset", True),
    _field("manufacturer", "string", "Manufacturer", True),
    _field("release_date", "date", "Release date (empty where Epoch has none)"),
    _field("fp64_tflops", "number", "FP64 (vector) throughput, TFLOP/s"),
    _field("tf32_dense_tflops", "number", "TF32 tensor throughput without sparsity, TFLOP/s"),
    _field("bf16_dense_tflops", "number", "FP16/BF16 tensor throughput without sparsity, TFLOP/s"),
    _field("fp8_dense_tflops", "number",
           "FP8 tensor throughput without sparsity, TFLOP/s (Epoch's FP8 field; empty for Hopper)"),
    _field("int8_dense_tops", "number", "INT8 tensor throughput without sparsity, tera-ops/s"),
    _field("memory_gb", "number", "Memory per board, gigabytes (10^9 bytes)"),
    _field("memory_bandwidth_gbps", "number", "Memory bandwidth, gigabytes per second (GB/s)"),
    _field("intranode_bandwidth_gbps", "number",
           "Chip-to-chip (NVLink) bandwidth within a server, gigabytes per second (GB/s)"),
    _field("internode_bandwidth_gbps", "number",
           "Network bandwidth between servers, gigabytes per second (GB/s; Epoch's bit/s divided by 8)"),
    _field("tdp_w", "number", "Thermal design power, watts"),
    _field("release_price_usd", "number", "Release price per chip, US dollars"),
    _field("datasheet", "string", "Epoch's datasheet link(s)"),
], "primaryKey": ["chip"]}

PRICES_SCHEMA = {"fields": [
    _field("price_date", "date", "Date of the observation", True),
    _field("hardware_model", "string", "Accelerator as named by Epoch", True),
    _field("vendor", "string", "Cloud vendor (empty for purchase prices)"),
    _field("location", "string", "Cloud region"),
    _field("on_demand_usd_per_chip_hour", "number", "On-demand rental, US dollars per chip-hour"),
    _field("commit_1yr_usd_per_chip_hour", "number", "One-year committed-use rental, US dollars per chip-hour"),
    _field("commit_3yr_usd_per_chip_hour", "number", "Three-year committed-use rental, US dollars per chip-hour"),
    _field("purchase_usd_per_chip", "number", "Purchase price per chip, US dollars (servers divided by GPUs)"),
    _field("number_of_gpus", "number", "GPUs in the priced instance or server"),
    _field("notes", "string", "Epoch's notes (whitespace normalised)"),
    _field("price_source", "string", "Epoch's source link"),
]}

#: Table name -> (relative path, raw file, title, schema).
TABLE_FILES = {
    "models": ("epoch/models.csv", RAW_MODELS, "Epoch AI: notable models (compute, hardware, cost)",
               MODELS_SCHEMA),
    "model_costs": ("epoch/model_costs.csv", RAW_MODEL_COSTS,
                    "Epoch AI: training cost by the paper's three methods", MODEL_COSTS_SCHEMA),
    "chips": ("epoch/chips.csv", RAW_CHIPS, "Epoch AI: accelerator specifications", CHIPS_SCHEMA),
    "hardware_prices": ("epoch/hardware_prices.csv", RAW_PRICES,
                        "Epoch AI: GPU purchase and rental prices (A100, H100, H800, H20, H200)",
                        PRICES_SCHEMA),
}


def parse_usd(value: Any) -> float:
    """``"$5390000.00"`` or ``"$1,234"`` -> float; empty -> NaN; anything else raises ValueError."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return float("nan")
    text = str(value).strip().replace("$", "").replace(",", "")
    if not text:
        return float("nan")
    return float(text)


def normalise_text(value: Any) -> Any:
    """Collapse runs of whitespace (Epoch's notes contain line breaks) into single spaces."""
    if isinstance(value, str):
        return re.sub(r"\s+", " ", value).strip()
    return value


def _select(frame: pd.DataFrame, column: str, names: list[str], path: Path) -> pd.DataFrame:
    rows = frame[frame[column].isin(names)]
    missing = sorted(set(names) - set(rows[column]))
    if missing:
        raise DataError(path, f"row(s) not found: {', '.join(missing)}")
    dup = rows[column][rows[column].duplicated()]
    if len(dup):
        raise DataError(path, f"more than one row for {dup.iloc[0]!r}")
    return rows


def read_models(epoch_dir: Path, names: list[str] = MODELS) -> pd.DataFrame:
    """The rows of Epoch's models database for ``names``, renamed and typed."""
    path = epoch_dir / RAW_MODELS
    raw = read_csv_checked(path, list(MODEL_COLUMNS))
    rows = _select(raw, "Model", names, path)[list(MODEL_COLUMNS)].rename(columns=MODEL_COLUMNS)
    rows["training_compute_cost_2023_usd"] = rows["training_compute_cost_2023_usd"].map(parse_usd)
    for column in ["training_compute_notes", "utilization_notes"]:
        rows[column] = rows[column].map(normalise_text)
    rows["confidence"] = rows["confidence"].fillna("Unknown")
    return rows.sort_values(["publication_date", "model"]).reset_index(drop=True)


def read_model_costs(epoch_dir: Path) -> pd.DataFrame:
    """Epoch's per-model costs by the paper's three methods (every row of ``model_costs.csv``)."""
    path = epoch_dir / RAW_MODEL_COSTS
    raw = read_csv_checked(path, list(COST_COLUMNS))
    return raw[list(COST_COLUMNS)].rename(columns=COST_COLUMNS).sort_values("model").reset_index(drop=True)


def read_chips(epoch_dir: Path, names: list[str] = CHIPS) -> pd.DataFrame:
    """Specifications of ``names`` in readable units (TFLOP/s, GB, GB/s)."""
    path = epoch_dir / RAW_CHIPS
    needed = ["Hardware name", "Manufacturer", "Release date", "Release price (USD)",
              "Link to datasheet", *CHIP_NUMBERS]
    raw = _select(read_csv_checked(path, needed), "Hardware name", names, path)
    out = pd.DataFrame({"chip": raw["Hardware name"], "manufacturer": raw["Manufacturer"],
                        "release_date": raw["Release date"]})
    for source, (name, divisor) in CHIP_NUMBERS.items():
        out[name] = pd.to_numeric(raw[source], errors="raise") / divisor
    out["release_price_usd"] = raw["Release price (USD)"].map(parse_usd)
    out["datasheet"] = raw["Link to datasheet"].map(normalise_text)
    return out.sort_values("chip").reset_index(drop=True)


def read_hardware_prices(epoch_dir: Path, pattern: str = PRICE_PATTERN) -> pd.DataFrame:
    """Dated price observations for accelerators matching ``pattern`` (undated rows dropped)."""
    path = epoch_dir / RAW_PRICES
    raw = read_csv_checked(path, list(PRICE_COLUMNS))
    rows = raw[raw["Hardware model"].str.contains(pattern, regex=True, na=False)]
    rows = rows[list(PRICE_COLUMNS)].rename(columns=PRICE_COLUMNS).dropna(subset=["price_date"])
    for column in ["notes", "price_source", "vendor", "location"]:
        rows[column] = rows[column].map(normalise_text)
    return rows.sort_values(["hardware_model", "price_date", "vendor"], na_position="first",
                            kind="stable").reset_index(drop=True)


def epoch_source(epoch_dir: Path, raw_path: str) -> dict[str, Any]:
    """Provenance of one raw Epoch file for the descriptor."""
    return {
        "title": f"Epoch AI, {EPOCH_REPO} {raw_path}",
        "path": f"https://github.com/{EPOCH_REPO}/blob/{EPOCH_COMMIT}/{raw_path}",
        "x_repository": EPOCH_REPO,
        "x_file": raw_path,
        "x_commit": EPOCH_COMMIT,
        "x_sha256": dp.sha256_of(epoch_dir / raw_path),
        "x_citation": EPOCH_CITATION,
    }


def build(epoch_dir: Path, staging: Path) -> list[dict[str, Any]]:
    """Write the four Epoch tables into ``staging``; return their descriptor resources."""
    frames = {
        "models": read_models(epoch_dir, MODELS),
        "model_costs": read_model_costs(epoch_dir),
        "chips": read_chips(epoch_dir, CHIPS),
        "hardware_prices": read_hardware_prices(epoch_dir, PRICE_PATTERN),
    }
    resources = []
    for key, frame in frames.items():
        rel, raw_path, title, schema = TABLE_FILES[key]
        file = staging / rel
        write_csv(frame, file)
        resources.append(dp.table_resource(
            file, staging, name=f"epoch-{key.replace('_', '-')}", title=title, schema=schema,
            sources=[epoch_source(epoch_dir, raw_path)], licence=EPOCH_LICENCE, role="epoch",
            citation="Epoch AI, training-cost-trends (CC BY 4.0); cite " + EPOCH_CITATION,
        ))
    return resources


def import_epoch(epoch_dir: Path, directory: Path | None = None) -> list[str]:
    """Bring the Epoch subset into ``data/epoch/`` (stage, validate, swap)."""
    if not (epoch_dir / RAW_MODELS).exists():
        raise DataError(epoch_dir, "Epoch AI training-cost-trends copy not found")
    return replace_files(lambda staging: build(epoch_dir, staging), directory, validate_staged_frictionless)


def _load(key: str, directory: Path | None) -> pd.DataFrame:
    rel, _, _, schema = TABLE_FILES[key]
    columns = [f["name"] for f in schema["fields"]]
    return read_csv_checked((directory or dp.data_dir()) / rel, columns)


def load_models(directory: Path | None = None) -> pd.DataFrame:
    """Notable models from Epoch's database; ``publication_date`` as a timestamp."""
    frame = _load("models", directory)
    frame["publication_date"] = pd.to_datetime(frame["publication_date"], format="%Y-%m-%d")
    return frame


def load_model_costs(directory: Path | None = None) -> pd.DataFrame:
    """Epoch's three cost estimates per model."""
    return _load("model_costs", directory)


def load_chips(directory: Path | None = None) -> pd.DataFrame:
    """Accelerator specifications (dense throughputs, TFLOP/s; bandwidths, GB/s)."""
    frame = _load("chips", directory)
    frame["release_date"] = pd.to_datetime(frame["release_date"], format="%Y-%m-%d")
    return frame


def load_hardware_prices(directory: Path | None = None) -> pd.DataFrame:
    """GPU purchase and rental observations; ``price_date`` as a timestamp."""
    frame = _load("hardware_prices", directory)
    frame["price_date"] = pd.to_datetime(frame["price_date"], format="%Y-%m-%d")
    return frame
