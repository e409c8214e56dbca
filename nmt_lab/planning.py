"""Planning: event calendars, content plans, schedules and workload (内容策划、排期与分工).

One module for the planning concept that several tasks share (I2-1 内容策划; later Gantt
charts, critical paths and budgets join it). Sections:

1. 节日与热点日历：农历节日和二十四节气由 `lunar-python <https://github.com/6tail/lunar-python>`_
   按年份计算，公历营销节点来自 ``nmt_lab/data/planning.json``；每个节点有分级和提前量
   （策划启动日 = 节点日期 − 提前天数）。
2. 内容运营计划：内容支柱（pillar）的目标占比、实际占比和差距，按占比分配每周条数。
3. 排期与分工：每人每周工时、超负荷标记、自动分配和均衡。
4. 标题测试：点击率（CTR）和显著性检验（卡方检验，两组时等价于双比例 z 检验）。
5. 热点追踪与选题创新：热榜话题汇总、与往年标题重复的选题。
6. 互动面板：日历（类甘特图）和工作量。

>>> cal = event_calendar(2026)
>>> cal.set_index("name").loc["春节", ["date", "lunar", "plan_by"]].tolist()
['2026-02-17', '正月初一', '2026-01-03']
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from functools import cache
from importlib import resources

import ipywidgets as w
import numpy as np
import pandas as pd
import plotly.graph_objects as go
from lunar_python import Lunar, Solar

from ._errors import check_choice, check_columns
from .widgets import Panel

WEEKDAYS = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"]
KINDS = ["传统节日", "节气", "公历节日", "营销节点", "风险节点"]
CAL_COLUMNS = ["date", "name", "kind", "tier", "lead_days", "plan_by", "weekday", "lunar", "angle"]


#: Chinese labels of the columns this module adds (course tables keep their schema labels)
LABELS = {
    "date": "日期", "name": "名称", "kind": "类型", "tier": "分级", "lead_days": "提前天数",
    "plan_by": "最晚启动策划", "weekday": "星期", "lunar": "农历", "angle": "借势角度", "status": "状态",
    "days_left": "距节点天数", "note": "说明", "share": "占比", "goal": "服务目标", "aarrr": "AARRR 环节",
    "pillar": "内容支柱", "items": "条数", "target": "目标占比", "gap": "差距（实际 − 目标）",
    "week": "所在周", "hours": "工时", "capacity": "可用工时", "utilisation": "负荷率", "overloaded": "超负荷",
    "change": "调整", "topic": "话题", "category": "类别", "first_seen": "首次上榜", "days": "上榜天数",
    "best_rank": "最好名次", "max_heat": "最高热度值", "brand_relevance": "品牌相关度",
    "times_used": "用过次数", "last_used": "最后一次使用", "variant": "版本", "headline": "标题",
    "impressions": "曝光/送达人数", "clicks": "点击/打开人数", "ctr": "点击率", "best": "点击率最高",
    "best_headline": "最高的标题", "best_ctr": "最高点击率", "lift": "比第二名高", "p_value": "p 值",
    "winner": "结论", "test_id": "测试编号", "platform": "平台",
}
_PERCENT = {"share", "target", "gap", "utilisation", "ctr", "best_ctr", "lift"}


def chinese(df: pd.DataFrame) -> pd.DataFrame:
    """The table with Chinese column (and index) names, for display only.

    A course table (``df.attrs["table"]``) keeps its schema labels; the columns this module
    adds get :data:`LABELS`.

    >>> list(chinese(tiers()).columns), chinese(tiers()).index.name
    (['名称', '提前天数', '说明'], '分级')
    """
    from .labels import label
    table = df.attrs.get("table")
    own = set()
    if table:
        from .datasets import schema
        own = {c["name"] for c in schema(table)["columns"]}

    def name(col):
        if col in own:
            return label(col, table)
        return LABELS.get(col) or label(col)

    out = df.rename(columns={c: name(c) for c in df.columns})
    out.index.names = [name(n) if n else n for n in df.index.names]
    return out


def show(df: pd.DataFrame, digits: int = 1):
    """:func:`chinese` with rates shown as percentages (a pandas Styler, for display only)."""
    cols = [LABELS[c] for c in df.columns if c in _PERCENT]
    fmt = {c: f"{{:+.{digits}%}}" if c == LABELS["gap"] else f"{{:.{digits}%}}" for c in cols}
    if "p_value" in df.columns:
        fmt[LABELS["p_value"]] = "{:.4f}"
    return chinese(df).style.format(fmt, precision=2)


@cache
def rules() -> dict:
    """The planning rule data (tiers, festivals, marketing days, pillars, task hours)."""
    text = resources.files("nmt_lab").joinpath("data/planning.json").read_text("utf-8")
    return json.loads(text)


def _ymd(day) -> str:
    return f"{pd.Timestamp(day):%Y-%m-%d}"


def _lunar_text(lunar: Lunar) -> str:
    return f"{lunar.getMonthInChinese()}月{lunar.getDayInChinese()}"


def _check_year(year) -> int:
    if isinstance(year, bool) or not isinstance(year, (int, np.integer)) or not 1901 <= int(year) <= 2099:
        raise ValueError(f"年份 {year!r} 不可用：请给出 1901–2099 之间的整数年份，例如 2026。")
    return int(year)


# =====================================================================================
# 1  节日与热点日历
# =====================================================================================

def lunar_date(year: int, month: int, day: int) -> str:
    """The solar (公历) date of a lunar (农历) date, as "YYYY-MM-DD".

    >>> lunar_date(2026, 5, 5)   # 2026 年端午节（农历五月初五）
    '2026-06-19'
    >>> lunar_date(2026, 12, 30)
    Traceback (most recent call last):
    ...
    ValueError: 农历 2026 年 12 月没有 30 日（这个月只有 29 天）。
    """
    try:
        return Lunar.fromYmd(int(year), int(month), int(day)).getSolar().toYmd()
    except Exception as exc:  # lunar-python raises a bare Exception for impossible dates
        if "only" in str(exc):
            days = str(exc).split()[1]
            raise ValueError(f"农历 {year} 年 {month} 月没有 {day} 日（这个月只有 {days} 天）。") from None
        raise ValueError(f"农历日期 {year}-{month}-{day} 不存在：月份 1–12，日 1–30。") from None


def lunar_festivals(year: int) -> pd.DataFrame:
    """Traditional lunar festivals that fall in solar ``year``, computed with lunar-python.

    Includes 除夕 (last day of the lunar year) and 入伏 (start of the 三伏 hot days).

    >>> f = lunar_festivals(2026).set_index("name")
    >>> f.loc[["元宵节", "中秋节", "除夕"], "date"].tolist()
    ['2026-03-03', '2026-09-25', '2026-02-16']
    """
    year = _check_year(year)
    data = rules()
    rows = []
    for f in data["lunar_festivals"]:
        for ly in (year - 1, year):  # 腊月 of the previous lunar year falls in January/February
            lunar = Lunar.fromYmd(ly, f["month"], f["day"])
            solar = lunar.getSolar()
            if solar.getYear() == year:
                rows.append((solar.toYmd(), f["name"], f["tier"], _lunar_text(lunar), f["angle"]))
    eve = data["eve"]
    for ly in (year, year + 1):
        day = pd.Timestamp(Lunar.fromYmd(ly, 1, 1).getSolar().toYmd()) - pd.Timedelta(days=1)
        if day.year == year:
            lunar = Solar.fromYmd(day.year, day.month, day.day).getLunar()
            rows.append((_ymd(day), eve["name"], eve["tier"], _lunar_text(lunar), eve["angle"]))
    summer = data["summer"]
    day = pd.Timestamp(f"{year}-06-20")
    while Solar.fromYmd(day.year, day.month, day.day).getLunar().getFu() is None:
        day += pd.Timedelta(days=1)
    lunar = Solar.fromYmd(day.year, day.month, day.day).getLunar()
    rows.append((_ymd(day), summer["name"], summer["tier"], _lunar_text(lunar), summer["angle"]))
    out = pd.DataFrame(rows, columns=["date", "name", "tier", "lunar", "angle"])
    out.insert(2, "kind", "传统节日")
    return out.sort_values("date", kind="stable").reset_index(drop=True)


def solar_terms(year: int) -> pd.DataFrame:
    """The 24 solar terms (二十四节气) of solar ``year``, computed with lunar-python.

    >>> t = solar_terms(2026)
    >>> len(t), t.set_index("name").loc["立秋", "date"]
    (24, '2026-08-07')
    """
    year = _check_year(year)
    conf = rules()["solar_terms"]
    seen = {}
    for probe in (f"{year}-01-15", f"{year}-07-15", f"{year}-12-15"):
        d = pd.Timestamp(probe)
        for solar in Solar.fromYmd(d.year, d.month, d.day).getLunar().getJieQiTable().values():
            if solar.getYear() == year:
                seen[solar.toYmd()] = solar
    rows = []
    for ymd, solar in sorted(seen.items()):
        lunar = solar.getLunar()
        name = lunar.getJieQi()
        rows.append((ymd, name, conf["tiers"].get(name, conf["default_tier"]), _lunar_text(lunar),
                     conf["angles"].get(name, "节气科普、时令茶饮")))
    out = pd.DataFrame(rows, columns=["date", "name", "tier", "lunar", "angle"])
    out.insert(2, "kind", "节气")
    return out


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> pd.Timestamp:
    first = pd.Timestamp(year=year, month=month, day=1)
    return first + pd.Timedelta(days=(weekday - first.day_of_week) % 7 + 7 * (nth - 1))


def marketing_days(year: int) -> pd.DataFrame:
    """Solar-calendar holidays and marketing days (520, 618, 双11 …) of ``year``.

    >>> m = marketing_days(2026).set_index("name")
    >>> m.loc[["520", "母亲节", "双11"], ["date", "kind"]].values.tolist()
    [['2026-05-20', '营销节点'], ['2026-05-10', '公历节日'], ['2026-11-11', '营销节点']]
    """
    year = _check_year(year)
    data = rules()
    rows = [(f"{year}-{m['date']}", m["name"], m["kind"], m["tier"], m["angle"]) for m in data["marketing_days"]]
    for m in data["weekday_days"]:
        day = _nth_weekday(year, m["month"], m["weekday"], m["nth"])
        rows.append((_ymd(day), m["name"], m["kind"], m["tier"], m["angle"]))
    out = pd.DataFrame(rows, columns=["date", "name", "kind", "tier", "angle"])
    out["lunar"] = [_lunar_text(Solar.fromYmd(*map(int, d.split("-"))).getLunar()) for d in out["date"]]
    return out.sort_values("date", kind="stable").reset_index(drop=True)


def tiers() -> pd.DataFrame:
    """Event tiers with their lead time (提前量) in days.

    >>> tiers()["lead_days"].to_dict()
    {'S': 45, 'A': 21, 'B': 10, 'C': 5}
    """
    t = pd.DataFrame(rules()["tiers"]).T
    t.index.name = "tier"
    return t.astype({"lead_days": int})


@cache
def _year_events(year: int) -> pd.DataFrame:
    return pd.concat([lunar_festivals(year), solar_terms(year), marketing_days(year)], ignore_index=True)


def _all_events(year: int) -> pd.DataFrame:
    """Every event of ``year`` (computed once per year; callers get a copy)."""
    return _year_events(year).copy()


def event_calendar(year: int, kinds: Iterable[str] | None = None,
                   lead_days: int | dict | None = None) -> pd.DataFrame:
    """A year's hot-event and festival calendar with the date planning has to start.

    ``lead_days``: None uses each tier's lead time (:func:`tiers`); an int gives every event
    the same lead time; a dict ``{name or tier: days}`` overrides some. ``plan_by`` =
    ``date`` − ``lead_days``. Dates are "YYYY-MM-DD" strings, sorted.

    >>> cal = event_calendar(2026, kinds=["传统节日"], lead_days={"中秋节": 60})
    >>> cal.set_index("name").loc["中秋节", ["date", "tier", "plan_by", "weekday"]].tolist()
    ['2026-09-25', 'S', '2026-07-27', '周五']
    >>> event_calendar(2026, kinds=["节假日"])
    Traceback (most recent call last):
    ...
    ValueError: 节点类型 "节假日" 不存在；可用的节点类型有：传统节日、节气、公历节日、营销节点、风险节点
    """
    year = _check_year(year)
    kinds = list(kinds) if kinds is not None else KINDS
    for k in kinds:
        check_choice(k, KINDS, "节点类型")
    cal = _all_events(year)
    cal = cal[cal["kind"].isin(kinds)].copy()
    lead = tiers()["lead_days"]
    cal["lead_days"] = cal["tier"].map(lead).astype(int)
    if isinstance(lead_days, dict):
        for key, days in lead_days.items():
            hit = (cal["name"] == key) | (cal["tier"] == key)
            if not hit.any():
                check_choice(key, list(cal["name"]) + list(lead.index), "节点或分级")
            cal.loc[hit, "lead_days"] = int(days)
    elif lead_days is not None:
        cal["lead_days"] = int(lead_days)
    dates = pd.to_datetime(cal["date"])
    cal["plan_by"] = (dates - pd.to_timedelta(cal["lead_days"], unit="D")).dt.strftime("%Y-%m-%d")
    cal["weekday"] = dates.dt.day_of_week.map(dict(enumerate(WEEKDAYS)))
    return cal.sort_values(["date", "name"], kind="stable").reset_index(drop=True)[CAL_COLUMNS]


def _month(month) -> str:
    text = str(month)
    if len(text) != 7 or text[4] != "-" or not text[:4].isdigit() or not 1 <= int(text[5:]) <= 12:
        raise ValueError(f'月份 "{month}" 的格式不对：请写成 "YYYY-MM"，例如 "2026-02"。')
    return text


def month_events(cal: pd.DataFrame, month: str) -> pd.DataFrame:
    """Events whose date falls in ``month`` ("YYYY-MM").

    >>> month_events(event_calendar(2026), "2026-02")["name"].tolist()[:4]
    ['立春', '小年', '情人节', '除夕']
    """
    check_columns(cal, ["date"])
    month = _month(month)
    return cal[cal["date"].str[:7] == month].reset_index(drop=True)


def plans_to_start(cal: pd.DataFrame, month: str, min_tier: str = "C") -> pd.DataFrame:
    """Events whose planning must start in ``month`` (their ``plan_by`` falls in it),
    keeping tiers up to ``min_tier`` (S is the highest: ``min_tier="A"`` keeps S and A).

    >>> plans_to_start(event_calendar(2026), "2026-01", min_tier="A")["name"].tolist()
    ['春节', '情人节', '除夕']
    """
    check_columns(cal, ["plan_by", "tier"])
    order = list(tiers().index)
    check_choice(min_tier, order, "分级")
    keep = order[: order.index(min_tier) + 1]
    month = _month(month)
    out = cal[(cal["plan_by"].str[:7] == month) & cal["tier"].isin(keep)]
    return out.sort_values(["plan_by", "date"], kind="stable").reset_index(drop=True)


def plan_status(cal: pd.DataFrame, today) -> pd.DataFrame:
    """Each event's status on ``today``: 未到策划期 / 策划中 / 已过, and days left.

    >>> s = plan_status(event_calendar(2026, kinds=["传统节日"]), "2026-01-10")
    >>> s.set_index("name").loc[["春节", "端午节"], ["status", "days_left"]].values.tolist()
    [['策划中', 38], ['未到策划期', 160]]
    """
    check_columns(cal, ["date", "plan_by"])
    day = pd.Timestamp(today).normalize()
    out = cal.copy()
    date, start = pd.to_datetime(out["date"]), pd.to_datetime(out["plan_by"])
    out["days_left"] = (date - day).dt.days
    out["status"] = np.select([day > date, day >= start], ["已过", "策划中"], "未到策划期")
    return out


# =====================================================================================
# 2  内容运营计划：支柱占比
# =====================================================================================

def strategy() -> dict:
    """The brand's positioning and the year plan (规划方案) that the content plan follows."""
    s = rules()["strategy"]
    return {"positioning": s["positioning"], "year_plan": s["year_plan"]}


def pillars() -> pd.DataFrame:
    """Content pillars (内容支柱) with their target share of all content.

    >>> p = pillars()
    >>> round(float(p["share"].sum()), 6), p.index[0]
    (1.0, '新品')
    """
    return pd.DataFrame(rules()["strategy"]["pillars"]).set_index("pillar")


def items(plan: pd.DataFrame) -> pd.DataFrame:
    """One row per content item: the plan has one row per task (文案、设计、视频 …).

    >>> from nmt_lab import load
    >>> plan = load("content_plan")
    >>> len(items(plan)) == plan["item_id"].nunique() < len(plan)
    True
    """
    check_columns(plan, ["item_id"])
    cols = [c for c in plan.columns if c not in ("task_id", "task", "hours", "owner")]
    return plan[cols].drop_duplicates("item_id").reset_index(drop=True)


def content_mix(plan: pd.DataFrame, target: pd.DataFrame | None = None) -> pd.DataFrame:
    """Items per pillar, their share, the target share and the gap (share − target).

    Counts content items, not task rows.

    >>> from nmt_lab import load
    >>> mix = content_mix(load("content_plan"))
    >>> list(mix.columns), round(float(mix["share"].sum()), 6)
    (['items', 'share', 'target', 'gap'], 1.0)
    """
    check_columns(plan, ["item_id", "pillar"])
    target = pillars() if target is None else target
    counts = items(plan)["pillar"].astype(str).value_counts()
    out = pd.DataFrame({"items": counts.reindex(target.index, fill_value=0)})
    out["share"] = out["items"] / out["items"].sum()
    out["target"] = target["share"]
    out["gap"] = out["share"] - out["target"]
    out.index.name = "pillar"
    return out


def mix_figure(mix: pd.DataFrame) -> go.Figure:
    """Bars of each pillar's share in the plan next to its target share.

    >>> fig = mix_figure(pd.DataFrame({"share": [0.3, 0.7], "target": [0.5, 0.5]}, index=["新品", "茶知识"]))
    >>> [t.name for t in fig.data]
    ['草稿实际占比', '规划目标占比']
    """
    check_columns(mix, ["share", "target"])
    fig = go.Figure([go.Bar(name="草稿实际占比", x=list(mix.index), y=list(mix["share"])),
                     go.Bar(name="规划目标占比", x=list(mix.index), y=list(mix["target"]))])
    fig.update_layout(barmode="group", title="内容支柱：草稿的实际占比与规划方案的目标占比", height=380,
                      yaxis=dict(tickformat=".0%", title="占全部内容的比例"), xaxis_title="内容支柱")
    return fig


def allocate(total: int, shares: pd.Series | dict) -> pd.Series:
    """Split ``total`` pieces of content by ``shares`` into whole numbers that add up to
    ``total`` (largest remainder method: round down, then give the rest to the largest
    remainders).

    >>> allocate(20, {"新品": 0.2, "茶知识": 0.25, "其他": 0.55}).to_dict()
    {'新品': 4, '茶知识': 5, '其他': 11}
    >>> int(allocate(21, pillars()["share"]).sum())
    21
    """
    shares = pd.Series(shares, dtype=float)
    if isinstance(total, bool) or not float(total).is_integer() or total < 0:
        raise ValueError(f"总条数 {total!r} 应为非负整数，例如 21。")
    if (shares < 0).any() or shares.sum() <= 0:
        raise ValueError(f"占比应为非负数且不全为 0，你给出的是：{shares.to_dict()}")
    raw = shares / shares.sum() * int(total)
    base = np.floor(raw).astype(int)
    rest = int(total) - int(base.sum())
    order = (raw - base).sort_values(ascending=False, kind="stable").index[:rest]
    base[order] += 1
    return base.astype(int)


# =====================================================================================
# 3  排期与分工：工作量
# =====================================================================================

def _skills(staff: pd.DataFrame) -> dict[str, set[str]]:
    return {r.name: set(str(r.skills).split("|")) for r in staff.itertuples()}


def workload(plan: pd.DataFrame, staff: pd.DataFrame) -> pd.DataFrame:
    """Hours per person per week against their weekly capacity.

    Returns one row per (``week``, ``name``) for every staff member and every week of the
    plan, with ``hours``, ``capacity`` (``weekly_hours``), ``utilisation`` (hours ÷ capacity)
    and ``overloaded`` (hours > capacity). Tasks without an owner are not counted: see
    :func:`unassigned`.

    >>> from nmt_lab import load
    >>> load_ = workload(load("content_plan"), load("staff"))
    >>> list(load_.columns)
    ['week', 'name', 'hours', 'capacity', 'utilisation', 'overloaded']
    """
    check_columns(plan, ["week", "owner", "hours"])
    check_columns(staff, ["name", "weekly_hours"])
    weeks = sorted(plan["week"].astype(str).unique())
    names = list(staff["name"])
    unknown = sorted(set(plan["owner"].dropna()) - set(names))
    if unknown:
        raise ValueError(f"负责人 {'、'.join(unknown)} 不在人员表中；人员表里有：{'、'.join(names)}")
    done = plan.dropna(subset=["owner"]).assign(week=lambda d: d["week"].astype(str))
    hours = done.groupby(["week", "owner"])["hours"].sum()
    grid = pd.MultiIndex.from_product([weeks, names], names=["week", "name"])
    out = hours.rename_axis(["week", "name"]).reindex(grid, fill_value=0.0).reset_index()
    out["capacity"] = out["name"].map(staff.set_index("name")["weekly_hours"]).astype(float)
    out["utilisation"] = out["hours"] / out["capacity"]
    out["overloaded"] = out["hours"] > out["capacity"]
    return out


def unassigned(plan: pd.DataFrame) -> pd.DataFrame:
    """Tasks that nobody owns yet (``owner`` empty)."""
    check_columns(plan, ["owner"])
    return plan[plan["owner"].isna()].reset_index(drop=True)


def assign(plan: pd.DataFrame, staff: pd.DataFrame, rebalance: bool = False) -> pd.DataFrame:
    """Give every unassigned task to the capable person (``skills`` contains the task)
    with the lowest utilisation that week; with ``rebalance``, then move tasks away from
    overloaded people to capable colleagues who stay within capacity.

    Returns a copy with ``owner`` filled and a ``change`` column ("" / "自动分配" /
    "调整：原负责人 → 新负责人").

    >>> from nmt_lab import load
    >>> plan, staff = load("content_plan"), load("staff")
    >>> done = assign(plan, staff)
    >>> int(done["owner"].isna().sum()), int((done["change"] == "自动分配").sum()) == int(plan["owner"].isna().sum())
    (0, True)
    """
    check_columns(plan, ["week", "task", "hours", "owner"])
    skills = _skills(staff)
    cap = staff.set_index("name")["weekly_hours"].astype(float)
    out = plan.copy()
    out["week"] = out["week"].astype(str)
    out["change"] = ""
    owned = out.dropna(subset=["owner"])
    used: dict[tuple[str, str], float] = owned.groupby(["week", "owner"])["hours"].sum().to_dict()

    def util(week, name, extra=0.0):
        return (used.get((week, name), 0.0) + extra) / cap[name]

    todo = out[out["owner"].isna()].sort_values(["week", "hours"], ascending=[True, False], kind="stable")
    for idx, row in todo.iterrows():
        able = [n for n in cap.index if row["task"] in skills[n]]
        if not able:
            continue
        best = min(able, key=lambda n: (util(row["week"], n, row["hours"]), n))
        out.loc[idx, ["owner", "change"]] = [best, "自动分配"]
        used[(row["week"], best)] = used.get((row["week"], best), 0.0) + row["hours"]
    if rebalance:
        for (week, name) in sorted(k for k in list(used) if used[k] > cap[k[1]]):
            tasks = out[(out["week"] == week) & (out["owner"] == name)].sort_values("hours", kind="stable")
            for idx, row in tasks.iterrows():
                if used[(week, name)] <= cap[name]:
                    break
                able = [n for n in cap.index if n != name and row["task"] in skills[n]
                        and util(week, n, row["hours"]) <= 1]
                if not able:
                    continue
                best = min(able, key=lambda n: (util(week, n, row["hours"]), n))
                out.loc[idx, ["owner", "change"]] = [best, f"调整：{name} → {best}"]
                used[(week, name)] -= row["hours"]
                used[(week, best)] = used.get((week, best), 0.0) + row["hours"]
    return out


def schedule_grid(plan: pd.DataFrame, week: str) -> pd.DataFrame:
    """The 排期规划表 of one week: platforms × days, each cell "标题（负责人…）".

    >>> from nmt_lab import load
    >>> g = schedule_grid(load("content_plan"), "2026-02-09")
    >>> list(g.columns)[:2]
    ['02-09 周一', '02-10 周二']
    """
    check_columns(plan, ["week", "publish_date", "platform", "title"])
    week = _ymd(week)
    weeks = sorted(plan["week"].astype(str).unique())
    check_choice(week, weeks, "周（周一的日期）")
    rows = plan[plan["week"].astype(str) == week]
    owners = rows.groupby("item_id")["owner"].agg(lambda s: "、".join(dict.fromkeys(s.fillna("待分配"))))
    its = items(rows).assign(cell=lambda d: d["title"] + "（" + d["item_id"].map(owners) + "）")
    days = [pd.Timestamp(week) + pd.Timedelta(days=i) for i in range(7)]
    its["day"] = pd.to_datetime(its["publish_date"]).map(lambda d: f"{d:%m-%d} {WEEKDAYS[d.day_of_week]}")
    grid = its.pivot_table(index="platform", columns="day", values="cell", aggfunc="\n".join, observed=True)
    grid = grid.reindex(columns=[f"{d:%m-%d} {WEEKDAYS[d.day_of_week]}" for d in days]).fillna("")
    grid.index.name, grid.columns.name = "平台", "日期"
    return grid


# =====================================================================================
# 4  标题测试：点击率与显著性
# =====================================================================================

def _chi2_2x2_p(clicks: np.ndarray, shown: np.ndarray) -> float:
    """p value of the chi-square test (no continuity correction) on a 2×2 clicks table.

    With one degree of freedom the χ² tail is ``erfc(√(χ²/2))``, so this needs no SciPy import
    (``tests/test_planning.py`` checks it against ``scipy.stats.chi2_contingency``).
    """
    table = np.column_stack([clicks, shown - clicks])
    rows, cols, n = table.sum(axis=1), table.sum(axis=0), table.sum()
    if n == 0 or (rows == 0).any() or (cols == 0).any():
        return 1.0
    expected = np.outer(rows, cols) / n
    chi2 = float(((table - expected) ** 2 / expected).sum())
    return math.erfc(math.sqrt(chi2 / 2))


def headline_test(tests: pd.DataFrame, test_id: str, alpha: float = 0.05) -> dict:
    """Compare the headline variants of one A/B(/C) test.

    Click-through rate (CTR) = clicks ÷ impressions. The best variant is compared with the
    runner-up by a chi-square test on their clicks / non-clicks table (without continuity
    correction, so it is the two-proportion z test: z² = χ²): a small p value means the
    difference is unlikely to be chance. Returns ``table`` (variant, headline, impressions,
    clicks, ctr), ``best`` (variant with the highest CTR), ``runner_up``, ``lift`` (best CTR ÷
    runner-up CTR − 1), ``p_value``, ``significant`` (p < ``alpha``) and ``winner`` (``best``
    if significant, else "无显著差异").

    >>> t = pd.DataFrame({"test_id": "H", "variant": ["A", "B"], "headline": ["甲", "乙"],
    ...                   "impressions": [10000, 10000], "clicks": [300, 380]})
    >>> r = headline_test(t, "H")
    >>> r["best"], round(r["lift"], 3), round(r["p_value"], 4), r["winner"]
    ('B', 0.267, 0.0018, 'B')
    """
    check_columns(tests, ["test_id", "variant", "impressions", "clicks"])
    check_choice(test_id, list(dict.fromkeys(tests["test_id"])), "测试编号")
    t = tests[tests["test_id"] == test_id]
    cols = [c for c in ("variant", "headline", "impressions", "clicks") if c in t.columns]
    table = t[cols].reset_index(drop=True).copy()
    table["ctr"] = table["clicks"] / table["impressions"]
    ranked = table.sort_values("ctr", ascending=False, kind="stable")
    if len(ranked) < 2:
        raise ValueError(f"测试 {test_id} 只有 {len(ranked)} 个标题：A/B 测试至少要两个版本。")
    top = ranked.iloc[:2]
    p = _chi2_2x2_p(top["clicks"].to_numpy(dtype=float), top["impressions"].to_numpy(dtype=float))
    best, second = str(top.iloc[0]["variant"]), str(top.iloc[1]["variant"])
    lift = float(top.iloc[0]["ctr"] / top.iloc[1]["ctr"] - 1) if top.iloc[1]["ctr"] > 0 else math.inf
    return {"table": table, "best": best, "runner_up": second, "lift": lift, "p_value": p,
            "significant": p < alpha, "winner": best if p < alpha else "无显著差异"}


def headline_summary(tests: pd.DataFrame, alpha: float = 0.05) -> pd.DataFrame:
    """One row per headline test: platform, pillar (the test's ``topic``), best variant and headline, its CTR,
    lift, p value and winner (see :func:`headline_test`).

    >>> from nmt_lab import load
    >>> s = headline_summary(load("headline_tests"))
    >>> list(s.columns)
    ['platform', 'pillar', 'best', 'best_headline', 'best_ctr', 'lift', 'p_value', 'winner']
    """
    rows = []
    for test_id in dict.fromkeys(tests["test_id"]):
        r = headline_test(tests, test_id, alpha)
        first = tests[tests["test_id"] == test_id].iloc[0]
        top = r["table"].set_index("variant").loc[r["best"]]
        rows.append({"test_id": test_id, "platform": first.get("platform", ""), "pillar": first.get("topic", ""),
                     "best": r["best"], "best_headline": top.get("headline", ""), "best_ctr": top["ctr"],
                     "lift": r["lift"], "p_value": r["p_value"], "winner": r["winner"]})
    return pd.DataFrame(rows).set_index("test_id")


# =====================================================================================
# 5  热点追踪与选题创新
# =====================================================================================

def hot_watch(hot_topics: pd.DataFrame, start, end, min_relevance: float = 0.0) -> pd.DataFrame:
    """Hot-list topics between ``start`` and ``end`` (inclusive): first day seen, days on a
    list, best rank, peak heat and brand relevance, hottest first.

    >>> from nmt_lab import load
    >>> h = hot_watch(load("hot_topics"), "2025-08-04", "2025-08-10", min_relevance=0.8)
    >>> "秋天的第一杯奶茶" in h.index
    True
    """
    check_columns(hot_topics, ["date", "topic", "rank", "heat", "brand_relevance"])
    a, b = pd.Timestamp(start), pd.Timestamp(end)
    if b < a:
        raise ValueError(f"结束日期 {_ymd(b)} 早于开始日期 {_ymd(a)}。")
    h = hot_topics[(pd.to_datetime(hot_topics["date"]) >= a) & (pd.to_datetime(hot_topics["date"]) <= b)]
    h = h[h["brand_relevance"] >= min_relevance]
    g = h.groupby("topic").agg(category=("category", "first"), first_seen=("date", "min"),
                               days=("date", "nunique"), best_rank=("rank", "min"),
                               max_heat=("heat", "max"), brand_relevance=("brand_relevance", "first"))
    g["first_seen"] = pd.to_datetime(g["first_seen"]).dt.strftime("%Y-%m-%d")
    return g.sort_values("max_heat", ascending=False, kind="stable")


def repeated_titles(plan: pd.DataFrame, posts: pd.DataFrame) -> pd.DataFrame:
    """Planned items whose title was already published word for word (``posts``), with
    how often and when last: candidates to rework (选题创新).

    >>> from nmt_lab import load
    >>> r = repeated_titles(load("content_plan"), load("posts"))
    >>> list(r.columns)[-2:]
    ['times_used', 'last_used']
    """
    check_columns(plan, ["item_id", "title"])
    check_columns(posts, ["title", "published_at"])
    used = posts.assign(t=posts["title"].astype(str).str.strip()).groupby("t")["published_at"].agg(["size", "max"])
    its = items(plan)
    key = its["title"].astype(str).str.strip()
    out = its[key.isin(used.index)].copy()
    out["times_used"] = key[out.index].map(used["size"]).astype(int)
    out["last_used"] = pd.to_datetime(key[out.index].map(used["max"])).dt.strftime("%Y-%m-%d")
    return out.reset_index(drop=True)


# =====================================================================================
# 6  互动面板
# =====================================================================================

_KIND_COLOURS = {"传统节日": "#c0392b", "节气": "#2a7f62", "公历节日": "#3b6fb6", "营销节点": "#e07a2f",
                 "风险节点": "#5d6d7e"}


def calendar_view(year: int, month: str, kinds: Iterable[str], lead: dict | None = None) -> dict:
    """What the calendar panel shows: the month's events and their planning windows
    (``plan_by`` → ``date``), as bars of a Gantt-style chart.

    >>> v = calendar_view(2026, "2026-02", ["传统节日"])
    >>> v["names"], v["starts"][0]
    (['小年', '除夕', '春节'], '2026-02-06')
    """
    cal = event_calendar(year, kinds=list(kinds), lead_days=lead)
    ev = month_events(cal, month)
    return {"names": list(ev["name"]), "starts": list(ev["plan_by"]), "ends": list(ev["date"]),
            "days": [int(d) for d in ev["lead_days"]], "kinds": list(ev["kind"]), "tiers": list(ev["tier"]),
            "angles": list(ev["angle"]), "table": ev}


def calendar_panel(year: int = 2026, month: str = "2026-02",
                   kinds: Iterable[str] = ("传统节日", "节气", "公历节日", "营销节点", "风险节点"),
                   s_lead: int = 45) -> Panel:
    """Pick a month, event kinds and the lead time of S-tier events; each event shows as a
    bar from the day planning starts to the event day."""
    controls = {
        "month": w.Dropdown(options=[f"{year}-{m:02d}" for m in range(1, 13)], value=month, description="月份"),
        "kinds": w.SelectMultiple(options=KINDS, value=tuple(kinds), description="类型", rows=5),
        "s_lead": w.IntSlider(value=s_lead, min=14, max=90, step=1, description="S级提前天数",
                              continuous_update=False, style={"description_width": "initial"}),
    }
    fig = go.FigureWidget(
        data=[go.Bar(orientation="h", hovertemplate="%{y}：%{customdata}<extra></extra>")],
        layout=dict(height=420, xaxis=dict(type="date", title="日期"), yaxis=dict(autorange="reversed"),
                    bargap=0.35),
    )
    card = w.HTML()

    def update(month: str, kinds: tuple, s_lead: int) -> None:
        if not kinds:
            card.value = "请至少选择一种节点类型。"
            return
        v = calendar_view(year, month, kinds, {"S": s_lead})
        ms = 24 * 3600 * 1000
        with fig.batch_update():
            bar = fig.data[0]
            bar.y = [f"{n}（{t}）" for n, t in zip(v["names"], v["tiers"], strict=True)]
            bar.base = v["starts"]
            bar.x = [d * ms for d in v["days"]]
            bar.marker.color = [_KIND_COLOURS[k] for k in v["kinds"]]
            bar.customdata = [f"{s} 开始策划 → {e} 上线（提前 {d} 天）；{a}" for s, e, d, a in
                              zip(v["starts"], v["ends"], v["days"], v["angles"], strict=True)]
            fig.layout.title = f"{month} 的节点与策划周期（条形从策划启动日到节点当天）"
        rows = "".join(f"<li><b>{n}</b> {e}：{s} 前启动策划（{k}，{t} 级）</li>" for n, e, s, k, t in
                       zip(v["names"], v["ends"], v["starts"], v["kinds"], v["tiers"], strict=True))
        empty = f"{month} 没有所选类型的节点。"
        card.value = f"<b>{month} 共 {len(v['names'])} 个节点</b><ul>{rows}</ul>" if rows else empty

    return Panel(controls, [card, fig], update, figure=fig, card=card)


def workload_view(plan: pd.DataFrame, staff: pd.DataFrame, week: str, mode: str = "plan") -> dict:
    """What the workload panel shows for one week; ``mode`` is "plan" (as planned),
    "assign" (unassigned tasks given out) or "balance" (given out and rebalanced).

    >>> from nmt_lab import load
    >>> v = workload_view(load("content_plan"), load("staff"), "2026-02-09", "balance")
    >>> len(v["names"]) == len(v["hours"]) == len(v["capacity"]), v["unassigned"]
    (True, 0)
    """
    check_choice(mode, ["plan", "assign", "balance"], "模式")
    table = plan if mode == "plan" else assign(plan, staff, rebalance=mode == "balance")
    week = _ymd(week)
    load_ = workload(table, staff)
    wk = load_[load_["week"] == week]
    if wk.empty:
        check_choice(week, sorted(load_["week"].unique()), "周（周一的日期）")
    return {"names": list(wk["name"]), "hours": [float(h) for h in wk["hours"]],
            "capacity": [float(c) for c in wk["capacity"]],
            "over": list(wk.loc[wk["overloaded"], "name"]),
            "unassigned": int((table["owner"].isna() & (table["week"].astype(str) == week)).sum())}


def workload_panel(plan: pd.DataFrame, staff: pd.DataFrame, week: str = "2026-02-09",
                   mode: str = "plan") -> Panel:
    """Pick a week and 原计划 / 自动分配 / 分配并均衡: bars of each person's hours (red when
    over capacity) against their capacity."""
    weeks = sorted(plan["week"].astype(str).unique())
    controls = {
        "week": w.SelectionSlider(options=[(d[5:], d) for d in weeks], value=_ymd(week), description="周一",
                                  continuous_update=False),
        "mode": w.ToggleButtons(options=[("原计划", "plan"), ("自动分配", "assign"), ("分配并均衡", "balance")],
                                value=mode, description="方案"),
    }
    fig = go.FigureWidget(
        data=[go.Bar(name="本周工时", hovertemplate="%{x}：%{y} 小时<extra></extra>"),
              go.Scatter(name="每周可用工时", mode="markers", marker=dict(symbol="line-ew-open", size=40,
                                                                         line=dict(width=3, color="#333")))],
        layout=dict(height=380, yaxis_title="小时"),
    )
    card = w.HTML()

    def update(week: str, mode: str) -> None:
        v = workload_view(plan, staff, week, mode)
        with fig.batch_update():
            fig.data[0].x, fig.data[0].y = v["names"], v["hours"]
            fig.data[0].marker.color = ["#c0392b" if n in v["over"] else "#2a7f62" for n in v["names"]]
            fig.data[1].x, fig.data[1].y = v["names"], v["capacity"]
            fig.layout.title = f"{week} 这一周每人的工时（红色 = 超负荷）"
        over = "、".join(v["over"]) or "无"
        card.value = f"超负荷：<b>{over}</b>；待分配任务：<b>{v['unassigned']}</b> 项。"

    return Panel(controls, [card, fig], update, figure=fig, card=card)
