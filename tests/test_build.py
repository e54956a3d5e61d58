"""The real book build: exit code, zero Sphinx warnings, one page per TOC entry, offline."""

from __future__ import annotations

import re

import pytest
from conftest import IN_CI, LOG_PATH, BuildResult

from deepseek_shock.site import toc_documents

ANSI = re.compile(r"\x1b\[[0-9;]*m")
PROBLEM = re.compile(r"\b(WARNING|ERROR|CRITICAL)\b")
#: ipykernel prints this on stderr for every kernel it starts; it is not a Sphinx warning.
KERNEL_NOISE = "[IPKernelApp] WARNING | Kernel is running over TCP"


def problem_lines(log: str) -> list[str]:
    """Sphinx/MyST warning and error lines of a build log (ANSI colours removed)."""
    lines = [ANSI.sub("", line) for line in log.splitlines()]
    return [line for line in lines if PROBLEM.search(line) and KERNEL_NOISE not in line]


def test_problem_lines_filter() -> None:
    log = ("\x1b[91mchapters/x.ipynb:3: WARNING: undefined label\x1b[39;49;00m\n"
           "[IPKernelApp] WARNING | Kernel is running over TCP without encryption.\n"
           "build succeeded.\nappendix/y.md: ERROR: Unknown directive\n")
    assert problem_lines(log) == ["chapters/x.ipynb:3: WARNING: undefined label",
                                  "appendix/y.md: ERROR: Unknown directive"]


def test_build_exits_zero(book_build: BuildResult) -> None:
    lines = [ANSI.sub("", line) for line in book_build.log.splitlines() if KERNEL_NOISE not in line]
    tail = "\n".join(problem_lines(book_build.log) + ["..."] + lines[-25:])
    assert book_build.returncode == 0, f"jupyter-book build failed (full log: {LOG_PATH}):\n{tail}"


def test_build_has_no_warnings(book_build: BuildResult) -> None:
    problems = problem_lines(book_build.log)
    assert not problems, f"{len(problems)} warning/error line(s) in {LOG_PATH}:\n" + "\n".join(problems[:30])


@pytest.mark.parametrize("document", toc_documents())
def test_every_toc_entry_has_a_page(book_build: BuildResult, document: str) -> None:
    page = book_build.html / f"{document}.html"
    assert page.is_file(), f"{document} is listed in _toc.yml but {page} was not built"


def test_build_ran_offline(book_build: BuildResult) -> None:
    if IN_CI:
        assert book_build.offline, f"CI must build inside a network namespace: {book_build.offline_note}"
    elif not book_build.offline:
        pytest.skip(f"build was not isolated from the network: {book_build.offline_note}")
    assert LOG_PATH.read_text(encoding="utf-8").startswith("$ unshare -n sh -c 'ip link set lo up")
