"""Small sourced tables compiled for the book (timeline, cost table, rules, claims...).

These are facts read from cited sources, one row per fact, each row carrying
the ``references.bib`` key of its source. They live in ``data/tables/`` and
are described here: a Frictionless Table Schema per table (types, required
values, allowed categories). ``python -m deepseek_shock describe-tables``
validates every table against its schema and its citation keys against
``references.bib``, then records it (hash, rows) in the descriptor;
``python -m deepseek_shock check`` re-checks all of that.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import descriptor as dp
from .schema import DataError

BIB_PATH = Path(__file__).resolve().parent.parent / "references.bib"


@dataclass(frozen=True)
class TableSpec:
    """A compiled table: where it lives, what it holds, which columns hold citation keys."""

    name: str  # descriptor name, e.g. "timeline"
    path: str  # relative to data/, e.g. "tables/timeline.csv"
    title: str
    description: str
    schema: dict[str, Any]
    citation_columns: list[str] = field(default_factory=list)
    licence: str = "CC-BY-4.0"


#: Every compiled table in the book. Chapters add their specs here.
TABLES: list[TableSpec] = []


def bib_keys(path: Path = BIB_PATH) -> set[str]:
    """Citation keys defined in ``references.bib``."""
    if not path.exists():
        raise DataError(path, "bibliography not found")
    return set(re.findall(r"^@\w+\{([^,\s]+),", path.read_text(encoding="utf-8"), flags=re.M))


def unknown_citations(values: list[str], known: set[str]) -> list[str]:
    """Keys in ``values`` (each may hold several, separated by ';') missing from ``known``."""
    keys = {k.strip() for v in values if isinstance(v, str) for k in v.split(";") if k.strip()}
    return sorted(keys - known)


def resource_for(spec: TableSpec, directory: Path) -> dict[str, Any]:
    path = directory / spec.path
    if not path.exists():
        raise DataError(path, "table not found")
    return dp.table_resource(
        path, directory, name=spec.name, title=spec.title, schema=spec.schema,
        sources=[{"title": "Compiled for this book from the cited sources", "path": "references.bib"}],
        licence=spec.licence, role="table", description=spec.description,
        citation_columns=spec.citation_columns,
    )


def describe_tables(directory: Path | None = None) -> list[str]:
    """Validate every compiled table and record it in the descriptor; return their paths."""
    from .validate import check_package

    directory = directory or dp.data_dir()
    resources = [resource_for(spec, directory) for spec in TABLES]
    problems = check_package(directory, {"resources": resources})
    if problems:
        raise DataError(directory, "compiled tables failed validation, descriptor unchanged: "
                        + "; ".join(problems[:5]))
    try:
        package = dp.read_package(directory)
    except DataError:
        package = dp.empty_package()
    dp.write_package(dp.upsert(package, resources), directory)
    return [r["path"] for r in resources]
