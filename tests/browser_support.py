"""Helpers for the browser tests: find Chromium and a CJK font, run JupyterLab on a free
loopback port with the Chinese UI, and drive notebooks in the page with Playwright.

Browser downloads are impossible on the course machines, so Playwright drives the system
Chromium (Debian package ``chromium``) through ``executable_path``.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

REPO = Path(__file__).resolve().parent.parent
ARTIFACTS = Path(os.environ.get("NMT_ARTIFACTS", REPO / "artifacts" / "browser"))
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic",
]
CHROMIUM_CANDIDATES = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]
INSTALL_HINT = (
    "浏览器测试需要 Chromium 和中文字体（CJK）。在 Debian/Ubuntu 上以 root 运行\n"
    "    sh scripts/system-deps.sh   # = apt-get install -y chromium fonts-noto-cjk fonts-noto-color-emoji\n"
    "（`make test` 在有 root 权限时会自动运行它）；其他系统请安装 Chromium 与 Noto Sans CJK 字体，\n"
    "或用环境变量 NMT_CHROMIUM=/path/to/chromium 指定浏览器。"
)
STDERR_OUTPUT = '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'
LOCALE_SETTINGS = {"@jupyterlab/translation-extension/plugin.jupyterlab-settings": {"locale": "zh_CN"}}
# No network from the test page: no news or update checks.
QUIET_SETTINGS = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false",
                                                                       "checkForUpdates": False},
}


def find_chromium() -> str | None:
    """``NMT_CHROMIUM``, a Chromium on PATH, or None."""
    explicit = os.environ.get("NMT_CHROMIUM")
    if explicit:
        return explicit if Path(explicit).is_file() else None
    for name in CHROMIUM_CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


def font_families(pattern: str = ":") -> list[str]:
    """Font families fontconfig knows that match ``pattern`` (empty without fontconfig)."""
    if not shutil.which("fc-list"):
        return []
    out = subprocess.run(["fc-list", pattern, "family"], capture_output=True, text=True).stdout
    return sorted({name.strip() for line in out.splitlines() for name in line.split(",") if name.strip()})


def cjk_font_families() -> list[str]:
    """Font families fontconfig knows for Simplified Chinese (empty: Chinese shows as boxes)."""
    return font_families(":lang=zh-cn")


def missing_system_deps() -> list[str]:
    missing = []
    if not find_chromium():
        missing.append("Chromium")
    if not cjk_font_families():
        missing.append("中文字体（fonts-noto-cjk）")
    return missing


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LabServer:
    """JupyterLab on 127.0.0.1:<free port> with ``root`` as its root, Chinese UI, own settings,
    workspaces and runtime dirs (nothing shared with the user's ~/.jupyter or other workers)."""

    def __init__(self, root: Path, state: Path, command: list[str] | None = None, chinese: bool = True,
                 startup_timeout: float = 240):
        """``command``: the ``jupyter lab ...`` command to run (default: the test's own, with ``root``
        as root); the token, port and --no-browser are appended. ``chinese``: set the UI language
        through user settings (False: leave it to the installation, as ``make lab`` does)."""
        self.root, self.state = Path(root), Path(state)
        self.command = command
        self.chinese = chinese
        self.token = secrets.token_hex(16)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.startup_timeout = startup_timeout
        self.proc: subprocess.Popen | None = None
        self.log = self.state / "jupyter-lab.log"

    def env(self) -> dict[str, str]:
        settings = self.state / "user-settings"
        values = {**(LOCALE_SETTINGS if self.chinese else {}), **QUIET_SETTINGS}
        for rel, content in values.items():
            path = settings / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(content), encoding="utf-8")
        env = dict(os.environ)
        env.pop("JPY_SESSION_NAME", None)
        env.update({
            "JUPYTERLAB_SETTINGS_DIR": str(settings),
            "JUPYTERLAB_WORKSPACES_DIR": str(self.state / "workspaces"),
            "JUPYTER_RUNTIME_DIR": str(self.state / "runtime"),
            "PATH": str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", ""),
            "PYTHONUNBUFFERED": "1",
        })
        return env

    def start(self) -> LabServer:
        self.state.mkdir(parents=True, exist_ok=True)
        cmd = list(self.command or [sys.executable, "-m", "jupyterlab", f"--ServerApp.root_dir={self.root}",
                                    "--ServerApp.ip=127.0.0.1"])
        cmd += [
            "--no-browser", f"--IdentityProvider.token={self.token}", f"--ServerApp.port={self.port}",
            "--ServerApp.port_retries=0", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0 and "--allow-root" not in cmd:
            cmd.append("--allow-root")  # containers and CI often run as root
        self._log_file = open(self.log, "wb")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(cmd, cwd=self.root, env=self.env(), stdout=self._log_file,
                                     stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"JupyterLab exited ({self.proc.returncode}):\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(f"{self.url}/api/status?token={self.token}", timeout=2) as r:
                    if r.status == 200:
                        return self
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise TimeoutError(f"JupyterLab did not answer within {self.startup_timeout} s:\n{self.log_tail()}")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)  # its own session: the server and its kernels
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=5)
        if getattr(self, "_log_file", None):
            self._log_file.close()

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log.read_text("utf-8", "replace").splitlines()[-lines:])
        except OSError:
            return ""

    def lab_url(self, path: str, workspace: str) -> str:
        """URL that opens ``path`` in a fresh workspace (no tabs restored from another test)."""
        return f"{self.url}/lab/workspaces/{workspace}/tree/{path}?token={self.token}"

    def __enter__(self) -> LabServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


# --- driving a notebook in the page -------------------------------------------------------

ACTIVE = ".jp-NotebookPanel:not(.lm-mod-hidden)"


def wait_kernel_idle(page, timeout: float = 240_000) -> None:
    """Wait until the active notebook is shown, has a kernel, and the kernel is idle."""
    page.wait_for_selector(f"{ACTIVE} .jp-Notebook .jp-Cell", timeout=timeout)
    page.wait_for_function(
        """(sel) => {
            const panel = document.querySelector(sel);
            const name = panel && panel.querySelector('[data-jp-item-name="kernelName"]');
            const ind = panel && panel.querySelector('.jp-Notebook-ExecutionIndicator');
            return name && !/No Kernel|无内核/.test(name.textContent)
                && ind && ind.getAttribute('data-status') === 'idle';
        }""",
        arg=ACTIVE, timeout=timeout,
    )


def open_notebook(page, server: LabServer, path: str, workspace: str, timeout: float = 240_000) -> int:
    """Open ``path`` in a fresh workspace; wait until every cell is in the page (JupyterLab adds
    them in batches) and the kernel is idle. Returns the number of cells."""
    with urllib.request.urlopen(f"{server.url}/api/contents/{quote(path)}?content=1&token={server.token}") as r:
        cells = len(json.load(r)["content"]["cells"])
    page.goto(server.lab_url(path, workspace), wait_until="domcontentloaded")
    page.wait_for_function("([sel, n]) => document.querySelectorAll(sel + ' .jp-Notebook .jp-Cell').length >= n",
                           arg=[ACTIVE, cells], timeout=timeout)
    wait_kernel_idle(page, timeout)
    return cells


def menu(page, top: str, item: str) -> None:
    """Click a main-menu entry by its (Chinese) label, e.g. menu(page, "运行", "运行所有单元格")."""
    page.locator(".lm-MenuBar-itemLabel", has_text=top).first.click()
    page.locator(".lm-Menu-itemLabel").filter(has_text=item).first.click()


def run_all(page, timeout: float = 480_000) -> None:
    """运行 > 运行所有单元格, then wait until every code cell has run (or execution stopped at an error)."""
    menu(page, "运行", "运行所有单元格")
    page.wait_for_function(
        """(sel) => {
            const ind = document.querySelector(sel + ' .jp-Notebook-ExecutionIndicator');
            const prompts = [...document.querySelectorAll(sel + ' .jp-CodeCell .jp-InputPrompt')]
                .map(p => p.textContent.trim());
            return ind && ind.getAttribute('data-status') === 'idle' && prompts.length > 0
                && !prompts.some(t => t.includes('*'))
                && prompts.some(t => /\\d/.test(t));
        }""",
        arg=ACTIVE, timeout=timeout,
    )


def error_outputs(page) -> list[str]:
    """Text of the error (traceback) outputs in the active notebook."""
    return page.eval_on_selector_all(f"{ACTIVE} {STDERR_OUTPUT}", "els => els.map(e => e.innerText)")


def unexecuted_cells(page) -> int:
    return page.eval_on_selector_all(
        f"{ACTIVE} .jp-CodeCell .jp-InputPrompt",
        "els => els.filter(p => !/\\d/.test(p.textContent)).length",
    )


def visit_cells(page, expected: list[str | None] | None = None, wait_ms: int = 3000) -> list[dict]:
    """Every cell of the active notebook as the page shows it: ``input`` (CodeMirror lines),
    ``text`` (what is rendered: markdown, outputs) and ``hrefs`` (links).

    JupyterLab skips drawing cells far from the viewport and CodeMirror draws only the lines
    it has measured as visible, so each cell is scrolled into view first; with ``expected``
    (a source per cell, None to skip), a cell is re-read for up to ``wait_ms`` until CodeMirror
    shows that source (whitespace-insensitive), so a late redraw is not mistaken for a gap."""
    return page.evaluate(
        """async ([sel, expected, waitMs]) => {
            const frame = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
            const norm = s => s.replace(/\\s+/g, ' ').trim();
            const read = cell => [...cell.querySelectorAll('.jp-InputArea-editor .cm-line')]
                .map(l => l.textContent).join('\\n');
            const out = [];
            const cells = [...document.querySelectorAll(sel + ' .jp-Cell')];
            for (let i = 0; i < cells.length; i++) {
                const cell = cells[i];
                cell.scrollIntoView({block: 'center'});
                await frame();
                const want = expected ? expected[i] : null;
                const start = performance.now();
                while (want != null && norm(read(cell)) !== norm(want) && performance.now() - start < waitMs) {
                    await frame();
                }
                out.push({
                    input: read(cell),
                    text: cell.innerText,
                    hrefs: [...cell.querySelectorAll('.jp-RenderedMarkdown a')].map(a => a.getAttribute('href')),
                });
            }
            return out;
        }""",
        [ACTIVE, expected, wait_ms],
    )


def menubar_labels(page) -> list[str]:
    return page.eval_on_selector_all(".lm-MenuBar-itemLabel", "els => els.map(e => e.textContent)")


def platform_fonts(page, selector: str) -> list[dict]:
    """The fonts Chromium actually used to draw the text of the first node matching
    ``selector`` (DevTools ``CSS.getPlatformFontsForNode``): proves glyphs, not boxes."""
    cdp = page.context.new_cdp_session(page)
    try:
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        root = cdp.send("DOM.getDocument", {"depth": -1})
        node = cdp.send("DOM.querySelector", {"nodeId": root["root"]["nodeId"], "selector": selector})
        return cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node["nodeId"]})["fonts"]
    finally:
        cdp.detach()


TRACEBACK = re.compile(r"Traceback \(most recent call last\)|^\s*Cell In\[\d+\], line \d+", re.M)


def stderr_outputs(page) -> list[dict]:
    """Every stderr box in the active notebook: its text, whether it is an exception
    traceback (not a warning), and the source of the cell it belongs to."""
    items = page.evaluate(
        """async (sel) => {
            const frame = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
            const out = [];
            for (const e of document.querySelectorAll(sel + ' ' + STDERR)) {
                const cell = e.closest('.jp-Cell');
                if (cell) { cell.scrollIntoView({block: 'center'}); await frame(); await frame(); }
                const src = cell ? [...cell.querySelectorAll('.jp-InputArea-editor .cm-line')]
                    .map(l => l.textContent).join('\\n') : '';
                out.push({text: e.textContent, cell: src});
            }
            return out;
        }""".replace("STDERR", json.dumps(STDERR_OUTPUT)),
        ACTIVE,
    )
    for item in items:
        item["traceback"] = bool(TRACEBACK.search(item["text"]))
    return items


# A cell whose output holds a control (dropdown or slider) and a view (chart, table or image).
CONTROL = ".widget-dropdown select, .widget-slider .noUi-handle"
VIEW = ".js-plotly-plot .main-svg, table, .widget-image, img"
WIDGET_CELLS_JS = """([sel, control, view]) => {
    const inOutput = css => css.split(', ').map(x => '.jp-OutputArea ' + x).join(', ');
    const cells = [...document.querySelectorAll(sel + ' .jp-CodeCell')];
    return cells.map((c, i) => [i, !!c.querySelector(inOutput(control)), !!c.querySelector(inOutput(view))])
        .filter(([i, ctl, v]) => ctl && v).map(([i]) => i);
}"""
# What the charts (traces, titles, axes) show; without a chart the tables, else the images.
VIEW_SIGNATURE_JS = """(cell) => {
    const out = cell.querySelector('.jp-OutputArea');
    const plots = [...out.querySelectorAll('.js-plotly-plot')].map(p =>
        [...p.querySelectorAll('.main-svg')].map(s => s.textContent + '|' +
            [...s.querySelectorAll('path, image')].map(x => (x.getAttribute('d') || '')
                + (x.getAttribute('href') || '').slice(-200)).join(';')).join('#'));
    if (plots.length) return 'plot:' + plots.join('\\n');
    const tables = [...out.querySelectorAll('table')].map(t => t.innerText);
    if (tables.length) return 'table:' + tables.join('\\n');
    return 'image:' + [...out.querySelectorAll('img')].map(i => i.src.length + i.src.slice(-200)).join('\\n');
}"""
# Every chart in the cell has drawn a trace (lines, bars, funnel, pie, heatmap image).
PLOT_DRAWN_JS = """(cell) => {
    const plots = [...cell.querySelectorAll('.jp-OutputArea .js-plotly-plot')];
    return plots.every(p => p.querySelector('.main-svg g.trace, .main-svg .hm image, .main-svg .imagelayer image'));
}"""

# Signs of data that did not survive the trip to plotly.js: a legend entry named by plotly's
# default ("trace 1": the name set in Python never arrived) or a date axis at the Unix epoch.
CHART_DEFECTS_JS = """(cell) => {
    const bad = [];
    for (const p of cell.querySelectorAll('.jp-OutputArea .js-plotly-plot')) {
        for (const t of p.querySelectorAll('.legendtext'))
            if (/^trace \\d+$/.test(t.textContent.trim())) bad.push('legend shows ' + t.textContent.trim());
        for (const t of p.querySelectorAll('.xtick text'))
            if (/^1970$/.test(t.textContent.trim())) bad.push('x axis at ' + t.textContent.trim());
    }
    return [...new Set(bad)];
}"""


def change_control(cell) -> str:
    """Change the first dropdown (to its next option) or else the first slider (one step) in
    ``cell``'s output; returns what was done, for messages."""
    select = cell.locator(".jp-OutputArea .widget-dropdown select")
    if select.count():
        select = select.first
        options = select.locator("option").all_inner_texts()
        current = select.evaluate("s => s.selectedIndex")
        assert len(options) > 1, f"dropdown has a single option: {options}"
        target = (current + 1) % len(options)
        select.select_option(index=target)
        return f"dropdown {options[current]!r} → {options[target]!r}"
    handle = cell.locator(".jp-OutputArea .widget-slider .noUi-handle").first
    before = handle.get_attribute("aria-valuenow")
    handle.focus()
    handle.press("ArrowRight")
    if handle.get_attribute("aria-valuenow") == before:  # at the maximum: step down instead
        handle.press("ArrowLeft")
    if handle.get_attribute("aria-valuenow") == before:
        # noUiSlider may ignore keys on a handle it has not finished setting up: click the
        # track a quarter of its width away from the handle instead, as a student would
        track = cell.locator(".jp-OutputArea .widget-slider .noUi-target").first.bounding_box()
        knob = handle.bounding_box()
        x = knob["x"] + knob["width"] / 2
        x = x - track["width"] / 4 if x > track["x"] + track["width"] / 2 else x + track["width"] / 4
        cell.page.mouse.click(x, track["y"] + track["height"] / 2)
    return f"slider {before} → {handle.get_attribute('aria-valuenow')}"


# What ipywidgets puts in place of a widget whose JavaScript is missing or failed.
WIDGET_ERROR = re.compile(
    r"Error displaying widget|Failed to load model class|Failed to create view|Click to show javascript error")


def widget_errors(page) -> list[str]:
    """Widgets that failed to render in the page (e.g. their JavaScript module is missing)."""
    texts = page.eval_on_selector_all(
        f"{ACTIVE} .jp-OutputArea-output", "els => els.map(e => e.textContent.trim().slice(0, 400))")
    return [t for t in texts if WIDGET_ERROR.search(t)]


def scroll_to(locator) -> None:
    """Centre ``locator`` in the notebook; again once cells above it have been drawn and moved it."""
    locator.evaluate("""async e => {
        for (let i = 0; i < 3; i++) {
            e.scrollIntoView({block: 'center'});
            await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
        }
    }""")


def widget_cells(page, timeout: float = 180_000) -> list[int]:
    """Indexes (among code cells) of cells showing a control and a chart/table; waits for one."""
    try:
        page.wait_for_function(f"(a) => ({WIDGET_CELLS_JS})(a).length > 0", arg=[ACTIVE, CONTROL, VIEW],
                               timeout=timeout)
    except Exception:  # noqa: BLE001 - report what the page shows instead of a bare timeout
        return []
    return page.evaluate(WIDGET_CELLS_JS, [ACTIVE, CONTROL, VIEW])


def widget_outputs_text(page) -> str:
    """Text of the outputs of cells that display widgets (to explain a widget that did not render)."""
    return page.eval_on_selector_all(
        f"{ACTIVE} .jp-CodeCell .jp-OutputArea-output",
        """els => els.filter(e => e.querySelector('.jupyter-widgets, .widget-dropdown')
                || /widget|Widget|anywidget/.test(e.textContent))
            .map(e => e.innerText.trim().slice(0, 300)).join('\\n---\\n')""",
    )
