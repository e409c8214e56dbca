"""nmt_lab.experiments (A/B test, sample size, control charts, run rules), nmt_lab.lean
(resource shifts, wastes) and the budget reallocation in nmt_lab.returns, checked against
published worked examples and the planted traps of the A3-3 data."""

import doctest

import numpy as np
import pytest

import nmt_lab as nmt
from nmt_lab import experiments as ex
from nmt_lab import lean
from nmt_lab import returns as rt
from nmt_lab.datagen import lean as gen

# Montgomery, D. C., Introduction to Statistical Quality Control (6th ed., Wiley 2009),
# Example 7.1: frozen orange-juice cans, 30 samples of n = 50, nonconforming cans per sample.
# Published results: p̄ = 0.2313, UCL = 0.4102, LCL = 0.0524; samples 15 and 23 are above the UCL.
MONTGOMERY_7_1 = [12, 15, 8, 10, 4, 7, 16, 9, 14, 10, 5, 6, 17, 12, 22, 8, 10, 5, 13, 11, 20, 18, 24, 15, 9,
                  12, 7, 13, 9, 6]


@pytest.mark.parametrize("module", [ex, lean, rt])
def test_doctests(module):
    assert doctest.testmod(module).failed == 0


# ------------------------------------------------------------------ A/B test and sample size

def test_ab_test_matches_the_statsmodels_docs_example():
    # statsmodels.stats.proportion.proportions_ztest docs: count [5, 12], nobs [83, 99] -> p = 0.159
    r = ex.ab_test(5, 83, 12, 99)
    assert round(r["p_value"], 3) == 0.159
    assert r["z"] == pytest.approx(-1.4078, abs=1e-4)
    assert not r["significant"]


def test_z_test_equals_chi_square_without_yates():
    from scipy.stats import chi2_contingency

    r = ex.ab_test(469, 12186, 343, 11793)
    table = [[469, 12186 - 469], [343, 11793 - 343]]
    chi2, p, _, _ = chi2_contingency(table, correction=False)
    assert r["z"] ** 2 == pytest.approx(chi2, rel=1e-9)
    assert r["p_value"] == pytest.approx(p, rel=1e-9)
    assert r["ci_low"] < r["diff"] < r["ci_high"] and r["ci_low"] > 0


def test_sample_size_matches_evan_millers_calculator():
    # Evan Miller, "Sample Size Calculator" (evanmiller.org/ab-testing/sample-size.html): baseline
    # 20 %, minimum detectable effect 5 % absolute, α 0.05, power 0.8 -> 1,030 per variation. Its
    # page script (num_subjects) evaluates the same formula to 1030.2; we round up to 1031.
    assert abs(ex.sample_size(0.20, 0.05) - 1030) <= 1
    assert ex.sample_size(0.20, 0.25, relative=True) == ex.sample_size(0.20, 0.05)


def test_sample_size_and_power_are_inverse():
    for base, mde in [(0.065, 0.2), (0.03, 0.1), (0.2, 0.5)]:
        n = ex.sample_size(base, mde, relative=True)
        assert ex.power(base, mde, n, relative=True) >= 0.8 > ex.power(base, mde, n - 2, relative=True)
    assert ex.sample_size(0.065, 0.1, relative=True) > 3.5 * ex.sample_size(0.065, 0.2, relative=True)
    assert ex.sample_size(0.065, 0.2, power=0.9, relative=True) > ex.sample_size(0.065, 0.2, relative=True)


def test_bad_inputs_explain_in_chinese():
    with pytest.raises(ValueError, match="0.065"):
        ex.sample_size(6.5, 0.2)
    with pytest.raises(ValueError, match="访客数"):
        ex.ab_test(30, 20, 5, 100)
    with pytest.raises(ValueError, match="alpha"):
        ex.sample_size(0.1, 0.02, alpha=5)


def test_novelty_trap_in_the_ab_table():
    daily = nmt.load("ab_test_daily")
    c = ex.cumulative_ab(daily)
    assert c["p_value"].iloc[4] < 0.05          # day 5: "significant"
    assert c["p_value"].iloc[-1] > 0.3          # day 28: not
    assert c["lift"].iloc[4] > 0.3 > c["lift"].iloc[-1]
    need = ex.sample_size(gen.AB_BASE, 0.2, relative=True)
    assert c[["visitors_a", "visitors_b"]].iloc[-1].min() >= need > c[["visitors_a", "visitors_b"]].iloc[4].max()
    final = ex.ab_summary(daily)
    assert final["p_value"] == pytest.approx(c["p_value"].iloc[-1], rel=1e-9)   # vectorised = statsmodels
    assert ex.power(gen.AB_BASE, 0.2, int(c["visitors_a"].iloc[4]), relative=True) < 0.3


def test_sample_size_view_and_panel():
    v = ex.sample_size_view(0.065, 0.2, daily_visitors=400)
    assert v["n"] == ex.sample_size(0.065, 0.2, relative=True)
    assert v["days"] == int(np.ceil(2 * v["n"] / 400))
    assert v["n_curve"] == sorted(v["n_curve"], reverse=True)
    p = ex.sample_size_panel(0.065, daily_visitors=400)
    p.controls["mde"].value = 0.1
    assert f"{ex.sample_size(0.065, 0.1, relative=True):,}" in p.card.value
    assert list(p.figure.data[1].y) == [ex.sample_size(0.065, 0.1, relative=True)]


# ------------------------------------------------------------------ control charts

def test_p_chart_reproduces_montgomery_example_7_1():
    c = ex.p_chart(MONTGOMERY_7_1, [50] * 30)
    assert c["center"].iloc[0] == pytest.approx(0.2313, abs=1e-4)
    assert c["ucl"].iloc[0] == pytest.approx(0.4102, abs=1e-4)
    assert c["lcl"].iloc[0] == pytest.approx(0.0524, abs=1e-4)
    assert c.index[c["out"]].tolist() == [15, 23]


def test_xmr_constants():
    c = ex.xmr_chart([10, 12, 11, 13, 12, 30, 11])
    mrbar = np.mean([2, 1, 2, 1, 18, 19])
    assert c["ucl"].iloc[0] == pytest.approx(c["center"].iloc[0] + 2.66 * mrbar, rel=1e-3)
    assert c["mr_ucl"].iloc[0] == pytest.approx(3.267 * mrbar)


def test_run_rules():
    z = [0.0, 2.5, 0.0, 2.5, -2.5, 1.5, 1.5, 0.0, 1.5, 1.5] + [-0.5] * 8
    r = ex.run_rules(z, 0, 1)
    assert r.index[r["rule2"]].tolist() == [3]                 # 2 of 3 beyond 2σ, same side
    assert r.index[r["rule3"]].tolist() == [9]                 # 4 of 5 beyond 1σ (5-9)
    assert r.index[r["rule4"]].tolist() == [17]                # 8 in a row below the centre
    assert not r["rule1"].any()
    assert ex.run_rules([0, 0, 3.2, 0], 0, 1)["rule1"].tolist() == [False, False, True, False]
    # sides do not mix
    assert not ex.run_rules([2.5, -2.5, 2.5 * 0], 0, 1)["rule2"].any()


def test_p_chart_finds_the_planted_mp_daily_anomalies():
    from nmt_lab.datagen.tracking import ANOMALIES

    m = nmt.load("mp_daily")
    c = ex.p_chart(m["orders"], m["visitors"], index=m["date"].astype(str).str[:10])
    flagged = set(c.index[c["out"]])
    planted = {d for d, _, _, _ in ANOMALIES}
    assert flagged <= planted and len(flagged) == 3           # no weekend flagged
    fig = ex.chart_figure(c, flags=ex.run_rules(c["p"], c["center"], c["sigma"]))
    assert len(fig.data) == 5


# ------------------------------------------------------------------ budget reallocation

@pytest.fixture(scope="module")
def curves():
    w = nmt.load("channel_weekly")
    w["net_sales"] = w["gmv"] - w["refunds"]
    return rt.fit_curves(w, revenue="net_sales"), w.groupby("channel_code")["spend"].mean()


def test_optimum_equalises_marginal_returns(curves):
    cs, cur = curves
    total = float(cur.sum())
    opt = rt.reallocate(cs, total)
    closed = rt.equal_marginal(cs, total)
    assert opt["spend"].sum() == pytest.approx(total, rel=1e-6)
    for k in cs:
        assert opt.loc[k, "spend"] == pytest.approx(closed["spend"][k], rel=1e-3)
    assert opt["marginal_roas"].max() - opt["marginal_roas"].min() < 1e-3 * opt["marginal_roas"].mean()
    assert opt["revenue"].sum() > sum(c.revenue(cur[k]) for k, c in cs.items())


def test_bounds_bind_and_free_channels_stay_equal(curves):
    cs, cur = curves
    total = float(cur.sum())
    bounds = {"xhs-kol": (0, 5000), "wb-kol": (2000, 6000)}
    opt = rt.reallocate(cs, total, bounds)
    closed = rt.equal_marginal(cs, total, bounds)
    assert opt.loc["xhs-kol", "bound"] == "上限" and opt.loc["wb-kol", "bound"] == "下限"
    free = opt[opt["bound"] == ""]
    assert len(free) == 2
    assert free["marginal_roas"].tolist() == pytest.approx([closed["marginal"]] * 2, rel=1e-3)
    assert opt.loc["xhs-kol", "marginal_roas"] > closed["marginal"] > opt.loc["wb-kol", "marginal_roas"]
    with pytest.raises(ValueError, match="上下限"):
        rt.reallocate(cs, 1000, {"wb-kol": (2000, 3000)})
    with pytest.raises(ValueError, match="渠道"):
        rt.reallocate(cs, total, {"快手": (0, 10)})


def test_profit_objective_keeps_unprofitable_money(curves):
    cs, _ = curves
    big = 200000.0
    opt = rt.reallocate(cs, big, margin=0.6)
    assert opt["spend"].sum() < big                                   # not all spent
    assert opt["marginal_roas"].tolist() == pytest.approx([1 / 0.6] * 4, rel=1e-3)   # marginal ROI = 0


def test_compare_and_allocation_panel(curves):
    cs, cur = curves
    after = rt.reallocate(cs, float(cur.sum()))["spend"].to_dict()
    t = rt.compare_allocation(cs, cur.to_dict(), after, 0.6)
    assert t.loc["合计", "spend_change"] == pytest.approx(0, abs=1e-6)
    assert t.loc["合计", "revenue_change"] > 0
    v = rt.allocation_view(cs, float(cur.sum()), cur.to_dict())
    assert v["gain"] == pytest.approx(t.loc["合计", "revenue_change"], rel=1e-4)
    p = rt.allocation_panel(cs, cur.to_dict(), margin=0.6)
    p.controls["total"].value = 30000
    assert "30,000" in p.figure.layout.title.text
    assert sum(p.figure.data[1].y) == pytest.approx(30000, rel=1e-4)


# ------------------------------------------------------------------ lean

def test_shift_shares_respects_cap_and_sum():
    r = lean.shift_shares({"内容": 0.55, "活动": 0.27, "用户": 0.18}, {"内容": 95, "活动": 144, "用户": 220}, cap=0.05)
    assert r.sum() == pytest.approx(1)
    assert (r - [0.55, 0.27, 0.18]).abs().max() <= 0.05 + 1e-12
    assert r["用户"] > 0.18 and r["内容"] < 0.55
    with pytest.raises(ValueError, match="合计"):
        lean.shift_shares({"a": 55, "b": 45}, {"a": 1, "b": 1})
    with pytest.raises(ValueError, match="类别"):
        lean.shift_shares({"a": 0.5, "b": 0.5}, {"a": 1, "c": 1})


def test_waste_measures():
    w = lean.waste_measures(nmt.load("draft_log"), nmt.load("posts")).set_index("measure")
    assert int(w.loc["跳过审核的流转", "value"]) == 2
    assert 0 < w.loc["返工率", "value"] <= 1 and 0 < w.loc["审核占流程时间", "value"] < 1
    assert set(w["waste"]) <= set(lean.seven_wastes()["浪费"])


def test_ops_review_traps():
    o = nmt.load("ops_review")
    y = o.groupby("ops_type")[["hours", "gross_profit"]].sum()
    per_hour = y["gross_profit"] / y["hours"]
    assert per_hour.idxmax() == "用户运营" and per_hour.idxmin() == "内容运营"
    q3 = o[o["quarter"] == "2025Q3"].set_index("ops_type")
    gap = q3["gross_profit"] / q3["target_profit"] - 1
    assert gap.idxmin() == "活动运营" and gap.min() < -0.2
