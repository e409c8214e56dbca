"""nmt_lab.attribution: touch paths, attribution rules, comparisons and the attribution panel."""

import math

import pandas as pd
import pytest

import nmt_lab as nmt
from nmt_lab import attribution as at
from nmt_lab import campaigns as cp


@pytest.fixture(scope="module")
def data():
    ev, ch = nmt.load("campaign_events"), nmt.load("campaign_channels")
    sess = at.repair_channels(at.campaign_sessions(ev, ch), ch)
    return ev, ch, sess, at.touch_paths(sess)


def test_rule_weights_sum_to_one_and_follow_the_rule():
    for n in range(1, 7):
        for rule in at.RULES:
            w = at.rule_weights(n, rule)
            assert len(w) == n and math.isclose(sum(w), 1.0)
    assert at.rule_weights(5, "position") == pytest.approx([.4, .2 / 3, .2 / 3, .2 / 3, .4])
    assert at.rule_weights(1, "position") == [1.0]
    assert at.rule_weights(3, "last") == [0.0, 0.0, 1.0]


def test_bad_rule_or_value_names_the_choices():
    p = pd.DataFrame({"path": [("A",)], "orders": [1], "revenue": [1.0]})
    with pytest.raises(Exception, match="first"):
        at.attribute(p, "最后")
    with pytest.raises(Exception, match="revenue"):
        at.attribute(p, "last", "gmv")


def test_paths_end_with_the_converting_session_and_cover_every_paid_order(data):
    _ev, _ch, sess, paths = data
    assert paths["orders"].sum() == sess["paid_orders"].sum()
    assert paths["revenue"].sum() == pytest.approx(sess["revenue"].sum())
    last = sess.set_index("session_id")["channel_name"]
    assert all(p[-1] == last[s] for p, s in zip(paths["path"], paths["order_session"], strict=True))
    assert (paths["touches"] == paths["path"].map(len)).all()
    assert (paths["touches"] > 1).any(), "the data should have multi-touch paths"


def test_every_rule_hands_out_the_same_total(data):
    paths = data[3]
    for value in at.VALUES:
        t = at.compare_rules(paths, value=value)
        totals = t.sum()
        assert totals.max() - totals.min() < 1e-6
        assert totals.iloc[0] == pytest.approx(paths[value].sum())


def test_first_touch_moves_credit_to_openers(data):
    t = at.compare_rules(data[3])
    shift = at.credit_shift(t, "last", "first")
    assert abs(shift.sum()) < 1e-9
    assert shift["公众号预热推文"] > 0 > shift["小程序首页横幅"]


def test_repair_recovers_last_years_code_for_the_kol_link(data):
    ev, ch, sess, _p = data
    before = at.campaign_sessions(ev, ch)
    assert (before["channel_name"] == cp.BROKEN).sum() > (sess["channel_name"] == cp.BROKEN).sum()
    fixed = sess[sess["repaired"]]
    assert set(fixed["channel_name"]) == {"小红书达人·林小满"}


def test_summary_drops_suspicious_traffic(data):
    ev, ch, sess, _p = data
    raw = at.summary(at.campaign_sessions(ev, ch, drop_suspicious=False), ch)
    clean = at.summary(sess, ch)
    assert clean["participants"] < raw["participants"]
    assert clean["paid_orders"] == raw["paid_orders"]  # bots do not buy
    assert clean["roas"] == pytest.approx(clean["gmv"] / ch["cost"].sum())


def test_daily_rhythm_and_comments(data):
    sess = data[2]
    d = at.daily(sess)
    assert len(d) == 14 and d["sessions"].sum() == len(sess)
    by = at.daily(sess, "channel_type")
    assert by.to_numpy().sum() == len(sess)
    c = at.campaign_comments(nmt.load("comments"))
    assert len(c) > 10 and c["created_at"].min() >= pd.Timestamp("2025-06-01")


def test_targets_history_and_benchmarks(data):
    ev, ch, sess, _p = data
    res = at.summary(sess, ch)
    h = nmt.load("campaign_history")
    vt = at.vs_target(h, res)
    assert list(vt.index) == ["participants", "orders", "gmv"]
    assert vt.loc["orders", "actual"] == res["paid_orders"]
    wr = at.with_results(h, res)
    assert wr.loc["ymbc25", "gmv"] == pytest.approx(res["gmv"])
    assert wr["roas"].notna().all()
    b = nmt.load("industry_benchmarks")
    assert b["source"].str.len().gt(0).all() and b["year"].between(2000, 2026).all()
    soft = b[b["is_soft"]]
    assert soft["low"].notna().all() and soft["high"].notna().all() and soft["value"].isna().all()
    cmp = at.compare_benchmarks({"visit_conversion": res["conversion"], "roas": res["roas"]}, b)
    assert set(cmp["verdict"]) <= {"低于区间", "区间内", "高于区间", "低于参考值", "接近参考值", "高于参考值"}
    with pytest.raises(Exception, match="roas"):
        at.compare_benchmarks({"转化率": 0.1}, b)


def test_attribution_view_and_panel(data):
    paths = data[3]
    v = at.attribution_view(paths, "first")
    assert len(v["channels"]) == len(v["credit"]) == len(v["baseline"])
    assert v["gainer"] == "公众号预热推文"
    assert sum(v["credit"]) == pytest.approx(sum(v["baseline"]))
    panel = at.attribution_panel(paths)
    assert list(panel.figure.data[0].x) == v["channels"]
    panel.controls["rule"].value = "position"
    panel.controls["value"].value = "revenue"
    w = at.attribution_view(paths, "position", "revenue")
    assert list(panel.figure.data[0].y) == pytest.approx(w["credit"])
    assert "元" in panel.card.value
    panel.controls["rule"].value = "last"
    assert "末次触点就是当前规则" in panel.card.value
