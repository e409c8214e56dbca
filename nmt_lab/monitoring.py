"""Monitoring a running campaign: daily actuals against stage targets, budget pacing,
anomalies in a daily series (with the weekly pattern removed first) and 应急预案 triggers.

The campaign side reads the session table of ``nmt.campaigns.sessions`` (one row per visit,
with its channel) and the stage plan ``campaign_targets``; the pacing side reads
``campaign_budget``; the anomaly side reads any daily series such as ``mp_daily``.

>>> import nmt_lab as nmt
>>> from nmt_lab import campaigns
>>> sess = campaigns.sessions(nmt.load("campaign_events"), nmt.load("campaign_channels"))
>>> att = attainment(daily_actuals(sess), nmt.load("campaign_targets"))
>>> len(att), {"uv", "uv_target", "uv_rate"} <= set(att.columns)
(14, True)
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._errors import check_choice, check_columns

#: the four metrics the standard names (I-3.3.2): 页面访客数、参与人数、销量、付费
METRICS = {"uv": "页面访客数", "participants": "参与人数", "sales": "销量（支付订单数）",
           "payments": "付费金额（元）"}

#: Chinese names of the columns this module computes
LABELS = {
    "date": "日期", "phase": "阶段", "uv": "页面访客数", "participants": "参与人数",
    "sales": "销量（支付订单数）", "payments": "付费金额", "uv_target": "访客目标",
    "participants_target": "参与目标", "sales_target": "销量目标", "payments_target": "付费目标",
    "uv_rate": "访客完成度", "participants_rate": "参与完成度", "sales_rate": "销量完成度",
    "payments_rate": "付费完成度", "actual": "实际", "target": "目标", "rate": "完成度",
    "cum_actual": "累计实际", "cum_target": "累计目标", "cum_rate": "累计完成度",
    "budget": "总预算", "planned_to_date": "计划花费（截至当日）", "spent_to_date": "实际花费（截至当日）",
    "pacing": "花费进度比", "flag": "提示", "remaining": "剩余预算", "days_left": "剩余天数",
    "daily_allowance": "剩余日均可花",
    "cpa_to_date": "每单成本（截至当日）", "channel_name": "渠道名称", "value": "数值",
    "expected": "正常水平", "resid": "残差", "z": "稳健 z 分数", "anomaly": "异常",
    "weekday": "星期", "rule_id": "规则", "metric": "指标", "threshold": "阈值", "days": "连续天数",
    "level": "级别", "action": "应对措施", "owner": "负责人", "fired_on": "触发日期",
    "first_day": "开始低于阈值", "visitors": "访客数", "orders": "支付订单数", "revenue": "销售额",
}
WEEKDAYS = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"]


def show(df: pd.DataFrame) -> pd.DataFrame:
    """The table with Chinese column names, for display only.

    >>> list(show(pd.DataFrame({"uv_rate": [0.9], "pacing": [1.2]})).columns)
    ['访客完成度', '花费进度比']
    """
    from .labels import to_chinese
    return to_chinese(df, LABELS)


# --------------------------------------------------------------------------- targets vs actuals

def daily_actuals(sess: pd.DataFrame) -> pd.DataFrame:
    """Per campaign day (index ``date``): ``uv`` (distinct visitors), ``participants``
    (distinct users who signed up, shared or ordered), ``sales`` (paid orders) and
    ``payments`` (paid amount, 元). Pass the sessions you trust (e.g. without 刷量).

    >>> s = pd.DataFrame({"start": pd.to_datetime(["2025-06-01 09:00", "2025-06-01 10:00"]),
    ...                   "user_id": ["U1", "U2"], "signups": [1, 0], "shares": [0, 0],
    ...                   "orders": [1, 0], "paid_orders": [1, 0], "revenue": [19.0, 0.0]})
    >>> daily_actuals(s).iloc[0].to_dict()
    {'uv': 2.0, 'participants': 1.0, 'sales': 1.0, 'payments': 19.0}
    """
    check_columns(sess, ["start", "user_id", "signups", "shares", "orders", "paid_orders", "revenue"])
    day = sess["start"].dt.normalize().rename("date")
    g = sess.groupby(day)
    took_part = (sess["signups"] + sess["shares"] + sess["orders"]) > 0
    part = sess[took_part].groupby(day[took_part])["user_id"].nunique()
    out = pd.DataFrame({"uv": g["user_id"].nunique(), "participants": part,
                        "sales": g["paid_orders"].sum(), "payments": g["revenue"].sum()})
    return out.fillna(0).astype(float)


def attainment(actuals: pd.DataFrame, targets: pd.DataFrame) -> pd.DataFrame:
    """Actuals next to the day's targets: for each metric ``m`` the columns ``m``,
    ``m_target`` and ``m_rate`` (= actual ÷ target; empty where the target is 0), plus the
    ``phase``. Index: ``date``.

    >>> a = pd.DataFrame({"uv": [90.0]}, index=pd.to_datetime(["2025-06-01"]))
    >>> t = pd.DataFrame({"date": pd.to_datetime(["2025-06-01"]), "phase": ["预热期"],
    ...                   "uv_target": [100]})
    >>> float(attainment(a, t).loc["2025-06-01", "uv_rate"])
    0.9
    """
    check_columns(targets, ["date", "phase"])
    plan = targets.set_index("date")
    out = pd.DataFrame({"phase": plan["phase"]})
    for m in METRICS:
        if f"{m}_target" not in plan.columns or m not in actuals.columns:
            continue
        out[m] = actuals[m].reindex(out.index).fillna(0.0)
        out[f"{m}_target"] = plan[f"{m}_target"].astype(float)
        out[f"{m}_rate"] = out[m] / out[f"{m}_target"].where(out[f"{m}_target"] > 0)
    out.index.name = "date"
    return out


def phase_summary(att: pd.DataFrame) -> pd.DataFrame:
    """Per phase (in campaign order): each metric's actual and target totals and the
    completion rate (total actual ÷ total target).

    >>> t = pd.DataFrame({"phase": ["预热期", "预热期", "爆发期"], "uv": [80.0, 100, 300],
    ...                   "uv_target": [100.0, 100, 250]})
    >>> phase_summary(t)["uv_rate"].round(2).tolist()
    [0.9, 1.2]
    """
    check_columns(att, ["phase"])
    order = list(dict.fromkeys(att["phase"]))
    cols = [c for c in att.columns if c in METRICS or (c.endswith("_target") and c[:-7] in METRICS)]
    out = att.groupby("phase", sort=False)[cols].sum().reindex(order)
    for m in METRICS:
        if m in out.columns and f"{m}_target" in out.columns:
            out[f"{m}_rate"] = out[m] / out[f"{m}_target"].where(out[f"{m}_target"] > 0)
    return out


def cumulative(att: pd.DataFrame, metric: str) -> pd.DataFrame:
    """Running totals of one metric: ``cum_actual``, ``cum_target`` and ``cum_rate``
    (cumulative completion) per day.

    >>> t = pd.DataFrame({"sales": [5.0, 15.0], "sales_target": [10.0, 10.0]})
    >>> cumulative(t, "sales")["cum_rate"].tolist()
    [0.5, 1.0]
    """
    check_choice(metric, [m for m in METRICS if m in att.columns], "指标")
    out = pd.DataFrame({"actual": att[metric], "target": att[f"{metric}_target"]})
    out["cum_actual"] = out["actual"].cumsum()
    out["cum_target"] = out["target"].cumsum()
    out["cum_rate"] = out["cum_actual"] / out["cum_target"].where(out["cum_target"] > 0)
    return out


def cumulative_chart(att: pd.DataFrame, metric: str, today=None):
    """Cumulative actual against cumulative target (plotly figure); ``today`` draws a line."""
    import plotly.graph_objects as go
    c = cumulative(att, metric)
    fig = go.Figure([go.Scatter(x=c.index, y=c["cum_target"], name="累计目标", line=dict(dash="dash")),
                     go.Scatter(x=c.index, y=c["cum_actual"], name="累计实际", mode="lines+markers")])
    fig.update_layout(title=f"{METRICS[metric]}：累计实际 vs 累计目标", xaxis_title="日期",
                      yaxis_title=METRICS[metric], height=340)
    if today is not None:
        fig.add_vline(x=pd.Timestamp(today), line_dash="dot", line_color="grey")
    return fig


# --------------------------------------------------------------------------- budget pacing

def pacing(budget: pd.DataFrame, today, over: float = 1.1, under: float = 0.9) -> pd.DataFrame:
    """Budget pacing of every channel as of ``today`` (inclusive): total budget, planned and
    actual spend to date, ``pacing`` = actual ÷ planned to date, a ``flag`` (超支 above
    ``over``, 偏慢 below ``under``, else 正常; 已结清 for one-off fees), the remaining budget and
    what is left to spend per remaining day.

    >>> b = pd.DataFrame({"date": pd.to_datetime(["2025-06-05", "2025-06-06", "2025-06-07"]),
    ...                   "channel_name": ["广告"] * 3, "planned_spend": [100.0] * 3,
    ...                   "actual_spend": [150.0, 150.0, 0.0]})
    >>> r = pacing(b, "2025-06-06")
    >>> float(r.loc["广告", "pacing"]), r.loc["广告", "flag"], float(r.loc["广告", "daily_allowance"])
    (1.5, '超支', 0.0)
    """
    check_columns(budget, ["date", "channel_name", "planned_spend", "actual_spend"])
    today = pd.Timestamp(today)
    days = budget["date"].sort_values().unique()
    if not (days[0] <= today <= days[-1]):
        raise ValueError(f"日期 {today:%Y-%m-%d} 不在预算表的日期范围内"
                         f"（{pd.Timestamp(days[0]):%Y-%m-%d} 至 {pd.Timestamp(days[-1]):%Y-%m-%d}）。")
    g = budget.groupby("channel_name", sort=False)
    done = budget[budget["date"] <= today].groupby("channel_name", sort=False)
    out = pd.DataFrame({"budget": g["planned_spend"].sum()})
    out["planned_to_date"] = done["planned_spend"].sum().reindex(out.index).fillna(0.0)
    out["spent_to_date"] = done["actual_spend"].sum().reindex(out.index).fillna(0.0)
    out["pacing"] = out["spent_to_date"] / out["planned_to_date"].where(out["planned_to_date"] > 0)
    lump = g["planned_spend"].apply(lambda s: (s > 0).sum() == 1)
    out["flag"] = np.select([lump & (out["planned_to_date"] > 0), out["pacing"] > over,
                             out["pacing"] < under], ["已结清", "超支", "偏慢"], "正常")
    out.loc[out["planned_to_date"] == 0, "flag"] = "未开始"
    out["remaining"] = (out["budget"] - out["spent_to_date"]).clip(lower=0)
    out["days_left"] = (budget[budget["date"] > today].groupby("channel_name")["date"].nunique()
                        .reindex(out.index).fillna(0).astype(int))
    out["daily_allowance"] = (out["remaining"] / out["days_left"].where(out["days_left"] > 0)).fillna(0.0)
    return out


# --------------------------------------------------------------------------- anomalies

def weekday_anomalies(df: pd.DataFrame, column: str, threshold: float = 3.5,
                      method: str = "weekday", date: str = "date") -> pd.DataFrame:
    """Flag unusual days of a daily series.

    ``method="weekday"`` (the right way for data with a weekly rhythm): a classical
    decomposition of the log series with medians, so the anomalies do not drag the baseline:
    a first weekday pattern against the 7-day moving average, the trend as the 21-day rolling
    median of the series without that pattern, then the weekday pattern again (median of each
    weekday's distance to the trend). ``expected`` = trend × weekday pattern; ``z`` is the
    robust z-score of the residual (median and MAD, so the anomalies do not widen the
    yardstick either). Plain pandas: fast to import, every step can be shown in class.
    ``method="plain"``: the ordinary z-score of the raw values, which flags busy weekends and
    misses a weekend that drops to a weekday level.

    Columns: ``date``, ``weekday``, ``value``, ``expected``, ``z``, ``anomaly`` (|z| >
    ``threshold``).

    >>> import nmt_lab as nmt
    >>> a = weekday_anomalies(nmt.load("mp_daily"), "orders")
    >>> a.loc[a["anomaly"], "date"].dt.strftime("%m-%d").tolist()
    ['04-09', '05-11', '05-15']
    """
    check_columns(df, [date, column])
    check_choice(method, ["weekday", "plain"], "方法")
    s = df.set_index(date)[column].astype(float).sort_index()
    out = pd.DataFrame({"weekday": [WEEKDAYS[d] for d in s.index.day_of_week], "value": s})
    if method == "plain":
        out["expected"] = s.mean()
        out["z"] = (s - s.mean()) / s.std()
    else:
        log = np.log(s.clip(lower=1))
        dow = s.index.day_of_week
        week = log.rolling(7, center=True, min_periods=4).mean()
        pattern = (log - week).groupby(dow).transform("median")
        trend = (log - pattern).rolling(21, center=True, min_periods=4).median()
        pattern = (log - trend).groupby(dow).transform("median")
        out["expected"] = np.exp(trend + pattern)
        resid = log - trend - pattern
        mad = (resid - resid.median()).abs().median()
        out["z"] = 0.6745 * (resid - resid.median()) / mad
    out["anomaly"] = out["z"].abs() > threshold
    out.index.name = date
    return out.reset_index()


def monitor_view(df: pd.DataFrame, column: str, threshold: float = 3.5,
                 method: str = "weekday") -> dict:
    """What the monitoring panel draws: dates, values, the expected level and the flagged
    days with their weekday.

    >>> import nmt_lab as nmt
    >>> v = monitor_view(nmt.load("mp_daily"), "visitors", 3.5)
    >>> v["flagged"]
    ['2025-04-24']
    """
    a = weekday_anomalies(df, column, threshold, method)
    hit = a[a["anomaly"]]
    return {"dates": list(a["date"]), "values": a["value"].tolist(), "expected": a["expected"].tolist(),
            "flagged": hit["date"].dt.strftime("%Y-%m-%d").tolist(),
            "flagged_values": hit["value"].tolist(), "weekdays": hit["weekday"].tolist(),
            "weekend_flags": int(hit["weekday"].isin(["周六", "周日"]).sum())}


def monitor_panel(df: pd.DataFrame, column: str = "orders", threshold: float = 3.5,
                  method: str = "weekday"):
    """Pick a metric, a method and a threshold: the daily series, its expected level and the
    flagged days (red), with a card listing them."""
    import ipywidgets as w
    import plotly.graph_objects as go

    from .widgets import Panel

    names = {LABELS.get(c, c): c for c in df.columns if c != "date" and pd.api.types.is_numeric_dtype(df[c])}
    controls = {
        "column": w.Dropdown(options=list(names.items()), value=column, description="指标"),
        "method": w.Dropdown(options=[("去掉星期规律", "weekday"), ("直接算 z 分数", "plain")],
                             value=method, description="方法"),
        "threshold": w.FloatSlider(value=threshold, min=1.5, max=6.0, step=0.5, description="阈值 |z| >",
                                   continuous_update=False),
    }
    fig = go.FigureWidget(data=[go.Scatter(name="实际", mode="lines+markers", marker=dict(size=4)),
                                go.Scatter(name="正常水平", line=dict(dash="dash", color="grey")),
                                go.Scatter(name="异常日", mode="markers",
                                           marker=dict(color="#d62728", size=11, symbol="x"))],
                          layout=dict(height=340, xaxis_title="日期", margin=dict(t=50)))
    card = w.HTML()

    def update(column: str, method: str, threshold: float) -> None:
        v = monitor_view(df, column, threshold, method)
        with fig.batch_update():
            fig.data[0].x, fig.data[0].y = v["dates"], v["values"]
            fig.data[1].x, fig.data[1].y = v["dates"], v["expected"]
            fig.data[1].visible = method == "weekday"
            fig.data[2].x, fig.data[2].y = v["flagged"], v["flagged_values"]
            fig.layout.title = f"{LABELS.get(column, column)}：标出 {len(v['flagged'])} 天异常"
        days = "、".join(f"{d[5:]}（{wd}）" for d, wd in zip(v["flagged"], v["weekdays"], strict=True))
        card.value = (f"<div style='font-size:14px'>异常日：{days or '无'}<br>其中周末 "
                      f"<b>{v['weekend_flags']}</b> 天</div>")

    return Panel(controls, [card, fig], update, figure=fig, card=card)


# --------------------------------------------------------------------------- 应急预案

def below_streak(rate: pd.Series, threshold: float) -> pd.Series:
    """For each day, how many days in a row (ending that day) ``rate`` has been below
    ``threshold``; days without a target (empty rate) break no streak and count 0.

    >>> below_streak(pd.Series([0.9, 0.7, 0.75, None, 0.6, 1.0]), 0.8).tolist()
    [0, 1, 2, 0, 3, 0]
    """
    out, n = [], 0
    for r in rate:
        if pd.isna(r):
            out.append(0)
            continue
        n = n + 1 if r < threshold else 0
        out.append(n)
    return pd.Series(out, index=rate.index, dtype=int)


def triggers(att: pd.DataFrame, playbook: pd.DataFrame, today=None) -> pd.DataFrame:
    """The 应急预案 rules that fire: a rule fires on the day its metric has been below
    ``threshold`` × target for ``days`` days in a row (up to ``today``). One row per rule
    and firing: rule, metric, ``first_day``, ``fired_on``, level, action, owner.

    >>> att = pd.DataFrame({"sales_rate": [0.9, 0.7, 0.7, 0.6]},
    ...                    index=pd.date_range("2025-06-08", periods=4, name="date"))
    >>> pb = pd.DataFrame({"rule_id": ["R3"], "metric": ["sales"], "threshold": [0.8], "days": [3],
    ...                    "level": ["红色预警"], "action": ["启动备用预算"], "owner": ["主管"]})
    >>> triggers(att, pb)[["rule_id", "first_day", "fired_on"]].astype(str).values.tolist()
    [['R3', '2025-06-09', '2025-06-11']]
    """
    check_columns(playbook, ["rule_id", "metric", "threshold", "days", "action"])
    if today is not None:
        att = att[att.index <= pd.Timestamp(today)]
    rows = []
    for rule in playbook.itertuples():
        col = f"{rule.metric}_rate"
        if col not in att.columns:
            continue
        streak = below_streak(att[col], rule.threshold)
        for day in streak.index[(streak == int(rule.days)).to_numpy()]:
            first = streak.index[streak.index.get_loc(day) - int(rule.days) + 1]
            rows.append({"rule_id": rule.rule_id, "metric": rule.metric, "first_day": first,
                         "fired_on": day, "level": getattr(rule, "level", ""),
                         "action": rule.action, "owner": getattr(rule, "owner", "")})
    cols = ["rule_id", "metric", "first_day", "fired_on", "level", "action", "owner"]
    return pd.DataFrame(rows, columns=cols).sort_values("fired_on", kind="stable").reset_index(drop=True)
