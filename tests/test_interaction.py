"""nmt_lab.interaction: activity counts people not rows, trends smooth sums, word counts, rules
checked against the labels, masking before sharing, and the two panels without a browser."""

import numpy as np
import pandas as pd
import pytest

import nmt_lab as nmt
from nmt_lab import interaction as it
from nmt_lab import text as tx


@pytest.fixture(scope="module")
def posts():
    return nmt.load("posts")


@pytest.fixture(scope="module")
def comments():
    return nmt.load("comments")


def test_interactions_match_the_interaction_rate_definition(posts):
    rate = nmt.metrics.RATES["interaction_rate"]
    assert tuple(it.INTERACTIONS) == rate.numerators
    month = posts[posts["published_at"].dt.strftime("%Y-%m") == "2025-06"]
    want = nmt.summarize(month).iloc[0]["interaction_rate"]
    assert it.interactions(month).sum() / month["reads"].sum() == pytest.approx(want)


def test_daily_activity_counts_people_once_a_day_and_lists_every_day(comments):
    act = it.daily_activity(comments, "抖音", "2025-06")
    assert len(act) == 30 and act.index[0] == pd.Timestamp("2025-06-01")
    rows = comments[(comments["platform"] == "抖音") & (comments["created_at"].dt.strftime("%Y-%m") == "2025-06")]
    assert act["comments"].sum() == len(rows)
    assert (act["users"] <= act["comments"]).all()
    busiest = act["users"].idxmax()
    assert act.loc[busiest, "users"] == rows[rows["created_at"].dt.normalize() == busiest]["user_id"].nunique()
    assert act["comments"].max() > act["users"].max()  # a super-fan comments many times a day


def test_hourly_activity_has_24_hours(comments):
    h = it.hourly_activity(comments, "小红书")
    assert list(h.index) == list(range(24))
    assert h["comments"].sum() == (comments["platform"] == "小红书").sum()


def test_trend_view_smooths_rates_as_sum_over_sum(posts, comments):
    v = it.trend_view(posts, comments, "小红书", "interaction_rate", 7)
    year = posts[(posts["platform"] == "小红书") & (posts["published_at"].dt.year == 2025)]
    assert v["average"] == pytest.approx(nmt.summarize(year).iloc[0]["interaction_rate"])
    assert None in v["raw"]                 # days without posts are gaps, not NaN (JSON safe)
    assert all(t is None or 0 <= t < 1 for t in v["trend"])
    wide = it.trend_view(posts, comments, "小红书", "interaction_rate", 365)
    middle = wide["trend"][182]
    assert middle == pytest.approx(v["average"], rel=0.1)


@pytest.mark.parametrize("metric", ["like_rate", "interactions", "users"])
def test_trend_view_for_every_metric(posts, comments, metric):
    v = it.trend_view(posts, comments, "全部平台", metric, 14)
    assert len(v["dates"]) == len(v["raw"]) == len(v["trend"]) == 365
    assert v["is_rate"] == (metric == "like_rate")


def test_bad_choices_name_the_value_and_list_the_valid_ones(posts, comments):
    with pytest.raises(ValueError, match='平台 "快手" 不存在；可用的平台有：全部平台、'):
        it.daily_activity(comments, "快手")
    with pytest.raises(ValueError, match='指标 "互动率" 不存在；可用的指标有：interaction_rate'):
        it.trend_view(posts, comments, "抖音", "互动率", 7)
    with pytest.raises(ValueError, match='月份 "2025-13" 不存在'):
        it.daily_activity(comments, "抖音", "2025-13")
    with pytest.raises(ValueError, match='情感 "差评" 不存在'):
        it.keyword_view(comments, "抖音", "差评")
    with pytest.raises(TypeError, match="词的列表"):
        tx.match_any(comments["text"], "团购")
    with pytest.raises(ValueError, match="同一张评论表"):
        tx.rule_quality([True], [True, False])


def test_tokens_drop_stop_words_codes_single_characters_and_numbers():
    assert tx.tokens("哈哈哈 真的 太好喝了[赞] 第2杯 80杯") == ["好喝"]
    assert "龙井奶绿" in tx.tokens("龙井奶绿yyds")  # course words stay whole


def test_word_counts_count_each_comment_once():
    table = tx.word_counts(pd.Series(["外卖外卖外卖", "外卖洒了", "排队好久"]), n=5)
    assert table.set_index("word").loc["外卖", "comments"] == 2
    assert table["share"].max() == pytest.approx(2 / 3)


def test_keywords_use_jieba_tfidf_without_stop_words(comments):
    words = tx.keywords(comments.loc[comments["sentiment"] == "负面", "text"], n=10)
    assert len(words) == 10 and "外卖" in words
    assert not set(words) & tx.STOP_WORDS


def test_sentiment_summary_rows_sum_to_one(comments):
    s = it.sentiment_summary(comments)
    assert np.allclose(s[["正面", "中性", "负面"]].sum(axis=1), 1)
    assert s["comments"].sum() == len(comments)


def test_rules_are_checked_against_the_labels(comments):
    leads = tx.rule_quality(it.find_leads(comments["text"]), comments["is_sales_lead"])
    assert leads["precision"] >= 0.8 and leads["recall"] >= 0.8
    fb = tx.rule_quality(it.find_feedback(comments["text"])["feedback"], comments["department"] != "无")
    assert fb["precision"] >= 0.8 and fb["recall"] >= 0.8
    assert not (it.find_feedback(comments["text"])["feedback"] & comments["is_spam"]).any()
    # a too-broad rule: high recall is easy, precision is not
    broad = tx.rule_quality(it.find_leads(comments["text"], ["钱", "买", "店"]), comments["is_sales_lead"])
    assert broad["precision"] < 0.3


def test_masking_leaves_no_personal_data_in_the_course_comments(comments):
    personal = comments[comments["has_personal_data"]]
    assert tx.has_personal(personal["text"]).mean() > 0.9
    masked = personal["text"].map(tx.mask_text)
    assert not tx.has_personal(masked).any()
    sheet = it.for_sharing(personal, ["platform", "text"])
    assert list(sheet.columns) == ["platform", "text"] and not tx.has_personal(sheet["text"]).any()
    assert personal["text"].iloc[0] != sheet["text"].iloc[0]  # the input is not changed in place


def test_trend_panel_updates_when_a_control_moves(posts, comments):
    panel = it.trend_panel(posts, comments, "抖音", "interaction_rate", 7)
    raw, trend = list(panel.figure.data[0].y), list(panel.figure.data[1].y)
    panel.controls["window"].value = 30
    assert list(panel.figure.data[0].y) == raw
    assert list(panel.figure.data[1].y) != trend
    panel.controls["platform"].value = "小红书"
    assert "小红书" in panel.figure.layout.title.text and list(panel.figure.data[0].y) != raw
    panel.controls["metric"].value = "users"
    assert panel.figure.layout.yaxis.tickformat == "," and "日互动用户数" in panel.card.value


def test_keyword_panel_updates_when_a_control_moves(comments):
    panel = it.keyword_panel(comments, "全部平台", "负面", 10)
    negative = list(panel.figure.data[0].y)
    assert len(negative) == 10
    panel.controls["sentiment"].value = "正面"
    assert list(panel.figure.data[0].y) != negative and "正面" in panel.figure.layout.title.text
    panel.controls["n"].value = 20
    assert len(panel.figure.data[0].y) == 20
