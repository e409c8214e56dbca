"""nmt_lab.publishing: schedules within frequency limits, reposts, hot-topic materials,
proofreading, post setup, best publishing time, distribution, community pushes — and the
two widgets, tested without a browser."""

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import nmt_lab as nmt
from nmt_lab import platform_rules
from nmt_lab import publishing as pub
from tests.conftest import REPO


@pytest.fixture(scope="module")
def posts():
    return nmt.load("posts")


@pytest.fixture(scope="module")
def hot():
    return nmt.load("hot_topics")


@pytest.fixture(scope="module")
def groups():
    return nmt.load("group_members")


# ------------------------------------------------------------------ schedule
def test_wechat_limits_come_from_the_platform_rules():
    rules = platform_rules.rules("微信公众号", account_type="订阅号")
    per_day = rules[(rules["field"] == "publish_frequency") & (rules["rule_type"] == "max_per_day")]["value"]
    limits = pub.frequency_limits()
    assert limits.loc["微信公众号", "max_per_day"] == int(per_day.iloc[0]) == 1
    assert limits.loc["微信公众号", "per_push"] == 8
    assert "R010" in limits.loc["微信公众号", "basis"]
    with pytest.raises(ValueError, match='排期平台 "快手" 不存在'):
        pub.frequency_limits(["快手"])


def test_theme_plan_wants_a_monday():
    with pytest.raises(ValueError, match="是周三.*2025-08-04"):
        pub.theme_plan("2025-08-06")
    with pytest.raises(ValueError, match="无法识别"):
        pub.theme_plan("下周一")


def test_every_week_of_2025_is_scheduled_within_the_limits(hot):
    for week in pub.week_starts():
        plan = pub.theme_plan(week, hot)
        assert not pub.check_schedule(plan).empty, f"{week}: the raw plan should need fixing"
        schedule = pub.build_schedule(plan)
        assert pub.check_schedule(schedule).empty, week
        assert len(schedule) == len(plan)  # nothing is dropped: what does not fit is 待定
        assert set(schedule["status"]) <= {"按计划", "顺延", "合并群发", "待定（超出频率）"}
        moved = schedule[schedule["status"] == "顺延"]
        assert (moved["publish_at"] > moved["planned_at"]).all()
        assert (schedule["publish_at"] < pd.Timestamp(week) + pd.Timedelta(days=7)).all()


def test_second_wechat_article_joins_the_days_push():
    schedule = pub.build_schedule(pub.theme_plan("2025-08-04"))
    tuesday = schedule[(schedule["platform"] == "微信公众号") & (schedule["day"] == "2025-08-05")]
    assert len(tuesday) == 2 and tuesday["publish_at"].nunique() == 1
    assert "合并群发" in set(tuesday["status"])


def test_weekly_limit_leaves_items_pending():
    plan = pub.theme_plan("2025-08-04")
    limits = pub.frequency_limits()
    limits.loc["抖音", "max_per_week"] = 3
    schedule = pub.build_schedule(plan, limits)
    douyin = schedule[schedule["platform"] == "抖音"]
    assert (douyin["status"] == "待定（超出频率）").sum() == len(douyin) - 3
    assert pub.check_schedule(schedule, limits).empty
    assert "本周" in set(pub.check_schedule(plan, limits)["period"])


def test_calendar_marks_cells_over_the_daily_limit():
    grid = pub.calendar(pub.theme_plan("2025-08-04"), "2025-08-04", ["小红书"])
    assert grid["days"][2] == "08-06 周三"
    assert grid["text"][0][2] == "2/1 ⚠" and grid["over"] == 1


def test_schedule_panel_updates_when_a_control_moves(hot):
    panel = pub.schedule_panel(hot, "2025-08-04")
    z_plan, card_plan = [list(r) for r in panel.figure.data[0].z], panel.card.value
    assert "⚠" in card_plan
    panel.controls["mode"].value = "schedule"
    assert [list(r) for r in panel.figure.data[0].z] != z_plan
    assert "✔" in panel.card.value and "⚠" not in "".join(t for row in panel.figure.data[0].text for t in row)
    panel.controls["week_start"].value = "2025-10-06"
    assert panel.figure.data[0].x[0] == "10-06 周一"
    panel.controls["platforms"].value = ("小红书",)
    assert list(panel.figure.data[0].y) == ["小红书"]


# ------------------------------------------------------------------ reposts
def test_source_status_follows_the_date():
    before = pub.repost_sources("2025-07-15").set_index("name")["status"]
    after = pub.repost_sources("2025-08-04").set_index("name")["status"]
    assert before["杭州生活圈"] == "可转载" and after["杭州生活圈"] == "授权已过期"
    assert after["城市探店君"] == "未授权" and after["江南美食报"] == "需逐篇申请授权"


def test_add_source_keeps_the_lists_date_and_refuses_duplicates():
    sources = pub.add_source(pub.repost_sources("2025-08-04"), name="茶友会", platform="微博", kind="社群",
                             license="单次授权", licensed_until="2025-08-31")
    assert sources.iloc[-1]["source_id"] == "S06" and sources.iloc[-1]["status"] == "可转载"
    with pytest.raises(ValueError, match="已在来源库里"):
        pub.add_source(sources, name="茶友会", platform="微博", kind="社群", license="单次授权")


def test_repost_checks_licence_and_scope():
    with pytest.raises(ValueError, match="授权已过期.*可转载的来源有：茶业周刊、西湖茶研所"):
        pub.repost("R02", "2025-08-04")
    with pytest.raises(ValueError, match="只授权转载到微信公众号"):
        pub.repost("R03", "2025-08-04", platform="微博")
    post = pub.repost("R01", "2025-08-04")
    assert post["text"].startswith("本文转载自微信公众号「茶业周刊」")
    assert not pub.attribution_problems(post["credit"], pub.repost_articles().loc["R01"])


@pytest.mark.parametrize("text, problem", [
    ("本文来自西湖茶研所，作者陈茗，2025-07-30", "转载"),
    ("本文转载自西湖茶研所，2025-07-30", "作者"),
    ("本文转载自西湖茶研所，作者陈茗", "日期或原文链接"),
    ("本文转载自西湖茶研所，作者陈茗，2025-07-30，原创", "原创"),
])
def test_attribution_problems_name_what_is_missing(text, problem):
    problems = pub.attribution_problems(text, pub.repost_articles().loc["R03"])
    assert any(problem in p for p in problems), problems


def test_tidy_keeps_numbers_times_and_links():
    text = "营业 10:00–22:00 ,每杯 3.5 元 !详见 https://example.com/a,b\n\n\n\n第二段"
    out = pub.tidy(text)
    assert "10:00–22:00" in out and "3.5" in out and "https://example.com/a,b" in out
    assert "，每杯" in out and "元！" in out and "\n\n\n" not in out


# ------------------------------------------------------------------ hot topics, material library
def test_hot_candidates_filter_and_summarise(hot):
    c = pub.hot_candidates(hot, "2025-08-04", "2025-08-10", 0.6, nmt.load("search_index"))
    assert (c["brand_relevance"] >= 0.6).all()
    assert (c["first_seen"] <= c["last_seen"]).all()
    assert c.iloc[0]["topic"] == "秋天的第一杯奶茶" and c.iloc[0]["keyword"] == "奶茶"
    assert c.iloc[0]["index_lift"] > 1  # the season's first milk tea lifts 奶茶 in 微信指数
    with pytest.raises(ValueError, match="早于开始日期"):
        pub.hot_candidates(hot, "2025-08-10", "2025-08-04")
    with pytest.raises(ValueError, match="0 到 1"):
        pub.hot_candidates(hot, "2025-08-04", "2025-08-10", 60)


def test_hashtags_follow_each_platform():
    assert pub.hashtag("立秋", "微博") == "#立秋#"
    assert pub.hashtag(" #立秋 ", "抖音") == "#立秋"
    with pytest.raises(ValueError, match='话题平台 "快手" 不存在'):
        pub.hashtag("立秋", "快手")


def test_material_records_validate_and_round_trip(hot, tmp_path):
    c = pub.hot_candidates(hot, "2025-08-04", "2025-08-10", 0.6)
    records = [pub.material_record(row, "2025-08-04", seq=i + 1) for i, (_, row) in enumerate(c.iterrows())]
    assert all(not pub.validate_material(r) for r in records)
    saved = json.loads(pub.save_materials(records, tmp_path / "lib.json").read_text("utf-8"))
    assert [r["title"] for r in saved] == list(c["topic"])
    table = pd.read_csv(pub.save_materials(records, tmp_path / "lib.csv"), encoding="utf-8-sig")
    assert len(table) == len(records) and table["hashtags"].str.contains("微博:#").all()
    bad = {**records[0], "first_seen": "2025/08/05", "hashtags": {"微博": "#立秋", "抖音": "#立秋", "小红书": "#立秋"}}
    problems = pub.validate_material(bad)
    assert any("YYYY-MM-DD" in p for p in problems) and any("微博" in p for p in problems)
    with pytest.raises(ValueError, match="不规范"):
        pub.save_materials([bad], tmp_path / "bad.json")
    with pytest.raises(ValueError, match="文件类型"):
        pub.save_materials(records, tmp_path / "lib.xlsx")


# ------------------------------------------------------------------ proofreading
def test_proofread_finds_every_planted_mistake():
    draft = pub.sample_draft("2025-08-07")
    kinds = set(pub.proofread(draft)["kind"])
    assert {"品牌名", "日期/星期", "的/得/地", "重复字词", "标点", "用语：广告极限词"} <= kinds
    fixed = pub.correct(draft)
    assert pub.proofread(fixed).empty
    assert "半价" in fixed  # the fact error is left for a person to find


@pytest.mark.parametrize("clean", [
    "溪山茶饮最近上新，慢慢地品尝，天天都想喝，谢谢大家！",
    "8月7日（周四）10:00 开门，每杯 3.5 元，详见 https://example.com/a,b。",
    "秋天的第一杯奶茶，认真地挑选每一片茶叶，做得很好。",
])
def test_proofread_leaves_correct_text_alone(clean):
    assert pub.proofread(clean).empty, pub.proofread(clean)


def test_proofread_checks_dates():
    found = pub.proofread("2025年2月30日（周一）和 8月8日（星期四）")
    assert list(found["kind"]) == ["日期", "日期/星期"]
    assert found.iloc[1]["suggestion"] == "8月8日（星期五）"


# ------------------------------------------------------------------ post setup
def test_check_post_explains_each_problem():
    problems = pub.check_post("微信公众号", {"title": "溪" * 40, "digest": "", "body": "正文", "cover": (1080, 1080)})
    assert list(problems["field"]) == ["title", "digest", "cover"]
    assert "54" in problems.iloc[1]["message"]
    with pytest.raises(TypeError, match="字典"):
        pub.check_post("微信公众号", "标题")
    with pytest.raises(ValueError, match=r"\(宽, 高\)"):
        pub.check_post("B站", {"title": "标题", "cover": "16:9"})
    with pytest.raises(ValueError, match='发布平台 "快手" 不存在'):
        pub.check_post("快手", {})


@pytest.mark.parametrize("platform, field", [("微信公众号", "cover"), ("小红书", "images"), ("抖音", "video"),
                                             ("B站", "cover")])
def test_crops_of_a_phone_photo_meet_the_image_rules(platform, field):
    ratio = pub.distribution._RATIO[platform]
    w, h = pub.crop_box(3024, 4032, ratio)
    assert w <= 3024 and h <= 4032
    assert platform_rules.check_image(platform, field, w, h) == []


# ------------------------------------------------------------------ publishing time
def test_heatmap_cells_are_means_of_their_posts(posts):
    table = pub.time_heatmap(posts, "抖音", min_posts=1)
    d = posts[posts["platform"] == "抖音"]
    cell = d[(d["published_at"].dt.day_of_week == 4) & (d["published_at"].dt.hour == 18)]
    assert table.loc["周五", 18] == pytest.approx(cell["reads"].mean())
    counts = pub.time_heatmap(posts, "抖音", value="posts")
    assert counts.to_numpy().sum() == len(d)
    strict = pub.time_heatmap(posts, "抖音", min_posts=5)
    assert strict.notna().to_numpy().sum() < table.notna().to_numpy().sum()
    assert (counts[strict.notna()].stack().dropna() >= 5).all()


def test_supply_and_demand_peaks_differ(posts):
    for platform in ["微信公众号", "抖音", "小红书", "微博"]:
        profile = pub.hour_profile(posts, platform)
        assert profile["posts"].sum() == (posts["platform"] == platform).sum()
        assert 16 <= profile["posts"].idxmax() <= 20
        assert pub.best_hour(posts, platform) >= 20
    slot = pub.best_slot(posts, "微信公众号", min_posts=3)
    assert slot["posts"] >= 3
    with pytest.raises(ValueError, match="最少条数"):
        pub.best_slot(posts, "百家号", min_posts=50)


def test_heatmap_panel_updates_when_a_control_moves(posts):
    panel = pub.heatmap_panel(posts, "微信公众号")
    z = panel.figure.data[0].z
    assert "微信公众号" in panel.figure.layout.title.text and "22 点" in panel.card.value
    panel.controls["platform"].value = "抖音"
    assert panel.figure.data[0].z != z and "抖音" in panel.figure.layout.title.text
    assert list(panel.supply.data[0].y) == list(pub.hour_profile(posts, "抖音")["posts"])
    filled = sum(v is not None for row in panel.figure.data[0].z for v in row)
    panel.controls["min_posts"].value = 8
    assert sum(v is not None for row in panel.figure.data[0].z for v in row) < filled
    panel.controls["stat"].value = "median"
    assert "中位数" in panel.figure.layout.title.text


# ------------------------------------------------------------------ distribution
def test_distribution_plan_adapts_and_times_each_platform(posts):
    piece = pub.sample_piece()
    channels = ["微信公众号", "视频号", "微博", "抖音", "小红书", "B站"]
    plan = pub.distribution_plan(piece, channels, posts, "2025-08-07").set_index("platform")
    assert set(plan.index[plan["problems"] > 0]) == {"视频号", "小红书"}
    piece["short_title"] = "秋天的第一杯桂花乌龙"
    plan = pub.distribution_plan(piece, channels, posts, "2025-08-07").set_index("platform")
    assert (plan["status"] == "可发布").all()
    for p in channels:
        assert plan.loc[p, "publish_at"] == pd.Timestamp("2025-08-07") + pd.Timedelta(hours=pub.best_hour(posts, p))
    assert pub.adapt(piece, "微博")["body"].endswith("#立秋#")
    assert pub.adapt(piece, "小红书")["body"].endswith("#立秋")
    with pytest.raises(KeyError, match="piece 缺少"):
        pub.adapt({"title": "x"}, "微博")


# ------------------------------------------------------------------ community
def test_group_overview_counts_members_on_the_day(groups):
    ov = pub.group_overview(groups, "2025-08-04")
    end = pd.Timestamp("2025-08-05")
    g = groups[groups["group_name"] == "溪山茶饮·宁波鄞州福利群1"]
    inside = g[(g["joined_at"] < end) & (g["left_at"].isna() | (g["left_at"] >= end))]
    assert ov.loc["溪山茶饮·宁波鄞州福利群1", "members"] == len(inside)
    assert (ov["members"] <= pub.GROUP_CAPACITY).all() and (ov["room"] >= 0).all()
    assert ov["active_rate"].between(0, 1).all()


def test_community_push_plan_sends_one_message_per_group_per_day(groups):
    ov = pub.group_overview(groups, "2025-08-04")
    plan = pub.community_push_plan(ov, city="杭州")
    assert set(plan["city"]) == {"杭州"}
    assert plan.groupby(["group_name", plan["send_at"].dt.date]).size().max() == 1
    assert list(plan.drop_duplicates("stage")["stage"]) == ["预热", "提醒", "当天", "返场"]
    assert not any(h.severity in ("高", "中") for t in plan["text"] for h in nmt.compliance.find_terms(t))
    active = pub.community_push_plan(ov, min_active_rate=0.8)
    assert set(active["group_name"]) == set(ov.index[ov["active_rate"] >= 0.8])
    with pytest.raises(ValueError, match='城市 "北京" 不存在'):
        pub.community_push_plan(ov, city="北京")


def test_mask_phone_hides_every_mobile_number():
    text = "王 13800001234，李 139-0000-5678，订单 2025080712345678，座机 0571-88880000"
    masked = pub.mask_phone(text)
    assert pub.find_phones(masked) == [] and masked.count("****") == 2
    assert "2025080712345678" in masked and "0571-88880000" in masked


def test_chinese_labels_for_display():
    table = pub.chinese(pub.build_schedule(pub.theme_plan("2025-08-04")))
    assert {"发布时间", "平台", "状态", "原计划时间"} <= set(table.columns)


# ------------------------------------------------------------------ notebooks with other parameters
@pytest.mark.notebook
@pytest.mark.parametrize("name, expect", [
    pytest.param(name, expect, marks=pytest.mark.xdist_group(f"run-{name}"))  # beside its one execution
    for name, expect in [("B1-2_daily_publishing", "2025-05-19"), ("B2-3_content_publishing", "上海")]])
def test_publishing_notebooks_rerun_with_other_parameters(name, expect):
    """The one clean execution (tests/notebook_runs.py) uses the notebooks' other parameters."""
    from tests import notebook_runs as runs
    nb, info = runs.executed(REPO / f"notebooks/beginner/{name}.ipynb")
    assert info["parameters"], "the notebook names no metadata.nmt.test_parameters"
    text = runs.output_text(nb)
    assert expect in text and text.count("✔ 练习") >= 8
    assert any(p.suffix in (".csv", ".json") for p in (Path(info["workdir"]) / "output").iterdir())


def test_no_stray_numpy_scalars_in_records(hot):
    c = pub.hot_candidates(hot, "2025-08-04", "2025-08-10", 0.6)
    r = pub.material_record(c.iloc[0], "2025-08-04")
    json.dumps(r)  # numpy scalars would not serialise
    assert not any(isinstance(v, np.generic) for v in r.values())
