"""Tables for tracking the 杨梅冰茶 launch (``ymbc25``, 2025-06-01 – 06-14) and for spotting
anomalies in a daily series (I3-3 活动跟踪; reusable in I4-2 and A3 retrospectives).

- ``campaign_targets``: the stage plan, one row per campaign day: phase and the day's targets
  for page visitors (UV), participants, paid orders (销量) and payments (元). The targets are
  the plan the team wrote before the launch: phase totals spread over the phase's days.
- ``campaign_budget``: planned and actual spend per paid channel and day (the channel plan's
  ``cost`` spread over the channel's days: ads evenly, 达人 fees and 物料 on the first day).
  The 抖音信息流广告 burns its budget too fast (over-pacing), the 朋友圈广告 too slowly.
- ``mp_daily``: the 微信小程序's daily visitors, paid orders and revenue for 12 weeks before
  the launch (2025-03-03 – 05-25): a weekly pattern (weekends higher), a slow trend, noise,
  and planted anomalies (``ANOMALIES``) that a student should find while the weekends are NOT
  flagged.
- ``contingency_playbook``: the 应急预案 rules: if a metric stays below a share of its target
  for N days in a row, or an anomaly shows up, who does what.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

START = pd.Timestamp("2025-06-01")
DAYS = 14

#: phase, first day offset, last day offset (from 06-01)
PHASES = [("预热期", 0, 3), ("爆发期", 4, 6), ("持续期", 7, 11), ("收尾期", 12, 13)]

#: phase totals of the plan: uv, participants, paid orders, payments (元)
PLAN = {
    "预热期": (480, 140, 40, 1100.0),
    "爆发期": (1300, 360, 150, 4000.0),
    "持续期": (1150, 330, 175, 4900.0),
    "收尾期": (240, 70, 36, 1000.0),
}

#: the planted anomalies of ``mp_daily``: date, column, multiplier, what happened
ANOMALIES = [
    ("2025-04-09", "orders", 0.35, "小程序支付接口故障半天，访客正常、订单骤降"),
    ("2025-04-24", "visitors", 2.6, "刷量：访客暴涨、订单不变"),
    ("2025-05-11", "orders", 0.55, "周日门店系统升级暂停自提，订单跌到工作日水平以下"),
    ("2025-05-15", "orders", 1.9, "企业团购大单（一次 60 杯）"),
]
SERIES_START = pd.Timestamp("2025-03-03")
SERIES_DAYS = 84
#: weekday multipliers Monday … Sunday
WEEKDAY = np.array([0.86, 0.88, 0.90, 0.94, 1.10, 1.48, 1.40])


def targets_table() -> pd.DataFrame:
    rows = []
    for phase, a, b in PHASES:
        n = b - a + 1
        uv, part, sales, pay = PLAN[phase]
        # within a phase the plan rises to the launch and eases afterwards
        w = np.linspace(1.2, 0.8, n) if phase != "预热期" else np.linspace(0.7, 1.3, n)
        w = w / w.sum()
        for i in range(n):
            rows.append({
                "date": START + pd.Timedelta(days=a + i), "phase": phase,
                "uv_target": int(round(uv * w[i])), "participants_target": int(round(part * w[i])),
                "sales_target": int(round(sales * w[i])),
                "payments_target": round(pay * w[i], -1)})
    return pd.DataFrame(rows)


def budget_table(rng: np.random.Generator, channels: pd.DataFrame) -> pd.DataFrame:
    """Daily planned and actual spend of every channel with a cost."""
    pace = {"dy-ad": 1.45, "wx-ad": 0.6}  # over- and under-pacing ads
    rows = []
    for ch in channels[channels["cost"] > 0].itertuples():
        days = pd.date_range(ch.start_date, ch.end_date, freq="D")
        lump = ch.utm_medium != "cpc"
        planned = np.zeros(len(days))
        if lump:
            planned[0] = ch.cost
        else:  # whole yuan-cents per day, the last day takes the rounding remainder
            planned[:] = round(ch.cost / len(days), 2)
            planned[-1] = round(ch.cost - planned[:-1].sum(), 2)
        actual = planned.copy()
        if not lump:
            p = pace.get(ch.channel_code, 1.0)
            actual = planned * p * rng.normal(1.0, 0.06, len(days))
            actual = np.minimum(np.cumsum(actual), ch.cost)  # the platform stops at the cap
            actual = np.diff(np.concatenate([[0.0], actual]))
        for d, pl, ac in zip(days, planned, actual, strict=True):
            rows.append({"date": d, "channel_code": ch.channel_code, "channel_name": ch.channel_name,
                         "planned_spend": round(float(pl), 2), "actual_spend": round(float(ac), 2)})
    return pd.DataFrame(rows)


def mp_daily_table(rng: np.random.Generator) -> pd.DataFrame:
    days = pd.date_range(SERIES_START, periods=SERIES_DAYS, freq="D")
    t = np.arange(SERIES_DAYS)
    level = 420 * (1 + 0.0025 * t) * WEEKDAY[days.day_of_week]
    visitors = level * np.exp(rng.normal(0, 0.05, SERIES_DAYS))
    conv = 0.062 * np.exp(rng.normal(0, 0.05, SERIES_DAYS))
    orders = visitors * conv
    frame = pd.DataFrame({"date": days, "visitors": visitors, "orders": orders})
    for date, col, mult, _ in ANOMALIES:
        frame.loc[frame["date"] == pd.Timestamp(date), col] *= mult
    frame["visitors"] = frame["visitors"].round().astype(int)
    frame["orders"] = frame["orders"].round().astype(int)
    basket = 21.5 * np.exp(rng.normal(0, 0.03, SERIES_DAYS))
    frame["revenue"] = (frame["orders"] * basket).round(2)
    return frame


def playbook_table() -> pd.DataFrame:
    cols = ["rule_id", "metric", "threshold", "days", "level", "action", "owner"]
    rows = [
        ("R1", "uv", 0.8, 2, "黄色预警", "加推一条小红书/抖音官方内容，社群发预告，当天复盘引流素材", "新媒体运营专员"),
        ("R2", "participants", 0.8, 2, "黄色预警", "社群发起晒单接龙，分享得券门槛从 2 人降到 1 人", "社群运营"),
        ("R3", "sales", 0.8, 3, "红色预警", ("启动备用预算：把超支渠道的剩余预算转给每单成本低的渠道，"
                                             "小程序加推“第二杯半价”弹窗"), "新媒体运营主管"),
        ("R4", "payments", 0.7, 2, "红色预警", "检查支付链路和优惠券是否失效，必要时联系技术排查，向用户发补偿券",
         "技术支持 + 客服"),
        ("R5", "budget", 1.1, 1, "黄色预警", "超支：降低出价或日预算上限，把节省的预算留给后半程", "投放专员"),
    ]
    return pd.DataFrame(rows, columns=cols)
