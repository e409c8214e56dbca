"""Users over time: growth, conversion, cohort retention, NPS (word of mouth) and feedback themes.

The time-based half of the users concept (:mod:`nmt_lab.users` holds tags, RFM, lifecycle and
personas). First used by 中级 I4-3 用户运营复盘. Sections: growth (followers and members per
month), conversion, cohorts and retention, NPS, feedback (sentiment trend, keywords by group),
panels. Every function takes the course tables (``followers``, ``users``, ``user_behaviour``,
``orders``, ``nps_survey``, ``comments``) as loaded by :func:`nmt_lab.load`.

>>> import nmt_lab as nmt
>>> r = retention_matrix(nmt.load("orders"))
>>> r.shape[0], float(r.iloc[0, 0])
(12, 1.0)
"""

from __future__ import annotations

import math
from statistics import NormalDist

import numpy as np
import pandas as pd

from ._errors import check_choice, check_columns

#: order statuses that count as a purchase (as in ``user_behaviour``: paid, partly refunded)
VALID_STATUS = ["已支付", "部分退款"]
#: cohort granularity: Chinese name -> pandas period code
FREQS = {"月": "M", "季": "Q"}
#: NPS groups, in display order
NPS_GROUPS = ["推荐者", "中立者", "贬损者"]

LABELS = {
    "month": "月份", "new": "新增关注", "churned": "取关", "net": "净增", "start": "期初关注数",
    "churn_rate": "取关率", "signups": "新注册会员", "members": "会员数", "buyers": "下单会员数",
    "repeat_buyers": "复购会员数", "conversion": "下单转化率", "repeat_rate": "复购率",
    "cohort": "首单月份", "size": "首单人数", "n": "答卷数", "nps": "NPS", "low": "置信下限",
    "high": "置信上限", "推荐者": "推荐者占比", "中立者": "中立者占比", "贬损者": "贬损者占比",
    "group": "分组", "keyword": "关键词", "rank": "排名",
}


def _freq(freq: str) -> str:
    if freq in FREQS.values():
        return freq
    check_choice(freq, list(FREQS) + list(FREQS.values()), "粒度")
    return FREQS[freq]


def _months(s: pd.Series) -> pd.Series:
    return pd.to_datetime(s).dt.strftime("%Y-%m")


# --------------------------------------------------------------------------- growth

def follower_growth(followers: pd.DataFrame, start: str = "2025-01", end: str = "2025-12",
                    platform: str | None = None) -> pd.DataFrame:
    """Per month: ``start`` (following on the 1st), ``new``, ``churned``, ``net`` = new − churned
    and ``churn_rate`` = churned ÷ start (the course's 取关率 definition).

    One row of ``followers`` is one user following one account, so a user who follows three
    accounts counts three times (关注次数, as every platform back end counts them).

    >>> import pandas as pd
    >>> f = pd.DataFrame({"followed_at": pd.to_datetime(["2024-12-01", "2025-01-05", "2025-01-09"]),
    ...                   "unfollowed_at": pd.to_datetime([None, "2025-02-01", None])})
    >>> follower_growth(f, "2025-01", "2025-02")[["start", "new", "churned", "net"]].values.tolist()
    [[1, 2, 0, 2], [3, 0, 1, -1]]
    """
    check_columns(followers, ["followed_at", "unfollowed_at"])
    f = followers
    if platform is not None:
        check_columns(followers, ["platform"])
        check_choice(platform, sorted(followers["platform"].dropna().unique()), "平台")
        f = followers[followers["platform"] == platform]
    fol = pd.to_datetime(f["followed_at"])
    unf = pd.to_datetime(f["unfollowed_at"])
    rows = []
    for month in pd.period_range(start, end, freq="M"):
        m0, m1 = month.start_time, month.end_time
        alive = (fol < m0) & (unf.isna() | (unf >= m0))
        rows.append({"month": str(month), "start": int(alive.sum()),
                     "new": int(fol.between(m0, m1).sum()), "churned": int(unf.between(m0, m1).sum())})
    out = pd.DataFrame(rows).set_index("month")
    out["net"] = out["new"] - out["churned"]
    out["churn_rate"] = out["churned"] / out["start"].where(out["start"] > 0)
    return out


def signups(users: pd.DataFrame, since: str = "2025-01-01") -> pd.Series:
    """New members per month (``registered_at`` from ``since`` on).

    >>> import pandas as pd
    >>> u = pd.DataFrame({"registered_at": pd.to_datetime(["2024-05-01", "2025-01-03", "2025-01-20"])})
    >>> signups(u).to_dict()
    {'2025-01': 2}
    """
    check_columns(users, ["registered_at"])
    reg = pd.to_datetime(users["registered_at"])
    reg = reg[reg >= pd.Timestamp(since)]
    return reg.groupby(_months(reg)).size().rename("signups").rename_axis("month")


# --------------------------------------------------------------------------- conversion

def conversion(behaviour: pd.DataFrame, by: pd.Series | None = None) -> pd.DataFrame:
    """Members, buyers (≥ 1 order), repeat buyers (≥ 2), ``conversion`` = buyers ÷ members and
    ``repeat_rate`` = repeat buyers ÷ buyers (not ÷ members), overall or per group ``by``.

    >>> import pandas as pd
    >>> conversion(pd.DataFrame({"orders": [0, 1, 3, 2]})).iloc[0].tolist()
    [4.0, 3.0, 2.0, 0.75, 0.6666666666666666]
    """
    check_columns(behaviour, ["orders"])
    o = behaviour["orders"].fillna(0)
    df = pd.DataFrame({"members": 1, "buyers": (o >= 1).astype(int), "repeat_buyers": (o >= 2).astype(int)})
    if by is None:
        g = df.sum().to_frame("全部会员").T
    else:
        g = df.groupby(by.to_numpy() if isinstance(by, pd.Series) else by).sum()
    g = g.astype(float)
    g["conversion"] = g["buyers"] / g["members"]
    g["repeat_rate"] = g["repeat_buyers"] / g["buyers"].where(g["buyers"] > 0)
    return g


# --------------------------------------------------------------------------- cohorts

def valid_orders(orders: pd.DataFrame) -> pd.DataFrame:
    """Orders that count as a purchase: status 已支付 or 部分退款 (unpaid and refunded dropped).

    >>> import pandas as pd
    >>> o = pd.DataFrame({"status": ["已支付", "未支付", "已退款", "部分退款"]})
    >>> len(valid_orders(o))
    2
    """
    check_columns(orders, ["status"])
    return orders[orders["status"].isin(VALID_STATUS)]


def cohorts(orders: pd.DataFrame, freq: str = "M") -> pd.DataFrame:
    """One row per (user, period with a valid order): ``cohort`` (period of the user's first
    order in the data), ``period`` and ``age`` (periods since the first order, 0 = first).

    >>> import pandas as pd
    >>> o = pd.DataFrame({"user_id": ["A", "A", "B"], "status": "已支付",
    ...                   "created_at": pd.to_datetime(["2025-01-05", "2025-03-01", "2025-02-02"])})
    >>> cohorts(o)[["user_id", "cohort", "age"]].values.tolist()
    [['A', '2025-01', 0], ['A', '2025-01', 2], ['B', '2025-02', 0]]
    """
    code = _freq(freq)
    check_columns(orders, ["user_id", "created_at", "status"])
    o = valid_orders(orders)
    t = pd.to_datetime(o["created_at"])
    step = t.dt.year * 12 + t.dt.month - 1 if code == "M" else t.dt.year * 4 + t.dt.quarter - 1
    act = pd.DataFrame({"user_id": o["user_id"].to_numpy(), "step": step.to_numpy(),
                        "period": t.dt.to_period(code).astype(str).to_numpy()}).drop_duplicates(["user_id", "step"])
    first = act.groupby("user_id")["step"].transform("min")
    act["age"] = (act["step"] - first).astype(int)
    act["cohort"] = act.groupby("user_id")["period"].transform("min")
    return act.sort_values(["user_id", "age"]).reset_index(drop=True)[["user_id", "cohort", "period", "age"]]


def retention_matrix(orders: pd.DataFrame, freq: str = "M", users: pd.Series | None = None,
                     counts: bool = False) -> pd.DataFrame:
    """Cohort × age table: the share of each cohort's buyers who ordered again ``age`` periods
    after their first order (age 0 is always 1.0); ``counts=True`` gives head counts instead.
    ``users`` (a list/Series of user ids) restricts the table to those buyers. The cohort sizes
    are in ``.attrs["sizes"]``. Cells in the future are empty (NaN), not 0.

    >>> import pandas as pd
    >>> o = pd.DataFrame({"user_id": ["A", "A", "B"], "status": "已支付",
    ...                   "created_at": pd.to_datetime(["2025-01-05", "2025-02-01", "2025-01-20"])})
    >>> retention_matrix(o).loc["2025-01"].tolist()
    [1.0, 0.5]
    """
    act = cohorts(orders, freq)
    if users is not None:
        act = act[act["user_id"].isin(pd.Series(users).to_numpy())]
    if act.empty:
        raise ValueError("筛选后没有任何下单会员：检查 users 是否是 user_id 的列表")
    n = act.pivot_table(index="cohort", columns="age", values="user_id", aggfunc="nunique")
    n = n.reindex(columns=range(int(act["age"].max()) + 1))
    last = pd.Period(act["period"].max(), freq=_freq(freq))
    for c in n.index:  # past the data's end: unknown, not 0
        horizon = (last - pd.Period(c, freq=_freq(freq))).n
        n.loc[c] = [np.nan if a > horizon else (0 if pd.isna(v) else v) for a, v in n.loc[c].items()]
    sizes = n[0].astype(int)
    out = n if counts else n.div(sizes, axis=0)
    out.index.name, out.columns.name = "cohort", "age"
    out.attrs["sizes"] = sizes.to_dict()
    return out


def retention_curve(matrix: pd.DataFrame) -> pd.Series:
    """Average retention by age, weighted by cohort size (only cohorts old enough count).

    >>> import pandas as pd
    >>> m = pd.DataFrame({0: [1.0, 1.0], 1: [0.5, float("nan")]}, index=["2025-01", "2025-02"])
    >>> m.attrs["sizes"] = {"2025-01": 10, "2025-02": 30}
    >>> retention_curve(m).tolist()
    [1.0, 0.5]
    """
    sizes = pd.Series(matrix.attrs.get("sizes") or dict.fromkeys(matrix.index, 1)).reindex(matrix.index)
    w = matrix.notna().mul(sizes, axis=0)
    return (matrix.fillna(0).mul(sizes, axis=0).sum() / w.sum()).rename("retention")


# --------------------------------------------------------------------------- NPS

def nps_group(score) -> pd.Series:
    """推荐者 (9–10), 中立者 (7–8) or 贬损者 (0–6) for each score.

    >>> nps_group([10, 8, 6, 9]).tolist()
    ['推荐者', '中立者', '贬损者', '推荐者']
    """
    s = pd.Series(score, dtype="float")
    bad = s[(s < 0) | (s > 10) | s.isna()]
    if len(bad):
        raise ValueError(f"NPS 评分应为 0–10 的整数，发现 {bad.iloc[0]!r}（共 {len(bad)} 个不合格）")
    return pd.Series(np.select([s >= 9, s >= 7], ["推荐者", "中立者"], "贬损者"), index=s.index)


def nps(score) -> float:
    """Net Promoter Score as a fraction: share of promoters − share of detractors (−1 … 1).

    Multiply by 100 for the usual "NPS = 20" way of writing it.

    >>> nps([10, 9, 8, 3])
    0.25
    """
    g = nps_group(score)
    if len(g) == 0:
        raise ValueError("没有答卷，无法计算 NPS")
    return float((g == "推荐者").mean() - (g == "贬损者").mean())


def nps_ci(score, level: float = 0.95) -> tuple[float, float, float]:
    """NPS with a normal-approximation confidence interval: ``(nps, low, high)``.

    The variance of (p₊ − p₋) for n answers is (p₊ + p₋ − (p₊ − p₋)²) ÷ n.

    >>> [round(x, 3) for x in nps_ci([10] * 50 + [8] * 30 + [3] * 20)]
    [0.3, 0.147, 0.453]
    """
    g = nps_group(score)
    n = len(g)
    if n == 0:
        raise ValueError("没有答卷，无法计算 NPS")
    pp, pd_ = (g == "推荐者").mean(), (g == "贬损者").mean()
    value = pp - pd_
    half = NormalDist().inv_cdf(0.5 + level / 2) * math.sqrt(max(pp + pd_ - value**2, 0) / n)
    return float(value), float(value - half), float(value + half)


def dedupe_survey(survey: pd.DataFrame) -> pd.DataFrame:
    """Each member counts once a month: keep the first answer per (user, month).

    >>> import pandas as pd
    >>> s = pd.DataFrame({"user_id": ["A", "A", "A"], "score": [6, 10, 9],
    ...                   "submitted_at": pd.to_datetime(["2025-11-01", "2025-11-02", "2025-12-01"])})
    >>> dedupe_survey(s)["score"].tolist()
    [6, 9]
    """
    check_columns(survey, ["user_id", "submitted_at"])
    s = survey.sort_values("submitted_at", kind="stable")
    month = _months(s["submitted_at"])
    return s[~pd.DataFrame({"u": s["user_id"], "m": month}).duplicated()].sort_index()


def nps_by_month(survey: pd.DataFrame, level: float = 0.95) -> pd.DataFrame:
    """Per month: answers ``n``, the three group shares, ``nps`` and its interval ``low``–``high``.

    >>> import pandas as pd
    >>> s = pd.DataFrame({"score": [10, 3, 9], "submitted_at": pd.to_datetime(
    ...     ["2025-01-02", "2025-01-09", "2025-02-01"])})
    >>> nps_by_month(s)[["n", "nps"]].values.tolist()
    [[2.0, 0.0], [1.0, 1.0]]
    """
    check_columns(survey, ["score", "submitted_at"])
    rows = {}
    for month, g in survey.groupby(_months(survey["submitted_at"])):
        shares = nps_group(g["score"]).value_counts(normalize=True).reindex(NPS_GROUPS, fill_value=0)
        value, low, high = nps_ci(g["score"], level)
        rows[month] = {"n": len(g), **shares.to_dict(), "nps": value, "low": low, "high": high}
    return pd.DataFrame(rows).T.astype(float).rename_axis("month")


# --------------------------------------------------------------------------- feedback

def sentiment_trend(comments: pd.DataFrame, freq: str = "M", drop_spam: bool = True) -> pd.DataFrame:
    """Share of 正面 / 中性 / 负面 comments per month (labelled ``sentiment``), spam left out.

    >>> import pandas as pd
    >>> c = pd.DataFrame({"created_at": pd.to_datetime(["2025-01-02", "2025-01-03"]),
    ...                   "sentiment": ["正面", "负面"], "is_spam": [False, False]})
    >>> sentiment_trend(c).loc["2025-01"].tolist()
    [0.5, 0.0, 0.5, 2.0]
    """
    check_columns(comments, ["created_at", "sentiment"])
    c = comments
    if drop_spam and "is_spam" in c.columns:
        c = c[~c["is_spam"].astype(bool)]
    per = pd.to_datetime(c["created_at"]).dt.to_period(_freq(freq)).astype(str)
    out = pd.crosstab(per, c["sentiment"], normalize="index").reindex(columns=["正面", "中性", "负面"],
                                                                       fill_value=0.0)
    out["n"] = per.value_counts().reindex(out.index).astype(float)
    out.index.name, out.columns.name = "month", None
    return out


def keywords_by_group(texts: pd.Series, groups: pd.Series, n: int = 8) -> pd.DataFrame:
    """Top ``n`` TF-IDF keywords (:func:`nmt_lab.text.keywords`) of the texts of each group:
    one column per group, ranks 1…n as rows. Empty texts are skipped.

    >>> import pandas as pd
    >>> t = pd.Series(["外卖洒了", "外卖超时了", "茶很香", "茶香浓"])
    >>> keywords_by_group(t, pd.Series(["差", "差", "好", "好"]), n=1).loc[1].to_dict()
    {'差': '外卖', '好': '茶香'}
    """
    from .text import keywords

    t = pd.Series(texts).reset_index(drop=True)
    g = pd.Series(groups).reset_index(drop=True)
    if len(t) != len(g):
        raise ValueError(f"texts 有 {len(t)} 行，groups 有 {len(g)} 行：两者应一一对应")
    ok = t.notna() & t.astype(str).str.strip().ne("")
    out = {}
    for name in pd.unique(g[ok]):
        words = keywords(t[ok & (g == name)], n=n)
        out[name] = words + [""] * (n - len(words))
    return pd.DataFrame(out, index=pd.RangeIndex(1, n + 1, name="rank"))


# --------------------------------------------------------------------------- panels

#: segments of the retention panel: name -> rule on the users table (None = all buyers)
SEGMENTS = {
    "全部买家": None,
    "2025 年新注册会员": "registered_at >= '2025-01-01'",
    "2025 年以前注册的老会员": "registered_at < '2025-01-01'",
    "裂变活动注册": "reg_channel == '裂变活动'",
    "福利群成员": "in_group",
}


def segment_users(users: pd.DataFrame, segment: str, behaviour: pd.DataFrame | None = None) -> pd.Series | None:
    """User ids of one of :data:`SEGMENTS` (``None`` for 全部买家).

    >>> import nmt_lab as nmt
    >>> len(segment_users(nmt.load("users"), "裂变活动注册")) > 100
    True
    """
    check_choice(segment, SEGMENTS, "分组")
    rule = SEGMENTS[segment]
    if rule is None:
        return None
    df = users if behaviour is None else users.merge(behaviour, on="user_id", how="left")
    if "in_group" in rule and "in_group" not in df.columns:
        raise KeyError('分组 "福利群成员" 需要 user_behaviour 表：segment_users(users, 分组, behaviour)')
    return df.loc[df.eval(rule).astype(bool), "user_id"]


def retention_view(orders: pd.DataFrame, users: pd.DataFrame, freq: str = "月",
                   segment: str = "全部买家", behaviour: pd.DataFrame | None = None) -> dict:
    """What the retention panel shows: ``matrix`` (retention, cohort × age), ``sizes``,
    ``curve`` (size-weighted average by age) and ``month1`` (that average at age 1).

    >>> import nmt_lab as nmt
    >>> v = retention_view(nmt.load("orders"), nmt.load("users"), "季", "2025 年新注册会员")
    >>> v["matrix"].shape, 0 < v["month1"] < 1
    ((4, 4), True)
    """
    ids = segment_users(users, segment, behaviour)
    m = retention_matrix(orders, _freq(freq), users=ids)
    curve = retention_curve(m)
    return {"matrix": m, "sizes": m.attrs["sizes"], "curve": curve,
            "month1": float(curve.get(1, np.nan))}


def retention_panel(orders: pd.DataFrame, users: pd.DataFrame, behaviour: pd.DataFrame | None = None,
                    freq: str = "月", segment: str = "全部买家"):
    """🎛️ Granularity (月/季) and segment dropdowns → cohort retention heatmap."""
    import ipywidgets as w
    import plotly.graph_objects as go

    from .widgets import Panel

    segs = [s for s in SEGMENTS if behaviour is not None or s != "福利群成员"]
    controls = {"freq": w.ToggleButtons(options=list(FREQS), value=freq, description="粒度"),
                "segment": w.Dropdown(options=segs, value=segment, description="分组")}
    fig = go.FigureWidget(go.Heatmap(colorscale="Blues", zmin=0, zmax=0.4, texttemplate="%{text}",
                                     hovertemplate="首单 %{y}，第 %{x} 期：%{z:.1%}<extra></extra>"))
    fig.update_layout(height=440, margin={"l": 90, "r": 20, "t": 50, "b": 50},
                      xaxis_title="距首单的期数（0 = 首单当期）", yaxis_title="首单期（队列）",
                      yaxis_autorange="reversed")
    card = w.HTML()

    def update(freq, segment):
        v = retention_view(orders, users, freq, segment, behaviour)
        m = v["matrix"]
        labels = [f"{c}（{v['sizes'][c]:,} 人）" for c in m.index]
        text = [["" if pd.isna(x) else f"{x:.0%}" for x in row] for row in m.to_numpy()]
        z = [[None if pd.isna(x) else float(x) for x in row] for row in m.to_numpy()]  # NaN is not JSON
        with fig.batch_update():
            fig.data[0].update(z=z, x=[str(a) for a in m.columns], y=labels, text=text)
            fig.layout.title = f"{segment}：按首单{freq}份的留存（再次下单的会员占比）"
        card.value = (f"<b>{segment}</b>：{sum(v['sizes'].values()):,} 位买家；首单后第 1 {freq}仍下单的"
                      f"加权平均占比 <b>{v['month1']:.1%}</b>")

    return Panel(controls, [card, fig], update, figure=fig, card=card)
