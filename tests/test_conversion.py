"""nmt_lab.conversion: follower and group flows add up, every rate uses the documented denominator,
refunds are handled as the negative amounts they are, ROAS vs ROI, and the funnel panel without a browser."""

import numpy as np
import pandas as pd
import pytest

import nmt_lab as nmt
from nmt_lab import conversion as cv


@pytest.fixture(scope="module")
def data():
    return {t: nmt.load(t) for t in ["followers", "accounts", "group_members", "orders", "refunds", "shop_traffic"]}


def test_every_definition_names_its_denominator():
    d = cv.definitions()
    assert {"churn_rate", "order_conversion", "refund_rate_count", "refund_rate_amount", "roas", "roi"} <= set(d.index)
    assert d.loc["churn_rate", "公式"].endswith("期初关注人数")
    assert all("÷" in f or "−" in f for f in d["公式"])


def test_follower_flow_adds_up_and_matches_the_accounts_table(data):
    acc = data["accounts"]
    for platform in ["微信公众号", "抖音", "小红书"]:
        flow = cv.follower_flow(data["followers"], platform)
        assert (flow["end"] == flow["start"] + flow["new"] - flow["lost"]).all()
        assert (flow["end"].iloc[:-1].to_numpy() == flow["start"].iloc[1:].to_numpy()).all()
        rows = acc[acc["platform"] == platform]
        assert flow.loc["2025-01", "start"] == rows["followers_start"].sum()
        assert flow.loc["2025-12", "end"] == rows["followers_end"].sum()
        assert flow["churn_rate"].to_numpy() == pytest.approx((flow["lost"] / flow["start"]).to_numpy())
        assert flow["churn_rate"].median() < 0.03  # calibration: monthly churn under 3 % (soft)


def test_followers_at_counts_only_current_followers():
    demo = pd.DataFrame({"followed_at": pd.to_datetime(["2025-01-01", "2025-01-01", "2025-03-01"]),
                         "unfollowed_at": pd.to_datetime([None, "2025-02-15", None])})
    assert cv.followers_at(demo, "2025-02-01") == 2
    assert cv.followers_at(demo, "2025-03-01") == 1  # followed exactly at the moment: not yet counted
    flow = cv._flow(demo["followed_at"], demo["unfollowed_at"], ["2025-02", "2025-03"])
    assert flow.loc["2025-02", ["start", "new", "lost", "end"]].tolist() == [2, 0, 1, 1]
    assert flow.loc["2025-03", ["start", "new", "lost", "end"]].tolist() == [1, 1, 0, 2]


def test_group_flow_and_conversion(data):
    g = cv.group_flow(data["group_members"])
    assert (g["end"].iloc[:-1].to_numpy() == g["start"].iloc[1:].to_numpy()).all()
    members = cv.member_orders(data["group_members"], data["orders"])
    assert not (members["ordered"] & ~members["matched"]).any()
    assert members["matched"].mean() == pytest.approx(0.78, abs=0.05)  # about a fifth cannot be matched
    one = members[members["ordered"]].iloc[0]
    paid = data["orders"][(data["orders"]["user_id"] == one["user_id"]) & data["orders"]["paid_at"].notna()]
    assert (paid["paid_at"] >= one["joined_at"]).any()
    table = cv.group_conversion(data["group_members"], data["orders"])
    assert table["members"].sum() == len(members)
    assert table["group_conversion"].to_numpy() == pytest.approx((table["ordered"] / table["matched"]).to_numpy())


def test_paid_orders_turn_negative_refunds_into_positive_amounts(data):
    orders, refunds = data["orders"], data["refunds"]
    paid = cv.paid_orders(orders, refunds)
    assert len(paid) == orders["paid_at"].notna().sum()
    assert set(paid["status"].astype(str)) == {"已支付", "已退款", "部分退款"}
    assert paid["refund"].sum() == pytest.approx(-refunds["refund_amount"].sum())
    assert paid["refunded"].sum() == refunds["order_id"].nunique()   # two refunds of one order: one refunded order
    assert (paid["refund"] <= paid["amount"] + 0.01).all()


def test_refund_rates_differ_by_count_and_by_amount(data):
    overall = cv.refund_table(data["orders"], data["refunds"], by=None).iloc[0]
    assert overall["refund_rate_count"] == pytest.approx(0.048, abs=0.003)
    assert overall["refund_rate_amount"] == pytest.approx(0.028, abs=0.003)
    by_type = cv.refund_table(data["orders"], data["refunds"], by="product_type")
    assert by_type["refund_rate_count"].idxmin() == "礼品卡" and by_type["aov"].idxmax() == "礼品卡"
    assert by_type["refund_rate_count"].idxmax() == "饮品券"


def test_sales_table_rates_use_visitors_and_paid_orders(data):
    orders, refunds, traffic = data["orders"], data["refunds"], data["shop_traffic"]
    t = cv.sales_table(orders, refunds, traffic, "2025-06")
    june = orders[(orders["created_at"].dt.strftime("%Y-%m") == "2025-06") & orders["paid_at"].notna()]
    in_june = traffic[traffic["date"].dt.strftime("%Y-%m") == "2025-06"]
    visits = in_june.groupby("channel", observed=True)["visitors"].sum()
    for ch in cv.ONLINE_CHANNELS:
        assert t.loc[ch, "paid_orders"] == (june["channel"] == ch).sum()
        assert t.loc[ch, "order_conversion"] == pytest.approx((june["channel"] == ch).sum() / visits[ch])
        assert t.loc[ch, "paid_conversion"] <= t.loc[ch, "order_conversion"]
        assert 0.01 <= t.loc[ch, "order_conversion"] <= 0.07  # data dictionary: mostly 1-7 %
    assert np.isnan(t.loc["线下扫码", "visitors"]) and t.loc["线下扫码", "paid_orders"] > 0
    year = cv.sales_table(orders, refunds, traffic)
    assert year["paid_orders"].sum() == orders["paid_at"].notna().sum()


def test_roas_is_not_roi(data):
    sales = cv.sales_table(data["orders"], data["refunds"], data["shop_traffic"], "2025-06")
    io = cv.input_output(sales)
    assert io["roas"].to_numpy() == pytest.approx((sales["paid_amount"] / io["spend"]).to_numpy())
    want_roi = ((sales["paid_amount"] - sales["refund_amount"]) * cv.GROSS_MARGIN - io["spend"]) / io["spend"]
    assert io["roi"].to_numpy() == pytest.approx(want_roi.to_numpy())
    assert ((io["roas"] > 1) & (io["roi"] < 0)).any()   # the lesson: ROAS > 1 can still lose money
    assert (io["roi"] < io["roas"]).all()
    with pytest.raises(ValueError, match="毛利率 60 不对"):
        cv.input_output(sales, margin=60)


def test_bad_inputs_name_the_value_and_list_the_valid_ones(data):
    with pytest.raises(ValueError, match='平台 "快手" 不存在；可用的平台有：'):
        cv.follower_flow(data["followers"], "快手")
    with pytest.raises(ValueError, match='渠道 "线下扫码" 不存在；可用的渠道有：微信小程序'):
        cv.funnel_view(data["orders"], data["refunds"], data["shop_traffic"], "线下扫码")
    with pytest.raises(ValueError, match='月份 "2025-13" 不存在'):
        cv.sales_table(data["orders"], data["refunds"], data["shop_traffic"], "2025-13")
    with pytest.raises(ValueError, match='月份 "六月" 的格式不对'):
        cv.month_bounds("六月")
    with pytest.raises(KeyError, match='列 "city" 不在数据中'):
        cv.refund_table(data["orders"], data["refunds"], by="city")


def test_funnel_view_narrows_and_adds_up(data):
    args = (data["orders"], data["refunds"], data["shop_traffic"])
    every = cv.funnel_view(*args, "全部线上渠道", "全年")
    parts = [cv.funnel_view(*args, ch, "全年") for ch in cv.ONLINE_CHANNELS]
    assert every["values"] == pytest.approx([sum(p["values"][i] for p in parts) for i in range(4)])
    assert all(a > b for a, b in zip(every["values"][:-1], every["values"][1:], strict=True))
    assert every["rates"]["views_per_visitor"] > 1  # page views are counted per view, not per person


def test_funnel_panel_updates_when_a_control_moves(data):
    panel = cv.funnel_panel(data["orders"], data["refunds"], data["shop_traffic"], "微信小程序", "全年")
    before, card = list(panel.figure.data[0].x), panel.card.value
    panel.controls["channel"].value = "抖音小店"
    assert list(panel.figure.data[0].x) != before and panel.card.value != card
    assert "抖音小店" in panel.figure.layout.title.text
    year = list(panel.figure.data[0].x)
    panel.controls["month"].value = "2025-06"
    assert sum(panel.figure.data[0].x) < sum(year)
