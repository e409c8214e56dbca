"""The committed datasets: reproducible, true to their schema, calibrated, consistent."""

from __future__ import annotations

import hashlib
import json
import re
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "datasets"
SCHEMA_DIR = REPO / "nmt_lab" / "data" / "schema"


def _schemas() -> dict[str, dict]:
    out = {}
    for p in sorted(SCHEMA_DIR.glob("*.json")):
        s = json.loads(p.read_text("utf-8"))
        out[s["table"]] = s
    return out


SCHEMAS = _schemas()


def _sums() -> dict[str, str]:
    lines = (DATA / "SHA256SUMS").read_text("utf-8").splitlines()
    out = {}
    for line in lines:
        m = re.fullmatch(r"([0-9a-f]{64})  (\S+)", line)
        assert m, f"SHA256SUMS 行格式不对：{line!r}"
        out[m.group(2)] = m.group(1)
    return out


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@cache
def raw(table: str) -> pd.DataFrame:
    """The CSV as text, empty cells as ''."""
    return pd.read_csv(DATA / SCHEMAS[table]["file"], dtype=str, keep_default_na=False)


@cache
def load(table: str) -> pd.DataFrame:
    """The CSV with the schema's types (datetimes parsed, ints nullable)."""
    df = pd.read_csv(DATA / SCHEMAS[table]["file"])
    for c in SCHEMAS[table]["columns"]:
        if c["dtype"] in ("datetime", "date"):
            df[c["name"]] = pd.to_datetime(df[c["name"]])
    return df


# --------------------------------------------------------------------------- reproducibility

def test_regenerating_reproduces_every_committed_file(tmp_path):
    from nmt_lab.datagen import generate

    generate(tmp_path, scale=1, verbose=False)
    sums = _sums()
    assert sums, "SHA256SUMS 为空"
    for name, digest in sums.items():
        assert _sha(tmp_path / name) == digest, f"{name} 重新生成后与提交的版本不同"
    assert (tmp_path / "SHA256SUMS").read_bytes() == (DATA / "SHA256SUMS").read_bytes()
    assert (tmp_path / "README.md").read_bytes() == (DATA / "README.md").read_bytes()


def test_committed_files_match_checksums_and_format():
    sums = _sums()
    assert list(sums) == sorted(sums), "SHA256SUMS 须按文件名排序"
    on_disk = {p.name for p in DATA.glob("*.csv")}
    assert on_disk == set(sums), f"未登记或缺失：{on_disk ^ set(sums)}"
    assert set(sums) == {s["file"] for s in SCHEMAS.values()}, "每个 schema 对应一个 CSV"
    for name, digest in sums.items():
        data = (DATA / name).read_bytes()
        assert _sha(DATA / name) == digest, name
        assert not data.startswith(b"\xef\xbb\xbf"), f"{name} 带 BOM"
        assert b"\r\n" not in data, f"{name} 含 CRLF"
    total = sum((DATA / n).stat().st_size for n in sums)
    assert total < 30 * 1024 * 1024


# --------------------------------------------------------------------------- schema

DT = {"datetime": r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", "date": r"\d{4}-\d\d-\d\d",
      "int": r"-?\d+", "bool": r"True|False"}


@pytest.mark.parametrize("table", sorted(SCHEMAS))
def test_csv_follows_its_schema(table):
    schema = SCHEMAS[table]
    df = raw(table)
    cols = [c["name"] for c in schema["columns"]]
    assert list(df.columns) == cols
    labels = [c["label"] for c in schema["columns"]]
    assert len(set(labels)) == len(labels), "label 须在表内唯一"
    for c in schema["columns"]:
        s = df[c["name"]]
        filled = s[s != ""]
        if not c.get("nullable", False):
            assert len(filled) == len(s), f"{table}.{c['name']} 不可为空，却有 {len(s) - len(filled)} 个空值"
        dt = c["dtype"]
        assert dt in ("string", "int", "float", "bool", "datetime", "date", "category")
        if dt in DT:
            bad = filled[~filled.str.fullmatch(DT[dt])]
            assert bad.empty, f"{table}.{c['name']} 不是 {dt}：{bad.head(3).tolist()}"
        if dt in ("datetime", "date"):
            pd.to_datetime(filled, format="%Y-%m-%d %H:%M:%S" if dt == "datetime" else "%Y-%m-%d")
        if dt == "category":
            extra = set(filled) - set(c["values"])
            assert not extra, f"{table}.{c['name']} 有不在 values 中的取值：{sorted(extra)[:5]}"
        if dt in ("int", "float"):
            num = pd.to_numeric(filled)
            if "min" in c:
                assert (num >= c["min"]).all(), f"{table}.{c['name']} 小于 min"
            if "max" in c:
                assert (num <= c["max"]).all(), f"{table}.{c['name']} 大于 max"
    pk = schema.get("primary_key") or []
    if pk:
        assert not df.duplicated(pk).any(), f"{table} 主键 {pk} 有重复"


# --------------------------------------------------------------------------- integrity

def test_referential_integrity():
    accounts, posts = load("accounts"), load("posts")
    assert posts["account_id"].isin(accounts["account_id"]).all()
    plat = posts["account_id"].map(accounts.set_index("account_id")["platform"])
    assert (plat == posts["platform"]).all()
    assert load("refunds")["order_id"].isin(load("orders")["order_id"]).all()
    f = load("followers")
    assert f["account_id"].isin(accounts["account_id"]).all()
    assert f["post_id"].dropna().isin(posts["post_id"]).all()
    if "comments" in SCHEMAS:
        assert load("comments")["post_id"].isin(posts["post_id"]).all()
    g = load("group_members")["user_id"].dropna()
    known = set(f["user_id"]) | set(load("orders")["user_id"])
    assert g.isin(known).all()


def test_posts_are_internally_consistent():
    p = load("posts")
    for c in ("likes", "comments", "shares", "favorites", "new_followers"):
        assert (p[c] <= p["reads"]).all(), c
    wx = p[p["platform"] == "微信公众号"]
    assert (wx["readers"] <= wx["reads"]).all() and (wx["reads"] <= wx["delivered"]).all()
    assert p.loc[p["platform"] != "微信公众号", "readers"].isna().all()
    video = p["content_type"].isin(["短视频", "直播回放"])
    assert p.loc[video, "completion_rate"].notna().all()
    assert p.loc[~video, ["completion_rate", "duration_s"]].isna().all().all()
    # each post's new followers are the follower rows that name it
    per_post = load("followers")["post_id"].value_counts()
    assert (p.set_index("post_id")["new_followers"]
            == per_post.reindex(p["post_id"]).fillna(0).to_numpy()).all()
    # 头条号: an article under 300 characters cannot claim 原创
    tt = p[(p["platform"] == "头条号") & (p["content_type"] == "图文") & (p["word_count"] < 300)]
    assert not tt["is_original"].any()
    assert p["published_at"].min() >= pd.Timestamp("2024-07-01")
    assert p["published_at"].max() <= pd.Timestamp("2025-12-31 23:59:59")


def test_titles_respect_platform_rules_and_advertising_law():
    p = load("posts")
    rules = load("platform_rules")
    limit = {"微信公众号": ("title", None), "小红书": ("title", None), "抖音": ("caption", None),
             "B站": ("title", None), "视频号": ("short_title", None)}
    n = p["title"].str.len()
    for platform, (field, _) in limit.items():
        r = rules[(rules["platform"] == platform) & (rules["field"] == field)]
        hi = int(r.loc[r["rule_type"] == "max_len", "value"].astype(int).min())
        lo_rows = r.loc[r["rule_type"] == "min_len", "value"]
        lo = int(lo_rows.astype(int).max()) if len(lo_rows) else 1
        m = p["platform"] == platform
        assert n[m].between(lo, hi).all(), f"{platform} 标题长度超出 {lo}–{hi}"
    assert not p["title"].str.contains("最|第一|首|顶级|极品|独家|国家级").any()


def test_accounts_follower_counts_come_from_followers():
    a = load("accounts").set_index("account_id")
    f = load("followers")
    t = pd.Timestamp("2025-01-01")
    on = (f["followed_at"] <= t) & (f["unfollowed_at"].isna() | (f["unfollowed_at"] > t))
    assert (on.groupby(f["account_id"]).sum().reindex(a.index) == a["followers_start"]).all()
    assert (a["verified"] == a["verified_on"].notna()).all()


def test_orders_and_refunds_are_consistent():
    o = load("orders").set_index("order_id")
    r = load("refunds")
    assert np.allclose(o["amount"], (o["quantity"] * o["unit_price"] - o["discount"]).round(2))
    assert o.loc[o["status"] == "未支付", "paid_at"].isna().all()
    assert o.loc[o["status"] != "未支付", "paid_at"].notna().all()
    assert (r["refund_amount"] < 0).all()
    total = -r.groupby("order_id")["refund_amount"].sum()
    ro = o.loc[total.index]
    assert ro["status"].isin(["已退款", "部分退款"]).all()
    assert (total <= ro["amount"] + 0.005).all()
    full = ro["status"] == "已退款"
    assert np.allclose(total[full], ro.loc[full, "amount"])
    assert set(o.index[o["status"].isin(["已退款", "部分退款"])]) == set(total.index)
    assert (r["refund_at"].to_numpy() > o.loc[r["order_id"], "paid_at"].to_numpy()).all()


# --------------------------------------------------------------------------- calibration

def test_wechat_open_rate_and_interaction_rates():
    p = load("posts")
    wx = p[p["platform"] == "微信公众号"]
    open_rate = (wx["readers"] / wx["delivered"]).median()
    assert 0.01 <= open_rate <= 0.05, open_rate
    assert 0.009 <= (wx["likes"] / wx["reads"]).median() <= 0.016
    assert 0.02 <= (wx["shares"] / wx["reads"]).median() <= 0.04
    xhs = p[p["platform"] == "小红书"]
    assert 0.03 <= (xhs["likes"] / xhs["reads"]).median() <= 0.05
    assert 0.35 <= (xhs["favorites"] / xhs["likes"]).median() <= 0.6
    assert 0.08 <= (xhs["comments"] / xhs["likes"]).median() <= 0.15


def test_douyin_completion():
    p = load("posts")
    dy = p[(p["platform"] == "抖音") & (p["content_type"] == "短视频")]
    assert 0.1 <= dy["completion_rate"].median() <= 0.3
    short = dy["duration_s"] < 15
    assert dy.loc[short, "completion_rate"].median() > dy.loc[~short, "completion_rate"].median()


def test_reads_are_heavy_tailed():
    r = load("posts")["reads"]
    assert r.max() / r.median() > 50
    top = r.sort_values(ascending=False).head(max(1, len(r) // 100))
    assert top.sum() / r.sum() > 0.10
    assert (r >= 100_000).sum() >= 1


def test_publishing_hour_supply_and_demand_differ():
    p = load("posts")
    h = p["published_at"].dt.hour
    assert h.between(16, 20).mean() > 0.5, "多数内容应在 16–20 点发布"
    late, early = p.loc[h.between(20, 23), "reads"], p.loc[h.between(16, 19), "reads"]
    assert late.mean() > early.mean() and late.median() > early.median()


def test_wechat_push_limits():
    p = load("posts")
    for aid, per, limit in (("A01", "D", 1), ("A02", "M", 4)):
        wx = p[p["account_id"] == aid]
        pushes = wx.groupby(wx["published_at"].dt.to_period(per))["published_at"].nunique()
        assert pushes.max() <= limit, aid
        assert wx.groupby("published_at").size().max() <= 8


def test_monthly_churn_and_unfollow_spike_after_push():
    f = load("followers")
    rows = []
    for m in pd.period_range("2025-01", "2025-12", freq="M"):
        s, e = m.to_timestamp(), (m + 1).to_timestamp()
        active = (f["followed_at"] < s) & (f["unfollowed_at"].isna() | (f["unfollowed_at"] >= s))
        left = (f["unfollowed_at"] >= s) & (f["unfollowed_at"] < e)
        rows.append(pd.DataFrame({"active": active, "left": left, "acc": f["account_id"]})
                    .groupby("acc").sum().assign(month=str(m)))
    churn = pd.concat(rows)
    by_month = churn.groupby("month")[["left", "active"]].sum()
    assert (by_month["left"] / by_month["active"]).max() < 0.03
    by_acct = churn.groupby(level=0)[["left", "active"]].sum()
    assert (by_acct["left"] / by_acct["active"]).max() < 0.03
    # unfollows cluster in the hour after a WeChat mass push
    p = load("posts")
    pushes = np.sort(p.loc[p["account_id"] == "A01", "published_at"].unique())
    u = f.loc[(f["account_id"] == "A01") & f["unfollowed_at"].notna(), "unfollowed_at"].to_numpy()
    j = np.searchsorted(pushes, u, side="right") - 1
    since = (u - pushes[np.clip(j, 0, None)]) / np.timedelta64(1, "h")
    in_hour = ((j >= 0) & (since < 1)).sum()
    next_hours = ((j >= 0) & (since >= 1) & (since < 6)).sum() / 5
    assert in_hour > 5 * next_hours


def test_refund_rate_by_count_differs_from_by_amount():
    o, r = load("orders"), load("refunds")
    paid = o[o["paid_at"].notna()]
    by_count = paid["order_id"].isin(r["order_id"]).mean()
    by_amount = -r["refund_amount"].sum() / paid["amount"].sum()
    assert 0.02 < by_count < 0.10 and 0.005 < by_amount < 0.10
    assert abs(by_count - by_amount) / by_count > 0.2


def test_shop_conversion_is_plausible():
    o, t = load("orders"), load("shop_traffic")
    paid = o[o["paid_at"].notna()]
    n = paid.groupby("channel").size()
    conv = n.reindex(t["channel"].unique()) / t.groupby("channel")["visitors"].sum()
    assert conv.between(0.01, 0.08).all(), conv.to_dict()


def test_targets_are_sometimes_hit():
    p, t = load("posts"), load("targets")
    p = p.assign(month=p["published_at"].dt.strftime("%Y-%m"))
    act = p.groupby(["month", "platform"])[["reads", "likes", "shares"]].sum().stack()
    act.index.names = ["month", "platform", "metric"]
    m = t.merge(act.rename("actual").reset_index(), on=["month", "platform", "metric"])
    assert len(t) == 12 * 7 * 7 and len(m) > 0.9 * 12 * 7 * 3
    assert 0.2 < (m["actual"] >= m["target"]).mean() < 0.8


def test_wechat_groups_never_exceed_500_members():
    g = load("group_members")
    for name, grp in g.groupby("group_name"):
        moves = pd.concat([pd.Series(1, index=grp["joined_at"]),
                           pd.Series(-1, index=grp["left_at"].dropna())]).sort_index()
        assert moves.cumsum().max() <= 500, name


def test_search_index_and_hot_topics_shape():
    s = load("search_index")
    assert s["value"].isna().sum() > 0  # a few missing days to clean
    assert s["value"].isna().mean() < 0.02
    brand = s[(s["keyword"] == "溪山茶饮") & (s["source"] == "微信指数")].set_index("date")["value"]
    assert brand.loc["2025-05-18":"2025-05-21"].max() > 1.2 * brand.loc["2025-04"].median()
    h = load("hot_topics")
    assert h["topic"].nunique() >= 150
    assert h.groupby(["date", "list_name"]).size().eq(h["rank"].max()).all()
