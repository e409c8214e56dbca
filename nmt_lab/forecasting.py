"""Goal setting: targets derived from a business goal and a budget, forecasts with an interval,
KPI trees and SMART checks of annual targets (高级 A-1.2 目标设定).

The forecast is the 同比增长法 (seasonal naive with growth): next year's month m = this year's
month m × (1 + growth). Its interval is empirical: the spread of the method's own errors where
history allows a back test. It needs no statsmodels, runs in milliseconds and can be checked by
hand:

>>> s = pd.Series([10, 20, 30, 40, 11, 22, 33, 44], index=[f"2024-0{i}" for i in range(1, 9)])
>>> seasonal_forecast(s, horizon=4, season=4)["forecast"].round(2).tolist()
[12.1, 24.2, 36.3, 48.4]
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from ._errors import check_choice, check_columns

#: the four dimensions of evaluation standards (standard A-1.2.3)
DIMENSIONS = ["市场", "品牌", "产品", "用户"]


# ---------------------------------------------------------------- monthly series
def monthly(df: pd.DataFrame, time_col: str, value: str | None = None,
            start: str | None = None, end: str | None = None) -> pd.Series:
    """Monthly totals of ``df`` keyed "YYYY-MM": row counts, or sums of ``value``.

    >>> d = pd.DataFrame({"t": ["2025-01-03", "2025-01-20", "2025-02-01"], "x": [1.0, 2.0, 5.0]})
    >>> monthly(d, "t").tolist(), monthly(d, "t", "x").tolist()
    ([2, 1], [3.0, 5.0])
    """
    check_columns(df, [time_col] + ([value] if value else []))
    t = pd.to_datetime(df[time_col])
    keep = pd.Series(True, index=df.index)
    if start:
        keep &= t >= pd.Timestamp(start)
    if end:
        keep &= t < pd.Timestamp(end) + pd.offsets.MonthBegin(1)
    month = t[keep].dt.strftime("%Y-%m")
    s = df.loc[keep].groupby(month).size() if value is None else df.loc[keep, value].groupby(month).sum()
    return s.rename(value or "count").rename_axis("month")


def _next_months(last: str, n: int) -> list[str]:
    p = pd.Period(last, "M")
    return [str(p + i) for i in range(1, n + 1)]


def yoy_growth(series: pd.Series, season: int = 12) -> float:
    """Growth of the last months over the same months one season earlier (sum ÷ sum − 1),
    using every month that has a counterpart (at most one season).

    >>> yoy_growth(pd.Series([10, 20, 30, 40, 11, 22, 33, 44]), season=4)
    0.1
    """
    y = pd.Series(series, dtype=float).to_numpy()
    k = min(season, len(y) - season)
    if k < 1:
        raise ValueError(f"序列只有 {len(y)} 个月，少于一个周期（{season} 个月）加 1：无法算同比增长，"
                         "请直接给出 growth（例如来自行业趋势的假设）。")
    return round(float(y[-k:].sum() / y[-k - season:-season].sum() - 1), 10)


def seasonal_forecast(series: pd.Series, horizon: int = 12, season: int = 12,
                      growth: float | None = None, level: float = 0.8,
                      rel_error: float | None = None) -> pd.DataFrame:
    """同比增长法 with an empirical interval.

    forecast = value one season earlier × (1 + growth) (for horizons beyond one season the
    growth compounds). ``growth`` defaults to :func:`yoy_growth`. The interval is
    forecast × exp(± q), q = the ``level`` quantile of |ln(actual ÷ back-test forecast)| over the
    months where a back test is possible (at least 3); otherwise ``rel_error`` must be given
    (e.g. measured on a longer series) and q = ln(1 + rel_error).
    Returns columns month, forecast, low, high.

    >>> f = seasonal_forecast(pd.Series([100.0] * 12), growth=0.2, rel_error=0.1)
    >>> f.iloc[0][["forecast", "low", "high"]].round(1).tolist()
    [120.0, 109.1, 132.0]
    """
    y = pd.Series(series, dtype=float)
    if len(y) < season:
        raise ValueError(f"序列只有 {len(y)} 个月，至少需要一个完整周期（{season} 个月）。")
    if not 0 < level < 1:
        raise ValueError(f"level 应在 0 和 1 之间（如 0.8 表示 80% 区间），你给的是 {level!r}。")
    g = yoy_growth(y, season) if growth is None else float(growth)
    errors = backtest_errors(y, season)
    if len(errors) >= 3:
        q = float(np.quantile(np.abs(errors), level))
    elif rel_error is not None:
        q = math.log1p(float(rel_error))
    else:
        raise ValueError(f"序列只有 {len(y)} 个月，回测误差不足 3 个，无法估计区间："
                         "请给出 rel_error（例如用更长序列回测得到的相对误差）。")
    base = y.to_numpy()[-season:]
    idx = [str(i) for i in y.index]
    try:
        months = _next_months(idx[-1], horizon)
    except (ValueError, TypeError):
        months = list(range(len(y), len(y) + horizon))
    fc = np.array([base[h % season] * (1 + g) ** (h // season + 1) for h in range(horizon)])
    return pd.DataFrame({"month": months, "forecast": fc, "low": fc * math.exp(-q),
                         "high": fc * math.exp(q)})


def backtest_errors(series: pd.Series, season: int = 12) -> np.ndarray:
    """ln(actual ÷ fitted) of the 同比增长法 on history: month t (from the second season on) is
    fitted as y[t − season] × (1 + growth), growth = :func:`yoy_growth` of the whole series.
    Months with a zero are skipped; fewer than ``season`` + 1 months give no errors.

    >>> backtest_errors(pd.Series([10, 10, 10, 10, 10, 10, 10, 20]), season=4).round(3).tolist()
    [-0.223, -0.223, -0.223, 0.47]
    """
    y = pd.Series(series, dtype=float).to_numpy()
    if len(y) <= season:
        return np.array([])
    g = yoy_growth(y, season)
    out = [math.log(y[t] / (y[t - season] * (1 + g))) for t in range(season, len(y))
           if y[t] > 0 and y[t - season] > 0 and g > -1]
    return np.array(out)


def forecast_figure(history: pd.Series, forecast: pd.DataFrame, title: str = "",
                    y_label: str = "", widget: bool = False) -> go.Figure:
    """History line, forecast line and the interval band (a FigureWidget, updatable in place,
    when ``widget``)."""
    fig = go.FigureWidget() if widget else go.Figure()
    fig.add_scatter(x=[str(i) for i in history.index], y=list(map(float, history)), name="历史",
                    mode="lines+markers")
    fig.add_scatter(x=list(forecast["month"]) + list(forecast["month"])[::-1],
                    y=list(forecast["high"]) + list(forecast["low"])[::-1], fill="toself",
                    line={"width": 0}, opacity=0.3, name="预测区间")
    fig.add_scatter(x=list(forecast["month"]), y=list(forecast["forecast"]), name="预测",
                    mode="lines+markers", line={"dash": "dash"})
    fig.update_layout(title=title, xaxis_title="月份", yaxis_title=y_label, height=360)
    return fig


# ---------------------------------------------------------------- targets from goals
def funnel_targets(revenue_goal: float, order_value: float, conversion: float,
                   click_rate: float) -> dict:
    """Work back from a revenue goal: orders = revenue ÷ 客单价, visitors = orders ÷ 转化率,
    reach = visitors ÷ 点击率 (rounded up).

    >>> funnel_targets(1_000_000, 50, 0.04, 0.02)
    {'revenue': 1000000.0, 'orders': 20000, 'visitors': 500000, 'reach': 25000000}
    """
    for name, v in {"revenue_goal": revenue_goal, "order_value": order_value}.items():
        if not v > 0:
            raise ValueError(f"{name} 应大于 0，你给的是 {v!r}。")
    for name, v in {"conversion": conversion, "click_rate": click_rate}.items():
        if not 0 < v <= 1:
            raise ValueError(f"{name} 是比率，应在 0 和 1 之间（如 0.04 表示 4%），你给的是 {v!r}。")
    orders = math.ceil(round(revenue_goal / order_value, 6))
    visitors = math.ceil(round(orders / conversion, 6))
    return {"revenue": float(revenue_goal), "orders": orders, "visitors": visitors,
            "reach": math.ceil(round(visitors / click_rate, 6))}


def reach_plan(reach: float, shares: dict, cpm: dict, budget: float | None = None) -> pd.DataFrame:
    """Split the reach needed over platforms (``shares`` sum to 1) and cost it: cost = reach ÷
    1000 × CPM. With a ``budget``, the last row 合计 says whether it is enough; columns platform,
    share, reach, cpm, cost.

    >>> reach_plan(2_000_000, {"抖音": 0.5, "微博": 0.5}, {"抖音": 30, "微博": 20})["cost"].tolist()
    [30000.0, 20000.0, 50000.0]
    """
    if abs(sum(shares.values()) - 1) > 1e-6:
        raise ValueError(f"各平台份额之和应为 1，现在是 {sum(shares.values()):.3f}。")
    missing = [p for p in shares if p not in cpm]
    if missing:
        raise ValueError(f"这些平台没有 CPM：{'、'.join(missing)}；有 CPM 的平台：{'、'.join(cpm)}。")
    rows = [{"platform": p, "share": s, "reach": reach * s, "cpm": float(cpm[p]),
             "cost": reach * s / 1000 * float(cpm[p])} for p, s in shares.items()]
    plan = pd.DataFrame(rows)
    total = {"platform": "合计", "share": plan["share"].sum(), "reach": plan["reach"].sum(),
             "cpm": plan["cost"].sum() / plan["reach"].sum() * 1000, "cost": plan["cost"].sum()}
    plan = pd.concat([plan, pd.DataFrame([total])], ignore_index=True)
    if budget is not None:
        plan["budget_ok"] = [None] * (len(plan) - 1) + [bool(total["cost"] <= budget)]
    return plan


def affordable_revenue(budget: float, blended_cpm: float, click_rate: float, conversion: float,
                       order_value: float) -> float:
    """Revenue a budget can buy through the funnel: budget ÷ CPM × 1000 × 点击率 × 转化率 × 客单价.

    >>> affordable_revenue(50_000, 25, 0.02, 0.04, 50)
    80000.0
    """
    return round(budget / blended_cpm * 1000 * click_rate * conversion * order_value, 6)


def targets_view(revenue_goal: float, growth: float, conversion: float, click_rate: float,
                 order_value: float, shares: dict, cpm: dict, budget: float,
                 history: pd.Series, rel_error: float) -> dict:
    """Everything the target panel shows, as plain data (tested without a browser): the funnel,
    the platform plan, whether the budget suffices, and the orders forecast under ``growth``."""
    funnel = funnel_targets(revenue_goal, order_value, conversion, click_rate)
    plan = reach_plan(funnel["reach"], shares, cpm, budget)
    fc = seasonal_forecast(history, growth=growth, rel_error=rel_error)
    cost = float(plan["cost"].iloc[-1])
    return {"funnel": funnel, "plan": plan, "cost": cost, "budget_ok": cost <= budget,
            "forecast": fc, "forecast_orders": float(fc["forecast"].sum()),
            "orders_covered": float(fc["forecast"].sum()) >= funnel["orders"]}


def targets_panel(history: pd.Series, shares: dict, cpm: dict, budget: float,
                  revenue_goal: float = 2_000_000, order_value: float = 40.0,
                  conversion: float = 0.04, click_rate: float = 0.02, rel_error: float = 0.15,
                  growth: float = 0.1):
    """Sliders (growth, conversion, click rate, revenue goal) → funnel card + forecast chart."""
    import ipywidgets as w

    from .widgets import Panel

    controls = {
        "growth": w.FloatSlider(value=growth, min=-0.2, max=0.6, step=0.01, description="订单增长率",
                                readout_format=".0%"),
        "conversion": w.FloatSlider(value=conversion, min=0.01, max=0.1, step=0.001,
                                    description="成交转化率", readout_format=".1%"),
        "click_rate": w.FloatSlider(value=click_rate, min=0.005, max=0.05, step=0.0025,
                                    description="点击率", readout_format=".2%"),
        "revenue_goal": w.FloatSlider(value=revenue_goal, min=revenue_goal * 0.5, max=revenue_goal * 2,
                                      step=revenue_goal * 0.05, description="营收目标(元)",
                                      readout_format=",.0f"),
    }
    card = w.HTML()
    fc0 = seasonal_forecast(history, growth=growth, rel_error=rel_error)
    fig = forecast_figure(history, fc0, "订单：历史与预测（同比增长法）", "订单数", widget=True)

    def update(revenue_goal, growth, conversion, click_rate):
        v = targets_view(revenue_goal, growth, conversion, click_rate, order_value, shares, cpm,
                         budget, history, rel_error)
        f = v["forecast"]
        with fig.batch_update():
            fig.data[1].y = list(f["high"]) + list(f["low"])[::-1]
            fig.data[2].y = list(f["forecast"])
        ok = "#1a7f37" if v["budget_ok"] else "#c62828"
        fu = v["funnel"]
        card.value = (f"<b>倒推目标</b>：订单 {fu['orders']:,} 单 → 访客 {fu['visitors']:,} 人 → "
                      f"曝光 {fu['reach'] / 1e4:,.0f} 万次<br>"
                      f"<span style='color:{ok}'>投放成本 {v['cost'] / 1e4:,.1f} 万元 / 预算 "
                      f"{budget / 1e4:,.1f} 万元：{'够' if v['budget_ok'] else '不够'}</span><br>"
                      f"按增长率预测全年订单 {v['forecast_orders']:,.0f} 单："
                      f"{'能覆盖' if v['orders_covered'] else '覆盖不了'}目标订单")

    return Panel(controls, [card, fig], update, figure=fig, card=card)


# ---------------------------------------------------------------- KPI tree and standards
def kpi_tree(tree: dict, root: str | None = None) -> pd.DataFrame:
    """Flatten a nested dict {node: {child: {...}}} (leaves map to a number or None, their target)
    into rows id, parent, level, target for ``plotly`` treemap / sunburst.

    >>> kpi_tree({"营收": {"订单": {"访客": 5, "转化率": 0.04}}})[["id", "parent", "level"]].values.tolist()
    [['营收', '', 0], ['订单', '营收', 1], ['访客', '订单', 2], ['转化率', '订单', 2]]
    """
    rows: list[dict] = []

    def walk(node: dict, parent: str, level: int) -> None:
        for name, sub in node.items():
            if any(r["id"] == name for r in rows):
                raise ValueError(f"KPI 树里“{name}”出现了两次：每个节点的名字要唯一。")
            leaf = not isinstance(sub, dict)
            rows.append({"id": name, "parent": parent, "level": level,
                         "target": (float(sub) if leaf and sub is not None else None), "leaf": leaf})
            if not leaf:
                walk(sub, name, level + 1)

    walk(tree if root is None else {root: tree}, "", 0)
    return pd.DataFrame(rows)


def kpi_figure(tree: pd.DataFrame, kind: str = "sunburst", title: str = "KPI 树") -> go.Figure:
    """A sunburst or treemap of :func:`kpi_tree` rows (each leaf counts once)."""
    check_choice(kind, ["sunburst", "treemap"], "图形")
    check_columns(tree, ["id", "parent", "leaf"])
    trace = go.Sunburst if kind == "sunburst" else go.Treemap
    text = [f"目标 {t:,.4g}" if pd.notna(t) else "" for t in tree.get("target", [None] * len(tree))]
    fig = go.Figure(trace(ids=tree["id"], labels=tree["id"], parents=tree["parent"],
                          values=[1 if leaf else 0 for leaf in tree["leaf"]], text=text,
                          branchvalues="remainder", hoverinfo="label+text"))
    fig.update_layout(title=title, height=460, margin={"t": 40, "l": 0, "r": 0, "b": 0})
    return fig


def leaf_kpis(tree: pd.DataFrame) -> list[str]:
    """The leaves of a KPI tree: the metrics someone is actually measured on.

    >>> leaf_kpis(kpi_tree({"营收": {"订单": {"访客": 5}, "客单价": 40}}))
    ['访客', '客单价']
    """
    check_columns(tree, ["id", "leaf"])
    return list(tree.loc[tree["leaf"], "id"])


def standards(baseline: pd.DataFrame, growth: float = 0.1, stretch: float = 0.25) -> pd.DataFrame:
    """Evaluation standards from a baseline table (columns dimension, metric, baseline,
    direction ``benefit``/``cost``): 达标线 = baseline × (1 ± growth), 优秀线 = baseline ×
    (1 ± stretch) (− for a cost metric, where lower is better). A share (baseline ≤ 1) never
    gets a line above 1.

    >>> b = pd.DataFrame([{"dimension": "产品", "metric": "客单价", "baseline": 40.0, "direction": "benefit"},
    ...                   {"dimension": "用户", "metric": "获客成本", "baseline": 10.0, "direction": "cost"}])
    >>> standards(b)[["pass_line", "excellent_line"]].values.tolist()
    [[44.0, 50.0], [9.0, 7.5]]
    """
    check_columns(baseline, ["dimension", "metric", "baseline", "direction"])
    bad = sorted(set(baseline["dimension"]) - set(DIMENSIONS))
    if bad:
        raise ValueError(f"评估维度 {'、'.join(bad)} 不可用：应为 {'、'.join(DIMENSIONS)}。")
    for d in baseline["direction"]:
        check_choice(d, ["benefit", "cost"], "指标方向")
    sign = np.where(baseline["direction"] == "cost", -1.0, 1.0)
    out = baseline.copy()
    cap = np.where(out["baseline"] <= 1, 1.0, np.inf)
    out["pass_line"] = np.minimum(out["baseline"] * (1 + sign * growth), cap).round(6)
    out["excellent_line"] = np.minimum(out["baseline"] * (1 + sign * stretch), cap).round(6)
    return out


def rate(value: float, pass_line: float, excellent_line: float, direction: str = "benefit") -> str:
    """Grade an actual against a standard: 优秀 / 达标 / 未达标.

    >>> rate(46, 44, 50), rate(8.0, 9.0, 7.5, "cost")
    ('达标', '达标')
    """
    check_choice(direction, ["benefit", "cost"], "指标方向")
    s = 1 if direction == "benefit" else -1
    if s * value >= s * excellent_line:
        return "优秀"
    return "达标" if s * value >= s * pass_line else "未达标"


# ---------------------------------------------------------------- SMART
def smart_targets(targets: pd.DataFrame, forecast: dict, tree: pd.DataFrame | None = None) -> pd.DataFrame:
    """SMART check of annual draft targets. ``targets``: columns target_id, metric, value,
    deadline (and optional parent). ``forecast``: {metric: (low, central, high)} of next year.
    S: the metric is named (a node of ``tree`` when given); M: a number > 0; A: not above the
    forecast's high end; challenging: not below its central value; R: it has a parent goal in
    the tree; T: a deadline. Adds columns S, M, A, R, T, smart, finding (Chinese).

    >>> t = pd.DataFrame([{"target_id": "T1", "metric": "订单", "value": 30000, "deadline": "2026-12-31"}])
    >>> smart_targets(t, {"订单": (20000, 24000, 28000)})["finding"].iloc[0]
    '不可实现：30000 高于预测区间上限 28000，需要更多预算或资源支撑'
    """
    check_columns(targets, ["target_id", "metric", "value", "deadline"])
    nodes = set(tree["id"]) if tree is not None else None
    parents = dict(zip(tree["id"], tree["parent"], strict=True)) if tree is not None else {}
    rows = []
    for t in targets.itertuples(index=False):
        problems = []
        s_ok = isinstance(t.metric, str) and t.metric in forecast and (nodes is None or t.metric in nodes)
        if not s_ok:
            problems.append(f"不具体：指标“{t.metric}”没有预测或不在 KPI 树里"
                            f"（可用：{'、'.join(forecast)}）")
        try:
            value = float(t.value)
        except (TypeError, ValueError):
            value = float("nan")
        m_ok = not math.isnan(value) and value > 0
        if not m_ok:
            problems.append("不可衡量：没有大于 0 的目标数值")
        a_ok = challenging = True
        if s_ok and m_ok:
            low, mid, high = forecast[t.metric]
            a_ok = value <= high
            challenging = value >= mid
            if not a_ok:
                problems.append(f"不可实现：{value:.0f} 高于预测区间上限 {high:.0f}，需要更多预算或资源支撑")
            elif not challenging:
                problems.append(f"没有挑战：{value:.0f} 低于预测中值 {mid:.0f}，不努力也可能达到")
        r_ok = tree is None or bool(parents.get(t.metric))
        if not r_ok:
            problems.append("不相关：没有挂在任何上级目标下")
        t_ok = pd.notna(pd.to_datetime(t.deadline, errors="coerce")) if t.deadline else False
        if not t_ok:
            problems.append("没有时限：要写截止日期")
        ok = s_ok and m_ok and a_ok and challenging and r_ok and t_ok
        rows.append({**t._asdict(), "S": s_ok, "M": m_ok, "A": a_ok and challenging, "R": r_ok,
                     "T": t_ok, "smart": ok, "finding": "；".join(problems) if problems else "符合 SMART"})
    return pd.DataFrame(rows)
