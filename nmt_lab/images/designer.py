"""图文编辑 · 封面设计器：把裁剪、标题、水印和检查串成一步，以及对应的互动组件。"""

from __future__ import annotations

import warnings

from PIL import Image

from .covers import check_cover, cover_spec, cover_specs, fit_cover, frame_check
from .jpeg import BRAND_MAX_KB, _search_quality
from .materials import material
from .titles import add_title, add_watermark, check_title
from .view import _jpeg_bytes

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

    from ..widgets import Panel

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
