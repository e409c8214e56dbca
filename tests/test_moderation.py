"""nmt_lab.moderation: lexicon versions, scanning, the classifier, the case workflow and the
threshold panel (logic without a browser). No timing asserts."""

import pandas as pd
import pytest

import nmt_lab as nmt
from nmt_lab import moderation as m
from tests.conftest import REPO


@pytest.fixture(scope="module")
def comments():
    return nmt.load("comments")


def test_versions_apply_changes_in_order():
    v10, v14 = m.lexicon_at("v1.0"), m.lexicon_at("v1.4")
    assert len(v10) == len(nmt.load("sensitive_words"))
    assert v14["word"].is_unique
    assert "躺平" in set(v10["word"]) and "躺平" not in set(v14["word"])      # deleted in v1.3
    assert "暖宫" not in set(m.lexicon_at("v1.3")["word"]) and "暖宫" in set(v14["word"])
    row = m.lexicon_at("v1.1").set_index("word").loc["转发抽奖"]
    assert row["severity"] == "低" and m.lexicon_at("v1.2").set_index("word").loc["转发抽奖", "severity"] == "中"
    assert m.lexicon_at() .equals(v14)
    pending = set(nmt.load("lexicon_changes").query("status == '待审批'")["word"])
    assert pending and not pending & set(v14["word"])                        # proposals never applied


def test_unknown_version_names_the_valid_ones():
    with pytest.raises(ValueError, match="v1.0、v1.1"):
        m.lexicon_at("v2.0")
    with pytest.raises(ValueError, match="可用的词库版本"):
        m.diff("1.2", "v1.3")


def test_versions_and_diff_agree():
    table = m.versions()
    changes = nmt.load("lexicon_changes")
    assert table[["新增", "修改", "删除", "白名单"]].sum().sum() == (changes["status"] == "已发布").sum()
    assert len(m.diff("v1.0", "v1.4")) == (changes["status"] == "已发布").sum()
    assert m.diff("v1.3", "v1.3").empty


def test_add_change_is_a_new_version_and_validates():
    changes = nmt.load("lexicon_changes")
    new = m.add_change(changes, "神马玩意", "新增", "辱骂不文明", "中", "审核反馈", "谐音变体漏检")
    assert len(new) == len(changes) + 1 and len(changes) == 19               # input untouched
    assert m.version_list(new)[-1] == "v1.5"
    assert "神马玩意" in set(m.lexicon_at("v1.5", changes=new)["word"])
    with pytest.raises(ValueError, match="词类"):
        m.add_change(changes, "x", "新增", "政治", "中", "审核反馈", "r")
    with pytest.raises(ValueError, match="理由"):
        m.add_change(changes, "x", "新增", "低俗", "中", "审核反馈", " ")
    with pytest.raises(ValueError, match="例外"):
        m.add_change(changes, "滚烫烫", "白名单", "白名单", "低", "审核反馈", "r", allow_list_of="烫手")


def test_review_change_rejects_deleting_real_reviews():
    changes = nmt.load("lexicon_changes")
    verdict = {r.word: m.review_change(r._asdict()) for r in changes[changes["status"] == "待审批"].itertuples()}
    assert verdict["好评截图领"] == []
    assert verdict["难喝"] and verdict["踩雷"] and "电子商务法" in verdict["难喝"][0]


def test_scan_uses_comment_categories_and_allow_list(comments):
    demo = pd.DataFrame({"comment_id": ["a", "b", "c", "d"],
                         "text": ["溪山柠檬茶是我心中的No.1", "今天又是被龙井奶绿治愈的一天", "滚烫的奶茶", "滚！"]})
    hits = m.scan(demo, m.lexicon_at("v1.4"))
    assert hits["comment_id"].tolist() == ["d"]                              # ad words not checked in comments
    all_cats = m.scan(demo, m.lexicon_at("v1.0"), categories=None)
    assert set(all_cats["comment_id"]) == {"a", "b", "d"}                   # v1.0 had no 治愈的一天 allow list
    assert "b" not in set(m.scan(demo, m.lexicon_at("v1.1"), categories=None)["comment_id"])
    flagged = m.flag(comments)
    assert flagged.index.equals(comments.index) and flagged.dtype == bool
    assert 300 < flagged.sum() < 1500


def test_naive_and_automaton_find_the_same(comments):
    texts = comments["text"].head(500).tolist()
    words = m.lexicon_at()["word"].tolist()
    assert m.naive_find(texts, words) == m.ac_find(texts, words)


def test_bench_prints_both_figures_and_ratio(capsys):
    import runpy
    import sys
    argv = sys.argv
    sys.argv = ["bench/moderation.py", "--copies", "1", "--lexicon", "1"]
    try:
        runpy.run_path(str(REPO / "bench" / "moderation.py"), run_name="__main__")
    finally:
        sys.argv = argv
    out = capsys.readouterr().out
    assert "逐词查找" in out and "AC 自动机" in out and "×" in out


def test_classifier_trains_on_q1_and_beats_chance(comments):
    train, test = m.split(comments)
    assert not (train & test).any() and (train | test).all()
    for target in m.TARGETS:
        model = m.train(comments, target)
        y = m.labels(comments, target)[test]
        e = m.evaluate(y, model.scores(comments.loc[test, "text"]) >= 0.5)
        assert e["precision"] > 0.7 and e["recall"] > 0.6, (target, e)
    assert not model.top_words(5).empty


def test_evaluate_and_confusion_edge_cases():
    assert m.evaluate([False, False], [False, False])["precision"] == 0.0
    with pytest.raises(ValueError, match="一一对应"):
        m.evaluate([True], [True, False])
    with pytest.raises(ValueError, match="True/False"):
        m.evaluate(["是", "否"], [True, False])
    c = m.confusion([True, True, False], [True, False, False], "负面")
    assert c.loc["实际负面", "判为负面"] == 1 and c.loc["实际负面", "判为非负面"] == 1
    with pytest.raises(ValueError, match="识别目标"):
        m.labels(pd.DataFrame({"sentiment": []}), "谣言")


def test_threshold_trades_precision_for_recall():
    y = [True, True, True, False, False, False]
    s = [0.9, 0.7, 0.3, 0.6, 0.2, 0.1]
    t = m.threshold_table(y, s, [0.15, 0.5, 0.8])
    assert t["recall"].is_monotonic_decreasing
    assert t["precision"].iloc[-1] == 1.0
    with pytest.raises(ValueError, match="0 到 1"):
        m.threshold_view(y, s, 1.5)


def test_threshold_panel_updates_without_a_browser():
    y = [True, True, False, False]
    s = [0.9, 0.4, 0.6, 0.1]
    panel = m.threshold_panel(y, s, 0.5, texts=["a", "b", "c", "d"])
    assert "查准率 <b>50.0%</b>" in panel.card.value and "误报" in panel.card.value
    panel.controls["threshold"].value = 0.3
    assert "查全率 <b>100.0%</b>" in panel.card.value
    assert list(panel.figure.data[2].x) == [0.3, 0.3]


def test_case_queue_priority_deadline_overdue():
    cases = pd.DataFrame({
        "case_id": ["A", "B", "C", "D"], "severity": ["一般", "严重", "较重", "一般"],
        "likes": [0, 0, 0, 150],
        "detected_at": pd.to_datetime(["2025-08-01 10:00"] * 4),
        "handled_at": pd.to_datetime(["2025-08-02 09:00", "2025-08-01 15:00", None, "2025-08-01 11:00"]),
    })
    q = m.case_queue(cases, now="2025-08-03 00:00")
    assert q["case_id"].tolist() == ["B", "C", "D", "A"]  # D spreads: P3 → P2, after C (earlier deadline)
    got = q.set_index("case_id")
    assert got.loc["B", "deadline"] == pd.Timestamp("2025-08-01 14:00")
    assert got["overdue"].to_dict() == {"B": True, "D": False, "C": True, "A": False}
    early = m.case_queue(cases, now="2025-08-01 12:00", spread_likes=None).set_index("case_id")
    assert not early.loc["C", "overdue"]                                     # open, but not yet late
    with pytest.raises(ValueError, match="严重程度"):
        m.case_queue(cases.assign(severity="紧急"))


def test_case_data_story():
    q = m.case_queue(nmt.load("negative_cases"))
    s = m.overdue_summary(q)
    assert (s["overdue_rate"].between(0, 1)).all()
    copyright_cases = q[q["issue"] == "版权侵权"]
    assert len(copyright_cases) == 3 and copyright_cases["overdue"].sum() == 2
    august = q[q["detected_at"].dt.strftime("%Y-%m-%d").between("2025-08-12", "2025-08-15")]
    assert august["overdue"].mean() > 2 * q["overdue"].mean()              # the incident backlog


def test_threshold_panel_switches_targets(comments):
    sets = m.holdout(comments)
    panel = m.threshold_panel(sets, threshold=0.5, target="违规")
    before = list(panel.figure.data[0].y)
    panel.controls["target"].value = "负面"
    assert list(panel.figure.data[0].y) != before and "负面" in panel.figure.layout.title.text
    assert "判为负面" in panel.card.value
    with pytest.raises(ValueError, match="识别目标"):
        m.threshold_panel(sets, target="谣言")
