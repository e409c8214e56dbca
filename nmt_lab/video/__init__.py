"""短视频制作：分镜脚本、三分法构图、音乐节拍检测、卡点剪辑、渲染成片与检查、音乐授权。

一条卡点短视频的流程，每一步都是一个普通函数：

1. :func:`storyboard` 写分镜脚本（表格），:func:`check_storyboard` 按课程规则检查；
2. :func:`thirds_score` / :func:`safe_area_problems` 看构图，:func:`shoot` 按分镜“拍”出画面；
3. :func:`demo_track` 合成一段免版权的鼓点音乐，:func:`detect_beats` 从音频样本里找节拍；
4. :func:`snap_to_beats` / :func:`cut_plan` 把剪辑点对齐到节拍，:func:`render` 用 moviepy 出片；
5. :func:`probe`、:func:`check_spec`、:func:`video_cuts`、:func:`sync_report` 检查成片；
6. :func:`music_library` / :func:`licence_check` 检查音乐能不能用于品牌商业视频。

按子概念分成几个模块，这里把它们的公开函数汇总成 ``nmt.video.*``：:mod:`~nmt_lab.video.shots`（分镜脚本）、
:mod:`~nmt_lab.video.composition`（构图）、:mod:`~nmt_lab.video.scenes`（画面）、:mod:`~nmt_lab.video.music`
（节拍、卡点、音乐授权）、:mod:`~nmt_lab.video.rendering`（出片与检查）。

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

from .composition import (
    SAFE_AREA,
    SUBJECT_RADIUS,
    SUBTITLE_Y,
    composition_panel,
    composition_view,
    safe_area_problems,
    thirds_overlay,
    thirds_points,
    thirds_score,
)
from .music import (
    BEAT_OFFSET,
    DEFAULT_THRESHOLD,
    HOP,
    N_FFT,
    SR,
    Beats,
    beat_grid,
    beat_offsets,
    beat_panel,
    beat_view,
    can_use,
    cut_plan,
    demo_track,
    detect_beats,
    licence_check,
    load_audio,
    music_library,
    onset_envelope,
    pick_peaks,
    snap_to_beats,
    synth_track,
    write_wav,
)
from .rendering import (
    PREVIEW_FPS,
    PREVIEW_SIZE,
    TOLERANCE,
    check_spec,
    cut_chart,
    frame_differences,
    probe,
    render,
    sync_report,
    video_cuts,
)
from .scenes import (
    PRODUCT_COLOURS,
    contact_sheet,
    draw_scene,
    product_colour,
    shoot,
    subtitle_layer,
)
from .shots import (
    CAMERA_MOVES,
    COLUMNS,
    CTA_WORDS,
    LENGTH_BINS,
    LENGTH_LABELS,
    MAX_SUBTITLE_CHARS,
    READING_SPEED,
    SHOT_SECONDS,
    SHOT_SIZES,
    TARGET_SECONDS,
    check_storyboard,
    completion_by_length,
    reading_speed,
    sample_storyboard,
    storyboard,
)

__all__ = [
    "BEAT_OFFSET",
    "Beats",
    "CAMERA_MOVES",
    "COLUMNS",
    "CTA_WORDS",
    "DEFAULT_THRESHOLD",
    "HOP",
    "LENGTH_BINS",
    "LENGTH_LABELS",
    "MAX_SUBTITLE_CHARS",
    "N_FFT",
    "PREVIEW_FPS",
    "PREVIEW_SIZE",
    "PRODUCT_COLOURS",
    "READING_SPEED",
    "SAFE_AREA",
    "SHOT_SECONDS",
    "SHOT_SIZES",
    "SR",
    "SUBJECT_RADIUS",
    "SUBTITLE_Y",
    "TARGET_SECONDS",
    "TOLERANCE",
    "beat_grid",
    "beat_offsets",
    "beat_panel",
    "beat_view",
    "can_use",
    "check_spec",
    "check_storyboard",
    "completion_by_length",
    "composition_panel",
    "composition_view",
    "contact_sheet",
    "cut_chart",
    "cut_plan",
    "demo_track",
    "detect_beats",
    "draw_scene",
    "frame_differences",
    "licence_check",
    "load_audio",
    "music_library",
    "onset_envelope",
    "pick_peaks",
    "probe",
    "product_colour",
    "reading_speed",
    "render",
    "safe_area_problems",
    "sample_storyboard",
    "shoot",
    "snap_to_beats",
    "storyboard",
    "subtitle_layer",
    "sync_report",
    "synth_track",
    "thirds_overlay",
    "thirds_points",
    "thirds_score",
    "video_cuts",
    "write_wav",
]
