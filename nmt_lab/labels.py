"""Chinese display labels for every column of the course tables and for the metrics."""

from __future__ import annotations

import pandas as pd

from . import datasets
from .metrics import METRICS

EXTRA = {
    "posts": "内容数",
    "month": "月份",
    "current": "本期",
    "previous": "上期",
    "change": "环比变化",
    "target": "目标",
    "attainment": "目标完成率",
    "metric": "指标",
}


def label(column: str, table: str | None = None) -> str:
    """Chinese label of a column; unknown names come back unchanged.

    >>> label("like_rate"), label("published_at", "posts")
    ('点赞率', '发布时间')
    """
    if not table and (column in METRICS or column in EXTRA):
        return METRICS.get(column) or EXTRA[column]
    # without a table, the posts table's wording wins (it is the course's main table)
    tables = [table] if table else sorted(datasets.tables(), key=lambda t: t != "posts")
    for name in tables:
        for col in datasets.schema(name)["columns"]:
            if col["name"] == column:
                return col["label"]
    return METRICS.get(column) or EXTRA.get(column) or column


def labels(df: pd.DataFrame) -> dict[str, str]:
    """``{column: label}`` for a DataFrame, e.g. for plotly's ``labels=`` argument."""
    table = df.attrs.get("table")
    names = list(df.columns) + [n for n in df.index.names if n]
    return {c: label(c, table) if table else label(c) for c in names}


def to_chinese(df: pd.DataFrame, extra: dict[str, str] | None = None) -> pd.DataFrame:
    """The same table with Chinese column (and index) names, for display only. ``extra`` names
    a module's own columns (it wins over the course-wide labels).

    >>> import pandas as pd
    >>> list(to_chinese(pd.DataFrame({"reads": [1], "likes": [0]})).columns)
    ['阅读/播放量', '点赞数']
    >>> list(to_chinese(pd.DataFrame({"reads": [1], "k": [0]}), {"k": "K 值"}).columns)
    ['阅读/播放量', 'K 值']
    """
    names = {**labels(df), **(extra or {})}
    out = df.rename(columns=names)
    out.index.names = [names.get(n, n) if n else n for n in df.index.names]
    return out
