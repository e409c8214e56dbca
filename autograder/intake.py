"""Read a class's submissions from an LMS zip or a folder and tell whose each notebook is.

Supported layouts (first match wins; ``--id-regex`` overrides them all):

* nbgrader: ``…/<学号>/<作业>/<笔记本>.ipynb`` (``submitted/`` or an exchange collection);
* Moodle: ``姓名_12345_assignsubmission_file_/<任意>.ipynb``;
* file names ``<学号>_<姓名>_<笔记本>.ipynb`` and ``<学号>-<笔记本>.ipynb``
  (``<笔记本>`` is the notebook's name, e.g. ``B3-1_spread_data``, or just ``B3-1``);
* a folder per student: ``<学号>/<笔记本>.ipynb``.

Student ids may contain Chinese characters, spaces and parentheses; they are kept as written.
Zip entry names in GBK (Windows zips without the UTF-8 flag) are decoded; entries with absolute
or ``..`` paths are never extracted, only reported. Several files of one student for one notebook:
the newest is graded (then the last by name), the others are reported.

>>> parse_path("2023001_张三_B3-1_spread_data.ipynb", ["B3-1_spread_data"], "B3")
('2023001', '张三', 'B3-1_spread_data', [])
>>> parse_path("王 小明(2)-B3-1.ipynb", ["B3-1_spread_data"], "B3")
('王 小明(2)', '', 'B3-1_spread_data', [])
>>> parse_path("李四_20231234_assignsubmission_file_/作业.ipynb", ["B3-1_spread_data"], "B3")[:3]
('20231234', '李四', 'B3-1_spread_data')
>>> parse_path("submitted/2023009/B3/B3-1_spread_data.ipynb", ["B3-1_spread_data"], "B3")
('2023009', '', 'B3-1_spread_data', [])
"""

from __future__ import annotations

import hashlib
import os
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

MAX_ENTRY_BYTES = 50 << 20
MOODLE = re.compile(r"^(?P<name>.+?)_(?P<id>[^_]+)_assignsubmission_[a-z]+_?$")
SHORT = re.compile(r"(?<![A-Za-z0-9])([BIA]\d-\d)(?![0-9])")
IGNORED_PARTS = ("__MACOSX", ".ipynb_checkpoints")


@dataclass
class Entry:
    path: str            # path inside the zip or folder, with "/"
    data: bytes
    mtime: float = 0.0


@dataclass
class Submission:
    student: str
    name: str = ""
    files: dict[str, Entry] = field(default_factory=dict)   # notebook name -> chosen entry
    notes: list[str] = field(default_factory=list)
    timestamp: str | None = None

    def digest(self) -> str:
        h = hashlib.sha256()
        for nb in sorted(self.files):
            h.update(nb.encode() + b"\0" + hashlib.sha256(self.files[nb].data).digest())
        return h.hexdigest()


@dataclass
class Problem:
    path: str
    reason: str


def _zip_name(info: zipfile.ZipInfo) -> str:
    name = info.filename
    if info.flag_bits & 0x800:
        return name
    try:
        raw = name.encode("cp437")
    except UnicodeEncodeError:
        return name
    for enc in ("utf-8", "gbk"):
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    return name


def _unsafe(name: str) -> bool:
    if name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name):
        return True
    parts = re.split(r"[\\/]+", name)
    return any(p == ".." for p in parts)


def read_entries(source: Path) -> tuple[list[Entry], list[Problem]]:
    """Every ``.ipynb`` (and nbgrader ``timestamp.txt``) in a zip or folder, never extracted to disk."""
    source = Path(source)
    entries, problems = [], []
    if source.is_file() and zipfile.is_zipfile(source):
        with zipfile.ZipFile(source) as zf:
            for info in zf.infolist():
                if info.is_dir():
                    continue
                name = _zip_name(info)
                if _unsafe(name):
                    problems.append(Problem(name, "压缩包中的不安全路径（绝对路径或含 ..），已忽略，未解压"))
                    continue
                name = name.replace("\\", "/")
                if not (name.endswith(".ipynb") or name.endswith("timestamp.txt")) or \
                        any(p in IGNORED_PARTS for p in name.split("/")):
                    continue
                if info.file_size > MAX_ENTRY_BYTES:
                    problems.append(Problem(name, f"文件过大（{info.file_size >> 20} MB），已忽略"))
                    continue
                with zf.open(info) as fh:
                    data = fh.read(MAX_ENTRY_BYTES + 1)
                import datetime
                try:
                    mtime = datetime.datetime(*info.date_time).timestamp()
                except ValueError:
                    mtime = 0.0
                entries.append(Entry(name, data, mtime))
    elif source.is_dir():
        for root, dirs, files in os.walk(source, followlinks=False):
            dirs[:] = sorted(d for d in dirs if d not in IGNORED_PARTS)
            for f in sorted(files):
                p = Path(root) / f
                rel = p.relative_to(source).as_posix()
                if not (f.endswith(".ipynb") or f == "timestamp.txt"):
                    continue
                if p.is_symlink():
                    problems.append(Problem(rel, "符号链接，已忽略"))
                    continue
                size = p.stat().st_size
                if size > MAX_ENTRY_BYTES:
                    problems.append(Problem(rel, f"文件过大（{size >> 20} MB），已忽略"))
                    continue
                entries.append(Entry(rel, p.read_bytes(), p.stat().st_mtime))
    elif source.is_file() and source.suffix == ".ipynb":
        entries.append(Entry(source.name, source.read_bytes(), source.stat().st_mtime))
    else:
        raise FileNotFoundError(f"找不到提交：{source}（应为 .zip 压缩包或文件夹）")
    return entries, problems


def _find_notebook(stem: str, notebooks: list[str]) -> tuple[str | None, int]:
    """(notebook, index where it starts in ``stem``) by full name, then by short code (B3-1)."""
    for nb in sorted(notebooks, key=len, reverse=True):
        at = stem.rfind(nb)
        if at >= 0:
            return nb, at
    found = list(SHORT.finditer(stem))
    m = found[-1] if found else None
    if m:
        code = m.group(1)
        hits = [nb for nb in notebooks if nb.split("_")[0] == code]
        if len(hits) == 1:
            return hits[0], m.start()
    return None, -1


def parse_path(path: str, notebooks: list[str], assignment: str, id_regex: re.Pattern | None = None
               ) -> tuple[str | None, str, str | None, list[str]]:
    """(student id, name, notebook, notes) for one submitted file; id None when unknown."""
    p = PurePosixPath(path)
    parts = list(p.parts)
    stem = p.stem
    notes: list[str] = []
    nb, at = _find_notebook(stem, notebooks)

    def which_notebook():
        if nb:
            return nb
        if len(notebooks) == 1:
            notes.append(f"文件名 {p.name} 中没有笔记本名，按本作业唯一的笔记本 {notebooks[0]} 评分")
            return notebooks[0]
        return None

    if id_regex is not None:
        m = id_regex.search(path)
        if not m or not m.groupdict().get("id"):
            return None, "", None, notes
        g = m.groupdict()
        nbname = g.get("notebook")
        if nbname:
            nb2, _ = _find_notebook(nbname, notebooks)
            nbname = nb2
        return g["id"].strip(), (g.get("name") or "").strip(), nbname or which_notebook(), notes
    # nbgrader: <id>/<assignment>/<notebook>.ipynb
    if len(parts) >= 3 and parts[-2] == assignment:
        return parts[-3].strip(), "", which_notebook(), notes
    # Moodle: 姓名_12345_assignsubmission_file_/...
    for part in reversed(parts[:-1]):
        m = MOODLE.match(part)
        if m:
            return m.group("id").strip(), m.group("name").strip(), which_notebook(), notes
    # <id>_<name>_<notebook>.ipynb, <id>-<notebook>.ipynb
    head = stem[:at] if nb else ""
    head = head.rstrip(" _-")
    if not nb:
        tokens = stem.split("_")
        if len(tokens) >= 3:
            head = "_".join(tokens[:2])
    if head:
        if "_" in head:
            sid, name = head.split("_", 1)
            return sid.strip(), name.strip(" _-"), which_notebook(), notes
        return head.strip(), "", which_notebook(), notes
    # <id>/<notebook>.ipynb
    if len(parts) >= 2:
        return parts[-2].strip(), "", which_notebook(), notes
    return None, "", which_notebook(), notes


def group(entries: list[Entry], notebooks: list[str], assignment: str, id_regex: str | None = None
          ) -> tuple[list[Submission], list[Problem]]:
    """Submissions by student (in order of first appearance) and what could not be assigned."""
    rx = re.compile(id_regex) if id_regex else None
    subs: dict[str, Submission] = {}
    cands: dict[tuple[str, str], list[Entry]] = {}
    stamps: dict[str, Entry] = {}
    problems: list[Problem] = []
    for e in entries:
        if e.path.endswith("timestamp.txt"):
            parts = e.path.split("/")
            if len(parts) >= 3 and parts[-2] == assignment:
                stamps[parts[-3]] = e
            continue
        sid, name, nb, notes = parse_path(e.path, notebooks, assignment, rx)
        if not sid:
            problems.append(Problem(e.path, "无法从文件名识别学号（可用 --id-regex 指定规则）"))
            continue
        if not nb:
            problems.append(Problem(e.path, f"无法判断是哪一本笔记本（本作业有：{'、'.join(notebooks)}）"))
            continue
        sub = subs.setdefault(sid, Submission(sid, name))
        sub.name = sub.name or name
        sub.notes.extend(n for n in notes if n not in sub.notes)
        cands.setdefault((sid, nb), []).append(e)
    for (sid, nb), found in cands.items():
        found.sort(key=lambda e: (e.mtime, e.path))
        chosen = found[-1]
        subs[sid].files[nb] = chosen
        if len(found) > 1:
            others = "、".join(e.path for e in found[:-1])
            subs[sid].notes.append(f"{nb} 重复提交 {len(found)} 份，采用最新的 {chosen.path}，忽略 {others}")
    for sid, e in stamps.items():
        if sid in subs:
            subs[sid].timestamp = e.data.decode("utf-8", "replace").strip() or None
    return list(subs.values()), problems


def file_name(student: str) -> str:
    """A file name for a student's outputs: the id as written, minus path separators.

    >>> file_name("王 小明(2)")
    '王 小明(2)'
    >>> file_name("../x")
    '_.._x'
    """
    name = re.sub(r"[/\\\x00-\x1f]", "_", student).strip() or "_"
    if name.startswith("."):
        name = "_" + name
    return name[:150]
