"""内容运营计划 (content plan): pillar shares, weekly allocation, workload and assignment,
headline tests, hot-topic watch, repeated titles, and the workload panel.
"""

from __future__ import annotations

import math

import ipywidgets as w
import numpy as np
import pandas as pd
import plotly.graph_objects as go

from .._errors import check_choice, check_columns
from ..widgets import Panel
from ._common import WEEKDAYS, _ymd, rules

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
