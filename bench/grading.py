"""Benchmark: stock ``nbgrader autograde`` (sequential) vs our batch command vs the floor.

    .venv/bin/python bench/grading.py                 # 40 students, B3-1 + B3-2 (or what exists)
    .venv/bin/python bench/grading.py --students 60 --notebooks B3-1 B1-1

It generates a class (seeded): each student submits every chosen notebook, as a mix of correct
(25 %), partial (35 %: about half the answers left as the release stub), blank (15 %: the release)
and wrong (25 %: some answers replaced by a wrong value). Then, on the same machine, one after
the other:

* stock: ``nbgrader autograde <作业>`` over ``submitted/`` — nbgrader's own sequential loop;
* ours: ``python -m autograder.batch <作业> class.zip`` (one worker per core);
* floor: only executing the same submitted notebooks with nbclient, split across the cores.

For each it prints wall time, notebooks per minute and the CPU seconds per notebook (measured in a
cgroup when one can be made, else the process tree's rusage), the ratios, and where our time goes
(means of the per-submission timings our workers record). Our scores are checked against stock's.
"""

from __future__ import annotations

import argparse
import ast
import copy
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import nbformat  # noqa: E402

from autograder import course as course_mod  # noqa: E402
from autograder import notebook as nbk  # noqa: E402

CG = Path("/sys/fs/cgroup/cpuacct")


class Meter:
    """Wall time and CPU seconds of a child process tree (cgroup cpuacct, else rusage)."""

    def __init__(self, name: str):
        self.cg = CG / f"nmt-bench-{name}-{os.getpid()}"
        try:
            self.cg.mkdir()
        except OSError:
            self.cg = None

    def run(self, cmd: list[str], **kw) -> tuple[float, float]:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t = time.monotonic()
        if self.cg is not None:
            cmd = ["sh", "-c", f'echo $$ > {self.cg}/cgroup.procs && exec "$@"', "sh", *cmd]
        subprocess.run(cmd, check=True, **kw)
        wall = time.monotonic() - t
        if self.cg is not None:
            cpu = int((self.cg / "cpuacct.usage").read_text()) / 1e9
            for _ in range(50):
                try:
                    self.cg.rmdir()
                    break
                except OSError:  # a killed kernel may still be leaving
                    time.sleep(0.1)
        else:
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
        return wall, cpu


def pick_notebooks(wanted: list[str]) -> list[Path]:
    have = {p.name.split("_")[0]: p for p in sorted((REPO / "notebooks").glob("*/*.ipynb"))}
    chosen = [have[w] for w in wanted if w in have]
    return chosen


def variants(source, release, rng: random.Random, kind: str):
    stubs = {nbk.nbgrader_meta(c)["grade_id"]: c.source for c in release.cells if nbk.nbgrader_meta(c)}
    nb = copy.deepcopy(source)
    answers = [c for c in nb.cells if nbk.kind(c) == "autograded answer"]
    if kind == "blank":
        return copy.deepcopy(release)
    if kind == "partial":
        for c in rng.sample(answers, max(1, len(answers) // 2)):
            c.source = stubs[nbk.nbgrader_meta(c)["grade_id"]]
    if kind == "wrong":
        for c in rng.sample(answers, max(1, len(answers) // 2)):
            names = []
            for node in ast.walk(ast.parse(nbk.solution_text(c.source)[0] if nbk.solution_text(c.source) else "")):
                if isinstance(node, ast.Assign):
                    names += [t.id for t in node.targets if isinstance(t, ast.Name)]
            if names:
                c.source = f"{names[-1]} = 0  # 错误答案"
    return nb


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--students", type=int, default=40)
    ap.add_argument("--notebooks", nargs="+", default=["B3-1", "B3-2"])
    ap.add_argument("--seed", type=int, default=560003)
    ap.add_argument("--keep", help="keep the work folder here")
    args = ap.parse_args(argv)

    notebooks = pick_notebooks(args.notebooks)
    note = ""
    if len(notebooks) < 2:
        notebooks = [pick_notebooks(["B3-1"])[0]] * 2
        note = "（只有 B3-1 可用：以两个作业名各用一次）"
    work = Path(args.keep or tempfile.mkdtemp(prefix="nmt-bench-"))
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    # one course folder holding every chosen notebook, grouped by their assignment
    groups: dict[str, list[Path]] = {}
    for i, p in enumerate(notebooks):
        a = course_mod.curriculum.task_of_notebook(p.name).assignment
        if note:
            a = f"{a}{'AB'[i]}"
        groups.setdefault(a, []).append(p)
    root = work / "course"
    root.mkdir()
    (root / "nbgrader_config.py").write_text(f"load_subconfig(r'{course_mod.CONFIG_FILE}')\n", encoding="utf-8")
    grader = course_mod.api(root)
    for a, paths in groups.items():
        (root / "source" / a).mkdir(parents=True)
        for p in paths:
            shutil.copy2(p, root / "source" / a / p.name)
        r = grader.generate_assignment(a, force=True)
        assert r["success"], r.get("log")
    pristine = work / "course-pristine"
    shutil.copytree(root, pristine)

    rng = random.Random(args.seed)
    kinds = (["correct"] * 25 + ["partial"] * 35 + ["blank"] * 15 + ["wrong"] * 25)
    students = [f"s{i:03d}" for i in range(args.students)]
    mix: dict[str, int] = {}
    total = 0
    for a, paths in groups.items():
        zpath = work / f"{a}.zip"
        with zipfile.ZipFile(zpath, "w") as zf:
            for sid in students:
                for p in paths:
                    kind = rng.choice(kinds)
                    mix[kind] = mix.get(kind, 0) + 1
                    src = nbk.read(p)
                    rel = nbk.read(root / "release" / a / p.name)
                    nb = variants(src, rel, rng, kind)
                    data = nbformat.writes(nb)
                    zf.writestr(f"{sid}_学生_{p.stem}.ipynb", data)
                    dest = root / "submitted" / sid / a
                    dest.mkdir(parents=True, exist_ok=True)
                    (dest / p.name).write_text(data, encoding="utf-8")
                    total += 1
    cores = os.cpu_count() or 1
    print(f"班级：{args.students} 名学生 × {len(notebooks)} 本笔记本（{'、'.join(p.stem for p in notebooks)}）{note}"
          f" = {total} 份；构成 {mix}；{cores} 核", flush=True)
    py = sys.executable
    env = {**os.environ, "PATH": str(Path(py).parent) + os.pathsep + os.environ.get("PATH", "")}

    # floor: execute the submitted notebooks, split across the cores
    floor_script = work / "floor.py"
    floor_script.write_text(
        "import sys, glob, nbformat\nfrom multiprocessing import Pool\nfrom nbclient import NotebookClient\n"
        "def run(p):\n"
        "    nb = nbformat.read(p, 4)\n"
        "    NotebookClient(nb, timeout=60, kernel_name='python3', allow_errors=True,\n"
        "                   resources={'metadata': {'path': sys.argv[2]}}).execute()\n"
        "if __name__ == '__main__':\n"
        "    files = sorted(glob.glob(sys.argv[1] + '/*/*/*.ipynb'))\n"
        f"    with Pool({cores}) as pool:\n"
        "        pool.map(run, files, chunksize=1)\n", encoding="utf-8")
    results = {}
    wall, cpu = Meter("floor").run([py, str(floor_script), str(pristine.parent / "course" / "submitted"),
                                    str(work)], env=env)
    results["floor"] = (wall, cpu)
    print(f"floor  nbclient 并行执行：{wall:7.1f} s", flush=True)

    # ours
    ours_root = work / "course-ours"
    shutil.copytree(pristine, ours_root)
    wall = cpu = 0.0
    timings: dict[str, list[float]] = {}
    for a in groups:
        out = work / f"out-{a}"
        w, c = Meter("ours").run([py, "-m", "autograder.batch", a, str(work / f"{a}.zip"), "-o", str(out),
                                  "--course", str(ours_root)], env=env, cwd=REPO, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL)
        wall, cpu = wall + w, cpu + c
        for f in (out / "results").glob("*.json"):
            for k, v in (json.loads(f.read_text(encoding="utf-8")).get("timing") or {}).items():
                timings.setdefault(k, []).append(v)
    results["ours"] = (wall, cpu)
    print(f"ours   autograder.batch ：{wall:7.1f} s", flush=True)

    # stock
    wall = cpu = 0.0
    for a in groups:
        w, c = Meter("stock").run([py, "-m", "nbgrader", "autograde", a, "--force"], env=env, cwd=root,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wall, cpu = wall + w, cpu + c
    results["stock"] = (wall, cpu)
    print(f"stock  nbgrader autograde：{wall:7.1f} s", flush=True)

    # same scores?
    from nbgrader.api import Gradebook
    mismatch = 0
    with Gradebook(course_mod.db_url(root), "nmt560003") as s, Gradebook(course_mod.db_url(ours_root),
                                                                        "nmt560003") as o:
        for a in groups:
            for sid in students:
                for p in groups[a]:
                    x = s.find_submission_notebook(p.stem, a, sid)
                    y = o.find_submission_notebook(p.stem, a, sid)
                    if {g.name: g.auto_score for g in x.grades} != {g.name: g.auto_score for g in y.grades}:
                        mismatch += 1

    print()
    print(f"{'':8}{'用时 s':>9}{'份/分钟':>10}{'CPU s/份':>10}")
    for k, label in (("stock", "stock"), ("ours", "ours"), ("floor", "floor")):
        w, c = results[k]
        print(f"{label:8}{w:9.1f}{60 * total / w:10.1f}{c / total:10.2f}")
    s_w, o_w, f_w = results["stock"][0], results["ours"][0], results["floor"][0]
    print(f"\nours 比 stock 快 {s_w / o_w:.2f} 倍；ours 用时是 floor 的 {o_w / f_w:.2f} 倍"
          f"（CPU：stock/ours {results['stock'][1] / results['ours'][1]:.2f}，"
          f"ours/floor {results['ours'][1] / results['floor'][1]:.2f}）")
    print(f"逐份比对 stock 与 ours 的每题自动评分：{total - mismatch}/{total} 一致")
    if timings:
        parts = "，".join(f"{k} {sum(v) / len(v):.2f}" for k, v in timings.items())
        print(f"ours 每份平均（秒，单个进程内）：{parts}")
        print("  execute = 内核启动 + 执行（含守护检查）；autograde = nbgrader 清理/执行/存分（含 execute）；"
              "feedback = 中文反馈 HTML；prepare = 读入、结构恢复、静态审查；collect = 读分")
    try:
        load = os.getloadavg()
        print(f"机器负载（1/5/15 分钟）：{load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}")
    except OSError:
        pass
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0 if mismatch == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
