"""The comment queue (nmt_lab.comments): rules work from the text, are measured against the
labels, the hand-over file hides personal data, anomalies find the August burst, and the two
panels react to their controls."""

import re

import numpy as np
import pandas as pd
import pytest

import nmt_lab as nmt
from nmt_lab import comments as cm
from nmt_lab import text as tx
from nmt_lab.datagen.comments import PERSONAL_DATA_RE

LABELS = ["sentiment", "is_question", "is_complaint", "is_sales_lead", "is_spam", "is_abusive",
          "has_personal_data", "department", "is_pin_worthy"]


@pytest.fixture(scope="module")
def comments():
    return nmt.load("comments")


@pytest.fixture(scope="module")
def queue(comments):
    return cm.triage(comments)


# ------------------------------------------------------------------ rules: text only, measured on labels
def test_queue_does_not_read_the_labels(comments, queue):
    shuffled = comments.copy()
    rng = np.random.default_rng(0)
    for col in LABELS:
        shuffled[col] = shuffled[col].to_numpy()[rng.permutation(len(shuffled))]
    pd.testing.assert_frame_equal(cm.triage(shuffled), queue)
    assert set(LABELS) & set(queue.columns) == {"department"}  # the rule's routing, not the label
    pd.testing.assert_frame_equal(cm.triage(comments.drop(columns=LABELS)), queue)


def test_a_second_run_is_cached_and_safe_to_change(comments, queue):
    again = cm.triage(comments)
    again.loc[again.index[0], "spam"] = True
    pd.testing.assert_frame_equal(cm.triage(comments), queue)


def test_rules_are_good_but_not_perfect(comments, queue):
    ev = cm.evaluate(queue, comments)
    assert ev.loc["personal_data", ["precision", "recall"]].tolist() == [1.0, 1.0]
    assert ev.loc["spam", "recall"] == 1.0 and ev.loc["spam", "precision"] > 0.95
    for rule in ["question", "complaint", "lead", "abusive", "negative", "handover", "pin_candidate"]:
        assert ev.loc[rule, "precision"] > 0.8 and ev.loc[rule, "recall"] > 0.8, rule
    # the lesson of the notebook: keyword rules have blind spots
    assert ev.loc["complaint", "precision"] < 0.9 and ev.loc["complaint", "recall"] < 0.96
    assert ev.loc["lead", "precision"] < 0.9


def test_extra_words_raise_recall_and_bad_rule_names_are_named(comments, queue):
    base = cm.evaluate(queue, comments).loc["complaint"]
    better = cm.evaluate(cm.triage(comments, extra={"complaint": ["没以前好喝", "太稀"]}), comments).loc["complaint"]
    assert better["recall"] > base["recall"] + 0.01 and better["precision"] >= base["precision"] - 0.01
    with pytest.raises(ValueError, match="规则 \"投诉\" 不存在；可用的规则有：question"):
        cm.triage(comments, extra={"投诉": ["x"]})


def test_variants_and_allow_list():
    flags = cm.text_flags(pd.Series(["垃 圾", "LJ品牌", "杯子怎么垃圾分类？", "滚烫的热饮什么时候上？",
                                     "送到一滴没洒，赞"]))
    assert flags["abusive"].tolist() == [True, True, False, False, False]
    assert not flags.loc[4, "complaint"]  # a negated complaint word is no complaint


def test_a_customer_leaving_a_wechat_id_is_a_lead_not_spam():
    f = cm.text_flags(pd.Series(["想加盟，求联系方式，微信号wx_lemon5707，加我详聊",
                                 "低价出溪山礼品卡，九折，vx：teacoco70"]))
    assert f["spam"].tolist() == [False, True]
    assert f["lead"].tolist() == [True, False]
    assert f["personal_data"].tolist() == [True, True]


def test_every_comment_gets_one_category_and_an_action(queue):
    assert queue["category"].notna().all() and set(queue["category"].cat.categories) == set(cm.CATEGORIES)
    assert queue["action"].str.len().gt(0).all()
    routed = queue[queue["handover"] & (queue["category"] != "垃圾广告")]
    assert routed.apply(lambda r: f"移交{r['department']}" in r["action"], axis=1).all()
    assert (queue.loc[queue["pin_candidate"], "pin_score"] >= cm.PIN_THRESHOLD).all()
    assert (queue.loc[queue["negative"] | queue["spam"], "pin_score"] == 0).all()


def test_missing_column_is_named():
    with pytest.raises(KeyError, match='列 "text" 不在数据中'):
        cm.triage(pd.DataFrame({"comment_id": ["C1"], "likes": [0]}))


# ------------------------------------------------------------------ personal data
def test_masking_removes_every_piece_of_personal_data(comments):
    masked = comments["text"].map(tx.mask_personal)
    assert not masked.str.contains(tx.PERSONAL_DATA).any()
    assert not masked.str.contains(PERSONAL_DATA_RE).any()  # the generator's own definition
    clean = ~comments["has_personal_data"]
    assert (masked[clean] == comments.loc[clean, "text"]).all()
    assert tx.mask_personal("+86 188 0000 5794") == "+86 188 **** 5794"


def test_handover_file(tmp_path, queue):
    path = tmp_path / "out" / "移交清单.csv"
    table = cm.handover(queue, path)
    assert path.exists() and path.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel-friendly BOM
    back = pd.read_csv(path, encoding="utf-8-sig")
    assert list(back.columns) == list(cm.HANDOVER_COLUMNS.values())
    assert len(back) == len(table) == int(queue["handover"].sum())
    assert "无" not in set(back["转交部门"])
    assert not back["评论内容（已打码）"].str.contains(PERSONAL_DATA_RE).any()
    rank = back["优先级"].map({"高": 0, "中": 1, "低": 2})
    assert (rank.groupby(back["转交部门"]).diff().dropna() >= 0).all()  # complaints first in every department


# ------------------------------------------------------------------ anomalies
def test_share_finds_the_burst_and_counts_find_busy_days(queue):
    table = cm.daily(queue)
    assert table.index.is_monotonic_increasing and table.index.freq == "D"
    share = cm.anomalies(table, "negative_share", k=3)
    assert [f"{d:%m-%d}" for d in share.index[share["flagged"]]] == ["08-12", "08-13", "08-14"]
    count = cm.anomalies(table, "negative", k=3)
    days = {f"{d:%m-%d}" for d in count.index[count["flagged"]]}
    assert {"08-12", "08-13", "08-14", "06-03"} <= days and len(days) > 10
    lower = cm.anomalies(table, "negative_share", k=2)
    assert lower["flagged"].sum() > share["flagged"].sum()


def test_anomaly_arguments_are_checked(queue):
    with pytest.raises(ValueError, match='指标 "负面" 不存在'):
        cm.anomalies(cm.daily(queue), "负面")
    with pytest.raises(ValueError, match="k 应大于 0"):
        cm.anomalies(cm.daily(queue), k=0)


def test_keywords_of_the_burst(queue):
    burst = queue[queue["created_at"].between("2025-08-12", "2025-08-15") & queue["negative"]]
    words = tx.keywords(burst["text"], 8)
    assert {"杨梅冰茶", "外卖"} <= set(words) and "溪山" not in words


def test_negative_on_takes_the_flagged_days_as_dates_or_strings(queue):
    flags = cm.anomalies(cm.daily(queue), "negative_share", k=3)
    by_index = cm.negative_on(queue, flags.index[flags["flagged"]])
    by_text = cm.negative_on(queue, ["2025-08-12", "2025-08-13", "2025-08-14"])
    assert by_index.index.equals(by_text.index) and len(by_text) > 100
    assert by_text["negative"].all()
    assert cm.negative_on(queue, []).empty


def test_department_table_lists_the_keywords_in_matching_order():
    table = cm.department_table()
    assert list(table.index) == list(cm.DEPARTMENT_WORDS)
    assert table.loc["产品"].iloc[0].startswith("甜、糖") and table.loc["产品"].iloc[0].endswith("……")


# ------------------------------------------------------------------ fans
def test_fan_table_flags_bots_and_top_fans_leave_them_out(comments, queue):
    fans = cm.fan_table(queue, nmt.load("followers"), "小红书")
    bots = set(comments.loc[comments["is_spam"] & (comments["platform"] == "小红书"), "user_id"])
    assert set(fans.index[fans["is_bot"]]) >= bots
    naive = fans.sort_values("comments", ascending=False).head(20)
    assert naive["is_bot"].any()  # the trap the notebook shows
    top = cm.top_fans(fans, 10)
    assert len(top) == 10 and not top["is_bot"].any()
    assert (top["abusive_comments"] <= 0.1 * top["comments"]).all()
    assert top["score"].is_monotonic_decreasing
    with pytest.raises(ValueError, match='平台 "快手" 不存在'):
        cm.fan_table(queue, nmt.load("followers"), "快手")


# ------------------------------------------------------------------ replies
def test_check_reply():
    good = "您好，非常抱歉给您带来不好的体验！已私信您核实订单，我们会尽快处理并反馈给门店改进。"
    assert cm.check_reply(good) == []
    assert any("个人信息" in p or "手机号" in p for p in cm.check_reply(good + "您的手机号13800001234"))
    assert any("审核词" in p for p in cm.check_reply("感谢反馈，我们是最好的奶茶，已私信您核实处理"))
    assert any("下一步" in p for p in cm.check_reply("非常抱歉给您带来不好的体验，真的很抱歉很抱歉"))
    assert cm.check_reply(None) == ["回复应该是一段文字（字符串），你给出的是 NoneType。"]


# ------------------------------------------------------------------ volume
def test_stress_batch_really_differs_and_is_fast(comments):
    big = cm.stress_batch(comments, copies=4)
    assert len(big) == 4 * len(comments) and big["comment_id"].is_unique
    assert big["text"].nunique() > 3 * comments["text"].nunique()
    result = cm.speed_test(big)
    assert result["rows"] == 32000 and result["seconds"] < 10
    assert result["by_hand_hours"] == pytest.approx(32000 * 10 / 3600, abs=0.1)


def test_copies_group_the_advertising_campaigns(queue):
    c = cm.copies(queue)
    assert c["copies"].sum() == queue["spam"].sum()
    assert (c["copies"] > 1).sum() == 12 and (c.loc[c["copies"] > 1, "accounts"] >= 3).all()
    assert not c["example"].str.contains(tx.PERSONAL_DATA).any()


# ------------------------------------------------------------------ panels (no browser)
def test_queue_panel_reacts_to_its_controls(queue):
    panel = cm.queue_panel(queue, platform="小红书", category="投诉", n=5)
    bars, table = list(panel.figure.data[0].y), panel.table.value
    assert "投诉" in table and "小红书" in panel.figure.layout.title.text
    panel.controls["platform"].value = "抖音"
    assert list(panel.figure.data[0].y) != bars
    panel.controls["category"].value = "置顶候选"
    assert panel.table.value != table and "置顶或精选" in panel.table.value
    panel.controls["n"].value = 3
    assert panel.table.value.count("<tr") == 4  # header + 3 rows
    assert not re.search(PERSONAL_DATA_RE, panel.table.value)


def test_queue_view_checks_its_choices(queue):
    with pytest.raises(ValueError, match='类别 "好评" 不存在'):
        cm.queue_view(queue, category="好评")


def test_anomaly_panel_threshold_moves_the_line_and_the_flagged_days(queue):
    panel = cm.anomaly_panel(queue, metric="negative", k=3)
    line, marks, card = list(panel.figure.data[1].y), list(panel.figure.data[2].x), panel.card.value
    panel.controls["k"].value = 6
    assert None in line  # the first days have no baseline yet: a gap, not NaN (invalid JSON)
    assert max(v for v in panel.figure.data[1].y if v is not None) > max(v for v in line if v is not None)
    assert len(panel.figure.data[2].x) < len(marks) and panel.card.value != card
    panel.controls["metric"].value = "negative_share"
    assert panel.figure.layout.yaxis.tickformat == ".0%"
    assert max(panel.figure.data[0].y) <= 1
