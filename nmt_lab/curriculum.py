"""The skill standard 560003 as data: levels, work areas, tasks, requirements, glossary.

The data file ``nmt_lab/data/curriculum.json`` is the single source of truth for the
mapping task -> notebook -> nbgrader assignment; everything else is generated from it.

>>> len(tasks()), len(requirements())
(30, 159)
>>> [len(requirements(level=lv)) for lv in "BIA"]
[46, 63, 50]
>>> task("B-3.1").name
'传播数据收集与初步分析'
>>> task("B-3.1").notebook
'notebooks/beginner/B3-1_spread_data.ipynb'
>>> [r.id for r in requirements("B-3.1")][:2]
['B-3.1.1', 'B-3.1.2']
>>> task_of_notebook("notebooks/beginner/B3-1_spread_data.ipynb").assignment
'B3'
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import PurePosixPath

from ._errors import check_choice

LEVEL_IDS = ("B", "I", "A")


@dataclass(frozen=True)
class Requirement:
    id: str  # e.g. "B-3.1.2"
    kind: str  # "ability" (能……) or "attitude" (具备……)
    text: str
    task_id: str


@dataclass(frozen=True)
class Task:
    id: str  # e.g. "B-3.1"
    name: str
    notebook: str  # repo-relative path
    assignment: str  # nbgrader assignment, one per work area, e.g. "B3"
    area_id: str
    area_name: str
    level: str  # "B", "I" or "A"
    level_name: str  # 初级 / 中级 / 高级
    requirement_ids: tuple[str, ...]

    @property
    def notebook_name(self) -> str:
        return PurePosixPath(self.notebook).name


@cache
def _data() -> dict:
    text = resources.files("nmt_lab").joinpath("data/curriculum.json").read_text("utf-8")
    return json.loads(text)


@cache
def _index() -> tuple[dict[str, Task], dict[str, Requirement]]:
    tasks_by_id: dict[str, Task] = {}
    reqs_by_id: dict[str, Requirement] = {}
    for level in _data()["levels"]:
        for area in level["areas"]:
            for t in area["tasks"]:
                for r in t["requirements"]:
                    reqs_by_id[r["id"]] = Requirement(r["id"], r["kind"], r["text"], t["id"])
                tasks_by_id[t["id"]] = Task(
                    id=t["id"],
                    name=t["name"],
                    notebook=t["notebook"],
                    assignment=area["assignment"],
                    area_id=area["id"],
                    area_name=area["name"],
                    level=level["id"],
                    level_name=level["name"],
                    requirement_ids=tuple(r["id"] for r in t["requirements"]),
                )
    return tasks_by_id, reqs_by_id


def standard() -> dict:
    """Title, code and edition of the standard."""
    return dict(_data()["standard"])


def levels() -> list[dict]:
    """The three levels with their Chinese name, folder, role and scope (without areas)."""
    return [{k: v for k, v in lv.items() if k != "areas"} for lv in _data()["levels"]]


def tasks(level: str | None = None) -> list[Task]:
    """All 30 work tasks, or those of one level ("B", "I" or "A")."""
    if level is not None:
        check_choice(level, LEVEL_IDS, "等级")
    return [t for t in _index()[0].values() if level is None or t.level == level]


def task(task_id: str) -> Task:
    """One work task by id, e.g. ``task("B-3.1")``."""
    check_choice(task_id, _index()[0], "工作任务")
    return _index()[0][task_id]


def requirement(req_id: str) -> Requirement:
    """One skill requirement by id, e.g. ``requirement("B-3.1.2")``.

    >>> requirement("B-3.1.4").text
    '具备数据保密意识和数据敏感度。'
    """
    check_choice(req_id, _index()[1], "技能要求")
    return _index()[1][req_id]


def requirements(task_id: str | None = None, level: str | None = None) -> list[Requirement]:
    """The requirements of one task, of one level, or all 159."""
    if task_id is not None:
        return [requirement(r) for r in task(task_id).requirement_ids]
    return [r for t in tasks(level) for r in requirements(t.id)]


def notebook(task_id: str) -> str:
    """Repo-relative path of the notebook of a task."""
    return task(task_id).notebook


def task_of_notebook(path: str) -> Task:
    """The task a notebook file belongs to (matched by file name)."""
    by_name = {t.notebook_name: t for t in tasks()}
    name = PurePosixPath(str(path).replace("\\", "/")).name
    check_choice(name, by_name, "课程笔记本")
    return by_name[name]


def notebook_requirements(path: str) -> list[Requirement]:
    """Which requirements a notebook covers (those of its task)."""
    return requirements(task_of_notebook(path).id)


def assignments() -> dict[str, list[Task]]:
    """nbgrader assignments (one per work area) and their task notebooks, in course order."""
    out: dict[str, list[Task]] = {}
    for t in tasks():
        out.setdefault(t.assignment, []).append(t)
    return out


def glossary(term: str | None = None):
    """Terms of section 3 of the standard; with ``term``, that term's definition.

    >>> glossary("AARRR 模型")["english"]
    'AARRR model'
    """
    items = _data()["glossary"]
    if term is None:
        return items
    by_term = {g["term"]: g for g in items}
    check_choice(term, by_term, "术语")
    return by_term[term]
