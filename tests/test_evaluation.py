"""nmt_lab.evaluation: KPI tables, additive gap decomposition, volume/rate split, quality, panel."""

import pandas as pd
import pytest

import nmt_lab as nmt
from nmt_lab import evaluation as ev


@pytest.fixture(scope="module")
def posts():
    return nmt.load("posts")


@pytest.fixture(scope="module")
def targets():
    return nmt.load("targets")


def _toy():
    return pd.DataFrame({
        "platform": ["A", "A", "B", "B", "C"],
        "topic": ["x", "y", "x", "y", "x"],
        "published_at": pd.to_datetime(["2025-07-05", "2025-10-02", "2025-10-03", "2025-08-01", "2025-11-11"]),
        "reads": [100, 300, 50, 80, 40],
        "likes": [1, 6, 2, 1, 0],
        "comments": [0, 1, 1, 0, 0],
        "shares": [2, 3, 0, 1, 0],
        "favorites": [0, 2, 1, 0, 0],
        "delivered": [1000, 1000, 500, 500, 400],
        "new_followers": [1, 2, 0, 1, 0],
    })


def _toy_targets():
    rows = [("2025-10", "A", "reads", 200.0), ("2025-11", "A", "reads", 100.0), ("2025-12", "A", "reads", 100.0),
            ("2025-10", "B", "reads", 100.0), ("2025-10", "A", "like_rate", 0.01), ("2025-11", "A", "like_rate", 0.03)]
    return pd.DataFrame(rows, columns=["month", "platform", "metric", "target"])


def test_periods():
    assert ev.period_months("2025-10") == ["2025-10"]
    assert len(ev.period_months("2025")) == 12
    assert ev.previous_period("2025") == "2024"
    with pytest.raises(ValueError, match="2025Q4"):
        ev.in_period(_toy()["published_at"], "第四季度")


def test_kpi_table_counts_rates_and_target_scope():
    k = ev.kpi_table(_toy(), _toy_targets(), "2025Q4")
    # platform C has no target: left out of actual so both sides count the same platforms
    assert k.loc["posts", "actual"] == 2
    assert k.loc["reads", "actual"] == 350 and k.loc["reads", "target"] == 500
    assert k.loc["reads", "gap"] == -150
    assert k.loc["reads", "attainment"] == pytest.approx(0.7)
    # rate target weighted by target reads: (0.01*200 + 0.03*100) / 300
    assert k.loc["like_rate", "target"] == pytest.approx(5 / 300)
    assert k.loc["like_rate", "actual"] == pytest.approx(8 / 350)
    assert pd.isna(k.loc["conversions", "actual"]) and pd.isna(k.loc["shares", "target"])


def test_kpi_table_platform_and_conversions(posts, targets):
    orders = nmt.load("orders")
    k = ev.kpi_table(posts, targets, "2025Q4", "小红书", orders=orders)
    o = orders[orders["paid_at"].notna() & (orders["source_platform"] == "小红书")
               & (orders["created_at"].dt.to_period("Q") == pd.Period("2025Q4"))]
    assert k.loc["conversions", "actual"] == len(o)
    assert pd.isna(k.loc["conversions", "target"])
    q = posts[(posts["platform"] == "小红书") & (posts["published_at"].dt.to_period("Q") == pd.Period("2025Q4"))]
    assert k.loc["reads", "actual"] == q["reads"].sum()
    assert k.loc["like_rate", "actual"] == pytest.approx(q["likes"].sum() / q["reads"].sum())


def test_kpi_table_rejects_unknown_metric_in_chinese(posts, targets):
    with pytest.raises(ValueError, match="KPI 指标 \"阅读\" 不存在"):
        ev.kpi_table(posts, targets, "2025Q4", metrics=["阅读"])


@pytest.mark.parametrize("by", ["platform", "topic", "content_type"])
def test_gap_by_segment_adds_up_to_the_total_gap(posts, targets, by):
    kpi = ev.kpi_table(posts, targets, "2025Q3")
    g = ev.gap_by_segment(posts, targets, "2025Q3", "reads", by)
    assert g["gap"].sum() == pytest.approx(kpi.loc["reads", "gap"])
    assert g["expected"].sum() == pytest.approx(kpi.loc["reads", "target"])
    assert g["gap_share"].sum() == pytest.approx(1.0)
    assert list(g["gap"]) == sorted(g["gap"])


def test_gap_by_segment_shares_target_by_previous_mix():
    g = ev.gap_by_segment(_toy(), _toy_targets(), "2025Q4", "reads", "topic")
    # 2025Q3 reads of targeted platforms: x 100, y 80 -> target 500 shared 100/180, 80/180
    assert g.loc["x", "expected"] == pytest.approx(500 * 100 / 180)
    assert g.loc["y", "actual"] == 300


def test_gap_by_segment_errors(posts, targets):
    with pytest.raises(ValueError, match="拆分维度"):
        ev.gap_by_segment(posts, targets, "2025Q4", "reads", "account")
    with pytest.raises(ValueError, match="没有"):
        ev.gap_by_segment(posts, targets, "2024Q3", "reads")


def test_waterfall_data_ends_where_it_should(posts, targets):
    g = ev.gap_by_segment(posts, targets, "2025Q4", "likes")
    w = ev.waterfall_data(g)
    assert w["y"][0] + sum(w["y"][1:-1]) == pytest.approx(w["y"][-1])
    assert w["measure"][0] == "absolute" and w["measure"][-1] == "total"
    fig = ev.waterfall_figure(g)
    assert list(fig.data[0].x) == w["x"]


def test_volume_rate_identity_and_new_segment():
    v = ev.volume_rate(_toy(), "2025Q4", "2025Q3")
    assert (v["volume_effect"] + v["rate_effect"] - v["change"]).abs().max() < 1e-9
    # A: 1 post of 100 -> 1 post of 300: all rate; C is new: all volume
    assert v.loc["A", "volume_effect"] == 0 and v.loc["A", "rate_effect"] == 200
    assert v.loc["C", "volume_effect"] == 40 and v.loc["C", "rate_effect"] == 0
    # B: 1 post of 80 -> 1 post of 50
    assert v.loc["B", "change"] == -30


def test_volume_rate_on_course_data(posts):
    v = ev.volume_rate(posts, "2025Q4", by="topic")
    assert (v["volume_effect"] + v["rate_effect"] - v["change"]).abs().max() < 1e-6
    assert v.attrs["baseline"] == "2025Q3"


def test_quality_score_range_weights_and_errors(posts):
    q = ev.quality_score(posts)
    assert q.between(0, 100).all() and len(q) == len(posts)
    with pytest.raises(ValueError, match="权重之和应为 1"):
        ev.quality_score(posts, {"like_rate": 0.5, "share_rate": 0.6})
    with pytest.raises(ValueError, match="比率指标"):
        ev.quality_score(posts, {"点赞率": 1.0})
    # a post best on every rate within its platform scores 100
    toy = _toy().assign(platform="A")
    best = ev.quality_score(toy, {"share_rate": 1.0})
    assert best.max() == 100.0


def test_top_share():
    assert ev.top_share([1] * 10) == pytest.approx(0.1)
    assert ev.top_share([5]) == 1.0
    assert ev.top_share([10, 0, 0], top=0.5) == 1.0
    with pytest.raises(ValueError, match="0 到 1"):
        ev.top_share([1, 2], top=10)


def test_spread_profile_columns(posts):
    p = ev.spread_profile(ev.period_posts(posts, "2025Q4"), "topic")
    assert {"reads_per_post", "share_rate", "top10_share", "quality"} <= set(p.columns)
    assert (p["top10_share"] <= 1).all()


def test_retro_view_and_panel(posts, targets):
    v = ev.retro_view(posts, targets, "2025Q3", "shares", "content_type")
    assert v["gaps"].attrs["by"] == "content_type"
    assert v["waterfall"]["x"][-1] == "实际"
    panel = ev.retro_panel(posts, targets)
    assert panel.figure.data[0].x[0] == "目标"
    assert "小红书" in panel.note.value
    panel.controls["by"].value = "topic"
    assert "分摊" in panel.note.value
    panel.controls["period"].value = "2025Q2"
    assert panel.figure.layout.title.text.startswith("2025Q2")


def test_chinese_display():
    out = ev.to_chinese(ev.kpi_table(_toy(), _toy_targets(), "2025Q4"))
    assert "完成率" in out.columns and "阅读/播放量" in out.index


@pytest.mark.parametrize("by", ["topic", "content_type"])
def test_gap_by_segment_within_one_platform(posts, targets, by):
    kpi = ev.kpi_table(posts, targets, "2025Q4", "小红书")
    g = ev.gap_by_segment(posts, targets, "2025Q4", "reads", by, platform="小红书")
    assert g["gap"].sum() == pytest.approx(kpi.loc["reads", "gap"])
    with pytest.raises(ValueError, match="有目标的平台 \"百家号\" 不存在"):
        ev.gap_by_segment(posts, targets, "2025Q4", "reads", by, platform="百家号")


def test_retro_panel_platform_control(posts, targets):
    panel = ev.retro_panel(posts, targets, by="topic")
    panel.controls["platform"].value = "小红书"
    assert "热点" in panel.note.value and "小红书" in panel.figure.layout.title.text
    assert "61%" in panel.table.value  # 小红书 reads attainment in 2025Q4


def test_retro_panel_shows_conversions_when_given_orders(posts, targets):
    panel = ev.retro_panel(posts, targets, platform="小红书", orders=nmt.load("orders"))
    k = ev.kpi_table(posts, targets, "2025Q4", "小红书", orders=nmt.load("orders"))
    assert f"{k.loc['conversions', 'actual']:,.0f}" in panel.table.value


def test_cumulative_share_matches_top_share(posts):
    reads = ev.period_posts(posts, "2025Q4")["reads"]
    curve = ev.cumulative_share(reads)
    assert curve["share"].is_monotonic_increasing and curve["share"].iloc[-1] == 1.0
    k = -(-len(reads) // 10)
    assert curve.loc[k, "share"] == pytest.approx(ev.top_share(reads), abs=1e-4)
