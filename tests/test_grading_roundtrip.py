"""nbgrader round trip for every notebook: the solution scores full marks, the untouched
release scores 0 without a grader error, a partly solved one scores in between, and the
release shows no solution or hidden test."""

import json

import nbformat
import pytest

from autograder import notebook as nbk
from autograder.course import autograde_one, build
from tests.conftest import notebook_params


def _partial(source_nb, release_nb):
    """The solution with its first autograded answer replaced by the release stub."""
    stubs = {nbk.nbgrader_meta(c)["grade_id"]: c.source for c in release_nb.cells if nbk.nbgrader_meta(c)}
    partial = nbformat.from_dict(json.loads(json.dumps(source_nb)))
    first = next(c for c in partial.cells if nbk.kind(c) == "autograded answer")
    first.source = stubs[nbk.nbgrader_meta(first)["grade_id"]]
    return partial


@pytest.mark.notebook
@pytest.mark.parametrize("path", notebook_params())
def test_round_trip(path, tmp_path):
    root = tmp_path / "course"
    (assignment,) = build(root, notebooks=[path])
    release = root / "release" / assignment / path.name
    source_nb, release_nb = nbk.read(path), nbk.read(release)

    sources = "\n".join(c.source for c in release_nb.cells)
    assert "BEGIN SOLUTION" not in sources and "BEGIN HIDDEN TESTS" not in sources
    leaked = sorted(line for line in nbk.secret_lines(source_nb) if line in sources)
    assert not leaked, f"release shows solution or hidden-test lines: {leaked[:5]}"
    assert [c.cell_type for c in release_nb.cells] == [c.cell_type for c in source_nb.cells]

    full = autograde_one(root, assignment, "solution", {path.name: path})[path.stem]
    assert full.max_auto_score == nbk.total_points(source_nb) - sum(
        float(nbk.nbgrader_meta(c)["points"]) for c in source_nb.cells if nbk.kind(c) == "manual answer"
    )
    assert full.auto_score == full.max_auto_score > 0 and full.needs_manual_grade

    blank = autograde_one(root, assignment, "blank", {path.name: release})[path.stem]
    assert blank.score == 0  # nbgrader scores an unchanged manual answer 0 without a grader

    partial_path = tmp_path / path.name
    nbformat.write(_partial(source_nb, release_nb), str(partial_path))
    partial = autograde_one(root, assignment, "partial", {path.name: partial_path})[path.stem]
    assert 0 < partial.auto_score < full.auto_score
