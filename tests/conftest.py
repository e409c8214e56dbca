from pathlib import Path

import pytest

from autograder.course import course_notebooks

REPO = Path(__file__).resolve().parent.parent
NOTEBOOKS = course_notebooks(REPO)


def notebook_params():
    return [pytest.param(p, id=p.stem) for p in NOTEBOOKS]


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO
