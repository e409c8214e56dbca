"""The funnels concept: AARRR counts and bottleneck, what-if, LTV/CAC, AISAS, the panel."""

import math

import pandas as pd
import pytest

import nmt_lab as nmt
from nmt_lab import funnels as F


@pytest.fixture(scope="module")
def data():
    ev, ch = nmt.load("campaign_events"), nmt.load("campaign_channels")
    cu = F.campaign_users(ev, ch)
    return {"ev": ev, "ch": ch, "cu": cu, "f": F.aarrr(cu)}


def test_funnel_counts_match_the_event_log(data):
    f, cu = data["f"], data["cu"]
    assert list(f.index) == list(F.AARRR)
    assert f.loc["获取", "users"] == cu["user_id"].nunique()
    assert f.loc["变现", "users"] == (cu["paid_orders"] > 0).sum()
    assert math.isclose(f.loc["激活", "rate"], f.loc["激活", "users"] / f.loc["获取", "users"])
    assert math.isclose(f["rate"].prod(), f["of_top"].iloc[-1])


def test_suspicious_sessions_are_dropped_and_only_inflate_acquisition(data):
    raw = F.aarrr(F.campaign_users(data["ev"], data["ch"], drop_suspicious=False))
    assert raw.loc["获取", "users"] > data["f"].loc["获取", "users"]
    assert raw.loc["变现", "users"] == data["f"].loc["变现", "users"]


def test_bottleneck_is_the_most_negative_gap(data):
    assert F.bottleneck(data["f"]) == "留存"
    other = F.aarrr(data["cu"], benchmark={"留存": 0.1, "变现": 0.99})
    assert F.bottleneck(other) == "激活" or other["gap"].idxmin() == F.bottleneck(other)


def test_what_if_multiplies_revenue_and_caps_rates(data):
    f = data["f"]
    r = F.what_if(f, "留存", 0.2, arppu=30)
    assert math.isclose(r["revenue"], r["base_revenue"] * 1.2, rel_tol=1e-3)
    capped = F.what_if(f, "激活", 0.5, arppu=30)
    assert capped["rate_after"] == 1.0 and capped["revenue"] < r["base_revenue"] * 1.5
    assert F.what_if(f, "推荐", 0.0, arppu=30)["delta"] == 0
    assert F.what_if(f, "推荐", 0.5, arppu=30)["delta"] > 0
    with pytest.raises(ValueError, match="漏斗阶段"):
        F.what_if(f, "转化", 0.1)
    with pytest.raises(ValueError, match="小数"):
        F.what_if(f, "留存", -5)


def test_ltv_cac_flags_paid_channels_that_lose_money(data):
    lv = F.ltv(nmt.load("user_behaviour"), F.first_platform(nmt.load("orders")))["ltv"]
    t = F.ltv_cac(data["cu"], data["ch"], lv)
    flagged = set(t.index[t["ltv_below_cac"]])
    assert {"微博达人·茉茉", "抖音信息流广告"} <= flagged
    assert (t.loc[list(flagged), "cost"] > 0).all()
    row = t.loc["抖音信息流广告"]
    assert math.isclose(row["cac"], row["cost"] / row["customers"])


def test_ltv_by_group_uses_buyers_only():
    b = pd.DataFrame({"user_id": ["a", "b", "c"], "orders": [1, 1, 0], "spend": [100.0, 50.0, 0.0]})
    out = F.ltv(b, by=pd.Series({"a": "x", "b": "y", "c": "x"}), margin=1, years=1)
    assert out.loc["x", "ltv"] == 100 and out.loc["x", "buyers"] == 1


def test_aisas_and_search_lift(data):
    si = nmt.load("search_index")
    a = F.aisas(data["cu"], si)
    assert a["stage"].tolist() == F.AISAS
    assert F.search_lift(si, "杨梅") > F.search_lift(si, "溪山茶饮")
    with pytest.raises(ValueError, match="关键词"):
        F.search_lift(si, "咖啡")


def test_what_if_panel_updates_without_a_browser(data):
    p = F.what_if_panel(data["f"], arppu=29.1)
    p.controls["stage"].value = "获取"
    p.controls["lift"].value = 0.5
    assert "获取" in p.figure.layout.title.text
    assert "元" in p.card.value
    assert p.figure.data[1].y[0] > p.figure.data[0].y[0]
