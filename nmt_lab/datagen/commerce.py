"""``orders``, ``refunds`` (negative amounts, as exported by the shop back-ends) and
``shop_traffic`` (daily visitors per online channel) for 2025.

Cheap drinks and 团购 vouchers are refunded often, gift cards rarely but they are expensive:
the refund rate by count and by amount differ, a point the course makes.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._common import (
    DATA_END,
    YEAR_END,
    YEAR_START,
    daterange,
    event_factor,
    month_factor,
    spring_festival_dip,
)
from .catalog import PRODUCTS, on_sale

CHANNELS = ["微信小程序", "抖音小店", "小红书店铺", "淘宝店", "线下扫码"]
ONLINE_CHANNELS = ["微信小程序", "抖音小店", "小红书店铺", "淘宝店"]
CHANNEL_MIX = {"微信小程序": .55, "抖音小店": .15, "小红书店铺": .06, "淘宝店": .10, "线下扫码": .14}
STATUSES = ["已支付", "未支付", "已退款", "部分退款"]
ORDER_COLUMNS = ["order_id", "user_id", "channel", "source_platform", "created_at", "paid_at",
                 "product", "product_type", "quantity", "unit_price", "discount", "amount", "status"]
REFUND_COLUMNS = ["refund_id", "order_id", "refund_at", "refund_amount", "reason"]
TRAFFIC_COLUMNS = ["date", "channel", "visitors", "product_views", "add_to_cart"]

#: product-type mix per channel
KIND_MIX = {
    "微信小程序": {"饮品": .74, "饮品券": .08, "礼品卡": .10, "茶礼盒": .05, "周边": .03},
    "抖音小店": {"饮品券": .72, "饮品": .08, "礼品卡": .08, "茶礼盒": .12},
    "小红书店铺": {"周边": .40, "茶礼盒": .35, "礼品卡": .25},
    "淘宝店": {"礼品卡": .30, "茶礼盒": .45, "周边": .20, "饮品券": .05},
    "线下扫码": {"饮品": 1.0},
}
QTY = {"饮品": ([1, 2, 3, 4], [.55, .30, .10, .05]), "饮品券": ([1, 2], [.85, .15]),
       "礼品卡": ([1, 2, 5, 10], [.90, .06, .03, .01]), "茶礼盒": ([1, 2, 3], [.85, .12, .03]),
       "周边": ([1, 2], [.9, .1])}
#: refund probability of a paid order, by product type
REFUND_P = {"饮品": .055, "饮品券": .09, "礼品卡": .008, "茶礼盒": .03, "周边": .04}
REASONS = {
    "饮品": ["出餐太慢", "门店缺货", "下错单", "口味不符", "重复下单", "配送超时"],
    "饮品券": ["未使用自动退款", "不想要了", "门店太远", "重复购买"],
    "礼品卡": ["不想要了", "重复购买", "送礼对象已有"],
    "茶礼盒": ["商品破损", "物流太慢", "不想要了", "活动价差退款"],
    "周边": ["商品破损", "颜色与图片不符", "不想要了"],
}
#: which content platform referred the order (None = direct / search / in store)
REFERRAL = {
    "微信小程序": {"微信公众号": .22, "视频号": .08},
    "线下扫码": {"微信公众号": .10},
    "抖音小店": {"抖音": .90},
    "淘宝店": {"淘宝逛逛": .15, "小红书": .12, "微博": .08, "B站": .05},
    "小红书店铺": {"小红书": .95},
}
#: buyers that are already followers of these accounts
BUYER_ACCOUNTS = {"微信小程序": ["A01", "A02"], "线下扫码": ["A01", "A02"],
                  "抖音小店": ["A05", "A06"], "淘宝店": ["A11"], "小红书店铺": ["A07", "A12"]}
BUYER_FOLLOWER_SHARE = {"微信小程序": .6, "线下扫码": .45, "抖音小店": .35, "淘宝店": .3,
                        "小红书店铺": .4}
GIFT_EVENTS = ("情人节", "520", "七夕", "中秋", "圣诞", "品牌十周年")
#: order time of day (tea: late morning, afternoon tea, evening)
ORDER_HOURS = np.array([0.2, 0.1, 0.05, 0.03, 0.03, 0.05, 0.2, 0.8, 1.5, 1.8, 2.6, 2.8, 2.2, 2.4,
                        2.8, 3.0, 2.6, 2.0, 1.8, 2.1, 2.4, 2.0, 1.2, 0.6])
ORDER_HOURS = ORDER_HOURS / ORDER_HOURS.sum()


def _gift_factor(days) -> np.ndarray:
    from ._common import EVENTS
    out = np.ones(len(days))
    for d, name, _peak, _kind in EVENTS:
        if name in GIFT_EVENTS:
            off = (days - pd.Timestamp(d)).days.to_numpy()
            out += 2.5 * np.exp(-0.5 * (off / 2.5) ** 2) * (off <= 1)
    return out


def orders_table(rng: np.random.Generator, posts: pd.DataFrame, followers: pd.DataFrame, ids,
                 scale: int = 1):
    """Returns (orders, refunds, buyers) — buyers: user_id and city of every buyer."""
    days = daterange(YEAR_START, YEAR_END)
    nd = len(days)
    season = month_factor(days) * spring_festival_dip(days) * event_factor(days, ("活动", "新品"))
    wk = np.where(days.day_of_week.to_numpy() >= 5, 1.2, 0.95)
    d11 = np.exp(-0.5 * (((days - pd.Timestamp("2025-11-11")).days.to_numpy()) / 4.0) ** 2)
    gift = _gift_factor(days)
    reads = _daily_reads(posts, days)
    frames = []
    for ch in CHANNELS:
        lam = 40.0 * scale * CHANNEL_MIX[ch] * season * wk
        if ch in ("淘宝店", "抖音小店"):
            lam = lam * (1 + (2.5 if ch == "淘宝店" else 1.2) * d11)
        if ch in ("淘宝店", "小红书店铺"):
            lam = lam * gift ** 0.5
        k = rng.poisson(lam)
        di = np.repeat(np.arange(nd), k)
        n = len(di)
        hours = rng.choice(24, n, p=ORDER_HOURS)
        created = (days.to_numpy()[di] + (hours * 3600 + rng.integers(0, 3600, n))
                   .astype("timedelta64[s]")).astype("datetime64[s]")
        kinds = _pick_kinds(rng, ch, gift[di])
        prod = np.empty(n, dtype=object)
        for kind in np.unique(kinds):
            m = kinds == kind
            prod[m] = _pick_products(rng, kind, days[di[m]])
        # referral source, modulated by how much the platform's content was read that day
        ref = np.full(n, None, dtype=object)
        u = rng.random(n)
        acc = np.zeros(n)
        for plat, share in REFERRAL[ch].items():
            r = reads.get(plat)
            w = share * (np.clip(r[di], 0.3, 4.0) ** 0.5 if r is not None else 1.0)
            hit = (u >= acc) & (u < acc + w)
            ref[hit] = plat
            acc = acc + w
        frames.append(pd.DataFrame({"channel": ch, "created_at": created, "product": prod,
                                    "product_type": kinds, "source_platform": ref}))
    o = pd.concat(frames, ignore_index=True)
    o = o.sort_values(["created_at", "channel"], kind="stable").reset_index(drop=True)
    n = len(o)
    price = o["product"].map({p.name: p.price for p in PRODUCTS}).to_numpy()
    qty = np.ones(n, dtype=np.int64)
    for kind, (vals, p) in QTY.items():
        m = (o["product_type"] == kind).to_numpy()
        qty[m] = rng.choice(vals, m.sum(), p=p)
    sub = qty * price
    day = pd.DatetimeIndex(o["created_at"]).normalize()
    camp = event_factor(day, ("活动",)) > 1.1
    disc = np.zeros(n)
    drink = np.isin(o["product_type"].to_numpy(), ["饮品", "饮品券"])
    coupon = drink & (rng.random(n) < np.where(camp, 0.6, 0.3))
    disc[coupon & (sub >= 20)] = 3
    disc[coupon & (sub >= 30)] = 5
    card = (o["product_type"] == "礼品卡").to_numpy() & camp
    disc[card] = np.round(sub[card] * 0.1, 2)
    box = (o["product_type"] == "茶礼盒").to_numpy() & camp & (rng.random(n) < 0.7)
    disc[box] = 20
    amount = np.round(sub - disc, 2)
    # payment
    unpaid_p = np.where(o["channel"].isin(["淘宝店", "小红书店铺"]).to_numpy(), 0.10, 0.05)
    unpaid = rng.random(n) < unpaid_p
    paid = o["created_at"].to_numpy() + np.round(rng.lognormal(np.log(25), 0.8, n)) \
        .astype("timedelta64[s]")
    paid_s = pd.Series(paid, dtype="datetime64[s]").where(~unpaid)
    # refunds
    rp = o["product_type"].map(REFUND_P).to_numpy()
    rp = np.where(o["channel"].to_numpy() == "线下扫码", rp * 0.5, rp)
    refunded = ~unpaid & (rng.random(n) < rp)
    partial = refunded & (qty >= 2) & (rng.random(n) < 0.4)
    status = np.where(unpaid, "未支付", np.where(partial, "部分退款",
                                              np.where(refunded, "已退款", "已支付")))
    o["quantity"], o["unit_price"], o["discount"], o["amount"] = qty, price, disc, amount
    o["paid_at"] = paid_s
    o["status"] = status
    o["order_id"] = _order_ids(o["created_at"])
    o["user_id"] = _assign_buyers(rng, o, followers, ids)
    refunds = _refunds(rng, o, refunded, partial)
    buyers = o[["user_id"]].drop_duplicates().merge(
        followers[["user_id", "city"]].drop_duplicates("user_id"), how="left")
    new = buyers["city"].isna()
    from .audience import demographics
    buyers.loc[new, "city"] = demographics(rng, "微信公众号", int(new.sum()))["city"].to_numpy()
    return o[ORDER_COLUMNS], refunds, buyers


def _daily_reads(posts: pd.DataFrame, days: pd.DatetimeIndex) -> dict:
    """Per platform: reads of the last 3 days relative to the yearly mean (for referrals)."""
    out = {}
    d = pd.to_datetime(posts["published_at"]).dt.normalize()
    for plat, g in posts.groupby("platform"):
        s = g.groupby(d[g.index])["reads"].sum().reindex(days, fill_value=0)
        s = s.rolling(3, min_periods=1).sum()
        out[plat] = (s / max(s.mean(), 1)).to_numpy()
    return out


def _pick_kinds(rng, ch, gift) -> np.ndarray:
    mix = KIND_MIX[ch]
    kinds = np.array(list(mix), dtype=object)
    base = np.array(list(mix.values()))
    n = len(gift)
    w = np.tile(base, (n, 1))
    giftish = np.isin(kinds, ["礼品卡", "茶礼盒"])
    w[:, giftish] *= gift[:, None]
    w /= w.sum(axis=1, keepdims=True)
    u = rng.random(n)[:, None]
    return kinds[(u > np.cumsum(w, axis=1)).sum(axis=1)]


def _pick_products(rng, kind, days) -> np.ndarray:
    cands = [p for p in PRODUCTS if p.kind == kind]
    out = np.empty(len(days), dtype=object)
    for d in days.unique():
        m = np.asarray(days == d)
        avail = [p for p in cands if on_sale(p, d)] or [p for p in cands if not p.windows]
        w = np.array([3.0 if p.windows else 1.0 for p in avail])
        if kind == "饮品":
            w = w * np.array([1.6 if p.name == "溪山柠檬茶" and 5 <= d.month <= 9 else 1.0
                              for p in avail])
        if kind == "礼品卡":
            w = np.array([.55, .33, .12])
        out[m] = [avail[i].name for i in rng.choice(len(avail), m.sum(), p=w / w.sum())]
    return out


def _order_ids(created: pd.Series) -> list[str]:
    day = created.dt.strftime("%Y%m%d")
    seq = created.groupby(day).cumcount() + 1
    return [f"XS{d}{s:05d}" for d, s in zip(day, seq, strict=True)]


def _assign_buyers(rng, o: pd.DataFrame, followers: pd.DataFrame, ids) -> np.ndarray:
    uid = np.empty(len(o), dtype=object)
    taken: set = set()
    for ch in CHANNELS:
        m = np.flatnonzero((o["channel"] == ch).to_numpy())
        n_buyers = max(1, int(len(m) * (0.42 if ch in ("微信小程序", "线下扫码") else 0.75)))
        pool = followers[followers["account_id"].isin(BUYER_ACCOUNTS[ch])]["user_id"]
        pool = pool[~pool.isin(taken)].drop_duplicates().to_numpy()
        k = min(int(n_buyers * BUYER_FOLLOWER_SHARE[ch]), len(pool))
        fans = rng.choice(pool, size=k, replace=False) if k else np.array([], dtype=object)
        buyers = np.concatenate([fans, ids.take(n_buyers - k)])
        taken.update(fans)
        w = rng.lognormal(0, 1.1, len(buyers))  # a few regulars buy a lot
        uid[m] = buyers[rng.choice(len(buyers), size=len(m), p=w / w.sum())]
    return uid


def _refunds(rng, o: pd.DataFrame, refunded, partial) -> pd.DataFrame:
    idx = np.flatnonzero(refunded)
    rows = []
    end = pd.Timestamp(DATA_END)
    for i in idx:
        r = o.iloc[i]
        kind = r["product_type"]
        if kind == "饮品":
            delay = rng.uniform(300, 3600)
        elif kind == "饮品券":
            delay = rng.uniform(1, 30) * 86400
        else:
            delay = rng.uniform(0.5, 10) * 86400
        room = (end - r["paid_at"]).total_seconds()
        if delay > room * 0.9:  # late-December orders: refunded before the export
            delay = rng.uniform(0.05, 0.9) * room
        t = r["paid_at"] + pd.Timedelta(seconds=int(delay))
        if partial[i]:
            k = int(rng.integers(1, r["quantity"]))
            share = k / r["quantity"]
            amounts = [round(-r["amount"] * share, 2)]
        elif rng.random() < 0.08 and r["amount"] >= 20:  # refunded in two steps
            first = round(-r["amount"] * rng.uniform(0.3, 0.7), 2)
            amounts = [first, round(-r["amount"] - first, 2)]
        else:
            amounts = [round(-r["amount"], 2)]
        reason = REASONS[kind][rng.integers(len(REASONS[kind]))]
        for j, a in enumerate(amounts):
            tj = t + pd.Timedelta(hours=j * int(rng.integers(2, 48)))
            tj = min(tj, t + (end - t) * 0.5) if j else tj
            rows.append(dict(order_id=r["order_id"], refund_at=tj, refund_amount=a, reason=reason))
    df = pd.DataFrame(rows, columns=REFUND_COLUMNS[1:])
    df = df.sort_values(["refund_at", "order_id"], kind="stable").reset_index(drop=True)
    df.insert(0, "refund_id", [f"RF{i:06d}" for i in range(1, len(df) + 1)])
    return df


def shop_traffic_table(rng: np.random.Generator, orders: pd.DataFrame) -> pd.DataFrame:
    """Daily visitors, product views and add-to-cart per online channel (线下扫码 has no
    visitor count). 成交转化率 = paying orders / visitors lands around 1.5-7 %."""
    days = daterange(YEAR_START, YEAR_END)
    conv = {"微信小程序": 0.055, "抖音小店": 0.022, "小红书店铺": 0.02, "淘宝店": 0.03}
    paying = orders[orders["paid_at"].notna()]
    d = pd.to_datetime(paying["created_at"]).dt.normalize()
    rows = []
    for ch in ONLINE_CHANNELS:
        p = paying[paying["channel"] == ch].groupby(d).size().reindex(days, fill_value=0).to_numpy()
        c = conv[ch] * rng.lognormal(0, 0.18, len(days))
        visitors = np.round((p + rng.uniform(0.3, 1.5, len(days))) / c).astype(np.int64)
        views = np.round(visitors * rng.lognormal(np.log(2.4), 0.15, len(days))).astype(np.int64)
        cart = np.maximum(rng.binomial(visitors, np.clip(rng.normal(0.10, 0.02, len(days)),
                                                         0.03, 0.3)),
                          np.ceil(p * 1.3).astype(np.int64))
        rows.append(pd.DataFrame({"date": days, "channel": ch, "visitors": visitors,
                                  "product_views": views, "add_to_cart": cart}))
    df = pd.concat(rows, ignore_index=True)
    return df.sort_values(["date", "channel"], kind="stable").reset_index(drop=True)
