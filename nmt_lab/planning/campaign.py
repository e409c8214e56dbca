"""活动方案 (campaign plan): SMART goals, phases, tasks and dependencies, Gantt chart, creative check.

The course campaign is 「杨梅冰茶上新」 (``ymbc25``); its facts (dates of the phases, budget cap,
company goal, creative ideas) live in ``nmt_lab/data/campaign_plan.json`` and its tasks in the
``campaign_plan`` table.

A goal is SMART when it is **S**pecific (one named metric), **M**easurable (a target number),
**A**chievable (the target is at most :data:`MAX_LIFT` times what history gives for the same
window), **R**elevant (the metric serves the goal's centre: 品牌, 产品 or 用户) and **T**ime-bound
(a start and an end date).

>>> info = campaign_info()
>>> info["code"], info["budget_cap"]
('ymbc25', 30000)
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

import ipywidgets as w
import pandas as pd
import plotly.graph_objects as go

from .._errors import check_choice, check_columns
from ..widgets import Panel
from ._common import LABELS, _ymd

PHASES = ["筹备", "预热", "爆发", "返场"]
CENTRES = ["品牌", "产品", "用户"]
#: a target above this multiple of the history baseline is not achievable in one campaign
MAX_LIFT = 2.0
PAID = ["已支付", "部分退款"]

#: metric -> (centres it serves, unit, where history comes from, what it counts)
METRICS = {
    "内容阅读量": (["品牌"], "次", "posts", "各平台内容的阅读/播放量合计"),
    "内容分享数": (["品牌", "用户"], "次", "posts", "各平台内容的分享数合计"),
    "新增粉丝": (["品牌", "用户"], "人", "posts", "内容带来的新增粉丝合计"),
    "新品销量": (["产品"], "杯", "orders", "新品上市头 N 天的已支付杯数（历史 = 以往新品上市头 N 天的平均）"),
    "饮品销售额": (["产品"], "元", "orders", "已支付饮品订单金额合计"),
    "下单用户数": (["用户"], "人", "orders", "有已支付订单的不同用户数"),
    "新客数": (["用户"], "人", "orders", "第一次下单的用户数"),
}

#: labels of the columns this module adds; keys the calendar/content tables already use keep their label
_OWN_LABELS = {
    "goal_id": "目标编号", "statement": "目标表述", "centre": "中心", "metric": "指标", "unit": "单位",
    "baseline": "历史基准", "ratio": "目标 ÷ 基准", "S": "具体", "M": "可衡量", "A": "可实现",
    "R": "相关", "T": "有时限", "smart": "符合 SMART", "finding": "检查意见", "phase": "阶段",
    "start": "开始日期", "end": "结束日期", "purpose": "阶段任务", "tasks": "任务数", "milestones": "里程碑",
    "task_id": "任务编号", "task": "任务", "owner": "负责人", "problem": "问题", "depends_on": "前置任务",
    "idea_id": "创意编号", "slogan": "主标语", "novelty": "新意分",
    "terms": "违规用语", "verdict": "结论", "channel_name": "渠道", "channel_type": "渠道类型",
    "workstream": "工作类别", "centres": "服务的中心", "history_from": "历史数据来源", "counts": "统计口径",
    "target_value": "目标值", "length": "天数", "company_goal": "公司目标", "year_plan": "运营规划",
    "theme": "活动主题", "mechanic": "活动机制",
}
for _k, _v in _OWN_LABELS.items():
    LABELS.setdefault(_k, _v)


@cache
def _data() -> dict:
    return json.loads(resources.files("nmt_lab").joinpath("data/campaign_plan.json").read_text("utf-8"))


def campaign_info() -> dict:
    """The campaign's facts: code, name, product, launch day, budget cap, theme, mechanic,
    company goal and year plan (公司目标和运营规划)."""
    return dict(_data()["campaign"])


def goal_metrics() -> pd.DataFrame:
    """The metrics a goal can name, with the centres they serve.

    >>> goal_metrics().loc["新客数", "centres"]
    '用户'
    """
    rows = [(m, "、".join(c), u, s, d) for m, (c, u, s, d) in METRICS.items()]
    cols = ["metric", "centres", "unit", "history_from", "counts"]
    return pd.DataFrame(rows, columns=cols).set_index("metric")


# -------------------------------------------------------------------------------------
# SMART goals
# -------------------------------------------------------------------------------------

def _window_value(metric: str, start: pd.Timestamp, end: pd.Timestamp, posts, orders) -> float:
    """The metric over the days ``start``–``end`` (inclusive)."""
    stop = end + pd.Timedelta(days=1)
    if METRICS[metric][2] == "posts":
        t = pd.to_datetime(posts["published_at"])
        sel = posts[(t >= start) & (t < stop)]
        col = {"内容阅读量": "reads", "内容分享数": "shares", "新增粉丝": "new_followers"}[metric]
        return float(sel[col].sum())
    t = pd.to_datetime(orders["created_at"])
    paid = orders[orders["status"].isin(PAID)]
    tp = t[paid.index]
    sel = paid[(tp >= start) & (tp < stop)]
    if metric == "饮品销售额":
        return float(sel.loc[sel["product_type"] == "饮品", "amount"].sum())
    if metric == "下单用户数":
        return float(sel["user_id"].nunique())
    if metric == "新客数":
        first = pd.to_datetime(paid.groupby("user_id")["created_at"].min())
        return float(((first >= start) & (first < stop)).sum())
    raise ValueError(metric)


def _launch_history(orders: pd.DataFrame, before: pd.Timestamp, days: int) -> list[float]:
    """Cups sold in the first ``days`` days of each drink launched (first order after the data's
    first month) before ``before``."""
    drinks = orders[(orders["product_type"] == "饮品") & orders["status"].isin(PAID)].copy()
    drinks["t"] = pd.to_datetime(drinks["created_at"])
    first = drinks.groupby("product")["t"].min()
    launched = first[(first > drinks["t"].min() + pd.Timedelta(days=30)) & (first < before)]
    out = []
    for product, day in launched.items():
        d = day.normalize()
        sel = drinks[(drinks["product"] == product) & (drinks["t"] < d + pd.Timedelta(days=days))]
        out.append(float(sel["quantity"].sum()))
    return out


def metric_history(metric: str, start, end, posts: pd.DataFrame, orders: pd.DataFrame,
                   windows: int = 4) -> float:
    """The history baseline of ``metric`` for a goal window ``start``–``end``: the mean over the
    ``windows`` windows of the same length just before ``start`` (for 新品销量: the mean of earlier
    drink launches over their first days).

    >>> from nmt_lab import load
    >>> posts, orders = load("posts"), load("orders")
    >>> metric_history("新品销量", "2025-06-05", "2025-06-14", posts, orders)
    91.5
    >>> metric_history("销量", "2025-06-05", "2025-06-14", posts, orders)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: 指标 "销量" 不存在；可用的指标有：内容阅读量、内容分享数、新增粉丝、新品销量、...
    """
    check_choice(metric, list(METRICS), "指标")
    start, end = pd.Timestamp(start).normalize(), pd.Timestamp(end).normalize()
    days = (end - start).days + 1
    if metric == "新品销量":
        hist = _launch_history(orders, start, days)
        return float(round(sum(hist) / len(hist), 1)) if hist else float("nan")
    vals = []
    for k in range(1, windows + 1):
        s = start - pd.Timedelta(days=days * k)
        vals.append(_window_value(metric, s, s + pd.Timedelta(days=days - 1), posts, orders))
    return float(round(sum(vals) / len(vals), 1))


def _date(value):
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NaT or value == "":
        return None
    try:
        return pd.Timestamp(value).normalize()
    except (ValueError, TypeError):
        return None


def smart_check(goals: pd.DataFrame, posts: pd.DataFrame, orders: pd.DataFrame,
                max_lift: float = MAX_LIFT) -> pd.DataFrame:
    """Check each goal against the five SMART criteria, with the history baseline and a Chinese
    finding. ``goals`` needs columns goal_id, goal, centre, metric, target, start, end; a target
    above ``max_lift`` × the baseline is not achievable.

    >>> from nmt_lab import load
    >>> g = pd.DataFrame([{"goal_id": "G1", "goal": "上新 10 天卖出 180 杯", "centre": "产品",
    ...                    "metric": "新品销量", "target": 180, "start": "2025-06-05", "end": "2025-06-14"}])
    >>> r = smart_check(g, load("posts"), load("orders")).iloc[0]
    >>> float(r["baseline"]), bool(r["smart"]), r["finding"]
    (91.5, True, '符合 SMART：目标是历史基准的 1.97 倍，有挑战但可实现。')
    """
    check_columns(goals, ["goal_id", "goal", "centre", "metric", "target", "start", "end"])
    rows = []
    for g in goals.itertuples(index=False):
        problems = []
        s_ok = isinstance(g.metric, str) and g.metric in METRICS
        if not s_ok:
            problems.append(f"不具体：没有写明指标（可用的指标有：{'、'.join(METRICS)}）")
        try:
            target = float(g.target)
        except (TypeError, ValueError):
            target = float("nan")
        m_ok = pd.notna(target) and target > 0
        if not m_ok:
            problems.append("不可衡量：没有给出大于 0 的目标数值")
        start, end = _date(g.start), _date(g.end)
        t_ok = start is not None and end is not None and end >= start and (end - start).days <= 92
        if not t_ok:
            problems.append("没有时限：需要开始和结束日期（结束不早于开始，最长一个季度）")
        r_ok = s_ok and g.centre in METRICS[g.metric][0]
        if s_ok and not r_ok:
            problems.append(f"不相关：“{g.metric}”服务于{'、'.join(METRICS[g.metric][0])}，"
                            f"不是以“{g.centre}”为中心的目标")
        if g.centre not in CENTRES:
            problems.append(f"中心“{g.centre}”不可用：应为 品牌、产品 或 用户")
        baseline = metric_history(g.metric, start, end, posts, orders) if (s_ok and t_ok) else float("nan")
        ratio = round(target / baseline, 2) if (m_ok and pd.notna(baseline) and baseline > 0) else float("nan")
        a_ok = pd.notna(ratio) and ratio <= max_lift
        if pd.notna(ratio) and not a_ok:
            problems.append(f"难以实现：目标是历史基准 {baseline:g} 的 {ratio:.2f} 倍，超过 {max_lift:g} 倍")
        elif not (s_ok and m_ok and t_ok):
            problems.append("无法判断是否可实现：先补齐指标、数值和日期")
        ok = s_ok and m_ok and a_ok and r_ok and t_ok
        if ok:
            note = "偏保守：不用努力也能达到，可以定高一些。" if ratio <= 1 else "有挑战但可实现。"
            finding = f"符合 SMART：目标是历史基准的 {ratio:.2f} 倍，{note}"
        else:
            finding = "；".join(problems) + "。"
        rows.append({"goal_id": g.goal_id, "statement": g.goal, "centre": g.centre, "metric": g.metric,
                     "target_value": target, "baseline": baseline, "ratio": ratio, "S": s_ok, "M": bool(m_ok),
                     "A": bool(a_ok), "R": bool(r_ok), "T": t_ok, "smart": bool(ok), "finding": finding})
    return pd.DataFrame(rows)


# -------------------------------------------------------------------------------------
# 流程、任务、推广计划、创意
# -------------------------------------------------------------------------------------

def phase_table(plan: pd.DataFrame | None = None) -> pd.DataFrame:
    """The campaign flow (活动流程): each phase with its dates, length, purpose and, given the
    plan, its number of tasks and milestones.

    >>> from nmt_lab import load
    >>> phase_table(load("campaign_plan"))[["phase", "length", "tasks"]].values.tolist()
    [['筹备', 20, 9], ['预热', 4, 2], ['爆发', 6, 5], ['返场', 4, 3]]
    """
    ph = pd.DataFrame(_data()["phases"])
    ph["length"] = (pd.to_datetime(ph["end"]) - pd.to_datetime(ph["start"])).dt.days + 1
    if plan is not None:
        check_columns(plan, ["phase", "task", "milestone"])
        ph["tasks"] = [int((plan["phase"] == p).sum()) for p in ph["phase"]]
        ph["milestones"] = ["、".join(plan.loc[(plan["phase"] == p) & plan["milestone"].astype(bool), "task"])
                            for p in ph["phase"]]
    return ph[["phase", "start", "end", "length", "purpose", *(["tasks", "milestones"] if plan is not None else [])]]


def workstream_table(plan: pd.DataFrame) -> pd.DataFrame:
    """Tasks per workstream (流程/创意/推广/物料/数据) and phase: the parts of the campaign plan.

    >>> from nmt_lab import load
    >>> int(workstream_table(load("campaign_plan")).loc["推广", "爆发"])
    2
    """
    check_columns(plan, ["workstream", "phase"])
    out = pd.crosstab(plan["workstream"], plan["phase"]).reindex(columns=PHASES, fill_value=0)
    out.columns.name, out.index.name = None, "workstream"
    return out


def owner_issues(plan: pd.DataFrame, staff: pd.DataFrame) -> pd.DataFrame:
    """Tasks whose owner is missing or not in the staff table (沟通管理: every task needs one owner).

    >>> from nmt_lab import load
    >>> owner_issues(load("campaign_plan"), load("staff"))["task_id"].tolist()
    ['T08']
    """
    check_columns(plan, ["task_id", "task", "owner"])
    names = set(staff["name"])
    rows = []
    for t in plan.itertuples(index=False):
        if not isinstance(t.owner, str) or not t.owner.strip():
            rows.append((t.task_id, t.task, t.owner, "没有负责人"))
        elif t.owner not in names:
            rows.append((t.task_id, t.task, t.owner, f"负责人“{t.owner}”不在人员表里"))
    return pd.DataFrame(rows, columns=["task_id", "task", "owner", "problem"])


def _deps(value) -> list[str]:
    return [d for d in str(value).split("|") if d and d != "nan"] if isinstance(value, str) else []


def dependency_issues(plan: pd.DataFrame) -> pd.DataFrame:
    """Tasks that start before a task they depend on has ended (or depend on an unknown task).
    A task may start on the day of a milestone it depends on (e.g. ads start on launch day).

    >>> from nmt_lab import load
    >>> dependency_issues(load("campaign_plan"))[["task_id", "depends_on"]].values.tolist()
    [['T06', 'T04']]
    """
    check_columns(plan, ["task_id", "task", "start", "end", "depends_on"])
    end = dict(zip(plan["task_id"], pd.to_datetime(plan["end"]), strict=True))
    milestone = dict(zip(plan["task_id"], plan["milestone"].astype(bool), strict=True))
    rows = []
    for t in plan.itertuples(index=False):
        for d in _deps(t.depends_on):
            if d not in end:
                rows.append((t.task_id, t.task, d, f"前置任务 {d} 不在计划里"))
            elif pd.Timestamp(t.start) < end[d] or (pd.Timestamp(t.start) == end[d] and not milestone[d]):
                rows.append((t.task_id, t.task, d, f"{_ymd(t.start)} 就开始了，但前置任务 {d} {_ymd(end[d])} 才结束"))
    return pd.DataFrame(rows, columns=["task_id", "task", "depends_on", "problem"])


def promotion_plan(channels: pd.DataFrame) -> pd.DataFrame:
    """The promotion plan (推广计划): which channels run in which phase (✓), with their cost.

    >>> from nmt_lab import load
    >>> p = promotion_plan(load("campaign_channels"))
    >>> p.loc["抖音信息流广告", ["预热", "爆发", "返场"]].tolist()
    ['', '✓', '✓']
    """
    check_columns(channels, ["channel_name", "channel_type", "start_date", "end_date", "cost"])
    ph = pd.DataFrame(_data()["phases"]).set_index("phase")
    out = channels[["channel_name", "channel_type"]].copy()
    s, e = pd.to_datetime(channels["start_date"]), pd.to_datetime(channels["end_date"])
    for p in PHASES[1:]:
        ps, pe = pd.Timestamp(ph.loc[p, "start"]), pd.Timestamp(ph.loc[p, "end"])
        out[p] = ["✓" if (a <= pe and b >= ps) else "" for a, b in zip(s, e, strict=True)]
    out["cost"] = channels["cost"]
    return out.set_index("channel_name")


def ideas() -> pd.DataFrame:
    """The creative ideas (活动创意) proposed for the campaign."""
    return pd.DataFrame(_data()["ideas"])


def creative_check(table: pd.DataFrame, min_novelty: int = 3) -> pd.DataFrame:
    """Check creative ideas for brand risk and novelty: 广告法 terms in title or slogan (course
    lexicon, :mod:`nmt_lab.compliance`) and a novelty score below ``min_novelty``.

    >>> creative_check(ideas())[["idea_id", "verdict"]].values.tolist()
    [['C1', '可用'], ['C2', '可用'], ['C3', '品牌风险'], ['C4', '缺少新意']]
    """
    from ..compliance import find_terms
    check_columns(table, ["idea_id", "title", "slogan", "novelty"])
    out = table.copy()
    terms = []
    for t in out.itertuples(index=False):
        hits = find_terms(f"{t.title} {t.slogan}")
        terms.append("、".join(dict.fromkeys(h.word for h in hits)))
    out["terms"] = terms
    out["verdict"] = ["品牌风险" if t else ("缺少新意" if n < min_novelty else "可用")
                      for t, n in zip(out["terms"], out["novelty"], strict=True)]
    return out


# -------------------------------------------------------------------------------------
# 甘特图与排期面板
# -------------------------------------------------------------------------------------

def reschedule(plan: pd.DataFrame, days: dict[str, int]) -> pd.DataFrame:
    """The plan with the phases stretched or squeezed to ``days`` (phase -> length in days); the
    phases stay back to back and end on the original last day. Each task keeps its relative start
    inside its phase but its length in days (the work does not shrink), so squeezing a phase makes
    tasks overlap the ones they depend on.

    >>> from nmt_lab import load
    >>> p = reschedule(load("campaign_plan"), {"筹备": 14})
    >>> p.loc[p["task_id"] == "T01", ["start", "end"]].values.tolist()
    [['2025-05-18', '2025-05-20']]
    """
    ph = pd.DataFrame(_data()["phases"]).set_index("phase")
    old_start, old_end = pd.to_datetime(ph["start"]), pd.to_datetime(ph["end"])
    old_len = (old_end - old_start).dt.days + 1
    for p, d in days.items():
        check_choice(p, PHASES, "阶段")
        if int(d) < 1:
            raise ValueError(f"阶段“{p}”的天数 {d!r} 不可用：至少 1 天。")
    new_len = pd.Series({p: int(days.get(p, old_len[p])) for p in PHASES})
    last = old_end[PHASES[-1]]
    new_end = last - pd.to_timedelta(new_len[::-1].cumsum()[::-1] - new_len, unit="D")
    new_start = new_end - pd.to_timedelta(new_len - 1, unit="D")
    out = plan.copy()
    starts, ends = [], []
    for t in plan.itertuples(index=False):
        p = t.phase
        scale = new_len[p] / old_len[p]
        a = (pd.Timestamp(t.start) - old_start[p]).days
        b = (pd.Timestamp(t.end) - old_start[p]).days
        na = int(round(a * scale))
        nb = na + (b - a)
        starts.append(_ymd(new_start[p] + pd.Timedelta(days=na)))
        ends.append(_ymd(new_start[p] + pd.Timedelta(days=nb)))
    out["start"], out["end"] = starts, ends
    return out


_PHASE_COLOURS = {"筹备": "#5d6d7e", "预热": "#e07a2f", "爆发": "#c0392b", "返场": "#2a7f62"}


def gantt(plan: pd.DataFrame, title: str = "杨梅冰茶上新：活动甘特图") -> go.Figure:
    """A Gantt chart (plotly timeline) of the tasks, coloured by phase, with milestones as diamonds.

    >>> from nmt_lab import load
    >>> fig = gantt(load("campaign_plan"))
    >>> [t.name for t in fig.data]
    ['筹备', '预热', '爆发', '返场', '里程碑']
    """
    import plotly.express as px
    check_columns(plan, ["task_id", "task", "phase", "owner", "start", "end", "milestone"])
    df = plan.copy()
    df["label"] = df["task_id"] + " " + df["task"]
    df["owner"] = df["owner"].fillna("（未定）")
    df["finish"] = pd.to_datetime(df["end"]) + pd.Timedelta(days=1)
    fig = px.timeline(df, x_start="start", x_end="finish", y="label", color="phase",
                      category_orders={"phase": PHASES, "label": list(df["label"])},
                      color_discrete_map=_PHASE_COLOURS, hover_data={"owner": True, "finish": False},
                      labels={"phase": "阶段", "label": "任务", "owner": "负责人", "start": "开始"})
    ms = df[df["milestone"].astype(bool)]
    fig.add_trace(go.Scatter(x=pd.to_datetime(ms["end"]), y=ms["label"], mode="markers", name="里程碑",
                             marker=dict(symbol="diamond", size=13, color="#222"),
                             hovertemplate="%{y}：%{x|%m-%d}<extra>里程碑</extra>"))
    fig.update_yaxes(autorange="reversed", title=None)
    fig.update_layout(title=title, height=560, xaxis_title="日期", legend_title="阶段")
    return fig


def schedule_view(plan: pd.DataFrame, days: dict[str, int]) -> dict:
    """What the schedule panel shows: the rescheduled plan, its first day and the dependency issues.

    >>> from nmt_lab import load
    >>> v = schedule_view(load("campaign_plan"), {"筹备": 10})
    >>> v["first_day"], len(v["issues"]) > 1
    ('2025-05-22', True)
    """
    p = reschedule(plan, days)
    return {"plan": p, "first_day": min(p["start"]), "issues": dependency_issues(p)}


def schedule_panel(plan: pd.DataFrame) -> Panel:
    """Drag the phase lengths: the Gantt chart and the list of dependency problems update."""
    ph = phase_table()
    controls = {f"d{i}": w.IntSlider(value=int(d), min=1, max=30 if p == "筹备" else 10, description=f"{p}天数",
                                     continuous_update=False, style={"description_width": "initial"})
                for i, (p, d) in enumerate(zip(ph["phase"], ph["length"], strict=True))}
    fig = go.FigureWidget(gantt(plan))
    card = w.HTML()

    def update(**values) -> None:
        days = dict(zip(PHASES, values.values(), strict=True))
        v = schedule_view(plan, days)
        p = v["plan"]
        new = gantt(p)
        with fig.batch_update():
            for old, fresh in zip(fig.data, new.data, strict=True):
                if fresh.type == "bar":
                    old.base = fresh.base
                old.x, old.y = fresh.x, fresh.y
            fig.layout.title = f"筹备从 {v['first_day']} 开始，活动 {max(p['end'])} 结束"
        issues = "".join(f"<li>{r.task_id} {r.task}：{r.problem}</li>" for r in v["issues"].itertuples())
        card.value = (f"<b>依赖冲突 {len(v['issues'])} 处</b>" + (f"<ul>{issues}</ul>" if issues else "：无"))

    return Panel(controls, [card, fig], update, figure=fig, card=card)
