"""Benchmark: a lab room at the hub, on loopback (prints figures; not a timed test).

    sudo .venv/bin/python bench/hub_room.py                   # 40 students
    sudo .venv/bin/python bench/hub_room.py --students 60 --waves 2

A throw-away hub (temporary state directory, accounts ``b<xxxx><n>``, loopback ports, removed at
the end) with one assignment (B3-1). The instructor releases it; then all students at once (or in
``--waves`` groups, as a room that trickles in) log in through the login form, start their
servers, fetch the assignment, save a notebook carrying their own marker through the REST API
and submit. The instructor collects. Checked: every student's submission is collected and holds
that student's marker (nothing lost, nothing mixed up). Printed: the time of each phase (median,
95th percentile, max over students), the whole room's wall time, and the memory the servers use.
"""

from __future__ import annotations

import argparse
import json
import secrets
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from nmt_hub.client import HubUser  # noqa: E402
from tests.hub_support import COURSE, NOTEBOOK, Room, can_run  # noqa: E402

PASSWORD = "bench2025"


def pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(q * (len(xs) - 1))))]


def student(room: Room, sid: str) -> dict:
    t = {}
    u = HubUser(room.base, sid, PASSWORD, timeout=300)
    t0 = time.monotonic()
    u.login()
    t["login"] = time.monotonic() - t0
    t["start"] = u.start(deadline=900)
    t1 = time.monotonic()
    out = u.action("fetch", COURSE, "B3")
    assert out["success"], out
    t["fetch"] = time.monotonic() - t1
    nb = u.contents(f"B3/{NOTEBOOK.name}")["content"]
    nb["cells"].append({"cell_type": "markdown", "metadata": {}, "source": f"bench-marker {u.name}"})
    t2 = time.monotonic()
    u.put_notebook(f"B3/{NOTEBOOK.name}", nb)
    out = u.action("submit", COURSE, "B3")
    assert out["success"], str(out)[-500:]
    t["submit"] = time.monotonic() - t2
    t["total"] = time.monotonic() - t0
    t["user"] = u.name
    return t


def rss_mb(users: list[str]) -> float:
    out = subprocess.run(["ps", "-o", "rss=", "-u", ",".join(users)], capture_output=True, text=True).stdout
    return sum(int(x) for x in out.split()) / 1024


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--students", type=int, default=40)
    p.add_argument("--waves", type=int, default=1, help="students arrive in this many equal groups")
    a = p.parse_args()
    why = can_run()
    if why:
        print(why, file=sys.stderr)
        return 2
    ids = [f"{9000 + i}" for i in range(a.students)]
    prefix = "b" + "".join(secrets.choice("abcdefghjkmnpqrstuvwxyz") for _ in range(4))
    with Room(ids, prefix=prefix) as room:
        t0 = time.monotonic()
        room.start()
        print(f"hub up in {time.monotonic() - t0:.1f} s (accounts, course, env check); {a.students} students")
        room.cli("release", "B3")
        results: list[dict] = []
        t_room = time.monotonic()
        size = -(-a.students // a.waves)
        with ThreadPoolExecutor(size) as pool:
            for w in range(a.waves):
                results += list(pool.map(lambda s: student(room, s), ids[w * size:(w + 1) * size]))
        wall = time.monotonic() - t_room
        mem = rss_mb(room.users)
        t_c = time.monotonic()
        r = room.cli("collect", "B3")
        collect = time.monotonic() - t_c
        course = room.state / "home" / room.instructor / "course" / "submitted"
        lost = []
        for res in results:
            path = course / res["user"] / "B3" / NOTEBOOK.name
            text = path.read_text("utf-8") if path.exists() else ""
            if f"bench-marker {res['user']}" not in text:
                lost.append(res["user"])
        print(r.stdout.strip())
        print(f"\n{'phase':<8} {'median':>8} {'p95':>8} {'max':>8}   (seconds per student)")
        for k in ("login", "start", "fetch", "submit", "total"):
            xs = [x[k] for x in results]
            print(f"{k:<8} {statistics.median(xs):8.1f} {pct(xs, 0.95):8.1f} {max(xs):8.1f}")
        print(f"\nroom wall time (all {a.students} students logged in → submitted, {a.waves} wave(s)): {wall:.1f} s")
        print(f"collect: {collect:.1f} s; collected {a.students - len(lost)}/{a.students}; lost or mixed up: {lost}")
        print(f"memory of the {a.students} running servers: {mem:.0f} MB ({mem / a.students:.0f} MB each)")
        print(json.dumps({"students": a.students, "waves": a.waves, "wall_s": round(wall, 1), "lost": len(lost),
                          "start_p95_s": round(pct([x["start"] for x in results], 0.95), 1),
                          "mem_mb_each": round(mem / a.students)}))
        return 1 if lost else 0


if __name__ == "__main__":
    sys.exit(main())
