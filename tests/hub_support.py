"""A lab-room hub for a test or the benchmark: throw-away accounts, a temporary state directory,
loopback ports; everything it made is removed on exit, also after a failure."""

from __future__ import annotations

import csv
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

from tests.browser_support import free_port

REPO = Path(__file__).resolve().parent.parent
# the shared course environment for every account (built once per pyproject.toml; see nmt_hub.env)
ENV = Path(os.environ.get("NMT_HUB_TEST_ENV", "/var/cache/nmt-hub/env"))
NOTEBOOK = REPO / "notebooks" / "beginner" / "B3-1_spread_data.ipynb"
COURSE = "nmt560003"


def can_run() -> str | None:
    """Why a hub cannot run here (None: it can)."""
    if os.geteuid() != 0:
        return "机房 Hub 测试需要 root（建系统账户、以学生身份启动服务器）"
    for tool in ("useradd", "userdel", "runuser", "npm"):
        if not shutil.which(tool, path=os.environ.get("PATH", "") + ":/usr/sbin:/sbin"):
            return f"机房 Hub 测试需要 {tool}"
    return None


def kill_processes_of(users: list[str]) -> None:
    """SIGKILL, by pid, whatever still runs as the throw-away accounts this room made."""
    import pwd
    uids = set()
    for user in users:
        try:
            uids.add(pwd.getpwnam(user).pw_uid)
        except KeyError:
            pass
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            if proc.stat().st_uid in uids:
                os.kill(int(proc.name), signal.SIGKILL)
        except (OSError, ProcessLookupError):
            pass


class Room:
    def __init__(self, students: list[str], prefix: str | None = None, notebooks=(NOTEBOOK,), assignment="B3"):
        self.prefix = prefix or ("t" + "".join(secrets.choice("abcdefghjkmnpqrstuvwxyz") for _ in range(4)))
        self.ids = students
        self.users = [f"{self.prefix}{s}" for s in students]
        self.instructor = f"{self.prefix}teacher"
        self.state = Path(tempfile.mkdtemp(prefix="nmt-hub-", dir="/tmp"))
        os.chmod(self.state, 0o755)
        self.classlist = self.state / "名单.csv"
        with open(self.classlist, "w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(["学号", "姓名"])
            for i, sid in enumerate(students):
                w.writerow([sid, f"学生{i + 1}"])
        self.port, self.hub_port, self.api_port = free_port(), free_port(), free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.notebooks = list(notebooks)
        self.assignment = assignment
        self.proc: subprocess.Popen | None = None
        self.log = self.state / "hub.log"

    # -- the hub process ------------------------------------------------------------------------
    def start(self, deadline: float = 1200, classlist: bool = True) -> None:
        subprocess.run(["make", "-s", "hub-deps"], cwd=REPO, check=True)
        cmd = [sys.executable, "-m", "nmt_hub", "--state", str(self.state), "start", "--ip", "127.0.0.1",
               "--port", str(self.port), "--hub-port", str(self.hub_port), "--proxy-api-port", str(self.api_port),
               "--instructor", self.instructor, "--prefix", self.prefix,
               "--assignment", self.assignment, "--env", str(ENV)]
        if classlist:
            cmd += ["--classlist", str(self.classlist)]
        for nb in self.notebooks:
            cmd += ["--notebook", str(nb)]
        log = open(self.log, "ab")
        self.proc = subprocess.Popen(cmd, cwd=REPO, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        t0 = time.monotonic()
        while time.monotonic() - t0 < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"hub exited ({self.proc.returncode}):\n{self.tail()}")
            try:
                if requests.get(f"{self.base}/hub/login", timeout=5).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.5)
        raise RuntimeError(f"hub login page did not answer within {deadline:.0f} s:\n{self.tail()}")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(60)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(10)
        self.proc = None

    def tail(self, n: int = 4000) -> str:
        try:
            return self.log.read_text("utf-8", "replace")[-n:]
        except OSError:
            return ""

    def cleanup(self) -> None:
        self.stop()
        kill_processes_of([*self.users, self.instructor])
        for user in [*self.users, self.instructor]:
            subprocess.run(["userdel", user], capture_output=True)
        shutil.rmtree(self.state, ignore_errors=True)

    # -- helpers ---------------------------------------------------------------------------------
    def cli(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        r = subprocess.run([sys.executable, "-m", "nmt_hub", "--state", str(self.state), *args], cwd=REPO,
                           capture_output=True, text=True)
        if check and r.returncode != 0:
            raise AssertionError(f"nmt_hub {' '.join(args)} → {r.returncode}\n{r.stdout}\n{r.stderr[-3000:]}")
        return r

    def as_user(self, user: str, code: str) -> subprocess.CompletedProcess:
        """Run Python ``code`` as system user ``user`` (the course environment's interpreter)."""
        python = ENV / "venv" / "bin" / "python"
        if not python.exists():
            python = Path(sys.executable)
        return subprocess.run(["runuser", "-u", user, "--", str(python), "-c", code], capture_output=True,
                              text=True, cwd="/")

    def __enter__(self) -> Room:
        return self

    def __exit__(self, *exc) -> None:
        self.cleanup()
