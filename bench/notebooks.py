"""Benchmark: how long each course notebook takes to run top to bottom on a clean kernel.

    .venv/bin/python bench/notebooks.py              # every notebook, one at a time
    .venv/bin/python bench/notebooks.py B3-1 I1-2    # only these tasks

The course promises under 20 s per notebook on a 2-core machine (COURSE_DESIGN.md). This prints
a figure per notebook (papermill, fresh kernel, the same run the test suite makes once), the
kernel start-up floor measured in the same run (a notebook that only imports nmt_lab), and each
notebook's share of the budget. It asserts nothing: a loaded machine is slower, not wrong.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import nbformat  # noqa: E402
import papermill  # noqa: E402

from autograder.course import course_notebooks  # noqa: E402

BUDGET = 20.0


def run(path: Path, parameters: dict) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        papermill.execute_notebook(str(path), str(Path(tmp) / "out.ipynb"), parameters=parameters, cwd=tmp,
                                   kernel_name="python3", progress_bar=False)
        return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("tasks", nargs="*", help="task ids such as B3-1 (default: every notebook)")
    args = ap.parse_args()
    paths = [p for p in course_notebooks() if not args.tasks or p.name.split("_")[0] in args.tasks]
    with tempfile.TemporaryDirectory() as tmp:
        floor_nb = Path(tmp) / "floor.ipynb"
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("import nmt_lab as nmt")])
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        nbformat.write(nb, str(floor_nb))
        floor = run(floor_nb, {})
    print(f"{os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f}; floor (kernel + import nmt_lab) "
          f"{floor:.1f} s")
    print(f"{'notebook':40} {'seconds':>8} {'of budget':>10} {'minus floor':>12}")
    total = 0.0
    for path in paths:
        params = nbformat.read(str(path), as_version=4).metadata.get("nmt", {}).get("test_parameters", {})
        s = run(path, params)
        total += s
        print(f"{path.stem:40} {s:8.1f} {s / BUDGET:10.0%} {s - floor:12.1f}", flush=True)
    print(f"{'total':40} {total:8.1f}   ({len(paths)} notebooks; budget {BUDGET:.0f} s each)")


if __name__ == "__main__":
    main()
