"""评论队列 · 负面趋势：每天的负面评论条数与占比，找出异常的日子，以及异常面板（互动组件）。"""

from __future__ import annotations

import pandas as pd

from .._errors import check_choice, check_columns

# --------------------------------------------------------------------------- #
# Daily counts and anomalies
# --------------------------------------------------------------------------- #
METRICS = {"negative": "负面条数", "negative_share": "负面占比"}


def daily(queue: pd.DataFrame, flag: str = "negative") -> pd.DataFrame:
    """Comments per day, how many of them carry ``flag`` and their share; every day is listed.

    >>> from nmt_lab import load
    >>> from nmt_lab.comments import triage
    >>> d = daily(triage(load("comments")))
    >>> list(d.columns), d.index.name
    (['comments', 'negative', 'negative_share'], 'date')
    >>> bool(d["negative_share"].between(0, 1).all())
    True
    """
    check_columns(queue, ["created_at", flag])
    day = queue["created_at"].dt.normalize()
    out = pd.DataFrame({"comments": queue.groupby(day).size(),
                        "negative": queue[flag].astype(bool).groupby(day).sum()})
    out = out.asfreq("D", fill_value=0).astype(int)
    out["negative_share"] = (out["negative"] / out["comments"].where(out["comments"] > 0)).fillna(0.0)
    out.index.name = "date"
    return out


def anomalies(table: pd.DataFrame, metric: str = "negative_share", k: float = 3.0, window: int = 14,
              min_count: int = 10) -> pd.DataFrame:
    """Flag the days whose ``metric`` exceeds ``k`` times its usual level.

    The usual level (baseline) is the median of the previous ``window`` days (the median is
    not pulled up by one bad day). A day is flagged when ``value > k × baseline`` and it has at
    least ``min_count`` negative comments (a share of 2 out of 3 is not an alarm).
    ``table`` is the output of :func:`daily`.

    >>> from nmt_lab import load
    >>> from nmt_lab.comments import triage
    >>> a = anomalies(daily(triage(load("comments"))), "negative_share", k=3)
    >>> [f"{d:%m-%d}" for d in a.index[a["flagged"]]]
    ['08-12', '08-13', '08-14']
    """
    check_choice(metric, METRICS, "指标")
    check_columns(table, ["negative", metric])
    if k <= 0 or window < 1:
        raise ValueError(f"k 应大于 0、window 至少为 1；你给出的是 k={k}，window={window}。")
    value = table[metric].astype(float)
    baseline = value.shift(1).rolling(window, min_periods=3).median()
    if metric == "negative_share":       # a quiet fortnight has share 0: keep a floor of 5 %
        baseline = baseline.clip(lower=0.05)
    else:
        baseline = baseline.clip(lower=1.0)
    threshold = k * baseline
    flagged = (value > threshold) & (table["negative"] >= min_count)
    out = pd.DataFrame({"value": value, "baseline": baseline, "threshold": threshold,
                        "negative": table["negative"], "flagged": flagged.fillna(False)})
    out.attrs["metric"] = metric
    return out


def negative_on(queue: pd.DataFrame, days) -> pd.DataFrame:
    """The negative comments of ``queue`` posted on ``days`` (dates or "YYYY-MM-DD" strings),
    e.g. the flagged days of :func:`anomalies`.

    >>> from nmt_lab import load
    >>> from nmt_lab.comments import triage
    >>> q = triage(load("comments"))
    >>> burst = negative_on(q, ["2025-08-12", "2025-08-13"])
    >>> bool(burst["negative"].all()), sorted(burst["created_at"].dt.strftime("%m-%d").unique())
    (True, ['08-12', '08-13'])
    """
    check_columns(queue, ["created_at", "negative"])
    wanted = pd.DatetimeIndex(pd.to_datetime(list(days))).normalize()
    return queue[queue["negative"].astype(bool) & queue["created_at"].dt.normalize().isin(wanted)]


def anomaly_view(queue: pd.DataFrame, metric: str = "negative_share", k: float = 3.0, window: int = 14,
                 min_count: int = 10) -> dict:
    """What the anomaly panel shows: daily values, the threshold line and the flagged days.

    >>> from nmt_lab import load
    >>> from nmt_lab.comments import triage
    >>> v = anomaly_view(triage(load("comments")), "negative", k=3)
    >>> len(v["dates"]) == len(v["values"]) == len(v["threshold"]) > 360, len(v["flagged"]) > 5
    (True, True)
    """
    table = anomalies(daily(queue), metric, k, window, min_count)
    flagged = table[table["flagged"]]

    def plain(series: pd.Series) -> list:   # NaN is not valid JSON: the browser gets None (a gap)
        return [None if pd.isna(v) else float(v) for v in series]

    return {"dates": list(table.index), "values": plain(table["value"]), "threshold": plain(table["threshold"]),
            "flagged": [f"{d:%Y-%m-%d}" for d in flagged.index], "flagged_values": plain(flagged["value"])}


def anomaly_panel(queue: pd.DataFrame, metric: str = "negative_share", k: float = 3.0):
    """Pick the metric (负面条数 or 负面占比) and the multiple k: the daily chart, its threshold line
    and the list of flagged days update."""
    import ipywidgets as w
    import plotly.graph_objects as go

    from ..widgets import Panel

    controls = {
        "metric": w.Dropdown(options=[(v, m) for m, v in METRICS.items()], value=metric, description="指标"),
        "k": w.FloatSlider(value=k, min=1.5, max=8, step=0.5, description="阈值倍数", continuous_update=False),
    }
    fig = go.FigureWidget(
        data=[go.Bar(name="每日值", marker_color="#9bb8ad"),
              go.Scatter(name="阈值 = 倍数 × 基线", mode="lines", line=dict(color="#e07a2f", dash="dash")),
              go.Scatter(name="异常日", mode="markers", marker=dict(color="#c0392b", size=10, symbol="x"))],
        layout=dict(height=360, xaxis_title="日期"))
    card = w.HTML()

    def update(metric: str, k: float) -> None:
        view = anomaly_view(queue, metric, k)
        with fig.batch_update():
            fig.data[0].x, fig.data[0].y = view["dates"], view["values"]
            fig.data[1].x, fig.data[1].y = view["dates"], view["threshold"]
            fig.data[2].x, fig.data[2].y = view["flagged"], view["flagged_values"]
            fig.layout.title = f"每日{METRICS[metric]}与异常阈值（{k:g} 倍基线）"
            fig.layout.yaxis.title = METRICS[metric]
            fig.layout.yaxis.tickformat = ".0%" if metric == "negative_share" else ","
        days = "、".join(d[5:] for d in view["flagged"][:20]) or "无"
        more = f" 等共 {len(view['flagged'])} 天" if len(view["flagged"]) > 20 else f"（{len(view['flagged'])} 天）"
        card.value = f"<div style='font-size:14px'>超过阈值的日子：<b>{days}</b>{more}</div>"

    return Panel(controls, [card, fig], update, figure=fig, card=card)
