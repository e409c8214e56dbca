"""Which notebook teaches and which grade cells assess each skill requirement.

``python -m autograder.coverage [--level B]`` prints one row per requirement:
requirement → notebook → graded items (grade ids with points), then the totals.
A requirement counts as *taught* when a cell of its task notebook names it in
``metadata.nmt.skills``, and as *assessed* when a grade cell does.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path

from nmt_lab import curriculum

from . import notebook as nbk
from .course import REPO


@dataclass
class Coverage:
    requirement: curriculum.Requirement
    notebook: str
    exists: bool = False
    taught: bool = False
    graded: list[tuple[str, float]] = field(default_factory=list)  # (grade_id, points)

    @property
    def ok(self) -> bool:
        return self.taught and (bool(self.graded) or self.requirement.kind == "attitude")


def coverage(level: str | None = None, repo: Path = REPO) -> list[Coverage]:
    rows = []
    for task in curriculum.tasks(level):
        path = repo / task.notebook
        nb = nbk.read(path) if path.exists() else None
        for req in curriculum.requirements(task.id):
            row = Coverage(req, task.notebook, exists=nb is not None)
            if nb is not None:
                for cell in nb.cells:
                    if req.id in nbk.skills(cell):
                        row.taught = True
                        meta = nbk.nbgrader_meta(cell)
                        if meta.get("grade"):
                            row.graded.append((meta["grade_id"], float(meta.get("points", 0))))
            rows.append(row)
    return rows


def report(rows: list[Coverage]) -> str:
    lines = ["| 要求 | 类型 | 笔记本 | 评分项（分值） |", "|---|---|---|---|"]
    for r in rows:
        kind = "能力" if r.requirement.kind == "ability" else "素养"
        nb = Path(r.notebook).name if r.exists else f"（未完成）{Path(r.notebook).name}"
        items = "、".join(f"{g}({p:g})" for g, p in r.graded) or ("—" if r.taught else "未覆盖")
        lines.append(f"| {r.requirement.id} | {kind} | {nb} | {items} |")
    abilities = [r for r in rows if r.requirement.kind == "ability"]
    lines += [
        "",
        f"要求总数 {len(rows)}；已有笔记本 {sum(r.exists for r in rows)}；已讲授 {sum(r.taught for r in rows)}；"
        f"能力要求 {len(abilities)} 条中已评分 {sum(bool(r.graded) for r in abilities)} 条；"
        f"评分项合计 {sum(len(r.graded) for r in rows)} 次。",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m autograder.coverage", description=__doc__)
    parser.add_argument("--level", choices=curriculum.LEVEL_IDS, help="只看一个等级：B 初级、I 中级、A 高级")
    parser.add_argument("--strict", action="store_true", help="有未覆盖的要求时以状态码 1 退出")
    args = parser.parse_args(argv)
    rows = coverage(args.level)
    print(report(rows))
    return 1 if args.strict and not all(r.ok for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
