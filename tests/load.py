"""A CPU hog for tests that must hold on a loaded machine (limits that trip on bytes, not time)."""

from __future__ import annotations

import os
import subprocess
import sys
from contextlib import contextmanager


@contextmanager
def cpu_hog(processes: int | None = None):
    """Keep every core busy (one spinning process per core) while the block runs."""
    n = processes or os.cpu_count() or 2
    procs = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(n)]
    try:
        yield procs
    finally:
        for p in procs:
            p.kill()
        for p in procs:
            p.wait()
