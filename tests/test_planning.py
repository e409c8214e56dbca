"""nmt_lab.planning: calendars from lunar-python, pillar mix, workload, headline tests, panels."""

import pandas as pd
import pytest
from lunar_python import Lunar

import nmt_lab as nmt
from nmt_lab import planning as pl


@pytest.fixture(scope="module")
def plan():
    return nmt.load("content_plan")


@pytest.fixture(scope="module")
def staff():
    return nmt.load("staff")


@pytest.fixture(scope="module")
def tests_table():
    return nmt.load("headline_tests")


# ----------------------------------------------------------------------------- calendar

@pytest.mark.parametrize("year", [2024, 2025, 2026, 2027, 2033])
def test_lunar_festivals_match_lunar_python(year):
    f = pl.lunar_festivals(year).set_index("name")["date"]
    for name, (m, d) in {"端午节": (5, 5), "七夕节": (7, 7), "中秋节": (8, 15), "重阳节": (9, 9)}.items():
        assert f[name] == Lunar.fromYmd(year, m, d).getSolar().toYmd()
    spring = pd.Timestamp(Lunar.fromYmd(year, 1, 1).getSolar().toYmd())
    assert f["春节"] == f"{spring:%Y-%m-%d}"
    assert pd.Timestamp(f["除夕"]) == spring - pd.Timedelta(days=1)
    assert all(str(d).startswith(str(year)) for d in f)


def test_known_dates_2025_2026():
    f25 = pl.lunar_festivals(2025).set_index("name")["date"]
    # the course's 2025 data put 七夕 on 08-29 and 中秋 on 10-06: the computed calendar agrees
    assert (f25["七夕节"], f25["中秋节"], f25["春节"]) == ("2025-08-29", "2025-10-06", "2025-01-29")
    f26 = pl.lunar_festivals(2026).set_index("name")["date"]
    assert (f26["春节"], f26["元宵节"], f26["端午节"], f26["入伏"]) == (
        "2026-02-17", "2026-03-03", "2026-06-19", "2026-07-15")


def test_a_lunar_year_with_two_la_ba_days_in_one_solar_year():
    # 腊八 of lunar 2024 falls in January 2025; of lunar 2025 in January 2026: one each
    assert (pl.lunar_festivals(2025)["name"] == "腊八节").sum() == 1


@pytest.mark.parametrize("year", [2025, 2026, 2030])
def test_24_solar_terms(year):
    t = pl.solar_terms(year)
    assert len(t) == 24 and t["name"].nunique() == 24
    assert t["date"].is_monotonic_increasing
    assert t.set_index("name").loc["冬至", "date"][5:7] == "12"


def test_calendar_lead_time_and_filters():
    cal = pl.event_calendar(2026)
    assert set(cal["kind"]) == set(pl.KINDS)
    row = cal.set_index("name").loc["双11"]
    assert row["tier"] == "S" and row["lead_days"] == 45 and row["plan_by"] == "2026-09-27"
    same = pl.event_calendar(2026, lead_days=7)
    assert (same["lead_days"] == 7).all()
    custom = pl.event_calendar(2026, lead_days={"A": 30}).set_index("name")
    assert custom.loc["元宵节", "plan_by"] == "2026-02-01" and custom.loc["春节", "lead_days"] == 45
    with pytest.raises(ValueError, match="节点或分级"):
        pl.event_calendar(2026, lead_days={"元旦节": 3})
    with pytest.raises(ValueError, match="年份"):
        pl.event_calendar("2026")


def test_month_events_and_plans_to_start():
    cal = pl.event_calendar(2026)
    assert "春节" in list(pl.month_events(cal, "2026-02")["name"])
    with pytest.raises(ValueError, match="YYYY-MM"):
        pl.month_events(cal, "2026-2")
    start = pl.plans_to_start(cal, "2026-08", min_tier="S")
    assert set(start["name"]) == {"品牌周年日", "中秋节", "国庆节"}
    with pytest.raises(ValueError, match="分级"):
        pl.plans_to_start(cal, "2026-08", min_tier="SS")


def test_plan_status():
    s = pl.plan_status(pl.event_calendar(2026), "2026-02-20").set_index("name")
    assert s.loc["春节", "status"] == "已过" and s.loc["元宵节", "status"] == "策划中"
    assert s.loc["端午节", "status"] == "未到策划期"


def test_lunar_date_errors():
    assert pl.lunar_date(2026, 8, 15) == "2026-09-25"
    with pytest.raises(ValueError, match="只有 29 天"):
        pl.lunar_date(2026, 12, 30)


# ----------------------------------------------------------------------------- plan

def test_content_mix_counts_items_not_tasks(plan):
    mix = pl.content_mix(plan)
    assert mix["items"].sum() == plan["item_id"].nunique() < len(plan)
    assert mix["gap"].idxmin() == "茶知识"  # the drift the notebook asks about
    assert abs(mix["target"].sum() - 1) < 1e-9


@pytest.mark.parametrize("total", [0, 1, 7, 11, 21, 100])
def test_allocate_adds_up(total):
    q = pl.allocate(total, pl.pillars()["share"])
    assert int(q.sum()) == total and (q >= 0).all()
    assert (abs(q - pl.pillars()["share"] * total) < 1).all()


def test_allocate_rejects_bad_input():
    with pytest.raises(ValueError, match="非负整数"):
        pl.allocate(2.5, {"a": 1})
    with pytest.raises(ValueError, match="占比"):
        pl.allocate(3, {"a": 0, "b": 0})


# ----------------------------------------------------------------------------- workload

def test_workload_grid_and_overload(plan, staff):
    load = pl.workload(plan, staff)
    assert len(load) == plan["week"].nunique() * len(staff)
    assert load["hours"].sum() == pytest.approx(plan["hours"][plan["owner"].notna()].sum())
    over = load[load["overloaded"]]
    assert not over.empty and (over["hours"] > over["capacity"]).all()


def test_workload_names_unknown_owner(plan, staff):
    bad = plan.copy()
    bad.loc[bad.index[0], "owner"] = "张三"
    with pytest.raises(ValueError, match="张三"):
        pl.workload(bad, staff)


def test_assign_fills_by_skill_and_rebalance_reduces_overload(plan, staff):
    done = pl.assign(plan, staff)
    assert done["owner"].notna().all()
    skills = {r.name: set(r.skills.split("|")) for r in staff.itertuples()}
    auto = done[done["change"] == "自动分配"]
    assert all(t in skills[o] for t, o in zip(auto["task"], auto["owner"], strict=True))
    before = pl.workload(done, staff)
    balanced = pl.assign(plan, staff, rebalance=True)
    after = pl.workload(balanced, staff)
    assert after["overloaded"].sum() < before["overloaded"].sum()
    assert after["hours"].sum() == pytest.approx(plan["hours"].sum())
    moved = balanced[balanced["change"].str.startswith("调整")]
    assert all(t in skills[o] for t, o in zip(moved["task"], moved["owner"], strict=True))
    assert plan["owner"].isna().any()  # the input is not modified


def test_schedule_grid(plan):
    g = pl.schedule_grid(plan, "2026-02-16")
    assert g.shape[1] == 7 and "周子航" in "".join(g.to_numpy().ravel())
    with pytest.raises(ValueError, match="周"):
        pl.schedule_grid(plan, "2026-02-17")


# ----------------------------------------------------------------------------- headlines

def test_headline_test_matches_two_proportion_z():
    from math import sqrt

    from scipy.stats import norm
    t = pd.DataFrame({"test_id": "X", "variant": ["A", "B"], "impressions": [5000, 5200], "clicks": [400, 480]})
    r = pl.headline_test(t, "X")
    p1, p2 = 400 / 5000, 480 / 5200
    pool = 880 / 10200
    z = (p2 - p1) / sqrt(pool * (1 - pool) * (1 / 5000 + 1 / 5200))
    assert r["p_value"] == pytest.approx(2 * norm.sf(abs(z)), rel=1e-9)
    assert r["best"] == "B" and r["runner_up"] == "A"


@pytest.mark.parametrize("clicks,shown", [([400, 480], [5000, 5200]), ([3, 9], [260, 262]), ([0, 5], [100, 100]),
                                          ([343, 469], [11793, 12186])])
def test_chi_square_p_matches_scipy(clicks, shown):
    import numpy as np
    from scipy.stats import chi2_contingency
    table = np.column_stack([clicks, np.array(shown) - np.array(clicks)])
    want = chi2_contingency(table, correction=False)[1]
    assert pl._chi2_2x2_p(np.array(clicks, float), np.array(shown, float)) == pytest.approx(want, rel=1e-9)


def test_headline_traps(tests_table):
    s = pl.headline_summary(tests_table)
    assert s.loc["H05", "winner"] == "无显著差异" and s.loc["H05", "lift"] > 0.3  # too small a sample
    assert "最" in s.loc["H04", "best_headline"] and s.loc["H04", "winner"] == "无显著差异"
    assert s.loc["H01", "winner"] == "B"
    with pytest.raises(ValueError, match="测试编号"):
        pl.headline_test(tests_table, "H99")


def test_headline_test_edge_cases():
    zero = pd.DataFrame({"test_id": "Z", "variant": ["A", "B"], "impressions": [100, 100], "clicks": [0, 0]})
    assert pl.headline_test(zero, "Z")["winner"] == "无显著差异"
    one = zero.iloc[:1]
    with pytest.raises(ValueError, match="两个版本"):
        pl.headline_test(one, "Z")


# ----------------------------------------------------------------------------- hot topics, novelty

def test_hot_watch_filters_relevance():
    h = pl.hot_watch(nmt.load("hot_topics"), "2025-09-29", "2025-10-05", min_relevance=0.8)
    assert (h["brand_relevance"] >= 0.8).all() and "茶叶蛋" not in h.index
    with pytest.raises(ValueError, match="早于"):
        pl.hot_watch(nmt.load("hot_topics"), "2025-10-05", "2025-09-29")


def test_repeated_titles(plan):
    r = pl.repeated_titles(plan, nmt.load("posts"))
    assert 20 <= len(r) <= 60 and r["item_id"].is_unique and (r["times_used"] >= 1).all()


# ----------------------------------------------------------------------------- panels

def test_calendar_panel_draws_and_updates():
    p = pl.calendar_panel(2026, "2026-02")
    assert len(p.figure.data[0].y) == len(pl.month_events(pl.event_calendar(2026), "2026-02"))
    p.controls["kinds"].value = ("节气",)
    assert all("（" in y for y in p.figure.data[0].y) and len(p.figure.data[0].y) == 2
    p.controls["kinds"].value = ()
    assert "至少" in p.card.value


def test_calendar_view_lead_slider_moves_start():
    a = pl.calendar_view(2026, "2026-02", ["传统节日"], {"S": 45})
    b = pl.calendar_view(2026, "2026-02", ["传统节日"], {"S": 60})
    i = a["names"].index("春节")
    assert pd.Timestamp(a["starts"][i]) - pd.Timestamp(b["starts"][i]) == pd.Timedelta(days=15)


def test_workload_panel_modes(plan, staff):
    p = pl.workload_panel(plan, staff, week="2026-02-16")
    assert "周子航" in p.card.value
    red = list(p.figure.data[0].marker.color).count("#c0392b")
    p.controls["mode"].value = "balance"
    assert list(p.figure.data[0].marker.color).count("#c0392b") <= red
    v = pl.workload_view(plan, staff, "2026-02-16", "assign")
    assert v["unassigned"] == 0
    with pytest.raises(ValueError, match="模式"):
        pl.workload_view(plan, staff, "2026-02-16", "magic")


# ----------------------------------------------------------------------------- display

def test_chinese_labels_keep_schema_labels_and_name_planning_columns(plan, staff):
    assert list(pl.chinese(staff).columns)[:2] == ["人员编号", "姓名"]
    cal = pl.chinese(pl.event_calendar(2026).head(2))
    assert {"名称", "最晚启动策划", "提前天数"} <= set(cal.columns)
    changes = pl.chinese(pl.assign(plan, staff).head(1))
    assert "调整" in changes.columns and "环比变化" not in changes.columns
    styled = pl.show(pl.content_mix(plan)).to_html()
    assert "%" in styled and "目标占比" in styled


# ----------------------------------------------------------------------------- the notebook

@pytest.mark.notebook
def test_i2_1_reruns_for_another_year_and_week(tmp_path):
    import nbformat
    import papermill

    from tests.conftest import REPO
    out = tmp_path / "I2-1_2027.ipynb"
    papermill.execute_notebook(
        str(REPO / "notebooks/intermediate/I2-1_content_planning.ipynb"), str(out),
        parameters={"year": 2027, "month": "2027-01", "week": "2026-03-02", "today": "2027-01-20"},
        cwd=str(tmp_path), kernel_name="python3", progress_bar=False)
    nb = nbformat.read(str(out), as_version=4)
    text = "".join(str(o.get("text", "")) for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    assert "2027 年端午节： 2027-06-09" in text and "2027-02-20" in text  # 元宵节 2027
