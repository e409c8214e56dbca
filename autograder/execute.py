"""nbgrader's Execute step, made safe for batch grading.

:class:`GuardedExecute` is nbgrader's own ``Execute`` preprocessor (so outputs, errors and
scores are exactly nbgrader's) with four additions:

* a wall-time budget for the whole submission: each cell's timeout is the smaller of
  ``Execute.timeout`` and the time left; once it is spent the remaining cells are not run;
* a cap on the output of each cell: past it, further output is dropped and the cell is
  interrupted;
* a kernel that dies (``os._exit``, a crash, the memory cap) does not abort grading: the
  notebook keeps what finished;
* every test cell that did not run to completion gets an error output, so nbgrader gives it 0
  (stock nbgrader gives full points to a test cell with no output), and the guard of
  :mod:`autograder.guard` runs silently before every test cell.

:class:`SandboxKernelManager` starts the kernel through :mod:`autograder.sandbox`.
"""

from __future__ import annotations

import asyncio
import json
import os
import secrets
import shutil
import signal
import sys
import threading
import time
import uuid
from pathlib import Path

from jupyter_client.manager import AsyncKernelManager
from jupyter_core.utils import ensure_async, run_sync
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbformat.notebooknode import NotebookNode
from nbgrader.preprocessors import Execute
from traitlets import Bool, Float, Integer, List, Unicode

from autograder import guard

SANDBOX = str(Path(__file__).resolve().parent / "sandbox.py")


def namespaces_available() -> bool:
    """True when we are root and ``unshare`` can make mount, PID and network namespaces."""
    if os.geteuid() != 0 or not shutil.which("unshare"):
        return False
    import subprocess
    try:
        r = subprocess.run(["unshare", "--mount", "--pid", "--net", "--fork", "--kill-child", "--mount-proc",
                            "--propagation", "private", "--", "true"], capture_output=True, timeout=20)
    except (OSError, subprocess.SubprocessError):
        return False
    return r.returncode == 0


class SandboxKernelManager(AsyncKernelManager):
    """A kernel manager whose kernel runs inside :mod:`autograder.sandbox`."""

    workdir = Unicode("", help="the kernel's working folder (writable, private)").tag(config=True)
    hide = List(Unicode(), help="folders to hide from the kernel (the grader's work folder)").tag(config=True)
    memory_mb = Integer(0, help="address-space limit of the kernel in MiB (0: none)").tag(config=True)
    fsize_mb = Integer(64, help="largest file the kernel may write, MiB").tag(config=True)
    confine = Bool(False, help="run in fresh mount/PID/network namespaces, read-only, no capabilities"
                   ).tag(config=True)
    cgroup = Unicode("", help="pids cgroup the kernel joins (limits its processes and threads)").tag(config=True)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        if self.workdir:
            self.connection_file = os.path.join(self.workdir, "kernel.json")
            if self.confine:  # no network inside: talk over Unix sockets in the working folder
                self.transport = "ipc"
                self.ip = os.path.join(self.workdir, "k")

    zygote = None  # the worker's autograder.zygote.Zygote, when it has one

    async def _async_pre_start_kernel(self, **kw):
        zyg = SandboxKernelManager.zygote
        if zyg is not None and self.provisioner is None and self.workdir and zyg.alive():
            from autograder.zygote import ZygoteProvisioner
            self.kernel_id = self.kernel_id or kw.pop("kernel_id", str(uuid.uuid4()))
            prov = ZygoteProvisioner(kernel_id=self.kernel_id, kernel_spec=self.kernel_spec, parent=self)
            prov.zygote = zyg
            prov.request = {"workdir": self.workdir, "memory": self.memory_mb, "fsize": self.fsize_mb,
                            "confine": self.confine, "hide": list(self.hide), "cgroup": self.cgroup}
            self.provisioner = prov
        return await super()._async_pre_start_kernel(**kw)

    def format_kernel_cmd(self, extra_arguments=None):
        cmd = super().format_kernel_cmd(extra_arguments)
        wrap = [sys.executable, "-I", "-S", SANDBOX, "--workdir", self.workdir,
                "--memory", str(self.memory_mb), "--fsize", str(self.fsize_mb)]
        for path in self.hide:
            wrap += ["--hide", path]
        if self.cgroup:
            wrap += ["--cgroup", self.cgroup]
        if self.confine:
            wrap = ["unshare", "--mount", "--pid", "--net", "--fork", "--kill-child", "--mount-proc",
                    "--propagation", "private", "--", *wrap, "--confine"]
        if shutil.which("setpriv"):  # the kernel (and its namespace) dies with its grader process
            wrap = ["setpriv", "--pdeathsig", "KILL", "--", *wrap]
        return [*wrap, "--", *cmd]


def _error(ename: str, message: str) -> NotebookNode:
    return NotebookNode(output_type="error", ename=ename, evalue=message,
                        traceback=[f"{ename}: {message}"])


def is_test(cell) -> bool:
    m = cell.get("metadata", {}).get("nbgrader", {})
    return bool(m.get("grade")) and not m.get("solution") and cell.get("cell_type") == "code"


# Run silently before the first cell. A grading kernel has no front end: widgets keep working in
# Python (values, observers, figures), but their messages to a browser that is not there are
# dropped instead of serialized and sent (a FigureWidget sends its whole figure on creation).
HEADLESS = '__import__("comm").create_comm = __import__("comm").DummyComm\n'

# Run silently before the first cell too: the kernel itself stops forwarding a cell's stdout/stderr
# one character past the cap. The grader then sees the cap crossed and interrupts the cell, and
# a flood leaves no backlog behind in the kernel (stdout is sent by a background thread: flooding
# faster than it drains would delay every later reply), so the cap holds whatever the load.
OUTPUT_CAP = """
def _nmt_output_cap(cap):
    from ipykernel.iostream import OutStream
    shell, state, write = get_ipython(), {"cell": None, "chars": 0}, OutStream.write
    def capped(self, text):
        if not isinstance(text, str):
            return write(self, text)
        if state["cell"] != shell.execution_count:
            state["cell"], state["chars"] = shell.execution_count, 0
        room = cap + 1 - state["chars"]
        if room <= 0:
            return len(text)
        state["chars"] += min(len(text), room)
        write(self, text[:room])
        return len(text)
    OutStream.write = capped
_nmt_output_cap(%d)
del _nmt_output_cap
"""


class GuardedExecute(Execute):
    """nbgrader's Execute with a wall-time budget, output cap, crash tolerance and a guard."""

    wall_time = Float(0, help="seconds for the whole notebook (0: no limit)").tag(config=True)
    max_output_bytes = Integer(1 << 20, help="output of one cell kept at most (bytes); -1: no cap"
                               ).tag(config=True)
    use_guard = Bool(True, help="run the tamper guard before every test cell").tag(config=True)
    report_file = Unicode("", help="where to write what happened (JSON)").tag(config=True)
    headless = Bool(True, help="drop widget messages (no front end while grading)").tag(config=True)

    def preprocess(self, nb, resources=None, km=None):
        self._t0 = time.monotonic()
        self._events: list[dict] = []
        self._stop: str | None = None
        self._guard_key = "_nmt_" + secrets.token_hex(8)
        self._preamble_done = False
        self._prelude_done = False
        self._out_bytes = 0
        self._capped = False
        self._watchdog_fired = False
        done = threading.Event()
        watchdog = None
        if self.wall_time:
            watchdog = threading.Thread(target=self._watchdog, args=(done,), daemon=True)
            watchdog.start()
        try:
            try:
                nb, resources = super().preprocess(nb, resources, km=km)
            except Exception as exc:  # the kernel could not start, or died while starting
                self._stop = self._stop or "start"
                self._event("kernel_start", f"内核无法启动：{type(exc).__name__}: {str(exc)[:200]}")
            # cells after a stop never ran: make sure no test cell keeps an empty output
            for cell in nb.cells:
                if is_test(cell) and not cell.get("outputs") and not cell.metadata.get("_nmt_ran"):
                    cell.outputs = [_error("NotExecuted", self._stop_message())]
                cell.metadata.pop("_nmt_ran", None)
        finally:
            done.set()
            if self.report_file:
                Path(self.report_file).write_text(json.dumps(
                    {"events": self._events, "stop": self._stop, "seconds": time.monotonic() - self._t0},
                    ensure_ascii=False), encoding="utf-8")
        return nb, resources

    # -- limits -------------------------------------------------------------------------------
    def _watchdog(self, done: threading.Event) -> None:
        """Backstop: kill the kernel if the notebook runs past its budget (+5 s)."""
        if done.wait(self.wall_time + 5):
            return
        self._watchdog_fired = True
        self._stop = self._stop or "wall"
        km = getattr(self, "km", None)
        proc = getattr(getattr(km, "provisioner", None), "process", None)
        if proc is not None:
            try:
                proc.kill()
            except OSError:
                pass

    def _left(self) -> float:
        return self.wall_time - (time.monotonic() - self._t0) if self.wall_time else float("inf")

    def _event(self, kind: str, message: str, cell: int | None = None) -> None:
        self._events.append({"kind": kind, "message": message, "cell": cell})

    def _stop_message(self) -> str:
        return {
            "wall": f"未执行：整份提交超过总时限 {self.wall_time:.0f} 秒",
            "dead": "未执行：内核已退出（崩溃、内存超限或代码结束了内核进程）",
            "start": "未执行：内核无法启动",
            "unresponsive": "未执行：内核超时后不响应中断",
        }.get(self._stop or "", "未执行")

    # -- execution ----------------------------------------------------------------------------
    def _silent(self, code: str, timeout: float = 20):
        async def go():
            msg_id = self.kc.execute(code, silent=True, store_history=False,
                                     user_expressions={"r": "_nmt_guard_out"} if "_nmt_guard_out" in code else {})
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                try:
                    msg = await self.kc.shell_channel.get_msg(timeout=min(1.0, max(0.05, deadline - time.monotonic())))
                except Exception:  # noqa: BLE001 - Empty; check the kernel is alive
                    if not await self.km.is_alive():
                        raise DeadKernelError("Kernel died") from None
                    continue
                if msg["parent_header"].get("msg_id") == msg_id:
                    return msg
            return None

        return run_sync(go)()

    def _guard(self, index: int) -> None:
        if not self._preamble_done:
            self._preamble_done = True
            reply = self._silent(guard.preamble(self._guard_key), timeout=max(5.0, min(60.0, self._left())))
            if reply is None or reply["content"].get("status") != "ok":
                self._event("guard", "评分守护无法安装：" + str((reply or {}).get("content", {}).get("evalue", "超时")),
                            index)
                return
        reply = self._silent(guard.guard_code(self._guard_key), timeout=max(5.0, min(30.0, self._left())))
        if reply is None:
            self._event("guard", "评分守护没有响应", index)
            return
        expr = reply["content"].get("user_expressions", {}).get("r", {})
        try:
            found = eval(expr.get("data", {}).get("text/plain", "[]"), {"__builtins__": {}})  # a list literal
        except Exception:  # noqa: BLE001
            found = ["评分守护的报告无法读取"]
        if expr.get("status") != "ok":
            found = ["评分守护的报告无法读取"]
        for item in found:
            self._event("tamper", str(item), index)

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type != "code" or not cell.source.strip():
            return cell, resources
        if self._stop is None and self._left() <= 0:
            self._stop = "wall"
            self._event("wall", f"超过总时限 {self.wall_time:.0f} 秒，其余单元格未执行", index)
        if self._stop is not None:
            cell.outputs = [_error("NotExecuted", self._stop_message())] if is_test(cell) else []
            cell.metadata["_nmt_ran"] = True
            return cell, resources
        base_timeout = self.timeout
        try:
            if not self._prelude_done:
                self._prelude_done = True
                prelude = (HEADLESS if self.headless else "") + (
                    OUTPUT_CAP % self.max_output_bytes if self.max_output_bytes >= 0 else "")
                if prelude:
                    self._silent(prelude, timeout=max(5.0, min(30.0, self._left())))
            if self.use_guard and (is_test(cell) or not self._preamble_done):
                self._guard(index)
            left = self._left()
            if left != float("inf"):
                self.timeout = max(1, int(min(base_timeout or left, left)))
            self._out_bytes, self._capped = 0, False
            cell, resources = super().preprocess_cell(cell, resources, index)
            for out in cell.get("outputs", []):
                if out.get("output_type") == "error":
                    if out.get("ename") == "CellTimeoutError":
                        self._event("timeout", f"单元格运行超过 {self.timeout} 秒，已中断", index)
                    elif out.get("ename") == "MemoryError":
                        self._event("memory", "超出内存上限（MemoryError）", index)
                    elif out.get("ename") == "SystemExit":
                        self._event("exit", "代码调用了 sys.exit() 或 raise SystemExit", index)
                    elif out.get("ename") == "BlockingIOError" or "can't start new thread" in str(out.get("evalue")):
                        self._event("pids", "创建的进程或线程超过上限，已被阻止（例如无限 fork）", index)
                    elif "Read-only file system" in str(out.get("evalue", "")):
                        self._event("write", "试图写入课程或评分目录（只读，已阻止）", index)
        except DeadKernelError:
            self._stop = "wall" if self._watchdog_fired else "dead"
            code = self._exit_code()
            why = f"超过总时限 {self.wall_time:.0f} 秒，内核被终止" if self._stop == "wall" else \
                f"内核在运行时退出（{code}）：崩溃、超出内存上限或代码结束了内核进程"
            self._event(self._stop if self._stop == "wall" else "dead", why, index)
            cell.outputs = list(cell.get("outputs", [])) + [_error("DeadKernelError", why)]
        except CellTimeoutError:
            # interrupted after the timeout, but the kernel did not go idle within iopub_timeout:
            # give it a little longer before giving up on it
            cell.outputs = list(cell.get("outputs", [])) + [_error("CellTimeoutError", "超时")]
            try:
                alive = self._silent("pass", timeout=min(8.0, max(1.0, self._left()))) is not None
            except DeadKernelError:
                alive = False
            if alive:
                self._event("timeout", f"单元格运行超过 {self.timeout} 秒，已中断", index)
            else:
                self._stop = "unresponsive"
                self._event("timeout", f"单元格运行超过 {self.timeout} 秒且不响应中断，内核已终止", index)
                self._kill()
        finally:
            self.timeout = base_timeout
        cell.metadata["_nmt_ran"] = True
        return cell, resources

    def _exit_code(self) -> str:
        proc = getattr(getattr(self.km, "provisioner", None), "process", None)
        code = proc.poll() if proc is not None else None
        if code is None:
            return "退出码未知"
        if code < 0 or code > 128:
            num = -code if code < 0 else code - 128
            try:
                return f"信号 {signal.Signals(num).name}"
            except ValueError:
                return f"退出码 {code}"
        return f"退出码 {code}"

    def _interrupt_now(self) -> None:
        """Interrupt the kernel now, from inside the output callback.

        Not as an asyncio task: while a flood of messages is already waiting, nbclient's
        output loop never yields to the event loop (each awaited receive is already done), so
        a scheduled interrupt would wait until the cell timeout, however many bytes came in.
        """
        prov = getattr(self.km, "provisioner", None)
        proc = getattr(prov, "process", None)
        if getattr(self.km.kernel_spec, "interrupt_mode", "signal") == "signal" and proc is not None:
            try:
                if getattr(prov, "pgid", None):
                    os.killpg(prov.pgid, signal.SIGINT)
                else:
                    proc.send_signal(signal.SIGINT)
                return
            except OSError:
                pass
        asyncio.ensure_future(ensure_async(self.km.interrupt_kernel()))

    def _kill(self) -> None:
        proc = getattr(getattr(self.km, "provisioner", None), "process", None)
        if proc is not None:
            try:
                proc.kill()
            except OSError:
                pass

    def output(self, outs, msg, display_id, cell_index):
        kind = msg["msg_type"]
        if self.max_output_bytes >= 0 and kind in ("stream", "display_data", "execute_result"):
            if self._capped:
                return None
            content = msg.get("content", {})
            self._out_bytes += len(content.get("text", "")) + sum(len(str(v)) for v in content.get("data", {}).values())
            if self._out_bytes > self.max_output_bytes:
                self._capped = True
                outs.append(NotebookNode(output_type="stream", name="stdout",
                                         text=f"\n…… 输出超过 {self.max_output_bytes // 1024} KB，其余已省略 ……\n"))
                self._event("output", f"输出超过上限 {self.max_output_bytes // 1024} KB，已截断并中断该单元格",
                            cell_index)
                self._interrupt_now()
                return None
        return super().output(outs, msg, display_id, cell_index)  # errors are always kept
