"""内容发布 · 发布时间：各时段的阅读表现、热力图、最佳时段，以及热力图面板（互动组件）。"""

from __future__ import annotations

import ipywidgets as w
import pandas as pd
import plotly.graph_objects as go

from .._errors import check_choice, check_columns
from ..widgets import Panel
from .common import WEEKDAYS

# =====================================================================================
# 6  发布时间
# =====================================================================================

_STATS = {"mean": "平均阅读", "median": "阅读中位数"}


def _platform_posts(posts: pd.DataFrame, platform: str | None) -> pd.DataFrame:
    check_columns(posts, ["published_at", "platform", "reads"])
    if platform is None:
        return posts
    check_choice(platform, [p for p in posts["platform"].unique()], "平台")
    return posts[posts["platform"] == platform]


def hour_profile(posts: pd.DataFrame, platform: str | None = None) -> pd.DataFrame:
    """Supply and demand by publishing hour: ``posts`` (how many posts went out in that hour),
    ``post_share`` (share of all posts), ``mean_reads`` and ``median_reads`` per post.

    >>> hp = hour_profile(load_posts(), "微信公众号")
    >>> int(hp["posts"].idxmax()), int(hp["mean_reads"].idxmax())
    (18, 22)
    """
    df = _platform_posts(posts, platform)
    g = df.groupby(df["published_at"].dt.hour.rename("hour"))["reads"]
    out = pd.DataFrame({"posts": g.size(), "mean_reads": g.mean(), "median_reads": g.median()})
    out.insert(1, "post_share", out["posts"] / out["posts"].sum())
    return out


def load_posts() -> pd.DataFrame:
    """``nmt.load("posts")`` (for examples)."""
    from ..datasets import load

    return load("posts")


def best_hour(posts: pd.DataFrame, platform: str | None = None, min_posts: int = 5, stat: str = "mean") -> int:
    """The publishing hour with the most reads per post, among hours with ≥ ``min_posts`` posts.

    >>> best_hour(load_posts(), "抖音")
    22
    """
    check_choice(stat, _STATS, "统计量")
    hp = hour_profile(posts, platform)
    hp = hp[hp["posts"] >= min_posts]
    if hp.empty:
        raise ValueError(f"没有哪个小时的发文数达到 {min_posts} 条：把 min_posts 调小。")
    return int(hp[f"{stat}_reads"].idxmax())


def _hours(posts: pd.DataFrame) -> list[int]:
    hours = posts["published_at"].dt.hour
    return list(range(int(hours.min()), int(hours.max()) + 1))


def time_heatmap(posts: pd.DataFrame, platform: str | None = None, stat: str = "mean", min_posts: int = 1,
                 value: str = "reads") -> pd.DataFrame:
    """Weekday × hour table of reads per post (``stat``: "mean" or "median"); cells with
    fewer than ``min_posts`` posts are left empty (NaN). ``value="posts"`` gives the counts.

    >>> t = time_heatmap(load_posts(), "微信公众号", min_posts=3)
    >>> t.shape, list(t.index[:2])
    ((7, 17), ['周一', '周二'])
    """
    check_choice(stat, _STATS, "统计量")
    check_choice(value, ["reads", "posts"], "数值")
    df = _platform_posts(posts, platform)
    wd = df["published_at"].dt.day_of_week.rename("weekday")
    hr = df["published_at"].dt.hour.rename("hour")
    g = df.groupby([wd, hr])["reads"]
    counts = g.size().unstack().reindex(index=range(7), columns=_hours(posts)).fillna(0).astype(int)
    if value == "posts":
        table = counts
    else:
        table = g.agg(stat).unstack().reindex(index=range(7), columns=_hours(posts))
        table = table.where(counts >= min_posts)
    table.index = WEEKDAYS
    table.index.name, table.columns.name = "weekday", "hour"
    return table


def best_slot(posts: pd.DataFrame, platform: str | None = None, stat: str = "mean", min_posts: int = 3) -> dict:
    """The weekday and hour with the most reads per post among cells with ≥ ``min_posts`` posts.

    Returns ``weekday``, ``hour``, ``value`` and ``posts`` (how many posts the cell holds).

    >>> s = best_slot(load_posts(), "微信公众号")
    >>> s["weekday"], s["hour"], s["posts"] >= 3
    ('周二', 22, True)
    """
    table = time_heatmap(posts, platform, stat, min_posts)
    counts = time_heatmap(posts, platform, value="posts")
    stacked = table.stack().dropna()
    if stacked.empty:
        raise ValueError(f"没有哪个时段的发文数达到 {min_posts} 条：把最少条数调小。")
    weekday, hour = stacked.idxmax()
    return {"weekday": weekday, "hour": int(hour), "value": float(stacked.max()),
            "posts": int(counts.loc[weekday, hour]), "stat": stat}


def heatmap_view(posts: pd.DataFrame, platform: str, stat: str = "mean", min_posts: int = 3) -> dict:
    """What the heatmap panel shows: the table, the counts, the best slot and the hour profile.

    >>> v = heatmap_view(load_posts(), "微信公众号")
    >>> v["best"]["hour"], v["busiest_hour"], v["best_hour"]
    (22, 18, 22)
    """
    table = time_heatmap(posts, platform, stat, min_posts)
    counts = time_heatmap(posts, platform, value="posts")
    hp = hour_profile(posts, platform)
    try:
        best = best_slot(posts, platform, stat, min_posts)
    except ValueError:
        best = None
    return {"table": table, "counts": counts, "best": best, "profile": hp,
            "busiest_hour": int(hp["posts"].idxmax()), "best_hour": best_hour(posts, platform, stat=stat)}


def heatmap_panel(posts: pd.DataFrame, platform: str = "微信公众号", stat: str = "mean",
                  min_posts: int = 3) -> Panel:
    """Heatmap widget: pick platform, statistic and the minimum posts per cell; the weekday ×
    hour heatmap, the recommended slot (★) and the supply/demand chart update."""
    platforms = [p for p in posts["platform"].cat.categories if (posts["platform"] == p).any()]
    controls = {
        "platform": w.Dropdown(options=platforms, value=platform, description="平台"),
        "stat": w.ToggleButtons(options=[("平均数", "mean"), ("中位数", "median")], value=stat,
                                description="统计"),
        "min_posts": w.IntSlider(value=min_posts, min=1, max=10, description="最少条数", continuous_update=False),
    }
    heat = go.FigureWidget(
        data=[go.Heatmap(colorscale="YlGn", hovertemplate="%{y} %{x} 点：%{z:,.0f}<extra></extra>",
                         colorbar=dict(title="阅读")),
              go.Scatter(mode="markers+text", marker=dict(symbol="star", size=18, color="#c0392b"),
                         text=["推荐"], textposition="top center", name="推荐时段", hoverinfo="skip")],
        layout=dict(height=380, xaxis=dict(title="发布时间（点）", dtick=1), yaxis=dict(autorange="reversed"),
                    showlegend=False),
    )
    supply = go.FigureWidget(
        data=[go.Bar(name="发文数（供给）", marker_color="#c9d6cf"),
              go.Scatter(name="每条平均阅读（需求）", mode="lines+markers", yaxis="y2", line=dict(color="#e07a2f"))],
        layout=dict(height=300, xaxis=dict(title="发布时间（点）", dtick=1), yaxis=dict(title="发文数"),
                    yaxis2=dict(title="每条平均阅读", overlaying="y", side="right"),
                    title="大家什么时候发 vs. 什么时候发效果好"),
    )
    card = w.HTML()

    def update(platform: str, stat: str, min_posts: int) -> None:
        v = heatmap_view(posts, platform, stat, min_posts)
        t = v["table"]
        z = [[None if pd.isna(x) else float(x) for x in row] for row in t.to_numpy()]
        with heat.batch_update():
            heat.data[0].z, heat.data[0].x, heat.data[0].y = z, list(t.columns), list(t.index)
            heat.data[0].customdata = v["counts"].to_numpy()
            heat.data[0].hovertemplate = (f"%{{y}} %{{x}} 点：{_STATS[stat]} %{{z:,.0f}}"
                                          "（%{customdata} 条）<extra></extra>")
            best = v["best"]
            heat.data[1].x, heat.data[1].y = ([best["hour"]], [best["weekday"]]) if best else ([], [])
            heat.layout.title = f"{platform} · 各时段每条内容的{_STATS[stat]}（少于 {min_posts} 条的格子留空）"
        with supply.batch_update():
            hp = v["profile"]
            supply.data[0].x, supply.data[0].y = list(hp.index), list(hp["posts"])
            supply.data[1].x, supply.data[1].y = list(hp.index), [float(x) for x in hp["mean_reads"]]
        slot = (f"推荐时段：<b>{best['weekday']} {best['hour']} 点</b>（{_STATS[stat]} {best['value']:,.0f}，"
                f"样本 {best['posts']} 条）" if best else "没有格子达到最少条数，调小“最少条数”。")
        card.value = (f"<div style='line-height:1.8'>{slot}<br>发文最多的时间：<b>{v['busiest_hour']} 点</b>；"
                      f"每条阅读最高的时间（至少 5 条）：<b>{v['best_hour']} 点</b></div>")

    return Panel(controls, [card, heat, supply], update, figure=heat, supply=supply, card=card)
