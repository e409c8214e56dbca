from pathlib import Path

import pytest

from autograder.course import course_notebooks

REPO = Path(__file__).resolve().parent.parent
NOTEBOOKS = course_notebooks(REPO)


def notebook_params(group: str | None = None):
    """One param per notebook. ``group="run"`` keeps each notebook's tests on one xdist worker (they
    share its one execution); ``group="grade"`` keeps an assignment's together (one batch each)."""
    from nmt_lab import curriculum

    def marks(p):
        if group == "run":
            return [pytest.mark.xdist_group(f"run-{p.stem}")]
        if group == "grade":
            return [pytest.mark.xdist_group(f"grade-{curriculum.task_of_notebook(p.name).assignment}")]
        return []
    return [pytest.param(p, id=p.stem, marks=marks(p)) for p in NOTEBOOKS]


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


BUDGET_SECONDS = 20  # COURSE_DESIGN: each notebook runs clean in under 20 s on a 2-core machine


def pytest_terminal_summary(terminalreporter):
    """Print how long each notebook's one clean execution took (a figure, not a timed test)."""
    from tests.notebook_runs import run_info

    rows = [(p.stem, info) for p in NOTEBOOKS if (info := run_info(p))]
    if not rows:
        return
    tr = terminalreporter
    tr.section(f"notebook execution (one clean run each; budget {BUDGET_SECONDS} s on 2 cores, "
               f"measured beside the rest of the suite)")
    for stem, info in sorted(rows, key=lambda r: -r[1]["seconds"]):
        mark = "  over budget" if info["seconds"] > BUDGET_SECONDS else ""
        tr.write_line(f"{info['seconds']:7.1f} s  {stem}{mark}")
    tr.write_line(f"{sum(i['seconds'] for _, i in rows):7.1f} s  total for {len(rows)} notebooks")
