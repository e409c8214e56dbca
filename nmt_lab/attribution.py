"""Campaign review: key figures of a campaign, its daily rhythm, user touch paths, channel
attribution (first touch, last touch, linear, position-based 40/20/40) and the comparison
with targets, earlier campaigns and industry benchmarks.

Sessions come from :func:`nmt_lab.campaigns.sessions` (each visit's channel is derived from
its UTM); this module adds what a retrospective needs on top of them.

>>> import nmt_lab as nmt
>>> s = campaign_sessions(nmt.load("campaign_events"), nmt.load("campaign_channels"))
>>> t = compare_rules(touch_paths(s))
>>> bool(abs(t["first"].sum() - t["last"].sum()) < 1e-9)
True
"""

from __future__ import annotations

import pandas as pd

from . import campaigns as cp
from ._errors import check_choice, check_columns

#: attribution rules and their Chinese names
RULES = {"first": "首次触点", "last": "末次触点", "linear": "线性平均", "position": "位置（40/20/40）"}
#: what the credit is counted in
VALUES = {"orders": "支付订单数", "revenue": "销售额（元）"}

LABELS = {
    **cp.LABELS, **{k: f"{v}归因" for k, v in RULES.items()},
    "participants": "参与人数", "gmv": "GMV（元）", "roas": "投产比 ROAS", "share_rate": "分享率",
    "suspicious_sessions": "异常访问次数", "path": "触点路径", "touches": "触点数",
    "converted_at": "成交时间", "order_session": "成交会话", "actual": "本次实际", "low": "区间下限",
    "high": "区间上限", "value": "参考值", "verdict": "对比结论", "metric_label": "指标",
    "is_soft": "软数据", "source": "来源", "year": "年份", "target": "目标", "attainment": "完成率",
    "shift": "变化", "n_comments": "评论数", "negative_share": "负面占比", "date": "日期",
    "orders": "支付订单数", "gap": "偏差", "aov": "客单价", "order_attainment": "订单完成率",
    "metric": "指标代码",
}


def show(df: pd.DataFrame) -> pd.DataFrame:
    """The table with Chinese column names, for display only.

    >>> list(show(pd.DataFrame({"first": [1.0], "participants": [3]})).columns)
    ['首次触点归因', '参与人数']
    """
    from .labels import to_chinese
    return to_chinese(df, LABELS)


# --------------------------------------------------------------------------- key figures

def campaign_sessions(events: pd.DataFrame, channels: pd.DataFrame,
                      drop_suspicious: bool = True, burst: int = 30) -> pd.DataFrame:
    """Sessions of the campaign with their channel; with ``drop_suspicious`` (default) the
    bought clicks and coupon farming flagged by :func:`nmt_lab.campaigns.suspicious` are
    removed (``attrs["suspicious_sessions"]`` says how many). ``burst`` is the 刷量 threshold:
    one-event visits of a link within 5 minutes.

    >>> import nmt_lab as nmt
    >>> ev, ch = nmt.load("campaign_events"), nmt.load("campaign_channels")
    >>> len(campaign_sessions(ev, ch)) < len(campaign_sessions(ev, ch, drop_suspicious=False))
    True
    """
    sess = cp.sessions(events, channels)
    sess["suspicious"] = cp.suspicious(sess, burst=burst)
    n_bad = int((sess["suspicious"] != "").sum())
    if drop_suspicious:
        sess = sess[sess["suspicious"] == ""].reset_index(drop=True)
    sess.attrs["suspicious_sessions"] = n_bad
    return sess


def repair_channels(sess: pd.DataFrame, channels: pd.DataFrame) -> pd.DataFrame:
    """Give ``链接有误`` sessions back to their channel when the link's source, medium and
    content match a planned channel (only the campaign code or the letter case is wrong, e.g.
    last year's ``ymbc24`` copied into a new link). ``repaired`` marks the changed rows.

    >>> import nmt_lab as nmt
    >>> ev, ch = nmt.load("campaign_events"), nmt.load("campaign_channels")
    >>> r = repair_channels(campaign_sessions(ev, ch), ch)
    >>> bool(r["repaired"].any()), bool((r["channel_name"] == "链接有误").sum() < 83)
    (True, True)
    """
    check_columns(sess, ["channel_name", "channel_type", "utm_source", "utm_medium", "utm_content"])
    check_columns(channels, ["channel_name", "channel_type", "utm_source", "utm_medium", "utm_content"])
    plan = {(r.utm_source, r.utm_medium, r.utm_content): (r.channel_name, str(r.channel_type))
            for r in channels.itertuples()}
    out = sess.copy()
    low = lambda c: out[c].astype("string").str.lower()  # noqa: E731
    keys = list(zip(low("utm_source"), low("utm_medium"), low("utm_content"), strict=True))
    fix = (out["channel_name"] == cp.BROKEN) & pd.Series([k in plan for k in keys], index=out.index)
    out["repaired"] = fix
    out.loc[fix, "channel_name"] = [plan[k][0] for k, f in zip(keys, fix, strict=True) if f]
    out.loc[fix, "channel_type"] = [plan[k][1] for k, f in zip(keys, fix, strict=True) if f]
    return out


def summary(sess: pd.DataFrame, channels: pd.DataFrame | None = None) -> pd.Series:
    """Key figures: participants (distinct visitors), sessions, paid orders, GMV, conversion
    (paid orders ÷ sessions), share rate (sessions with a share ÷ sessions) and, with the
    channel plan, cost, ROAS (GMV ÷ cost) and cost per order.

    >>> s = pd.DataFrame({"user_id": ["a", "a", "b"], "session_id": ["1", "2", "3"],
    ...                   "paid_orders": [0, 1, 1], "revenue": [0, 19.0, 28.5], "shares": [1, 0, 0]})
    >>> summary(s)[["participants", "paid_orders", "gmv", "conversion"]].round(3).tolist()
    [2.0, 2.0, 47.5, 0.667]
    """
    check_columns(sess, ["user_id", "session_id", "paid_orders", "revenue", "shares"])
    out = {"participants": sess["user_id"].nunique(), "sessions": len(sess),
           "paid_orders": int(sess["paid_orders"].sum()), "gmv": float(sess["revenue"].sum())}
    out["conversion"] = out["paid_orders"] / out["sessions"] if out["sessions"] else float("nan")
    out["share_rate"] = float((sess["shares"] > 0).mean()) if len(sess) else float("nan")
    if channels is not None:
        cost = float(channels["cost"].sum())
        out["cost"] = cost
        out["roas"] = out["gmv"] / cost if cost else float("nan")
        out["cpa"] = cost / out["paid_orders"] if out["paid_orders"] else float("nan")
    return pd.Series(out, dtype=float)


def daily(sess: pd.DataFrame, by: str | None = None) -> pd.DataFrame:
    """Daily rhythm: sessions, visitors, paid orders and revenue per campaign day (and per
    ``by``, e.g. ``"channel_type"``, as columns of sessions).

    >>> import nmt_lab as nmt
    >>> s = campaign_sessions(nmt.load("campaign_events"), nmt.load("campaign_channels"))
    >>> len(daily(s))
    14
    """
    check_columns(sess, ["start", "user_id", "paid_orders", "revenue"])
    day = sess["start"].dt.strftime("%Y-%m-%d").rename("date")
    if by is not None:
        check_choice(by, [c for c in ["channel_name", "channel_type", "app", "utm_source",
                                      "utm_medium"] if c in sess.columns], "分组列")
        return sess.groupby([day, sess[by]]).size().unstack(fill_value=0)
    g = sess.groupby(day)
    return pd.DataFrame({"sessions": g.size(), "users": g["user_id"].nunique(),
                         "paid_orders": g["paid_orders"].sum(), "revenue": g["revenue"].sum()})


def campaign_comments(comments: pd.DataFrame, start: str = "2025-06-01", end: str = "2025-06-14",
                      keywords: tuple[str, ...] = ("杨梅", "上新")) -> pd.DataFrame:
    """Comments written during the campaign (``start`` – ``end``, inclusive) that mention one
    of ``keywords``: the users' feedback on the campaign. (A broad word such as 活动 would
    also catch other campaigns, e.g. 618.)

    >>> import nmt_lab as nmt
    >>> c = campaign_comments(nmt.load("comments"))
    >>> bool(c["text"].str.contains("杨梅|上新").all())
    True
    """
    check_columns(comments, ["created_at", "text"])
    if isinstance(keywords, str):
        keywords = (keywords,)
    t = comments["created_at"]
    inside = (t >= pd.Timestamp(start)) & (t < pd.Timestamp(end) + pd.Timedelta(days=1))
    about = comments["text"].astype(str).str.contains("|".join(keywords), regex=True)
    return comments[inside & about].reset_index(drop=True)


# --------------------------------------------------------------------------- attribution

def touch_paths(sess: pd.DataFrame) -> pd.DataFrame:
    """One row per converting session (a session with a paid order): the user's touch path,
    i.e. the channels of their sessions since their previous purchase, in time order, ending
    with the converting session; plus its paid orders and revenue.

    >>> s = pd.DataFrame({"session_id": ["1", "2", "3"], "user_id": ["a", "a", "a"],
    ...     "start": pd.to_datetime(["2025-06-01", "2025-06-02", "2025-06-03"]),
    ...     "channel_name": ["抖音达人", "直接访问", "粉丝群"], "paid_orders": [0, 1, 1],
    ...     "revenue": [0, 19.0, 19.0]})
    >>> touch_paths(s)["path"].tolist()
    [('抖音达人', '直接访问'), ('粉丝群',)]
    """
    check_columns(sess, ["session_id", "user_id", "start", "channel_name", "paid_orders", "revenue"])
    s = sess.sort_values(["user_id", "start", "session_id"], kind="stable").reset_index(drop=True)
    conv = s["paid_orders"] > 0
    # a new block starts after each purchase: block = purchases before this session
    block = conv.astype(int).groupby(s["user_id"]).cumsum() - conv.astype(int)
    s = s.assign(_block=block, _conv=conv, channel_name=s["channel_name"].astype(str))
    s = s[s.groupby(["user_id", "_block"])["_conv"].transform("any")]
    s = s[~(s["_conv"].groupby([s["user_id"], s["_block"]]).cumsum() - s["_conv"]).astype(bool)]
    g = s.groupby(["user_id", "_block"], sort=False)
    last = g.tail(1).set_index(["user_id", "_block"])
    out = pd.DataFrame({"order_session": last["session_id"], "converted_at": last["start"],
                        "path": g["channel_name"].agg(tuple), "orders": last["paid_orders"].astype(int),
                        "revenue": last["revenue"].astype(float)}).reset_index()
    out["touches"] = out["path"].map(len)
    out = out[["order_session", "user_id", "converted_at", "path", "touches", "orders", "revenue"]]
    return out.sort_values("converted_at", kind="stable").reset_index(drop=True)


def rule_weights(n: int, rule: str) -> list[float]:
    """How a rule splits one conversion over ``n`` touches (first … last); the weights sum to 1.

    >>> rule_weights(4, "position")
    [0.4, 0.1, 0.1, 0.4]
    >>> rule_weights(2, "position"), rule_weights(3, "first")
    ([0.5, 0.5], [1.0, 0.0, 0.0])
    """
    check_choice(rule, list(RULES), "归因规则")
    if n < 1:
        raise ValueError(f"触点数应至少为 1，你给出的是 {n}。")
    if rule == "first":
        return [1.0] + [0.0] * (n - 1)
    if rule == "last":
        return [0.0] * (n - 1) + [1.0]
    if rule == "linear" or n <= 2:
        return [1.0 / n] * n
    return [0.4] + [0.2 / (n - 2)] * (n - 2) + [0.4]


def attribute(paths: pd.DataFrame, rule: str = "last", value: str = "orders") -> pd.Series:
    """Credit of each channel under ``rule`` ("first", "last", "linear", "position"), counted
    in ``value`` ("orders" or "revenue"); sorted from most to least credit. The credits sum
    to the total of ``value``.

    >>> p = pd.DataFrame({"path": [("A", "B", "C"), ("C",)], "orders": [1, 1], "revenue": [10.0, 20.0]})
    >>> attribute(p, "first").to_dict()
    {'A': 1.0, 'C': 1.0, 'B': 0.0}
    >>> attribute(p, "position", "revenue").to_dict()
    {'C': 24.0, 'A': 4.0, 'B': 2.0}
    """
    check_choice(rule, list(RULES), "归因规则")
    check_choice(value, list(VALUES), "归因口径")
    check_columns(paths, ["path", value])
    credit: dict[str, float] = {}
    for path, v in zip(paths["path"], paths[value], strict=True):
        for ch, w in zip(path, rule_weights(len(path), rule), strict=True):
            credit[ch] = credit.get(ch, 0.0) + w * float(v)
    out = pd.Series(credit, dtype=float, name=rule)
    out.index.name = "channel_name"
    return out.sort_values(ascending=False, kind="stable")


def compare_rules(paths: pd.DataFrame, rules=("first", "last", "linear", "position"),
                  value: str = "orders") -> pd.DataFrame:
    """Channels × rules: each channel's credit under every rule, sorted by last-touch credit.

    >>> p = pd.DataFrame({"path": [("A", "B")], "orders": [1], "revenue": [10.0]})
    >>> compare_rules(p, ["first", "last"]).to_dict("index")
    {'B': {'first': 0.0, 'last': 1.0}, 'A': {'first': 1.0, 'last': 0.0}}
    """
    for r in rules:
        check_choice(r, list(RULES), "归因规则")
    out = pd.concat([attribute(paths, r, value) for r in rules], axis=1).fillna(0.0)
    sort = "last" if "last" in out.columns else out.columns[0]
    return out.sort_values(sort, ascending=False, kind="stable")


def credit_shift(table: pd.DataFrame, frm: str = "last", to: str = "first") -> pd.Series:
    """How much credit each channel gains (+) or loses (−) when switching from rule ``frm``
    to rule ``to``; the shifts sum to zero.

    >>> t = pd.DataFrame({"first": [0.0, 1.0], "last": [1.0, 0.0]}, index=["B", "A"])
    >>> credit_shift(t).to_dict()
    {'A': 1.0, 'B': -1.0}
    """
    check_choice(frm, list(table.columns), "原归因规则")
    check_choice(to, list(table.columns), "新归因规则")
    return (table[to] - table[frm]).rename("shift").sort_values(ascending=False, kind="stable")


def attribution_view(paths: pd.DataFrame, rule: str = "last", value: str = "orders") -> dict:
    """What the attribution panel shows: channels and their credit under ``rule`` and under
    last touch (the default rule of most reports), plus the biggest gainer and loser.

    >>> p = pd.DataFrame({"path": [("A", "B")], "orders": [1], "revenue": [10.0]})
    >>> v = attribution_view(p, "first")
    >>> v["channels"], v["credit"], v["baseline"], v["gainer"]
    (['A', 'B'], [1.0, 0.0], [0.0, 1.0], 'A')
    """
    t = compare_rules(paths, list(dict.fromkeys([rule, "last"])), value)
    t = t.sort_values(rule, ascending=False, kind="stable")
    shift = t[rule] - t["last"]
    return {"channels": [str(c) for c in t.index], "credit": [float(x) for x in t[rule]],
            "baseline": [float(x) for x in t["last"]], "rule": rule, "value": value,
            "gainer": str(shift.idxmax()), "loser": str(shift.idxmin()),
            "gain": float(shift.max()), "loss": float(shift.min()), "total": float(t[rule].sum())}


def attribution_panel(paths: pd.DataFrame, rule: str = "first", value: str = "orders"):
    """Pick an attribution rule (and orders or revenue): bars of each channel's credit under
    that rule next to last-touch credit, and a card naming who gains and who loses."""
    import ipywidgets as w
    import plotly.graph_objects as go

    from .widgets import Panel

    controls = {
        "rule": w.Dropdown(options=[(v, k) for k, v in RULES.items()], value=rule,
                           description="归因规则"),
        "value": w.Dropdown(options=[(v, k) for k, v in VALUES.items()], value=value,
                            description="按"),
    }
    fig = go.FigureWidget(data=[go.Bar(name="所选规则", marker_color="#2a7f62"),
                                go.Bar(name="末次触点", marker_color="#c9c9c9")],
                          layout=dict(height=420, barmode="group", xaxis_tickangle=-35,
                                      margin=dict(b=140), legend=dict(orientation="h", y=1.12)))
    card = w.HTML()

    def update(rule: str, value: str) -> None:
        v = attribution_view(paths, rule, value)
        with fig.batch_update():
            fig.data[0].x, fig.data[0].y = v["channels"], v["credit"]
            fig.data[0].name = RULES[rule]
            fig.data[1].x, fig.data[1].y = v["channels"], v["baseline"]
            fig.layout.title = f"各渠道分到的{VALUES[value]}：{RULES[rule]} vs 末次触点"
            fig.layout.yaxis.title = VALUES[value]
        unit = "元" if value == "revenue" else "单"
        card.value = ("<div style='font-size:14px;line-height:1.8'>"
                      + ("末次触点就是当前规则。换一个规则看看，功劳怎么移动。" if rule == "last" else
                         f"从末次触点换到<b>{RULES[rule]}</b>：<b>{v['gainer']}</b> 多分到 "
                         f"<b>{v['gain']:,.1f}</b> {unit}，<b>{v['loser']}</b> 少分 "
                         f"<b>{-v['loss']:,.1f}</b> {unit}。")
                      + f"　合计始终是 {v['total']:,.1f} {unit}。</div>")

    return Panel(controls, [card, fig], update, figure=fig, card=card)


# --------------------------------------------------------------------------- comparison

def vs_target(history: pd.DataFrame, results: pd.Series | dict, code: str = cp.CAMPAIGN
              ) -> pd.DataFrame:
    """Results of campaign ``code`` against its targets in ``history``: target, actual, gap
    (actual − target) and attainment (actual ÷ target) for participants, orders and GMV.
    ``results`` holds ``participants``, ``paid_orders`` (or ``orders``) and ``gmv``.

    >>> h = pd.DataFrame({"campaign_code": ["x"], "target_participants": [100],
    ...                   "target_orders": [10], "target_gmv": [200.0]})
    >>> vs_target(h, {"participants": 120, "orders": 8, "gmv": 190.0}, "x")["attainment"].tolist()
    [1.2, 0.8, 0.95]
    """
    check_columns(history, ["campaign_code", "target_participants", "target_orders", "target_gmv"])
    check_choice(code, list(history["campaign_code"]), "活动代码")
    row = history.set_index("campaign_code").loc[code]
    res = dict(results)
    if "orders" not in res and "paid_orders" in res:
        res["orders"] = res["paid_orders"]
    rows = {m: (float(row[f"target_{m}"]), float(res[m])) for m in ["participants", "orders", "gmv"]}
    out = pd.DataFrame(rows, index=["target", "actual"]).T
    out["gap"] = out["actual"] - out["target"]
    out["attainment"] = out["actual"] / out["target"]
    out.index.name = "metric"
    return out


def with_results(history: pd.DataFrame, results: pd.Series | dict, code: str = cp.CAMPAIGN
                 ) -> pd.DataFrame:
    """``history`` with campaign ``code``'s empty results filled in, plus per-campaign
    conversion-free ratios for comparing campaigns of different size: attainment of orders,
    average order value (GMV ÷ orders), ROAS (GMV ÷ cost) and cost per order.

    >>> h = pd.DataFrame({"campaign_code": ["x"], "cost": [100.0], "target_orders": [10],
    ...                   "participants": [None], "orders": [None], "gmv": [None]})
    >>> with_results(h, {"participants": 50, "orders": 8, "gmv": 200.0}, "x")["roas"].tolist()
    [2.0]
    """
    check_columns(history, ["campaign_code", "cost", "target_orders", "participants", "orders", "gmv"])
    check_choice(code, list(history["campaign_code"]), "活动代码")
    res = dict(results)
    if "orders" not in res and "paid_orders" in res:
        res["orders"] = res["paid_orders"]
    out = history.copy()
    at = out["campaign_code"] == code
    for c in ["participants", "orders", "gmv"]:
        out[c] = out[c].astype(float)
        out.loc[at, c] = float(res[c])
    out["order_attainment"] = out["orders"] / out["target_orders"]
    out["aov"] = out["gmv"] / out["orders"]
    out["roas"] = out["gmv"] / out["cost"]
    out["cpa"] = out["cost"] / out["orders"]
    return out.set_index("campaign_code")


def compare_benchmarks(actual: pd.Series | dict, benchmarks: pd.DataFrame) -> pd.DataFrame:
    """Each benchmark row whose ``metric`` appears in ``actual``, with the campaign's value and
    a verdict: 低于区间 / 区间内 / 高于区间 for ranges, 低于参考值 / 接近参考值 (±10 %) /
    高于参考值 for point figures. Soft figures (``is_soft``) are ranges: read them as such.

    >>> b = pd.DataFrame({"metric": ["roas"], "metric_label": ["投产比"], "value": [None],
    ...                   "low": [1.5], "high": [3.0], "is_soft": [True], "source": ["x"], "year": [2025]})
    >>> compare_benchmarks({"roas": 1.2}, b)["verdict"].tolist()
    ['低于区间']
    """
    check_columns(benchmarks, ["metric", "metric_label", "value", "low", "high", "is_soft",
                               "source", "year"])
    actual = dict(actual)
    known = sorted(set(benchmarks["metric"]))
    for m in actual:
        check_choice(m, known, "基准指标")
    b = benchmarks[benchmarks["metric"].isin(list(actual))].copy()
    b["actual"] = b["metric"].map(actual).astype(float)

    def verdict(r) -> str:
        if pd.notna(r["low"]) and pd.notna(r["high"]):
            return "低于区间" if r["actual"] < r["low"] else ("高于区间" if r["actual"] > r["high"]
                                                           else "区间内")
        if abs(r["actual"] / r["value"] - 1) <= .1:
            return "接近参考值"
        return "低于参考值" if r["actual"] < r["value"] else "高于参考值"

    b["verdict"] = b.apply(verdict, axis=1)
    cols = ["metric", "metric_label", "actual", "value", "low", "high", "verdict", "is_soft",
            "source", "year"]
    extra = [c for c in ["benchmark_id", "definition", "scope"] if c in b.columns]
    return b[extra[:1] + cols + extra[1:]].reset_index(drop=True)
