"""转化数据：关注与流失、入群与退群、成交与退款、投入与产出。

每个比率都写明分母（口径与 ``datasets/README.md`` 的“指标口径”一致）：

- 关注率（涨粉率，内容口径）= 新增关注 ÷ 送达/曝光量，见 ``metrics.RATES["follow_rate"]``；
- 流失率（取关率）= 期内取关人数 ÷ **期初**关注人数；净增 = 新增 − 取关；
- 退群率 = 期内退群人数 ÷ 期初在群人数；入群下单转化率 = 入群后有支付订单的成员 ÷ **能匹配到用户ID**的入群成员；
- 成交转化率 = 支付订单数 ÷ 访客数；付费转化率 = 付费用户数 ÷ 访客数（访客数是每天去重后相加，
  付费用户也按天去重后相加，口径一致）；
- 退款率：按笔数 = 有退款的订单数 ÷ 已支付订单数；按金额 = 退款金额**绝对值**之和 ÷ 已支付金额；
- 投产比 ROAS = 成交金额（GMV）÷ 推广费用；投资回报率 ROI = （实收 × 毛利率 − 推广费用）÷ 推广费用。

数据里没有推广费用：:data:`ASSUMED_SPEND` 是课程**假设**的练习前提，不是真实数据。

>>> from nmt_lab import load
>>> flow = follower_flow(load("followers"), "微信公众号")
>>> row = flow.loc["2025-06"]
>>> int(row["end"]) == int(row["start"] + row["new"] - row["lost"])
True
>>> float(row["churn_rate"]) == float(row["lost"] / row["start"])
True
"""

from __future__ import annotations

import pandas as pd

from . import metrics
from ._errors import check_choice, check_columns

# --------------------------------------------------------------------------- #
# Definitions and assumptions
# --------------------------------------------------------------------------- #

DEFINITIONS = [
    ("follow_rate", "关注率（涨粉率）", "新增关注 ÷ 送达/曝光量", "posts：new_followers、delivered"),
    ("churn_rate", "流失率（取关率）", "期内取关人数 ÷ 期初关注人数", "followers：followed_at、unfollowed_at"),
    ("net", "净增关注", "新增关注 − 取关人数", "followers"),
    ("leave_rate", "退群率", "期内退群人数 ÷ 期初在群人数", "group_members：joined_at、left_at"),
    ("group_conversion", "入群下单转化率", "入群后有支付订单的成员 ÷ 能匹配到用户ID的入群成员",
     "group_members + orders"),
    ("order_conversion", "成交转化率", "支付订单数 ÷ 访客数", "orders（paid_at 非空）+ shop_traffic"),
    ("paid_conversion", "付费转化率", "付费用户数（按天去重）÷ 访客数", "orders + shop_traffic"),
    ("refund_rate_count", "退款率（按笔数）", "有退款的订单数 ÷ 已支付订单数", "orders + refunds"),
    ("refund_rate_amount", "退款率（按金额）", "退款金额绝对值之和 ÷ 已支付金额", "orders + refunds（退款为负数）"),
    ("aov", "客单价", "已支付金额 ÷ 已支付订单数", "orders"),
    ("roas", "投产比（ROAS）", "成交金额 GMV ÷ 推广费用", "orders + 假设的推广费用"),
    ("roi", "投资回报率（ROI）", "（实收 × 毛利率 − 推广费用）÷ 推广费用", "orders + refunds + 假设的费用和毛利率"),
]

#: 本模块新增列的中文名（显示用，见 :func:`chinese`）。
LABELS = {
    "start": "期初人数", "new": "新增", "lost": "流失", "net": "净增", "end": "期末人数", "churn_rate": "流失率",
    "new_rate": "新增率", "joined": "入群", "left": "退群", "leave_rate": "退群率", "members": "入群成员",
    "matched": "可匹配用户", "ordered": "入群后下单", "group_conversion": "入群下单转化率", "left_share": "已退群占比",
    "margin": "毛利率（假设）",
    "visitors": "访客数", "product_views": "商品浏览量", "add_to_cart": "加购人数", "paid_orders": "支付订单数",
    "paying_users": "付费用户数", "paid_amount": "已支付金额", "refunded_orders": "退款订单数",
    "refund_amount": "退款金额", "cart_rate": "加购率", "order_conversion": "成交转化率",
    "paid_conversion": "付费转化率", "refund_rate_count": "退款率（按笔数）", "refund_rate_amount": "退款率（按金额）",
    "aov": "客单价", "gmv": "成交金额", "net_revenue": "实收金额", "spend": "推广费用（假设）",
    "gross_profit": "毛利", "profit": "利润", "roas": "投产比", "roi": "ROI", "refund": "退款额",
    "refunded": "有退款", "month": "月份", "channel": "渠道", "metric": "指标",
}

#: 课程假设：各成交渠道**每月**的推广费用（元）。数据里没有费用，这是练习前提，不是真实数据。
ASSUMED_SPEND = {"微信小程序": 5000, "抖音小店": 12000, "小红书店铺": 5000, "淘宝店": 8000, "线下扫码": 1000}
#: 课程假设：茶饮、卡券、礼盒的平均毛利率。
GROSS_MARGIN = 0.6


def definitions() -> pd.DataFrame:
    """The conversion metrics of the course: name, formula (which denominator) and data source.

    >>> definitions().loc["churn_rate", "公式"]
    '期内取关人数 ÷ 期初关注人数'
    """
    return pd.DataFrame([d[1:] for d in DEFINITIONS], columns=["指标", "公式", "数据来源"],
                        index=pd.Index([d[0] for d in DEFINITIONS], name="列名"))


def assumed_spend() -> pd.DataFrame:
    """The assumed monthly promotion spend per channel (an exercise premise, not data).

    >>> int(assumed_spend().loc["抖音小店", "spend"])
    12000
    """
    out = pd.DataFrame({"spend": pd.Series(ASSUMED_SPEND)})
    out["margin"] = GROSS_MARGIN
    out.index.name = "channel"
    return out


def chinese(df: pd.DataFrame) -> pd.DataFrame:
    """Display copy with Chinese column names.

    >>> list(chinese(pd.DataFrame({"churn_rate": [0.01], "reads": [1]})).columns)
    ['流失率', '阅读/播放量']
    """
    from .labels import to_chinese
    return to_chinese(df, LABELS)


def month_bounds(month: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    """Start (inclusive) and end (exclusive) of a month ``"YYYY-MM"``.

    >>> month_bounds("2025-06")
    (Timestamp('2025-06-01 00:00:00'), Timestamp('2025-07-01 00:00:00'))
    """
    try:
        period = pd.Period(month, freq="M")
    except (ValueError, TypeError):
        raise ValueError(f'月份 "{month}" 的格式不对；请写成 "YYYY-MM"，如 "2025-06"') from None
    return period.start_time, (period + 1).start_time


def _months(first: str, last: str) -> list[str]:
    return [p.strftime("%Y-%m") for p in pd.period_range(first, last, freq="M")]


# --------------------------------------------------------------------------- #
# Followers and groups
# --------------------------------------------------------------------------- #


def followers_at(followers: pd.DataFrame, when) -> int:
    """How many follow relations exist at the moment ``when`` (followed before, not yet unfollowed).

    >>> demo = pd.DataFrame({"followed_at": pd.to_datetime(["2025-01-05", "2025-02-10", "2025-01-20"]),
    ...                      "unfollowed_at": pd.to_datetime([None, None, "2025-01-30"])})
    >>> followers_at(demo, "2025-02-01")
    1
    """
    when = pd.Timestamp(when)
    return int(((followers["followed_at"] < when)
                & (followers["unfollowed_at"].isna() | (followers["unfollowed_at"] >= when))).sum())


def _flow(starts: pd.Series, ends: pd.Series, months: list[str]) -> pd.DataFrame:
    """start/new/lost/net/end per month from start and (possibly missing) end times."""
    rows = []
    for m in months:
        a, b = month_bounds(m)
        start = int(((starts < a) & (ends.isna() | (ends >= a))).sum())
        new = int(((starts >= a) & (starts < b)).sum())
        lost = int(((ends >= a) & (ends < b)).sum())
        rows.append((m, start, new, lost))
    out = pd.DataFrame(rows, columns=["month", "start", "new", "lost"]).set_index("month")
    out["net"] = out["new"] - out["lost"]
    out["end"] = out["start"] + out["net"]
    return out


def follower_flow(followers: pd.DataFrame, platform: str | None = None, first: str = "2024-07",
                  last: str = "2025-12") -> pd.DataFrame:
    """Month by month: ``start`` (期初关注数), ``new``, ``lost`` (取关), ``net`` (净增), ``end``,
    ``churn_rate`` (流失率 = lost ÷ start) and ``new_rate`` (新增率 = new ÷ start).

    ``platform`` ``None`` means all platforms (a user following two accounts counts twice).

    >>> from nmt_lab import load
    >>> flow = follower_flow(load("followers"), "抖音", "2025-01", "2025-03")
    >>> list(flow.index), list(flow.columns)
    (['2025-01', '2025-02', '2025-03'], ['start', 'new', 'lost', 'net', 'end', 'churn_rate', 'new_rate'])
    >>> bool((flow["end"].iloc[:-1].to_numpy() == flow["start"].iloc[1:].to_numpy()).all())
    True
    """
    check_columns(followers, ["platform", "followed_at", "unfollowed_at"])
    if platform is not None:
        check_choice(platform, followers["platform"].dropna().unique(), "平台")
        followers = followers[followers["platform"] == platform]
    out = _flow(followers["followed_at"], followers["unfollowed_at"], _months(first, last))
    out["churn_rate"] = metrics.rate(out["lost"], out["start"])
    out["new_rate"] = metrics.rate(out["new"], out["start"])
    return out


def group_flow(group_members: pd.DataFrame, group: str | None = None, first: str = "2025-01",
               last: str = "2025-12") -> pd.DataFrame:
    """The same for the fan groups: ``start`` (期初在群), ``new`` (入群), ``lost`` (退群), ``net``,
    ``end`` and ``leave_rate`` (退群率 = lost ÷ start).

    >>> from nmt_lab import load
    >>> g = group_flow(load("group_members"))
    >>> len(g), bool((g["leave_rate"] < 1).all())
    (12, True)
    """
    check_columns(group_members, ["group_name", "joined_at", "left_at"])
    if group is not None:
        check_choice(group, group_members["group_name"].dropna().unique(), "群")
        group_members = group_members[group_members["group_name"] == group]
    out = _flow(group_members["joined_at"], group_members["left_at"], _months(first, last))
    out["leave_rate"] = metrics.rate(out["lost"], out["start"])
    return out


def member_orders(group_members: pd.DataFrame, orders: pd.DataFrame, year: int = 2025) -> pd.DataFrame:
    """Members who joined a group in ``year``, with ``matched`` (user id known) and ``ordered``
    (a paid order at or after joining, in the order data).

    >>> from nmt_lab import load
    >>> m = member_orders(load("group_members"), load("orders"))
    >>> bool((m["ordered"] <= m["matched"]).all())
    True
    """
    check_columns(group_members, ["member_id", "user_id", "joined_at", "left_at"])
    check_columns(orders, ["user_id", "paid_at"])
    out = group_members[group_members["joined_at"].dt.year == year].copy()
    out["matched"] = out["user_id"].notna()
    paid = orders.loc[orders["paid_at"].notna(), ["user_id", "paid_at"]]
    last_paid = paid.groupby("user_id")["paid_at"].max()
    out["ordered"] = out["matched"] & (out["user_id"].map(last_paid) >= out["joined_at"]).fillna(False).astype(bool)
    out["left"] = out["left_at"].notna()
    return out


def group_conversion(group_members: pd.DataFrame, orders: pd.DataFrame, by: str = "join_source",
                     year: int = 2025) -> pd.DataFrame:
    """Per group of members who joined in ``year``: ``members``, ``matched``, ``ordered``,
    ``group_conversion`` (= ordered ÷ matched), ``left`` and the share who left.

    >>> from nmt_lab import load
    >>> t = group_conversion(load("group_members"), load("orders"))
    >>> sorted(t.index)
    ['小程序', '扫码', '邀请', '门店']
    >>> bool(t["group_conversion"].between(0, 1).all())
    True
    """
    m = member_orders(group_members, orders, year)
    check_columns(m, [by])
    g = m.groupby(by, observed=True)
    out = pd.DataFrame({"members": g.size(), "matched": g["matched"].sum(), "ordered": g["ordered"].sum(),
                        "left": g["left"].sum()})
    out["group_conversion"] = metrics.rate(out["ordered"], out["matched"])
    out["left_share"] = metrics.rate(out["left"], out["members"])
    return out


# --------------------------------------------------------------------------- #
# Orders, refunds, traffic
# --------------------------------------------------------------------------- #

ONLINE_CHANNELS = ["微信小程序", "抖音小店", "小红书店铺", "淘宝店"]


def paid_orders(orders: pd.DataFrame, refunds: pd.DataFrame) -> pd.DataFrame:
    """Paid orders (``paid_at`` not empty, whatever their status) with ``refund`` (the refunded
    amount as a **positive** number, all refunds of the order added up), ``refunded`` and ``month``.

    Refunds are negative in the export; an order may be refunded in two parts.

    >>> from nmt_lab import load
    >>> p = paid_orders(load("orders"), load("refunds"))
    >>> bool((p["refund"] >= 0).all()), bool((p["refund"] <= p["amount"] + 0.01).all())
    (True, True)
    """
    check_columns(orders, ["order_id", "paid_at", "created_at", "amount"])
    check_columns(refunds, ["order_id", "refund_amount"])
    out = orders[orders["paid_at"].notna()].copy()
    per_order = refunds.groupby("order_id")["refund_amount"].sum().abs()
    out["refund"] = out["order_id"].map(per_order).fillna(0.0).astype(float)
    out["refunded"] = out["refund"] > 0
    out["month"] = out["created_at"].dt.strftime("%Y-%m")
    return out


def _in_month(df: pd.DataFrame, column: str, month: str | None) -> pd.DataFrame:
    if month is None or month == "全年":
        return df
    a, b = month_bounds(month)
    return df[(df[column] >= a) & (df[column] < b)]


def refund_table(orders: pd.DataFrame, refunds: pd.DataFrame, by: str | None = "channel",
                 month: str | None = None) -> pd.DataFrame:
    """Paid orders and refunds per group: ``paid_orders``, ``paid_amount``, ``refunded_orders``,
    ``refund_amount``, ``refund_rate_count``, ``refund_rate_amount`` and ``aov`` (客单价).

    Orders are those created in ``month`` (all of 2025 when ``None``); their refunds count
    whenever they happened. ``by`` ``None`` gives one row.

    >>> from nmt_lab import load
    >>> t = refund_table(load("orders"), load("refunds"), by=None)
    >>> bool(t.loc["全部", "refund_rate_count"] > t.loc["全部", "refund_rate_amount"])
    True
    """
    paid = _in_month(paid_orders(orders, refunds), "created_at", month)
    if by is None:
        paid = paid.assign(_all="全部")
        by = "_all"
    check_columns(paid, [by])
    g = paid.groupby(by, observed=True)
    out = pd.DataFrame({"paid_orders": g.size(), "paid_amount": g["amount"].sum(),
                        "refunded_orders": g["refunded"].sum(), "refund_amount": g["refund"].sum()})
    out["refund_rate_count"] = metrics.rate(out["refunded_orders"], out["paid_orders"])
    out["refund_rate_amount"] = metrics.rate(out["refund_amount"], out["paid_amount"])
    out["aov"] = metrics.rate(out["paid_amount"], out["paid_orders"])
    out.index.name = None if by == "_all" else by
    return out


def sales_table(orders: pd.DataFrame, refunds: pd.DataFrame, traffic: pd.DataFrame,
                month: str | None = None) -> pd.DataFrame:
    """Per sales channel: traffic (``visitors``, ``product_views``, ``add_to_cart``), paid orders,
    ``paying_users`` (distinct per day, added up), amounts, refunds and the rates
    ``cart_rate`` (加购人数 ÷ 访客数), ``order_conversion``, ``paid_conversion``,
    ``refund_rate_count``, ``refund_rate_amount``, ``aov``.

    Store QR-code orders (线下扫码) have no visitor count: their traffic rates are NaN.

    >>> from nmt_lab import load
    >>> t = sales_table(load("orders"), load("refunds"), load("shop_traffic"), "2025-06")
    >>> bool(t.loc["微信小程序", "order_conversion"] > t.loc["微信小程序", "paid_conversion"] > 0)
    True
    >>> bool(pd.isna(t.loc["线下扫码", "order_conversion"]))
    True
    """
    check_columns(traffic, ["date", "channel", "visitors", "product_views", "add_to_cart"])
    if month not in (None, "全年"):
        check_choice(month, sorted(traffic["date"].dt.strftime("%Y-%m").unique()), "月份")
    t = _in_month(traffic, "date", month).groupby("channel", observed=True)[
        ["visitors", "product_views", "add_to_cart"]].sum()
    paid = _in_month(paid_orders(orders, refunds), "created_at", month)
    daily_users = paid.groupby([paid["channel"], paid["created_at"].dt.normalize()], observed=True)[
        "user_id"].nunique().groupby(level=0, observed=True).sum()
    r = refund_table(orders, refunds, "channel", month)
    out = t.reindex(r.index.union(t.index))
    out["paid_orders"] = r["paid_orders"]
    out["paying_users"] = daily_users
    out["paid_amount"] = r["paid_amount"]
    out["refunded_orders"] = r["refunded_orders"]
    out["refund_amount"] = r["refund_amount"]
    out = out.fillna({"paid_orders": 0, "paying_users": 0, "paid_amount": 0.0, "refunded_orders": 0,
                      "refund_amount": 0.0})
    out["cart_rate"] = metrics.rate(out["add_to_cart"], out["visitors"])
    out["order_conversion"] = metrics.rate(out["paid_orders"], out["visitors"])
    out["paid_conversion"] = metrics.rate(out["paying_users"], out["visitors"])
    out["refund_rate_count"] = metrics.rate(out["refunded_orders"], out["paid_orders"])
    out["refund_rate_amount"] = metrics.rate(out["refund_amount"], out["paid_amount"])
    out["aov"] = metrics.rate(out["paid_amount"], out["paid_orders"])
    order = [c for c in [*ONLINE_CHANNELS, "线下扫码"] if c in out.index]
    out = out.reindex(order + [c for c in out.index if c not in order])
    out.index.name = "channel"
    return out


def input_output(sales: pd.DataFrame, spend: pd.DataFrame | None = None, margin: float | None = None
                 ) -> pd.DataFrame:
    """投入产出 per channel: ``gmv`` (已支付金额), ``net_revenue`` (GMV − 退款), ``spend``,
    ``roas`` = gmv ÷ spend, ``gross_profit`` = net_revenue × margin, ``profit`` = gross_profit − spend,
    ``roi`` = profit ÷ spend.

    ``sales`` is a :func:`sales_table` or :func:`refund_table` by channel; ``spend`` defaults to
    :func:`assumed_spend` (one month), ``margin`` to :data:`GROSS_MARGIN`.

    >>> s = pd.DataFrame({"paid_amount": [15000.0], "refund_amount": [500.0]}, index=["抖音小店"])
    >>> io = input_output(s)
    >>> float(io.loc["抖音小店", "roas"]), round(float(io.loc["抖音小店", "roi"]), 3)
    (1.25, -0.275)
    """
    check_columns(sales, ["paid_amount", "refund_amount"])
    spend = assumed_spend() if spend is None else spend
    margin = GROSS_MARGIN if margin is None else margin
    if not 0 < margin <= 1:
        raise ValueError(f"毛利率 {margin} 不对：应是 0 到 1 之间的小数，如 0.6 表示 60%。")
    out = pd.DataFrame(index=sales.index)
    out["gmv"] = sales["paid_amount"].astype(float)
    out["net_revenue"] = out["gmv"] - sales["refund_amount"].astype(float).abs()
    out["spend"] = spend["spend"].reindex(sales.index).astype(float)
    out["roas"] = metrics.rate(out["gmv"], out["spend"])
    out["gross_profit"] = out["net_revenue"] * margin
    out["profit"] = out["gross_profit"] - out["spend"]
    out["roi"] = metrics.rate(out["profit"], out["spend"])
    return out


# --------------------------------------------------------------------------- #
# The funnel panel
# --------------------------------------------------------------------------- #

FUNNEL_STAGES = [("visitors", "访客数"), ("add_to_cart", "加购人数"), ("paid_orders", "支付订单数"),
                 ("refunded_orders", "退款订单数")]


def funnel_view(orders: pd.DataFrame, refunds: pd.DataFrame, traffic: pd.DataFrame, channel: str,
                month: str = "全年") -> dict:
    """What the funnel panel shows for one online channel (or ``"全部线上渠道"``) and one month
    (or ``"全年"``): the stages and their values, and the rates between them.

    >>> from nmt_lab import load
    >>> v = funnel_view(load("orders"), load("refunds"), load("shop_traffic"), "抖音小店", "2025-06")
    >>> v["stages"]
    ['访客数', '加购人数', '支付订单数', '退款订单数']
    >>> v["values"][0] > v["values"][1] > v["values"][2] > v["values"][3]
    True
    """
    check_choice(channel, [*ONLINE_CHANNELS, "全部线上渠道"], "渠道")
    table = sales_table(orders, refunds, traffic, month)
    rows = table.loc[ONLINE_CHANNELS] if channel == "全部线上渠道" else table.loc[[channel]]
    s = rows.sum(numeric_only=True)
    rates = {
        "cart_rate": metrics.rate(s["add_to_cart"], s["visitors"]),
        "order_conversion": metrics.rate(s["paid_orders"], s["visitors"]),
        "paid_conversion": metrics.rate(s["paying_users"], s["visitors"]),
        "refund_rate_count": metrics.rate(s["refunded_orders"], s["paid_orders"]),
        "refund_rate_amount": metrics.rate(s["refund_amount"], s["paid_amount"]),
        "aov": metrics.rate(s["paid_amount"], s["paid_orders"]),
        "views_per_visitor": metrics.rate(s["product_views"], s["visitors"]),
    }
    return {"stages": [name for _, name in FUNNEL_STAGES],
            "values": [float(s[col]) for col, _ in FUNNEL_STAGES],
            "rates": {k: float(v) for k, v in rates.items()}}


def funnel_text(values: list[float]) -> list[str]:
    """Labels on the funnel: each stage's value and its share of the stage above.

    >>> funnel_text([1000, 100, 50])
    ['1,000', '100（上一层的 10.0%）', '50（上一层的 50.0%）']
    """
    out = [f"{values[0]:,.0f}"]
    for above, value in zip(values[:-1], values[1:], strict=True):
        share = f"{value / above:.1%}" if above else "—"
        out.append(f"{value:,.0f}（上一层的 {share}）")
    return out


def funnel_html(rates: dict) -> str:
    """The rate card under the funnel."""
    r = rates
    return (
        "<div style='font-size:14px;line-height:1.8'>"
        f"加购率 <b>{r['cart_rate']:.1%}</b>（加购人数 ÷ 访客数）　"
        f"成交转化率 <b>{r['order_conversion']:.2%}</b>（支付订单 ÷ 访客）　"
        f"付费转化率 {r['paid_conversion']:.2%}（付费用户 ÷ 访客）<br>"
        f"退款率：按笔数 <b>{r['refund_rate_count']:.1%}</b>，按金额 <b>{r['refund_rate_amount']:.1%}</b>　"
        f"客单价 ¥{r['aov']:,.1f}　人均浏览 {r['views_per_visitor']:.1f} 次（浏览量按次计，不放进漏斗）"
        "</div>"
    )


def funnel_panel(orders: pd.DataFrame, refunds: pd.DataFrame, traffic: pd.DataFrame,
                 channel: str = "微信小程序", month: str = "全年"):
    """Pick a channel and a month: the funnel chart and the rate card update in place."""
    import ipywidgets as w
    import plotly.graph_objects as go

    from .widgets import Panel

    months = ["全年", *sorted(traffic["date"].dt.strftime("%Y-%m").unique())]
    controls = {
        "channel": w.Dropdown(options=[*ONLINE_CHANNELS, "全部线上渠道"], value=channel, description="渠道"),
        "month": w.Dropdown(options=months, value=month, description="月份"),
    }
    fig = go.FigureWidget(data=[go.Funnel(textinfo="text", hoverinfo="skip")], layout=dict(height=400))
    card = w.HTML()

    def update(channel: str, month: str) -> None:
        v = funnel_view(orders, refunds, traffic, channel, month)
        with fig.batch_update():
            fig.data[0].y, fig.data[0].x = v["stages"], v["values"]
            fig.data[0].text = funnel_text(v["values"])
            fig.layout.title = f"{channel} · {month} 成交漏斗"
        card.value = funnel_html(v["rates"])

    return Panel(controls, [card, fig], update, figure=fig, card=card)
