"""The built site in a real browser: Debian's headless Chromium driven by Playwright.

``_build/html`` is served on 127.0.0.1 by a local static server and every page in
``_toc.yml`` is opened once; the checks below then read what happened. Any request to
a host other than 127.0.0.1 is blocked and recorded (the site must be self-contained).
A full-page screenshot of every page lands in ``test-artifacts/`` (git-ignored).

Without Chromium these tests skip outside CI (install it with ``apt-get install chromium``);
with ``CI=true`` its absence is a failure. Playwright never downloads a browser here: it
is pointed at the system Chromium through ``executable_path``.
"""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import threading
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlsplit

import pytest
from conftest import IN_CI, ROOT, BuildResult

from deepseek_shock.site import toc_documents

ARTIFACTS = ROOT / "test-artifacts"
HOST = "127.0.0.1"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
INSTALL_HINT = ("install Debian's Chromium with `apt-get install chromium` (or set CHROMIUM to its path); "
                "do not run `playwright install`, the tests use the system browser")
#: axe-core impact levels that fail a page.
BLOCKING_IMPACTS = {"serious", "critical"}
#: axe rules switched off, each with the reason. Keep this empty unless a third-party
#: element that cannot be changed from config or CSS trips a rule.
AXE_DISABLED_RULES: dict[str, str] = {}
DOCUMENTS = toc_documents()


def chromium_path() -> str | None:
    """The Chromium to drive: ``$CHROMIUM`` if set (and only that), else Debian's."""
    candidates = [os.environ["CHROMIUM"]] if os.environ.get("CHROMIUM") else [
        "/usr/bin/chromium", shutil.which("chromium"), shutil.which("chromium-browser")]
    for candidate in candidates:
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


def _missing(what: str) -> None:
    message = f"{what} not available: {INSTALL_HINT}"
    if IN_CI:
        pytest.fail(message)
    pytest.skip(message)


# --------------------------------------------------------------------------- server and browser


class _QuietHandler(SimpleHTTPRequestHandler):
    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".csv": "text/csv",
                      ".json": "application/json", ".svg": "image/svg+xml", ".woff": "font/woff"}

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def site_url(book_build: BuildResult):
    """Base URL of ``_build/html`` served on 127.0.0.1 (a random free port)."""
    if not (book_build.html / "index.html").is_file():
        pytest.fail("the book did not build, nothing to serve (see test_build.py)")
    handler = functools.partial(_QuietHandler, directory=str(book_build.html))
    server = ThreadingHTTPServer((HOST, 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://{HOST}:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser():
    executable = chromium_path()
    if executable is None:
        _missing("Chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("Playwright for Python (pip install -r requirements.txt)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


# --------------------------------------------------------------------------- one visit per page


@dataclass
class Visit:
    """Everything observed while loading one page."""

    document: str
    url: str
    status: int | None = None
    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    external_requests: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    images: list[dict] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    unnumbered_figures: list[str] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    violations: list[dict] = field(default_factory=list)
    math_nodes: int = 0
    mathjax_rendered: int = 0
    screenshot: Path | None = None


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("data", "blob", "about") or parts.hostname == HOST


def open_page(browser, url: str):
    """A fresh page whose requests to any other host are recorded and blocked."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    page = context.new_page()
    return context, page


def axe_violations(axe, page, options: dict, mode: str) -> list[dict]:
    """Serious and critical axe-core findings on the page as it is now, labelled with the colour mode."""
    assert page.evaluate("document.documentElement.dataset.theme") == mode
    return [{**v, "help": f"[{mode} mode] {v['help']}"}
            for v in axe.run(page, options=options).response["violations"]
            if v.get("impact") in BLOCKING_IMPACTS]


def visit_page(browser, site_url: str, document: str) -> Visit:
    from axe_playwright_python.sync_playwright import Axe

    visit = Visit(document, site_url + f"{document}.html")
    context, page = open_page(browser, visit.url)

    def route(r) -> None:
        if is_local(r.request.url):
            r.continue_()
        else:
            visit.external_requests.append(r.request.url)
            r.abort()

    context.route("**/*", route)

    def on_request(r) -> None:
        visit.requests.append(r.url)

    def on_failed(r) -> None:
        visit.failed_requests.append(f"{r.url} ({r.failure})")

    def on_response(r) -> None:
        if r.status >= 400:
            visit.failed_requests.append(f"{r.url} (HTTP {r.status}, from {r.request.headers.get('referer')})")

    def on_console(m) -> None:
        if m.type == "error":
            visit.console_errors.append(f"{m.text} ({m.location.get('url')})")

    page.on("request", on_request)
    page.on("requestfailed", on_failed)
    page.on("response", on_response)
    page.on("console", on_console)
    page.on("pageerror", lambda e: visit.console_errors.append(f"uncaught: {e}"))
    try:
        response = page.goto(visit.url, wait_until="load", timeout=60_000)
        visit.status = response.status if response else None
        page.wait_for_load_state("networkidle", timeout=30_000)
        # Let MathJax finish typesetting (if the page loads it) before looking at the page.
        page.evaluate("() => window.MathJax && MathJax.startup && MathJax.startup.promise")
        visit.images = page.eval_on_selector_all(
            "img", "els => els.map(e => ({src: e.currentSrc || e.src, alt: e.getAttribute('alt'),"
                   " width: e.naturalWidth, complete: e.complete}))")
        visit.unnumbered_figures = page.eval_on_selector_all(
            "article.bd-article img",
            "els => els.filter(e => !(e.closest('figure') && e.closest('figure')"
            ".querySelector('figcaption .caption-number'))).map(e => e.currentSrc || e.src)")
        visit.links = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
        visit.ids = set(page.eval_on_selector_all("[id]", "els => els.map(e => e.id)"))
        visit.math_nodes = page.locator(".math").count()
        visit.mathjax_rendered = page.locator("mjx-container").count()
        # Freeze what the page itself did: axe-core fetches stylesheets again to build its
        # CSSOM and resolves their @import rules against the page URL (an axe quirk, not a
        # request a reader's browser makes), so anything after this point is axe's.
        for name in ("console_errors", "failed_requests", "external_requests", "requests"):
            setattr(visit, name, list(getattr(visit, name)))
        page.remove_listener("request", on_request)
        page.remove_listener("requestfailed", on_failed)
        page.remove_listener("response", on_response)
        page.remove_listener("console", on_console)
        options = {"resultTypes": ["violations"]}
        if AXE_DISABLED_RULES:
            options["rules"] = {rule: {"enabled": False} for rule in AXE_DISABLED_RULES}
        axe = Axe()
        visit.violations = axe_violations(axe, page, options, "light")
        ARTIFACTS.mkdir(exist_ok=True)
        visit.screenshot = ARTIFACTS / (document.replace("/", "__") + ".png")
        page.screenshot(path=str(visit.screenshot), full_page=True)
        # Readers can switch the theme to dark mode (it is remembered in localStorage): check it too.
        page.add_init_script("localStorage.setItem('mode', 'dark')")
        page.reload(wait_until="load")
        page.wait_for_load_state("networkidle", timeout=30_000)
        page.evaluate("() => window.MathJax && MathJax.startup && MathJax.startup.promise")
        visit.violations += axe_violations(axe, page, options, "dark")
    finally:
        context.close()
    return visit


@pytest.fixture(scope="session")
def visits(browser, site_url):
    """Lazily visit each page once per session; tests ask for ``visits(document)``."""
    cache: dict[str, Visit] = {}

    def get(document: str) -> Visit:
        if document not in cache:
            cache[document] = visit_page(browser, site_url, document)
        return cache[document]

    return get


# --------------------------------------------------------------------------- link checking


class _IdCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("id",) and value:
                self.ids.add(value)
            if tag == "a" and name == "name" and value:
                self.ids.add(value)


@functools.lru_cache(maxsize=512)
def fetch(url: str) -> tuple[int, str, bytes]:
    """(status, content type, body) of a URL on the local server."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, "", b""


@functools.lru_cache(maxsize=512)
def ids_of(url: str) -> frozenset[str]:
    status, kind, body = fetch(url)
    if status != 200 or "html" not in kind:
        return frozenset()
    collector = _IdCollector()
    collector.feed(body.decode("utf-8", errors="replace"))
    return frozenset(collector.ids)


def broken_links(visit: Visit) -> list[str]:
    problems = []
    for link in sorted(set(visit.links)):
        if urlsplit(link).netloc != urlsplit(visit.url).netloc:
            continue  # mailto:, javascript:, and links out of the book are not ours to serve
        target, fragment = urldefrag(link)
        status, _, _ = fetch(target)
        if status != 200:
            problems.append(f"{link}: HTTP {status}")
            continue
        fragment = unquote(fragment)
        if not fragment:
            continue
        same_page = target == urldefrag(visit.url)[0]
        known = visit.ids if same_page else ids_of(target)
        if fragment not in known:
            problems.append(f"{link}: no element with id {fragment!r}")
    return problems


# --------------------------------------------------------------------------- per-page checks


@pytest.mark.parametrize("document", DOCUMENTS)
def test_page_loads(visits, document: str) -> None:
    visit = visits(document)
    assert visit.status == 200, f"{visit.url} answered HTTP {visit.status}"
    assert visit.screenshot is not None and visit.screenshot.stat().st_size > 10_000


@pytest.mark.parametrize("document", DOCUMENTS)
def test_no_console_errors(visits, document: str) -> None:
    errors = visits(document).console_errors
    assert not errors, "\n".join(errors)


@pytest.mark.parametrize("document", DOCUMENTS)
def test_no_failed_requests(visits, document: str) -> None:
    failed = visits(document).failed_requests
    assert not failed, "\n".join(failed)


@pytest.mark.parametrize("document", DOCUMENTS)
def test_no_request_leaves_the_host(visits, document: str) -> None:
    visit = visits(document)
    assert visit.requests, "the page made no requests at all: the recorder is broken"
    assert not visit.external_requests, "\n".join(visit.external_requests)
    assert all(is_local(url) for url in visit.requests)


@pytest.mark.parametrize("document", DOCUMENTS)
def test_images_load_and_have_alt_text(visits, document: str) -> None:
    problems = [f"{img['src']}: not loaded" for img in visits(document).images if not img["width"]]
    problems += [f"{img['src']}: no alt text" for img in visits(document).images
                 if not (img["alt"] or "").strip()]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("document", DOCUMENTS)
def test_figures_have_numbered_captions(visits, document: str) -> None:
    """Every image in the text is a numbered figure with a caption (so {numref} can point at it)."""
    missing = visits(document).unnumbered_figures
    assert not missing, "images without a numbered caption:\n" + "\n".join(missing)


@pytest.mark.parametrize("document", DOCUMENTS)
def test_internal_links_and_anchors_resolve(visits, document: str) -> None:
    visit = visits(document)
    assert any(is_local(link) for link in visit.links), "no internal links found: the recorder is broken"
    broken = broken_links(visit)
    assert not broken, "\n".join(broken)


@pytest.mark.parametrize("document", DOCUMENTS)
def test_accessibility(visits, document: str) -> None:
    report = [
        f"{v['id']} ({v['impact']}): {v['help']} - {len(v['nodes'])} element(s), e.g. "
        + "; ".join(" ".join(map(str, n["target"])) for n in v["nodes"][:3])
        for v in visits(document).violations
    ]
    assert not report, "\n".join(report)


# --------------------------------------------------------------------------- site-wide checks


def test_math_renders_from_the_bundled_mathjax(visits, site_url: str) -> None:
    """Pages with maths load MathJax from the site itself, and it typesets every formula."""
    with_math = [visits(d) for d in DOCUMENTS if visits(d).math_nodes]
    for visit in with_math:
        assert visit.mathjax_rendered >= visit.math_nodes, f"{visit.document}: formulas not typeset"
        mathjax = [u for u in visit.requests if "mathjax" in u.lower()]
        assert mathjax and all(u.startswith(site_url) for u in mathjax), mathjax
    status, _, body = fetch(site_url + "_static/mathjax/tex-chtml.js")
    assert status == 200 and len(body) > 100_000, "bundled MathJax missing from _static/mathjax"


def test_no_page_references_a_cdn(book_build: BuildResult) -> None:
    """No built page loads a script, stylesheet or font from another host (checked in the HTML too)."""
    loader = re.compile(r"<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)=\"(https?:)?//[^\"]+\"", re.I)
    offenders = {}
    for page in book_build.html.rglob("*.html"):
        for match in loader.finditer(page.read_text(encoding="utf-8", errors="replace")):
            tag = match.group(0)
            if tag.lower().startswith("<link") and re.search(r'rel="(canonical|alternate)"', tag):
                continue
            offenders.setdefault(str(page.relative_to(book_build.html)), []).append(tag)
    assert offenders == {}


def test_data_appendix_lists_and_serves_every_dataset(visits, site_url: str) -> None:
    package = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    visit = visits("appendix/data")
    downloads = {urlsplit(link).path.split("/data/", 1)[-1] for link in visit.links
                 if "/data/" in urlsplit(link).path and is_local(link)}
    listed = {r["path"] for r in package["resources"]}
    assert listed <= downloads, f"not linked from the data appendix: {sorted(listed - downloads)}"
    first = package["resources"][0]
    status, kind, body = fetch(site_url + "data/" + first["path"])
    assert status == 200 and kind.startswith("text/csv")
    header = body.decode("utf-8").splitlines()[0].split(",")
    assert header == [f["name"] for f in first["schema"]["fields"]]


def test_search_works_offline(browser, site_url: str) -> None:
    context, page = open_page(browser, site_url)
    external: list[str] = []

    def route(r) -> None:
        if is_local(r.request.url):
            r.continue_()
        else:
            external.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    try:
        page.goto(site_url + "search.html?q=NVIDIA", wait_until="load")
        page.wait_for_selector("#search-results ul.search li", timeout=30_000)
        hits = page.locator("#search-results ul.search li").count()
    finally:
        context.close()
    assert hits > 0 and external == []


# --------------------------------------------------------------------------- helpers (no browser needed)


def _tiny_package() -> dict:
    return {"resources": [
        {"name": "prices-abc", "title": "ABC daily prices", "path": "prices/ABC.csv", "x_ticker": "ABC",
         "x_role": "prices", "x_rows": 3, "x_first_date": "2021-01-04", "x_last_date": "2021-01-06",
         "x_close_adjusted": False, "licenses": [{"name": "unspecified"}],
         "sources": [{"x_repository": "o/r", "x_commit": "0123456789abcdef"}]},
        {"name": "stmts", "title": "Statements <&>", "path": "financials/s.csv", "x_role": "table", "x_rows": 2,
         "licenses": [{"name": "CC-BY-4.0"}],
         "sources": [{"x_repository": "o/r", "x_commit": "c1"}, {"x_repository": "o/r", "x_commit": "c1"},
                     {"x_repository": "p/q", "x_commit": "c2"}]},
    ]}


def test_dataset_table_has_one_row_per_resource() -> None:
    from deepseek_shock.site import dataset_table

    table = dataset_table(_tiny_package())
    assert list(table["file"]) == ["prices/ABC.csv", "financials/s.csv"]
    assert list(table["adjusted"]) == ["no", "n/a"]
    assert list(table["dates"]) == ["2021-01-04 to 2021-01-06", "n/a"]
    assert list(table["source"]) == ["o/r", "o/r; p/q"]
    assert list(table["commit"]) == ["0123456789", "c1; c2"]
    assert table["rows"].sum() == 5


def test_dataset_table_html_links_and_escapes() -> None:
    from deepseek_shock.site import dataset_table_html

    page = dataset_table_html(_tiny_package(), link_prefix="../data/")
    assert '<a href="../data/prices/ABC.csv" download>prices/ABC.csv</a>' in page
    assert "Statements &lt;&amp;&gt;" in page and "<&>" not in page
    assert page.count("<tr>") == 3  # header + two rows
    assert 'https://github.com/o/r/tree/0123456789abcdef' in page


def test_dedupe_scripts_keeps_first_of_each() -> None:
    from types import SimpleNamespace

    from deepseek_shock.site import dedupe_scripts

    inline = SimpleNamespace(filename=None, attributes={"body": "const X = 1"})
    inline_again = SimpleNamespace(filename="", attributes={"body": "const X = 1"})
    other = SimpleNamespace(filename="", attributes={"body": "const Y = 1"})
    file = SimpleNamespace(filename="a.js", attributes={})
    assert dedupe_scripts([inline, file, inline_again, other, file]) == [inline, file, other]


def test_accessible_citations() -> None:
    from deepseek_shock.site import accessible_citations

    body = '<div role="list" class="citation-list"><div class="citation" role="doc-biblioentry">x</div></div>'
    assert accessible_citations(body) == body.replace("doc-biblioentry", "listitem")


def test_toc_documents_reads_parts_and_strips_suffixes(tmp_path: Path) -> None:
    (tmp_path / "_toc.yml").write_text(
        "format: jb-book\nroot: index\nparts:\n  - caption: A\n    chapters:\n"
        "      - file: ch/one.ipynb\n        sections:\n          - file: ch/one_a\n"
        "  - caption: B\n    chapters:\n      - file: app/two.md\n")
    assert toc_documents(tmp_path) == ["index", "ch/one", "ch/one_a", "app/two"]


def test_copy_snapshot_copies_what_the_descriptor_lists(tmp_path: Path) -> None:
    from deepseek_shock.site import copy_snapshot

    data = tmp_path / "data"
    (data / "prices").mkdir(parents=True)
    (data / "prices" / "ABC.csv").write_text("date,close\n")
    (data / "stray.csv").write_text("not listed\n")
    (data / "datapackage.json").write_text(json.dumps({"resources": [{"name": "a", "path": "prices/ABC.csv"}]}))
    copied = copy_snapshot(tmp_path / "site", data)
    assert copied == ["datapackage.json", "prices/ABC.csv"]
    assert (tmp_path / "site" / "data" / "prices" / "ABC.csv").read_text() == "date,close\n"
    assert not (tmp_path / "site" / "data" / "stray.csv").exists()
