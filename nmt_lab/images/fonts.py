"""图文编辑 · 字体：课程自带的中文字体（思源黑体子集），以及检查一段文字里有没有字体缺的字。

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

from functools import cache
from importlib import resources
from pathlib import Path

from PIL import ImageFont

FONT_FILE = "NotoSansCJKsc-Regular-subset.otf"

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
