"""A throw-away PostgreSQL server for tests: ``initdb`` + ``pg_ctl`` in a temporary folder.

    python -m autograder.pgserver --ensure     # install Debian's postgresql when missing (root)

The server listens on a free loopback port with ``trust`` authentication and runs as the
``postgres`` user when we are root (PostgreSQL refuses to run as root). When the binaries are
missing and we are root on Debian, :func:`ensure_installed` runs ``apt-get install -y postgresql``;
otherwise it raises with the instruction to install it.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

INSTALL_HINT = "需要 PostgreSQL 服务器程序：以 root 运行 `apt-get install -y postgresql`（Debian/Ubuntu）后重试。"


def find_bin() -> Path | None:
    """The folder with initdb and pg_ctl (Debian keeps them in /usr/lib/postgresql/<ver>/bin)."""
    for cand in sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[-2]), reverse=True):
        if (Path(cand) / "initdb").exists() and (Path(cand) / "pg_ctl").exists():
            return Path(cand)
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(found).resolve().parent
    return None


def ensure_installed() -> Path:
    """The binaries folder, installing Debian's ``postgresql`` first if needed (root only)."""
    found = find_bin()
    if found:
        return found
    if os.geteuid() == 0 and shutil.which("apt-get"):
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-q"], check=False, env=env, capture_output=True)
        r = subprocess.run(["apt-get", "install", "-y", "-q", "--no-install-recommends", "postgresql"], env=env,
                           capture_output=True, text=True)
        found = find_bin()
        if found:
            return found
        raise RuntimeError(f"apt-get install postgresql 失败：{r.stderr[-800:]}\n{INSTALL_HINT}")
    raise RuntimeError(INSTALL_HINT)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """``with Server() as pg: pg.url`` — a fresh cluster, stopped and removed on exit."""

    def __init__(self, dbname: str = "gradebook"):
        self.dbname = dbname
        self.bin = ensure_installed()
        self.dir = Path(tempfile.mkdtemp(prefix="nmt-pg-"))
        self.port = _free_port()
        self.user = None
        if os.geteuid() == 0:
            import pwd
            try:
                self.user = pwd.getpwnam("postgres")
            except KeyError as exc:
                raise RuntimeError("以 root 运行需要系统用户 postgres（安装 postgresql 软件包会创建它）。") from exc
            os.chown(self.dir, self.user.pw_uid, self.user.pw_gid)
        self.url = f"postgresql+psycopg2://postgres@127.0.0.1:{self.port}/{dbname}"

    def _run(self, *cmd, check=True):
        args = [str(self.bin / cmd[0]), *cmd[1:]]
        if self.user is not None:
            args = ["setpriv", f"--reuid={self.user.pw_uid}", f"--regid={self.user.pw_gid}", "--init-groups", "--",
                    *args]
        env = {**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8", "HOME": str(self.dir)}
        return subprocess.run(args, check=check, capture_output=True, text=True, env=env, cwd=self.dir)

    def start(self) -> Server:
        data = self.dir / "data"
        self._run("initdb", "-D", str(data), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync")
        opts = f"-h 127.0.0.1 -p {self.port} -k {self.dir} -c fsync=off -c full_page_writes=off"
        r = self._run("pg_ctl", "-D", str(data), "-o", opts, "-l", str(self.dir / "log"), "-w", "-t", "60", "start",
                      check=False)
        if r.returncode != 0:
            log = (self.dir / "log").read_text(errors="replace") if (self.dir / "log").exists() else ""
            raise RuntimeError(f"PostgreSQL 无法启动：{r.stderr}\n{log[-2000:]}")
        import psycopg2
        deadline = time.monotonic() + 60  # pg_ctl -w waited for start-up; a loaded machine may still lag
        while True:
            try:
                conn = psycopg2.connect(host="127.0.0.1", port=self.port, user="postgres", dbname="postgres")
                break
            except psycopg2.OperationalError:
                if time.monotonic() > deadline:
                    raise RuntimeError("PostgreSQL 在 60 秒内没有响应") from None
                time.sleep(0.2)
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute(f'CREATE DATABASE "{self.dbname}"')
        conn.close()
        return self

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.dir / "data"), "-m", "immediate", "-w", "stop", check=False)
        shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self) -> Server:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--ensure"]:
        try:
            print(ensure_installed())
        except RuntimeError as exc:
            print(exc, file=sys.stderr)
            return 1
        return 0
    print(__doc__)
    return 0


if __name__ == "__main__":
    sys.exit(main())
