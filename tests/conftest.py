"""Shared fixtures: build the book once per test session, offline where the machine allows it.

``book_build`` runs ``jupyter-book build . -W -n --keep-going --all`` from scratch into
``_build/html``, the same command as ``make book``. Where a network namespace can be
created (``unshare -n``, needs root or user namespaces) the build runs inside one with
only the loopback interface up, so a notebook or extension that reaches for the network
fails the build instead of quietly succeeding. In CI (``CI=true``) not being able to
create the namespace is itself a test failure (see ``test_build.py``); elsewhere the
build falls back to a normal one with a warning.

Set ``DEEPSEEK_SHOCK_REUSE_BUILD=1`` to test an existing ``_build/html`` without
rebuilding (for iterating on the browser tests only; never in CI).
"""

from __future__ import annotations

import fcntl
import os
import shlex
import shutil
import subprocess
import sys
import time
import warnings
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BUILD_DIR = ROOT / "_build"
HTML_DIR = BUILD_DIR / "html"
LOG_PATH = BUILD_DIR / "build.log"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


@dataclass
class BuildResult:
    """What one build produced: where the site is, how it ended, and whether it ran offline."""

    html: Path
    returncode: int
    log: str
    offline: bool
    offline_note: str
    seconds: float


def namespace_available() -> tuple[bool, str]:
    """Can this process run a command in a fresh network namespace? (ok, explanation)."""
    if shutil.which("unshare") is None:
        return False, "the unshare command (util-linux) is not installed"
    if shutil.which("ip") is None:
        return False, "the ip command (iproute2) is not installed"
    try:
        probe = subprocess.run(["unshare", "-n", "true"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return False, f"unshare -n failed to run ({exc})"
    if probe.returncode != 0:
        return False, f"unshare -n is not permitted here ({probe.stderr.strip() or probe.returncode})"
    return True, "built inside a network namespace with only the loopback interface"


def build_command() -> list[str]:
    jupyter_book = Path(sys.executable).parent / "jupyter-book"
    return [str(jupyter_book), "build", str(ROOT), "-W", "-n", "--keep-going", "--all"]


def run_build() -> BuildResult:
    """Build the book from scratch (offline if possible) and capture the log."""
    for stale in ("html", ".doctrees", "jupyter_execute"):
        shutil.rmtree(BUILD_DIR / stale, ignore_errors=True)
    offline, note = namespace_available()
    command = build_command()
    if offline:
        # The kernel talks to the build over TCP on 127.0.0.1, so loopback must be up.
        command = ["unshare", "-n", "sh", "-c", "ip link set lo up && exec " + shlex.join(command)]
    else:
        warnings.warn(f"building WITH network access: {note}", stacklevel=2)
    env = dict(os.environ)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    start = time.monotonic()
    proc = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    seconds = time.monotonic() - start
    log = proc.stdout + ("\n" if proc.stdout and proc.stderr else "") + proc.stderr
    LOG_PATH.write_text(f"$ {shlex.join(command)}\n{log}", encoding="utf-8")
    return BuildResult(HTML_DIR, proc.returncode, log, offline, note, seconds)


@pytest.fixture(scope="session")
def book_build() -> BuildResult:
    """The book built once for the whole session (see the module docstring)."""
    BUILD_DIR.mkdir(exist_ok=True)
    if os.environ.get("DEEPSEEK_SHOCK_REUSE_BUILD") == "1" and not IN_CI and LOG_PATH.exists():
        log = LOG_PATH.read_text(encoding="utf-8")
        return BuildResult(HTML_DIR, 0 if HTML_DIR.is_dir() else 1, log,
                           log.startswith("$ unshare -n"), "reused an earlier build", 0.0)
    # Several people (or pytest runs) may share one working tree: build one at a time.
    with open(BUILD_DIR / ".build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            return run_build()
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
