"""The published site: the data appendix table and a Sphinx extension for the HTML book.

Driven by ``data/datapackage.json``:

* :func:`dataset_table` / :func:`dataset_table_html` turn the descriptor into the
  data appendix (one row per file: source repository, commit, date range, rows,
  adjusted or not, licence, download link);
* :func:`setup` is a Sphinx extension (listed in ``_config.yml``) that copies every
  file the descriptor lists, and the descriptor itself, into ``<site>/data/`` so
  each CSV can be downloaded from the book; it also removes duplicated inline scripts
  and fixes the ARIA roles of bibliography entries (see :func:`dedupe_scripts` and
  :func:`accessible_citations`), both found by the browser tests in ``tests/test_site.py``.
"""

from __future__ import annotations

import html
import shutil
from pathlib import Path
from typing import Any

import pandas as pd

from . import descriptor as dp

#: Folder of the built site that holds the copy of ``data/``.
SITE_DATA_DIR = "data"

ROLE_LABELS = {
    "prices": "daily prices",
    "crosscheck": "daily prices (cross-check)",
    "intraday": "five-minute bars",
    "table": "table",
    "epoch": "Epoch AI data",
}


def _repositories(resource: dict[str, Any]) -> list[tuple[str, str]]:
    """Distinct (repository, commit) pairs a resource was built from, in first-seen order."""
    seen: list[tuple[str, str]] = []
    for source in resource.get("sources", []):
        pair = (source.get("x_repository", ""), source.get("x_commit", ""))
        if pair[0] and pair not in seen:
            seen.append(pair)
    return seen


def _source_text(resource: dict[str, Any]) -> str:
    pairs = _repositories(resource)
    if pairs:
        return "; ".join(repo for repo, _ in pairs)
    titles = [s.get("title", "") for s in resource.get("sources", [])]
    return "; ".join(t for t in titles if t) or "not recorded"


def _adjusted(resource: dict[str, Any]) -> str:
    if "x_close_adjusted" not in resource:
        return "n/a"
    return "yes" if resource["x_close_adjusted"] else "no"


def _date_range(resource: dict[str, Any]) -> str:
    first, last = resource.get("x_first_date"), resource.get("x_last_date")
    return f"{first} to {last}" if first and last else "n/a"


def dataset_table(package: dict[str, Any] | None = None) -> pd.DataFrame:
    """One row per resource in the descriptor, in descriptor order, ready to print."""
    package = package if package is not None else dp.read_package()
    rows = []
    for resource in package["resources"]:
        rows.append({
            "file": resource["path"],
            "what": resource.get("title", resource["name"]),
            "ticker": resource.get("x_ticker", ""),
            "kind": ROLE_LABELS.get(resource.get("x_role", ""), resource.get("x_role", "")),
            "source": _source_text(resource),
            "commit": "; ".join(commit[:10] for _, commit in _repositories(resource)) or "n/a",
            "dates": _date_range(resource),
            "rows": int(resource.get("x_rows", 0)),
            "adjusted": _adjusted(resource),
            "licence": ", ".join(lic.get("name", "") for lic in resource.get("licenses", [])) or "n/a",
        })
    return pd.DataFrame(rows)


def _source_links(resource: dict[str, Any]) -> str:
    """Repository names linked to the commit each file was copied at."""
    pairs = _repositories(resource)
    if not pairs:
        return html.escape(_source_text(resource))
    links = []
    for repo, commit in pairs:
        url = f"https://github.com/{repo}/tree/{commit}" if commit else f"https://github.com/{repo}"
        links.append(f'<a href="{html.escape(url)}">{html.escape(repo)}</a> '
                     f"<code>{html.escape(commit[:10])}</code>")
    return "<br>".join(links)


def dataset_table_html(package: dict[str, Any] | None = None, link_prefix: str = "../data/") -> str:
    """The data appendix table as accessible HTML, each file name a download link."""
    package = package if package is not None else dp.read_package()
    head = ["File (download)", "What it holds", "Source repository and commit", "Dates", "Rows",
            "Close adjusted", "Licence"]
    out = ['<div class="data-appendix-scroll" role="region" aria-label="Data files" tabindex="0">',
           '<table class="data-appendix">',
           "<caption>Every file in the snapshot, as listed in data/datapackage.json</caption>",
           "<thead><tr>" + "".join(f'<th scope="col">{h}</th>' for h in head) + "</tr></thead>",
           "<tbody>"]
    table = dataset_table(package)
    for resource, row in zip(package["resources"], table.itertuples(index=False), strict=True):
        href = html.escape(link_prefix + resource["path"])
        cells = [
            f'<th scope="row"><a href="{href}" download>{html.escape(resource["path"])}</a></th>',
            f"<td>{html.escape(row.what)}</td>",
            f"<td>{_source_links(resource)}</td>",
            f"<td>{html.escape(row.dates)}</td>",
            f"<td>{row.rows:,}</td>",
            f"<td>{row.adjusted}</td>",
            f"<td>{html.escape(row.licence)}</td>",
        ]
        out.append("<tr>" + "".join(cells) + "</tr>")
    out += ["</tbody>", "</table>", "</div>"]
    return "\n".join(out)


def copy_snapshot(outdir: Path, directory: Path | None = None) -> list[str]:
    """Copy the descriptor and every file it lists into ``outdir/data``; return the paths copied."""
    directory = directory or dp.data_dir()
    package = dp.read_package(directory)
    target = outdir / SITE_DATA_DIR
    copied = [dp.DESCRIPTOR_NAME] + [r["path"] for r in package["resources"]]
    for rel in copied:
        destination = target / rel
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(directory / rel, destination)
    return copied


def dedupe_scripts(scripts: list[Any]) -> list[Any]:
    """Drop exact repeats of a script (same file, same inline body), keeping the first.

    Two extensions of the stack (sphinx-thebe, sphinx-togglebutton) register their inline
    configuration scripts twice under jupyter-book, so ``const THEBE_JS_URL`` is declared
    twice and the browser reports a SyntaxError on every page.
    """
    seen: set[tuple[str, str]] = set()
    kept = []
    for script in scripts:
        key = (str(getattr(script, "filename", script) or ""),
               str(getattr(script, "attributes", {}).get("body", "")))
        if key not in seen:
            seen.add(key)
            kept.append(script)
    return kept


def accessible_citations(body: str) -> str:
    """Give bibliography entries the ``listitem`` role their ``role="list"`` parent requires.

    docutils marks each entry ``role="doc-biblioentry"`` (deprecated in ARIA 1.2) inside a
    ``role="list"`` container, which screen readers and axe-core treat as a list with no items.
    """
    return body.replace('role="doc-biblioentry"', 'role="listitem"')


def _on_page_context(app: Any, pagename: str, templatename: str, context: dict[str, Any],
                     doctree: Any) -> None:
    if isinstance(context.get("script_files"), list):
        # In place: the list is the builder's own, and later handlers (MathJax) append to it.
        context["script_files"][:] = dedupe_scripts(context["script_files"])
    if isinstance(context.get("body"), str):
        context["body"] = accessible_citations(context["body"])


def _on_doctree_resolved(app: Any, doctree: Any, docname: str) -> None:
    """Load MathJax on every page that shows maths, including maths glued in from a notebook.

    Sphinx decides whether a page needs MathJax when the source is read; formulas that
    myst-nb inserts later (glued markdown outputs) are missed, and then print as raw TeX.
    """
    from docutils import nodes

    if any(doctree.findall(lambda n: isinstance(n, nodes.math | nodes.math_block))):
        app.env.get_domain("math").data["has_equations"][docname] = True


def _on_build_finished(app: Any, exception: Exception | None) -> None:
    if exception is None and app.builder.format == "html":
        copy_snapshot(Path(app.outdir))


def setup(app: Any) -> dict[str, Any]:
    """Sphinx entry point: ship the data snapshot with the HTML site."""
    app.connect("doctree-resolved", _on_doctree_resolved)
    app.connect("html-page-context", _on_page_context, priority=200)
    app.connect("build-finished", _on_build_finished)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}


def toc_documents(root: Path | None = None) -> list[str]:
    """Every document named in ``_toc.yml`` (root first, then in reading order), without extension."""
    import yaml

    root = root or Path(__file__).resolve().parent.parent
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    documents = [str(toc["root"])]

    def walk(entries: list[dict[str, Any]]) -> None:
        for entry in entries or []:
            if "file" in entry:
                name = str(entry["file"])
                documents.append(name.removesuffix(".md").removesuffix(".ipynb"))
            for key in ("parts", "chapters", "sections"):
                walk(entry.get(key, []))

    walk([{k: v for k, v in toc.items() if k in ("parts", "chapters", "sections")}])
    return documents
