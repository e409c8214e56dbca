"""Evaluation: KPI tables against targets, where a gap comes from, content quality and spread.

One concept for every task that judges results against goals (内容/活动复盘, 效果评估报告).
Sections, so that later families (ROI, AHP / entropy index systems, A/B tests) can join or
split off by sub-concept:

- periods: ``"2025Q4"``, ``"2025-10"`` or ``"2025"`` select posts by publishing time;
- KPI tables: actual vs target, gap and attainment for a period (:func:`kpi_table`);
- deviation decomposition: the gap split additively by segment (:func:`gap_by_segment`,
  drawn as a waterfall) and a change split into volume and rate effects (:func:`volume_rate`);
- quality and spread: a weighted quality score per post (:func:`quality_score`), spread
  breadth/depth per segment and the heavy tail (:func:`top_share`, :func:`spread_profile`);
- the retrospective panel (:func:`retro_view` is its logic, :func:`retro_panel` its view).

Every decomposition adds up exactly: the segment gaps sum to the total gap, and
volume effect + rate effect = change.

>>> from nmt_lab import load
>>> posts, targets = load("posts"), load("targets")
>>> kpi = kpi_table(posts, targets, "2025Q4")
>>> round(float(kpi.loc["reads", "attainment"]), 2)
1.12
>>> gaps = gap_by_segment(posts, targets, "2025Q4", "reads")
>>> bool(abs(gaps["gap"].sum() - kpi.loc["reads", "gap"]) < 1e-6)
True
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from ._errors import check_choice, check_columns
from .labels import label
from .metrics import COUNTS, RATES, rate

#: KPIs of a content retrospective, in display order (counts first, then rates)
KPI_METRICS = ["posts", "reads", "likes", "comments", "shares", "new_followers", "conversions",
               "like_rate", "share_rate"]
#: dimensions a gap can be split by
DIMENSIONS = {"platform": "平台", "topic": "选题", "content_type": "内容形式"}
#: default weights of the quality score (they sum to 1)
QUALITY_WEIGHTS = {"like_rate": 0.3, "comment_rate": 0.2, "share_rate": 0.3, "favorite_rate": 0.2}

LABELS = {
    "posts": "内容数",
    "conversions": "引流成交订单",
    "actual": "实际",
    "target": "目标",
    "expected": "目标",
    "gap": "偏差（实际 − 目标）",
    "gap_share": "占总偏差",
    "attainment": "完成率",
    "base_posts": "基期内容数",
    "per_post": "篇均",
    "base_per_post": "基期篇均",
    "volume_effect": "数量效应",
    "rate_effect": "篇均效应",
    "change": "变化",
    "reads_per_post": "篇均阅读",
    "top10_share": "前 10% 内容阅读占比",
    "quality": "质量分",
    "share_of_reads": "占全部阅读",
    "top": "阅读最高的前 x% 内容",
    "share": "占全部阅读的比例",
}


def evaluation_label(name: str) -> str:
    """Chinese name of a column of this module's tables (falls back to the course labels).

    >>> evaluation_label("volume_effect"), evaluation_label("reads")
    ('数量效应', '阅读/播放量')
    """
    return LABELS.get(name) or label(name)


def to_chinese(df: pd.DataFrame) -> pd.DataFrame:
    """A table of this module with Chinese column, index and metric names, for display.

    >>> to_chinese(pd.DataFrame({"actual": [1.0]}, index=pd.Index(["reads"], name="metric")))
                实际
    指标
    阅读/播放量  1.0
    """
    out = df.rename(columns=evaluation_label)
    if out.index.name == "metric":
        out.index = [evaluation_label(m) for m in out.index]
    out.index.name = {"metric": "指标", **DIMENSIONS}.get(df.index.name, df.index.name)
    return out


#: columns shown as percentages by :func:`show`
PERCENT_COLUMNS = {"attainment", "gap_share", "top10_share", "share_of_reads", *RATES}


def show(df: pd.DataFrame, digits: int = 1) -> pd.DataFrame:
    """A display copy of a table of this module: counts with thousands separators, rates and
    shares as percentages (also the rate rows of a KPI table), Chinese names.

    >>> k = pd.DataFrame({"actual": [1234.0, 0.0251], "attainment": [0.9, 1.1]},
    ...                  index=pd.Index(["reads", "like_rate"], name="metric"))
    >>> show(k).values.tolist()
    [['1,234', '90.0%'], ['2.51%', '110.0%']]
    """
    out = df.astype(object).copy()
    for col in df.columns:
        for idx, v in df[col].items():
            if isinstance(v, (int, float, np.number)) and not isinstance(v, bool):
                as_rate = col in PERCENT_COLUMNS or (df.index.name == "metric" and idx in RATES
                                                     and col in {"actual", "target", "gap"})
                if pd.isna(v):
                    out.loc[idx, col] = "—"
                elif as_rate and col in PERCENT_COLUMNS and col not in RATES:
                    out.loc[idx, col] = f"{v:.{digits}%}"
                elif as_rate:
                    out.loc[idx, col] = f"{v:.2%}"
                elif col == "quality":
                    out.loc[idx, col] = f"{v:.1f}"
                else:
                    out.loc[idx, col] = f"{v:,.0f}"
    return to_chinese(out)


# ---------------------------------------------------------------- periods

def _period(period: str) -> pd.Period:
    try:
        return pd.Period(str(period))
    except (ValueError, TypeError):
        raise ValueError(f'时期 "{period}" 看不懂；请写成季度 "2025Q4"、月份 "2025-10" 或年份 "2025"') from None


def in_period(dates: pd.Series, period: str) -> pd.Series:
    """Boolean mask: which dates fall in ``period`` (a quarter, a month or a year).

    >>> d = pd.Series(pd.to_datetime(["2025-09-30 23:00", "2025-10-01 08:00"]))
    >>> in_period(d, "2025Q4").tolist()
    [False, True]
    """
    p = _period(period)
    return dates.dt.to_period(p.freqstr) == p


def previous_period(period: str) -> str:
    """The period just before ``period``, written the same way.

    >>> previous_period("2025Q1"), previous_period("2025-10")
    ('2024Q4', '2025-09')
    """
    return str(_period(period) - 1)


def period_months(period: str) -> list[str]:
    """The months ``"YYYY-MM"`` of a period.

    >>> period_months("2025Q4")
    ['2025-10', '2025-11', '2025-12']
    """
    p = _period(period)
    months = pd.period_range(p.start_time, p.end_time, freq="M")
    return [m.strftime("%Y-%m") for m in months]


def period_posts(posts: pd.DataFrame, period: str, platform: str | None = None) -> pd.DataFrame:
    """Posts published in ``period`` (optionally on one platform).

    >>> from nmt_lab import load
    >>> len(period_posts(load("posts"), "2025Q4", "小红书"))
    58
    """
    check_columns(posts, ["published_at", "platform"])
    mask = in_period(posts["published_at"], period)
    if platform is not None:
        check_choice(platform, posts["platform"].unique(), "平台")
        mask &= posts["platform"] == platform
    return posts[mask]


# ---------------------------------------------------------------- KPI table

def _period_targets(targets: pd.DataFrame, period: str, platform: str | None) -> pd.DataFrame:
    check_columns(targets, ["month", "platform", "metric", "target"])
    t = targets[targets["month"].isin(period_months(period))]
    if platform is not None:
        t = t[t["platform"] == platform]
    return t


def _target_totals(t: pd.DataFrame) -> dict[str, float]:
    """Count targets add up; a rate target is the month/platform rates weighted by target reads."""
    wide = t.pivot_table(index=["month", "platform"], columns="metric", values="target",
                         observed=True, aggfunc="sum")
    out = {m: float(wide[m].sum()) for m in wide.columns if m in COUNTS}
    for m in wide.columns:
        if m in RATES and "reads" in wide.columns:
            has = wide[m].notna()
            out[m] = float(rate((wide.loc[has, m] * wide.loc[has, "reads"]).sum(), wide.loc[has, "reads"].sum()))
    return out


def kpi_table(posts: pd.DataFrame, targets: pd.DataFrame | None, period: str,
              platform: str | None = None, orders: pd.DataFrame | None = None,
              metrics: list[str] | None = None) -> pd.DataFrame:
    """The KPIs of ``period``: one row per metric with ``actual``, ``target``, ``gap``
    (actual − target) and ``attainment`` (actual ÷ target).

    ``platform=None`` means all platforms that have targets (others are left out, so that
    actual and target count the same platforms). Count targets of the months add up; a rate
    target (like_rate …) is weighted by the target reads. ``orders`` adds ``conversions``:
    paid orders whose ``source_platform`` is the platform (no target). Metrics without a
    target get NaN in target, gap and attainment.

    >>> from nmt_lab import load
    >>> k = kpi_table(load("posts"), load("targets"), "2025Q4", "小红书")
    >>> k.loc["reads", ["actual", "target"]].tolist()
    [175104.0, 286200.0]
    >>> round(float(k.loc["reads", "attainment"]), 3)
    0.612
    """
    metrics = list(metrics or KPI_METRICS)
    for m in metrics:
        check_choice(m, KPI_METRICS + list(RATES), "KPI 指标")
    scope = period_posts(posts, period, platform)
    t = _period_targets(targets, period, platform) if targets is not None else None
    if platform is None and t is not None and len(t):
        scope = scope[scope["platform"].isin(t["platform"].unique())]
    counts = {c: float(scope[c].sum()) for c in COUNTS if c in scope.columns}
    counts["posts"] = float(len(scope))
    if "conversions" in metrics:
        counts["conversions"] = np.nan
        if orders is not None:
            check_columns(orders, ["source_platform", "paid_at", "created_at"])
            o = orders[orders["paid_at"].notna() & in_period(orders["created_at"], period)]
            o = o[o["source_platform"].isin(scope["platform"].unique())]
            counts["conversions"] = float(len(o))
    actual = {}
    for m in metrics:
        if m in RATES:
            r = RATES[m]
            actual[m] = float(rate(sum(counts[c] for c in r.numerators), counts[r.denominator]))
        else:
            actual[m] = counts[m]
    goal = _target_totals(t) if t is not None and len(t) else {}
    out = pd.DataFrame({"actual": actual, "target": {m: goal.get(m, np.nan) for m in metrics}},
                       index=pd.Index(metrics, name="metric"))
    out["gap"] = out["actual"] - out["target"]
    out["attainment"] = rate(out["actual"], out["target"])
    out.attrs.update(period=period, platform=platform or "全部有目标的平台")
    return out


# ---------------------------------------------------------------- deviation decomposition

def _segment_sums(df: pd.DataFrame, by: str, metric: str) -> pd.Series:
    return df.groupby(by, observed=True)[metric].sum().astype(float)


def gap_by_segment(posts: pd.DataFrame, targets: pd.DataFrame, period: str,
                   metric: str = "reads", by: str = "platform", platform: str | None = None
                   ) -> pd.DataFrame:
    """Split the gap to target of a count metric additively by segment.

    ``by="platform"``: each platform's actual against its own target. Topics and content
    types have no target of their own: the total target is shared out in proportion to each
    segment's share of ``metric`` in the previous period (目标按上期结构分摊). Either way the
    ``gap`` column sums exactly to the total gap of :func:`kpi_table`. Columns: ``actual``,
    ``expected``, ``gap``, ``gap_share`` (gap ÷ total gap; can exceed 1 or be negative when
    segments offset each other); sorted from the most negative gap. ``platform`` narrows
    everything to one platform (its own target, shared out by its own previous mix).

    >>> from nmt_lab import load
    >>> posts, targets = load("posts"), load("targets")
    >>> g = gap_by_segment(posts, targets, "2025Q4", "reads")
    >>> g.index[0], int(g.loc["小红书", "gap"])
    ('小红书', -111096)
    >>> gap_by_segment(posts, targets, "2025Q4", "reads", "topic", platform="小红书").index[0]
    '热点'
    """
    check_choice(by, DIMENSIONS, "拆分维度")
    check_choice(metric, [m for m in COUNTS if m in posts.columns], "可拆分的计数指标")
    t = _period_targets(targets, period, None)
    t = t[t["metric"] == metric]
    if t.empty:
        raise ValueError(f'{period} 没有 "{metric}" 的目标；targets 里有目标的月份是 '
                         f'{targets["month"].min()} 至 {targets["month"].max()}')
    if platform is not None:
        check_choice(platform, t["platform"].unique(), "有目标的平台")
        t = t[t["platform"] == platform]
    platforms = t["platform"].unique()
    scope = period_posts(posts, period)
    scope = scope[scope["platform"].isin(platforms)]
    actual = _segment_sums(scope, by, metric)
    if by == "platform":
        expected = t.groupby("platform", observed=True)["target"].sum().astype(float)
    else:
        base = period_posts(posts, previous_period(period))
        base = _segment_sums(base[base["platform"].isin(platforms)], by, metric)
        expected = float(t["target"].sum()) * base / base.sum()
    segments = actual.index.union(expected.index)
    out = pd.DataFrame({"actual": actual.reindex(segments, fill_value=0.0),
                        "expected": expected.reindex(segments, fill_value=0.0)})
    out["gap"] = out["actual"] - out["expected"]
    total = out["gap"].sum()
    out["gap_share"] = out["gap"] / total if total else np.nan
    out.index.name = by
    out = out.sort_values("gap", kind="stable")
    out.attrs.update(period=period, metric=metric, by=by, platform=platform,
                     total_actual=float(out["actual"].sum()), total_expected=float(out["expected"].sum()))
    return out


def waterfall_data(gaps: pd.DataFrame) -> dict:
    """Bars of a waterfall: start at the total target, one step per segment gap, end at the
    actual total. ``x``, ``y`` and ``measure`` (plotly's ``"absolute"``/``"relative"``/``"total"``).

    >>> g = pd.DataFrame({"actual": [80.0, 50.0], "expected": [100.0, 40.0]}, index=["A", "B"])
    >>> g["gap"] = g["actual"] - g["expected"]
    >>> w = waterfall_data(g)
    >>> w["x"], w["y"], w["measure"]
    (['目标', 'A', 'B', '实际'], [140.0, -20.0, 10.0, 130.0], ['absolute', 'relative', 'relative', 'total'])
    """
    check_columns(gaps, ["actual", "expected", "gap"])
    return {
        "x": ["目标", *map(str, gaps.index), "实际"],
        "y": [float(gaps["expected"].sum()), *map(float, gaps["gap"]), float(gaps["actual"].sum())],
        "measure": ["absolute", *["relative"] * len(gaps), "total"],
    }


def waterfall_figure(gaps: pd.DataFrame, title: str | None = None) -> go.Figure:
    """A plotly waterfall of :func:`gap_by_segment`: red steps pull below target, green push above.

    >>> import pandas as pd
    >>> g = pd.DataFrame({"actual": [80.0], "expected": [100.0], "gap": [-20.0]}, index=["A"])
    >>> waterfall_figure(g).data[0].type
    'waterfall'
    """
    w = waterfall_data(gaps)
    metric = gaps.attrs.get("metric", "")
    fig = go.Figure(go.Waterfall(x=w["x"], y=w["y"], measure=w["measure"], textposition="outside",
                                 text=[f"{v:+,.0f}" if m == "relative" else f"{v:,.0f}"
                                       for v, m in zip(w["y"], w["measure"], strict=True)],
                                 decreasing=dict(marker=dict(color="#c0392b")),
                                 increasing=dict(marker=dict(color="#2a7f62")),
                                 totals=dict(marker=dict(color="#3b6fb6"))))
    fig.update_layout(title=title or f"{gaps.attrs.get('period', '')} {label(metric) if metric else ''}：目标到实际",
                      showlegend=False, height=420, yaxis_tickformat=",")
    return fig


def volume_rate(posts: pd.DataFrame, period: str, baseline: str | None = None,
                by: str = "platform", metric: str = "reads") -> pd.DataFrame:
    """Split the change of ``metric`` from ``baseline`` (default: the previous period) to
    ``period`` into a volume effect (more or fewer posts) and a rate effect (more or less per post):

    ``volume_effect = (posts − base_posts) × base_per_post``,
    ``rate_effect = posts × (per_post − base_per_post)``; they add up to ``change``.
    A segment new in ``period`` counts wholly as volume.

    >>> from nmt_lab import load
    >>> v = volume_rate(load("posts"), "2025Q4")
    >>> v.loc["小红书", ["posts", "base_posts"]].tolist()
    [58.0, 75.0]
    >>> bool(((v["volume_effect"] + v["rate_effect"] - v["change"]).abs() < 1e-6).all())
    True
    """
    check_choice(by, DIMENSIONS, "拆分维度")
    check_choice(metric, [m for m in COUNTS if m in posts.columns], "计数指标")
    baseline = baseline or previous_period(period)
    cur, base = period_posts(posts, period), period_posts(posts, baseline)
    n1, n0 = cur.groupby(by, observed=True).size(), base.groupby(by, observed=True).size()
    s1, s0 = _segment_sums(cur, by, metric), _segment_sums(base, by, metric)
    idx = n1.index.union(n0.index)
    out = pd.DataFrame({"posts": n1.reindex(idx, fill_value=0).astype(float),
                        "base_posts": n0.reindex(idx, fill_value=0).astype(float)})
    out["per_post"] = rate(s1.reindex(idx, fill_value=0), out["posts"])
    out["base_per_post"] = rate(s0.reindex(idx, fill_value=0), out["base_posts"])
    r0 = out["base_per_post"].fillna(out["per_post"]).fillna(0.0)
    r1 = out["per_post"].fillna(0.0)
    out["volume_effect"] = (out["posts"] - out["base_posts"]) * r0
    out["rate_effect"] = out["posts"] * (r1 - r0)
    out["change"] = s1.reindex(idx, fill_value=0) - s0.reindex(idx, fill_value=0)
    out.index.name = by
    out.attrs.update(period=period, baseline=baseline, metric=metric)
    return out.sort_values("change", kind="stable")


# ---------------------------------------------------------------- quality and spread

def quality_score(posts: pd.DataFrame, weights: dict[str, float] | None = None,
                  within: str | None = "platform") -> pd.Series:
    """A 0–100 quality score per post: each rate is turned into a percentile rank (within
    each platform by default, since 小红书 likes and 微信 likes are not on one scale), then
    the ranks are averaged with ``weights`` (rate name → weight, summing to 1).

    >>> df = pd.DataFrame({"platform": ["抖音"] * 3, "reads": [100, 100, 100],
    ...                    "likes": [1, 2, 3], "shares": [3, 2, 1]})
    >>> quality_score(df, {"like_rate": 0.5, "share_rate": 0.5}).tolist()
    [66.7, 66.7, 66.7]
    """
    weights = dict(weights or QUALITY_WEIGHTS)
    for name in weights:
        check_choice(name, RATES, "质量分使用的比率指标")
    total = sum(weights.values())
    if not math.isclose(total, 1.0, abs_tol=1e-6):
        raise ValueError(f"质量分的权重之和应为 1，现在是 {total:g}：{weights}")
    for n in weights:
        check_columns(posts, [*RATES[n].numerators, RATES[n].denominator])
    rated = pd.DataFrame({n: rate(posts[list(RATES[n].numerators)].sum(axis=1), posts[RATES[n].denominator])
                          for n in weights}, index=posts.index)
    if within is not None:
        rated[within] = posts[within]
        ranks = rated.groupby(within, observed=True)[list(weights)].rank(pct=True)
    else:
        ranks = rated[list(weights)].rank(pct=True)
    score = sum(ranks[n].fillna(0.0) * w for n, w in weights.items()) * 100
    return score.round(1).rename("quality")


def top_share(values, top: float = 0.1) -> float:
    """Share of the total held by the top ``top`` fraction of items (at least one item):
    how heavy the tail is. 0.1 of items holding 0.1 of reads means no tail at all.

    >>> top_share([100, 1, 1, 1, 1, 1, 1, 1, 1, 1])
    0.9174
    """
    v = np.sort(np.asarray(values, dtype="float64"))[::-1]
    if not 0 < top <= 1:
        raise ValueError(f"top 应在 0 到 1 之间（如 0.1 表示前 10%），你给出的是 {top}")
    if v.size == 0 or v.sum() <= 0:
        return float("nan")
    k = max(1, math.ceil(v.size * top - 1e-9))
    return round(float(v[:k].sum() / v.sum()), 4)


def cumulative_share(values) -> pd.DataFrame:
    """The heavy-tail curve: items sorted from the largest, ``top`` = share of items so far,
    ``share`` = their share of the total. A straight diagonal means no tail at all.

    >>> cumulative_share([1, 3, 6, 10])
           top  share
    rank
    1     0.25   0.50
    2     0.50   0.80
    3     0.75   0.95
    4     1.00   1.00
    """
    v = np.sort(np.asarray(values, dtype="float64"))[::-1]
    n = np.arange(1, v.size + 1)
    total = v.sum()
    out = pd.DataFrame({"top": (n / v.size).round(4), "share": (v.cumsum() / total).round(4) if total else np.nan},
                       index=pd.Index(n, name="rank"))
    return out


def spread_profile(posts: pd.DataFrame, by: str = "platform") -> pd.DataFrame:
    """Breadth and depth of spread per segment: ``posts``, ``reads``, ``reads_per_post``
    (breadth), ``share_rate`` and ``interaction_rate`` (depth: how far readers pass it on and
    act), ``top10_share`` (heavy tail) and the mean ``quality`` score.

    >>> from nmt_lab import load
    >>> p = spread_profile(period_posts(load("posts"), "2025Q4"))
    >>> bool(p.loc["头条号", "top10_share"] > 0.7)
    True
    """
    check_columns(posts, [by, "reads", "likes", "comments", "shares", "favorites"])
    g = posts.groupby(by, observed=True)
    out = g[["reads", "likes", "comments", "shares", "favorites"]].sum().astype(float)
    out.insert(0, "posts", g.size().astype(float))
    out["reads_per_post"] = out["reads"] / out["posts"]
    out["share_rate"] = rate(out["shares"], out["reads"])
    out["interaction_rate"] = rate(out[["likes", "comments", "shares", "favorites"]].sum(axis=1), out["reads"])
    out["top10_share"] = g["reads"].apply(top_share)
    out["quality"] = quality_score(posts).groupby(posts[by], observed=True).mean().round(1)
    return out[["posts", "reads", "reads_per_post", "share_rate", "interaction_rate", "top10_share",
                "quality"]]


# ---------------------------------------------------------------- retrospective panel

def retro_view(posts: pd.DataFrame, targets: pd.DataFrame, period: str = "2025Q4",
               metric: str = "reads", by: str = "platform", platform: str | None = None,
               orders: pd.DataFrame | None = None) -> dict:
    """What the retrospective panel shows, as plain data: ``kpi`` (:func:`kpi_table` of
    ``platform``, or of all platforms with targets; ``orders`` adds conversions), ``gaps`` (:func:`gap_by_segment`),
    ``waterfall`` (:func:`waterfall_data`) and ``worst`` (the segment that pulls hardest
    below target, None when none is below).

    >>> from nmt_lab import load
    >>> v = retro_view(load("posts"), load("targets"), "2025Q4", "reads", "platform")
    >>> v["worst"], v["waterfall"]["x"][0]
    ('小红书', '目标')
    >>> retro_view(load("posts"), load("targets"), "2025Q4", "reads", "topic", "小红书")["worst"]
    '热点'
    """
    kpi = kpi_table(posts, targets, period, platform, orders=orders)
    gaps = gap_by_segment(posts, targets, period, metric, by, platform)
    return {"kpi": kpi, "gaps": gaps, "waterfall": waterfall_data(gaps),
            "worst": str(gaps.index[0]) if gaps["gap"].iloc[0] < 0 else None}


ALL = "全部（有目标的平台）"


def _kpi_html(kpi: pd.DataFrame) -> str:
    rows = []
    for m, r in kpi.iterrows():
        is_rate = m in RATES
        fmt = (lambda v: "—" if pd.isna(v) else f"{v:.2%}") if is_rate else (
            lambda v: "—" if pd.isna(v) else f"{v:,.0f}")
        att = "—" if pd.isna(r["attainment"]) else f"{r['attainment']:.0%}"
        colour = "#888" if pd.isna(r["attainment"]) else ("#2a7f62" if r["attainment"] >= 1 else "#c0392b")
        rows.append(f"<tr><td>{evaluation_label(m)}</td><td align='right'>{fmt(r['actual'])}</td>"
                    f"<td align='right'>{fmt(r['target'])}</td>"
                    f"<td align='right' style='color:{colour}'>{att}</td></tr>")
    return ("<table style='font-size:13px;border-spacing:14px 2px'>"
            "<tr><th>指标</th><th>实际</th><th>目标</th><th>完成率</th></tr>"
            + "".join(rows) + "</table>")


def retro_panel(posts: pd.DataFrame, targets: pd.DataFrame, period: str = "2025Q4",
                metric: str = "reads", by: str = "platform", platform: str | None = None,
                orders: pd.DataFrame | None = None):
    """Pick quarter, platform (or all), metric and dimension: the KPI table and the waterfall
    of the gap update."""
    import ipywidgets as w

    from .widgets import Panel

    quarters = sorted({str(pd.Period(m, freq="M").asfreq("Q")) for m in targets["month"].unique()})
    controls = {
        "period": w.Dropdown(options=quarters, value=period, description="季度"),
        "platform": w.Dropdown(options=[(ALL, ""), *[(p, p) for p in targets["platform"].unique()]],
                               value=platform or "", description="平台"),
        "metric": w.Dropdown(options=[(label(m), m) for m in ["reads", "likes", "comments", "shares",
                                                            "new_followers"]],
                             value=metric, description="指标"),
        "by": w.Dropdown(options=[(v, k) for k, v in DIMENSIONS.items()], value=by, description="拆分维度"),
    }
    fig = go.FigureWidget(data=[go.Waterfall(decreasing=dict(marker=dict(color="#c0392b")),
                                             increasing=dict(marker=dict(color="#2a7f62")),
                                             totals=dict(marker=dict(color="#3b6fb6")))],
                          layout=dict(height=420, showlegend=False, yaxis_tickformat=","))
    table, note = w.HTML(), w.HTML()

    def update(period: str, platform: str, metric: str, by: str) -> None:
        view = retro_view(posts, targets, period, metric, by, platform or None, orders)
        wf = view["waterfall"]
        with fig.batch_update():
            fig.data[0].x, fig.data[0].y, fig.data[0].measure = wf["x"], wf["y"], wf["measure"]
            fig.data[0].text = [f"{v:+,.0f}" if m == "relative" else f"{v:,.0f}"
                                for v, m in zip(wf["y"], wf["measure"], strict=True)]
            fig.layout.title = (f"{period} {platform or ALL} {label(metric)}："
                                f"从目标到实际（按{DIMENSIONS[by]}拆分）")
        table.value = _kpi_html(view["kpi"])
        basis = "各平台自己的目标" if by == "platform" else "目标按上季度各组的占比分摊"
        worst = f"拉低最多的是 <b>{view['worst']}</b>。" if view["worst"] else "没有低于目标的组。"
        note.value = f"<div style='font-size:13px'>对比口径：{basis}。{worst}</div>"

    return Panel(controls, [table, note, fig], update, figure=fig, table=table, note=note)
