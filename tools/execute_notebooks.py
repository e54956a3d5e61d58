"""Execute notebooks top to bottom in a fresh kernel and store clean, reproducible outputs.

    python -m tools.execute_notebooks chapters/*.ipynb

Each notebook's kernelspec is normalised to ``python3``, outputs are
regenerated with nbclient (cwd = the notebook's folder), and volatile metadata
(per-cell timings, widget state) is stripped, so re-running on the same
environment changes nothing in git.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

KERNELSPEC = {"name": "python3", "display_name": "Python 3", "language": "python"}


def clean_metadata(nb: nbformat.NotebookNode) -> None:
    nb.metadata = {"kernelspec": KERNELSPEC, "language_info": {"name": "python"}}
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        cell.metadata.pop("ExecuteTime", None)
        if cell.cell_type == "code":
            for output in cell.get("outputs", []):
                output.get("metadata", {}).pop("execution", None)


def execute(path: Path, timeout: int = 600) -> None:
    nb = nbformat.read(path, as_version=4)
    clean_metadata(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", record_timing=False,
                            resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    clean_metadata(nb)
    nbformat.write(nb, path)


def main(paths: list[str]) -> int:
    for name in paths:
        print(f"executing {name}", flush=True)
        execute(Path(name))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
