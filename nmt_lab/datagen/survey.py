"""NPS survey (``nps_survey``): "你有多大可能把溪山茶饮推荐给朋友？" 0–10 plus a free-text reason.

Respondents are members (``users``): most answer the 小程序 pop-up a day or two after an order,
some a monthly 短信 link. Scores follow a latent "satisfaction" per member (repeat buyers
higher) with month effects: July–August delivery trouble (外卖超时、洒漏) and September–October
coupon confusion after the 十周年 裂变 campaign pull scores down. The trap for the 中级 I4-3
notebook: in November a 公众号 post promised "填问卷抽免单", and some members submitted many
times, mostly a 10 with an empty or one-word reason, which inflates November's NPS until each
member counts once a month.

>>> import pandas as pd
>>> from ._common import rng_for
>>> reasons = [r for rs in REASONS.values() for r in rs]
>>> all(isinstance(r, str) and 2 <= len(r) <= 40 for r in reasons)
True
"""

from __future__ import annotations

import numpy as np
import pandas as pd

#: free-text reasons by theme; the theme decides whether a promoter or a detractor says it
REASONS: dict[str, list[str]] = {
    "口味好": ["茶味很浓，甜度刚好，好喝", "原叶茶的香味很足", "龙井奶绿真的好喝，每周都买", "三分糖刚刚好，喝着不腻",
            "白桃乌龙很清爽", "奶茶不齁，茶底很香"],
    "新品": ["每个季节都有新品，杨梅冰茶太惊艳了", "新品上得快，生椰龙井很好喝", "山茶花拿铁颜值高，拍照好看",
           "经常有季节限定，愿意去尝鲜"],
    "服务好": ["店员很热情，做错了马上重做", "门店干净，服务态度好", "出餐快，小程序点单很方便",
            "下雨天店员还帮忙套袋子"],
    "会员福利": ["会员积分能换饮品，很划算", "生日券很贴心", "会员日第二杯半价，常和同事一起买"],
    "排队慢": ["排队太久了，出餐很慢", "中午排队半小时，等不起", "小程序下单了还要等二十分钟",
            "高峰期出餐太慢，做错单"],
    "外卖问题": ["外卖超时一个多小时", "外卖洒了一半，包装不严", "外卖漏洒，封口不牢", "外卖送到冰都化了"],
    "太甜": ["太甜了，少糖也很甜", "糖度选了三分还是很甜", "奶盖太腻"],
    "价格贵": ["涨价了，一杯快三十", "价格偏贵，性价比一般", "券越来越少，比别家贵"],
    "积分券问题": ["积分没到账，客服也没回", "0.01元券用不了，规则看不懂", "优惠券领了用不了，感觉被套路",
              "邀请好友的券一直不到账", "会员积分规则经常变"],
    "一般": ["还行吧，没什么特别的", "味道一般，看心情买", "和别家差不多", "偶尔喝，不好不坏"],
}
_POSITIVE = ["口味好", "新品", "服务好", "会员福利"]
_NEGATIVE = ["排队慢", "外卖问题", "太甜", "价格贵", "积分券问题"]
_PAID = ["已支付", "部分退款"]


def _month_effect(month: np.ndarray) -> np.ndarray:
    """Shift of the latent satisfaction by calendar month (delivery trouble, coupon confusion)."""
    eff = np.zeros(len(month))
    eff[np.isin(month, [7, 8])] = -0.55
    eff[np.isin(month, [9, 10])] = -0.35
    eff[month == 12] = 0.15
    return eff


def _negative_theme(rng, month: int) -> str:
    w = np.array([1.0, 0.8, 0.45, 0.6, 0.4])
    if month in (7, 8):
        w[1] += 1.6  # 外卖问题
    if month in (9, 10):
        w[4] += 1.4  # 积分券问题
    return _NEGATIVE[rng.choice(len(w), p=w / w.sum())]


def _reason(rng, score: int, month: int) -> str | None:
    if rng.random() < 0.18:
        return None
    if score >= 9:
        theme = _POSITIVE[rng.choice(4, p=[0.45, 0.25, 0.18, 0.12])]
    elif score <= 6:
        theme = _negative_theme(rng, month)
    else:
        theme = "一般" if rng.random() < 0.55 else (
            _negative_theme(rng, month) if rng.random() < 0.6 else _POSITIVE[rng.integers(4)])
    text = REASONS[theme][rng.integers(len(REASONS[theme]))]
    if rng.random() < 0.08:
        text = " " + text + rng.choice(["", "！", "～", "👍", "。。"])
    return text


def survey_table(rng: np.random.Generator, users: pd.DataFrame, orders: pd.DataFrame,
                 scale: int = 1) -> pd.DataFrame:
    """One row per submitted answer, numbered by submission time."""
    paid = orders[orders["status"].isin(_PAID)][["user_id", "created_at"]]
    n_orders = paid.groupby("user_id").size()
    # ---- 小程序 pop-up after an order: about 1 in 9 orders gets an answer
    pick = paid.sample(frac=0.11, random_state=int(rng.integers(2**31)))
    pop = pd.DataFrame({"user_id": pick["user_id"].to_numpy(),
                        "submitted_at": pd.to_datetime(pick["created_at"]).to_numpy()
                        + pd.to_timedelta(rng.integers(20 * 60, 2 * 86400, len(pick)), unit="s"),
                        "channel": "小程序弹窗"})
    # ---- monthly SMS link to members who agreed to marketing messages (any member, buyer or not)
    opt = users[users["sms_opt_in"].astype(bool)]["user_id"].to_numpy()
    k = int(round(260 * scale))
    sms_users = rng.choice(opt, k, replace=False)
    day = pd.Timestamp("2025-01-01") + pd.to_timedelta(rng.integers(0, 365, k), unit="D")
    sms = pd.DataFrame({"user_id": sms_users,
                        "submitted_at": day + pd.to_timedelta(rng.integers(9 * 3600, 23 * 3600, k), unit="s"),
                        "channel": "短信链接"})
    df = pd.concat([pop, sms], ignore_index=True)
    df = df[df["submitted_at"] <= pd.Timestamp("2025-12-31 23:59:59")]
    reg = users.set_index("user_id")["reg_channel"]
    fission = df["user_id"].map(reg).eq("裂变活动").to_numpy()
    freq = df["user_id"].map(n_orders).fillna(0).to_numpy()
    month = df["submitted_at"].dt.month.to_numpy()
    # ---- latent satisfaction -> 0..10 (about 45 % promoters, 30 % passives, 25 % detractors)
    latent = (rng.normal(0, 1, len(df)) + 0.35 + 0.18 * np.log1p(freq) + _month_effect(month)
              - 0.9 * fission)
    score = np.clip(np.round(7.8 + 1.9 * latent), 0, 10).astype(int)
    df["score"] = score
    df["reason"] = [_reason(rng, s, m) for s, m in zip(score, month, strict=True)]
    # ---- the trap: 11-05 – 11-20 "填问卷抽免单" post; some members submit again and again
    trap_start = pd.Timestamp("2025-11-05")
    nov = df[(df["submitted_at"] >= trap_start) & (df["submitted_at"] < "2025-11-21")]
    keen = nov.sample(n=min(len(nov), int(round(40 * scale))), random_state=int(rng.integers(2**31)))
    extra = []
    for _, row in keen.iterrows():
        for _ in range(int(rng.integers(2, 7))):
            t = row["submitted_at"] + pd.Timedelta(seconds=int(rng.integers(60, 5 * 86400)))
            s = int(10 if rng.random() < 0.8 else rng.integers(8, 10))
            r = rng.choice([None, None, "好喝", "抽免单", "好", "10分"], p=[0.3, 0.2, 0.2, 0.15, 0.1, 0.05])
            extra.append({"user_id": row["user_id"], "submitted_at": t, "channel": "公众号推文",
                          "score": s, "reason": r})
    df = pd.concat([df, pd.DataFrame(extra)], ignore_index=True)
    df = df[df["submitted_at"] <= pd.Timestamp("2025-12-31 23:59:59")]
    df["submitted_at"] = df["submitted_at"].dt.floor("s")
    df = df.sort_values(["submitted_at", "user_id"], kind="stable").reset_index(drop=True)
    df.insert(0, "response_id", [f"N{i + 1:05d}" for i in range(len(df))])
    return df[["response_id", "user_id", "submitted_at", "channel", "score", "reason"]]
