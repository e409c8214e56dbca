"""``posts``: every piece of content the brand published from 2024-07-01 to 2025-12-31, with its
spread and interaction metrics; and ``targets``: the monthly KPI targets for 2025.

Reads are heavy-tailed (lognormal body, Pareto tail), depend on the publishing hour (demand
peaks 7-9, 12-14, 20-23 h; posts near 22 h do best and near 18 h worst, while most posts go out
at 16-20 h), on the season (summer peak, 春节 dip, campaigns) and on the slowly growing
follower base. WeChat metrics are computed after ``followers`` exists, so that ``delivered`` is
the number of followers actually reached at the push time.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._common import (
    HISTORY_START,
    HOUR_DEMAND,
    HOUR_SUPPLY,
    YEAR_END,
    daterange,
    event_factor,
    month_factor,
    nearest_event,
    season_factor,
    spring_festival_dip,
)
from .accounts import ACCOUNTS
from .titles import make_title

TOPICS = ["新品", "活动", "节日", "茶知识", "门店", "热点", "品牌故事"]
CONTENT_TYPES = ["图文", "短视频", "图片笔记", "动态", "直播回放"]
VIDEO_TYPES = ("短视频", "直播回放")

POST_COLUMNS = ["post_id", "account_id", "platform", "published_at", "content_type", "topic",
                "title", "position", "word_count", "is_original", "duration_s", "delivered",
                "readers", "reads", "likes", "comments", "shares", "favorites",
                "completion_rate", "new_followers"]

#: topic mix per platform (order of TOPICS)
TOPIC_MIX = {
    "微信公众号": [.20, .24, .08, .17, .15, .07, .09],
    "视频号": [.20, .15, .10, .15, .20, .10, .10],
    "微博": [.20, .28, .10, .08, .10, .19, .05],
    "抖音": [.20, .15, .05, .15, .20, .20, .05],
    "小红书": [.25, .10, .05, .20, .25, .10, .05],
    "B站": [.10, .02, .03, .35, .20, .10, .20],
    "头条号": [.15, .05, .05, .40, .10, .10, .15],
    "百家号": [.15, .05, .05, .40, .10, .10, .15],
    "淘宝逛逛": [.35, .35, .10, .10, .0, .0, .10],
}

#: content type mix per platform
CTYPE_MIX = {
    "微信公众号": {"图文": 1.0},
    "视频号": {"短视频": .9, "直播回放": .1},
    "微博": {"动态": .75, "短视频": .25},
    "抖音": {"短视频": .86, "图片笔记": .10, "直播回放": .04},
    "小红书": {"图片笔记": .75, "短视频": .25},
    "B站": {"短视频": .8, "动态": .2},
    "头条号": {"图文": .6, "动态": .4},
    "百家号": {"图文": 1.0},
    "淘宝逛逛": {"短视频": .6, "图片笔记": .4},
}

#: spread model per platform: median reads (ordinary post, mid-2024), lognormal sigma,
#: tail probability, reads/delivered (click-through from impressions), interaction rates over
#: reads, new-follower rate over reads, median video duration (s) and base completion rate
SPEC = {
    "视频号": dict(median=700, sigma=0.95, tail=0.03, ctr=(0.25, 0.45), like=0.020, comment=0.0035,
                 share=0.012, fav=0.004, follow=0.0030, dur=45, cr=0.24),
    "微博": dict(median=1500, sigma=0.85, tail=0.025, ctr=(0.45, 0.75), like=0.006, comment=0.0018,
               share=0.0022, fav=0.0008, follow=0.0004, dur=40, cr=0.22),
    "抖音": dict(median=1300, sigma=1.15, tail=0.05, ctr=(0.55, 0.85), like=0.034, comment=0.0035,
               share=0.0030, fav=0.006, follow=0.0020, dur=26, cr=0.21),
    "小红书": dict(median=650, sigma=1.05, tail=0.045, ctr=(0.07, 0.14), like=0.040, comment=None,
                share=None, fav=None, follow=0.0040, dur=50, cr=0.26),
    "B站": dict(median=700, sigma=1.0, tail=0.03, ctr=(0.06, 0.14), like=0.040, comment=0.006,
               share=0.004, fav=0.020, follow=0.0030, dur=240, cr=0.30),
    "头条号": dict(median=900, sigma=0.95, tail=0.03, ctr=(0.04, 0.09), like=0.008, comment=0.0022,
                share=0.0030, fav=0.004, follow=0.0008, dur=60, cr=0.25),
    "百家号": dict(median=420, sigma=0.9, tail=0.02, ctr=(0.04, 0.09), like=0.007, comment=0.0015,
                share=0.0025, fav=0.003, follow=0.0006, dur=60, cr=0.25),
    "淘宝逛逛": dict(median=280, sigma=0.85, tail=0.02, ctr=(0.05, 0.12), like=0.020, comment=0.002,
                 share=0.002, fav=0.010, follow=0.0030, dur=30, cr=0.22),
}

#: largest viral multiple per platform (recommendation feeds spread furthest)
TAIL_CAP = {"抖音": 1500, "小红书": 800, "视频号": 600, "微博": 300, "头条号": 300, "B站": 200}

#: account size relative to its platform spec
ACCOUNT_MULT = {"A06": 0.45, "A12": 0.35}

TOPIC_EFFECT = {"新品": 0.25, "活动": 0.20, "节日": 0.05, "茶知识": -0.10, "门店": -0.12,
                "热点": 0.10, "品牌故事": -0.05}
CTYPE_EFFECT = {"图文": 0.0, "短视频": 0.0, "图片笔记": 0.0, "动态": -0.45, "直播回放": -0.6}

EVENT_TOPIC = {"活动": "活动", "节日": "节日", "新品": "新品", "热点": "热点"}

#: WeChat: median open rate (readers / delivered) by article position; 服务号 opens more
WX_OPEN = {1: 0.040, 2: 0.014, 3: 0.009}
WX_OPEN_SERVICE = 0.07
WX_LIKE, WX_SHARE, WX_ZAIKAN, WX_COMMENT, WX_FOLLOW = 0.0125, 0.030, 1 / 96, 0.0022, 0.004


def _years(ts) -> np.ndarray:
    d = pd.DatetimeIndex(pd.to_datetime(ts)) - HISTORY_START
    return d.total_seconds().to_numpy() / (365.25 * 86400)


# --------------------------------------------------------------------------- schedule

def schedule(rng: np.random.Generator, scale: int = 1) -> pd.DataFrame:
    """Which account posts what, when (no metrics yet)."""
    days = daterange(HISTORY_START, YEAR_END)
    ev_boost = event_factor(days)
    dip = spring_festival_dip(days)
    weekday = days.day_of_week.to_numpy()
    rows = []
    used: dict[str, set] = {}  # titles already used, per account
    for acct in ACCOUNTS:
        platform = acct["platform"]
        if acct["account_type"] == "服务号":
            rows += _service_pushes(rng, acct, days, scale, used)
            continue
        rate = acct["per_week"] / 7 * scale
        wk = np.where(weekday >= 5, 0.8, 1.05)
        lam = rate * wk * ev_boost ** 1.5 * dip
        if platform == "微信公众号":  # 订阅号: at most one push a day (at scale 1)
            if scale == 1:
                n_push = (rng.random(len(days)) < np.clip(lam, 0, 0.97)).astype(int)
            else:  # benchmark variants: more pushes, the daily limit is not kept
                n_push = rng.poisson(lam)
            for i in np.flatnonzero(n_push):
                for _ in range(n_push[i]):
                    t = _push_time(rng, days[i])
                    ev = nearest_event(days[i])
                    k = rng.choice([1, 2, 3], p=[.45, .37, .18] if ev is None else [.25, .45, .30])
                    for pos in range(1, k + 1):
                        rows.append(_row(rng, acct, t, days[i], ev, pos, used))
            continue
        n = np.minimum(rng.poisson(lam), 3 * scale)
        for i in np.flatnonzero(n):
            ev = nearest_event(days[i])
            for _ in range(n[i]):
                h = rng.choice(24, p=HOUR_SUPPLY)
                t = days[i] + pd.Timedelta(seconds=int(h * 3600 + rng.integers(0, 3600)))
                rows.append(_row(rng, acct, t, days[i], ev, None, used))
    df = pd.DataFrame(rows)
    df = df.sort_values(["published_at", "account_id", "position"], kind="stable",
                        na_position="first").reset_index(drop=True)
    width = max(6, len(str(len(df))))
    df.insert(0, "post_id", [f"P{i:0{width}d}" for i in range(1, len(df) + 1)])
    return df


def _push_time(rng, day) -> pd.Timestamp:
    """WeChat mass sends are scheduled on 5-minute marks, mostly 17-19 h."""
    h = rng.choice([7, 8, 12, 17, 18, 19, 20, 21, 22],
                   p=[.06, .06, .06, .20, .26, .16, .06, .08, .06])
    m = int(rng.integers(0, 12)) * 5
    return day + pd.Timedelta(hours=int(h), minutes=m, seconds=int(rng.integers(0, 20)))


def _service_pushes(rng, acct, days, scale, used) -> list[dict]:
    """服务号: at most 4 mass sends a month; prefer campaign days."""
    rows = []
    months = pd.Series(days).groupby([days.year, days.month])
    w_all = event_factor(days) ** 4
    for _, idx in months.groups.items():
        idx = np.asarray(idx)
        k = min(4, int(rng.poisson(3.2))) * scale
        if k == 0:
            continue
        w = w_all[idx] / w_all[idx].sum()
        chosen = np.sort(rng.choice(idx, size=min(k, len(idx)), replace=False, p=w))
        for i in chosen:
            t = _push_time(rng, days[i])
            ev = nearest_event(days[i])
            for pos in range(1, 1 + (1 if rng.random() < 0.7 else 2)):
                rows.append(_row(rng, acct, t, days[i], ev, pos, used))
    return rows


def _row(rng, acct, t, day, ev, pos, used: dict) -> dict:
    platform = acct["platform"]
    mix = np.array(TOPIC_MIX[platform], dtype=float)
    if ev is not None and (pos in (None, 1)):
        topic = EVENT_TOPIC[ev[2]] if rng.random() < 0.6 else TOPICS[rng.choice(7, p=mix / mix.sum())]
    else:
        topic = TOPICS[rng.choice(7, p=mix / mix.sum())]
    if topic in ("节日", "活动") and ev is None and rng.random() < 0.5:
        topic = "热点"
    name = ev[0] if ev else None
    if topic == "节日" and (ev is None or ev[2] != "节日"):
        soon = nearest_event(day, (-10, 2))  # a festival in the next ten days
        if soon is not None and soon[2] == "节日":
            name = soon[0]
        else:
            topic = "热点"
    cmix = CTYPE_MIX[platform]
    ctype = list(cmix)[rng.choice(len(cmix), p=list(cmix.values()))]
    seen = used.setdefault(acct["account_id"], set())
    title = make_title(rng, platform, topic, day, name, ctype, avoid=seen)
    seen.add(title)
    return dict(account_id=acct["account_id"], platform=platform, published_at=t,
                content_type=ctype, topic=topic, title=title, position=pos)


# --------------------------------------------------------------------------- metrics

def add_metrics(rng: np.random.Generator, df: pd.DataFrame) -> pd.DataFrame:
    """Spread and interaction metrics for every post (WeChat: provisional, see finalize)."""
    df = df.copy()
    n = len(df)
    t = pd.to_datetime(df["published_at"])
    hour = t.dt.hour.to_numpy()
    season = season_factor(t)
    years = _years(t)
    demand = HOUR_DEMAND[hour]
    topic_eff = df["topic"].map(TOPIC_EFFECT).to_numpy()
    ctype = df["content_type"].to_numpy()
    platform = df["platform"].to_numpy()
    growth = df["account_id"].map({a["account_id"]: a["growth"] for a in ACCOUNTS}).to_numpy()
    acct_mult = df["account_id"].map(ACCOUNT_MULT).fillna(1.0).to_numpy()

    # word count (图文 / 动态 / 图片笔记) and originality
    wc = np.full(n, np.nan)
    is_video = np.isin(ctype, VIDEO_TYPES)
    art = ctype == "图文"
    wc[art] = np.round(rng.lognormal(np.log(1300), 0.45, art.sum()))
    tt = art & (platform == "头条号")
    wc[tt] = np.round(rng.lognormal(np.log(650), 0.6, tt.sum()))
    dyn = ctype == "动态"
    wc[dyn] = rng.integers(25, 141, dyn.sum())
    note = ctype == "图片笔记"
    wc[note] = np.round(np.clip(rng.lognormal(np.log(380), 0.45, note.sum()), 60, 1000))
    wc = np.clip(wc, 20, 19000)
    original = rng.random(n) < np.where(platform == "微信公众号", 0.9, 0.93)
    original[tt & (wc < 300)] = False  # 头条号: under 300 字 cannot claim 原创
    df["word_count"] = pd.array(np.where(np.isnan(wc), None, wc), dtype="Int64")
    df["is_original"] = original

    # video duration and completion
    dur = np.full(n, np.nan)
    cr = np.full(n, np.nan)
    med_dur = np.array([SPEC.get(p, {"dur": 60})["dur"] for p in platform], dtype=float)
    short = is_video & (ctype == "短视频")
    dur[short] = np.clip(np.round(rng.lognormal(np.log(med_dur[short]), 0.55)), 6, 1200)
    live = ctype == "直播回放"
    dur[live] = rng.integers(1800, 7201, live.sum())
    base_cr = np.array([SPEC.get(p, {"cr": 0.2})["cr"] for p in platform])
    logit = np.log(base_cr / (1 - base_cr)) - 0.45 * np.log(np.maximum(dur, 1) / 20)
    logit = logit + rng.normal(0, 0.35, n)
    cr_v = 1 / (1 + np.exp(-logit))
    cr[short] = cr_v[short]
    cr[live] = np.clip(rng.normal(0.035, 0.012, live.sum()), 0.005, 0.1)
    df["duration_s"] = pd.array(np.where(np.isnan(dur), None, dur), dtype="Int64")
    df["completion_rate"] = np.round(cr, 4)

    # reads (non-WeChat; WeChat rows are overwritten in finalize_wechat)
    med = np.array([SPEC.get(p, {"median": 500})["median"] for p in platform], dtype=float)
    sigma = np.array([SPEC.get(p, {"sigma": 1.0})["sigma"] for p in platform])
    cr_boost = np.where(short, np.clip(cr_v / base_cr, 0.5, 2.0) ** 0.5, 1.0)
    mu = (np.log(med * acct_mult) + np.log1p(growth) * years + np.log(season) + np.log(demand)
          + topic_eff + df["content_type"].map(CTYPE_EFFECT).to_numpy() + np.log(cr_boost))
    reads = np.exp(mu + sigma * rng.normal(0, 1, n))
    tail_p = np.array([SPEC.get(p, {"tail": 0.02})["tail"] for p in platform])
    tail_p = tail_p * demand ** 2 * np.where(df["topic"].to_numpy() == "热点", 2.0, 1.0)
    viral = rng.random(n) < tail_p
    cap = np.array([TAIL_CAP.get(p, 100) for p in platform])[viral]
    reads[viral] *= np.minimum(6 * (1 + rng.pareto(1.15, viral.sum())), cap)
    reads = np.round(reads / (1 + reads / 2.5e6)).astype(np.int64)  # audiences saturate
    reads = np.maximum(reads, 3)

    ctr_lo = np.array([SPEC.get(p, {"ctr": (0.1, 0.2)})["ctr"][0] for p in platform])
    ctr_hi = np.array([SPEC.get(p, {"ctr": (0.1, 0.2)})["ctr"][1] for p in platform])
    ctr = rng.uniform(ctr_lo, ctr_hi)
    delivered = np.round(reads / ctr).astype(np.int64)

    likes, comments, shares, favs = _interactions(rng, platform, reads)
    follow = np.array([SPEC.get(p, {"follow": 0.002})["follow"] for p in platform])
    follow = follow * np.clip(reads / med, 1, None) ** -0.3 * acct_mult ** 0.3
    new_f = rng.binomial(reads, np.clip(follow * rng.lognormal(0, 0.3, n), 0, 0.05))

    df["delivered"] = delivered
    df["readers"] = pd.array([None] * n, dtype="Int64")
    df["reads"] = reads
    df["likes"], df["comments"], df["shares"], df["favorites"] = likes, comments, shares, favs
    df["new_followers"] = new_f

    wx = platform == "微信公众号"
    df.loc[wx, "new_followers"] = _wechat_provisional_follows(rng, df[wx])
    return df


def _interactions(rng, platform, reads):
    n = len(reads)
    noise = lambda s: rng.lognormal(0, s, n)  # noqa: E731
    rate = lambda k: np.array([SPEC.get(p, {}).get(k) or 0.0 for p in platform])  # noqa: E731
    likes = rng.binomial(reads, np.clip(rate("like") * noise(0.3), 0, 0.5))
    comments = rng.binomial(reads, np.clip(rate("comment") * noise(0.45), 0, 0.2))
    shares = rng.binomial(reads, np.clip(rate("share") * noise(0.4), 0, 0.3))
    favs = rng.binomial(reads, np.clip(rate("fav") * noise(0.4), 0, 0.3))
    x = platform == "小红书"  # saves 35-60 % of likes, comments 8-15 % of likes
    likes_x = likes[x]
    favs[x] = rng.binomial(likes_x, rng.beta(19, 21, x.sum()))
    comments[x] = rng.binomial(likes_x, rng.uniform(0.07, 0.16, x.sum()))
    shares[x] = rng.binomial(likes_x, rng.uniform(0.05, 0.15, x.sum()))
    return likes, comments, shares, favs


def _wechat_provisional_follows(rng, wx: pd.DataFrame) -> np.ndarray:
    """New followers from an article, from the planned follower base (the final reads follow)."""
    base0 = wx["account_id"].map({a["account_id"]: a["base0"] for a in ACCOUNTS}).to_numpy()
    planned = base0 * (1 + 0.35 * _years(wx["published_at"]))
    open_ = np.where(wx["account_id"].to_numpy() == "A02", WX_OPEN_SERVICE,
                     wx["position"].map(WX_OPEN).to_numpy())
    reads = planned * open_ * 1.9 * season_factor(wx["published_at"]) ** 0.5
    return rng.binomial(np.round(reads).astype(np.int64), WX_FOLLOW)


def finalize_wechat(rng: np.random.Generator, posts: pd.DataFrame,
                    followers: pd.DataFrame) -> pd.DataFrame:
    """WeChat: delivered = followers reached at push time; readers = opens from the push;
    reads = all reads (会话 ≈ 56 %, 朋友圈 ≈ 20 %, other sources), capped at delivered."""
    posts = posts.copy()
    wx = posts["platform"].to_numpy() == "微信公众号"
    sub = posts[wx]
    t = pd.to_datetime(sub["published_at"])
    active = np.zeros(len(sub), dtype=np.int64)
    for aid in sub["account_id"].unique():
        m = (sub["account_id"] == aid).to_numpy()
        f = followers[followers["account_id"] == aid]
        fa = np.sort(f["followed_at"].to_numpy())
        un = np.sort(f["unfollowed_at"].dropna().to_numpy())
        tt = t[m].to_numpy()
        active[m] = np.searchsorted(fa, tt, side="right") - np.searchsorted(un, tt, side="right")
    n = len(sub)
    # the same push reaches the same people: one delivery rate per push
    push_key = sub["account_id"] + sub["published_at"].astype(str)
    codes, uniq = pd.factorize(push_key)
    reach = rng.uniform(0.975, 0.992, len(uniq))[codes]
    delivered = np.round(active * reach).astype(np.int64)
    hour = t.dt.hour.to_numpy()
    open_med = np.where(sub["account_id"].to_numpy() == "A02", WX_OPEN_SERVICE,
                        sub["position"].map(WX_OPEN).to_numpy())
    topic = sub["topic"].map(TOPIC_EFFECT).to_numpy()
    open_rate = open_med * HOUR_DEMAND[hour] ** 0.8 * np.exp(0.6 * topic) \
        * month_factor(t) ** 0.3 * rng.lognormal(0, 0.3, n)
    open_rate = np.clip(open_rate, 0.001, 0.2)
    readers = rng.binomial(delivered, open_rate)
    mult = rng.lognormal(np.log(1.9), 0.15, n)  # 1 / 0.56 session share × 人均阅读数 ≈ 1.07
    viral = rng.random(n) < 0.03 * HOUR_DEMAND[hour]
    mult[viral] *= 2 + rng.pareto(1.5, viral.sum())
    reads = np.minimum(np.round(readers * mult), delivered).astype(np.int64)
    reads = np.maximum(reads, readers)
    likes = rng.binomial(reads, np.clip(WX_LIKE * rng.lognormal(0, 0.2, n), 0, 0.2))
    shares = rng.binomial(reads, np.clip(WX_SHARE * rng.lognormal(0, 0.3, n), 0, 0.3))
    zaikan = rng.binomial(reads, np.clip(WX_ZAIKAN * rng.lognormal(0, 0.3, n), 0, 0.2))
    comments = rng.binomial(reads, np.clip(WX_COMMENT * rng.lognormal(0, 0.5, n), 0, 0.1))
    idx = posts.index[wx]
    posts.loc[idx, "delivered"] = delivered
    posts.loc[idx, "readers"] = readers
    posts.loc[idx, "reads"] = reads
    posts.loc[idx, "likes"] = likes
    posts.loc[idx, "shares"] = shares
    posts.loc[idx, "favorites"] = zaikan
    posts.loc[idx, "comments"] = comments
    return posts


def posts_table(posts: pd.DataFrame) -> pd.DataFrame:
    out = posts.copy()
    out["position"] = pd.array(out["position"], dtype="Int64")
    for c in ("delivered", "reads", "likes", "comments", "shares", "favorites", "new_followers"):
        out[c] = out[c].astype(np.int64)
    return out[POST_COLUMNS]


# --------------------------------------------------------------------------- targets

TARGET_PLATFORMS = ["微信公众号", "视频号", "微博", "抖音", "小红书", "B站", "头条号"]
TARGET_METRICS = ["reads", "likes", "comments", "shares", "new_followers", "like_rate",
                  "share_rate"]


def _nice(x: float) -> float:
    """Round a count target to 2 significant digits (3 above 10 000), as managers do."""
    if x <= 0:
        return 0.0
    digits = 2 if x < 10_000 else 3
    mag = 10 ** (int(np.floor(np.log10(x))) - digits + 1)
    return float(round(x / mag) * mag)


def targets_table(rng: np.random.Generator, posts: pd.DataFrame) -> pd.DataFrame:
    """Monthly 2025 targets per platform: the trailing 6-month level, seasonally adjusted, plus
    a stretch of about 8 %; ordinary months tend to miss, campaign and viral months hit."""
    p = posts.copy()
    p["month"] = pd.to_datetime(p["published_at"]).dt.to_period("M")
    monthly = p.groupby(["platform", "month"])[
        ["reads", "likes", "comments", "shares", "new_followers"]].sum()
    rows = []
    months = pd.period_range("2025-01", "2025-12", freq="M")
    mf = {m: month_factor([m.to_timestamp() + pd.Timedelta(days=14)])[0]
          for m in pd.period_range("2024-07", "2025-12", freq="M")}
    for platform in TARGET_PLATFORMS:
        hist = monthly.loc[platform]
        for m in months:
            prev = [m - k for k in range(1, 7)]
            prev = [q for q in prev if q in hist.index]
            h = hist.loc[prev]
            sf = mf[m] / np.mean([mf[q] for q in prev])
            stretch = rng.normal(1.08, 0.04)
            rec = {}
            for metric in ("reads", "likes", "comments", "shares", "new_followers"):
                level = np.median(h[metric].to_numpy() / np.array([mf[q] for q in prev])) \
                    * np.mean([mf[q] for q in prev])
                rec[metric] = _nice(level * sf * stretch)
            rec["like_rate"] = round(h["likes"].sum() / h["reads"].sum() * rng.normal(1.05, 0.03), 4)
            rec["share_rate"] = round(h["shares"].sum() / h["reads"].sum() * rng.normal(1.05, 0.03),
                                      4)
            for metric in TARGET_METRICS:
                rows.append(dict(month=str(m), platform=platform, metric=metric,
                                 target=float(rec[metric])))
    return pd.DataFrame(rows)
