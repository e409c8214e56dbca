"""Tests of nmt_lab.planning.execution: CPM against a published textbook network, RACI checks,
progress and forecast, cadence, budget, the weekly report and the delay panel's logic."""

import pandas as pd
import pytest

from nmt_lab import load
from nmt_lab.planning import execution as ex

# Hillier & Lieberman, Introduction to Operations Research (9th ed., 2010), ch. 10 "Project Management
# with PERT/CPM": the Reliable Construction Co. project. Durations in weeks; the book's critical path is
# START→A→B→C→E→F→J→L→N→FINISH with a length of 44 weeks,; activities D, G, H, M
# have slack 4, I has slack 2 and K slack 1 (its Table 10.2).
RELIABLE = pd.DataFrame([
    ("A", 2, ""), ("B", 4, "A"), ("C", 10, "B"), ("D", 6, "C"), ("E", 4, "C"), ("F", 5, "E"), ("G", 7, "D"),
    ("H", 9, "E|G"), ("I", 7, "C"), ("J", 8, "F|I"), ("K", 4, "J"), ("L", 5, "J"), ("M", 2, "H"),
    ("N", 6, "K|L")], columns=["task_id", "duration", "predecessors"])


def test_cpm_matches_the_textbook_network():
    s = ex.cpm(RELIABLE).set_index("task_id")
    assert ex.project_duration(RELIABLE) == 44
    assert ex.critical_path(RELIABLE) == ["A", "B", "C", "E", "F", "J", "L", "N"]
    assert s["float"].to_dict() == {"A": 0, "B": 0, "C": 0, "D": 4, "E": 0, "F": 0, "G": 4, "H": 4, "I": 2,
                                    "J": 0, "K": 1, "L": 0, "M": 4, "N": 0}
    assert s.loc["H", ["es", "ef", "ls", "lf"]].tolist() == [29, 38, 33, 42]


def test_cpm_dates_and_delays():
    s = ex.cpm(RELIABLE, start="2026-01-05", delays={"D": 3})
    assert s.set_index("task_id").loc["A", "end_date"] == pd.Timestamp("2026-01-06")
    assert ex.project_duration(RELIABLE, {"D": 3}) == 44        # within D's float of 4
    assert ex.project_duration(RELIABLE, {"D": 5}) == 45        # one day past it
    assert "D" in ex.critical_path(RELIABLE, {"D": 5})


def test_cpm_rejects_bad_networks_in_chinese():
    loop = pd.DataFrame({"task_id": ["A", "B"], "duration": [1, 1], "predecessors": ["B", "A"]})
    with pytest.raises(ValueError, match="循环依赖"):
        ex.cpm(loop)
    with pytest.raises(ValueError, match="不在任务表中"):
        ex.cpm(pd.DataFrame({"task_id": ["A"], "duration": [1], "predecessors": ["Z"]}))
    with pytest.raises(ValueError, match="任务编号"):
        ex.cpm(RELIABLE, delays={"Q": 1})


def test_raci_issues_find_each_planted_problem():
    issues = ex.raci_issues(load("exec_raci"), load("staff"))
    assert set(issues["problem"]) == {"多个 A", "没有 R", "R/A 不是团队成员", "R 过多"}
    assert all("E08" in m for m in issues.loc[issues["problem"] == "多个 A", "message"])
    assert issues.loc[issues["problem"] == "R 过多", "person"].tolist() == ["周子航"]
    fixed = load("exec_raci")
    fixed = fixed[~((fixed["task_id"] == "E08") & (fixed["person"] == "林晓雯"))]
    assert "多个 A" not in set(ex.raci_issues(fixed, load("staff"))["problem"])
    bad = pd.DataFrame({"task_id": ["T"], "person": ["主管"], "role": ["X"]})
    assert set(ex.raci_issues(bad, load("staff"))["problem"]) == {"字母无效", "没有 A", "没有 R"}


def test_progress_separates_critical_and_non_critical_delays():
    p = ex.progress(load("exec_tasks"), load("exec_status"), "2026-09-04", "2026-08-24").set_index("task_id")
    assert p.loc["E04", "moves_end"] and p.loc["E04", "slip"] == 4
    assert not p.loc["E09", "moves_end"] and p.loc["E09", "slip"] < p.loc["E09", "float"]
    assert p.loc["E06", "status"] == "等待紧前" and p.loc["E06", "action"] == ""
    assert "报总经理" in p.loc["E04", "action"]
    assert ex.forecast_end(load("exec_tasks"), load("exec_status"), "2026-09-04", "2026-08-24") == \
        pd.Timestamp("2026-09-16")
    early = ex.progress(load("exec_tasks"), load("exec_status"), "2026-08-28", "2026-08-24").set_index("task_id")
    assert early.loc["E04", "blocked_by"] == "研发部" and "联系对方" in early.loc["E04", "action"]


def test_cadence_gaps_and_overlaps():
    c = ex.cadence_check(load("content_series"), load("series_plan"), only_problems=True)
    assert sorted(map(tuple, c[["series_id", "week", "status"]].values.tolist())) == [
        ("S1", "2026-08-17", "缺更"), ("S2", "2026-09-21", "多排"), ("S4", "2026-09-14", "缺更"),
        ("S4", "2026-09-21", "缺更"), ("S5", "2026-09-21", "多排")]
    system = ex.content_system(load("content_series"), load("series_plan"))
    assert system["episodes"].sum() == len(load("series_plan"))


def test_staffing_and_budget():
    a = ex.staffing(load("exec_tasks"), load("staff"), "2026-08-24")
    staff = load("staff").set_index("name")
    for row in a.dropna(subset=["owner"]).itertuples():
        assert row.skill in staff.loc[row.owner, "skills"].split("|")
    s = ex.budget_status(load("exec_resources"), 70000)
    assert s["ok"] and s["committed"] + s["pending"] == s["total"]


def test_weekly_report_and_delay_view():
    r = ex.weekly_report(load("exec_tasks"), load("exec_status"), "2026-09-04", "2026-08-24",
                         issues=ex.raci_issues(load("exec_raci"), load("staff")))
    html = r.to_html()
    assert "E04" in html and "研发部" in html and r.headings()[-1] == "五、责任分工待修正（RACI）"
    owned = ex.weekly_report(load("exec_tasks"), load("exec_status"), "2026-09-04", "2026-08-24",
                             assigned=ex.staffing(load("exec_tasks"), load("staff"), "2026-08-24")).to_html()
    assert "周子航" in owned
    v = ex.delay_view(load("exec_tasks"), "E07", 1, "2026-08-24")
    assert v["moved"] == 0 and v["float"] == 1
    assert ex.delay_view(load("exec_tasks"), "E07", 3, "2026-08-24")["moved"] == 2


def test_delay_panel_redraws_without_a_browser():
    panel = ex.delay_panel(load("exec_tasks"), "2026-08-24")
    panel.controls["task_id"].value = "E09"
    assert "E09 总时差 6 天" in panel.figure.layout.title.text     # picking a task alone redraws
    panel.controls["task_id"].value = "E04"
    panel.controls["days"].value = 3
    assert "推迟 <b" in panel.card.value and "09-15" in panel.figure.layout.title.text


def test_raci_matrix_of_the_course_table():
    m = ex.raci_matrix(load("exec_raci"))
    assert m.loc["E08", "主管"] == "A" and m.loc["E08", "周子航"] == ""
