"""nbgrader round trip for every notebook: the solution scores full marks, the untouched
release scores 0 without a grader error, a partly solved one scores in between, and the
release shows no solution or hidden test.

Full marks are nbgrader's own scoring (``determine_grade``) of the one clean execution; the
blank and partial submissions of an assignment are graded together in one run of our batch
grader (see tests/notebook_runs.py), the path a grader takes.
"""

import pytest
from nbgrader.utils import determine_grade

from autograder import notebook as nbk
from autograder.course import course_notebooks
from nmt_lab import curriculum
from tests import notebook_runs as runs
from tests.conftest import notebook_params


def _assignment_of(path):
    return curriculum.task_of_notebook(path.name).assignment


def _graded(path):
    assignment = _assignment_of(path)
    same = [p for p in course_notebooks() if _assignment_of(p) == assignment]
    return runs.graded(assignment, same)


def _max_auto(nb) -> float:
    return sum(float(nbk.nbgrader_meta(c)["points"]) for c in nb.cells if nbk.kind(c) == "tests")


@pytest.mark.notebook
@pytest.mark.parametrize("path", notebook_params("grade"))
def test_release_hides_solutions_and_hidden_tests(path):
    root = _graded(path)["root"]
    release_nb = nbk.read(root / "release" / _assignment_of(path) / path.name)
    source_nb = nbk.read(path)
    sources = "\n".join(c.source for c in release_nb.cells)
    assert "BEGIN SOLUTION" not in sources and "BEGIN HIDDEN TESTS" not in sources
    leaked = sorted(line for line in nbk.secret_lines(source_nb) if line in sources)
    assert not leaked, f"release shows solution or hidden-test lines: {leaked[:5]}"
    assert [c.cell_type for c in release_nb.cells] == [c.cell_type for c in source_nb.cells]


@pytest.mark.notebook
@pytest.mark.parametrize("path", notebook_params("run"))
def test_solution_scores_full_marks(path):
    nb, _ = runs.executed(path)
    assert not runs.errors(nb), "the solution raised errors (see test_notebook_executes_clean)"
    scores = {nbk.nbgrader_meta(c)["grade_id"]: determine_grade(c) for c in nb.cells if nbk.kind(c) == "tests"}
    lost = {gid: s for gid, s in scores.items() if s[0] != s[1]}
    assert not lost, f"test cells that did not give full points: {lost}"
    assert sum(s[1] for s in scores.values()) == _max_auto(nbk.read(path)) > 0
    assert any(nbk.kind(c) == "manual answer" for c in nb.cells), "no manually graded answer"


@pytest.mark.notebook
@pytest.mark.parametrize("path", notebook_params("grade"))
def test_blank_scores_zero_and_partial_in_between(path):
    g = _graded(path)
    blank, partial = g["results"].get("blank"), g["results"].get("partial")
    assert blank and partial, f"the batch lost a student: {sorted(g['results'])}"
    assert blank["status"] == partial["status"] == "graded", (blank.get("issues"), partial.get("issues"))
    stem, source = path.stem, nbk.read(path)
    earned, possible = runs.auto_points(blank, stem, source)
    assert earned == 0 and possible == _max_auto(source), (earned, possible)
    earned, possible = runs.auto_points(partial, stem, source)
    assert 0 < earned < possible, (earned, possible)
    mine = [i for i in g["summary"]["issues"] if i["student"] in ("blank", "partial")
            and stem.split("_")[0] in i["message"] and i["category"] not in ("提示",)]
    assert not mine, f"the grader reported problems: {mine}"
