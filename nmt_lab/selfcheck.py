"""Student self-check in Chinese: run the saved notebook from the top on a fresh kernel and
list which visible checks pass.

nbgrader's own *Validate* toolbar button works in JupyterLab 4 as well, but its dialog is in
English and lists only the failures; this is the Chinese equivalent a student can click.

- ``self_check()`` in a task notebook checks that notebook (its saved file);
- ``panel()`` (on the landing page ``START_HERE.ipynb``) lets the student pick a notebook
  and click **开始自检**;
- ``check_notebook(path)`` is the plain function behind both (no widgets, no kernel of its own
  needed by the caller): it executes a copy in memory; the file is never modified.

Only the tests that are in the file run: in a student release the hidden tests are gone,
so "通过" means "the visible checks pass".

>>> r = Report("B3-1_spread_data.ipynb", [CheckResult("检查练习 1", "t1", 2, True, "")])
>>> r.passed, r.total, r.points, r.max_points
(1, 1, 2.0, 2.0)
>>> explain("NameError", "name 'like_rate' is not defined")
'变量 like_rate 还没有定义：先完成上面的练习，并运行那个单元格。'
"""

from __future__ import annotations

import argparse
import html
import json
import os
import re
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import nbformat

RUNNING_ENV = "NMT_SELFCHECK_RUNNING"  # set while a self-check runs, so a notebook's own self_check() cell is skipped
STUB_TEXT = "在这里写下你的回答"


@dataclass
class CheckResult:
    name: str  # what the student sees, e.g. "检查练习 1"
    grade_id: str
    points: float
    passed: bool
    message: str  # why not (Chinese), empty when passed
    skills: list[str] = field(default_factory=list)


@dataclass
class Report:
    notebook: str
    results: list[CheckResult]
    manual: list[dict] = field(default_factory=list)  # manually graded answers: name, points, answered
    other_errors: list[str] = field(default_factory=list)  # errors outside exercises and checks
    saved_at: str = ""
    seconds: float = 0.0
    note: str = ""  # set instead of results when nothing was run

    @property
    def passed(self) -> int:
        return sum(r.passed for r in self.results)

    @property
    def total(self) -> int:
        return len(self.results)

    @property
    def points(self) -> float:
        return float(sum(r.points for r in self.results if r.passed))

    @property
    def max_points(self) -> float:
        return float(sum(r.points for r in self.results))

    def summary(self) -> str:
        if self.note:
            return self.note
        if not self.results:
            return f"《{self.notebook}》里没有自动检查。"
        head = (f"自检结果：通过 {self.passed} / {self.total} 项检查"
                f"（自动评分部分 {self.points:g} / {self.max_points:g} 分）")
        return head + ("。全部通过！" if self.passed == self.total else "。")

    def text(self) -> str:
        lines = [self.summary()]
        for r in self.results:
            lines.append(f"{'✔ 通过' if r.passed else '✘ 未通过'}　{r.name}（{r.points:g} 分）"
                         + ("" if r.passed else f"：{r.message}"))
        for m in self.manual:
            lines.append(f"✎ 人工评分　{m['name']}（{m['points']:g} 分）：{_manual_state(m)}")
        lines += [f"⚠ {e}" for e in self.other_errors]
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.text()

    def _repr_html_(self) -> str:
        e = html.escape
        if self.note:
            return f"<div class='nmt-selfcheck'><p>{e(self.note)}</p></div>"
        ok_colour, bad_colour = "#2a7f62", "#c0392b"
        td = "<td style='text-align:left'>"  # JupyterLab right-aligns table cells by default
        rows = []
        for r in self.results:
            status = (f"<span style='color:{ok_colour}'>✔ 通过</span>" if r.passed
                      else f"<span style='color:{bad_colour}'>✘ 未通过</span>")
            rows.append(f"<tr class='{'nmt-pass' if r.passed else 'nmt-fail'}'>{td}{e(r.name)}</td>"
                        f"{td}{r.points:g}</td>{td}{status}</td>{td}{e(r.message)}</td></tr>")
        for m in self.manual:
            rows.append(f"<tr class='nmt-manual'>{td}{e(m['name'])}</td>{td}{m['points']:g}</td>"
                        f"{td}✎ 人工评分</td>{td}{_manual_state(m)}</td></tr>")
        head = "".join(f"<th style='text-align:left'>{h}</th>" for h in ("检查", "分值", "结果", "说明"))
        table = f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>" if rows else ""
        others = "".join(f"<li>{e(x)}</li>" for x in self.other_errors)
        colour = ok_colour if self.results and self.passed == self.total else bad_colour
        saved = (f"检查的是 {e(self.saved_at)} 保存的《{e(self.notebook)}》，用时 {self.seconds:.0f} 秒。"
                 if self.saved_at else "")
        return (
            f"<div class='nmt-selfcheck' style='font-size:14px;line-height:1.7'>"
            f"<p><b style='color:{colour}'>{e(self.summary())}</b></p>{table}"
            + (f"<p>其他出错的单元格：</p><ul>{others}</ul>" if others else "")
            + f"<p style='color:#666'>{saved}改过答案请先保存（Ctrl + S）再自检。"
            "老师评分时还会运行隐藏测试。</p></div>"
        )


def _manual_state(m: dict) -> str:
    return "已作答，待老师评分" if m["answered"] else "还没有作答"


_NAME_ERROR = re.compile(r"name '([^']+)' is not defined")


def explain(ename: str, evalue: str) -> str:
    """A Chinese explanation of an error raised by a check or an answer cell."""
    if ename == "NotImplementedError":
        return "还没有作答：把 raise NotImplementedError() 这一行换成你的代码。"
    if ename == "NameError":
        m = _NAME_ERROR.search(evalue)
        name = m.group(1) if m else evalue
        return f"变量 {name} 还没有定义：先完成上面的练习，并运行那个单元格。"
    if ename == "AssertionError":
        return evalue or "检查没有通过：再读一遍题目要求。"
    if ename == "SyntaxError":
        return f"代码有语法错误（括号、引号、冒号或缩进）：{evalue}"
    return f"运行出错（{ename}）：{evalue}"


def _nbgrader(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def _error(cell):
    return next((o for o in cell.get("outputs", []) if o.get("output_type") == "error"), None)


def _name(cell, fallback: str) -> str:
    first = cell.source.strip().splitlines()[0] if cell.source.strip() else ""
    return first.lstrip("#").strip() if first.startswith("#") else fallback


def _heading(source: str) -> str:
    """The text of the last markdown heading in ``source`` ("" if none), without # and emoji."""
    found = re.findall(r"^#{1,6}\s+(.+)$", source, re.M)
    return re.sub(r"^[^\w\d]+", "", found[-1]).strip() if found else ""


def _answered(cell) -> bool:
    src = cell.source
    return bool(src.strip()) and STUB_TEXT not in src and "raise NotImplementedError" not in src


def report_of(nb, name: str = "") -> Report:
    """Read an *executed* notebook: one result per test cell, answers met on the way."""
    results, manual, others = [], [], []
    pending = ""  # error of the last autograded answer, explains the check below it
    heading = ""  # the last markdown heading: names a manually graded answer
    for i, cell in enumerate(nb.cells):
        meta = _nbgrader(cell)
        if cell.cell_type == "markdown":
            heading = _heading(cell.source) or heading
        err = _error(cell) if cell.cell_type == "code" else None
        if meta.get("solution") and meta.get("grade"):  # manually graded answer
            manual.append({"name": heading or meta.get("grade_id", f"第 {i + 1} 个单元格"),
                           "points": float(meta.get("points", 0)),
                           "answered": _answered(cell) and err is None})
        elif meta.get("solution"):  # autograded answer
            pending = explain(err["ename"], err["evalue"]) if err else ""
        elif meta.get("grade") and cell.cell_type == "code":  # visible test
            message = ""
            if err:
                message = pending or explain(err["ename"], err["evalue"])
            results.append(CheckResult(
                name=_name(cell, meta.get("grade_id", f"第 {i + 1} 个单元格")),
                grade_id=meta.get("grade_id", ""),
                points=float(meta.get("points", 0)),
                passed=err is None,
                message=message,
                skills=list(cell.get("metadata", {}).get("nmt", {}).get("skills", [])),
            ))
            pending = ""
        elif err:
            others.append(f"第 {i + 1} 个单元格：{explain(err['ename'], err['evalue'])}")
    return Report(name, results, manual, others)


def check_notebook(path: str | Path, timeout: int = 120) -> Report:
    """Execute the saved notebook at ``path`` on a fresh kernel (in memory) and report in Chinese."""
    from nbclient import NotebookClient  # imported here: only the check itself needs it

    path = Path(path).resolve()
    if not path.is_file():
        raise FileNotFoundError(f"找不到笔记本 {path}")
    nb = nbformat.read(str(path), as_version=4)
    saved = time.strftime("%H:%M:%S", time.localtime(path.stat().st_mtime))
    os.environ[RUNNING_ENV] = "1"
    start = time.perf_counter()
    try:
        NotebookClient(nb, timeout=timeout, kernel_name="python3", allow_errors=True,
                       resources={"metadata": {"path": str(path.parent)}}).execute()
    finally:
        os.environ.pop(RUNNING_ENV, None)
    report = report_of(nb, path.name)
    report.saved_at, report.seconds = saved, time.perf_counter() - start
    return report


def _current_notebook() -> str | None:
    try:
        from IPython import get_ipython

        shell = get_ipython()
    except ImportError:  # pragma: no cover - IPython comes with the kernel
        shell = None
    session = shell.user_ns.get("__session__") if shell is not None else None
    return session or os.environ.get("JPY_SESSION_NAME")


def self_check(path: str | Path | None = None, timeout: int = 120) -> Report:
    """Check a notebook (default: the one this kernel belongs to) in a separate process.

    Shows in the notebook as a Chinese table of passed and failed checks.
    """
    if os.environ.get(RUNNING_ENV):
        return Report(str(path or ""), [], note="（自检运行中：跳过笔记本里的自检单元格。）")
    path = path or _current_notebook()
    if not path:
        return Report("", [], note="不知道要检查哪本笔记本：请写成 self_check(\"文件名.ipynb\")。")
    path = Path(path)
    if path.name == "START_HERE.ipynb":
        return Report(path.name, [], note="这是课程首页：请用 panel() 选择一本任务笔记本来自检。")
    env = {k: v for k, v in os.environ.items() if k != "JPY_SESSION_NAME"}
    proc = subprocess.run(
        [sys.executable, "-m", "nmt_lab.selfcheck", "--json", "--timeout", str(timeout), str(path)],
        capture_output=True, text=True, env=env, timeout=timeout * 4,
    )
    if proc.returncode != 0:
        lines = [ln for ln in proc.stderr.strip().splitlines() if ln.strip() and "WARNING" not in ln]
        return Report(path.name, [], note=f"自检没能运行：{(lines or ['未知错误'])[-1]}")
    data = json.loads(proc.stdout)
    data["results"] = [CheckResult(**r) for r in data["results"]]
    return Report(**data)


def notebooks_under(root: str | Path = ".") -> list[Path]:
    """Course notebooks under ``root`` (any depth), in curriculum order; checkpoints skipped."""
    from . import curriculum

    order = {t.notebook_name: i for i, t in enumerate(curriculum.tasks())}
    found = [p for p in Path(root).rglob("*.ipynb")
             if p.name in order and ".ipynb_checkpoints" not in p.parts]
    return sorted(found, key=lambda p: (order[p.name], str(p)))


def panel(root: str | Path = "."):
    """Pick a notebook and click **开始自检**; the result table appears below."""
    import ipywidgets as w
    from IPython.display import display

    root = Path(root)
    paths = notebooks_under(root)
    options = [(str(p.relative_to(root)), str(p)) for p in paths]
    choose = w.Dropdown(options=options, description="笔记本", layout=w.Layout(width="420px"),
                        style={"description_width": "initial"})
    button = w.Button(description="开始自检", button_style="primary", icon="check",
                      disabled=not options)
    out = w.Output()
    if not options:
        with out:
            print("这个文件夹里没有课程笔记本。")

    def run(_):
        button.disabled = True
        out.clear_output()
        with out:
            display(w.HTML(f"正在从头运行《{Path(choose.value).name}》，大约需要半分钟……"))
        try:
            report = self_check(choose.value)
        finally:
            button.disabled = False
        out.clear_output()
        with out:
            display(report)

    button.on_click(run)
    box = w.VBox([w.HBox([choose, button]), out])
    box.add_class("nmt-selfcheck-panel")
    return box


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m nmt_lab.selfcheck",
                                     description="自检：从头运行笔记本并列出检查结果")
    parser.add_argument("notebook", type=Path)
    parser.add_argument("--json", action="store_true", help="输出 JSON（供 self_check() 读取）")
    parser.add_argument("--timeout", type=int, default=120, help="每个单元格最多运行的秒数")
    args = parser.parse_args(argv)
    report = check_notebook(args.notebook, args.timeout)
    if args.json:  # for self_check(): exit status 0 means "the check ran"
        print(json.dumps(asdict(report), ensure_ascii=False))
        return 0
    print(report.text())
    return 0 if report.passed == report.total else 1


if __name__ == "__main__":
    sys.exit(main())
