"""nmt_lab.returns: ROI family, response curves (fit against the known synthetic truth),
marginal ROI, brand lift, share of voice and the response panel's logic."""

import doctest

import numpy as np
import pytest

import nmt_lab as nmt
from nmt_lab import returns as rt
from nmt_lab.datagen.returns import TRUTH


@pytest.fixture(scope="module")
def weekly():
    return nmt.load("channel_weekly")


def test_doctests():
    assert doctest.testmod(rt).failed == 0


def test_roi_is_not_roas():
    assert rt.roas(3000, 1000) == 3.0
    assert rt.roi(3000, 1000) == 2.0
    with pytest.raises(ZeroDivisionError, match="成本"):
        rt.roi(100, 0)
    with pytest.raises(ValueError, match="0.15"):
        rt.ltv(10, 15)


def test_summary_trap_weibo_best_roas_worst_roi(weekly):
    t = rt.channel_summary(weekly, margin=0.6)
    assert t["roas"].idxmax() == "wb-kol"
    assert t["roi"].idxmin() == "wb-kol"
    assert t.index[0] != "wb-kol"
    np.testing.assert_allclose(t["roi"], (t["net_sales"] * 0.6 - t["spend"]) / t["spend"])
    with pytest.raises(ValueError, match="毛利率"):
        rt.channel_summary(weekly, margin=60)


def test_fit_recovers_known_synthetic_curve():
    rng = np.random.default_rng(1)
    s = rng.uniform(500, 30000, 200)
    y = 60000 * (1 - np.exp(-s / 15000)) * rng.lognormal(0, 0.05, 200)
    c = rt.fit_response(s, y)
    assert c.a == pytest.approx(60000, rel=0.1)
    assert 1 / c.b == pytest.approx(15000, rel=0.15)
    assert c.r2 > 0.9
    p = rt.fit_response(s, 40 * s ** 0.6, kind="power")
    assert p.b == pytest.approx(0.6, abs=1e-3)


@pytest.mark.parametrize("code", list(TRUTH))
def test_fit_on_course_data_close_to_truth(weekly, code):
    _, a, scale, typical, *_ = TRUTH[code]
    c = rt.fit_curves(weekly)[code]
    true = rt.ResponseCurve("exp", a, 1 / scale)
    # the marginal return at typical spend is what budgets depend on: seasonality adds noise
    assert c.marginal(typical) == pytest.approx(true.marginal(typical), rel=0.35)
    assert c.r2 > 0.5


def test_curve_api_for_optimiser():
    c = rt.ResponseCurve("exp", 1000.0, 0.001)
    s = c.spend_at_marginal(0.3)
    assert c.marginal(s) == pytest.approx(0.3)
    assert c.spend_at_marginal(5) == 0.0
    p = rt.ResponseCurve("power", 40.0, 0.6)
    assert p.marginal(p.spend_at_marginal(0.2)) == pytest.approx(0.2)
    # derivative is the numerical slope
    h = 1e-3
    assert c.marginal(700) == pytest.approx((c.revenue(700 + h) - c.revenue(700 - h)) / (2 * h), rel=1e-5)
    with pytest.raises(ValueError, match="曲线类型"):
        rt.ResponseCurve("linear", 1, 1)


def test_curve_table_and_marginal_roi(weekly):
    curves = rt.fit_curves(weekly)
    t = rt.curve_table(curves, {k: 5000 for k in curves}, margin=0.6)
    assert list(t.columns) == ["spend", "revenue", "roas", "marginal_roas", "marginal_roi"]
    np.testing.assert_allclose(t["marginal_roi"], 0.6 * t["marginal_roas"] - 1)
    with pytest.raises(ValueError, match="渠道"):
        rt.curve_table(curves, {"dy-ad": 1})


def test_search_lift_and_share_of_voice():
    si = nmt.load("search_index")
    lift = rt.search_lift(si, "溪山茶饮", "2025-06-01", "2025-06-14")
    assert lift["lift"] > 0.1
    sov = rt.share_of_voice(si, ["溪山茶饮", "云岭茶坊"], "2025-06-01", "2025-06-14")
    assert sov.sum() == pytest.approx(1)
    with pytest.raises(ValueError, match="关键词"):
        rt.search_lift(si, "喜茶", "2025-06-01", "2025-06-14")
    with pytest.raises(ValueError, match="可用的有"):
        rt.search_lift(si, "溪山茶饮", "2025-06-01", "2025-06-14", index_type="热度")


def test_response_view_and_panel(weekly):
    curves = rt.fit_curves(weekly)
    v = rt.response_view(curves["dy-ad"], 5000, margin=0.6)
    assert v["revenue"] == pytest.approx(curves["dy-ad"].revenue(5000))
    assert v["marginal_roi"] == pytest.approx(0.6 * v["marginal_roas"] - 1)
    p = rt.response_panel(curves, 5000, margin=0.6, weekly=weekly)
    p.controls["spend"].value = 20000
    assert "边际 ROI" in p.card.value
    assert p.figure.data[2].x[0] == 20000
    p.controls["channel"].value = "wb-kol"
    assert "wb-kol" in p.figure.layout.title.text
    assert len(p.figure.data[0].x) == len(weekly[weekly["channel_code"] == "wb-kol"])
