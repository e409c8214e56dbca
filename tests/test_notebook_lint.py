"""Every committed notebook: clean, valid nbgrader metadata, skill ids, naming convention."""

import re

import pytest
from nbgrader.nbgraderformat import MetadataValidator

from autograder import notebook as nbk
from nmt_lab import curriculum
from tests.conftest import NOTEBOOKS, notebook_params


def test_there_is_a_course_to_lint():
    assert NOTEBOOKS, "no course notebook found"


@pytest.mark.parametrize("path", notebook_params())
def test_notebook_is_committed_clean(path):
    nb = nbk.read(path)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert not cell.outputs and cell.execution_count is None, f"{path.name}: outputs committed"
    assert nb.metadata.get("kernelspec", {}).get("name") == "python3", "kernelspec python3 missing"


@pytest.mark.parametrize("path", notebook_params())
def test_nbgrader_metadata_and_skills(path):
    nb = nbk.read(path)
    MetadataValidator().validate_nb(nb)  # raises on invalid metadata or duplicate grade ids
    task = curriculum.task_of_notebook(path.name)
    assert curriculum.notebook(task.id) == path.relative_to(path.parents[2]).as_posix()
    grade_ids = [nbk.nbgrader_meta(c)["grade_id"] for c in nb.cells if nbk.nbgrader_meta(c)]
    assert len(grade_ids) == len(set(grade_ids))
    for cell in nb.cells:
        for skill in nbk.skills(cell):
            assert nbk.SKILL_ID.match(skill), skill
            curriculum.requirement(skill)  # raises for unknown ids
    for cell in nbk.grade_cells(nb):
        assert nbk.skills(cell), f"grade cell {nbk.nbgrader_meta(cell)['grade_id']} names no skill id"


@pytest.mark.parametrize("path", notebook_params())
def test_notebook_covers_its_task(path):
    """Definition of done: every requirement taught, every ability (能……) assessed."""
    nb = nbk.read(path)
    task = curriculum.task_of_notebook(path.name)
    taught = {s for c in nb.cells for s in nbk.skills(c)}
    assessed = {s for c in nbk.grade_cells(nb) for s in nbk.skills(c)}
    for r in curriculum.requirements(task.id):
        assert r.id in taught, f"{r.id} is not covered by any section of {path.name}"
        if r.kind == "ability":
            assert r.id in assessed, f"{r.id} (能……) has no graded item in {path.name}"
    kinds = [nbk.kind(c) for c in nb.cells]
    assert kinds.count("tests") >= 4 and "manual answer" in kinds
    tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1, "one papermill `parameters` cell"


def test_file_names_follow_the_convention():
    for path in NOTEBOOKS:
        assert nbk.NOTEBOOK_NAME.match(path.name), path.name


@pytest.mark.parametrize("path", notebook_params())
def test_prompts_do_not_show_the_answer_letter(path):
    """A choice exercise's "answer form" example must not be its answer (``x = "B"`` when B is
    right): the example uses a placeholder letter such as "X"."""
    nb = nbk.read(path)
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    answers = {(var, letter) for c in nbk.grade_cells(nb)
               for var, letter in re.findall(r'assert (\w+) == "([A-E])"', c.source)}
    shown = sorted(f'{var} = "{letter}"' for var, letter in answers
                   if re.search(rf'\b{var}\s*=\s*"{letter}"', text))
    assert not shown, f"{path.name}: the prompt's example gives the answer away: {shown}"
