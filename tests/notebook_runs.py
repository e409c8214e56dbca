"""Each course notebook is executed once per test run; the tests share the result.

* :func:`executed` runs a notebook top to bottom with papermill on a clean kernel (with the
  parameters in its ``metadata.nmt.test_parameters``, if any, so the papermill injection is
  exercised too) and returns the executed notebook. The lint, clean-execution, full-marks and
  parameter tests all read this one run.
* :func:`graded` grades the untouched release ("blank") and a partly solved copy ("partial") of
  every notebook of one assignment in ONE run of our batch grader (as a grader would), and
  returns the two students' results.

Results are stored under ``build/test-cache/`` keyed by a fingerprint of the notebook, the
library, the data, the grader and the installed versions, and guarded by a file lock, so pytest-xdist
workers share them and a developer's second ``make test`` reuses what did not change. A fresh
clone has no cache: CI executes everything once. ``NMT_TEST_CACHE=0`` ignores stored results.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import time
from contextlib import contextmanager
from functools import cache
from importlib import metadata
from pathlib import Path

import nbformat

from autograder import notebook as nbk

REPO = Path(__file__).resolve().parent.parent
CACHE = REPO / "build" / "test-cache"
_PACKAGES = ("ipykernel", "ipywidgets", "jupyter_client", "nbclient", "nbconvert", "nbformat", "nbgrader",
             "numpy", "pandas", "papermill", "plotly", "scikit-learn", "scipy", "statsmodels")


def _hash_tree(h, *roots: Path) -> None:
    for root in roots:
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file()
                                                     and "__pycache__" not in p.parts)
        for p in files:
            h.update(str(p.relative_to(REPO)).encode())
            h.update(p.read_bytes())


def _environment(h) -> None:
    for name in _PACKAGES:
        try:
            h.update(f"{name}={metadata.version(name)};".encode())
        except metadata.PackageNotFoundError:
            pass


@cache
def _base(grader: bool) -> str:
    h = hashlib.sha256()
    _hash_tree(h, REPO / "nmt_lab", REPO / "datasets" / "SHA256SUMS")
    if grader:
        _hash_tree(h, REPO / "autograder")
    _environment(h)
    return h.hexdigest()


def fingerprint(*paths: Path, grader: bool = False) -> str:
    """A digest of what a run depends on: the given files, nmt_lab, the data, (the grader)."""
    h = hashlib.sha256(_base(grader).encode())
    _hash_tree(h, *paths)
    return h.hexdigest()[:16]


def run_info(path: Path) -> dict | None:
    """What :func:`executed` recorded for this version of the notebook, if it ran."""
    info = CACHE / f"run-{Path(path).stem}-{fingerprint(Path(path))}.json"
    return json.loads(info.read_text("utf-8")) if info.exists() else None


@contextmanager
def _locked(name: str):
    CACHE.mkdir(parents=True, exist_ok=True)
    with open(CACHE / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def _fresh(path: Path) -> bool:
    return path.exists() and os.environ.get("NMT_TEST_CACHE", "1") != "0"


def _atomic_write(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


# -- one clean execution per notebook ----------------------------------------------------------

def rerun_parameters(nb) -> dict:
    return dict(nb.metadata.get("nmt", {}).get("test_parameters", {}))


def executed(path: Path) -> tuple[nbformat.NotebookNode, dict]:
    """The notebook executed by papermill on a clean kernel, and ``{"seconds", "parameters"}``."""
    import papermill

    path = Path(path)
    key = f"run-{path.stem}-{fingerprint(path)}"
    out, info = CACHE / f"{key}.ipynb", CACHE / f"{key}.json"
    with _locked(f"run-{path.stem}"):
        if not (_fresh(out) and _fresh(info)):
            params = rerun_parameters(nbk.read(path))
            workdir = CACHE / f"{key}-cwd"  # notebooks write their files (covers, videos) here
            shutil.rmtree(workdir, ignore_errors=True)
            workdir.mkdir(parents=True)
            start = time.perf_counter()
            try:
                papermill.execute_notebook(str(path), str(out.with_suffix(".partial.ipynb")), parameters=params,
                                           cwd=str(workdir), kernel_name="python3", progress_bar=False,
                                           execution_timeout=300)
            except papermill.PapermillExecutionError:
                pass  # the executed notebook keeps the error; the clean-execution test reports it
            seconds = time.perf_counter() - start
            out.with_suffix(".partial.ipynb").replace(out)
            _atomic_write(info, json.dumps({"seconds": round(seconds, 2), "parameters": params,
                                            "workdir": str(workdir)}, ensure_ascii=False))
    return nbk.read(out), json.loads(info.read_text("utf-8"))


def errors(nb) -> list[dict]:
    """Error outputs of an executed notebook, as ``{"cell", "ename", "evalue"}``."""
    return [{"cell": i, "ename": o.get("ename"), "evalue": str(o.get("evalue", ""))[:300]}
            for i, c in enumerate(nb.cells) if c.cell_type == "code"
            for o in c.get("outputs", []) if o.get("output_type") == "error"]


def output_text(nb) -> str:
    return "".join(str(o.get("text", "")) + str(o.get("data", {}).get("text/plain", ""))
                   for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []))


# -- one batch grading run per assignment ------------------------------------------------------

def partial(source_nb, release_nb) -> nbformat.NotebookNode:
    """The solution with its first autograded answer replaced by the release stub."""
    stubs = {nbk.nbgrader_meta(c)["grade_id"]: c.source for c in release_nb.cells if nbk.nbgrader_meta(c)}
    out = nbformat.from_dict(json.loads(json.dumps(source_nb)))
    first = next(c for c in out.cells if nbk.kind(c) == "autograded answer")
    first.source = stubs[nbk.nbgrader_meta(first)["grade_id"]]
    return out


def graded(assignment: str, notebooks: list[Path]) -> dict:
    """Grade "blank" (the release) and "partial" for every notebook of ``assignment`` in one batch.

    Returns ``{"root": course folder, "results": {student: result json}, "summary": ...}``.
    """
    from autograder import batch
    from autograder.course import build

    notebooks = [Path(p) for p in notebooks]
    key = f"grade-{assignment}-{fingerprint(*notebooks, grader=True)}"
    base = CACHE / key
    done = base / "done.json"
    with _locked(f"grade-{assignment}"):
        if not _fresh(done):
            shutil.rmtree(base, ignore_errors=True)
            root, subs = base / "course", base / "submitted"
            build(root, notebooks=notebooks)
            for path in notebooks:
                release = nbk.read(root / "release" / assignment / path.name)
                for student, nb in (("blank", release), ("partial", partial(nbk.read(path), release))):
                    target = subs / student / assignment / path.name
                    target.parent.mkdir(parents=True, exist_ok=True)
                    nbformat.write(nb, str(target))
            summary = batch.Batch(batch.build_parser().parse_args(
                [assignment, str(subs), "-o", str(base / "out"), "--course", str(root)])).run()
            _atomic_write(done, json.dumps(summary, ensure_ascii=False))
    results = {}
    for p in (base / "out" / "results").glob("*.json"):
        r = json.loads(p.read_text("utf-8"))
        results[r["student"]] = r
    return {"root": base / "course", "results": results, "summary": json.loads(done.read_text("utf-8"))}


def auto_points(result: dict, notebook: str, source_nb) -> tuple[float, float]:
    """(earned, possible) points of the autograded test cells of one notebook in a batch result."""
    tests = {nbk.nbgrader_meta(c)["grade_id"] for c in source_nb.cells if nbk.kind(c) == "tests"}
    grades = result["notebooks"][notebook].get("grades", {})
    assert tests <= set(grades), f"the grader has no score for {sorted(tests - set(grades))}"
    return sum(grades[g]["auto"] or 0.0 for g in tests), sum(grades[g]["max"] for g in tests)
