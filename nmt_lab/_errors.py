"""Error helpers: every message names the bad value and lists the valid ones, in Chinese."""

from __future__ import annotations

from collections.abc import Iterable


class CourseDataError(RuntimeError):
    """A course data file is missing, modified or malformed."""


def _listing(valid: Iterable[object], limit: int = 60) -> str:
    items = [str(v) for v in valid]
    shown = "、".join(items[:limit])
    return shown + (f" 等共 {len(items)} 个" if len(items) > limit else "")


def check_choice(value: object, valid: Iterable[object], what: str) -> None:
    """Raise ``ValueError`` unless ``value`` is one of ``valid``.

    >>> check_choice("抖音", ["抖音", "微博"], "平台")
    >>> check_choice("快手", ["抖音", "微博"], "平台")
    Traceback (most recent call last):
    ...
    ValueError: 平台 "快手" 不存在；可用的平台有：抖音、微博
    """
    valid = list(valid)
    if value not in valid:
        raise ValueError(f'{what} "{value}" 不存在；可用的{what}有：{_listing(valid)}')


def check_columns(df, columns: Iterable[str]) -> None:
    """Raise ``KeyError`` with the available columns when ``df`` lacks one of ``columns``.

    >>> import pandas as pd
    >>> check_columns(pd.DataFrame({"reads": [1]}), ["reads", "点赞"])
    Traceback (most recent call last):
    ...
    KeyError: '列 "点赞" 不在数据中；可用的列有：reads'
    """
    for col in columns:
        if col not in df.columns:
            raise KeyError(f'列 "{col}" 不在数据中；可用的列有：{_listing(df.columns)}')
