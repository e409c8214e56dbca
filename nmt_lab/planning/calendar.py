"""节日与热点日历 (festival, solar-term and marketing-day calendar) and its panel.

农历节日和二十四节气由 `lunar-python <https://github.com/6tail/lunar-python>`_ 按年份计算，
公历营销节点来自 ``nmt_lab/data/planning.json``；每个节点有分级和提前量
（策划启动日 = 节点日期 − 提前天数）。

>>> cal = event_calendar(2026)
>>> cal.set_index("name").loc["春节", ["date", "lunar", "plan_by"]].tolist()
['2026-02-17', '正月初一', '2026-01-03']
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

import ipywidgets as w
import numpy as np
import pandas as pd
import plotly.graph_objects as go
from lunar_python import Lunar, Solar

from .._errors import check_choice, check_columns
from ..widgets import Panel
from ._common import CAL_COLUMNS, KINDS, WEEKDAYS, _check_year, _lunar_text, _ymd, rules

# =====================================================================================
# 1  节日与热点日历
# =====================================================================================

def lunar_date(year: int, month: int, day: int) -> str:
    """The solar (公历) date of a lunar (农历) date, as "YYYY-MM-DD".

    >>> lunar_date(2026, 5, 5)   # 2026 年端午节（农历五月初五）
    '2026-06-19'
    >>> lunar_date(2026, 12, 30)
    Traceback (most recent call last):
    ...
    ValueError: 农历 2026 年 12 月没有 30 日（这个月只有 29 天）。
    """
    try:
        return Lunar.fromYmd(int(year), int(month), int(day)).getSolar().toYmd()
    except Exception as exc:  # lunar-python raises a bare Exception for impossible dates
        if "only" in str(exc):
            days = str(exc).split()[1]
            raise ValueError(f"农历 {year} 年 {month} 月没有 {day} 日（这个月只有 {days} 天）。") from None
        raise ValueError(f"农历日期 {year}-{month}-{day} 不存在：月份 1–12，日 1–30。") from None


def lunar_festivals(year: int) -> pd.DataFrame:
    """Traditional lunar festivals that fall in solar ``year``, computed with lunar-python.

    Includes 除夕 (last day of the lunar year) and 入伏 (start of the 三伏 hot days).

    >>> f = lunar_festivals(2026).set_index("name")
    >>> f.loc[["元宵节", "中秋节", "除夕"], "date"].tolist()
    ['2026-03-03', '2026-09-25', '2026-02-16']
    """
    year = _check_year(year)
    data = rules()
    rows = []
    for f in data["lunar_festivals"]:
        for ly in (year - 1, year):  # 腊月 of the previous lunar year falls in January/February
            lunar = Lunar.fromYmd(ly, f["month"], f["day"])
            solar = lunar.getSolar()
            if solar.getYear() == year:
                rows.append((solar.toYmd(), f["name"], f["tier"], _lunar_text(lunar), f["angle"]))
    eve = data["eve"]
    for ly in (year, year + 1):
        day = pd.Timestamp(Lunar.fromYmd(ly, 1, 1).getSolar().toYmd()) - pd.Timedelta(days=1)
        if day.year == year:
            lunar = Solar.fromYmd(day.year, day.month, day.day).getLunar()
            rows.append((_ymd(day), eve["name"], eve["tier"], _lunar_text(lunar), eve["angle"]))
    summer = data["summer"]
    day = pd.Timestamp(f"{year}-06-20")
    while Solar.fromYmd(day.year, day.month, day.day).getLunar().getFu() is None:
        day += pd.Timedelta(days=1)
    lunar = Solar.fromYmd(day.year, day.month, day.day).getLunar()
    rows.append((_ymd(day), summer["name"], summer["tier"], _lunar_text(lunar), summer["angle"]))
    out = pd.DataFrame(rows, columns=["date", "name", "tier", "lunar", "angle"])
    out.insert(2, "kind", "传统节日")
    return out.sort_values("date", kind="stable").reset_index(drop=True)


def solar_terms(year: int) -> pd.DataFrame:
    """The 24 solar terms (二十四节气) of solar ``year``, computed with lunar-python.

    >>> t = solar_terms(2026)
    >>> len(t), t.set_index("name").loc["立秋", "date"]
    (24, '2026-08-07')
    """
    year = _check_year(year)
    conf = rules()["solar_terms"]
    seen = {}
    for probe in (f"{year}-01-15", f"{year}-07-15", f"{year}-12-15"):
        d = pd.Timestamp(probe)
        for solar in Solar.fromYmd(d.year, d.month, d.day).getLunar().getJieQiTable().values():
            if solar.getYear() == year:
                seen[solar.toYmd()] = solar
    rows = []
    for ymd, solar in sorted(seen.items()):
        lunar = solar.getLunar()
        name = lunar.getJieQi()
        rows.append((ymd, name, conf["tiers"].get(name, conf["default_tier"]), _lunar_text(lunar),
                     conf["angles"].get(name, "节气科普、时令茶饮")))
    out = pd.DataFrame(rows, columns=["date", "name", "tier", "lunar", "angle"])
    out.insert(2, "kind", "节气")
    return out


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> pd.Timestamp:
    first = pd.Timestamp(year=year, month=month, day=1)
    return first + pd.Timedelta(days=(weekday - first.day_of_week) % 7 + 7 * (nth - 1))


def marketing_days(year: int) -> pd.DataFrame:
    """Solar-calendar holidays and marketing days (520, 618, 双11 …) of ``year``.

    >>> m = marketing_days(2026).set_index("name")
    >>> m.loc[["520", "母亲节", "双11"], ["date", "kind"]].values.tolist()
    [['2026-05-20', '营销节点'], ['2026-05-10', '公历节日'], ['2026-11-11', '营销节点']]
    """
    year = _check_year(year)
    data = rules()
    rows = [(f"{year}-{m['date']}", m["name"], m["kind"], m["tier"], m["angle"]) for m in data["marketing_days"]]
    for m in data["weekday_days"]:
        day = _nth_weekday(year, m["month"], m["weekday"], m["nth"])
        rows.append((_ymd(day), m["name"], m["kind"], m["tier"], m["angle"]))
    out = pd.DataFrame(rows, columns=["date", "name", "kind", "tier", "angle"])
    out["lunar"] = [_lunar_text(Solar.fromYmd(*map(int, d.split("-"))).getLunar()) for d in out["date"]]
    return out.sort_values("date", kind="stable").reset_index(drop=True)


def tiers() -> pd.DataFrame:
    """Event tiers with their lead time (提前量) in days.

    >>> tiers()["lead_days"].to_dict()
    {'S': 45, 'A': 21, 'B': 10, 'C': 5}
    """
    t = pd.DataFrame(rules()["tiers"]).T
    t.index.name = "tier"
    return t.astype({"lead_days": int})


@cache
def _year_events(year: int) -> pd.DataFrame:
    return pd.concat([lunar_festivals(year), solar_terms(year), marketing_days(year)], ignore_index=True)


def _all_events(year: int) -> pd.DataFrame:
    """Every event of ``year`` (computed once per year; callers get a copy)."""
    return _year_events(year).copy()


def event_calendar(year: int, kinds: Iterable[str] | None = None,
                   lead_days: int | dict | None = None) -> pd.DataFrame:
    """A year's hot-event and festival calendar with the date planning has to start.

    ``lead_days``: None uses each tier's lead time (:func:`tiers`); an int gives every event
    the same lead time; a dict ``{name or tier: days}`` overrides some. ``plan_by`` =
    ``date`` − ``lead_days``. Dates are "YYYY-MM-DD" strings, sorted.

    >>> cal = event_calendar(2026, kinds=["传统节日"], lead_days={"中秋节": 60})
    >>> cal.set_index("name").loc["中秋节", ["date", "tier", "plan_by", "weekday"]].tolist()
    ['2026-09-25', 'S', '2026-07-27', '周五']
    >>> event_calendar(2026, kinds=["节假日"])
    Traceback (most recent call last):
    ...
    ValueError: 节点类型 "节假日" 不存在；可用的节点类型有：传统节日、节气、公历节日、营销节点、风险节点
    """
    year = _check_year(year)
    kinds = list(kinds) if kinds is not None else KINDS
    for k in kinds:
        check_choice(k, KINDS, "节点类型")
    cal = _all_events(year)
    cal = cal[cal["kind"].isin(kinds)].copy()
    lead = tiers()["lead_days"]
    cal["lead_days"] = cal["tier"].map(lead).astype(int)
    if isinstance(lead_days, dict):
        for key, days in lead_days.items():
            hit = (cal["name"] == key) | (cal["tier"] == key)
            if not hit.any():
                check_choice(key, list(cal["name"]) + list(lead.index), "节点或分级")
            cal.loc[hit, "lead_days"] = int(days)
    elif lead_days is not None:
        cal["lead_days"] = int(lead_days)
    dates = pd.to_datetime(cal["date"])
    cal["plan_by"] = (dates - pd.to_timedelta(cal["lead_days"], unit="D")).dt.strftime("%Y-%m-%d")
    cal["weekday"] = dates.dt.day_of_week.map(dict(enumerate(WEEKDAYS)))
    return cal.sort_values(["date", "name"], kind="stable").reset_index(drop=True)[CAL_COLUMNS]


def _month(month) -> str:
    text = str(month)
    if len(text) != 7 or text[4] != "-" or not text[:4].isdigit() or not 1 <= int(text[5:]) <= 12:
        raise ValueError(f'月份 "{month}" 的格式不对：请写成 "YYYY-MM"，例如 "2026-02"。')
    return text


def month_events(cal: pd.DataFrame, month: str) -> pd.DataFrame:
    """Events whose date falls in ``month`` ("YYYY-MM").

    >>> month_events(event_calendar(2026), "2026-02")["name"].tolist()[:4]
    ['立春', '小年', '情人节', '除夕']
    """
    check_columns(cal, ["date"])
    month = _month(month)
    return cal[cal["date"].str[:7] == month].reset_index(drop=True)


def plans_to_start(cal: pd.DataFrame, month: str, min_tier: str = "C") -> pd.DataFrame:
    """Events whose planning must start in ``month`` (their ``plan_by`` falls in it),
    keeping tiers up to ``min_tier`` (S is the highest: ``min_tier="A"`` keeps S and A).

    >>> plans_to_start(event_calendar(2026), "2026-01", min_tier="A")["name"].tolist()
    ['春节', '情人节', '除夕']
    """
    check_columns(cal, ["plan_by", "tier"])
    order = list(tiers().index)
    check_choice(min_tier, order, "分级")
    keep = order[: order.index(min_tier) + 1]
    month = _month(month)
    out = cal[(cal["plan_by"].str[:7] == month) & cal["tier"].isin(keep)]
    return out.sort_values(["plan_by", "date"], kind="stable").reset_index(drop=True)


def plan_status(cal: pd.DataFrame, today) -> pd.DataFrame:
    """Each event's status on ``today``: 未到策划期 / 策划中 / 已过, and days left.

    >>> s = plan_status(event_calendar(2026, kinds=["传统节日"]), "2026-01-10")
    >>> s.set_index("name").loc[["春节", "端午节"], ["status", "days_left"]].values.tolist()
    [['策划中', 38], ['未到策划期', 160]]
    """
    check_columns(cal, ["date", "plan_by"])
    day = pd.Timestamp(today).normalize()
    out = cal.copy()
    date, start = pd.to_datetime(out["date"]), pd.to_datetime(out["plan_by"])
    out["days_left"] = (date - day).dt.days
    out["status"] = np.select([day > date, day >= start], ["已过", "策划中"], "未到策划期")
    return out


# =====================================================================================


# =====================================================================================
# 6  互动面板
# =====================================================================================

_KIND_COLOURS = {"传统节日": "#c0392b", "节气": "#2a7f62", "公历节日": "#3b6fb6", "营销节点": "#e07a2f",
                 "风险节点": "#5d6d7e"}


def calendar_view(year: int, month: str, kinds: Iterable[str], lead: dict | None = None) -> dict:
    """What the calendar panel shows: the month's events and their planning windows
    (``plan_by`` → ``date``), as bars of a Gantt-style chart.

    >>> v = calendar_view(2026, "2026-02", ["传统节日"])
    >>> v["names"], v["starts"][0]
    (['小年', '除夕', '春节'], '2026-02-06')
    """
    cal = event_calendar(year, kinds=list(kinds), lead_days=lead)
    ev = month_events(cal, month)
    return {"names": list(ev["name"]), "starts": list(ev["plan_by"]), "ends": list(ev["date"]),
            "days": [int(d) for d in ev["lead_days"]], "kinds": list(ev["kind"]), "tiers": list(ev["tier"]),
            "angles": list(ev["angle"]), "table": ev}


def calendar_panel(year: int = 2026, month: str = "2026-02",
                   kinds: Iterable[str] = ("传统节日", "节气", "公历节日", "营销节点", "风险节点"),
                   s_lead: int = 45) -> Panel:
    """Pick a month, event kinds and the lead time of S-tier events; each event shows as a
    bar from the day planning starts to the event day."""
    controls = {
        "month": w.Dropdown(options=[f"{year}-{m:02d}" for m in range(1, 13)], value=month, description="月份"),
        "kinds": w.SelectMultiple(options=KINDS, value=tuple(kinds), description="类型", rows=5),
        "s_lead": w.IntSlider(value=s_lead, min=14, max=90, step=1, description="S级提前天数",
                              continuous_update=False, style={"description_width": "initial"}),
    }
    fig = go.FigureWidget(
        data=[go.Bar(orientation="h", hovertemplate="%{y}：%{customdata}<extra></extra>")],
        layout=dict(height=420, xaxis=dict(type="date", title="日期"), yaxis=dict(autorange="reversed"),
                    bargap=0.35),
    )
    card = w.HTML()

    def update(month: str, kinds: tuple, s_lead: int) -> None:
        if not kinds:
            card.value = "请至少选择一种节点类型。"
            return
        v = calendar_view(year, month, kinds, {"S": s_lead})
        ms = 24 * 3600 * 1000
        with fig.batch_update():
            bar = fig.data[0]
            bar.y = [f"{n}（{t}）" for n, t in zip(v["names"], v["tiers"], strict=True)]
            bar.base = v["starts"]
            bar.x = [d * ms for d in v["days"]]
            bar.marker.color = [_KIND_COLOURS[k] for k in v["kinds"]]
            bar.customdata = [f"{s} 开始策划 → {e} 上线（提前 {d} 天）；{a}" for s, e, d, a in
                              zip(v["starts"], v["ends"], v["days"], v["angles"], strict=True)]
            fig.layout.title = f"{month} 的节点与策划周期（条形从策划启动日到节点当天）"
        rows = "".join(f"<li><b>{n}</b> {e}：{s} 前启动策划（{k}，{t} 级）</li>" for n, e, s, k, t in
                       zip(v["names"], v["ends"], v["starts"], v["kinds"], v["tiers"], strict=True))
        empty = f"{month} 没有所选类型的节点。"
        card.value = f"<b>{month} 共 {len(v['names'])} 个节点</b><ul>{rows}</ul>" if rows else empty

    return Panel(controls, [card, fig], update, figure=fig, card=card)
