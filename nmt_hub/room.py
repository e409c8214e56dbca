"""The lab room on disk: accounts, homes, the course, the exchange and the per-role configs.

Everything the hub keeps lives under one state directory (``make hub`` uses ``/srv/nmt-hub``,
a test a temporary one), so stopping and starting the hub loses nothing::

    <state>/hub.json                 settings the hub config reads (port, users, instructor …)
    <state>/classlist.csv            the class list the accounts were made from
    <state>/jupyterhub.sqlite        JupyterHub's database
    <state>/jupyterhub_cookie_secret
    <state>/passwords.dbm*           first-use passwords (hashed)
    <state>/home/<user>/             one home per account, mode 0700
    <state>/home/<instructor>/course nbgrader course root: source/, release/, gradebook.db …
    <state>/exchange/<course id>/    nbgrader's exchange, owned by the instructor
    <state>/config/{student,instructor}/  Jupyter config path per role (nbgrader, extensions)

Accounts are real system users (the hub spawns each server as its user), in the group
``nmt-students`` or, for the instructor, ``nmt-teachers``.
"""

from __future__ import annotations

import grp
import json
import os
import pwd
import shutil
import subprocess
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path

from nmt_hub.classlist import Student

REPO = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
STUDENT_GROUP = "nmt-students"
TEACHER_GROUP = "nmt-teachers"
COURSE_ID = "nmt560003"
# Student servers: the assignment list and validation, not the instructor's tools.
STUDENT_DISABLED_LAB = ["@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:create-assignment",
                        "@jupyter/nbgrader:course-list"]
STUDENT_SERVER_EXTENSIONS = {"nbgrader.server_extensions.formgrader": False,
                             "nbgrader.server_extensions.course_list": False,
                             "nbgrader.server_extensions.assignment_list": True,
                             "nbgrader.server_extensions.validate_assignment": True}


class RoomError(RuntimeError):
    """Something the operator must fix; the message says what, in Chinese."""


@dataclass
class Settings:
    state: str
    ip: str = "0.0.0.0"
    port: int = 8000
    hub_port: int = 8081
    proxy_api_port: int = 8001
    instructor: str = "teacher"
    prefix: str = "s"
    students: dict[str, dict] = field(default_factory=dict)  # username -> {"id": 学号, "name": 姓名}
    venv_bin: str = str(VENV_BIN)
    repo: str = str(REPO)
    proxy_command: str = ""

    @property
    def root(self) -> Path:
        return Path(self.state)

    @property
    def homes(self) -> Path:
        return self.root / "home"

    @property
    def exchange(self) -> Path:
        return self.root / "exchange"

    @property
    def instructor_home(self) -> Path:
        return self.homes / self.instructor

    @property
    def course(self) -> Path:
        return self.instructor_home / "course"

    def config_dir(self, role: str) -> Path:
        return self.root / "config" / role

    def save(self) -> None:
        path = self.root / "hub.json"
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(asdict(self), ensure_ascii=False, indent=1), encoding="utf-8")
        os.chmod(tmp, 0o640)  # the instructor's commands read it too (names are not for students)
        try:
            os.chown(tmp, 0, grp.getgrnam(TEACHER_GROUP).gr_gid)
        except (KeyError, PermissionError):
            pass
        os.replace(tmp, path)

    @classmethod
    def load(cls, state: Path | str) -> Settings:
        path = Path(state) / "hub.json"
        if not path.exists():
            raise RoomError(f"{state} 不是机房 JupyterHub 的状态目录（没有 hub.json）：先运行 make hub。")
        return cls(**json.loads(path.read_text(encoding="utf-8")))


def require_root() -> None:
    if os.geteuid() != 0:
        raise RoomError("机房 JupyterHub 要以 root 运行：它为每名学生建系统账户，并以该账户启动学生的服务器。"
                        "请用 sudo make hub。")


def run(cmd: list[str], **kw) -> subprocess.CompletedProcess:
    r = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if r.returncode != 0:
        raise RoomError(f"命令失败：{' '.join(cmd)}\n{r.stderr.strip()}")
    return r


def ensure_group(name: str) -> None:
    try:
        grp.getgrnam(name)
    except KeyError:
        run(["groupadd", "--system", name])


def user_exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
        return True
    except KeyError:
        return False


def ensure_user(name: str, home: Path, group: str) -> None:
    """A system account ``name`` with its home at ``home`` (mode 0700); kept if it exists."""
    if user_exists(name):
        entry = pwd.getpwnam(name)
        if Path(entry.pw_dir) != home:
            raise RoomError(f"系统里已有账户 {name}，但它的主目录是 {entry.pw_dir}，不是 {home}；"
                            "请换一个账户前缀（--prefix）或状态目录。")
    else:
        run(["useradd", "--home-dir", str(home), "--no-create-home", "--shell", "/bin/bash",
             "--gid", group, "--no-user-group", name])
    entry = pwd.getpwnam(name)
    home.mkdir(parents=True, exist_ok=True)
    os.chown(home, entry.pw_uid, entry.pw_gid)
    os.chmod(home, 0o700)


def remove_user(name: str) -> None:
    if user_exists(name):
        subprocess.run(["userdel", name], capture_output=True)


def runuser() -> str:
    """util-linux's runuser (in /usr/sbin, which a user's PATH may lack)."""
    found = shutil.which("runuser", path=os.pathsep.join([os.environ.get("PATH", ""), "/usr/sbin", "/sbin"]))
    if not found:
        raise RoomError("找不到 runuser（util-linux）：Debian 上请 apt-get install -y util-linux。")
    return found


def check_reachable(settings: Settings, user: str) -> None:
    """Every account runs the course's Python; it must be able to reach it."""
    probe = subprocess.run([runuser(), "-u", user, "--", str(Path(settings.venv_bin) / "python"), "-c",
                            "import nmt_lab, nbgrader, jupyterhub"], capture_output=True, text=True, cwd="/")
    if probe.returncode != 0:
        raise RoomError(f"学生账户 {user} 无法运行课程环境 {settings.venv_bin}：\n{probe.stderr.strip()[-600:]}\n"
                        "课程仓库及其 .venv 必须让所有用户可读、可进入（例如放在 /srv 或 /opt 下，"
                        "不要放在 /root 下）。")


def write_role_configs(s: Settings) -> None:
    """Jupyter config path of each role: nbgrader's exchange, which extensions are on."""
    autograder_cfg = Path(s.repo) / "autograder" / "nbgrader_config.py"
    for role in ("student", "instructor"):
        d = s.config_dir(role)
        (d / "labconfig").mkdir(parents=True, exist_ok=True)
        lines = [f"c = get_config()  # noqa: F821 - {role} servers of the lab-room hub",
                 f"c.CourseDirectory.course_id = {COURSE_ID!r}",
                 f"c.Exchange.root = {str(s.exchange)!r}"]
        if role == "instructor":
            lines = [f"load_subconfig({str(autograder_cfg)!r})  # noqa: F821"] + lines + [
                f"c.CourseDirectory.root = {str(s.course)!r}"]
        else:
            lines.append("c.ExchangeFactory.submit = 'nmt_hub.exchange.Submit'")
        (d / "nbgrader_config.py").write_text("\n".join(lines) + "\n", encoding="utf-8")
        if role == "student":
            server = {"ServerApp": {"jpserver_extensions": STUDENT_SERVER_EXTENSIONS}}
            page = {"disabledExtensions": {x: True for x in STUDENT_DISABLED_LAB}}
        else:
            server = {"ServerApp": {"jpserver_extensions": {"nbgrader.server_extensions.formgrader": True}}}
            page = {"disabledExtensions": {}}
        (d / "jupyter_server_config.json").write_text(json.dumps(server, indent=1), encoding="utf-8")
        (d / "labconfig" / "page_config.json").write_text(json.dumps(page, indent=1), encoding="utf-8")
        for p in [d, *d.rglob("*")]:
            os.chmod(p, 0o755 if p.is_dir() else 0o644)


def build_course(s: Settings, assignments: list[str] | None = None, notebooks: list[Path] | None = None) -> None:
    """The nbgrader course in the instructor's home (built once; kept on restart)."""
    from autograder import course as course_mod
    if not (s.course / "source").is_dir():
        course_mod.build(s.course, notebooks=notebooks, only=assignments)
    # the hub's exchange, not the course folder's, when an nbgrader command runs in the course
    (s.course / "nbgrader_config.py").write_text(
        f"load_subconfig(r'{Path(s.repo) / 'autograder' / 'nbgrader_config.py'}')\n"
        f"c.Exchange.root = {str(s.exchange)!r}\n", encoding="utf-8")
    chown_tree(s.instructor_home, s.instructor)


def chown_tree(path: Path, user: str) -> None:
    entry = pwd.getpwnam(user)
    for p in [path, *path.rglob("*")]:
        os.lchown(p, entry.pw_uid, entry.pw_gid)


def prepare(s: Settings, students: list[Student], classlist: Path | None = None,
            assignments: list[str] | None = None, notebooks: list[Path] | None = None) -> Settings:
    """Accounts, homes, exchange, configs and course for ``students``; idempotent."""
    require_root()
    s.root.mkdir(parents=True, exist_ok=True)
    os.chmod(s.root, 0o755)
    s.homes.mkdir(exist_ok=True)
    os.chmod(s.homes, 0o711)  # enter your own home, list nobody's
    ensure_group(STUDENT_GROUP)
    ensure_group(TEACHER_GROUP)
    ensure_user(s.instructor, s.instructor_home, TEACHER_GROUP)
    for st in students:
        ensure_user(st.username, s.homes / st.username, STUDENT_GROUP)
        s.students[st.username] = {"id": st.student_id, "name": st.name}
    # nbgrader's exchange: its root must be writable by all (nbgrader checks); sticky, so nobody
    # renames or removes what is not theirs. The course folder belongs to the instructor (release
    # creates inbound/, outbound/, feedback/ in it with nbgrader's own modes).
    s.exchange.mkdir(exist_ok=True)
    os.chmod(s.exchange, 0o1777)
    (s.exchange / COURSE_ID).mkdir(exist_ok=True)
    chown_tree(s.exchange / COURSE_ID, s.instructor)
    write_role_configs(s)
    build_course(s, assignments, notebooks)
    if classlist is not None:
        shutil.copyfile(classlist, s.root / "classlist.csv")
    s.save()
    return s
