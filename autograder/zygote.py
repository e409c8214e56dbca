"""Pre-warmed kernels: a *zygote* process imports ipykernel and the course's libraries once, then
forks a fresh kernel for every submission.

Starting a kernel and importing pandas, plotly and ``nmt_lab`` costs more CPU than running most
lab notebooks. Each worker of the batch keeps one zygote (``python -m autograder.zygote``), which
has imported those modules but started nothing: no kernel, no ZeroMQ context, no thread. For each
submission it forks; the child

1. starts a new session (its own process group, for interrupts), joins the worker's pids cgroup
   (everything it forks counts against one process limit) and dies with the zygote;
2. as root: enters new mount, PID and network namespaces and forks again, so the kernel is
   process 1 of its own PID namespace, then confines it exactly like :mod:`autograder.sandbox`
   (read-only file system, private /tmp, no network, no capabilities);
3. sets the limits and the environment, reseeds ``random`` and ``numpy.random`` (a fresh import
   would), and runs ``IPKernelApp`` with the connection file the grader wrote.

Forked children never share anything writable with the zygote or each other (copy-on-write
memory), the zygote is not dumpable (cannot be ptraced), and the children close the zygote's
pipes. :class:`ZygoteProvisioner` is the jupyter_client provisioner that asks the zygote for a
kernel instead of running a command. Protocol: one JSON line per request on the zygote's stdin,
one JSON line per answer on its stdout.
"""

from __future__ import annotations

import ast
import ctypes
import importlib
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

from jupyter_client.provisioning import LocalProvisioner

CLONE_NEWNS, CLONE_NEWPID, CLONE_NEWNET = 0x00020000, 0x20000000, 0x40000000
PR_SET_PDEATHSIG, PR_SET_DUMPABLE = 1, 4
BASE_MODULES = ["ipykernel.kernelapp", "ipykernel.ipkernel", "ipykernel.zmqshell", "IPython", "numpy",
                "numpy.testing", "pandas", "pandas.testing", "pandas.api.types", "plotly", "plotly.express",
                "plotly.graph_objects", "plotly.io", "statistics", "decimal", "fractions", "nmt_lab",
                "nmt_lab.check", "nmt_lab.datasets", "nmt_lab.metrics", "nmt_lab.labels", "nmt_lab.curriculum",
                "nmt_lab.compliance", "nmt_lab.platform_rules",  # what the guard's preamble imports
                "ipykernel.debugger",  # every kernel imports debugpy when it starts (~0.2 s)
                "psutil", "pandas.io.formats.style"]  # plotly's first show(), DataFrame.style


def notebook_modules(paths) -> list[str]:
    """Modules the notebooks import (``import x.y``, ``from x.y import z``), in order, once."""
    import nbformat
    seen: list[str] = []
    aliases: dict[str, str] = {}
    for path in paths:
        nb = nbformat.read(str(path), as_version=4)
        for cell in nb.cells:
            if cell.cell_type != "code":
                continue
            try:
                tree = ast.parse("\n".join(line for line in cell.source.splitlines()
                                           if not line.lstrip().startswith(("%", "!"))))
            except SyntaxError:
                continue
            for node in ast.walk(tree):
                names = []
                if isinstance(node, ast.Import):
                    names = [a.name for a in node.names]
                    aliases.update({(a.asname or a.name): a.name for a in node.names})
                elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                    names = [node.module]
                    if node.module == "nmt_lab":  # from nmt_lab import moderation
                        names += [f"nmt_lab.{a.name}" for a in node.names]
                elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and \
                        node.value.id in aliases:  # nmt.interaction -> nmt_lab.interaction (lazy submodule)
                    names = [f"{aliases[node.value.id]}.{node.attr}"]
                for n in names:
                    if n not in seen:
                        seen.append(n)
    return seen


# lazy imports of nmt_lab that grading never needs: the self-check's nested kernel, report
# screenshots in a browser
NOT_PRELOADED = {"nbclient", "playwright", "nmt_lab.selfcheck"}


def preload_modules(paths) -> list[str]:
    """:func:`notebook_modules` plus what the course modules they use import lazily.

    ``nmt_lab`` imports heavy libraries inside functions (scikit-learn, jieba, pyahocorasick,
    scipy, ipywidgets …) so that a notebook pays only for what it calls; a grading kernel forked
    from the zygote should not pay for them again for every student.

    >>> "nmt_lab.widgets" in preload_modules([]) or True
    True
    """
    import importlib.util

    wanted = notebook_modules(paths)
    queue = [m for m in wanted if m.split(".")[0] == "nmt_lab"]
    done: set[str] = set()
    while queue:
        name = queue.pop(0)
        if name in done:
            continue
        done.add(name)
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError):
            continue
        if spec is None or not spec.origin or not spec.origin.endswith(".py"):
            continue
        origin = Path(spec.origin)
        subpackage = origin.name == "__init__.py" and "." in name  # nmt_lab.images: all its files
        files = sorted(origin.parent.glob("*.py")) if subpackage else [origin]
        package = name if origin.name == "__init__.py" else name.rpartition(".")[0]
        for file in files:
            for fn in ast.walk(ast.parse(file.read_text("utf-8"))):
                if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    continue
                for node in ast.walk(fn):
                    if isinstance(node, ast.Import):
                        found = [a.name for a in node.names]
                    elif isinstance(node, ast.ImportFrom) and node.module:
                        base = node.module
                        if node.level:
                            parts = package.split(".")
                            base = ".".join(parts[:len(parts) - node.level + 1] + [node.module])
                        found = [base]
                    else:
                        continue
                    for mod in found:
                        if mod.split(".")[0] in NOT_PRELOADED or mod.startswith("nmt_lab.datagen"):
                            continue
                        if mod not in wanted:
                            wanted.append(mod)
                        if mod.split(".")[0] == "nmt_lab":
                            queue.append(mod)
    return wanted


# Lazy one-time work a kernel would otherwise repeat: done once in the zygote, so every forked
# kernel starts with these caches warm (the results are the same; only the first use is faster).
WARMERS = [
    # jieba builds its prefix dictionary on first use (~0.7 s); images wrap titles with it
    (("jieba", "nmt_lab.text", "nmt_lab.comments", "nmt_lab.interaction", "nmt_lab.images", "nmt_lab.moderation"),
     "import jieba\njieba.initialize()"),
    # jieba's TF-IDF keywords load their IDF table on first use (~1-3 s)
    (("jieba.analyse", "nmt_lab.text"), "import jieba.analyse\njieba.analyse.extract_tags('溪山茶饮的杨梅冰茶')"),
    # the moderation classifier tokenizes every course comment (cached per text): several seconds
    (("nmt_lab.moderation",), "import nmt_lab\nfrom nmt_lab import moderation as _m\n"
                              "for _t in nmt_lab.load('comments')['text'].astype(str):\n    _m.tokenize(_t)"),
    # the material library's pictures are drawn on first use and cached (~1.1 s)
    (("nmt_lab.images",), "import nmt_lab.images as im\nfor _a in im.library()['asset_id']:\n"
                          "    try:\n        im.material(_a)\n    except ValueError:\n        pass"),
    # nmt_lab verifies each data file's checksum once per process; pandas imports its CSV parser lazily
    (("nmt_lab",), "import nmt_lab\nfor _t in nmt_lab.tables():\n    nmt_lab.load(_t)"),
    # plotly.graph_objects imports FigureWidget (and ipywidgets, anywidget) on first use (~0.3 s)
    (("plotly.graph_objects", "nmt_lab.widgets"), "import plotly.graph_objects as go\ngo.FigureWidget"),
    # the first traceback a kernel shows imports stack_data and pygments and maps every loaded
    # module to its file (inspect.getmodule); students' notebooks raise plenty of them
    (("IPython",), "import json\nfrom IPython.core.ultratb import AutoFormattedTB\ntry:\n    json.loads('x')\n"
                   "except ValueError as _e:\n"
                   "    AutoFormattedTB(mode='Context', theme_name='linux').text(type(_e), _e, _e.__traceback__)"),
    # plotly creates its property validators on first use of each trace type
    (("plotly.express",), "import plotly.express as px\n"
                          "for _f in (px.line, px.bar, px.scatter, px.histogram):\n"
                          "    _f(x=[1, 2], y=[1, 2]).to_plotly_json()\n"
                          "px.pie(names=['a', 'b'], values=[1, 2]).to_plotly_json()"),
]


# --------------------------------------------------------------------------------------------
# the zygote process

def _libc():
    return ctypes.CDLL(None, use_errno=True)


def _child(req: dict) -> None:
    """In the forked child: never returns."""
    from autograder import sandbox
    libc = _libc()
    try:
        os.setsid()
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        devnull = os.open(os.devnull, os.O_RDWR)
        os.dup2(devnull, 0)
        os.dup2(devnull, 1)
        os.closerange(3, 65536)
        sandbox.join_cgroup(req.get("cgroup"))  # the process limit covers the kernel and all it forks
        if req.get("confine"):
            if libc.unshare(CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWNET) != 0:
                raise OSError(ctypes.get_errno(), "unshare")
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
            pid = os.fork()
            if pid:  # the namespace's parent: wait for the kernel, exit like it
                while True:
                    try:
                        _, status = os.waitpid(pid, 0)
                        break
                    except InterruptedError:
                        continue
                if os.WIFSIGNALED(status):
                    signal.signal(os.WTERMSIG(status), signal.SIG_DFL)
                    os.kill(os.getpid(), os.WTERMSIG(status))
                os._exit(os.waitstatus_to_exitcode(status) if os.WIFEXITED(status) else 1)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            sandbox._mount(libc, None, "/", None, sandbox.MS_REC | sandbox.MS_PRIVATE)
            if sandbox._mount(libc, "proc", "/proc", "proc", sandbox.MS_NOSUID | sandbox.MS_NODEV | sandbox.MS_NOEXEC):
                raise OSError(ctypes.get_errno(), "mount proc")
            sandbox.confine(req["workdir"], req.get("hide", []))
            sandbox.drop_privileges()
        os.chdir(req["workdir"])
        env = sandbox.kernel_env(req["workdir"])
        os.environ.clear()
        os.environ.update(env)
        sandbox.set_limits(int(req.get("memory", 0)), int(req.get("fsize", 0)))
        log = os.open(os.path.join(req["workdir"], "kernel.log"), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.dup2(log, 1)
        os.dup2(log, 2)
        os.close(log)
        import random
        import tempfile
        tempfile.tempdir = None
        random.seed()
        if "numpy" in sys.modules:
            sys.modules["numpy"].random.seed()
        sys.argv = ["ipykernel_launcher", *req["argv"]]
        sys.path[0] = req["workdir"]  # as for `python -m ipykernel_launcher` started in the working folder
        from ipykernel.kernelapp import IPKernelApp
        IPKernelApp.launch_instance(argv=req["argv"])
        os._exit(0)
    except BaseException as exc:  # noqa: BLE001 - report and die; the grader sees a dead kernel
        try:
            with open(os.path.join(req["workdir"], "kernel.log"), "a", encoding="utf-8") as fh:
                fh.write(f"nmt-zygote: {type(exc).__name__}: {exc}\n")
        except OSError:
            pass
        os._exit(70)


def serve(modules: list[str]) -> None:
    """The zygote: preload, then fork kernels on request."""
    libc = _libc()
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)
    inp, out = sys.stdin.buffer, sys.stdout.buffer
    os.dup2(os.open(os.devnull, os.O_WRONLY), 2)  # nothing of ours on the grader's terminal
    import warnings
    warnings.filterwarnings("ignore")
    loaded = []
    for name in [*BASE_MODULES, *modules]:
        try:
            importlib.import_module(name)
            loaded.append(name)
        except BaseException:  # noqa: BLE001 - a module that fails here is imported by the kernel itself
            pass
    cold = []
    for keys, code in WARMERS:
        if any(k in sys.modules for k in keys):
            try:
                exec(code, {})  # noqa: S102 - our own constant snippets
            except BaseException as exc:  # noqa: BLE001 - a cold cache is only slower
                cold.append(f"{keys[0]}: {type(exc).__name__}: {exc}")
    import threading
    if threading.active_count() > 1:  # never fork with threads around
        out.write(json.dumps({"error": "threads after preload"}).encode() + b"\n")
        out.flush()
        return
    from autograder import sandbox  # noqa: F401 - loaded before forking
    out.write(json.dumps({"ready": loaded, "cold": cold}).encode() + b"\n")
    out.flush()
    statuses: dict[int, int] = {}
    while True:
        line = inp.readline()
        if not line:
            return
        req = json.loads(line)
        while True:  # reap finished kernels
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                break
            if not pid:
                break
            statuses[pid] = os.waitstatus_to_exitcode(status)
        if req["op"] == "spawn":
            pid = os.fork()
            if pid == 0:
                _child(req)
            answer = {"pid": pid}
        elif req["op"] == "status":
            pid = req["pid"]
            if pid not in statuses and req.get("block"):
                try:
                    _, status = os.waitpid(pid, 0)
                    statuses[pid] = os.waitstatus_to_exitcode(status)
                except ChildProcessError:
                    pass
            answer = {"pid": pid, "code": statuses.get(pid)}
        else:
            answer = {"error": "unknown op"}
        out.write(json.dumps(answer).encode() + b"\n")
        out.flush()


# --------------------------------------------------------------------------------------------
# the grader's side

class Zygote:
    """A zygote process owned by one worker."""

    def __init__(self, modules: list[str]):
        env = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
               "NUMEXPR_NUM_THREADS": "1", "PYTHONDONTWRITEBYTECODE": "1"}
        self.proc = subprocess.Popen([sys.executable, "-m", "autograder.zygote", *modules], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, env=env, cwd="/")
        first = self._read()
        if "ready" not in first:
            raise RuntimeError(f"zygote failed: {first}")
        self.loaded, self.cold = first["ready"], first.get("cold", [])

    def _read(self) -> dict:
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError("zygote exited")
        return json.loads(line)

    def ask(self, **req) -> dict:
        self.proc.stdin.write(json.dumps(req).encode() + b"\n")
        self.proc.stdin.flush()
        return self._read()

    def alive(self) -> bool:
        return self.proc.poll() is None

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


class ForkedKernel:
    """The Popen-like handle LocalProvisioner needs, for a kernel forked by the zygote."""

    def __init__(self, zygote: Zygote, pid: int):
        self.zygote, self.pid, self.returncode = zygote, pid, None
        self.stdout = self.stderr = self.stdin = None

    def poll(self):
        if self.returncode is not None:
            return self.returncode
        try:
            with open(f"/proc/{self.pid}/stat", "rb") as fh:
                state = fh.read().rsplit(b")", 1)[1].split()[0]
        except OSError:
            state = b"X"
        if state in (b"Z", b"X"):
            self.returncode = self.zygote.ask(op="status", pid=self.pid, block=True).get("code")
            if self.returncode is None:
                self.returncode = -signal.SIGKILL
            return self.returncode
        return None

    def wait(self, timeout=None):
        import time
        end = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if end is not None and time.monotonic() > end:
                raise subprocess.TimeoutExpired("kernel", timeout)
            time.sleep(0.02)
        return self.returncode

    def send_signal(self, signum):
        try:
            os.killpg(self.pid, signum)
        except ProcessLookupError:  # not yet its own group (just forked), or gone
            os.kill(self.pid, signum)

    def kill(self):
        self.send_signal(signal.SIGKILL)

    def terminate(self):
        self.send_signal(signal.SIGTERM)


class ZygoteProvisioner(LocalProvisioner):
    """Launches the kernel by asking the worker's zygote instead of running a command."""

    zygote: Zygote | None = None
    request: dict = {}

    async def launch_kernel(self, cmd, **kwargs):
        argv = cmd[cmd.index("ipykernel_launcher") + 1:] if "ipykernel_launcher" in cmd else ["-f",
                                                                                            self.parent.connection_file]
        answer = self.zygote.ask(op="spawn", argv=argv, **self.request)
        if "pid" not in answer:
            raise RuntimeError(f"zygote could not fork a kernel: {answer}")
        self.process = ForkedKernel(self.zygote, answer["pid"])
        self.pid = self.pgid = answer["pid"]
        self.cwd = kwargs.get("cwd")
        return self.connection_info


if __name__ == "__main__":
    serve(sys.argv[1:])
