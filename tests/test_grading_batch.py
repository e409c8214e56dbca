"""Batch grading: intake of LMS layouts, equivalence with stock nbgrader autograde, outputs,
resuming after a kill, and regrading one student."""

from __future__ import annotations

import copy
import csv
import html
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook

from autograder import batch, intake
from autograder import notebook as nbk
from autograder.course import autograde_one, build, db_url
from tests.conftest import REPO

B31 = REPO / "notebooks" / "beginner" / "B3-1_spread_data.ipynb"
NB = "B3-1_spread_data"


# -- intake ----------------------------------------------------------------------------------------

def _zip(entries: dict[str, bytes], gbk: frozenset = frozenset()) -> bytes:
    """A zip; names in ``gbk`` are stored as GBK bytes without the UTF-8 flag, as Windows tools do."""
    buf = io.BytesIO()
    swaps = {}
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in entries.items():
            if name in gbk:
                raw = name.encode("gbk")
                placeholder = "X" * len(raw)
                swaps[placeholder.encode()] = raw
                zf.writestr(placeholder, data)
            else:
                zf.writestr(name, data)
    out = buf.getvalue()
    for old, new in swaps.items():
        out = out.replace(old, new)
    return out


def test_intake_layouts(tmp_path):
    nbs = ["B3-1_spread_data", "B3-2_interaction_data"]
    data = {
        "class/2023001_张三_B3-1_spread_data.ipynb": b"a",
        "class/2023001_张三_B3-2_interaction_data.ipynb": b"b",
        "2023002-B3-1.ipynb": b"c",
        "李四_20231234_assignsubmission_file_/B3-2_interaction_data.ipynb": b"d",
        "submitted/王 五(重修)/B3/B3-1_spread_data.ipynb": b"e",
        "submitted/王 五(重修)/B3/timestamp.txt": b"2025-06-30 12:00:00 UTC",
        "陈六/B3-1_spread_data.ipynb": b"f",
        "__MACOSX/._x.ipynb": b"junk",
        "notes.txt": b"ignored",
        "../evil-B3-1_spread_data.ipynb": b"g",
        "/abs/2023009_x_B3-1_spread_data.ipynb": b"h",
        "赵七_B3-1_spread_data.ipynb": b"i",
    }
    zpath = tmp_path / "s.zip"
    zpath.write_bytes(_zip(data, gbk=frozenset({"赵七_B3-1_spread_data.ipynb"})))
    entries, problems = intake.read_entries(zpath)
    subs, more = intake.group(entries, nbs, "B3")
    by = {s.student: s for s in subs}
    assert set(by) == {"2023001", "2023002", "20231234", "王 五(重修)", "陈六", "赵七"}
    assert set(by["2023001"].files) == set(nbs) and by["2023001"].name == "张三"
    assert set(by["2023002"].files) == {"B3-1_spread_data"}
    assert by["20231234"].name == "李四" and set(by["20231234"].files) == {"B3-2_interaction_data"}
    assert by["王 五(重修)"].timestamp == "2025-06-30 12:00:00 UTC"
    assert by["陈六"].files["B3-1_spread_data"].data == b"f"
    unsafe = [p for p in problems if "不安全" in p.reason]
    assert len(unsafe) == 2 and not more
    # a configurable rule for anything else
    subs, _ = intake.group([intake.Entry("作业/B3-1_spread_data.ipynb-by-S01.ipynb", b"x")], nbs, "B3",
                           id_regex=r"by-(?P<id>S\d+)")
    assert subs[0].student == "S01" and set(subs[0].files) == {"B3-1_spread_data"}


def test_intake_folder_skips_symlinks(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / f"2023001_张三_{NB}.ipynb").write_bytes(b"x")
    os.symlink("/etc/hostname", tmp_path / "in" / f"2023002_x_{NB}.ipynb")
    entries, problems = intake.read_entries(tmp_path / "in")
    assert [e.path for e in entries] == [f"2023001_张三_{NB}.ipynb"]
    assert problems and "符号链接" in problems[0].reason


# -- grading ---------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def course(tmp_path_factory):
    root = tmp_path_factory.mktemp("course") / "course"
    build(root, notebooks=[B31])
    return root


def _variants(root: Path) -> dict[str, nbformat.NotebookNode]:
    src, rel = nbk.read(B31), nbk.read(root / "release" / "B3" / f"{NB}.ipynb")
    stubs = {nbk.nbgrader_meta(c)["grade_id"]: c.source for c in rel.cells if nbk.nbgrader_meta(c)}

    def with_answers(**answers):
        nb = copy.deepcopy(src)
        for cell in nb.cells:
            gid = nbk.nbgrader_meta(cell).get("grade_id")
            if gid in answers:
                cell.source = answers[gid] if answers[gid] is not None else stubs[gid]
        return nb

    extra = copy.deepcopy(src)  # a student who added a scratch cell of their own
    extra.cells.insert(13, nbformat.v4.new_code_cell("print('我的草稿')"))
    return {
        "s01": src,
        "s02": copy.deepcopy(rel),
        "s03": with_answers(ex1_like_rate=None),
        "s04": with_answers(ex3_reads_change='reads_change = table.loc[month, "reads"] - table.loc[last, "reads"]',
                            ex6_trend_answer='trend_answer = "B"', ex7_share_answer='share_answer = "C"'),
        "s05": with_answers(ex2_platform_table="platform_table = nmt.summarize(month_posts)",
                            report_answer='report = "本月与上月、目标比较……建议下月多发短视频。" * 3'),
        "s06": extra,
    }


def _write_zip(path: Path, notebooks: dict[str, nbformat.NotebookNode]) -> None:
    with zipfile.ZipFile(path, "w") as zf:
        for sid, nb in notebooks.items():
            zf.writestr(f"{sid}_学生{sid[-2:]}_{NB}.ipynb", nbformat.writes(nb))


def _run(args: list[str]) -> dict:
    return batch.Batch(batch.build_parser().parse_args(args)).run()


def test_scores_equal_stock_nbgrader(course, tmp_path):
    """Submission by submission, cell by cell: our batch == stock `nbgrader autograde`."""
    subs = _variants(course)
    stock_root = tmp_path / "stock"
    shutil.copytree(course, stock_root)
    stock = {}
    for sid, nb in subs.items():
        path = tmp_path / f"{sid}.ipynb"
        nbformat.write(nb, str(path))
        autograde_one(stock_root, "B3", sid, {f"{NB}.ipynb": path})
    with Gradebook(db_url(stock_root), "nmt560003") as gb:
        for sid in subs:
            snb = gb.find_submission_notebook(NB, "B3", sid)
            stock[sid] = (snb.score, {g.name: g.auto_score for g in snb.grades})

    _write_zip(tmp_path / "B3.zip", subs)
    ours_root = tmp_path / "ours"
    shutil.copytree(course, ours_root)
    summary = _run(["B3", str(tmp_path / "B3.zip"), "-o", str(tmp_path / "out"), "--course", str(ours_root)])
    assert summary["graded"] == len(subs) and summary["failed"] == 0 and summary["tampered"] == 0
    with Gradebook(db_url(ours_root), "nmt560003") as gb:
        for sid in subs:
            snb = gb.find_submission_notebook(NB, "B3", sid)
            ours = (snb.score, {g.name: g.auto_score for g in snb.grades})
            assert ours == stock[sid], sid
    # and the same errors, cell by cell: our kernel (pre-warmed, sandboxed, headless widgets) runs
    # the notebook as a stock kernel does, not only the graded cells
    def errors(root: Path, sid: str) -> list:
        nb = nbk.read(root / "autograded" / sid / "B3" / f"{NB}.ipynb")
        return [[(o.ename, o.evalue) for o in c.get("outputs", []) if o.output_type == "error"] for c in nb.cells]
    for sid in subs:
        assert errors(ours_root, sid) == errors(stock_root, sid), sid
    scores = {sid: s for sid, (s, _) in stock.items()}
    assert scores["s01"] == 14 and scores["s02"] == 0 and 0 < scores["s04"] < scores["s01"]  # a real spread

    out = tmp_path / "out"
    with open(out / "grades.csv", encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == ["assignment", "duedate", "timestamp", "student_id", "last_name", "first_name", "email",
                             "raw_score", "late_submission_penalty", "score", "max_score"]
    assert {r["student_id"]: float(r["score"]) for r in rows} == {sid: scores[sid] for sid in subs}
    with open(out / "mastery.csv", encoding="utf-8-sig") as fh:
        mastery = list(csv.reader(fh))
    assert mastery[0][:5] == ["学号", "姓名", "B-3.1.1 得分", "B-3.1.1 满分", "B-3.1.1 掌握率"]
    s01 = next(r for r in mastery if r[0] == "s01")
    assert s01[2:5] == ["4", "4", "1.00"]  # two 2-point exercises assess B-3.1.1
    report = (out / "report.html").read_text(encoding="utf-8")
    for words in ("得分率分布", "每题难度", "技能掌握热力图", "低于预警线", "plotly"):
        assert words in report
    assert len(list((out / "feedback").glob("*.html"))) == len(subs)
    # hidden checks stay hidden, also where a traceback quotes the lines around a failure
    hidden = set()
    for cell in nbk.read(B31).cells:
        block = cell.source.partition("### BEGIN HIDDEN TESTS")[2].partition("### END HIDDEN TESTS")[0]
        hidden |= {line.strip() for line in block.splitlines() if len(line.strip()) > 12}
    assert len(hidden) > 5
    assert "未作答。" in (out / "feedback" / "s02.html").read_text(encoding="utf-8")  # the blank release
    for page in (out / "feedback").glob("*.html"):
        text = html.unescape(re.sub(r"<[^>]+>", "", page.read_text(encoding="utf-8")))
        assert "HIDDEN TESTS" not in text and "No response." not in text, page.name
        assert not [h for h in hidden if h in text], page.name


def _procs_with(text: str) -> list[int]:
    """Processes whose command line or environment mentions ``text`` (the batch's TMPDIR)."""
    found = []
    for p in Path("/proc").iterdir():
        if p.name.isdigit() and int(p.name) != os.getpid():
            try:
                blob = (p / "cmdline").read_bytes() + (p / "environ").read_bytes()
            except OSError:
                continue
            if text.encode() in blob:
                found.append(int(p.name))
    return found


def test_resume_after_kill_and_regrade_one(course, tmp_path):
    subs = _variants(course)
    _write_zip(tmp_path / "B3.zip", subs)
    root = tmp_path / "c"
    shutil.copytree(course, root)
    out = tmp_path / "out"
    work = tmp_path / "work"
    work.mkdir()
    args = ["B3", str(tmp_path / "B3.zip"), "-o", str(out), "--course", str(root), "-j", "1"]
    env = {**os.environ, "TMPDIR": str(work)}
    proc = subprocess.Popen([sys.executable, "-m", "autograder.batch", *args], env=env, cwd=REPO,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and len(list((out / "results").glob("*.json"))) < 2:
        time.sleep(0.2)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    done = len(list((out / "results").glob("*.json")))
    assert 2 <= done < len(subs), "the batch should have been stopped half way"
    gone = time.monotonic() + 120  # they die with their parent (pdeathsig); a loaded machine takes longer
    while _procs_with(str(work)) and time.monotonic() < gone:
        time.sleep(0.2)
    assert not _procs_with(str(work)), "workers and kernels of the killed batch must be gone"

    again = _run(args)
    assert again["skipped"] == done and again["graded_now"] == len(subs) - done
    assert again["graded"] == len(subs) and again["failed"] == 0
    with Gradebook(db_url(root), "nmt560003") as gb:
        assert sorted(s.student.id for s in gb.assignment_submissions("B3")) == sorted(subs)

    idle = _run(args)
    assert idle["skipped"] == len(subs) and idle["graded_now"] == 0

    first = json.loads(batch.Batch(batch.build_parser().parse_args(args)).result_path("s04").read_text("utf-8"))
    one = _run([*args, "--regrade", "s04"])
    assert one["graded_now"] == 1 and one["skipped"] == len(subs) - 1
    second = json.loads(batch.Batch(batch.build_parser().parse_args(args)).result_path("s04").read_text("utf-8"))
    assert second["notebooks"][NB]["grades"] == first["notebooks"][NB]["grades"]
