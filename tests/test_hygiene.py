"""Project hygiene: lint, notebooks stored as a fresh top-to-bottom run, no machine-specific paths."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import REPO

NOTEBOOKS = sorted((REPO / "chapters").glob("*.ipynb")) + sorted((REPO / "appendix").glob("*.ipynb"))


def test_ruff_is_clean_including_notebooks():
    ruff = Path(sys.executable).parent / "ruff"
    result = subprocess.run([str(ruff), "check", "."], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_was_executed_top_to_bottom_in_a_fresh_kernel(path):
    nb = json.loads(path.read_text())
    assert nb["metadata"]["kernelspec"]["name"] == "python3"
    counts = []
    for cell in nb["cells"]:
        assert "execution" not in cell["metadata"], "volatile timing metadata: run make notebooks"
        if cell["cell_type"] != "code" or not "".join(cell["source"]).strip():
            continue
        counts.append(cell["execution_count"])
        assert all(o["output_type"] != "error" for o in cell["outputs"]), "a stored output is an error"
    assert counts == list(range(1, len(counts) + 1)), "cells not executed once, in order, from 1"


def test_every_chapter_checks_at_least_one_output():
    for path in NOTEBOOKS:
        nb = json.loads(path.read_text())
        tags = [t for c in nb["cells"] for t in c["metadata"].get("tags", [])]
        assert "nbval-check-output" in tags, f"{path.name} has no nbval-checked cell"


def test_no_machine_specific_paths_in_tracked_files():
    files = subprocess.run(["git", "ls-files"], cwd=REPO, capture_output=True, text=True).stdout.split()
    pattern = re.compile(r"(?<![\w.])/(work|tmp|root|home)/")
    offenders = []
    for name in files:
        path = REPO / name
        if path.suffix in {".png", ".jpg", ".woff", ".woff2"} or not path.is_file():
            continue
        text = path.read_text(errors="ignore")
        for line in text.splitlines():
            if pattern.search(line):
                offenders.append(f"{name}: {line.strip()[:100]}")
    assert offenders == []


NUMBER = re.compile(r"-?\d[\d,]*(?:\.\d+)?(?:e[+-]?\d+)?")
QUANTITY_IN_ALT = re.compile(
    r"(?<![\w-])-?\d[\d,]*(?:\.\d+)?(?=\s*(?:%|dollars|million|billion|trillion|per cent|times))")


def _numbers(text: str) -> set[float]:
    found = set()
    for token in NUMBER.findall(text):
        try:
            found.add(float(token.replace(",", "")))
        except ValueError:
            continue
    return found


def _renderings(values: set[float]) -> set[str]:
    """Every way a chapter might round and scale a value it computed (0-2 decimals; %, k, m, bn)."""
    out = set()
    for value in values:
        for scaled in (value, value * 100, value / 1e3, value / 1e6, value / 1e9):
            for decimals in (0, 1, 2):
                out.add(f"{abs(scaled):.{decimals}f}")
    return out


def test_alt_text_check_can_fail():
    allowed = _renderings({142.62, -0.1697})
    assert {"142.62", "16.97", "17"} <= allowed
    assert "143.62" not in allowed and "16.79" not in allowed


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_quantities_in_alt_text_come_from_the_computation(path):
    """Alt text cannot use glue, so each quantity it states must be one the notebook printed or glued
    (or a sourced value from a compiled table): a stale alt text fails here after the data change."""
    nb = json.loads(path.read_text())
    printed = set()
    for cell in nb["cells"]:
        for output in cell.get("outputs", []):
            for mime, data in output.get("data", {}).items():
                if mime.endswith("text/plain") or mime == "text/html":
                    printed |= _numbers("".join(data) if isinstance(data, list) else str(data))
    for table in (REPO / "data" / "tables").glob("*.csv"):
        printed |= _numbers(table.read_text())
    allowed = _renderings(printed)
    for cell in nb["cells"]:
        alt = cell["metadata"].get("mystnb", {}).get("image", {}).get("alt", "")
        stale = [q for q in QUANTITY_IN_ALT.findall(alt) if q.replace(",", "").lstrip("-") not in allowed]
        assert stale == [], f"alt text states {stale} that the notebook does not compute: {alt[:80]}"
