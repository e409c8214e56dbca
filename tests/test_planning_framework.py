"""nmt_lab.planning.framework (A2-1): goal tree, positioning gaps, 5W2H check, plan document, goal panel."""

import doctest

import pandas as pd
import pytest

import nmt_lab as nmt
from nmt_lab.planning import framework as fw


@pytest.fixture(scope="module")
def posts():
    return nmt.load("posts")


@pytest.fixture(scope="module")
def staff():
    return nmt.load("staff")


@pytest.fixture(scope="module")
def levels(posts):
    q = fw.quarter_info()
    return {"platform": fw.history_shares(posts, "new_followers", "platform", "2025-01-01", "2025-12-31",
                                          keep=q["platforms"]),
            "month": fw.history_shares(posts, "new_followers", "month", "2025-01-01", "2025-03-31", as_year=2026),
            "pillar": nmt.planning.pillars()["share"]}


def test_doctests():
    result = doctest.testmod(fw, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0 and result.attempted > 20


def test_exports_reach_the_package():
    for name in ["goal_tree", "tree_check", "plan_check", "plan_document", "goal_panel", "need_coverage"]:
        assert getattr(nmt.planning, name) is getattr(fw, name)


def test_history_shares_sum_to_one_and_follow_keep(posts):
    s = fw.history_shares(posts, "new_followers", "platform", "2025-01-01", "2025-12-31", keep=["抖音", "微博"])
    assert list(s.index) == ["抖音", "微博"] and s.sum() == pytest.approx(1)
    with pytest.raises(ValueError, match="快手"):
        fw.history_shares(posts, "new_followers", "platform", keep=["快手"])
    with pytest.raises(ValueError, match="拆分维度"):
        fw.history_shares(posts, by="weekday")


@pytest.mark.parametrize("goal", [0, 1, 97, 1100, 1234])
def test_largest_remainder_tree_adds_up_at_every_level(levels, goal):
    tree = fw.goal_tree(goal, levels)
    assert len(tree) == 5 * 3 * 7 and tree["target"].sum() == goal
    assert fw.tree_check(tree, goal)["ok"]
    by_platform = fw.level_totals(tree, "platform")
    for platform, g in tree.groupby("platform"):
        assert g.groupby("month")["target"].sum().sum() == by_platform[platform]


def test_round_method_drifts_and_check_reports_it(levels):
    tree = fw.goal_tree(1100, levels, method="round")
    c = fw.tree_check(tree, 1100)
    assert not c["ok"] and c["drift"] == c["total"] - 1100 != 0


def test_goal_tree_rejects_bad_input():
    with pytest.raises(ValueError, match="非负整数"):
        fw.goal_tree(10.5, {"a": {"x": 1}})
    with pytest.raises(ValueError, match="拆分方法"):
        fw.goal_tree(10, {"a": {"x": 1}}, method="floor")
    with pytest.raises(ValueError, match="占比"):
        fw.goal_tree(10, {"a": {"x": -1, "y": 2}})


def test_tree_figure_nodes_sum_to_parents(levels):
    fig = fw.tree_figure(fw.goal_tree(1100, levels))
    t = fig.data[0]
    values = dict(zip(t.ids, t.values, strict=True))
    assert values["目标"] == 1100
    children = pd.Series(t.values, index=t.parents).drop("", errors="ignore").groupby(level=0).sum()
    for parent, total in children.items():
        assert total == values[parent]


def test_work_plan_has_owner_and_month_dates(levels, staff):
    wp = fw.work_plan(fw.goal_tree(1100, levels), staff)
    assert len(wp) == 15 and wp["target"].sum() == 1100
    assert (wp["owner"] != "").all() and set(wp["owner"]) <= set(staff["name"])
    assert (pd.to_datetime(wp["start"]) <= pd.to_datetime(wp["due"])).all()
    assert wp.loc[wp["month"] == "2026-02", "due"].eq("2026-02-28").all()


def test_positioning_gap_and_orphans():
    plan = nmt.load("content_plan")
    cov = fw.need_coverage(fw.positioning(), plan)
    assert set(cov["status"]) <= {"空白", "薄弱", "已覆盖"}
    assert cov.loc[cov["status"] == "空白", "persona"].tolist() == ["沉睡老客"]
    orphans = fw.orphan_items(fw.positioning(), plan)
    assert orphans["platform"].value_counts().idxmax() == "微博"
    # an item is either serving a need or an orphan
    served = fw.need_coverage(fw.positioning().assign(pillars="、".join(nmt.planning.pillars().index),
                                                      platforms="微博"), plan)["items"].iloc[0]
    assert served == (orphans["platform"] == "微博").sum()


def test_topic_evidence_flags_the_viral_topic(posts):
    e = fw.topic_evidence(posts, "reads", start="2025-01-01", end="2025-12-31")
    assert e.index[0] == "热点" and e.loc["热点", "top_share"] > 0.3
    assert e.loc["热点", "mean_without_top"] < e.loc["热点", "mean"]


def test_ideas_rank_with_the_course_scoring():
    ranked = nmt.scoring.decision_matrix(fw.ideas_matrix(), fw.idea_weights(), {"cost": "cost"})
    assert ranked.index[0] == "明前头采：跟着溪山去茶园" and len(ranked) == 8
    assert set(fw.criteria()) == set(fw.ideas_matrix().columns)


def _fixed_plan():
    plan = fw.draft_plan()
    plan["who"]["茶园直播"] = "许嘉怡"
    plan["when"]["end"] = "2026-03-29"
    plan["how_much"]["total"] = sum(plan["how_much"]["items"].values())
    plan["how"] += [{"kind": "活动", "ref": "春分", "step": "春分当天门店春茶试饮"},
                    {"kind": "用户", "ref": "沉睡老客", "step": "给沉睡老客发春茶回归券"}]
    return plan


def test_plan_check_finds_the_draft_problems_and_passes_the_fixed_plan(staff):
    issues = fw.plan_check(fw.draft_plan(), staff)
    assert issues["item"].tolist() == ["Who", "When", "How", "How much"]
    assert "王晓明" in issues.loc[0, "problem"] and "2026-02-29" in issues.loc[1, "problem"]
    assert fw.plan_check(_fixed_plan(), staff).empty
    assert fw.draft_plan()["who"]["茶园直播"] == "王晓明", "draft_plan() must hand out a fresh copy"


@pytest.mark.parametrize("change, item, words", [
    (lambda p: p.update(why=""), "Why", "还没有填写"),
    (lambda p: p["when"].update(start="2026-03-30"), "When", "早于"),
    (lambda p: p["when"].update(start="2025-12-20"), "When", "之内"),
    (lambda p: p.update(where=["快手"]), "Where", "快手"),
    (lambda p: p["how_much"]["items"].update(达人笔记合作=9000), "How much", "超过上限"),
    (lambda p: p["how"].append({"kind": "用户", "ref": "路人", "step": "x"}), "How", "路人"),
    (lambda p: p["how"].append("发抖音"), "How", "kind"),
    (lambda p: p.update(how=[s for s in p["how"] if s["kind"] == "内容"]), "How", "缺少 活动、用户"),
])
def test_plan_check_each_rule(staff, change, item, words):
    plan = _fixed_plan()
    change(plan)
    issues = fw.plan_check(plan, staff)
    assert item in issues["item"].tolist(), issues
    assert issues["problem"].str.contains(words).any(), issues


def test_plan_check_rejects_a_non_dict(staff):
    with pytest.raises(TypeError, match="字典"):
        fw.plan_check("What: 春茶", staff)


def test_plan_document_sections_and_html(tmp_path, levels, staff):
    plan = _fixed_plan()
    cov = fw.need_coverage(fw.positioning(), nmt.load("content_plan"))
    doc = fw.plan_document(plan, staff, tree=fw.goal_tree(1100, levels), coverage=cov, on="2025-12-31")
    heads = doc.headings()
    assert heads[:7] == [f"{n}、{h}" for n, h in zip("一二三四五六七", fw.ITEMS_5W2H.values(), strict=True)]
    assert "八、目标拆分" in heads and heads[-1] == "检查结果：5W2H 完整"
    path = doc.save(tmp_path / "plan.html")
    html = path.read_text("utf-8")
    assert "明前头采" in html and "17500" in html and "想起这个老品牌的故事和味道" in html


def test_goal_panel_draws_and_updates(levels):
    p = fw.goal_panel(levels, goal=1100)
    assert p.figure.data[0].values[0] == 1100 and "正好等于" in p.card.value
    p.controls["method"].value = "round"
    assert p.figure.data[0].values[0] != 1100 and "比目标" in p.card.value
    p.controls["goal"].value = 500
    assert "500" in p.figure.layout.title.text
    assert fw.tree_view(levels, 500, "largest_remainder")["values"][0] == 500
