"""Tests of nmt_lab.forecasting: targets from goals, 同比增长法 forecasts, KPI trees, SMART."""

import math

import pandas as pd
import pytest

from nmt_lab import forecasting as fc


def test_forecast_by_hand():
    s = pd.Series([10, 20, 30, 40, 11, 22, 33, 44], index=[f"2024-0{i}" for i in range(1, 9)])
    f = fc.seasonal_forecast(s, horizon=6, season=4)
    # growth = 110 / 100 − 1 = 0.1; the 5th and 6th months compound a second year
    assert f["forecast"].round(4).tolist() == [12.1, 24.2, 36.3, 48.4, 13.31, 26.62]
    assert f["month"].tolist()[:2] == ["2024-09", "2024-10"]
    # a perfectly seasonal series has zero errors: the interval collapses onto the forecast
    assert (f["low"].round(6) == f["forecast"].round(6)).all()


def test_interval_from_rel_error_and_errors():
    f = fc.seasonal_forecast(pd.Series([100.0] * 12), growth=0.2, rel_error=0.1)
    assert math.isclose(f["high"].iloc[0], 132.0) and math.isclose(f["low"].iloc[0], 120 / 1.1)
    with pytest.raises(ValueError, match="rel_error"):
        fc.seasonal_forecast(pd.Series([100.0] * 12), growth=0.2)
    with pytest.raises(ValueError, match="同比增长"):
        fc.yoy_growth(pd.Series([1.0] * 12))
    noisy = pd.Series([10, 10, 10, 10, 12, 8, 11, 9])
    f = fc.seasonal_forecast(noisy, horizon=4, season=4, level=0.8)
    assert (f["low"] < f["forecast"]).all() and (f["high"] > f["forecast"]).all()


def test_funnel_and_budget():
    f = fc.funnel_targets(1_000_000, 50, 0.04, 0.02)
    assert f == {"revenue": 1e6, "orders": 20000, "visitors": 500000, "reach": 25000000}
    assert fc.funnel_targets(100, 30, 0.5, 1)["orders"] == 4          # rounded up
    with pytest.raises(ValueError, match="0 和 1"):
        fc.funnel_targets(1e6, 50, 4, 0.02)                              # 4 meant 4 %
    plan = fc.reach_plan(2_000_000, {"抖音": 0.5, "微博": 0.5}, {"抖音": 30, "微博": 20}, budget=40_000)
    assert plan["cost"].tolist() == [30000.0, 20000.0, 50000.0]
    assert plan["budget_ok"].iloc[-1] is False or plan["budget_ok"].iloc[-1] == False  # noqa: E712
    with pytest.raises(ValueError, match="份额"):
        fc.reach_plan(1, {"抖音": 0.7}, {"抖音": 30})
    assert fc.affordable_revenue(50_000, 25, 0.02, 0.04, 50) == 80000.0


def test_targets_view_and_panel():
    hist = pd.Series([100.0] * 12, index=[f"2025-{m:02d}" for m in range(1, 13)])
    v = fc.targets_view(60_000, 0.1, 0.05, 0.02, 50, {"抖音": 1.0}, {"抖音": 30}, 20_000, hist, 0.1)
    assert v["funnel"]["orders"] == 1200 and math.isclose(v["forecast_orders"], 1320)
    assert v["orders_covered"] and math.isclose(v["cost"], 1200 / 0.05 / 0.02 / 1000 * 30)
    assert v["budget_ok"] is (v["cost"] <= 20_000)
    p = fc.targets_panel(hist, {"抖音": 1.0}, {"抖音": 30}, 20_000, revenue_goal=60_000, order_value=50)
    p.controls["growth"].value = 0.3
    assert math.isclose(p.figure.data[2].y[0], 130.0)
    assert "倒推目标" in p.card.value


def test_kpi_tree_standards_smart():
    tree = fc.kpi_tree({"营收": {"订单": {"访客": 5, "转化率": 0.04}, "客单价": 40}})
    assert fc.leaf_kpis(tree) == ["访客", "转化率", "客单价"]
    fig = fc.kpi_figure(tree, "treemap")
    assert fig.data[0].type == "treemap"
    with pytest.raises(ValueError, match="两次"):
        fc.kpi_tree({"a": {"b": 1}, "b": 2})
    b = pd.DataFrame([{"dimension": "产品", "metric": "客单价", "baseline": 40.0, "direction": "benefit"},
                      {"dimension": "用户", "metric": "获客成本", "baseline": 10.0, "direction": "cost"}])
    st = fc.standards(b)
    assert st["pass_line"].tolist() == [44.0, 9.0]
    share = fc.standards(pd.DataFrame([{"dimension": "品牌", "metric": "好评率", "baseline": 0.9,
                                        "direction": "benefit"}]))
    assert share["pass_line"].iloc[0] == 0.99 and share["excellent_line"].iloc[0] == 1.0
    with pytest.raises(ValueError, match="市场"):
        fc.standards(b.assign(dimension="渠道"))
    assert [fc.rate(v, 44, 50) for v in (51, 45, 40)] == ["优秀", "达标", "未达标"]
    t = pd.DataFrame([{"target_id": "T1", "metric": "访客", "value": 6, "deadline": "2026-12-31"},
                      {"target_id": "T2", "metric": "访客", "value": 3, "deadline": "2026-12-31"},
                      {"target_id": "T3", "metric": "粉丝", "value": 3, "deadline": ""},
                      {"target_id": "T4", "metric": "客单价", "value": "很多", "deadline": "2026-12-31"}])
    r = fc.smart_targets(t, {"访客": (4, 5, 7), "订单": (1, 2, 3), "客单价": (38, 40, 44)}, tree)
    assert r["smart"].tolist() == [True, False, False, False]
    assert "没有挑战" in r["finding"].iloc[1]
    assert "不具体" in r["finding"].iloc[2] and "时限" in r["finding"].iloc[2]
    assert "不可衡量" in r["finding"].iloc[3]
