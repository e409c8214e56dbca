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

按子概念分成几个模块，这里把它们的公开函数汇总成 ``nmt.images.*``：

- :mod:`~nmt_lab.images.materials`：素材库、授权与署名、课程自带的素材图片；
- :mod:`~nmt_lab.images.covers`：平台封面规格，裁剪、缩放、调色，构图与规格检查；
- :mod:`~nmt_lab.images.titles`：水印、标题排版、对比度、标题字数；
- :mod:`~nmt_lab.images.jpeg`：JPEG 压缩到体积上限；
- :mod:`~nmt_lab.images.fonts`：课程自带的中文字体（短视频字幕也用它）；
- :mod:`~nmt_lab.images.view`：打开、显示、拼图预览；
- :mod:`~nmt_lab.images.designer`：封面设计器（互动组件）。
"""

from .covers import (
    adjust,
    brightness,
    check_cover,
    cover_spec,
    cover_specs,
    crop_box,
    crop_to_ratio,
    difference,
    fit_cover,
    frame_check,
    resize_to,
)
from .designer import (
    cover_designer,
    cover_preview,
    design_cover,
)
from .fonts import (
    FONT_FILE,
    cjk_font,
    font_path,
    missing_glyphs,
)
from .jpeg import (
    BRAND_MAX_KB,
    Saved,
    best_quality,
    jpeg_quality,
    jpeg_roundtrip,
    jpeg_size_kb,
    quality_table,
    save_jpeg,
)
from .materials import (
    COMMERCIAL_OK,
    LIBRARY_LABELS,
    LICENCE_LABELS,
    LICENCES,
    REQUIRED,
    SPEC_LABELS,
    attribution,
    check_library,
    chinese,
    export_library,
    library,
    library_sheet,
    licence_status,
    material,
    register,
    subject_box,
)
from .titles import (
    CORNERS,
    POSITIONS,
    add_title,
    add_watermark,
    check_title,
    contrast_ratio,
    layout_title,
    title_box,
    title_contrast,
    wrap_title,
)
from .view import (
    contact_sheet,
    open_image,
    show,
)

__all__ = [
    "BRAND_MAX_KB",
    "COMMERCIAL_OK",
    "CORNERS",
    "FONT_FILE",
    "LIBRARY_LABELS",
    "LICENCES",
    "LICENCE_LABELS",
    "POSITIONS",
    "REQUIRED",
    "SPEC_LABELS",
    "Saved",
    "add_title",
    "add_watermark",
    "adjust",
    "attribution",
    "best_quality",
    "brightness",
    "check_cover",
    "check_library",
    "check_title",
    "chinese",
    "cjk_font",
    "contact_sheet",
    "contrast_ratio",
    "cover_designer",
    "cover_preview",
    "cover_spec",
    "cover_specs",
    "crop_box",
    "crop_to_ratio",
    "design_cover",
    "difference",
    "export_library",
    "fit_cover",
    "font_path",
    "frame_check",
    "jpeg_quality",
    "jpeg_roundtrip",
    "jpeg_size_kb",
    "layout_title",
    "library",
    "library_sheet",
    "licence_status",
    "material",
    "missing_glyphs",
    "open_image",
    "quality_table",
    "register",
    "resize_to",
    "save_jpeg",
    "show",
    "subject_box",
    "title_box",
    "title_contrast",
    "wrap_title",
]
