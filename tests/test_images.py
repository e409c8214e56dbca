"""nmt_lab.images: the bundled CJK font, the material library and its licence traps, real Pillow
processing to each platform's cover spec (files opened again and measured), and the cover designer's
logic without a browser."""

import io
import warnings

import numpy as np
import pandas as pd
import pytest
from PIL import Image, ImageDraw

from nmt_lab import images

PLATFORMS = list(images.cover_specs().index)
GOOD_FOCUS = (0.69, 0.53)


# ---------------------------------------------------------------- font


def test_font_is_a_small_ofl_subset_shipped_with_its_licence():
    path = images.font_path()
    assert path.exists() and path.stat().st_size < 3 * 1024 * 1024
    licence = (path.parent / "OFL.txt").read_text("utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence and "Adobe" in licence
    assert images.cjk_font(20).getname() == ("Noto Sans CJK SC", "Regular")


def _gb2312_level1():
    return [bytes([hi, lo]).decode("gb2312") for hi in range(0xB0, 0xD8) for lo in range(0xA1, 0xFF)
            if (hi, lo) != (0xD7, 0xFA) and not (hi == 0xD7 and lo > 0xF9)]


def test_font_covers_common_chinese_ascii_and_the_course_words():
    chars = _gb2312_level1()
    assert len(chars) == 3755
    assert images.missing_glyphs("".join(chars)) == []
    assert images.missing_glyphs("ABCxyz0123@#%&，。！？：；“”（）《》【】、｜·…—") == []
    assert images.missing_glyphs("溪山茶饮杨梅冰茶小红书抖音哔哩哔哩微信公众号广告法") == []
    assert images.missing_glyphs("喆") == ["喆"]  # outside GB2312: reported, not silently blank


def test_chinese_really_renders_as_glyphs_not_boxes():
    font = images.cjk_font(48)
    canvas = Image.new("L", (400, 80), 0)
    ImageDraw.Draw(canvas).text((10, 10), "溪山茶饮", font=font, fill=255)
    ink = np.asarray(canvas) > 128
    assert 0.05 < ink.mean() < 0.5
    # four different glyphs: the four character cells differ from one another
    cells = [ink[:, 10 + 48 * i: 10 + 48 * (i + 1)] for i in range(4)]
    assert all((cells[i] != cells[j]).any() for i in range(4) for j in range(i + 1, 4))


def test_font_size_is_checked_in_chinese():
    with pytest.raises(ValueError, match="字号 0 不对"):
        images.cjk_font(0)


# ---------------------------------------------------------------- library and licences


def test_library_has_licence_information_for_every_item():
    lib = images.library()
    assert images.check_library(lib) == []
    assert lib["asset_id"].is_unique
    assert set(lib["licence"]) <= set(images.LICENCES["licence"])
    pics = lib[lib["kind"] == "图片"]
    for r in pics.itertuples():
        assert images.material(r.asset_id).size == (r.width, r.height)


def test_materials_are_deterministic():
    a = images.materials._DRAW["M03"](103)
    assert images.difference(a, images.material("M03")) == 0


def test_copyright_traps_are_caught():
    status = images.licence_status(images.library(), "2025-06-05").set_index("asset_id")
    usable = set(status.index[status["usable"]])
    assert {"M01", "M02", "M03", "M04", "F01"} <= usable
    assert "NC" in status.loc["M05", "reason"]          # CC BY-NC: not for a brand's post
    assert "来源不明" in status.loc["M06", "reason"]      # saved from the web, someone else's watermark
    assert "到期" in status.loc["M07", "reason"]          # bought licence expired 2025-05-31
    assert not usable & {"M05", "M06", "M07", "F02", "F03"}
    before = images.licence_status(images.library(), "2025-05-20").set_index("asset_id")
    assert before.loc["M07", "usable"]
    non_commercial = images.licence_status(images.library(), "2025-06-05", commercial=False).set_index("asset_id")
    assert non_commercial.loc["M05", "usable"] and not non_commercial.loc["M06", "usable"]


def test_attribution_names_author_source_and_licence():
    text = images.attribution("M03")
    assert "林夏" in text and "CC BY 4.0" in text and "光影集" in text


def test_register_completes_the_library_and_rejects_gaps(tmp_path):
    lib = images.library()
    new = images.register(lib, asset_id="C01", name="封面", kind="图片", tags="夏日;封面", source="自制",
                          author="溪山茶饮新媒体部", licence="自有版权", file="output/covers/小红书.jpg",
                          width=1080, height=1440)
    assert len(new) == len(lib) + 1 and images.check_library(new) == []
    saved = images.save_jpeg(Image.new("RGB", (500, 500)), tmp_path / "c.jpg")
    sized = images.register(lib, asset_id="C05", name="次条封面", kind="图片", tags="封面", source="自制",
                            author="溪山茶饮新媒体部", licence="自有版权", file=saved.path)
    assert sized.iloc[-1][["width", "height"]].tolist() == [500, 500]  # read from the file
    assert len(images.library()) == len(lib)  # the original is unchanged
    with pytest.raises(ValueError, match="缺少：.*授权方式"):
        images.register(lib, asset_id="C02", name="封面", kind="图片", tags="夏日", source="自制", author="我")
    with pytest.raises(ValueError, match="已经在素材库里"):
        images.register(lib, asset_id="M01", name="x", kind="图片", tags="x", source="x", author="x",
                        licence="自有版权")
    with pytest.raises(ValueError, match="没有这些字段：颜色"):
        images.register(lib, asset_id="C03", 颜色="红")
    bad = images.register(lib, asset_id="C04", name="x", kind="图片", tags="x", source="x", author="x",
                          licence="自有版权")
    bad.loc[bad["asset_id"] == "C04", "licence"] = "随便用"
    assert "不在授权说明表里" in images.check_library(bad)[0]


def test_export_library_writes_files_and_a_table(tmp_path):
    lib = images.export_library(tmp_path / "materials")
    files = sorted(p.name for p in (tmp_path / "materials").glob("*.jpg"))
    assert len(files) == 7
    table = pd.read_csv(tmp_path / "materials" / "素材库.csv", encoding="utf-8-sig")
    assert "授权方式" in table.columns and len(table) == len(lib)


# ---------------------------------------------------------------- crop, resize, check


@pytest.mark.parametrize("platform", PLATFORMS)
def test_fit_cover_gives_each_platform_its_spec(platform):
    spec = images.cover_spec(platform)
    cover = images.fit_cover(images.material("M01"), platform, GOOD_FOCUS)
    assert cover.size == (spec["width"], spec["height"])
    assert images.check_cover(cover, platform) == []
    assert images.frame_check("M01", platform, GOOD_FOCUS) == []


def test_center_crop_cuts_the_cup_on_vertical_platforms():
    assert "右侧" in images.frame_check("M01", "抖音")[0]
    assert "右侧" in images.frame_check("M01", "小红书")[0]
    assert images.frame_check("M01", "B站") == []
    assert "完全不在画面里" in images.frame_check("M01", "抖音", (0.2, 0.5))[0]
    assert "上方" in images.frame_check("M01", "微信公众号", (0.69, 1.0))[0]


@pytest.mark.parametrize("ratio", ["2.35:1", "1:1", "3:4", "9:16", "16:9"])
@pytest.mark.parametrize("focus", [(0, 0), (0.5, 0.5), (1, 1), (0.69, 0.2)])
def test_crop_box_keeps_the_ratio_and_stays_inside(ratio, focus):
    x0, y0, x1, y1 = images.crop_box((2560, 1920), ratio, focus)
    assert 0 <= x0 < x1 <= 2560 and 0 <= y0 < y1 <= 1920
    a, b = (float(v) for v in ratio.split(":"))
    assert (x1 - x0) / (y1 - y0) == pytest.approx(a / b, rel=0.01)
    assert (x1 - x0 == 2560) or (y1 - y0 == 1920)  # the largest possible crop


def test_bad_focus_and_platform_get_chinese_errors():
    with pytest.raises(ValueError, match="0 到 1 之间"):
        images.crop_box((100, 100), "1:1", (50, 50))
    with pytest.raises(ValueError, match="两个 0–1 之间的数"):
        images.crop_box((100, 100), "1:1", 0.5)
    with pytest.raises(ValueError, match='封面平台 "快手" 不存在；可用的封面平台有：微信公众号'):
        images.fit_cover(images.material("M03"), "快手")


def test_stretching_is_detected_and_upscaling_warns():
    stretched = images.material("M01").resize((1080, 1000))
    assert "宽高比" in images.check_cover(stretched, "小红书")[0]
    with pytest.warns(UserWarning, match="放大后会发虚"):
        images.fit_cover(images.material("M06"), "B站")


def test_adjust_brightens_and_rejects_silly_values():
    photo = images.fit_cover(images.material("M01"), "微信公众号", GOOD_FOCUS)
    assert images.brightness(images.adjust(photo, brightness=1.2)) > images.brightness(photo) + 10
    with pytest.raises(ValueError, match="brightness=15"):
        images.adjust(photo, brightness=15)


# ---------------------------------------------------------------- files: real covers, measured again


@pytest.mark.parametrize("platform", PLATFORMS)
def test_cover_files_meet_spec_ratio_and_size_limit(platform, tmp_path):
    spec = images.cover_spec(platform)
    cover = images.design_cover(images.adjust(images.material("M01"), brightness=1.15), platform,
                                "夏日新品｜杨梅冰茶", GOOD_FOCUS)
    saved = images.save_jpeg(cover, tmp_path / "covers" / f"{platform}.jpg", max_kb=images.BRAND_MAX_KB)
    path = tmp_path / "covers" / f"{platform}.jpg"
    assert path.exists() and saved.size_kb == pytest.approx(path.stat().st_size / 1024, abs=0.1)
    with Image.open(path) as im:
        assert im.format == "JPEG"
        assert im.size == (spec["width"], spec["height"])
        a, b = (float(v) for v in spec["ratio"].split(":"))
        assert im.width / im.height == pytest.approx(a / b, rel=0.02)
    assert path.stat().st_size / 1024 <= images.BRAND_MAX_KB
    assert images.check_cover(path, platform, max_kb=images.BRAND_MAX_KB) == []


def test_save_jpeg_takes_the_highest_quality_under_the_limit(tmp_path):
    cover = images.fit_cover(images.material("M01"), "抖音", GOOD_FOCUS)
    saved = images.save_jpeg(cover, tmp_path / "a.jpg", max_kb=200)
    assert saved.size_kb <= 200
    assert images.jpeg_size_kb(cover, saved.quality + 1) > 200  # one step better would be too big
    assert images.best_quality(cover, 200) == saved.quality
    assert images.jpeg_quality(saved.path) == pytest.approx(saved.quality, abs=1)  # read back from the file
    table = images.quality_table(cover, [90, 60, 30])
    assert table["文件大小（KB）"].is_monotonic_decreasing
    with pytest.raises(ValueError, match="请先缩小图片尺寸"):
        images.save_jpeg(cover, tmp_path / "b.jpg", max_kb=5)
    with pytest.raises(ValueError, match=r"应以 \.jpg 结尾"):
        images.save_jpeg(cover, tmp_path / "c.png")


def test_check_cover_reports_a_file_over_the_limit(tmp_path):
    cover = images.fit_cover(images.material("M01"), "小红书", GOOD_FOCUS)
    saved = images.save_jpeg(cover, tmp_path / "big.jpg", quality=95)
    problems = images.check_cover(saved.path, "小红书", max_kb=100)
    assert len(problems) == 1 and "超过上限 100 KB" in problems[0]


# ---------------------------------------------------------------- title, watermark, layout


def test_title_is_drawn_in_its_area_and_watermark_in_its_corner():
    base = images.fit_cover(images.material("M01"), "小红书", GOOD_FOCUS)
    titled = images.add_title(base, "夏日新品杨梅冰茶", platform="小红书")  # 小红书: title on top
    diff = np.asarray(Image.fromarray(np.abs(np.asarray(titled, int) - np.asarray(base, int)).astype(np.uint8)))
    top, bottom = diff[: base.height // 3].mean(), diff[-base.height // 3:].mean()
    assert top > 5 and bottom < 0.5
    marked = images.add_watermark(base)
    d = np.abs(np.asarray(marked, int) - np.asarray(base, int))
    assert d[-100:, -400:].mean() > 1 and d[:600].mean() == 0


def test_title_layout_wraps_at_words_and_refuses_an_essay():
    lay = images.layout_title((1080, 1440), "杨梅冰茶上新，第二杯半价")
    assert lay["lines"] == ["杨梅冰茶上新，", "第二杯半价"] or len(lay["lines"]) == 1
    assert images.wrap_title("夏日新品杨梅冰茶", images.cjk_font(60), 300) == ["夏日新品", "杨梅冰茶"]
    with pytest.raises(ValueError, match="太长"):
        images.add_title(Image.new("RGB", (900, 383)), "这是一个非常非常长的标题" * 6, position="左")
    with pytest.warns(UserWarning, match="没有这些字：喆"):
        images.add_title(Image.new("RGB", (900, 383)), "喆喆的杨梅冰茶")


def test_contrast_measures_readability():
    assert images.contrast_ratio("white", "black") == 21.0
    assert images.contrast_ratio("#ffffff", "#ffffff") == 1.0
    bright = images.adjust(images.fit_cover(images.material("M01"), "小红书", GOOD_FOCUS), brightness=1.15)
    pale = images.title_contrast(bright, "上", "#FFE9D6", plate=False)
    plated = images.title_contrast(bright, "上", "white", plate=True)
    assert pale < 3 <= plated


def test_check_title_combines_platform_length_and_advertising_law():
    problems = images.check_title("小红书", "全网最好喝的夏日杨梅冰茶，清爽一夏第一名！")
    assert any("超过上限 20" in p for p in problems)
    assert any("最好喝" in p for p in problems) and any("第一" in p for p in problems)
    assert images.check_title("小红书", "夏日新品｜杨梅冰茶上新") == []


def test_contact_sheet_labels_and_sizes(tmp_path):
    paths = []
    for p in ["微信公众号", "抖音"]:
        paths.append(images.save_jpeg(images.fit_cover(images.material("M01"), p, GOOD_FOCUS),
                                      tmp_path / f"{p}.jpg").path)
    sheet = images.contact_sheet(paths, height=200, labels=["微信公众号", "抖音"])
    assert sheet.height > 200 and sheet.width > 200 * 2.35
    with pytest.raises(ValueError, match="没有图片"):
        images.contact_sheet([])


def test_library_sheet_previews_only_pictures_with_their_ids():
    lib = images.library()
    full = images.library_sheet(lib, height=60, columns=4)
    assert full.height > 2 * 60  # 7 pictures in rows of 4
    fonts = lib[lib["kind"] == "字体"]
    with pytest.raises(ValueError, match="没有图片素材"):
        images.library_sheet(fonts)
    with pytest.raises(KeyError, match="asset_id"):
        images.library_sheet(lib.drop(columns="asset_id"))


# ---------------------------------------------------------------- cover designer (widget logic)


def _decoded(jpeg: bytes) -> Image.Image:
    return Image.open(io.BytesIO(jpeg))


def test_cover_preview_collects_every_check():
    v = images.cover_preview("M01", "抖音", "全网最好喝的杨梅冰茶", 0.5, 0.5)
    assert v["size"] == (1080, 1920)
    assert any("主体被裁掉" in p for p in v["problems"]) and any("最好喝" in p for p in v["problems"])
    ok = images.cover_preview("M01", "抖音", "夏日新品杨梅冰茶", *GOOD_FOCUS)
    assert ok["problems"] == []


def test_cover_designer_updates_when_controls_move():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        panel = images.cover_designer("M01", platform="小红书", title="夏日新品杨梅冰茶")
    first = panel.image.value
    assert _decoded(first).size == (270, 360)
    panel.controls["focus_x"].value = 0.69
    assert panel.image.value != first
    assert "主体完整" in panel.card.value
    panel.controls["platform"].value = "微信公众号"
    w, h = _decoded(panel.image.value).size
    assert w / h == pytest.approx(900 / 383, rel=0.02)
    panel.controls["title"].value = "全网最好喝的杨梅冰茶"
    assert "广告极限词" in panel.card.value
