"""活动预算 (campaign budget): amounts, shares, over-budget and missing-item checks, budget panel.

Amount = unit cost × quantity; share = amount ÷ total. A budget is checked against the approved
cap (``campaign_info()["budget_cap"]``), against the channel plan (every channel with a cost needs a
budget line) and against the categories a campaign budget must have (预备金 among them).

>>> from nmt_lab import load
>>> budget_check(budget_lines(load("budget_plan")))["over_by"]
1770.0
"""

from __future__ import annotations

import ipywidgets as w
import pandas as pd
import plotly.graph_objects as go

from .._errors import check_columns
from ..widgets import Panel
from ._common import LABELS
from .campaign import _data, campaign_info

for _k, _v in {"line_id": "预算行", "item": "费用项目", "channel_code": "渠道编号", "unit_cost": "单价",
               "quantity": "数量", "amount": "金额", "cost": "费用"}.items():
    LABELS.setdefault(_k, _v)   # keys the calendar/content tables already use keep their label


def budget_lines(budget: pd.DataFrame, scale: dict[str, float] | None = None) -> pd.DataFrame:
    """The budget with ``amount`` (= unit_cost × quantity, rounded to 分) and ``share`` of the
    total; ``scale`` (category -> factor) scales the quantities of whole categories, e.g.
    ``{"付费推广": 0.8}`` buys 20 % fewer impressions.

    >>> from nmt_lab import load
    >>> b = budget_lines(load("budget_plan"))
    >>> (b.loc[0, "item"], float(b.loc[0, "amount"])), round(float(b["share"].sum()), 6)
    (('抖音信息流广告', 6000.0), 1.0)
    """
    check_columns(budget, ["line_id", "item", "category", "unit_cost", "quantity"])
    out = budget.copy()
    qty = out["quantity"].astype(float)
    if scale:
        for cat, f in scale.items():
            if f < 0:
                raise ValueError(f"“{cat}”的比例 {f!r} 不可用：应为 0 或正数。")
            qty = qty.where(out["category"] != cat, qty * f)
    out["amount"] = (out["unit_cost"].astype(float) * qty).round(2)
    total = out["amount"].sum()
    out["share"] = out["amount"] / total if total else 0.0
    return out


def budget_summary(lines: pd.DataFrame, by: str = "category") -> pd.DataFrame:
    """Amount and share per category (or phase, channel_code) of a :func:`budget_lines` table.

    >>> from nmt_lab import load
    >>> s = budget_summary(budget_lines(load("budget_plan")))
    >>> s.index[0], float(s["amount"].iloc[0])
    ('付费推广', 10500.0)
    """
    check_columns(lines, [by, "amount"])
    out = lines.groupby(by, sort=False)["amount"].sum().sort_values(ascending=False).to_frame()
    out["share"] = out["amount"] / out["amount"].sum()
    return out


def missing_items(lines: pd.DataFrame, channels: pd.DataFrame) -> pd.DataFrame:
    """Channels of the channel plan that cost money but have no budget line, and required
    categories with no line (漏项).

    >>> from nmt_lab import load
    >>> missing_items(load("budget_plan"), load("campaign_channels"))[["kind", "name"]].values.tolist()
    [['渠道', 'local-group'], ['类别', '预备金']]
    """
    check_columns(lines, ["channel_code", "category"])
    check_columns(channels, ["channel_code", "channel_name", "cost"])
    have = set(lines["channel_code"].dropna())
    rows = [("渠道", c.channel_code, f"{c.channel_name}在渠道计划里要花 {c.cost:g} 元，预算里没有这一行")
            for c in channels.itertuples(index=False) if c.cost > 0 and c.channel_code not in have]
    cats = set(lines["category"])
    rows += [("类别", c, f"预算里没有“{c}”") for c in _data()["required_categories"] if c not in cats]
    return pd.DataFrame(rows, columns=["kind", "name", "problem"])


def budget_check(lines: pd.DataFrame, cap: float | None = None) -> dict:
    """Total against the cap: ``total``, ``cap``, ``over_by`` (0 when within), ``ok``.

    >>> budget_check(pd.DataFrame({"amount": [100.0, 50.0]}), cap=200)
    {'total': 150.0, 'cap': 200.0, 'over_by': 0.0, 'ok': True}
    """
    check_columns(lines, ["amount"])
    cap = float(campaign_info()["budget_cap"] if cap is None else cap)
    total = round(float(lines["amount"].sum()), 2)
    over = round(max(0.0, total - cap), 2)
    return {"total": total, "cap": cap, "over_by": over, "ok": over == 0}


def budget_view(budget: pd.DataFrame, scale: dict[str, float], reserve: float = 0.0,
                cap: float | None = None) -> dict:
    """What the budget panel shows: amounts per category after scaling, plus a contingency
    (预备金) of ``reserve`` × the other lines.

    >>> from nmt_lab import load
    >>> v = budget_view(load("budget_plan"), {"付费推广": 0.8}, reserve=0.05)
    >>> v["total"], v["over_by"]
    (31153.5, 1153.5)
    """
    lines = budget_lines(budget, scale)
    if reserve:
        extra = {"line_id": "R", "item": "预备金", "category": "预备金",
                 "amount": round(float(lines["amount"].sum()) * reserve, 2)}
        lines = pd.concat([lines, pd.DataFrame([extra])], ignore_index=True)
    s = budget_summary(lines)
    chk = budget_check(lines, cap)
    return {"categories": list(s.index), "amounts": [float(a) for a in s["amount"]], **chk}


def budget_panel(budget: pd.DataFrame) -> Panel:
    """Slide how much of each cost-heavy category to keep and the contingency share: the bars
    and the total against the cap update."""
    def slider(desc, value=1.0):
        return w.FloatSlider(value=value, min=0.0, max=1.5, step=0.05, description=desc, readout_format=".0%",
                             continuous_update=False, style={"description_width": "initial"})
    controls = {"paid": slider("付费推广保留"), "kol": slider("达人合作保留"), "promo": slider("优惠与奖品保留"),
                "reserve": w.FloatSlider(value=0.0, min=0.0, max=0.15, step=0.01, description="预备金比例",
                                         readout_format=".0%", continuous_update=False,
                                         style={"description_width": "initial"})}
    fig = go.FigureWidget(data=[go.Bar(hovertemplate="%{x}：%{y:,.0f} 元<extra></extra>")],
                          layout=dict(height=380, yaxis_title="元"))
    card = w.HTML()

    def update(paid: float, kol: float, promo: float, reserve: float) -> None:
        v = budget_view(budget, {"付费推广": paid, "达人合作": kol, "优惠与奖品": promo}, reserve)
        with fig.batch_update():
            fig.data[0].x, fig.data[0].y = v["categories"], v["amounts"]
            fig.data[0].marker.color = ["#888" if c == "预备金" else "#2a7f62" for c in v["categories"]]
            fig.layout.title = f"合计 {v['total']:,.0f} 元 / 总预算 {v['cap']:,.0f} 元"
        state = (f"<b style='color:#c0392b'>超支 {v['over_by']:,.0f} 元</b>" if not v["ok"]
                 else f"<b style='color:#2a7f62'>在预算内，还剩 {v['cap'] - v['total']:,.0f} 元</b>")
        card.value = state

    return Panel(controls, [card, fig], update, figure=fig, card=card)
