"""图文编辑 · 查看：打开图片（对象或文件路径）、在笔记本里显示、把几张图拼成一张带标签的预览。"""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, ImageDraw

from .fonts import cjk_font


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


def _jpeg_bytes(img: Image.Image, quality: int) -> bytes:
    buf = io.BytesIO()
    img.convert("RGB").save(buf, "JPEG", quality=int(quality), optimize=True)
    return buf.getvalue()


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
