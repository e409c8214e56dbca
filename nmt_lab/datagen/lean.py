"""Tables for 精益创新 (A3-3): an A/B test of the 小程序 new-product page and the quarterly
retrospective of the three kinds of operations (course setting, seeded).

- ``ab_test_daily``: 28 days (2025-07-07 – 08-03) of a 50/50 A/B test of the 小程序 product
  page: A = the old page, B = a new page with a big picture and a countdown. Per day and
  variant: visitors and paid orders. The base conversion (about 6.5 %) matches ``mp_daily``.
  Planted trap (novelty effect): during the first days B converts far better, then the gap
  fades to a small true lift (about 3 % relative) well below the test's minimum detectable
  effect. Stopping the test on day 5, when p < 0.05, "finds" a winner; the planned sample is
  reached on day 28, where the difference is not significant.
- ``ops_review``: 2025 quarterly retrospective of 内容运营 / 活动运营 / 用户运营: team hours,
  cash cost, gross profit attributed to each kind, and the quarter's target gross profit.
  内容运营 takes the largest share of hours but returns the least per hour; 用户运营 (社群、
  会员) returns the most. Q3 活动运营 misses its target (the 杨梅冰茶 launch was in Q2).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

AB_START = pd.Timestamp("2025-07-07")
AB_DAYS = 28
#: base conversion of page A; B's relative lift per day: novelty in the first days, then small
AB_BASE = 0.065
AB_TRUE_LIFT = 0.03
AB_NOVELTY = (0.75, 0.65, 0.55, 0.45, 0.30, 0.18, 0.08)
#: weekday multipliers Monday … Sunday (as in mp_daily)
WEEKDAY = np.array([0.86, 0.88, 0.90, 0.94, 1.10, 1.48, 1.40])

#: ops_type: (share of hours, gross profit per hour in 元, cash cost per hour in 元)
OPS = {
    "内容运营": (0.55, 95.0, 18.0),
    "活动运营": (0.27, 150.0, 60.0),
    "用户运营": (0.18, 210.0, 25.0),
}
QUARTER_HOURS = 7 * 480.0  # 7 people × about 480 working hours a quarter
#: seasonal factor of the returns by quarter (summer is the tea-drink peak)
QUARTER_SEASON = {"2025Q1": 0.85, "2025Q2": 1.1, "2025Q3": 1.2, "2025Q4": 0.95}


def _ab_draw(rng: np.random.Generator) -> pd.DataFrame:
    rows = []
    for d in range(AB_DAYS):
        day = AB_START + pd.Timedelta(days=d)
        base = 185 * WEEKDAY[day.day_of_week] * (1 + 0.004 * d)
        lift = AB_NOVELTY[d] if d < len(AB_NOVELTY) else AB_TRUE_LIFT
        for variant, p in (("A", AB_BASE), ("B", AB_BASE * (1 + lift))):
            n = int(rng.poisson(base))
            rows.append((day, d + 1, variant, n, int(rng.binomial(n, p))))
    return pd.DataFrame(rows, columns=["date", "day", "variant", "visitors", "orders"])


def _pooled_p(t: pd.DataFrame, last_day: int) -> float:
    """Two-sided p of the pooled two-proportion z-test on days 1 … last_day (no scipy needed)."""
    from math import erfc, sqrt

    s = t[t["day"] <= last_day].groupby("variant")[["visitors", "orders"]].sum()
    (na, xa), (nb, xb) = s.loc["A"], s.loc["B"]
    p = (xa + xb) / (na + nb)
    z = (xb / nb - xa / na) / sqrt(p * (1 - p) * (1 / na + 1 / nb))
    return erfc(abs(z) / sqrt(2))


def ab_test_daily_table(rng: np.random.Generator) -> pd.DataFrame:
    """Draws from the table's own stream until the planted trap shows (deterministic): the
    cumulative test is "significant" on day 5 and not on day 28."""
    for _ in range(200):
        t = _ab_draw(rng)
        if _pooled_p(t, 5) < 0.03 and _pooled_p(t, AB_DAYS) > 0.15:
            return t
    raise RuntimeError("ab_test_daily: no draw shows the novelty trap")  # pragma: no cover


def ops_review_table(rng: np.random.Generator) -> pd.DataFrame:
    rows = []
    for q, season in QUARTER_SEASON.items():
        for ops, (share, per_hour, cost_hour) in OPS.items():
            hours = round(QUARTER_HOURS * share * rng.lognormal(0, 0.04), 0)
            factor = season * rng.lognormal(0, 0.06)
            if ops == "活动运营" and q == "2025Q2":
                factor *= 1.25  # the 杨梅冰茶 launch
            if ops == "活动运营" and q == "2025Q3":
                factor *= 0.7   # no big launch: the summer campaign under-delivered
            profit = round(hours * per_hour * factor, -2)
            cost = round(hours * cost_hour * rng.lognormal(0, 0.05), -2)
            target = round(QUARTER_HOURS * share * per_hour * season * 1.05, -3)
            rows.append((q, ops, hours, cost, profit, target))
    return pd.DataFrame(rows, columns=["quarter", "ops_type", "hours", "cost", "gross_profit",
                                       "target_profit"])
