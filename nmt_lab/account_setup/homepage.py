"""开设账号 · 主页：头像与标志图片、主页风格、公众号菜单检查、主页预览，以及主页面板（互动组件）。"""

from __future__ import annotations

import base64
import html
import io
import math
from pathlib import Path

import pandas as pd
from PIL import Image, ImageDraw

from .. import platform_rules as pr
from .._errors import check_choice
from ..platform_rules import Problem
from .rules import (
    _BAIJIA,
    _MENU_DOC,
    _TAOBAO,
    _TOUTIAO,
    SETUP_PLATFORMS,
    _relabel,
    _setup_table,
    _short,
    _table,
    _text_problems,
)

# ----------------------------------------------------------------------------- images


def make_logo(path: str | Path, width: int = 600, height: int | None = None,
              colors: tuple[str, str] = ("#2a7f62", "#f4f1de")) -> Path:
    """Draw a simple brand logo (a tea leaf in a circle) and save it; the format follows the suffix.

    >>> p = make_logo("/tmp/nmt_doctest_logo.png", 300)
    >>> image_info(p)["width"], image_info(p)["height"]
    (300, 300)
    """
    height = width if height is None else height
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    main, light = colors
    img = Image.new("RGB", (width, height), light)
    d = ImageDraw.Draw(img)
    side = min(width, height)
    cx, cy, r = width / 2, height / 2, side * 0.42
    d.ellipse([cx - r, cy - r, cx + r, cy + r], fill=main)
    # a leaf along the diagonal: half-width sin(pi * t) ** 0.8 on each side of the midrib
    length, half = r * 1.35, r * 0.38
    ux, uy = math.cos(math.radians(-45)), math.sin(math.radians(-45))
    start = (cx - ux * length / 2, cy - uy * length / 2)
    ts = [i / 40 for i in range(41)]
    side_a = [(start[0] + ux * length * t - uy * half * math.sin(math.pi * t) ** 0.8,
               start[1] + uy * length * t + ux * half * math.sin(math.pi * t) ** 0.8) for t in ts]
    side_b = [(start[0] + ux * length * t + uy * half * math.sin(math.pi * t) ** 0.8,
               start[1] + uy * length * t - ux * half * math.sin(math.pi * t) ** 0.8) for t in reversed(ts)]
    d.polygon(side_a + side_b, fill=light)
    end = (start[0] + ux * length, start[1] + uy * length)
    d.line([(start[0] - ux * r * 0.12, start[1] - uy * r * 0.12), end], fill=main, width=max(2, side // 60))
    d.line([start, (start[0] - ux * r * 0.18, start[1] - uy * r * 0.18)], fill=light, width=max(2, side // 50))
    img.save(path)
    return path


def image_info(path: str | Path) -> dict:
    """Width, height (pixels), file size (KB) and format of an image file.

    >>> sorted(image_info(make_logo("/tmp/nmt_doctest_logo.png", 200)))
    ['format', 'height', 'size_kb', 'width']
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"找不到图片文件 {path}：检查路径，或先用 make_logo(...) 生成。")
    with Image.open(path) as img:
        width, height, fmt = img.width, img.height, img.format
    return {"width": width, "height": height, "size_kb": round(path.stat().st_size / 1024, 1), "format": fmt}


# ----------------------------------------------------------------------------- homepage

STYLES = {
    "清新自然": {"colors": ["#2a7f62", "#f4f1de", "#a3c9a8"], "tone": "温和、生活化，多用“一杯”“茶园”“慢下来”",
             "banner": "浅米色底 + 茶园或茶叶实拍", "example": "原叶现泡，一杯喝到茶园的清香"},
    "国潮雅致": {"colors": ["#9b2226", "#f6e7cb", "#bb9457"], "tone": "典雅、有文化感，可用节气、诗词",
             "banner": "朱红与金色 + 传统纹样或茶器", "example": "以茶会友，四时节气皆有好茶"},
    "简约现代": {"colors": ["#222222", "#ffffff", "#3b6fb6"], "tone": "简短直接，突出产品和服务",
             "banner": "白底 + 产品特写，大留白", "example": "原叶冷泡 | 门店 | 会员 | 新品"},
}
INDUSTRY_ESSENTIALS = {"餐饮/茶饮": ["点单", "门店", "新品", "会员", "活动"]}
HOMEPAGE_SPECS = [
    ("微信公众号", "自定义菜单",
     "最多 3 个一级菜单（每个最多 4 个汉字），每个一级菜单最多 5 个二级菜单（每个最多 8 个汉字）", _MENU_DOC),
    ("微信公众号", "被关注回复", "新粉丝关注后自动发送的欢迎语，引导点菜单或领券", "微信公众平台帮助中心"),
    ("抖音", "主页背景图与置顶", "背景图横向裁切显示；最多置顶 3 条作品", "抖音编辑资料说明（行业整理，soft）"),
    ("淘宝逛逛", "店招与店铺首页", "店招在首页顶部，旧版电脑端尺寸 950×120 像素", _TAOBAO),
    ("百家号", "简介与领域", "简介说清账号领域；领域选择影响推荐", _BAIJIA),
    ("头条号", "简介与头像", "简介 10–50 字、说清定位，不留联系方式", _TOUTIAO),
]


def style_table() -> pd.DataFrame:
    """The enterprise styles for a homepage: colours, tone of voice, banner idea, an example bio.

    >>> style_table().loc["国潮雅致", "主色"]
    '#9b2226'
    """
    rows = {name: {"主色": s["colors"][0], "底色": s["colors"][1], "点缀色": s["colors"][2], "语气": s["tone"],
                   "背景图": s["banner"], "示例简介": s["example"]} for name, s in STYLES.items()}
    out = pd.DataFrame(rows).T
    out.index.name = "风格"
    return out


def homepage_specs() -> pd.DataFrame:
    """What each platform's homepage lets you set (curated; soft rows marked in the source).

    >>> list(homepage_specs().columns)
    ['平台', '主页元素', '要求', '来源']
    """
    return pd.DataFrame(HOMEPAGE_SPECS, columns=["平台", "主页元素", "要求", "来源"])


def check_menu(menu: dict, table: pd.DataFrame | None = None) -> list[Problem]:
    """Check a 微信公众号 custom menu ``{一级菜单: [二级菜单, ...]}`` against the menu rules.

    >>> [p.rule_type for p in check_menu({"点单": ["小程序点单"], "会员中心与积分": []})]
    ['max_len']
    >>> print(check_menu({"点单": [], "门店": [], "会员": [], "活动": []})[0].message)
    微信公众号·一级菜单：一级菜单有 4 个，最多 3 个。（规则 S03，来源：微信开放文档·自定义菜单）
    >>> print(check_menu({"点单": "小程序点单"})[0].message)
    微信公众号·二级菜单：“点单”的二级菜单要写成列表，如 ["小程序点单", "附近门店"]；没有二级菜单就写 []。
    """
    if not isinstance(menu, dict):
        raise TypeError("菜单应该是一个字典：{\"一级菜单\": [\"二级菜单1\", \"二级菜单2\"], ...}。")
    t = _table(table)
    problems = []
    limits = {f: {r.rule_type: r for r in pr.rules("微信公众号", f, table=t).itertuples(index=False)}
              for f in ("menu_main", "menu_sub")}

    def count_problem(field: str, n: int, what: str) -> None:
        r = limits[field].get("max_count")
        if r is not None and n > int(r.value):
            problems.append(Problem("微信公众号", field, "max_count", r.rule_id,
                                    f"微信公众号·{pr.FIELD_LABELS[field]}：{what}有 {n} 个，最多 {r.value} 个。"
                                    f"（规则 {r.rule_id}，来源：{r.source}）"))

    count_problem("menu_main", len(menu), "一级菜单")
    for main, subs in menu.items():
        problems += _relabel(pr.check_text("微信公众号", "menu_main", str(main), table=t))
        if subs is not None and not isinstance(subs, (list, tuple)):
            problems.append(Problem("微信公众号", "menu_sub", "format", "格式",
                                    f"微信公众号·二级菜单：“{main}”的二级菜单要写成列表，"
                                    "如 [\"小程序点单\", \"附近门店\"]；没有二级菜单就写 []。"))
            subs = [subs] if isinstance(subs, str) else []
        subs = list(subs or [])
        count_problem("menu_sub", len(subs), f"“{main}”下的二级菜单")
        for sub in subs:
            problems += _relabel(pr.check_text("微信公众号", "menu_sub", str(sub), table=t))
    return problems


def menu_coverage(menu: dict, industry: str = "餐饮/茶饮") -> list[str]:
    """Which of the industry's essential homepage entries (点单, 门店 …) a menu offers.

    >>> menu_coverage({"点单": ["附近门店"], "福利": ["会员日"]})
    ['点单', '门店', '会员']
    """
    check_choice(industry, INDUSTRY_ESSENTIALS, "行业")
    words = " ".join([str(k) for k in menu] + [str(s) for v in menu.values() for s in (v or [])])
    return [w for w in INDUSTRY_ESSENTIALS[industry] if w in words]


def _data_uri(path: str | Path) -> str:
    with Image.open(path) as img:
        img = img.convert("RGB")
        img.thumbnail((160, 160))
        buf = io.BytesIO()
        img.save(buf, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode()


def homepage_html(platform: str, name: str, bio: str, avatar: str | Path | None = None, style: str = "清新自然",
                  menu: dict | None = None) -> str:
    """A mock homepage (banner in the style's colours, avatar, name, bio, menu) as HTML.

    >>> "溪山冷泡茶" in homepage_html("抖音", "溪山冷泡茶", "原叶冷泡", style="国潮雅致")
    True
    """
    check_choice(style, STYLES, "风格")
    main, light, accent = STYLES[style]["colors"]
    e = html.escape
    if avatar and Path(avatar).is_file():
        face = f"<img src='{_data_uri(avatar)}' style='width:72px;height:72px;border-radius:50%;" \
               f"border:3px solid {light};object-fit:cover'>"
    else:
        face = f"<div style='width:72px;height:72px;border-radius:50%;background:{accent};" \
               f"border:3px solid {light}'></div>"
    buttons = ""
    if menu:
        cells = []
        for main_item, subs in menu.items():
            sub_text = " · ".join(e(str(s)) for s in (subs or []))
            cells.append(f"<div style='flex:1;text-align:center;padding:6px;border-left:1px solid #ddd'>"
                         f"<b>{e(str(main_item))}</b><div style='font-size:11px;color:#666'>{sub_text}</div></div>")
        buttons = f"<div style='display:flex;border-top:1px solid #ddd;margin-top:10px'>{''.join(cells)}</div>"
    return (
        f"<div style='width:360px;font-family:sans-serif;border:1px solid #ccc;border-radius:12px;overflow:hidden;"
        f"background:#fff'>"
        f"<div style='height:90px;background:linear-gradient(120deg,{main},{accent})'></div>"
        f"<div style='padding:0 16px 12px;margin-top:-36px'>{face}"
        f"<div style='font-size:18px;font-weight:bold;color:{main};margin-top:4px'>{e(name or '（未填名称）')}</div>"
        f"<div style='font-size:12px;color:#888'>{e(platform)} · {e(style)}</div>"
        f"<div style='font-size:13px;margin-top:6px;color:#333'>{e(bio or '（未填简介）')}</div>{buttons}</div></div>"
    )


def save_homepage(html_text: str, path: str | Path) -> Path:
    """Save a homepage mock (from :func:`homepage_html`) as a standalone HTML page."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"<!doctype html><meta charset='utf-8'><title>主页预览</title>{html_text}", encoding="utf-8")
    return path


def homepage_panel(platform: str = "抖音", name: str = "溪山冷泡茶", bio: str = "", avatar: str | None = None,
                   style: str = "清新自然", menu: dict | None = None):
    """Homepage preview: pick the style and platform, edit the bio; the mock homepage updates."""
    import ipywidgets as w

    from ..widgets import Panel

    controls = {
        "platform": w.Dropdown(options=SETUP_PLATFORMS, value=platform, description="平台"),
        "style": w.Dropdown(options=list(STYLES), value=style, description="企业风格"),
        "bio": w.Text(value=bio, description="简介", layout=w.Layout(width="420px")),
    }
    preview, notes = w.HTML(), w.HTML()

    def update(platform: str, style: str, bio: str) -> None:
        s = STYLES[style]
        preview.value = homepage_html(platform, name, bio, avatar, style, menu if platform == "微信公众号" else None)
        swatches = "".join(f"<span style='display:inline-block;width:28px;height:16px;background:{c};"
                           f"border:1px solid #999;margin-right:4px'></span>" for c in s["colors"])
        problems = _text_problems(platform, "bio", bio, _setup_table()) if bio else []
        check = "✔ 简介符合规则" if not problems else "✘ " + "；".join(_short(p) for p in problems)
        notes.value = (f"<div style='font-size:13px;line-height:1.8'>配色：{swatches}<br>语气：{s['tone']}<br>"
                       f"背景图：{s['banner']}<br>示例简介：{s['example']}<br>{html.escape(check)}</div>")

    return Panel(controls, [w.HBox([preview, notes])], update, preview=preview, notes=notes)
