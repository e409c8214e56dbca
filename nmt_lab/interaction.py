"""互动数据：转评赞的趋势与活跃度，评论的关键词、有效反馈和销售线索，以及对外分享前的打码。

- 定量：:func:`interactions`、:func:`daily_interactions`（按发布日期汇总转评赞）、
  :func:`daily_activity`（每天评论条数与**去重**后的评论人数）、:func:`trend_view`（带平滑的趋势）；
- 定性：:func:`tokens`、:func:`word_counts`、:func:`keywords`（jieba 分词、词频、TF-IDF 关键词，
  带课程停用词表 :data:`STOP_WORDS`）、:func:`sentiment_summary`；
- 规则：:func:`find_feedback`（有效反馈）、:func:`find_leads`（销售线索）、:func:`match_any`，
  用 :func:`rule_quality` 对照数据里的人工标签算查准率、查全率；
- 分享：:func:`mask_text`、:func:`for_sharing`（手机号、微信号、订单号、门牌打码，去掉用户ID）；
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

import logging
import re
from collections import Counter
from functools import cache

import numpy as np
import pandas as pd

from . import metrics
from ._errors import check_choice, check_columns
from .labels import label

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
# Qualitative: words and keywords (jieba)
# --------------------------------------------------------------------------- #

#: 课程停用词：没有信息量的虚词、语气词、口头禅和品牌名（品牌名在每条评论里都可能出现）。
STOP_WORDS = frozenset("""
的 了 是 我 你 他 她 它 们 我们 你们 他们 大家 自己 这 那 这个 那个 这些 那些 这家 这样 那样 这么 那么 怎么样
就 都 也 还 又 很 太 挺 真 真的 好像 应该 可能 已经 一直 还是 就是 不是 没有 有点 一下 一点 一个 一次 一样
什么 怎么 为什么 哪里 哪个 多少 吗 呢 吧 啊 呀 哦 哈 嘛 啦 哇 嗯 噢 喔 欸 诶 哎 哈哈 哈哈哈 哈哈哈哈 啊啊啊 呜呜
可以 能 会 要 想 去 来 说 看 给 让 被 把 对 在 和 跟 与 及 或 但 但是 而且 因为 所以 如果 然后 其实 不过 只是
今天 昨天 明天 现在 时候 之前 之后 以后 终于 刚刚 刚 马上 每次 每天 一天 今年 上次 这次 下次 第一次
说实话 不得不 不得不说 表示 救命 家人们 姐妹 姐妹们 宝子 宝子们 小编 老粉 路过 来了 冲 蹲 谢谢 谢谢你们 回复
比心 捂脸 呲牙 微笑 看 赞 爱心 玫瑰 抱拳 强 偷笑 红包 福利 好的 确实 简直 完全 特别 非常 超级 有点儿
溪山 溪山茶饮 茶饮 品牌 东西 感觉 觉得 知道 发现 喜欢的 留个言 来说 一句 之后 作为 同样 好几家 对比
一杯 出来 个人 不能 根本 一股 直接 人们 弱弱 越来越 emmm emm get cn wx vx http https dwz com www
""".split())

#: 加进 jieba 词典的课程用词（另加全部产品名）：避免被切碎（“龙井奶绿”不该成为“龙井”+“奶绿”）。
USER_WORDS = [
    "礼品卡", "茶礼盒", "随行杯", "帆布袋", "溪山茶饮", "小程序", "外卖", "会员积分", "积分", "优惠券", "三分糖",
    "少冰", "去冰", "茶底", "回甘", "出餐", "排队", "店员", "团购", "加盟", "报价", "联名", "强烈推荐", "无限回购",
    "云岭茶坊", "家人们", "多少钱", "在哪买", "哪里有店", "太甜", "杯套", "封口贴", "热量", "咖啡因", "不耐烦",
    "漏洒", "封口膜", "骑手",
]

_CODE = re.compile(r"\[[^\]]{1,6}\]")           # 平台表情代码，如 [赞]
_WORD = re.compile(r"^[^\d]*[\u4e00-\u9fffA-Za-z][^\d]*$")  # a letter or a 汉字, and no digit


@cache
def _jieba():
    import jieba

    from .datagen.catalog import PRODUCT_NAMES

    jieba.setLogLevel(logging.WARNING)
    for word in [*PRODUCT_NAMES, *USER_WORDS]:
        jieba.add_word(word, freq=20000)
    return jieba


@cache
def _tokens(text: str, stop_words: frozenset) -> tuple[str, ...]:
    cleaned = _CODE.sub(" ", text)
    words = (w.strip().lower() for w in _jieba().lcut(cleaned))
    return tuple(w for w in words if len(w) >= 2 and _WORD.search(w) and w not in stop_words)


def tokens(text: str, stop_words=STOP_WORDS) -> list[str]:
    """The meaningful words of one comment: jieba segmentation minus stop words, emoji codes,
    one-character words and numbers.

    >>> tokens("说实话，龙井奶绿真的太好喝了[赞][赞]")
    ['龙井奶绿', '好喝']
    """
    return list(_tokens(str(text), frozenset(stop_words)))


def word_counts(texts, n: int = 20, stop_words=STOP_WORDS) -> pd.DataFrame:
    """词频表: for each word, in how many comments it appears (``comments``) and their share.

    A word counts once per comment, so one comment that repeats a word ten times does not
    dominate. Columns ``word``, ``comments``, ``share``; the ``n`` most frequent words.

    >>> word_counts(pd.Series(["外卖洒了", "外卖超时，外卖员不耐烦", "好喝"]), n=2)
       word  comments     share
    0    外卖         2  0.666667
    1  不耐烦         1  0.333333
    """
    texts = pd.Series(texts, dtype="object").fillna("").astype(str)
    stop = frozenset(stop_words)
    counter: Counter = Counter()
    for text in texts:
        counter.update(set(_tokens(text, stop)))
    rows = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))[:n]
    out = pd.DataFrame(rows, columns=["word", "comments"])
    out["share"] = out["comments"] / max(len(texts), 1)
    return out


def keywords(texts, n: int = 10, stop_words=STOP_WORDS) -> list[str]:
    """TF-IDF keywords of a group of comments (``jieba.analyse.extract_tags``): words frequent
    here but rare in general Chinese text, minus the course stop words.

    >>> keywords(["外卖洒了一半", "外卖超时还洒了", "外卖包装漏了"], n=1)
    ['外卖']
    """
    import jieba.analyse

    _jieba()
    text = _CODE.sub(" ", " ".join(pd.Series(texts, dtype="object").fillna("").astype(str)))
    stop = frozenset(stop_words)
    tags = jieba.analyse.extract_tags(text, topK=n * 3 + 10)
    return [t for t in tags if len(t) >= 2 and _WORD.search(t) and t.lower() not in stop][:n]


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


def _flat(texts) -> pd.Series:
    texts = pd.Series(texts, dtype="object").fillna("").astype(str)
    return texts.str.replace(r"\s+", "", regex=True).str.lower()


def match_any(texts, words) -> pd.Series:
    """True where a text contains at least one of ``words`` (spaces ignored, case-insensitive).

    >>> match_any(pd.Series(["团购 50 杯", "好喝", "VX 多少"]), ["团购", "vx"]).tolist()
    [True, False, True]
    """
    if isinstance(words, str):
        raise TypeError(f"words 应该是一个词的列表，例如 [\"多少钱\", \"团购\"]；你给出的是一个字符串 {words!r}。")
    words = [re.sub(r"\s+", "", str(w)).lower() for w in words if str(w).strip()]
    flat = _flat(texts)
    if not words:
        return pd.Series(False, index=flat.index)
    pattern = "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))
    return flat.str.contains(pattern, regex=True)


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


def rule_quality(predicted, actual) -> pd.Series:
    """How good a rule is, against labels: 查准率 (precision) and 查全率 (recall).

    - 查准率 = 规则标出且确实是的 ÷ 规则标出的（标出来的有多少是对的）
    - 查全率 = 规则标出且确实是的 ÷ 真正是的（该找的找到了多少）

    >>> rule_quality([True, True, False, False], [True, False, True, False])
    predicted    2.0
    actual       2.0
    hits         1.0
    precision    0.5
    recall       0.5
    dtype: float64
    """
    p = np.asarray(predicted, dtype=bool)
    a = np.asarray(actual, dtype=bool)
    if p.shape != a.shape:
        raise ValueError(f"规则结果有 {p.size} 行，标签有 {a.size} 行：两者要来自同一张评论表。")
    hits = int((p & a).sum())
    return pd.Series({
        "predicted": float(p.sum()), "actual": float(a.sum()), "hits": float(hits),
        "precision": hits / p.sum() if p.sum() else np.nan,
        "recall": hits / a.sum() if a.sum() else np.nan,
    })


QUALITY_LABELS = {"predicted": "规则标出", "actual": "标签为真", "hits": "标对", "precision": "查准率",
                  "recall": "查全率"}


# --------------------------------------------------------------------------- #
# Sharing: personal data
# --------------------------------------------------------------------------- #

#: 对外分享时必须去掉的身份列。
IDENTITY_COLUMNS = ["user_id"]


def mask_text(text) -> str:
    """The text with phone numbers, WeChat ids, order numbers and house numbers masked by ``*``
    (uses :func:`nmt_lab.comments.mask_personal`).

    >>> mask_text("团购联系我 139 0000 8154，微信号：momo_14872")
    '团购联系我 139 **** 8154，微信号：**********'
    """
    from .comments import mask_personal

    return mask_personal("" if pd.isna(text) else str(text))


def has_personal(texts) -> pd.Series:
    """True where a text still contains personal data (phone, WeChat id, order number, address).

    >>> has_personal(pd.Series(["电话13900008154", "电话139****8154"])).tolist()
    [True, False]
    >>> int(has_personal(pd.Series([], dtype=str)).sum())
    0
    """
    from .comments import find_personal

    texts = pd.Series(texts, dtype="object").fillna("").astype(str)
    return texts.map(lambda t: bool(find_personal(t))).astype(bool)


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
    out = df.rename(columns=lambda c: names.get(c) or label(c))
    out.index.names = [names.get(n) or label(n) if n else n for n in df.index.names]
    return out
