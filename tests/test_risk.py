"""nmt_lab.risk: review levels, risk register, crisis detection on the mentions table, timeline."""

import doctest

import pandas as pd
import pytest

import nmt_lab as nmt
from nmt_lab import risk
from nmt_lab.datagen.risk import CRISIS_ONSET, LOTTERY_DAYS


def test_doctests():
    assert doctest.testmod(risk).failed == 0


@pytest.fixture(scope="module")
def mentions():
    return nmt.load("mentions")


def test_mentions_table_adds_up(mentions):
    assert (mentions["positive"] + mentions["neutral"] + mentions["negative"] == mentions["mentions"]).all()
    assert mentions["date"].is_monotonic_increasing and mentions["date"].diff().dropna().dt.days.eq(1).all()


@pytest.mark.parametrize("method,h", [("cusum", 4), ("cusum", 5), ("cusum", 8), ("ewma", 3)])
def test_planted_onset_found_within_a_day(mentions, method, h):
    onset = risk.crisis_onset(mentions, "weighted", h=h, method=method)
    assert onset is not None
    assert abs((pd.Timestamp(onset) - CRISIS_ONSET).days) <= 1


def test_quiet_periods_and_the_lottery_are_not_flagged(mentions):
    table = risk.detect_crisis(mentions, "weighted", h=5)
    alarms = set(table.loc[table["alarm"], "date"])
    before = {d for d in alarms if d < CRISIS_ONSET - pd.Timedelta(days=1)}
    after = {d for d in alarms if d > CRISIS_ONSET + pd.Timedelta(days=14)}
    assert not before and not after
    assert not alarms & set(LOTTERY_DAYS)


def test_raw_volume_mistakes_the_lottery_for_a_crisis(mentions):
    assert pd.Timestamp(risk.crisis_onset(mentions, "mentions", h=5)) == LOTTERY_DAYS[0]


def test_threshold_trades_misses_for_false_alarms(mentions):
    low = risk.crisis_view(mentions, 2)["n_alarms"]
    high = risk.crisis_view(mentions, 12)["n_alarms"]
    assert low > high > 0
    assert risk.crisis_view(mentions, 500)["onset"] is None


def test_mention_series_from_comments():
    s = risk.mention_series(nmt.load("comments"))
    assert s["date"].diff().dropna().dt.days.eq(1).all()
    assert s["mentions"].sum() == len(nmt.load("comments").dropna(subset=["sentiment"]))
    assert (risk.weighted_volume(s) <= s["mentions"]).all()


def test_draft_review_levels():
    review = risk.draft_review(nmt.load("drafts")).set_index("draft_id")
    assert review.loc["D02", "risk_level"] == "高" and review.loc["D02", "n_levels"] == 3
    assert review.loc["D04", "risk_level"] == "中"  # a lottery needs a second look even without a hit
    assert review.loc["D01", "steps"] == "初审"
    with pytest.raises(ValueError, match="风险等级"):
        risk.review_steps("极高")


def test_register_scores_and_matrix():
    reg = risk.score_risks(nmt.load("risk_register"))
    assert reg["score"].is_monotonic_decreasing
    assert set(reg.loc[reg["level"] == "高", "risk_id"]) == {"K09", "K11"}
    assert reg.loc[reg["owner"].isna(), "risk_id"].tolist() == ["K11"]
    m = risk.risk_matrix(reg)
    assert m.to_numpy().sum() == len(reg) and list(m.index) == [5, 4, 3, 2, 1]
    fig = risk.risk_heatmap(reg)
    assert fig.data[0].z.shape == (5, 5)
    with pytest.raises(ValueError, match="1–5"):
        risk.score_risks(pd.DataFrame({"probability": [60], "impact": [3]}))


def test_timeline_and_late_steps():
    t = risk.response_timeline(nmt.load("crisis_playbook"), "2025-07-09 22:30")
    assert t.loc[t["step_id"] == "P4", "due"].iloc[0] == pd.Timestamp("2025-07-10 02:30")
    assert t.loc[t["golden"], "step_id"].tolist() == ["P1", "P2", "P3", "P4"]
    late = risk.late_steps(t, {"P1": "2025-07-09 22:40", "P4": "2025-07-11 10:00"})
    assert late["step_id"].tolist() == ["P4"]
    with pytest.raises(ValueError, match="步骤编号"):
        risk.late_steps(t, {"P9": "2025-07-10"})


def test_crisis_panel_updates(mentions):
    panel = risk.crisis_panel(mentions)
    assert "07-09" in panel.card.value
    panel.controls["column"].value = "提及总量"
    assert "06-18" in panel.card.value
    panel.controls["h"].value = 20
    assert len(panel.figure.data[1].x) <= 4
