"""Every importer behind ``python -m deepseek_shock import-csv``, run in order.

Prices come from the raw market-data exports; chapters add importers for
their own sourced tables (company financials, Epoch AI data) here.
"""

from __future__ import annotations

from pathlib import Path

from .snapshot import import_csv


def default_epoch_dir(src_dir: Path) -> Path:
    """Where the Epoch AI copy sits next to the market-data exports, by convention."""
    return src_dir.resolve().parent.parent / "research-data" / "epoch-training-cost-trends"


def import_everything(src_dir: Path, epoch_dir: Path | None = None) -> list[str]:
    """Run each importer; each validates its own output before touching ``data/``."""
    written = import_csv(src_dir)
    return written
