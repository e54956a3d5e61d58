"""The Epoch AI importer: parsing, unit conversion, stage-validate-swap, and the imported data."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd
import pytest

from deepseek_shock import epoch
from deepseek_shock.descriptor import read_package, sha256_of
from deepseek_shock.schema import DataError

ROOT = Path(__file__).resolve().parents[1]
SHARED_EPOCH = ROOT.parent / "shared" / "research-data" / "epoch-training-cost-trends"


def test_parse_usd():
    assert epoch.parse_usd("$5390000.00") == 5_390_000.0
    assert epoch.parse_usd("$1,234.50") == 1234.5
    assert math.isnan(epoch.parse_usd(float("nan")))
    assert math.isnan(epoch.parse_usd("  "))
    with pytest.raises(ValueError):
        epoch.parse_usd("about ten dollars")


def test_normalise_text_collapses_line_breaks():
    assert epoch.normalise_text("a\n\n b\tc ") == "a b c"
    assert epoch.normalise_text(3.0) == 3.0


def fake_epoch_dir(tmp: Path, models: list[str]) -> Path:
    """A tiny copy of Epoch's layout: two models, one chip, two price rows."""
    (tmp / "data").mkdir(parents=True)
    model_rows = [{c: None for c in epoch.MODEL_COLUMNS} | {
        "Model": m, "Organization": "Org", "Publication date": f"2024-01-0{i + 1}",
        "Training compute (FLOP)": 1e24 * (i + 1), "Training compute cost (2023 USD)": "$1,000.00",
        "Confidence": "Likely", "Training compute notes": "line one\nline two"}
        for i, m in enumerate(models)]
    pd.DataFrame(model_rows).to_csv(tmp / epoch.RAW_MODELS, index=False)
    pd.DataFrame({"Model": ["A"], "Cloud_Cost": [1.0], "Hardware_Acquisition_Cost": [2.0],
                  "Hardware_Capex_Energy_Cost": [3.0]}).to_csv(tmp / epoch.RAW_MODEL_COSTS, index=False)
    chip = {c: None for c in epoch.CHIP_NUMBERS} | {
        "Hardware name": "Chip X", "Manufacturer": "Maker", "Release date": "2023-03-21",
        "Release price (USD)": "$12,000.00", "Link to datasheet": "https://example.org",
        "Tensor-FP16/BF16 performance (FLOP/s)": 989e12, "Memory bandwidth (byte/s)": 3.36e12,
        "Internode bandwidth (bit/s)": 400e9}
    pd.DataFrame([chip]).to_csv(tmp / epoch.RAW_CHIPS, index=False)
    price = {c: None for c in epoch.PRICE_COLUMNS}
    pd.DataFrame([price | {"Price date": "2024-08-24", "Hardware model": "NVIDIA H800 SXM5",
                           "Vendor": "V", "Price per chip-hour (on-demand)": 3.42},
                  price | {"Price date": "2024-08-24", "Hardware model": "NVIDIA V100"},
                  price | {"Hardware model": "NVIDIA H100 SXM5 80GB"}]).to_csv(
        tmp / epoch.RAW_PRICES, index=False)
    return tmp


@pytest.fixture
def small_epoch(tmp_path, monkeypatch):
    monkeypatch.setattr(epoch, "MODELS", ["M1", "M2"])
    monkeypatch.setattr(epoch, "CHIPS", ["Chip X"])
    return fake_epoch_dir(tmp_path / "epoch", ["M1", "M2"])


def test_read_chips_converts_units(small_epoch):
    chips = epoch.read_chips(small_epoch, ["Chip X"])
    row = chips.iloc[0]
    assert row["bf16_dense_tflops"] == pytest.approx(989.0)
    assert row["memory_bandwidth_gbps"] == pytest.approx(3360.0)
    assert row["internode_bandwidth_gbps"] == pytest.approx(50.0)  # 400 Gbit/s = 50 GB/s
    assert row["release_price_usd"] == 12_000.0
    assert math.isnan(row["fp8_dense_tflops"])  # empty stays empty


def test_read_hardware_prices_keeps_dated_matching_rows(small_epoch):
    prices = epoch.read_hardware_prices(small_epoch)
    assert prices["hardware_model"].tolist() == ["NVIDIA H800 SXM5"]
    assert prices["on_demand_usd_per_chip_hour"].iloc[0] == 3.42


def test_import_writes_files_and_provenance(small_epoch, tmp_path):
    target = tmp_path / "data"
    written = epoch.import_epoch(small_epoch, target)
    assert sorted(written) == sorted(p for p, *_ in epoch.TABLE_FILES.values())
    models = epoch.load_models(target)
    assert models["model"].tolist() == ["M1", "M2"]
    assert models["training_compute_notes"].iloc[0] == "line one line two"
    resource = {r["name"]: r for r in read_package(target)["resources"]}["epoch-models"]
    source = resource["sources"][0]
    assert source["x_commit"] == epoch.EPOCH_COMMIT
    assert source["x_repository"] == "epoch-research/training-cost-trends"
    assert source["x_sha256"] == sha256_of(small_epoch / epoch.RAW_MODELS)
    assert resource["licenses"] == [{"name": "CC-BY-4.0"}]


def test_missing_model_leaves_snapshot_untouched(small_epoch, tmp_path, monkeypatch):
    target = tmp_path / "data"
    epoch.import_epoch(small_epoch, target)
    before = (target / "datapackage.json").read_bytes()
    monkeypatch.setattr(epoch, "MODELS", ["M1", "M2", "Not in the file"])
    with pytest.raises(DataError, match="Not in the file"):
        epoch.import_epoch(small_epoch, target)
    assert (target / "datapackage.json").read_bytes() == before
    assert not list(target.glob(".staging-*"))


def test_missing_column_leaves_snapshot_untouched(small_epoch, tmp_path):
    target = tmp_path / "data"
    epoch.import_epoch(small_epoch, target)
    before = (target / "epoch" / "models.csv").read_bytes()
    raw = pd.read_csv(small_epoch / epoch.RAW_MODELS).drop(columns=["Training compute (FLOP)"])
    raw.to_csv(small_epoch / epoch.RAW_MODELS, index=False)
    with pytest.raises(DataError, match="missing column.*Training compute"):
        epoch.import_epoch(small_epoch, target)
    assert (target / "epoch" / "models.csv").read_bytes() == before
    assert not list(target.glob(".staging-*"))


def test_missing_raw_file_is_reported(small_epoch, tmp_path):
    (small_epoch / epoch.RAW_CHIPS).unlink()
    with pytest.raises(DataError, match="file not found"):
        epoch.import_epoch(small_epoch, tmp_path / "data")
    assert not (tmp_path / "data" / "epoch" / "chips.csv").exists()


def test_missing_directory_is_reported(tmp_path):
    with pytest.raises(DataError, match="not found"):
        epoch.import_epoch(tmp_path / "nowhere", tmp_path / "data")


# --- the imported snapshot (data/epoch) -------------------------------------------------------


def test_snapshot_has_every_model_and_chip():
    assert set(epoch.MODELS) == set(epoch.load_models()["model"])
    assert set(epoch.CHIPS) == set(epoch.load_chips()["chip"])


def test_deepseek_v3_row_matches_its_report():
    v3 = epoch.load_models().set_index("model").loc["DeepSeek-V3"]
    assert v3["training_chip_hours"] == 2_788_000
    assert v3["hardware_quantity"] == 2048
    assert v3["parameters"] == 671e9
    assert v3["training_compute_flop"] == pytest.approx(3.4078e24)


def test_h800_throughputs_are_dense_figures():
    chips = epoch.load_chips().set_index("chip")
    # NVIDIA quotes 1,979 TFLOP/s BF16 *with sparsity* for the SXM part; Epoch's 989 is dense.
    assert chips.loc["NVIDIA H800 SXM5", "bf16_dense_tflops"] == pytest.approx(989.0)
    assert chips.loc["NVIDIA H800 SXM5", "int8_dense_tops"] == pytest.approx(1979.0)
    # Epoch's DeepSeek-V3 note uses 1.513e15 "FP8": that is the PCIe part's 8-bit peak.
    assert chips.loc["NVIDIA H800 PCIe", "int8_dense_tops"] == pytest.approx(1513.0)


def test_hardware_prices_include_the_h800_quotes():
    prices = epoch.load_hardware_prices()
    h800 = prices[prices["hardware_model"] == "NVIDIA H800 SXM5"]
    assert set(h800["on_demand_usd_per_chip_hour"].dropna()) == {3.42}
    assert (prices[["on_demand_usd_per_chip_hour", "purchase_usd_per_chip"]].dropna(how="all")
            .shape[0]) > 0
    assert (prices["on_demand_usd_per_chip_hour"].dropna() > 0).all()


def test_descriptor_records_epoch_commit_and_licence():
    resources = [r for r in read_package()["resources"] if r["name"].startswith("epoch-")]
    assert len(resources) == 4
    for resource in resources:
        assert resource["sources"][0]["x_commit"] == epoch.EPOCH_COMMIT
        assert resource["licenses"][0]["name"] == "CC-BY-4.0"
        json.dumps(resource)  # serialisable


@pytest.mark.skipif(not SHARED_EPOCH.is_dir(), reason="Epoch AI copy not available")
def test_descriptor_sha256_matches_the_raw_files():
    for resource in read_package()["resources"]:
        if resource["name"].startswith("epoch-"):
            source = resource["sources"][0]
            assert source["x_sha256"] == sha256_of(SHARED_EPOCH / source["x_file"])


@pytest.mark.skipif(not SHARED_EPOCH.is_dir(), reason="Epoch AI copy not available")
def test_snapshot_is_what_the_importer_builds(tmp_path):
    resources = epoch.build(SHARED_EPOCH, tmp_path)
    for resource in resources:
        assert (tmp_path / resource["path"]).read_bytes() == (
            ROOT / "data" / resource["path"]).read_bytes()
