"""``ad_inventory``: the 抖音 local-promotion inventory for targeted distribution (I-2.3).

One row per region × crowd × time slot: how many people the tool can reach there, the price
(CPM), the click rate and the share of clicks that redeem the coupon in a store (``cvr``).
Crowd shares come from the 抖音 followers' age groups per city, slot sizes from the course's
hour-of-day demand curve (peaks 7-9, 12-14, 20-23 h), the base CPM from ``platform_profiles``
(抖音 33 元). The trap: outside 江浙沪 and after midnight impressions are cheap, but there is
no store to walk into, so they hardly convert.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._common import HOUR_DEMAND

#: stores per region (120 in all) and 抖音 users reachable with the tea-drink interest tag (万人)
REGIONS = {
    "杭州": (62, 66.0), "宁波": (12, 40.0), "绍兴": (9, 22.0), "嘉兴": (8, 22.0), "湖州": (6, 14.0),
    "金华": (6, 30.0), "苏州": (8, 55.0), "上海": (9, 120.0), "江浙沪以外": (0, 260.0),
}
CROWDS = ["18-24岁", "25-30岁", "31-40岁", "41岁以上"]
#: slot name -> hours [start, end)
SLOTS = {"早间 7-9 点": (7, 9), "午间 11-14 点": (11, 14), "下午 14-18 点": (14, 18),
         "晚间 18-20 点": (18, 20), "夜间 20-23 点": (20, 23), "凌晨 0-6 点": (0, 6)}
_REGION_CPM = {"上海": 1.45, "杭州": 1.2, "苏州": 1.15, "宁波": 1.0, "江浙沪以外": 0.55}
_CROWD = {"18-24岁": (1.0, 1.25, 1.05), "25-30岁": (1.15, 1.1, 1.2), "31-40岁": (1.05, 0.9, 0.95),
          "41岁以上": (0.8, 0.7, 0.6)}  # (CPM, CTR, CVR) factors
_SLOT_CVR = {"早间 7-9 点": 0.6, "午间 11-14 点": 1.3, "下午 14-18 点": 1.25, "晚间 18-20 点": 1.0,
             "夜间 20-23 点": 0.7, "凌晨 0-6 点": 0.15}
BASE_CPM, BASE_CTR, BASE_CVR = 33.0, 0.011, 0.06
FREQUENCY = 2.0  # impressions a person can be shown per slot and campaign


def _crowd_shares(followers: pd.DataFrame) -> pd.DataFrame:
    f = followers[(followers["platform"] == "抖音") & followers["age_group"].isin(
        ["18-24", "25-30", "31-40", "41岁以上"])].copy()
    f["crowd"] = f["age_group"].map(lambda a: a if a.endswith("上") else a + "岁")
    f["region"] = f["city"].where(f["city"].isin(REGIONS), "江浙沪以外")
    share = pd.crosstab(f["region"], f["crowd"], normalize="index")
    return share.reindex(index=list(REGIONS), columns=CROWDS).fillna(0.25)


def ad_inventory_table(rng: np.random.Generator, followers: pd.DataFrame) -> pd.DataFrame:
    shares = _crowd_shares(followers)
    demand = {s: HOUR_DEMAND[a:b].sum() for s, (a, b) in SLOTS.items()}
    total = sum(demand.values())
    mean_demand = np.mean([HOUR_DEMAND[a:b].mean() for a, b in SLOTS.values()])
    rows = []
    for region, (stores, users) in REGIONS.items():
        coverage = 0.02 if stores == 0 else stores / (stores + 0.12 * users)
        for crowd in CROWDS:
            f_cpm, f_ctr, f_cvr = _CROWD[crowd]
            for slot, (a, b) in SLOTS.items():
                audience = users * 1e4 * shares.loc[region, crowd] * demand[slot] / total
                audience = int(round(audience * rng.lognormal(0, 0.1), -1))
                busy = HOUR_DEMAND[a:b].mean() / mean_demand
                cpm = BASE_CPM * _REGION_CPM.get(region, 0.9) * f_cpm * busy ** 0.6 * rng.lognormal(0, 0.06)
                ctr = BASE_CTR * f_ctr * busy ** 0.3 * rng.lognormal(0, 0.08)
                cvr = BASE_CVR * coverage * f_cvr * _SLOT_CVR[slot] * rng.lognormal(0, 0.1)
                rows.append({"region": region, "stores": stores, "crowd": crowd, "slot": slot,
                             "audience": audience, "cpm_yuan": round(cpm, 2), "ctr": round(ctr, 4),
                             "cvr": round(cvr, 4),
                             "max_spend_yuan": round(audience * FREQUENCY / 1000 * round(cpm, 2), -1)})
    df = pd.DataFrame(rows)
    df.insert(0, "cell_id", [f"T{i:03d}" for i in range(1, len(df) + 1)])
    df.insert(1, "platform", "抖音")
    return df
