"""The comments generator and the review lexicon: contract, label rates, built-in quirks."""

import json
import re
from pathlib import Path

import ahocorasick
import numpy as np
import pandas as pd
import pytest

from nmt_lab.datagen.comments import generate_comments
from nmt_lab.datagen.lexicon import generate_sensitive_words

SCHEMA = Path(__file__).resolve().parent.parent / "nmt_lab" / "data" / "schema"
PLATFORMS = ["微信公众号", "视频号", "微博", "抖音", "小红书", "B站", "头条号"]
TOPICS = ["新品", "活动", "节日", "茶知识", "门店", "热点", "品牌故事"]
FLAGS = ["is_question", "is_complaint", "is_sales_lead", "is_spam", "is_abusive",
         "has_personal_data", "is_pin_worthy"]
# written independently of the generator's own pattern
PERSONAL = re.compile(r"1[3-9]\d[ -]?\d{4}[ -]?\d{4}|wx_\w{3,}|(?:微信号?|vx|VX|V信|薇信)\s*[:：]?\s*"
                      r"[A-Za-z]\w{5,}|订单号?\s*[:：]?\s*[A-Z]*\d{8,}|[路街道巷弄]\d+号")


def _schema(table):
    return json.loads((SCHEMA / f"{table}.json").read_text("utf-8"))


def fake_inputs(n_posts=700, n_users=5000, seed=1):
    r = np.random.default_rng(seed)
    posts = pd.DataFrame({
        "post_id": [f"P{i:05d}" for i in range(n_posts)],
        "platform": r.choice(PLATFORMS, n_posts),
        "published_at": pd.Timestamp("2025-01-01")
        + pd.to_timedelta(r.integers(0, 365 * 86400, n_posts), unit="s"),
        "comments": np.floor(r.lognormal(2.8, 1.2, n_posts)).astype(int),
        "topic": r.choice(TOPICS, n_posts),
    })
    users = pd.DataFrame({"user_id": [f"U{i:06d}" for i in range(n_users)],
                          "platform": r.choice(PLATFORMS, n_users)})
    return posts, users


@pytest.fixture(scope="module")
def inputs():
    return fake_inputs()


@pytest.fixture(scope="module")
def comments(inputs):
    return generate_comments(*inputs, np.random.default_rng(0))


@pytest.fixture(scope="module")
def words():
    return generate_sensitive_words()


# ------------------------------------------------------------------ comments: contract
def test_columns_follow_the_schema(comments):
    sch = _schema("comments")
    assert list(comments.columns) == [c["name"] for c in sch["columns"]]
    for col in sch["columns"]:
        if col["dtype"] == "category":
            assert set(comments[col["name"]].dropna()) <= set(col["values"]), col["name"]
        if col["dtype"] == "bool":
            assert comments[col["name"]].dtype == bool, col["name"]
    assert comments["comment_id"].is_unique
    assert comments["likes"].min() >= 0
    labels = [c["label"] for c in sch["columns"]]
    assert len(set(labels)) == len(labels)


def test_size_and_determinism(inputs, comments):
    posts, _ = inputs
    assert len(comments) == min(posts["comments"].sum(), 8000)
    again = generate_comments(*inputs, np.random.default_rng(0))
    pd.testing.assert_frame_equal(comments, again)
    small = generate_comments(posts.head(20), inputs[1], np.random.default_rng(0))
    assert len(small) == posts.head(20)["comments"].sum()


def test_times_follow_the_post(inputs, comments):
    published = inputs[0].set_index("post_id")["published_at"].reindex(comments["post_id"])
    delay = (comments["created_at"].to_numpy() - published.to_numpy()) / np.timedelta64(1, "h")
    assert (delay > 0).all()
    assert (delay <= 48).mean() > 0.8
    assert comments["created_at"].max() <= pd.Timestamp("2026-01-02 23:59:59")
    assert comments["created_at"].is_monotonic_increasing


def test_label_rates_are_realistic(comments):
    share = comments["sentiment"].value_counts(normalize=True)
    assert 0.45 < share["正面"] < 0.65 and 0.2 < share["中性"] < 0.4 and 0.1 < share["负面"] < 0.2
    rates = comments[FLAGS].mean()
    assert 0.08 < rates["is_question"] < 0.17
    assert 0.05 < rates["is_complaint"] < 0.11
    assert 0.015 < rates["is_sales_lead"] < 0.05
    assert 0.025 < rates["is_spam"] < 0.06
    assert 0.007 < rates["is_abusive"] < 0.03
    assert 0.02 <= rates["has_personal_data"] <= 0.04
    assert 0.015 < rates["is_pin_worthy"] < 0.05


def test_labels_agree_with_each_other(comments):
    c = comments
    assert (c.loc[c["is_complaint"] | c["is_abusive"], "sentiment"] == "负面").all()
    assert (c.loc[c["is_spam"], "department"] == "无").all()
    assert (c.loc[c["is_pin_worthy"], "sentiment"] == "正面").all()
    assert not (c["is_pin_worthy"] & (c["is_spam"] | c["is_abusive"])).any()
    assert (c.loc[c["is_sales_lead"] & ~c["reply_to"].notna(), "department"] != "无").all()


def test_texts_are_varied_and_messy(comments):
    text = comments["text"]
    assert text.nunique() / len(text) >= 0.7
    assert text.str.strip().str.len().between(1, 120).all()
    assert (text != text.str.strip()).sum() >= 10           # stray spaces
    assert text.str.strip().isin(["。", "👍"]).sum() >= 3    # empty-ish
    doubled = comments.duplicated(["post_id", "user_id", "text"], keep=False)
    assert doubled.sum() >= 4                                # double posts
    bots = comments[comments["is_spam"]].groupby("text")["user_id"].nunique()
    assert bots.max() >= 2                                   # same ad from several accounts


def test_replies_point_to_earlier_comments_on_the_same_post(comments):
    rep = comments[comments["reply_to"].notna()]
    assert 0.01 < len(rep) / len(comments) < 0.08
    parent = comments.set_index("comment_id").loc[rep["reply_to"]]
    assert (parent["post_id"].to_numpy() == rep["post_id"].to_numpy()).all()
    assert (parent["created_at"].to_numpy() < rep["created_at"].to_numpy()).all()


def test_complaint_burst_is_visible(comments):
    negative = comments[comments["sentiment"] == "负面"]
    days = pd.date_range("2025-01-01", "2025-12-31")
    daily = negative.groupby(negative["created_at"].dt.normalize()).size().reindex(days, fill_value=0)
    assert daily.max() > 5 * max(daily.median(), 1)
    assert pd.Timestamp("2025-08-12") <= daily.idxmax() <= pd.Timestamp("2025-08-14")


def test_personal_data_flag_matches_the_text(comments):
    found = comments["text"].str.contains(PERSONAL)
    flagged = comments["has_personal_data"]
    assert found[flagged].all()
    assert not found[~flagged].any()


def test_no_comments_without_posts(inputs):
    posts, users = inputs
    empty = generate_comments(posts.assign(comments=0), users, np.random.default_rng(0))
    assert len(empty) == 0 and list(empty.columns) == [c["name"] for c in
                                                        _schema("comments")["columns"]]


# ------------------------------------------------------------------ lexicon
def test_lexicon_follows_the_schema(words):
    sch = _schema("sensitive_words")
    assert list(words.columns) == [c["name"] for c in sch["columns"]]
    values = {c["name"]: c.get("values") for c in sch["columns"]}
    assert set(words["category"]) <= set(values["category"])
    assert set(words["severity"]) <= set(values["severity"])
    assert 150 <= len(words) <= 250
    for col in ("word", "category", "severity", "note", "source"):
        assert words[col].notna().all(), col
    assert words["word"].str.casefold().is_unique
    assert pd.testing.assert_frame_equal(words, generate_sensitive_words()) is None


def test_allow_list_rows_name_a_banned_word_they_contain(words):
    allow = words[words["category"] == "白名单"]
    banned = words[words["category"] != "白名单"]
    assert len(allow) >= 15
    assert banned["allow_list_of"].isna().all()
    assert allow["allow_list_of"].isin(banned["word"]).all()
    assert all(b in w for w, b in zip(allow["word"], allow["allow_list_of"], strict=True))


def test_lexicon_is_classroom_safe_and_covers_each_category(words):
    counts = words["category"].value_counts()
    assert (counts[["广告极限词", "虚假功效", "引流联系方式", "辱骂不文明"]] >= 20).all()
    assert (counts[["不良价值观", "诱导分享", "低俗"]] >= 8).all()
    ad = words[words["category"] == "广告极限词"]
    for group in ("「最」", "「一/第一」", "「级别」", "「极限」", "「稀缺」", "「独家」", "「首/家/国」"):
        assert ad["note"].str.contains(group, regex=False).any(), group


def _automaton(words):
    auto = ahocorasick.Automaton()
    for w, cat in zip(words["word"].str.casefold(), words["category"], strict=True):
        auto.add_word(w, (w, cat))
    auto.make_automaton()
    return auto


def test_ahocorasick_finds_banned_words_and_allow_list_matches(words):
    auto = _automaton(words)
    hits = {w for _, (w, _c) in auto.iter("我们家的奶茶最好喝")}
    assert {"最", "最好", "最好喝"} <= hits
    cats = {c for _, (_w, c) in auto.iter("最近天天喝")}
    assert "白名单" in cats


def test_lexicon_flags_the_spam_and_most_abuse(words, comments):
    auto = _automaton(words)

    def categories(text):
        return {c for _, (_w, c) in auto.iter(text.casefold())}

    spam = comments.loc[comments["is_spam"], "text"]
    assert all(categories(t) & {"引流联系方式", "虚假功效"} for t in spam)
    abusive = comments.loc[comments["is_abusive"], "text"]
    assert np.mean(["辱骂不文明" in categories(t) for t in abusive]) > 0.85
