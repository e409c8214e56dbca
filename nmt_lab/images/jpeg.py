"""图文编辑 · 压缩：JPEG 质量与体积的取舍，把图片压到体积上限以内再保存。"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from PIL import Image

from .view import _jpeg_bytes, open_image

BRAND_MAX_KB = 200  # 品牌视觉规范：单张封面不超过 200 KB（平台规则表没有给出封面体积上限）
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

    >>> import os, tempfile; from nmt_lab.images import material
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
