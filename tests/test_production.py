"""Tests of nmt_lab.production: style-guide lint, workflow state machine, material tagging,
repurposing one item into several formats, and the panel behind the notebook widget."""

import doctest

import pandas as pd
import pytest

import nmt_lab as nmt
from nmt_lab import production as pr


def test_doctests():
    result = doctest.testmod(pr, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0


def test_style_guide_rules_are_data():
    g = pr.style_guide()
    assert set(g["platforms"]) == {"微信公众号", "视频号", "微博", "抖音", "小红书"}
    assert {w["kind"] for w in g["words"]} >= {"品牌名", "禁用语", "统一用词"}
    assert len(pr.style_rules()) >= len(g["words"]) + len(g["platforms"])


def test_lint_findings_per_rule():
    f = pr.lint("🍓溪山奶茶全网最好喝的杨梅冰茶，亲们快来抢购吧!!", "喝了能美白", platform="微信公众号",
                asset_id="M06", publish_date="2026-06-01")
    assert list(f.columns) == pr.FINDING_COLUMNS
    rules = set(f["rule"])
    assert {"品牌名", "禁用语", "广告法用语", "重复标点", "半角标点", "标题字数", "标题表情", "素材授权"} <= rules
    assert set(f["severity"]) == {pr.MUST, pr.SHOULD}
    assert pr.lint("下班路上的一杯杨梅冰茶", "#杨梅冰茶 #杭州探店", platform="小红书").empty


def test_lint_title_length_depends_on_platform():
    title = "杨梅季回来了！一杯冰茶里装着仙居东魁杨梅的夏天"  # 23 字
    assert "标题字数" in set(pr.lint(title, "#a #b", platform="小红书")["rule"])
    assert "标题字数" not in set(pr.lint(title, "#a", platform="抖音")["rule"])


def test_lint_bad_platform_is_chinese():
    with pytest.raises(ValueError, match="快手"):
        pr.lint("标题", platform="快手")


def test_lint_drafts_and_summary():
    drafts = nmt.load("drafts")
    f = pr.lint_drafts(drafts)
    s = pr.lint_summary(drafts, f)
    assert len(s) == len(drafts)
    assert int(s["must"].sum()) == int((f["severity"] == pr.MUST).sum())
    # the copyright traps
    lic = f[f["rule"] == "素材授权"]
    assert {"D02", "D05", "D06", "D10", "D11"} <= set(lic["draft_id"])
    assert s.loc["D01", "ready"] and not s.loc["D06", "ready"]


def test_state_machine():
    assert pr.is_allowed("选题", "初稿") and pr.is_allowed("修改", "审核")
    assert not pr.is_allowed("初稿", "定稿") and not pr.is_allowed("发布", "修改")
    t = pr.transitions()
    assert (t == "✔").sum().sum() == sum(len(v) for v in pr.TRANSITIONS.values())


def test_illegal_moves_on_a_small_log():
    log = pd.DataFrame({"draft_id": ["X", "X", "X", "Y", "Y"], "step": [1, 2, 3, 1, 2],
                        "state": ["选题", "初稿", "发布", "选题", "初稿"],
                        "entered_at": pd.to_datetime(["2026-06-01 09:00", "2026-06-01 12:00", "2026-06-02 09:00",
                                                      "2026-06-01 09:00", "2026-06-01 10:00"]),
                        "operator": ["a", "a", "b", "c", "c"]})
    bad = pr.illegal_moves(log)
    assert bad[["draft_id", "from_state", "to_state", "operator", "skipped"]].values.tolist() == [
        ["X", "初稿", "发布", "b", "审核、定稿"]]
    t = pr.time_in_state(log, now="2026-06-01 20:00")
    assert t.loc["选题", "median_hours"] == pytest.approx(2.0)  # X 3 h, Y 1 h
    assert t.loc["初稿", "open"] == 1 and t.loc["初稿", "max_hours"] == pytest.approx(21.0)


def test_workflow_on_course_log():
    log = nmt.load("draft_log")
    assert sorted(pr.illegal_moves(log)["draft_id"]) == ["D10", "D15"]
    t = pr.time_in_state(log)
    assert t["median_hours"].idxmax() == "审核"
    c = pr.current_states(log)
    assert (c["state"] != "发布").sum() == 5
    assert pr.workflow_figure(t).data[0].y is not None


def test_materials():
    lib = pr.tag_assets(nmt.images.library(), extra={"M01": "新品"})
    assert "新品" in lib.set_index("asset_id").loc["M01", "keywords"]
    found = pr.find_assets(lib, "杨梅", "2026-06-01")
    assert set(found.loc[found["usable"], "asset_id"]) == {"M01"}
    s = pr.topic_summary(nmt.load("posts"))
    assert s["posts"].sum() == len(nmt.load("posts"))
    assert (s["keywords"].str.len() > 0).all()


def test_repurpose_formats():
    item = pr.content_item()
    assert int(pr.video_script(item, 15)["seconds"].sum()) == 15
    sheet = pr.live_run_sheet(item, "19:30", 90)
    assert int(sheet["minutes"].sum()) == 90 and sheet["slot"].iloc[-1].endswith("21:00")
    for fmt in pr.FORMATS:
        r = pr.render(item, fmt, "小红书")
        assert (r["image"] is None) == (fmt != "海报")
        assert list(r["findings"].columns) == pr.FINDING_COLUMNS
    with pytest.raises(ValueError, match="内容形式"):
        pr.render(item, "H5", "抖音")
    with pytest.raises(ValueError):
        pr.video_script(item, 5)


def test_repurpose_panel_updates():
    p = pr.repurpose_panel()
    p.controls["fmt"].value = "直播脚本"
    assert list(p.figure.data[0].x)[0] == "开场预热"
    p.controls["fmt"].value = "海报"
    assert p.main.value.startswith("<img")
    p.controls["title"].value = "全网最好喝的杨梅冰茶"
    assert "最好喝" in p.lint_box.value
