"""nmt_lab.market (A1-1 市场分析): CAGR, evidence checks, TOWS, TGI, platform fit, report, panel."""

import math

import pandas as pd
import pytest

import nmt_lab as nmt
from nmt_lab import market


@pytest.fixture(scope="module")
def data():
    return {t: nmt.load(t) for t in ["market_size", "market_factors", "tea_survey", "intl_social", "users",
                                     "platform_profiles"]}


def test_cagr_by_hand_and_errors():
    assert math.isclose(market.cagr(100, 121, 2), 0.1)
    assert math.isclose(market.cagr(200, 100, 1), -0.5)
    with pytest.raises(ValueError, match="6 年"):
        market.cagr(100, 200, 0)
    with pytest.raises(ValueError, match="大于 0"):
        market.cagr(-1, 200, 3)


def test_growth_table_trap_small_but_fast(data):
    g = market.growth_table(data["market_size"])
    biggest = g.sort_values("end_value").iloc[-1]["segment"]
    assert g.iloc[0]["segment"] != biggest          # the fastest is not the largest
    assert g.iloc[0]["end_value"] < g["end_value"].median()
    stale = g.loc[g["stale"], "segment"].tolist()
    assert stale == ["新式茶饮（浙江）"]
    window = market.growth_table(data["market_size"], start=2021, end=2024)
    assert (window["start_year"] >= 2021).all() and (window["end_year"] <= 2024).all()
    with pytest.raises(ValueError, match="两年以上"):
        market.growth_table(data["market_size"], start=2030)


def test_evidence_check_flags_gaps(data):
    c = market.evidence_check(data["market_factors"])
    assert set(c.loc[c["status"] != "有证据", "factor_id"]) == {"F06", "F12", "F16"}
    assert c.loc[c["factor_id"] == "F16", "status"].item() == "证据过旧"
    assert market.evidence_check(data["market_factors"], max_age_years=10)["status"].eq("证据过旧").sum() == 0


def test_analysis_tables_keep_dimension_order(data):
    pest = market.analysis_table(market.evidence_check(data["market_factors"]), "PEST")
    assert pest["dimension"].unique().tolist() == market.PEST and "status" in pest
    with pytest.raises(ValueError, match="PEST"):
        market.analysis_table(data["market_factors"], "PESTEL")


def test_tows_pairs_and_weights(data):
    c = market.evidence_check(data["market_factors"])
    t = market.tows(c)
    ok = c[c["status"] == "有证据"]
    n = {d: (ok["dimension"] == d).sum() for d in market.SWOT}
    assert len(t) == (n["优势"] + n["劣势"]) * (n["机会"] + n["威胁"])
    assert not set(t["internal_id"]) & {"F12"} and not set(t["external_id"]) & {"F16"}
    assert t["priority"].is_monotonic_decreasing
    assert market.tows(c, {"WT": 10}).iloc[0]["quadrant"] == "WT"
    assert len(market.tows(c, only_ok=False)) > len(t)
    with pytest.raises(ValueError, match="SO"):
        market.tows(c, {"XX": 1})


def test_tgi_table_uses_known_values_only(data):
    users, survey = data["users"], data["tea_survey"]
    t = market.tgi_table(users, survey, "gender")
    known = users[users["gender"].isin(["男", "女"])]
    women = (known["gender"] == "女").mean()
    market_women = survey.query("question == 'gender' and option == '女'")["share"].item()
    assert math.isclose(t.set_index("option").loc["女", "tgi"], women / market_women * 100)
    city = market.tgi_table(users, survey, "city_tier")
    assert city.iloc[0]["option"] == "新一线" and city.iloc[0]["reading"] == "高于市场"
    with pytest.raises(ValueError, match="age_group"):
        market.tgi_table(users, survey, "年龄")


def test_tgi_view_and_panel(data):
    v = market.tgi_view(data["users"], data["tea_survey"], "age_group")
    assert len(v["options"]) == len(v["tgi"]) == 5
    panel = market.tgi_panel(data["users"], data["tea_survey"])
    panel.controls["question"].value = "age_group"
    assert list(panel.figure.data[2].x) == v["options"]
    assert "高于市场" in panel.card.value


def test_platform_fit_and_pros_cons(data):
    p = data["platform_profiles"]
    fit = market.platform_fit(p, {"female_share": 1, "under30_share": 1})
    assert fit.iloc[0]["platform"] == "小红书" or fit.iloc[0]["fit"] >= fit["fit"].max()
    assert math.isclose(fit["tgi_female_share"].mean(), 100)
    base = market.platform_fit(p, {"female_share": 1}, baseline={"female_share": 0.5})
    assert math.isclose(base.set_index("platform").loc["小红书", "fit"], 0.71 / 0.5 * 100)
    with pytest.raises(ValueError, match="female_share"):
        market.platform_fit(p, {"women": 1})
    pc = market.pros_cons(p, ["抖音", "小红书"], fit)
    assert pc["platform"].tolist() == ["抖音", "小红书"] and {"pros", "cons", "fit"} <= set(pc)
    with pytest.raises(ValueError, match="小红书"):
        market.pros_cons(p, ["小红薯"])


def test_transfer_summary(data):
    t = market.transfer_summary(data["intl_social"])
    assert "中国" not in t.index and t.to_numpy().sum() == (data["intl_social"]["transfer"] != "本土做法").sum()


def test_feasibility_report(tmp_path):
    parts = {s: f"{s}的内容" for s in market.FEASIBILITY_SECTIONS}
    parts["预算"] = pd.DataFrame({"平台": ["抖音"], "年度成本": [240000]})
    r = market.feasibility_report(parts)
    assert r.headings() == [f"{n}、{s}" for n, s in zip("一二三四五六七", market.FEASIBILITY_SECTIONS, strict=True)]
    html = r.save(tmp_path / "r.html").read_text("utf-8")
    assert "callout" in html and "240000" in html
    with pytest.raises(ValueError, match="风险"):
        market.feasibility_report({**parts, "风险": " "})
    with pytest.raises(ValueError, match="可用的有"):
        market.feasibility_report({**parts, "附录": "x"})


def test_cagr_view_and_panel(data):
    v = market.cagr_view(data["market_size"], 2021, 2025)
    assert v["cagr"] == sorted(v["cagr"], reverse=True)
    with pytest.raises(ValueError, match="早于"):
        market.cagr_view(data["market_size"], 2025, 2021)
    panel = market.cagr_panel(data["market_size"])
    assert "茶饮短视频团购" in panel.card.value
    panel.controls["start"].value = 2019
    assert len(panel.figure.data[0].x) == len(market.cagr_view(data["market_size"], 2019, 2025)["cagr"])
    panel.controls["start"].value = 2025
    assert "早于" in panel.card.value


def test_feasibility_report_mixes_text_and_tables():
    parts = {s: f"{s}的内容" for s in market.FEASIBILITY_SECTIONS}
    parts["环境分析"] = ["市场在增长。", pd.DataFrame({"细分市场": ["即时零售"], "CAGR": [0.4273]})]
    html = market.feasibility_report(parts).to_html()
    assert "<p>市场在增长。</p>" in html and "0.427" in html and "即时零售" in html
