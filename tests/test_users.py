"""nmt_lab.users and the users / user_behaviour tables: the tables agree with orders and join
the other tables, tags follow their rules, clusters are standardised and stable, RFM segments
and lifecycle layers partition the members, and the RFM panel works without a browser."""

import numpy as np
import pandas as pd
import pytest

import nmt_lab as nmt
from nmt_lab import users as nu


@pytest.fixture(scope="module")
def users():
    return nmt.load("users")


@pytest.fixture(scope="module")
def behaviour():
    return nmt.load("user_behaviour")


@pytest.fixture(scope="module")
def prof(users, behaviour):
    return nu.profile(users, behaviour)


# --------------------------------------------------------------------------- data

def test_tables_are_one_row_per_member_and_small(users, behaviour):
    assert users["user_id"].is_unique and behaviour["user_id"].is_unique
    assert set(users["user_id"]) == set(behaviour["user_id"])
    for name in ("users", "user_behaviour"):
        assert (nmt.datasets.data_dir() / f"{name}.csv").stat().st_size < 1_000_000


def test_behaviour_agrees_with_orders_and_refunds(behaviour):
    orders, refunds = nmt.load("orders"), nmt.load("refunds")
    eff = orders[orders["status"].isin(["已支付", "部分退款"])]
    net = eff["amount"] + eff["order_id"].map(refunds.groupby("order_id")["refund_amount"].sum()).fillna(0)
    want = pd.DataFrame({"orders": eff.groupby("user_id").size(),
                         "spend": net.groupby(eff["user_id"]).sum()})
    got = behaviour.set_index("user_id").loc[want.index]
    assert (got["orders"] == want["orders"]).all()
    assert np.allclose(got["spend"], want["spend"], atol=0.011)
    assert (got["last_order_at"] == eff.groupby("user_id")["created_at"].max()).all()
    # every 2025 buyer is a member; members without an effective order have no order dates
    assert set(orders["user_id"]) <= set(behaviour["user_id"])
    none = behaviour[behaviour["orders"] == 0]
    assert none["last_order_at"].isna().all() and (none["spend"] == 0).all()


def test_ids_join_the_existing_tables(users):
    followers, orders = nmt.load("followers"), nmt.load("orders")
    known = set(followers["user_id"]) | set(orders["user_id"])
    assert set(users["user_id"]) <= known


def test_dates_are_consistent(prof):
    assert (prof["registered_at"] <= prof["first_order_at"]).where(prof["first_order_at"].notna(), True).all()
    assert (prof["last_active_at"] >= prof["registered_at"]).all()
    assert (prof["last_active_at"] >= prof["last_order_at"]).where(prof["last_order_at"].notna(), True).all()
    assert (prof["visits_30d"] <= prof["visits_90d"]).all()
    assert prof["last_active_at"].max() <= pd.Timestamp("2025-12-31 23:59:59")


def test_fission_signups_convert_far_less_than_the_others(prof):
    """The growth trap the notebook is built on."""
    bought = prof["orders"] > 0
    fission = prof["reg_channel"] == "裂变活动"
    assert fission.sum() > 400
    assert bought[fission].mean() < 0.15 < 0.6 < bought[~fission].mean()
    assert prof.loc[fission, "registered_at"].between("2025-09-12", "2025-09-22").all()


# --------------------------------------------------------------------------- tags

def test_tags_follow_their_rules(prof):
    t = nu.tag_users(prof)
    assert set(nu.TAG_RULES) <= set(t.columns)
    assert (t["复购用户"] == (prof["orders"] >= 2)).all()
    assert (t["杭州本地"] == (prof["city"] == "杭州")).all()  # empty city is not 杭州
    summary = nu.tag_summary(t)
    assert summary.loc["复购用户", "users"] == (prof["orders"] >= 2).sum()
    assert summary["users"].is_monotonic_decreasing


def test_add_tag_accepts_a_series_and_explains_a_bad_rule(prof):
    t = nu.add_tag(prof, "高频", prof["orders"] >= 5)
    assert t["高频"].sum() == (prof["orders"] >= 5).sum() and "高频" not in prof.columns
    with pytest.raises(ValueError, match="可用的列有"):
        nu.add_tag(prof, "x", "订单 >= 2")
    with pytest.raises(ValueError, match="可用的标签有"):
        nu.tag_users(prof, ["土豪"])


# --------------------------------------------------------------------------- personas

def test_clusters_are_stable_ordered_by_size_and_described(prof):
    a = nu.clusters(prof, k=4)
    b = nu.clusters(prof.sample(frac=1, random_state=1), k=4).reindex(prof.index)
    assert (a.value_counts().sort_index().diff().dropna() <= 0).all()  # 0 is the largest
    assert (pd.crosstab(a, b).max(axis=1).sum() / len(a)) > 0.99  # same partition after shuffling
    d = nu.describe_clusters(prof, a)
    assert d["users"].sum() == len(prof) and np.isclose(d["share"].sum(), 1)
    assert d["description"].str.contains("整体").all()
    assert "注册未购" in set(d["name"]) and "高价值常客" in set(d["name"])


def test_without_standardising_spend_decides_alone(prof):
    def explained(labels, col):  # share of the column's variance between clusters
        x = prof[col].fillna(0)
        return x.groupby(labels).transform("mean").var() / x.var()

    raw = nu.clusters(prof, k=4, log=False, standardise=False)
    std = nu.clusters(prof, k=4)
    assert explained(raw, "spend") > 0.8 > 0.2 > explained(std, "spend")
    assert explained(raw, "interactions") < 0.05 < 0.3 < explained(std, "interactions")


def test_clusters_reject_a_bad_k(prof):
    with pytest.raises(ValueError, match="2 到 10"):
        nu.clusters(prof, k=1)
    with pytest.raises(KeyError, match="可用的列有"):
        nu.clusters(prof, ["消费"])


# --------------------------------------------------------------------------- RFM, lifecycle

def test_rfm_covers_buyers_and_segments_partition_them(behaviour):
    t = nu.rfm(behaviour)
    assert len(t) == (behaviour["orders"] > 0).sum()
    assert t["recency"].between(0, 365).all()
    seg = nu.rfm_segments(t, r_days=30, f_min=3, m_min=200)
    vip = (t["recency"] <= 30) & (t["frequency"] >= 3) & (t["monetary"] >= 200)
    assert (seg["segment"] == "重要价值用户").sum() == vip.sum()
    sizes = nu.segment_sizes(seg)
    assert list(sizes.index) == nu.SEGMENT_ORDER and sizes["users"].sum() == len(t)
    assert seg.attrs["thresholds"] == {"r_days": 30.0, "f_min": 3.0, "m_min": 200.0}


def test_rfm_defaults_to_medians(behaviour):
    t = nu.rfm(behaviour)
    assert nu.rfm_thresholds(t)["m_min"] == t["monetary"].median()


def test_lifecycle_layers_partition_members(prof):
    layer = nu.lifecycle(prof)
    assert layer.notna().all() and list(layer.cat.categories) == nu.LAYERS
    assert (layer[prof["orders"] == 0].isin(["新用户", "未转化用户"])).all()
    r = prof["recency_days"]
    old = prof["tenure_days"] > 30
    assert (layer[old & (r > 30) & (r <= 180)] == "沉睡用户").all()
    wider = nu.lifecycle(prof, active_days=60)
    assert (wider == "活跃用户").sum() > (layer == "活跃用户").sum()
    with pytest.raises(ValueError, match="应小于"):
        nu.lifecycle(prof, active_days=200, churn_days=90)


def test_every_layer_has_a_strategy_and_reach_respects_consent(prof):
    s = nu.strategy_table()
    assert list(s.index) == nu.LAYERS
    assert s[["goal", "action", "channel", "rhythm", "kpi"]].ne("").all().all()
    reach = nu.reach_table(prof, nu.lifecycle(prof))
    assert reach["users"].sum() == len(prof)
    assert reach["短信"].sum() == prof["sms_opt_in"].sum()
    with pytest.raises(ValueError, match="可用的用户分层有"):
        nu.strategy_table(["VIP"])


# --------------------------------------------------------------------------- panel

def test_rfm_panel_updates_when_a_threshold_moves(behaviour):
    t = nu.rfm(behaviour)
    p = nu.rfm_panel(t, r_days=30, f_min=3, m_min=200)
    before = list(p.figure.data[0].y)
    assert sum(before) == len(t) and list(p.figure.data[0].x) == nu.SEGMENT_ORDER
    p.controls["r_days"].value = 120
    after = list(p.figure.data[0].y)
    assert after[0] > before[0]  # more members count as recent
    assert "120 天" in p.card.value
    assert nu.rfm_view(t, 120, 3, 200)["users"] == after


def test_cluster_panel_redraws_for_another_k_and_without_standardising(prof):
    p = nu.cluster_panel(prof, k=4)
    assert len(p.figure.data[0].y) == 4 and sum(p.figure.data[0].y) == len(prof)
    p.controls["k"].value = 5
    assert len(p.figure.data[0].x) == 5 and p.card.value.count("<li>") == 5
    p.controls["standardise"].value = False
    assert "未标准化" in p.figure.layout.title.text
