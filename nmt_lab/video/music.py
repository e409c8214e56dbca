"""短视频 · 音乐：合成免版权的鼓点音乐，检测节拍，把剪辑点对齐到节拍（卡点）；
音乐授权检查；以及卡点面板（互动组件）。
"""

from __future__ import annotations

import math
import subprocess
import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .._errors import check_columns

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

    >>> from nmt_lab.video import sample_storyboard
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

    >>> from nmt_lab.video import sample_storyboard
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

    from ..widgets import Panel

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
