"""风险控制：内容审核分级、风险登记与风险矩阵、舆情危机发现、危机响应时间表。

四部分，笔记本 A2-3 按这个顺序用：

1. **审核分级**：:data:`REVIEW_STANDARD` 是审核标准（风险等级 → 要过哪几级审核、谁审）。
   :func:`draft_review` 用审核词库（:func:`nmt_lab.moderation.scan`，全部词类）扫描文案，
   按命中词的严重程度和是否涉及活动/直播给每篇稿件定风险等级和审核流程。
2. **风险登记**：:func:`score_risks` 算风险值（可能性 × 影响）和等级，
   :func:`risk_matrix` 是 5 × 5 风险矩阵，:func:`risk_heatmap` 画成热力图。
3. **舆情监测**：:func:`mention_series` 把评论表汇总成每日提及量，:func:`weighted_volume`
   按情感加权（负面 1、中性 0.3、正面 0），:func:`detect_crisis` 用 CUSUM（或 EWMA）规则
   找出危机开始的那一天；:func:`crisis_panel` 是拖动阈值的互动面板（逻辑在 :func:`crisis_view`）。
4. **响应时间表**：:func:`response_timeline` 把预案的时限换成具体的截止时刻，
   :func:`late_steps` 找出超时的步骤。

>>> REVIEW_STANDARD.loc["高", "steps"]
'初审→复审→终审'
>>> risk_level(4, 5), risk_level(2, 3)
('高', '低')
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._errors import check_choice, check_columns

#: 本模块新加的列的中文名（其余列用数据字典里的中文名）
LABELS = {"condition": "判定条件", "steps": "审核流程", "reviewers": "审核人", "hours": "审核时限（小时）",
          "risk_level": "风险等级", "title": "标题", "hits": "命中的词", "max_severity": "最高严重程度",
          "activity": "是否活动", "n_levels": "审核级数", "score": "风险值", "level": "风险等级",
          "weighted": "情感加权声量", "z": "稳健z值", "stat": "累积和", "alarm": "是否报警",
          "due": "截止时刻", "golden": "黄金4小时内", "done_at": "实际完成", "late_hours": "超时（小时）"}


def to_chinese(df: pd.DataFrame) -> pd.DataFrame:
    """The table with Chinese column names, for display (as :func:`nmt_lab.to_chinese`).

    >>> list(to_chinese(pd.DataFrame({"risk_id": ["K01"], "score": [12], "late_hours": [1.5]})).columns)
    ['风险编号', '风险值', '超时（小时）']
    """
    from .labels import to_chinese as chinese

    out = df.rename(columns=LABELS)
    out.index.names = [LABELS.get(n, n) if n else n for n in df.index.names]
    return chinese(out)


# --------------------------------------------------------------------------- 1 审核分级

LEVELS = ["低", "中", "高"]
#: 审核标准：风险等级 → 判定条件、审核流程、审核人、时限
REVIEW_STANDARD = pd.DataFrame(
    {
        "condition": ["未命中审核词库，且不涉及抽奖、优惠、直播",
                      "命中中、低风险词，或涉及抽奖、优惠、直播等活动",
                      "命中高风险词（绝对化用语、虚假功效、诱导分享等）"],
        "steps": ["初审", "初审→复审", "初审→复审→终审"],
        "reviewers": ["运营专员互审（不能审自己的稿）", "初审 + 新媒体运营主管",
                      "初审 + 主管 + 品牌负责人 / 法务"],
        "hours": [2, 8, 24],
    },
    index=pd.Index(LEVELS, name="risk_level"),
)
ACTIVITY_WORDS = ["抽奖", "抽", "转发", "降价", "半价", "优惠", "券", "秒杀", "直播"]
_SEVERITY_LEVEL = {"高": "高", "中": "中", "低": "中"}


def review_steps(level: str) -> list[str]:
    """审核流程的各级，如 ``["初审", "复审"]``。

    >>> review_steps("中")
    ['初审', '复审']
    """
    check_choice(level, LEVELS, "风险等级")
    return REVIEW_STANDARD.loc[level, "steps"].split("→")


def _is_activity(row) -> bool:
    text = f"{row.get('title', '')}{row.get('body', '')}"
    return str(row.get("format", "")) == "直播" or any(w in text for w in ACTIVITY_WORDS)


def draft_review(drafts: pd.DataFrame, lexicon: pd.DataFrame | None = None) -> pd.DataFrame:
    """每篇稿件的审核结论：命中的词、最高严重程度、是否活动、风险等级、审核流程。

    标题和正文一起用审核词库的**全部词类**扫描（品牌自己的文案要查广告极限词和虚假功效）。

    >>> d = pd.DataFrame({"draft_id": ["D1", "D2", "D3"], "format": ["图文", "图文", "直播"],
    ...                   "title": ["最好喝的奶茶", "茶园的夏天", "今晚直播"], "body": ["", "", ""]})
    >>> draft_review(d)[["draft_id", "risk_level", "steps"]].values.tolist()
    [['D1', '高', '初审→复审→终审'], ['D2', '低', '初审'], ['D3', '中', '初审→复审']]
    """
    from . import moderation

    check_columns(drafts, ["draft_id", "title"])
    text = drafts["title"].astype(str) + "\n" + drafts.get("body", pd.Series("", index=drafts.index)).fillna("")
    hits = moderation.scan(pd.DataFrame({"comment_id": drafts["draft_id"], "text": text}), lexicon,
                           categories=None)
    rank = {"高": 3, "中": 2, "低": 1}
    rows = []
    for row in drafts.to_dict("records"):
        h = hits[hits["comment_id"] == row["draft_id"]]
        sev = max(h["severity"], key=lambda s: rank.get(s, 0)) if len(h) else ""
        activity = _is_activity(row)
        level = _SEVERITY_LEVEL.get(sev, "低")
        if activity and level == "低":
            level = "中"
        rows.append({"draft_id": row["draft_id"], "title": row["title"],
                     "hits": "、".join(dict.fromkeys(h["word"])), "max_severity": sev or "无",
                     "activity": activity, "risk_level": level,
                     "steps": REVIEW_STANDARD.loc[level, "steps"],
                     "n_levels": len(review_steps(level))})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- 2 风险登记

RESPONSES = ["规避", "降低", "转移", "接受"]


def risk_level(probability: float, impact: float) -> str:
    """5 × 5 风险矩阵的等级：风险值 ≥ 15 为高，8–14 为中，其余为低。

    >>> risk_level(3, 3), risk_level(3, 5)
    ('中', '高')
    """
    score = probability * impact
    return "高" if score >= 15 else "中" if score >= 8 else "低"


def score_risks(register: pd.DataFrame) -> pd.DataFrame:
    """加上风险值 ``score``（可能性 × 影响）和等级 ``level``，按风险值从高到低排列。

    >>> r = pd.DataFrame({"risk_id": ["A", "B"], "probability": [2, 4], "impact": [2, 5]})
    >>> score_risks(r)[["risk_id", "score", "level"]].values.tolist()
    [['B', 20, '高'], ['A', 4, '低']]
    """
    check_columns(register, ["probability", "impact"])
    bad = register.loc[~register["probability"].between(1, 5) | ~register["impact"].between(1, 5)]
    if len(bad):
        raise ValueError(f"可能性和影响程度应是 1–5 分，这些行不对：{bad.index.tolist()}")
    out = register.copy()
    out["score"] = out["probability"] * out["impact"]
    out["level"] = [risk_level(p, i) for p, i in zip(out["probability"], out["impact"], strict=True)]
    return out.sort_values("score", ascending=False, kind="stable").reset_index(drop=True)


def risk_matrix(register: pd.DataFrame, value: str = "count") -> pd.DataFrame:
    """5 × 5 风险矩阵：行是影响程度（5 在上），列是可能性 1–5；``value="count"`` 数风险个数，
    ``value="ids"`` 列出风险编号。

    >>> r = pd.DataFrame({"risk_id": ["A", "B"], "probability": [2, 2], "impact": [3, 3]})
    >>> int(risk_matrix(r).loc[3, 2]), risk_matrix(r, "ids").loc[3, 2]
    (2, 'A B')
    """
    check_choice(value, ["count", "ids"], "value")
    check_columns(register, ["probability", "impact"])
    grid = pd.DataFrame(0 if value == "count" else "", index=pd.Index(range(5, 0, -1), name="impact"),
                        columns=pd.Index(range(1, 6), name="probability"))
    for row in register.to_dict("records"):
        p, i = int(row["probability"]), int(row["impact"])
        if value == "count":
            grid.loc[i, p] += 1
        else:
            grid.loc[i, p] = f"{grid.loc[i, p]} {row.get('risk_id', '')}".strip()
    return grid


def risk_heatmap(register: pd.DataFrame):
    """风险矩阵热力图：颜色是风险值（可能性 × 影响），格子里写风险编号。"""
    import plotly.graph_objects as go

    ids = risk_matrix(register, "ids")
    score = np.outer(ids.index.to_numpy(), ids.columns.to_numpy())
    fig = go.Figure(go.Heatmap(z=score, x=[f"可能性 {p}" for p in ids.columns],
                               y=[f"影响 {i}" for i in ids.index], text=ids.to_numpy(),
                               texttemplate="%{text}", colorscale=[[0, "#d9f0d3"], [0.5, "#fee08b"], [1, "#d73027"]],
                               colorbar={"title": "风险值"}, hovertemplate="%{y}，%{x}：%{text}<extra></extra>"))
    fig.update_layout(title="风险矩阵（可能性 × 影响）", height=420)
    return fig


# --------------------------------------------------------------------------- 3 舆情监测

SENTIMENT_WEIGHTS = {"负面": 1.0, "中性": 0.3, "正面": 0.0}
_COLUMNS = {"负面": "negative", "中性": "neutral", "正面": "positive"}


def mention_series(comments: pd.DataFrame, time: str = "created_at") -> pd.DataFrame:
    """评论表按天汇总成提及量：``date`` 和 ``mentions``、``positive``、``neutral``、``negative``
    （没有评论的日子记 0）。

    >>> c = pd.DataFrame({"created_at": ["2025-07-01 10:00", "2025-07-01 11:00", "2025-07-03 09:00"],
    ...                   "sentiment": ["负面", "正面", "中性"]})
    >>> mention_series(c)[["mentions", "negative"]].values.tolist()
    [[2, 1], [0, 0], [1, 0]]
    """
    check_columns(comments, [time, "sentiment"])
    day = pd.to_datetime(comments[time]).dt.normalize()
    counts = pd.crosstab(day, comments["sentiment"].astype(str))
    counts = counts.reindex(pd.date_range(day.min(), day.max(), freq="D"), fill_value=0)
    out = pd.DataFrame({"date": counts.index})
    for zh, col in _COLUMNS.items():
        out[col] = counts[zh].to_numpy() if zh in counts else 0
    out.insert(1, "mentions", out[["positive", "neutral", "negative"]].sum(axis=1))
    return out


def weighted_volume(series: pd.DataFrame, weights: dict | None = None) -> pd.Series:
    """按情感加权的声量：负面 × 1 + 中性 × 0.3 + 正面 × 0（``weights`` 可改）。

    >>> s = pd.DataFrame({"positive": [100], "neutral": [10], "negative": [5]})
    >>> float(weighted_volume(s).iloc[0])
    8.0
    """
    weights = {**SENTIMENT_WEIGHTS, **(weights or {})}
    check_columns(series, list(_COLUMNS.values()))
    total = sum(series[_COLUMNS[k]] * float(v) for k, v in weights.items() if k in _COLUMNS)
    return pd.Series(total, index=series.index, name="weighted")


def _baseline(values: np.ndarray, baseline_days: int) -> tuple[float, float]:
    base = values[:baseline_days]
    centre = float(np.median(base))
    spread = 1.4826 * float(np.median(np.abs(base - centre)))
    return centre, max(spread, 1e-9, 0.1 * abs(centre))


def detect_crisis(series: pd.DataFrame, column: str = "weighted", h: float = 5.0, k: float = 0.5,
                  baseline_days: int = 14, method: str = "cusum", lam: float = 0.3) -> pd.DataFrame:
    """逐日的危机检测表：``z``（与基线比的稳健 z 值）、``stat``（CUSUM 累积和或 EWMA 值）和
    ``alarm``（是否报警）。``column="weighted"`` 而表里没有这一列时先用 :func:`weighted_volume` 算出。

    - **基线**：前 ``baseline_days`` 天的中位数和 MAD（稳健，不被个别异常日带偏）。
    - **CUSUM**：``S = max(0, S_昨天 + z − k)``，``S > h`` 报警；报警后 S 清零重新累积。
      小幅但持续的上升会被累积出来，单日的小波动会被 k 吃掉。
    - **EWMA**：``E = λ·z + (1 − λ)·E_昨天``，``E > h·√(λ/(2−λ))`` 报警。

    >>> s = pd.DataFrame({"date": pd.date_range("2025-07-01", periods=20),
    ...                   "v": [10, 11, 9, 10, 12, 10, 9, 11, 10, 10, 30, 40, 50, 40, 12, 10, 11, 9, 10, 10]})
    >>> detect_crisis(s, "v", baseline_days=10).query("alarm")["date"].dt.day.tolist()
    [11, 12, 13, 14]
    """
    check_choice(method, ["cusum", "ewma"], "method")
    data = series.copy()
    if column == "weighted" and "weighted" not in data:
        data["weighted"] = weighted_volume(data)
    check_columns(data, [column])
    values = data[column].to_numpy(dtype=float)
    centre, spread = _baseline(values, baseline_days)
    z = (values - centre) / spread
    stat, alarm, s = np.zeros(len(z)), np.zeros(len(z), dtype=bool), 0.0
    limit = h if method == "cusum" else h * np.sqrt(lam / (2 - lam))
    for t, zt in enumerate(z):
        s = max(0.0, s + zt - k) if method == "cusum" else lam * zt + (1 - lam) * s
        stat[t] = s
        alarm[t] = s > limit
        if alarm[t] and method == "cusum":
            s = 0.0
    keep = [c for c in ("date", "mentions", "negative") if c in data and c != column]
    out = data[keep + [column]].copy()
    out["z"], out["stat"], out["alarm"] = z, stat, alarm
    return out


def crisis_onset(series: pd.DataFrame, column: str = "weighted", **kwargs):
    """危机开始的日期（没有报警时为 ``None``）：第一次报警之前，累积和最后一次为 0 的次日
    （CUSUM 的变点估计；EWMA 取第一次报警那天）。

    >>> s = pd.DataFrame({"date": pd.date_range("2025-07-01", periods=14),
    ...                   "v": [10, 11, 9, 10, 12, 10, 9, 11, 10, 10, 14, 25, 40, 50]})
    >>> str(crisis_onset(s, "v", baseline_days=10).date())
    '2025-07-11'
    """
    table = detect_crisis(series, column, **kwargs)
    hits = np.flatnonzero(table["alarm"].to_numpy())
    if not len(hits):
        return None
    first = hits[0]
    if kwargs.get("method", "cusum") == "cusum":
        stat = table["stat"].to_numpy()
        while first > 0 and stat[first - 1] > 0:
            first -= 1
    return table["date"].iloc[first] if "date" in table else table.index[first]


def crisis_view(series: pd.DataFrame, h: float = 5.0, column: str = "weighted", **kwargs) -> dict:
    """互动面板的逻辑：报警日、危机开始日和一句说明。

    >>> s = pd.DataFrame({"date": pd.date_range("2025-07-01", periods=14),
    ...                   "v": [10, 11, 9, 10, 12, 10, 9, 11, 10, 10, 14, 25, 40, 50]})
    >>> crisis_view(s, 5, "v", baseline_days=10)["n_alarms"]
    3
    """
    table = detect_crisis(series, column, h=h, **kwargs)
    onset = crisis_onset(series, column, h=h, **kwargs)
    alarms = table.loc[table["alarm"], "date"] if "date" in table else table.index[table["alarm"]]
    if onset is None:
        message = f"阈值 h = {h:g}：没有报警。阈值太高会漏掉真正的危机。"
    else:
        message = (f"阈值 h = {h:g}：报警 {len(alarms)} 天，危机开始于 {pd.Timestamp(onset):%m-%d}。"
                   "阈值太低会把正常波动也当成危机。")
    return {"table": table, "alarms": list(alarms), "n_alarms": int(len(alarms)), "onset": onset,
            "message": message}


def crisis_panel(series: pd.DataFrame, h: float = 5.0, baseline_days: int = 14):
    """🎛️ 拖动阈值 h、切换看“提及量”还是“情感加权声量”，看哪些天报警、危机从哪天开始。"""
    import ipywidgets as w
    import plotly.graph_objects as go

    from .widgets import Panel

    data = series.copy()
    data["weighted"] = weighted_volume(data)
    # dates go to the browser as plain strings: datetimes reach plotly.js as ISO text with a
    # trailing "Z", which it cannot place on a date axis (the line was missing)
    days = pd.to_datetime(data["date"]).dt.strftime("%Y-%m-%d")
    fig = go.FigureWidget()
    fig.add_scatter(mode="lines")
    fig.add_scatter(x=[], y=[], mode="markers", marker={"color": "#d73027", "size": 10})
    fig.update_layout(height=380, title="每日声量与 CUSUM 报警", xaxis_title="日期", yaxis_title="条")
    card = w.HTML()
    names = {"情感加权声量": "weighted", "提及总量": "mentions"}
    controls = {"h": w.FloatSlider(value=h, min=1, max=20, step=0.5, description="阈值 h"),
                "column": w.Dropdown(options=list(names), value="情感加权声量", description="看")}

    def update(h: float, column: str) -> None:
        col = names[column]
        view = crisis_view(data, h, col, baseline_days=baseline_days)
        flagged = view["table"][view["table"]["alarm"]]
        with fig.batch_update():
            fig.data[0].y = data[col].tolist()
            # names and x are set here: what was given when the FigureWidget was built did not
            # reach the browser (the legend showed "trace 1", the line sat at 1970)
            fig.data[0].x = days.tolist()
            fig.data[0].name = column
            fig.data[1].name = "报警日"
            fig.data[1].x = days[flagged.index].tolist()
            fig.data[1].y = flagged[col].tolist()
            x = None if view["onset"] is None else f"{pd.Timestamp(view['onset']):%Y-%m-%d}"
            fig.layout.shapes = () if x is None else (
                {"type": "line", "x0": x, "x1": x, "yref": "paper", "y0": 0, "y1": 1,
                 "line": {"color": "#d73027", "dash": "dash"}},)
        card.value = f"<b>{view['message']}</b>"

    return Panel(controls, [fig, card], update, figure=fig, card=card)


# --------------------------------------------------------------------------- 4 响应时间表

GOLDEN_HOURS = 4


def response_timeline(playbook: pd.DataFrame, found_at) -> pd.DataFrame:
    """预案的每一步加上截止时刻 ``due``（发现时刻 + 时限）和是否属于黄金 4 小时 ``golden``。

    >>> p = pd.DataFrame({"step_id": ["P1", "P2"], "deadline_hours": [0.5, 24]})
    >>> response_timeline(p, "2025-07-09 21:40")["due"].dt.strftime("%m-%d %H:%M").tolist()
    ['07-09 22:10', '07-10 21:40']
    """
    check_columns(playbook, ["step_id", "deadline_hours"])
    out = playbook.copy()
    start = pd.Timestamp(found_at)
    out["due"] = start + pd.to_timedelta(out["deadline_hours"], unit="h")
    out["golden"] = out["deadline_hours"] <= GOLDEN_HOURS
    return out


def late_steps(timeline: pd.DataFrame, done: dict) -> pd.DataFrame:
    """对照实际完成时刻 ``done``（``{步骤编号: 时刻}``，没做的步骤可以不写）找出超时的步骤，
    加 ``done_at`` 和超时小时数 ``late_hours``。没有完成且已过截止时刻的不在这里判断。

    >>> p = response_timeline(pd.DataFrame({"step_id": ["P1", "P2"], "deadline_hours": [1, 4]}), "2025-07-09 20:00")
    >>> late_steps(p, {"P1": "2025-07-09 20:30", "P2": "2025-07-10 01:00"})[["step_id", "late_hours"]].values.tolist()
    [['P2', 1.0]]
    """
    check_columns(timeline, ["step_id", "due"])
    unknown = [s for s in done if s not in set(timeline["step_id"])]
    if unknown:
        check_choice(unknown[0], list(timeline["step_id"]), "步骤编号")
    out = timeline.copy()
    out["done_at"] = pd.to_datetime(out["step_id"].map(done))
    out["late_hours"] = (out["done_at"] - out["due"]).dt.total_seconds() / 3600
    return out[out["late_hours"] > 0].reset_index(drop=True)
