"""批量阅卷：一条命令给一个班的提交评分。 Batch-grade a class with nbgrader.

    python -m autograder.batch B3 ~/下载/B3提交.zip            # 或 make grade A=B3 IN=~/下载/B3提交.zip
    python -m autograder.batch B3 build/course/submitted -o out  # nbgrader 的 submitted/ 目录也行

Output (default ``build/grading/<作业>/``): ``grades.csv`` (nbgrader export columns),
``feedback/<学号>.html`` (one Chinese feedback page per student), ``mastery.csv`` (student ×
skill: points earned / possible), ``report.html`` (class report), ``summary.json``/``summary.txt``.

Design
------
* nbgrader is the engine. Each worker process (one per core) grades a submission with nbgrader's
  own ``Autograde`` and ``GenerateFeedback`` converters in a private course folder holding a
  fresh copy of the assignment's gradebook rows (see :mod:`autograder.worker`); the main process
  alone writes the real gradebook (SQLite by default, or ``--db-url postgresql://…`` shared by
  several graders): one writer, no "database is locked".
* Limits per submission: total wall time, per-cell timeout (nbgrader's ``Execute.timeout``),
  kernel memory (RLIMIT_AS), output size per cell. A submission that hits one is graded on what
  finished and reported; a worker that stops answering is killed and replaced.
* Student code runs in a sandbox (:mod:`autograder.sandbox`): read-only file system, no network,
  private /tmp, own PID namespace, no capabilities. Tampering is repaired or detected
  (:mod:`autograder.guard`) and, by default, a tampered notebook's autograded points are 0.
* Resumable: every graded student is recorded in ``results/`` right after it is written to the
  gradebook. Run the same command again and it continues; ``--regrade 学号`` grades one again.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import multiprocessing as mp
import os
import shutil
import signal
import sys
import tempfile
import time
from collections import deque
from multiprocessing.connection import wait
from pathlib import Path

from autograder import course as course_mod
from autograder import intake

LIMIT_KINDS = {"timeout", "memory", "output", "dead", "wall", "start", "unresponsive", "pids"}
TAMPER_KINDS = {"tamper", "write"}


def _log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def sqlite_url(root: Path) -> str:
    return course_mod.db_url(root)


def open_gradebook(db_url: str, course_id: str):
    """nbgrader's Gradebook; retried, since several graders may create the tables at once."""
    from nbgrader.api import Gradebook
    last = None
    for attempt in range(8):
        try:
            return Gradebook(db_url, course_id)
        except Exception as exc:  # noqa: BLE001 - e.g. a concurrent CREATE TABLE on PostgreSQL
            last = exc
            time.sleep(0.2 * (attempt + 1))
    raise RuntimeError(f"无法打开成绩册 {redact(db_url)}：{last}")


def normalize_db_url(url: str) -> str:
    """``postgresql://…`` means psycopg (v3) to SQLAlchemy 2; the course ships psycopg2.

    >>> normalize_db_url("postgresql://u@h/db")
    'postgresql+psycopg2://u@h/db'
    """
    import importlib.util
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix) and importlib.util.find_spec("psycopg") is None:
            return "postgresql+psycopg2://" + url[len(prefix):]
    return url


def redact(url: str) -> str:
    import re
    return re.sub(r"://([^:/@]+):[^@]*@", r"://\1:***@", url)


def sync_assignment(src, dst, assignment: str) -> None:
    """Create or update ``assignment``'s rows (notebooks, cells, sources) of ``src`` in ``dst``."""
    a = src.find_assignment(assignment)
    dst.update_or_create_assignment(assignment, duedate=a.duedate)
    for nb in a.notebooks:
        dst.update_or_create_notebook(nb.name, assignment)
        for c in nb.grade_cells:
            dst.update_or_create_grade_cell(c.name, nb.name, assignment, max_score=c.max_score, cell_type=c.cell_type)
        for c in nb.solution_cells:
            dst.update_or_create_solution_cell(c.name, nb.name, assignment)
        for c in nb.task_cells:
            dst.update_or_create_task_cell(c.name, nb.name, assignment, max_score=c.max_score, cell_type=c.cell_type)
        for c in nb.source_cells:
            dst.update_or_create_source_cell(c.name, nb.name, assignment, cell_type=c.cell_type, locked=c.locked,
                                             source=c.source, checksum=c.checksum)


def merge(gb, assignment: str, res: dict) -> None:
    """Write one student's result into the gradebook (nbgrader's own rules for auto grades)."""
    sid = res["student"]
    gb.update_or_create_student(sid, last_name=res.get("name") or None)
    kwargs = {"timestamp": res["timestamp"]} if res.get("timestamp") else {}
    sub = gb.update_or_create_submission(assignment, sid, **kwargs)
    for snb in sub.notebooks:
        entry = res.get("notebooks", {}).get(snb.name, {})
        grades = entry.get("grades") if entry.get("graded") else None
        for g in snb.grades:
            if grades is not None and g.name in grades:
                g.auto_score = grades[g.name]["auto"]
            else:  # not graded (missing, unreadable, or grading failed): nbgrader gives a missing notebook 0
                g.auto_score = 0.0
            g.needs_manual_grade = g.manual_score is not None or g.auto_score is None
        comments = entry.get("comments", {}) if grades is not None else {}
        for c in snb.comments:
            c.auto_comment = comments.get(c.name)
        snb.late_submission_penalty = entry.get("late_penalty") if grades is not None else None
    gb.db.commit()


class Batch:
    def __init__(self, args: argparse.Namespace):
        self.a = args
        self.assignment = args.assignment
        self.root = Path(args.course).resolve()
        self.out = Path(args.output or (course_mod.REPO / "build" / "grading" / self.assignment)).resolve()
        self.db_url = normalize_db_url(args.db_url) if args.db_url else sqlite_url(self.root)
        self.course_id = course_mod.nbgrader_config(self.root).CourseDirectory.course_id or "default_course"
        # one worker more than cores: a core never idles while a worker waits on its kernel or disk
        self.jobs = max(1, args.jobs or (os.cpu_count() or 1) + 1)
        self.work: Path | None = None  # made by run()
        self.t0 = time.monotonic()
        self.results: dict[str, dict] = {}
        self.skipped: list[str] = []
        self.graded_now: list[str] = []

    # -- preparation ----------------------------------------------------------------------------
    def prepare_course(self) -> None:
        self.ensure_source()
        self.make_template()

    def ensure_source(self) -> Path:
        """The course's source folder of this assignment (copied from the repository if missing)."""
        src = self.root / "source" / self.assignment
        if not src.exists() or not list(src.glob("*.ipynb")):
            groups = course_mod.by_assignment(course_mod.course_notebooks())
            if self.assignment not in groups:
                raise SystemExit(f"没有作业 {self.assignment}：现有的作业是 {'、'.join(sorted(groups)) or '（无）'}")
            src.mkdir(parents=True, exist_ok=True)
            for p in groups[self.assignment]:
                shutil.copy2(p, src / p.name)
            cfg = self.root / "nbgrader_config.py"
            if not cfg.exists():
                cfg.write_text(f"load_subconfig(r'{course_mod.CONFIG_FILE}')\n", encoding="utf-8")
        self.source_dir = src
        self.notebooks = sorted(p.stem for p in src.glob("*.ipynb"))
        return src

    def make_template(self) -> None:
        """nbgrader's generate_assignment in a private folder: the template every worker copies."""
        src = self.source_dir
        tmpl = self.work / "template"
        shutil.copytree(src, tmpl / "source" / self.assignment)
        grader = course_mod.api(tmpl)
        r = grader.generate_assignment(self.assignment, force=True)
        if not r.get("success"):
            raise SystemExit(f"生成作业模板失败：{r.get('error', '')}\n{r.get('log', '')}")
        self.template_db = tmpl / "gradebook.db"
        self.template_source = tmpl / "source" / self.assignment
        self.template_release = tmpl / "release" / self.assignment
        self.notebooks = sorted(p.stem for p in self.template_source.glob("*.ipynb"))
        from nbgrader.api import Gradebook
        with Gradebook(f"sqlite:///{self.template_db}", self.course_id) as t:
            self.gb = open_gradebook(self.db_url, self.course_id)
            for attempt in range(5):
                try:
                    sync_assignment(t, self.gb, self.assignment)
                    break
                except Exception:  # noqa: BLE001 - another grader created the same rows just now
                    self.gb.db.rollback()
                    time.sleep(0.3 * (attempt + 1))
            else:
                sync_assignment(t, self.gb, self.assignment)

    def setup(self) -> dict:
        from autograder.execute import namespaces_available
        confine = not self.a.no_sandbox and namespaces_available()
        self.confine = confine
        hide = []
        protect = [Path(sys.prefix).resolve(), course_mod.REPO.resolve(), Path(sys.executable).resolve().parent]
        for p in (self.root, self.out, Path(self.a.submissions).resolve()):
            if p.is_dir() and not any(q == p or p in q.parents for q in protect):
                hide.append(str(p))
        return {
            "assignment": self.assignment, "course_id": self.course_id, "work": str(self.work), "hide": hide,
            "template_db": str(self.template_db), "template_source": str(self.template_source),
            "template_release": str(self.template_release), "confine": confine, "on_tamper": self.a.on_tamper,
            "zygote": not self.a.no_zygote,
            "limits": {"wall": self.a.timeout, "cell_timeout": self.a.cell_timeout, "memory_mb": self.a.memory,
                       "output_bytes": int(self.a.max_output * 1024)},
        }

    # -- state -----------------------------------------------------------------------------------
    def result_path(self, student: str) -> Path:
        return self.out / "results" / (hashlib.sha1(student.encode("utf-8")).hexdigest()[:16] + ".json")

    def load_result(self, student: str) -> dict | None:
        p = self.result_path(student)
        if p.exists():
            try:
                return json.loads(p.read_text(encoding="utf-8"))
            except (OSError, json.JSONDecodeError):
                return None
        return None

    def feedback_names(self, students: list[str]) -> dict[str, str]:
        names, used = {}, {}
        for s in sorted(students):
            n = intake.file_name(s)
            if n in used and used[n] != s:
                n = f"{n}-{hashlib.sha1(s.encode()).hexdigest()[:6]}"
            used[n] = s
            names[s] = n
        return names

    def record(self, res: dict) -> None:
        """Gradebook first, then the result file: a student with a result file is in the gradebook."""
        merge(self.gb, self.assignment, res)
        graded = res.pop("autograded", None) or {}
        if "/" not in res["student"] and res["student"] not in (".", ".."):  # for nbgrader's formgrader
            dest = self.root / "autograded" / res["student"] / self.assignment
            if graded:
                dest.mkdir(parents=True, exist_ok=True)
            for nb, text in graded.items():
                _atomic_write(dest / f"{nb}.ipynb", text)
        page = res.pop("feedback_html", None) or failure_page(res, self.assignment)
        name = self.fb_names.get(res["student"]) or intake.file_name(res["student"])
        (self.out / "feedback").mkdir(parents=True, exist_ok=True)
        _atomic_write(self.out / "feedback" / f"{name}.html", page)
        res["feedback"] = f"feedback/{name}.html"
        path = self.result_path(res["student"])
        path.parent.mkdir(parents=True, exist_ok=True)
        _atomic_write(path, json.dumps(res, ensure_ascii=False, indent=1))
        self.results[res["student"]] = res

    # -- the run --------------------------------------------------------------------------------
    def run(self) -> dict:
        self.t0 = time.monotonic()
        self.work = Path(tempfile.mkdtemp(prefix="nmtg-"))
        os.chmod(self.work, 0o700)
        try:
            return self._run()
        finally:
            shutil.rmtree(self.work, ignore_errors=True)

    def _run(self) -> dict:
        self.out.mkdir(parents=True, exist_ok=True)
        _log(f"准备作业 {self.assignment}（课程目录 {self.root}，成绩册 {redact(self.db_url)}）……")
        self.ensure_source()
        entries, problems = intake.read_entries(Path(self.a.submissions))
        subs, more = intake.group(entries, self.notebooks, self.assignment, self.a.id_regex)
        self.problems = problems + more
        self.subs = {s.student: s for s in subs}
        self.fb_names = self.feedback_names(list(self.subs))
        regrade = set(self.a.regrade or [])
        unknown = regrade - set(self.subs)
        if unknown:
            _log(f"注意：--regrade 指定的学号不在提交中：{'、'.join(sorted(unknown))}")
        todo = []
        for s in subs:
            old = self.load_result(s.student)
            if old and old.get("digest") == s.digest() and not self.a.regrade_all and s.student not in regrade:
                self.results[s.student] = old
                self.skipped.append(s.student)
                continue
            todo.append(s)
        # workers start (and pre-warm their kernels) while the template is generated
        slots = self.start_workers(min(self.jobs, len(todo))) if todo else []
        try:
            self.make_template()
            for sid in self.skipped:
                try:
                    self.gb.find_submission(self.assignment, sid)
                except Exception:  # noqa: BLE001 - the gradebook lost it (a new db): write it again
                    merge(self.gb, self.assignment, self.results[sid])
            _log(f"共 {len(subs)} 名学生的提交；已评过 {len(self.skipped)} 名（跳过），本次评分 {len(todo)} 名；"
                 f"{len(slots)} 个并行进程。")
            if todo:
                self.pool(todo, slots)
        finally:
            self.stop_workers(slots)
        return self.finish()

    def start_workers(self, n: int) -> list[dict]:
        from autograder import worker
        self._ctx = mp.get_context("spawn")
        self._worker_main = worker.serve
        return [self.start_worker(i) for i in range(n)]

    def start_worker(self, i: int) -> dict:
        parent, child = self._ctx.Pipe()
        p = self._ctx.Process(target=self._worker_main, args=(child, i), daemon=True, name=f"nmt-grade-{i}")
        p.start()
        child.close()
        if not self.a.no_zygote:
            parent.send(("warm", str(self.source_dir)))
        slot = {"i": i, "proc": p, "conn": parent, "job": None, "since": 0.0, "ready": False}
        if getattr(self, "_setup", None) is not None:
            parent.send(("setup", self._setup))
        return slot

    def stop_workers(self, slots: list[dict]) -> None:
        for s in slots:
            try:
                s["conn"].send(("stop", None))
            except (OSError, ValueError):
                pass
        for s in slots:
            s["proc"].join(3)
            if s["proc"].is_alive():
                s["proc"].kill()

    def job(self, s: intake.Submission) -> dict:
        return {"student": s.student, "name": s.name, "digest": s.digest(), "notes": s.notes,
                "timestamp": s.timestamp, "files": {nb: e.data for nb, e in s.files.items()}}

    def pool(self, todo: list[intake.Submission], slots: list[dict]) -> None:
        from tqdm import tqdm
        self._setup = self.setup()
        if not self.confine:
            _log("注意：未启用沙箱（需要 root 与 Linux 命名空间）；学生代码以当前用户运行，只有资源限制。")
        for s in slots:
            s["conn"].send(("setup", self._setup))
        queue = deque(todo)
        hard = self.a.timeout * max(1, len(self.notebooks)) + 180
        bar = tqdm(total=len(todo), unit="份", desc="阅卷", dynamic_ncols=True, file=sys.stderr,
                   bar_format="{desc} {percentage:3.0f}%|{bar}| {n_fmt}/{total_fmt} [{elapsed}<{remaining}, "
                              "{rate_fmt}] {postfix}")
        failed = 0
        try:
            while queue or any(s["job"] for s in slots):
                for s in slots:
                    if s["job"] is None and queue:
                        sub = queue.popleft()
                        s["job"], s["since"] = sub, time.monotonic()
                        s["conn"].send(("job", self.job(sub)))
                busy = [s for s in slots if s["job"] is not None or not s["ready"]]
                for conn in wait([s["conn"] for s in busy], timeout=1.0):
                    s = next(x for x in slots if x["conn"] is conn)
                    try:
                        kind, payload = conn.recv()
                    except (EOFError, OSError):
                        self._lost(s, "评分进程意外退出", bar)
                        slots[slots.index(s)] = self.start_worker(s["i"])
                        continue
                    if kind == "ready":
                        s["ready"] = True
                    elif kind == "setup_error":
                        raise SystemExit(f"评分进程无法启动：\n{payload}")
                    elif kind == "result":
                        s["job"] = None
                        self.record(payload)
                        failed += payload["status"] == "failed"
                        bar.set_postfix_str(f"失败 {failed}" if failed else "")
                        bar.update(1)
                now = time.monotonic()
                for s in list(slots):
                    if s["job"] is not None and now - s["since"] > hard:
                        s["proc"].kill()
                        s["proc"].join(5)
                        self._lost(s, f"评分进程超过 {hard:.0f} 秒没有结果，已终止", bar)
                        slots[slots.index(s)] = self.start_worker(s["i"])
        except KeyboardInterrupt:
            bar.close()
            _log(f"\n已中断。已评的 {len(self.results) - len(self.skipped)} 份已保存；再次运行同一命令即可继续。")
            raise
        finally:
            bar.close()

    def _lost(self, slot: dict, why: str, bar) -> None:
        sub = slot["job"]
        slot["job"] = None
        if sub is None:
            return
        res = {"student": sub.student, "name": sub.name, "digest": sub.digest(), "notes": sub.notes,
               "notebooks": {}, "status": "failed", "timestamp": sub.timestamp,
               "issues": [{"kind": "error", "message": why, "notebook": None}]}
        self.record(res)
        bar.update(1)

    # -- outputs --------------------------------------------------------------------------------
    def finish(self) -> dict:
        from autograder import reports
        qs = reports.questions(self.template_source)
        rows = reports.class_rows(self.gb, self.assignment)
        reports.write_grades_csv(self.gb, self.assignment, self.out / "grades.csv")
        reports.write_mastery_csv(rows, qs, self.out / "mastery.csv")
        summary = self.summary()
        reports.write_report(rows, qs, summary, self.out / "report.html", self.a.threshold)
        _atomic_write(self.out / "summary.json", json.dumps(summary, ensure_ascii=False, indent=1))
        text = summary_text(summary, self.out)
        _atomic_write(self.out / "summary.txt", text)
        print(text)
        self.gb.close()
        return summary

    def summary(self) -> dict:
        issues = []
        counts = {"graded": 0, "failed": 0, "limited": 0, "tampered": 0, "repaired": 0}
        secs = []
        for sid in self.subs:
            res = self.results.get(sid)
            if res is None:
                continue
            cats = categorize(res)
            for cat, msg in cats:
                issues.append({"student": sid, "category": cat, "message": msg})
            kinds = {c for c, _ in cats}
            counts["failed" if res["status"] == "failed" else "graded"] += 1
            counts["limited"] += "触发限制" in kinds
            counts["tampered"] += "疑似篡改" in kinds
            counts["repaired"] += "结构已修复" in kinds
            if sid in self.graded_now or sid not in self.skipped:
                secs.append(res.get("seconds", 0))
        timing: dict[str, list[float]] = {}
        for sid in self.subs:
            res = self.results.get(sid)
            if res and sid not in self.skipped:
                for k, v in (res.get("timing") or {}).items():
                    timing.setdefault(k, []).append(v)
        for p in self.problems:
            issues.append({"student": "（无）", "category": "未评分的文件", "message": f"{p.path}：{p.reason}"})
        elapsed = time.monotonic() - self.t0
        now = len(self.subs) - len(self.skipped)
        return {"assignment": self.assignment, "students": len(self.subs), "skipped": len(self.skipped),
                "graded_now": now, **counts, "unassigned_files": len(self.problems),
                "seconds": round(elapsed, 1), "per_minute": round(60 * now / elapsed, 1) if elapsed and now else None,
                "jobs": self.jobs, "sandbox": getattr(self, "confine", None),
                "mean_seconds": {k: round(sum(v) / len(v), 3) for k, v in timing.items()}, "issues": issues,
                "output": str(self.out)}


def categorize(res: dict) -> list[tuple[str, str]]:
    """(category, Chinese message) for everything worth a teacher's attention in one result."""
    out = []
    for note in res.get("notes", []):
        out.append(("提示", note))
    for issue in res.get("issues", []):
        cat = "评分失败" if res["status"] == "failed" else ("提示" if issue["kind"] == "missing" else "评分问题")
        out.append((cat, issue["message"]))
    for name, e in res.get("notebooks", {}).items():
        short = name.split("_")[0]
        for f in e.get("findings", []):
            out.append(("结构已修复", f"{short}：{f}"))
        for ev in e.get("events", []):
            if ev["kind"] in LIMIT_KINDS:
                out.append(("触发限制", f"{short}：{ev['message']}"))
            elif ev["kind"] == "exit":
                out.append(("提示", f"{short}：{ev['message']}"))
            elif ev["kind"] in TAMPER_KINDS:
                out.append(("疑似篡改", f"{short}：{ev['message']}"))
            elif ev["kind"] == "guard":
                out.append(("评分问题", f"{short}：{ev['message']}"))
        for a in e.get("audit", []):
            out.append(("疑似篡改", f"{short}：{a}"))
        if e.get("zeroed"):
            out.append(("疑似篡改", f"{short}：自动评分题记 0 分，请复核（确认无误可用 --on-tamper flag 重评）"))
    seen, uniq = set(), []
    for item in out:
        if item not in seen:
            seen.add(item)
            uniq.append(item)
    return uniq


def summary_text(s: dict, out: Path) -> str:
    lines = [f"阅卷完成：作业 {s['assignment']}，{s['students']} 名学生（本次评分 {s['graded_now']}，"
             f"跳过已评 {s['skipped']}），用时 {s['seconds']:.0f} 秒"
             + (f"，{s['per_minute']} 份/分钟" if s.get("per_minute") else "") + "。",
             f"  已评分 {s['graded']} · 评分失败 {s['failed']} · 触发限制 {s['limited']} · 疑似篡改 {s['tampered']}"
             f" · 结构已修复 {s['repaired']} · 无法归属的文件 {s['unassigned_files']}"]
    by_cat: dict[str, list[str]] = {}
    for i in s["issues"]:
        by_cat.setdefault(i["category"], []).append(f"{i['student']}：{i['message']}")
    for cat in ("评分失败", "未评分的文件", "疑似篡改", "触发限制", "结构已修复", "评分问题", "提示"):
        if cat in by_cat:
            lines.append(f"{cat}（{len(by_cat[cat])}）：")
            lines += [f"  - {x}" for x in by_cat[cat]]
    lines.append(f"输出：{out}/grades.csv、feedback/、mastery.csv、report.html、summary.json")
    return "\n".join(lines) + "\n"


def failure_page(res: dict, assignment: str) -> str:
    import html
    items = "".join(f"<li>{html.escape(i['message'])}</li>" for i in res.get("issues", []))
    notes = "".join(f"<li>{html.escape(n)}</li>" for n in res.get("notes", []))
    return (f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{html.escape(assignment)} 反馈'
            f"</title></head><body><h2>{html.escape(assignment)}：{html.escape(res['student'])} 的提交未能自动评分</h2>"
            f"<ul>{items}{notes}</ul><p>自动评分记 0 分。请检查提交的文件后重新提交，或联系老师。</p></body></html>")


def _atomic_write(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m autograder.batch",
        description="批量阅卷：给一个班的提交（LMS 压缩包或文件夹）自动评分，"
                    "生成成绩表、中文反馈、技能掌握表和班级报告。")
    p.add_argument("assignment", help="作业编号，如 B3")
    p.add_argument("submissions", help="学生提交：.zip 压缩包，或文件夹（含 nbgrader 的 submitted/）")
    p.add_argument("-o", "--output", help="输出目录（默认 build/grading/<作业>）")
    p.add_argument("--course", default=str(course_mod.DEFAULT_ROOT), help="nbgrader 课程目录（默认 build/course）")
    p.add_argument("--db-url", help="成绩册数据库（默认课程目录下的 gradebook.db；多人共用可给 postgresql://…）")
    p.add_argument("-j", "--jobs", type=int, default=0, help="并行进程数（默认 CPU 核数 + 1）")
    p.add_argument("--timeout", type=float, default=300, help="每本笔记本的总时限，秒（默认 300）")
    p.add_argument("--cell-timeout", type=int, default=0, help="每个单元格的时限，秒（默认用课程配置：60）")
    p.add_argument("--memory", type=int, default=2048, help="每个内核的内存上限，MB（默认 2048）")
    p.add_argument("--max-output", type=int, default=1024, help="每个单元格保留的输出上限，KB（默认 1024）")
    p.add_argument("--id-regex", help="从文件路径取学号的正则，命名组 id（必需）、name、notebook（可选）")
    p.add_argument("--regrade", action="append", metavar="学号", help="重新评这名学生（可重复）")
    p.add_argument("--regrade-all", action="store_true", help="全部重新评分")
    p.add_argument("--threshold", type=float, default=0.6, help="班级报告的预警线（得分率，默认 0.6）")
    p.add_argument("--on-tamper", choices=["zero", "flag"], default="zero",
                   help="发现篡改时：zero = 该笔记本自动评分题记 0 分（默认）；flag = 只标出，分数照算")
    p.add_argument("--no-sandbox", action="store_true", help="不使用沙箱（仅资源限制；不推荐）")
    p.add_argument("--no-zygote", action="store_true", help="不预热内核：每份提交从头启动内核（慢，用于对照）")
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    try:
        summary = Batch(args).run()
    except KeyboardInterrupt:
        return 130
    except FileNotFoundError as exc:
        _log(str(exc))
        return 2
    del summary  # the batch completed: failures are listed in the summary, not an exit status
    return 0


if __name__ == "__main__":
    sys.exit(main())
