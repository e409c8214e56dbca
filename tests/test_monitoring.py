"""nmt_lab.monitoring: targets vs actuals, pacing, anomalies (planted days found, weekends not),
triggers and the monitoring panel."""

import pandas as pd
import pytest

import nmt_lab as nmt
from nmt_lab import campaigns, monitoring
from nmt_lab.datagen.tracking import ANOMALIES


@pytest.fixture(scope="module")
def sess():
    s = campaigns.sessions(nmt.load("campaign_events"), nmt.load("campaign_channels"))
    return s.assign(suspicious=campaigns.suspicious(s))


@pytest.fixture(scope="module")
def att(sess):
    return monitoring.attainment(monitoring.daily_actuals(sess[sess["suspicious"] == ""]),
                                 nmt.load("campaign_targets"))


def test_targets_cover_every_campaign_day_in_four_phases():
    t = nmt.load("campaign_targets")
    assert len(t) == 14 and t["date"].is_monotonic_increasing
    assert list(dict.fromkeys(t["phase"])) == ["预热期", "爆发期", "持续期", "收尾期"]
    assert (t[["uv_target", "participants_target", "sales_target", "payments_target"]] > 0).all().all()


def test_actuals_match_the_sessions(sess, att):
    clean = sess[sess["suspicious"] == ""]
    assert att["sales"].sum() == clean["paid_orders"].sum()
    assert att["payments"].sum() == pytest.approx(clean["revenue"].sum())
    assert (att["participants"] <= att["uv"]).all()


def test_fake_traffic_makes_the_sustain_phase_look_on_target(sess, att):
    raw = monitoring.attainment(monitoring.daily_actuals(sess), nmt.load("campaign_targets"))
    assert monitoring.phase_summary(raw).loc["持续期", "uv_rate"] > 1
    assert monitoring.phase_summary(att).loc["持续期", "uv_rate"] < 0.95


def test_cumulative_rate_is_running_sum_ratio(att):
    c = monitoring.cumulative(att, "sales")
    assert c["cum_actual"].iloc[-1] == att["sales"].sum()
    assert c["cum_rate"].iloc[-1] == pytest.approx(att["sales"].sum() / att["sales_target"].sum())
    with pytest.raises(ValueError, match="指标"):
        monitoring.cumulative(att, "销量")


def test_pacing_flags_the_fast_and_the_slow_ad():
    r = monitoring.pacing(nmt.load("campaign_budget"), "2025-06-08")
    assert r.loc["抖音信息流广告", "flag"] == "超支"
    assert r.loc["朋友圈广告", "flag"] == "偏慢"
    assert set(r.loc[r["flag"] == "已结清"].index) >= {"小红书达人·林小满", "抖音达人·阿禾"}
    assert r["budget"].sum() == pytest.approx(nmt.load("campaign_channels")["cost"].sum())
    with pytest.raises(ValueError, match="不在预算表"):
        monitoring.pacing(nmt.load("campaign_budget"), "2025-07-01")


@pytest.mark.parametrize("column", ["visitors", "orders", "revenue"])
def test_planted_anomalies_found_and_weekends_not_flagged(column):
    df = nmt.load("mp_daily")
    a = monitoring.weekday_anomalies(df, column)
    flagged = set(a.loc[a["anomaly"], "date"].dt.strftime("%Y-%m-%d"))
    planted = {d for d, col, _, _ in ANOMALIES if col == column or (column == "revenue" and col == "orders")}
    assert flagged == planted
    weekend = a["weekday"].isin(["周六", "周日"])
    assert not (a["anomaly"] & weekend & ~a["date"].dt.strftime("%Y-%m-%d").isin(planted)).any()


def test_plain_z_score_flags_weekends_and_misses_the_sunday_drop():
    a = monitoring.weekday_anomalies(nmt.load("mp_daily"), "orders", threshold=2, method="plain")
    hits = a[a["anomaly"]]
    assert (hits["weekday"] == "周六").sum() >= 2
    assert "2025-05-11" not in set(hits["date"].dt.strftime("%Y-%m-%d"))


def test_anomalies_reject_unknown_method_and_column():
    df = nmt.load("mp_daily")
    with pytest.raises(ValueError, match="方法"):
        monitoring.weekday_anomalies(df, "orders", method="stl")
    with pytest.raises(Exception, match="sales"):
        monitoring.weekday_anomalies(df, "sales")


def test_below_streak_and_triggers(att):
    fired = monitoring.triggers(att, nmt.load("contingency_playbook"), today="2025-06-11")
    r3 = fired[fired["rule_id"] == "R3"].iloc[0]
    assert str(r3["first_day"].date()) == "2025-06-09" and str(r3["fired_on"].date()) == "2025-06-11"
    assert "R1" not in set(fired["rule_id"])
    early = monitoring.triggers(att, nmt.load("contingency_playbook"), today="2025-06-08")
    assert "R3" not in set(early["rule_id"])


def test_monitor_view_and_panel():
    df = nmt.load("mp_daily")
    v = monitoring.monitor_view(df, "orders", 3.5)
    assert v["flagged"] == ["2025-04-09", "2025-05-11", "2025-05-15"] and v["weekend_flags"] == 1
    plain = monitoring.monitor_view(df, "orders", 2.0, "plain")
    assert plain["weekend_flags"] >= 2
    p = monitoring.monitor_panel(df)
    assert len(p.figure.data[2].x) == 3 and "05-11" in p.card.value
    p.controls["method"].value = "plain"
    p.controls["threshold"].value = 2.0
    assert "周六" in p.card.value


def test_show_uses_chinese_labels():
    out = monitoring.show(pd.DataFrame({"sales_rate": [1.0]}, index=pd.Index([1], name="date")))
    assert list(out.columns) == ["销量完成度"] and out.index.name == "日期"
