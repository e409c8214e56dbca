"""Checks that notebook test cells call: they pass silently or fail with kind Chinese feedback.

>>> close(0.0151, 0.015, "点赞率", rel=0.01)
>>> close(66.2, 0.015, "点赞率", hint="点赞率 = 点赞数 ÷ 阅读数。")
Traceback (most recent call last):
...
AssertionError: 点赞率 不对：期望约 0.015，你的结果是 66.2。点赞率 = 点赞数 ÷ 阅读数。
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import pandas as pd


def _fail(message: str, hint: str = "") -> None:
    raise AssertionError(message + (hint and f"{hint}"))


def defined(value, name: str) -> None:
    """Fail when the student left the placeholder (``...`` or ``None``) in place."""
    if value is None or value is Ellipsis:
        _fail(f"{name} 还没有填写：请把 ... 或 None 替换成你的答案。")


def number(value, name: str) -> float:
    """Fail unless ``value`` is a real number; return it as float."""
    defined(value, name)
    if hasattr(value, "item") and getattr(value, "size", 1) == 1:
        value = value.item()
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        _fail(f"{name} 应该是一个数字，你给出的是 {type(value).__name__}：{value!r:.80}。")
    if math.isnan(value):
        _fail(f"{name} 是 NaN（空值）：检查分母是否为 0，或筛选后是否没有数据。")
    return float(value)


def close(value, expected: float, name: str, rel: float = 1e-3, abs_tol: float = 1e-9,
          hint: str = "") -> None:
    """Fail unless ``value`` is within ``rel`` (relative) of ``expected``."""
    got = number(value, name)
    if not math.isclose(got, float(expected), rel_tol=rel, abs_tol=abs_tol):
        _fail(f"{name} 不对：期望约 {float(expected):.4g}，你的结果是 {got:.4g}。", hint)


def ratio(value, name: str) -> float:
    """Fail unless ``value`` is a rate between 0 and 1 (not a percentage)."""
    got = number(value, name)
    if got > 1:
        _fail(f"{name} 应在 0 到 1 之间，你的结果 {got:.4g} 大于 1：检查分子分母是否写反，"
              "或是否多乘了 100（本课程比率用小数表示，如 0.015 表示 1.5%）。")
    if got < 0:
        _fail(f"{name} 不应为负数，你的结果是 {got:.4g}。")
    return got


def choice(value, valid: Iterable[str], name: str) -> None:
    """Fail unless ``value`` is one of ``valid`` (e.g. one of "A"/"B"/"C")."""
    defined(value, name)
    valid = list(valid)
    if value not in valid:
        _fail(f"{name} 应为 {' / '.join(map(str, valid))} 中的一个，你给出的是 {value!r}。")


def frame(value, name: str, columns: Iterable[str] = (), min_rows: int = 1) -> pd.DataFrame:
    """Fail unless ``value`` is a DataFrame with ``columns`` and at least ``min_rows`` rows."""
    defined(value, name)
    if isinstance(value, pd.Series):
        value = value.to_frame()
    if not isinstance(value, pd.DataFrame):
        _fail(f"{name} 应该是一个表格（DataFrame），你给出的是 {type(value).__name__}。")
    missing = [c for c in columns if c not in value.columns and c != value.index.name]
    if missing:
        have = "、".join(map(str, value.columns))
        _fail(f"{name} 缺少列：{'、'.join(missing)}；现有的列：{have}。")
    if len(value) < min_rows:
        _fail(f"{name} 只有 {len(value)} 行，至少应有 {min_rows} 行：检查筛选条件。")
    return value


def same_items(value, expected: Iterable, name: str, hint: str = "") -> None:
    """Fail unless ``value`` holds the same items as ``expected``, in any order."""
    defined(value, name)
    got, want = sorted(map(str, value)), sorted(map(str, expected))
    if got != want:
        extra = sorted(set(got) - set(want))
        lack = sorted(set(want) - set(got))
        detail = []
        if lack:
            detail.append(f"缺少 {'、'.join(lack[:5])}")
        if extra:
            detail.append(f"多出 {'、'.join(extra[:5])}")
        if not detail:
            detail.append(f"数量不对（应为 {len(want)} 个，你给出 {len(got)} 个）")
        _fail(f"{name} 不对：{'；'.join(detail)}。", hint)


def text(value, name: str, min_chars: int = 20, must_mention: Iterable[str] = ()) -> str:
    """Structural check of a written answer: long enough and naming the required items."""
    defined(value, name)
    if not isinstance(value, str):
        _fail(f"{name} 应该是一段文字（字符串，用引号括起来）。")
    body = value.strip()
    if len(body) < min_chars:
        _fail(f"{name} 太短（{len(body)} 字）：至少写 {min_chars} 字，说清结论和依据。")
    for word in must_mention:
        if word not in body:
            _fail(f"{name} 还没有提到“{word}”。")
    return body


def group_rate(value, numerator, denominator, name: str) -> None:
    """Check a rate of a group of posts (sum ÷ sum) and explain the usual mistakes."""
    got = ratio(value, name)
    num, den = float(sum(numerator)), float(sum(denominator))
    want = num / den
    per_item = [n / d for n, d in zip(numerator, denominator, strict=True) if d]
    if per_item and math.isclose(got, sum(per_item) / len(per_item), rel_tol=1e-6) and not math.isclose(
            got, want, rel_tol=1e-6):
        _fail(f"你算的是每条内容{name}的平均值。整体{name}要用“分子之和 ÷ 分母之和”，"
              "这样阅读多的内容分量更重。")
    close(got, want, name, rel=1e-6, hint=f"整体{name} = 分子之和 ÷ 分母之和。")


def change(value, current: float, previous: float, name: str) -> None:
    """Check a relative change (本期 ÷ 上期 − 1) and explain the usual mistakes."""
    got = number(value, name)
    want = current / previous - 1
    if math.isclose(got, want, rel_tol=1e-6):
        return
    if math.isclose(got, current - previous, rel_tol=1e-6):
        _fail(f"{name} 应该是相对变化（本期 ÷ 上期 − 1），你算的是差值（本期 − 上期）。")
    if math.isclose(got, want * 100, rel_tol=1e-6):
        _fail(f"{name} 请用小数表示（如 0.12 表示增长 12%），不要乘以 100。")
    if math.isclose(got, current / previous, rel_tol=1e-6):
        _fail(f"{name} 还差一步：本期 ÷ 上期 之后要再减 1。")
    if math.isclose(got, previous / current - 1, rel_tol=1e-6):
        _fail(f"{name} 的分子分母写反了：应为 本期 ÷ 上期 − 1。")
    close(got, want, name, rel=1e-6, hint="环比变化 = 本期 ÷ 上期 − 1。")


def month_list(value, expected: Iterable[str], name: str) -> None:
    """Check a list of months written as "YYYY-MM" (any order)."""
    defined(value, name)
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        _fail(f"{name} 应该是一个列表，如 [\"2025-03\", \"2025-07\"]。")
    items = [str(v) for v in value]
    bad = [v for v in items if len(v) != 7 or v[4] != "-"]
    if bad:
        _fail(f"{name} 里的月份要写成 \"YYYY-MM\" 的形式，如 \"2025-03\"；这些不对：{'、'.join(bad[:5])}。")
    same_items(items, expected, name)
