"""Experiments and process control (精益创新): A/B tests of two conversion rates, the sample
size a test needs, and control charts with run rules for daily operating metrics.

- ``ab_test``: the two-proportion z-test (pooled, as in statsmodels ``proportions_ztest``; for
  a 2 × 2 table it equals the chi-square test without Yates' correction: χ² = z²) with the
  difference, the relative lift and a 95 % confidence interval of the difference.
- ``sample_size`` / ``power``: visitors per group for a baseline rate and a minimum detectable
  effect (MDE), with the formula of Evan Miller's A/B sample-size calculator.
- ``cumulative_ab``: the test re-run at the end of every day ("peeking").
- ``p_chart`` (a rate with a varying daily sample size), ``xmr_chart`` (individuals and moving
  range), ``run_rules`` (Western Electric rules 1-4).

scipy and statsmodels are imported inside the functions that need them (kernel start stays fast).

>>> r = ab_test(12, 99, 5, 83)          # the statsmodels docs example: p = 0.159
>>> round(r["p_value"], 3), r["significant"]
(0.159, False)
>>> sample_size(0.20, 0.05)             # Evan Miller's calculator: 20 % → 25 %, α 0.05, power 0.8
1031
"""

from __future__ import annotations

from math import ceil, erfc, sqrt
from statistics import NormalDist

import numpy as np
import pandas as pd

from ._errors import check_choice, check_columns

LABELS = {"rate_a": "A 转化率", "rate_b": "B 转化率", "diff": "差值（B − A）", "lift": "相对提升",
          "z": "z 值", "p_value": "p 值", "ci_low": "差值置信下限", "ci_high": "差值置信上限",
          "significant": "显著", "visitors_a": "A 累计访客", "orders_a": "A 累计订单",
          "visitors_b": "B 累计访客", "orders_b": "B 累计订单", "center": "中心线", "ucl": "上控制限",
          "lcl": "下控制限", "sigma": "σ", "out": "超出控制限", "value": "数值", "mr": "移动极差",
          "rule1": "规则1：超出3σ", "rule2": "规则2：3点中2点超2σ", "rule3": "规则3：5点中4点超1σ",
          "rule4": "规则4：连续8点在同一侧", "any_rule": "任一规则", "n": "样本量", "x": "次数", "p": "比率"}
RULES = ("rule1", "rule2", "rule3", "rule4")


def _z(q: float) -> float:
    return NormalDist().inv_cdf(q)


def _check_counts(x, n, what):
    if not 0 <= x <= n or n <= 0:
        raise ValueError(f"{what}的转化数 {x!r} 和访客数 {n!r} 不对：访客数应大于 0，转化数在 0 到访客数之间。")


def ab_test(x_b: int, n_b: int, x_a: int, n_a: int, alpha: float = 0.05) -> dict:
    """Two-sided two-proportion z-test of B against A (statsmodels ``proportions_ztest``).

    Arguments are B's conversions and visitors, then A's. Returns ``rate_a``, ``rate_b``,
    ``diff`` (B − A), ``lift`` (B ÷ A − 1), ``z``, ``p_value``, ``ci_low``/``ci_high`` (the
    1 − alpha interval of the difference, unpooled) and ``significant`` (p < alpha).

    >>> r = ab_test(469, 12186, 343, 11793)
    >>> round(r["lift"], 3), r["p_value"] < 0.001
    (0.323, True)
    """
    from statsmodels.stats.proportion import proportions_ztest

    _check_counts(x_b, n_b, "B 组")
    _check_counts(x_a, n_a, "A 组")
    if not 0 < alpha < 1:
        raise ValueError(f"显著性水平 alpha 应在 0 到 1 之间，你给的是 {alpha!r}：常用 0.05。")
    z, p = proportions_ztest([x_b, x_a], [n_b, n_a])
    ra, rb = x_a / n_a, x_b / n_b
    se = sqrt(ra * (1 - ra) / n_a + rb * (1 - rb) / n_b)
    half = _z(1 - alpha / 2) * se
    return {"rate_a": ra, "rate_b": rb, "diff": rb - ra, "lift": rb / ra - 1 if ra else float("nan"),
            "z": float(z), "p_value": float(p), "ci_low": rb - ra - half, "ci_high": rb - ra + half,
            "significant": bool(p < alpha)}


def ab_summary(daily: pd.DataFrame, variant: str = "variant", visitors: str = "visitors",
               orders: str = "orders", until_day: int | None = None) -> dict:
    """``ab_test`` on a daily A/B table (``ab_test_daily``), optionally only days 1 … ``until_day``.

    >>> from nmt_lab import load
    >>> r = ab_summary(load("ab_test_daily"), until_day=5)
    >>> r["significant"], ab_summary(load("ab_test_daily"))["significant"]
    (True, False)
    """
    check_columns(daily, [variant, visitors, orders])
    d = daily if until_day is None else daily[daily["day"] <= until_day]
    s = d.groupby(variant)[[visitors, orders]].sum()
    for v in ("A", "B"):
        check_choice(v, list(s.index), "版本")
    return ab_test(int(s.loc["B", orders]), int(s.loc["B", visitors]), int(s.loc["A", orders]),
                   int(s.loc["A", visitors]))


def cumulative_ab(daily: pd.DataFrame, variant: str = "variant", visitors: str = "visitors",
                  orders: str = "orders") -> pd.DataFrame:
    """The test re-run at the end of every day on all data so far (what a team that "peeks"
    sees). One row per day: cumulative visitors/orders of A and B, rates, lift, z, p_value.

    >>> from nmt_lab import load
    >>> c = cumulative_ab(load("ab_test_daily"))
    >>> len(c), bool(c["p_value"].iloc[4] < 0.05), bool(c["p_value"].iloc[-1] > 0.05)
    (28, True, True)
    """
    check_columns(daily, ["day", variant, visitors, orders])
    w = daily.pivot_table(index="day", columns=variant, values=[visitors, orders], aggfunc="sum").cumsum()
    out = pd.DataFrame({"visitors_a": w[(visitors, "A")], "orders_a": w[(orders, "A")],
                        "visitors_b": w[(visitors, "B")], "orders_b": w[(orders, "B")]})
    out["rate_a"] = out["orders_a"] / out["visitors_a"]
    out["rate_b"] = out["orders_b"] / out["visitors_b"]
    out["lift"] = out["rate_b"] / out["rate_a"] - 1
    pooled = (out["orders_a"] + out["orders_b"]) / (out["visitors_a"] + out["visitors_b"])
    se = np.sqrt(pooled * (1 - pooled) * (1 / out["visitors_a"] + 1 / out["visitors_b"]))
    out["z"] = (out["rate_b"] - out["rate_a"]) / se
    out["p_value"] = [erfc(abs(z) / sqrt(2)) for z in out["z"]]
    out.columns.name = None
    return out


def _delta(baseline: float, mde: float, relative: bool) -> float:
    if not 0 < baseline < 1:
        raise ValueError(f"基线转化率应在 0 到 1 之间，你给的是 {baseline!r}：如 6.5% 写 0.065。")
    delta = baseline * mde if relative else mde
    if delta <= 0 or baseline + delta >= 1:
        raise ValueError(f"最小可检测效应 mde = {mde!r} 不对：应大于 0，且基线 + 提升小于 1"
                         "（relative=True 时 0.2 表示相对提升 20%）。")
    return delta


def sample_size(baseline: float, mde: float, alpha: float = 0.05, power: float = 0.8,
                relative: bool = False) -> int:
    """Visitors needed in EACH group to detect a change of ``mde`` (absolute, or relative to
    the baseline when ``relative=True``) with a two-sided test at ``alpha`` and ``power``.

    n = (z₁₋α/₂ · √(2p(1 − p)) + z₁₋β · √(p(1 − p) + p₂(1 − p₂)))² ÷ δ², p the baseline,
    p₂ = p + δ: the formula of Evan Miller's sample-size calculator, rounded up.

    >>> sample_size(0.065, 0.20, relative=True)
    5799
    """
    for name, v in (("alpha", alpha), ("power", power)):
        if not 0 < v < 1:
            raise ValueError(f"{name} 应在 0 到 1 之间，你给的是 {v!r}：常用 alpha = 0.05、power = 0.8。")
    p = baseline
    d = _delta(baseline, mde, relative)
    sd1 = sqrt(2 * p * (1 - p))
    sd2 = sqrt(p * (1 - p) + (p + d) * (1 - p - d))
    n = (_z(1 - alpha / 2) * sd1 + _z(power) * sd2) ** 2 / d ** 2
    return int(ceil(round(n, 6)))


def power(baseline: float, mde: float, n: int, alpha: float = 0.05, relative: bool = False) -> float:
    """The chance that a test with ``n`` visitors per group detects a true change of ``mde``
    (the inverse of :func:`sample_size`).

    >>> round(power(0.065, 0.20, 5799, relative=True), 3)
    0.8
    >>> round(power(0.065, 0.20, 860, relative=True), 2)      # five days of traffic
    0.2
    """
    if n <= 0:
        raise ValueError(f"每组样本量 n 应大于 0，你给的是 {n!r}。")
    p = baseline
    d = _delta(baseline, mde, relative)
    sd1 = sqrt(2 * p * (1 - p))
    sd2 = sqrt(p * (1 - p) + (p + d) * (1 - p - d))
    return NormalDist().cdf((d * sqrt(n) - _z(1 - alpha / 2) * sd1) / sd2)


def sample_size_view(baseline: float, mde: float, power_level: float = 0.8, alpha: float = 0.05,
                     daily_visitors: float = 400, points: int = 30) -> dict:
    """What the sample-size panel shows (plain data): ``n`` per group, ``days`` of traffic for
    both groups, and the curve of n over relative MDEs from 5 % to 50 %.

    >>> v = sample_size_view(0.065, 0.20, daily_visitors=400)
    >>> v["n"], v["days"], len(v["mde"])
    (5799, 29, 30)
    """
    n = sample_size(baseline, mde, alpha, power_level, relative=True)
    grid = np.linspace(0.05, 0.5, points)
    return {"n": n, "days": int(ceil(2 * n / daily_visitors)), "mde": grid.tolist(),
            "n_curve": [sample_size(baseline, float(m), alpha, power_level, relative=True) for m in grid]}


def sample_size_panel(baseline: float = 0.065, daily_visitors: float = 400):
    """🎛️ Sliders for the minimum detectable effect, power and base rate → visitors per group,
    test days and the curve of sample size over the MDE."""
    import ipywidgets as w
    import plotly.graph_objects as go

    from .widgets import Panel

    style = {"description_width": "initial"}
    mde = w.FloatSlider(value=0.2, min=0.05, max=0.5, step=0.01, description="最小可检测提升（相对）",
                        readout_format=".0%", continuous_update=False, style=style)
    pw = w.FloatSlider(value=0.8, min=0.5, max=0.95, step=0.05, description="检验功效", continuous_update=False,
                       style=style)
    base = w.FloatSlider(value=baseline, min=0.01, max=0.3, step=0.005, description="基线转化率",
                         readout_format=".1%", continuous_update=False, style=style)
    fig = go.FigureWidget(layout=dict(height=340, xaxis_title="最小可检测提升（相对）", yaxis_title="每组访客数",
                                      xaxis_tickformat=".0%", yaxis_type="log", margin=dict(t=40, l=60, r=20, b=50)))
    fig.add_scatter(mode="lines", name="每组所需访客")
    fig.add_scatter(mode="markers", name="当前设定", marker=dict(size=14, color="crimson"))
    card = w.HTML()

    def update(mde: float, power_level: float, baseline: float) -> None:
        v = sample_size_view(baseline, mde, power_level, daily_visitors=daily_visitors)
        with fig.batch_update():
            fig.data[0].x, fig.data[0].y = v["mde"], v["n_curve"]
            fig.data[1].x, fig.data[1].y = [mde], [v["n"]]
            fig.layout.title = f"基线 {baseline:.1%}、功效 {power_level:.0%} 时的样本量"
        card.value = (f"要在基线 {baseline:.1%} 上检测出 <b>{mde:.0%}</b> 的相对提升（到 {baseline * (1 + mde):.2%}），"
                      f"每组需要 <b>{v['n']:,}</b> 名访客；按每天 {daily_visitors:,.0f} 名访客对半分组，"
                      f"至少要跑 <b>{v['days']}</b> 天（最好凑满整周）。")

    return Panel({"mde": mde, "power_level": pw, "baseline": base}, [fig, card], update, figure=fig, card=card)


# ---------------------------------------------------------------- control charts

def p_chart(x, n, index=None, exclude=None) -> pd.DataFrame:
    """p chart of a rate with a varying sample size: ``p = x ÷ n``, centre line p̄ = Σx ÷ Σn,
    limits p̄ ± 3·√(p̄(1 − p̄) ÷ nᵢ) (lower limit at least 0). Columns ``n``, ``x``, ``p``,
    ``center``, ``sigma``, ``ucl``, ``lcl``, ``out``.

    ``exclude``: labels (of ``index``) of points with a found special cause, left out of p̄
    when the limits are revised (Montgomery's "revised control limits"); they stay on the chart.

    >>> c = p_chart([5, 20, 6], [100, 100, 100])
    >>> round(float(c["center"].iloc[0]), 3), c["out"].tolist()
    (0.103, [False, True, False])
    """
    x, n = np.asarray(x, dtype=float), np.asarray(n, dtype=float)
    if len(x) != len(n) or len(x) < 2:
        raise ValueError(f"次数和样本量要一一对应、至少 2 组；现在是 {len(x)} 个次数、{len(n)} 个样本量。")
    if (n <= 0).any() or (x < 0).any() or (x > n).any():
        raise ValueError("每组的样本量应大于 0，次数在 0 到样本量之间：检查是否把分子分母写反。")
    idx = pd.Index(index) if index is not None else pd.RangeIndex(1, len(x) + 1)
    keep = np.ones(len(x), dtype=bool)
    if exclude is not None:
        exclude = list(exclude)
        for e in exclude:
            check_choice(e, list(idx), "要剔除的点")
        keep = ~idx.isin(exclude)
    pbar = x[keep].sum() / n[keep].sum()
    sigma = np.sqrt(pbar * (1 - pbar) / n)
    out = pd.DataFrame({"n": n, "x": x, "p": x / n, "center": pbar, "sigma": sigma,
                        "ucl": pbar + 3 * sigma, "lcl": np.maximum(pbar - 3 * sigma, 0)}, index=idx)
    out["out"] = (out["p"] > out["ucl"]) | (out["p"] < out["lcl"])
    return out


def xmr_chart(values, index=None) -> pd.DataFrame:
    """Individuals (X) chart with its moving range: centre x̄, σ̂ = MR̄ ÷ 1.128, limits
    x̄ ± 3σ̂ (= x̄ ± 2.66·MR̄); the MR chart's upper limit is 3.267·MR̄. Columns ``value``,
    ``mr``, ``center``, ``sigma``, ``ucl``, ``lcl``, ``mr_center``, ``mr_ucl``, ``out``.

    >>> c = xmr_chart([10, 12, 11, 13, 12, 30, 11])
    >>> round(float(c["mr_center"].iloc[0]), 2), c["out"].tolist()
    (7.17, [False, False, False, False, False, False, False])
    """
    v = pd.Series(np.asarray(values, dtype=float),
                  index=index if index is not None else pd.RangeIndex(1, len(values) + 1))
    if len(v) < 3:
        raise ValueError(f"单值图至少需要 3 个数据点，现在只有 {len(v)} 个。")
    mr = v.diff().abs()
    mrbar = float(mr.mean())
    sigma = mrbar / 1.128
    out = pd.DataFrame({"value": v, "mr": mr, "center": v.mean(), "sigma": sigma})
    out["ucl"] = out["center"] + 3 * sigma
    out["lcl"] = out["center"] - 3 * sigma
    out["mr_center"], out["mr_ucl"] = mrbar, 3.267 * mrbar
    out["out"] = (out["value"] > out["ucl"]) | (out["value"] < out["lcl"])
    return out


def run_rules(values, center, sigma) -> pd.DataFrame:
    """Western Electric rules on a series (``center`` and ``sigma`` may vary point by point,
    as in a p chart). A point is flagged when it completes the pattern:

    - rule1: the point is beyond 3σ;
    - rule2: 2 of the last 3 points beyond 2σ on the same side (this one among them);
    - rule3: 4 of the last 5 points beyond 1σ on the same side (this one among them);
    - rule4: the last 8 points all on the same side of the centre line.

    >>> r = run_rules([0.5] * 8 + [3.5], 0, 1)
    >>> r["rule4"].tolist()[-2:], r["rule1"].tolist()[-1], int(r["any_rule"].sum())
    ([True, True], True, 2)
    """
    v = pd.Series(values, dtype=float) if not isinstance(values, pd.Series) else values.astype(float)
    z = (v - np.asarray(center, dtype=float)) / np.asarray(sigma, dtype=float)
    out = pd.DataFrame(index=v.index)
    out["rule1"] = z.abs() > 3
    for side in (1, -1):
        s = z * side
        r2 = (s > 2).astype(int).rolling(3, min_periods=3).sum().ge(2) & (s > 2)
        r3 = (s > 1).astype(int).rolling(5, min_periods=5).sum().ge(4) & (s > 1)
        r4 = (s > 0).astype(int).rolling(8, min_periods=8).sum().eq(8)
        out["rule2"] = out.get("rule2", False) | r2
        out["rule3"] = out.get("rule3", False) | r3
        out["rule4"] = out.get("rule4", False) | r4
    out["any_rule"] = out[list(RULES)].any(axis=1)
    return out


def chart_figure(chart: pd.DataFrame, value: str = "p", title: str = "控制图", flags: pd.DataFrame | None = None,
                 y_title: str = ""):
    """Plotly control chart: the series, centre line, limits and the flagged points in red."""
    import plotly.graph_objects as go

    check_columns(chart, [value, "center", "ucl", "lcl"])
    x = [str(i)[:10] for i in chart.index]
    fig = go.Figure()
    fig.add_scatter(x=x, y=chart[value], mode="lines+markers", name="实际", line=dict(color="#4C78A8"))
    fig.add_scatter(x=x, y=chart["center"], mode="lines", name="中心线", line=dict(color="gray"))
    fig.add_scatter(x=x, y=chart["ucl"], mode="lines", name="上控制限 UCL", line=dict(color="crimson", dash="dash"))
    fig.add_scatter(x=x, y=chart["lcl"], mode="lines", name="下控制限 LCL", line=dict(color="crimson", dash="dash"))
    bad = chart["out"] if flags is None else flags["any_rule"]
    fig.add_scatter(x=[a for a, b in zip(x, bad, strict=True) if b], y=chart.loc[bad.values, value],
                    mode="markers", name="失控点", marker=dict(color="crimson", size=11, symbol="x"))
    fig.update_layout(title=title, height=380, yaxis_title=y_title, margin=dict(t=50, l=60, r=20, b=50))
    return fig
