"""Bad input gets a clear error naming the file and the problem, and the snapshot never changes."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from helpers import copy_snapshot, digest_tree

from deepseek_shock import loaders
from deepseek_shock.refresh import RefreshError, refresh
from deepseek_shock.schema import DataError
from deepseek_shock.snapshot import import_csv
from deepseek_shock.validate import check_directory


@pytest.fixture
def snapshot(tmp_path: Path) -> Path:
    return copy_snapshot(tmp_path / "data")


def corrupt(path: Path, change) -> None:
    frame = pd.read_csv(path)
    change(frame).to_csv(path, index=False)


def expect_load_error(snapshot: Path, match: str, ticker: str = "NVDA") -> DataError:
    before = digest_tree(snapshot)
    with pytest.raises(DataError, match=match) as info:
        loaders.load_daily(ticker, directory=snapshot)
    assert digest_tree(snapshot) == before
    assert info.value.path.endswith("NVDA.csv")
    return info.value


def test_missing_file(snapshot):
    (snapshot / "prices" / "NVDA.csv").unlink()
    expect_load_error(snapshot, "file not found")
    assert any("NVDA.csv: file listed in the descriptor is missing" in p
               for p in check_directory(snapshot, frictionless=False))


def test_missing_column(snapshot):
    corrupt(snapshot / "prices" / "NVDA.csv", lambda f: f.drop(columns="close"))
    expect_load_error(snapshot, "missing column\\(s\\) close")


def test_unparsable_date(snapshot):
    corrupt(snapshot / "prices" / "NVDA.csv", lambda f: f.assign(date=f["date"].mask(f.index == 5, "2025-13-45")))
    expect_load_error(snapshot, "unparsable date '2025-13-45'")


def test_duplicated_rows(snapshot):
    corrupt(snapshot / "prices" / "NVDA.csv", lambda f: pd.concat([f.iloc[:10], f.iloc[9:]]))
    expect_load_error(snapshot, "duplicated row for 2021-01-15")


def test_unsorted_dates(snapshot):
    corrupt(snapshot / "prices" / "NVDA.csv", lambda f: f.iloc[::-1])
    expect_load_error(snapshot, "dates are not sorted")


def test_nan_close(snapshot):
    corrupt(snapshot / "prices" / "NVDA.csv",
            lambda f: f.assign(close=f["close"].mask(f["date"] == "2025-01-27")))
    expect_load_error(snapshot, "missing close on 2025-01-27")


def test_negative_price(snapshot):
    corrupt(snapshot / "prices" / "NVDA.csv", lambda f: f.assign(low=f["low"].mask(f.index == 3, -1.0)))
    expect_load_error(snapshot, "non-positive price on 2021-01-07")


def test_not_a_csv(snapshot):
    (snapshot / "prices" / "NVDA.csv").write_bytes(b"")
    expect_load_error(snapshot, "not a readable CSV")


def test_wrong_descriptor_hash(snapshot):
    package = json.loads((snapshot / "datapackage.json").read_text())
    for resource in package["resources"]:
        if resource["path"] == "prices/NVDA.csv":
            resource["hash"] = "sha256:" + "0" * 64
    (snapshot / "datapackage.json").write_text(json.dumps(package))
    problems = check_directory(snapshot, frictionless=False)
    assert len(problems) == 1
    assert "prices/NVDA.csv: sha256" in problems[0] and "does not match the descriptor" in problems[0]


def test_edited_file_fails_hash_check(snapshot):
    path = snapshot / "prices" / "AVGO.csv"
    path.write_text(path.read_text().replace("202.13", "202.14", 1))
    assert any("AVGO.csv: sha256" in p for p in check_directory(snapshot, frictionless=False))


def test_corrupt_descriptor(snapshot):
    (snapshot / "datapackage.json").write_text("{not json")
    problems = check_directory(snapshot)
    assert problems and "datapackage.json: descriptor is not valid JSON" in problems[0]


def test_intraday_bad_timestamp(snapshot):
    corrupt(snapshot / "intraday" / "NVDA_5m.csv",
            lambda f: f.assign(timestamp=f["timestamp"].mask(f.index == 0, "yesterday")))
    with pytest.raises(DataError, match="NVDA_5m.csv: unparsable timestamp 'yesterday'"):
        loaders.load_intraday("NVDA", directory=snapshot)


def test_table_unknown_name(snapshot):
    with pytest.raises(DataError, match="no resource named 'nope'"):
        loaders.load_table("nope", directory=snapshot)


# --- refresh: a failed download never touches the snapshot --------------------------------------


def fake_download_from(snapshot: Path, *, empty: set[str] = frozenset(), raising: set[str] = frozenset(),
                       truncate: set[str] = frozenset()):
    """A stand-in for yfinance.download built from the snapshot's own rows (no network)."""

    def download(ticker: str, **kwargs) -> pd.DataFrame:
        assert kwargs["auto_adjust"] is False
        if ticker in raising:
            raise ConnectionError("Could not resolve host: query2.finance.yahoo.com")
        daily = loaders.load_daily(ticker, directory=snapshot)
        if ticker in empty:
            daily = daily.iloc[0:0]
        if ticker in truncate:
            daily = daily[daily["date"] <= "2024-12-31"]
        frame = pd.DataFrame({
            "Open": daily["open"].to_numpy(), "High": daily["high"].to_numpy(),
            "Low": daily["low"].to_numpy(), "Close": daily["close"].to_numpy(),
            "Adj Close": daily["adj_close"].fillna(daily["close"]).to_numpy(),
            "Volume": daily["volume"].to_numpy(),
        }, index=pd.DatetimeIndex(daily["date"], name="Date"))
        return frame

    return download


@pytest.mark.parametrize("failure, reason", [
    ({"empty": {"AVGO"}}, "AVGO: yfinance returned no rows"),
    ({"raising": {"MSFT"}}, "MSFT: download failed \\(ConnectionError"),
    ({"truncate": {"META"}}, "META: download ends 2024-12-31, before the snapshot's"),
])
def test_failed_refresh_leaves_snapshot_untouched(snapshot, failure, reason):
    before = digest_tree(snapshot)
    with pytest.raises(RefreshError, match=reason):
        refresh(snapshot, download=fake_download_from(snapshot, **failure))
    assert digest_tree(snapshot) == before


def test_successful_refresh_rewrites_prices_and_descriptor(snapshot):
    written = refresh(snapshot, download=fake_download_from(snapshot))
    assert "prices/NVDA.csv" in written and len(written) == 37
    package = json.loads((snapshot / "datapackage.json").read_text())
    nvda = next(r for r in package["resources"] if r["path"] == "prices/NVDA.csv")
    assert nvda["sources"][0]["x_repository"] == "yfinance"
    assert check_directory(snapshot, frictionless=False) == []
    assert loaders.load_daily("NVDA", directory=snapshot).set_index("date").loc["2025-01-27", "close"] \
        == pytest.approx(118.42, abs=1e-4)
    assert not list(snapshot.glob(".staging-*"))


def test_import_from_missing_directory(snapshot, tmp_path):
    before = digest_tree(snapshot)
    with pytest.raises(DataError, match="raw-export directory not found"):
        import_csv(tmp_path / "nowhere", snapshot)
    assert digest_tree(snapshot) == before


def test_import_with_a_corrupt_raw_file(snapshot, tmp_path):
    raw = tmp_path / "raw" / "growwanalysis__nasdaq100" / "data"
    raw.mkdir(parents=True)
    (raw / "NVDA.csv").write_text("Date,Symbol,Open\n2025-01-27,NVDA,124.8\n")
    before = digest_tree(snapshot)
    with pytest.raises(DataError, match="NVDA.csv: missing column"):
        import_csv(tmp_path / "raw", snapshot)
    assert digest_tree(snapshot) == before
    assert not list(snapshot.glob(".staging-*"))
