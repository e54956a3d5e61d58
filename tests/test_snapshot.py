"""The committed snapshot: complete, valid, traceable, and reproducible from the raw exports."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest
from helpers import REPO, copy_snapshot, digest_tree

from deepseek_shock import load_daily, load_intraday
from deepseek_shock.descriptor import data_dir, read_package
from deepseek_shock.snapshot import import_csv
from deepseek_shock.sources import SECURITIES, SNAPSHOT_START
from deepseek_shock.validate import check_directory, cross_source_table

RAW = REPO.parent / "shared" / "market-data" / "raw"
IN_CI = os.environ.get("CI") == "true"


def test_check_passes_on_the_committed_snapshot():
    assert check_directory() == []


def test_cli_check_exits_zero():
    result = subprocess.run([sys.executable, "-m", "deepseek_shock", "check"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "snapshot OK" in result.stdout


def test_descriptor_records_provenance_for_every_security():
    resources = {r["path"]: r for r in read_package()["resources"]}
    for security in SECURITIES:
        for role, raw in [("prices", security.primary), ("crosscheck", security.crosscheck)]:
            if raw is None:
                continue
            stem = security.ticker.replace("^", "").replace(".", "_")
            resource = resources[f"{role}/{stem}.csv"]
            source = resource["sources"][0]
            assert source["x_repository"] == raw.repo and source["x_file"] == raw.path
            assert len(source["x_commit"]) == 40 and len(source["x_sha256"]) == 64
            assert resource["x_close_adjusted"] is raw.adjusted
            assert resource["x_first_date"] >= SNAPSHOT_START
            assert resource["x_rows"] == len(load_daily(security.ticker, role))


def test_every_file_in_data_is_described():
    described = {r["path"] for r in read_package()["resources"]}
    on_disk = {p.relative_to(data_dir()).as_posix() for p in data_dir().rglob("*.csv")}
    assert on_disk == described


@pytest.mark.parametrize("ticker, before, after, volume", [
    ("NVDA", 142.62, 118.42, 818_830_900),
    ("^GSPC", 6101.24, 6012.28, None),
    ("^IXIC", 19954.30, 19341.83, None),
    ("^SOX", 5341.94, 4853.24, None),
    ("^VIX", 14.85, 17.90, None),
    ("8035.T", 27135.0, 25805.0, 4_537_100),
])
def test_reference_prints_of_27_january(ticker, before, after, volume):
    daily = load_daily(ticker).set_index("date")
    assert daily.loc["2025-01-24", "close"] == pytest.approx(before, abs=0.006)
    assert daily.loc["2025-01-27", "close"] == pytest.approx(after, abs=0.006)
    if volume:
        assert daily.loc["2025-01-27", "volume"] == volume


def test_intraday_bars_of_the_event_day():
    bars = load_intraday("NVDA")
    day = bars[bars["timestamp"].dt.strftime("%Y-%m-%d") == "2025-01-27"]
    assert len(day) == 78  # 09:30 to 15:55 New York time
    assert day["timestamp"].iloc[0].strftime("%H:%M") == "09:30"
    assert day["high"].max() == pytest.approx(128.40) and day["low"].min() == pytest.approx(116.70)


def test_cross_sources_agree():
    table = cross_source_table()
    assert len(table) == 36  # every security but ^NDX has a second source
    assert (table["days"] > 250).all()
    assert (table["share_disagreeing"] <= 0.03).all()


def test_figures_cli_prints_the_headline_numbers():
    result = subprocess.run([sys.executable, "-m", "deepseek_shock", "figures"], capture_output=True,
                            text=True, check=True)
    figures = json.loads(result.stdout)
    assert figures["nvda.close_2025_01_24"] == pytest.approx(142.62, abs=1e-4)
    assert figures["nvda.close_2025_01_27"] == pytest.approx(118.42, abs=1e-4)
    assert round(figures["nvda.return_2025_01_27"] * 100, 2) == -16.97
    assert figures["day0_returns"]["NVDA"] == figures["nvda.return_2025_01_27"]
    assert "TSM" in figures["day0_returns"] and len(figures["day0_returns"]) == len(SECURITIES)


@pytest.mark.skipif(not RAW.is_dir(), reason="raw exports (../shared/market-data/raw) not present")
def test_importer_reproduces_the_committed_snapshot(tmp_path):
    """Re-running the importer on the raw exports gives the committed price files byte for byte."""
    fresh = tmp_path / "data"
    fresh.mkdir()
    import_csv(RAW, fresh)
    committed = digest_tree(data_dir())
    rebuilt = digest_tree(fresh)
    for path, digest in rebuilt.items():
        if path.endswith(".csv"):
            assert committed[path] == digest, f"{path} differs from the committed snapshot"


def test_refresh_without_network_exits_nonzero_and_changes_nothing(tmp_path):
    """The real CLI, run with no network at all (Linux network namespace)."""
    if shutil.which("unshare") is None or subprocess.run(["unshare", "-n", "true"]).returncode != 0:
        if IN_CI:
            pytest.fail("cannot create a network namespace in CI (needs root and util-linux unshare)")
        pytest.skip("needs `unshare -n` (root) to cut the network")
    snapshot = copy_snapshot(tmp_path / "data")
    before = digest_tree(snapshot)
    env = {**os.environ, "DEEPSEEK_SHOCK_DATA": str(snapshot), "HOME": str(tmp_path)}
    result = subprocess.run(["unshare", "-n", sys.executable, "-m", "deepseek_shock", "refresh"],
                            capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode != 0
    assert "refresh failed, snapshot unchanged" in result.stderr
    assert digest_tree(snapshot) == before
