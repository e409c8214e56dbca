"""短视频 · 画面：按分镜“拍”出每个镜头（程序绘制，离线可得）、叠字幕、缩略图拼版。"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from PIL import Image, ImageDraw, ImageFont

from .._errors import check_choice, check_columns
from ..images.fonts import cjk_font
from .composition import SUBTITLE_Y, thirds_overlay
from .shots import SHOT_SIZES

# ---------------------------------------------------------------- fonts and drawing

def _font(size: int) -> ImageFont.FreeTypeFont:
    """The course CJK font (思源黑体子集, SIL OFL), shipped in ``nmt_lab/data/fonts``."""
    return cjk_font(max(1, int(size)))


PRODUCT_COLOURS = {
    "杨梅": (158, 28, 62), "桂花": (228, 168, 42), "茉莉": (160, 205, 120), "柠檬": (240, 215, 60),
    "芒果": (250, 165, 35), "葡萄": (112, 52, 132), "抹茶": (108, 160, 78), "乌龙": (176, 112, 52),
    "荔枝": (240, 190, 200), "橙": (245, 140, 30), "草莓": (220, 50, 80), "奶": (235, 215, 185),
}


def product_colour(product: str) -> tuple[int, int, int]:
    """饮品颜色：按产品名里的水果/茶叶选颜色，没有的按名字算出一个固定颜色。

    >>> product_colour("杨梅冰茶")
    (158, 28, 62)
    """
    for key, colour in PRODUCT_COLOURS.items():
        if key in product:
            return colour
    h = sum(ord(c) * (i + 1) for i, c in enumerate(product))
    return (80 + h % 150, 80 + (h // 7) % 150, 80 + (h // 49) % 150)


def _mix(a, b, t):
    return tuple(int(round(a[i] + (b[i] - a[i]) * t)) for i in range(3))


def _gradient(size, top, bottom):
    w, h = size
    ramp = np.linspace(0, 1, h)[:, None, None]
    arr = np.array(top)[None, None, :] * (1 - ramp) + np.array(bottom)[None, None, :] * ramp
    return Image.fromarray(np.repeat(arr, w, axis=1).astype(np.uint8))


def _cup(d: ImageDraw.ImageDraw, cx, cy, ch, drink, rng, label=True):
    """A see-through cup of height ``ch`` centred at (cx, cy)."""
    top_w, bot_w = ch * 0.62, ch * 0.46
    y0, y1 = cy - ch / 2, cy + ch / 2
    body = [(cx - top_w / 2, y0), (cx + top_w / 2, y0), (cx + bot_w / 2, y1), (cx - bot_w / 2, y1)]
    d.polygon(body, fill=(235, 240, 245), outline=(255, 255, 255))
    fy = y0 + ch * 0.12  # drink level
    fw = top_w - (top_w - bot_w) * 0.12
    d.polygon([(cx - fw / 2, fy), (cx + fw / 2, fy), (cx + bot_w / 2 - 2, y1 - 2), (cx - bot_w / 2 + 2, y1 - 2)],
              fill=drink)
    for _ in range(5):  # ice cubes
        ix, iy, s = cx + rng.uniform(-0.18, 0.18) * ch, fy + rng.uniform(0.05, 0.35) * ch, ch * 0.11
        d.rectangle([ix - s / 2, iy - s / 2, ix + s / 2, iy + s / 2], fill=_mix(drink, (255, 255, 255), 0.55))
    for _ in range(4):  # fruit
        fx, fyy, r = cx + rng.uniform(-0.16, 0.16) * ch, fy + rng.uniform(0.45, 0.75) * ch, ch * 0.06
        d.ellipse([fx - r, fyy - r, fx + r, fyy + r], fill=_mix(drink, (0, 0, 0), 0.35))
    d.rectangle([cx - top_w / 2 - 4, y0 - ch * 0.05, cx + top_w / 2 + 4, y0], fill=(250, 250, 250))  # lid
    d.line([(cx + ch * 0.08, y0 - ch * 0.28), (cx + ch * 0.02, y0 + ch * 0.3)], fill=(40, 40, 40),
           width=max(2, int(ch * 0.035)))  # straw
    if label:
        f = _font(max(10, int(ch * 0.1)))
        d.text((cx, cy + ch * 0.08), "溪山", font=f, fill=(255, 255, 255), anchor="mm")


def draw_scene(shot_size: str, product: str, width: int, height: int,
               subject: tuple[float, float] = (2 / 3, 1 / 3), seed: int = 0) -> Image.Image:
    """按景别画一幅茶饮场景（代替手机拍摄）：主体放在 ``subject``（宽高比例）处。

    远景：溪山与门店；全景：门店门头；中景：吧台与饮品；近景：一杯饮品；特写：果肉与冰块。

    >>> draw_scene("近景", "杨梅冰茶", 90, 160).size
    (90, 160)
    """
    check_choice(shot_size, SHOT_SIZES, "景别")
    rng = np.random.default_rng(seed)
    drink = product_colour(product)
    w, h = width, height
    sx, sy = subject[0] * w, subject[1] * h
    if shot_size == "远景":
        img = _gradient((w, h), (150, 200, 235), (235, 240, 225))
        d = ImageDraw.Draw(img)
        for k, colour in enumerate([(120, 160, 140), (80, 130, 110)]):
            base = h * (0.42 + 0.08 * k)
            pts = [(0, h)] + [(x, base - h * 0.12 * abs(math.sin(x / w * 3 + k * 1.7 + seed)))
                              for x in np.linspace(0, w, 12)] + [(w, h)]
            d.polygon(pts, fill=colour)
        d.rectangle([0, h * 0.62, w, h], fill=(200, 190, 160))
        d.polygon([(0, h * 0.70), (w, h * 0.64), (w, h * 0.70), (0, h * 0.78)], fill=(110, 170, 210))  # 溪
        bw, bh = w * 0.22, h * 0.10
        d.rectangle([sx - bw / 2, sy - bh / 2, sx + bw / 2, sy + bh / 2], fill=(250, 245, 235))
        d.rectangle([sx - bw / 2, sy - bh / 2, sx + bw / 2, sy - bh / 4], fill=drink)
    elif shot_size == "全景":
        img = _gradient((w, h), (170, 205, 230), (230, 230, 225))
        d = ImageDraw.Draw(img)
        d.rectangle([0, h * 0.78, w, h], fill=(180, 180, 175))
        fw, fh = w * 0.5, h * 0.46
        x0, y0 = sx - fw / 2, sy - fh * 0.25
        d.rectangle([x0, y0, x0 + fw, y0 + fh], fill=(250, 246, 238))
        d.rectangle([x0, y0, x0 + fw, y0 + fh * 0.16], fill=drink)
        d.text((sx, y0 + fh * 0.08), "溪山茶饮", font=_font(max(10, int(fw * 0.13))), fill=(255, 255, 255),
               anchor="mm")
        for i in range(6):  # awning
            c = (255, 255, 255) if i % 2 else _mix(drink, (255, 255, 255), 0.3)
            d.rectangle([x0 + fw * i / 6, y0 + fh * 0.16, x0 + fw * (i + 1) / 6, y0 + fh * 0.24], fill=c)
        d.rectangle([x0 + fw * 0.08, y0 + fh * 0.32, x0 + fw * 0.55, y0 + fh * 0.75], fill=(255, 225, 150))
        d.rectangle([x0 + fw * 0.64, y0 + fh * 0.32, x0 + fw * 0.92, y0 + fh], fill=(120, 90, 70))
        for i in range(3):  # a small queue
            px = x0 + fw * (0.15 + 0.16 * i)
            d.ellipse([px - w * 0.025, h * 0.80, px + w * 0.025, h * 0.83], fill=(60, 60, 70))
            d.rectangle([px - w * 0.03, h * 0.83, px + w * 0.03, h * 0.93], fill=(70 + 40 * i, 90, 120))
    elif shot_size == "中景":
        img = _gradient((w, h), (245, 235, 220), (215, 195, 170))
        d = ImageDraw.Draw(img)
        d.rectangle([w * 0.08, h * 0.08, w * 0.55, h * 0.3], fill=(60, 70, 60))  # menu board
        for i in range(4):
            d.line([(w * 0.12, h * (0.13 + 0.045 * i)), (w * 0.48, h * (0.13 + 0.045 * i))], fill=(230, 230, 210),
                   width=max(1, h // 200))
        d.rectangle([0, sy + h * 0.12, w, h], fill=(165, 120, 80))  # counter
        _cup(d, sx, sy, h * 0.24, drink, rng)
        _cup(d, sx - w * 0.38, sy + h * 0.02, h * 0.2, _mix(drink, (255, 255, 255), 0.4), rng, label=False)
    elif shot_size == "近景":
        img = _gradient((w, h), _mix(drink, (255, 255, 255), 0.75), _mix(drink, (255, 255, 255), 0.35))
        d = ImageDraw.Draw(img)
        for _ in range(14):  # bokeh
            bx, by, r = rng.uniform(0, w), rng.uniform(0, h), rng.uniform(0.02, 0.07) * w
            d.ellipse([bx - r, by - r, bx + r, by + r], fill=_mix(drink, (255, 255, 255), 0.8))
        d.rectangle([0, sy + h * 0.17, w, h], fill=(200, 175, 145))
        _cup(d, sx, sy, h * 0.34, drink, rng)
    else:  # 特写
        img = _gradient((w, h), _mix(drink, (255, 255, 255), 0.25), _mix(drink, (0, 0, 0), 0.25))
        d = ImageDraw.Draw(img)
        for _ in range(10):  # ice
            ix, iy, s = rng.uniform(0, w), rng.uniform(0, h), rng.uniform(0.1, 0.2) * w
            d.rounded_rectangle([ix, iy, ix + s, iy + s], radius=s * 0.2, fill=_mix(drink, (255, 255, 255), 0.6))
        r = w * 0.2
        d.ellipse([sx - r, sy - r, sx + r, sy + r], fill=_mix(drink, (0, 0, 0), 0.15))  # the fruit
        for _ in range(40):
            a, rr = rng.uniform(0, 2 * math.pi), rng.uniform(0, r * 0.9)
            px, py = sx + rr * math.cos(a), sy + rr * math.sin(a)
            d.ellipse([px - r * 0.07, py - r * 0.07, px + r * 0.07, py + r * 0.07], fill=_mix(drink, (0, 0, 0), 0.4))
        d.ellipse([sx - r * 0.5, sy - r * 0.7, sx - r * 0.1, sy - r * 0.4], fill=_mix(drink, (255, 255, 255), 0.5))
        for _ in range(25):  # drops
            px, py, q = rng.uniform(0, w), rng.uniform(0, h), rng.uniform(0.005, 0.015) * w
            d.ellipse([px - q, py - q, px + q, py + q], fill=(255, 255, 255))
    return img


def _subject_of(i: int) -> tuple[float, float]:
    """Where shot ``i`` puts its subject: alternate between the two upper thirds points."""
    return (1 / 3, 1 / 3) if i % 2 == 0 else (2 / 3, 1 / 3)


def shoot(board: pd.DataFrame, product: str, size: tuple[int, int] = (360, 640),
          margin: float = 1.2) -> list[Image.Image]:
    """按分镜“拍摄”：每个镜头一幅画面（比成片大 ``margin`` 倍，留出推拉摇移的余量）。

    >>> from nmt_lab.video import sample_storyboard
    >>> [im.size for im in shoot(sample_storyboard()[:2], "杨梅冰茶", (90, 160))]
    [(108, 192), (108, 192)]
    """
    check_columns(board, ["景别"])
    w, h = int(size[0] * margin), int(size[1] * margin)
    return [draw_scene(s, product, w, h, _subject_of(i), seed=i) for i, s in enumerate(board["景别"])]


def subtitle_layer(text: str, size: tuple[int, int]) -> Image.Image:
    """字幕层（透明底，白字黑边），放在画面高度 70% 处（在抖音的遮挡区之外）。"""
    w, h = size
    layer = Image.new("RGBA", size, (0, 0, 0, 0))
    if text:
        font = _font(max(12, int(w * 0.064)))
        d = ImageDraw.Draw(layer)
        d.text((w / 2, h * SUBTITLE_Y), text, font=font, fill=(255, 255, 255, 255), anchor="mm",
               stroke_width=max(2, w // 150), stroke_fill=(30, 30, 30, 255))
    return layer


def contact_sheet(board: pd.DataFrame, product: str, thumb: tuple[int, int] = (135, 240),
                  grid: bool = True) -> Image.Image:
    """分镜预览图：每个镜头一格，标出镜号、景别、字幕，可叠加九宫格。"""
    shots = shoot(board, product, thumb, margin=1.0)
    pad, top = 8, 26
    sheet = Image.new("RGB", (len(shots) * (thumb[0] + pad) + pad, thumb[1] + top + pad), (250, 250, 250))
    d = ImageDraw.Draw(sheet)
    for i, (img, row) in enumerate(zip(shots, board.itertuples(index=False), strict=True)):
        frame = thirds_overlay(img, safe_area=False) if grid else img
        frame = Image.alpha_composite(frame.convert("RGBA"), subtitle_layer(str(row.字幕), thumb)).convert("RGB")
        x = pad + i * (thumb[0] + pad)
        sheet.paste(frame, (x, top))
        d.text((x, 4), f"{row.镜号} {row.景别} {row.运镜} {row.时长:g}秒", font=_font(14), fill=(40, 40, 40))
    return sheet
