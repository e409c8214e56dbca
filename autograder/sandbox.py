"""Start a student's kernel in a sandbox: read-only file system, no network, own process tree, limits.

The batch grader (``autograder.batch``) starts every kernel through :class:`SandboxKernelManager`,
a jupyter_client kernel manager whose command is wrapped so that, when the grader runs as root
and Linux namespaces are available, the kernel runs as

    unshare --mount --pid --net --fork --kill-child --mount-proc -- python sandbox.py ... -- <kernel>

``sandbox.py`` itself (this file, run as a script, standard library only) then, inside the new
namespaces:

1. mounts empty ``tmpfs`` over ``/tmp``, ``/var/tmp``, ``/dev/shm`` and the grader's work folder,
   so the kernel sees no other submission, course copy or kernel connection file;
2. bind-mounts the kernel's own working folder back in place, writable;
3. remounts every other file system read-only: the course, the gradebook, the grader's code,
   ``nmt_lab`` and the data sets cannot be changed;
4. sets the resource limits (address space, file size, no core dumps; the number of processes
   through a pids cgroup the grader made, joined first);
5. drops every capability (so the mounts cannot be undone) and sets ``no_new_privs``;
6. executes the kernel, which talks to the grader over Unix sockets in its working folder (the
   network namespace has no interface up).

The kernel is process 1 of its PID namespace: when it exits or is killed, every process it left
behind is killed too. Without root (or without namespaces) the kernel still gets the resource
limits and runs in a temporary working folder; the batch then relies on its integrity audit.
"""

from __future__ import annotations

import ctypes
import os
import resource
import sys

MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 1, 2, 4, 8
MS_REMOUNT, MS_NOATIME, MS_NODIRATIME, MS_BIND = 32, 1024, 2048, 4096
MS_REC, MS_PRIVATE, MS_RELATIME = 16384, 1 << 18, 1 << 21
PR_CAPBSET_DROP, PR_SET_NO_NEW_PRIVS = 24, 38
_FLAG_OF = {"nosuid": MS_NOSUID, "nodev": MS_NODEV, "noexec": MS_NOEXEC, "noatime": MS_NOATIME,
            "nodiratime": MS_NODIRATIME, "relatime": MS_RELATIME}
_COURSE_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # nmt_lab, datasets, autograder
# Never remounted read-only: kernel-provided file systems (the kernel needs /dev/null, /proc).
_SKIP = ("/proc", "/sys", "/dev")


def _libc():
    return ctypes.CDLL(None, use_errno=True)


def _mount(libc, source, target, fstype, flags, data=None) -> int:
    def enc(s):
        return s.encode() if isinstance(s, str) else s
    return libc.mount(enc(source), enc(target), enc(fstype), ctypes.c_ulong(flags), enc(data))


def _unescape(path: str) -> str:
    return path.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n").replace("\\134", "\\")


def _mounts() -> list[tuple[str, int]]:
    """(mount point, per-mount flags to keep) from /proc/self/mountinfo."""
    out = []
    with open("/proc/self/mountinfo", encoding="utf-8") as fh:
        for line in fh:
            fields = line.split()
            point, opts = _unescape(fields[4]), fields[5].split(",")
            flags = 0
            for opt in opts:
                flags |= _FLAG_OF.get(opt, 0)
            out.append((point, flags))
    return out


def _under(path: str, roots) -> bool:
    return any(path == r or path.startswith(r.rstrip("/") + "/") for r in roots)


def confine(workdir: str, hide: list[str]) -> None:
    """Steps 1-3 of the module docstring (we are root in fresh mount and PID namespaces)."""
    libc = _libc()
    if _mount(libc, None, "/", None, MS_REC | MS_PRIVATE) != 0:
        raise OSError(ctypes.get_errno(), "mount --make-rprivate /")
    mounts = _mounts()
    keep = os.open(workdir, os.O_RDONLY | os.O_DIRECTORY)
    targets = [p for p in ["/tmp", "/var/tmp", "/dev/shm", *hide] if os.path.isdir(p)]
    # The kernel's Python and the course (nmt_lab, datasets) must stay visible even when they
    # live under a hidden folder (a clone in /tmp): hold them open, cover, then bind them back.
    needed = {os.path.realpath(p) for p in (sys.prefix, sys.base_prefix, _COURSE_ROOT)}
    needed = [p for p in sorted(needed) if _under(p, targets)]
    held = {p: os.open(p, os.O_RDONLY | os.O_DIRECTORY) for p in needed}
    hidden = []
    for path in targets:
        if not _under(path, hidden):
            if _mount(libc, "tmpfs", path, "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777,size=256m") != 0:
                raise OSError(ctypes.get_errno(), f"mount tmpfs {path}")
            hidden.append(path)
    for path, fd in held.items():
        os.makedirs(path, exist_ok=True)
        if _mount(libc, f"/proc/self/fd/{fd}", path, None, MS_BIND | MS_REC) != 0:
            raise OSError(ctypes.get_errno(), f"bind {path}")
        _mount(libc, None, path, None, MS_REMOUNT | MS_BIND | MS_RDONLY)
        os.close(fd)
    for path in targets:  # hidden folders inside what was bound back (the grader's work folder)
        if _under(path, needed) and os.path.isdir(path):
            if _mount(libc, "tmpfs", path, "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777,size=256m") != 0:
                raise OSError(ctypes.get_errno(), f"mount tmpfs {path}")
    os.makedirs(workdir, exist_ok=True)
    os.fchdir(keep)  # "." is still the original (now covered) working folder
    if _mount(libc, ".", workdir, None, MS_BIND | MS_REC) != 0:
        raise OSError(ctypes.get_errno(), f"bind {workdir}")
    os.close(keep)
    for point, flags in mounts:
        if _under(point, _SKIP) or _under(point, hidden) or _under(point, [workdir]):
            continue
        _mount(libc, None, point, None, MS_REMOUNT | MS_BIND | MS_RDONLY | flags)  # best effort per mount
    # the root file system must be read-only, or the sandbox is pointless
    probe = os.path.join("/", f".nmt-sandbox-probe-{os.getpid()}")
    try:
        open(probe, "w").close()
    except OSError:
        pass
    else:
        os.unlink(probe)
        raise OSError("root file system still writable")
    os.chdir(workdir)


def drop_privileges() -> None:
    libc = _libc()
    for cap in range(64):
        libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0)
    if libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "no_new_privs")


# Processes and threads one kernel may have at once (a kernel uses about 15; ffmpeg a few more).
PIDS_MAX = 256
_CGROUP_ROOTS = ("/sys/fs/cgroup/pids", "/sys/fs/cgroup")  # cgroup v1 pids hierarchy, cgroup v2


def pids_cgroup(name: str, limit: int = PIDS_MAX) -> str | None:
    """Make a cgroup whose processes may number at most ``limit`` (a fork bomb then fails with
    EAGAIN instead of taking the machine's process table); its path, or None without root or a
    writable pids controller. Empty leftovers of earlier graders (``nmt-grade-*``) are removed."""
    for base in _CGROUP_ROOTS:
        if not os.path.isfile(os.path.join(base, "cgroup.procs")):
            continue
        for old in os.listdir(base):
            if old.startswith("nmt-grade-") and not os.path.exists(f"/proc/{old.rsplit('-', 1)[-1]}"):
                remove_cgroup(os.path.join(base, old), wait=0)
        path = os.path.join(base, name)
        try:
            os.makedirs(path, exist_ok=True)
            with open(os.path.join(path, "pids.max"), "w") as fh:
                fh.write(str(limit))
            return path
        except OSError:
            remove_cgroup(path, wait=0)
    return None


def join_cgroup(path: str | None) -> None:
    """Move this process (and its future children) into the cgroup."""
    if path:
        with open(os.path.join(path, "cgroup.procs"), "w") as fh:
            fh.write(str(os.getpid()))


def remove_cgroup(path: str, wait: float = 2.0) -> None:
    """rmdir the cgroup once its last process is gone (killed kernels take a moment)."""
    import time
    end = time.monotonic() + wait
    while True:
        try:
            os.rmdir(path)
            return
        except FileNotFoundError:
            return
        except OSError:
            if time.monotonic() >= end:
                return
            time.sleep(0.1)


def set_limits(memory_mb: int, fsize_mb: int) -> None:
    if memory_mb > 0:
        resource.setrlimit(resource.RLIMIT_AS, (memory_mb << 20, memory_mb << 20))
    if fsize_mb > 0:
        resource.setrlimit(resource.RLIMIT_FSIZE, (fsize_mb << 20, fsize_mb << 20))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def kernel_env(workdir: str) -> dict:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("PG", "NMT_GRADE", "JPY_", "JUPYTER_TOKEN", "DATABASE_URL"))}
    env.update(HOME=workdir, IPYTHONDIR=os.path.join(workdir, ".ipython"),
               MPLCONFIGDIR=os.path.join(workdir, ".config", "matplotlib"),
               XDG_CACHE_HOME=os.path.join(workdir, ".cache"), XDG_CONFIG_HOME=os.path.join(workdir, ".config"),
               JUPYTER_RUNTIME_DIR=workdir, TMPDIR=workdir, PYTHONDONTWRITEBYTECODE="1",
               OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1", NUMEXPR_NUM_THREADS="1",
               NMT_SANDBOX="1")
    return env


def main(argv: list[str]) -> None:
    """sandbox.py --workdir DIR [--hide DIR]... [--memory MB] [--fsize MB] [--cgroup DIR] [--confine] -- CMD..."""
    sep = argv.index("--")
    opts, cmd = argv[:sep], argv[sep + 1:]
    workdir, hide, memory, fsize, jail, cgroup = None, [], 0, 0, False, None
    i = 0
    while i < len(opts):
        key = opts[i]
        if key == "--confine":
            jail = True
            i += 1
            continue
        value = opts[i + 1]
        if key == "--workdir":
            workdir = value
        elif key == "--hide":
            hide.append(value)
        elif key == "--memory":
            memory = int(value)
        elif key == "--fsize":
            fsize = int(value)
        elif key == "--cgroup":
            cgroup = value
        i += 2
    join_cgroup(cgroup)
    if jail:
        confine(workdir, hide)
        drop_privileges()
    os.chdir(workdir)
    set_limits(memory, fsize)
    log = os.open(os.path.join(workdir, "kernel.log"), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.dup2(log, 1)
    os.dup2(log, 2)
    os.close(log)
    os.execvpe(cmd[0], cmd, kernel_env(workdir))


if __name__ == "__main__":
    try:
        main(sys.argv[1:])
    except Exception as exc:  # the grader reads this on the kernel's stderr
        print(f"nmt-sandbox: {exc}", file=sys.stderr)
        sys.exit(70)
