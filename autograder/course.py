"""Build the nbgrader course from the curriculum, and grade single submissions.

``python -m autograder.course build`` copies every existing task notebook into
``build/course/source/<assignment>/`` (one assignment per work area, as the curriculum
says) and runs nbgrader's ``generate_assignment``, so ``build/course/release/`` holds
the student version: no solutions, no hidden tests.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from nbgrader.api import Gradebook
from nbgrader.apps import NbGraderAPI
from nbgrader.coursedir import CourseDirectory
from traitlets.config.loader import PyFileConfigLoader

from nmt_lab import curriculum

# nbgrader runs the `alembic` command of its own environment: make sure that environment's
# bin/ is on PATH even when Python was started as .venv/bin/python without activation.
_BIN = str(Path(sys.executable).parent)
if _BIN not in os.environ.get("PATH", "").split(os.pathsep):
    os.environ["PATH"] = _BIN + os.pathsep + os.environ.get("PATH", "")

REPO = Path(__file__).resolve().parent.parent
CONFIG_FILE = Path(__file__).resolve().parent / "nbgrader_config.py"
DEFAULT_ROOT = REPO / "build" / "course"


def nbgrader_config(root: Path):
    """The course's nbgrader config with the course root set to ``root``."""
    config = PyFileConfigLoader(CONFIG_FILE.name, path=str(CONFIG_FILE.parent)).load_config()
    config.CourseDirectory.root = str(root)
    if "root" not in config.Exchange:  # a hub deployment sets its own exchange
        config.Exchange.root = str(Path(root) / "exchange")
    return config


def api(root: Path) -> NbGraderAPI:
    config = nbgrader_config(root)
    return NbGraderAPI(CourseDirectory(config=config), config=config)


def db_url(root: Path) -> str:
    return f"sqlite:///{Path(root) / 'gradebook.db'}"


def course_notebooks(repo: Path = REPO) -> list[Path]:
    """The task notebooks that exist, in curriculum order."""
    return [repo / t.notebook for t in curriculum.tasks() if (repo / t.notebook).exists()]


def by_assignment(notebooks: list[Path]) -> dict[str, list[Path]]:
    """Group notebook paths by their nbgrader assignment (one per work area)."""
    out: dict[str, list[Path]] = {}
    for path in notebooks:
        out.setdefault(curriculum.task_of_notebook(path.name).assignment, []).append(Path(path))
    return out


class GraderError(RuntimeError):
    pass


def _ok(result: dict, what: str) -> None:
    if not result.get("success"):
        raise GraderError(f"{what} failed:\n{result.get('error', '')}\n{result.get('log', '')}")


def build(root: Path = DEFAULT_ROOT, notebooks: list[Path] | None = None,
          only: list[str] | None = None) -> dict[str, list[Path]]:
    """Write source/ from the curriculum and generate release/ for every assignment.

    ``notebooks`` defaults to every task notebook present; ``only`` keeps those assignments.
    """
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    (root / "nbgrader_config.py").write_text(
        f"load_subconfig(r'{CONFIG_FILE}')\n", encoding="utf-8"
    )
    assignments = by_assignment(course_notebooks() if notebooks is None else notebooks)
    if only:
        assignments = {a: p for a, p in assignments.items() if a in only}
    grader = api(root)
    for assignment, paths in assignments.items():
        source = root / "source" / assignment
        shutil.rmtree(source, ignore_errors=True)
        source.mkdir(parents=True)
        for path in paths:
            shutil.copy2(path, source / path.name)
        _ok(grader.generate_assignment(assignment, force=True), f"generate_assignment {assignment}")
    return assignments


@dataclass
class NotebookScore:
    notebook: str
    score: float
    max_score: float
    auto_score: float
    max_auto_score: float
    needs_manual_grade: bool


def autograde_one(root: Path, assignment: str, student: str, notebooks: dict[str, Path]
                  ) -> dict[str, NotebookScore]:
    """Place one student's notebooks in submitted/ and autograde them with stock nbgrader."""
    root = Path(root)
    target = root / "submitted" / student / assignment
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    for name, path in notebooks.items():
        shutil.copy2(path, target / name)
    _ok(api(root).autograde(assignment, student, force=True), f"autograde {student}")
    return scores(root, assignment, student)


def scores(root: Path, assignment: str, student: str) -> dict[str, NotebookScore]:
    out = {}
    with Gradebook(db_url(root)) as gb:
        submission = gb.find_submission(assignment, student)
        for nb in submission.notebooks:
            auto = [g for g in nb.grades if g.auto_score is not None]
            out[nb.name] = NotebookScore(
                notebook=nb.name,
                score=nb.score,
                max_score=nb.max_score,
                auto_score=sum(g.auto_score for g in auto),
                max_auto_score=sum(g.max_score for g in auto),
                needs_manual_grade=nb.needs_manual_grade,
            )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m autograder.course", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="生成 nbgrader 课程目录（source 与学生版 release）")
    b.add_argument("--root", type=Path, default=DEFAULT_ROOT)
    b.add_argument("--assignment", action="append", help="只生成这些作业，如 B3")
    args = parser.parse_args(argv)
    built = build(args.root, only=args.assignment)
    for assignment, paths in built.items():
        print(f"{assignment}: {', '.join(p.name for p in paths)}")
    print(f"学生版已生成：{args.root / 'release'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
