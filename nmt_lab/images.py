"""图文编辑：素材库（含授权信息）、按平台规格裁剪与缩放、压缩到体积上限、水印、中文标题排版、
规格检查和拼图预览。全部用 Pillow 真实处理，得到的是能打开、能上传的图片文件。

>>> lib = library()
>>> lib.loc[lib["asset_id"] == "M01", "licence"].item()
'自有版权'
>>> photo = material("M01")
>>> cover = fit_cover(photo, "小红书", focus=(0.69, 0.5))
>>> cover.size
(1080, 1440)
>>> check_cover(cover, "小红书")
[]

字体：``data/fonts/NotoSansCJKsc-Regular-subset.otf`` 是思源黑体（Noto Sans CJK SC，SIL OFL 1.1）的子集，
随课程一起安装，离线、在 Windows / macOS / Linux 上都能渲染中文。它由 fontTools 生成（只在制作时用到，
不是课程的依赖），字符为 ASCII、GB2312 全部 6763 个汉字与符号、以及课程数据里出现的其余字符::

    pyftsubset /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc --font-number=2 \\
        --text-file=chars.txt --layout-features='kern,liga,ccmp' \\
        --drop-tables+=vhea,vmtx,VORG,BASE --no-hinting \\
        --name-IDs=0,1,2,3,4,5,6,7,8,9,11,12,13,14 \\
        --output-file=nmt_lab/data/fonts/NotoSansCJKsc-Regular-subset.otf

（源文件来自 Debian 的 fonts-noto-cjk 1:20220127，字体版本 2.004；chars.txt 的生成方法见
``data/fonts/README.md``。）
"""

from __future__ import annotations

import io
import json
import math
import warnings
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd
from PIL import Image, ImageChops, ImageDraw, ImageEnhance, ImageFilter, ImageFont

from . import compliance, platform_rules
from ._errors import check_choice, check_columns

FONT_FILE = "NotoSansCJKsc-Regular-subset.otf"
BRAND_MAX_KB = 200  # 品牌视觉规范：单张封面不超过 200 KB（平台规则表没有给出封面体积上限）

# ---------------------------------------------------------------- 字体


def font_path() -> Path:
    """课程自带中文字体文件的路径。

    >>> font_path().name
    'NotoSansCJKsc-Regular-subset.otf'
    """
    return Path(str(resources.files("nmt_lab").joinpath("data/fonts", FONT_FILE)))


@cache
def cjk_font(size: int = 40) -> ImageFont.FreeTypeFont:
    """课程自带的中文字体（思源黑体子集），``size`` 是字号（像素）。

    >>> f = cjk_font(32)
    >>> f.getname()
    ('Noto Sans CJK SC', 'Regular')
    >>> f.getlength("溪山茶饮") == 4 * 32
    True
    """
    size = int(size)
    if size < 1:
        raise ValueError(f"字号 {size} 不对：应为正整数（像素），例如 40。")
    return ImageFont.truetype(str(font_path()), size)


@cache
def _glyph_mask(ch: str) -> bytes:
    font = cjk_font(24)
    return bytes(font.getmask(ch))


def missing_glyphs(text: str) -> list[str]:
    """``text`` 里课程字体没有收录的字（渲染出来会是空白或方框）。

    >>> missing_glyphs("夏日杨梅冰茶")
    []
    >>> missing_glyphs("陶喆")
    ['喆']
    """
    notdef = _glyph_mask("\ue000")
    out = []
    for ch in dict.fromkeys(str(text)):
        if ch.isspace() or not ch.isprintable():
            continue
        mask = _glyph_mask(ch)
        if mask == notdef or not any(mask):
            out.append(ch)
    return out


# ---------------------------------------------------------------- 素材库

LIBRARY_LABELS = {
    "asset_id": "编号", "name": "名称", "kind": "类型", "tags": "标签", "source": "来源",
    "author": "作者/权利人", "licence": "授权方式", "expires": "授权到期", "file": "文件",
    "width": "宽", "height": "高", "note": "备注",
}

LICENCES = pd.DataFrame(
    [
        ("自有版权", "可以", "不需要", "品牌自己拍摄、设计或委托制作并取得版权的作品"),
        ("CC0 1.0", "可以", "不需要", "作者放弃全部权利（公共领域），仍建议注明出处"),
        ("CC BY 4.0", "可以", "需要", "必须署名：作者、出处、许可协议（CC BY 4.0）"),
        ("CC BY-NC 4.0", "不可以", "需要", "NC = 非商业：品牌推广、带货都属于商业用途"),
        ("已购买授权", "授权期内可以", "按合同", "只能在合同写明的期限和用途内使用，到期后不能再用于新发布"),
        ("来源不明", "不可以", "—", "找不到权利人就无法取得授权：不能用，也不要“先用了再说”"),
        ("SIL OFL 1.1", "可以", "不需要", "开源字体：可免费商用、嵌入，但不能单独出售字体文件"),
        ("系统自带字体", "需另购授权", "—", "装在电脑里不等于可以商用：用于海报、封面等商业设计前要向字库厂商购买授权"),
        ("个人非商用免费", "不可以", "—", "只许个人非商业使用；商用须向字库厂商购买授权"),
    ],
    columns=["licence", "commercial", "attribution", "note"],
)
LICENCE_LABELS = {"licence": "授权方式", "commercial": "能否商用", "attribution": "是否需署名", "note": "说明"}
COMMERCIAL_OK = {"自有版权", "CC0 1.0", "CC BY 4.0", "SIL OFL 1.1"}
SPEC_LABELS = {"platform": "平台", "rule_platform": "规则表平台", "field": "规则对象", "ratio": "比例",
               "title_platform": "标题规则平台", "title_position": "标题位置", "max_kb": "大小上限（KB）",
               "source": "来源/出处"}
REQUIRED = ["asset_id", "name", "kind", "tags", "source", "author", "licence"]


@cache
def _library_data() -> dict:
    text = resources.files("nmt_lab").joinpath("data/media/library.json").read_text("utf-8")
    return json.loads(text)


def library() -> pd.DataFrame:
    """溪山茶饮的图文素材库：每行一个素材（图片或字体），带来源、作者和授权信息。

    ``expires`` 为空表示没有期限。``tags`` 用分号分隔，可以用 ``str.contains`` 筛选。

    >>> lib = library()
    >>> list(lib.columns)[:7]
    ['asset_id', 'name', 'kind', 'tags', 'source', 'author', 'licence']
    >>> sorted(lib["kind"].unique())
    ['图片', '字体']
    """
    items = _library_data()["items"]
    df = pd.DataFrame([{k: v for k, v in item.items() if k not in ("subject", "seed")} for item in items])
    df["expires"] = pd.to_datetime(df["expires"])
    df["width"] = df["width"].astype("Int64")
    df["height"] = df["height"].astype("Int64")
    return df


def chinese(df: pd.DataFrame) -> pd.DataFrame:
    """素材库、授权说明等表格换成中文列名（只用于显示）。

    >>> list(chinese(library()).columns)[:3]
    ['编号', '名称', '类型']
    """
    return df.rename(columns={**LIBRARY_LABELS, **LICENCE_LABELS, **SPEC_LABELS, "usable": "能否用于本次商用发布",
                              "reason": "原因"}).rename_axis(index=lambda n: SPEC_LABELS.get(n, n))


def _item(asset_id: str) -> dict:
    items = {i["asset_id"]: i for i in _library_data()["items"]}
    check_choice(asset_id, list(items), "素材编号")
    return items[asset_id]


def licence_status(lib: pd.DataFrame, publish_date: str, commercial: bool = True) -> pd.DataFrame:
    """逐条判断素材能否在 ``publish_date`` 这天用于发布（默认按商业用途判断），并写出原因。

    返回素材库加两列：``usable``（True/False）和 ``reason``（中文原因）。

    >>> s = licence_status(library(), "2025-06-05").set_index("asset_id")
    >>> bool(s.loc["M01", "usable"]), bool(s.loc["M05", "usable"])
    (True, False)
    >>> s.loc["M05", "reason"]
    'CC BY-NC 4.0 不允许商业用途（NC = 非商业），品牌发布属于商业用途'
    """
    day = pd.Timestamp(publish_date)
    rows = []
    for r in lib.itertuples(index=False):
        lic = str(r.licence)
        expires = getattr(r, "expires", pd.NaT)
        if lic == "来源不明" or not str(r.author or "").strip() or str(r.author) == "不明":
            ok, why = False, "来源不明、找不到权利人，无法取得授权"
        elif lic == "已购买授权":
            if pd.isna(expires):
                ok, why = True, "已购买授权，长期有效"
            elif day <= pd.Timestamp(expires):
                ok, why = True, f"已购买授权，有效期至 {pd.Timestamp(expires):%Y-%m-%d}"
            else:
                ok, why = False, f"授权已于 {pd.Timestamp(expires):%Y-%m-%d} 到期，发布日 {day:%Y-%m-%d} 不能再用"
        elif lic in COMMERCIAL_OK or not commercial:
            need = "，使用时必须署名" if lic == "CC BY 4.0" else ""
            ok, why = True, f"{lic} 允许商业使用{need}" if commercial else f"{lic}：非商业用途可以使用"
        elif lic == "CC BY-NC 4.0":
            ok, why = False, "CC BY-NC 4.0 不允许商业用途（NC = 非商业），品牌发布属于商业用途"
        else:
            ok, why = False, f"{lic}：商业使用须另购授权"
        rows.append((ok, why))
    out = lib.copy()
    out["usable"] = [ok for ok, _ in rows]
    out["reason"] = [why for _, why in rows]
    return out


def attribution(asset_id: str) -> str:
    """CC BY 素材的规范署名（作品名、作者、来源、许可协议）。

    >>> attribution("M03")
    '图片：《夏日海边》，作者 林夏，来源 光影集摄影社区，CC BY 4.0'
    """
    item = _item(asset_id)
    return f"图片：《{item['name']}》，作者 {item['author']}，来源 {item['source']}，{item['licence']}"


def check_library(lib: pd.DataFrame) -> list[str]:
    """素材库的登记问题：必填信息缺失、编号重复、授权方式不在说明表里。空列表表示登记完整。

    >>> check_library(library())
    []
    >>> bad = pd.concat([library(), pd.DataFrame([{"asset_id": "X1", "name": "新图"}])])
    >>> check_library(bad)[0]
    'X1（新图）缺少：类型、标签、来源、作者/权利人、授权方式'
    """
    problems = []
    for r in lib.to_dict("records"):
        lack = [LIBRARY_LABELS[c] for c in REQUIRED
                if c in lib.columns and (pd.isna(r.get(c)) or not str(r[c]).strip())]
        lack += [LIBRARY_LABELS[c] for c in REQUIRED if c not in lib.columns]
        if lack:
            problems.append(f"{r.get('asset_id')}（{r.get('name', '')}）缺少：{'、'.join(lack)}")
        elif str(r["licence"]) not in set(LICENCES["licence"]):
            problems.append(f"{r['asset_id']} 的授权方式 “{r['licence']}” 不在授权说明表里；"
                            f"可用的有：{'、'.join(LICENCES['licence'])}")
    dup = lib["asset_id"][lib["asset_id"].duplicated()].tolist() if "asset_id" in lib.columns else []
    if dup:
        problems.append(f"编号重复：{'、'.join(map(str, dup))}")
    return problems


def register(lib: pd.DataFrame, **item) -> pd.DataFrame:
    """把一个新素材登记进素材库（返回新表，原表不变）。必填：asset_id、name、kind、tags、source、author、licence。

    写了 ``file`` 且文件存在时，自动记下图片的宽和高。

    >>> new = register(library(), asset_id="C01", name="小红书封面", kind="图片", tags="夏日;杨梅;封面",
    ...                source="自制（由 M01 裁剪）", author="溪山茶饮新媒体部", licence="自有版权")
    >>> len(new) - len(library())
    1
    >>> register(library(), asset_id="C02", name="封面")
    Traceback (most recent call last):
    ...
    ValueError: 素材信息不完整：C02（封面）缺少：类型、标签、来源、作者/权利人、授权方式
    """
    unknown = sorted(set(item) - set(LIBRARY_LABELS))
    if unknown:
        raise ValueError(f"素材库没有这些字段：{'、'.join(unknown)}；可用的字段有：{'、'.join(LIBRARY_LABELS)}")
    if item.get("asset_id") in set(lib["asset_id"]):
        raise ValueError(f"编号 {item['asset_id']} 已经在素材库里了：换一个新编号，例如 C01、C02。")
    file = item.get("file")
    if file and Path(str(file)).exists() and not item.get("width"):
        with Image.open(str(file)) as im:  # 文件存在时自动记下像素尺寸
            item["width"], item["height"] = im.size
    row = pd.DataFrame([{c: item.get(c) for c in lib.columns}])
    problems = check_library(row)
    if problems:
        raise ValueError("素材信息不完整：" + "；".join(problems))
    row["expires"] = pd.to_datetime(row["expires"])
    sizes = {c: lib[c].dtype for c in ("width", "height") if c in lib.columns and row[c].notna().all()}
    return pd.concat([lib, row.astype(sizes)], ignore_index=True)


# ---------------------------------------------------------------- 素材图片（按种子绘制）


def _gradient(w: int, h: int, top, bottom) -> Image.Image:
    t = np.linspace(0, 1, h)[:, None, None]
    arr = (1 - t) * np.array(top, float) + t * np.array(bottom, float)
    return Image.fromarray(np.ascontiguousarray(np.broadcast_to(arr, (h, w, 3)).astype(np.uint8)))


def _grain(img: Image.Image, seed: int, sigma: float = 7.0) -> Image.Image:
    """像照片一样的颗粒噪点（也让 JPEG 压缩表现得像真实照片）。"""
    rng = np.random.default_rng(seed)
    w, h = img.size
    noise = rng.standard_normal((h, w), dtype=np.float32)
    noise *= np.float32(sigma)
    noise += np.float32(128)
    n = Image.fromarray(np.clip(noise, 0, 255).astype(np.uint8))
    return ImageChops.add(img.convert("RGB"), Image.merge("RGB", (n, n, n)), scale=1.0, offset=-128)


def _blurred_layer(size, draw, blur: float, colour=(0, 0, 0), scale: int = 4) -> Image.Image:
    """Draw a layer at 1/``scale`` size, blur it there and scale it up (a large blur is slow at full size).

    The transparent background has the shapes' colour, so blurred edges do not darken."""
    small = Image.new("RGBA", (max(1, size[0] // scale), max(1, size[1] // scale)), (*colour, 0))
    draw(ImageDraw.Draw(small), 1 / scale)
    small = small.filter(ImageFilter.GaussianBlur(blur / scale))
    return small.resize(size, Image.Resampling.BILINEAR)


def _soft_circles(img: Image.Image, rng, n: int, box, radius, colour, alpha, blur: float) -> Image.Image:
    x0, y0, x1, y1 = box
    spots = [(rng.uniform(*radius), rng.uniform(x0, x1), rng.uniform(y0, y1), int(rng.uniform(*alpha)))
             for _ in range(n)]

    def draw(d, k):
        for r, x, y, a in spots:
            d.ellipse(((x - r) * k, (y - r) * k, (x + r) * k, (y + r) * k), fill=(*colour, a))

    return Image.alpha_composite(img.convert("RGBA"), _blurred_layer(img.size, draw, blur, colour))


def _berry(d: ImageDraw.ImageDraw, x: float, y: float, r: float, rng) -> None:
    d.ellipse((x - r, y - r, x + r, y + r), fill=(104, 14, 42, 255))
    d.ellipse((x - r * 0.75, y - r * 0.8, x + r * 0.55, y + r * 0.5), fill=(138, 22, 58, 255))
    for _ in range(int(r * 1.2)):
        a, rr = rng.uniform(0, 2 * math.pi), rng.uniform(0, r * 0.85)
        px, py = x + rr * math.cos(a), y + rr * math.sin(a)
        s = r * 0.07
        d.ellipse((px - s, py - s, px + s, py + s), fill=(178, 48, 88, 255))
    s = r * 0.22
    d.ellipse((x - r * 0.45 - s, y - r * 0.45 - s, x - r * 0.45 + s, y - r * 0.45 + s), fill=(235, 150, 170, 200))


def _leaf(d: ImageDraw.ImageDraw, x: float, y: float, length: float, angle: float) -> None:
    c, s = math.cos(angle), math.sin(angle)
    pts = []
    for t in np.linspace(0, 1, 24):
        wdt = math.sin(math.pi * t) * length * 0.28
        pts.append((t * length, wdt))
    pts += [(t * length, -math.sin(math.pi * t) * length * 0.28) for t in np.linspace(1, 0, 24)]
    d.polygon([(x + px * c - py * s, y + px * s + py * c) for px, py in pts], fill=(62, 140, 74, 255))
    d.line([(x, y), (x + length * c, y + length * s)], fill=(40, 100, 52, 255), width=max(2, int(length / 40)))


def _cup(img: Image.Image, cx: float, top: float, bottom: float, w_top: float, w_bottom: float, rng,
         label: bool = True) -> Image.Image:
    W, H = img.size
    base = img.convert("RGBA")
    # shadow
    box = (cx - w_bottom * 0.8, bottom - H * 0.03, cx + w_bottom * 0.9, bottom + H * 0.035)
    shadow = _blurred_layer(img.size, lambda d, k: d.ellipse([v * k for v in box], fill=(60, 20, 20, 120)), H * 0.012,
                            (60, 20, 20))
    base = Image.alpha_composite(base, shadow)
    layer = Image.new("RGBA", img.size, (0, 0, 0, 0))
    d = ImageDraw.Draw(layer)
    glass = [(cx - w_top / 2, top), (cx + w_top / 2, top), (cx + w_bottom / 2, bottom), (cx - w_bottom / 2, bottom)]
    d.polygon(glass, fill=(255, 255, 255, 60), outline=(255, 255, 255, 200), width=max(2, int(W * 0.002)))
    liquid_top = top + (bottom - top) * 0.12
    for i in range(int(bottom - liquid_top)):
        t = i / max(1, bottom - liquid_top)
        y = liquid_top + i
        half = (w_top + (w_bottom - w_top) * (y - top) / (bottom - top)) / 2 * 0.93
        col = (int(214 - 90 * t), int(70 - 50 * t), int(100 - 40 * t), 235)
        d.line([(cx - half, y), (cx + half, y)], fill=col)
    # straw
    d.polygon([(cx + w_top * 0.12, bottom - (bottom - top) * 0.3), (cx + w_top * 0.2, bottom - (bottom - top) * 0.3),
               (cx + w_top * 0.42, top - H * 0.075), (cx + w_top * 0.34, top - H * 0.075)], fill=(76, 154, 91, 255))
    # ice cubes
    for k in range(4):
        x = cx - w_top * 0.3 + k * w_top * 0.19 + rng.uniform(-8, 8)
        y = liquid_top + rng.uniform(10, (bottom - top) * 0.16)
        s = w_top * 0.12
        d.rounded_rectangle((x - s / 2, y - s / 2, x + s / 2, y + s / 2), radius=s * 0.2,
                            fill=(255, 255, 255, 110), outline=(255, 255, 255, 170), width=2)
    for k in range(3):
        _berry(d, cx - w_top * 0.22 + k * w_top * 0.22, liquid_top + (bottom - top) * (0.35 + 0.18 * (k % 2)),
               w_top * 0.075, rng)
    # highlight
    d.polygon([(cx - w_top * 0.38, top + 10), (cx - w_top * 0.3, top + 10), (cx - w_bottom * 0.3, bottom - 12),
               (cx - w_bottom * 0.36, bottom - 12)], fill=(255, 255, 255, 70))
    if label:
        r = w_top * 0.17
        ly = top + (bottom - top) * 0.62
        d.ellipse((cx - r, ly - r, cx + r, ly + r), fill=(250, 246, 236, 235))
        f = cjk_font(int(r * 0.62))
        d.text((cx, ly), "溪山", font=f, fill=(42, 110, 80, 255), anchor="mm")
    return Image.alpha_composite(base, layer)


def _draw_product(seed: int) -> Image.Image:
    """M01：杨梅冰茶产品图（横版 4:3，杯子在画面右侧，左侧留白；光线偏暗）。"""
    rng = np.random.default_rng(seed)
    W, H = 2560, 1920
    img = _gradient(W, H, (236, 176, 150), (214, 128, 138))
    table = _gradient(W, int(H * 0.26), (214, 178, 140), (176, 134, 98))
    img.paste(table, (0, int(H * 0.74)))
    img = _soft_circles(img, rng, 40, (0, 0, W * 0.55, H * 0.7), (40, 160), (255, 236, 220), (30, 90), 18)
    img = _soft_circles(img, rng, 14, (W * 0.05, H * 0.05, W, H * 0.3), (20, 70), (255, 248, 236), (40, 100), 8)
    img = _cup(img, W * 0.69, H * 0.36, H * 0.75, W * 0.2, W * 0.15, rng)
    layer = Image.new("RGBA", img.size, (0, 0, 0, 0))
    d = ImageDraw.Draw(layer)
    for x, y, r in [(0.575, 0.765, 0.022), (0.605, 0.772, 0.019), (0.79, 0.768, 0.02)]:
        _berry(d, W * x, H * y, W * r, rng)
    _leaf(d, W * 0.585, H * 0.745, W * 0.05, -0.5)
    _leaf(d, W * 0.775, H * 0.748, W * 0.045, -2.4)
    img = Image.alpha_composite(img, layer).convert("RGB").filter(ImageFilter.BoxBlur(1))
    img = ImageEnhance.Brightness(img).enhance(0.8)  # 室内光线不足，原片偏暗
    return _grain(img, seed)


def _draw_store(seed: int) -> Image.Image:
    """M02：门店外景。"""
    rng = np.random.default_rng(seed)
    W, H = 1600, 1067
    img = _gradient(W, H, (150, 196, 232), (214, 232, 244)).convert("RGBA")
    d = ImageDraw.Draw(img)
    d.rectangle((0, H * 0.16, W, H * 0.86), fill=(238, 230, 212, 255))
    d.rectangle((W * 0.1, H * 0.2, W * 0.9, H * 0.36), fill=(36, 92, 70, 255))
    f = cjk_font(int(H * 0.1))
    d.text((W * 0.5, H * 0.265), "溪山茶饮", font=f, fill=(250, 246, 236, 255), anchor="mm")
    d.text((W * 0.5, H * 0.335), "XISHAN TEA", font=cjk_font(int(H * 0.03)), fill=(200, 226, 210, 255), anchor="mm")
    for i in range(16):
        x = W * 0.1 + i * W * 0.05
        d.polygon([(x, H * 0.36), (x + W * 0.05, H * 0.36), (x + W * 0.05, H * 0.43), (x, H * 0.43)],
                  fill=(42, 120, 84, 255) if i % 2 else (250, 250, 245, 255))
    for x0, x1 in [(0.12, 0.42), (0.58, 0.88)]:
        d.rectangle((W * x0, H * 0.47, W * x1, H * 0.8), fill=(170, 206, 222, 255), outline=(90, 80, 70, 255), width=6)
        d.polygon([(W * x0 + 30, H * 0.8), (W * x0 + 140, H * 0.47), (W * x0 + 200, H * 0.47), (W * x0 + 90, H * 0.8)],
                  fill=(210, 232, 240, 255))
    d.rectangle((W * 0.45, H * 0.47, W * 0.55, H * 0.86), fill=(120, 86, 60, 255))
    d.rectangle((0, H * 0.86, W, H), fill=(186, 180, 172, 255))
    for x in (0.06, 0.94):
        d.rectangle((W * x - 40, H * 0.76, W * x + 40, H * 0.86), fill=(150, 100, 70, 255))
        d.ellipse((W * x - 80, H * 0.6, W * x + 80, H * 0.8), fill=(70, 140, 80, 255))
    img = _soft_circles(img, rng, 6, (0, 0, W, H * 0.15), (60, 120), (255, 255, 255), (60, 120), 20)
    return _grain(img.convert("RGB").filter(ImageFilter.BoxBlur(1)), seed, 5)


def _draw_beach(seed: int) -> Image.Image:
    """M03：夏日海边背景。"""
    rng = np.random.default_rng(seed)
    W, H = 1920, 1080
    img = _gradient(W, H, (96, 170, 226), (200, 230, 246)).convert("RGBA")
    sun = (W * 0.78, H * 0.18, W * 0.78, H * 0.18)
    img = _soft_circles(img, rng, 1, sun, (160, 160), (255, 240, 190), (200, 200), 60)
    d = ImageDraw.Draw(img)
    d.ellipse((W * 0.78 - 70, H * 0.18 - 70, W * 0.78 + 70, H * 0.18 + 70), fill=(255, 244, 200, 255))
    sea = _gradient(W, int(H * 0.28), (40, 132, 186), (80, 176, 200))
    img.paste(sea, (0, int(H * 0.5)))
    d = ImageDraw.Draw(img)
    for _ in range(60):
        x, y = rng.uniform(0, W), rng.uniform(H * 0.52, H * 0.77)
        d.line([(x, y), (x + rng.uniform(30, 120), y)], fill=(230, 244, 250, 200), width=3)
    d.rectangle((0, H * 0.78, W, H), fill=(236, 214, 170, 255))
    d.polygon([(0, H * 0.78), (W, H * 0.76), (W, H * 0.8), (0, H * 0.82)], fill=(250, 250, 245, 255))
    return _grain(img.convert("RGB").filter(ImageFilter.BoxBlur(1)), seed, 6)


def _draw_ice(seed: int) -> Image.Image:
    """M04：冰块水珠纹理。"""
    rng = np.random.default_rng(seed)
    W, H = 1600, 1200
    img = _gradient(W, H, (120, 200, 226), (40, 120, 170)).convert("RGBA")
    layer = Image.new("RGBA", img.size, (0, 0, 0, 0))
    d = ImageDraw.Draw(layer)
    for _ in range(26):
        s, x, y = rng.uniform(120, 260), rng.uniform(-50, W), rng.uniform(-50, H)
        d.rounded_rectangle((x, y, x + s, y + s), radius=s * 0.18, fill=(235, 250, 255, 70),
                            outline=(255, 255, 255, 150), width=4)
    for _ in range(160):
        r, x, y = rng.uniform(4, 16), rng.uniform(0, W), rng.uniform(0, H)
        d.ellipse((x - r, y - r, x + r, y + r), fill=(255, 255, 255, 150))
    img = Image.alpha_composite(img, layer.filter(ImageFilter.BoxBlur(1)))
    return _grain(img.convert("RGB"), seed, 6)


def _draw_illustration(seed: int) -> Image.Image:
    """M05：杨梅水果插画（平面插画风格，右下角有作者签名）。"""
    rng = np.random.default_rng(seed)
    W, H = 1600, 1200
    img = Image.new("RGBA", (W, H), (252, 232, 222, 255))
    d = ImageDraw.Draw(img)
    for _ in range(9):
        x, y = rng.uniform(W * 0.1, W * 0.9), rng.uniform(H * 0.15, H * 0.85)
        _leaf(d, x + 40, y - 10, rng.uniform(80, 140), rng.uniform(-3, 0))
        _berry(d, x, y, rng.uniform(50, 90), rng)
    d.text((W - 40, H - 40), "阿柚 插画", font=cjk_font(40), fill=(150, 90, 90, 255), anchor="rs")
    return _grain(img.convert("RGB"), seed, 3)


def _draw_copied(seed: int) -> Image.Image:
    """M06：从网上保存的“爆款”饮品图，带着别人的水印。"""
    rng = np.random.default_rng(seed)
    W, H = 1080, 1440
    img = _gradient(W, H, (250, 214, 200), (232, 160, 150))
    img = _soft_circles(img, rng, 20, (0, 0, W, H * 0.5), (30, 90), (255, 240, 230), (40, 90), 12)
    img = _cup(img, W * 0.5, H * 0.3, H * 0.8, W * 0.42, W * 0.32, rng, label=False).convert("RGB")
    d = ImageDraw.Draw(img)
    f = cjk_font(64)
    d.text((W - 36, H - 36), "@杭城茶研所", font=f, fill=(255, 255, 255), anchor="rs", stroke_width=2,
           stroke_fill=(120, 60, 60))
    return _grain(img.filter(ImageFilter.BoxBlur(1)), seed, 6)


def _draw_tea_garden(seed: int) -> Image.Image:
    """M07：茶园风景（图库购买）。"""
    rng = np.random.default_rng(seed)
    W, H = 1920, 1280
    img = _gradient(W, H, (206, 226, 236), (236, 240, 230)).convert("RGBA")
    d = ImageDraw.Draw(img)
    for k, (shade, y0) in enumerate([((120, 160, 130), 0.35), ((86, 140, 92), 0.48), ((60, 120, 70), 0.62)]):
        pts = [(0, H)] + [(x, H * y0 + 40 * math.sin(x / 260 + k) + rng.uniform(-4, 4)) for x in range(0, W + 40, 40)]
        d.polygon(pts + [(W, H)], fill=(*shade, 255))
    for row in range(14):
        y = H * 0.66 + row * H * 0.026
        d.line([(0, y), (W, y - 60)], fill=(40, 96, 50, 255), width=10)
    img = _soft_circles(img, rng, 12, (0, H * 0.3, W, H * 0.5), (120, 240), (245, 248, 245), (40, 90), 40)
    return _grain(img.convert("RGB").filter(ImageFilter.BoxBlur(1)), seed, 5)


_DRAW = {"M01": _draw_product, "M02": _draw_store, "M03": _draw_beach, "M04": _draw_ice,
         "M05": _draw_illustration, "M06": _draw_copied, "M07": _draw_tea_garden}


@cache
def _material(asset_id: str) -> Image.Image:
    item = _item(asset_id)
    if asset_id not in _DRAW:
        raise ValueError(f"素材 {asset_id}（{item['name']}）是{item['kind']}，没有图片；"
                         f"有图片的素材：{'、'.join(_DRAW)}")
    img = _DRAW[asset_id](int(item["seed"]))
    assert img.size == (item["width"], item["height"]), (asset_id, img.size)
    return img


def material(asset_id: str) -> Image.Image:
    """素材库里一张图片（Pillow 的 Image）。图片按固定种子绘制，每次都一样。

    >>> material("M03").size
    (1920, 1080)
    >>> material("F01")
    Traceback (most recent call last):
    ...
    ValueError: 素材 F01（思源黑体（Noto Sans CJK SC））是字体，没有图片；有图片的素材：M01、M02、...、M07
    """
    return _material(asset_id).copy()


def subject_box(asset_id: str) -> tuple[float, float, float, float] | None:
    """素材主体（如杯子）在画面中的位置：左、上、右、下，都是 0–1 的比例。

    >>> subject_box("M01")
    (0.58, 0.28, 0.8, 0.78)
    """
    box = _item(asset_id).get("subject")
    return tuple(box) if box else None


def export_library(folder: str | Path = "output/materials") -> pd.DataFrame:
    """把素材库的图片存成 JPEG 文件，并把素材表存为 ``素材库.csv``（Excel 可直接打开）。

    返回素材表，``file`` 列是文件路径。
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    lib = library()
    paths = []
    for r in lib.itertuples(index=False):
        if r.asset_id in _DRAW:
            path = folder / r.file
            if not path.exists():
                _material(r.asset_id).save(path, quality=88)
            paths.append(str(path))
        else:
            paths.append(r.file or "")
    lib["file"] = paths
    chinese(lib).to_csv(folder / "素材库.csv", index=False, encoding="utf-8-sig")
    return lib


def library_sheet(lib: pd.DataFrame | None = None, height: int = 220, columns: int = 4) -> Image.Image:
    """素材库里所有图片的拼图预览，每张下面写“编号 名称”；字体等没有图片的素材跳过。

    >>> sheet = library_sheet(library().head(2), height=60)
    >>> sheet.size[1] > 60
    True
    """
    lib = library() if lib is None else lib
    check_columns(lib, ["asset_id", "name"])
    pictures = {f"{r.asset_id} {r.name}": _material(r.asset_id) for r in lib.itertuples() if r.asset_id in _DRAW}
    if not pictures:
        raise ValueError("这张表里没有图片素材（类型为“图片”的行）：先筛出图片再预览。")
    return contact_sheet(pictures, height=height, columns=columns)


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


def open_image(img: Image.Image | str | Path) -> Image.Image:
    """打开图片文件（已经是图片对象时原样返回）；找不到文件时给出中文提示。

    >>> open_image("没有这个文件.jpg")
    Traceback (most recent call last):
    ...
    FileNotFoundError: 找不到图片文件 没有这个文件.jpg：检查路径，或先运行保存图片的那一格。
    """
    if isinstance(img, Image.Image):
        return img
    path = Path(img)
    if not path.exists():
        raise FileNotFoundError(f"找不到图片文件 {path}：检查路径，或先运行保存图片的那一格。")
    with Image.open(path) as im:
        im.load()
        return im


def difference(a: Image.Image | str | Path, b: Image.Image | str | Path) -> float:
    """两张同样大小的图片平均每个像素差多少（0 表示完全一样，越大差别越大）。

    >>> difference(Image.new("RGB", (4, 4), (0, 0, 0)), Image.new("RGB", (4, 4), (10, 10, 10)))
    10.0
    """
    a, b = open_image(a).convert("RGB"), open_image(b).convert("RGB")
    if a.size != b.size:
        raise ValueError(f"两张图尺寸不同（{a.size[0]}×{a.size[1]} 和 {b.size[0]}×{b.size[1]}），不能逐像素比较。")
    return round(float(np.asarray(ImageChops.difference(a, b), np.float32).mean()), 2)


# ---------------------------------------------------------------- 水印与标题

CORNERS = ("右下", "左下", "右上", "左上")
POSITIONS = ("上", "下", "左")


def add_watermark(img: Image.Image, text: str = "@溪山茶饮", corner: str = "右下", opacity: float = 0.75,
                  size: int | None = None) -> Image.Image:
    """在角落加半透明文字水印（标明出处、防止盗图）。字号默认为短边的 4%。

    >>> add_watermark(Image.new("RGB", (400, 300), "white")).size
    (400, 300)
    """
    check_choice(corner, CORNERS, "水印位置")
    if not 0 < opacity <= 1:
        raise ValueError(f"opacity={opacity!r} 不对：透明度应在 0 到 1 之间，例如 0.75。")
    img = img.convert("RGBA")
    W, H = img.size
    size = size or max(14, round(min(W, H) * 0.04))
    font = cjk_font(size)
    margin = round(min(W, H) * 0.03)
    x = W - margin if "右" in corner else margin
    y = H - margin if "下" in corner else margin
    anchor = ("r" if "右" in corner else "l") + ("s" if "下" in corner else "a")
    layer = Image.new("RGBA", img.size, (0, 0, 0, 0))
    d = ImageDraw.Draw(layer)
    a = round(255 * opacity)
    d.text((x + 2, y + 2), text, font=font, fill=(0, 0, 0, a // 2), anchor=anchor)
    d.text((x, y), text, font=font, fill=(255, 255, 255, a), anchor=anchor)
    return Image.alpha_composite(img, layer).convert("RGB")


_NO_LINE_START = set("，。、；：！？）】」』》…—｜|·,.;:!?) ")
_LINE_END_STRIP = "｜|·  "


def _title_tokens(text: str) -> list[str]:
    """Words (jieba) that a line may not break inside; punctuation sticks to the word before it."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokens: list[str] = []
    for t in jieba.lcut(text):
        if tokens and all(c in _NO_LINE_START for c in t):
            tokens[-1] += t
        else:
            tokens.append(t)
    return tokens


def _greedy_lines(tokens: list[str], font, max_width: float) -> list[str]:
    lines, line = [], ""
    for t in tokens:
        if line and font.getlength(line + t) > max_width:
            lines.append(line)
            line = ""
        line += t
    return [*lines, line] if line else lines


def _split_balanced(tokens: list[str], font, max_width: float, max_lines: int | None) -> list[str]:
    """The fewest lines that fit ``max_width``, with breaks chosen to make the longest line shortest.

    Long titles (too many ways to break) fall back to filling lines one after another."""
    from itertools import combinations

    def lines_of(cuts):
        bounds = [0, *cuts, len(tokens)]
        return ["".join(tokens[a:b]).strip().rstrip(_LINE_END_STRIP) or "".join(tokens[a:b]) for a, b in
                zip(bounds, bounds[1:], strict=False)]

    greedy = _greedy_lines(tokens, font, max_width)
    most = len(greedy) if max_lines is None else min(len(greedy), max_lines)
    for n in range(1, most + 1):
        if math.comb(len(tokens) - 1, n - 1) > 3000:
            break
        best, best_score = None, None
        for cuts in combinations(range(1, len(tokens)), n - 1):
            lines = lines_of(cuts)
            width = max(font.getlength(line) for line in lines)
            # a break after punctuation reads better: worth 1.5 characters of extra width
            score = width - 1.5 * font.size * sum(tokens[c - 1][-1] in _NO_LINE_START for c in cuts)
            if width <= max_width and (best_score is None or score < best_score):
                best, best_score = lines, score
        if best:
            return best
    return [line.strip() for line in greedy]


def wrap_title(title: str, font: ImageFont.FreeTypeFont, max_width: float, max_lines: int | None = None) -> list[str]:
    """按宽度把标题分成尽量少、尽量等长的几行，不在词语中间断开（用 jieba 分词）；``\\n`` 强制换行。

    >>> wrap_title("夏日新品｜杨梅冰茶", cjk_font(40), 240)
    ['夏日新品', '杨梅冰茶']
    >>> wrap_title("夏日新品杨梅冰茶", cjk_font(40), 400)
    ['夏日新品杨梅冰茶']
    """
    lines = []
    for part in str(title).split("\n"):
        part = part.strip()
        if not part:
            continue
        if font.getlength(part) <= max_width:
            lines.append(part)
            continue
        tokens = _title_tokens(part)
        if any(font.getlength(t) > max_width for t in tokens):  # a word wider than the line: break anywhere
            tokens = [c for t in tokens for c in (list(t) if font.getlength(t) > max_width else [t])]
        lines += _split_balanced(tokens, font, max_width, max_lines)
    return lines


def title_box(size: tuple[int, int], position: str) -> tuple[float, float, float, float]:
    """标题区域（左、上、右、下，像素）：离边缘留出短边 6% 的安全距离。

    >>> [round(v) for v in title_box((1080, 1440), "上")]
    [65, 65, 1015, 497]
    """
    W, H = size
    m = min(W, H) * 0.06
    if position == "上":
        return (m, m, W - m, m + H * 0.3)
    if position == "下":
        return (m, H - m - H * 0.3, W - m, H - m)
    return (m, m, W * 0.5, H - m)


def layout_title(size: tuple[int, int], title: str, position: str = "下", max_lines: int = 2,
                 font_size: int | None = None) -> dict:
    """标题排版：在 ``position`` 区域里，找出能放下标题（不超过 ``max_lines`` 行）的最大字号。

    返回字号、各行文字和文字区域。字号小于短边的 4% 时说明标题太长，应当删字。

    >>> lay = layout_title((1080, 1440), "夏日新品杨梅冰茶")
    >>> lay["lines"], lay["font_size"]
    (['夏日新品', '杨梅冰茶'], 149)
    """
    check_choice(position, POSITIONS, "标题位置")
    title = str(title).strip()
    if not title:
        raise ValueError("标题是空的：请先写好标题文字。")
    W, H = size
    x0, y0, x1, y1 = title_box(size, position)
    box_w, box_h = (x1 - x0) * 0.9, (y1 - y0) * 0.9
    biggest = round(min(W, H) * 0.14)
    smallest = max(12, round(min(W, H) * 0.04))
    sizes = [int(font_size)] if font_size else range(biggest, smallest - 1, -2)
    for s in sizes:
        font = cjk_font(s)
        lines = wrap_title(title, font, box_w, max_lines)
        height = len(lines) * s * 1.3
        if font_size or (len(lines) <= max_lines and height <= box_h):
            return {"font_size": s, "lines": lines, "box": (x0, y0, x1, y1), "position": position}
    raise ValueError(f"标题“{title}”太长：用最小字号 {smallest} 也排不进 {max_lines} 行。请删减到十几个字以内，"
                     "封面上只放最核心的一句话。")


def add_title(img: Image.Image, title: str, position: str | None = None, platform: str | None = None,
              color: str | tuple = "white", plate: bool = True, max_lines: int = 2,
              font_size: int | None = None) -> Image.Image:
    """把中文标题排在图上：自动选字号、分行，默认衬一块半透明深色底板保证看得清。

    ``position`` 为 "上"、"下" 或 "左"；不写时用 ``platform`` 的推荐位置（避开平台界面遮挡），
    都不写则放在下方。缺字时会提醒。

    >>> add_title(Image.new("RGB", (1080, 1440), "pink"), "夏日新品杨梅冰茶", platform="小红书").size
    (1080, 1440)
    """
    if position is None:
        position = cover_spec(platform)["title_position"] if platform else "下"
    missing = missing_glyphs(title)
    if missing:
        warnings.warn(f"课程字体里没有这些字：{'、'.join(missing)}，图上会显示成空白。请换成常用字。", stacklevel=2)
    img = img.convert("RGBA")
    lay = layout_title(img.size, title, position, max_lines, font_size)
    s, lines = lay["font_size"], lay["lines"]
    x0, y0, x1, y1 = lay["box"]
    font = cjk_font(s)
    line_h = s * 1.3
    block_h = line_h * len(lines)
    block_w = max(font.getlength(line) for line in lines)
    if position == "左":
        left, top = x0 + (x1 - x0) * 0.05, (y0 + y1) / 2 - block_h / 2
    else:
        left, top = (img.width - block_w) / 2, (y0 + y1) / 2 - block_h / 2
    layer = Image.new("RGBA", img.size, (0, 0, 0, 0))
    d = ImageDraw.Draw(layer)
    if plate:
        pad = s * 0.45
        d.rounded_rectangle((left - pad, top - pad * 0.7, left + block_w + pad, top + block_h + pad * 0.5),
                            radius=pad * 0.8, fill=(0, 0, 0, 120))
    for i, line in enumerate(lines):
        y = top + i * line_h + line_h / 2
        if position == "左":
            d.text((left, y), line, font=font, fill=color, anchor="lm")
        else:
            d.text((img.width / 2, y), line, font=font, fill=color, anchor="mm")
    return Image.alpha_composite(img, layer).convert("RGB")


def _luminance(rgb) -> float:
    def channel(c: float) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = rgb[:3]
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def _rgb(color) -> tuple[int, int, int]:
    from PIL import ImageColor

    if isinstance(color, str):
        return ImageColor.getrgb(color)[:3]
    return tuple(int(c) for c in color[:3])


def contrast_ratio(color_a, color_b) -> float:
    """两种颜色的对比度（WCAG 定义，1–21）。文字与背景至少 4.5 才容易看清，大标题至少 3。

    >>> contrast_ratio("white", "black")
    21.0
    >>> contrast_ratio("#777777", "white")
    4.48
    """
    la, lb = sorted((_luminance(_rgb(color_a)), _luminance(_rgb(color_b))), reverse=True)
    return round((la + 0.05) / (lb + 0.05), 2)


def title_contrast(img: Image.Image, position: str = "下", color="white", plate: bool = True) -> float:
    """标题文字与它身后背景（按标题区域的平均颜色算，有底板时算上底板）的对比度。

    >>> title_contrast(Image.new("RGB", (800, 600), "white"), color="white", plate=False)
    1.0
    >>> title_contrast(Image.new("RGB", (800, 600), "white"), color="white") > 2
    True
    """
    check_choice(position, POSITIONS, "标题位置")
    x0, y0, x1, y1 = (round(v) for v in title_box(img.size, position))
    region = np.asarray(img.convert("RGB").crop((x0, y0, x1, y1)), np.float32).reshape(-1, 3).mean(axis=0)
    if plate:
        region = region * (1 - 120 / 255)
    return contrast_ratio(color, tuple(region))


# ---------------------------------------------------------------- 保存与检查


def _search_quality(img: Image.Image, max_kb: float, quality: int = 90, min_quality: int = 30):
    lo, hi, best = int(min_quality), min(int(quality), 95), None
    while lo <= hi:  # 二分查找：大了往低处找，小了往高处找
        mid = (lo + hi) // 2
        data = _jpeg_bytes(img, mid)
        if len(data) / 1024 <= max_kb:
            best, lo = (mid, data), mid + 1
        else:
            hi = mid - 1
    return best


def best_quality(img: Image.Image, max_kb: float, quality: int = 90, min_quality: int = 30) -> int | None:
    """文件不超过 ``max_kb`` 时能用的最高 JPEG 质量（不超过 ``quality``）；压到 ``min_quality`` 还太大时返回 None。

    >>> best_quality(Image.new("RGB", (100, 100), "white"), max_kb=50)
    90
    """
    found = _search_quality(img.convert("RGB"), max_kb, quality, min_quality)
    return None if found is None else found[0]


@dataclass(frozen=True)
class Saved:
    """保存结果：路径、像素尺寸、JPEG 质量和文件大小（KB）。"""

    path: str
    width: int
    height: int
    quality: int
    size_kb: float

    def __str__(self) -> str:
        return f"已保存 {self.path}：{self.width}×{self.height}，JPEG 质量 {self.quality}，{self.size_kb:.0f} KB"


def _jpeg_bytes(img: Image.Image, quality: int) -> bytes:
    buf = io.BytesIO()
    img.convert("RGB").save(buf, "JPEG", quality=int(quality), optimize=True)
    return buf.getvalue()


def jpeg_size_kb(img: Image.Image, quality: int = 85) -> float:
    """按某个 JPEG 质量保存后的文件大小（KB），不写文件。

    >>> jpeg_size_kb(Image.new("RGB", (100, 100), "white")) < 5
    True
    """
    return round(len(_jpeg_bytes(img, quality)) / 1024, 1)


def jpeg_roundtrip(img: Image.Image, quality: int) -> Image.Image:
    """按某个 JPEG 质量压缩后再打开的样子：用来亲眼看看压得太狠会出现什么色块。

    >>> jpeg_roundtrip(Image.new("RGB", (64, 64), "red"), 30).size
    (64, 64)
    """
    with Image.open(io.BytesIO(_jpeg_bytes(img, quality))) as im:
        im.load()
        return im.convert("RGB")


def jpeg_quality(path: str | Path) -> int:
    """从 JPEG 文件的量化表估计它保存时用的质量（1–95，误差约 ±1）：可以检查一张图是不是被压得太狠。

    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "a.jpg")
    >>> Image.new("RGB", (64, 64), "red").save(p, quality=75)
    >>> jpeg_quality(p)
    75
    """
    im = open_image(path)
    tables = getattr(im, "quantization", None)
    if not tables:
        raise ValueError(f"{path} 不是 JPEG 文件，没有“质量”可言。")
    scale = sum(tables[0]) * 100 / 3688  # 3688：IJG 标准亮度量化表（质量 50）各项之和
    return round(100 - scale / 2 if scale <= 100 else 5000 / scale)


def quality_table(img: Image.Image, qualities=(95, 85, 75, 65, 55, 45)) -> pd.DataFrame:
    """同一张图用不同 JPEG 质量保存的文件大小：质量越低文件越小，但画面会出现色块。

    >>> quality_table(Image.new("RGB", (100, 100), "white"), [90, 50]).columns.tolist()
    ['JPEG 质量', '文件大小（KB）']
    """
    return pd.DataFrame({"JPEG 质量": list(qualities), "文件大小（KB）": [jpeg_size_kb(img, q) for q in qualities]})


def save_jpeg(img: Image.Image, path: str | Path, max_kb: float | None = None, quality: int = 90,
              min_quality: int = 30) -> Saved:
    """保存为 JPEG。给了 ``max_kb`` 时，自动找出文件不超过 ``max_kb`` 的最高质量（二分查找）。

    文件夹不存在时会自动创建。即使质量降到 ``min_quality`` 还是太大，会报错并建议缩小尺寸。

    >>> import tempfile, os
    >>> out = save_jpeg(material("M03"), os.path.join(tempfile.mkdtemp(), "海边.jpg"), max_kb=200)
    >>> out.size_kb <= 200, out.width
    (True, 1920)
    """
    path = Path(path)
    if path.suffix.lower() not in (".jpg", ".jpeg"):
        raise ValueError(f"文件名 {path.name} 应以 .jpg 结尾（JPEG 格式），例如 output/covers/小红书.jpg")
    img = img.convert("RGB")
    if max_kb is None:
        q, data = int(quality), _jpeg_bytes(img, quality)
    else:
        found = _search_quality(img, max_kb, quality, min_quality)
        if found is None:
            kb = len(_jpeg_bytes(img, min_quality)) / 1024
            raise ValueError(f"质量降到 {min_quality} 时仍有 {kb:.0f} KB，超过上限 {max_kb} KB："
                             "再压画面会糊，请先缩小图片尺寸。")
        q, data = found
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return Saved(path.as_posix(), img.width, img.height, q, round(len(data) / 1024, 1))


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


def check_title(platform: str, title: str) -> list[str]:
    """发布前校对标题：平台字数规则 + 广告法绝对化用语等审核词。返回中文问题列表，空列表表示通过。

    >>> check_title("小红书", "夏日新品杨梅冰茶")
    []
    >>> check_title("小红书", "全网最好喝的杨梅冰茶")
    ['含审核词“最好喝”（广告极限词，《广告法》第九条第三项），建议改为：很好喝 / 口碑之选']
    """
    spec_platform = cover_spec(platform)["title_platform"] if platform in cover_specs().index else platform
    problems = [p.message for p in platform_rules.check_text(spec_platform, "title", title)]
    for h in compliance.find_terms(title):
        law = f"，{h.law_ref}" if h.law_ref else ""
        problems.append(f"含审核词“{h.word}”（{h.category}{law}），建议改为：{h.replacement or '删除或改写'}")
    missing = missing_glyphs(title)
    if missing:
        problems.append(f"这些字在封面字体里没有，图上会显示成空白：{'、'.join(missing)}")
    return problems


# ---------------------------------------------------------------- 预览


def contact_sheet(items, height: int = 320, columns: int | None = None, labels=None,
                  background: str = "#f4f1ea") -> Image.Image:
    """拼图预览：把多张图片（或文件路径）按同一高度排在一起，下面写中文说明。

    ``items`` 可以是列表，也可以是 ``{说明: 图片}`` 的字典。

    >>> sheet = contact_sheet({"一": Image.new("RGB", (400, 300)), "二": Image.new("RGB", (300, 400))}, height=100)
    >>> sheet.size
    (232, 134)
    """
    if isinstance(items, dict):
        labels, items = list(items), list(items.values())
    images = [open_image(i).convert("RGB") for i in items]
    if not images:
        raise ValueError("没有图片可以拼：items 是空的。")
    labels = [str(x) for x in (labels or [""] * len(images))]
    thumbs = [im.resize((max(1, round(im.width * height / im.height)), height), Image.Resampling.LANCZOS,
                        reducing_gap=2.0) for im in images]
    columns = columns or len(thumbs)
    gap, label_h = max(8, height // 20), max(18, height // 8) if any(labels) else 0
    rows = [thumbs[i:i + columns] for i in range(0, len(thumbs), columns)]
    width = max(sum(t.width for t in row) + gap * (len(row) + 1) for row in rows)
    sheet = Image.new("RGB", (width, len(rows) * (height + label_h + gap) + gap), background)
    d = ImageDraw.Draw(sheet)
    font = cjk_font(max(12, round(label_h * 0.62))) if label_h else None
    k = 0
    for r, row in enumerate(rows):
        x, y = gap, gap + r * (height + label_h + gap)
        for t in row:
            sheet.paste(t, (x, y))
            if label_h:
                d.text((x + t.width / 2, y + height + label_h / 2), labels[k], font=font, fill=(60, 60, 60),
                       anchor="mm")
            x += t.width + gap
            k += 1
    return sheet


def show(img: Image.Image | str | Path, height: int = 300):
    """在笔记本里显示一张缩小的预览（JPEG，不会让笔记本变得很大）。"""
    from IPython.display import Image as IPImage

    im = open_image(img).convert("RGB")
    if im.height > height:
        im = im.resize((max(1, round(im.width * height / im.height)), height), Image.Resampling.LANCZOS,
                       reducing_gap=2.0)
    return IPImage(data=_jpeg_bytes(im, 85), format="jpeg")


# ---------------------------------------------------------------- 封面设计器（互动组件）


def design_cover(photo: Image.Image, platform: str, title: str = "", focus=(0.5, 0.5), watermark: str = "@溪山茶饮",
                 position: str | None = None) -> Image.Image:
    """一步做出封面：裁剪缩放 → 标题 → 水印。

    >>> design_cover(material("M01"), "微信公众号", "夏日新品杨梅冰茶", focus=(0.69, 0.53)).size
    (900, 383)
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        cover = fit_cover(photo, platform, focus)
        if str(title).strip():
            cover = add_title(cover, title, position=position, platform=platform)
    if watermark:
        cover = add_watermark(cover, watermark)
    return cover


def cover_preview(asset_id: str, platform: str, title: str, focus_x: float = 0.5, focus_y: float = 0.5,
                  preview_height: int = 360) -> dict:
    """封面设计器每次刷新要显示的内容：预览图（JPEG 字节）、成品尺寸、压到品牌上限以内的质量和大小、全部检查意见。

    >>> v = cover_preview("M01", "抖音", "全网最好喝的杨梅冰茶", 0.5, 0.5)
    >>> v["size"], len(v["problems"]) >= 2
    ((1080, 1920), True)
    """
    cover = design_cover(material(asset_id), platform, title, (focus_x, focus_y))
    problems = frame_check(asset_id, platform, (focus_x, focus_y))
    if str(title).strip():
        problems += check_title(platform, title)
    problems += check_cover(cover, platform)
    thumb = cover.resize((max(1, round(cover.width * preview_height / cover.height)), preview_height),
                         Image.Resampling.LANCZOS, reducing_gap=2.0)
    found = _search_quality(cover, BRAND_MAX_KB)
    return {"image": cover, "preview": _jpeg_bytes(thumb, 85), "size": cover.size,
            "quality": found[0] if found else None, "kb": round(len(found[1]) / 1024, 1) if found else None,
            "problems": problems}


def _problems_html(view: dict, platform: str) -> str:
    spec = cover_spec(platform)
    size = (f"压到 {BRAND_MAX_KB} KB 以内可用 JPEG 质量 <b>{view['quality']}</b>（约 {view['kb']:.0f} KB）"
            if view["quality"] else f"质量降到 30 也超过 {BRAND_MAX_KB} KB")
    head = f"<b>{platform}</b> 封面 {spec['width']}×{spec['height']}（{spec['ratio']}），{size}"
    if not view["problems"]:
        body = "<span style='color:#2a7f62'>✔ 主体完整，标题和尺寸都符合规则。</span>"
    else:
        body = "".join(f"<li style='color:#c0392b'>{p}</li>" for p in view["problems"])
        body = f"<ul style='margin:4px 0'>{body}</ul>"
    return f"<div style='font-size:14px;line-height:1.7'>{head}<br>{body}</div>"


def cover_designer(asset_id: str = "M01", platform: str = "小红书", title: str = "夏日新品杨梅冰茶",
                   focus_x: float = 0.5, focus_y: float = 0.5):
    """封面设计器：选平台、写标题、拖动裁剪焦点，预览图和检查意见随之更新。"""
    import ipywidgets as w

    from .widgets import Panel

    controls = {
        "platform": w.Dropdown(options=list(cover_specs().index), value=platform, description="平台"),
        "title": w.Text(value=title, description="标题", continuous_update=False,
                        layout=w.Layout(width="360px")),
        "focus_x": w.FloatSlider(value=focus_x, min=0, max=1, step=0.01, description="水平焦点",
                                 continuous_update=False),
        "focus_y": w.FloatSlider(value=focus_y, min=0, max=1, step=0.01, description="垂直焦点",
                                 continuous_update=False),
    }
    image = w.Image(format="jpeg", layout=w.Layout(height="360px", width="auto", object_fit="contain"))
    card = w.HTML()

    def update(platform: str, title: str, focus_x: float, focus_y: float) -> None:
        view = cover_preview(asset_id, platform, title, focus_x, focus_y)
        image.value = view["preview"]
        card.value = _problems_html(view, platform)

    box = w.VBox([w.HBox([controls["platform"], controls["title"]]),
                  w.HBox([controls["focus_x"], controls["focus_y"]]), card, image])
    return Panel(controls, [card, image], update, box=box, image=image, card=card)
