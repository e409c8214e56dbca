"""The course environment every account runs: the repository's .venv if all users can reach it,
otherwise a copy of the course with its own venv under a world-readable folder.

A common case for the copy: the interpreter behind ``.venv`` lives under ``/root`` (pyenv), or
the clone itself does; a student's server started from it fails with "Permission denied".
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

from nmt_hub.room import REPO, RoomError, runuser

IGNORE = shutil.ignore_patterns(".venv", ".git", "build", "artifacts", "__pycache__", "node_modules",
                                ".pytest_cache", "*.egg-info", ".ruff_cache")
LAB_OVERRIDES = '{\n  "@jupyterlab/translation-extension:plugin": {"locale": "zh_CN"}\n}\n'
PROBE = "import nmt_lab, nbgrader, jupyterhub, firstuseauthenticator; nmt_lab.load('posts')"


def reachable(python: Path, user: str = "nobody") -> bool:
    """Can ``user`` run ``python`` and import the course with it?"""
    r = subprocess.run([runuser(), "-u", user, "--", str(python), "-c", PROBE], capture_output=True, cwd="/")
    return r.returncode == 0


def _world_python() -> str:
    for cand in ("/usr/bin/python3", "/usr/local/bin/python3"):
        if Path(cand).exists() and subprocess.run(
                [runuser(), "-u", "nobody", "--", cand, "-c", "import venv, ensurepip"],
                capture_output=True, cwd="/").returncode == 0:
            return cand
    raise RoomError("找不到所有用户都能运行的 Python 3（/usr/bin/python3，需要 venv 模块）："
                    "Debian 上请 apt-get install -y python3-venv。")


def _world_readable(top: Path) -> None:
    """Everyone may read ``top`` and everything below it (the folder itself too: copytree gives a
    copy the mode of its source, and a clone in a private temporary folder is 0700)."""
    os.chmod(top, os.stat(top).st_mode | 0o555)
    for root, dirs, files in os.walk(top):
        for name in dirs + files:
            p = os.path.join(root, name)
            if not os.path.islink(p):
                mode = os.stat(p).st_mode
                os.chmod(p, mode | 0o444 | (0o111 if mode & 0o100 or os.path.isdir(p) else 0))


def _digest(repo: Path) -> str:
    """What the installed environment depends on: the course's dependencies (not pytest settings)."""
    project = tomllib.loads((repo / "pyproject.toml").read_text("utf-8"))["project"]
    return hashlib.sha256(json.dumps(sorted(project["dependencies"])).encode()).hexdigest()[:16]


def ensure(env_dir: Path, repo: Path = REPO, log=print) -> tuple[Path, Path]:
    """(bin dir, course folder) that every account can use; builds the copy when needed."""
    here = Path(sys.executable).parent
    if reachable(here / "python"):
        return here, repo
    env_dir = Path(env_dir)
    course = env_dir / "course"
    venv = env_dir / "venv"
    env_dir.mkdir(parents=True, exist_ok=True)
    with open(env_dir / ".lock", "w") as lock:  # one installer at a time (a test and `make hub` may share it)
        fcntl.flock(lock, fcntl.LOCK_EX)
        return _ensure(env_dir, course, venv, here, repo, log)


def _ensure(env_dir: Path, course: Path, venv: Path, here: Path, repo: Path, log) -> tuple[Path, Path]:
    shutil.copytree(repo, course, ignore=IGNORE, dirs_exist_ok=True, symlinks=True)
    stamp = venv / ".installed"
    if not stamp.exists() or stamp.read_text().strip() != _digest(repo):
        log(f"课程环境 {here} 不是所有账户都能运行（比如解释器在 /root 下）："
            f"在 {venv} 为所有账户安装一份（约 1–2 分钟）……")
        shutil.rmtree(venv, ignore_errors=True)
        subprocess.run([_world_python(), "-m", "venv", str(venv)], check=True)
        pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet"]
        r = subprocess.run([*pip, "-e", str(course)], capture_output=True, text=True)
        if r.returncode != 0:
            raise RoomError(f"为所有账户安装课程环境失败：\n{r.stderr[-2000:]}")
        subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "uninstall", "--quiet", "--yes", "rfc3987-syntax"],
                       capture_output=True)
        settings = venv / "share" / "jupyter" / "lab" / "settings"
        settings.mkdir(parents=True, exist_ok=True)
        (settings / "overrides.json").write_text(LAB_OVERRIDES, encoding="utf-8")
        _world_readable(venv)
        stamp.write_text(_digest(repo))
    _world_readable(course)
    os.chmod(env_dir, 0o755)
    if not reachable(venv / "bin" / "python"):
        raise RoomError(f"{venv} 装好了，但普通账户仍无法运行它：请检查 {env_dir} 的上级目录是否所有用户可进入。")
    return venv / "bin", course
