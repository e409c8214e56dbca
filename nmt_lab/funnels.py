"""Funnels for strategy: the AARRR funnel (McClure 2007) with its bottleneck, LTV vs CAC by
channel, the AISAS journey and a what-if model of the funnel.

Built on the campaign event log (:func:`nmt_lab.campaigns.sessions`), the member tables
(``users``, ``user_behaviour``, ``orders``) and ``search_index``. First used by 高级 A1-3
策略制定. Reference rates and the LTV assumptions live in ``nmt_lab/data/funnels.json``.

>>> import nmt_lab as nmt
>>> cu = campaign_users(nmt.load("campaign_events"), nmt.load("campaign_channels"))
>>> f = aarrr(cu)
>>> list(f.index), bottleneck(f)
(['获取', '激活', '留存', '变现', '推荐'], '留存')
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

import pandas as pd

from ._errors import check_choice, check_columns

#: AARRR stages in McClure's order, with the per-user column that marks each one
AARRR = {"获取": "visited", "激活": "activated", "留存": "retained", "变现": "paid", "推荐": "shared"}
#: what each stage means in the campaign event log
AARRR_RULES = {
    "获取": "打开了活动落地页（有一次有效访问）",
    "激活": "浏览了商品页（view）",
    "留存": "在活动期内不同的两天及以上回访",
    "变现": "支付了订单（pay）",
    "推荐": "分享了活动（share）",
}
AISAS = ["注意", "兴趣", "搜索", "行动", "分享"]
DIRECT = "直接/门店"

LABELS = {
    "stage": "阶段", "users": "用户数", "rate": "逐级转化率", "of_top": "占获取用户比例",
    "benchmark": "参考转化率", "gap": "与参考值的相对差距", "rule": "口径", "visited": "获取",
    "activated": "激活", "retained": "留存", "paid": "变现", "shared": "推荐", "days": "访问天数",
    "first_channel": "首次来源渠道", "referred": "好友分享带来", "revenue": "销售额",
    "cost": "费用", "customers": "付费用户数", "cac": "获客成本 CAC", "ltv": "用户终身价值 LTV",
    "ltv_cac": "LTV ÷ CAC", "ltv_below_cac": "LTV 低于 CAC", "platform": "平台",
    "channel_name": "渠道名称", "channel_type": "渠道类型", "measure": "指标", "value": "数值",
    "source": "数据来源", "spend": "年均消费", "members": "会员数", "buyers": "下单会员数",
}


@cache
def settings() -> dict:
    """The course settings: AARRR reference rates, gross margin, lifetime, platform map.

    >>> settings()["aarrr_benchmark"]["留存"]
    0.35
    """
    text = resources.files("nmt_lab").joinpath("data/funnels.json").read_text("utf-8")
    return json.loads(text)


def show(df: pd.DataFrame) -> pd.DataFrame:
    """The table with Chinese column names, for display only.

    >>> list(show(pd.DataFrame({"cac": [1.0], "ltv": [2.0]})).columns)
    ['获客成本 CAC', '用户终身价值 LTV']
    """
    from .labels import to_chinese
    return to_chinese(df, LABELS)


# --------------------------------------------------------------------------- AARRR

def campaign_users(events: pd.DataFrame, channels: pd.DataFrame | None = None,
                   drop_suspicious: bool = True) -> pd.DataFrame:
    """One row per campaign visitor: which AARRR stages they reached, their first channel,
    whether a friend's share brought them, and what they paid.

    Sessions flagged by :func:`nmt_lab.campaigns.suspicious` (刷量, 刷券) are dropped unless
    ``drop_suspicious=False``: fake visits inflate 获取 and make every later rate look worse.

    >>> import nmt_lab as nmt
    >>> ev, ch = nmt.load("campaign_events"), nmt.load("campaign_channels")
    >>> len(campaign_users(ev, ch)) < len(campaign_users(ev, ch, drop_suspicious=False))
    True
    """
    from .campaigns import sessions, suspicious

    sess = sessions(events, channels)
    if drop_suspicious:
        sess = sess[suspicious(sess) == ""]
    sess = sess.sort_values("start").assign(day=sess["start"].dt.date)
    g = sess.groupby("user_id", sort=False)
    out = pd.DataFrame({
        "days": g["day"].nunique(), "views": g["views"].sum(), "paid_orders": g["paid_orders"].sum(),
        "shares": g["shares"].sum(), "revenue": g["revenue"].sum(), "referred": g["via_share"].first(),
    })
    if "channel_name" in sess:
        out.insert(0, "first_channel", g["channel_name"].first())
    out["visited"] = True
    out["activated"] = out["views"] > 0
    out["retained"] = out["days"] >= 2
    out["paid"] = out["paid_orders"] > 0
    out["shared"] = out["shares"] > 0
    return out.reset_index()


def aarrr(users: pd.DataFrame, benchmark: dict | None = None) -> pd.DataFrame:
    """The AARRR funnel: users per stage, ``rate`` = stage ÷ previous stage (逐级转化率),
    ``of_top`` = stage ÷ 获取, the reference rate and ``gap`` = rate ÷ reference − 1
    (negative: below the reference).

    The stages are not nested sets (a buyer need not come back on a second day), so a rate is
    "how many of the previous stage's number", as in McClure's funnel.

    >>> u = pd.DataFrame({"visited": [True] * 4, "activated": [True, True, True, False],
    ...                   "retained": [True, False, False, False], "paid": [True, False, False, False],
    ...                   "shared": [False] * 4})
    >>> aarrr(u)["users"].tolist()
    [4, 3, 1, 1, 0]
    """
    check_columns(users, list(AARRR.values()))
    ref = {**settings()["aarrr_benchmark"], **(benchmark or {})}
    counts = pd.Series({s: int(users[c].sum()) for s, c in AARRR.items()}, name="users")
    out = counts.to_frame().rename_axis("stage")
    prev = counts.shift(1)
    out["rate"] = (counts / prev.where(prev > 0)).astype(float)
    out.loc["获取", "rate"] = 1.0
    out["of_top"] = counts / counts.iloc[0] if counts.iloc[0] else float("nan")
    out["benchmark"] = pd.Series(ref).reindex(out.index).astype(float)
    out["gap"] = out["rate"] / out["benchmark"] - 1
    out["rule"] = pd.Series(AARRR_RULES)
    return out


def bottleneck(funnel: pd.DataFrame) -> str:
    """The stage furthest below its reference rate (most negative ``gap``).

    >>> f = pd.DataFrame({"gap": [float("nan"), 0.2, -0.5, -0.1]}, index=["获取", "激活", "留存", "变现"])
    >>> bottleneck(f)
    '留存'
    """
    check_columns(funnel, ["gap"])
    return str(funnel["gap"].astype(float).idxmin())


# --------------------------------------------------------------------------- what-if

def what_if(funnel: pd.DataFrame, stage: str, lift: float, arppu: float | None = None) -> dict:
    """Revenue when ``stage``'s rate rises by ``lift`` (0.1 = +10 %, relative), rates capped at 1.

    Revenue = 变现 users × ``arppu`` (revenue per paying user). A higher rate at 激活, 留存 or
    变现 multiplies every later count; 推荐 brings friends: with K = 推荐 users ÷ 获取 users,
    visitors grow as 1 ÷ (1 − K) (the referral loop, seed visitors fixed), K capped at 0.95.
    Without ``arppu`` revenue is counted as 1 yuan per paying user.

    >>> f = aarrr(pd.DataFrame({"visited": [True] * 10, "activated": [True] * 8 + [False] * 2,
    ...     "retained": [True] * 4 + [False] * 6, "paid": [True] * 2 + [False] * 8,
    ...     "shared": [True] + [False] * 9}))
    >>> r = what_if(f, "留存", 0.5, arppu=30)
    >>> r["base_revenue"], r["revenue"], r["paid_users"]
    (60.0, 90.0, 3.0)
    >>> what_if(f, "获取", 0.1)["paid_users"]
    2.2
    """
    check_choice(stage, list(AARRR), "漏斗阶段")
    lift = float(lift)
    if lift < -1:
        raise ValueError(f"提升比例 {lift} 小于 −1（−100%）：用小数表示，如 0.1 表示提升 10%。")
    arppu = 1.0 if arppu is None else float(arppu)
    rates = funnel["rate"].astype(float).fillna(0.0).copy()
    top = float(funnel["users"].iloc[0])
    k0 = float(funnel.loc["推荐", "users"]) / top if top else 0.0
    new_rates = rates.copy()
    new_top = top * (1 + lift) if stage == "获取" else top
    if stage != "获取":
        new_rates[stage] = min(1.0, rates[stage] * (1 + lift))
    if stage == "推荐" and rates[stage] > 0:  # referral loop: seed visitors stay, K grows
        k1 = min(0.95, k0 * new_rates[stage] / rates[stage])
        new_top = top * (1 - k0) / (1 - k1)
    counts = new_top * new_rates.cumprod()
    base_paid = float(top * rates[["获取", "激活", "留存", "变现"]].prod())
    paid = float(counts["变现"])
    base_revenue, revenue = round(base_paid * arppu, 2), round(paid * arppu, 2)
    return {"stage": stage, "lift": lift, "rate_before": float(rates[stage]),
            "rate_after": float(new_rates[stage]), "visitors": round(new_top, 2),
            "paid_users": round(paid, 2), "base_revenue": base_revenue, "revenue": revenue,
            "delta": round(revenue - base_revenue, 2), "counts": [round(float(c), 1) for c in counts]}


def what_if_panel(funnel: pd.DataFrame, arppu: float, stage: str = "留存", lift: float = 0.1):
    """Pick a stage and a lift: the funnel bars (now vs after) and a revenue card.

    >>> f = aarrr(pd.DataFrame({"visited": [True] * 10, "activated": [True] * 8 + [False] * 2,
    ...     "retained": [True] * 4 + [False] * 6, "paid": [True] * 2 + [False] * 8,
    ...     "shared": [True] + [False] * 9}))
    >>> p = what_if_panel(f, arppu=30, stage="留存", lift=0.5)
    >>> "90" in p.card.value, list(p.figure.data[1].y)[:3]
    (True, [10.0, 8.0, 6.0])
    """
    import ipywidgets as w
    import plotly.graph_objects as go

    from .widgets import Panel

    controls = {
        "stage": w.Dropdown(options=list(AARRR), value=stage, description="提升阶段"),
        "lift": w.FloatSlider(value=lift, min=0.0, max=1.0, step=0.05, description="提升比例",
                              readout_format=".0%", continuous_update=False),
    }
    stages = list(funnel.index)
    fig = go.FigureWidget(data=[go.Bar(name="现在", x=stages, y=[int(v) for v in funnel["users"]]),
                                go.Bar(name="提升后", x=stages)],
                          layout=dict(height=340, barmode="group", yaxis_title="用户数",
                                      xaxis_title="AARRR 阶段"))
    card = w.HTML()

    def update(stage: str, lift: float) -> None:
        r = what_if(funnel, stage, lift, arppu)
        with fig.batch_update():
            fig.data[1].y = r["counts"]
            fig.layout.title = f"{stage}提升 {lift:.0%} 后的漏斗"
        capped = "（已封顶到 100%）" if stage not in ("获取", "推荐") and r["rate_after"] >= 1 else ""
        card.value = (f"<div style='font-size:14px;line-height:1.8'>{stage}转化率 "
                      f"{r['rate_before']:.1%} → <b>{r['rate_after']:.1%}</b>{capped}　"
                      f"付费用户 <b>{r['paid_users']:.0f}</b>　销售额 {r['base_revenue']:,.0f} → "
                      f"<b>{r['revenue']:,.0f}</b> 元（{r['delta']:+,.0f}）</div>")

    return Panel(controls, [card, fig], update, figure=fig, card=card)


# --------------------------------------------------------------------------- LTV and CAC

def first_platform(orders: pd.DataFrame) -> pd.Series:
    """Per buyer: the content platform of their first valid 2025 order (``直接/门店`` if none).

    >>> import nmt_lab as nmt
    >>> first_platform(nmt.load("orders")).value_counts().index[0]
    '直接/门店'
    """
    from .cohorts import valid_orders

    check_columns(orders, ["user_id", "created_at", "source_platform", "status"])
    o = valid_orders(orders).sort_values("created_at").drop_duplicates("user_id")
    return o.set_index("user_id")["source_platform"].astype(object).fillna(DIRECT).rename("platform")


def ltv(behaviour: pd.DataFrame, by: pd.Series | None = None, margin: float | None = None,
        years: float | None = None) -> pd.DataFrame:
    """LTV = average yearly spend of a buyer × gross margin × expected years as a customer,
    overall or per group ``by`` (a Series indexed by user_id, e.g. :func:`first_platform` or
    ``users.set_index("user_id")["reg_channel"]``). Only buyers (orders ≥ 1) count.

    >>> b = pd.DataFrame({"user_id": ["a", "b", "c"], "orders": [1, 2, 0], "spend": [100.0, 300.0, 0.0]})
    >>> float(ltv(b, margin=0.5, years=2)["ltv"].iloc[0])
    200.0
    """
    check_columns(behaviour, ["user_id", "orders", "spend"])
    s = settings()
    margin = s["gross_margin"] if margin is None else float(margin)
    years = s["lifetime_years"] if years is None else float(years)
    b = behaviour[behaviour["orders"] > 0].set_index("user_id")
    if by is None:
        g = b["spend"].to_frame().assign(group="全部买家").groupby("group")["spend"]
    else:
        g = b["spend"].groupby(by.reindex(b.index).astype(object).fillna("其他"))
    out = pd.DataFrame({"buyers": g.size(), "spend": g.mean()})
    out["ltv"] = out["spend"] * margin * years
    return out.sort_values("ltv", ascending=False)


def ltv_cac(users: pd.DataFrame, channels: pd.DataFrame, ltv_by_platform: pd.Series) -> pd.DataFrame:
    """Per campaign channel: cost, paying users it brought (``customers``, by first channel),
    CAC = cost ÷ customers, the LTV of its platform, LTV ÷ CAC and ``ltv_below_cac`` (a paid
    channel whose customers are worth less than they cost, or that brought none).

    >>> import nmt_lab as nmt
    >>> ch = nmt.load("campaign_channels")
    >>> cu = campaign_users(nmt.load("campaign_events"), ch)
    >>> lv = ltv(nmt.load("user_behaviour"), first_platform(nmt.load("orders")))["ltv"]
    >>> t = ltv_cac(cu, ch, lv)
    >>> bool(t.loc["微博达人·茉茉", "ltv_below_cac"]), bool(t.loc["门店海报二维码", "ltv_below_cac"])
    (True, False)
    """
    check_columns(users, ["first_channel", "paid"])
    check_columns(channels, ["channel_name", "channel_type", "platform", "cost"])
    cmap = settings()["platform_of_channel"]
    t = channels.set_index("channel_name")[["channel_type", "platform", "cost"]].copy()
    t["channel_type"] = t["channel_type"].astype(str)
    t["platform"] = t["platform"].astype(str).map(cmap).fillna(DIRECT)
    t["customers"] = users[users["paid"]].groupby("first_channel").size().reindex(t.index).fillna(0).astype(int)
    t["cac"] = t["cost"] / t["customers"].where(t["customers"] > 0)
    t.loc[(t["customers"] == 0) & (t["cost"] > 0), "cac"] = float("inf")
    t["ltv"] = ltv_by_platform.reindex(t["platform"]).to_numpy()
    t["ltv_cac"] = t["ltv"] / t["cac"].where(t["cac"] > 0)
    t.loc[(t["cost"] == 0) & (t["customers"] > 0), "ltv_cac"] = float("inf")  # free channel
    t["ltv_below_cac"] = (t["cost"] > 0) & (t["ltv"] < t["cac"])
    return t.sort_values("ltv_cac", na_position="first")


# --------------------------------------------------------------------------- AISAS

def search_lift(search_index: pd.DataFrame, keyword: str = "溪山茶饮", source: str = "百度指数",
                index_type: str = "搜索指数", start: str = "2025-06-01", end: str = "2025-06-14",
                baseline_days: int = 14) -> float:
    """Mean index in [start, end] ÷ mean of the ``baseline_days`` before start − 1.

    >>> import nmt_lab as nmt
    >>> round(search_lift(nmt.load("search_index")), 3)
    0.085
    """
    check_columns(search_index, ["date", "keyword", "source", "index_type", "value"])
    check_choice(keyword, sorted(search_index["keyword"].astype(str).unique()), "关键词")
    m = ((search_index["keyword"] == keyword) & (search_index["source"] == source)
         & (search_index["index_type"] == index_type))
    if not m.any():
        pairs = search_index[["source", "index_type"]].drop_duplicates().astype(str)
        raise ValueError(f"没有 {source}·{index_type} 的数据；可用的有："
                         + "、".join(f"{a}·{b}" for a, b in pairs.itertuples(index=False)))
    x = search_index[m].set_index("date")["value"].astype(float).sort_index()
    s, e = pd.Timestamp(start), pd.Timestamp(end)
    during = x[(x.index >= s) & (x.index <= e)].mean()
    before = x[(x.index < s) & (x.index >= s - pd.Timedelta(days=baseline_days))].mean()
    return float(during / before - 1)


def aisas(users: pd.DataFrame, search_index: pd.DataFrame, **search) -> pd.DataFrame:
    """The AISAS journey (注意 Attention → 兴趣 Interest → 搜索 Search → 行动 Action → 分享 Share)
    of the campaign: users per stage from the event log and, for 搜索, the brand keyword's
    search-index lift during the campaign (``search`` goes to :func:`search_lift`).

    >>> import nmt_lab as nmt
    >>> cu = campaign_users(nmt.load("campaign_events"))
    >>> aisas(cu, nmt.load("search_index"))["stage"].tolist()
    ['注意', '兴趣', '搜索', '行动', '分享']
    """
    check_columns(users, ["visited", "activated", "paid", "shared"])
    n = {c: int(users[c].sum()) for c in ["visited", "activated", "paid", "shared"]}
    lift = search_lift(search_index, **search)
    kw = search.get("keyword", "溪山茶饮")
    rows = [
        ("注意", "打开落地页的用户", n["visited"], "campaign_events"),
        ("兴趣", "浏览商品页的用户", n["activated"], "campaign_events"),
        ("搜索", f"“{kw}”搜索指数活动期比前两周的增幅", round(lift, 4), "search_index"),
        ("行动", "支付的用户", n["paid"], "campaign_events"),
        ("分享", "分享活动的用户", n["shared"], "campaign_events"),
    ]
    return pd.DataFrame(rows, columns=["stage", "measure", "value", "source"])
