"""图文编辑 · 文字上图：水印、标题换行与排版、文字与底色的对比度，标题字数检查。"""

from __future__ import annotations

import math
import warnings

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from .. import compliance, platform_rules
from .._errors import check_choice
from .covers import cover_spec, cover_specs
from .fonts import cjk_font, missing_glyphs

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
