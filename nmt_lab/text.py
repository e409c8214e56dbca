"""文本分析：评论、文案和表格文字共用的工具。

- 规范化：:func:`normalize`（去空白、小写）和 :func:`skeleton`（再去掉表情、标点和数字，用来找复制粘贴的广告）；
- 分词与关键词：:func:`tokens`、:func:`word_counts`、:func:`keywords`（jieba 分词、词频、TF-IDF 关键词，
  带课程停用词表 :data:`STOP_WORDS` 和课程用词 :data:`USER_WORDS`）；
- 关键词规则：:func:`match_any`（一段文字是否含有词表里的词）；
- 个人信息：:func:`find_personal`、:func:`has_personal` 找出手机号、微信号、订单号和门牌，
  :func:`mask_personal` / :func:`mask_text` 用 ``*`` 打码（:data:`PERSONAL_PATTERNS` 是它们的口径）；
- 检验规则：:func:`rule_quality` / :func:`precision_recall` 用人工标签算查准率、查全率。

评论队列（:mod:`nmt_lab.comments`）、互动分析（:mod:`nmt_lab.interaction`）等模块都从这里取用。

>>> texts = ["外卖漏洒，手机号13800001234", "杨梅冰茶好喝", "外卖又漏了"]
>>> [mask_text(t) for t in texts][0]
'外卖漏洒，手机号138****1234'
>>> has_personal(texts).tolist()
[True, False, False]
>>> tokens("说实话，杨梅冰茶真的太好喝了[赞]")
['杨梅冰茶', '好喝']
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from functools import cache

import numpy as np
import pandas as pd


# --------------------------------------------------------------------------- #
# Normalising text
# --------------------------------------------------------------------------- #
def normalize(text: str) -> str:
    """The text as rules see it: no spaces of any kind, lower case.

    Spaces are removed so that “垃 圾” is still “垃圾”.

    >>> normalize("  垃 圾\u3000店 ")
    '垃圾店'
    >>> normalize("NO.1")
    'no.1'
    """
    return re.sub(r"\s+", "", str(text)).casefold()


_NOISE = re.compile(r"\[[^\]]{1,6}\]|[^\w]|\d|_", re.UNICODE)


def skeleton(text: str) -> str:
    """The text without emoji, platform codes like [赞], punctuation, digits and spaces.

    Two comments with the same skeleton are copies (spam bots vary only the decoration).

    >>> skeleton("🔥兼职刷单，日结100元，手机就能做[赞]！！")
    '兼职刷单日结元手机就能做'
    """
    return _NOISE.sub("", normalize(text))


# --------------------------------------------------------------------------- #
# Words and keywords (jieba)
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
    >>> keywords(["外卖漏洒，杨梅冰茶洒了一半", "杨梅冰茶喝出异物", "外卖又漏了"], 3)
    ['外卖', '杨梅冰茶', '漏洒']
    """
    import jieba.analyse

    _jieba()
    text = _CODE.sub(" ", " ".join(pd.Series(texts, dtype="object").fillna("").astype(str)))
    stop = frozenset(stop_words)
    tags = jieba.analyse.extract_tags(text, topK=n * 3 + 10)
    return [t for t in tags if len(t) >= 2 and _WORD.search(t) and t.lower() not in stop][:n]


# --------------------------------------------------------------------------- #
# Keyword rules
# --------------------------------------------------------------------------- #
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


# --------------------------------------------------------------------------- #
# Personal data
# --------------------------------------------------------------------------- #
#: 个人信息的几种形式（与数据说明的口径一致）：手机号、微信号、订单号、街道门牌。
PERSONAL_PATTERNS = {
    "订单号": r"订单号?\s*[:：]?\s*[A-Z]{0,3}\d{8,}",
    "手机号": r"(?<![\dA-Za-z])(?:\+86\s*)?1[3-9]\d[ -]?\d{4}[ -]?\d{4}(?!\d)",
    "微信号": r"wx_[A-Za-z0-9_]{3,}|(?:微信号?|vx|VX|V信|薇信)\s*[:：]?\s*[A-Za-z][A-Za-z0-9_-]{5,}",
    "门牌地址": r"[路街道巷弄]\d+号(?:\d+(?:幢|栋|单元|室))*\d*",
}
PERSONAL_DATA = re.compile("|".join(f"(?:{p})" for p in PERSONAL_PATTERNS.values()))


def find_personal(text: str) -> list[str]:
    """Personal data in ``text``: phone numbers, WeChat ids, order numbers, street addresses.

    >>> find_personal("外卖漏了，手机号138 0000 1234，送到文三路12号")
    ['138 0000 1234', '路12号']
    >>> find_personal("积分一直没到账")
    []
    """
    return [m.group(0) for m in PERSONAL_DATA.finditer(str(text))]


def _star_digits(s: str, keep_head: int, keep_tail: int) -> str:
    digits = [i for i, ch in enumerate(s) if ch.isdigit()]
    hide = set(digits[keep_head:len(digits) - keep_tail])
    return "".join("*" if i in hide else ch for i, ch in enumerate(s))


def _mask_wechat(m: re.Match) -> str:
    s = m.group(0)
    if s.startswith("wx_"):
        return "wx_" + "*" * (len(s) - 3)
    ident = re.search(r"[A-Za-z][A-Za-z0-9_-]{5,}$", s)
    keep = 3 if ident.group(0).startswith("wx_") else 0
    return s[:ident.start() + keep] + "*" * (len(ident.group(0)) - keep)


_MASKERS = {
    "订单号": lambda m: _star_digits(m.group(0), 4, 2),
    "手机号": lambda m: _star_digits(m.group(0), 5 if m.group(0).startswith("+86") else 3, 4),
    "微信号": _mask_wechat,
    "门牌地址": lambda m: m.group(0)[0] + re.sub(r"\d", "*", m.group(0)[1:]),
}


def mask_personal(text: str) -> str:
    """``text`` with personal data masked by ``*`` (for hand-over files and screenshots).

    Phone numbers keep the first 3 and last 4 digits, order numbers the first 4 and last
    2 digits; WeChat ids and house numbers are starred out.

    >>> mask_personal("手机号13800001234，麻烦查一下")
    '手机号138****1234，麻烦查一下'
    >>> mask_personal("加我微信号 wx_momo123")
    '加我微信号 wx_*******'
    >>> mask_personal("vx：teacoco70")
    'vx：*********'
    >>> mask_personal("送到文三路12号3幢201")
    '送到文三路**号*幢***'
    >>> mask_personal("很好喝")
    '很好喝'
    """
    out = str(text)
    for kind, pattern in PERSONAL_PATTERNS.items():
        out = re.sub(pattern, _MASKERS[kind], out)
    return out


def mask_text(text) -> str:
    """The text with phone numbers, WeChat ids, order numbers and house numbers masked by ``*``
    (see :func:`mask_personal`).

    >>> mask_text("团购联系我 139 0000 8154，微信号：momo_14872")
    '团购联系我 139 **** 8154，微信号：**********'
    """
    return mask_personal("" if pd.isna(text) else str(text))


def has_personal(texts) -> pd.Series:
    """True where a text still contains personal data (phone, WeChat id, order number, address).

    >>> has_personal(pd.Series(["电话13900008154", "电话139****8154"])).tolist()
    [True, False]
    >>> int(has_personal(pd.Series([], dtype=str)).sum())
    0
    """
    texts = pd.Series(texts, dtype="object").fillna("").astype(str)
    return texts.map(lambda t: bool(find_personal(t))).astype(bool)


# --------------------------------------------------------------------------- #
# Checking a rule against labels: precision and recall
# --------------------------------------------------------------------------- #
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


def precision_recall(predicted, actual) -> tuple[float, float]:
    """查准率 = 标对的 ÷ 规则标出的；查全率 = 标对的 ÷ 真正是的（see :func:`nmt_lab.interaction.rule_quality`).

    >>> precision_recall([True, True, False, False], [True, False, True, False])
    (0.5, 0.5)
    """
    quality = rule_quality(predicted, actual)
    return float(quality["precision"]), float(quality["recall"])
