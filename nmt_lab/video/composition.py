"""短视频 · 构图：三分法得分、字幕与安全区，辅助线叠加，以及构图面板（互动组件）。"""

from __future__ import annotations

import math

from PIL import Image, ImageDraw

# ---------------------------------------------------------------- composition

#: 抖音竖屏上被界面遮住的区域（占画面宽高的比例，课程约定的近似值）：
#: 右侧点赞/评论/分享按钮列、底部账号名与文案、顶部状态栏；字幕带是我们放字幕的位置。
SAFE_AREA = {
    "顶部状态栏": (0.0, 0.0, 1.0, 0.08),
    "右侧按钮列": (0.84, 0.40, 1.0, 0.85),
    "底部文案区": (0.0, 0.80, 1.0, 1.0),
    "字幕带": (0.0, 0.62, 1.0, 0.78),
}
SUBTITLE_Y = 0.70  # 字幕中心所在的高度（比例）


def thirds_points(width: int, height: int) -> list[tuple[float, float]]:
    """三分法（九宫格）的 4 个交叉点（像素坐标，原点在左上角）。

    >>> thirds_points(1080, 1920)
    [(360.0, 640.0), (720.0, 640.0), (360.0, 1280.0), (720.0, 1280.0)]
    """
    return [(width * i / 3, height * j / 3) for j in (1, 2) for i in (1, 2)]


def thirds_score(x: float, y: float, width: int = 1080, height: int = 1920) -> float:
    """主体中心离最近的三分交叉点有多近：1 表示正好在交叉点上，0 表示很远（如画面正中）。

    按画面宽高的比例算距离 d，得分 = max(0, 1 − d ÷ 0.25)。

    >>> thirds_score(360, 640)
    1.0
    >>> thirds_score(540, 960)  # 画面正中
    0.06
    """
    if not (0 <= x <= width and 0 <= y <= height):
        raise ValueError(f"主体位置 ({x}, {y}) 在画面外：x 应在 0–{width}，y 应在 0–{height} 之间。")
    u, v = x / width, y / height
    d = min(math.hypot(u - pu, v - pv) for pu in (1 / 3, 2 / 3) for pv in (1 / 3, 2 / 3))
    return round(max(0.0, 1 - d / 0.25), 2)


def safe_area_problems(x: float, y: float, width: int = 1080, height: int = 1920) -> list[str]:
    """主体中心落在哪些会被遮挡的区域里（抖音界面、字幕带）；空列表表示安全。

    >>> safe_area_problems(720, 640)
    []
    >>> safe_area_problems(720, 1280)
    ['主体在“字幕带”里，会被遮挡。']
    """
    u, v = x / width, y / height
    return [f"主体在“{name}”里，会被遮挡。" for name, (x0, y0, x1, y1) in SAFE_AREA.items()
            if x0 <= u <= x1 and y0 <= v <= y1]


def thirds_overlay(img: Image.Image, safe_area: bool = True) -> Image.Image:
    """在画面上画九宫格线和 4 个交叉点（可选：半透明标出被遮挡区域）。"""
    out = img.convert("RGBA")
    w, h = out.size
    layer = Image.new("RGBA", out.size, (0, 0, 0, 0))
    d = ImageDraw.Draw(layer)
    if safe_area:
        for name, (x0, y0, x1, y1) in SAFE_AREA.items():
            colour = (255, 200, 0, 60) if name == "字幕带" else (255, 40, 40, 60)
            d.rectangle([x0 * w, y0 * h, x1 * w, y1 * h], fill=colour)
    lw = max(1, w // 180)
    for i in (1, 2):
        d.line([(w * i / 3, 0), (w * i / 3, h)], fill=(255, 255, 255, 200), width=lw)
        d.line([(0, h * i / 3), (w, h * i / 3)], fill=(255, 255, 255, 200), width=lw)
    r = max(3, w // 60)
    for px, py in thirds_points(w, h):
        d.ellipse([px - r, py - r, px + r, py + r], outline=(255, 60, 60, 255), width=lw + 1)
    return Image.alpha_composite(out, layer).convert("RGB")


def composition_view(x: float, y: float, width: int = 1080, height: int = 1920) -> dict:
    """构图面板显示的内容：主体位置、三分法得分、遮挡问题。

    >>> composition_view(360, 640)["score"], composition_view(360, 640)["problems"]
    (1.0, [])
    """
    return {"x": x, "y": y, "score": thirds_score(x, y, width, height),
            "problems": safe_area_problems(x, y, width, height)}


#: 构图面板里主体的大小（半径占画面宽度的比例）：景别越近，主体越大。
SUBJECT_RADIUS = {"远景": 0.04, "全景": 0.07, "中景": 0.11, "近景": 0.18, "特写": 0.30}


def composition_panel(x: float = 540, y: float = 960, shot_size: str = "近景", width: int = 1080,
                      height: int = 1920):
    """拖动主体（杯子）的位置、换景别：看它离三分交叉点多近、会不会被字幕或抖音按钮挡住。"""
    import ipywidgets as w
    import plotly.graph_objects as go

    from ..widgets import Panel

    controls = {
        "x": w.IntSlider(value=x, min=0, max=width, step=10, description="横向 x", continuous_update=False),
        "y": w.IntSlider(value=y, min=0, max=height, step=10, description="纵向 y", continuous_update=False),
        "shot_size": w.Dropdown(options=list(SUBJECT_RADIUS), value=shot_size, description="景别"),
    }
    shapes = [dict(type="rect", x0=0, y0=0, x1=width, y1=height, line=dict(color="#333"))]
    for name, (x0, y0, x1, y1) in SAFE_AREA.items():
        colour = "rgba(255,200,0,0.25)" if name == "字幕带" else "rgba(255,60,60,0.18)"
        shapes.append(dict(type="rect", x0=x0 * width, x1=x1 * width, y0=y0 * height, y1=y1 * height,
                           fillcolor=colour, line=dict(width=0)))
    for i in (1, 2):
        shapes.append(dict(type="line", x0=width * i / 3, x1=width * i / 3, y0=0, y1=height,
                           line=dict(color="#888", dash="dash")))
        shapes.append(dict(type="line", x0=0, x1=width, y0=height * i / 3, y1=height * i / 3,
                           line=dict(color="#888", dash="dash")))
    px, py = zip(*thirds_points(width, height), strict=True)
    labels = [(n, (a[0] + a[2]) / 2 * width, (a[1] + a[3]) / 2 * height) for n, a in SAFE_AREA.items()]
    fig = go.FigureWidget(
        data=[
            go.Scatter(x=list(px), y=list(py), mode="markers", name="三分交叉点",
                       marker=dict(size=12, symbol="circle-open", color="#c0392b", line=dict(width=2))),
            go.Scatter(x=[n[1] for n in labels], y=[n[2] for n in labels], text=[n[0] for n in labels],
                       mode="text", name="遮挡区", textfont=dict(size=11, color="#777")),
            go.Scatter(mode="markers+text", name="主体中心", text=["主体中心"], textposition="top center",
                       marker=dict(size=10, color="#2a7f62")),
        ],
        layout=dict(height=560, width=380, shapes=shapes, showlegend=False, margin=dict(l=40, r=20, t=60, b=30),
                    xaxis=dict(range=[0, width], constrain="domain", showgrid=False),
                    yaxis=dict(range=[height, 0], scaleanchor="x", showgrid=False)),
    )
    card = w.HTML()

    def update(x: int, y: int, shot_size: str) -> None:
        v = composition_view(x, y, width, height)
        r = SUBJECT_RADIUS[shot_size] * width
        subject = dict(type="circle", x0=x - r, x1=x + r, y0=y - r, y1=y + r,
                       fillcolor="rgba(42,127,98,0.45)", line=dict(color="#2a7f62"))
        with fig.batch_update():
            fig.data[2].x, fig.data[2].y = [x], [y]
            fig.layout.shapes = [*shapes, subject]
            fig.layout.title = f"{shot_size} · 三分法得分 {v['score']:.2f}"
        verdict = "；".join(v["problems"]) or "没有被遮挡"
        colour = "#2a7f62" if v["score"] >= 0.7 and not v["problems"] else "#c0392b"
        card.value = (f"<div style='font-size:14px'>主体位置 ({x}, {y})：三分法得分 "
                      f"<b style='color:{colour}'>{v['score']:.2f}</b>；{verdict}。</div>")

    return Panel(controls, [card, fig], update, figure=fig, card=card)
