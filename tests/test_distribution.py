"""内容分发 (I-2.3): content × platform fit, one-source packaging, budget allocation, panel."""

import doctest

import numpy as np
import pandas as pd
import pytest

import nmt_lab as nmt
from nmt_lab.publishing import targeting as tg


@pytest.fixture(scope="module")
def inventory():
    return nmt.load("ad_inventory")


def test_doctests():
    assert doctest.testmod(tg).failed == 0


def test_ad_inventory_shape_and_trap(inventory):
    assert len(inventory) == 9 * 4 * 6 and inventory["cell_id"].is_unique
    assert inventory["stores"].groupby(inventory["region"]).first().sum() == 120
    r = tg.with_rates(inventory)
    med = r.groupby("region")["cpa_yuan"].median()
    # outside 江浙沪: cheapest impressions, by far the dearest store visit
    assert r.groupby("region")["cpm_yuan"].mean().idxmin() == "江浙沪以外"
    assert med["江浙沪以外"] > 5 * med.drop("江浙沪以外").max()


def test_fit_scores_rank_by_goal_form_and_performance():
    s = tg.fit_scores(tg.content_items(), nmt.load("platform_profiles"), nmt.load("posts"))
    assert len(s) == 4 * len(tg.PLATFORMS) and s["fit"].between(0, 1).all()
    best = tg.best_platforms(s, 1)
    assert best["C2"] == ["微信公众号"]  # 粉丝沉淀 + 图文: the subscription platform
    c1 = s[s["item_id"] == "C1"].set_index("platform")
    assert c1.loc["微信公众号", "format_fit"] == 0  # no short video on 公众号
    only_goal = tg.fit_scores(tg.content_items(), nmt.load("platform_profiles"), nmt.load("posts"),
                              weights={"goal_fit": 1})
    assert np.allclose(only_goal["fit"], only_goal["goal_fit"])


def test_fit_scores_reject_bad_input_in_chinese():
    items = tg.content_items().assign(goal="涨粉")
    with pytest.raises(ValueError, match="分发目标"):
        tg.fit_scores(items, nmt.load("platform_profiles"), nmt.load("posts"))
    with pytest.raises(ValueError, match="权重名"):
        tg.fit_scores(tg.content_items(), nmt.load("platform_profiles"), nmt.load("posts"), weights={"x": 1})


def test_topic_lift_needs_enough_posts():
    posts = nmt.load("posts")
    lift = tg.topic_lift(posts, min_posts=5)
    n = posts.groupby(["platform", "topic"]).size().unstack()
    assert lift.isna().equals(n.reindex_like(lift).fillna(0) < 5)


def test_package_flags_title_and_tag_problems_and_trim_fixes_tags():
    piece = {**tg.sample_piece(), "tags": ["秋天的第一杯奶茶", "立秋", "桂花乌龙", "溪山茶饮", "杭州探店", "新品"]}
    p = tg.package(piece, tg.PLATFORMS).set_index("platform")
    assert p.loc["微博", "status"] == "需修改" and any("话题标签" in m for m in p.loc["微博", "problems"])
    assert any("短标题" in m for m in p.loc["视频号", "problems"])
    fixed = tg.package({**piece, "short_title": "立秋喝杯桂花乌龙拿铁"}, tg.PLATFORMS, trim_tags=True)
    assert (fixed["status"] == "可发布").all(), fixed["problems"].tolist()
    assert (fixed["tags"] <= fixed["tag_limit"]).all()
    with pytest.raises(ValueError, match="发布平台"):
        tg.package(piece, ["快手"])


def test_allocate_respects_budget_caps_and_filters(inventory):
    a = tg.allocate(inventory, 30000, regions=["杭州", "宁波"], crowds=["18-24岁", "25-30岁"])
    assert a["spend"].sum() == pytest.approx(30000, abs=1)
    assert (a["spend"] <= a["max_spend_yuan"] + 1e-6).all()
    assert set(a["region"]) <= {"杭州", "宁波"} and set(a["crowd"]) <= {"18-24岁", "25-30岁"}
    small = tg.allocate(inventory, 0)
    assert small.empty
    huge = tg.allocate(inventory, 10**7)  # more money than inventory: every useful cell is full
    assert huge["spend"].sum() == pytest.approx(inventory.loc[inventory["cvr"] > 0, "max_spend_yuan"].sum())


def test_greedy_is_optimal_without_minimum_and_matches_milp(inventory):
    g = tg.allocation_summary(tg.allocate(inventory, 25000))
    m = tg.allocation_summary(tg.allocate(inventory, 25000, method="milp"))
    assert m["conversions"] == pytest.approx(g["conversions"], rel=1e-4)


def test_milp_minimum_spend_per_cell(inventory):
    a = tg.allocate(inventory, 30000, min_spend=1000, method="milp")
    assert (a["spend"] >= 1000 - 1e-6).all() and a["spend"].sum() <= 30000 + 1e-6
    g = tg.allocate(inventory, 30000)
    assert (g["spend"] < 1000).any()  # greedy leaves small cells that would stay in 学习期


def test_objective_trap(inventory):
    reach = tg.allocate(inventory, 30000, objective="impressions")
    conv = tg.allocate(inventory, 30000, objective="conversions")
    out_share = reach.loc[reach["region"] == "江浙沪以外", "spend"].sum() / reach["spend"].sum()
    assert out_share > 0.5
    assert tg.allocation_summary(conv)["conversions"] > 5 * tg.allocation_summary(reach)["conversions"]
    assert tg.allocation_summary(reach)["impressions"] > tg.allocation_summary(conv)["impressions"]


def test_allocate_rejects_bad_input(inventory):
    with pytest.raises(ValueError, match="区域"):
        tg.allocate(inventory, 1000, regions=["北京"])
    with pytest.raises(ValueError, match="优化目标"):
        tg.allocate(inventory, 1000, objective="reach")
    with pytest.raises(TypeError, match="预算"):
        tg.allocate(inventory, "一万")


def test_targeting_view_and_panel(inventory):
    v = tg.targeting_view(inventory, 20000, regions=["杭州", "上海"], crowds=["25-30岁"])
    assert set(v["by_region"].index) <= {"杭州", "上海"}
    assert v["summary"]["spend"] == pytest.approx(20000, abs=1)
    assert list(v["table"].columns)[:3] == ["区域", "人群", "时段"]
    panel = tg.targeting_panel(inventory, budget=20000)
    before = panel.card.value
    panel.controls["r_杭州"].value = False
    assert panel.card.value != before and "杭州" not in list(panel.figure.data[0].x)
    for name, box in panel.controls.items():
        if name.startswith("c_"):
            box.value = False
    assert "至少勾选" in panel.card.value
    assert isinstance(pd.DataFrame(v["table"]), pd.DataFrame)
