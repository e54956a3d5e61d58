"""Every importer behind ``python -m deepseek_shock import-csv``, run in order.

Prices come from the raw market-data exports; company statements from the
same repository; chapters add importers for their own sourced tables here.
Each importer stages its files, validates them, and only then swaps them in.
"""

from __future__ import annotations

from pathlib import Path

from . import financials
from .snapshot import import_csv, replace_files


def default_epoch_dir(src_dir: Path) -> Path:
    """Where the Epoch AI copy sits next to the market-data exports, by convention."""
    return src_dir.resolve().parent.parent / "research-data" / "epoch-training-cost-trends"


def import_everything(src_dir: Path, epoch_dir: Path | None = None) -> list[str]:
    """Run each importer; each validates its own output before touching ``data/``."""
    written = import_csv(src_dir)
    written += replace_files(lambda staging: financials.build(src_dir, staging))
    from .epoch import import_epoch

    if epoch_dir is not None or default_epoch_dir(src_dir).is_dir():
        written += import_epoch(epoch_dir or default_epoch_dir(src_dir))
    return written
