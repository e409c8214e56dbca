"""nmt_lab.video: storyboard rules, beat detection against the known synthesis grid, beat-snapped
cuts, and the rendered mp4 itself (size, ratio, duration, audio, cut times on beats)."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from nmt_lab import video

GOOD = [
    ("特写", "果肉和冰块落进杯中", "推", 1.5, "夏天的第一口"),
    ("近景", "店员现摇", "摇", 1.5, "杨梅冰茶现摇现做"),
    ("中景", "顾客喝一口后微笑", "固定", 2, "酸甜冰爽，一口解暑"),
    ("全景", "门店外景", "拉", 2, "江浙沪120家门店"),
    ("近景", "产品定格", "推", 2, "今天就去门店尝一杯"),
]


# ---------------------------------------------------------------- storyboard

def test_storyboard_numbers_shots_and_accepts_dicts():
    board = video.storyboard(GOOD)
    assert list(board.columns) == video.COLUMNS
    assert board["镜号"].tolist() == [1, 2, 3, 4, 5]
    again = video.storyboard(board.drop(columns="镜号").to_dict("records"))
    pd.testing.assert_frame_equal(board, again)


def test_storyboard_rejects_rows_of_the_wrong_shape_in_chinese():
    with pytest.raises(ValueError, match="应为 5 项"):
        video.storyboard([("特写", "果肉", "推", 1.5)])


def test_a_good_storyboard_passes_and_the_draft_has_the_planted_problems():
    assert video.check_storyboard(video.storyboard(GOOD), "杨梅冰茶") == []
    problems = video.check_storyboard(video.sample_storyboard("杨梅冰茶"), "杨梅冰茶")
    assert any("镜头 2" in p and "14 字" in p for p in problems)
    assert sum("读不完" in p for p in problems) == 2
    speed = video.reading_speed(video.sample_storyboard("杨梅冰茶"))
    assert list(video.sample_storyboard()["镜号"][speed > video.READING_SPEED]) == [2, 4]


@pytest.mark.parametrize("change, words", [
    (lambda b: b.assign(景别=b["景别"].replace("特写", "大特写")), "景别“大特写”不规范"),
    (lambda b: b.assign(运镜=b["运镜"].replace("推", "zoom")), "运镜“zoom”不规范"),
    (lambda b: b.assign(时长=b["时长"] * 3), "总时长"),
    (lambda b: b.assign(景别="近景"), "种景别"),
    (lambda b: b.assign(景别=["特写", "近景", "近景", "全景", "中景"]), "跳切"),
    (lambda b: b.assign(字幕=b["字幕"].str.replace("杨梅冰茶", "新品")), "产品名"),
    (lambda b: b.assign(字幕=list(b["字幕"][:-1]) + ["谢谢观看"]), "行动号召"),
    (lambda b: b.iloc[:3], "至少要 4 个镜头"),
    (lambda b: b.assign(字幕=list(b["字幕"][:-1]) + ["到店尝尝喆"]), "没有收录"),
])
def test_check_storyboard_explains_each_rule(change, words):
    problems = video.check_storyboard(change(video.storyboard(GOOD)), "杨梅冰茶")
    assert any(words in p for p in problems), problems


def test_check_storyboard_names_missing_columns_and_wrong_types():
    with pytest.raises(KeyError, match="字幕"):
        video.check_storyboard(video.storyboard(GOOD).drop(columns="字幕"))
    with pytest.raises(TypeError, match="DataFrame"):
        video.check_storyboard(GOOD)


# ---------------------------------------------------------------- composition

def test_thirds_score_and_safe_area():
    assert video.thirds_score(360, 640) == 1.0
    assert video.thirds_score(540, 960) < 0.1
    assert video.thirds_score(380, 660) > 0.8
    assert video.safe_area_problems(720, 640) == []
    assert video.safe_area_problems(360, 1280)  # lower intersections sit on the subtitle band
    assert any("右侧按钮列" in p for p in video.safe_area_problems(1000, 1200))
    with pytest.raises(ValueError, match="画面外"):
        video.thirds_score(2000, 100)


def test_shoot_draws_every_shot_size_with_margin():
    board = video.storyboard([(s, "画面", "固定", 2, "字幕") for s in video.SHOT_SIZES])
    shots = video.shoot(board, "桂花乌龙", (90, 160))
    assert [im.size for im in shots] == [(108, 192)] * 5
    assert len({im.tobytes() for im in shots}) == 5
    with pytest.raises(ValueError, match="可用的景别"):
        video.draw_scene("大特写", "杨梅冰茶", 90, 160)


def test_subtitle_layer_draws_chinese_inside_the_subtitle_band():
    layer = np.asarray(video.subtitle_layer("夏天的第一口", (360, 640)))
    rows = np.nonzero(layer[..., 3].any(axis=1))[0]
    assert len(rows) and 0.62 * 640 <= rows.min() and rows.max() <= 0.78 * 640


# ---------------------------------------------------------------- beats

@pytest.mark.parametrize("bpm", [90, 112, 128, 150])
def test_detected_beats_match_the_synthesis_grid(bpm):
    beats = video.detect_beats(video.synth_track(bpm, 12))
    grid = video.beat_grid(bpm, 12)
    assert len(beats.times) == len(grid)
    assert np.abs(beats.times - grid).max() < 0.01  # within 10 ms of every true beat
    assert abs(beats.bpm / bpm - 1) < 0.01


def test_threshold_too_low_counts_the_hi_hats_and_doubles_the_tempo():
    low = video.detect_beats(video.synth_track(112, 12), threshold=0.15)
    assert abs(low.bpm / (2 * 112) - 1) < 0.03
    with pytest.raises(ValueError, match="阈值"):
        video.detect_beats(video.synth_track(112, 2), threshold=1.5)


def test_beats_from_the_wav_file_equal_beats_from_the_samples(tmp_path):
    path = video.demo_track(120, 6, tmp_path)
    assert path.stat().st_size < 300_000
    a = video.detect_beats(path).times
    b = video.detect_beats(video.synth_track(120, 6)).times
    assert len(a) == len(b) and np.abs(a - b).max() < 0.002


def test_snap_to_beats_keeps_order_and_lands_on_beats():
    beats = video.beat_grid(112, 12)
    planned = video.storyboard(GOOD)["时长"].cumsum()
    cuts = video.snap_to_beats(planned, beats)
    assert all(b > a for a, b in zip(cuts, cuts[1:], strict=False))
    assert np.abs(video.beat_offsets(cuts, beats)).max() < 1e-3
    assert np.abs(np.array(cuts) - planned).max() <= 60 / 112 / 2 + 1e-6
    with pytest.raises(ValueError, match="音乐不够长"):
        video.snap_to_beats([5, 20], beats)


def test_cut_plan_every_two_beats_uses_every_other_beat():
    beats = video.beat_grid(120, 12)
    plan = video.cut_plan(video.storyboard(GOOD), beats, every=2)
    assert set(plan["剪辑点"]) <= set(np.round(beats[::2], 4))
    assert plan["开始"].iloc[0] == 0 and (plan["时长"] > 0).all()


# ---------------------------------------------------------------- licences

def test_licence_check_traps():
    lib = video.music_library()
    douyin = video.licence_check(lib, "抖音").set_index("曲名")["可用"]
    assert set(douyin[douyin].index) == {"溪山节拍（课程合成）", "夏日汽水", "Lemon Breeze", "品牌年度主题曲"}
    channels = video.licence_check(lib, "视频号").set_index("曲名")["可用"]
    assert not channels["夏日汽水"]  # a platform library licence stays on its platform
    assert not douyin["Sunny Walk"] and not douyin["去年的夏日广告曲"] and not douyin["网上找的热门歌"]
    expired = lib[lib["曲名"] == "去年的夏日广告曲"].iloc[0]
    assert video.can_use(expired, "抖音", on="2024-06-01")[0]  # it was fine before it expired
    assert "到期" in video.can_use(expired, "抖音")[1]


# ---------------------------------------------------------------- the rendered mp4

@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    folder = tmp_path_factory.mktemp("video")
    board = video.storyboard(GOOD)
    music = video.demo_track(112, 14, folder)
    beats = video.detect_beats(music)
    cuts = video.snap_to_beats(board["时长"].cumsum(), beats)
    path = video.render(board, music, cuts, folder / "preview.mp4", product="杨梅冰茶")
    return board, music, beats, cuts, path


def test_rendered_video_has_the_planned_size_ratio_duration_and_audio(rendered):
    board, _, _, cuts, path = rendered
    info = video.probe(path)
    assert (info["width"], info["height"]) == video.PREVIEW_SIZE
    assert abs(info["width"] / info["height"] - 9 / 16) < 1e-9
    assert info["fps"] == video.PREVIEW_FPS
    assert info["frames"] == round(cuts[-1] * video.PREVIEW_FPS)
    assert abs(info["duration"] - cuts[-1]) <= 0.1
    assert info["audio"] and 50 < info["size_kb"] < 3000
    spec = video.check_spec(info, "抖音", cuts[-1])
    assert set(spec["结果"]) <= {"✔", "预览"}
    assert "✘" not in set(video.check_spec(info, "视频号", cuts[-1])["结果"])


def test_cuts_seen_in_the_frames_are_the_planned_beat_cuts(rendered):
    board, _, beats, cuts, path = rendered
    found = video.video_cuts(path)
    assert len(found) == len(board) - 1
    assert np.abs(found - np.array(cuts[:-1])).max() <= 1 / video.PREVIEW_FPS / 2 + 1e-6
    assert np.abs(video.beat_offsets(found, beats)).max() <= video.TOLERANCE


def test_sync_report_reads_beats_from_the_mp4_audio_track(rendered):
    _, _, beats, _, path = rendered
    from_mp4 = video.detect_beats(path).times
    in_video = beats.times[beats.times < video.probe(path)["duration"] - 0.6]  # before the fade-out
    assert np.abs(video.beat_offsets(in_video, from_mp4)).max() < 0.015
    report = video.sync_report(path)
    assert list(report.columns) == ["剪辑点", "最近节拍", "偏差_毫秒", "卡点"]
    assert report["卡点"].all()


def test_frames_show_the_shot_and_its_subtitle(rendered):
    from moviepy import VideoFileClip

    board, _, _, cuts, path = rendered
    with VideoFileClip(str(path)) as clip:
        mid_first = clip.get_frame(cuts[0] / 2)
        mid_third = clip.get_frame((cuts[1] + cuts[2]) / 2)
    band = slice(int(0.66 * 640), int(0.74 * 640))
    assert (mid_first[band].min(axis=2) > 235).sum() > 100  # white subtitle strokes
    assert np.abs(mid_first.astype(int) - mid_third.astype(int)).mean() > 20  # a different shot


def test_cut_chart_draws_the_frame_changes_and_one_line_per_beat(rendered):
    _, _, _, _, path = rendered
    fig = video.cut_chart(path)
    times, change = video.frame_differences(path)
    assert len(fig.data) == 1 and len(fig.data[0].y) == len(change)
    beats = video.detect_beats(path).times
    assert len(fig.layout.shapes) == int((beats <= times[-1]).sum()) > 5


def test_completion_by_length_groups_short_videos_of_one_platform():
    posts = pd.DataFrame({"platform": ["抖音", "抖音", "抖音", "微博"],
                          "content_type": ["短视频", "短视频", "图文", "短视频"],
                          "duration_s": [8, 40, 0, 8], "completion_rate": [0.3, 0.1, 0.9, 0.5]})
    out = video.completion_by_length(posts, "抖音")
    assert out.index.name == "视频时长" and list(out.columns) == ["平均完播率", "视频条数"]
    assert out["视频条数"].sum() == 2 and out.loc["15 秒以内", "平均完播率"] == 0.3
    with pytest.raises(ValueError, match="可用的平台有"):
        video.completion_by_length(posts, "快手")
    with pytest.raises(KeyError, match="completion_rate"):
        video.completion_by_length(posts.drop(columns="completion_rate"), "抖音")


def test_render_rejects_a_cut_list_that_does_not_fit(rendered, tmp_path):
    board, music, _, cuts, _ = rendered
    with pytest.raises(ValueError, match="每个镜头要有一个结束时刻"):
        video.render(board, music, cuts[:-1], tmp_path / "x.mp4")
    with pytest.raises(ValueError, match="从小到大"):
        video.render(board, music, cuts[::-1], tmp_path / "x.mp4")
    short = video.demo_track(112, 3, tmp_path)
    with pytest.raises(ValueError, match="音乐只有"):
        video.render(board, short, cuts, tmp_path / "x.mp4")
    with pytest.raises(FileNotFoundError, match="先运行"):
        video.probe(tmp_path / "missing.mp4")


# ---------------------------------------------------------------- widgets

def test_beat_panel_updates_beats_cuts_and_timeline_when_controls_move():
    music = video.synth_track(112, 14)
    panel = video.beat_panel(music, video.storyboard(GOOD))
    beats_before = list(panel.figure.data[1].x)
    cuts_before = sorted({x for x in panel.figure.data[3].x if x is not None})
    card_before = panel.card.value
    panel.controls["threshold"].value = 0.15
    assert len(panel.figure.data[1].x) > 1.5 * len(beats_before)
    assert panel.card.value != card_before
    panel.controls["threshold"].value = video.DEFAULT_THRESHOLD
    panel.controls["every"].value = 4
    cuts_after = sorted({x for x in panel.figure.data[3].x if x is not None})
    assert cuts_after != cuts_before
    assert list(panel.figure.data[4].base) == [0.0, *cuts_after[:-1]]


def test_composition_panel_moves_the_subject_and_rescores():
    panel = video.composition_panel(540, 960)
    assert "0.06" in panel.figure.layout.title.text
    panel.controls["x"].value, panel.controls["y"].value = 720, 640
    assert list(panel.figure.data[2].x) == [720] and "1.00" in panel.figure.layout.title.text
    assert "没有被遮挡" in panel.card.value
    panel.controls["y"].value = 1280
    assert "字幕带" in panel.card.value
    small = panel.figure.layout.shapes[-1]
    panel.controls["shot_size"].value = "特写"
    big = panel.figure.layout.shapes[-1]
    assert big.x1 - big.x0 > small.x1 - small.x0 and "特写" in panel.figure.layout.title.text


# ---------------------------------------------------------------- the notebook with other parameters

@pytest.mark.notebook
@pytest.mark.xdist_group("run-B2-2_short_video")  # beside its one execution
def test_b2_2_reruns_for_another_product_tempo_and_platform():
    """The one clean execution (tests/notebook_runs.py) uses B2-2's other parameters."""
    from tests import notebook_runs as runs
    nb, info = runs.executed(Path(__file__).resolve().parents[1] / "notebooks/beginner/B2-2_short_video.ipynb")
    assert info["parameters"].get("product") == "桂花乌龙"
    text = "".join(str(o.get("text", "")) for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    assert "桂花乌龙" in text and "练习 6 通过" in text and "卡在节拍上" in text
    assert "夏日汽水" not in text.split("可以使用：")[1].splitlines()[0]  # a 抖音-only licence
    info = video.probe(Path(info["workdir"]) / "output" / "xishan_preview.mp4")
    assert (info["width"], info["height"]) == video.PREVIEW_SIZE
