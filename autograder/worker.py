"""Grade one submission with nbgrader, in an isolated course folder of this worker.

A worker process owns a private nbgrader course (``<work>/slot<N>/course``) with its own SQLite
gradebook, a fresh copy of the assignment's rows (the *template* made by the batch) for every
submission. There it runs nbgrader's own ``Autograde`` converter — sanitize (ClearOutput,
DeduplicateIds, OverwriteKernelspec, OverwriteCells, CheckCellMetadata) then execute, limit output,
save grades, late penalties — with :class:`~autograder.execute.GuardedExecute` in place of
``Execute``, then ``GenerateFeedback`` with a Chinese template. It returns the scores, comments,
feedback HTML and findings to the batch's main process, which alone writes the real gradebook.
"""

from __future__ import annotations

import hashlib
import html
import json
import logging
import os
import re
import shutil
import time
import traceback
from pathlib import Path

import nbformat
from jinja2 import pass_context
from nbconvert.exporters import HTMLExporter, TemplateExporter
from nbconvert.filters.highlight import Highlight2HTML
from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter
from nbconvert.preprocessors import ClearMetadataPreprocessor, CSSHTMLHeaderPreprocessor
from nbgrader.api import Gradebook, MissingEntry
from nbgrader.converters import Autograde, GenerateFeedback
from nbgrader.coursedir import CourseDirectory
from nbgrader.preprocessors import (
    AssignLatePenalties,
    CheckCellMetadata,
    ClearHiddenTests,
    GetGrades,
    IgnorePattern,
    LimitOutput,
    SaveAutoGrades,
)
from nbgrader.utils import rmtree
from traitlets.config import Config

from autograder import guard, sandbox
from autograder import notebook as nbk
from autograder.execute import GuardedExecute, SandboxKernelManager

MAX_NOTEBOOK_BYTES = 20 << 20

# --------------------------------------------------------------------------------------------
# Chinese feedback: nbgrader's feedback template with its English words replaced.

_SCORE = "{{ resources.nbgrader.score | float | round(2) }} / {{ resources.nbgrader.max_score | float | round(2) }}"
_CELL = "{{ cell.metadata.nbgrader.score | float | round(2) }} / {{ cell.metadata.nbgrader.points | float | round(2) }}"
_ZH = [
    ("<html>", '<html lang="zh-CN">'),
    (f"(Score: {_SCORE})", f"（得分：{_SCORE}）"),
    (">Test cell</a> (Score:", ">检查单元格 {{ cell.metadata.nbgrader.grade_id }}</a>（得分："),
    (">Coding free-response</a> (Score:", ">编程简答</a>（得分："),
    (">Written response</a> (Score:", ">文字作答</a>（得分："),
    (">Task</a> (Score:", ">任务</a>（得分："),
    (">Comment</a>", ">评语</a>"),
    ("Late submission penalty (Score:", "迟交扣分（"),
    (f'Score: {_CELL} <a href="#top">(Top)</a>', f'得分：{_CELL} <a href="#top">（回到顶部）</a>'),
    ('<a href="#top">(Top)</a></span>', '<a href="#top">（回到顶部）</a></span>'),
    ("Student's answer", "学生作答"),
    ("Student's task", "学生任务"),
    ("Grade cell: <code>", "检查单元格：<code>"),
    ("Task: <code>", "任务：<code>"),
    ("<b>Comments:</b>", "<b>评语：</b>"),
    # nbgrader's automatic comments are data, not template text
    ("{{ cell.metadata.nbgrader.comment | markdown2html",
     "{{ cell.metadata.nbgrader.comment | replace('No response.', '未作答。') | markdown2html"),
]


def chinese_feedback_template(dest: Path) -> Path:
    """Write the Chinese feedback template folder (``feedback_zh``) under ``dest``; return dest."""
    import nbgrader
    src = Path(nbgrader.__file__).parent / "server_extensions" / "formgrader" / "templates" / "feedback"
    text = (src / "index.html.j2").read_text(encoding="utf-8")
    for old, new in _ZH:
        text = text.replace(old, new)
    # the zh replacements leave a dangling ")" after each score: close the full-width parenthesis
    text = text.replace("| round(2) }})</li>", "| round(2) }}）</li>")
    out = dest / "feedback_zh"
    out.mkdir(parents=True, exist_ok=True)
    (out / "index.html.j2").write_text(text, encoding="utf-8")
    shutil.copy(src / "conf.json", out / "conf.json")
    return dest


# --------------------------------------------------------------------------------------------


class Grader:
    """One worker's grading engine; ``setup`` comes from the batch (see ``batch.Batch.setup``)."""

    def __init__(self, setup: dict, slot: int, zygote=None):
        self.s = setup
        self.slot = slot
        self.assignment = setup["assignment"]
        self.base = Path(setup["work"]) / f"slot{slot}"
        rmtree(str(self.base)) if self.base.exists() else None
        self.course = self.base / "course"
        self.kdir = self.base / "kernel"
        (self.course / "source").mkdir(parents=True)
        shutil.copytree(setup["template_source"], self.course / "source" / self.assignment)
        self.templates = chinese_feedback_template(self.base)
        self.source = {p.stem: nbk.read(p) for p in Path(setup["template_source"]).glob("*.ipynb")}
        self.release = {p.stem: nbk.read(p) for p in Path(setup["template_release"]).glob("*.ipynb")}
        self.extra_files = [p for p in Path(setup["template_source"]).rglob("*")
                            if p.is_file() and p.suffix != ".ipynb"]
        self._config = None
        self.cgroup = sandbox.pids_cgroup(f"nmt-grade-{os.getpid()}") if setup["confine"] else None
        self.zygote = zygote
        SandboxKernelManager.zygote = zygote
        if zygote is None and setup.get("zygote", True):
            self.start_zygote()
        for name in ("traitlets", "nbgrader", "Autograde", "GenerateFeedback", "NbGraderAPI"):
            logging.getLogger(name).setLevel(logging.CRITICAL)

    def start_zygote(self) -> None:
        """Pre-warm kernels (see autograder.zygote); without one, kernels start from scratch."""
        from autograder.zygote import Zygote, preload_modules
        try:
            self.zygote = Zygote(preload_modules(sorted(Path(self.s["template_source"]).glob("*.ipynb"))))
        except Exception:  # noqa: BLE001
            self.zygote = None
        SandboxKernelManager.zygote = self.zygote

    def close(self) -> None:
        if self.zygote is not None:
            self.zygote.close()
        if self.cgroup:
            sandbox.remove_cgroup(self.cgroup)

    # -- config ---------------------------------------------------------------------------------
    def config(self, student: str) -> Config:
        from autograder.course import nbgrader_config
        c = nbgrader_config(self.course)
        c.CourseDirectory.root = str(self.course)
        c.CourseDirectory.db_url = f"sqlite:///{self.course / 'gradebook.db'}"
        c.CourseDirectory.assignment_id = self.assignment
        c.CourseDirectory.student_id = student
        c.CourseDirectory.course_id = self.s["course_id"]
        c.Autograde.autograde_preprocessors = [GuardedExecute, IgnorePattern, ClearMetadataPreprocessor,
                                               LimitOutput, SaveAutoGrades, AssignLatePenalties, CheckCellMetadata]
        lim = self.s["limits"]
        if lim.get("cell_timeout"):
            c.Execute.timeout = int(lim["cell_timeout"])
        c.Execute.shutdown_kernel = "immediate"
        c.Execute.startup_timeout = 60
        c.Execute.kernel_manager_class = SandboxKernelManager
        c.Execute.kernel_name = "python3"
        c.GuardedExecute.wall_time = float(lim["wall"])
        c.GuardedExecute.max_output_bytes = int(lim["output_bytes"])
        c.GuardedExecute.report_file = str(self.base / "execute.json")
        c.SandboxKernelManager.workdir = str(self.kdir)
        c.SandboxKernelManager.memory_mb = int(lim["memory_mb"])
        c.SandboxKernelManager.confine = bool(self.s["confine"])
        c.SandboxKernelManager.cgroup = self.cgroup or ""
        c.SandboxKernelManager.hide = [self.s["work"], *self.s.get("hide", [])]
        c.GenerateFeedback.preprocessors = [GetGrades, HideHiddenTestLines, CSSHTMLHeaderPreprocessor]
        c.ClearHiddenTests.enforce_metadata = False
        c.GenerateFeedback.exporter_class = FastHTMLExporter
        c.HTMLExporter.template_name = "feedback_zh"
        c.HTMLExporter.extra_template_basedirs = [str(self.templates),
                                                  str(Path(__import__("nbgrader").__file__).parent
                                                      / "server_extensions" / "formgrader" / "templates")]
        c.Exporter.optimistic_validation = True  # validate once after the preprocessors, not after each
        c.Application.log_level = "CRITICAL"
        return c

    # -- one submission -------------------------------------------------------------------------
    def grade(self, job: dict) -> dict:
        t0 = time.monotonic()
        res = {"student": job["student"], "name": job.get("name", ""), "digest": job["digest"],
               "notes": list(job.get("notes", [])), "notebooks": {}, "issues": [], "status": "graded",
               "feedback_html": None, "timestamp": job.get("timestamp")}
        try:
            self._grade(job, res)
        except Exception as exc:  # noqa: BLE001 - any failure is this student's, not the batch's
            res["status"] = "failed"
            res["issues"].append({"kind": "error", "message": f"评分出错：{type(exc).__name__}: {str(exc)[:300]}",
                                  "notebook": None})
            res["traceback"] = traceback.format_exc()[-3000:]
        res["seconds"] = round(time.monotonic() - t0, 2)
        return res

    def _reset(self) -> None:
        if self.zygote is not None and not self.zygote.alive():
            self.start_zygote()
        for d in ("submitted", "autograded", "feedback"):
            if (self.course / d).exists():
                rmtree(str(self.course / d))
        if self.kdir.exists():
            rmtree(str(self.kdir))
        self.kdir.mkdir(parents=True)
        for p in self.extra_files:
            dest = self.kdir / p.relative_to(self.s["template_source"])
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(p, dest)
        shutil.copyfile(self.s["template_db"], self.course / "gradebook.db")

    def _load(self, name: str, raw: bytes, res: dict):
        """The student's notebook, or None (with the reason recorded)."""
        def bad(msg):
            res["issues"].append({"kind": "file", "message": msg, "notebook": name})
            return None
        if not raw.strip():
            return bad("提交的文件是空的")
        if len(raw) > MAX_NOTEBOOK_BYTES:
            return bad(f"文件过大（{len(raw) >> 20} MB）")
        try:
            data = json.loads(raw.decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            return bad(f"文件不是有效的笔记本（JSON 无法解析：{str(exc)[:80]}）")
        if not isinstance(data, dict) or not isinstance(data.get("cells"), list):
            return bad("文件不是有效的笔记本（缺少 cells）")
        try:
            nb = nbformat.reads(json.dumps(data), as_version=4)
            for cell in nb.cells:
                cell.setdefault("metadata", {})
                if not isinstance(cell.get("source", ""), str):
                    cell.source = "".join(cell.source)
        except Exception as exc:  # noqa: BLE001
            return bad(f"文件不是有效的笔记本（{type(exc).__name__}）")
        return nb

    def _grade(self, job: dict, res: dict) -> None:
        timing = res["timing"] = {}
        t = time.monotonic()
        self._reset()
        student = "student"  # the id inside this private course; the real id is kept by the batch
        target = self.course / "submitted" / student / self.assignment
        target.mkdir(parents=True)
        if job.get("timestamp"):
            (target / "timestamp.txt").write_text(job["timestamp"], encoding="utf-8")
        tamper: dict[str, list[str]] = {}
        written = []
        for name, raw in job["files"].items():
            res["notebooks"][name] = {"findings": [], "audit": [], "tamper": [], "events": []}
            if name not in self.source:
                res["issues"].append({"kind": "file", "message": f"作业里没有笔记本 {name}", "notebook": name})
                continue
            nb = self._load(name, raw, res)
            if nb is None:
                continue
            fixed, findings = guard.normalize(nb, self.source[name], self.release[name])
            audit = []
            for label, src in guard.student_code_cells(fixed, self.release[name]):
                audit += [f"{label}：{msg}" for msg in guard.audit_code(src)]
            res["notebooks"][name]["findings"] = findings
            res["notebooks"][name]["audit"] = audit
            tamper[name] = list(audit)
            nbformat.write(fixed, str(target / f"{name}.ipynb"))
            written.append(name)
        for name in self.source:
            if name not in job["files"]:
                res["issues"].append({"kind": "missing", "message": f"没有提交 {name}", "notebook": name})
        timing["prepare"] = round(time.monotonic() - t, 3)
        if not written:
            res["status"] = "failed"
            return

        if self._config is None:  # built once: the private course, ids and limits never change
            self._config = self.config(student)
        config = self._config
        t = time.monotonic()
        timing["execute"] = 0.0
        for name in written:  # one notebook at a time, to know which events belong to which
            report = self.base / "execute.json"
            report.unlink(missing_ok=True)
            self._convert(Autograde, name, config, res, "error", "nbgrader 自动评分失败")
            info = json.loads(report.read_text(encoding="utf-8")) if report.exists() else {"events": []}
            timing["execute"] += round(info.get("seconds", 0.0), 3)
            ev = info.get("events", [])
            res["notebooks"][name]["events"] = ev
            res["notebooks"][name]["tamper"] = [e["message"] for e in ev if e["kind"] == "tamper"]
            tamper[name] += res["notebooks"][name]["tamper"]
            tamper[name] += [e["message"] for e in ev if e["kind"] == "write"]
        # a notebook whose autograded copy is missing was not graded: its grades stay empty
        timing["autograde"] = round(time.monotonic() - t, 3)  # nbgrader sanitize + execute + save grades
        zero = {n for n, found in tamper.items() if found} if self.s.get("on_tamper", "zero") == "zero" else set()
        t = time.monotonic()
        self._collect(res, zero)
        timing["collect"] = round(time.monotonic() - t, 3)
        t = time.monotonic()
        self._feedback(res, config)
        timing["feedback"] = round(time.monotonic() - t, 3)

    @staticmethod
    def _convert(converter, name: str, config: Config, res: dict, kind: str, failed: str) -> bool:
        """Run one nbgrader converter on notebook ``name``; a failure is recorded as this notebook's issue."""
        config.CourseDirectory.notebook_id = name
        conv = converter(coursedir=CourseDirectory(config=config), config=config)
        conv.log.setLevel(logging.CRITICAL)
        try:
            conv.start()
        except Exception as exc:  # noqa: BLE001
            res["issues"].append({"kind": kind, "notebook": name, "message": f"{failed}：{type(exc).__name__}"})
            return False
        return True

    def _collect(self, res: dict, zero: set[str]) -> None:
        db = f"sqlite:///{self.course / 'gradebook.db'}"
        with Gradebook(db, self.s["course_id"]) as gb:
            try:
                sub = gb.find_submission(self.assignment, "student")
            except MissingEntry:
                res["status"] = "failed"
                return
            for snb in sub.notebooks:
                entry = res["notebooks"].setdefault(snb.name, {"findings": [], "audit": [], "tamper": [],
                                                              "events": []})
                graded = (self.course / "autograded" / "student" / self.assignment / f"{snb.name}.ipynb").exists()
                entry["graded"] = graded
                if graded:
                    path = self.course / "autograded" / "student" / self.assignment / f"{snb.name}.ipynb"
                    res.setdefault("autograded", {})[snb.name] = path.read_text(encoding="utf-8")
                manual = {c.name for c in snb.notebook.solution_cells}
                for g in snb.grades:
                    if snb.name in zero and g.auto_score is not None and g.name not in manual:
                        g.auto_score = 0.0
                entry["late_penalty"] = snb.late_submission_penalty
                gb.db.commit()
                entry["grades"] = {g.name: {"auto": g.auto_score, "max": g.max_score,
                                            "needs_manual": g.needs_manual_grade} for g in snb.grades}
                entry["comments"] = {c.name: c.auto_comment for c in snb.comments}
                entry["score"] = snb.score
                entry["max_score"] = snb.max_score
                if snb.name in zero:
                    entry["zeroed"] = True
        if not any(e.get("graded") for e in res["notebooks"].values()):
            res["status"] = "failed"

    def _feedback(self, res: dict, config: Config) -> None:
        graded = [n for n, e in res["notebooks"].items() if e.get("graded")]
        if not graded:
            return
        pages = []
        for name in graded:
            if not self._convert(Feedback, name, config, res, "feedback", "反馈生成失败"):
                continue
            page = self.course / "feedback" / "student" / self.assignment / f"{name}.html"
            if page.exists():
                pages.append((name, page.read_text(encoding="utf-8")))
        if pages:
            res["feedback_html"] = combine_feedback(pages, summary_html(res))


_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_FRAME_LINE = re.compile(r"^(\s*(?:-+>\s*)?\d+\s)(.*)$")


class HideHiddenTestLines(ClearHiddenTests):
    """Before nbgrader's ClearHiddenTests empties the hidden part of a test cell, blank the same
    lines where a traceback quotes them: IPython shows the failing line and its neighbours, so
    without this a student's feedback shows the hidden checks (how the expected value is computed)."""

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type == "code" and self.begin_test_delimeter in cell.source:
            hidden, inside = set(), False
            for line in cell.source.splitlines():
                if self.begin_test_delimeter in line:
                    inside = True
                if inside and line.strip():
                    hidden.add(line.strip())
                if self.end_test_delimeter in line:
                    inside = False
            for out in cell.get("outputs", []):
                if out.get("output_type") == "error":
                    out["traceback"] = [_hide_lines(frame, hidden) for frame in out.get("traceback", [])]
        return super().preprocess_cell(cell, resources, index)


def _hide_lines(frame: str, hidden: set[str]) -> str:
    r"""One traceback entry with each quoted hidden line replaced by a note.

    >>> print(_hide_lines("\x1b[32m----> 4\x1b[0m check(x, _want)\n      5 # ok", {"check(x, _want)"}))
    ----> 4 （隐藏的检查，不显示）
          5 # ok
    """
    lines = []
    for line in frame.split("\n"):
        m = _FRAME_LINE.match(_ANSI.sub("", line))
        if m and m.group(2).strip() in hidden:
            line = m.group(1) + "（隐藏的检查，不显示）"
        lines.append(line)
    return "\n".join(lines)


def _remember(cache: dict, key, make):
    """``cache[key]``, made once. Bounded: students' own cells are unique, so the cache is
    emptied past 5,000 entries rather than growing with the class."""
    value = cache.get(key)
    if value is None:
        if len(cache) > 5000:
            cache.clear()
        value = cache[key] = make()
    return value


class CachedHighlight(Highlight2HTML):
    """Highlight2HTML that remembers its pages: a class's notebooks share most of their code
    (instructions, tests, locked cells), so each cell is highlighted once per worker, not per student."""

    cache: dict = {}

    def __call__(self, source, language=None, metadata=None):
        key = (source, language or self.pygments_lexer, (metadata or {}).get("magics_language"))
        return _remember(self.cache, key, lambda: super(CachedHighlight, self).__call__(source, language, metadata))


class FastHTMLExporter(HTMLExporter):
    """nbconvert's HTMLExporter without its BeautifulSoup pass (alt texts and tab stops for
    accessibility), which costs more than rendering the page, and with cached highlighting;
    feedback pages keep everything else."""

    _markdown: dict = {}

    @pass_context
    def markdown2html(self, context, source):
        if context.get("cell", {}).get("attachments"):
            return super().markdown2html(context, source)
        key = (source, context.get("resources", {}).get("metadata", {}).get("path", ""))
        return _remember(self._markdown, key, lambda: super(FastHTMLExporter, self).markdown2html(context, source))

    def from_notebook_node(self, nb, resources=None, **kw):
        langinfo = nb.metadata.get("language_info", {})
        lexer = langinfo.get("pygments_lexer", langinfo.get("name", None))
        highlight_code = self.filters.get("highlight_code", CachedHighlight(pygments_lexer=lexer, parent=self))
        resources = self._init_resources(resources)
        filter_data_type = WidgetsDataTypeFilter(notebook_metadata=self._nb_metadata, parent=self,
                                                 resources=resources)
        self.register_filter("highlight_code", highlight_code)
        self.register_filter("filter_data_type", filter_data_type)
        return TemplateExporter.from_notebook_node(self, nb, resources, **kw)


def speedups() -> None:
    """Same results, less CPU: nbformat validates with fastjsonschema, and nbgrader's per-cell
    metadata check reuses one compiled validator instead of re-checking its schema every cell."""
    os.environ.setdefault("NBFORMAT_VALIDATOR", "fastjsonschema")
    import types

    import jsonschema
    from nbgrader.nbgraderformat import common
    cache: dict[int, object] = {}

    def validate(instance, schema, *args, **kwargs):
        v = cache.get(id(schema))
        if v is None:
            v = cache[id(schema)] = jsonschema.validators.validator_for(schema)(schema)
        error = jsonschema.exceptions.best_match(v.iter_errors(instance))
        if error is not None:
            raise error

    common.jsonschema = types.SimpleNamespace(validate=validate)


class Feedback(GenerateFeedback):
    """nbgrader's GenerateFeedback, keeping its HTML exporter (and compiled templates) between runs."""

    _cached = None

    def start(self) -> None:
        from nbconvert.writers import FilesWriter
        self.init_notebooks()
        self.writer = FilesWriter(parent=self, config=self.config)
        if Feedback._cached is None:
            exporter = self.exporter_class(parent=self, config=self.config)
            for pp in self.preprocessors:
                exporter.register_preprocessor(pp)
            Feedback._cached = exporter
        self.exporter = Feedback._cached
        currdir = os.getcwd()
        os.chdir(self.coursedir.root)
        try:
            self.convert_notebooks()
        finally:
            os.chdir(currdir)


def summary_html(res: dict) -> str:
    """The Chinese summary shown at the top of a student's feedback."""
    items = []
    for note in res.get("notes", []):
        items.append(note)
    for issue in res.get("issues", []):
        items.append(issue["message"])
    for name, e in res.get("notebooks", {}).items():
        for msg in e.get("findings", []):
            items.append(f"{name}：{msg}")
        for ev in e.get("events", []):
            if ev["kind"] != "tamper":
                items.append(f"{name}：{ev['message']}")
        tam = e.get("audit", []) + e.get("tamper", [])
        if tam:
            head = "自动评分题记 0 分，请找老师复核" if e.get("zeroed") else "已提交老师复核"
            items.append(f"{name}：发现可能干扰评分的代码（{head}）：" + "；".join(tam[:8]))
    if not items:
        return ""
    lis = "".join(f"<li>{html.escape(str(i))}</li>" for i in items)
    return f'<div class="alert alert-warning" style="font-size:13px"><b>评分说明</b><ul>{lis}</ul></div>'


def combine_feedback(pages: list[tuple[str, str]], summary: str) -> str:
    """One HTML page per student: the first notebook's page, later notebooks' bodies appended."""
    first = pages[0][1].replace("{{NMT_SUMMARY}}", "")
    marker = '<div class="panel panel-default">'
    if summary:
        first = first.replace(marker, summary + marker, 1)
    for _, page in pages[1:]:
        start, end = page.find("<body>"), page.rfind("</body>")
        body = page[start + 6:end] if start >= 0 and end > start else page
        at = first.rfind("</body>")
        first = first[:at] + body + first[at:]
    return first


def digest(files: dict[str, bytes]) -> str:
    h = hashlib.sha256()
    for name in sorted(files):
        h.update(name.encode("utf-8") + b"\0" + hashlib.sha256(files[name]).digest())
    return h.hexdigest()


def quiet() -> None:
    """Silence nbgrader/nbconvert/SQLAlchemy chatter in a worker."""
    import warnings
    warnings.filterwarnings("ignore")
    logging.getLogger().setLevel(logging.CRITICAL)


def serve(conn, slot: int) -> None:
    """Worker process main loop: ("setup", dict) once, then ("job", dict) -> ("result", dict)."""
    import ctypes
    import signal
    quiet()
    try:  # die with the batch
        ctypes.CDLL(None).prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
    except Exception:  # noqa: BLE001
        pass
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the batch's to handle
    speedups()
    grader = zygote = None
    while True:
        try:
            msg = conn.recv()
        except EOFError:
            msg = ("stop", None)
        kind, payload = msg
        if kind == "stop":
            if grader is not None:
                grader.close()
            elif zygote is not None:
                zygote.close()
            return
        if kind == "warm":  # start the zygote before the template exists: it only needs the notebooks
            try:
                from autograder.zygote import Zygote, preload_modules
                zygote = Zygote(preload_modules(sorted(Path(payload).glob("*.ipynb"))))
            except Exception:  # noqa: BLE001 - kernels then start from scratch
                zygote = None
            continue
        if kind == "setup":
            try:
                grader = Grader(payload, slot, zygote)
                conn.send(("ready", None))
            except Exception:  # noqa: BLE001
                conn.send(("setup_error", traceback.format_exc()))
            continue
        if kind == "job":
            conn.send(("result", grader.grade(payload)))
