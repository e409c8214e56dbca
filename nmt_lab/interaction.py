"""互动数据：转评赞的趋势与活跃度，评论的关键词、有效反馈和销售线索，以及对外分享前的打码。

- 定量：:func:`interactions`、:func:`daily_interactions`（按发布日期汇总转评赞）、
  :func:`daily_activity`（每天评论条数与**去重**后的评论人数）、:func:`trend_view`（带平滑的趋势）；
- 定性：:func:`sentiment_summary`，:func:`keyword_view`（一组评论的词频表）；
- 规则：:func:`find_feedback`（有效反馈）、:func:`find_leads`（销售线索），
  用 :func:`nmt_lab.text.rule_quality` 对照数据里的人工标签算查准率、查全率；
- 分享：:func:`for_sharing`（文字列打码、去掉用户ID）；
- 分词、词频、关键词和打码本身在 :mod:`nmt_lab.text`（:func:`~nmt_lab.text.word_counts`、
  :func:`~nmt_lab.text.mask_text` ……）；
- 面板：:func:`trend_panel`（平台 + 指标 + 平滑天数）和 :func:`keyword_panel`（平台 + 情感 → 高频词）。

规则只看评论**文字**；数据里的标签（is_sales_lead、department……）只用来检验规则。

>>> import pandas as pd
>>> texts = pd.Series(["杨梅冰茶多少钱？", "好喝！", "建议出个无糖版", "外卖洒了，订单号XS2025081200012"])
>>> find_leads(texts).tolist()
[True, False, False, False]
>>> find_feedback(texts)["feedback"].tolist()
[True, False, True, True]
>>> mask_text(texts[3])
'外卖洒了，订单号XS2025*******12'
"""

from __future__ import annotations

import pandas as pd

from . import metrics
from ._errors import check_choice, check_columns
from .labels import to_chinese
from .text import QUALITY_LABELS, mask_text, match_any, word_counts

#: 转、评、赞、藏：本课程“互动量”的四个组成部分（与 ``metrics.RATES["interaction_rate"]`` 一致）。
INTERACTIONS = ["likes", "comments", "shares", "favorites"]

# --------------------------------------------------------------------------- #
# Quantitative: interactions and activity
# --------------------------------------------------------------------------- #


def _month_rows(df: pd.DataFrame, column: str, month: str | None) -> pd.DataFrame:
    if month is None:
        return df
    months = df[column].dt.strftime("%Y-%m")
    check_choice(month, sorted(months.dropna().unique()), "月份")
    return df[months == month]


def _platform_rows(df: pd.DataFrame, platform: str | None) -> pd.DataFrame:
    if platform is None or platform == "全部平台":
        return df
    check_choice(platform, ["全部平台", *df["platform"].dropna().unique()], "平台")
    return df[df["platform"] == platform]


def interactions(posts: pd.DataFrame) -> pd.Series:
    """互动量 of every row: likes + comments + shares + favorites.

    >>> df = pd.DataFrame({"likes": [10, 0], "comments": [2, 0], "shares": [3, 1], "favorites": [5, 0]})
    >>> interactions(df).tolist()
    [20, 1]
    """
    check_columns(posts, INTERACTIONS)
    return posts[INTERACTIONS].sum(axis=1).rename("interactions")


def daily_interactions(posts: pd.DataFrame, platform: str | None = None) -> pd.DataFrame:
    """Reads and interactions of the posts published each day (every day, 0 where nothing was posted).

    A post's likes, comments … count on the day it was published. ``platform`` ``None`` or
    ``"全部平台"`` means all platforms.

    >>> from nmt_lab import load
    >>> d = daily_interactions(load("posts"), "抖音")
    >>> list(d.columns)
    ['posts', 'reads', 'likes', 'comments', 'shares', 'favorites', 'interactions']
    >>> d.index.is_monotonic_increasing and d.index.freqstr == "D"
    True
    """
    check_columns(posts, ["published_at", "reads", *INTERACTIONS])
    rows = _platform_rows(posts, platform)
    day = rows["published_at"].dt.normalize().rename("date")
    out = rows.groupby(day)[["reads", *INTERACTIONS]].sum()
    out.insert(0, "posts", rows.groupby(day).size())
    out["interactions"] = out[INTERACTIONS].sum(axis=1)
    start, end = posts["published_at"].min().normalize(), posts["published_at"].max().normalize()
    out = out.reindex(pd.date_range(start, end, freq="D", name="date"), fill_value=0)
    return out.astype("int64")


def daily_activity(comments: pd.DataFrame, platform: str | None = None, month: str | None = None
                   ) -> pd.DataFrame:
    """Per day: ``comments`` (评论条数) and ``users`` (评论用户数, each user counted once a day).

    Every day of the month (or of the data) is listed, 0 where nobody commented. One
    enthusiastic user who comments ten times is 10 comments but 1 user.

    >>> demo = pd.DataFrame({"platform": ["抖音"] * 3, "user_id": ["U1", "U1", "U2"],
    ...     "created_at": pd.to_datetime(["2025-06-01 09:00", "2025-06-01 21:00", "2025-06-03 12:00"])})
    >>> daily_activity(demo, "抖音", "2025-06").head(3)
                comments  users
    date
    2025-06-01         2      1
    2025-06-02         0      0
    2025-06-03         1      1
    """
    check_columns(comments, ["platform", "user_id", "created_at"])
    rows = _month_rows(_platform_rows(comments, platform), "created_at", month)
    day = rows["created_at"].dt.normalize().rename("date")
    out = pd.DataFrame({"comments": rows.groupby(day).size(), "users": rows.groupby(day)["user_id"].nunique()})
    if month is not None:
        start = pd.Period(month, freq="M").start_time
        days = pd.date_range(start, pd.Period(month, freq="M").end_time.normalize(), freq="D", name="date")
    else:
        days = pd.date_range(comments["created_at"].min().normalize(), comments["created_at"].max().normalize(),
                             freq="D", name="date")
    return out.reindex(days, fill_value=0).astype("int64")


def hourly_activity(comments: pd.DataFrame, platform: str | None = None) -> pd.DataFrame:
    """Comments and distinct users per hour of the day (0–23): when are the users active?

    >>> from nmt_lab import load
    >>> h = hourly_activity(load("comments"))
    >>> len(h), int(h["comments"].idxmax()) in range(24)
    (24, True)
    """
    check_columns(comments, ["platform", "user_id", "created_at"])
    rows = _platform_rows(comments, platform)
    hour = rows["created_at"].dt.hour.rename("hour")
    out = pd.DataFrame({"comments": rows.groupby(hour).size(), "users": rows.groupby(hour)["user_id"].nunique()})
    return out.reindex(pd.RangeIndex(24, name="hour"), fill_value=0).astype("int64")


#: 趋势面板可选的指标：比率用“窗口内分子之和 ÷ 分母之和”平滑，计数用移动平均。
TREND_METRICS = {
    "interaction_rate": "互动率",
    "like_rate": "点赞率",
    "comment_rate": "评论率",
    "share_rate": "转发率",
    "interactions": "互动量",
    "users": "日互动用户数",
}


def _json_floats(values) -> list:
    """Floats for a figure: NaN (a day without posts) becomes None, which plotly draws as a gap."""
    return [None if pd.isna(v) else float(v) for v in values]


def trend_view(posts: pd.DataFrame, comments: pd.DataFrame, platform: str, metric: str, window: int,
               year: int | None = 2025) -> dict:
    """What the trend panel shows: daily values (``raw``) and the ``window``-day trend.

    Rates are smoothed as sums over the window (Σ互动 ÷ Σ阅读), not as a mean of daily rates,
    so a day with 50 reads does not weigh as much as a day with 50,000. ``users`` is the number
    of distinct commenters per day (see :func:`daily_activity`). Days without posts have no
    rate: ``None`` in ``raw``.

    >>> from nmt_lab import load
    >>> v = trend_view(load("posts"), load("comments"), "抖音", "interaction_rate", 7)
    >>> len(v["dates"]) == len(v["raw"]) == len(v["trend"]) == 365, v["is_rate"]
    (True, True)
    >>> 0 < v["average"] < 1
    True
    """
    check_choice(metric, TREND_METRICS, "指标")
    if metric == "users":
        daily = daily_activity(comments, platform)["users"].astype(float)
        if year is not None:
            daily = daily[daily.index.year == year]
        smooth = metrics.trend(daily, window)
        average = float(daily.mean())
    else:
        daily_posts = daily_interactions(posts, platform)
        if year is not None:
            daily_posts = daily_posts[daily_posts.index.year == year]
        if metric == "interactions":
            daily = daily_posts["interactions"].astype(float)
            smooth = metrics.trend(daily, window)
            average = float(daily.mean())
        else:
            rate = metrics.RATES[metric]
            num = daily_posts[list(rate.numerators)].sum(axis=1).astype(float)
            den = daily_posts[rate.denominator].astype(float)
            daily = pd.Series(metrics.rate(num, den), index=daily_posts.index)
            roll = dict(window=window, center=True, min_periods=1)
            smooth = pd.Series(metrics.rate(num.rolling(**roll).sum(), den.rolling(**roll).sum()),
                               index=daily_posts.index)
            average = float(metrics.rate(num.sum(), den.sum()))
    return {
        "dates": list(daily.index),
        "raw": _json_floats(daily),
        "trend": _json_floats(smooth),
        "average": average,
        "is_rate": metric in metrics.RATES,
        "label": TREND_METRICS[metric],
    }


def trend_panel(posts: pd.DataFrame, comments: pd.DataFrame, platform: str = "抖音",
                metric: str = "interaction_rate", window: int = 7):
    """Pick platform, metric and smoothing window: the daily chart and its trend update in place."""
    import ipywidgets as w
    import plotly.graph_objects as go

    from .widgets import Panel

    platforms = ["全部平台", *[p for p in posts["platform"].cat.categories if (posts["platform"] == p).any()]]
    controls = {
        "platform": w.Dropdown(options=platforms, value=platform, description="平台"),
        "metric": w.Dropdown(options=[(v, k) for k, v in TREND_METRICS.items()], value=metric, description="指标"),
        "window": w.IntSlider(value=window, min=1, max=30, description="平滑天数", continuous_update=False),
    }
    fig = go.FigureWidget(
        data=[
            go.Scatter(mode="lines", line=dict(width=1), opacity=0.45),
            go.Scatter(mode="lines", line=dict(width=3)),
        ],
        layout=dict(height=380, xaxis_title="日期（2025 年）", margin=dict(t=100)),
    )
    card = w.HTML()

    def update(platform: str, metric: str, window: int) -> None:
        v = trend_view(posts, comments, platform, metric, window)
        with fig.batch_update():
            fig.data[0].x, fig.data[0].y = v["dates"], v["raw"]
            fig.data[1].x, fig.data[1].y = v["dates"], v["trend"]
            # names are set here, not when the FigureWidget is built: names given at build time
            # did not reach the browser's legend (it showed "trace 0")
            fig.data[0].name = "每日值"
            fig.data[1].name = f"趋势（{window} 日平滑）"
            fig.layout.title = f"{platform} · 每日{v['label']}"
            fig.layout.yaxis.title = v["label"]
            fig.layout.yaxis.tickformat = ".1%" if v["is_rate"] else ","
        avg = f"{v['average']:.2%}" if v["is_rate"] else f"{v['average']:,.1f}"
        how = "窗口内互动之和 ÷ 阅读之和" if v["is_rate"] else "窗口内的平均值"
        card.value = (f"<div style='font-size:14px'>{platform} 2025 年全年{v['label']}："
                      f"<b>{avg}</b>{'（日均）' if not v['is_rate'] else ''}。趋势线 = {how}。</div>")

    return Panel(controls, [card, fig], update, figure=fig, card=card)


# --------------------------------------------------------------------------- #
# Qualitative: sentiment and frequent words (words come from nmt_lab.text)
# --------------------------------------------------------------------------- #
def sentiment_summary(comments: pd.DataFrame, by: str = "platform") -> pd.DataFrame:
    """Share of 正面 / 中性 / 负面 comments per group (rows sum to 1) and the number of comments.

    >>> demo = pd.DataFrame({"platform": ["抖音", "抖音", "微博"], "sentiment": ["正面", "负面", "正面"]})
    >>> sentiment_summary(demo)
              正面   中性   负面  comments
    platform
    微博       1.0  0.0  0.0         1
    抖音       0.5  0.0  0.5         2
    """
    check_columns(comments, [by, "sentiment"])
    counts = pd.crosstab(comments[by].astype(str), comments["sentiment"].astype(str))
    counts = counts.reindex(columns=["正面", "中性", "负面"], fill_value=0)
    out = counts.div(counts.sum(axis=1), axis=0)
    out["comments"] = counts.sum(axis=1)
    out.index.name, out.columns.name = by, None
    return out


def keyword_view(comments: pd.DataFrame, platform: str = "全部平台", sentiment: str = "负面",
                 n: int = 15) -> pd.DataFrame:
    """What the keyword explorer shows: the word table of the chosen comments.

    ``sentiment`` is 正面, 中性, 负面 or 全部.

    >>> from nmt_lab import load
    >>> v = keyword_view(load("comments"), "抖音", "负面", 5)
    >>> list(v.columns), len(v)
    (['word', 'comments', 'share'], 5)
    """
    check_columns(comments, ["text", "sentiment", "platform"])
    check_choice(sentiment, ["全部", "正面", "中性", "负面"], "情感")
    rows = _platform_rows(comments, platform)
    if sentiment != "全部":
        rows = rows[rows["sentiment"] == sentiment]
    table = word_counts(rows["text"], n)
    table.attrs["comments"] = len(rows)
    return table


def keyword_panel(comments: pd.DataFrame, platform: str = "全部平台", sentiment: str = "负面", n: int = 15):
    """Pick platform, sentiment and how many words: the bar chart of frequent words updates."""
    import ipywidgets as w
    import plotly.graph_objects as go

    from .widgets import Panel

    platforms = ["全部平台", *[p for p in comments["platform"].cat.categories if (comments["platform"] == p).any()]]
    controls = {
        "platform": w.Dropdown(options=platforms, value=platform, description="平台"),
        "sentiment": w.Dropdown(options=["全部", "正面", "中性", "负面"], value=sentiment, description="情感"),
        "n": w.IntSlider(value=n, min=5, max=30, description="词数", continuous_update=False),
    }
    fig = go.FigureWidget(data=[go.Bar(orientation="h")],
                          layout=dict(height=460, xaxis_title="出现该词的评论数", yaxis=dict(autorange="reversed")))
    card = w.HTML()

    def update(platform: str, sentiment: str, n: int) -> None:
        v = keyword_view(comments, platform, sentiment, n)
        with fig.batch_update():
            fig.data[0].x, fig.data[0].y = list(v["comments"]), list(v["word"])
            fig.layout.title = f"{platform} · {sentiment}评论的高频词"
        card.value = f"共 {v.attrs['comments']:,} 条评论。词频 = 出现这个词的评论条数（一条评论里出现多次只算一次）。"

    return Panel(controls, [card, fig], update, figure=fig, card=card)


# --------------------------------------------------------------------------- #
# Rules: effective feedback and sales leads
# --------------------------------------------------------------------------- #

#: 有效反馈的三类信号：提问、投诉（自己遇到的具体问题）、建议。
FEEDBACK_WORDS: dict[str, list[str]] = {
    "question": ["？", "?", "请问", "求问", "想问", "问一下", "有没有人知道"],
    "complaint": ["排队", "态度", "不耐烦", "做错", "给错", "没人理", "太甜", "头发", "异物", "虫子", "超时", "洒",
                  "漏", "送错", "少送", "没到账", "不给退", "退不了", "投诉", "出杯太慢", "等了", "过期", "闪退"],
    "suggestion": ["建议", "希望", "能不能", "求返场", "如果", "最好能"],
}

#: 垃圾广告的信号：有这些词的评论不算有效反馈。
SPAM_WORDS = ["http", "dwz.cn", "t.cn", "代购", "兼职", "刷单", "涨粉", "互关", "私信领取", "私我", "看我主页",
              "看我头像", "主页联系", "代理", "一件代发", "日结", "加V了解", "薇信", "领取", "九折"]

#: 默认的销售线索词：问价格、问哪里买、团购、加盟、合作、留联系方式。
LEAD_WORDS = ["多少钱", "什么价", "报价", "在哪买", "哪里买", "哪里有店", "有店吗", "能买到", "链接在哪", "店在哪",
              "店名", "面值", "团购", "加盟", "招商", "开店", "合作", "定制", "年会", "对接", "企业"]


def is_spam(texts) -> pd.Series:
    """Advertising and bot comments (see :data:`SPAM_WORDS`).

    >>> is_spam(pd.Series(["兼职刷单，日结100元", "团购怎么联系？"])).tolist()
    [True, False]
    """
    return match_any(texts, SPAM_WORDS)


def find_feedback(texts) -> pd.DataFrame:
    """有效反馈: comments that ask (question), report a concrete problem (complaint) or
    suggest something (suggestion); advertising is never feedback. Column ``feedback`` is
    true when any of the three is.

    >>> find_feedback(pd.Series(["几点开门？", "外卖洒了", "希望出大杯", "哈哈哈", "加V了解？"]))
       question  complaint  suggestion  feedback
    0      True      False       False      True
    1     False       True       False      True
    2     False      False        True      True
    3     False      False       False     False
    4     False      False       False     False
    """
    spam = is_spam(texts)
    out = pd.DataFrame({kind: match_any(texts, words) & ~spam for kind, words in FEEDBACK_WORDS.items()})
    out["feedback"] = out.any(axis=1)
    return out


def find_leads(texts, words=None) -> pd.Series:
    """销售线索: comments that contain a lead word (default :data:`LEAD_WORDS`), advertising excluded.

    >>> find_leads(pd.Series(["团购50杯求报价", "好喝", "奶茶代理，一件代发"])).tolist()
    [True, False, False]
    """
    words = LEAD_WORDS if words is None else words
    return match_any(texts, words) & ~is_spam(texts)


# --------------------------------------------------------------------------- #
# Sharing: personal data
# --------------------------------------------------------------------------- #

#: 对外分享时必须去掉的身份列。
IDENTITY_COLUMNS = ["user_id"]


def for_sharing(df: pd.DataFrame, columns: list[str], text_columns=("text",)) -> pd.DataFrame:
    """A copy with only ``columns``, every text column masked (:func:`mask_text`).

    Leave identity columns such as ``user_id`` out: the receiver needs the content, not who wrote it.

    >>> demo = pd.DataFrame({"user_id": ["U1"], "platform": ["抖音"], "text": ["电话13900008154"]})
    >>> for_sharing(demo, ["platform", "text"])
      platform            text
    0       抖音  电话139****8154
    """
    check_columns(df, columns)
    out = df[list(columns)].copy()
    for col in text_columns:
        if col in out.columns:
            out[col] = out[col].map(mask_text)
    out.attrs = dict(df.attrs)
    return out


def chinese(df: pd.DataFrame) -> pd.DataFrame:
    """Display copy with Chinese column names for this module's columns too.

    >>> list(chinese(pd.DataFrame({"users": [1], "precision": [0.5]})).columns)
    ['评论用户数', '查准率']
    """
    names = {"users": "评论用户数", "comments": "评论数", "word": "词", "share": "占比", "interactions": "互动量",
             "hour": "时段（点）", "date": "日期", "question": "提问", "complaint": "投诉", "suggestion": "建议",
             "feedback": "有效反馈", "lead": "销售线索", **QUALITY_LABELS}
    return to_chinese(df, names)
