"""Members (``users``) and their 2025 activity (``user_behaviour``) of the 溪山茶饮 member system.

Members are every buyer in ``orders`` (one phone number = one member across channels) plus
followers who registered in the mini program but never ordered in 2025. Ids are the ids of
``followers`` / ``orders``, so the tables join. Orders, spend, first / last order and coupons
are computed from ``orders`` and ``refunds`` (the tables agree); visits, invites, consent and
member level are drawn.

The trap for 用户增长意识: the 品牌十周年 裂变 campaign (2025-09) brought hundreds of sign-ups
for a 0.01 元 coupon; few of them ever ordered. A count of new members looks great, the
conversion of those members does not.

>>> import numpy as np
>>> _level(np.array([0.0, 250.0, 900.0, 3000.0])).tolist()
['普通会员', '银卡会员', '金卡会员', '黑金会员']
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._common import DATA_END, random_times_of_day
from .audience import CITY_TIER, demographics

USER_COLUMNS = ["user_id", "registered_at", "reg_channel", "gender", "age_group", "city",
                "city_tier", "member_level", "sms_opt_in"]
BEHAVIOUR_COLUMNS = ["user_id", "visits_30d", "visits_90d", "orders", "spend", "coupons_used",
                     "first_order_at", "last_order_at", "last_active_at", "interactions",
                     "accounts_followed", "in_group", "invites"]

LEVELS = ["普通会员", "银卡会员", "金卡会员", "黑金会员"]
LEVEL_POINTS = [200, 800, 2000]  # cumulative spend (元) needed for 银卡 / 金卡 / 黑金

#: the 品牌十周年 裂变 campaign: invite a friend, both get a 0.01 元 drink coupon
FISSION_START = pd.Timestamp("2025-09-12")
FISSION_END = pd.Timestamp("2025-09-21")

_FIRST_CHANNEL = {"微信小程序": "小程序", "线下扫码": "门店扫码", "抖音小店": "抖音小店",
                  "淘宝店": "淘宝店", "小红书店铺": "小红书店铺"}
_OLD_CHANNELS = {"门店扫码": .45, "小程序": .28, "公众号菜单": .17, "其他": .10}
AS_OF = pd.Timestamp(DATA_END.date())  # behaviour is counted up to 2025-12-31 (inclusive)


def _level(points: np.ndarray) -> np.ndarray:
    return np.array(LEVELS, dtype=object)[np.searchsorted(LEVEL_POINTS, points, side="right")]


def _at(days: pd.DatetimeIndex | pd.Series, rng, n) -> np.ndarray:
    """A time of day (activity curve) on each of ``days``."""
    d = pd.to_datetime(pd.Series(np.asarray(days))).dt.normalize().to_numpy()
    return (d + random_times_of_day(rng, n).astype("timedelta64[s]")).astype("datetime64[s]")


def _order_facts(orders: pd.DataFrame, refunds: pd.DataFrame) -> pd.DataFrame:
    """Per buyer: effective 2025 orders (paid, not fully refunded), net spend, coupons, dates."""
    o = orders[["order_id", "user_id", "channel", "source_platform", "created_at", "status",
                "amount", "discount"]].copy()
    o["created_at"] = pd.to_datetime(o["created_at"])
    refund = refunds.groupby("order_id")["refund_amount"].sum()  # negative amounts
    o["net"] = o["amount"] + o["order_id"].map(refund).fillna(0.0)
    eff = o[o["status"].isin(["已支付", "部分退款"])]
    g = eff.groupby("user_id")
    facts = pd.DataFrame({
        "orders": g.size(),
        "spend": g["net"].sum().round(2),
        "coupons_used": g["discount"].apply(lambda s: int((s > 0).sum())),
        "first_order_at": g["created_at"].min(),
        "last_order_at": g["created_at"].max(),
        "orders_30d": g["created_at"].apply(lambda s: int((s > AS_OF - pd.Timedelta(days=29)).sum())),
        "orders_90d": g["created_at"].apply(lambda s: int((s > AS_OF - pd.Timedelta(days=89)).sum())),
    })
    first = o.sort_values("created_at").drop_duplicates("user_id").set_index("user_id")
    every = pd.DataFrame(index=pd.Index(o["user_id"].unique(), name="user_id"))
    every = every.join(facts)
    every["first_seen"] = first["created_at"].reindex(every.index)
    every["first_channel"] = first["channel"].reindex(every.index).astype(object)
    every["first_source"] = first["source_platform"].reindex(every.index).astype(object)
    every["orders"] = every["orders"].fillna(0).astype(np.int64)
    every["coupons_used"] = every["coupons_used"].fillna(0).astype(np.int64)
    every["orders_30d"] = every["orders_30d"].fillna(0).astype(np.int64)
    every["orders_90d"] = every["orders_90d"].fillna(0).astype(np.int64)
    every["spend"] = every["spend"].fillna(0.0)
    return every


def users_tables(rng: np.random.Generator, followers: pd.DataFrame, orders: pd.DataFrame,
                 refunds: pd.DataFrame, group_members: pd.DataFrame,
                 scale: int = 1) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Returns ``(users, user_behaviour)``, one row per member, the same members in both."""
    buyers = _order_facts(orders, refunds)
    nb = len(buyers)

    # ---- members who never ordered: followers (mostly WeChat) who signed up in the mini program
    fol = followers.sort_values(["user_id", "followed_at"]).drop_duplicates("user_id")
    fol = fol.set_index("user_id")
    pool = fol[~fol.index.isin(buyers.index)]
    wechat = pool[pool["platform"].isin(["微信公众号", "视频号", "抖音", "小红书"])]
    n_fission = int(round(650 * scale))
    n_plain = int(round(900 * scale))
    pick = rng.choice(len(wechat), n_fission + n_plain, replace=False)
    extra = wechat.iloc[np.sort(pick)]
    fission_ids = set(extra.index[rng.permutation(len(extra))[:n_fission]])

    ids = np.concatenate([buyers.index.to_numpy(dtype=object), extra.index.to_numpy(dtype=object)])
    n = len(ids)
    is_buyer = np.arange(n) < nb
    is_fission = np.array([u in fission_ids for u in ids])

    # ---- registration date and channel
    reg = np.empty(n, dtype="datetime64[s]")
    chan = np.empty(n, dtype=object)
    first_seen = buyers["first_seen"].to_numpy(dtype="datetime64[s]")
    # buyers: many were members before 2025 (most of those whose first 2025 order came early in
    # the year: the order data start on 2025-01-01, their first order ever was earlier); the
    # others signed up at their first order
    into_year = (pd.to_datetime(first_seen) - pd.Timestamp("2025-01-01")).days.to_numpy()
    old = rng.random(nb) < 0.25 + 0.65 * np.exp(-into_year / 75)
    span = (pd.Timestamp("2024-12-31") - pd.Timestamp("2019-06-01")).days
    old_days = pd.Timestamp("2019-06-01") + pd.to_timedelta(
        (rng.random(nb) ** 0.55 * span).astype(int), unit="D")
    reg_b = np.where(old, _at(old_days, rng, nb),
                     first_seen - rng.integers(20, 600, nb).astype("timedelta64[s]"))
    ch_b = np.where(old, rng.choice(list(_OLD_CHANNELS), nb, p=list(_OLD_CHANNELS.values())),
                    [_FIRST_CHANNEL.get(c, "其他") for c in buyers["first_channel"]])
    ch_b = np.where((~old) & (buyers["first_source"].to_numpy() == "微信公众号")
                    & (ch_b == "小程序") & (rng.random(nb) < 0.5), "公众号菜单", ch_b)
    # a few buyers whose first order came right after the 裂变 campaign signed up through it
    fs = pd.to_datetime(first_seen)
    late = (~old) & (fs >= FISSION_START) & (fs <= FISSION_END + pd.Timedelta(days=20))
    conv = late & (rng.random(nb) < 0.30)
    fiss_day = FISSION_START + pd.to_timedelta(rng.integers(0, 10, nb), unit="D")
    reg_f = np.minimum(_at(fiss_day, rng, nb), first_seen - np.timedelta64(60, "s"))
    reg_b = np.where(conv, reg_f, reg_b)
    ch_b = np.where(conv, "裂变活动", ch_b)
    reg[:nb], chan[:nb] = reg_b, ch_b
    # never-ordered members: plain sign-ups over 2023-2025, 裂变 sign-ups in the campaign window
    ne = n - nb
    fis_e = is_fission[nb:]
    day_f = FISSION_START + pd.to_timedelta(
        np.minimum(rng.exponential(2.2, ne), 9.0).astype(int), unit="D")
    span_e = (AS_OF - pd.Timestamp("2023-01-01")).days
    day_p = pd.Timestamp("2023-01-01") + pd.to_timedelta(
        (rng.random(ne) ** 0.8 * span_e).astype(int), unit="D")
    reg[nb:] = np.where(fis_e, _at(day_f, rng, ne), _at(day_p, rng, ne))
    chan[nb:] = np.where(fis_e, "裂变活动",
                         rng.choice(["小程序", "公众号菜单", "门店扫码", "其他"], ne,
                                    p=[.40, .30, .20, .10]))

    # ---- demographics: a follower keeps the profile the platform gave, others get a fresh one
    demo = demographics(rng, "微信公众号", n)
    known = fol.reindex(ids)
    has = known["gender"].notna().to_numpy()
    gender = np.where(has, known["gender"].astype(object), demo["gender"])
    age = np.where(has, known["age_group"].astype(object), demo["age_group"])
    city = np.where(has, known["city"].astype(object), demo["city"])
    city = np.array([None if (c is None or (isinstance(c, float) and np.isnan(c))) else c
                     for c in city], dtype=object)
    tier = np.array([CITY_TIER.get(c) if c else None for c in city], dtype=object)

    # ---- behaviour
    b = buyers.reindex(ids)
    orders_n = b["orders"].fillna(0).to_numpy().astype(np.int64)
    spend = b["spend"].fillna(0.0).to_numpy()
    o30 = b["orders_30d"].fillna(0).to_numpy().astype(np.int64)
    o90 = b["orders_90d"].fillna(0).to_numpy().astype(np.int64)
    last_order = b["last_order_at"].to_numpy(dtype="datetime64[s]")
    first_order = b["first_order_at"].to_numpy(dtype="datetime64[s]")

    # member level: cumulative points = 2025 spend + spend before 2025 for older members
    years_before = np.maximum(0.0, (np.datetime64("2025-01-01") - reg).astype("timedelta64[D]")
                              .astype(float) / 365.25)
    before = np.where(years_before > 0,
                      rng.lognormal(np.log(60), 1.1, n) * np.minimum(years_before, 4) ** 0.7, 0.0)
    level = _level(spend + before)

    # mini-program visits: about 2 visits per order plus browsing; browsing fades after the
    # last order (or sign-up) and is close to zero for 裂变 sign-ups who took the coupon and left
    anchor = np.where(np.isnat(last_order), reg, last_order)
    idle = (np.datetime64(AS_OF, "s") - anchor).astype("timedelta64[D]").astype(float)
    engaged = rng.lognormal(np.log(0.05), 0.9, n) * (1 + np.minimum(orders_n, 30) / 6)
    engaged = np.where(is_fission & ~is_buyer, engaged * 0.15, engaged)
    fade = np.exp(-np.maximum(idle - 15, 0) / 45)
    v30 = o30 * 2 + rng.poisson(engaged * 30 * fade)
    v90 = v30 + (o90 - o30) * 2 + rng.poisson(engaged * 60 * np.exp(-np.maximum(idle - 45, 0) / 45))
    # last activity: a visit in the window where the latest visit fell, never before sign-up
    as64 = np.datetime64(AS_OF, "s")
    recent_day = np.where(v30 > 0, rng.integers(0, 30, n) * (rng.random(n) ** 2),
                          np.where(v90 > v30, 30 + rng.integers(0, 60, n),
                                   90 + rng.exponential(120, n)))
    visit_day = AS_OF - pd.to_timedelta(np.floor(recent_day).astype(int), unit="D")
    last_visit = _at(visit_day, rng, n)
    last_visit = np.maximum(last_visit, reg + np.timedelta64(30, "s"))
    last_visit = np.minimum(last_visit, as64 + np.timedelta64(86399, "s"))
    last_active = np.where(np.isnat(last_order), last_visit, np.maximum(last_visit, last_order))

    # brand-account engagement, joined from followers and group_members
    live = followers[followers["unfollowed_at"].isna()].groupby("user_id").size()
    inter = followers.groupby("user_id")["interactions"].sum()
    in_group = set(group_members.loc[group_members["left_at"].isna(), "user_id"].dropna())
    interactions = inter.reindex(ids).fillna(0).to_numpy().astype(np.int64)
    acc = live.reindex(ids).fillna(0).to_numpy().astype(np.int64)
    grp = np.array([u in in_group for u in ids])

    # invites: most members invite nobody; a few keen sharers brought in the 裂变 sign-ups
    invites = np.where(rng.random(n) < 0.06, rng.geometric(0.45, n), 0)
    sharers = np.flatnonzero(is_buyer & (orders_n >= 3))
    hubs = rng.choice(sharers, size=min(len(sharers), int(60 * scale)), replace=False)
    invites[hubs] += rng.integers(3, 25, len(hubs))

    consent = rng.random(n) < np.where(chan == "裂变活动", 0.30, np.where(is_buyer, 0.58, 0.45))

    users = pd.DataFrame({
        "user_id": ids, "registered_at": reg, "reg_channel": chan, "gender": gender,
        "age_group": age, "city": city, "city_tier": tier, "member_level": level,
        "sms_opt_in": consent,
    }).sort_values("registered_at", kind="stable").reset_index(drop=True)
    behaviour = pd.DataFrame({
        "user_id": ids, "visits_30d": v30.astype(np.int64), "visits_90d": v90.astype(np.int64),
        "orders": orders_n, "spend": spend.round(2), "coupons_used":
            b["coupons_used"].fillna(0).to_numpy().astype(np.int64),
        "first_order_at": first_order, "last_order_at": last_order,
        "last_active_at": last_active.astype("datetime64[s]"), "interactions": interactions,
        "accounts_followed": acc, "in_group": grp, "invites": invites.astype(np.int64),
    }).set_index("user_id").loc[users["user_id"]].reset_index()
    return users[USER_COLUMNS], behaviour[BEHAVIOUR_COLUMNS]
