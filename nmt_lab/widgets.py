"""Interactive panels: the logic lives in plain functions (tested without a browser),
the view is ipywidgets + a plotly ``FigureWidget`` that updates in place.

Keep widgets out of graded cells: a widget is graded through the function behind it.
"""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as w
import pandas as pd
import plotly.graph_objects as go

from . import metrics
from .labels import label


class Panel:
    """Controls on top, outputs below; ``update(**values)`` runs on every change.

    >>> p = Panel({"n": w.IntSlider(value=1)}, [w.HTML()], lambda n: None)
    >>> p.values()
    {'n': 1}

    Where widgets cannot be drawn (a feedback page, a notebook preview) the panel reads as a
    Chinese note instead of ``VBox(children=(HBox(…``:

    >>> print(p._repr_mimebundle_()["text/plain"])
    ［交互面板：在 JupyterLab 里运行这个单元格，就能用控件操作］
    """

    NOTE = "［交互面板：在 JupyterLab 里运行这个单元格，就能用控件操作］"

    def __init__(self, controls: dict[str, w.Widget], outputs: list[w.Widget],
                 update: Callable[..., None], box: w.Widget | None = None, **parts: w.Widget):
        """``parts`` (e.g. ``figure=fig, card=card``) become attributes, for tests and notebooks;
        ``box`` replaces the default layout (controls in a row, outputs below). The panel
        draws itself once on creation."""
        self.controls = controls
        self.outputs = outputs
        self._update = update
        for name, part in parts.items():
            setattr(self, name, part)
        for control in controls.values():
            control.observe(self._on_change, names="value")
        self.box = box or w.VBox([w.HBox(list(controls.values())), *outputs])
        self.refresh()

    def values(self) -> dict:
        return {name: c.value for name, c in self.controls.items()}

    def refresh(self) -> None:
        self._update(**self.values())

    def _on_change(self, _change) -> None:
        self.refresh()

    def _repr_mimebundle_(self, **kwargs):
        bundle = self.box._repr_mimebundle_(**kwargs)
        if isinstance(bundle, dict) and "text/plain" in bundle:
            bundle["text/plain"] = self.NOTE
        return bundle


def spread_view(posts: pd.DataFrame, targets: pd.DataFrame | None, platform: str,
                metric: str, month: str) -> dict:
    """What the spread panel shows, as plain data.

    Returns ``months``, ``values`` (the metric per month), ``targets`` (per month, NaN
    where none) and ``comparison`` (this month vs last month and target, see
    :func:`nmt_lab.metrics.compare_month`).

    >>> from nmt_lab import load
    >>> v = spread_view(load("posts"), load("targets"), "微信公众号", "reads", "2025-06")
    >>> len(v["months"]) == len(v["values"]) == len(v["targets"])
    True
    >>> sorted(v["comparison"])
    ['attainment', 'change', 'current', 'previous', 'target']
    """
    table = metrics.monthly(posts, platform)
    months = list(table.index)
    if targets is not None:
        t = targets[(targets["platform"] == platform) & (targets["metric"] == metric)]
        target_by_month = t.set_index("month")["target"].reindex(months)
    else:
        target_by_month = pd.Series(float("nan"), index=months)
    comparison = metrics.compare_month(posts, targets, platform, month, [metric]).iloc[0]
    return {
        "months": months,
        "values": [float(v) for v in table[metric]],
        "targets": [float(v) for v in target_by_month],
        "comparison": {k: float(v) for k, v in comparison.items()},
    }


def _json_safe(values: list) -> list:
    """NaN is not valid JSON: a FigureWidget gets None (a gap in the line) instead."""
    return [None if pd.isna(v) else v for v in values]


def _fmt(metric: str, value: float) -> str:
    if pd.isna(value):
        return "—"
    return f"{value:.2%}" if metric in metrics.RATES else f"{value:,.0f}"


def comparison_html(metric: str, comparison: dict) -> str:
    """A small Chinese card: this month, last month (环比) and target (完成率)."""
    c = comparison
    change = "—" if pd.isna(c["change"]) else f"{c['change']:+.1%}"
    attain = "—" if pd.isna(c["attainment"]) else f"{c['attainment']:.0%}"
    colour = "#2a7f62" if not pd.isna(c["attainment"]) and c["attainment"] >= 1 else "#c0392b"
    return (
        f"<div style='font-size:14px;line-height:1.8'>"
        f"<b>{label(metric)}</b>　本月：<b>{_fmt(metric, c['current'])}</b>　"
        f"上月：{_fmt(metric, c['previous'])}（环比 {change}）　"
        f"目标：{_fmt(metric, c['target'])}（完成率 <span style='color:{colour}'>{attain}</span>）"
        f"</div>"
    )


def spread_panel(posts: pd.DataFrame, targets: pd.DataFrame | None = None,
                 platform: str = "微信公众号", metric: str = "reads",
                 month: str = "2025-06") -> Panel:
    """Pick platform, metric and month; the monthly chart (with target line and the
    picked month marked) and the comparison card update."""
    platforms = [p for p in posts["platform"].cat.categories if (posts["platform"] == p).any()]
    months = sorted(posts["published_at"].dt.strftime("%Y-%m").unique())
    controls = {
        "platform": w.Dropdown(options=platforms, value=platform, description="平台"),
        "metric": w.Dropdown(options=[(label(m), m) for m in metrics.METRICS
                                      if m in posts.columns or m in metrics.RATES],
                             value=metric, description="指标"),
        "month": w.SelectionSlider(options=months, value=month, description="月份",
                                   continuous_update=False),
    }
    fig = go.FigureWidget(
        data=[
            go.Scatter(name="实际", mode="lines+markers"),
            go.Scatter(name="目标", mode="lines", line=dict(dash="dash")),
            go.Scatter(name="所选月份", mode="markers", marker=dict(size=14, symbol="star")),
        ],
        layout=dict(height=380, xaxis_title="月份"),
    )
    card = w.HTML()

    def update(platform: str, metric: str, month: str) -> None:
        view = spread_view(posts, targets, platform, metric, month)
        is_rate = metric in metrics.RATES
        with fig.batch_update():
            fig.data[0].x, fig.data[0].y = view["months"], _json_safe(view["values"])
            fig.data[1].x, fig.data[1].y = view["months"], _json_safe(view["targets"])
            fig.data[2].x, fig.data[2].y = [month], [view["comparison"]["current"]]
            fig.layout.title = f"{platform} · 每月{label(metric)}"
            fig.layout.yaxis.title = label(metric)
            fig.layout.yaxis.tickformat = ".1%" if is_rate else ","
        card.value = comparison_html(metric, view["comparison"])

    return Panel(controls, [card, fig], update, figure=fig, card=card)


def index_view(search_index: pd.DataFrame, keyword: str, index: str, window: int) -> dict:
    """What the index panel shows: raw daily values, the ``window``-day trend and the peak.

    ``index`` is ``"来源·类型"``, e.g. ``"百度指数·搜索指数"``.

    >>> from nmt_lab import load
    >>> v = index_view(load("search_index"), "溪山茶饮", "百度指数·搜索指数", 7)
    >>> len(v["dates"]) == len(v["raw"]) == len(v["trend"]) > 300
    True
    """
    source, index_type = index.split("·", 1)
    series = metrics.index_series(search_index, keyword, source, index_type)
    smooth = metrics.trend(series, window)
    return {
        "dates": list(series.index),
        "raw": list(series.values),
        "trend": list(smooth.values),
        "peak_date": series.idxmax(),
        "peak_value": float(series.max()),
    }


def index_panel(search_index: pd.DataFrame, keyword: str = "溪山茶饮",
                index: str = "百度指数·搜索指数", window: int = 7) -> Panel:
    """Pick keyword, index and smoothing window; the daily chart and its trend update."""
    pairs = search_index[["source", "index_type"]].drop_duplicates()
    indices = [f"{s}·{t}" for s, t in pairs.itertuples(index=False)]
    controls = {
        "keyword": w.Dropdown(options=sorted(search_index["keyword"].unique()), value=keyword,
                              description="关键词"),
        "index": w.Dropdown(options=indices, value=index, description="指数"),
        "window": w.IntSlider(value=window, min=1, max=30, description="平滑天数",
                              continuous_update=False),
    }
    fig = go.FigureWidget(
        data=[
            go.Scatter(name="每日值", mode="lines", line=dict(width=1), opacity=0.45),
            go.Scatter(name="趋势（移动平均）", mode="lines", line=dict(width=3)),
            go.Scatter(name="峰值", mode="markers", marker=dict(size=12, symbol="star")),
        ],
        layout=dict(height=360, xaxis_title="日期"),
    )
    card = w.HTML()

    def update(keyword: str, index: str, window: int) -> None:
        view = index_view(search_index, keyword, index, window)
        with fig.batch_update():
            fig.data[0].x, fig.data[0].y = view["dates"], _json_safe(view["raw"])
            fig.data[1].x, fig.data[1].y = view["dates"], _json_safe(view["trend"])
            fig.data[2].x, fig.data[2].y = [view["peak_date"]], [view["peak_value"]]
            fig.layout.title = f"{keyword} · {index}（{window} 日移动平均）"
            fig.layout.yaxis.title = index.split("·")[1]
        card.value = (f"峰值：<b>{view['peak_date']:%Y-%m-%d}</b>，{view['peak_value']:,.0f}。"
                      "平滑天数越大，曲线越平稳，但越晚反映变化。")

    return Panel(controls, [card, fig], update, figure=fig, card=card)
