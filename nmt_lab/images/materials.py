"""图文编辑 · 素材库：每张素材的来源与授权（能否商用、是否署名、到期日），登记新素材，
以及课程自带的素材图片（按种子绘制，离线可得）。
"""

from __future__ import annotations

import json
import math
from functools import cache
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd
from PIL import Image, ImageChops, ImageDraw, ImageEnhance, ImageFilter

from .._errors import check_choice, check_columns
from .fonts import cjk_font
from .view import contact_sheet

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
