"""Campaign planning (I3-1): SMART goals, tasks and dependencies, Gantt, creative check, budget, panels."""

import pandas as pd
import pytest

from nmt_lab import load
from nmt_lab import planning as pl


@pytest.fixture(scope="module")
def history():
    return load("posts"), load("orders")


@pytest.fixture(scope="module")
def plan():
    return load("campaign_plan")


@pytest.fixture(scope="module")
def budget():
    return load("budget_plan")


def _goal(**kw):
    g = {"goal_id": "G", "goal": "目标", "centre": "用户", "metric": "下单用户数", "target": 600,
         "start": "2025-06-01", "end": "2025-06-14"}
    g.update(kw)
    return pd.DataFrame([g])


# ----------------------------------------------------------------------------- goals

def test_every_planning_name_of_the_old_module_is_still_reachable():
    for name in ["event_calendar", "lunar_date", "content_mix", "workload", "assign", "headline_test",
                 "calendar_panel", "workload_panel", "chinese", "show", "rules", "strategy", "_chi2_2x2_p"]:
        assert hasattr(pl, name), name


def test_campaign_labels_leave_the_content_labels_alone():
    from importlib import import_module
    content_labels = {"goal": "服务目标", "category": "类别", "target": "目标占比", "days": "上榜天数"}
    import_module("nmt_lab.planning.budget")
    assert {k: pl.LABELS[k] for k in content_labels} == content_labels
    assert "title" not in pl.LABELS   # content tables show the course label 标题


def test_metric_history_is_the_mean_of_the_windows_before(history):
    posts, orders = history
    got = pl.metric_history("内容分享数", "2025-06-01", "2025-06-14", posts, orders, windows=1)
    t = pd.to_datetime(posts["published_at"])
    want = posts.loc[(t >= "2025-05-18") & (t < "2025-06-01"), "shares"].sum()
    assert got == pytest.approx(want)


def test_new_product_history_uses_earlier_launches_only(history):
    posts, orders = history
    # before the 杨梅冰茶 launch there are two launches (明前龙井鲜茶, 芝士葡萄); the 10-day mean is 91.5
    assert pl.metric_history("新品销量", "2025-06-05", "2025-06-14", posts, orders) == 91.5


@pytest.mark.parametrize("change, letter", [
    ({"metric": None}, "S"), ({"metric": "销量"}, "S"), ({"target": None}, "M"), ({"target": -5}, "M"),
    ({"target": "很多"}, "M"), ({"target": 5000}, "A"), ({"centre": "产品"}, "R"), ({"end": None}, "T"),
    ({"end": "2025-05-01"}, "T"),
])
def test_smart_check_names_the_failing_letter(history, change, letter):
    r = pl.smart_check(_goal(**change), *history).iloc[0]
    assert not r[letter] and not r["smart"]
    assert r["finding"] and "符合 SMART" not in r["finding"]


def test_smart_check_passes_a_good_goal_and_respects_max_lift(history):
    ok = pl.smart_check(_goal(), *history).iloc[0]
    assert ok["smart"] and 1 < ok["ratio"] <= 2
    strict = pl.smart_check(_goal(), *history, max_lift=1.1).iloc[0]
    assert not strict["A"] and "1.1 倍" in strict["finding"]
    low = pl.smart_check(_goal(target=100), *history).iloc[0]
    assert low["smart"] and "偏保守" in low["finding"]


def test_smart_check_rejects_missing_columns(history):
    with pytest.raises(KeyError, match="target"):
        pl.smart_check(_goal().drop(columns="target"), *history)


# ----------------------------------------------------------------------------- plan

def test_the_plan_carries_its_two_traps(plan):
    staff = load("staff")
    assert pl.owner_issues(plan, staff)["task_id"].tolist() == ["T08"]
    assert pl.dependency_issues(plan)["task_id"].tolist() == ["T06"]
    stranger = plan.assign(owner=plan["owner"].replace("孙小满", "王大锤"))
    assert "王大锤" in pl.owner_issues(stranger, staff)["problem"].str.cat()


def test_dependency_rules(plan):
    p = plan.copy()
    p.loc[p["task_id"] == "T13", "depends_on"] = "T99"
    assert "T99 不在计划里" in pl.dependency_issues(p)["problem"].str.cat()
    # a task may start on the day of a milestone it depends on, not on the last day of an ordinary task
    p = plan.copy()
    p.loc[p["task_id"] == "T17", "start"] = "2025-06-10"
    assert "T17" in set(pl.dependency_issues(p)["task_id"])


def test_phase_table_and_workstreams(plan):
    ph = pl.phase_table(plan)
    assert ph["length"].sum() == 34 and ph["tasks"].sum() == len(plan)
    ws = pl.workstream_table(plan)
    assert ws.to_numpy().sum() == len(plan) and list(ws.columns) == pl.PHASES


def test_reschedule_keeps_the_end_and_stays_in_phase(plan):
    p = pl.reschedule(plan, {"筹备": 10, "爆发": 8})
    assert max(p["end"]) == "2025-06-14"
    first = pd.Timestamp("2025-06-14") - pd.Timedelta(days=4 + 8 + 4 + 10 - 1)
    assert min(p["start"]) == f"{first:%Y-%m-%d}"
    assert (pd.to_datetime(p["end"]) - pd.to_datetime(p["start"])).equals(
        pd.to_datetime(plan["end"]) - pd.to_datetime(plan["start"]))   # tasks keep their length
    assert (p["end"] >= p["start"]).all()
    assert pl.reschedule(plan, {})[["start", "end"]].equals(plan[["start", "end"]].astype(str))
    with pytest.raises(ValueError, match="至少 1 天"):
        pl.reschedule(plan, {"预热": 0})
    with pytest.raises(ValueError, match="阶段"):
        pl.reschedule(plan, {"上线": 3})


def test_squeezing_preparation_creates_conflicts(plan):
    assert len(pl.schedule_view(plan, {"筹备": 8})["issues"]) > len(pl.dependency_issues(plan))


def test_gantt_has_one_bar_per_task_and_milestones(plan):
    fig = pl.gantt(plan)
    bars = [t for t in fig.data if t.type == "bar"]
    assert sum(len(t.y) for t in bars) == len(plan)
    assert len(fig.data[-1].x) == int(plan["milestone"].sum())


def test_promotion_plan_and_creative_check():
    promo = pl.promotion_plan(load("campaign_channels"))
    assert promo.loc["公众号预热推文", "预热"] == "✓" and promo.loc["公众号预热推文", "爆发"] == ""
    c = pl.creative_check(pl.ideas())
    assert "全网第一" in c.set_index("idea_id").loc["C3", "terms"]
    assert pl.creative_check(pl.ideas(), min_novelty=5)["verdict"].tolist().count("可用") == 0


# ----------------------------------------------------------------------------- budget

def test_budget_lines_totals_and_shares(budget):
    b = pl.budget_lines(budget)
    assert b["amount"].sum() == pytest.approx(31770)
    assert b["share"].sum() == pytest.approx(1)
    half = pl.budget_lines(budget, {"付费推广": 0.5})
    assert half["amount"].sum() == pytest.approx(31770 - 5250)
    with pytest.raises(ValueError, match="比例"):
        pl.budget_lines(budget, {"物料": -1})


def test_budget_check_and_missing_items(budget):
    b = pl.budget_lines(budget)
    assert pl.budget_check(b) == {"total": 31770.0, "cap": 30000.0, "over_by": 1770.0, "ok": False}
    assert pl.budget_check(b, cap=40000)["ok"]
    channels = load("campaign_channels")
    full = pd.concat([budget, pd.DataFrame([{"line_id": "B11", "item": "社群", "category": "预备金",
                                             "channel_code": "local-group", "unit_cost": 1, "quantity": 1}])])
    assert pl.missing_items(full, channels).empty
    summary = pl.budget_summary(b, by="phase")
    assert summary["amount"].sum() == pytest.approx(31770)


def test_budget_view_adds_a_reserve(budget):
    v = pl.budget_view(budget, {}, reserve=0.1)
    assert v["total"] == pytest.approx(31770 * 1.1)
    assert "预备金" in v["categories"]
    fits = pl.budget_view(budget, {"付费推广": 0.6, "达人合作": 0.8}, reserve=0.05)
    assert fits["ok"]


# ----------------------------------------------------------------------------- panels

def test_panels_update_without_a_browser(plan, budget):
    sp = pl.schedule_panel(plan)
    sp.controls["d0"].value = 8
    assert "冲突" in sp.card.value and sp.figure.layout.title.text.startswith("筹备从 2025-05-")
    bp = pl.budget_panel(budget)
    assert "超支" in bp.card.value
    bp.controls["paid"].value = 0.5
    assert "在预算内" in bp.card.value
