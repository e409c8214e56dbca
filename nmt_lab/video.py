"""短视频制作：分镜脚本、三分法构图、音乐节拍检测、卡点剪辑、渲染成片与检查、音乐授权。

一条卡点短视频的流程，每一步都是一个普通函数：

1. :func:`storyboard` 写分镜脚本（表格），:func:`check_storyboard` 按课程规则检查；
2. :func:`thirds_score` / :func:`safe_area_problems` 看构图，:func:`shoot` 按分镜“拍”出画面；
3. :func:`demo_track` 合成一段免版权的鼓点音乐，:func:`detect_beats` 从音频样本里找节拍；
4. :func:`snap_to_beats` / :func:`cut_plan` 把剪辑点对齐到节拍，:func:`render` 用 moviepy 出片；
5. :func:`probe`、:func:`check_spec`、:func:`video_cuts`、:func:`sync_report` 检查成片；
6. :func:`music_library` / :func:`licence_check` 检查音乐能不能用于品牌商业视频。

>>> board = storyboard([("特写", "果肉落进杯中", "推", 2, "夏天的第一口"),
...                     ("近景", "店员现摇", "摇", 1.5, "杨梅冰茶现摇现做"),
...                     ("中景", "顾客喝一口", "固定", 2, "酸甜冰爽"),
...                     ("全景", "门店外景", "拉", 2, "江浙沪120家门店"),
...                     ("近景", "产品定格", "推", 2, "今天就去门店尝一杯")])
>>> check_storyboard(board, product="杨梅冰茶")
[]
>>> beats = [0.25, 0.75, 1.25, 1.75, 2.25]
>>> snap_to_beats([0.6, 1.3, 2.0], beats)
[0.75, 1.25, 1.75]
"""

from __future__ import annotations

import math
import subprocess
import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from PIL import Image, ImageDraw, ImageFont

from ._errors import check_choice, check_columns
from .images.fonts import cjk_font, missing_glyphs

# ---------------------------------------------------------------- storyboard

COLUMNS = ["镜号", "景别", "画面", "运镜", "时长", "字幕"]
SHOT_SIZES = ["远景", "全景", "中景", "近景", "特写"]
CAMERA_MOVES = ["固定", "推", "拉", "摇", "移"]
#: 课程约定：一条字幕不超过 14 个字（竖屏一行放得下），每秒不超过 6 个字（看得完）。
MAX_SUBTITLE_CHARS = 14
READING_SPEED = 6
#: 本次任务的成片长度（秒）：主管要一条 6–12 秒的卡点预告片。
TARGET_SECONDS = (6, 12)
SHOT_SECONDS = (0.5, 4)
CTA_WORDS = ("到店", "门店", "下单", "点击", "购买", "抢", "试试", "尝", "评论", "关注", "领", "打卡", "来一杯")


#: 按时长分组看完播率时的分组（秒）和组名。
LENGTH_BINS = [0, 15, 30, 60, float("inf")]
LENGTH_LABELS = ["15 秒以内", "16–30 秒", "31–60 秒", "60 秒以上"]


def completion_by_length(posts: pd.DataFrame, platform: str) -> pd.DataFrame:
    """``platform`` 上的短视频按时长分组：每组的平均完播率和视频条数（组名是中文）。

    >>> df = pd.DataFrame({"platform": ["抖音"] * 3, "content_type": ["短视频"] * 3,
    ...                    "duration_s": [10, 12, 45], "completion_rate": [0.3, 0.2, 0.1]})
    >>> completion_by_length(df, "抖音")
              平均完播率  视频条数
    视频时长
    15 秒以内   0.25     2
    31–60 秒   0.10     1
    """
    check_columns(posts, ["platform", "content_type", "duration_s", "completion_rate"])
    check_choice(platform, sorted(posts["platform"].dropna().unique()), "平台")
    videos = posts[(posts["platform"] == platform) & (posts["content_type"] == "短视频")]
    if videos.empty:
        raise ValueError(f"{platform} 上没有短视频数据：换一个发短视频的平台（如抖音、视频号、B站）。")
    length = pd.cut(videos["duration_s"], LENGTH_BINS, labels=LENGTH_LABELS)
    out = videos.groupby(length, observed=True)["completion_rate"].agg(["mean", "count"])
    out = out.rename(columns={"mean": "平均完播率", "count": "视频条数"}).rename_axis("视频时长")
    return out.round(3)


def storyboard(rows) -> pd.DataFrame:
    """分镜脚本表：每行一个镜头，列为 镜号、景别、画面、运镜、时长（秒）、字幕。

    ``rows`` 是 ``(景别, 画面, 运镜, 时长, 字幕)`` 元组的列表（镜号自动编号），
    也可以是含这些列的字典列表或表格。

    >>> storyboard([("特写", "果肉落进杯中", "推", 1.5, "夏天的第一口")])
       镜号  景别      画面 运镜   时长      字幕
    0   1  特写  果肉落进杯中  推  1.5  夏天的第一口
    """
    if isinstance(rows, pd.DataFrame):
        df = rows.copy()
    else:
        rows = list(rows)
        if rows and isinstance(rows[0], dict):
            df = pd.DataFrame(rows)
        else:
            for i, row in enumerate(rows, start=1):
                if len(row) != 5:
                    raise ValueError(f"第 {i} 个镜头有 {len(row)} 项，应为 5 项：(景别, 画面, 运镜, 时长, 字幕)")
            df = pd.DataFrame(rows, columns=COLUMNS[1:])
    if "镜号" not in df.columns:
        df.insert(0, "镜号", range(1, len(df) + 1))
    check_columns(df, COLUMNS)
    df["时长"] = pd.to_numeric(df["时长"], errors="coerce")
    df["字幕"] = df["字幕"].fillna("").astype(str)
    return df[COLUMNS].reset_index(drop=True)


def sample_storyboard(product: str = "杨梅冰茶") -> pd.DataFrame:
    """主管写的分镜草稿（有几处字幕太长、读不完，留给学生找出来）。

    >>> sample_storyboard("杨梅冰茶")["时长"].sum()
    np.float64(8.0)
    """
    return storyboard([
        ("特写", f"{product}的果肉和冰块落进杯中", "推", 2.0, f"夏天第一口{product}"),
        ("近景", "店员摇茶，倒入透明杯", "固定", 1.0, f"{product}现摇现做，每一杯都加满新鲜果肉"),
        ("中景", "顾客接过饮品，喝一口后微笑", "摇", 2.0, "冰爽解渴"),
        ("全景", "门店外景，门口排起小队", "拉", 1.5, "杭州120家门店同步上新"),
        ("近景", "产品定格，溪山茶饮标志", "推", 1.5, "今天就去门店尝一杯"),
    ])


def reading_speed(board: pd.DataFrame) -> pd.Series:
    """每个镜头字幕的阅读速度（字/秒）= 字幕字数 ÷ 时长。

    >>> reading_speed(sample_storyboard("杨梅冰茶")).round(1).tolist()
    [4.5, 19.0, 2.0, 8.0, 6.0]
    """
    check_columns(board, ["字幕", "时长"])
    return board["字幕"].astype(str).str.len() / board["时长"]


def check_storyboard(board: pd.DataFrame, product: str | None = None,
                     seconds: tuple[float, float] = TARGET_SECONDS) -> list[str]:
    """按课程规则检查分镜脚本，返回问题清单（中文）；空列表表示通过。

    规则：至少 4 个镜头；景别、运镜用规范用语；每个镜头 0.5–4 秒、总长在 ``seconds`` 内；
    字幕不超过 14 字、每秒不超过 6 字；至少 3 种景别，相邻镜头景别不同；字幕里出现产品名 ``product``；
    最后一个镜头有行动号召（到店、下单、尝……）。

    >>> for p in check_storyboard(sample_storyboard("杨梅冰茶"), "杨梅冰茶"):
    ...     print(p)
    镜头 2：字幕 19 字，超过 14 字，竖屏一行放不下。
    镜头 2：字幕每秒 19.0 字，超过 6 字/秒，观众读不完；缩短字幕或延长镜头。
    镜头 4：字幕每秒 8.0 字，超过 6 字/秒，观众读不完；缩短字幕或延长镜头。
    """
    if not isinstance(board, pd.DataFrame):
        raise TypeError(f"分镜脚本应是一个表格（DataFrame），你给出的是 {type(board).__name__}；"
                        "用 nmt.video.storyboard([...]) 来写。")
    check_columns(board, COLUMNS)
    problems = []
    if len(board) < 4:
        problems.append(f"只有 {len(board)} 个镜头：至少要 4 个镜头，才讲得清“吸引—卖点—行动”。")
    for row in board.itertuples(index=False):
        shot, size, move, sec, sub = row.镜号, row.景别, row.运镜, row.时长, str(row.字幕)
        if size not in SHOT_SIZES:
            problems.append(f"镜头 {shot}：景别“{size}”不规范；可用的景别有：{'、'.join(SHOT_SIZES)}。")
        if move not in CAMERA_MOVES:
            problems.append(f"镜头 {shot}：运镜“{move}”不规范；可用的运镜有：{'、'.join(CAMERA_MOVES)}。")
        if not isinstance(sec, (int, float, np.number)) or pd.isna(sec):
            problems.append(f"镜头 {shot}：时长“{sec}”不是数字（单位：秒）。")
            continue
        if not SHOT_SECONDS[0] <= sec <= SHOT_SECONDS[1]:
            lo, hi = SHOT_SECONDS
            problems.append(f"镜头 {shot}：时长 {sec} 秒不合适，单个镜头应在 {lo}–{hi} 秒之间。")
        if len(sub) > MAX_SUBTITLE_CHARS:
            problems.append(f"镜头 {shot}：字幕 {len(sub)} 字，超过 {MAX_SUBTITLE_CHARS} 字，竖屏一行放不下。")
        if sec > 0 and len(sub) / sec > READING_SPEED:
            problems.append(f"镜头 {shot}：字幕每秒 {len(sub) / sec:.1f} 字，超过 {READING_SPEED} 字/秒，"
                            "观众读不完；缩短字幕或延长镜头。")
    total = pd.to_numeric(board["时长"], errors="coerce").sum()
    if not seconds[0] <= total <= seconds[1]:
        problems.append(f"总时长 {total:g} 秒，本次成片应在 {seconds[0]}–{seconds[1]} 秒之间。")
    sizes = list(board["景别"])
    for k in range(1, len(sizes)):
        if sizes[k] == sizes[k - 1]:
            a, b = board["镜号"].iloc[k - 1], board["镜号"].iloc[k]
            problems.append(f"镜头 {a} 和 {b} 都是{sizes[k]}：相邻镜头景别相同会像画面跳了一下（跳切），换个景别。")
    if board["景别"].nunique() < 3 and len(board) >= 4:
        problems.append(f"只用了 {board['景别'].nunique()} 种景别：至少用 3 种，远近交替，画面才有节奏。")
    missing = missing_glyphs("".join(board["字幕"].astype(str)))
    if missing:
        problems.append(f"字幕里的这些字课程字体没有收录，成片上会显示成空白：{'、'.join(missing)}；换个常用字。")
    if product and not board["字幕"].astype(str).str.contains(product, regex=False).any():
        problems.append(f"字幕里没有出现产品名“{product}”：观众看完要记得卖的是什么。")
    if len(board):
        last = str(board["字幕"].iloc[-1])
        if not any(w in last for w in CTA_WORDS):
            problems.append(f"最后一个镜头的字幕“{last}”没有行动号召；可以用这些词：{'、'.join(CTA_WORDS)}。")
    return problems


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


# ---------------------------------------------------------------- music and beats

SR = 22050
BEAT_OFFSET = 0.1  # the first beat of the demo track (seconds)
_NOTES = (0, 2, 4, 7, 9, 12, 9, 7)  # a pentatonic phrase


def beat_grid(bpm: float, seconds: float, offset: float = BEAT_OFFSET) -> np.ndarray:
    """合成音乐时真正放鼓点的时刻（秒）：第一拍在 ``offset``，之后每 60/bpm 秒一拍。

    >>> beat_grid(120, 2).tolist()
    [0.1, 0.6, 1.1, 1.6]
    """
    t = offset + np.arange(int(seconds * bpm / 60) + 2) * 60 / bpm
    return np.round(t[t < seconds], 6)


def synth_track(bpm: float = 120, seconds: float = 14, seed: int = 0) -> np.ndarray:
    """用 numpy 合成一段鼓点 + 旋律的音乐（单声道，22050 Hz，-1…1 的浮点数）。

    每拍一个底鼓（第 1 拍最重），第 2、4 拍加军鼓，反拍有轻轻的踩镲，每拍一个柔和的旋律音。

    >>> y = synth_track(120, 2)
    >>> y.shape, float(abs(y).max()) <= 1
    ((44100,), True)
    """
    if not 60 <= bpm <= 200:
        raise ValueError(f"bpm = {bpm} 不合适：请用 60–200 之间的速度（流行音乐多在 90–140）。")
    rng = np.random.default_rng(seed)
    n = int(seconds * SR)
    y = np.zeros(n)
    period = 60 / bpm

    def add(sig, t):
        i = int(round(t * SR))
        j = min(n, i + len(sig))
        if 0 <= i < n:
            y[i:j] += sig[: j - i]

    tk = np.arange(int(0.25 * SR)) / SR
    kick = np.sin(2 * np.pi * np.cumsum(50 + 100 * np.exp(-tk / 0.03)) / SR) * np.exp(-tk / 0.12)
    kick += 0.6 * rng.standard_normal(len(tk)) * np.exp(-tk / 0.005)  # the beater's click
    ts = np.arange(int(0.2 * SR)) / SR
    snare = (0.6 * rng.standard_normal(len(ts)) + 0.4 * np.sin(2 * np.pi * 190 * ts)) * np.exp(-ts / 0.06)
    th = np.arange(int(0.05 * SR)) / SR
    hat = np.diff(rng.standard_normal(len(th)), prepend=0) * np.exp(-th / 0.012)
    tn = np.arange(int(period * SR)) / SR
    note_env = np.minimum(1, tn / 0.04) * np.exp(-tn / period)
    for k, t in enumerate(beat_grid(bpm, seconds)):
        add((1.0 if k % 4 == 0 else 0.6) * kick, t)
        if k % 4 in (1, 3):
            add(0.3 * snare, t)
        add(0.06 * hat, t + period / 2)
        f = 440 * 2 ** (_NOTES[k % len(_NOTES)] / 12)
        add(0.12 * np.sin(2 * np.pi * f * tn) * note_env, t)
    return (y / np.abs(y).max() * 0.9).astype(np.float32)


def write_wav(path, samples: np.ndarray, sr: int = SR) -> Path:
    """把 -1…1 的浮点样本写成 16 位 WAV 文件。"""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    pcm = (np.clip(samples, -1, 1) * 32767).astype("<i2")
    with wave.open(str(path), "wb") as f:
        f.setnchannels(1)
        f.setsampwidth(2)
        f.setframerate(sr)
        f.writeframes(pcm.tobytes())
    return path


def demo_track(bpm: float = 120, seconds: float = 14, folder="output") -> Path:
    """合成本课的配乐并存为 WAV（``folder/xishan_beat_<bpm>.wav``），返回文件路径。

    这段音乐是课程自己用代码合成的，品牌可以自由商用。

    >>> import tempfile
    >>> demo_track(120, 2, tempfile.mkdtemp()).name
    'xishan_beat_120.wav'
    """
    return write_wav(Path(folder) / f"xishan_beat_{bpm:g}.wav", synth_track(bpm, seconds))


_FILE_CACHE: dict = {}


def _cached(kind: str, path: Path, compute):
    """Results computed from a file, reused while the file is unchanged (same size and mtime)."""
    st = path.stat()
    key = (kind, str(path.resolve()), st.st_size, st.st_mtime_ns)
    if key not in _FILE_CACHE:
        if len(_FILE_CACHE) > 16:
            _FILE_CACHE.clear()
        _FILE_CACHE[key] = compute()
    return _FILE_CACHE[key]


def load_audio(source) -> tuple[np.ndarray, int]:
    """读取音频为（单声道浮点样本，采样率）。``source`` 可以是 WAV 文件、视频文件（mp4，用 ffmpeg 解出音轨）
    或样本数组（按 22050 Hz 理解）。"""
    if isinstance(source, np.ndarray):
        return source.astype(np.float32), SR
    path = Path(source)
    if not path.exists():
        raise FileNotFoundError(f"找不到音频文件 {path}：先运行生成它的单元格。")
    if path.suffix.lower() == ".wav":
        with wave.open(str(path), "rb") as f:
            sr, ch, width = f.getframerate(), f.getnchannels(), f.getsampwidth()
            raw = f.readframes(f.getnframes())
        if width != 2:
            raise ValueError(f"{path.name} 是 {8 * width} 位 WAV，只支持 16 位。")
        y = np.frombuffer(raw, "<i2").astype(np.float32) / 32768
        return y.reshape(-1, ch).mean(axis=1), sr
    return _cached("audio", path, lambda: _decode_audio(path))


def _decode_audio(path: Path) -> tuple[np.ndarray, int]:
    import imageio_ffmpeg

    cmd = [imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-i", str(path), "-vn", "-ac", "1",
           "-ar", str(SR), "-f", "s16le", "pipe:1"]
    raw = subprocess.run(cmd, capture_output=True, check=True).stdout
    if not raw:
        raise ValueError(f"{path.name} 里没有音轨。")
    y = np.frombuffer(raw, "<i2").astype(np.float32) / 32768
    y.flags.writeable = False
    return y, SR


N_FFT, HOP = 1024, 128


def onset_envelope(samples: np.ndarray, sr: int = SR) -> tuple[np.ndarray, np.ndarray]:
    """起音强度曲线（谱通量）：相邻两小段声音的频谱“突然变强”了多少，0–1。

    把声音切成约 46 毫秒的小段（每 5.8 毫秒一段），对每段做傅里叶变换，把各频率上
    比上一段增强的部分加起来；鼓点一响，曲线就出现一个尖峰。返回（时刻，强度）。

    >>> t, env = onset_envelope(synth_track(120, 2))
    >>> round(float(t[env.argmax()]), 2)  # 最强的峰在第一拍（0.1 秒）附近
    0.1
    """
    y = np.asarray(samples, dtype=np.float64)
    pad = np.concatenate([np.zeros(N_FFT // 2), y, np.zeros(N_FFT // 2)])
    n_frames = 1 + (len(pad) - N_FFT) // HOP
    idx = np.arange(N_FFT)[None, :] + HOP * np.arange(n_frames)[:, None]
    mag = np.abs(np.fft.rfft(pad[idx] * np.hanning(N_FFT), axis=1))
    flux = np.maximum(0, np.diff(np.log1p(mag), axis=0)).sum(axis=1)
    flux = np.concatenate([[0.0], flux])
    scale = np.percentile(flux, 99.5) or 1.0
    # the flux rises as soon as the attack enters the window: shift to the attack itself
    times = np.arange(n_frames) * HOP / sr + 0.01
    return times, np.minimum(flux / scale, 1.0)


def pick_peaks(times: np.ndarray, env: np.ndarray, threshold: float, min_gap: float = 0.1) -> np.ndarray:
    """曲线上高于 ``threshold`` 的局部最高点（相距至少 ``min_gap`` 秒）的时刻。

    >>> pick_peaks(np.arange(6) * 0.1, np.array([0, 1, 0, 0.3, 0, 0.9]), 0.5).tolist()
    [0.1, 0.5]
    """
    if not 0 < threshold < 1:
        raise ValueError(f"阈值 {threshold} 不合适：应在 0 和 1 之间（例如 0.45）。")
    step = times[1] - times[0] if len(times) > 1 else 1.0
    half = max(1, int(round(min_gap / step / 2)))
    padded = np.concatenate([np.full(half, -1.0), env, np.full(half, -1.0)])
    windows = np.lib.stride_tricks.sliding_window_view(padded, 2 * half + 1)
    is_peak = (env >= threshold) & (env >= windows.max(axis=1))
    out: list[float] = []
    for t in times[is_peak]:
        if not out or t - out[-1] >= min_gap:
            out.append(float(t))
    return np.round(np.array(out), 4)


@dataclass
class Beats:
    """节拍检测的结果：``times`` 节拍时刻（秒），``bpm`` 速度（每分钟拍数），
    ``envelope`` / ``frame_times`` 起音强度曲线，``threshold`` 所用阈值。"""

    times: np.ndarray
    bpm: float
    envelope: np.ndarray
    frame_times: np.ndarray
    threshold: float

    def __repr__(self) -> str:
        shown = ", ".join(f"{t:.2f}" for t in self.times[:6])
        return (f"检测到 {len(self.times)} 个节拍，速度约 {self.bpm:.1f} BPM（阈值 {self.threshold}）；"
                f"前几拍（秒）：{shown} …")


DEFAULT_THRESHOLD = 0.45


def detect_beats(source, threshold: float = DEFAULT_THRESHOLD) -> Beats:
    """从音频样本里检测节拍：起音强度曲线 → 找出高于阈值的尖峰 → 速度 = 60 ÷ 相邻节拍间隔的中位数。

    ``source``：WAV 或 mp4 文件路径，或样本数组。阈值太低会把踩镲、旋律也当成节拍（速度翻倍），
    太高会漏掉较轻的拍子。

    >>> b = detect_beats(synth_track(120, 4))
    >>> len(b.times), round(b.bpm)
    (8, 120)
    >>> bool(np.abs(b.times - beat_grid(120, 4)).max() < 0.02)
    True
    """
    y, sr = load_audio(source)
    times, env = onset_envelope(y, sr)
    peaks = pick_peaks(times, env, threshold)
    bpm = 60 / float(np.median(np.diff(peaks))) if len(peaks) > 1 else float("nan")
    return Beats(peaks, round(bpm, 2), env, times, threshold)


def _beat_times(beats) -> np.ndarray:
    times = beats.times if isinstance(beats, Beats) else beats
    times = np.asarray(list(times), dtype=float)
    if times.ndim != 1 or len(times) == 0:
        raise ValueError("节拍列表是空的：先用 nmt.video.detect_beats(...) 检测节拍。")
    return np.sort(times)


def snap_to_beats(times, beats) -> list[float]:
    """把计划的剪辑点（秒）对齐到最近的节拍；剪辑点保持先后顺序、互不重合。

    ``beats`` 可以是 :class:`Beats` 或节拍时刻列表。

    >>> snap_to_beats([1.0, 1.1, 2.6], [0.5, 1.0, 1.5, 2.0, 2.5])
    [1.0, 1.5, 2.5]
    """
    grid = _beat_times(beats)
    half = float(np.median(np.diff(grid))) / 2 if len(grid) > 1 else 0.5
    out: list[float] = []
    for t in pd.Series(list(times), dtype=float):
        candidates = grid[grid > (out[-1] if out else 0) + 1e-9]
        if not len(candidates) or t > grid[-1] + half:
            raise ValueError(f"剪辑点 {t:g} 秒之后没有可用的节拍了：音乐不够长，或分镜总时长太长。")
        out.append(round(float(candidates[np.abs(candidates - t).argmin()]), 4))
    return out


def beat_offsets(times, beats) -> np.ndarray:
    """每个时刻与最近节拍的偏差（秒，正数表示晚于节拍）。

    >>> beat_offsets([1.02, 1.4], [0.5, 1.0, 1.5]).round(2).tolist()
    [0.02, -0.1]
    """
    grid = _beat_times(beats)
    t = np.asarray(list(times), dtype=float)
    nearest = grid[np.abs(t[:, None] - grid[None, :]).argmin(axis=1)]
    return t - nearest


def cut_plan(board: pd.DataFrame, beats, every: int = 1) -> pd.DataFrame:
    """剪辑方案：每个镜头按分镜时长算出计划结束时刻，再对齐到节拍（每 ``every`` 拍取一个可切点）。

    返回列：镜号、景别、字幕、计划结束、剪辑点（对齐后的结束时刻）、开始、时长、拍数。

    >>> plan = cut_plan(sample_storyboard(), beat_grid(120, 10))
    >>> plan["剪辑点"].tolist()
    [2.1, 3.1, 5.1, 6.6, 8.1]
    """
    check_columns(board, ["镜号", "景别", "时长", "字幕"])
    if every < 1:
        raise ValueError(f"every = {every} 不合适：每几拍切一次，应为 1、2、4 这样的正整数。")
    grid = _beat_times(beats)[::every]
    planned = board["时长"].astype(float).cumsum()
    cuts = snap_to_beats(planned, grid)
    period = float(np.median(np.diff(_beat_times(beats)))) if len(_beat_times(beats)) > 1 else float("nan")
    plan = pd.DataFrame({
        "镜号": board["镜号"].to_numpy(),
        "景别": board["景别"].to_numpy(),
        "字幕": board["字幕"].to_numpy(),
        "计划结束": planned.round(3).to_numpy(),
        "剪辑点": cuts,
    })
    plan["开始"] = [0.0, *cuts[:-1]]
    plan["时长"] = (plan["剪辑点"] - plan["开始"]).round(4)
    plan["拍数"] = (plan["时长"] / period).round(1)
    return plan


# ---------------------------------------------------------------- render and inspect

PREVIEW_SIZE = (360, 640)
PREVIEW_FPS = 30
#: 卡点容差：剪辑点离节拍不超过 40 毫秒（25 帧/秒时的 1 帧）就算“卡上了”。
TOLERANCE = 0.04


def _ken_burns(img: Image.Image, move: str, progress: float, subject, size) -> Image.Image:
    """Crop the oversized shot for camera move ``move`` at ``progress`` (0–1) and scale to ``size``."""
    cw, ch = img.size
    base = size[0] / cw  # the crop fraction that shows the frame at neutral zoom
    p = progress
    frac, cx, cy = base, cw / 2, ch / 2
    if move == "推":
        frac = base * (1 - 0.2 * p)
        cx, cy = cw / 2 + (subject[0] * cw - cw / 2) * p, ch / 2 + (subject[1] * ch - ch / 2) * p
    elif move == "拉":
        frac = base * (0.8 + 0.2 * p)
        cx, cy = cw / 2 + (subject[0] * cw - cw / 2) * (1 - p), ch / 2 + (subject[1] * ch - ch / 2) * (1 - p)
    elif move == "摇":
        cx = cw / 2 + (p - 0.5) * (cw - base * cw)
    elif move == "移":
        cx = cw / 2 + (0.5 - p) * (cw - base * cw)
        cy = ch / 2 + (p - 0.5) * (ch - base * ch)
    w, h = frac * cw, frac * ch
    x0 = min(max(cx - w / 2, 0), cw - w)
    y0 = min(max(cy - h / 2, 0), ch - h)
    return img.resize(size, Image.BILINEAR, box=(x0, y0, x0 + w, y0 + h))


def render(board: pd.DataFrame, track, cuts=None, path="output/short_video.mp4", product: str = "杨梅冰茶",
           size: tuple[int, int] = PREVIEW_SIZE, fps: int = PREVIEW_FPS, flash: bool = True) -> Path:
    """用 moviepy 把分镜剪成一条竖屏短视频（mp4，H.264 + AAC），返回文件路径。

    - 画面：:func:`shoot` 拍出的每个镜头，按“运镜”做推、拉、摇、移；
    - 剪辑点：``cuts``（每个镜头的结束时刻，通常来自 :func:`snap_to_beats`）；不给就自动对齐到节拍；
      剪辑点取整到最近的一帧；
    - 特效：每次切换时画面闪白一下（卡点闪白），结尾 0.5 秒淡出；
    - 字幕：分镜里的“字幕”，白字黑边；
    - 声音：``track``（WAV 文件）从头截取到成片长度，结尾淡出。
    """
    from moviepy import AudioFileClip, VideoClip, afx

    check_columns(board, ["景别", "运镜", "字幕", "时长"])
    if len(board) == 0:
        raise ValueError("分镜脚本是空的，没有镜头可剪。")
    if cuts is None:
        cuts = snap_to_beats(board["时长"].astype(float).cumsum(), detect_beats(track))
    cuts = [float(c) for c in cuts]
    if len(cuts) != len(board):
        raise ValueError(f"剪辑点有 {len(cuts)} 个，分镜有 {len(board)} 个镜头：每个镜头要有一个结束时刻。")
    if any(b <= a for a, b in zip([0.0, *cuts], cuts, strict=False)):
        raise ValueError(f"剪辑点 {cuts} 要从小到大排列，且都大于 0。")
    ends = [int(round(c * fps)) for c in cuts]
    starts = [0, *ends[:-1]]
    total = ends[-1] / fps
    shots = shoot(board, product, size)
    subs = [subtitle_layer(str(s), size) for s in board["字幕"]]
    moves = list(board["运镜"])
    fade = int(0.5 * fps)

    def frame(t):
        i = min(int(round(t * fps)), ends[-1] - 1)
        k = next(j for j, e in enumerate(ends) if i < e)
        local = (i - starts[k]) / max(1, ends[k] - starts[k] - 1)
        img = _ken_burns(shots[k], moves[k], local, _subject_of(k), size)
        img = Image.alpha_composite(img.convert("RGBA"), subs[k]).convert("RGB")
        arr = np.asarray(img, dtype=np.float32)
        since = i - starts[k]
        if flash and k > 0 and since < 3:
            arr = arr + (255 - arr) * (0.6, 0.3, 0.12)[since]
        if i >= ends[-1] - fade:
            arr = arr * (ends[-1] - i) / (fade + 1)
        return arr.astype(np.uint8)

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    audio = AudioFileClip(str(track))
    if audio.duration < total:
        audio.close()
        raise ValueError(f"音乐只有 {audio.duration:.1f} 秒，成片要 {total:.1f} 秒：换一段更长的音乐或缩短分镜。")
    audio = audio.subclipped(0, total).with_effects([afx.AudioFadeOut(0.3)])
    clip = VideoClip(frame_function=frame, duration=total).with_audio(audio)
    clip.write_videofile(str(path), fps=fps, codec="libx264", audio_codec="aac", audio_fps=SR, preset="ultrafast",
                         threads=2, logger=None, temp_audiofile_path=str(path.parent),
                         ffmpeg_params=["-pix_fmt", "yuv420p", "-crf", "30"])
    audio.close()
    clip.close()
    return path


def probe(path) -> dict:
    """成片的基本信息：时长（秒）、宽、高、帧率、帧数、是否有音轨、文件大小（KB）。

    用 imageio-ffmpeg 自带的 ffmpeg 读取，不需要另外安装软件。
    """
    import imageio_ffmpeg

    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"找不到视频文件 {path}：先运行渲染成片的单元格。")
    reader = imageio_ffmpeg.read_frames(str(path))
    meta = next(reader)
    reader.close()
    frames, _ = imageio_ffmpeg.count_frames_and_secs(str(path))
    return {
        "duration": round(float(meta["duration"]), 3),
        "width": int(meta["size"][0]),
        "height": int(meta["size"][1]),
        "fps": float(meta["fps"]),
        "frames": int(frames),
        "audio": bool(meta.get("audio_codec")),
        "size_kb": round(path.stat().st_size / 1024, 1),
    }


def _video_rules(platform: str) -> tuple[str, float | None, float | None, str]:
    from . import platform_rules

    r = platform_rules.rules(platform)
    r = r[r["field"] == "video"]
    get = {t: v for t, v in zip(r["rule_type"], r["value"], strict=True)}
    if not get:
        return "9:16", None, None, f"规则表里没有{platform}的视频规则，按竖屏 9:16 检查"
    src = f"规则 {'、'.join(r['rule_id'])}，{r['source'].iloc[0]}"
    w, h = get.get("width_px"), get.get("height_px")
    return get.get("ratio", "9:16"), float(w) if w else None, float(h) if h else None, src


def check_spec(info: dict, platform: str = "抖音", expected_duration: float | None = None,
               preview: bool = True) -> pd.DataFrame:
    """按平台规则检查成片：宽高比、分辨率、时长、音轨。返回一张检查表（检查项、要求、实际、结果）。

    ``preview=True`` 时分辨率只提示：课堂上为了快，先渲染小尺寸预览，发布前再按平台要求导出。

    >>> t = check_spec({"width": 360, "height": 640, "duration": 8.0, "audio": True}, "抖音", 8.0)
    >>> t["结果"].tolist()
    ['✔', '预览', '✔', '✔']
    """
    ratio, min_w, min_h, src = _video_rules(platform)
    a, b = (float(x) for x in ratio.split(":"))
    w, h = info["width"], info["height"]
    rows = [("宽高比", f"{ratio}（{src}）", f"{w}×{h} = {w / h:.4f}（{ratio} = {a / b:.4f}）",
             "✔" if abs(w / h - a / b) < 0.01 else "✘")]
    if min_w and min_h:
        ok = w >= min_w and h >= min_h
        rows.append(("分辨率", f"{min_w:.0f}×{min_h:.0f}", f"{w}×{h}",
                     "✔" if ok else ("预览" if preview else "✘")))
    if expected_duration is not None:
        rows.append(("时长", f"{expected_duration:.2f} 秒（±0.1）", f"{info['duration']:.2f} 秒",
                     "✔" if abs(info["duration"] - expected_duration) <= 0.1 else "✘"))
    rows.append(("音轨", "有背景音乐", "有" if info.get("audio") else "无", "✔" if info.get("audio") else "✘"))
    return pd.DataFrame(rows, columns=["检查项", "要求", "实际", "结果"])


def frame_differences(path, step: int = 4) -> tuple[np.ndarray, np.ndarray]:
    """相邻两帧画面**内容**的变化：0 表示没变，1 左右表示换了一幅完全不同的画面。

    每帧取灰度图（每隔 ``step`` 个像素取一个点），先减去平均亮度、除以亮度的标准差，
    这样整体变亮变暗（闪白、淡出）不算变化，只有画面内容变了才算。返回（每帧时刻，与上一帧的变化）。
    """
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"找不到视频文件 {path}：先运行渲染成片的单元格。")
    times, diffs = _cached(f"frames{step}", path, lambda: _frame_differences(path, step))
    return times.copy(), diffs.copy()


def _frame_differences(path: Path, step: int) -> tuple[np.ndarray, np.ndarray]:
    import imageio_ffmpeg

    reader = imageio_ffmpeg.read_frames(str(path), pix_fmt="gray", bpp=1)
    meta = next(reader)
    w, h = meta["size"]
    diffs, prev = [], None
    for raw in reader:
        frame = np.frombuffer(raw, np.uint8).reshape(h, w)[::step, ::step].astype(np.float32)
        frame = (frame - frame.mean()) / (frame.std() + 1.0)
        diffs.append(0.0 if prev is None else float(np.abs(frame - prev).mean()))
        prev = frame
    return np.arange(len(diffs)) / float(meta["fps"]), np.array(diffs)


def video_cuts(path, min_jump: float = 0.4, min_gap: float = 0.25) -> np.ndarray:
    """从成片画面里找剪辑点：相邻两帧内容突然大变的时刻（秒）。

    推拉摇移只让画面慢慢变，变化很小；换镜头时整幅画面都变了，出现尖峰（超过 ``min_jump``）。
    相距不到 ``min_gap`` 秒的尖峰只算一次。
    """
    times, diff = frame_differences(path)
    out: list[float] = []
    for t, d in zip(times, diff, strict=True):
        if d >= min_jump and (not out or t - out[-1] >= min_gap):
            out.append(round(float(t), 4))
    return np.array(out)


def sync_report(path, threshold: float = DEFAULT_THRESHOLD) -> pd.DataFrame:
    """音画同步检查：从成片**画面**找剪辑点，从成片**音轨**找节拍，逐个比较。

    返回列：剪辑点（秒）、最近节拍（秒）、偏差_毫秒、卡点（偏差不超过 40 毫秒）。
    """
    cuts = video_cuts(path)
    beats = detect_beats(path, threshold).times
    if not len(cuts):
        return pd.DataFrame(columns=["剪辑点", "最近节拍", "偏差_毫秒", "卡点"])
    off = beat_offsets(cuts, beats)
    return pd.DataFrame({
        "剪辑点": cuts,
        "最近节拍": np.round(cuts - off, 3),
        "偏差_毫秒": np.round(off * 1000).astype(int),
        "卡点": np.abs(off) <= TOLERANCE,
    })


def cut_chart(path, threshold: float = DEFAULT_THRESHOLD):
    """成片的“画面内容变化”曲线（尖峰 = 剪辑点），叠上音轨里检测到的节拍（红色虚线）。

    返回 plotly 的 ``go.Figure``：画面尖峰和红线对齐，就说明卡上了节拍。
    """
    import plotly.graph_objects as go

    times, change = frame_differences(path)
    fig = go.Figure(go.Scatter(x=times, y=change, mode="lines", name="相邻两帧的画面内容变化"))
    for t in detect_beats(path, threshold).times:
        if t <= times[-1]:
            fig.add_vline(x=float(t), line=dict(color="#c0392b", dash="dot", width=1))
    fig.update_layout(title="成片的画面变化（尖峰是剪辑点）与音轨节拍（红色虚线）", xaxis_title="时间（秒）",
                      yaxis_title="画面内容变化", height=320)
    return fig


# ---------------------------------------------------------------- music licences

_MUSIC = [
    # 曲名, 来源, 授权方式, 可商用, 适用平台, 需署名, 授权到期
    ("溪山节拍（课程合成）", "本课用代码合成，品牌自有", "自有版权", True, "全部", False, None),
    ("夏日汽水", "抖音商用音乐库", "平台商用曲库：企业号可在站内商用", True, "抖音", False, None),
    ("晴天散步", "抖音热门音乐（个人创作曲库）", "平台曲库：仅限站内个人非商业使用", False, "抖音", False, None),
    ("Sunny Walk", "免费音乐网站下载", "CC BY-NC 4.0（署名—非商业性使用）", False, "全部", True, None),
    ("Lemon Breeze", "免费音乐网站下载", "CC BY 4.0（署名）", True, "全部", True, None),
    ("品牌年度主题曲", "音乐公司", "已购买商用授权（全网短视频）", True, "全部", False, "2026-12-31"),
    ("去年的夏日广告曲", "音乐公司", "已购买商用授权（全网短视频）", True, "全部", False, "2024-12-31"),
    ("网上找的热门歌", "网盘下载，来源不明", "来源不明", False, "全部", False, None),
]


def music_library() -> pd.DataFrame:
    """素材库里的候选配乐及其授权条款（课程编写的示例）。

    >>> music_library().columns.tolist()
    ['曲名', '来源', '授权方式', '可商用', '适用平台', '需署名', '授权到期']
    """
    df = pd.DataFrame(_MUSIC, columns=["曲名", "来源", "授权方式", "可商用", "适用平台", "需署名", "授权到期"])
    df["授权到期"] = pd.to_datetime(df["授权到期"])
    return df


def can_use(track: pd.Series | dict, platform: str, on: str = "2025-07-01",
            commercial: bool = True) -> tuple[bool, str]:
    """一首配乐能不能用在 ``platform`` 上的品牌（商业）短视频里，返回（能否使用，原因）。

    >>> can_use(music_library().iloc[3], "抖音")
    (False, '授权不允许商业使用（CC BY-NC 4.0（署名—非商业性使用））：品牌视频属于商业用途。')
    >>> can_use(music_library().iloc[4], "抖音")
    (True, '可以使用：CC BY 4.0（署名）；发布时须按要求署名（曲名、作者、许可协议）。')
    """
    t = dict(track)
    if "来源不明" in str(t["授权方式"]):
        return False, "来源不明，无法证明有授权：不能用。"
    if commercial and not t["可商用"]:
        return False, f"授权不允许商业使用（{t['授权方式']}）：品牌视频属于商业用途。"
    if t["适用平台"] not in ("全部", platform):
        return False, f"授权只在{t['适用平台']}站内有效，不能用在{platform}上。"
    expires = t.get("授权到期")
    if expires is not None and not pd.isna(expires) and pd.Timestamp(expires) < pd.Timestamp(on):
        return False, f"授权已于 {pd.Timestamp(expires):%Y-%m-%d} 到期，需要续约。"
    note = "；发布时须按要求署名（曲名、作者、许可协议）" if t["需署名"] else ""
    return True, f"可以使用：{t['授权方式']}{note}。"


def licence_check(music: pd.DataFrame, platform: str, on: str = "2025-07-01") -> pd.DataFrame:
    """逐首检查配乐授权，在表格后加上“可用”和“原因”两列。

    >>> licence_check(music_library(), "抖音")["可用"].sum()
    np.int64(4)
    """
    check_columns(music, ["曲名", "授权方式", "可商用", "适用平台", "需署名", "授权到期"])
    out = music.copy()
    results = [can_use(row, platform, on) for _, row in music.iterrows()]
    out["可用"] = [ok for ok, _ in results]
    out["原因"] = [why for _, why in results]
    return out


# ---------------------------------------------------------------- widgets


def beat_view(track, board: pd.DataFrame, threshold: float = DEFAULT_THRESHOLD, every: int = 1) -> dict:
    """节拍面板显示的内容（纯数据）：起音强度曲线、检测到的节拍、速度、剪辑点、各镜头的起止。

    >>> v = beat_view(synth_track(120, 12), sample_storyboard(), 0.45, 1)
    >>> round(v["bpm"]), [round(c, 2) for c in v["cuts"]]
    (120, [2.1, 3.1, 5.1, 6.6, 8.1])
    """
    result = detect_beats(track, threshold)
    view = {
        "frame_times": result.frame_times, "envelope": result.envelope,
        "beats": result.times, "bpm": result.bpm, "cuts": [], "plan": None, "error": "",
    }
    try:
        plan = cut_plan(board, result.times, every)
        view["plan"], view["cuts"] = plan, list(plan["剪辑点"])
    except ValueError as exc:
        view["error"] = str(exc)
    return view


def beat_panel(track, board: pd.DataFrame, threshold: float = DEFAULT_THRESHOLD, every: int = 1):
    """拖动“检测阈值”和“每几拍切一次”：起音曲线上的节拍点、剪辑点和下方的分镜时间线一起更新。"""
    import ipywidgets as w
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    from .widgets import Panel

    y, sr = load_audio(track)
    controls = {
        "threshold": w.FloatSlider(value=threshold, min=0.05, max=0.95, step=0.05, description="检测阈值",
                                   continuous_update=False),
        "every": w.Dropdown(options=[("每 1 拍", 1), ("每 2 拍", 2), ("每 4 拍（一小节）", 4)], value=every,
                            description="可切点"),
    }
    base = make_subplots(rows=2, cols=1, row_heights=[0.68, 0.32], shared_xaxes=True, vertical_spacing=0.08)
    fig = go.FigureWidget(base)
    fig.add_trace(go.Scatter(name="起音强度", mode="lines", line=dict(width=1)), row=1, col=1)
    fig.add_trace(go.Scatter(name="检测到的节拍", mode="markers", marker=dict(size=9, symbol="triangle-down")),
                  row=1, col=1)
    fig.add_trace(go.Scatter(name="阈值", mode="lines", line=dict(dash="dot", width=1)), row=1, col=1)
    fig.add_trace(go.Scatter(name="剪辑点", mode="lines", line=dict(width=2, color="#c0392b")), row=1, col=1)
    fig.add_trace(go.Bar(name="镜头", orientation="h", textposition="inside", insidetextanchor="middle"),
                  row=2, col=1)
    fig.update_layout(height=460, xaxis2_title="时间（秒）", yaxis_title="起音强度", bargap=0.3)
    card = w.HTML()

    def update(threshold: float, every: int) -> None:
        v = beat_view(y, board, threshold, every)
        t_max = float(v["frame_times"][-1])
        xs, ys = [], []
        for c in v["cuts"]:
            xs += [c, c, None]
            ys += [0, 1.05, None]
        plan = v["plan"]
        with fig.batch_update():
            fig.data[0].x, fig.data[0].y = v["frame_times"], v["envelope"]
            fig.data[1].x, fig.data[1].y = v["beats"], [1.02] * len(v["beats"])
            fig.data[2].x, fig.data[2].y = [0, t_max], [threshold, threshold]
            fig.data[3].x, fig.data[3].y = xs, ys
            if plan is not None:
                fig.data[4].x, fig.data[4].base = list(plan["时长"]), list(plan["开始"])
                fig.data[4].y = [f"镜头 {n}" for n in plan["镜号"]]
                fig.data[4].text = [f"{s} {d:.2f}秒" for s, d in zip(plan["景别"], plan["时长"], strict=True)]
            else:
                fig.data[4].x, fig.data[4].base, fig.data[4].y, fig.data[4].text = [], [], [], []
            fig.layout.title = f"节拍检测与卡点剪辑（阈值 {threshold:.2f}）"
        bpm = "—" if math.isnan(v["bpm"]) else f"{v['bpm']:.1f}"
        end = f"成片 {v['cuts'][-1]:.2f} 秒" if v["cuts"] else f"<span style='color:#c0392b'>{v['error']}</span>"
        card.value = (f"<div style='font-size:14px'>检测到 <b>{len(v['beats'])}</b> 个节拍，"
                      f"速度约 <b>{bpm}</b> BPM；{end}</div>")

    return Panel(controls, [card, fig], update, figure=fig, card=card)


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

    from .widgets import Panel

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
