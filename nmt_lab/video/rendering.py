"""短视频 · 出片与检查：用 moviepy 渲染成片，读取时长、分辨率、帧率，按平台规格检查，
找出画面切换点并与节拍对照。
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from PIL import Image

from .._errors import check_columns
from .music import DEFAULT_THRESHOLD, SR, _cached, beat_offsets, detect_beats, snap_to_beats
from .scenes import _subject_of, shoot, subtitle_layer

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
    from .. import platform_rules

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
