"""Reading course notebooks: nbgrader cell kinds, skill ids, solution and hidden-test text.

Grade cells carry the skill ids they assess in ``cell.metadata["nmt"]["skills"]``
(outside the ``nbgrader`` key, whose schema allows no extra keys). Markdown section
cells may carry them too, to say which requirement a section teaches.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat

NOTEBOOK_NAME = re.compile(r"^(?P<level>[BIA])(?P<area>\d)-(?P<task>\d)_[a-z0-9_]+\.ipynb$")
SKILL_ID = re.compile(r"^[BIA]-\d\.\d\.\d$")
SOLUTION = re.compile(r"### BEGIN SOLUTION\n(.*?)### END SOLUTION", re.S)
HIDDEN = re.compile(r"### BEGIN HIDDEN TESTS\n(.*?)### END HIDDEN TESTS", re.S)


def read(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(str(path), as_version=4)


def nbgrader_meta(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def kind(cell) -> str | None:
    """nbgrader cell kind: 'autograded answer', 'tests', 'manual answer', 'readonly' or None."""
    m = nbgrader_meta(cell)
    if m.get("solution") and m.get("grade"):
        return "manual answer"
    if m.get("solution"):
        return "autograded answer"
    if m.get("grade"):
        return "tests"
    if m.get("locked"):
        return "readonly"
    return None


def grade_cells(nb) -> list:
    """Cells that carry points (tests and manually graded answers)."""
    return [c for c in nb.cells if nbgrader_meta(c).get("grade")]


def skills(cell) -> list[str]:
    return list(cell.get("metadata", {}).get("nmt", {}).get("skills", []))


def hidden_text(source: str) -> list[str]:
    return HIDDEN.findall(source)


def solution_text(source: str) -> list[str]:
    return SOLUTION.findall(source)


def secret_lines(nb) -> set[str]:
    """Lines that only exist inside solutions or hidden tests (what a release must not show).

    Lines that also appear elsewhere in the notebook (e.g. in a worked example or a hint) are
    not secrets, nor are short or comment-only lines.
    """
    inside, outside = set(), []
    for cell in nb.cells:
        src = cell.source
        for block in solution_text(src) + hidden_text(src):
            inside.update(line.strip() for line in block.splitlines())
        outside.append(HIDDEN.sub("", SOLUTION.sub("", src)))
    shown = "\n".join(outside)  # text the instructor shows on purpose (examples, hints)
    return {
        line for line in inside
        if len(line) >= 8 and not line.startswith("#") and "NotImplementedError" not in line and line not in shown
    }


def total_points(nb) -> float:
    return sum(float(nbgrader_meta(c).get("points", 0)) for c in grade_cells(nb))
