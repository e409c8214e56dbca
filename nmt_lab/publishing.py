"""Daily publishing and content publishing: what a 新媒体运营助理 does before "发布".

- **排期**：:func:`theme_plan` (a week's theme plan), :func:`frequency_limits`,
  :func:`check_schedule` and :func:`build_schedule` (move what breaks a frequency limit),
  :func:`schedule_panel` (a calendar widget).
- **转载**：:func:`repost_sources` (the maintained source list), :func:`repost_articles`,
  :func:`tidy` (排版), :func:`attribution` / :func:`attribution_problems` (规范引用), :func:`repost`.
- **热点与素材库**：:func:`hot_candidates`, :func:`hashtag`, :func:`material_record`,
  :func:`validate_material`, :func:`save_materials`, :func:`material_table`.
- **校对**：:func:`proofread` and :func:`correct` over a small curated list of typical errors,
  :func:`sample_draft` / :func:`activity_brief` (a draft with planted mistakes and its fact sheet).
- **发布设置**：:func:`post_fields`, :func:`check_post`, :func:`crop_box`.
- **发布时间**：:func:`hour_profile`, :func:`time_heatmap`, :func:`best_slot`, :func:`best_hour`,
  :func:`heatmap_panel` (a heatmap widget).
- **多渠道分发**：:func:`adapt`, :func:`distribution_plan`.
- **社群**：:func:`group_overview`, :func:`community_push_plan`, :func:`mask_phone`.

>>> from nmt_lab import load
>>> plan = theme_plan("2025-08-04")
>>> len(check_schedule(plan)) > 0, len(check_schedule(build_schedule(plan)))
(True, 0)
>>> best_hour(load("posts"), "微信公众号")
22
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable
from datetime import date as _date
from functools import cache
from pathlib import Path

import ipywidgets as w
import numpy as np
import pandas as pd
import plotly.graph_objects as go

from . import compliance, platform_rules
from ._errors import check_choice, check_columns
from .widgets import Panel

BRAND = "溪山茶饮"
WEEKDAYS = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"]
_CN_DIGITS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
CJK = r"\u4e00-\u9fff"


LABELS = {
    "publish_at": "发布时间", "day": "日期", "weekday": "星期", "platform": "平台", "topic": "选题",
    "title": "标题", "priority": "优先级", "planned_at": "原计划时间", "status": "状态", "count": "条数",
    "limit": "上限", "period": "时段", "max_per_day": "每天上限", "max_per_week": "每周上限",
    "per_push": "每次群发篇数", "unit": "单位", "basis": "依据", "source_id": "来源编号", "name": "名称",
    "kind": "类型", "license": "授权方式", "licensed_until": "授权到期", "scope": "授权范围",
    "requirements": "转载要求", "source": "来源", "source_platform": "来源平台", "author": "作者",
    "published_on": "原文发布日期", "url": "原文链接", "body": "正文", "category": "话题类别",
    "brand_relevance": "品牌相关度", "first_seen": "首次上榜", "last_seen": "最后上榜", "days": "上榜天数",
    "lists": "上榜榜单", "best_rank": "最高排名", "keyword": "关联指数词", "index_lift": "指数热度倍数",
    "found": "原文", "position": "位置", "suggestion": "建议", "reason": "说明", "field": "字段",
    "rule": "规则", "message": "说明", "rule_ids": "规则编号", "text": "文案", "image": "图片尺寸",
    "problems": "问题数", "send_at": "发送时间", "stage": "阶段", "group_name": "群名称", "city": "城市",
    "members": "群成员数", "active": "发言人数", "active_rate": "发言率", "room": "剩余名额",
    "posts": "发文数", "post_share": "发文占比", "mean_reads": "每条平均阅读", "median_reads": "每条阅读中位数",
    "hour": "发布时间（点）", "article_id": "文章编号",
}


def chinese(df: pd.DataFrame) -> pd.DataFrame:
    """The same table with Chinese column (and index) names, for display only.

    >>> list(chinese(theme_plan("2025-08-04")).columns[:4])
    ['发布时间', '日期', '星期', '平台']
    """
    from .labels import label

    def name(c):
        return LABELS.get(c) or label(c) if isinstance(c, str) else c

    out = df.rename(columns=name)
    out.index.names = [name(n) if n else n for n in df.index.names]
    return out


def _day(value) -> pd.Timestamp:
    """A date given as ``"2025-08-04"``, ``datetime`` or ``Timestamp`` → midnight Timestamp."""
    try:
        ts = pd.Timestamp(value)
    except (ValueError, TypeError):
        raise ValueError(f'日期 "{value}" 无法识别：请写成 "YYYY-MM-DD"，例如 "2025-08-04"。') from None
    if pd.isna(ts):
        raise ValueError(f'日期 "{value}" 无法识别：请写成 "YYYY-MM-DD"，例如 "2025-08-04"。')
    return ts.normalize()


def weekday_name(day) -> str:
    """Chinese weekday of a date.

    >>> weekday_name("2025-08-07")
    '周四'
    """
    return WEEKDAYS[_day(day).day_of_week]


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


# =====================================================================================
# 2  转载：来源维护、排版、规范引用
# =====================================================================================

_SOURCES = [
    # source_id, name, platform, kind, license, licensed_until, scope, requirements
    ("S01", "茶业周刊", "微信公众号", "行业媒体", "长期授权（白名单）", "2025-12-31", "全部平台",
     "文首注明来源和作者；保留原标题，不得删改正文"),
    ("S02", "杭州生活圈", "微信公众号", "本地自媒体", "单次授权", "2025-07-31", "微信公众号",
     "文首注明来源和作者；可删减，但不得改变原意"),
    ("S03", "西湖茶研所", "微信公众号", "合作方", "长期授权（白名单）", "2026-06-30", "微信公众号",
     "注明来源、作者、原文发布日期，并附原文链接"),
    ("S04", "城市探店君", "小红书", "达人", "未授权", None, "—", "未联系作者，没有授权"),
    ("S05", "江南美食报", "网站", "媒体", "逐篇申请", None, "—", "每篇须单独书面授权"),
]


def repost_sources(today=None) -> pd.DataFrame:
    """The brand's maintained list of repost sources (转载来源库) with each source's status on ``today``.

    ``status`` is 可转载, 授权已过期, 未授权 or 需逐篇申请授权.

    >>> repost_sources("2025-08-04")[["name", "status"]].values.tolist()[:3]
    [['茶业周刊', '可转载'], ['杭州生活圈', '授权已过期'], ['西湖茶研所', '可转载']]
    """
    df = pd.DataFrame(_SOURCES, columns=["source_id", "name", "platform", "kind", "license", "licensed_until",
                                         "scope", "requirements"])
    df["licensed_until"] = pd.to_datetime(df["licensed_until"])
    return update_status(df, today)


def update_status(sources: pd.DataFrame, today=None) -> pd.DataFrame:
    """Recompute ``status`` of every source on ``today`` (default: the real today).

    >>> s = add_source(repost_sources("2025-08-04"), name="茶友会", platform="微博", kind="社群",
    ...                license="单次授权", licensed_until="2025-08-31", scope="微博", requirements="注明来源")
    >>> s["status"].tolist()[-1], update_status(s, "2025-09-01")["status"].tolist()[-1]
    ('可转载', '授权已过期')
    """
    check_columns(sources, ["license", "licensed_until"])
    day = _day(today if today is not None else _date.today())
    out = sources.copy()
    out.attrs["today"] = f"{day:%Y-%m-%d}"
    until = pd.to_datetime(out["licensed_until"])
    status = np.select(
        [out["license"].str.contains("未授权"), out["license"].str.contains("逐篇"), until.notna() & (until < day)],
        ["未授权", "需逐篇申请授权", "授权已过期"], default="可转载")
    out["status"] = status
    return out


def add_source(sources: pd.DataFrame, name: str, platform: str, kind: str, license: str,
               licensed_until=None, scope: str = "全部平台", requirements: str = "") -> pd.DataFrame:
    """A copy of the source list with one more source (来源维护). ``name`` must be new.

    >>> add_source(repost_sources("2025-08-04"), name="茶业周刊", platform="微博", kind="媒体", license="单次授权")
    Traceback (most recent call last):
    ...
    ValueError: 来源 "茶业周刊" 已在来源库里（S01）：请修改原有的一行，不要重复添加。
    """
    if not str(name).strip():
        raise ValueError("来源名称不能为空。")
    if name in set(sources["name"]):
        sid = sources.loc[sources["name"] == name, "source_id"].iloc[0]
        raise ValueError(f'来源 "{name}" 已在来源库里（{sid}）：请修改原有的一行，不要重复添加。')
    until = _day(licensed_until) if licensed_until is not None else pd.NaT
    number = 1 + max(int(s[1:]) for s in sources["source_id"])
    row = {"source_id": f"S{number:02d}", "name": name, "platform": platform, "kind": kind, "license": license,
           "licensed_until": until, "scope": scope, "requirements": requirements}
    out = pd.concat([sources, pd.DataFrame([row])], ignore_index=True)
    out["licensed_until"] = pd.to_datetime(out["licensed_until"])
    return update_status(out, sources.attrs.get("today")) if "status" in sources.columns else out


_ARTICLES = [
    ("R01", "S01", "原叶茶饮为什么越来越受欢迎", "李青禾", "2025-07-28", "https://example.com/tea-weekly/20250728",
     "过去三年,原叶茶饮在新茶饮里的份额持续上升 。消费者更在意“喝得出茶味”,也更关心配料表。\n\n\n"
     "对门店来说 ,原叶现泡意味着更长的出杯时间, 也意味着更稳定的复购!"),
    ("R02", "S02", "杭州夏天的十家宝藏茶饮店", "周末", "2025-07-20", "https://example.com/hz-life/20250720",
     "入夏以后,我们跑遍了杭州的大街小巷。溪山茶饮湖滨店排在第三位,杨梅冰茶很受欢迎。"),
    ("R03", "S03", "冷泡茶怎么泡才不苦", "陈茗", "2025-07-30", "https://example.com/xihu-tea-lab/20250730",
     "冷泡茶的关键是低温和时间 :4 到 8 摄氏度,浸泡 6 到 8 小时。\n\n"
     "茶水比例建议 1 : 50,绿茶和乌龙茶都适合冷泡;泡好后 24 小时内喝完。"),
    ("R04", "S04", "溪山茶饮新品测评｜真的值得排队吗", "城市探店君", "2025-08-01",
     "https://example.com/xhs/explore/20250801",
     "排了二十分钟,桂花乌龙拿铁确实香,但甜度偏高,建议选三分糖。"),
]


def repost_articles() -> pd.DataFrame:
    """Articles that colleagues suggested for reposting this week (with their source).

    >>> repost_articles().loc["R03", ["source", "author"]].tolist()
    ['西湖茶研所', '陈茗']
    """
    df = pd.DataFrame(_ARTICLES, columns=["article_id", "source_id", "title", "author", "published_on", "url",
                                          "body"])
    names = repost_sources()[["source_id", "name", "platform"]]
    df = df.merge(names.rename(columns={"name": "source", "platform": "source_platform"}), on="source_id")
    return df.set_index("article_id")[["source_id", "source", "source_platform", "title", "author",
                                       "published_on", "url", "body"]]


_HALF_TO_FULL = {",": "，", "!": "！", "?": "？", ";": "；", ":": "：", "(": "（", ")": "）"}


def tidy(text: str) -> str:
    """排版: full-width punctuation in Chinese text, no stray spaces next to Chinese
    characters, one blank line between paragraphs, no spaces at line ends.

    >>> tidy("过去三年,原叶茶饮持续上升 。\\n\\n\\n对门店来说 ,更稳定!")
    '过去三年，原叶茶饮持续上升。\\n\\n对门店来说，更稳定！'
    """
    out = str(text).replace("\r\n", "\n")
    for half, full in _HALF_TO_FULL.items():
        h = re.escape(half)
        out = re.sub(rf"(?<=[{CJK}）”])[ \t]*{h}|{h}[ \t]*(?=[{CJK}（“])", full, out)
    out = re.sub(r"[ \t]*([，。！？；：、”）])[ \t]*", r"\1", out)  # no spaces around full-width punctuation
    out = re.sub(rf"(?<=[{CJK}])[ \t]+(?=[{CJK}])", "", out)
    out = "\n".join(line.strip() for line in out.split("\n"))
    out = re.sub(r"\n{3,}", "\n\n", out)
    return out.strip()


def attribution(article: pd.Series, platform: str = "微信公众号") -> str:
    """The brand's standard credit line (转载说明) for a reposted article.

    >>> attribution(repost_articles().loc["R03"])
    '本文转载自微信公众号「西湖茶研所」，作者：陈茗，原文发布于 2025-07-30，已获授权。原文链接：https://example.com/xihu-tea-lab/20250730'
    """
    return (f"本文转载自{article['source_platform']}「{article['source']}」，作者：{article['author']}，"
            f"原文发布于 {article['published_on']}，已获授权。原文链接：{article['url']}")


def attribution_problems(text: str, article: pd.Series) -> list[str]:
    """What a credit line lacks (规范引用), each as a Chinese sentence; ``[]`` when it is complete.

    A complete credit line says 转载, names the source and the author, gives the original
    date or link, and does not claim 原创.

    >>> attribution_problems("来源：网络", repost_articles().loc["R03"])[:2]
    ['没有写明“转载”：读者要能看出这不是原创。', '没有写来源名称“西湖茶研所”。']
    """
    text = "" if text is None else str(text)
    problems = []
    if "转载" not in text:
        problems.append("没有写明“转载”：读者要能看出这不是原创。")
    if str(article["source"]) not in text:
        problems.append(f"没有写来源名称“{article['source']}”。")
    if str(article["author"]) not in text:
        problems.append(f"没有写作者“{article['author']}”。")
    if str(article["published_on"]) not in text and str(article["url"]) not in text:
        problems.append("没有写原文发布日期或原文链接，读者无法找到出处。")
    if "原创" in text:
        problems.append("转载的内容不能声明“原创”。")
    if "网络" in text and "来源" in text and str(article["source"]) not in text:
        problems.append("“来源：网络”不是规范的引用，要写具体的来源名称。")
    return problems


def repost(article_id: str, today=None, platform: str = "微信公众号") -> dict:
    """Prepare a repost: check the source's licence and scope, tidy the body, add the credit line.

    Returns ``title`` (unchanged: sources ask to keep it), ``credit``, ``body`` and ``text``
    (credit + body). Raises ``ValueError`` in Chinese when the source may not be reposted.

    >>> repost("R03", "2025-08-04")["body"].splitlines()[0]
    '冷泡茶的关键是低温和时间：4 到 8 摄氏度，浸泡 6 到 8 小时。'
    >>> repost("R04", "2025-08-04")
    Traceback (most recent call last):
    ...
    ValueError: 来源 "城市探店君" 的状态是“未授权”，不能转载；现在可转载的来源有：茶业周刊、西湖茶研所
    """
    arts = repost_articles()
    check_choice(article_id, arts.index, "文章编号")
    art = arts.loc[article_id]
    sources = repost_sources(today).set_index("source_id")
    src = sources.loc[art["source_id"]]
    if src["status"] != "可转载":
        ok = "、".join(sources.loc[sources["status"] == "可转载", "name"])
        raise ValueError(f'来源 "{src["name"]}" 的状态是“{src["status"]}”，不能转载；现在可转载的来源有：{ok}')
    if src["scope"] not in ("全部平台", platform):
        raise ValueError(f'来源 "{src["name"]}" 只授权转载到{src["scope"]}，不能转载到{platform}。')
    credit = attribution(art, platform)
    body = tidy(art["body"])
    return {"title": art["title"], "credit": credit, "body": body, "text": f"{credit}\n\n{body}"}


# =====================================================================================
# 3  热点与素材库
# =====================================================================================

_INDEX_KEYWORDS = ["溪山茶饮", "新茶饮", "柠檬茶", "杨梅", "奶茶"]


def hot_candidates(hot_topics: pd.DataFrame, start, end, min_relevance: float = 0.6,
                   search_index: pd.DataFrame | None = None) -> pd.DataFrame:
    """Hot topics on any list between ``start`` and ``end`` (inclusive) with brand relevance
    ≥ ``min_relevance``, one row per topic, most relevant first.

    Columns: ``topic``, ``category``, ``brand_relevance``, ``first_seen``, ``last_seen``,
    ``days``, ``lists``, ``best_rank``. With ``search_index``, also ``keyword`` (an index
    keyword the topic contains, e.g. 奶茶) and ``index_lift``: the keyword's 微信指数 in the
    period ÷ its mean over the 28 days before (above 1: attention is rising).

    >>> c = hot_candidates(load_hot(), "2025-08-04", "2025-08-10", 0.9)
    >>> c[["topic", "first_seen", "best_rank"]].values.tolist()[:2]
    [['秋天的第一杯奶茶', '2025-08-05', 1], ['立秋', '2025-08-06', 1]]
    """
    check_columns(hot_topics, ["date", "list_name", "rank", "topic", "category", "brand_relevance"])
    a, b = _day(start), _day(end)
    if b < a:
        raise ValueError(f"结束日期 {b:%Y-%m-%d} 早于开始日期 {a:%Y-%m-%d}。")
    if not 0 <= float(min_relevance) <= 1:
        raise ValueError(f"min_relevance 应在 0 到 1 之间，你给出的是 {min_relevance}。")
    rows = hot_topics[(hot_topics["date"] >= a) & (hot_topics["date"] <= b)
                      & (hot_topics["brand_relevance"] >= min_relevance)]
    g = rows.groupby("topic")
    out = pd.DataFrame({
        "category": g["category"].first().astype(str),
        "brand_relevance": g["brand_relevance"].max(),
        "first_seen": g["date"].min().dt.strftime("%Y-%m-%d"),
        "last_seen": g["date"].max().dt.strftime("%Y-%m-%d"),
        "days": g["date"].nunique(),
        "lists": g["list_name"].agg(lambda s: "、".join(sorted(set(map(str, s))))),
        "best_rank": g["rank"].min(),
    }).reset_index()
    if search_index is not None:
        out["keyword"] = out["topic"].map(lambda t: next((k for k in _INDEX_KEYWORDS if k in t), ""))
        out["index_lift"] = [_lift(search_index, k, a, b) if k else np.nan for k in out["keyword"]]
    out = out.sort_values(["brand_relevance", "best_rank", "first_seen"], ascending=[False, True, True])
    return out.reset_index(drop=True)


def load_hot() -> pd.DataFrame:
    """``nmt.load("hot_topics")`` (for examples)."""
    from .datasets import load

    return load("hot_topics")


def _lift(search_index: pd.DataFrame, keyword: str, a: pd.Timestamp, b: pd.Timestamp) -> float:
    rows = search_index[(search_index["keyword"] == keyword) & (search_index["source"] == "微信指数")]
    s = rows.set_index("date")["value"].astype("float64")
    now = s[(s.index >= a) & (s.index <= b)].mean()
    before = s[(s.index >= a - pd.Timedelta(days=28)) & (s.index < a)].mean()
    return round(float(now / before), 3) if before and not math.isnan(before) else np.nan


# How a topic tag is written on each platform: 微博 closes a topic with a second #.
_TAG_STYLE = {"微博": "#{}#", "抖音": "#{}", "小红书": "#{}", "视频号": "#{}", "B站": "#{}", "微信公众号": "#{}"}


def hashtag(topic: str, platform: str) -> str:
    """A topic tag in the platform's format: ``#话题#`` on 微博, ``#话题`` elsewhere.

    >>> hashtag("秋天的第一杯奶茶", "微博"), hashtag("秋天的第一杯奶茶", "小红书")
    ('#秋天的第一杯奶茶#', '#秋天的第一杯奶茶')
    """
    check_choice(platform, _TAG_STYLE, "话题平台")
    clean = re.sub(r"[#\s]", "", str(topic))
    if not clean:
        raise ValueError("话题不能为空。")
    return _TAG_STYLE[platform].format(clean)


MATERIAL_FIELDS = {
    "material_id": "素材编号",
    "kind": "素材类型",
    "title": "标题",
    "category": "话题类别",
    "lists": "来源榜单",
    "first_seen": "首次上榜",
    "last_seen": "最后上榜",
    "best_rank": "最高排名",
    "brand_relevance": "品牌相关度",
    "keyword": "关联指数词",
    "index_lift": "指数热度倍数",
    "hashtags": "话题标签",
    "usage": "使用建议",
    "copyright": "版权说明",
    "captured_on": "整理日期",
    "reporter": "整理人",
    "status": "状态",
}
_TAG_PLATFORMS = ["微博", "抖音", "小红书"]
_COPYRIGHT = "话题名称可引用；热榜截图和他人的图片、视频、文字未经授权不得使用，配图用品牌自有素材。"


def material_record(candidate, captured_on, seq: int = 1, reporter: str = "新媒体运营助理") -> dict:
    """A hot topic (one row of :func:`hot_candidates`) as a material-library record in the
    normalised format: fixed fields (see :data:`MATERIAL_FIELDS`), dates as "YYYY-MM-DD",
    topic tags in each platform's format, a copyright note and status 待上报.

    >>> c = hot_candidates(load_hot(), "2025-08-04", "2025-08-10", 0.9)
    >>> r = material_record(c.iloc[0], "2025-08-04")
    >>> r["material_id"], r["hashtags"]["微博"], r["status"]
    ('HT20250804-01', '#秋天的第一杯奶茶#', '待上报')
    >>> validate_material(r)
    []
    """
    c = candidate
    day = _day(captured_on)
    relevance = float(c["brand_relevance"])
    lift = c.get("index_lift", np.nan) if hasattr(c, "get") else np.nan
    return {
        "material_id": f"HT{day:%Y%m%d}-{int(seq):02d}",
        "kind": "热点",
        "title": str(c["topic"]),
        "category": str(c["category"]),
        "lists": str(c["lists"]),
        "first_seen": f"{_day(c['first_seen']):%Y-%m-%d}",
        "last_seen": f"{_day(c['last_seen']):%Y-%m-%d}",
        "best_rank": int(c["best_rank"]),
        "brand_relevance": relevance,
        "keyword": str(c.get("keyword", "") if hasattr(c, "get") else "") or "",
        "index_lift": None if lift is None or pd.isna(lift) else float(lift),
        "hashtags": {p: hashtag(c["topic"], p) for p in _TAG_PLATFORMS},
        "usage": "可直接借势" if relevance >= 0.8 else "可借势，需找准与茶饮的关联",
        "copyright": _COPYRIGHT,
        "captured_on": f"{day:%Y-%m-%d}",
        "reporter": reporter,
        "status": "待上报",
    }


_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def validate_material(record: dict) -> list[str]:
    """Everything that keeps ``record`` from the library's normalised format, in Chinese.

    >>> validate_material({"kind": "热点"})[0]
    '缺少字段：素材编号（material_id）'
    """
    if not isinstance(record, dict):
        return [f"素材记录应该是一个字典（dict），你给出的是 {type(record).__name__}。"]
    problems = []
    optional = {"keyword", "index_lift"}
    for key, name in MATERIAL_FIELDS.items():
        if key not in record:
            problems.append(f"缺少字段：{name}（{key}）")
        elif key not in optional and (record[key] is None or record[key] == ""):
            problems.append(f"字段 {name}（{key}）为空。")
    if problems:
        return problems
    for key in ("first_seen", "last_seen", "captured_on"):
        if not _DATE.match(str(record[key])):
            problems.append(f"{MATERIAL_FIELDS[key]} 应写成 YYYY-MM-DD，你写的是 {record[key]!r}。")
    if not problems and record["first_seen"] > record["last_seen"]:
        problems.append("首次上榜日期晚于最后上榜日期。")
    try:
        rel = float(record["brand_relevance"])
        if not 0 <= rel <= 1:
            problems.append(f"品牌相关度应在 0 到 1 之间，你写的是 {rel}。")
    except (TypeError, ValueError):
        problems.append(f"品牌相关度应是 0 到 1 之间的数字，你写的是 {record['brand_relevance']!r}。")
    tags = record["hashtags"]
    if not isinstance(tags, dict):
        problems.append("话题标签应是 {平台: 标签} 的字典。")
    else:
        for p in _TAG_PLATFORMS:
            want = hashtag(record["title"], p)
            if tags.get(p) != want:
                problems.append(f"{p} 的话题标签应写成 {want}，你写的是 {tags.get(p)!r}。")
    for p in platform_rules.check_text("小红书", "title", record["title"]):
        problems.append(f"素材标题用作小红书标题会超长：{p.message}")
    if record["kind"] not in ("热点", "图片", "视频", "文案"):
        problems.append(f"素材类型 {record['kind']!r} 不在 热点、图片、视频、文案 之中。")
    return problems


def save_materials(records: list[dict], path) -> Path:
    """Write material records to ``path`` (.json: a list of records; .csv: one row each, tags
    as "微博:#x#；抖音:#x"). Folders are created. Every record is validated first.

    >>> import tempfile, os
    >>> c = hot_candidates(load_hot(), "2025-08-04", "2025-08-10", 0.9)
    >>> out = save_materials([material_record(c.iloc[0], "2025-08-04")], os.path.join(tempfile.mkdtemp(), "m.json"))
    >>> json.loads(out.read_text("utf-8"))[0]["title"]
    '秋天的第一杯奶茶'
    """
    path = Path(path)
    for r in records:
        problems = validate_material(r)
        if problems:
            raise ValueError(f"素材 {r.get('material_id', '?') if isinstance(r, dict) else r!r} 不规范："
                             + "；".join(problems))
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix == ".json":
        path.write_text(json.dumps(list(records), ensure_ascii=False, indent=2), encoding="utf-8")
    elif path.suffix == ".csv":
        flat = [{**r, "hashtags": "；".join(f"{k}:{v}" for k, v in r["hashtags"].items())} for r in records]
        pd.DataFrame(flat, columns=list(MATERIAL_FIELDS)).to_csv(path, index=False, encoding="utf-8-sig")
    else:
        raise ValueError(f'文件类型 "{path.suffix}" 不支持；可用的有：.json、.csv')
    return path


def material_table(records: list[dict]) -> pd.DataFrame:
    """Material records as a table with Chinese column names (for display)."""
    flat = [{**r, "hashtags": " ".join(r["hashtags"].values())} for r in records]
    return pd.DataFrame(flat, columns=list(MATERIAL_FIELDS)).rename(columns=MATERIAL_FIELDS)


# =====================================================================================
# 4  校对
# =====================================================================================

# A small curated list of typical mistakes (typos of the brand name, 的/得/地, set phrases).
TYPICAL_ERRORS = pd.DataFrame(
    [
        ("溪山茶叶", "溪山茶饮", "品牌名", "品牌名写错：本品牌是“溪山茶饮”。"),
        ("溪山茶业", "溪山茶饮", "品牌名", "品牌名写错：本品牌是“溪山茶饮”。"),
        ("西山茶饮", "溪山茶饮", "品牌名", "品牌名写错：“溪”不是“西”。"),
        ("溪山荼饮", "溪山茶饮", "品牌名", "错别字：“荼”（tú）不是“茶”。"),
        ("认真的挑选", "认真地挑选", "的/得/地", "修饰动词用“地”。"),
        ("仔细的挑选", "仔细地挑选", "的/得/地", "修饰动词用“地”。"),
        ("用心的调制", "用心地调制", "的/得/地", "修饰动词用“地”。"),
        ("慢慢的品", "慢慢地品", "的/得/地", "修饰动词用“地”。"),
        ("做的很好", "做得很好", "的/得/地", "动词后面补充程度用“得”。"),
        ("香的不得了", "香得不得了", "的/得/地", "形容词后面补充程度用“得”。"),
        ("甜的刚刚好", "甜得刚刚好", "的/得/地", "形容词后面补充程度用“得”。"),
        ("卖的很快", "卖得很快", "的/得/地", "动词后面补充程度用“得”。"),
        ("迫不急待", "迫不及待", "错别字", "成语写错：迫不及待。"),
        ("一股作气", "一鼓作气", "错别字", "成语写错：一鼓作气。"),
        ("再接再励", "再接再厉", "错别字", "成语写错：再接再厉。"),
        ("按装", "安装", "错别字", "错别字：安装。"),
    ],
    columns=["wrong", "right", "kind", "reason"],
)
_DE_ADV = re.compile(r"(认真|仔细|用心|精心|慢慢|轻轻|悄悄|静静|开心|耐心)的(?=[挑选调制泡煮做熬品说尝])")
_DE_COMP = re.compile(rf"(?<=[{CJK}])(做|泡|煮|卖|甜|香|冰|调|摇|跑)的(?=很|非常|不得了|刚刚好|正好|真好)")
_DUP_SINGLE = re.compile(r"([的了是在和与也都就])\1")
_DUP_MULTI = re.compile(rf"([{CJK}]{{2,4}})\1")
_HALF = re.compile(rf"(?<=[{CJK}])[,!?;:](?!\d)|[,!?;:](?=[{CJK}])|(?<=[{CJK}])\.(?!\d)|(?<=[{CJK}])\((?=[^)]*\))"
                   rf"|(?<=[{CJK}（])\)")
_SPACE = re.compile(rf"(?<=[{CJK}])[ \t]+(?=[{CJK}])")
_DATE_WD = re.compile(r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日\s*[（(]\s*(周|星期|礼拜)([一二三四五六日天])\s*[）)]")
_REVIEW_SEVERITY = ("高", "中")
PROOF_COLUMNS = ["kind", "found", "position", "suggestion", "reason"]


def _issues(text: str, year: int) -> list[tuple[int, int, str, str, str]]:
    """(start, end, kind, suggestion, reason) of every problem, non-overlapping, by position."""
    found = []
    for row in TYPICAL_ERRORS.itertuples(index=False):
        for m in re.finditer(re.escape(row.wrong), text):
            found.append((m.start(), m.end(), row.kind, row.right, row.reason))
    for m in _DE_ADV.finditer(text):
        found.append((m.start(), m.end(), "的/得/地", m.group(1) + "地", "修饰动词用“地”。"))
    for m in _DE_COMP.finditer(text):
        found.append((m.start(), m.end(), "的/得/地", m.group(1) + "得", "后面补充程度用“得”。"))
    for m in _DATE_WD.finditer(text):
        y = int(m.group(1)) if m.group(1) else year
        try:
            d = _date(y, int(m.group(2)), int(m.group(3)))
        except ValueError:
            found.append((m.start(), m.end(), "日期", m.group(0), f"{y} 年没有 {m.group(2)} 月 {m.group(3)} 日。"))
            continue
        wrote = _CN_DIGITS[m.group(5)]
        if wrote != d.weekday():
            right = m.group(0)[: m.start(5) - m.start()] + WEEKDAYS[d.weekday()][1] + m.group(0)[m.end(5) - m.start():]
            found.append((m.start(), m.end(), "日期/星期", right,
                          f"{y}-{d:%m-%d} 是{WEEKDAYS[d.weekday()]}，不是{m.group(4)}{m.group(5)}。"))
    for m in _DUP_SINGLE.finditer(text):
        found.append((m.start(), m.end(), "重复字词", m.group(1), f"“{m.group(1)}”重复了。"))
    for m in _DUP_MULTI.finditer(text):
        unit = m.group(1)
        if len(set(unit)) > 1:
            found.append((m.start(), m.end(), "重复字词", unit, f"“{unit}”重复了。"))
    for m in _HALF.finditer(text):
        full = {**_HALF_TO_FULL, ".": "。"}[m.group(0)]
        found.append((m.start(), m.end(), "标点", full, f"中文句子里用全角标点“{full}”，不用半角“{m.group(0)}”。"))
    for m in _SPACE.finditer(text):
        found.append((m.start(), m.end(), "多余空格", "", "两个汉字之间不应有空格。"))
    for h in compliance.find_terms(text):
        if h.severity in _REVIEW_SEVERITY:
            wording = re.sub(r"（[^）]*）|\([^)]*\)", "", (h.replacement or "").split("/")[0]).strip()
            law = f"（{h.law_ref}）" if h.law_ref else ""
            why = f"“{h.word}”属于{h.category}{law}，须删除或改写。"
            found.append((h.start, h.end, f"用语：{h.category}", wording, why))
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    kept, covered = [], -1
    for f in found:
        if f[0] >= covered:
            kept.append(f)
            covered = f[1]
    return kept


def proofread(text: str, year: int = 2025) -> pd.DataFrame:
    """A proofreading pass: wrong brand name, date and weekday that do not match, 的/得/地,
    doubled words, half-width punctuation in Chinese, spaces between 汉字, review words of the
    course lexicon (severity 高/中) and a few typical typos. One row per problem:
    ``kind``, ``found``, ``position``, ``suggestion``, ``reason``.

    A tool finds the mechanical mistakes; facts (price, address, offer) must be checked
    against the brief by a person.

    >>> proofread("溪山茶叶8月7日（周五）上新,认真的挑选的的好茶")[["kind", "found", "suggestion"]].values.tolist()
    [['品牌名', '溪山茶叶', '溪山茶饮'], ['日期/星期', '8月7日（周五）', '8月7日（周四）'], ['标点', ',', '，'], \
['的/得/地', '认真的挑选', '认真地挑选'], ['重复字词', '的的', '的']]
    """
    text = "" if text is None else str(text)
    rows = [{"kind": k, "found": text[s:e], "position": s, "suggestion": sug, "reason": why}
            for s, e, k, sug, why in _issues(text, year)]
    return pd.DataFrame(rows, columns=PROOF_COLUMNS)


def correct(text: str, year: int = 2025) -> str:
    """``text`` with every suggestion of :func:`proofread` applied (repeated until stable).

    >>> correct("溪山茶叶8月7日（周五）上新,认真的挑选的的好茶")
    '溪山茶饮8月7日（周四）上新，认真地挑选的好茶'
    """
    text = "" if text is None else str(text)
    for _ in range(5):
        issues = _issues(text, year)
        if not issues:
            break
        out, last = [], 0
        for s, e, _k, sug, _why in issues:
            out.append(text[last:s] + sug)
            last = e
        text = "".join(out) + text[last:]
    return text


def activity_brief(day) -> dict:
    """The fact sheet of the week's member-day activity (会员日) on ``day``: what the copy must say.

    >>> activity_brief("2025-08-07")["date_text"]
    '8月7日（周四）'
    """
    d = _day(day)
    return {
        "name": f"{BRAND}会员日",
        "date": f"{d:%Y-%m-%d}",
        "date_text": f"{d.month}月{d.day}日（{WEEKDAYS[d.day_of_week]}）",
        "product": "桂花乌龙拿铁",
        "offer": "第二杯 8 折",
        "hours": "10:00–22:00",
        "where": "江浙沪全部门店及微信小程序",
    }


def sample_draft(day) -> str:
    """A colleague's draft for the member day on ``day``, with planted mistakes: wrong brand
    name, wrong weekday, 的/得/地, doubled words, half-width punctuation, a 广告法 absolute
    term — and one fact that contradicts :func:`activity_brief` (which no tool can catch).

    >>> proofread(sample_draft("2025-08-07"))["kind"].value_counts().to_dict()["标点"]
    2
    """
    d = _day(day)
    wrong_weekday = WEEKDAYS[(d.day_of_week + 1) % 7]
    return (f"{d.month}月{d.day}日（{wrong_weekday}）是溪山茶叶会员日!新品桂花乌龙拿铁上市，"
            "每一片茶叶都经过茶师认真的挑选，桂花香的不得了。\n"
            "当天第二杯半价，全天 10:00–22:00 江浙沪全部门店和微信小程序都可以参加参加，"
            "这是今年夏天最好喝的一杯,快约上朋友来尝尝吧。")


# =====================================================================================
# 5  发布设置：标题、封面、正文
# =====================================================================================

# Content fields and the cover/image field that each platform's post needs.
PUBLISH_FIELDS = {
    "微信公众号": (["title", "digest", "body"], "cover"),
    "视频号": (["short_title"], None),
    "微博": (["body"], None),
    "抖音": (["caption"], "video"),
    "小红书": (["title", "body"], "images"),
    "B站": (["title"], "cover"),
}
FIELD_NAMES = {"title": "标题", "digest": "摘要", "body": "正文", "short_title": "短标题", "caption": "作品描述",
               "cover": "封面", "video": "视频画面", "images": "图片"}


def post_fields(platform: str) -> pd.DataFrame:
    """What a post on ``platform`` needs and the platform's rules for each field.

    >>> post_fields("小红书")[["field", "rule"]].values.tolist()
    [['title', '最多 20 字'], ['body', '最多 1000 字'],
     ['images', '至少 1 张，最多 18 张，比例 3:4，宽至少 1080 像素，高至少 1440 像素']]
    """
    check_choice(platform, PUBLISH_FIELDS, "发布平台")
    texts, image = PUBLISH_FIELDS[platform]
    rows = []
    for field in [*texts, *([image] if image else [])]:
        r = platform_rules.rules(platform, field)
        parts = []
        for x in r.itertuples(index=False):
            per = "（汉字计 2）" if pd.notna(x.cjk_counts_as) and int(x.cjk_counts_as) == 2 else ""
            parts.append({"max_len": f"最多 {x.value} {x.unit}{per}", "min_len": f"至少 {x.value} {x.unit}{per}",
                          "ratio": f"比例 {x.value}", "width_px": f"宽至少 {x.value} 像素",
                          "height_px": f"高至少 {x.value} 像素", "max_size_kb": f"不超过 {x.value} KB",
                          "max_count": f"最多 {x.value} {x.unit}", "min_count": f"至少 {x.value} {x.unit}",
                          }.get(x.rule_type, f"{x.rule_type} {x.value}"))
        rows.append({"field": field, "name": FIELD_NAMES[field], "rule": "，".join(parts) or "—",
                     "rule_ids": "、".join(r["rule_id"])})
    return pd.DataFrame(rows)


def check_post(platform: str, post: dict) -> pd.DataFrame:
    """Validate a post set up for ``platform``: every required field present, text lengths,
    cover/image size and ratio (``post["cover"]`` etc. as ``(width, height)``) and wording
    (course lexicon, severity 高/中). One row per problem: ``field``, ``rule``, ``message``.

    >>> check_post("小红书", {"title": "立秋喝杯桂花乌龙", "body": "秋天的第一杯奶茶", "images": (1080, 1440)})
    Empty DataFrame
    Columns: [field, rule, message]
    Index: []
    >>> check_post("小红书", {"title": "全网最好喝的桂花乌龙", "body": "", "images": (1080, 1080)})["rule"].tolist()
    ['用语', '必填', '宽高比', '高度']
    """
    check_choice(platform, PUBLISH_FIELDS, "发布平台")
    if not isinstance(post, dict):
        raise TypeError("post 应该是一个字典（dict），如 {'title': ..., 'body': ...}；"
                        f"你给出的是 {type(post).__name__}。")
    texts, image = PUBLISH_FIELDS[platform]
    rows = []
    for field in texts:
        value = post.get(field)
        name = FIELD_NAMES[field]
        if value is None or not str(value).strip():
            why = "：不填时平台抓取正文前 54 个字，品牌规范要求写一句带利益点的摘要" if field == "digest" else ""
            rows.append((field, "必填", f"{platform}·{name}（{field}）还没有填写{why}。"))
            continue
        for h in compliance.find_terms(str(value)):
            if h.severity in _REVIEW_SEVERITY:
                rows.insert(len(rows), (field, "用语", f"{platform}·{name}：“{h.word}”属于{h.category}，"
                                                      f"建议改为 {h.replacement or '（删除或改写）'}。"))
        for p in platform_rules.check_text(platform, field, str(value)):
            rows.append((field, platform_rules.RULE_LABELS.get(p.rule_type, p.rule_type), p.message))
    if image:
        size = post.get(image)
        name = FIELD_NAMES[image]
        if size is None:
            rows.append((image, "必填", f"{platform}·{name}（{image}）还没有给出尺寸，例如 (1080, 1440)。"))
        else:
            try:
                width, height = (int(v) for v in size)
            except (TypeError, ValueError):
                raise ValueError(f"{name}尺寸应写成 (宽, 高)，例如 (1080, 1440)；你给出的是 {size!r}。") from None
            for p in platform_rules.check_image(platform, image, width, height):
                rows.append((image, platform_rules.RULE_LABELS.get(p.rule_type, p.rule_type), p.message))
    order = {f: i for i, f in enumerate([*texts, image])}
    rows.sort(key=lambda r: order.get(r[0], 99))
    return pd.DataFrame(rows, columns=["field", "rule", "message"])


def crop_box(width: int, height: int, ratio: str) -> tuple[int, int]:
    """The largest ``ratio`` ("宽:高") crop of a ``width`` × ``height`` picture, in whole pixels.

    >>> crop_box(1080, 1440, "2.35:1"), crop_box(1080, 1440, "9:16"), crop_box(1920, 1080, "3:4")
    ((1080, 460), (810, 1440), (810, 1080))
    """
    try:
        a, b = (float(x) for x in str(ratio).replace("：", ":").split(":"))
    except ValueError:
        raise ValueError(f'比例 "{ratio}" 无法识别：请写成 "宽:高"，例如 "2.35:1"、"3:4"。') from None
    if width <= 0 or height <= 0:
        raise ValueError(f"图片尺寸应为正数，你给出的是 {width}×{height}。")
    want = a / b
    if width / height > want:
        return (int(round(height * want)), int(height))
    return (int(width), int(round(width / want)))


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
    from .datasets import load

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


# =====================================================================================
# 7  多渠道分发：一稿多改
# =====================================================================================

_RATIO = {"微信公众号": "2.35:1", "抖音": "9:16", "小红书": "3:4", "B站": "16:9"}


def campaign_brief() -> dict:
    """The 立秋 campaign that B2-3 publishes: theme, audience, date, product, offer.

    >>> b = campaign_brief()
    >>> b["date_text"], b["offer"]
    ('8月7日（周四）', '第二杯半价')
    """
    d = _day("2025-08-07")
    return {
        "name": f"{BRAND}立秋上新",
        "theme": "立秋·秋天的第一杯奶茶",
        "audience": "江浙沪 18–30 岁的学生和年轻白领，爱尝新、爱打卡，通勤和午休时刷手机",
        "date": f"{d:%Y-%m-%d}",
        "date_text": f"{d.month}月{d.day}日（{WEEKDAYS[d.day_of_week]}）",
        "product": "桂花乌龙拿铁",
        "offer": "第二杯半价",
        "hours": "10:00–22:00",
        "where": "江浙沪全部门店及微信小程序",
        "keywords": ["立秋", "秋天的第一杯", "桂花乌龙"],
        "photo": (3024, 4032),
    }


def sample_piece() -> dict:
    """The 立秋 campaign piece to distribute (one source text, adapted per platform).

    >>> sorted(sample_piece())
    ['body', 'photo', 'short_title', 'summary', 'tags', 'title']
    """
    return {
        "title": "立秋｜秋天的第一杯奶茶，溪山桂花乌龙拿铁上新",
        "short_title": "立秋到了，秋天的第一杯奶茶就选溪山桂花乌龙",
        "summary": "立秋这天，溪山茶饮桂花乌龙拿铁上新：原叶乌龙现泡，配杭州满觉陇桂花，8月7日当天第二杯半价。",
        "body": ("8月7日立秋。溪山茶饮的新品桂花乌龙拿铁今天上新：原叶乌龙现泡，加入杭州满觉陇的桂花，"
                 "入口是乌龙的焙火香，回味是桂花的甜香。\n\n活动当天，江浙沪全部门店和微信小程序第二杯半价，"
                 "营业时间 10:00–22:00。"),
        "tags": ["秋天的第一杯奶茶", "立秋"],
        "photo": (3024, 4032),  # a portrait phone photo (3:4, 12 MP)
    }


def adapt(piece: dict, platform: str) -> dict:
    """One piece rewritten into the fields ``platform`` needs (一稿多改):

    - 微信公众号: title, digest (= summary), body, cover cropped to 2.35:1;
    - 小红书: title (= short_title), body (summary + tags), images cropped to 3:4;
    - 抖音: caption (short_title + tags), video 9:16; 视频号: short_title;
    - 微博: body (summary + ``#tag#`` tags, ≤ 140 字); B站: title, cover 16:9.

    >>> adapt(sample_piece(), "微博")["body"].endswith("#秋天的第一杯奶茶##立秋#")
    True
    """
    check_choice(platform, PUBLISH_FIELDS, "发布平台")
    for key in ("title", "short_title", "summary", "body"):
        if key not in piece:
            raise KeyError(f'piece 缺少 "{key}"；需要的键有：title、short_title、summary、body、tags、photo')
    tags = list(piece.get("tags", []))
    photo = piece.get("photo", (3024, 4032))

    def crop(p: str) -> tuple[int, int]:
        return crop_box(*photo, _RATIO[p])

    if platform == "微信公众号":
        return {"title": piece["title"], "digest": piece["summary"], "body": piece["body"], "cover": crop(platform)}
    if platform == "小红书":
        body = piece["summary"] + "\n" + " ".join(hashtag(t, platform) for t in tags)
        return {"title": piece["short_title"], "body": body.strip(), "images": crop(platform)}
    if platform == "抖音":
        caption = " ".join([piece["short_title"], *(hashtag(t, platform) for t in tags)])
        return {"caption": caption, "video": crop(platform)}
    if platform == "视频号":
        return {"short_title": piece["short_title"]}
    if platform == "微博":
        return {"body": piece["summary"] + "".join(hashtag(t, platform) for t in tags)}
    return {"title": piece["title"], "cover": crop(platform)}


def distribution_plan(piece: dict, platforms: Iterable[str], posts: pd.DataFrame, day) -> pd.DataFrame:
    """Multi-channel plan for ``piece`` on ``day``: for each platform the adapted text, the image
    size, the publishing time (the platform's best hour from ``posts``, see :func:`best_hour`)
    and the result of :func:`check_post`.

    Columns: ``platform``, ``publish_at``, ``text`` (title or caption), ``image``, ``problems``
    (count), ``status`` ("可发布" or "需修改：…"), sorted by time.

    >>> p = distribution_plan(sample_piece(), ["微信公众号", "小红书", "视频号"], load_posts(), "2025-08-07")
    >>> p.set_index("platform")["problems"].to_dict()
    {'视频号': 1, '小红书': 1, '微信公众号': 0}
    """
    d = _day(day)
    rows = []
    for platform in platforms:
        post = adapt(piece, platform)
        problems = check_post(platform, post)
        texts, image = PUBLISH_FIELDS[platform]
        hour = best_hour(posts, platform)
        rows.append({
            "platform": platform,
            "publish_at": d + pd.Timedelta(hours=hour),
            "text": post[texts[0]],
            "image": "×".join(map(str, post[image])) if image else "—",
            "problems": len(problems),
            "status": "可发布" if problems.empty else "需修改：" + "；".join(problems["message"]),
        })
    return pd.DataFrame(rows).sort_values(["publish_at", "platform"], kind="stable").reset_index(drop=True)


# =====================================================================================
# 8  社群推广
# =====================================================================================

GROUP_CAPACITY = 500


def group_overview(group_members: pd.DataFrame, on) -> pd.DataFrame:
    """Every 福利群 on ``on`` (end of that day): ``city``, ``members`` (in the group then),
    ``active`` (of them, those who spoke in 2025), ``active_rate`` and ``room`` (places left
    before the 500-member cap), largest group first.

    >>> g = group_overview(load_groups(), "2025-08-01")
    >>> g.loc["溪山茶饮·杭州滨江福利群1", "city"], int(g.loc["溪山茶饮·杭州滨江福利群1", "members"])
    ('杭州', 262)
    """
    check_columns(group_members, ["group_name", "city", "joined_at", "left_at", "messages"])
    end = _day(on) + pd.Timedelta(days=1)
    df = group_members[(group_members["joined_at"] < end)
                       & (group_members["left_at"].isna() | (group_members["left_at"] >= end))]
    g = df.groupby("group_name", observed=True)
    out = pd.DataFrame({"city": g["city"].first().astype(str), "members": g.size().astype(int),
                        "active": g["messages"].agg(lambda s: int((s > 0).sum()))})
    out["active_rate"] = out["active"] / out["members"]
    out["room"] = GROUP_CAPACITY - out["members"]
    return out.sort_values("members", ascending=False)


def load_groups() -> pd.DataFrame:
    """``nmt.load("group_members")`` (for examples)."""
    from .datasets import load

    return load("group_members")


# Warm-up, reminder, day-of and follow-up messages: at most one push per group per day,
# at the audience's peak hours.
_PUSH_STAGES = [
    ("预热", -3, "20:00", "{date_text}{name}：{product}上新，{offer}。先收藏，当天别错过～"),
    ("提醒", -1, "20:00", "明天就是{name}！{date_text}{hours}，{where}都可以参加，{offer}。"),
    ("当天", 0, "11:30", "{name}开始啦：{product}{offer}，午休来一杯？"),
    ("返场", 1, "20:00", "谢谢大家昨天的支持！欢迎在群里晒出你的{product}～"),
]


def community_push_plan(overview: pd.DataFrame, brief: dict | None = None, city: str | None = None,
                        min_active_rate: float = 0.0, stagger_minutes: int = 5) -> pd.DataFrame:
    """A 社群 push plan for the activity of ``brief`` (default :func:`campaign_brief`), on
    ``brief["date"]``: every chosen group gets 预热 (3 days before),
    提醒 (the day before), 当天 and 返场 messages, at most one per group per day, at peak
    hours; groups are staggered by ``stagger_minutes`` so the stores' staff can answer.

    Groups are chosen by ``city`` (None: all) and ``active_rate`` ≥ ``min_active_rate``.
    Columns: ``send_at``, ``stage``, ``group_name``, ``city``, ``members``, ``text``.

    >>> ov = group_overview(load_groups(), "2025-08-04")
    >>> plan = community_push_plan(ov, city="宁波")
    >>> plan[["send_at", "stage"]].astype(str).values.tolist()[:2]
    [['2025-08-04 20:00:00', '预热'], ['2025-08-06 20:00:00', '提醒']]
    """
    check_columns(overview, ["city", "members", "active_rate"])
    brief = brief or campaign_brief()
    d = _day(brief["date"])
    chosen = overview
    if city is not None:
        check_choice(city, sorted(overview["city"].unique()), "城市")
        chosen = chosen[chosen["city"] == city]
    chosen = chosen[chosen["active_rate"] >= min_active_rate]
    rows = []
    for i, (group, g) in enumerate(chosen.iterrows()):
        for stage, offset, hhmm, template in _PUSH_STAGES:
            at = d + pd.Timedelta(days=offset) + pd.Timedelta(hhmm + ":00") + pd.Timedelta(minutes=i * stagger_minutes)
            rows.append({"send_at": at, "stage": stage, "group_name": group, "city": g["city"],
                         "members": int(g["members"]), "text": template.format(**brief)})
    out = pd.DataFrame(rows, columns=["send_at", "stage", "group_name", "city", "members", "text"])
    return out.sort_values(["send_at", "group_name"], kind="stable").reset_index(drop=True)


_PHONE = re.compile(r"(?<!\d)(1[3-9]\d)[ -]?(\d{4})[ -]?(\d{4})(?!\d)")


def mask_phone(text: str) -> str:
    """Hide the middle four digits of every mainland mobile number (个人信息保护).

    >>> mask_phone("中奖：王同学 13800001234，李同学 139-0000-5678")
    '中奖：王同学 138****1234，李同学 139****5678'
    """
    return _PHONE.sub(r"\1****\3", str(text))


def find_phones(text: str) -> list[str]:
    """Unmasked mobile numbers in ``text``.

    >>> find_phones("138****1234 和 13900005678")
    ['13900005678']
    """
    return ["".join(m.groups()) for m in _PHONE.finditer(str(text))]
