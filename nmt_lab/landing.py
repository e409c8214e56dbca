"""The course landing page ``START_HERE.ipynb``, generated from the curriculum data only.

It lists the three levels, their work areas (one nbgrader assignment each) and tasks, links
every task notebook that exists, names the skill requirement ids each one covers, marks the
tasks still to come, and ends with the self-check panel and the glossary of the standard.

Two layouts, because the same course is opened in two places:

- ``"repo"``: the page sits in the repository root and links ``notebooks/<level>/<file>``
  (what ``make lab`` opens: the instructor versions);
- ``"release"``: the page sits in an nbgrader ``release/`` folder and links
  ``<assignment>/<file>`` (what students get).

>>> nb = landing_notebook(layout="release", present={"B3/B3-1_spread_data.ipynb"})
>>> text = "\\n".join(c.source for c in nb.cells)
>>> "[B3-1 传播数据收集与初步分析](B3/B3-1_spread_data.ipynb)" in text
True
>>> "B-3.1.2" in text and "即将推出" in text
True
>>> nb.metadata.kernelspec.name
'python3'

Command line (``make lab`` runs the first form)::

    python -m nmt_lab.landing                        # ./START_HERE.ipynb, repo layout
    python -m nmt_lab.landing --layout release --root build/course/release
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from . import curriculum
from ._errors import check_choice

FILE_NAME = "START_HERE.ipynb"
LAYOUTS = ("repo", "release")
COMING = "即将推出"


def link_of(task: curriculum.Task, layout: str = "repo") -> str:
    """Where a task's notebook lives relative to the landing page.

    >>> t = curriculum.task("B-3.1")
    >>> link_of(t), link_of(t, "release")
    ('notebooks/beginner/B3-1_spread_data.ipynb', 'B3/B3-1_spread_data.ipynb')
    """
    check_choice(layout, LAYOUTS, "布局")
    if layout == "repo":
        return task.notebook
    return str(PurePosixPath(task.assignment) / task.notebook_name)


def present_links(root: Path, layout: str = "repo") -> set[str]:
    """The task links (see :func:`link_of`) whose notebook file exists under ``root``."""
    return {link_of(t, layout) for t in curriculum.tasks() if (Path(root) / link_of(t, layout)).is_file()}


def _title(task: curriculum.Task) -> str:
    return f"{PurePosixPath(task.notebook).name.split('_', 1)[0]} {task.name}"


def _task_row(task: curriculum.Task, layout: str, present: set[str]) -> str:
    link = link_of(task, layout)
    title = _title(task)
    cell = f"[{title}]({link})" if link in present else f"{title}（{COMING}）"
    skills = "、".join(f"`{r}`" for r in task.requirement_ids)
    return f"| {task.id} | {cell} | {skills} |"


def _intro(layout: str, present: set[str]) -> str:
    std = curriculum.standard()
    total = len(curriculum.tasks())
    where = ("这里是课程仓库：链接打开的是**教师版**笔记本（含答案与隐藏测试）。"
             if layout == "repo" else "链接打开的是你的练习笔记本（学生版）。")
    return f"""# 新媒体技术 · 互动课件：从这里开始

依据《{std['title']}》（{std['code']}，{std['edition']}）。课程按标准分为 **初级、中级、高级** 三个等级，
每个等级有若干**工作领域**（每个领域是一次作业），每个领域有若干**工作任务**（每个任务一本笔记本）。
已上线 **{len(present)}** / {total} 本；标着“{COMING}”的任务还在编写中。

**怎么用**

1. 在下面的目录里点任务名称，笔记本会在新标签页打开。{where}
2. 在笔记本里从上到下逐个运行单元格（选中后按 `Shift + Enter`）；先动一动 🎛️ 互动组件，再做 ✏️ 练习。
3. 每道练习下面的“检查”单元格会马上用中文告诉你对不对。
4. 做完后先保存（`Ctrl + S`），再到本页最后的 **[自检](#自检)** 一节点“开始自检”：
   笔记本会在后台从头运行一遍，列出通过和没通过的检查。
5. “技能要求”一列是标准里的编号，例如 `B-3.1.2` 表示初级、工作领域 3、任务 1 的第 2 条要求。
"""


def _overview() -> str:
    rows = ["| 等级 | 岗位角色 | 工作领域 | 工作任务 | 技能要求 |", "|---|---|---|---|---|"]
    for level in curriculum.levels():
        tasks = curriculum.tasks(level["id"])
        areas = {t.area_id for t in tasks}
        reqs = sum(len(t.requirement_ids) for t in tasks)
        rows.append(f"| [{level['name']}](#{level['name']}) | {level['role']} | {len(areas)} | {len(tasks)} | {reqs} |")
    return "## 课程地图\n\n" + "\n".join(rows)


def _level(level: dict, layout: str, present: set[str]) -> str:
    tasks = curriculum.tasks(level["id"])
    lines = [f"## {level['name']}", "", f"**岗位角色**：{level['role']}。{level['scope']}", ""]
    areas: dict[str, list[curriculum.Task]] = {}
    for t in tasks:
        areas.setdefault(t.area_id, []).append(t)
    for area_id, area_tasks in areas.items():
        first = area_tasks[0]
        lines += [
            f"### {area_id} {first.area_name}（作业 {first.assignment}）",
            "",
            "| 编号 | 工作任务 | 技能要求 |",
            "|---|---|---|",
            *(_task_row(t, layout, present) for t in area_tasks),
            "",
        ]
    return "\n".join(lines).rstrip()


def _selfcheck_intro() -> str:
    return """## 自检

运行下面的单元格，选一本笔记本，点 **开始自检**。它会在后台把你**已保存**的笔记本从头运行一遍，
然后用中文列出每项检查是否通过、没通过时该看哪里（笔记本里的答案不会被改动）。
老师评分时还会运行你看不到的隐藏测试，所以自检全部通过也请再读一遍题目要求。
在任务笔记本里也可以直接运行 `nmt.selfcheck.self_check()` 检查当前这本。"""


SELFCHECK_CODE = "import nmt_lab as nmt\n\nnmt.selfcheck.panel()"


def _glossary() -> str:
    rows = ["## 术语表", "", "标准第 3 章的术语，笔记本中的用法与此一致。", "",
            "| 术语 | 英文 | 定义 |", "|---|---|---|"]
    for g in curriculum.glossary():
        definition = g["definition"].replace("|", "｜").replace("\n", " ")
        rows.append(f"| {g['term']} | {g['english']} | {definition} |")
    return "\n".join(rows)


def _language_info() -> dict:
    from ipykernel.ipkernel import IPythonKernel

    return dict(IPythonKernel.language_info)


def landing_notebook(layout: str = "repo", present: Iterable[str] | None = None) -> nbformat.NotebookNode:
    """The landing page as a notebook; ``present`` is the set of links that exist
    (default: none, i.e. every task is marked as still to come)."""
    check_choice(layout, LAYOUTS, "布局")
    present = set(present or ())
    cells = [
        new_markdown_cell(_intro(layout, present)),
        new_markdown_cell(_overview()),
        *(new_markdown_cell(_level(level, layout, present)) for level in curriculum.levels()),
        new_markdown_cell(_selfcheck_intro()),
        new_code_cell(SELFCHECK_CODE),
        new_markdown_cell(_glossary()),
    ]
    for i, cell in enumerate(cells):
        cell.id = f"start-{i:02d}"
    nb = new_notebook(cells=cells)
    nb.metadata.update({
        "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
        # what this Python's kernel reports: JupyterLab marks a notebook modified when they differ
        "language_info": _language_info(),
        "title": "新媒体技术 · 从这里开始",
    })
    return nb


def write(root: Path | str = ".", layout: str = "repo", out: Path | str | None = None) -> Path:
    """Write ``START_HERE.ipynb`` into ``root`` (or to ``out``), linking the notebooks present under ``root``."""
    root = Path(root)
    out = Path(out) if out is not None else root / FILE_NAME
    nb = landing_notebook(layout, present_links(root, layout))
    out.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(out))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m nmt_lab.landing", description="生成课程首页 START_HERE.ipynb")
    parser.add_argument("--root", type=Path, default=Path("."),
                        help="课程根目录：仓库根目录（repo 布局）或 nbgrader 的 release 目录（release 布局）")
    parser.add_argument("--layout", choices=LAYOUTS, default="repo")
    parser.add_argument("--out", type=Path, help=f"输出文件，默认 <root>/{FILE_NAME}")
    args = parser.parse_args(argv)
    out = write(args.root, args.layout, args.out)
    print(f"课程首页：{out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
