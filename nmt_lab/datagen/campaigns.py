"""``campaign_channels`` (the channel plan of the 杨梅冰茶 summer launch) and ``campaign_events``
(the event log of its H5 / mini-program landing page, 2025-06-01 – 06-14).

The log is what a tracking SDK exports: one row per event, session-level information (the UTM
query string, the sharer) only on the ``visit`` row that opens a session. It is made to be
reused: I3-2 (tracking links, cascades, K-factor), I3-3 (pacing), I4-2 (first/last-touch
attribution), A1 (AARRR funnels).

Realistic mess, on purpose:

- malformed UTM codes tied to one link version (a typo'd key in the 本地生活社群 link on its
  first day, last year's campaign code copied into a 达人 link, ``&amp;`` from an HTML editor,
  upper-case values, truncated links);
- bot-like bursts: a 微博达人's link gets three bursts of 80-150 one-event visits within a few
  minutes, from fresh ids (bought clicks); one id opens 30 sessions in 20 minutes (券 farming);
- returning users (ids shared with ``followers`` / ``orders``) and new users (fresh ids).

Share cascades: a session may ``share`` the page; friends who open it start a session whose
``referrer_id`` is the sharer and whose UTM is the sharer's (links keep their query string).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

CAMPAIGN = "ymbc25"
START = pd.Timestamp("2025-06-01")
DAYS = 14
LAUNCH = pd.Timestamp("2025-06-05")
UNIT_PRICE = 19.0

CHANNEL_COLUMNS = ["channel_code", "channel_name", "channel_type", "platform", "utm_source",
                   "utm_medium", "utm_content", "start_date", "end_date", "cost"]
EVENT_COLUMNS = ["event_time", "user_id", "session_id", "event_type", "app", "utm",
                 "referrer_id", "order_id", "amount"]

#: code, name, type, platform, source, medium, content, first day, last day (offsets from
#: 06-01), cost (元); then generator parameters: sessions on a full day, order probability,
#: share probability, share of sessions by existing brand users, shape ("flat", "decay", "spike")
PLAN = [
    ("wx-teaser", "公众号预热推文", "自媒体平台", "微信公众号", "wechat", "social", "post0601", 0, 3, 0,
     45, .02, .10, .75, "decay"),
    ("wx-launch", "公众号上新推文", "自媒体平台", "微信公众号", "wechat", "social", "post0605", 4, 13, 0,
     75, .09, .11, .75, "decay"),
    ("xhs-note", "小红书官方笔记", "自媒体平台", "小红书", "xiaohongshu", "social", "note0602", 1, 13, 0,
     16, .04, .05, .35, "flat"),
    ("dy-video", "抖音官方短视频", "自媒体平台", "抖音", "douyin", "social", "video0603", 2, 13, 0,
     18, .03, .03, .30, "flat"),
    ("wb-topic", "微博话题预热", "自媒体平台", "微博", "weibo", "social", "topic0601", 0, 13, 0,
     8, .02, .04, .40, "flat"),
    ("mp-banner", "小程序首页横幅", "企业官方渠道", "微信小程序", "miniprogram", "official", "banner",
     4, 13, 0, 40, .14, .06, .90, "flat"),
    ("store-qr", "门店海报二维码", "企业官方渠道", "线下门店", "store", "official", "poster", 4, 13, 800,
     22, .20, .05, .60, "flat"),
    ("dy-ad", "抖音信息流广告", "付费渠道", "抖音", "douyin", "cpc", "feed_a", 4, 10, 6000,
     60, .02, .01, .12, "flat"),
    ("wx-ad", "朋友圈广告", "付费渠道", "微信", "wechat", "cpc", "moments", 4, 8, 4500,
     45, .04, .05, .20, "flat"),
    ("xhs-kol", "小红书达人·林小满", "付费渠道", "小红书", "xiaohongshu", "kol", "kol_lin", 2, 13, 3000,
     35, .05, .06, .20, "spike"),
    ("dy-kol", "抖音达人·阿禾", "付费渠道", "抖音", "douyin", "kol", "kol_ahe", 5, 13, 4000,
     40, .03, .02, .15, "spike"),
    ("wb-kol", "微博达人·茉茉", "付费渠道", "微博", "weibo", "kol", "kol_mo", 6, 13, 2500,
     5, .01, .02, .15, "spike"),
    ("fans-group", "企业微信粉丝群", "垂直社群", "企业微信", "wecom", "community", "fans", 0, 13, 0,
     18, .22, .25, .95, "flat"),
    ("local-group", "杭州本地生活社群", "垂直社群", "企业微信", "wecom", "community", "hz_life", 3, 13,
     500, 12, .12, .20, .30, "flat"),
]
APP = {"wechat": "微信", "xiaohongshu": "小红书", "douyin": "抖音", "weibo": "微博",
       "miniprogram": "微信", "store": "微信", "wecom": "企业微信"}
#: campaign days: warm-up is quieter; the launch day and the first weekend are the peaks
DAY_SHAPE = np.array([.6, .65, .7, .75, 1.0, .95, .9, .8, .7, .65, .6, .55, .55, .5])
#: tea orders and phone use by hour (late morning, afternoon tea, evening)
HOURS = np.array([.2, .1, .05, .03, .03, .05, .2, .8, 1.5, 1.8, 2.6, 2.8, 2.2, 2.4,
                  2.8, 3.0, 2.6, 2.0, 1.8, 2.1, 2.6, 2.4, 1.6, .7])
HOURS = HOURS / HOURS.sum()
DIRECT_PER_DAY = 22           # mini-program opened directly / by search: no UTM
SHARE_CHILD_P = .22           # share probability of a session opened from a friend's share
BOT_BURSTS = [("2025-06-07 21:03", 120), ("2025-06-08 21:31", 95), ("2025-06-10 20:12", 140)]


def channels_table() -> pd.DataFrame:
    rows = [dict(zip(CHANNEL_COLUMNS, [p[0], p[1], p[2], p[3], p[4], p[5], p[6],
                                       START + pd.Timedelta(days=p[7]),
                                       START + pd.Timedelta(days=p[8]), float(p[9])],
                     strict=True)) for p in PLAN]
    return pd.DataFrame(rows, columns=CHANNEL_COLUMNS)


def utm_code(source: str, medium: str, content: str, campaign: str = CAMPAIGN) -> str:
    return f"utm_source={source}&utm_medium={medium}&utm_campaign={campaign}&utm_content={content}"


def _mangle(rng, code: str, plan_code: str, day: int) -> str:
    """A link version's typical mistake (most links are fine)."""
    if plan_code == "local-group" and day == 3:
        return code.replace("utm_medium", "utm_medum")  # typo'd key on the first day
    if plan_code == "xhs-kol" and rng.random() < .25:
        return code.replace(CAMPAIGN, "ymbc24")  # last year's link copied
    if plan_code == "dy-kol" and rng.random() < .3:
        return code.replace("douyin", "Douyin").replace("kol", "KOL")
    if plan_code == "wx-ad" and rng.random() < .2:
        return code.replace("&", "&amp;")
    if rng.random() < .012:
        return code[: int(rng.integers(20, len(code) - 12))]  # cut off when pasted
    return code


class _Log:
    def __init__(self, rng, ids, pool: np.ndarray):
        self.rng, self.ids, self.pool = rng, ids, pool
        self.members = set(pool)
        self.rows: list[tuple] = []
        self.n_sessions = 0
        self.n_orders = 0
        self.seen: set[str] = set()
        self.seen_list: list[str] = []
        self.fresh: list[str] = []

    def new_user(self) -> str:
        if not self.fresh:
            self.fresh = list(self.ids.take(500))
        return self.fresh.pop()

    def user(self, p_existing: float) -> str:
        r = self.rng.random()
        if self.seen_list and r < .12:  # a returning visitor of this campaign
            return self.seen_list[int(self.rng.integers(0, len(self.seen_list)))]
        if r < .12 + (1 - .12) * p_existing:
            return str(self.rng.choice(self.pool))
        return self.new_user()

    def session(self, t: pd.Timestamp, user: str, app: str, utm: str, referrer: str,
                order_p: float, share_p: float, depth: int = 0, boost: float = 1.0) -> None:
        rng = self.rng
        self.n_sessions += 1
        sid = f"S{self.n_sessions:05d}"
        new = user not in self.seen
        if new:
            self.seen.add(user)
            self.seen_list.append(user)
        self.rows.append((t, user, sid, "visit", app, utm, referrer, "", np.nan))
        if rng.random() > .78:
            return  # bounced
        for _ in range(int(rng.choice([1, 1, 2, 3]))):
            t += pd.Timedelta(seconds=int(rng.integers(5, 90)))
            self.rows.append((t, user, sid, "view", app, "", "", "", np.nan))
        if rng.random() < share_p * 1.4:
            t += pd.Timedelta(seconds=int(rng.integers(10, 120)))
            self.rows.append((t, user, sid, "share", app, "", "", "", np.nan))
            group = boost > 1 or rng.random() < .22
            n_friends = int(rng.poisson(3.2 * boost)) if group else int(rng.random() < .55)
            for _ in range(n_friends):
                dt = pd.Timedelta(seconds=int(rng.exponential(3 * 3600)) + 30)
                friend = self.user(.35) if rng.random() < .5 else self.new_user()
                self.session(t + dt, friend, "微信", utm, user, order_p * .8,
                             .5 if boost > 1 else SHARE_CHILD_P, depth + 1)
        signed = False
        if new and user not in self.members and rng.random() < .3:
            t += pd.Timedelta(seconds=int(rng.integers(20, 200)))
            self.rows.append((t, user, sid, "signup", app, "", "", "", np.nan))
            signed = True
        if rng.random() < order_p * 1.3 * (1.6 if signed else 1.0) / .78:
            qty = int(rng.choice([1, 2, 3, 4], p=[.45, .38, .12, .05]))
            amount = UNIT_PRICE * qty - UNIT_PRICE / 2 * (qty // 2)  # 第二杯半价
            self.n_orders += 1
            oid = f"YM{self.n_orders:05d}"
            t += pd.Timedelta(seconds=int(rng.integers(30, 300)))
            self.rows.append((t, user, sid, "order", app, "", "", oid, amount))
            if rng.random() < .93:
                t += pd.Timedelta(seconds=int(rng.integers(5, 60)))
                self.rows.append((t, user, sid, "pay", app, "", "", oid, amount))


def _times(rng, day: pd.Timestamp, n: int, shape: str, first: int, d: int) -> list[pd.Timestamp]:
    secs = rng.choice(24, size=n, p=HOURS) * 3600 + rng.integers(0, 3600, size=n)
    if shape == "spike" and d == first:  # a 达人 post goes out at 20:00
        secs = np.where(rng.random(n) < .6, 20 * 3600 + rng.exponential(5400, n).astype(int), secs)
        secs = np.minimum(secs, 86399)
    return sorted(day + pd.to_timedelta(secs, unit="s"))


def events_table(rng: np.random.Generator, followers: pd.DataFrame, orders: pd.DataFrame,
                 ids) -> pd.DataFrame:
    """The campaign's event log; existing users come from WeChat followers and 2025 buyers."""
    fans = followers.loc[followers["platform"].isin(["微信公众号", "视频号"]), "user_id"]
    buyers = orders.loc[orders["channel"] == "微信小程序", "user_id"]
    pool = np.array(sorted(set(fans.sample(4000, random_state=1)) |
                           set(buyers.sample(3000, random_state=2))), dtype=object)
    log = _Log(rng, ids, pool)
    for d in range(DAYS):
        day = START + pd.Timedelta(days=d)
        for p in PLAN:
            code, _n, _t, _pl, src, med, content, first, last = p[:9]
            base, order_p, share_p, p_existing, shape = p[10:]
            if not first <= d <= last:
                continue
            if shape == "decay":
                lam = base * 1.8 * .55 ** (d - first)
            elif shape == "spike":
                lam = base * (3.0 if d == first else .6 ** (d - first) + .25)
            else:
                lam = base * DAY_SHAPE[d]
            n = int(rng.poisson(lam))
            clean = utm_code(src, med, content)
            boost = 3.0 if code == "fans-group" and d == 5 else 1.0  # the 粉丝群 chain on 06-06
            for i, t in enumerate(_times(rng, day, n, shape, first, d)):
                utm = _mangle(rng, clean, code, d)
                b = boost if i == n // 2 else 1.0
                log.session(t, log.user(p_existing), APP[src], utm, "", order_p,
                            max(share_p, .9 if b > 1 else 0), boost=b)
        n = int(rng.poisson(DIRECT_PER_DAY * DAY_SHAPE[d]))
        for t in _times(rng, day, n, "flat", 0, d):
            log.session(t, log.user(.8), "微信", "", "", .16, .03)
    wb = next(p for p in PLAN if p[0] == "wb-kol")
    bot_utm = utm_code(wb[4], wb[5], wb[6])
    for start, n in BOT_BURSTS:
        t0 = pd.Timestamp(start)
        for s in sorted(rng.integers(0, 240, size=n)):
            log.n_sessions += 1
            log.rows.append((t0 + pd.Timedelta(seconds=int(s)), log.new_user(),
                             f"S{log.n_sessions:05d}", "visit", "微博", bot_utm, "", "", np.nan))
    farmer = str(log.pool[7])
    t0 = pd.Timestamp("2025-06-09 02:14")
    banner = utm_code("miniprogram", "official", "banner")
    for s in sorted(rng.integers(0, 1200, size=30)):
        log.n_sessions += 1
        sid = f"S{log.n_sessions:05d}"
        t = t0 + pd.Timedelta(seconds=int(s))
        log.rows.append((t, farmer, sid, "visit", "微信", banner, "", "", np.nan))
        log.rows.append((t + pd.Timedelta(seconds=2), farmer, sid, "signup", "微信", "", "", "",
                         np.nan))
    ev = pd.DataFrame(log.rows, columns=EVENT_COLUMNS)
    order_kind = {"visit": 0, "view": 1, "share": 2, "signup": 3, "order": 4, "pay": 5}
    ev["_k"] = ev["event_type"].map(order_kind)
    ev = ev[ev["event_time"] <= START + pd.Timedelta(days=DAYS) - pd.Timedelta(seconds=1)]
    ev = ev.sort_values(["event_time", "session_id", "_k"], kind="stable").drop(columns="_k")
    # session ids in order of their first event, so S00001 is the campaign's first visit
    first = ev.drop_duplicates("session_id")["session_id"]
    rename = {s: f"S{i + 1:05d}" for i, s in enumerate(first)}
    ev["session_id"] = ev["session_id"].map(rename)
    orders = ev.loc[ev["order_id"] != "", "order_id"].drop_duplicates()
    renum = {o: f"YM{i + 1:05d}" for i, o in enumerate(orders)}
    ev["order_id"] = ev["order_id"].map(renum).fillna("")
    return ev.reset_index(drop=True)
