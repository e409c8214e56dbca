"""The 2025 effect-evaluation tables of 溪山茶饮: the index system (一级/二级 indicators) and
one row per platform and month with the eight indicators (course setting, seeded).

Three events are planted for the students to find: 小红书 2025-07 (a complaint about leaking
cups goes viral: positive share and follower gain collapse), 抖音 2025-08 (paid promotion
投流: reach triples while engagement and cost per redemption get worse) and 微博 2025-11
(a reach spike with almost no engagement: suspected bot traffic, to be verified before use).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

#: (一级, 二级, column, direction, unit, 口径)
INDEX = [
    ("传播力", "覆盖", "reach_10k", "benefit", "万次", "内容曝光/阅读/播放量之和（平台后台）"),
    ("传播力", "增长", "follower_gain", "benefit", "人", "月末粉丝数 − 月初粉丝数"),
    ("互动力", "参与", "engagement_rate", "benefit", "比例", "（点赞 + 评论 + 收藏 + 转发）÷ 曝光"),
    ("互动力", "扩散", "share_rate", "benefit", "比例", "转发 ÷ 曝光"),
    ("转化力", "成交", "redemptions", "benefit", "张", "平台券/团购券在门店核销的张数"),
    ("转化力", "成本", "cost_per_redemption", "cost", "元", "当月投放与制作费用 ÷ 核销张数"),
    ("品牌力", "口碑", "positive_share", "benefit", "比例", "正面评论 ÷ 有倾向的评论（情感标注）"),
    ("品牌力", "自发传播", "ugc_posts", "benefit", "篇", "用户自发发布、提到品牌的内容数"),
]

#: platform: base monthly level of each indicator (course setting; rates per calibration.md)
BASE = {
    "微信公众号": (8.0, 600, 0.030, 0.006, 900, 6.0, 0.90, 40),
    "小红书": (25.0, 1500, 0.060, 0.008, 700, 9.0, 0.86, 320),
    "抖音": (60.0, 3000, 0.040, 0.005, 1500, 8.0, 0.80, 260),
    "微博": (20.0, 500, 0.015, 0.004, 200, 15.0, 0.78, 120),
    "大众点评": (10.0, 300, 0.020, 0.002, 2200, 4.0, 0.88, 420),
}
#: month: seasonal factor (tea drinks peak in summer; Spring Festival dip)
SEASON = [0.85, 0.75, 0.9, 0.95, 1.05, 1.25, 1.35, 1.3, 1.1, 1.0, 0.95, 1.0]
NOTES = {(6, None): "杨梅冰茶上新", (7, "小红书"): "杯盖漏液差评笔记发酵", (7, "抖音"): "暑期达人探店合作",
         (8, "抖音"): "投流推广（付费流量）", (11, "微博"): "曝光异常激增，疑似机器流量（待核实）", (2, None): "春节"}


def evaluation_index_table() -> pd.DataFrame:
    rows = [(f"E{i}", *r) for i, r in enumerate(INDEX, start=1)]
    return pd.DataFrame(rows, columns=["index_id", "level1", "level2", "indicator", "direction", "unit",
                                       "definition"])


def effect_monthly_table(rng: np.random.Generator) -> pd.DataFrame:
    cols = [c for _, _, c, *_ in INDEX]
    rows = []
    for m in range(1, 13):
        for platform, base in BASE.items():
            s = SEASON[m - 1]
            v = dict(zip(cols, base, strict=True))
            noise = rng.lognormal(0, 0.12, len(cols))
            v["reach_10k"] *= s * noise[0]
            v["follower_gain"] *= s * noise[1]
            v["engagement_rate"] *= noise[2]
            v["share_rate"] *= noise[3]
            v["redemptions"] *= s * noise[4]
            v["cost_per_redemption"] *= noise[5] / (0.9 + 0.1 * s)
            v["positive_share"] = min(0.97, v["positive_share"] * (1 + rng.normal(0, 0.015)))
            v["ugc_posts"] *= s * noise[7]
            if m == 6:  # launch month: more UGC
                v["ugc_posts"] *= 1.3
            if (m, platform) == (7, "小红书"):
                v["positive_share"], v["follower_gain"], v["ugc_posts"] = 0.52, -420, v["ugc_posts"] * 1.6
                v["redemptions"] *= 0.7
            if (m, platform) == (8, "抖音"):
                v["reach_10k"] *= 3.0
                v["follower_gain"] *= 1.6
                v["engagement_rate"] *= 0.45
                v["share_rate"] *= 0.5
                v["redemptions"] *= 1.15
                v["cost_per_redemption"] *= 2.3
            if (m, platform) == (11, "微博"):
                v["reach_10k"] *= 6.0
                v["engagement_rate"] *= 0.15
                v["share_rate"] *= 0.1
            note = NOTES.get((m, platform)) or NOTES.get((m, None)) or ""
            rows.append({"month": f"2025-{m:02d}", "platform": platform, **v, "note": note})
    df = pd.DataFrame(rows)
    df["reach_10k"] = df["reach_10k"].round(1)
    for c in ["follower_gain", "redemptions", "ugc_posts"]:
        df[c] = df[c].round().astype("int64")
    for c in ["engagement_rate", "share_rate", "positive_share"]:
        df[c] = df[c].round(4)
    df["cost_per_redemption"] = df["cost_per_redemption"].round(2)
    return df
