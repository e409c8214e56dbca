"""机房 JupyterHub 命令。 The lab-room hub and the instructor's round trip.

    python -m nmt_hub start --classlist 名单.csv          # make hub CLASS=名单.csv：建账户、课程、exchange，启动 Hub
    python -m nmt_hub release B3                          # 发布作业（学生在 Assignments 标签页 Fetch）
    python -m nmt_hub collect B3                          # 收取学生提交到课程的 submitted/
    python -m nmt_hub grade B3                            # 用批量阅卷评分，并发布每人的中文反馈

The instructor's commands run as root on the server or as the instructor in the hub's terminal;
as root they act as the instructor (the files stay the instructor's) and grade in the sandbox.
"""

from __future__ import annotations

import argparse
import glob
import os
import pwd
import shutil
import subprocess
import sys
from pathlib import Path

from nmt_hub import classlist as classlist_mod
from nmt_hub import room
from nmt_hub.room import COURSE_ID, RoomError, Settings

DEFAULT_STATE = os.environ.get("NMT_HUB_STATE", "/srv/nmt-hub")
CONFIG = Path(__file__).resolve().parent / "jupyterhub_config.py"
SAMPLE_CLASSLIST = Path(__file__).resolve().parent / "sample_classlist.csv"


def _say(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def proxy_command() -> str:
    local = room.REPO / ".venv" / "node" / "node_modules" / ".bin" / "configurable-http-proxy"
    if local.exists():
        return str(local)
    found = shutil.which("configurable-http-proxy")
    if found:
        return found
    raise RoomError("找不到 configurable-http-proxy（npm 包）：运行 make hub 会自动安装，"
                    "或 npm install -g configurable-http-proxy。")


def hub_command(s: Settings) -> tuple[list[str], dict]:
    env = dict(os.environ, NMT_HUB_STATE=str(s.root),
               PATH=f"{s.venv_bin}{os.pathsep}{os.environ.get('PATH', '/usr/bin:/bin')}")
    return [str(Path(s.venv_bin) / "jupyterhub"), "-f", str(CONFIG)], env


def cmd_start(a: argparse.Namespace) -> int:
    room.require_root()
    state = Path(a.state).resolve()
    old = None
    try:
        old = Settings.load(state)
    except RoomError:
        pass
    source = a.classlist
    if source is None and old is not None and (state / "classlist.csv").exists():
        source = state / "classlist.csv"  # a restart keeps the class it had
    if source is None:
        source = SAMPLE_CLASSLIST
        _say(f"没有给班级名单（CLASS=名单.csv），用示例名单 {SAMPLE_CLASSLIST}。")
    s = old or Settings(state=str(state))
    for key in ("ip", "port", "hub_port", "proxy_api_port", "instructor", "prefix"):
        if getattr(a, key) is not None:
            setattr(s, key, getattr(a, key))
    students = classlist_mod.load(source, prefix=s.prefix, reserved=(s.instructor,))  # bad list: stop here
    from nmt_hub import env as env_mod
    bin_dir, repo = env_mod.ensure(Path(a.env) if a.env else state / "env", log=_say)
    s.venv_bin, s.repo = str(bin_dir), str(repo)
    s.proxy_command = proxy_command()
    _say(f"准备机房：{len(students)} 名学生，教师账户 {s.instructor}，状态目录 {state} ……")
    room.prepare(s, students, classlist=Path(source) if Path(source) != state / "classlist.csv" else None,
                 assignments=a.assignment or None,
                 notebooks=[p.resolve() for p in a.notebook] if a.notebook else None)
    if a.prepare_only:
        return 0
    cmd, env = hub_command(s)
    host = "127.0.0.1" if s.ip in ("0.0.0.0", "") else s.ip
    _say(f"机房 JupyterHub：http://{host}:{s.port}/ （学生用学号登录，第一次输入的密码就是以后的密码；"
         f"教师账户 {s.instructor}）。按 Ctrl+C 停止；再次运行 make hub 继续，数据都在 {state}。")
    os.chdir(state)
    os.execve(cmd[0], cmd, env)


# -- the instructor's round trip ---------------------------------------------------------------
def _settings(a) -> Settings:
    return Settings.load(Path(a.state).resolve())


def as_instructor(s: Settings, cmd: list[str], **kw) -> subprocess.CompletedProcess:
    """Run ``cmd`` in the course folder as the instructor (from root via runuser)."""
    env = dict(os.environ, HOME=str(s.instructor_home), PATH=f"{s.venv_bin}{os.pathsep}/usr/bin:/bin",
               JUPYTER_CONFIG_PATH=str(s.config_dir("instructor")))
    if os.geteuid() == 0:
        cmd = [room.runuser(), "-u", s.instructor, "--", *cmd]
    elif pwd.getpwuid(os.geteuid()).pw_name != s.instructor:
        raise RoomError(f"请以教师账户 {s.instructor} 或 root 运行这条命令。")
    return subprocess.run(cmd, cwd=s.course, env=env, capture_output=True, text=True, **kw)


def nbgrader(s: Settings, *args: str) -> subprocess.CompletedProcess:
    r = as_instructor(s, [str(Path(s.venv_bin) / "nbgrader"), *args, "--course-dir", str(s.course)])
    if r.returncode != 0:
        raise RoomError(f"nbgrader {' '.join(args)} 失败：\n{(r.stdout + r.stderr).strip()[-2000:]}")
    return r


def _known(s: Settings, assignment: str) -> None:
    if not (s.course / "source" / assignment).is_dir():
        have = sorted(p.name for p in (s.course / "source").iterdir() if p.is_dir())
        raise RoomError(f"课程里没有作业 {assignment}：现有的作业是 {'、'.join(have) or '（无）'}")


def cmd_release(a) -> int:
    s = _settings(a)
    _known(s, a.assignment)
    if not (s.course / "release" / a.assignment).is_dir():
        nbgrader(s, "generate_assignment", a.assignment, "--force")
    nbgrader(s, "release_assignment", a.assignment, "--force")
    print(f"已发布作业 {a.assignment}：学生在 JupyterLab 菜单 Nbgrader → Assignment List 里点 Fetch 获取。")
    return 0


def inbound(s: Settings, assignment: str) -> list[str]:
    return glob.glob(str(s.exchange / COURSE_ID / "inbound" / f"*+{glob.escape(assignment)}+*"))


def cmd_collect(a) -> int:
    s = _settings(a)
    _known(s, a.assignment)
    box = s.exchange / COURSE_ID / "inbound"
    if os.access(box, os.R_OK):
        found = inbound(s, a.assignment)
    elif not box.exists():
        found = []
    else:  # neither root nor the instructor: nbgrader will say so
        found = ["?"]
    if not found:
        print(f"还没有学生提交作业 {a.assignment}：没有可收取的提交。请确认已发布作业（release），"
              "学生已在 Assignment List 里点了 Submit。", file=sys.stderr)
        return 1
    nbgrader(s, "collect", a.assignment, "--update")
    students = sorted(p.parent.name for p in (s.course / "submitted").glob(f"*/{a.assignment}"))
    print(f"已收取作业 {a.assignment}：{len(students)} 名学生的提交在 {s.course / 'submitted'}（每人取最新一次）。")
    return 0


def staged_submissions(s: Settings, assignment: str) -> tuple[Path, list[str]]:
    """This assignment's collected submissions, alone in a folder the batch grader reads."""
    stage = s.course / "grading" / assignment / "intake"
    shutil.rmtree(stage, ignore_errors=True)
    students = []
    for sub in sorted((s.course / "submitted").glob(f"*/{assignment}")):
        shutil.copytree(sub, stage / sub.parent.name / assignment,
                        ignore=shutil.ignore_patterns("submission_secret.txt", ".ipynb_checkpoints"))
        students.append(sub.parent.name)
    return stage, students


def place_feedback(s: Settings, assignment: str, out: Path) -> list[str]:
    """Our per-student Chinese feedback where nbgrader's release_feedback/fetch_feedback expect it."""
    placed = []
    for sub in sorted((s.course / "submitted").glob(f"*/{assignment}")):
        sid = sub.parent.name
        page = out / "feedback" / f"{sid}.html"
        if not page.exists() or not (sub / "submission_secret.txt").exists():
            continue
        dest = s.course / "feedback" / sid / assignment
        shutil.rmtree(dest, ignore_errors=True)
        dest.mkdir(parents=True)
        for name in ("timestamp.txt", "submission_secret.txt"):
            shutil.copy2(sub / name, dest / name)
        for nb in sub.glob("*.ipynb"):
            shutil.copyfile(page, dest / f"{nb.stem}.html")
        placed.append(sid)
    return placed


def cmd_grade(a) -> int:
    s = _settings(a)
    _known(s, a.assignment)
    if not any((s.course / "submitted").glob(f"*/{a.assignment}")):
        print(f"作业 {a.assignment} 还没有收取到任何提交：先运行 collect。", file=sys.stderr)
        return 1
    out = s.course / "grading" / a.assignment
    stage, students = staged_submissions(s, a.assignment)
    cmd = [str(Path(s.venv_bin) / "python"), "-m", "autograder.batch", a.assignment, str(stage),
           "--course", str(s.course), "-o", str(out), *a.batch_args]
    if os.geteuid() == 0:  # grade as root: student code runs in the sandbox; files go back to the instructor
        r = subprocess.run(cmd, cwd=s.repo)
        room.chown_tree(s.instructor_home, s.instructor)
    else:
        r = subprocess.run(cmd, cwd=s.repo)
    if r.returncode != 0:
        raise RoomError(f"批量阅卷失败（退出码 {r.returncode}）。")
    placed = place_feedback(s, a.assignment, out)
    if os.geteuid() == 0:
        room.chown_tree(s.course / "feedback", s.instructor)
    nbgrader(s, "release_feedback", a.assignment)
    print(f"已发布 {len(placed)} 名学生的反馈：学生在 Assignment List 里点 Fetch Feedback 查看。"
          f"成绩表 {out / 'grades.csv'}，班级报告 {out / 'report.html'}。")
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m nmt_hub", description="机房 JupyterHub：启动、发布、收取、评分与反馈。")
    p.add_argument("--state", default=DEFAULT_STATE, help=f"状态目录（默认 {DEFAULT_STATE}，或环境变量 NMT_HUB_STATE）")
    sub = p.add_subparsers(dest="command", required=True)
    st = sub.add_parser("start", help="建账户、课程与 exchange，然后启动 JupyterHub")
    st.add_argument("--classlist", type=Path, help="班级名单 CSV（学号, 姓名）")
    st.add_argument("--ip", help="监听地址（默认 0.0.0.0：机房里的电脑都能访问）")
    st.add_argument("--port", type=int, help="端口（默认 8000）")
    st.add_argument("--hub-port", type=int, help="Hub 内部 API 端口（默认 8081）")
    st.add_argument("--proxy-api-port", type=int, help="代理 API 端口（默认 8001）")
    st.add_argument("--instructor", help="教师账户名（默认 teacher）")
    st.add_argument("--prefix", help="学生账户名前缀（默认 s：学号 2023001 → 账户 s2023001）")
    st.add_argument("--assignment", action="append", help="只生成这些作业（默认全部）")
    st.add_argument("--notebook", action="append", type=Path, help="只用这些任务笔记本（默认全部；测试用）")
    st.add_argument("--env", help="所有账户共用的课程环境（默认 <状态目录>/env；.venv 人人可用时不需要）")
    st.add_argument("--prepare-only", action="store_true", help="只准备账户与课程，不启动")
    st.set_defaults(func=cmd_start)
    for name, func, text in (("release", cmd_release, "发布作业"), ("collect", cmd_collect, "收取提交"),
                             ("grade", cmd_grade, "批量阅卷并发布反馈")):
        c = sub.add_parser(name, help=text)
        c.add_argument("assignment", help="作业编号，如 B3")
        c.set_defaults(func=func, batch_args=[])
        if name == "grade":
            c.add_argument("batch_args", nargs=argparse.REMAINDER, help="传给 autograder.batch 的其他选项")
    return p


def main(argv: list[str] | None = None) -> int:
    a = build_parser().parse_args(argv)
    try:
        return a.func(a)
    except (RoomError, classlist_mod.ClassListError) as exc:
        _say(str(exc))
        return 2


if __name__ == "__main__":
    sys.exit(main())
