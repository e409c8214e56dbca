"""短视频 · 分镜脚本：镜号、景别、画面、运镜、时长、字幕，按课程规则检查；以及各时长作品的完播率。"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._errors import check_choice, check_columns
from ..images.fonts import missing_glyphs

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
