"""方案执行管理 (A2-2): staffing and budget by work package, the content system and its cadence,
RACI validation, the critical path (CPM), progress tracking and the weekly progress report.

The critical path method (关键路径法) takes tasks with durations and predecessors. The forward
pass gives each task's earliest start ``es`` = the latest earliest finish ``ef`` of its
predecessors (``ef = es + duration``); the backward pass gives the latest finish ``lf`` = the
earliest latest start ``ls`` of its successors (``ls = lf − duration``). Total float (总时差)
``float = ls − es`` is how many days a task may slip without moving the project end; tasks with
float 0 form the critical path. Days are counted from the project start (day 0).

>>> t = pd.DataFrame({"task_id": ["A", "B", "C"], "duration": [2, 4, 1], "predecessors": ["", "A", "A"]})
>>> cpm(t)[["task_id", "es", "ef", "ls", "float", "critical"]].to_dict("list")["float"]
[0, 0, 3]
>>> critical_path(t), project_duration(t)
(['A', 'B'], 6)
"""

from __future__ import annotations

import math

import ipywidgets as w
import numpy as np
import pandas as pd
import plotly.graph_objects as go

from .._errors import check_choice, check_columns
from ..widgets import Panel
from .budget import budget_check, budget_lines, budget_summary
from .content import assign, pillars, workload

LEAD = "主管"          #: you, the 新媒体运营主管: a valid R/A besides the people in ``staff``
RACI_LETTERS = ["R", "A", "C", "I"]



# =====================================================================================
# 1  关键路径（CPM）
# =====================================================================================

def _preds(value) -> list[str]:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return []
    if isinstance(value, (list, tuple, set)):
        return [str(v) for v in value]
    return [p.strip() for p in str(value).replace("，", "|").replace(",", "|").split("|") if p.strip()]


def _topological(tasks: pd.DataFrame) -> list[str]:
    ids = [str(t) for t in tasks["task_id"]]
    dup = sorted({t for t in ids if ids.count(t) > 1})
    if dup:
        raise ValueError(f"任务编号 {'、'.join(dup)} 重复：每个任务只能出现一行。")
    preds = {t: _preds(p) for t, p in zip(ids, tasks["predecessors"], strict=True)}
    for t, ps in preds.items():
        bad = [p for p in ps if p not in preds]
        if bad:
            raise ValueError(f"任务 {t} 的紧前任务 {'、'.join(bad)} 不在任务表中；任务表里有：{'、'.join(ids)}")
    order, done = [], set()
    while len(order) < len(ids):
        ready = [t for t in ids if t not in done and all(p in done for p in preds[t])]
        if not ready:
            loop = [t for t in ids if t not in done]
            raise ValueError(f"任务 {'、'.join(loop)} 的依赖关系绕成了圈（循环依赖），检查它们的紧前任务。")
        order += ready
        done.update(ready)
    return order


def cpm(tasks: pd.DataFrame, start=None, delays: dict[str, int] | None = None) -> pd.DataFrame:
    """Forward and backward pass of the critical path method.

    ``tasks`` needs ``task_id``, ``duration`` and ``predecessors`` ("A|B", a list, or empty).
    ``delays`` (task -> days) lengthens those tasks first (what-if). Returns the tasks in their
    original order with ``es``, ``ef``, ``ls``, ``lf`` (days from the start), ``float`` and
    ``critical`` (float 0); with ``start`` (the project's first day) also ``start_date`` and
    ``end_date`` (a task of 2 days starting 08-24 ends 08-25).

    >>> from nmt_lab import load
    >>> s = cpm(load("exec_tasks"), start="2026-08-24")
    >>> list(s.loc[s["critical"], "task_id"])
    ['E01', 'E03', 'E04', 'E06', 'E11', 'E12', 'E13', 'E14']
    """
    check_columns(tasks, ["task_id", "duration", "predecessors"])
    out = tasks.copy()
    out["task_id"] = out["task_id"].astype(str)
    dur = dict(zip(out["task_id"], pd.to_numeric(out["duration"], errors="coerce"), strict=True))
    for t, d in (delays or {}).items():
        check_choice(t, list(dur), "任务编号")
        dur[t] = dur[t] + d
    bad = [t for t, d in dur.items() if not (d >= 0)]
    if bad:
        raise ValueError(f"任务 {'、'.join(bad)} 的工期不是非负数字，检查 duration 列。")
    order = _topological(out)
    preds = {t: _preds(p) for t, p in zip(out["task_id"], out["predecessors"], strict=True)}
    succs = {t: [s for s in order if t in preds[s]] for t in order}
    es, ef = {}, {}
    for t in order:
        es[t] = max((ef[p] for p in preds[t]), default=0)
        ef[t] = es[t] + dur[t]
    end = max(ef.values(), default=0)
    lf, ls = {}, {}
    for t in reversed(order):
        lf[t] = min((ls[s] for s in succs[t]), default=end)
        ls[t] = lf[t] - dur[t]
    ids = out["task_id"]
    out["duration"] = ids.map(dur)
    for name, d in [("es", es), ("ef", ef), ("ls", ls), ("lf", lf)]:
        out[name] = ids.map(d)
    out["float"] = out["ls"] - out["es"]
    out["critical"] = out["float"].abs() < 1e-9
    if start is not None:
        day0 = pd.Timestamp(start)
        out["start_date"] = day0 + pd.to_timedelta(out["es"], unit="D")
        out["end_date"] = day0 + pd.to_timedelta(out["ef"] - 1, unit="D")
    return out


def critical_path(tasks: pd.DataFrame, delays: dict[str, int] | None = None) -> list[str]:
    """The critical tasks in the order they run (earliest start first).

    >>> from nmt_lab import load
    >>> critical_path(load("exec_tasks"))[:3]
    ['E01', 'E03', 'E04']
    """
    s = cpm(tasks, delays=delays)
    return list(s.loc[s["critical"]].sort_values(["es", "ef"], kind="stable")["task_id"])


def project_duration(tasks: pd.DataFrame, delays: dict[str, int] | None = None) -> int:
    """Length of the project in days (the largest earliest finish).

    >>> from nmt_lab import load
    >>> project_duration(load("exec_tasks"))
    20
    """
    s = cpm(tasks, delays=delays)
    d = float(s["ef"].max()) if len(s) else 0.0
    return int(d) if d.is_integer() else d


_CRIT, _NORMAL = "#c0392b", "#2a9d8f"


def cpm_gantt(schedule: pd.DataFrame, title: str = "桂花乌龙中秋上新：执行甘特图",
              highlight: str | None = None) -> go.Figure:
    """Gantt chart of a :func:`cpm` schedule (with dates): critical tasks red, the others teal,
    grey lines from each predecessor's end to its successor's start; the ``highlight`` task gets a
    dark outline and its float in the title.

    >>> from nmt_lab import load
    >>> fig = cpm_gantt(cpm(load("exec_tasks"), start="2026-08-24"))
    >>> [t.name for t in fig.data]
    ['任务（红色为关键路径）', '依赖关系']
    """
    check_columns(schedule, ["task_id", "task", "start_date", "end_date", "critical", "float", "predecessors"])
    s = schedule.reset_index(drop=True)
    label = s["task_id"] + " " + s["task"].astype(str)
    pos = dict(zip(s["task_id"], label, strict=True))
    start = pd.to_datetime(s["start_date"])
    finish = pd.to_datetime(s["end_date"]) + pd.Timedelta(days=1)
    ms = ((finish - start).dt.total_seconds() * 1000).tolist()
    bars = go.Bar(name="任务（红色为关键路径）", y=list(label), x=ms, base=[f"{d:%Y-%m-%d}" for d in start],
                  orientation="h", marker_color=[_CRIT if c else _NORMAL for c in s["critical"]],
                  marker_line_color="#222", marker_line_width=[3 if t == highlight else 0 for t in s["task_id"]],
                  customdata=np.column_stack([s["float"], [f"{d:%m-%d}" for d in start],
                                              [f"{d:%m-%d}" for d in pd.to_datetime(s["end_date"])]]),
                  hovertemplate="%{y}<br>%{customdata[1]} 至 %{customdata[2]}<br>总时差 %{customdata[0]} 天"
                                "<extra></extra>")
    xs, ys = [], []
    ends = dict(zip(s["task_id"], finish, strict=True))
    for tid, p, st in zip(s["task_id"], s["predecessors"], start, strict=True):
        for q in _preds(p):
            xs += [f"{ends[q]:%Y-%m-%d}", f"{st:%Y-%m-%d}", None]
            ys += [pos[q], pos[tid], None]
    links = go.Scatter(name="依赖关系", x=xs, y=ys, mode="lines", line=dict(color="#888", width=1, dash="dot"),
                       hoverinfo="skip")
    fig = go.Figure([bars, links])
    fig.update_yaxes(autorange="reversed", title=None, categoryorder="array", categoryarray=list(label))
    fig.update_xaxes(type="date", title="日期", tickformat="%m-%d")
    end = pd.to_datetime(s["end_date"]).max()
    note = ""
    if highlight is not None:
        check_choice(highlight, list(s["task_id"]), "任务编号")
        note = f"；{highlight} 总时差 {s.set_index('task_id').loc[highlight, 'float']:g} 天"
    fig.update_layout(title=f"{title}（完工 {end:%m-%d}{note}）", height=520, showlegend=True, bargap=0.3,
                      legend=dict(orientation="h", yanchor="bottom", y=1.0, xanchor="right", x=1))
    return fig


def delay_view(tasks: pd.DataFrame, task_id: str, days: int, start) -> dict:
    """What the delay panel shows: the schedule with ``task_id`` lengthened by ``days``, its
    critical path, the project's end date and how many days the end moved.

    >>> from nmt_lab import load
    >>> v = delay_view(load("exec_tasks"), "E09", 5, "2026-08-24")
    >>> v["moved"], v["end"]
    (0, '2026-09-12')
    >>> delay_view(load("exec_tasks"), "E04", 2, "2026-08-24")["moved"]
    2
    """
    base = cpm(tasks, start=start)
    s = cpm(tasks, start=start, delays={task_id: days})
    end, end0 = s["end_date"].max(), base["end_date"].max()
    return {"schedule": s, "critical": critical_path(tasks, {task_id: days}), "end": f"{end:%Y-%m-%d}",
            "moved": int((end - end0).days), "float": float(base.set_index("task_id").loc[task_id, "float"])}


def delay_panel(tasks: pd.DataFrame, start, task_id: str | None = None) -> Panel:
    """Pick a task and drag its delay: the Gantt chart, the critical path and the end date redraw."""
    ids = list(tasks["task_id"].astype(str))
    names = dict(zip(ids, tasks["task"], strict=True))
    controls = {"task_id": w.Dropdown(options=[(f"{t} {names[t]}", t) for t in ids], value=task_id or ids[0],
                                      description="推迟的任务", style={"description_width": "initial"}),
                "days": w.IntSlider(value=0, min=0, max=10, description="推迟天数", continuous_update=False,
                                    style={"description_width": "initial"})}
    fig = go.FigureWidget(cpm_gantt(cpm(tasks, start=start), highlight=task_id or ids[0]))
    card = w.HTML()

    def update(task_id: str, days: int) -> None:
        v = delay_view(tasks, task_id, days, start)
        new = cpm_gantt(v["schedule"], highlight=task_id)
        with fig.batch_update():
            for old, fresh in zip(fig.data, new.data, strict=True):
                if fresh.type == "bar":
                    old.base, old.marker.color, old.customdata = fresh.base, fresh.marker.color, fresh.customdata
                    old.marker.line.width = fresh.marker.line.width
                old.x, old.y = fresh.x, fresh.y
            fig.layout.title = new.layout.title
        verdict = (f"总工期推迟 <b style='color:{_CRIT}'>{v['moved']} 天</b>" if v["moved"] > 0
                   else "总工期<b>不变</b>（推迟没有超过它的总时差）")
        card.value = (f"{task_id} {names[task_id]}：原总时差 {v['float']:g} 天，推迟 {days} 天 → {verdict}；"
                      f"完工 {v['end']}。关键路径：{' → '.join(v['critical'])}")

    return Panel(controls, [card, fig], update, figure=fig, card=card)


# =====================================================================================
# 2  人员分工与预算
# =====================================================================================

def staffing(tasks: pd.DataFrame, staff: pd.DataFrame, start, rebalance: bool = True) -> pd.DataFrame:
    """Give every task without an owner to a capable colleague with spare hours in the week it
    starts (:func:`nmt_lab.planning.assign` on the ``skill`` column). Tasks whose skill nobody in
    ``staff`` has (统筹、商务) stay empty: the lead takes them or finds outside help.

    >>> from nmt_lab import load
    >>> a = staffing(load("exec_tasks"), load("staff"), "2026-08-24")
    >>> sorted(a.loc[a["owner"].isna(), "task_id"])
    ['E01', 'E02', 'E10', 'E12']
    """
    check_columns(tasks, ["task_id", "task", "skill", "hours", "owner"])
    s = cpm(tasks, start=start)
    plan = s.rename(columns={"task": "task_name", "skill": "task"})
    plan["week"] = (plan["start_date"] - pd.to_timedelta(plan["start_date"].dt.day_of_week, unit="D")).dt.strftime(
        "%Y-%m-%d")
    done = assign(plan, staff, rebalance=rebalance).rename(columns={"task": "skill", "task_name": "task"})
    cols = ["task_id", "package", "task", "skill", "week", "hours", "owner", "change"]
    return done[[c for c in cols if c in done.columns]]


def staffing_load(assigned: pd.DataFrame, staff: pd.DataFrame) -> pd.DataFrame:
    """Hours per person per week of a :func:`staffing` result against capacity (see
    :func:`nmt_lab.planning.workload`); only rows with hours.

    >>> from nmt_lab import load
    >>> l = staffing_load(staffing(load("exec_tasks"), load("staff"), "2026-08-24"), load("staff"))
    >>> bool(l["overloaded"].any())
    False
    """
    load_ = workload(assigned, staff)
    return load_[load_["hours"] > 0].reset_index(drop=True)


_COMMITTED = {"已就绪", "制作中", "延误", "已签约"}
_PENDING = {"未开始", "洽谈中", "待确认"}


def package_budget(resources: pd.DataFrame) -> pd.DataFrame:
    """Cost per work package (declined partners left out): ``amount``, ``share``, ``committed``
    (ordered or signed) and ``pending`` (still being negotiated or not started).

    >>> from nmt_lab import load
    >>> b = package_budget(load("exec_resources"))
    >>> float(b["amount"].sum()), float(b.loc["资源合作", "amount"])
    (68260.0, 35000.0)
    """
    check_columns(resources, ["resource_id", "item", "package", "status", "cost"])
    r = resources[resources["status"] != "已拒绝"]
    lines = budget_lines(pd.DataFrame({"line_id": r["resource_id"], "item": r["item"], "category": r["package"],
                                       "unit_cost": r["cost"], "quantity": 1}))
    out = budget_summary(lines, by="category")
    out.index.name = "package"
    status = r.set_index("resource_id")["status"]
    lines["status"] = lines["line_id"].map(status)
    for col, states in [("committed", _COMMITTED), ("pending", _PENDING)]:
        out[col] = lines[lines["status"].isin(states)].groupby("category")["amount"].sum().reindex(out.index,
                                                                                                    fill_value=0.0)
    return out


def budget_status(resources: pd.DataFrame, cap: float) -> dict:
    """Total against the cap (:func:`nmt_lab.planning.budget_check`) plus ``committed`` and
    ``pending`` totals: if the total is over the cap, the pending lines are where to cut.

    >>> from nmt_lab import load
    >>> budget_status(load("exec_resources"), 65000)
    {'total': 68260.0, 'cap': 65000.0, 'over_by': 3260.0, 'ok': False, 'committed': 37760.0, 'pending': 30500.0}
    """
    b = package_budget(resources)
    out = budget_check(b, cap=cap)
    out.update(committed=float(b["committed"].sum()), pending=float(b["pending"].sum()))
    return out


# =====================================================================================
# 3  内容体系与更新节奏
# =====================================================================================

def content_system(series: pd.DataFrame, plan: pd.DataFrame) -> pd.DataFrame:
    """Pillar → series: each series with its pillar's target share (:func:`nmt_lab.planning.pillars`),
    platform, cadence and the number of episodes planned this quarter.

    >>> from nmt_lab import load
    >>> c = content_system(load("content_series"), load("series_plan"))
    >>> list(c.columns)
    ['pillar', 'target', 'series_id', 'series', 'platform', 'per_week', 'owner', 'episodes']
    """
    check_columns(series, ["series_id", "pillar", "series", "platform", "per_week"])
    check_columns(plan, ["series_id", "week"])
    p = pillars()["share"].rename("target")
    out = series.merge(p, left_on="pillar", right_index=True, how="left")
    out["episodes"] = out["series_id"].map(plan.groupby("series_id").size()).fillna(0).astype(int)
    cols = ["pillar", "target", "series_id", "series", "platform", "per_week", "owner", "episodes"]
    return out[[c for c in cols if c in out.columns]].sort_values(["target", "series_id"], ascending=[False, True],
                                                                 kind="stable").reset_index(drop=True)


def cadence_check(series: pd.DataFrame, plan: pd.DataFrame, only_problems: bool = False) -> pd.DataFrame:
    """Episodes planned per series per week against the cadence ``per_week``: ``status`` is
    "缺更" (fewer: a gap), "多排" (more: an overlap) or "正常"; ``gap`` = planned − per_week.

    >>> from nmt_lab import load
    >>> c = cadence_check(load("content_series"), load("series_plan"), only_problems=True)
    >>> c[["series_id", "week", "status"]].values.tolist()[:2]
    [['S1', '2026-08-17', '缺更'], ['S2', '2026-09-21', '多排']]
    """
    check_columns(series, ["series_id", "per_week"])
    check_columns(plan, ["series_id", "week"])
    unknown = sorted(set(plan["series_id"]) - set(series["series_id"]))
    if unknown:
        raise ValueError(f"排期里的栏目 {'、'.join(unknown)} 不在栏目表中；"
                         f"栏目表里有：{'、'.join(series['series_id'])}")
    weeks = sorted(pd.to_datetime(plan["week"]).dt.strftime("%Y-%m-%d").unique())
    grid = pd.MultiIndex.from_product([list(series["series_id"]), weeks], names=["series_id", "week"])
    n = plan.assign(week=pd.to_datetime(plan["week"]).dt.strftime("%Y-%m-%d")).groupby(["series_id", "week"]).size()
    out = n.reindex(grid, fill_value=0).rename("planned").reset_index()
    out["per_week"] = out["series_id"].map(series.set_index("series_id")["per_week"]).astype(int)
    out["gap"] = out["planned"] - out["per_week"]
    out["status"] = np.select([out["gap"] < 0, out["gap"] > 0], ["缺更", "多排"], "正常")
    if "series" in series.columns:
        out.insert(1, "series", out["series_id"].map(series.set_index("series_id")["series"]))
    return out[out["status"] != "正常"].reset_index(drop=True) if only_problems else out


# =====================================================================================
# 4  管理办法：RACI 责任矩阵与升级规则
# =====================================================================================

def raci_matrix(raci: pd.DataFrame) -> pd.DataFrame:
    """The long RACI table (task_id, person, role) as a matrix: tasks × people, cells R/A/C/I.

    >>> m = raci_matrix(pd.DataFrame({"task_id": ["T1", "T1"], "person": ["甲", "乙"], "role": ["A", "R"]}))
    >>> m.loc["T1"].to_dict()
    {'甲': 'A', '乙': 'R'}
    """
    check_columns(raci, ["task_id", "person", "role"])
    people = list(dict.fromkeys(raci["person"]))
    raci = raci.assign(role=raci["role"].astype(str))
    m = raci.pivot_table(index="task_id", columns="person", values="role", aggfunc="/".join, sort=False)
    m = m.reindex(columns=people).fillna("")
    m.columns.name = None
    return m


def raci_issues(raci: pd.DataFrame, staff: pd.DataFrame, max_r: int = 4) -> pd.DataFrame:
    """Check a RACI table: every task has exactly one A and at least one R, A and R are people of
    the team (``staff`` names or :data:`LEAD` “主管”), letters are R/A/C/I, and nobody is R on more
    than ``max_r`` tasks. One row per problem: ``task_id``, ``person``, ``problem`` and a Chinese
    ``message`` naming the task and the fix.

    >>> from nmt_lab import load
    >>> i = raci_issues(load("exec_raci"), load("staff"))
    >>> i[["task_id", "problem"]].values.tolist()
    [['E08', '多个 A'], ['E10', '没有 R'], ['E12', 'R/A 不是团队成员'], ['', 'R 过多']]
    """
    check_columns(raci, ["task_id", "person", "role"])
    check_columns(staff, ["name"])
    team = set(staff["name"]) | {LEAD}
    r = raci.assign(role=raci["role"].astype(str).str.strip().str.upper())
    rows = []

    def add(task, person, problem, message):
        rows.append({"task_id": task, "person": person, "problem": problem, "message": message})

    for row in r[~r["role"].isin(RACI_LETTERS)].itertuples():
        add(row.task_id, row.person, "字母无效",
            f"任务 {row.task_id} 里 {row.person} 的角色“{row.role}”不是 R、A、C、I 之一。")
    for task, g in r.groupby("task_id", sort=False):
        a, rr = list(g.loc[g["role"] == "A", "person"]), list(g.loc[g["role"] == "R", "person"])
        if not a:
            add(task, "", "没有 A", f"任务 {task} 没有 A（拍板负责的人）：指定一位团队成员为 A。")
        elif len(a) > 1:
            add(task, "、".join(a), "多个 A", f"任务 {task} 有 {len(a)} 个 A（{'、'.join(a)}）："
                "两个人都负责等于没人负责，只留一个 A，其余改为 R 或 C。")
        if not rr:
            add(task, "", "没有 R", f"任务 {task} 没有 R（具体执行的人）：指定至少一位团队成员为 R。")
        outside = [p for p in a + rr if p not in team]
        if outside:
            add(task, "、".join(outside), "R/A 不是团队成员",
                f"任务 {task} 的 R/A 是 {'、'.join(outside)}，不是本团队成员：外部方或其他部门只能做 C/I，"
                "由团队里的对接人做 R，盯住对方交付。")
    counts = r[r["role"] == "R"].groupby("person").size()
    for person, n in counts[counts > max_r].items():
        tasks = "、".join(r.loc[(r["role"] == "R") & (r["person"] == person), "task_id"])
        add("", person, "R 过多", f"{person} 是 {n} 个任务的 R（{tasks}），超过 {max_r} 个：把其中的任务交给同技能、"
            "有空余工时的同事。")
    return pd.DataFrame(rows, columns=["task_id", "person", "problem", "message"])


#: escalation rules (升级规则): checked in this order, the first that applies gives the action
ESCALATION = pd.DataFrame([
    ("推迟总工期", "任务推迟超过总时差，会推迟完工日", "当天报总经理；主管组织赶工或并行，必要时调整上线日期"),
    ("外部阻塞", "被其他部门或外部方卡住", "主管当天联系对方负责人，约定到位时间并写进周报"),
    ("逾期或晚开工", "过了计划时间，但还在总时差以内", "负责人说明原因和追回日期，本周站会复核，不必升级"),
    ("进度落后", "完成比例比计划低 25 个百分点以上", "负责人在站会上说明，主管调配人手"),
], columns=["rule", "when", "action"])


def _day(value, name: str) -> pd.Timestamp:
    try:
        return pd.Timestamp(value).normalize()
    except (TypeError, ValueError):
        raise ValueError(f"{name} {value!r} 不是日期，例如 \"2026-09-04\"。") from None


def progress(tasks: pd.DataFrame, status: pd.DataFrame, as_of, start) -> pd.DataFrame:
    """Where every task stands on ``as_of`` (the latest report on or before it) against the plan.

    Returns the :func:`cpm` plan with ``pct_done``, ``planned_pct`` (share of the duration that
    should be done by the end of ``as_of``), ``status`` (已完成 / 进行中 / 未开始 / 晚开工 / 逾期 /
    落后), ``blocked_by``, ``forecast_end`` (from a forward pass with the actual dates: a finished
    task ends when it ended, a started one needs the rest of its duration from the next day, one not
    started begins after its predecessors and not before the next day), ``slip`` (days later than
    planned), ``own_slip`` (the part of the slip this task adds itself, beyond its predecessors'),
    ``moves_end`` (slip > float: the project end moves) and ``action`` (:data:`ESCALATION`, from the
    task's own slip: a task that only waits for a late predecessor, 等待紧前, needs no action of its own).

    >>> from nmt_lab import load
    >>> p = progress(load("exec_tasks"), load("exec_status"), "2026-09-04", "2026-08-24").set_index("task_id")
    >>> p.loc[["E04", "E09"], ["status", "slip", "float", "moves_end"]].values.tolist()
    [['逾期', 4, 0, True], ['逾期', 5, 6, False]]
    """
    check_columns(status, ["report_date", "task_id", "pct_done"])
    as_of, day0 = _day(as_of, "as_of"), _day(start, "开工日 start")
    plan = cpm(tasks, start=day0)
    st = status[pd.to_datetime(status["report_date"]) <= as_of]
    unknown = sorted(set(st["task_id"]) - set(plan["task_id"]))
    if unknown:
        raise ValueError(f"进度记录里的任务 {'、'.join(unknown)} 不在任务表中。")
    last = st.sort_values("report_date", kind="stable").groupby("task_id").tail(1).set_index("task_id")
    def latest(col: str) -> pd.Series:
        return plan["task_id"].map(last[col] if col in last.columns else pd.Series(dtype=object))

    pct = latest("pct_done").fillna(0).astype(float)
    started = dict(zip(plan["task_id"], latest("started_on"), strict=True))
    finished = dict(zip(plan["task_id"], latest("finished_on"), strict=True))
    blocked = latest("blocked_by")
    nxt = (as_of - day0).days + 1                 # first working day after the report
    out = plan.copy()
    out["pct_done"] = pct
    out["planned_pct"] = ((nxt - out["es"]) / out["duration"].where(out["duration"] > 0, 1)).clip(0, 1) * 100
    preds = {t: _preds(p) for t, p in zip(out["task_id"], out["predecessors"], strict=True)}
    ef: dict[str, float] = {}
    row = out.set_index("task_id")
    for t in _topological(out):
        after = max((ef[p] for p in preds[t]), default=0)
        f, s = finished[t], started[t]
        if pd.notna(f) and row.loc[t, "pct_done"] >= 100:
            ef[t] = (pd.Timestamp(f) - day0).days + 1
        elif pd.notna(s) and row.loc[t, "pct_done"] > 0:
            ef[t] = max(nxt + math.ceil(row.loc[t, "duration"] * (1 - row.loc[t, "pct_done"] / 100)), after)
        else:
            ef[t] = max(after, nxt, row.loc[t, "es"]) + row.loc[t, "duration"]
    out["forecast_ef"] = out["task_id"].map(ef)
    out["forecast_end"] = day0 + pd.to_timedelta(out["forecast_ef"] - 1, unit="D")
    out["slip"] = (out["forecast_ef"] - out["ef"]).clip(lower=0).astype(int)
    slip = dict(zip(out["task_id"], out["slip"], strict=True))
    out["own_slip"] = [max(0, slip[t] - max((slip[p] for p in preds[t]), default=0)) for t in out["task_id"]]
    out["moves_end"] = out["slip"] > out["float"]
    out["blocked_by"] = blocked.where(blocked.notna(), None)
    done = out["pct_done"] >= 100
    waiting = pd.Series([any(ef[p] > nxt for p in preds[t]) for t in out["task_id"]], index=out.index)
    conds = [done, (out["pct_done"] == 0) & waiting & (nxt > out["es"]), (nxt > out["ef"]) & ~done,
             (out["pct_done"] == 0) & (nxt > out["es"]), out["pct_done"] < out["planned_pct"] - 25,
             out["pct_done"] > 0]
    out["status"] = np.select(conds, ["已完成", "等待紧前", "逾期", "晚开工", "落后", "进行中"], "未开始")
    ext = out["blocked_by"].notna() & ~out["blocked_by"].isin(list(out["task_id"])) & ~done
    rules = ESCALATION.set_index("rule")["action"]
    own = out["own_slip"] > 0
    acts = [own & out["moves_end"] & ~done, ext, own & out["status"].isin(["逾期", "晚开工"]),
            out["status"] == "落后"]
    out["action"] = np.select(acts, [rules[k] for k in ESCALATION["rule"]], "")
    return out.drop(columns=["forecast_ef"])


def forecast_end(tasks: pd.DataFrame, status: pd.DataFrame, as_of, start) -> pd.Timestamp:
    """The project's forecast end date on ``as_of`` (the latest ``forecast_end`` of :func:`progress`).

    >>> from nmt_lab import load
    >>> f"{forecast_end(load('exec_tasks'), load('exec_status'), '2026-09-04', '2026-08-24'):%Y-%m-%d}"
    '2026-09-16'
    """
    return progress(tasks, status, as_of, start)["forecast_end"].max()


# =====================================================================================
# 5  每周进度报告
# =====================================================================================

def weekly_report(tasks: pd.DataFrame, status: pd.DataFrame, as_of, start, author: str = "新媒体部",
                  issues: pd.DataFrame | None = None, assigned: pd.DataFrame | None = None):
    """The weekly progress report (:class:`nmt_lab.reports.Report`): overall dates, tasks that need
    attention with their action, blockers to coordinate, the critical path; ``issues`` (e.g.
    :func:`raci_issues`) adds a section on the RACI problems still open; ``assigned`` (a
    :func:`staffing` result) fills in the owners (tasks nobody in the team can do show :data:`LEAD`).

    >>> from nmt_lab import load
    >>> r = weekly_report(load("exec_tasks"), load("exec_status"), "2026-09-04", "2026-08-24")
    >>> r.headings()
    ['一、总体进度', '二、需要关注的任务', '三、需要协调的事项', '四、关键路径']
    """
    from ..reports import Report
    p = progress(tasks, status, as_of, start)
    if assigned is not None:
        check_columns(assigned, ["task_id", "owner"])
        p["owner"] = p["task_id"].map(assigned.set_index("task_id")["owner"]).fillna(LEAD)
    p["pct_done"] = p["pct_done"].round().astype(int)
    as_of = _day(as_of, "as_of")
    planned, fc = p["end_date"].max(), p["forecast_end"].max()
    moved = (fc - planned).days
    done = int((p["status"] == "已完成").sum())
    r = Report(f"桂花乌龙中秋上新 执行周报（截至 {as_of:%m-%d}）", author=author, on=f"{as_of:%Y-%m-%d}")
    r.text("一、总体进度", f"- 已完成 {done} / {len(p)} 项任务\n- 计划完工 {planned:%m-%d}，预计完工 {fc:%m-%d}"
           + (f"（推迟 {moved} 天）" if moved > 0 else "（按计划）"))
    cols = {"task_id": "任务", "task": "名称", "owner": "负责人", "status": "状态", "pct_done": "完成 %",
            "slip": "推迟（天）", "own_slip": "自身推迟（天）", "float": "总时差", "action": "处理办法"}
    watch = p[p["action"] != ""]
    r.table("二、需要关注的任务", watch[[c for c in cols if c in p.columns]].rename(columns=cols), digits=0,
            caption="推迟天数超过总时差的任务会推迟完工日；没超过的，按时追回即可。")
    block = p[p["blocked_by"].notna() & (p["status"] != "已完成")]
    text = "\n".join(f"- {b.task_id} {b.task}：被“{b.blocked_by}”卡住" for b in block.itertuples()) or "本周没有阻塞。"
    r.callout("三、需要协调的事项", text)
    if issues is not None and len(issues):
        r.text("五、责任分工待修正（RACI）", "\n".join(f"- {m}" for m in issues["message"]))
    crit = p[p["critical"]].sort_values("es", kind="stable")
    r.text("四、关键路径", " → ".join(crit["task_id"] + " " + crit["task"]))
    if issues is not None and len(issues):
        r.sections.append(r.sections.pop(-2))
    return r
