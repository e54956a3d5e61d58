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


# --- announcement and fact-check chapters (issue 5) ---
TABLES += [
    TableSpec(
        name="timeline",
        path="tables/timeline.csv",
        title="DeepSeek timeline, 2015 to September 2025",
        description=("Dated events around DeepSeek's releases, one line each in our own words, with the "
                     "references.bib key of the source. Where sources disagree on a date, each version "
                     "is a separate row or the disagreement is stated in the description. "
                     "date_precision says whether the date is known to the day, month or only the year "
                     "(a year-only date is stored as 1 January)."),
        schema={
            "fields": [
                {"name": "event_id", "type": "string", "description": "Short stable identifier",
                 "constraints": {"required": True, "unique": True, "pattern": "[a-z0-9-]+"}},
                {"name": "date", "type": "date", "constraints": {"required": True}},
                {"name": "date_precision", "type": "string",
                 "constraints": {"required": True, "enum": ["day", "month", "year"]}},
                {"name": "category", "type": "string",
                 "constraints": {"required": True, "enum": [
                     "company", "model release", "paper", "app", "market", "policy", "commentary",
                     "regulator"]}},
                {"name": "event", "type": "string", "description": "Short label for charts",
                 "constraints": {"required": True}},
                {"name": "description", "type": "string", "description": "One line, own words",
                 "constraints": {"required": True}},
                {"name": "source_keys", "type": "string",
                 "description": "references.bib keys, ';'-separated", "constraints": {"required": True}},
            ],
            "primaryKey": ["event_id"],
        },
        citation_columns=["source_keys"],
    ),
    TableSpec(
        name="r1-benchmarks",
        path="tables/r1_benchmarks.csv",
        title="DeepSeek-R1 vs OpenAI o1-1217 on the benchmarks DeepSeek reported for both",
        description=("Scores as published in the evaluation table of the DeepSeek-R1 repository README "
                     "(January 2025); benchmarks without an o1-1217 score are left out."),
        schema={
            "fields": [
                {"name": "category", "type": "string",
                 "constraints": {"required": True, "enum": ["English", "Code", "Math"]}},
                {"name": "benchmark", "type": "string", "constraints": {"required": True}},
                {"name": "metric", "type": "string", "constraints": {"required": True}},
                {"name": "deepseek_r1", "type": "number", "constraints": {"required": True}},
                {"name": "openai_o1_1217", "type": "number", "constraints": {"required": True}},
                {"name": "unit", "type": "string", "constraints": {"required": True}},
                {"name": "source_key", "type": "string", "constraints": {"required": True}},
            ],
            "primaryKey": ["benchmark", "metric"],
        },
        citation_columns=["source_key"],
    ),
]

# ---- Chapter "Export-control context" (deepseek_shock.exports) ----
TABLES += [
    TableSpec(
        name="export-rules",
        path="tables/export_rules.csv",
        title="US export controls on AI chips and related actions, 2022-2026",
        description=("One row per rule or action (US government, NVIDIA's product responses, Chinese "
                     "regulators): the day it became public (US Eastern), when in the day (timing, with a "
                     "source where known), agency, kind of action, its direction for NVIDIA's China sales, "
                     "what it covered in our own words, notice/effective/compliance dates where sourced, "
                     "and references.bib keys. The inauguration row has no source key: its date is "
                     "common knowledge."),
        schema={
            "fields": [
                {"name": "id", "type": "string",
                 "constraints": {"required": True, "unique": True, "pattern": "[a-z0-9-]+"}},
                {"name": "date", "type": "date", "constraints": {"required": True}},
                {"name": "timing", "type": "string", "constraints": {
                    "required": True, "enum": ["before_open", "during_session", "after_close", "unknown"]}},
                {"name": "timing_source_key", "type": "string"},
                {"name": "agency", "type": "string", "constraints": {"required": True, "enum": [
                    "BIS", "US government", "US President", "NVIDIA", "CAC", "SAMR",
                    "Chinese authorities"]}},
                {"name": "action", "type": "string", "constraints": {"required": True, "enum": [
                    "rule", "licence requirement", "licence decision", "rescission",
                    "revenue-share deal", "regulatory action", "product response", "political event"]}},
                {"name": "for_nvidia_china", "type": "string",
                 "constraints": {"required": True, "enum": ["negative", "positive", "neutral"]}},
                {"name": "title", "type": "string", "constraints": {"required": True}},
                {"name": "short", "type": "string", "description": "label for charts",
                 "constraints": {"required": True}},
                {"name": "covered", "type": "string", "constraints": {"required": True}},
                {"name": "chips", "type": "string", "description": "products named, ';'-separated"},
                {"name": "notice_date", "type": "date", "description": "day NVIDIA was told, if earlier"},
                {"name": "effective_date", "type": "date"},
                {"name": "compliance_date", "type": "date"},
                {"name": "source_key", "type": "string",
                 "description": "references.bib keys, ';'-separated"},
            ],
            "primaryKey": ["id"],
        },
        citation_columns=["source_key", "timing_source_key"],
    ),
    TableSpec(
        name="nvidia-china-revenue",
        path="tables/nvidia_china_revenue.csv",
        title="NVIDIA revenue from China (incl. Hong Kong) and Singapore: confirmed values only",
        description=("Reported shares of revenue and dollar values by period. A value not found in a "
                     "stored source is left empty with status 'unconfirmed'; qualifier says whether the "
                     "source gave an approximate value ('about') or an upper bound ('below')."),
        schema={
            "fields": [
                {"name": "period", "type": "string", "constraints": {"required": True}},
                {"name": "period_end", "type": "date", "constraints": {"required": True}},
                {"name": "region", "type": "string", "constraints": {
                    "required": True, "enum": ["China incl. Hong Kong", "Singapore"]}},
                {"name": "basis", "type": "string", "constraints": {
                    "required": True, "enum": ["billing location", "shipment destination", "not stated"]}},
                {"name": "measure", "type": "string", "constraints": {
                    "required": True, "enum": ["revenue_usd_bn", "share_of_revenue"]}},
                {"name": "qualifier", "type": "string", "constraints": {"enum": ["exact", "about", "below"]}},
                {"name": "value", "type": "number", "constraints": {"minimum": 0}},
                {"name": "status", "type": "string",
                 "constraints": {"required": True, "enum": ["confirmed", "unconfirmed"]}},
                {"name": "source_key", "type": "string"},
                {"name": "note", "type": "string"},
            ],
        },
        citation_columns=["source_key"],
    ),
    TableSpec(
        name="chip-interconnect",
        path="tables/chip_interconnect.csv",
        title="Chip-to-chip bandwidth figures missing from Epoch AI's chip dataset, with sources",
        description=("NVLink/InfiniBand bandwidth in GB/s for the H800 (and empty rows for the H20 and "
                     "H200, which neither Epoch nor a stored source gives). 'nvlink_aggregate' is the "
                     "datasheet-style bidirectional total; '*_deepseek' are the figures in DeepSeek's "
                     "V3 report."),
        schema={
            "fields": [
                {"name": "chip", "type": "string", "constraints": {"required": True}},
                {"name": "measure", "type": "string", "constraints": {"required": True, "enum": [
                    "nvlink_aggregate", "nvlink_deepseek", "infiniband_deepseek"]}},
                {"name": "value_gbps", "type": "number", "constraints": {"minimum": 0}},
                {"name": "status", "type": "string",
                 "constraints": {"required": True, "enum": ["sourced", "disputed", "unconfirmed"]}},
                {"name": "source_key", "type": "string"},
                {"name": "note", "type": "string"},
            ],
            "primaryKey": ["chip", "measure"],
        },
        citation_columns=["source_key"],
    ),
]


# --- cost-claims chapter (issue 4) ---
def _cost_field(name: str, kind: str, description: str, required: bool = True,
                **constraints: Any) -> dict[str, Any]:
    body = {**({"required": True} if required else {}), **constraints}
    return {"name": name, "type": kind, "description": description,
            **({"constraints": body} if body else {})}


TABLES += [
    TableSpec(
        name="api-prices",
        path="tables/api_prices.csv",
        title="API list prices per million tokens: DeepSeek-R1 and OpenAI o1 (January 2025)",
        description=("List prices in US dollars per million tokens as published by each provider. "
                     "input_cache_hit is DeepSeek's cache-hit input and OpenAI's cached input. "
                     "effective_date is the day the price was in force per the source (R1: launch day), "
                     "or only the month where the source gives no day (o1: January 2025)."),
        schema={"fields": [
            _cost_field("model", "string", "Model (API name in brackets where it differs)"),
            _cost_field("provider", "string", "Company selling API access"),
            _cost_field("price_type", "string", "Which tokens the price applies to",
                        enum=["input_cache_hit", "input_cache_miss", "output"]),
            _cost_field("usd_per_million_tokens", "number", "US dollars per million tokens",
                        minimum=0),
            _cost_field("effective_date", "string", "YYYY-MM-DD, or YYYY-MM where no day is given",
                        pattern=r"\d{4}-\d{2}(-\d{2})?"),
            _cost_field("source_key", "string", "references.bib key"),
        ], "primaryKey": ["model", "price_type"]},
        citation_columns=["source_key"],
    ),
    TableSpec(
        name="cost-v3-gpu-hours",
        path="tables/v3_training_cost.csv",
        title="DeepSeek-V3 training GPU-hours by stage (technical report, Table 1)",
        description=("H800 GPU-hours per training stage as printed in Table 1 of the DeepSeek-V3 "
                     "technical report. Dollar costs are not stored: they are GPU-hours times the "
                     "report's assumed rental price (see cost-reference-figures)."),
        schema={"fields": [
            _cost_field("stage", "string", "Training stage",
                        enum=["Pre-training", "Context extension", "Post-training"]),
            _cost_field("h800_gpu_hours", "number", "H800 GPU-hours", minimum=0),
            _cost_field("source_key", "string", "references.bib key"),
        ], "primaryKey": ["stage"]},
        citation_columns=["source_key"],
    ),
    TableSpec(
        name="cost-r1-training",
        path="tables/r1_training_cost.csv",
        title="DeepSeek-R1 training cost by stage (Nature supplement, September 2025)",
        description=("Cost in US dollars per stage as DeepSeek reported it (at its assumed $2 per "
                     "H800-hour), with the GPU count and wall-clock hours The Register reported. "
                     "GPU-hours are not stored: they follow from cost / rate or GPUs x hours."),
        schema={"fields": [
            _cost_field("stage", "string", "Training stage"),
            _cost_field("cost_usd", "number", "US dollars, as reported", minimum=0),
            _cost_field("gpus", "integer", "H800 GPUs used", required=False),
            _cost_field("wall_clock_hours", "number", "Hours the stage ran", required=False),
            _cost_field("cost_source_key", "string", "references.bib key(s), ';'-separated"),
            _cost_field("hardware_source_key", "string", "references.bib key for GPUs and hours",
                        required=False),
        ], "primaryKey": ["stage"]},
        citation_columns=["cost_source_key", "hardware_source_key"],
    ),
    TableSpec(
        name="cost-reference-figures",
        path="tables/cost_reference_figures.csv",
        title="Single figures the cost chapter uses (model sizes, disclosed GPU-hours, capex claims)",
        description=("One sourced number per row. kind says what sort of number it is: disclosed by "
                     "the developer, estimated by a third party, a quote giving only a bound, or an "
                     "assumption a source made. Numbers of different kinds must not be compared as "
                     "if alike."),
        schema={"fields": [
            _cost_field("figure_id", "string", "Stable identifier", pattern="[a-z0-9_]+"),
            _cost_field("value", "number", "The number, in unit"),
            _cost_field("unit", "string", "Unit of value"),
            _cost_field("kind", "string", "What sort of number",
                        enum=["disclosed", "estimate", "quote", "assumption"]),
            _cost_field("description", "string", "What the number is, in our words"),
            _cost_field("source_key", "string", "references.bib key(s), ';'-separated"),
        ], "primaryKey": ["figure_id"]},
        citation_columns=["source_key"],
    ),
]
TABLES += [
    TableSpec(
        name="factcheck-claims",
        path="tables/factcheck_claims.csv",
        title="Claims of an Italian tech-news article of 27 January 2025, and how each is checked",
        description=("One row per claim, paraphrased in English. check says how the verdict is reached "
                     "(numeric and at_least: against a value computed from the data; evidence: from what "
                     "the stored sources show, recorded in evidence). The verdicts themselves are computed "
                     "by deepseek_shock.factcheck."),
        schema={
            "fields": [
                {"name": "claim_id", "type": "integer",
                 "constraints": {"required": True, "unique": True, "minimum": 1}},
                {"name": "claim", "type": "string", "constraints": {"required": True}},
                {"name": "check", "type": "string",
                 "constraints": {"required": True, "enum": ["numeric", "at_least", "evidence"]}},
                {"name": "claimed_value", "type": "number", "description": "For numeric/at_least checks"},
                {"name": "unit", "type": "string", "constraints": {"enum": ["USD", "fraction"]}},
                {"name": "evidence", "type": "string", "description": "For evidence checks",
                 "constraints": {"enum": ["confirmed", "partly", "contradicted", "not_in_store"]}},
                {"name": "sourced_value", "type": "string", "description": "For evidence checks"},
                {"name": "explanation", "type": "string", "constraints": {"required": True}},
                {"name": "source_keys", "type": "string", "description": "references.bib keys, ';'-separated"},
            ],
            "primaryKey": ["claim_id"],
        },
        citation_columns=["source_keys"],
    ),
]

# ---- Chapter "The skeptics" (deepseek_shock.skeptics) ----
TABLES += [
    TableSpec(
        name="skeptic-claims",
        path="tables/skeptic_claims.csv",
        title="Views on DeepSeek and NVIDIA, January-February 2025, graded against later evidence",
        description=("One row per attributed view: who, affiliation, the date of the view, the claim in our "
                     "own words (quotes only as short fragments), its stance for NVIDIA's chip demand "
                     "(bearish, bullish, neutral), the testable implication, the references.bib key of "
                     "the source, the verdict (held up, did not hold up, mixed, not testable, unverified), "
                     "the evidence and its sources, and one line of reasoning. Evidence text may hold "
                     "{placeholders} that deepseek_shock.skeptics fills from computed series; no value "
                     "that the data can compute is typed here."),
        schema={
            "fields": [
                {"name": "id", "type": "string",
                 "constraints": {"required": True, "unique": True, "pattern": "[a-z0-9-]+"}},
                {"name": "who", "type": "string", "constraints": {"required": True}},
                {"name": "affiliation", "type": "string", "constraints": {"required": True}},
                {"name": "date", "type": "date", "constraints": {"required": True}},
                {"name": "claim", "type": "string", "constraints": {"required": True}},
                {"name": "stance", "type": "string",
                 "constraints": {"required": True, "enum": ["bearish", "bullish", "neutral"]}},
                {"name": "implication", "type": "string", "constraints": {"required": True}},
                {"name": "source_key", "type": "string", "constraints": {"required": True}},
                {"name": "verdict", "type": "string", "constraints": {"required": True, "enum": [
                    "held up", "did not hold up", "mixed", "not testable", "unverified"]}},
                {"name": "evidence", "type": "string", "constraints": {"required": True}},
                {"name": "evidence_source", "type": "string",
                 "description": "references.bib keys of cited evidence, ';'-separated"},
                {"name": "reasoning", "type": "string", "constraints": {"required": True}},
            ],
            "primaryKey": ["id"],
        },
        citation_columns=["source_key", "evidence_source"],
    ),
    TableSpec(
        name="capex-guidance",
        path="tables/capex_guidance.csv",
        title="Hyperscalers' capital-expenditure guidance for 2025 and 2026, as stated and revised",
        description=("Every sourced statement of Microsoft's fiscal-2025 and Alphabet's, Amazon's and Meta's "
                     "calendar-2025 and 2026 capital-expenditure plans, in billions of US dollars: a single "
                     "figure ('about') has low = high. Values the research notes mark unconfirmed or only "
                     "implied (e.g. Amazon's mid-2025 run rate) are left out. Microsoft's fiscal year ends "
                     "in June; period_end is the last day of the period the guidance covers."),
        schema={
            "fields": [
                {"name": "ticker", "type": "string",
                 "constraints": {"required": True, "enum": ["MSFT", "GOOG", "AMZN", "META"]}},
                {"name": "company", "type": "string", "constraints": {"required": True}},
                {"name": "date", "type": "date", "description": "day the guidance was given",
                 "constraints": {"required": True}},
                {"name": "period", "type": "string",
                 "constraints": {"required": True, "enum": ["FY2025", "CY2025", "CY2026"]}},
                {"name": "period_end", "type": "date", "constraints": {"required": True}},
                {"name": "low_usd_bn", "type": "number", "constraints": {"required": True, "minimum": 0}},
                {"name": "high_usd_bn", "type": "number", "constraints": {"required": True, "minimum": 0}},
                {"name": "qualifier", "type": "string",
                 "constraints": {"required": True, "enum": ["about", "range"]}},
                {"name": "basis", "type": "string", "constraints": {"required": True}},
                {"name": "source_key", "type": "string", "constraints": {"required": True}},
            ],
            "primaryKey": ["ticker", "date", "period"],
        },
        citation_columns=["source_key"],
    ),
    TableSpec(
        name="nvidia-segment-revenue",
        path="tables/nvidia_segment_revenue.csv",
        title="NVIDIA revenue and data-centre revenue by fiscal period, as reported",
        description=("Total and data-centre revenue in billions of US dollars (rounded to 0.1 as reported in "
                     "the cited summaries of NVIDIA's results), fiscal quarters and years; NVIDIA's fiscal "
                     "year ends on the last Sunday of January. Total revenue is cross-checked against the "
                     "statements in the tests."),
        schema={
            "fields": [
                {"name": "fiscal_period", "type": "string", "constraints": {"required": True, "unique": True}},
                {"name": "frequency", "type": "string",
                 "constraints": {"required": True, "enum": ["quarterly", "annual"]}},
                {"name": "period_end", "type": "date", "constraints": {"required": True}},
                {"name": "report_date", "type": "date", "constraints": {"required": True}},
                {"name": "revenue_usd_bn", "type": "number", "constraints": {"required": True, "minimum": 0}},
                {"name": "data_center_usd_bn", "type": "number",
                 "constraints": {"required": True, "minimum": 0}},
                {"name": "source_key", "type": "string", "constraints": {"required": True}},
            ],
            "primaryKey": ["fiscal_period"],
        },
        citation_columns=["source_key"],
    ),
]
