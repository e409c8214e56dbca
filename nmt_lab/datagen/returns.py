"""``channel_weekly``: weekly spend and sales of the four paid channels of 溪山茶饮 in 2025
(course setting, seeded), for ROI/ROAS/CAC and response curves.

Each channel's weekly GMV follows a known concave response curve
``gmv = a · (1 − exp(−spend / scale))`` times seasonality and lognormal noise, so students can
fit the curve and the tests can compare the fit with the truth (``TRUTH``). One trap is
planted: 微博达人 has the highest 投产比 (GMV ÷ spend) but about half of its orders are refunded
(coupon hunters, 薅羊毛), so its ROI on net sales is the lowest. A second one: 朋友圈广告 is run far past its saturation
point (typical weekly spend 1.5 × its curve scale), so its average ROI is positive while the
marginal ROI of the next 元 is negative.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

#: channel_code: (name, a = saturation GMV per week in 元, scale = spend in 元 where 63 % of a is
#: reached, typical weekly spend in 元, refund share of GMV, first-order value in 元)
TRUTH = {
    "dy-ad": ("抖音信息流广告", 60000.0, 15000.0, 7000.0, 0.05, 42.0),
    "wx-ad": ("朋友圈广告", 30000.0, 6000.0, 9000.0, 0.04, 48.0),
    "xhs-kol": ("小红书达人", 40000.0, 8000.0, 3000.0, 0.06, 45.0),
    "wb-kol": ("微博达人", 26000.0, 4000.0, 2500.0, 0.52, 30.0),
}
#: tea drinks peak in summer (same shape as effect_monthly)
SEASON = [0.85, 0.75, 0.9, 0.95, 1.05, 1.25, 1.35, 1.3, 1.1, 1.0, 0.95, 1.0]


def channel_weekly_table(rng: np.random.Generator) -> pd.DataFrame:
    weeks = pd.date_range("2025-01-06", "2025-12-29", freq="7D")
    rows = []
    for code, (name, a, scale, typical, refund, aov) in TRUTH.items():
        spend = np.round(typical * rng.lognormal(0, 0.55, len(weeks)) / 10) * 10
        spend = np.clip(spend, 0.2 * typical, 3.5 * typical)
        season = np.sqrt([SEASON[d.month - 1] for d in weeks])  # spend follows demand in part
        gmv = a * (1 - np.exp(-spend / scale)) * season * rng.lognormal(0, 0.10, len(weeks))
        refunds = gmv * np.clip(refund * rng.lognormal(0, 0.15, len(weeks)), 0, 0.9)
        new = np.round((gmv - refunds) / aov * 0.45 * rng.lognormal(0, 0.1, len(weeks)))
        for d, s, g, r, n in zip(weeks, spend, gmv, refunds, new, strict=True):
            rows.append((d, code, name, round(float(s), 2), round(float(g), 2), round(float(r), 2), int(n)))
    return pd.DataFrame(rows, columns=["week_start", "channel_code", "channel_name", "spend", "gmv",
                                       "refunds", "new_customers"])
