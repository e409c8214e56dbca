"""内容运营规划 (content-operations framework): goal decomposition tree and work plan, content
positioning (persona × scenario × need), the evidence behind a "this topic works" claim, the 5W2H
plan with its completeness check, and the plan document. Used by A2-1.

The course facts (the quarter, the budget cap, the positioning table, the brainstorm ideas and a
draft 5W2H plan) live in ``nmt_lab/data/content_framework.json``.

A goal tree splits one quarterly goal level by level (platform → month → pillar). Each level's
shares come from history (:func:`history_shares`) or from the strategy (pillar targets). Whole
numbers are handed out with the largest-remainder method at every level, so the children of a
node always add up to the node; rounding every leaf on its own (``method="round"``) drifts.

>>> levels = {"platform": pd.Series({"抖音": 0.6, "小红书": 0.4}),
...           "month": pd.Series({"2026-01": 0.5, "2026-02": 0.5})}
>>> t = goal_tree(101, levels)
>>> t["target"].tolist(), int(t["target"].sum())
([31, 30, 20, 20], 101)
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

import pandas as pd
import plotly.graph_objects as go

from .._errors import check_choice, check_columns
from .content import allocate, items

#: the three parts of operations a plan integrates (整合运营): content, campaign, user
KINDS_5W2H = ["内容", "活动", "用户"]
#: the seven items of 5W2H: key in the plan -> heading
ITEMS_5W2H = {"what": "What 做什么", "why": "Why 为什么做", "who": "Who 谁来做", "when": "When 什么时候做",
              "where": "Where 在哪里做", "how": "How 怎么做", "how_much": "How much 花多少钱"}
METHODS = {"largest_remainder": "逐级按最大余数分配（子项加起来等于父项）", "round": "每个末级格子各自四舍五入"}



@cache
def _data() -> dict:
    text = resources.files("nmt_lab").joinpath("data/content_framework.json").read_text("utf-8")
    return json.loads(text)


def quarter_info() -> dict:
    """The quarter being planned: ``name``, ``start``, ``end``, ``budget_cap`` (元), ``platforms``.

    >>> q = quarter_info()
    >>> q["name"], q["budget_cap"], len(q["platforms"])
    ('2026 年第一季度', 20000, 5)
    """
    return json.loads(json.dumps(_data()["quarter"]))


# =====================================================================================
# 1  目标拆分：历史占比、目标树、检查、工作计划
# =====================================================================================

def history_shares(posts: pd.DataFrame, metric: str = "new_followers", by: str = "platform",
                   start=None, end=None, keep=None, as_year: int | None = None) -> pd.Series:
    """Each group's share of ``metric`` in ``posts`` published from ``start`` to ``end``
    (inclusive days); ``by`` is ``"platform"``, ``"topic"`` or ``"month"``. ``keep`` limits the
    groups (e.g. the platforms of the plan); ``as_year`` relabels months to that year
    (``"2025-02"`` → ``"2026-02"``), to reuse last year's seasonality.

    >>> from nmt_lab import load
    >>> s = history_shares(load("posts"), "new_followers", "month", "2025-01-01", "2025-03-31", as_year=2026)
    >>> list(s.index), round(float(s.sum()), 6)
    (['2026-01', '2026-02', '2026-03'], 1.0)
    """
    check_choice(by, ["platform", "topic", "month"], "拆分维度")
    check_columns(posts, ["published_at", metric] + ([by] if by != "month" else []))
    p = posts
    day = p["published_at"].dt.normalize()
    if start is not None:
        p = p[day >= pd.Timestamp(start)]
        day = day[p.index]
    if end is not None:
        p = p[day <= pd.Timestamp(end)]
    key = p["published_at"].dt.strftime("%Y-%m") if by == "month" else p[by].astype(str)
    if keep is not None:
        keep = [str(k) for k in keep]
        valid = sorted(set(key))
        for k in keep:
            check_choice(k, valid, {"platform": "平台", "topic": "内容主题", "month": "月份"}[by])
        p, key = p[key.isin(keep)], key[key.isin(keep)]
    sums = p.groupby(key)[metric].sum().astype(float)
    if keep is not None:
        sums = sums.reindex(keep)
    if sums.sum() <= 0:
        raise ValueError(f"{start}–{end} 期间没有 {metric} 数据，无法算占比：检查日期范围。")
    if as_year is not None and by == "month":
        sums.index = [f"{int(as_year)}-{m[5:]}" for m in sums.index]
    out = sums / sums.sum()
    out.index.name = by
    return out.rename("share")


def _shares(s, name: str) -> pd.Series:
    s = pd.Series(s, dtype=float)
    if s.empty or s.isna().any() or (s < 0).any() or s.sum() <= 0:
        raise ValueError(f"第“{name}”级的占比应为非负数、不全为 0、没有空值；你给出的是：{s.to_dict()}")
    return s / s.sum()


def goal_tree(goal: int, levels: dict, method: str = "largest_remainder") -> pd.DataFrame:
    """Split ``goal`` (a whole number, e.g. 1,100 new followers) over the ``levels`` in order
    (level name → shares, e.g. ``{"platform": …, "month": …, "pillar": …}``): one row per leaf
    with the level columns, ``share`` (product of the shares) and whole-number ``target``.

    ``method="largest_remainder"`` splits each node among its children so they add up to it;
    ``method="round"`` rounds every leaf on its own (goal × share), which drifts.

    >>> t = goal_tree(10, {"platform": {"A": 1, "B": 1, "C": 1}}, method="round")
    >>> t["target"].tolist()
    [3, 3, 3]
    >>> goal_tree(10, {"platform": {"A": 1, "B": 1, "C": 1}})["target"].tolist()
    [4, 3, 3]
    """
    check_choice(method, METHODS, "拆分方法")
    if isinstance(goal, bool) or not float(goal).is_integer() or goal < 0:
        raise ValueError(f"目标 {goal!r} 应为非负整数，例如 1100。")
    if not levels:
        raise ValueError("至少要有一级拆分，例如 {\"platform\": 平台占比}。")
    shares = {name: _shares(s, name) for name, s in levels.items()}
    names = list(shares)
    rows = [({}, 1.0, int(goal))]
    for name in names:
        s = shares[name]
        nxt = []
        for keys, share, value in rows:
            parts = allocate(value, s) if method == "largest_remainder" else pd.Series(0, index=s.index)
            for k in s.index:
                nxt.append(({**keys, name: k}, share * float(s[k]), int(parts[k])))
        rows = nxt
    out = pd.DataFrame([{**k, "share": sh, "target": v} for k, sh, v in rows])
    if method == "round":
        out["target"] = (out["share"] * int(goal)).round().astype(int)
    return out


def tree_check(tree: pd.DataFrame, goal: float) -> dict:
    """Do the leaves add up to the goal? ``total`` (sum of leaves), ``drift`` (total − goal),
    ``ok`` and ``zero_leaves`` (leaves with a target of 0: work nobody will do).

    >>> tree_check(goal_tree(10, {"platform": {"A": 1, "B": 1, "C": 1}}, method="round"), 10)
    {'goal': 10.0, 'total': 9.0, 'drift': -1.0, 'ok': False, 'zero_leaves': 0}
    """
    check_columns(tree, ["target"])
    total = float(tree["target"].sum())
    drift = round(total - float(goal), 6)
    return {"goal": float(goal), "total": total, "drift": drift, "ok": drift == 0,
            "zero_leaves": int((tree["target"] == 0).sum())}


def level_totals(tree: pd.DataFrame, level: str) -> pd.Series:
    """The targets summed over one level (e.g. per platform).

    >>> level_totals(goal_tree(10, {"platform": {"A": 1, "B": 1}, "month": {"1": 1, "2": 1}}), "platform").to_dict()
    {'A': 5, 'B': 5}
    """
    check_columns(tree, [level, "target"])
    return tree.groupby(level, sort=False)["target"].sum()


def _tree_nodes(tree: pd.DataFrame, levels: list[str], root: str) -> dict:
    ids, labels, parents, values = [root], [root], [""], [int(tree["target"].sum())]
    for depth in range(len(levels)):
        grouped = tree.groupby(levels[:depth + 1], sort=False)["target"].sum()
        for keys, value in grouped.items():
            keys = keys if isinstance(keys, tuple) else (keys,)
            ids.append("/".join([root, *map(str, keys)]))
            labels.append(str(keys[-1]))
            parents.append("/".join([root, *map(str, keys[:-1])]))
            values.append(int(value))
    return {"ids": ids, "labels": labels, "parents": parents, "values": values}


def tree_figure(tree: pd.DataFrame, levels: list[str] | None = None, kind: str = "sunburst",
                title: str = "目标拆分树") -> go.Figure:
    """The goal tree as a plotly sunburst (or ``kind="treemap"``); every node's value is the sum
    of its leaves.

    >>> fig = tree_figure(goal_tree(10, {"platform": {"A": 1, "B": 1}}))
    >>> list(fig.data[0].labels), list(fig.data[0].values)
    (['目标', 'A', 'B'], [10, 5, 5])
    """
    check_choice(kind, ["sunburst", "treemap"], "图形")
    levels = levels or [c for c in tree.columns if c not in ("share", "target")]
    nodes = _tree_nodes(tree, levels, "目标")
    trace = (go.Sunburst if kind == "sunburst" else go.Treemap)(
        **nodes, branchvalues="total", hovertemplate="%{label}：%{value}<extra></extra>")
    fig = go.Figure(trace)
    fig.update_layout(title=title, height=520, margin=dict(t=50, l=10, r=10, b=10))
    return fig


def _owner(staff: pd.DataFrame, platform: str) -> str:
    for r in staff.itertuples(index=False):
        if platform in str(r.platforms).split("|"):
            return r.name
    return ""


def work_plan(tree: pd.DataFrame, staff: pd.DataFrame, metric_name: str = "新增粉丝") -> pd.DataFrame:
    """A work plan from the leaves of a platform × month (× pillar) tree: one task per platform and
    month with its target, the pillars to cover, an ``owner`` (the first staff member who runs
    that platform; empty when nobody does), ``start`` and ``due`` (first and last day of the month).

    >>> from nmt_lab import load
    >>> t = goal_tree(60, {"platform": {"抖音": 1, "B站": 1}, "month": {"2026-01": 1}})
    >>> work_plan(t, load("staff"))[["platform", "target", "owner", "start", "due"]].values.tolist()
    [['抖音', 30, '周子航', '2026-01-01', '2026-01-31'], ['B站', 30, '沈浩然', '2026-01-01', '2026-01-31']]
    """
    check_columns(tree, ["platform", "month", "target"])
    check_columns(staff, ["name", "platforms"])
    rows = []
    for (platform, month), g in tree.groupby(["platform", "month"], sort=False):
        first = pd.Timestamp(f"{month}-01")
        focus = ""
        if "pillar" in g.columns:
            top = g.sort_values("target", ascending=False, kind="stable")
            focus = "、".join(f"{p} {v}" for p, v in zip(top["pillar"], top["target"], strict=True) if v > 0)
        total = int(g["target"].sum())
        rows.append({"platform": platform, "month": month, "target": total,
                     "task": f"{month} {platform}：{metric_name} {total}" + (f"（{focus}）" if focus else ""),
                     "owner": _owner(staff, platform), "start": f"{first:%Y-%m-%d}",
                     "due": f"{first + pd.offsets.MonthEnd(0):%Y-%m-%d}"})
    return pd.DataFrame(rows)


def tree_view(levels: dict, goal: int, method: str = "largest_remainder") -> dict:
    """What the goal panel shows: the sunburst nodes and the check of the leaves.

    >>> v = tree_view({"platform": {"A": 1, "B": 1, "C": 1}}, 10, "round")
    >>> v["values"][0], v["check"]["drift"]
    (9, -1.0)
    """
    tree = goal_tree(goal, levels, method)
    return {**_tree_nodes(tree, list(levels), "目标"), "check": tree_check(tree, goal), "leaves": len(tree)}


def goal_panel(levels: dict, goal: int = 1100, method: str = "largest_remainder",
               max_goal: int | None = None):
    """Slide the quarterly goal and pick the rounding method: the sunburst redraws and the card
    says whether the leaves still add up to the goal."""
    import ipywidgets as w

    from ..widgets import Panel

    top = int(max_goal or max(2 * goal, 100))
    controls = {
        "goal": w.IntSlider(value=int(goal), min=0, max=top, step=10, description="季度目标",
                            continuous_update=False, style={"description_width": "initial"}),
        "method": w.Dropdown(options=[(v, k) for k, v in METHODS.items()], value=method, description="取整方法",
                             style={"description_width": "initial"}, layout=w.Layout(width="420px")),
    }
    fig = go.FigureWidget(go.Sunburst(branchvalues="total", hovertemplate="%{label}：%{value}<extra></extra>"),
                          layout=dict(height=520, margin=dict(t=50, l=10, r=10, b=10)))
    card = w.HTML()

    def update(goal: int, method: str) -> None:
        v = tree_view(levels, goal, method)
        with fig.batch_update():
            t = fig.data[0]
            t.ids, t.labels, t.parents, t.values = v["ids"], v["labels"], v["parents"], v["values"]
            fig.layout.title = f"目标 {goal:,} 拆成 {v['leaves']} 个末级格子"
        c = v["check"]
        state = ("<b style='color:#2a7f62'>末级加起来正好等于目标</b>" if c["ok"] else
                 f"<b style='color:#c0392b'>末级加起来是 {c['total']:,.0f}，比目标{'多' if c['drift'] > 0 else '少'} "
                 f"{abs(c['drift']):,.0f}</b>")
        card.value = f"<div style='line-height:1.8'>{state}；目标为 0 的格子：{c['zero_leaves']} 个。</div>"

    return Panel(controls, [card, fig], update, figure=fig, card=card)


# =====================================================================================
# 2  内容定位：画像 × 场景 × 需求，覆盖与空白
# =====================================================================================

def positioning() -> pd.DataFrame:
    """The positioning table (内容运营定位): persona, scenario (使用场景), need, the pillars and
    platforms that serve it (joined with "、").

    >>> p = positioning()
    >>> list(p.columns), p["persona"].nunique()
    (['persona', 'scenario', 'need', 'pillars', 'platforms'], 4)
    """
    out = pd.DataFrame(_data()["needs"])
    for c in ("pillars", "platforms"):
        out[c] = out[c].map("、".join)
    return out


def _pairs(row) -> set[tuple[str, str]]:
    return {(pl, pf) for pl in str(row["pillars"]).split("、") for pf in str(row["platforms"]).split("、")}


def need_coverage(table: pd.DataFrame, plan: pd.DataFrame, min_items: int = 6) -> pd.DataFrame:
    """For each need of the positioning table: how many content items of the ``plan`` serve it
    (pillar in its pillars and platform in its platforms) and ``status``: 空白 (none), 薄弱
    (fewer than ``min_items`` in the quarter, i.e. less than one every two weeks) or 已覆盖.

    >>> from nmt_lab import load
    >>> c = need_coverage(positioning(), load("content_plan"))
    >>> c.loc[c["status"] == "空白", "need"].tolist()
    ['想起这个老品牌的故事和味道']
    """
    check_columns(table, ["persona", "scenario", "need", "pillars", "platforms"])
    it = items(plan)
    have = list(zip(it["pillar"].astype(str), it["platform"].astype(str), strict=True))
    out = table[["persona", "scenario", "need", "pillars", "platforms"]].copy()
    out["items"] = [sum(pair in _pairs(r) for pair in have) for _, r in table.iterrows()]
    out["status"] = ["空白" if n == 0 else ("薄弱" if n < min_items else "已覆盖") for n in out["items"]]
    return out


def orphan_items(table: pd.DataFrame, plan: pd.DataFrame) -> pd.DataFrame:
    """Content items of the ``plan`` that serve no need of the positioning table (their pillar ×
    platform appears in no need): content with no user need behind it.

    >>> from nmt_lab import load
    >>> o = orphan_items(positioning(), load("content_plan"))
    >>> o.groupby(["platform", "pillar"], observed=True).size().idxmax()
    ('微博', '热点')
    """
    check_columns(table, ["pillars", "platforms"])
    served = set().union(*(_pairs(r) for _, r in table.iterrows()))
    it = items(plan)
    mask = [(str(a), str(b)) not in served for a, b in zip(it["pillar"], it["platform"], strict=True)]
    cols = [c for c in ["item_id", "publish_date", "platform", "pillar", "title"] if c in it.columns]
    return it.loc[mask, cols].reset_index(drop=True)


# =====================================================================================
# 归纳的证据：一条爆款撑起来的“规律”
# =====================================================================================

def topic_evidence(posts: pd.DataFrame, metric: str = "reads", by: str = "topic",
                   start=None, end=None) -> pd.DataFrame:
    """How well the history supports "this topic does best": per group ``n`` posts, ``total``,
    ``mean``, ``median``, the ``top`` post, ``top_share`` (top ÷ total) and ``mean_without_top``.
    A high mean with an ordinary median and a big ``top_share`` is one viral post, not a rule.

    >>> from nmt_lab import load
    >>> e = topic_evidence(load("posts"), "reads", start="2025-01-01", end="2025-12-31")
    >>> e["mean"].idxmax(), round(float(e.loc["热点", "top_share"]), 2)
    ('热点', 0.31)
    """
    check_columns(posts, ["published_at", metric, by])
    p = posts
    day = p["published_at"].dt.normalize()
    if start is not None:
        p, day = p[day >= pd.Timestamp(start)], day[day >= pd.Timestamp(start)]
    if end is not None:
        p = p[day <= pd.Timestamp(end)]
    g = p.groupby(p[by].astype(str))[metric]
    out = pd.DataFrame({"n": g.size(), "total": g.sum(), "mean": g.mean(), "median": g.median(), "top": g.max()})
    out["top_share"] = out["top"] / out["total"]
    out["mean_without_top"] = (out["total"] - out["top"]) / (out["n"] - 1).where(out["n"] > 1)
    out.index.name = by
    return out.sort_values("mean", ascending=False)


# =====================================================================================
# 3  头脑风暴与 5W2H 方案
# =====================================================================================

def ideas_matrix() -> pd.DataFrame:
    """The brainstorm ideas as a decision matrix (index = idea title; ``cost`` is a cost criterion),
    for :func:`nmt_lab.scoring.decision_matrix` with :func:`idea_weights` and ``{"cost": "cost"}``.

    >>> from nmt_lab import scoring
    >>> scoring.rank(ideas_matrix(), idea_weights(), {"cost": "cost"})[0]
    '明前头采：跟着溪山去茶园'
    """
    return pd.DataFrame(_data()["ideas"]).set_index("title").drop(columns="idea_id")


def idea_weights() -> dict:
    """The default importance points of the brainstorm criteria (and :func:`criteria` labels them)."""
    return dict(_data()["weights"])


def criteria() -> dict:
    """Criterion → Chinese label of the brainstorm matrix."""
    return dict(_data()["criteria"])


def draft_plan() -> dict:
    """A fresh copy of the draft 5W2H plan (it has problems for :func:`plan_check` to find)."""
    return json.loads(json.dumps(_data()["draft_plan"]))


def _valid_refs() -> dict[str, list[str]]:
    """What a How step may refer to, per kind; the quarter's own days and the personas come first."""
    from ..users import strategy_table
    from .calendar import event_calendar
    from .content import pillars
    q = quarter_info()
    cal = event_calendar(2026)
    own = cal[(cal["date"] >= q["start"]) & (cal["date"] <= q["end"]) & ~cal["kind"].isin(["节气", "风险节点"])]
    ideas = [i["title"] for i in _data()["ideas"]] + [i["idea_id"] for i in _data()["ideas"]]
    days = list(dict.fromkeys([*own["name"], *cal["name"]]))
    return {"内容": list(pillars().index), "活动": days + ideas,
            "用户": list(dict.fromkeys([*positioning()["persona"], *strategy_table().index]))}


def _date(value):
    try:
        return pd.Timestamp(str(value)) if value else None
    except (ValueError, TypeError):
        return None


def _empty(value) -> bool:
    if value is None or value is Ellipsis:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, (list, dict, tuple)):
        return len(value) == 0
    return False


def plan_check(plan: dict, staff: pd.DataFrame, cap: float | None = None) -> pd.DataFrame:
    """Every problem of a 5W2H plan, one row each (``item``, ``problem``); empty when complete.

    Checks: all seven items filled; every Who is in ``staff``; When has valid dates in order and
    inside the quarter; Where names course platforms; every How step has a ``kind`` (内容/活动/用户)
    and a ``ref`` that exists (a pillar, a campaign idea or calendar day, a persona or user layer);
    the steps cover content, campaign **and** user operations (整合运营); How much items add up to
    the total and the total is within ``cap`` (default: the quarter's budget cap).

    >>> from nmt_lab import load
    >>> plan_check(draft_plan(), load("staff"))["item"].tolist()
    ['Who', 'When', 'How', 'How much']
    """
    if not isinstance(plan, dict):
        raise TypeError(f"方案应是一个字典（dict），键为 {'、'.join(ITEMS_5W2H)}；你给出的是 {type(plan).__name__}。")
    check_columns(staff, ["name"])
    q = quarter_info()
    cap = float(q["budget_cap"] if cap is None else cap)
    rows = []

    def bad(key, text):
        item = ITEMS_5W2H[key].rsplit(" ", 1)[0] if key in ITEMS_5W2H else key
        rows.append({"item": item, "problem": text})

    unknown = [k for k in plan if k not in ITEMS_5W2H]
    if unknown:
        bad("整合", f"方案里有不认识的项：{'、'.join(map(str, unknown))}；5W2H 的键是 {'、'.join(ITEMS_5W2H)}。")
    for key, head in ITEMS_5W2H.items():
        if _empty(plan.get(key)):
            bad(key, f"{head} 还没有填写。")
    who = plan.get("who")
    if isinstance(who, dict) and who:
        names = list(staff["name"])
        for role, person in who.items():
            if person not in names:
                bad("who", f"“{role}”的负责人 {person!r} 不在 staff 名单里；可选：{'、'.join(names)}。")
    when = plan.get("when")
    if isinstance(when, dict) and when:
        s, e = _date(when.get("start")), _date(when.get("end"))
        for label, raw, d in (("开始", when.get("start"), s), ("结束", when.get("end"), e)):
            if d is None:
                bad("when", f"{label}日期 {raw!r} 不是有效日期：写成 \"YYYY-MM-DD\"，并确认这一天存在。")
        if s is not None and e is not None:
            if e < s:
                bad("when", f"结束日期 {e:%Y-%m-%d} 早于开始日期 {s:%Y-%m-%d}。")
            if s < pd.Timestamp(q["start"]) or e > pd.Timestamp(q["end"]):
                bad("when", f"时间要在{q['name']}（{q['start']}–{q['end']}）之内。")
    where = plan.get("where")
    if where and not _empty(where):
        from ..datasets import schema
        col = next(c for c in schema("posts")["columns"] if c["name"] == "platform")
        known = col["values"]
        for p in ([where] if isinstance(where, str) else where):
            if p not in known:
                bad("where", f"平台 {p!r} 不是课程里的平台；可选：{'、'.join(known)}。")
    how = plan.get("how")
    if isinstance(how, list) and how:
        refs, kinds = _valid_refs(), set()
        for i, step in enumerate(how, 1):
            if not isinstance(step, dict) or step.get("kind") not in KINDS_5W2H:
                bad("how", f"第 {i} 步要写成 {{\"kind\": \"内容/活动/用户\", \"ref\": …, \"step\": …}}，"
                           f"你给出的是 {step!r:.60}。")
                continue
            kinds.add(step["kind"])
            if step.get("ref") not in refs[step["kind"]]:
                sample = "、".join(refs[step["kind"]][:9])
                more = "，或头脑风暴的创意名" if step["kind"] == "活动" else ""
                bad("how", f"第 {i} 步（{step['kind']}）引用的 {step.get('ref')!r} 找不到；"
                           f"可引用的如：{sample} 等{more}。")
            if _empty(step.get("step")):
                bad("how", f"第 {i} 步还没有写具体做法（step）。")
        lack = [k for k in KINDS_5W2H if k not in kinds]
        if lack:
            have = "、".join(k for k in KINDS_5W2H if k in kinds) or "无"
            bad("how", f"方案只覆盖了 {have} 运营，缺少 {'、'.join(lack)} 运营："
                       "整合运营策划要把内容、活动、用户连起来。")
    money = plan.get("how_much")
    if isinstance(money, dict) and money:
        parts, total = money.get("items") or {}, money.get("total")
        try:
            parts_sum, total = float(sum(parts.values())), float(total)
        except (TypeError, ValueError, AttributeError):
            bad("how_much", "How much 要写成 {\"items\": {项目: 金额}, \"total\": 合计}，金额用数字。")
        else:
            if abs(parts_sum - total) > 0.5:
                bad("how_much", f"各项加起来是 {parts_sum:,.0f} 元，合计却写的 {total:,.0f} 元。")
            if max(parts_sum, total) > cap:
                bad("how_much", f"预算 {max(parts_sum, total):,.0f} 元超过上限 {cap:,.0f} 元。")
    return pd.DataFrame(rows, columns=["item", "problem"])


_KEY_NAMES = {"start": "开始", "end": "结束"}


def _plan_text(value) -> str:
    if isinstance(value, dict):
        return "\n".join(f"- {_KEY_NAMES.get(k, k)}：{v}" for k, v in value.items())
    if isinstance(value, list):
        return "\n".join(f"- {v}" for v in value)
    return str(value)


def plan_document(plan: dict, staff: pd.DataFrame, title: str = "溪山茶饮 2026 年第一季度内容运营方案",
                  tree: pd.DataFrame | None = None, coverage: pd.DataFrame | None = None,
                  author: str = "新媒体部", on: str | None = None):
    """The plan as a :class:`nmt_lab.reports.Report`: the seven 5W2H sections (How as a table of
    steps, How much as a table with the total), optional sections for the goal split (``tree``)
    and the positioning gaps (``coverage``), and the check result as a callout at the end.

    >>> from nmt_lab import load
    >>> doc = plan_document(draft_plan(), load("staff"), on="2025-12-31")
    >>> doc.headings()[:2], doc.headings()[-1]
    (['一、What 做什么', '二、Why 为什么做'], '检查结果：还有 4 处问题')
    """
    from ..reports import Report
    doc = Report(title, author=author, on=on)
    numbers = "一二三四五六七八九十"
    for i, (key, head) in enumerate(ITEMS_5W2H.items()):
        heading, value = f"{numbers[i]}、{head}", plan.get(key)
        if key == "how" and isinstance(value, list) and value and all(isinstance(s, dict) for s in value):
            frame = pd.DataFrame(value).rename(columns={"kind": "运营类别", "ref": "对应", "step": "做法"})
            doc.table(heading, frame)
        elif key == "how_much" and isinstance(value, dict) and isinstance(value.get("items"), dict):
            frame = pd.DataFrame({"项目": list(value["items"]), "金额（元）": list(value["items"].values())})
            cap = quarter_info()["budget_cap"]
            doc.table(heading, frame, caption=f"合计 {value.get('total')} 元（上限 {cap} 元）")
        else:
            doc.text(heading, _plan_text(value) if not _empty(value) else "（未填写）")
    extra = len(ITEMS_5W2H)
    if tree is not None:
        cols = [c for c in ("platform", "month") if c in tree.columns]
        if len(cols) == 2:
            table = tree.groupby(cols, sort=False)["target"].sum().unstack()
            table["合计"] = table.sum(axis=1)
            table.loc["合计"] = table.sum()
        else:
            table = level_totals(tree, cols[0]).to_frame("合计")
        table.columns.name = None
        table = table.rename_axis("平台").reset_index()
        doc.table(f"{numbers[extra]}、目标拆分", table,
                  caption=f"末级目标按平台 × 月份汇总（合计 {int(tree['target'].sum())}）")
        extra += 1
    if coverage is not None:
        gaps = coverage[coverage["status"] != "已覆盖"][["persona", "scenario", "need", "items", "status"]]
        doc.table(f"{numbers[extra]}、内容定位的空白与薄弱", gaps.rename(columns={
            "persona": "画像", "scenario": "场景", "need": "需求", "items": "现有条数", "status": "覆盖情况"}))
    issues = plan_check(plan, staff)
    if issues.empty:
        doc.callout("检查结果：5W2H 完整",
                    "七项齐全，负责人、日期、平台、预算都通过检查，内容、活动、用户三部分都有安排。")
    else:
        doc.callout(f"检查结果：还有 {len(issues)} 处问题",
                    "\n".join(f"- {r.item}：{r.problem}" for r in issues.itertuples(index=False)))
    return doc
