"""班级名单：CSV（学号, 姓名）→ 机房账户。 Read and check a class list.

The file is what a teacher exports from the school's system or Excel: UTF-8 (with or without
BOM) or GBK, a header row naming 学号 and 姓名 (``id``/``name`` also work). Every problem is
reported at once, in Chinese, with its line number.

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "名单.csv"
>>> _ = p.write_text("学号,姓名\\n2023001,王小明\\n2023002,李华\\n", encoding="utf-8")
>>> [(s.student_id, s.name, s.username) for s in load(p)]
[('2023001', '王小明', 's2023001'), ('2023002', '李华', 's2023002')]
>>> _ = p.write_text("学号,姓名\\n2023001,王小明\\n2023001,李华\\n20 23,张三\\n", encoding="utf-8")
>>> load(p)
Traceback (most recent call last):
...
nmt_hub.classlist.ClassListError: 班级名单 ... 有 2 处问题：
  第 3 行：学号 "2023001" 重复（第 2 行已有）
  第 4 行：学号 "20 23" 格式不对：只能含字母、数字、下划线和连字符（1–24 个字符，字母或数字开头）
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,23}$")
ID_HEADERS = ("学号", "id", "student_id", "学生编号")
NAME_HEADERS = ("姓名", "name", "学生姓名")
DEFAULT_PREFIX = "s"


class ClassListError(ValueError):
    """A class list that cannot be used; the message lists every problem in Chinese."""


@dataclass(frozen=True)
class Student:
    student_id: str   # 学号 as written
    name: str         # 姓名
    username: str     # system / hub / nbgrader user name: prefix + 学号 in lower case


def username_for(student_id: str, prefix: str = DEFAULT_PREFIX) -> str:
    """The account name of a 学号: Linux user names are lower case and must not be all digits.

    >>> username_for("2023001"), username_for("ZJ-07", prefix="nmt")
    ('s2023001', 'nmtzj-07')
    """
    return f"{prefix}{student_id.lower()}"


def _decode(data: bytes, path: Path) -> str:
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise ClassListError(f"班级名单 {path} 不是 UTF-8 或 GBK 编码的 CSV 文件；请在 Excel 里“另存为 CSV UTF-8”。")


def _column(header: list[str], names: tuple[str, ...]) -> int | None:
    lowered = [h.strip().lower() for h in header]
    for n in names:
        if n.lower() in lowered:
            return lowered.index(n.lower())
    return None


def load(path: Path | str, prefix: str = DEFAULT_PREFIX, reserved: tuple[str, ...] = ()) -> list[Student]:
    """The students of a class list CSV, in file order; :class:`ClassListError` lists every problem."""
    path = Path(path)
    if not path.is_file():
        raise ClassListError(f"找不到班级名单 {path}（CSV 文件，两列：学号, 姓名）。")
    text = _decode(path.read_bytes(), path)
    rows = list(csv.reader(io.StringIO(text)))
    while rows and not any(c.strip() for c in rows[0]):
        rows.pop(0)
    if not rows:
        raise ClassListError(f"班级名单 {path} 是空的：第一行应是表头“学号,姓名”，下面每行一名学生。")
    header = rows[0]
    i_id, i_name = _column(header, ID_HEADERS), _column(header, NAME_HEADERS)
    if i_id is None or i_name is None:
        raise ClassListError(
            f"班级名单 {path} 的第一行应是表头“学号,姓名”；现在是：{','.join(header)}")
    problems: list[str] = []
    students: list[Student] = []
    seen: dict[str, int] = {}
    for lineno, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        sid = row[i_id].strip() if i_id < len(row) else ""
        name = row[i_name].strip() if i_name < len(row) else ""
        if not sid:
            problems.append(f"第 {lineno} 行：没有学号")
            continue
        if not ID_RE.match(sid):
            problems.append(f"第 {lineno} 行：学号 \"{sid}\" 格式不对：只能含字母、数字、下划线和连字符"
                            "（1–24 个字符，字母或数字开头）")
            continue
        key = sid.lower()
        if key in seen:
            problems.append(f"第 {lineno} 行：学号 \"{sid}\" 重复（第 {seen[key]} 行已有）")
            continue
        seen[key] = lineno
        if not name:
            problems.append(f"第 {lineno} 行：学号 {sid} 没有姓名")
            continue
        user = username_for(sid, prefix)
        if user in reserved:
            problems.append(f"第 {lineno} 行：学号 {sid} 的账户名 {user} 与教师账户重名")
            continue
        students.append(Student(sid, name, user))
    if problems:
        raise ClassListError(f"班级名单 {path} 有 {len(problems)} 处问题：\n" + "\n".join(f"  {p}" for p in problems))
    if not students:
        raise ClassListError(f"班级名单 {path} 里没有学生：表头下面每行写一名学生的学号和姓名。")
    return students
