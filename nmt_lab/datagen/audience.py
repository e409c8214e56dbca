"""``followers`` (one row per account and follower, 2024-07-01 .. 2025-12-31) and
``group_members`` (the brand's WeChat welfare groups).

Follows come from content (each post's ``new_followers`` become rows that carry its
``post_id``) and from a baseline (store QR codes, search, campaigns). Unfollows run on a stable
daily hazard (about 1.5-2 % a month), campaign followers drop off quickly, and on the WeChat
accounts many unfollows fall in the hour after a mass push.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._common import (
    DATA_END,
    HISTORY_START,
    HOUR_ACTIVITY,
    YEAR_END,
    YEAR_START,
    daterange,
    event_factor,
    month_factor,
    random_times_of_day,
    spring_festival_dip,
)
from .accounts import ACCOUNTS

FOLLOWER_COLUMNS = ["user_id", "account_id", "platform", "followed_at", "unfollowed_at", "source",
                    "post_id", "gender", "age_group", "city", "city_tier", "interactions"]

SOURCES = ["搜索", "文章内", "朋友圈", "扫码", "活动", "推荐", "其他"]
GENDERS = ["男", "女", "未知"]
AGE_GROUPS = ["18岁以下", "18-24", "25-30", "31-40", "41岁以上"]
TIERS = ["一线", "新一线", "二线", "三线及以下"]

#: (city, tier, weight); tiers follow the common 第一财经 city ranking (illustrative)
CITIES = [
    ("杭州", "新一线", 34), ("上海", "一线", 14), ("苏州", "新一线", 7), ("宁波", "新一线", 5),
    ("南京", "新一线", 4), ("嘉兴", "二线", 4), ("绍兴", "二线", 4), ("无锡", "新一线", 3),
    ("湖州", "三线及以下", 3), ("温州", "二线", 2.5), ("金华", "二线", 2.5), ("台州", "二线", 1.5),
    ("常州", "二线", 1.5), ("南通", "二线", 1), ("舟山", "三线及以下", 0.8),
    ("丽水", "三线及以下", 0.7), ("衢州", "三线及以下", 0.6), ("扬州", "三线及以下", 0.8),
    ("镇江", "三线及以下", 0.6), ("北京", "一线", 2), ("深圳", "一线", 1.2), ("广州", "一线", 1),
    ("成都", "新一线", 1), ("武汉", "新一线", 0.8), ("合肥", "新一线", 1), ("西安", "新一线", 0.5),
    ("长沙", "新一线", 0.5), ("厦门", "二线", 0.5), ("福州", "二线", 0.4), ("芜湖", "三线及以下", 0.4),
]
CITY_TIER = {c: t for c, t, _ in CITIES}

GENDER_MIX = {
    "微信公众号": [.25, .45, .30], "视频号": [.30, .55, .15], "微博": [.30, .65, .05],
    "抖音": [.33, .60, .07], "小红书": [.12, .85, .03], "B站": [.45, .50, .05],
    "头条号": [.55, .40, .05], "百家号": [.50, .40, .10], "淘宝逛逛": [.20, .75, .05],
}
AGE_MIX = {
    "微信公众号": [.02, .25, .33, .28, .12], "视频号": [.02, .18, .28, .30, .22],
    "微博": [.04, .45, .30, .15, .06], "抖音": [.05, .35, .30, .20, .10],
    "小红书": [.03, .42, .35, .15, .05], "B站": [.12, .55, .22, .08, .03],
    "头条号": [.01, .12, .22, .35, .30], "百家号": [.01, .10, .22, .35, .32],
    "淘宝逛逛": [.02, .30, .35, .25, .08],
}
_CONTENT_SRC = {"微信公众号": {"文章内": .55, "朋友圈": .45}, "视频号": {"推荐": .6, "朋友圈": .4}}
_CONTENT_SRC_DEFAULT = {"推荐": .75, "文章内": .25}
_BASE_SRC = {
    "A01": {"扫码": .35, "搜索": .22, "活动": .15, "其他": .18, "朋友圈": .10},
    "A02": {"扫码": .62, "活动": .15, "搜索": .08, "其他": .15},
    "视频号": {"搜索": .25, "推荐": .35, "扫码": .10, "活动": .10, "其他": .20},
}
_BASE_SRC_DEFAULT = {"搜索": .35, "推荐": .30, "活动": .12, "扫码": .05, "其他": .18}
INTERACTION_MEAN = {"微信公众号": 1.5, "视频号": 2.0, "微博": 1.0, "抖音": 2.5, "小红书": 3.0,
                    "B站": 3.0, "头条号": 0.8, "百家号": 0.5, "淘宝逛逛": 1.0}

SEC = np.timedelta64(1, "s")


def _pick(rng, mix: dict, n: int) -> np.ndarray:
    keys = list(mix)
    p = np.array(list(mix.values()), dtype=float)
    return np.array(keys, dtype=object)[rng.choice(len(keys), size=n, p=p / p.sum())]


def demographics(rng: np.random.Generator, platform: str, n: int) -> pd.DataFrame:
    w = np.array([c[2] for c in CITIES], dtype=float)
    city = np.array([c[0] for c in CITIES], dtype=object)[rng.choice(len(CITIES), n, p=w / w.sum())]
    city = np.where(rng.random(n) < 0.05, None, city)  # not shared by the user
    tier = np.array([CITY_TIER.get(c) if c is not None else None for c in city], dtype=object)
    return pd.DataFrame({
        "gender": np.array(GENDERS, dtype=object)[rng.choice(3, n, p=GENDER_MIX[platform])],
        "age_group": np.array(AGE_GROUPS, dtype=object)[rng.choice(5, n, p=AGE_MIX[platform])],
        "city": city, "city_tier": tier,
    })


def _to_dt(day_index: pd.DatetimeIndex, idx: np.ndarray, secs: np.ndarray) -> np.ndarray:
    return (day_index.to_numpy()[idx] + secs.astype("timedelta64[s]")).astype("datetime64[s]")


def followers_table(rng: np.random.Generator, posts: pd.DataFrame, ids,
                    scale: int = 1) -> pd.DataFrame:
    """One row per (account, follower) who followed at any time in the window."""
    days = daterange(HISTORY_START, YEAR_END)
    years = (days - HISTORY_START).days.to_numpy() / 365.25
    season = month_factor(days) ** 0.6 * spring_festival_dip(days) * event_factor(days) ** 2
    wk = np.where(days.day_of_week.to_numpy() >= 5, 1.15, 0.95)
    end64 = np.datetime64(DATA_END, "s")
    start64 = np.datetime64(HISTORY_START, "s")
    frames = []
    seen = []  # frames of (user_id + demographics) already created
    for acct in ACCOUNTS:
        aid, platform = acct["account_id"], acct["platform"]
        # 1) followers before the window, still following on 2024-07-01
        n0 = int(round(acct["base0"] * scale))
        reg = np.datetime64(pd.Timestamp(acct["registered_on"]), "s")
        span = (start64 - reg) / SEC
        u = rng.random(n0) ** (1 / 2.3)  # density grows with the account's age
        t0 = reg + (u * span).astype("timedelta64[s]")
        src0 = _pick(rng, {**_BASE_SRC.get(aid, _BASE_SRC.get(platform, _BASE_SRC_DEFAULT)),
                           "文章内": .2}, n0)
        f0 = pd.DataFrame({"followed_at": t0, "source": src0, "post_id": None})
        # 2) content-driven follows: every post's new_followers
        mine = posts[posts["account_id"] == aid]
        nf = mine["new_followers"].to_numpy().astype(int)
        pub = pd.to_datetime(mine["published_at"]).to_numpy().astype("datetime64[s]")
        rep = np.repeat(np.arange(len(mine)), nf)
        mean_delay = 5 * 3600 if platform == "微信公众号" else 10 * 3600
        delay = np.minimum(rng.exponential(mean_delay, len(rep)), 20 * 86400)
        room = (end64 - pub[rep]) / SEC  # posts on the last days: follows stay inside the year
        delay = np.where(delay > room, rng.random(len(rep)) * room, delay)
        t1 = pub[rep] + delay.astype("timedelta64[s]")
        src1 = _pick(rng, _CONTENT_SRC.get(platform, _CONTENT_SRC_DEFAULT), len(rep))
        f1 = pd.DataFrame({"followed_at": t1, "source": src1,
                           "post_id": mine["post_id"].to_numpy()[rep]})
        # 3) baseline follows (store QR codes, search, campaigns, recommendations)
        lam = acct["daily"] * scale * (1 + acct["growth"]) ** years * season * wk
        k = rng.poisson(lam)
        di = np.repeat(np.arange(len(days)), k)
        t2 = _to_dt(days, di, random_times_of_day(rng, len(di)))
        mix = dict(_BASE_SRC.get(aid, _BASE_SRC.get(platform, _BASE_SRC_DEFAULT)))
        src2 = _pick(rng, mix, len(di))
        ev = event_factor(days[di], kinds=("活动", "新品")) > 1.15  # campaign days: 活动
        src2 = np.where(ev & (rng.random(len(di)) < 0.5), "活动", src2)
        f2 = pd.DataFrame({"followed_at": t2, "source": src2, "post_id": None})
        f = pd.concat([f0, f1, f2], ignore_index=True)
        f["followed_at"] = f["followed_at"].astype("datetime64[s]")
        f["unfollowed_at"] = _unfollows(rng, f, acct, posts, end64, start64)
        # users: some already follow another of the brand's accounts
        n = len(f)
        pool = pd.concat(seen, ignore_index=True) if seen else None
        k_reuse = min(rng.binomial(n, 0.10), 0 if pool is None else len(pool))
        reuse_rows = rng.choice(n, size=k_reuse, replace=False) if k_reuse else np.array([], int)
        users = demographics(rng, platform, n)
        users.insert(0, "user_id", ids.take(n))
        if k_reuse:
            picked = pool.iloc[rng.choice(len(pool), size=k_reuse, replace=False)]
            users.iloc[reuse_rows] = picked[users.columns].to_numpy()
        seen.append(users.drop(index=reuse_rows).reset_index(drop=True))
        f = pd.concat([f, users], axis=1)
        f["account_id"] = aid
        f["platform"] = platform
        frames.append(f)
    df = pd.concat(frames, ignore_index=True)
    df["interactions"] = _interactions(rng, df)
    df = df.sort_values(["followed_at", "account_id", "user_id"], kind="stable").reset_index(drop=True)
    return df[FOLLOWER_COLUMNS]


def _unfollows(rng, f: pd.DataFrame, acct: dict, posts: pd.DataFrame, end64, start64) -> pd.Series:
    n = len(f)
    fa = f["followed_at"].to_numpy().astype("datetime64[s]")
    origin = np.maximum(fa, start64)
    wait = rng.exponential(1 / acct["churn"], n)  # days
    quick = (f["source"].to_numpy() == "活动") & (fa >= start64) & (rng.random(n) < 0.22)
    wait[quick] = rng.exponential(4, quick.sum())
    un = origin + (wait * 86400).astype("timedelta64[s]")
    has = un <= end64
    # put the unfollow at a plausible time of day
    day = un.astype("datetime64[D]").astype("datetime64[s]")
    un = np.where(has, day + random_times_of_day(rng, n).astype("timedelta64[s]"), un)
    if acct["platform"] == "微信公众号":  # spike in the hour after a mass push
        pushes = np.unique(pd.to_datetime(posts.loc[posts["account_id"] == acct["account_id"],
                                                    "published_at"]).to_numpy()
                           .astype("datetime64[s]"))
        j = np.searchsorted(pushes, un, side="right") - 1
        ok = has & (j >= 0) & ~quick & (rng.random(n) < 0.4)
        p = pushes[np.clip(j, 0, None)]
        ok &= (un - p) < np.timedelta64(3 * 86400, "s")
        spike = p + np.minimum(rng.exponential(900, n), 3599).astype("timedelta64[s]")
        un = np.where(ok, spike, un)
    bad = has & (un <= fa)
    un = np.where(bad, fa + rng.integers(3600, 3 * 86400, n).astype("timedelta64[s]"), un)
    has &= un <= end64
    out = pd.Series(un, dtype="datetime64[s]")
    out[~has] = pd.NaT
    return out


def _interactions(rng, df: pd.DataFrame) -> np.ndarray:
    """Likes, comments and shares by this follower in 2025 (heavy-tailed: a few super fans)."""
    ys, ye = np.datetime64(YEAR_START, "s"), np.datetime64(YEAR_END, "s")
    fa = df["followed_at"].to_numpy().astype("datetime64[s]")
    un = df["unfollowed_at"].to_numpy().astype("datetime64[s]")
    un = np.where(np.isnat(un), ye, un)
    a, b = np.maximum(fa, ys), np.minimum(un, ye)
    frac = np.clip((b - a) / np.timedelta64(365 * 86400, "s"), 0, 1)
    mean = df["platform"].map(INTERACTION_MEAN).to_numpy() * frac
    shape = 0.5
    lam = rng.gamma(shape, np.maximum(mean, 1e-9) / shape)
    return rng.poisson(lam).astype(np.int64)


# --------------------------------------------------------------------------- groups

GROUPS = [
    ("溪山茶饮·杭州滨江福利群1", "杭州", "2023-11-06", 420), ("溪山茶饮·杭州滨江福利群2", "杭州", "2024-08-19", 340),
    ("溪山茶饮·杭州滨江福利群3", "杭州", "2025-06-09", 230), ("溪山茶饮·杭州西湖福利群1", "杭州", "2024-01-15", 380),
    ("溪山茶饮·杭州西湖福利群2", "杭州", "2025-03-24", 260), ("溪山茶饮·杭州拱墅福利群1", "杭州", "2024-05-20", 300),
    ("溪山茶饮·杭州余杭福利群1", "杭州", "2024-10-08", 270), ("溪山茶饮·上海徐汇福利群1", "上海", "2024-06-03", 260),
    ("溪山茶饮·上海静安福利群1", "上海", "2025-01-06", 200), ("溪山茶饮·苏州园区福利群1", "苏州", "2024-09-02", 220),
    ("溪山茶饮·宁波鄞州福利群1", "宁波", "2025-04-14", 150),
]
GROUP_COLUMNS = ["member_id", "user_id", "group_name", "city", "joined_at", "left_at",
                 "join_source", "messages"]
JOIN_SOURCES = {"扫码": .35, "门店": .30, "小程序": .20, "邀请": .15}


def group_members_table(rng: np.random.Generator, followers: pd.DataFrame,
                        buyers: pd.DataFrame | None = None) -> pd.DataFrame:
    """About 3,000 memberships; a WeChat group holds at most 500 people at a time."""
    end64 = np.datetime64(DATA_END, "s")
    wx = followers[followers["platform"] == "微信公众号"][["user_id", "city"]]
    cand = pd.concat([wx, buyers[["user_id", "city"]]]) if buyers is not None else wx
    cand = cand.dropna().drop_duplicates("user_id")
    frames = []
    used: set = set()
    for name, city, created, n in GROUPS:
        c0 = pd.Timestamp(created)
        days = daterange(c0, DATA_END)
        w = (np.exp(-(days - c0).days.to_numpy() / 45) * 3 + 1) * event_factor(days) ** 2
        di = rng.choice(len(days), size=n, p=w / w.sum())
        secs = random_times_of_day(rng, n, HOUR_ACTIVITY)
        joined = _to_dt(days, di, secs)
        leaves = rng.random(n) < 0.30
        stay = rng.exponential(70, n) * 86400
        left = joined + stay.astype("timedelta64[s]")
        left_ok = leaves & (left <= end64)
        g = pd.DataFrame({"group_name": name, "city": city, "joined_at": joined,
                          "left_at": pd.Series(left, dtype="datetime64[s]").where(left_ok),
                          "join_source": _pick(rng, JOIN_SOURCES, n)})
        pool = cand[(cand["city"] == city) & ~cand["user_id"].isin(used)]["user_id"].to_numpy()
        linked = rng.random(n) < 0.78
        k = min(int(linked.sum()), len(pool))
        uid = np.full(n, None, dtype=object)
        pos = np.flatnonzero(linked)[:k]
        uid[pos] = rng.choice(pool, size=k, replace=False)
        used.update(uid[pos])
        g["user_id"] = uid
        # messages posted in 2025, in proportion to the time spent in the group that year
        ys, ye = np.datetime64(YEAR_START, "s"), end64
        a = np.maximum(joined, ys)
        b = np.where(left_ok, left, ye)
        frac = np.clip((b - a) / np.timedelta64(365 * 86400, "s"), 0, 1)
        act = rng.gamma(0.5, 24, n) * frac
        g["messages"] = rng.poisson(act).astype(np.int64)
        frames.append(g)
    df = pd.concat(frames, ignore_index=True)
    df = df.sort_values(["joined_at", "group_name"], kind="stable").reset_index(drop=True)
    df.insert(0, "member_id", [f"M{i:05d}" for i in range(1, len(df) + 1)])
    return df[GROUP_COLUMNS]
