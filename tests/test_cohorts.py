"""nmt_lab.cohorts and the nps_survey table: growth adds up, conversion uses the right
denominators, retention matrices are cohort-shaped (age 0 = 1, future cells empty), NPS and its
interval are right, the November duplicate trap is in the data and removed by dedupe, feedback
keywords split by group, and the retention panel works without a browser."""

import math

import numpy as np
import pandas as pd
import pytest

import nmt_lab as nmt
from nmt_lab import cohorts as nc


@pytest.fixture(scope="module")
def survey():
    return nmt.load("nps_survey")


@pytest.fixture(scope="module")
def orders():
    return nmt.load("orders")


@pytest.fixture(scope="module")
def users():
    return nmt.load("users")


# --------------------------------------------------------------------------- data

def test_survey_table_is_small_valid_and_joins_users(survey, users):
    assert (nmt.datasets.data_dir() / "nps_survey.csv").stat().st_size < 300_000
    assert survey["response_id"].is_unique
    assert survey["score"].between(0, 10).all()
    assert set(survey["user_id"]) <= set(users["user_id"])
    assert survey["submitted_at"].dt.year.eq(2025).all()
    assert 0.1 < survey["reason"].isna().mean() < 0.3


def test_november_trap_inflates_nps_until_deduped(survey):
    clean = nc.dedupe_survey(survey)
    assert 150 < len(survey) - len(clean) < 400
    raw, dedup = nc.nps_by_month(survey), nc.nps_by_month(clean)
    assert raw.loc["2025-11", "nps"] - dedup.loc["2025-11", "nps"] > 0.1
    others = dedup.drop("2025-11")
    assert (raw.drop("2025-11")["nps"] - others["nps"]).abs().max() < 0.03
    # the summer dip is real: its interval lies below the spring months'
    assert dedup.loc["2025-07", "high"] < dedup.loc["2025-05", "low"]


# --------------------------------------------------------------------------- growth, conversion

def test_follower_growth_adds_up():
    g = nc.follower_growth(nmt.load("followers"))
    assert list(g.index) == [f"2025-{m:02d}" for m in range(1, 13)]
    assert (g["net"] == g["new"] - g["churned"]).all()
    assert (g["start"].shift(-1).dropna() == (g["start"] + g["net"]).iloc[:-1]).all()
    assert g["churn_rate"].lt(0.03).all()  # calibration: monthly churn under 3 %
    with pytest.raises(ValueError, match="快手"):
        nc.follower_growth(nmt.load("followers"), platform="快手")


def test_conversion_denominators():
    b = nmt.load("user_behaviour")
    c = nc.conversion(b).iloc[0]
    assert c["conversion"] == pytest.approx((b["orders"] > 0).mean())
    assert c["repeat_rate"] == pytest.approx((b["orders"] >= 2).sum() / (b["orders"] >= 1).sum())
    by = nc.conversion(b, by=pd.Series(np.where(b["orders"] > 0, "x", "y")))
    assert math.isnan(by.loc["y", "repeat_rate"]) and by.loc["x", "conversion"] == 1


def test_signups_peak_in_the_fission_month(users):
    s = nc.signups(users)
    assert s.idxmax() == "2025-09" and s.sum() == (users["registered_at"] >= "2025-01-01").sum()


# --------------------------------------------------------------------------- cohorts

def test_retention_matrix_shape(orders):
    m = nc.retention_matrix(orders)
    assert m.shape == (12, 12) and (m[0] == 1).all()
    assert m.loc["2025-12"].iloc[1:].isna().all() and m.loc["2025-01"].notna().all()
    assert ((m.fillna(0) >= 0) & (m.fillna(0) <= 1)).all().all()
    n = nc.retention_matrix(orders, counts=True)
    assert n[0].sum() == nc.valid_orders(orders)["user_id"].nunique()
    q = nc.retention_matrix(orders, "季")
    assert q.shape == (4, 4)
    with pytest.raises(ValueError, match="周"):
        nc.retention_matrix(orders, "周")


def test_old_members_retain_better_than_new(orders, users):
    new = nc.retention_view(orders, users, "月", "2025 年新注册会员")
    old = nc.retention_view(orders, users, "月", "2025 年以前注册的老会员")
    assert old["month1"] > new["month1"]
    assert sum(new["sizes"].values()) + sum(old["sizes"].values()) == nc.valid_orders(orders)["user_id"].nunique()


# --------------------------------------------------------------------------- NPS, feedback

def test_nps_and_interval():
    assert nc.nps([9, 10, 7, 8, 0, 6]) == pytest.approx(0)
    v, lo, hi = nc.nps_ci([10] * 60 + [5] * 40)
    assert v == pytest.approx(0.2) and lo < 0.2 < hi
    assert hi - lo == pytest.approx(2 * 1.959964 * math.sqrt((1 - 0.04) / 100), rel=1e-4)
    with pytest.raises(ValueError, match="11"):
        nc.nps([11, 9])


def test_keywords_split_by_group(survey):
    clean = nc.dedupe_survey(survey)
    kw = nc.keywords_by_group(clean["reason"], nc.nps_group(clean["score"]), n=6)
    assert set(kw.columns) == set(nc.NPS_GROUPS)
    assert "外卖" in kw["贬损者"].tolist() and "外卖" not in kw["推荐者"].tolist()


def test_sentiment_trend_rows_sum_to_one():
    t = nc.sentiment_trend(nmt.load("comments"))
    assert np.allclose(t[["正面", "中性", "负面"]].sum(axis=1), 1)
    assert t.loc["2025-01":"2025-12", "负面"].idxmax() == "2025-08"


def test_retention_panel_updates_without_browser(orders, users):
    p = nc.retention_panel(orders, users, nmt.load("user_behaviour"))
    assert len(p.figure.data[0].y) == 12
    p.controls["freq"].value = "季"
    assert len(p.figure.data[0].y) == 4
    p.controls["segment"].value = "福利群成员"
    assert "福利群成员" in p.card.value
