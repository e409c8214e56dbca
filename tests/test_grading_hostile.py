"""Hostile and broken submissions, one batch graded beside a CPU hog on every core: each case has
its expected score and is named in the summary; no tampering earns points, every other student
keeps full marks, the batch completes.

The submissions are made here from B3-1's solution and release with nbformat. The hostile code
goes into exercise 8 (1 point, not used by the report) so the expected scores stay simple:
the solution earns 14 autograded points; losing exercise 8 gives 13; a kernel that dies in
exercise 8 also loses the report's structure check (12); a tampered notebook gets 0.
"""

from __future__ import annotations

import copy
import fcntl
import hashlib
import json
import os
import zipfile
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest

from autograder import batch
from autograder import notebook as nbk
from autograder.course import build
from tests.conftest import REPO
from tests.load import cpu_hog

B31 = REPO / "notebooks" / "beginner" / "B3-1_spread_data.ipynb"
NB = "B3-1_spread_data"
FULL = 14.0
WRONG_EX8 = 'type_table = nmt.summarize(month_posts, by="platform")'
CHECK_PY = REPO / "nmt_lab" / "check.py"


def _cell(nb, gid):
    return next(c for c in nb.cells if nbk.nbgrader_meta(c).get("grade_id") == gid)


def _ex8(code: str):
    def make(src, rel, ctx):
        nb = copy.deepcopy(src)
        _cell(nb, "ex8_type_table").source = code.format(**ctx)
        return nb
    return make


def _wrong_ex8_and(edit):
    def make(src, rel, ctx):
        nb = copy.deepcopy(src)
        _cell(nb, "ex8_type_table").source = WRONG_EX8
        edit(nb)
        return nb
    return make


def _replace_test(nb):
    _cell(nb, "test_ex8_type_table").source = 'print("✔ 练习 8 通过")'


def _exit_in_test(nb):
    c = _cell(nb, "test_ex8_type_table")
    c.source = "raise SystemExit\n" + c.source


def _delete_test(nb):
    nb.cells.remove(_cell(nb, "test_ex8_type_table"))


def _test_to_markdown(nb):
    i = nb.cells.index(_cell(nb, "test_ex8_type_table"))
    old = nb.cells[i]
    new = nbformat.v4.new_markdown_cell("检查已通过", metadata=copy.deepcopy(old.metadata))
    nb.cells[i] = new


def _delete_answer(src, rel, ctx):
    nb = copy.deepcopy(src)
    nb.cells.remove(_cell(nb, "ex8_type_table"))
    return nb


def _release(src, rel, ctx):
    return copy.deepcopy(rel)


def _solution(src, rel, ctx):
    return copy.deepcopy(src)


@dataclass
class Case:
    name: str
    file: str
    make: object            # (source, release, ctx) -> notebook, or bytes
    score: float | None     # expected autograded points; None: no gradebook row expected
    category: str           # summary category naming the case
    words: str              # text expected in that summary message
    student: str | None = None


GOOD = "2023001"
CASES = [
    Case("solution", f"{GOOD}_张三_{NB}.ipynb", _solution, FULL, "", "", GOOD),
    Case("blank release", f"2023002_李四_{NB}.ipynb", _release, 0.0, "", "", "2023002"),
    Case("infinite loop", f"h01-{NB}.ipynb", _ex8("while True:\n    pass"), FULL - 1, "触发限制", "超过"),
    Case("loop ignoring interrupts", f"h02-{NB}.ipynb", _ex8(
        "import time\nwhile True:\n    try:\n        time.sleep(0.5)\n    except KeyboardInterrupt:\n        pass"),
        FULL - 2, "触发限制", "不响应中断"),
    Case("memory bomb", f"h03-{NB}.ipynb", _ex8("blob = bytearray(64 * 1024 ** 3)"), FULL - 1, "触发限制", "内存"),
    Case("sys.exit()", f"h04-{NB}.ipynb", _ex8(
        'type_table = nmt.summarize(month_posts, by="content_type")\nimport sys\nsys.exit(0)'), FULL, "提示",
        "sys.exit"),
    Case("os._exit()", f"h05-{NB}.ipynb", _ex8("import os\nos._exit(0)"), FULL - 2, "触发限制", "内核在运行时退出"),
    Case("kernel crash", f"h06-{NB}.ipynb", _ex8("import os\nos.abort()"), FULL - 2, "触发限制", "内核在运行时退出"),
    Case("huge output", f"h07-{NB}.ipynb", _ex8(
        'type_table = nmt.summarize(month_posts, by="content_type")\nwhile True:\n    print("刷屏" * 5000)'),
        FULL, "触发限制", "输出超过上限"),
    Case("edited test cell", f"h08-{NB}.ipynb", _wrong_ex8_and(_replace_test), FULL - 1, "结构已修复",
         "修改了测试单元格 test_ex8_type_table"),
    Case("raise SystemExit in a test", f"h09-{NB}.ipynb", _wrong_ex8_and(_exit_in_test), FULL - 1, "结构已修复",
         "修改了测试单元格 test_ex8_type_table"),
    Case("deleted test cell", f"h10-{NB}.ipynb", _wrong_ex8_and(_delete_test), FULL - 1, "结构已修复",
         "删除了测试单元格 test_ex8_type_table"),
    Case("changed cell type", f"h11-{NB}.ipynb", _wrong_ex8_and(_test_to_markdown), FULL - 1, "结构已修复",
         "改变了单元格 test_ex8_type_table 的类型"),
    Case("answer cell deleted", f"h12-{NB}.ipynb", _delete_answer, FULL - 1, "结构已修复",
         "删除了答题单元格 ex8_type_table"),
    Case("__eq__ always True", f"h13-{NB}.ipynb", _ex8(
        'type_table = nmt.summarize(month_posts, by="content_type")\n'
        "class Anything:\n    def __eq__(self, other):\n        return True\n"
        "share_answer = Anything()\ntrend_answer = Anything()"), 0.0, "疑似篡改", "__eq__"),
    Case("math.isclose patched", f"h14-{NB}.ipynb", _ex8(
        "import math\nmath.isclose = lambda *a, **k: True\n" + WRONG_EX8), 0.0, "疑似篡改", "math.isclose"),
    Case("numpy.isclose patched", f"h15-{NB}.ipynb", _ex8(
        "import numpy as np\nnp.isclose = lambda *a, **k: True\n" + WRONG_EX8), 0.0, "疑似篡改", "np.isclose"),
    Case("pandas.testing patched", f"h16-{NB}.ipynb", _ex8(
        "import pandas as pd\npd.testing.assert_frame_equal = lambda *a, **k: None\n" + WRONG_EX8), 0.0,
        "疑似篡改", "pd.testing.assert_frame_equal"),
    Case("nmt_lab checks patched", f"h17-{NB}.ipynb", _ex8(
        "nmt.check.same_items = lambda *a, **k: None\nnmt.check.close = lambda *a, **k: None\n" + WRONG_EX8),
        0.0, "疑似篡改", "nmt.check.close"),
    Case("IPython hook", f"h18-{NB}.ipynb", _ex8(
        'get_ipython().events.register("pre_run_cell", lambda info: None)\n' + WRONG_EX8), 0.0, "疑似篡改",
        "get_ipython"),
    Case("writes into grader dirs", f"h19-{NB}.ipynb", _ex8(
        'type_table = nmt.summarize(month_posts, by="content_type")\n'
        'open(r"{check_py}", "a").write("\\nclose = lambda *a, **k: None\\n")\n'
        'open(r"{gradebook}", "ab").write(b"x")'), 0.0, "疑似篡改", "只读"),
    # 2,000 processes (bounded, so a machine without the pids cgroup survives the test too)
    Case("fork flood", f"h24-{NB}.ipynb", _ex8(
        "import os, time\nfor _ in range(2000):\n    if os.fork() == 0:\n        time.sleep(20)\n        os._exit(0)"),
        FULL - 1, "触发限制", "进程或线程超过上限"),
    Case("corrupt JSON", f"h20-{NB}.ipynb", b'{"cells": [', None, "评分失败", "JSON"),
    Case("empty file", f"h21-{NB}.ipynb", b"", None, "评分失败", "空"),
    Case("wrong notebook name", "h22_王五_我的作业.ipynb", _solution, FULL, "提示", "没有笔记本名"),
    Case("duplicate submission", f"h23_赵六_{NB}.ipynb", _solution, FULL, "提示", "重复提交 2 份"),
    Case("Chinese id, spaces, parentheses", f"学号甲 01(重修)_钱 七_{NB}.ipynb", _solution, FULL, "", "",
         "学号甲 01(重修)"),
]
UNSAFE = f"../../escape-{NB}.ipynb"
NO_ID = f"{NB}.ipynb"


def _student(case: Case) -> str:
    if case.student:
        return case.student
    return case.file.split("-")[0].split("_")[0]


pytestmark = pytest.mark.xdist_group("grading-hostile")


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """One batch for the whole module, even when xdist spreads its tests over several workers."""
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    tmp = shared / "grading-hostile"
    with open(shared / "grading-hostile.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (tmp / "done.json").exists():
            tmp.mkdir(exist_ok=True)
            _grade_all(tmp)
    done = json.loads((tmp / "done.json").read_text(encoding="utf-8"))
    results = {}
    for p in (tmp / "out" / "results").glob("*.json"):
        r = json.loads(p.read_text(encoding="utf-8"))
        results[r["student"]] = r
    return {"summary": done["summary"], "results": results, "out": tmp / "out", "root": tmp / "course", "tmp": tmp,
            "before": {Path(k): v for k, v in done["before"].items()}}


def _grade_all(tmp: Path) -> None:
    root = tmp / "course"
    build(root, notebooks=[B31])
    src, rel = nbk.read(B31), nbk.read(root / "release" / "B3" / f"{NB}.ipynb")
    ctx = {"check_py": CHECK_PY, "gradebook": root / "gradebook.db"}
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in (CHECK_PY, root / "source" / "B3" / f"{NB}.ipynb")}
    zpath = tmp / "B3.zip"
    with zipfile.ZipFile(zpath, "w") as zf:
        zf.writestr(zipfile.ZipInfo(f"h23_赵六_{NB} (1).ipynb", (2025, 1, 1, 8, 0, 0)), nbformat.writes(rel))
        for case in CASES:
            data = case.make if isinstance(case.make, bytes) else nbformat.writes(case.make(src, rel, ctx))
            zf.writestr(zipfile.ZipInfo(case.file, (2025, 1, 2, 8, 0, 0)), data)
        zf.writestr(UNSAFE, nbformat.writes(src))
        zf.writestr(NO_ID, nbformat.writes(src))
    out = tmp / "out"
    # The limits under test trip on what they measure (bytes, memory, processes), whatever the load;
    # the time limits are the product's defaults, so that honest cells finish on a loaded machine.
    with cpu_hog():
        summary = batch.Batch(batch.build_parser().parse_args(
            ["B3", str(zpath), "-o", str(out), "--course", str(root), "--cell-timeout", "60", "--timeout", "300",
             "--memory", "1536", "--max-output", "256"])).run()
    (tmp / "done.json").write_text(json.dumps({"summary": summary, "before": {str(k): v for k, v in before.items()}},
                                              ensure_ascii=False), encoding="utf-8")


def _auto(result: dict) -> float:
    total = 0.0
    for e in result["notebooks"].values():
        for g in e.get("grades", {}).values():
            total += g["auto"] or 0.0
    return total


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case(graded, case):
    sid = _student(case)
    res = graded["results"].get(sid)
    assert res is not None, f"{case.name}: no result for {sid}"
    if case.score is None:
        assert res["status"] == "failed"
    else:
        assert res["status"] == "graded", res.get("issues")
        assert _auto(res) == case.score, (case.name, res["notebooks"][NB].get("grades"), res["notebooks"][NB])
    issues = [i for i in graded["summary"]["issues"] if i["student"] == sid]
    if case.category:
        assert any(i["category"] == case.category and case.words in i["message"] for i in issues), issues
    else:
        assert not [i for i in issues if i["category"] != "提示"], issues


def test_batch_completes_and_names_files_it_could_not_grade(graded):
    s = graded["summary"]
    assert s["students"] == len(CASES)
    assert s["graded"] + s["failed"] == len(CASES)
    files = [i["message"] for i in s["issues"] if i["category"] == "未评分的文件"]
    assert any(UNSAFE in m and "不安全" in m for m in files), files
    assert any(m.startswith(NO_ID) and "学号" in m for m in files), files
    assert not (graded["tmp"] / "out" / ".." / ".." / f"escape-{NB}.ipynb").exists()
    assert not (graded["tmp"].parent / f"escape-{NB}.ipynb").exists()


def test_grader_files_untouched(graded):
    for path, digest in graded["before"].items():
        assert hashlib.sha256(path.read_bytes()).hexdigest() == digest, path


def test_outputs_keep_original_ids(graded):
    out = graded["out"]
    text = (out / "grades.csv").read_text(encoding="utf-8-sig")
    assert "学号甲 01(重修)" in text and "钱 七" in text
    assert (out / "feedback" / "学号甲 01(重修).html").exists()
    page = (out / "feedback" / f"{GOOD}.html").read_text(encoding="utf-8")
    assert "得分" in page and "检查单元格" in page and 'lang="zh-CN"' in page
    assert "_want" not in page and "BEGIN HIDDEN TESTS" not in page  # hidden tests stay hidden
    assert "学号甲 01(重修)" in (out / "mastery.csv").read_text(encoding="utf-8-sig")
