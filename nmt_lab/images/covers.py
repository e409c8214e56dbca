"""图文编辑 · 封面规格：各平台的封面比例与像素，按焦点裁剪、缩放、调色，检查构图和规格。"""

from __future__ import annotations

import math
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
from PIL import Image, ImageChops, ImageEnhance

from .. import platform_rules
from .._errors import check_choice
from .jpeg import BRAND_MAX_KB
from .materials import _item, subject_box
from .view import open_image

# ---------------------------------------------------------------- 平台封面规格

_SPECS = [
    # key, platform, rule field, width, height, title platform, title position, rule source
    ("微信公众号", "微信公众号", "cover", 900, 383, "微信公众号", "左", "平台规则 R006–R008（头条封面）"),
    ("微信公众号·次条", "微信公众号", "cover_secondary", 500, 500, "微信公众号", "下",
     "比例见平台规则 R009；尺寸 500×500 为品牌规范"),
    ("小红书", "小红书", "images", 1080, 1440, "小红书", "上", "平台规则 R032–R034（竖图）"),
    ("抖音", "抖音", "video", 1080, 1920, "抖音", "上", "平台规则 R025–R027（竖屏 9:16，封面与画面同尺寸）"),
    ("B站", "B站", "cover", 1920, 1080, "B站", "左", "比例见平台规则 R036；尺寸 1920×1080 为品牌规范"),
]


def _spec_rows() -> list[dict]:
    rows = []
    for key, platform, field, w, h, title_platform, pos, source in _SPECS:
        g = math.gcd(w, h)
        ratio = {(900, 383): "2.35:1"}.get((w, h), f"{w // g}:{h // g}")
        rows.append({"platform": key, "rule_platform": platform, "field": field, "width": w, "height": h,
                     "ratio": ratio, "title_platform": title_platform, "title_position": pos,
                     "max_kb": BRAND_MAX_KB, "source": source})
    return rows


def cover_specs() -> pd.DataFrame:
    """各平台的封面规格：像素尺寸、比例、规则出处，以及标题放在哪里（避开平台界面遮挡）。

    >>> cover_specs().loc["小红书", "ratio"]
    '3:4'
    >>> list(cover_specs().index)
    ['微信公众号', '微信公众号·次条', '小红书', '抖音', 'B站']
    """
    return pd.DataFrame(_spec_rows()).set_index("platform")


def cover_spec(platform: str) -> dict:
    """一个平台的封面规格（字典）。

    >>> cover_spec("抖音")["width"], cover_spec("抖音")["height"]
    (1080, 1920)
    >>> cover_spec("快手")
    Traceback (most recent call last):
    ...
    ValueError: 封面平台 "快手" 不存在；可用的封面平台有：微信公众号、微信公众号·次条、小红书、抖音、B站
    """
    rows = {r["platform"]: r for r in _spec_rows()}
    check_choice(platform, list(rows), "封面平台")
    return rows[platform]


# ---------------------------------------------------------------- 裁剪、缩放、美化


def _ratio_value(ratio) -> float:
    if isinstance(ratio, str):
        a, b = (float(x) for x in ratio.replace("：", ":").split(":"))
        return a / b
    return float(ratio)


def _check_focus(focus) -> tuple[float, float]:
    try:
        fx, fy = (float(v) for v in focus)
    except (TypeError, ValueError):
        raise ValueError(f"focus 应为两个 0–1 之间的数 (水平, 垂直)，例如 (0.5, 0.5)；你给出的是 {focus!r}") from None
    if not (0 <= fx <= 1 and 0 <= fy <= 1):
        raise ValueError(f"focus 的两个数都要在 0 到 1 之间（0 是左/上边缘，1 是右/下边缘）；你给出的是 {focus!r}")
    return fx, fy


def crop_box(size: tuple[int, int], ratio, focus=(0.5, 0.5)) -> tuple[int, int, int, int]:
    """在 ``size`` 大小的图上，按比例 ``ratio`` 能裁出的最大矩形（左、上、右、下），尽量以 ``focus`` 为中心。

    ``focus`` 是 (水平, 垂直) 的位置比例：(0.5, 0.5) 是正中，(0.7, 0.5) 偏右。

    >>> crop_box((1600, 1200), "1:1")
    (200, 0, 1400, 1200)
    >>> crop_box((1600, 1200), "9:16", focus=(1.0, 0.5))
    (925, 0, 1600, 1200)
    """
    w, h = size
    fx, fy = _check_focus(focus)
    r = _ratio_value(ratio)
    if w / h > r:
        cw, ch = round(h * r), h
    else:
        cw, ch = w, round(w / r)
    x0 = min(max(round(fx * w - cw / 2), 0), w - cw)
    y0 = min(max(round(fy * h - ch / 2), 0), h - ch)
    return (x0, y0, x0 + cw, y0 + ch)


def crop_to_ratio(img: Image.Image, ratio, focus=(0.5, 0.5)) -> Image.Image:
    """按比例裁剪（不缩放），以 ``focus`` 为中心。

    >>> crop_to_ratio(Image.new("RGB", (1600, 1200)), "16:9").size
    (1600, 900)
    """
    return img.crop(crop_box(img.size, ratio, focus))


def resize_to(img: Image.Image, width: int, height: int) -> Image.Image:
    """缩放到指定像素（高质量 LANCZOS 算法）。比例不同时会变形，所以先裁剪再缩放。

    >>> resize_to(Image.new("RGB", (1800, 1200)), 900, 600).size
    (900, 600)
    """
    if img.width < width * 0.95 or img.height < height * 0.95:
        warnings.warn(f"原图 {img.width}×{img.height} 比目标 {width}×{height} 小，放大后会发虚：最好换一张更大的素材。",
                      stacklevel=2)
    return img.resize((int(width), int(height)), Image.Resampling.LANCZOS)


def fit_cover(img: Image.Image, platform: str, focus=(0.5, 0.5)) -> Image.Image:
    """做成 ``platform`` 的封面尺寸：先按平台比例、以 ``focus`` 为中心裁剪，再缩放到平台像素。

    >>> fit_cover(Image.new("RGB", (2560, 1920)), "微信公众号").size
    (900, 383)
    """
    spec = cover_spec(platform)
    w, h = int(spec["width"]), int(spec["height"])
    return resize_to(crop_to_ratio(img.convert("RGB"), w / h, focus), w, h)


def frame_check(asset_id: str, platform: str, focus=(0.5, 0.5)) -> list[str]:
    """按 ``focus`` 裁成 ``platform`` 的封面时，素材主体有没有被裁掉。空列表表示主体完整。

    >>> frame_check("M01", "抖音", focus=(0.5, 0.5))
    ['主体被裁掉：右侧 40%。把水平焦点往右移。']
    >>> frame_check("M01", "抖音", focus=(0.69, 0.5))
    []
    """
    box = subject_box(asset_id)
    if box is None:
        return []
    item = _item(asset_id)
    W, H = item["width"], item["height"]
    spec = cover_spec(platform)
    x0, y0, x1, y1 = crop_box((W, H), spec["width"] / spec["height"], focus)
    sx0, sy0, sx1, sy1 = box[0] * W, box[1] * H, box[2] * W, box[3] * H
    sw, sh = sx1 - sx0, sy1 - sy0
    cut = {"左侧": (x0 - sx0) / sw, "右侧": (sx1 - x1) / sw, "上方": (y0 - sy0) / sh, "下方": (sy1 - y1) / sh}
    cut = {k: min(v, 1.0) for k, v in cut.items() if v > 0.005}
    if not cut:
        return []
    if max(cut.values()) >= 1:
        side = max(cut, key=cut.get)
        way = {"左侧": "水平焦点往左移", "右侧": "水平焦点往右移",
               "上方": "垂直焦点往上移", "下方": "垂直焦点往下移"}[side]
        return [f"主体完全不在画面里（它在画面{side}之外）：把{way}。"]
    hint = []
    if "左侧" in cut or "右侧" in cut:
        hint.append("水平焦点往" + ("左" if "左侧" in cut else "右") + "移")
    if "上方" in cut or "下方" in cut:
        hint.append("垂直焦点往" + ("上" if "上方" in cut else "下") + "移")
    if len(cut) >= 3 or ("左侧" in cut and "右侧" in cut) or ("上方" in cut and "下方" in cut):
        hint = ["这个比例装不下整个主体，换一张素材或换一种构图"]
    detail = "、".join(f"{k} {v:.0%}" for k, v in cut.items())
    return [f"主体被裁掉：{detail}。把{'，'.join(hint)}。".replace("把这个", "这个")]


def adjust(img: Image.Image, brightness: float = 1.0, contrast: float = 1.0, saturation: float = 1.0,
           sharpness: float = 1.0) -> Image.Image:
    """调整亮度、对比度、饱和度、锐度：1 表示不变，大于 1 增强，小于 1 减弱（常用 0.8–1.3）。

    >>> img = Image.new("RGB", (10, 10), (100, 100, 100))
    >>> adjust(img, brightness=1.2).getpixel((0, 0))
    (120, 120, 120)
    """
    for name, v in {"brightness": brightness, "contrast": contrast, "saturation": saturation,
                    "sharpness": sharpness}.items():
        if not 0 < float(v) <= 3:
            raise ValueError(f"{name}={v!r} 不合适：应在 0 到 3 之间，1 表示不变，常用 0.8–1.3。")
    img = img.convert("RGB")
    for enhancer, v in [(ImageEnhance.Brightness, brightness), (ImageEnhance.Contrast, contrast),
                        (ImageEnhance.Color, saturation), (ImageEnhance.Sharpness, sharpness)]:
        if v != 1:
            img = enhancer(img).enhance(v)
    return img


def brightness(img: Image.Image | str | Path) -> float:
    """平均亮度（0 全黑 – 255 全白），用来判断图片偏暗还是偏亮。

    >>> brightness(Image.new("RGB", (4, 4), (200, 200, 200)))
    200.0
    """
    img = open_image(img)
    return round(float(np.asarray(img.convert("L"), np.float32).mean()), 1)


def difference(a: Image.Image | str | Path, b: Image.Image | str | Path) -> float:
    """两张同样大小的图片平均每个像素差多少（0 表示完全一样，越大差别越大）。

    >>> difference(Image.new("RGB", (4, 4), (0, 0, 0)), Image.new("RGB", (4, 4), (10, 10, 10)))
    10.0
    """
    a, b = open_image(a).convert("RGB"), open_image(b).convert("RGB")
    if a.size != b.size:
        raise ValueError(f"两张图尺寸不同（{a.size[0]}×{a.size[1]} 和 {b.size[0]}×{b.size[1]}），不能逐像素比较。")
    return round(float(np.asarray(ImageChops.difference(a, b), np.float32).mean()), 2)


def check_cover(img: Image.Image | str | Path, platform: str, max_kb: float | None = None) -> list[str]:
    """检查封面是否符合平台规则（比例、像素）和体积上限；返回中文问题列表，空列表表示通过。

    传文件路径时按文件实际大小检查体积；传图片对象时只查尺寸。

    >>> check_cover(Image.new("RGB", (1000, 1000)), "小红书")[0]
    '小红书·图片：宽高比 1000×1000（1.00:1）不符合要求的 3:4。（规则 R032，来源：小红书创作服务平台·发布说明）'
    """
    spec = cover_spec(platform)
    size_kb = None
    if not isinstance(img, Image.Image):
        size_kb = Path(img).stat().st_size / 1024 if Path(img).exists() else None
    im = open_image(img)
    problems = [p.message for p in platform_rules.check_image(spec["rule_platform"], spec["field"], im.width, im.height,
                                                               size_kb)]
    if (im.width, im.height) != (spec["width"], spec["height"]) and not problems:
        problems.append(f"{platform}：尺寸 {im.width}×{im.height} 与推荐的 {spec['width']}×{spec['height']} 不同。")
    if max_kb is not None and size_kb is not None and size_kb > max_kb:
        problems.append(f"{platform}：文件 {size_kb:.0f} KB，超过上限 {max_kb} KB，请压缩（save_jpeg 的 max_kb）。")
    return problems
