"""Load the course datasets with schema and checksum checks.

Every table has a schema in ``nmt_lab/data/schema/<table>.json`` (columns, dtypes,
Chinese labels, units, ranges) and a checksum in ``datasets/SHA256SUMS``. A missing,
modified or malformed file raises :class:`CourseDataError` with a Chinese message that
names the file and says how to restore it.

>>> posts = load("posts")
>>> posts.attrs["table"], "reads" in posts.columns
('posts', True)
>>> load("帖子")
Traceback (most recent call last):
...
ValueError: 数据表 "帖子" 不存在；可用的数据表有：...
"""

from __future__ import annotations

import hashlib
import json
import os
from functools import cache
from importlib import resources
from pathlib import Path

import pandas as pd

from ._errors import CourseDataError, check_choice

RESTORE_HINT = (
    "请从课程仓库恢复原文件（在课程根目录运行 git checkout -- datasets/{file}），"
    "或重新生成全部数据（python -m nmt_lab.datagen）。"
)


def data_dir() -> Path:
    """Folder of the CSV files: ``$NMT_LAB_DATA`` if set, else the course's ``datasets/``."""
    env = os.environ.get("NMT_LAB_DATA")
    return Path(env) if env else Path(__file__).resolve().parent.parent / "datasets"


@cache
def _schemas() -> dict[str, dict]:
    folder = resources.files("nmt_lab").joinpath("data/schema")
    out = {}
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if entry.name.endswith(".json"):
            schema = json.loads(entry.read_text("utf-8"))
            out[schema["table"]] = schema
    return out


def tables() -> list[str]:
    """Names of all course tables.

    >>> "posts" in tables() and "comments" in tables()
    True
    """
    return list(_schemas())


def schema(table: str) -> dict:
    """The schema of a table: title, description, columns with label/unit/range."""
    check_choice(table, _schemas(), "数据表")
    return _schemas()[table]


def expected_checksums(folder: Path | None = None) -> dict[str, str]:
    """``{file name: sha256}`` from ``SHA256SUMS`` in the data folder."""
    sums = (folder or data_dir()) / "SHA256SUMS"
    if not sums.exists():
        raise CourseDataError(f"校验文件 {sums} 不存在。" + RESTORE_HINT.format(file="SHA256SUMS"))
    pairs = (line.split(maxsplit=1) for line in sums.read_text("utf-8").splitlines() if line)
    return {name.strip().lstrip("*"): digest for digest, name in pairs}


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@cache
def _verified(path: Path, mtime_ns: int, size: int) -> bool:
    # cached by (path, mtime, size): a file is hashed once per session unless it changes
    expected = expected_checksums(path.parent).get(path.name)
    if expected is None:
        raise CourseDataError(
            f"数据文件 {path.name} 没有登记在 SHA256SUMS 中。" + RESTORE_HINT.format(file=path.name)
        )
    if sha256(path) != expected:
        raise CourseDataError(
            f"数据文件 {path} 已被修改（校验和与 SHA256SUMS 不一致），"
            "分析结果将与课程答案不符。" + RESTORE_HINT.format(file=path.name)
        )
    return True


_READ_DTYPES = {"string": str, "category": str, "int": "Int64", "float": "float64"}


def load(table: str, verify: bool = True) -> pd.DataFrame:
    """Load one course table as a DataFrame with proper dtypes.

    Dates become ``datetime64``, categories ``category`` (ordered as in the schema),
    integers ``int64`` (``Int64`` where the schema allows empties), booleans ``bool``.
    ``df.attrs["table"]`` names the table, so display helpers find its Chinese labels.
    """
    sch = schema(table)
    path = data_dir() / sch["file"]
    if not path.exists():
        raise CourseDataError(f"找不到数据文件 {path}。" + RESTORE_HINT.format(file=sch["file"]))
    if verify:
        st = path.stat()
        _verified(path, st.st_mtime_ns, st.st_size)
    cols = sch["columns"]
    read_types = {c["name"]: _READ_DTYPES[c["dtype"]] for c in cols if c["dtype"] in _READ_DTYPES}
    try:
        df = pd.read_csv(path, dtype=read_types, keep_default_na=False, na_values=[""])
    except (ValueError, pd.errors.ParserError) as exc:
        raise CourseDataError(
            f"数据文件 {path} 无法按课程格式读取（{exc}）。" + RESTORE_HINT.format(file=sch["file"])
        ) from exc
    expected = [c["name"] for c in cols]
    if list(df.columns) != expected:
        raise CourseDataError(
            f"数据文件 {path} 的列与课程数据字典不一致："
            f"应为 {expected}，实际为 {list(df.columns)}。"
            + RESTORE_HINT.format(file=sch["file"])
        )
    for c in cols:
        name, dtype = c["name"], c["dtype"]
        if dtype in ("datetime", "date"):
            df[name] = pd.to_datetime(df[name], format="ISO8601")
        elif dtype == "category":
            df[name] = pd.Categorical(df[name], categories=c["values"])
        elif dtype == "bool":
            df[name] = df[name].map({"True": True, "False": False, True: True, False: False})
            df[name] = df[name].astype("boolean" if c.get("nullable") else bool)
        elif dtype == "int" and not df[name].isna().any():
            df[name] = df[name].astype("int64")
    df.attrs["table"] = table
    return df


def verify_all(folder: Path | None = None) -> list[str]:
    """Check every file in ``SHA256SUMS``; return the problems found (empty when all is well).

    >>> verify_all()
    []
    """
    folder = folder or data_dir()
    problems = []
    for name, digest in expected_checksums(folder).items():
        path = folder / name
        if not path.exists():
            problems.append(f"缺少 {name}")
        elif sha256(path) != digest:
            problems.append(f"{name} 已被修改")
    return problems
