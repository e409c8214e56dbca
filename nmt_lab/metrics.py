"""Spread metrics: basic counts, relative rates, comparison with history and targets, trends.

Rates of a group are computed from sums (total likes / total reads), not as the mean
of per-post rates: one viral post should weigh by its reads, not count as one post.

>>> import pandas as pd
>>> df = pd.DataFrame({"reads": [1000, 0], "likes": [15, 0], "comments": [3, 0],
...                    "shares": [30, 0], "favorites": [10, 0]})
>>> add_rates(df, ["like_rate", "share_rate"])[["like_rate", "share_rate"]]
   like_rate  share_rate
0      0.015        0.03
1        NaN         NaN
>>> rate(15, 1000)
0.015
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ._errors import check_choice, check_columns


@dataclass(frozen=True)
class Rate:
    label: str
    numerators: tuple[str, ...]
    denominator: str
    definition: str


RATES: dict[str, Rate] = {
    "like_rate": Rate("点赞率", ("likes",), "reads", "点赞数 ÷ 阅读（播放）数"),
    "comment_rate": Rate("评论率", ("comments",), "reads", "评论数 ÷ 阅读（播放）数"),
    "share_rate": Rate("转发率", ("shares",), "reads", "转发（分享）数 ÷ 阅读（播放）数"),
    "favorite_rate": Rate("收藏率", ("favorites",), "reads", "收藏（在看）数 ÷ 阅读（播放）数"),
    "interaction_rate": Rate(
        "互动率",
        ("likes", "comments", "shares", "favorites"),
        "reads",
        "（点赞 + 评论 + 转发 + 收藏）÷ 阅读（播放）数",
    ),
    "open_rate": Rate("打开率", ("readers",), "delivered", "阅读人数 ÷ 送达人数（仅微信公众号）"),
    "follow_rate": Rate("涨粉率", ("new_followers",), "delivered", "新增关注数 ÷ 送达（曝光）数"),
}

COUNTS: dict[str, str] = {
    "delivered": "送达/曝光量",
    "readers": "阅读人数",
    "reads": "阅读/播放量",
    "likes": "点赞数",
    "comments": "评论数",
    "shares": "转发数",
    "favorites": "收藏数",
    "new_followers": "新增关注",
}

METRICS: dict[str, str] = {**COUNTS, **{k: r.label for k, r in RATES.items()}}


def metric_label(metric: str) -> str:
    """Chinese name of a metric.

    >>> metric_label("share_rate")
    '转发率'
    """
    check_choice(metric, METRICS, "指标")
    return METRICS[metric]


def rate(numerator, denominator):
    """``numerator / denominator``; 0 or missing denominators give NaN instead of inf."""
    num = np.asarray(numerator, dtype="float64")
    den = np.asarray(denominator, dtype="float64")
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(den > 0, num / np.where(den > 0, den, 1), np.nan)
    return out.item() if out.ndim == 0 else out


def add_rates(df: pd.DataFrame, names: list[str] | None = None) -> pd.DataFrame:
    """A copy of ``df`` with one column per rate in ``names`` (default: every rate it can)."""
    if names is None:
        names = [n for n, r in RATES.items() if {*r.numerators, r.denominator} <= set(df.columns)]
    out = df.copy()
    for name in names:
        check_choice(name, RATES, "比率指标")
        r = RATES[name]
        check_columns(df, [*r.numerators, r.denominator])
        out[name] = rate(df[list(r.numerators)].sum(axis=1, min_count=1), df[r.denominator])
    out.attrs = dict(df.attrs)
    return out


def summarize(df: pd.DataFrame, by=None) -> pd.DataFrame:
    """Totals of every count column and the rates computed from those totals.

    ``by`` is a column name (or list) or ``None`` for one overall row. The column
    ``posts`` counts the posts in each group.
    """
    counts = [c for c in COUNTS if c in df.columns]
    if by is None:
        totals = df[counts].sum().to_frame().T
        totals.insert(0, "posts", len(df))
    else:
        keys = [by] if isinstance(by, str) else list(by)
        check_columns(df, keys)
        grouped = df.groupby(keys, observed=True)
        totals = grouped[counts].sum()
        totals.insert(0, "posts", grouped.size())
    return add_rates(totals)


def monthly(posts: pd.DataFrame, platform: str | None = None) -> pd.DataFrame:
    """Monthly summary (index: month as ``"2025-06"``) of one platform or all."""
    check_columns(posts, ["published_at"])
    if platform is not None:
        check_choice(platform, posts["platform"].unique(), "平台")
        posts = posts[posts["platform"] == platform]
    month = posts["published_at"].dt.strftime("%Y-%m").rename("month")
    return summarize(posts.assign(month=month), by="month")


def compare_month(
    posts: pd.DataFrame,
    targets: pd.DataFrame | None,
    platform: str,
    month: str,
    metrics: list[str] | None = None,
) -> pd.DataFrame:
    """This month against last month and the month's target, one row per metric.

    Columns: ``current``, ``previous``, ``change`` (环比: current / previous - 1),
    ``target`` and ``attainment`` (目标完成率: current / target).
    """
    table = monthly(posts, platform)
    check_choice(month, table.index, "月份")
    metrics = metrics or ["reads", "likes", "comments", "shares", "like_rate", "share_rate"]
    for m in metrics:
        check_choice(m, table.columns, "指标")
    pos = table.index.get_loc(month)
    current = table.iloc[pos][metrics]
    previous = table.iloc[pos - 1][metrics] if pos > 0 else pd.Series(np.nan, index=metrics)
    out = pd.DataFrame({"current": current.astype(float), "previous": previous.astype(float)})
    out["change"] = rate(out["current"], out["previous"]) - 1
    if targets is not None:
        t = targets[(targets["platform"] == platform) & (targets["month"] == month)]
        out["target"] = t.set_index("metric")["target"].reindex(metrics).astype(float)
    else:
        out["target"] = np.nan
    out["attainment"] = rate(out["current"], out["target"])
    out.index.name = "metric"
    return out


def trend(series: pd.Series, window: int = 7) -> pd.Series:
    """Centred rolling mean that smooths daily noise (weekly cycle by default)."""
    return series.rolling(window, center=True, min_periods=1).mean()


def period_change(series: pd.Series, periods: int = 1) -> pd.Series:
    """Relative change against ``periods`` steps earlier (环比 for months, 同比 for 12)."""
    return series / series.shift(periods) - 1


def index_series(search_index: pd.DataFrame, keyword: str, source: str, index_type: str) -> pd.Series:
    """Daily values of one index (e.g. 百度指数 · 搜索指数) for one keyword, indexed by date.

    >>> from nmt_lab import load
    >>> s = index_series(load("search_index"), "溪山茶饮", "百度指数", "搜索指数")
    >>> s.index.min().strftime("%Y-%m-%d")
    '2025-01-01'
    """
    check_columns(search_index, ["date", "keyword", "source", "index_type", "value"])
    check_choice(keyword, search_index["keyword"].unique(), "关键词")
    check_choice(source, search_index["source"].unique(), "指数平台")
    rows = search_index[(search_index["source"] == source)]
    check_choice(index_type, rows["index_type"].unique(), f"{source}的指数类型")
    rows = rows[(rows["keyword"] == keyword) & (rows["index_type"] == index_type)]
    return rows.set_index("date")["value"].astype("float64").sort_index().rename(f"{keyword}·{source}")


def definitions() -> pd.DataFrame:
    """The relative metrics of the course and how each is computed.

    >>> definitions().loc["like_rate", "公式"]
    '点赞数 ÷ 阅读（播放）数'
    """
    return pd.DataFrame(
        {"指标": [r.label for r in RATES.values()], "公式": [r.definition for r in RATES.values()]},
        index=pd.Index(list(RATES), name="列名"),
    )


def previous_month(month: str) -> str:
    """The month before ``"YYYY-MM"``.

    >>> previous_month("2025-01")
    '2024-12'
    """
    return (pd.Period(month, freq="M") - 1).strftime("%Y-%m")


def target_table(posts: pd.DataFrame, targets: pd.DataFrame, platform: str, metric: str = "reads"
                 ) -> pd.DataFrame:
    """Month by month: actual value, target and attainment (实际 ÷ 目标) of one metric.

    Only months that have a target are listed.
    """
    check_choice(metric, targets["metric"].unique(), "有目标的指标")
    actual = monthly(posts, platform)[metric]
    t = targets[(targets["platform"] == platform) & (targets["metric"] == metric)]
    out = t.set_index("month")[["target"]].astype(float)
    out.insert(0, "current", actual.reindex(out.index).astype(float))
    out["attainment"] = rate(out["current"], out["target"])
    out.index.name = "month"
    return out
