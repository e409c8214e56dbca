"""Two graders share one PostgreSQL gradebook: they grade different halves of a class at the
same time, nothing is lost, and a rerun of either skips what is done.

The test starts its own PostgreSQL server (Debian's ``postgresql``; installed with apt-get when
missing and we are root). It fails, with the instruction, when no server can be had.
"""

from __future__ import annotations

import copy
import os
import shutil
import subprocess
import sys
import zipfile

import nbformat
import pytest
from nbgrader.api import Gradebook

from autograder import batch, pgserver
from autograder import notebook as nbk
from autograder.course import build
from tests.conftest import REPO

B31 = REPO / "notebooks" / "beginner" / "B3-1_spread_data.ipynb"
NB = "B3-1_spread_data"


@pytest.fixture(scope="module")
def pg():
    try:
        server = pgserver.Server().start()
    except RuntimeError as exc:
        pytest.fail(str(exc))
    yield server
    server.stop()


def test_two_graders_share_a_postgres_gradebook(pg, tmp_path):
    root = tmp_path / "course"
    build(root, notebooks=[B31])
    src, rel = nbk.read(B31), nbk.read(root / "release" / "B3" / f"{NB}.ipynb")
    wrong = copy.deepcopy(src)
    next(c for c in wrong.cells if nbk.nbgrader_meta(c).get("grade_id") == "ex7_share_answer").source = \
        'share_answer = "B"'
    halves = {"a": {"p01": src, "p02": rel, "p03": wrong}, "b": {"p04": src, "p05": wrong, "学生 (六)": src}}
    expected = {"p01": 14, "p02": 0, "p03": 13, "p04": 14, "p05": 13, "学生 (六)": 14}
    procs = {}
    for half, subs in halves.items():
        z = tmp_path / f"{half}.zip"
        with zipfile.ZipFile(z, "w") as zf:
            for sid, nb in subs.items():
                zf.writestr(f"{sid}_x_{NB}.ipynb", nbformat.writes(nb))
        course = tmp_path / f"course-{half}"  # each grader has its own copy of the course
        shutil.copytree(root, course)
        args = ["B3", str(z), "-o", str(tmp_path / f"out-{half}"), "--course", str(course), "--db-url",
                pg.url.replace("postgresql+psycopg2://", "postgresql://"), "-j", "1"]
        procs[half] = (args, subprocess.Popen([sys.executable, "-m", "autograder.batch", *args], cwd=REPO,
                                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                              env={**os.environ}))
    for _, p in procs.values():
        out, _ = p.communicate(timeout=600)
        assert p.returncode == 0, out[-3000:]
        assert "database is locked" not in out
    with Gradebook(pg.url, "nmt560003") as gb:
        got = {s.student.id: s.score for s in gb.assignment_submissions("B3")}
    assert got == expected

    again = batch.Batch(batch.build_parser().parse_args(procs["a"][0])).run()
    assert again["skipped"] == 3 and again["graded_now"] == 0
    csv_text = (tmp_path / "out-a" / "grades.csv").read_text(encoding="utf-8-sig")
    assert all(sid in csv_text for sid in expected)  # the shared gradebook holds the whole class
