"""Shared helpers for the dataset generators: seeds, calendar, time-of-day curves, CSV writing.

Everything here is deterministic: a table's random stream depends only on the base
seed, the table name (via ``zlib.crc32``) and the scale.

>>> int(rng_for("posts").integers(0, 10**6)) == int(rng_for("posts").integers(0, 10**6))
True
>>> season_factor(pd.to_datetime(["2025-07-15", "2025-01-29"])).round(2).tolist()
[1.36, 0.51]
"""

from __future__ import annotations

import zlib
from pathlib import Path

import numpy as np
import pandas as pd

BASE_SEED = 560003  # the skill standard's code

#: first day of the content / follower history (18 months, so H1 2025 has a "last period")
HISTORY_START = pd.Timestamp("2024-07-01")
YEAR_START = pd.Timestamp("2025-01-01")
YEAR_END = pd.Timestamp("2025-12-31 23:59:59")
DATA_END = YEAR_END


def rng_for(table: str, scale: int = 1) -> np.random.Generator:
    """Random generator of one table: stable across runs and Python versions."""
    return np.random.default_rng([BASE_SEED, zlib.crc32(table.encode("utf-8")), int(scale)])


# --------------------------------------------------------------------------- calendar

#: brand campaigns, launches and festivals: (date, name, peak multiplier, kind)
#: kind: 活动 (brand campaign), 新品 (product launch), 节日 (festival), 热点 (seasonal hot topic)
EVENTS: list[tuple[str, str, float, str]] = [
    ("2024-08-07", "立秋", 1.55, "热点"),
    ("2024-08-10", "七夕", 1.30, "节日"),
    ("2024-09-10", "桂花乌龙拿铁上新", 1.30, "新品"),
    ("2024-09-17", "中秋", 1.20, "节日"),
    ("2024-10-01", "国庆", 1.15, "节日"),
    ("2024-11-11", "双11", 1.45, "活动"),
    ("2024-11-15", "红豆姜枣奶茶上新", 1.20, "新品"),
    ("2024-12-25", "圣诞", 1.15, "节日"),
    ("2025-01-01", "元旦", 1.15, "节日"),
    ("2025-02-12", "元宵", 1.10, "节日"),
    ("2025-02-14", "情人节", 1.25, "节日"),
    ("2025-03-08", "妇女节", 1.10, "活动"),
    ("2025-03-25", "明前龙井上新", 1.40, "新品"),
    ("2025-05-01", "五一", 1.15, "节日"),
    ("2025-05-20", "520", 1.50, "活动"),
    ("2025-05-31", "端午", 1.10, "节日"),
    ("2025-06-05", "杨梅冰茶上新", 1.55, "新品"),
    ("2025-06-18", "618", 1.25, "活动"),
    ("2025-07-20", "入伏", 1.20, "热点"),
    ("2025-08-07", "立秋", 1.60, "热点"),
    ("2025-08-29", "七夕", 1.35, "节日"),
    ("2025-09-12", "桂花乌龙拿铁上新", 1.30, "新品"),
    ("2025-09-16", "品牌十周年", 1.35, "活动"),
    ("2025-10-01", "国庆", 1.20, "节日"),
    ("2025-10-06", "中秋", 1.20, "节日"),
    ("2025-11-11", "双11", 1.50, "活动"),
    ("2025-11-18", "红豆姜枣奶茶上新", 1.20, "新品"),
    ("2025-12-21", "冬至", 1.10, "节日"),
    ("2025-12-25", "圣诞", 1.15, "节日"),
]

_EVENT_KERNEL = {-3: 0.2, -2: 0.35, -1: 0.6, 0: 1.0, 1: 0.5, 2: 0.25, 3: 0.1}

#: tea-drink seasonality by month (summer peak)
MONTH_FACTOR = {1: 0.86, 2: 0.84, 3: 0.92, 4: 1.0, 5: 1.08, 6: 1.22, 7: 1.36, 8: 1.32,
                9: 1.12, 10: 1.0, 11: 0.97, 12: 0.92}

SPRING_FESTIVAL = pd.Timestamp("2025-01-29")


def _days(dates) -> pd.DatetimeIndex:
    return pd.DatetimeIndex(pd.to_datetime(dates)).normalize()


def month_factor(dates) -> np.ndarray:
    """Smooth monthly seasonality (linear between mid-months)."""
    d = _days(dates)
    # position in months, anchored on the 15th
    pos = (d.year.to_numpy() * 12 + d.month.to_numpy() - 1) + (d.day.to_numpy() - 15) / 30.5
    base = np.floor(pos).astype(int)
    frac = pos - base
    f0 = np.array([MONTH_FACTOR[m % 12 + 1] for m in base])
    f1 = np.array([MONTH_FACTOR[(m + 1) % 12 + 1] for m in base])
    return f0 * (1 - frac) + f1 * frac


def spring_festival_dip(dates) -> np.ndarray:
    """春节: stores close, people travel: a dip from a week before to a week after."""
    d = _days(dates)
    off = (d - SPRING_FESTIVAL).days.to_numpy()
    return 1 - 0.4 * np.exp(-0.5 * (off / 4.0) ** 2)


def event_factor(dates, kinds: tuple[str, ...] | None = None, gain: float = 1.0) -> np.ndarray:
    """Multiplier from the campaign calendar (1 on ordinary days)."""
    d = _days(dates)
    out = np.ones(len(d))
    for day, _name, peak, kind in EVENTS:
        if kinds is not None and kind not in kinds:
            continue
        off = (d - pd.Timestamp(day)).days.to_numpy()
        k = np.array([_EVENT_KERNEL.get(int(o), 0.0) for o in off])
        out *= 1 + gain * (peak - 1) * k
    return out


def season_factor(dates) -> np.ndarray:
    """Month seasonality × 春节 dip × campaign calendar."""
    return month_factor(dates) * spring_festival_dip(dates) * event_factor(dates)


def nearest_event(day: pd.Timestamp, window: tuple[int, int] = (-3, 1)):
    """The calendar event whose date is within ``window`` days of ``day`` (or None)."""
    best = None
    for date, name, peak, kind in EVENTS:
        off = (day - pd.Timestamp(date)).days
        if window[0] <= off <= window[1] and (best is None or abs(off) < abs(best[0])):
            best = (off, name, peak, kind)
    return None if best is None else best[1:]


# --------------------------------------------------------------------------- time of day

#: audience activity (demand) by hour 0..23: peaks 7-9, 12-14, 20-23; best near 22, worst near 18
HOUR_DEMAND = np.array([
    0.40, 0.28, 0.22, 0.20, 0.20, 0.28, 0.55, 0.95, 1.10, 1.00, 0.90, 0.95,
    1.10, 1.10, 0.95, 0.85, 0.80, 0.74, 0.62, 0.80, 1.10, 1.30, 1.45, 1.20,
])

#: when accounts publish (supply): most posts at 16-20 h
HOUR_SUPPLY = np.array([
    0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.025, 0.03, 0.02, 0.02, 0.02,
    0.04, 0.025, 0.02, 0.02, 0.10, 0.14, 0.16, 0.13, 0.09, 0.07, 0.05, 0.015,
])
HOUR_SUPPLY = HOUR_SUPPLY / HOUR_SUPPLY.sum()

#: when people act on their phones (follows, orders, comments): activity curve as probabilities
HOUR_ACTIVITY = HOUR_DEMAND / HOUR_DEMAND.sum()


def random_times_of_day(rng: np.random.Generator, n: int, weights=HOUR_ACTIVITY) -> np.ndarray:
    """Seconds after midnight, hour drawn from ``weights``."""
    hours = rng.choice(24, size=n, p=weights)
    return hours * 3600 + rng.integers(0, 3600, size=n)


def daterange(start, end) -> pd.DatetimeIndex:
    return pd.date_range(pd.Timestamp(start).normalize(), pd.Timestamp(end).normalize(), freq="D")


# --------------------------------------------------------------------------- ids

class UserIds:
    """Allocates user ids ``U000123`` from one shuffled pool shared by all tables."""

    def __init__(self, scale: int = 1):
        cap = 400_000 * max(1, int(scale))
        self.width = max(6, len(str(cap)))
        self.pool = rng_for("user_ids", scale).permutation(cap) + 1
        self.next = 0

    def take(self, n: int) -> np.ndarray:
        n = int(n)
        if self.next + n > len(self.pool):
            raise RuntimeError("user id pool exhausted")
        ids = self.pool[self.next:self.next + n]
        self.next += n
        return np.array([f"U{i:0{self.width}d}" for i in ids], dtype=object)


# --------------------------------------------------------------------------- writing

def fmt_datetime(s: pd.Series) -> pd.Series:
    return pd.to_datetime(s).dt.strftime("%Y-%m-%d %H:%M:%S")


def fmt_date(s: pd.Series) -> pd.Series:
    return pd.to_datetime(s).dt.strftime("%Y-%m-%d")


def write_csv(df: pd.DataFrame, path: Path) -> None:
    """UTF-8 without BOM, ``\\n`` line endings, no index."""
    path.parent.mkdir(parents=True, exist_ok=True)
    df.to_csv(path, index=False, lineterminator="\n", encoding="utf-8")
