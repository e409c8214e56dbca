"""The student self-check: a release scores nothing with a Chinese reason per check, an answered
exercise passes, the instructor version passes everything, and the check never edits the file."""

import json
import re
import subprocess
import sys

import nbformat
import pytest

from autograder import notebook as nbk
from autograder.course import build, course_notebooks
from nmt_lab import selfcheck

NOTEBOOKS = course_notebooks()


@pytest.fixture(scope="module")
def release(tmp_path_factory):
    path = NOTEBOOKS[0]
    root = tmp_path_factory.mktemp("selfcheck")
    (assignment,) = build(root, notebooks=[path])
    return path, root / "release" / assignment / path.name


@pytest.mark.notebook
def test_release_fails_every_check_with_a_chinese_reason(release):
    source, path = release
    before = path.read_bytes()
    report = selfcheck.check_notebook(path)
    assert path.read_bytes() == before  # run in memory, the student's file is untouched
    tests = [c for c in nbk.read(path).cells if nbk.kind(c) == "tests"]
    assert report.total == len(tests) > 0 and report.passed == 0
    assert all(re.search("[\u4e00-\u9fff]", r.message) for r in report.results)
    assert "自检结果：通过 0 /" in report.summary()
    assert "<table>" in report._repr_html_() and "✘ 未通过" in report._repr_html_()


@pytest.mark.notebook
def test_answering_the_first_exercise_passes_its_check(release, tmp_path):
    source, path = release
    nb = nbk.read(path)
    answer = next(c for c in nbk.read(source).cells if nbk.kind(c) == "autograded answer")
    gid = nbk.nbgrader_meta(answer)["grade_id"]
    for cell in nb.cells:
        if nbk.nbgrader_meta(cell).get("grade_id") == gid:
            cell.source = "\n".join(nbk.solution_text(answer.source))
    nb.cells.append(nbformat.v4.new_code_cell("import nmt_lab as nmt\nnmt.selfcheck.self_check()"))
    answered = tmp_path / path.name
    nbformat.write(nb, str(answered))
    report = selfcheck.check_notebook(answered)
    assert report.results[0].passed and report.passed == 1 < report.total
    # the notebook's own self_check() cell (the last one) is skipped inside the check, not recursed
    assert not [e for e in report.other_errors if f"第 {len(nb.cells)} 个单元格" in e]


@pytest.mark.notebook
def test_instructor_version_passes_everything_through_the_command_line(release):
    source, _ = release
    out = subprocess.run([sys.executable, "-m", "nmt_lab.selfcheck", "--json", str(source)],
                         capture_output=True, text=True, check=True).stdout
    data = json.loads(out)
    assert data["results"] and all(r["passed"] for r in data["results"])


def test_explanations_are_chinese():
    assert "还没有作答" in selfcheck.explain("NotImplementedError", "")
    assert selfcheck.explain("AssertionError", "点赞率应在 0 到 1 之间") == "点赞率应在 0 到 1 之间"
    assert "语法错误" in selfcheck.explain("SyntaxError", "invalid syntax")
    assert "ZeroDivisionError" in selfcheck.explain("ZeroDivisionError", "division by zero")


def test_self_check_without_a_notebook_says_what_to_do(monkeypatch):
    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
    report = selfcheck.self_check()
    assert "self_check(" in report.note and report.total == 0
    assert "panel()" in selfcheck.self_check("x/START_HERE.ipynb").note
