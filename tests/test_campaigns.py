"""nmt_lab.campaigns and the campaign tables: tracking links round-trip and every planted
mistake is caught in Chinese, sessions add up to the event log, bots are flagged, share
trees and the K-factor follow their definitions, the cascade panel works without a browser."""

import pandas as pd
import pytest

import nmt_lab as nmt
from nmt_lab import campaigns as cp


@pytest.fixture(scope="module")
def ev():
    return nmt.load("campaign_events")


@pytest.fixture(scope="module")
def ch():
    return nmt.load("campaign_channels")


@pytest.fixture(scope="module")
def sess(ev, ch):
    return cp.sessions(ev, ch)


def _tiny():
    """A hand-made log: A (channel) shares; B and C open A's link; C shares; D opens C's."""
    rows = [
        ("2025-06-06 10:00:00", "A", "S1", "visit", "u", ""),
        ("2025-06-06 10:01:00", "A", "S1", "share", "", ""),
        ("2025-06-06 11:00:00", "B", "S2", "visit", "u", "A"),
        ("2025-06-06 12:00:00", "C", "S3", "visit", "u", "A"),
        ("2025-06-06 12:05:00", "C", "S3", "share", "", ""),
        ("2025-06-07 09:00:00", "D", "S4", "visit", "u", "C"),
        ("2025-06-07 09:30:00", "E", "S5", "visit", "u", ""),
        ("2025-06-07 10:00:00", "B", "S6", "visit", "u", ""),
    ]
    df = pd.DataFrame(rows, columns=["event_time", "user_id", "session_id", "event_type", "utm",
                                     "referrer_id"])
    df["event_time"] = pd.to_datetime(df["event_time"])
    df["referrer_id"] = df["referrer_id"].replace("", None)
    df["amount"] = float("nan")
    return df


# --------------------------------------------------------------------------- data

def test_event_log_is_small_and_consistent(ev, ch):
    assert (nmt.datasets.data_dir() / "campaign_events.csv").stat().st_size < 1_000_000
    assert ev["event_time"].is_monotonic_increasing
    first = ev.sort_values("event_time", kind="stable").drop_duplicates("session_id")
    assert (first["event_type"] == "visit").all(), "every session starts with a visit"
    assert ev.loc[ev["event_type"] != "visit", ["utm", "referrer_id"]].isna().all().all()
    orders = ev[ev["event_type"].isin(["order", "pay"])]
    assert orders["order_id"].notna().all() and (orders["amount"] > 0).all()
    pays = orders[orders["event_type"] == "pay"].set_index("order_id")["amount"]
    placed = orders[orders["event_type"] == "order"].set_index("order_id")["amount"]
    assert pays.index.isin(placed.index).all() and (pays == placed.reindex(pays.index)).all()
    assert ev["event_time"].between("2025-06-01", "2025-06-15").all()
    # existing users are shared with followers / orders, and there are new ones too
    known = set(nmt.load("orders")["user_id"]) | set(nmt.load("followers")["user_id"])
    share_known = ev["user_id"].drop_duplicates().isin(known).mean()
    assert 0.2 < share_known < 0.8
    assert ch["channel_type"].value_counts().min() >= 2  # all four kinds of channel (I-3.2.2)


def test_every_sharer_shared_before_the_visit_it_brought(ev):
    kids = ev[(ev["event_type"] == "visit") & ev["referrer_id"].notna()]
    shares = ev[ev["event_type"] == "share"].groupby("user_id")["event_time"].min()
    assert (shares.reindex(kids["referrer_id"]).to_numpy() <= kids["event_time"].to_numpy()).all()


# --------------------------------------------------------------------------- tracking links

def test_every_planned_link_round_trips(ch):
    for row in ch.itertuples():
        link = cp.build_link(row.utm_source, row.utm_medium, row.utm_content)
        assert link.startswith(cp.LANDING + "?")
        assert cp.utm_problems(link, channels=ch) == []
        assert cp.parse_utm(link) == {"utm_source": row.utm_source, "utm_medium": row.utm_medium,
                                      "utm_campaign": cp.CAMPAIGN, "utm_content": row.utm_content}


@pytest.mark.parametrize("code, words", [
    ("utm_source=wecom&utm_medum=community&utm_campaign=ymbc25&utm_content=fans", ["utm_medum", "utm_medium"]),
    ("utm_source=xiaohongshu&utm_medium=kol&utm_campaign=ymbc24&utm_content=kol_lin", ["ymbc24", "ymbc25"]),
    ("utm_source=wechat&amp;utm_medium=cpc&amp;utm_campaign=ymbc25&amp;utm_content=moments", ["&amp;"]),
    ("utm_source=Douyin&utm_medium=KOL&utm_campaign=ymbc25&utm_content=KOL_ahe", ["Douyin", "小写"]),
    ("utm_source=wechat&utm_medium=social&utm_campa", ["utm_campaign", "utm_content"]),
    ("", ["空"]),
    (None, ["空"]),
])
def test_every_planted_mistake_is_named_in_chinese(code, words):
    problems = cp.utm_problems(code)
    assert problems
    text = "；".join(problems)
    for word in words:
        assert word in text, (word, text)
    if "ymbc24" not in str(code):  # a wrong campaign code still parses: it is valid UTM
        with pytest.raises(ValueError, match="有误"):
            cp.parse_utm(code)


def test_fix_repairs_only_the_harmless_mistakes():
    assert cp.parse_utm("utm_source=Douyin&amp;utm_medium=KOL&amp;utm_campaign=ymbc25&amp;"
                        "utm_content=kol_ahe", fix=True)["utm_source"] == "douyin"
    with pytest.raises(ValueError, match="utm_medum"):
        cp.parse_utm("utm_source=wecom&utm_medum=community&utm_campaign=ymbc25&utm_content=f", fix=True)


def test_unplanned_combination_and_bad_values():
    assert "不在渠道计划" in "".join(cp.utm_problems(
        "utm_source=weibo&utm_medium=cpc&utm_campaign=ymbc25&utm_content=x", channels=nmt.load(
            "campaign_channels")))
    with pytest.raises(ValueError, match="小红书"):
        cp.build_link("小红书", "kol", "kol_lin")


def test_check_links_counts_every_code(sess):
    t = cp.check_links(sess["utm"])
    assert t["visits"].sum() == sess["utm"].notna().sum()
    bad = t[t["problems"] != ""]
    assert 5 <= bad["visits"].sum() / t["visits"].sum() * 100 <= 12  # a few per cent are broken


# --------------------------------------------------------------------------- sessions

def test_sessions_add_up_to_the_log(ev, sess, ch):
    assert sess["session_id"].is_unique and len(sess) == (ev["event_type"] == "visit").sum()
    assert sess["paid_orders"].sum() == (ev["event_type"] == "pay").sum()
    assert sess["revenue"].sum() == pytest.approx(ev.loc[ev["event_type"] == "pay", "amount"].sum())
    assert sess["n_events"].sum() == len(ev)
    assert set(ch["channel_name"]) <= set(sess["channel_name"])
    direct = sess["channel_name"] == cp.DIRECT
    assert sess.loc[direct, "utm"].isna().all() and not sess.loc[~direct, "utm"].isna().any()
    # upper case and &amp; are repaired, so only typos, last year's code and cut links are lost
    assert sess["channel_name"].eq(cp.BROKEN).mean() < 0.05


def test_bot_bursts_and_coupon_farming_are_flagged(sess):
    why = cp.suspicious(sess)
    bots = sess[why == "刷量"]
    assert len(bots) > 200 and (bots["channel_name"] == "微博达人·茉茉").all()
    assert (bots["n_events"] == 1).all()
    farm = sess[why == "刷券"]
    assert farm["user_id"].nunique() == 1 and len(farm) >= 10
    assert (why != "").mean() < 0.2


def test_channel_report_and_the_bot_trap(sess, ch):
    raw = cp.channel_report(sess, ch)
    clean = cp.channel_report(sess[cp.suspicious(sess) == ""], ch)
    kol = "微博达人·茉茉"
    assert raw.loc[kol, "sessions"] == raw["sessions"].max()  # looks like the best channel…
    assert clean.loc[kol, "sessions"] < raw.loc[kol, "sessions"] / 5  # …until bots are removed
    assert raw["paid_orders"].sum() == sess["paid_orders"].sum()
    assert clean.loc["企业微信粉丝群", "cpa"] == 0
    assert clean["conversion"].between(0, 1).all()


# --------------------------------------------------------------------------- cascades, K

def test_cascade_tree_on_a_hand_made_log():
    c = cp.cascades(_tiny()).set_index("session_id")
    assert c.loc["S2", "parent"] == "S1" and c.loc["S4", "parent"] == "S3"
    assert c.loc["S4", "root"] == "S1" and c.loc["S4", "generation"] == 2
    assert pd.isna(c.loc["S6", "parent"]) and c.loc["S6", "root"] == "S6"
    sizes = cp.cascade_sizes(_tiny())
    assert list(sizes.index) == ["S1"] and sizes.loc["S1", "size"] == 4
    assert sizes.loc["S1", "depth"] == 2


def test_k_factor_on_a_hand_made_log():
    k = cp.k_factor(_tiny())
    assert (k["users"], k["invites"], k["invited"]) == (5, 2, 3)  # B's later visit is not new
    assert k["i"] == pytest.approx(2 / 5) and k["c"] == pytest.approx(3 / 2)
    assert k["k"] == pytest.approx(3 / 5)
    day = cp.k_factor(_tiny(), "2025-06-07")
    assert (day["users"], day["invites"], day["invited"]) == (3, 0, 1) and day["k"] == 0


def test_campaign_k_factor_is_realistic(ev):
    k = cp.k_factor(ev)
    assert 0.03 < k["k"] < 0.3  # word of mouth helps but cannot carry the campaign alone
    daily = cp.daily_k(ev)
    assert daily["invites"].sum() == k["invites"] and daily["invited"].sum() == k["invited"]
    sizes = cp.cascade_sizes(ev)
    assert sizes["size"].median() <= 3 and sizes["size"].max() >= 10  # most are tiny, a few big


def test_warmup_platforms(ev):
    t = cp.warmup_platforms(nmt.load("posts"))
    assert t["share_rate"].is_monotonic_decreasing and t.index[0] == "微信公众号"
    with pytest.raises(ValueError, match="内容主题"):
        cp.warmup_platforms(nmt.load("posts"), topic="杨梅")


# --------------------------------------------------------------------------- widget

def test_cascade_view_and_panel(ev, ch, sess):
    v = cp.cascade_view(ev, sess, "企业微信粉丝群", "2025-06-06")
    assert len(v["days"]) == len(v["k"]) == 14
    big = v["largest"]
    assert big["size"] >= 10 and big["depth"] >= 3  # the 粉丝群 chain of 06-06
    assert len(big["ids"]) == len(big["parents"]) == big["size"] and big["parents"].count("") == 1
    with pytest.raises(ValueError, match="渠道"):
        cp.cascade_view(ev, sess, "快手", "2025-06-06")
    panel = cp.cascade_panel(ev, ch, channel="全部渠道", day="2025-06-06")
    assert len(panel.figure.data[0].y) == 14 and "K =" in panel.card.value
    panel.controls["channel"].value = "企业微信粉丝群"
    assert "企业微信粉丝群" in panel.figure.layout.title.text
    assert len(panel.tree.data[0].ids) == big["size"]
    panel.controls["day"].value = "2025-06-02"
    assert "2025-06-02" in panel.card.value
