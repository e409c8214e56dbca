"""Multi-criteria scoring (nmt_lab.scoring), the rule-version diff and the new platform tables."""

import math

import pandas as pd
import pytest

from nmt_lab import load, platform_rules, scoring

M = pd.DataFrame({"fit": [0.7, 0.5, 0.4], "cpm": [55.0, 35.0, 20.0]}, index=["A", "B", "C"])
COST = {"cpm": "cost"}


def test_weights_sum_to_one_in_every_form():
    for w in ({"fit": 3, "cpm": 1}, pd.Series({"fit": 75.0, "cpm": 25.0}), {"fit": 0.75, "cpm": 0.25}):
        s = scoring.normalize_weights(w)
        assert math.isclose(s.sum(), 1) and math.isclose(s["fit"], 0.75)


@pytest.mark.parametrize("bad, words", [({"fit": -1}, "负数"), ({"fit": 0, "cpm": 0}, "全部为 0"),
                                        ([1, 2], "字典"), ({"fit": None}, "空值")])
def test_bad_weights_explained_in_chinese(bad, words):
    with pytest.raises((ValueError, TypeError), match=words):
        scoring.normalize_weights(bad)


def test_cost_criteria_are_turned_round():
    n = scoring.normalize(M, COST)
    assert n.loc["C", "cpm"] == 1 and n.loc["A", "cpm"] == 0
    assert n.loc["A", "fit"] == 1
    assert scoring.normalize(M, COST, method="max").loc["C", "cpm"] == 1


def test_constant_criterion_does_not_divide_by_zero():
    m = M.assign(same=1.0)
    assert scoring.normalize(m)["same"].eq(1).all()


def test_decision_matrix_scores_and_ranks():
    r = scoring.decision_matrix(M, {"fit": 1, "cpm": 1}, COST)
    assert list(r["rank"]) == [1, 1, 3]  # A and C tie at 0.5
    assert r["score"].between(0, 1).all()
    parts = scoring.contributions(M, {"fit": 1, "cpm": 1}, COST)
    assert parts.sum(axis=1).round(9).equals(r["score"].round(9))


def test_unweighted_criteria_count_zero_and_unknown_ones_are_named():
    assert scoring.rank(M, {"fit": 1}) == ["A", "B", "C"]
    with pytest.raises(KeyError, match="price"):
        scoring.decision_matrix(M, {"price": 1})
    with pytest.raises(ValueError, match="越大越好|benefit"):
        scoring.normalize(M, {"cpm": "cheap"})


def test_text_or_missing_values_rejected():
    with pytest.raises(ValueError, match="set_index"):
        scoring.decision_matrix(M.reset_index(), {"fit": 1})
    with pytest.raises(ValueError, match="空值"):
        scoring.decision_matrix(M.assign(fit=[0.7, None, 0.4]), {"fit": 1})


def test_shift_weight_keeps_proportions_of_the_others():
    s = scoring.shift_weight({"a": 2, "b": 1, "c": 3}, "a", 0.5)
    assert math.isclose(s["a"], 0.5) and math.isclose(s["c"] / s["b"], 3)


def test_sensitivity_and_tipping_point_agree():
    s = scoring.sensitivity(M, {"fit": 1, "cpm": 1}, "fit", COST, steps=11)
    assert s["top"].iloc[0] == "C" and s["top"].iloc[-1] == "A"
    t = scoring.tipping_points(M, {"fit": 1, "cpm": 1}, "fit", COST)
    assert t["to"].iloc[-1] == "A" and 0 < t["weight"].iloc[-1] < 1


def test_stability_is_reproducible_and_a_distribution():
    a = scoring.stability(M, {"fit": 1, "cpm": 1.2}, COST, seed=3)
    b = scoring.stability(M, {"fit": 1, "cpm": 1.2}, COST, seed=3)
    assert a.equals(b) and math.isclose(a.sum(), 1)


def test_weights_by_registry_is_extensible():
    scoring.WEIGHTING["equal"] = lambda criteria: scoring.normalize_weights(dict.fromkeys(criteria, 1))
    try:
        assert scoring.weights_by("equal", ["a", "b"]).to_dict() == {"a": 0.5, "b": 0.5}
    finally:
        del scoring.WEIGHTING["equal"]
    with pytest.raises(ValueError, match="赋权方法"):
        scoring.weights_by("ahp-typo", {})


def test_index_growth_sees_through_a_spike():
    g = scoring.index_growth(load("platform_index"))
    assert g.loc["闪聊", "yoy"] > 1 and g.loc["闪聊", "momentum"] < 0  # one event, fading
    assert g.loc["青柚", "yoy"] > 1 and g.loc["青柚", "momentum"] > 0  # sustained
    rising = set(g[(g["yoy"] > 0.3) & (g["momentum"] > 0)].index)
    assert rising == {"青柚", "视频号"}


def test_decision_view_and_panel_respond():
    v = scoring.decision_view(M, {"fit": 3, "cpm": 1}, COST, {"fit": "匹配"})
    assert v["order"][0] == "A" and "匹配" in v["stack"] and math.isclose(sum(v["weights"].values()), 1)
    zero = scoring.decision_view(M, {"fit": 0, "cpm": 0}, COST)  # all sliders at 0: equal weights
    assert math.isclose(zero["weights"]["fit"], 0.5)
    panel = scoring.decision_panel(M, {"fit": 3, "cpm": 1}, COST)
    assert panel.figure.data[0].y[0] == "A"
    panel.controls["fit"].value = 0
    assert panel.figure.data[0].y[0] == "C" and "C" in panel.card.value


def test_platform_tables_calibrated():
    p = load("platform_profiles")
    reported = p.set_index("platform").loc[["微信公众号", "微博", "B站", "快手", "百家号"]]
    assert (reported["reliability"] == "财报").all() and (reported["user_period"] == "2024Q3").all()
    assert set(p["user_metric"]) == {"月活", "日活"}  # the like-with-like trap
    assert p[["female_share", "under30_share", "tier12_share"]].stack().between(0, 1).all()
    i = load("platform_index")
    assert i["index_value"].isna().sum() > 3 and i["month"].nunique() == 24


def test_rule_changes_judge_in_comparable_units():
    c = platform_rules.rule_changes()
    weibo = c[(c["platform"] == "微博") & (c["rule_type"] == "max_len")].iloc[0]
    assert (weibo["旧值_汉字"], weibo["新值_汉字"], weibo["方向"]) == (15, 20, "放宽")
    assert weibo["状态"] == "来源冲突"
    assert set(c["状态"]) <= {"已确认", "待核实", "来源冲突"}
    assert not ((c["platform"] == "微信公众号") & (c["field"] == "accounts_per_subject")).any()


def test_tightened_rule_and_snapshot_diff():
    t = platform_rules._table().copy()
    new = t.iloc[[0]].assign(rule_id="R999", value="24", version=2, source_date=pd.Timestamp("2025-06-01"),
                             source="微信公众平台开发文档", note="")
    table = pd.concat([t, new], ignore_index=True)
    c = platform_rules.rule_changes("微信公众号", table=table)
    assert c[["旧值", "新值", "方向", "状态"]].values.tolist() == [["32", "24", "收紧", "已确认"]]
    d = platform_rules.diff_rules(platform_rules.rules_as_of("2025-01-01", table),
                                  platform_rules.rules_as_of("2025-12-31", table))
    assert d[["platform", "变化", "新值"]].values.tolist() == [["微信公众号", "修改", "24"]]


def test_sensitivity_equals_rescoring_with_shifted_weights():
    m = load("platform_profiles").set_index("platform")[["female_share", "local_fit", "cpm_yuan"]]
    w = {"female_share": 2, "local_fit": 1, "cpm_yuan": 1}
    s = scoring.sensitivity(m, w, "local_fit", {"cpm_yuan": "cost"}, steps=11)
    for share in (0.0, 0.3, 1.0):
        want = scoring.decision_matrix(m, scoring.shift_weight(w, "local_fit", share), {"cpm_yuan": "cost"})
        assert (s.loc[share, want.index] - want["score"]).abs().max() < 1e-12


def test_add_version_records_a_change_and_refuses_bad_records():
    book = platform_rules._table()
    new = platform_rules.add_version(book, "R028", "30", "小红书创作服务平台·公告", "2026-01-10")
    assert len(new) == len(book) + 1 and len(book) == 45  # the course table is not touched
    row = new.iloc[-1]
    assert (row["rule_id"], row["platform"], row["field"], row["version"]) == ("R046", "小红书", "title", 2)
    assert platform_rules.check_text("小红书", "title", "溪" * 25, table=new) == []
    assert platform_rules.check_text("小红书", "title", "溪" * 25) != []
    with pytest.raises(ValueError, match="来源"):
        platform_rules.add_version(book, "R028", "30", "", "2026-01-10")
    with pytest.raises(ValueError, match="早于"):
        platform_rules.add_version(book, "R028", "30", "公告", "2020-01-01")
    with pytest.raises(ValueError, match="R999"):
        platform_rules.add_version(book, "R999", "30", "公告", "2026-01-10")
