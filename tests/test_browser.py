"""The course in a real browser: JupyterLab (Chinese UI) in headless Chromium, driven by Playwright.

One JupyterLab runs on a free loopback port with a temporary root that holds an nbgrader build
of the course:

- ``source/<assignment>/``: instructor notebooks. "Run all + no error output + a widget responds"
  is checked here: in a student release, "run all" stops at the first exercise by design
  (``raise NotImplementedError()``), so no widget below it would ever render;
- ``release/<assignment>/`` + ``START_HERE.ipynb``: what students get. Checked here: no solution
  or hidden-test line is on the page, "run all" stops at an exercise stub (NotImplementedError)
  and at nothing else, the landing page links every notebook;
- ``student/``: a release copy with the first exercise answered, for the Chinese self-check.

Per level present, the first notebook (in curriculum order) that shows a widget is tested;
intermediate and advanced join when their notebooks exist (``NMT_BROWSER_NOTEBOOKS=all``: every
notebook). Screenshots go to ``artifacts/browser/`` (``FAILED_<test>.png`` when a test fails).
Missing Chromium or CJK font is a failure with an instruction, never a skip (``make test``
installs them when it can: ``scripts/system-deps.sh``).
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import warnings
from pathlib import Path
from urllib.parse import unquote

import nbformat
import pytest

from autograder import notebook as nbk
from autograder.course import build, course_notebooks
from nmt_lab import curriculum, landing
from tests import browser_support as bs
from tests.browser_support import REPO

pytestmark = [pytest.mark.notebook, pytest.mark.xdist_group("browser")]

# Waits end as soon as the page shows what they wait for; the limit is only a backstop, generous
# enough for a loaded 2-core machine (a chart that draws in 2 s when quiet took over 30 s there).
WAIT = 120_000

WIDGET_HINT = re.compile(r"nmt_lab\.widgets|_panel\(|ipywidgets|interact\(")


# Left out of the default choice, with the reason (NMT_BROWSER_NOTEBOOKS=all still tests them).
NOT_DEFAULT: set[str] = set()  # notebooks the per-level default must skip (with the reason)


def level_notebooks(repo: Path = REPO) -> list[Path]:
    """Per level with notebooks, the first (curriculum order) that uses a widget, else the first."""
    chosen = []
    for level in curriculum.LEVEL_IDS:
        present = [repo / t.notebook for t in curriculum.tasks(level)
                   if (repo / t.notebook).is_file() and Path(t.notebook).stem not in NOT_DEFAULT]
        if present:
            with_widget = [p for p in present if WIDGET_HINT.search(p.read_text("utf-8"))]
            chosen.append((with_widget or present)[0])
    return chosen


# NMT_BROWSER_NOTEBOOKS=all tests every notebook present (slow: ~30 s each), e.g. before a term.
NOTEBOOKS = (course_notebooks() if os.environ.get("NMT_BROWSER_NOTEBOOKS") == "all" else level_notebooks())
PARAMS = [pytest.param(p, id=p.stem) for p in NOTEBOOKS]


def rel(path: Path, kind: str) -> str:
    """Path of a course notebook in the lab root: kind is "source", "release" or "student"."""
    return f"{kind}/{curriculum.task_of_notebook(path.name).assignment}/{path.name}"


# --- fixtures: system deps, the course, the server, the browser --------------------------

@pytest.fixture(scope="module")
def chromium() -> str:
    missing = bs.missing_system_deps()
    if missing:
        pytest.fail(f"缺少 {'、'.join(missing)}。\n{bs.INSTALL_HINT}", pytrace=False)
    return bs.find_chromium()


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Path:
    """nbgrader build of the assignments of the tested notebooks, landing pages, a student copy."""
    assert NOTEBOOKS, "no course notebook present"
    root = tmp_path_factory.mktemp("lab") / "course"
    wanted = {curriculum.task_of_notebook(p.name).assignment for p in NOTEBOOKS}
    build(root, only=sorted(wanted))
    landing.write(root / "release", layout="release")

    # student/: the release of the first tested notebook with exercise 1 answered from the
    # solution, and a self_check() cell at the end (as a student would type it).
    first = NOTEBOOKS[0]
    student = root / rel(first, "student")
    student.parent.mkdir(parents=True)
    source_nb, release_nb = nbk.read(first), nbk.read(root / rel(first, "release"))
    answer = next(c for c in source_nb.cells if nbk.kind(c) == "autograded answer")
    for cell in release_nb.cells:
        if nbk.nbgrader_meta(cell).get("grade_id") == nbk.nbgrader_meta(answer)["grade_id"]:
            cell.source = "\n".join(nbk.solution_text(answer.source)).strip()
    release_nb.cells.append(nbformat.v4.new_code_cell("import nmt_lab as nmt\nnmt.selfcheck.self_check()"))
    nbformat.write(release_nb, str(student))
    landing.write(root / "student", layout="release")
    return root


@pytest.fixture(scope="module")
def lab(course, tmp_path_factory):
    with bs.LabServer(course, tmp_path_factory.mktemp("lab-state")) as server:
        yield server


@pytest.fixture(scope="module")
def browser(chromium):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium, args=bs.CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser, request):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    context.set_default_timeout(WAIT)
    pg = context.new_page()
    failed_before = request.session.testsfailed
    yield pg
    if request.session.testsfailed > failed_before:  # this test failed: keep what the page showed
        shot(pg, f"FAILED_{re.sub(r'[^A-Za-z0-9_.-]+', '_', request.node.name)}")
    context.close()


def shot(page, name: str, locator=None) -> Path:
    bs.ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = bs.ARTIFACTS / f"{name}.png"
    (locator or page).screenshot(path=str(path))
    return path


def workspace(request) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", request.node.name).strip("-").lower()


# --- tests --------------------------------------------------------------------------------

def test_ui_is_simplified_chinese_and_glyphs_are_drawn(page, lab, request):
    bs.open_notebook(page, lab, "release/START_HERE.ipynb", workspace(request))
    labels = bs.menubar_labels(page)
    for word in ["文件", "编辑", "查看", "运行", "内核", "设置", "帮助"]:
        assert word in labels, f"menu bar is not in Chinese: {labels}"

    # The fonts Chromium used for Chinese text are CJK fonts (boxes would come from a fallback).
    cjk = set(bs.cjk_font_families())
    for selector in [".lm-MenuBar-itemLabel", f"{bs.ACTIVE} .jp-RenderedMarkdown h1"]:
        used = {f["familyName"] for f in bs.platform_fonts(page, selector) if f["glyphCount"]}
        assert used & cjk, f"{selector}: Chinese drawn with {used}, none of them a CJK font"
    if not any("Emoji" in f for f in bs.font_families()):
        warnings.warn("no emoji font: 🎛️ and ✏️ in the notebooks show as boxes (apt-get install fonts-noto-color-emoji)",
                      stacklevel=1)

    page.locator(".lm-MenuBar-itemLabel", has_text="运行").first.click()
    item = page.locator(".lm-Menu-itemLabel", has_text="运行所有单元格").first
    item.wait_for(state="visible")
    shot(page, "ui_zh")
    page.keyboard.press("Escape")


def test_landing_page_lists_the_course_and_opens_a_notebook(page, lab, course, request):
    bs.open_notebook(page, lab, "release/START_HERE.ipynb", workspace(request))
    bs.wait_kernel_idle(page)
    page.wait_for_timeout(1500)  # the kernel's info arrives, and with it any metadata change
    assert page.locator(".lm-TabBar-tab.lm-mod-current.jp-mod-dirty").count() == 0, \
        "START_HERE.ipynb shows as modified as soon as it opens (closing it would ask to save)"
    cells = bs.visit_cells(page)
    text = "\n".join(c["text"] for c in cells)
    present = landing.present_links(course / "release", "release")
    assert present, "the release holds no course notebook"
    for level in curriculum.levels():
        assert level["name"] in text and level["role"] in text
    for task in curriculum.tasks():
        assert task.id in text and task.name in text, f"{task.id} {task.name} missing from the landing page"
        assert all(r in text for r in task.requirement_ids), f"skill ids of {task.id} missing"
        assert f"{task.area_id} {task.area_name}" in text
    # JupyterLab resolves a relative link to /files/<path from root> and opens it in a tab on click.
    hrefs = [h for c in cells for h in c["hrefs"]]
    linked = {unquote(m.group(1)) for h in hrefs if (m := re.search(r"/files/release/([^?#]+)", h))}
    assert present <= linked, f"links missing: {sorted(present - linked)}"
    if len(present) < len(curriculum.tasks()):
        assert landing.COMING in text
    page.locator(f"{bs.ACTIVE} .jp-Cell").first.scroll_into_view_if_needed()
    shot(page, "landing")

    # A student clicks the first task link: the notebook opens in a new tab with a kernel.
    target = sorted(present, key=lambda h: [t.notebook_name for t in curriculum.tasks()].index(Path(h).name))[0]
    page.locator(f"{bs.ACTIVE} .jp-RenderedMarkdown a[href*='/files/release/{target}']").click()
    page.wait_for_selector(f".lm-TabBar-tab.lm-mod-current:has-text('{Path(target).name}')")
    bs.wait_kernel_idle(page)
    assert page.url.endswith(f"/release/{target}")


@pytest.mark.parametrize("path", PARAMS)
def test_notebook_runs_clean_and_widget_responds(page, lab, path, request):
    """Instructor version: run all, no error output, a dropdown or slider changes a chart, table or image."""
    bs.open_notebook(page, lab, rel(path, "source"), workspace(request))
    bs.run_all(page)
    assert bs.unexecuted_cells(page) == 0, "run all stopped before the last cell"

    outputs = bs.stderr_outputs(page)
    errors = [o for o in outputs if o["traceback"]]
    assert not errors, "error output in the page:\n" + "\n\n".join(
        f"{o['cell'][:200]}\n→ {o['text'][-600:]}" for o in errors)
    # Warnings count too: students see them as the same pink box under the cell.
    assert not outputs, "stderr output in the page:\n" + "\n\n".join(
        f"{o['cell'][:200]}\n→ {o['text'][:600]}" for o in outputs)

    if not WIDGET_HINT.search(path.read_text("utf-8")):  # only with NMT_BROWSER_NOTEBOOKS=all
        warnings.warn(f"{path.name} shows no widget: only run and errors checked", stacklevel=1)
        return
    cells = bs.widget_cells(page)
    broken = bs.widget_errors(page)
    if broken:  # show the broken widget in the failure screenshot
        bs.scroll_to(page.locator(f"{bs.ACTIVE} .jp-OutputArea-output", has_text=bs.WIDGET_ERROR).first)
    assert not broken, f"{path.name}: widgets failed to render in the browser:\n" + "\n".join(broken)
    assert cells, (f"{path.name}: no cell shows a dropdown/slider together with a chart, table or image; "
                   f"widget outputs read:\n{bs.widget_outputs_text(page) or '(none)'}")
    cell = page.locator(f"{bs.ACTIVE} .jp-CodeCell").nth(cells[0])
    cell.scroll_into_view_if_needed()
    handle = cell.element_handle()
    try:
        page.wait_for_function(bs.PLOT_DRAWN_JS, arg=handle, timeout=WAIT)
    except Exception as exc:  # noqa: BLE001
        raise AssertionError(f"{path.name}: a chart next to the widget drew no trace") from exc
    before = page.evaluate(bs.VIEW_SIGNATURE_JS, handle)
    output = cell.locator(".jp-Cell-outputWrapper")
    shot(page, f"{path.stem}_before", output)

    done = bs.change_control(cell)
    try:
        page.wait_for_function("([cell, before]) => (" + bs.VIEW_SIGNATURE_JS + ")(cell) !== before",
                               arg=[handle, before], timeout=WAIT)
    except Exception as exc:  # noqa: BLE001
        raise AssertionError(f"{path.name}: the chart/table/image did not change after {done}") from exc
    page.wait_for_function(bs.PLOT_DRAWN_JS, arg=handle, timeout=WAIT)
    shot(page, f"{path.stem}_after", output)
    defects = page.evaluate(bs.CHART_DEFECTS_JS, handle)
    assert not defects, f"{path.name}: the chart next to the widget lost data on its way to the browser: {defects}"


@pytest.mark.parametrize("path", PARAMS)
def test_release_shows_no_solution_and_stops_at_the_first_exercise(page, lab, course, path, request):
    """Student version: every cell of the release file is on the page, none of the solution or
    hidden-test lines is; run all stops at an exercise stub and at nothing else."""
    bs.open_notebook(page, lab, rel(path, "release"), workspace(request))
    release_nb = nbk.read(course / rel(path, "release"))
    cells = bs.visit_cells(page, [c.source if c.cell_type == "code" else None for c in release_nb.cells])
    assert len(cells) == len(release_nb.cells), "the page shows a different number of cells than the release"
    for i, (cell, on_page) in enumerate(zip(release_nb.cells, cells, strict=True)):
        if cell.cell_type == "code":
            missing = [ln for ln in cell.source.splitlines() if ln.strip() and ln not in on_page["input"]]
            assert not missing, f"cell {i + 1}: the page does not show the release's lines {missing[:3]}"
    shown = "\n".join(c["input"] for c in cells)
    assert "BEGIN SOLUTION" not in shown and "BEGIN HIDDEN TESTS" not in shown
    leaked = sorted(line for line in nbk.secret_lines(nbk.read(path)) if line in shown)
    assert not leaked, f"the student page shows solution or hidden-test lines: {leaked[:5]}"

    bs.run_all(page)
    outputs = bs.stderr_outputs(page)
    errors = [o for o in outputs if o["traceback"]]
    assert errors, "run all on the release raised nothing: is an exercise left without a stub?"
    first = errors[0]
    assert "NotImplementedError" in first["text"] and "raise NotImplementedError()" in first["cell"], (
        f"the release fails before the first exercise:\n{first['cell'][:200]}\n→ {first['text'][-600:]}")
    stub = page.locator(f"{bs.ACTIVE} .jp-CodeCell", has=page.locator(bs.STDERR_OUTPUT)).first
    stub.scroll_into_view_if_needed()
    shot(page, f"{path.stem}_release")


def test_student_self_check_reports_in_chinese(page, lab, course, request):
    """The landing page's self-check panel and self_check() in a notebook list passed and
    failed visible checks in Chinese (nbgrader's Validate dialog is English-only)."""
    first = NOTEBOOKS[0]
    bs.open_notebook(page, lab, "student/START_HERE.ipynb", workspace(request))
    code = page.locator(f"{bs.ACTIVE} .jp-CodeCell").first
    code.locator(".jp-InputArea-editor").click()
    page.keyboard.press("Control+Enter")
    panel = page.locator(f"{bs.ACTIVE} .nmt-selfcheck-panel")
    panel.wait_for(state="visible")
    assert first.name in panel.locator("select").inner_text()
    panel.locator("button", has_text="开始自检").click()
    report = panel.locator(".nmt-selfcheck")
    report.wait_for(state="visible", timeout=4 * WAIT)
    _assert_one_passed(report)
    panel.scroll_into_view_if_needed()
    shot(page, "selfcheck_panel", code)

    # The same from inside the notebook: its last cell runs nmt.selfcheck.self_check().
    bs.open_notebook(page, lab, rel(first, "student"), workspace(request) + "-nb")
    codes = page.locator(f"{bs.ACTIVE} .jp-CodeCell")
    last = codes.nth(codes.count() - 1)
    last.scroll_into_view_if_needed()
    last.locator(".jp-InputArea-editor").click()
    page.keyboard.press("Control+Enter")  # run in place
    report = last.locator(".nmt-selfcheck")
    report.wait_for(state="visible", timeout=4 * WAIT)
    _assert_one_passed(report)
    shot(page, "selfcheck_notebook", last)


def _assert_one_passed(report) -> None:
    text = report.inner_text()
    assert re.search(r"自检结果：通过 1 / \d+ 项检查", text), text[:500]
    rows = report.locator("tbody tr")
    assert "✔ 通过" in rows.nth(0).inner_text(), rows.nth(0).inner_text()
    failed = report.locator("tr.nmt-fail")
    assert failed.count() >= 1
    reason = failed.first.locator("td").last.inner_text()
    assert re.search(r"[\u4e00-\u9fff]", reason), f"failure reason is not Chinese: {reason!r}"


def _make_lab_commands() -> list[list[str]]:
    """The commands ``make lab`` runs (from ``make -n``), minus environment installation."""
    make = shutil.which("make")
    assert make, "make is not installed: the README's commands need it"
    out = subprocess.run([make, "-n", "-C", str(REPO), "lab"], capture_output=True,
                         text=True, check=True).stdout.replace("\\\n", " ")
    return [shlex.split(line) for line in out.splitlines()
            if "nmt_lab.landing" in line or re.search(r"jupyter(-lab)? lab\b", line)]


def test_make_lab_lands_on_the_landing_page(page, chromium, tmp_path):
    commands = _make_lab_commands()
    assert len(commands) == 2, f"`make -n lab` should generate the landing page, then start JupyterLab: {commands}"
    generate, serve = commands
    subprocess.run(generate, cwd=REPO, check=True, capture_output=True)
    assert (REPO / landing.FILE_NAME).is_file()
    serve = [a for a in serve if not a.startswith("--ServerApp.port=")]  # the test picks a free port
    with bs.LabServer(REPO, tmp_path / "state", command=serve, chinese=False) as server:
        page.goto(f"{server.url}/?token={server.token}")
        bs.wait_kernel_idle(page)
        assert page.url.split("?")[0].endswith(f"/lab/tree/{landing.FILE_NAME}"), page.url
        heading = page.inner_text(f"{bs.ACTIVE} .jp-RenderedMarkdown h1")
        assert "从这里开始" in heading
        labels = bs.menubar_labels(page)
        assert "文件" in labels and "运行" in labels, (
            f"`make lab` UI is not Chinese ({labels}): `make env` writes "
            ".venv/share/jupyter/lab/settings/overrides.json with the zh_CN locale")
        shot(page, "make_lab")
