"""Benefit evaluation (效益评估): the ROI family, response curves, marginal ROI, payback and
brand benefit (search-index lift, share of voice).

Definitions (see the course calibration notes):

- 投产比 ROAS = GMV ÷ 投放花费 (a multiple: 3 means 3 元 of sales per 1 元 spent);
- ROI = (收入 − 成本) ÷ 成本 (a return on cost: 0.5 means 5 角 of profit per 1 元); here the
  收入 of a channel is its gross profit on net sales (成交额 − 退款) × 毛利率, the 成本 its spend;
- CAC = 花费 ÷ 新客数; LTV = 每客每月毛利 ÷ 月流失率; 回本周期 = CAC ÷ 每客每月毛利 (months).

Response curves (``ResponseCurve``) are the API the budget optimiser builds on: ``revenue(s)``,
``marginal(s)`` (d revenue / d spend), ``spend_at_marginal(m)`` (the spend where the marginal
return falls to ``m``, which is how equal-marginal allocations are found).

>>> r = channel_summary(pd.DataFrame({"channel_code": ["a", "a"], "spend": [100.0, 100.0],
...     "gmv": [500.0, 300.0], "refunds": [0.0, 100.0], "new_customers": [10, 10]}), margin=0.5)
>>> r.loc["a", ["roas", "roi", "cac"]].tolist()
[4.0, 0.75, 10.0]
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ._errors import check_choice, check_columns

KINDS = ("exp", "power")


def roas(gmv, spend):
    """投产比 = GMV ÷ 花费 (works on numbers and Series).

    >>> roas(3000, 1000)
    3.0
    """
    return _div(gmv, spend, "花费")


def roi(revenue, cost):
    """ROI = (收入 − 成本) ÷ 成本.

    >>> roi(1500, 1000)
    0.5
    """
    return _div(revenue - cost, cost, "成本")


def cac(spend, new_customers):
    """获客成本 = 花费 ÷ 新客数.

    >>> cac(5000, 250)
    20.0
    """
    return _div(spend, new_customers, "新客数")


def ltv(monthly_profit, churn):
    """用户生命周期价值 = 每客每月毛利 ÷ 月流失率 (expected lifetime 1/churn months).

    >>> ltv(12, 0.2)
    60.0
    """
    if np.any(np.asarray(churn) <= 0) or np.any(np.asarray(churn) > 1):
        raise ValueError(f"月流失率应在 0 到 1 之间（不含 0），你给的是 {churn!r}：如 15% 写 0.15。")
    return _div(monthly_profit, churn, "月流失率")


def payback_months(cac_value, monthly_profit):
    """回本周期（月）= CAC ÷ 每客每月毛利.

    >>> payback_months(30, 12)
    2.5
    """
    return _div(cac_value, monthly_profit, "每客每月毛利")


def _div(num, den, what):
    if np.isscalar(den) and den == 0:
        raise ZeroDivisionError(f"{what}为 0，无法相除：检查分母。")
    out = num / den
    return float(out) if np.isscalar(out) else out


def channel_summary(weekly: pd.DataFrame, margin: float = 0.6, by: str = "channel_code") -> pd.DataFrame:
    """Totals per channel and the ROI family: spend, gmv, refunds, net_sales, gross_profit,
    new_customers, roas (GMV ÷ spend), net_roas (net sales ÷ spend), roi (on gross profit), cac.
    Sorted by roi, best first (see the module example)."""
    check_columns(weekly, [by, "spend", "gmv", "refunds", "new_customers"])
    if not 0 < margin <= 1:
        raise ValueError(f"毛利率应在 0 到 1 之间，你给的是 {margin!r}：如 60% 写 0.6。")
    t = weekly.groupby(by, observed=True)[["spend", "gmv", "refunds", "new_customers"]].sum()
    t["net_sales"] = t["gmv"] - t["refunds"]
    t["gross_profit"] = t["net_sales"] * margin
    t["roas"] = roas(t["gmv"], t["spend"])
    t["net_roas"] = roas(t["net_sales"], t["spend"])
    t["roi"] = roi(t["gross_profit"], t["spend"])
    t["cac"] = cac(t["spend"], t["new_customers"])
    return t.sort_values("roi", ascending=False)


# ---------------------------------------------------------------- response curves

@dataclass
class ResponseCurve:
    """A concave response curve revenue(spend).

    ``kind="exp"``: revenue = a·(1 − e^(−b·spend)) (saturates at a);
    ``kind="power"``: revenue = a·spend^b with 0 < b < 1 (never saturates).

    >>> c = ResponseCurve("exp", a=1000.0, b=0.001)
    >>> round(c.revenue(1000), 1), round(c.marginal(0), 3), round(c.spend_at_marginal(0.5), 1)
    (632.1, 1.0, 693.1)
    """

    kind: str
    a: float
    b: float
    name: str = ""
    r2: float = float("nan")
    spend_range: tuple[float, float] = field(default=(0.0, float("inf")))

    def __post_init__(self):
        check_choice(self.kind, KINDS, "曲线类型")

    def revenue(self, spend):
        s = np.asarray(spend, dtype=float)
        out = self.a * (1 - np.exp(-self.b * s)) if self.kind == "exp" else self.a * np.power(s, self.b)
        return float(out) if out.ndim == 0 else out

    def marginal(self, spend):
        """d revenue / d spend: the extra revenue of the next 1 元 (边际投产比)."""
        s = np.asarray(spend, dtype=float)
        if self.kind == "exp":
            out = self.a * self.b * np.exp(-self.b * s)
        else:
            out = self.a * self.b * np.power(np.maximum(s, 1e-9), self.b - 1)
        return float(out) if out.ndim == 0 else out

    def roas(self, spend):
        """Average 投产比 at a spend level: revenue(spend) ÷ spend."""
        return self.revenue(spend) / np.asarray(spend, dtype=float)

    def spend_at_marginal(self, m: float) -> float:
        """The spend where the marginal return has fallen to ``m`` (0 if it is below m already)."""
        if m <= 0:
            raise ValueError(f"边际回报 m 应大于 0，你给的是 {m!r}。")
        if self.kind == "exp":
            return float(max(0.0, np.log(self.a * self.b / m) / self.b))
        return float((m / (self.a * self.b)) ** (1 / (self.b - 1)))

    def __repr__(self):
        f = "a·(1 − e^(−b·花费))" if self.kind == "exp" else "a·花费^b"
        return (f"ResponseCurve({self.name or '渠道'}: 收入 = {f}, a = {self.a:.4g}, b = {self.b:.4g}, "
                f"R² = {self.r2:.3f})")


def fit_response(spend, revenue, kind: str = "exp", name: str = "") -> ResponseCurve:
    """Least-squares fit of a concave response curve (scipy ``curve_fit``).

    >>> s = np.linspace(500, 20000, 30)
    >>> c = fit_response(s, 50000 * (1 - np.exp(-s / 8000)))
    >>> round(c.a), round(1 / c.b)
    (50000, 8000)
    """
    from scipy.optimize import curve_fit

    check_choice(kind, KINDS, "曲线类型")
    s = np.asarray(spend, dtype=float)
    y = np.asarray(revenue, dtype=float)
    if len(s) != len(y) or len(s) < 3:
        raise ValueError(f"至少需要 3 组花费和收入且长度相同；现在是 {len(s)} 个花费、{len(y)} 个收入。")
    if kind == "exp":
        def f(x, a, b):
            return a * (1 - np.exp(-b * x))
        p0, bounds = (2 * y.max(), 1 / max(s.mean(), 1e-9)), ([0, 0], [np.inf, np.inf])
    else:
        def f(x, a, b):
            return a * np.power(x, b)
        p0, bounds = (y.mean() / np.sqrt(max(s.mean(), 1e-9)), 0.5), ([0, 0], [np.inf, 1])
    (a, b), _ = curve_fit(f, s, y, p0=p0, bounds=bounds, maxfev=10000)
    resid = y - f(s, a, b)
    r2 = 1 - float(resid @ resid) / float(((y - y.mean()) ** 2).sum())
    return ResponseCurve(kind, float(a), float(b), name=name, r2=r2, spend_range=(float(s.min()), float(s.max())))


def fit_curves(weekly: pd.DataFrame, kind: str = "exp", by: str = "channel_code", spend: str = "spend",
               revenue: str = "gmv") -> dict[str, ResponseCurve]:
    """One fitted curve per channel, e.g. ``fit_curves(channel_weekly)["dy-ad"]``."""
    check_columns(weekly, [by, spend, revenue])
    return {str(k): fit_response(g[spend], g[revenue], kind, name=str(k))
            for k, g in weekly.groupby(by, observed=True)}


def marginal_roi(curve: ResponseCurve, spend, margin: float = 1.0):
    """Marginal ROI of the next 1 元 = margin × marginal(spend) − 1 (below 0: it loses money).

    >>> round(marginal_roi(ResponseCurve("exp", 1000.0, 0.001), 0, margin=0.6), 2)
    -0.4
    """
    return margin * curve.marginal(spend) - 1


def curve_table(curves: dict[str, ResponseCurve], spends: dict[str, float], margin: float = 1.0) -> pd.DataFrame:
    """At the given spend per channel: revenue, average ROAS, marginal ROAS and marginal ROI."""
    spends = pd.Series(spends)
    rows = []
    for k, c in curves.items():
        check_choice(k, list(spends.index), "渠道")
        s = float(spends[k])
        rows.append((k, s, c.revenue(s), c.revenue(s) / s if s else float("nan"), c.marginal(s),
                     marginal_roi(c, s, margin)))
    return pd.DataFrame(rows, columns=["channel_code", "spend", "revenue", "roas", "marginal_roas",
                                       "marginal_roi"]).set_index("channel_code")


# ---------------------------------------------------------------- brand benefit

def _series(search_index, keyword, source, index_type):
    check_columns(search_index, ["date", "keyword", "source", "index_type", "value"])
    check_choice(keyword, sorted(search_index["keyword"].unique()), "关键词")
    s = search_index[(search_index["keyword"] == keyword) & (search_index["source"] == source)
                     & (search_index["index_type"] == index_type)]
    if s.empty:
        raise ValueError(f"没有 {source}·{index_type} 的数据；可用的有："
                         + "、".join(sorted(set(search_index["source"].astype(str) + "·"
                                          + search_index["index_type"].astype(str)))))
    return s.set_index(pd.to_datetime(s["date"]))["value"].sort_index()


def search_lift(search_index: pd.DataFrame, keyword: str, start: str, end: str, baseline_days: int = 28,
                source: str = "百度指数", index_type: str = "搜索指数") -> dict:
    """Mean index during [start, end] vs the ``baseline_days`` before start; lift = during/before − 1.

    >>> si = pd.DataFrame({"date": pd.date_range("2025-01-01", periods=6).astype(str), "keyword": "k",
    ...     "source": "百度指数", "index_type": "搜索指数", "value": [100, 100, 100, 150, 150, 150]})
    >>> search_lift(si, "k", "2025-01-04", "2025-01-06", baseline_days=3)["lift"]
    0.5
    """
    s = _series(search_index, keyword, source, index_type)
    t0, t1 = pd.Timestamp(start), pd.Timestamp(end)
    before = float(s[(s.index >= t0 - pd.Timedelta(days=baseline_days)) & (s.index < t0)].mean())
    during = float(s[(s.index >= t0) & (s.index <= t1)].mean())
    return {"before": before, "during": during, "lift": during / before - 1}


def share_of_voice(search_index: pd.DataFrame, keywords, start: str, end: str, source: str = "百度指数",
                   index_type: str = "搜索指数") -> pd.Series:
    """声量份额: each keyword's share of the summed index of ``keywords`` in [start, end].

    >>> si = pd.DataFrame({"date": ["2025-01-01"] * 2, "keyword": ["我", "竞"], "source": "百度指数",
    ...     "index_type": "搜索指数", "value": [300, 100]})
    >>> share_of_voice(si, ["我", "竞"], "2025-01-01", "2025-01-01").tolist()
    [0.75, 0.25]
    """
    t0, t1 = pd.Timestamp(start), pd.Timestamp(end)
    tot = {k: float(_series(search_index, k, source, index_type)[t0:t1].sum()) for k in keywords}
    s = pd.Series(tot, name="share_of_voice")
    return s / s.sum()


# ---------------------------------------------------------------- widget

def response_view(curve: ResponseCurve, spend: float, margin: float = 1.0, points: int = 60) -> dict:
    """Everything the response panel draws at one spend level (plain data, testable).

    >>> v = response_view(ResponseCurve("exp", 1000.0, 0.001), 500)
    >>> round(v["revenue"], 1), round(v["marginal_roas"], 3), len(v["x"])
    (393.5, 0.607, 60)
    """
    hi = max(3 * spend, 2 * curve.spend_range[0], 1.0)
    if np.isfinite(curve.spend_range[1]):
        hi = max(hi, 1.5 * curve.spend_range[1])
    x = np.linspace(0, hi, points)
    rev = curve.revenue(spend)
    return {"x": x.tolist(), "y": np.asarray(curve.revenue(x)).tolist(), "spend": float(spend),
            "revenue": rev, "roas": rev / spend if spend else float("nan"),
            "marginal_roas": curve.marginal(spend), "marginal_roi": marginal_roi(curve, spend, margin)}


def response_panel(curves: dict[str, ResponseCurve], spend: float = 5000, margin: float = 1.0,
                   weekly: pd.DataFrame | None = None, by: str = "channel_code"):
    """🎛️ Channel dropdown + weekly-spend slider → the fitted curve, the point, and a card with
    revenue, ROAS and marginal ROI (red when the next 1 元 loses money)."""
    import ipywidgets as w
    import plotly.graph_objects as go

    from .widgets import Panel

    names = list(curves)
    channel = w.Dropdown(options=names, value=names[0], description="渠道")
    slider = w.IntSlider(value=int(spend), min=0, max=30000, step=500, description="周花费（元）",
                         continuous_update=False, style={"description_width": "initial"})
    fig = go.FigureWidget(layout=dict(height=360, xaxis_title="每周花费（元）", yaxis_title="成交额（元）",
                                      margin=dict(t=40, l=60, r=20, b=50)))
    fig.add_scatter(mode="markers", name="实际周数据", marker=dict(opacity=0.5))
    fig.add_scatter(mode="lines", name="拟合曲线")
    fig.add_scatter(mode="markers", name="当前花费", marker=dict(size=14, color="crimson"))
    card = w.HTML()

    def update(channel: str, spend: int) -> None:
        c = curves[channel]
        v = response_view(c, max(spend, 1), margin)
        with fig.batch_update():
            if weekly is not None:
                g = weekly[weekly[by] == channel]
                fig.data[0].x, fig.data[0].y = g["spend"].tolist(), g["gmv"].tolist()
            fig.data[1].x, fig.data[1].y = v["x"], v["y"]
            fig.data[2].x, fig.data[2].y = [v["spend"]], [v["revenue"]]
            fig.layout.title = f"{channel} 的响应曲线（R² = {c.r2:.2f}）"
        color = "crimson" if v["marginal_roi"] < 0 else "seagreen"
        card.value = (f"<b>周花费 {v['spend']:,.0f} 元</b>：预计成交额 {v['revenue']:,.0f} 元，"
                      f"平均投产比 {v['roas']:.2f}，边际投产比 {v['marginal_roas']:.2f}，"
                      f"<span style='color:{color}'>边际 ROI {v['marginal_roi']:+.2f}</span>"
                      f"（毛利率 {margin:.0%}；小于 0 表示多花的 1 元已经赚不回来）")

    return Panel({"channel": channel, "spend": slider}, [fig, card], update, figure=fig, card=card)


# ---------------------------------------------------------------- budget reallocation (A3-3)

def _bounds(curves: dict[str, ResponseCurve], total: float, bounds: dict | None) -> dict[str, tuple[float, float]]:
    bounds = dict(bounds or {})
    for k in bounds:
        check_choice(k, list(curves), "渠道")
    out = {k: tuple(float(v) for v in bounds.get(k, (0.0, total))) for k in curves}
    for k, (lo, hi) in out.items():
        if lo < 0 or hi < lo:
            raise ValueError(f"渠道 {k} 的上下限 ({lo:g}, {hi:g}) 不对：下限应 ≥ 0，且不大于上限。")
    lo_sum, hi_sum = sum(b[0] for b in out.values()), sum(b[1] for b in out.values())
    if not lo_sum - 1e-6 <= total <= hi_sum + 1e-6:
        raise ValueError(f"总预算 {total:,.0f} 元不在各渠道上下限之和 {lo_sum:,.0f} – {hi_sum:,.0f} 元之间："
                         "放宽上下限或改预算。")
    return out


def equal_marginal(curves: dict[str, ResponseCurve], total: float, bounds: dict | None = None) -> dict:
    """The closed-form optimum of "spend all of ``total``": every channel not held at a bound
    spends ``spend_at_marginal(m)`` for one common marginal 投产比 ``m``, found by bisection so
    the spends add up to ``total``. Returns ``{"spend": {channel: 元}, "marginal": m}``.

    >>> cs = {"a": ResponseCurve("exp", 1000.0, 0.001), "b": ResponseCurve("exp", 1000.0, 0.002)}
    >>> r = equal_marginal(cs, 1000)
    >>> {k: round(v) for k, v in r["spend"].items()}, round(r["marginal"], 3)
    ({'a': 436, 'b': 564}, 0.647)
    """
    bd = _bounds(curves, total, bounds)

    def spends(m):
        return {k: min(max(c.spend_at_marginal(m), bd[k][0]), bd[k][1]) for k, c in curves.items()}

    lo, hi = 1e-12, max(float(c.marginal(bd[k][0])) for k, c in curves.items()) * 2 + 1e-9
    for _ in range(200):  # sum of spends falls as m rises
        mid = np.sqrt(lo * hi)
        if sum(spends(mid).values()) > total:
            lo = mid
        else:
            hi = mid
    m = float(np.sqrt(lo * hi))
    return {"spend": spends(m), "marginal": m}


def reallocate(curves: dict[str, ResponseCurve], total: float, bounds: dict | None = None,
               margin: float | None = None) -> pd.DataFrame:
    """Best split of a weekly budget over the channels on their fitted response curves
    (scipy ``minimize``, SLSQP).

    ``margin=None``: maximise total revenue with the spends adding up to ``total``;
    ``margin=0.6``: maximise gross profit ``margin × revenue − spend`` with spends at most
    ``total`` (money whose marginal ROI is negative stays unspent). ``bounds``: per-channel
    ``(min, max)`` weekly spend, e.g. ``{"wb-kol": (1000, 4000)}``; others are ``(0, total)``.

    Columns: ``spend``, ``revenue``, ``marginal_roas`` and ``bound`` ("下限" / "上限" / "").
    At the optimum the channels not at a bound have equal marginal 投产比 (compare
    :func:`equal_marginal`).

    >>> cs = {"a": ResponseCurve("exp", 1000.0, 0.001), "b": ResponseCurve("exp", 1000.0, 0.002)}
    >>> r = reallocate(cs, 1000)
    >>> r["spend"].round().tolist(), r["marginal_roas"].round(3).tolist()
    ([436.0, 564.0], [0.647, 0.647])
    """
    from scipy.optimize import minimize

    total = float(total)
    if total <= 0:
        raise ValueError(f"总预算应大于 0，你给的是 {total!r}。")
    if margin is not None and not 0 < margin <= 1:
        raise ValueError(f"毛利率应在 0 到 1 之间，你给的是 {margin!r}：如 60% 写 0.6。")
    bd = _bounds(curves, total, bounds)
    names = list(curves)
    scale = total / len(names)
    start = equal_marginal(curves, total, bd)["spend"]
    x0 = np.array([start[k] for k in names]) / scale

    def value(x):
        s = x * scale
        rev = np.array([curves[k].revenue(v) for k, v in zip(names, s, strict=True)])
        grad = np.array([curves[k].marginal(v) for k, v in zip(names, s, strict=True)])
        if margin is None:
            return -rev.sum() / scale, -grad
        return -(margin * rev - s).sum() / scale, -(margin * grad - 1)

    if margin is None:
        cons = [{"type": "eq", "fun": lambda x: x.sum() - total / scale, "jac": lambda x: np.ones_like(x)}]
    else:
        cons = [{"type": "ineq", "fun": lambda x: total / scale - x.sum(), "jac": lambda x: -np.ones_like(x)}]
    res = minimize(value, x0, jac=True, method="SLSQP", constraints=cons,
                   bounds=[(bd[k][0] / scale, bd[k][1] / scale) for k in names],
                   options={"ftol": 1e-12, "maxiter": 500})
    s = np.clip(res.x * scale, [bd[k][0] for k in names], [bd[k][1] for k in names])
    tol = 1e-3 * max(total, 1.0)
    out = pd.DataFrame({"spend": s, "revenue": [curves[k].revenue(v) for k, v in zip(names, s, strict=True)],
                        "marginal_roas": [curves[k].marginal(v) for k, v in zip(names, s, strict=True)],
                        "bound": ["下限" if v <= bd[k][0] + tol and bd[k][0] > 0 else
                                  "上限" if v >= bd[k][1] - tol and bd[k][1] < total else ""
                                  for k, v in zip(names, s, strict=True)]},
                       index=pd.Index(names, name="channel_code"))
    return out


def compare_allocation(curves: dict[str, ResponseCurve], before: dict, after: dict,
                       margin: float = 1.0) -> pd.DataFrame:
    """Before vs after per channel: spend, revenue, change and marginal ROI, plus a 合计 row.

    >>> cs = {"a": ResponseCurve("exp", 1000.0, 0.001), "b": ResponseCurve("exp", 1000.0, 0.002)}
    >>> t = compare_allocation(cs, {"a": 800, "b": 200}, {"a": 436, "b": 564})
    >>> round(float(t.loc["合计", "revenue_change"]), 1)
    149.4
    """
    b, a = curve_table(curves, before, margin), curve_table(curves, after, margin)
    t = pd.DataFrame({"spend_before": b["spend"], "spend_after": a["spend"],
                      "revenue_before": b["revenue"], "revenue_after": a["revenue"],
                      "marginal_roi_before": b["marginal_roi"], "marginal_roi_after": a["marginal_roi"]})
    t["spend_change"] = t["spend_after"] - t["spend_before"]
    t["revenue_change"] = t["revenue_after"] - t["revenue_before"]
    t.loc["合计"] = t[["spend_before", "spend_after", "revenue_before", "revenue_after", "spend_change",
                     "revenue_change"]].sum()
    return t


def allocation_view(curves: dict[str, ResponseCurve], total: float, current: dict, bounds: dict | None = None,
                    margin: float = 0.6) -> dict:
    """What the budget panel draws for one total weekly budget (plain data, testable).

    >>> cs = {"a": ResponseCurve("exp", 1000.0, 0.001), "b": ResponseCurve("exp", 1000.0, 0.002)}
    >>> v = allocation_view(cs, 1000, {"a": 800, "b": 200}, margin=1.0)
    >>> v["channels"], [round(x) for x in v["optimal"]], round(v["gain"], 1)
    (['a', 'b'], [436, 564], 149.4)
    """
    opt = reallocate(curves, total, bounds)
    now = curve_table(curves, current, margin)
    rev_now = float(now["revenue"].sum())
    rev_opt = float(opt["revenue"].sum())
    return {"channels": list(opt.index), "current": [float(current[k]) for k in opt.index],
            "optimal": opt["spend"].tolist(), "marginal_roas": opt["marginal_roas"].tolist(),
            "bound": opt["bound"].tolist(), "total": float(total), "current_total": float(sum(current.values())),
            "revenue_current": rev_now, "revenue_optimal": rev_opt, "gain": rev_opt - rev_now,
            "profit_optimal": margin * rev_opt - float(total)}


def allocation_panel(curves: dict[str, ResponseCurve], current: dict, bounds: dict | None = None,
                     margin: float = 0.6, names: dict | None = None):
    """🎛️ Total weekly budget slider → the optimal split (bars next to today's split) and a card
    with the revenue gain and the common marginal 投产比."""
    import ipywidgets as w
    import plotly.graph_objects as go

    from .widgets import Panel

    now_total = int(round(sum(current.values()), -3))
    lo = int(sum(b[0] for b in (bounds or {}).values()))
    slider = w.IntSlider(value=now_total, min=max(lo, 2000), max=2 * now_total, step=1000,
                         description="每周总预算（元）", continuous_update=False,
                         style={"description_width": "initial"}, layout=w.Layout(width="480px"))
    fig = go.FigureWidget(layout=dict(height=380, barmode="group", yaxis_title="每周花费（元）",
                                      margin=dict(t=80, l=60, r=20, b=50)))
    fig.add_bar(name="现在")
    fig.add_bar(name="最优")
    card = w.HTML()

    def update(total: int) -> None:
        v = allocation_view(curves, total, current, bounds, margin)
        labels = [(names or {}).get(k, k) for k in v["channels"]]
        with fig.batch_update():
            fig.data[0].x, fig.data[0].y = labels, v["current"]
            fig.data[1].x, fig.data[1].y = labels, v["optimal"]
            fig.layout.title = f"每周总预算 {total:,} 元时的最优分配"
        free = [m for m, b in zip(v["marginal_roas"], v["bound"], strict=True) if not b]
        m = f"{free[0]:.2f}" if free else "—"
        mroi = margin * free[0] - 1 if free else float("nan")
        color = "crimson" if mroi < 0 else "seagreen"
        card.value = (f"每周 {total:,} 元按最优分配，净销售额约 <b>{v['revenue_optimal']:,.0f} 元</b>，"
                      f"比现在的分配（{v['current_total']:,.0f} 元，净销售额约 {v['revenue_current']:,.0f} 元）"
                      f"{'多' if v['gain'] >= 0 else '少'} {abs(v['gain']):,.0f} 元。"
                      f"没有碰到上下限的渠道边际投产比都是 {m}，"
                      f"<span style='color:{color}'>边际 ROI {mroi:+.2f}</span>（毛利率 {margin:.0%}；"
                      "小于 0 说明总预算已经多到不划算）。")

    return Panel({"total": slider}, [fig, card], update, figure=fig, card=card)
