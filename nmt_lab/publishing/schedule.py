"""日常发布 · 排期：一周的主题计划、各平台的发布频率上限、按上限调整日程，以及日历面板（互动组件）。"""

from __future__ import annotations

import math
from collections.abc import Iterable
from functools import cache

import ipywidgets as w
import numpy as np
import pandas as pd
import plotly.graph_objects as go

from .. import platform_rules
from .._errors import check_choice, check_columns
from ..widgets import Panel
from .common import WEEKDAYS, _day, weekday_name
from .hot_topics import hot_candidates

# =====================================================================================
# 1  排期：主题计划、发布频率、发布日程
# =====================================================================================

# The brand's own frequency rules (课程设定的《溪山茶饮新媒体运营规范》) for platforms whose
# official rules set no publishing limit; 微信公众号 (订阅号) takes its limits from platform_rules.
_BRAND_FREQUENCY = {
    # platform: (max_per_day, max_per_week, unit)
    "微信公众号": (None, 6, "次群发"),
    "视频号": (1, 4, "条"),
    "微博": (3, 15, "条"),
    "抖音": (2, 10, "条"),
    "小红书": (1, 6, "篇"),
    "B站": (1, 2, "条"),
    "头条号": (2, 8, "篇"),
}
BRAND_RULEBOOK = "品牌运营规范（课程设定）"


def frequency_limits(platforms: Iterable[str] | None = None) -> pd.DataFrame:
    """Publishing limits per platform: per day, per week, and (微信) articles per push.

    微信公众号 means the brand's 订阅号: its daily limit (1 次群发) and the articles one push may
    hold (8 篇) come from the ``platform_rules`` table; the other limits are the brand's own
    rules, written down in :data:`BRAND_RULEBOOK`, so that no account floods its followers.

    >>> frequency_limits(["微信公众号", "小红书"])[["max_per_day", "max_per_week", "per_push"]]
              max_per_day  max_per_week  per_push
    platform
    微信公众号            1             6       8.0
    小红书              1             6       NaN
    """
    out = _limits_table().copy()
    if platforms is not None:
        platforms = list(platforms)
        for p in platforms:
            check_choice(p, out.index, "排期平台")
        out = out.loc[platforms]
    return out


@cache
def _limits_table() -> pd.DataFrame:
    rows = []
    wx = platform_rules.rules("微信公众号", account_type="订阅号")
    wx_day = wx[(wx["field"] == "publish_frequency") & (wx["rule_type"] == "max_per_day")].iloc[0]
    wx_push = wx[(wx["field"] == "articles_per_push") & (wx["account_type"] == "订阅号")].iloc[0]
    for platform, (per_day, per_week, unit) in _BRAND_FREQUENCY.items():
        basis = BRAND_RULEBOOK
        per_push = np.nan
        if platform == "微信公众号":
            per_day = int(float(wx_day["value"]))
            per_push = float(wx_push["value"])
            basis = (f"平台规则 {wx_day['rule_id']}（订阅号每天群发 {per_day} 次）、{wx_push['rule_id']}"
                     f"（每次最多 {int(per_push)} 篇）；每周上限：{BRAND_RULEBOOK}")
        rows.append({"platform": platform, "max_per_day": per_day, "max_per_week": per_week,
                     "per_push": per_push, "unit": unit, "basis": basis})
    return pd.DataFrame(rows).set_index("platform")


# A weekly theme plan (主题排期计划): day offset from Monday, time, platform, topic, title, priority.
# Priority 1 = 活动、新品 and time-bound items; 2 = evergreen content that may move.
_WEEK_TEMPLATE = [
    (0, "07:30", "微信公众号", "茶知识", "原叶茶和茶粉，差在哪里？", 2),
    (0, "12:00", "小红书", "门店", "午休打卡｜溪山茶饮湖滨店", 2),
    (0, "18:00", "微博", "品牌故事", "溪山茶园的一天", 2),
    (1, "12:00", "微信公众号", "新品", "本周新品：桂花乌龙拿铁", 1),
    (1, "20:30", "微信公众号", "活动", "周四会员日预告：第二杯 8 折", 1),
    (1, "19:00", "抖音", "新品", "30 秒看懂桂花乌龙拿铁", 1),
    (2, "12:30", "小红书", "新品", "桂花乌龙拿铁试喝报告", 1),
    (2, "20:00", "小红书", "茶知识", "冷泡茶在家怎么做", 2),
    (2, "21:00", "视频号", "门店", "店长的早班 vlog", 2),
    (3, "08:00", "微信公众号", "活动", "今天会员日：第二杯 8 折", 1),
    (3, "12:00", "微博", "活动", "会员日来啦，第二杯 8 折", 1),
    (3, "20:00", "抖音", "活动", "会员日点单攻略", 1),
    (4, "18:00", "抖音", "门店", "周五下班，来杯茶", 2),
    (4, "18:30", "抖音", "茶知识", "一分钟分清乌龙和红茶", 2),
    (4, "19:00", "抖音", "品牌故事", "溪山茶园采茶记", 2),
    (4, "21:00", "B站", "品牌故事", "溪山茶园纪录片（上）", 2),
    (5, "10:00", "小红书", "门店", "周末去哪儿｜溪山茶饮新店打卡", 2),
    (5, "20:00", "视频号", "茶知识", "冷泡茶三步走", 2),
    (6, "09:00", "微信公众号", "品牌故事", "一片茶叶的旅行", 2),
    (6, "20:00", "B站", "茶知识", "调茶师教你做桂花乌龙", 2),
]
_PLAN_COLUMNS = ["publish_at", "day", "weekday", "platform", "topic", "title", "priority"]


def theme_plan(week_start, hot_topics: pd.DataFrame | None = None, min_relevance: float = 0.8,
               max_hot: int = 2) -> pd.DataFrame:
    """The content team's theme plan for the week that starts on ``week_start`` (a Monday).

    The plan is what the 主管 wants, not yet what the platforms allow: it may put two 公众号
    pushes or two 小红书 notes on one day. With ``hot_topics`` the plan also takes up to
    ``max_hot`` brand-relevant hot topics of the week (relevance ≥ ``min_relevance``) on 微博
    and 小红书, on the day each topic first appears (热点借势, priority 1).

    Columns: ``publish_at``, ``day`` ("YYYY-MM-DD"), ``weekday``, ``platform``, ``topic``,
    ``title``, ``priority``.

    >>> plan = theme_plan("2025-08-04")
    >>> plan.loc[0, ["day", "weekday", "platform"]].tolist()
    ['2025-08-04', '周一', '微信公众号']
    >>> theme_plan("2025-08-05")
    Traceback (most recent call last):
    ...
    ValueError: week_start "2025-08-05" 是周二：排期按周排，请给出一周的周一，例如 "2025-08-04"。
    """
    start = _day(week_start)
    if start.day_of_week != 0:
        monday = start - pd.Timedelta(days=start.day_of_week)
        raise ValueError(f'week_start "{week_start}" 是{weekday_name(start)}：排期按周排，'
                         f'请给出一周的周一，例如 "{monday:%Y-%m-%d}"。')
    rows = []
    for offset, hhmm, platform, topic, title, priority in _WEEK_TEMPLATE:
        rows.append((start + pd.Timedelta(days=offset) + pd.Timedelta(hhmm + ":00"), platform, topic, title,
                     priority))
    if hot_topics is not None:
        cands = hot_candidates(hot_topics, start, start + pd.Timedelta(days=6), min_relevance=min_relevance)
        for topic in cands.head(max_hot).itertuples(index=False):
            first = pd.Timestamp(topic.first_seen)
            rows.append((first + pd.Timedelta("12:00:00"), "微博", "热点", f"#{topic.topic}# 溪山茶饮陪你一起", 1))
            rows.append((first + pd.Timedelta("21:00:00"), "小红书", "热点", _fit(f"{topic.topic}，来杯溪山", 20), 1))
    out = pd.DataFrame(rows, columns=["publish_at", "platform", "topic", "title", "priority"])
    out.insert(1, "day", out["publish_at"].dt.strftime("%Y-%m-%d"))
    out.insert(2, "weekday", out["publish_at"].dt.day_of_week.map(dict(enumerate(WEEKDAYS))))
    out = out.sort_values(["publish_at", "platform"], kind="stable").reset_index(drop=True)
    return out[_PLAN_COLUMNS]


def _fit(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _active(schedule: pd.DataFrame) -> pd.DataFrame:
    if "status" in schedule.columns:
        return schedule[~schedule["status"].astype(str).str.startswith("待定")]
    return schedule


def publish_counts(schedule: pd.DataFrame) -> pd.DataFrame:
    """How many times each platform publishes on each day (微信公众号: distinct push times).

    Items whose ``status`` starts with 待定 are not counted. Columns: ``platform``, ``day``,
    ``items`` (pieces of content) and ``times`` (publishing acts: one 微信 push may carry
    several articles).

    >>> c = publish_counts(theme_plan("2025-08-04"))
    >>> c[(c["platform"] == "微信公众号") & (c["day"] == "2025-08-05")][["items", "times"]].values.tolist()
    [[2, 2]]
    """
    check_columns(schedule, ["publish_at", "platform"])
    df = _active(schedule).assign(day=lambda d: pd.to_datetime(d["publish_at"]).dt.strftime("%Y-%m-%d"))
    limits = frequency_limits()
    grouped = df.groupby(["platform", "day"], observed=True)
    out = grouped.agg(items=("publish_at", "size"), pushes=("publish_at", "nunique")).reset_index()
    merges = out["platform"].map(limits["per_push"]).notna()
    out["times"] = np.where(merges, out["pushes"], out["items"])
    return out.drop(columns="pushes")


def check_schedule(schedule: pd.DataFrame, limits: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every daily or weekly frequency limit that ``schedule`` breaks, explained in Chinese.

    Columns: ``platform``, ``period`` (a day or "本周"), ``count``, ``limit``, ``message``.
    An empty table means the schedule respects every limit.

    >>> v = check_schedule(theme_plan("2025-08-04"))
    >>> print(v.loc[v["platform"] == "微信公众号", "message"].iloc[0].replace("：", "：\\n"))
    微信公众号 2025-08-05（周二）安排了 2 次群发，超过每天 1 次群发的上限：
    同一天的文章请合并到一次群发（头条 + 次条）。
    """
    limits = frequency_limits() if limits is None else limits
    counts = publish_counts(schedule)
    rows = []
    for r in counts.itertuples(index=False):
        if r.platform not in limits.index:
            continue
        cap = limits.loc[r.platform, "max_per_day"]
        if pd.notna(cap) and r.times > cap:
            unit = limits.loc[r.platform, "unit"]
            fix = ("同一天的文章请合并到一次群发（头条 + 次条）。" if pd.notna(limits.loc[r.platform, "per_push"])
                   else "请把多出的内容顺延到后面的日子。")
            rows.append({"platform": r.platform, "period": r.day, "count": int(r.times), "limit": int(cap),
                         "message": f"{r.platform} {r.day}（{weekday_name(r.day)}）安排了 {r.times} {unit}，"
                                    f"超过每天 {int(cap)} {unit}的上限：{fix}"})
    weekly = counts.groupby("platform", observed=True)["times"].sum()
    for platform, n in weekly.items():
        if platform not in limits.index:
            continue
        cap = limits.loc[platform, "max_per_week"]
        if pd.notna(cap) and n > cap:
            unit = limits.loc[platform, "unit"]
            rows.append({"platform": platform, "period": "本周", "count": int(n), "limit": int(cap),
                         "message": f"{platform} 本周安排了 {n} {unit}，超过每周 {int(cap)} {unit}的上限："
                                    "请把优先级低的内容改为待定，留到下周。"})
    out = pd.DataFrame(rows, columns=["platform", "period", "count", "limit", "message"])
    out["_week"] = out["period"] == "本周"
    return out.sort_values(["_week", "period", "platform"], kind="stable").drop(columns="_week").reset_index(drop=True)


def build_schedule(plan: pd.DataFrame, limits: pd.DataFrame | None = None,
                   platforms: Iterable[str] | None = None) -> pd.DataFrame:
    """Turn a theme plan into a publishing schedule that respects every frequency limit.

    Items are placed by priority (1 first), then by planned time. An item whose day is full
    moves to the next day at the same time (状态 "顺延")；a 微信公众号 article on a day that
    already has a push joins that push as 次条 (状态 "合并群发"); what does not fit into the
    week or its weekly limit stays in the table as "待定（超出频率）". Returns the plan's
    columns plus ``planned_at`` and ``status``, sorted by time.

    >>> s = build_schedule(theme_plan("2025-08-04"))
    >>> s["status"].value_counts().to_dict()
    {'按计划': 17, '顺延': 2, '合并群发': 1}
    """
    check_columns(plan, ["publish_at", "platform", "priority"])
    limits = frequency_limits() if limits is None else limits
    df = plan.copy()
    if platforms is not None:
        df = df[df["platform"].isin(list(platforms))]
    df["publish_at"] = pd.to_datetime(df["publish_at"])
    week_start = df["publish_at"].min().normalize() - pd.Timedelta(days=int(df["publish_at"].min().day_of_week))
    week_end = week_start + pd.Timedelta(days=7)
    placed: dict[tuple[str, str], list[pd.Timestamp]] = {}  # (platform, day) -> publishing times
    per_week: dict[str, int] = {}
    new_time, status = {}, {}
    for idx, row in df.sort_values(["priority", "publish_at"], kind="stable").iterrows():
        platform, when = row["platform"], row["publish_at"]
        lim = limits.loc[platform] if platform in limits.index else None
        cap_day = lim["max_per_day"] if lim is not None and pd.notna(lim["max_per_day"]) else math.inf
        cap_week = lim["max_per_week"] if lim is not None and pd.notna(lim["max_per_week"]) else math.inf
        merges = lim is not None and pd.notna(lim["per_push"])
        result, at = "待定（超出频率）", when
        while at < week_end:
            times = placed.setdefault((platform, f"{at:%Y-%m-%d}"), [])
            if merges and times:
                same_push = [t for t in times if t == times[0]]
                if len(same_push) < lim["per_push"]:
                    at = times[0]
                    times.append(at)
                    result = "合并群发"
                    break
            elif len(set(times)) < cap_day and per_week.get(platform, 0) < cap_week:
                times.append(at)
                per_week[platform] = per_week.get(platform, 0) + 1
                result = "按计划" if at == when else "顺延"
                break
            elif per_week.get(platform, 0) >= cap_week:
                break
            at = at + pd.Timedelta(days=1)
        new_time[idx] = at if not result.startswith("待定") else when
        status[idx] = result
    out = df.rename(columns={"publish_at": "planned_at"})
    out.insert(0, "publish_at", pd.Series(new_time))
    out["day"] = out["publish_at"].dt.strftime("%Y-%m-%d")
    out["weekday"] = out["publish_at"].dt.day_of_week.map(dict(enumerate(WEEKDAYS)))
    out["status"] = pd.Series(status)
    cols = ["publish_at", "day", "weekday", "platform", "topic", "title", "priority", "planned_at", "status"]
    out = out[[c for c in cols if c in out.columns]]
    return out.sort_values(["publish_at", "platform"], kind="stable").reset_index(drop=True)


def calendar(schedule: pd.DataFrame, week_start, platforms: Iterable[str] | None = None,
             limits: pd.DataFrame | None = None) -> dict:
    """The week as a grid for a calendar heatmap: platforms × 7 days.

    Returns ``days`` (labels like "08-04 周一"), ``platforms``, ``z`` (publishing acts per
    cell), ``text`` (e.g. "2/1 ⚠" where a daily limit is broken) and ``over`` (cells over the limit).

    >>> grid = calendar(theme_plan("2025-08-04"), "2025-08-04", ["微信公众号", "小红书"])
    >>> grid["z"], grid["over"]
    ([[1, 2, 0, 1, 0, 0, 1], [1, 0, 2, 0, 0, 1, 0]], 2)
    """
    limits = frequency_limits() if limits is None else limits
    start = _day(week_start)
    days = [start + pd.Timedelta(days=i) for i in range(7)]
    platforms = list(platforms) if platforms is not None else [p for p in limits.index]
    counts = publish_counts(schedule).set_index(["platform", "day"])["times"] if len(schedule) else pd.Series()
    z, text, over = [], [], 0
    for p in platforms:
        cap = limits.loc[p, "max_per_day"] if p in limits.index else np.nan
        row_z, row_t = [], []
        for d in days:
            n = int(counts.get((p, f"{d:%Y-%m-%d}"), 0))
            bad = pd.notna(cap) and n > cap
            over += bool(bad)
            row_z.append(n)
            row_t.append(f"{n}/{int(cap)} ⚠" if bad else (str(n) if n else ""))
        z.append(row_z)
        text.append(row_t)
    return {"days": [f"{d:%m-%d} {WEEKDAYS[d.day_of_week]}" for d in days], "platforms": platforms,
            "z": z, "text": text, "over": over}


def week_starts(year: int = 2025) -> list[str]:
    """Mondays of ``year`` as "YYYY-MM-DD" (the weeks a schedule can start on).

    >>> week_starts()[:2]
    ['2025-01-06', '2025-01-13']
    """
    days = pd.date_range(f"{year}-01-01", f"{year}-12-31", freq="W-MON")
    return [f"{d:%Y-%m-%d}" for d in days if d + pd.Timedelta(days=6) <= pd.Timestamp(f"{year}-12-31")]


def schedule_view(hot_topics: pd.DataFrame | None, week_start, platforms: Iterable[str], mode: str) -> dict:
    """What the schedule panel shows for a week, platforms and mode ("plan" or "schedule").

    >>> v = schedule_view(None, "2025-08-04", ["微信公众号", "小红书"], "schedule")
    >>> v["calendar"]["over"], v["violations"]
    (0, [])
    """
    check_choice(mode, ["plan", "schedule"], "模式")
    platforms = list(platforms)
    plan = theme_plan(week_start, hot_topics)
    plan = plan[plan["platform"].isin(platforms)]
    table = build_schedule(plan) if mode == "schedule" and len(plan) else plan
    violations = check_schedule(table)
    moved = table[table["status"] != "按计划"] if "status" in table.columns else table.iloc[0:0]
    return {"table": table, "calendar": calendar(table, week_start, platforms),
            "violations": list(violations["message"]), "moved": moved}


def schedule_panel(hot_topics: pd.DataFrame | None = None, week_start: str = "2025-08-04",
                   platforms: Iterable[str] = ("微信公众号", "视频号", "微博", "抖音", "小红书", "B站"),
                   mode: str = "plan") -> Panel:
    """Calendar widget: pick the week, the platforms and 原始计划 / 按频率排期; the
    platform × day heatmap (cells over the daily limit marked ⚠) and the list of problems update."""
    controls = {
        # labels "06-02": a full date does not fit the slider's readout
        "week_start": w.SelectionSlider(options=[(d[5:], d) for d in week_starts()],
                                        value=f"{_day(week_start):%Y-%m-%d}", description="2025 周一",
                                        continuous_update=False),
        "platforms": w.SelectMultiple(options=list(frequency_limits().index), value=tuple(platforms),
                                      description="平台", rows=4),
        "mode": w.ToggleButtons(options=[("原始计划", "plan"), ("按频率排期", "schedule")], value=mode,
                                description="显示"),
    }
    fig = go.FigureWidget(
        data=[go.Heatmap(colorscale=[[0, "#f4f6f4"], [0.5, "#8cc7a8"], [1, "#2a7f62"]], zmin=0, zmax=3,
                         texttemplate="%{text}", hovertemplate="%{y} %{x}：%{z} 次<extra></extra>",
                         showscale=False, xgap=3, ygap=3)],
        layout=dict(height=330, xaxis=dict(side="top"), yaxis=dict(autorange="reversed"),
                    margin=dict(t=90)),
    )
    card = w.HTML()

    def update(week_start: str, platforms: tuple, mode: str) -> None:
        if not platforms:
            card.value = "请至少选择一个平台。"
            return
        view = schedule_view(hot_topics, week_start, platforms, mode)
        cal = view["calendar"]
        with fig.batch_update():
            fig.data[0].x, fig.data[0].y = cal["days"], cal["platforms"]
            fig.data[0].z, fig.data[0].text = cal["z"], cal["text"]
            name = "原始计划" if mode == "plan" else "按频率排期后"
            fig.layout.title = f"{week_start} 这一周 · {name}（格子里是发布次数，⚠ 表示超过每天上限）"
        if view["violations"]:
            items = "".join(f"<li>{m}</li>" for m in view["violations"])
            card.value = f"<b style='color:#c0392b'>⚠ {len(view['violations'])} 处超出发布频率：</b><ul>{items}</ul>"
        else:
            moved = view["moved"]
            lines = "".join(f"<li>{r.platform}《{r.title}》：{r.status}"
                            f"{'' if r.status.startswith('待定') else f' → {r.publish_at:%m-%d %H:%M}'}</li>"
                            for r in moved.itertuples())
            card.value = ("<b style='color:#2a7f62'>✔ 没有超出发布频率。</b>"
                          + (f"调整了 {len(moved)} 条：<ul>{lines}</ul>" if lines else ""))

    return Panel(controls, [card, fig], update, figure=fig, card=card)
