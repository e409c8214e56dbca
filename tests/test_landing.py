"""The landing page START_HERE.ipynb is generated from the curriculum only: every level, work
area, task and skill id, a link for each notebook that exists, "即将推出" for the others."""

import re

import nbformat
import pytest

from autograder.notebook import NOTEBOOK_NAME
from nmt_lab import curriculum, landing


def _text(nb) -> str:
    return "\n".join(c.source for c in nb.cells)


def _links(nb) -> set[str]:
    return set(re.findall(r"\]\(([^)#]+\.ipynb)\)", _text(nb)))


@pytest.mark.parametrize("layout", landing.LAYOUTS)
def test_lists_every_level_area_task_and_skill(layout):
    text = _text(landing.landing_notebook(layout))
    for level in curriculum.levels():
        assert f"## {level['name']}" in text and level["role"] in text
    for task in curriculum.tasks():
        assert task.id in text and task.name in text
        assert f"### {task.area_id} {task.area_name}（作业 {task.assignment}）" in text
        for req in task.requirement_ids:
            assert f"`{req}`" in text
    assert text.count(f"（{landing.COMING}）") == len(curriculum.tasks())  # nothing present: all to come


def test_links_exactly_the_notebooks_that_exist(tmp_path):
    existing = curriculum.tasks()[:2]
    for t in existing:
        path = tmp_path / t.assignment / t.notebook_name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("{}", encoding="utf-8")
    out = landing.write(tmp_path, layout="release")
    nb = nbformat.read(str(out), as_version=4)
    nbformat.validate(nb)
    assert _links(nb) == {f"{t.assignment}/{t.notebook_name}" for t in existing}
    assert _text(nb).count(f"（{landing.COMING}）") == len(curriculum.tasks()) - len(existing)
    assert all(NOTEBOOK_NAME.match(link.split("/")[-1]) for link in _links(nb))


def test_repo_layout_links_the_repository_notebooks(repo, tmp_path):
    out = landing.write(repo, layout="repo", out=tmp_path / landing.FILE_NAME)
    nb = nbformat.read(str(out), as_version=4)
    present = {t.notebook for t in curriculum.tasks() if (repo / t.notebook).is_file()}
    assert present and _links(nb) == present
    assert nb.metadata.kernelspec.name == "python3"  # no kernel-choice dialog in JupyterLab
    assert landing.FILE_NAME.isascii()


def test_ends_with_the_self_check_panel_and_the_glossary():
    nb = landing.landing_notebook("release")
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert [c.source for c in code] == [landing.SELFCHECK_CODE]
    assert all(g["term"] in _text(nb) for g in curriculum.glossary())


def test_rejects_an_unknown_layout():
    with pytest.raises(ValueError, match="布局"):
        landing.landing_notebook("zip")
