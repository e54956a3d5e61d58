"""The snapshot's machine-readable descriptor: a Frictionless Data Package.

``data/datapackage.json`` lists every file in ``data/`` with its schema, its
sha256, where it came from (repository, path, commit, the raw file's sha256,
licence) and a few facts a reader wants at a glance (date range, rows,
whether closes are adjusted). Custom properties start with ``x_``.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

DESCRIPTOR_NAME = "datapackage.json"


def data_dir() -> Path:
    """The snapshot directory: ``$DEEPSEEK_SHOCK_DATA`` if set, else the project's ``data/``."""
    env = os.environ.get("DEEPSEEK_SHOCK_DATA")
    if env:
        return Path(env)
    return Path(__file__).resolve().parent.parent / "data"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def empty_package() -> dict[str, Any]:
    return {
        "name": "deepseek-shock-snapshot",
        "title": "The DeepSeek Shock: data snapshot",
        "description": (
            "Daily prices, five-minute bars and small sourced tables behind the book. "
            "Every file is written by the project's own code (python -m deepseek_shock)."
        ),
        "licenses": [
            {"name": "CC-BY-4.0", "title": "Tables compiled for this book and Epoch AI data",
             "path": "https://creativecommons.org/licenses/by/4.0/"}
        ],
        "resources": [],
    }


def read_package(directory: Path | None = None) -> dict[str, Any]:
    """Read the descriptor; a missing or corrupt one raises :class:`DataError`."""
    from .schema import DataError

    path = (directory or data_dir()) / DESCRIPTOR_NAME
    if not path.exists():
        raise DataError(path, "descriptor not found (run: python -m deepseek_shock import-csv SRC_DIR)")
    try:
        package = json.loads(path.read_text())
    except json.JSONDecodeError as exc:
        raise DataError(path, f"descriptor is not valid JSON ({exc})") from exc
    if not isinstance(package.get("resources"), list):
        raise DataError(path, "descriptor has no 'resources' list")
    return package


def write_package(package: dict[str, Any], directory: Path) -> None:
    """Write the descriptor atomically (temporary file, then rename)."""
    path = directory / DESCRIPTOR_NAME
    tmp = path.with_suffix(".json.tmp")
    package["resources"].sort(key=lambda r: r["name"])
    tmp.write_text(json.dumps(package, indent=2, ensure_ascii=False) + "\n")
    os.replace(tmp, path)


def upsert(package: dict[str, Any], resources: list[dict[str, Any]]) -> dict[str, Any]:
    """Replace resources of the same name, keep all others."""
    names = {r["name"] for r in resources}
    package["resources"] = [r for r in package["resources"] if r["name"] not in names] + resources
    return package


def table_resource(
    path: Path,
    directory: Path,
    *,
    name: str,
    title: str,
    schema: dict[str, Any],
    sources: list[dict[str, Any]],
    licence: str = "CC-BY-4.0",
    **extra: Any,
) -> dict[str, Any]:
    """Describe one CSV file in ``data/`` (hash and row count computed here)."""
    with open(path, encoding="utf-8") as handle:
        rows = sum(1 for _ in handle) - 1
    resource = {
        "name": name,
        "title": title,
        "path": path.relative_to(directory).as_posix(),
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "hash": f"sha256:{sha256_of(path)}",
        "schema": schema,
        "sources": sources,
        "licenses": [{"name": licence}],
        "x_rows": rows,
    }
    resource.update({f"x_{k}": v for k, v in extra.items()})
    return resource
