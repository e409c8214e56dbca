"""The lab room end to end on loopback: a hub with real accounts, nbgrader's exchange, our grader.

instructor releases → students log in, start servers, fetch (one of them in Chromium, from the
Assignments tab) → a solved, a partial and a blank notebook (written through the Jupyter REST API)
→ submit (a second identical submit is refused in Chinese) → collect → ``autograder.batch`` grades
→ feedback released → every student fetches their own feedback, byte-identical to the grader's
page for them; then, as a student account, nobody else's home, the instructor's source, the
gradebook or the exchange's lists can be read. Finally the hub restarts on the same state
directory and a student logs in again with the same password and finds the work.
"""

from __future__ import annotations

import copy
import csv
import json
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote

import pytest
import requests

from autograder import notebook as nbk
from nmt_hub.client import HubError, HubUser
from tests import hub_support
from tests.hub_support import COURSE, NOTEBOOK, Room

pytestmark = [pytest.mark.hub, pytest.mark.xdist_group("hub"),
              pytest.mark.skipif(hub_support.can_run() is not None, reason=hub_support.can_run() or "")]

NB = NOTEBOOK.name
PASSWORD = "kaixue2025"


@pytest.fixture(scope="module")
def room():
    with Room(["9101", "9102", "9103", "9104"]) as r:
        r.start()
        yield r


def _answers(release: dict, solve: int | None) -> dict:
    """The release notebook with the first ``solve`` answer cells (None: all) taken from the source."""
    source = {nbk.nbgrader_meta(c).get("grade_id"): c.source for c in nbk.read(NOTEBOOK).cells
              if nbk.nbgrader_meta(c).get("solution")}
    out = copy.deepcopy(release)
    done = 0
    for cell in out["cells"]:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if meta.get("solution") and (solve is None or done < solve):
            cell["source"] = source[meta["grade_id"]]
            done += 1
    return out


def _grades(path: Path) -> dict[str, float]:
    with open(path, encoding="utf-8-sig") as fh:
        return {row["student_id"]: float(row["score"]) for row in csv.DictReader(fh)}


def _browser_student(room: Room, user: str) -> None:
    """Log in in Chromium, fetch from the Assignments tab, run a cell, save, submit."""
    from playwright.sync_api import sync_playwright

    from tests.browser_support import ACTIVE, CHROMIUM_ARGS, find_chromium, menu, menubar_labels, wait_kernel_idle
    chromium = find_chromium()
    assert chromium, "Chromium missing: sh scripts/system-deps.sh"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900}, locale="zh-CN")
            page.set_default_timeout(180_000)
            page.goto(f"{room.base}/hub/login")
            page.fill("#username_input", user.removeprefix(room.prefix))  # students type their 学号
            page.fill("#password_input", PASSWORD)
            page.click("#login_submit")
            page.wait_for_url(f"**/user/{user}/lab**", timeout=300_000)
            page.wait_for_selector(".lm-MenuBar-itemLabel", timeout=180_000)
            assert "文件" in menubar_labels(page), menubar_labels(page)  # JupyterLab in Chinese
            menu(page, "Nbgrader", "Assignment List")
            fetch = page.locator("#released_assignments_list button", has_text="Fetch")
            fetch.first.click()
            page.locator("#fetched_assignments_list button", has_text="Submit").first.wait_for()
            page.goto(f"{room.base}/user/{user}/lab/tree/B3/{NB}")
            wait_kernel_idle(page, timeout=180_000)
            cell = page.locator(f"{ACTIVE} .jp-CodeCell").first
            cell.locator(".jp-InputArea-editor").click()
            page.keyboard.press("Shift+Enter")
            page.wait_for_function(
                """(sel) => { const p = document.querySelector(sel + ' .jp-CodeCell .jp-InputPrompt');
                              return p && /\\d/.test(p.textContent); }""", arg=ACTIVE)
            wait_kernel_idle(page, timeout=180_000)
            page.keyboard.press("Control+s")
            saved = room.state / "home" / user / "B3" / NB
            deadline = time.monotonic() + 120
            while not any(c.get("execution_count") for c in json.loads(saved.read_text("utf-8"))["cells"]):
                assert time.monotonic() < deadline, "the notebook was not saved with the executed cell"
                time.sleep(0.5)
            menu(page, "Nbgrader", "Assignment List")
            page.locator("#fetched_assignments_list button", has_text="Submit").first.click()
            page.locator("#submitted_assignments_list .list_item").first.wait_for()
        finally:
            browser.close()


def _lap(what: str, t0=[None]) -> None:  # noqa: B006 - step timings in the test's output
    now = time.monotonic()
    if t0[0] is not None:
        print(f"  {what}: {now - t0[0]:.1f} s")
    t0[0] = now


def test_release_fetch_submit_collect_grade_feedback_restart(room: Room):
    _lap("start")
    solved, partial, blank, browser_user = room.users
    teacher = room.instructor

    login = requests.get(f"{room.base}/hub/login", timeout=60).content.decode("utf-8")
    assert "第一次登录时输入的密码就是以后的密码" in login, login[-3000:]  # the login page tells students how

    # nothing to collect before anyone submitted: a clear message, not nbgrader's traceback
    r = room.cli("collect", "B3", check=False)
    assert r.returncode == 1 and "还没有学生提交作业 B3" in r.stderr, r.stderr

    _lap("empty collect")
    room.cli("release", "B3")

    students = {u: HubUser(room.base, u.removeprefix(room.prefix), PASSWORD, timeout=120)
                for u in (solved, partial, blank)}

    def arrive(u: HubUser) -> None:
        u.login()
        u.start()
        listed = u.assignments(COURSE)
        assert [a["status"] for a in listed if a["assignment_id"] == "B3"] == ["released"], listed
        assert u.action("fetch", COURSE, "B3")["success"]

    with ThreadPoolExecutor(3) as pool:
        list(pool.map(arrive, students.values()))
    _lap("login+start+fetch x3")
    assert {u.name for u in students.values()} == {solved, partial, blank}  # 学号 → account name

    release = students[solved].contents(f"B3/{NB}")["content"]
    students[solved].put_notebook(f"B3/{NB}", _answers(release, None))
    students[partial].put_notebook(f"B3/{NB}", _answers(release, 1))
    for u in students.values():
        out = u.action("submit", COURSE, "B3")
        assert out["success"], out
    again = students[blank].action("submit", COURSE, "B3")
    assert not again["success"] and "完全一样，不用重复提交" in again["value"], again

    _lap("put+submit")
    # the formgrader is the instructor's: absent from a student's server, present on the instructor's
    assert students[solved].api("GET", "formgrader").status_code == 404
    instructor = HubUser(room.base, teacher, PASSWORD, timeout=120)
    instructor.login()
    instructor.start()
    assert instructor.api("GET", "formgrader").status_code == 200

    _lap("instructor")
    _browser_student(room, browser_user)

    _lap("browser")
    r = room.cli("collect", "B3")
    assert "4 名学生" in r.stdout, r.stdout
    course = room.state / "home" / teacher / "course"
    submitted = course / "submitted" / browser_user / "B3" / NB
    ran = [c for c in json.loads(submitted.read_text("utf-8"))["cells"] if c.get("execution_count")]
    assert ran, "the browser student's submission has no executed cell"

    _lap("collect")
    room.cli("grade", "B3", "--jobs", "2")
    out = course / "grading" / "B3"
    grades = _grades(out / "grades.csv")
    assert grades[solved] > grades[partial] > 0, grades
    assert grades[blank] == 0 and grades[browser_user] == 0, grades

    _lap("grade")
    pages = {}
    for user, u in students.items():
        assert u.action("fetch_feedback", COURSE, "B3")["success"]
        (stamp,) = u.contents("B3/feedback")["content"]
        r = u.api("GET", f"files/B3/feedback/{quote(stamp['name'])}/{NOTEBOOK.stem}.html")
        assert r.status_code == 200, (user, r.status_code)
        pages[user] = r.content
        assert r.content == (out / "feedback" / f"{user}.html").read_bytes(), f"{user}: not our feedback page"
    assert len(set(pages.values())) == 3  # each their own

    _lap("feedback")
    # isolation, checked as a student account
    home = room.state / "home"
    probe = f"""
import glob, os, sys
bad = []
for path in [{str(home / solved)!r}, {str(home / teacher)!r}, {str(course / "source")!r},
             {str(course / "gradebook.db")!r}, {str(course / "submitted")!r},
             {str(room.state / "exchange" / COURSE / "inbound")!r},
             {str(room.state / "exchange" / COURSE / "feedback")!r},
             {str(home / solved / ".local/share/jupyter/nbgrader_cache")!r}]:
    try:
        if os.path.isdir(path):
            os.listdir(path)
        else:
            open(path, "rb").read(1)
        bad.append(path)
    except PermissionError:
        pass
print(repr(bad))
print(os.listdir({str(home / blank)!r}) is not None)
"""
    r = room.as_user(blank, probe)
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines() == ["[]", "True"], r.stdout

    _lap("isolation")

    # stop and start again on the same state directory, no class list given: the saved one is used;
    # a student logs in with the same password and finds the work (xdist does not keep test order,
    # so this is the round trip's last step rather than a test of its own)
    room.stop()
    room.start(classlist=False)
    back = HubUser(room.base, solved.removeprefix(room.prefix), PASSWORD, timeout=120)
    back.login()
    back.start()
    assert any(c["name"] == NB for c in back.contents("B3")["content"])
    assert back.contents("B3/feedback")["content"], "the fetched feedback is gone after a restart"
    with pytest.raises(HubError):
        HubUser(room.base, solved, "wrong-password", timeout=60).login()
    _lap("restart")
