"""评论队列 · 分拣规则：关键词表（提问、投诉、负面、线索、广告、转交部门……），一次扫描匹配全部词表
（pyahocorasick），课程审核词表，以及每条评论文字的规则标记和置顶分。
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

import numpy as np
import pandas as pd

from .._errors import check_choice
from ..text import PERSONAL_DATA, normalize, skeleton

# --------------------------------------------------------------------------- #
# Keyword rules (plain lists: easy to read, easy to extend)
# --------------------------------------------------------------------------- #

#: 提问的信号：问号，或典型的提问说法。
QUESTION_WORDS = ["？", "?", "请问", "问一下", "求问", "想问", "有没有人知道", "求回复", "在线等"]

#: 投诉的信号：顾客自己遇到的具体问题。
COMPLAINT_WORDS = [
    "排队", "态度", "不耐烦", "做错", "给错", "错单", "多冰", "脏", "没人理", "没人收拾", "叫号", "提前关门",
    "到店发现关门", "白跑", "太甜", "齁", "茶味好淡", "全是冰", "料比以前少", "头发", "虫子", "异物", "塑料片",
    "黑色的渣", "涨价", "植脂末味", "不舒服", "不新鲜", "戳不进去", "怪味", "超时", "洒", "漏", "送错",
    "冰全化", "少送", "倒了", "自己下楼", "没用", "没到账", "不可用", "莫名少了", "抢不到", "闪退", "没生效",
    "退不了", "一直没发", "给个说法", "投诉", "12315", "不给退", "不认", "出杯太慢", "等了半小时",
]

#: 否定说法：“一滴没洒”里有“洒”，却是在夸包装。匹配关键词前先把它们去掉。
NEGATIONS = ["一滴没洒", "没洒", "没有洒", "没漏", "没有漏", "不漏", "不会洒"]

#: 负面情绪的信号（投诉、辱骂之外的批评）。
NEGATIVE_WORDS = [
    "难喝", "失望", "一般般", "普通", "不值", "踩雷", "喝不起", "太贵", "越来越贵", "没意思", "好尬", "用力过猛",
    "没新意", "不如", "没有回购", "不太懂", "全靠", "有什么用", "起得好听", "拔草了，一般", "不值得", "都一个味",
    "差评", "体验很差", "不会再买", "服了", "无语", "吐了", "气死", "离谱", "不敢", "观望", "暂时拔草",
    "还能喝吗", "怎么回事", "有问题", "营销", "还是云岭茶坊好喝", "越来越像",
]

#: 正面情绪的信号。
POSITIVE_WORDS = [
    "好喝", "喜欢", "爱了", "推荐", "支持", "好评", "yyds", "绝绝子", "绝了", "治愈", "满足", "贴心", "温柔",
    "好看", "可爱", "出片", "良心", "方便", "清爽", "舒服", "太香", "回购", "续命", "给满分", "圈粉", "好暖",
    "超喜欢", "用心", "专业", "实在", "新鲜", "太会了", "有意思", "有氛围感", "种草", "好快", "点赞", "辛苦了",
    "没话说", "刚刚好", "高级", "很稳", "有心意", "在线", "No.1", "本命", "快乐", "👍", "❤️", "😍", "🥰", "[赞]",
]

#: 建议的信号（顾客提出改进意见）。
SUGGESTION_WORDS = ["建议", "希望", "能不能", "求返场", "期待", "就更好了"]

#: 销售线索的信号：购买或合作意向。
LEAD_WORDS = [
    "加盟", "招商", "团购", "企业", "年会", "定制", "伴手礼", "合作", "联名", "报价", "多少钱", "什么价", "在哪买",
    "哪里有店", "有店吗", "开店", "能买到", "链接在哪", "店地址", "求店名", "面值",
]

#: 广告引流的补充信号（审核词表“引流联系方式”之外）。
SPAM_WORDS = ["看我主页", "主页联系", "代理", "有惊喜", "免费领", "点击领取"]

#: 转交部门的关键词，按顺序匹配：先命中的部门优先。
DEPARTMENT_WORDS: dict[str, list[str]] = {
    "市场合作": ["加盟", "招商", "团购", "企业", "年会", "定制", "伴手礼", "合作", "联名", "报价", "博主"],
    "外卖配送": ["外卖", "骑手", "配送", "美团", "饿了么", "送到", "送来", "漏", "洒", "送错", "少送", "起送"],
    "会员": ["会员", "积分", "优惠券", "券", "礼品卡", "储值卡", "小程序", "第二杯半价", "活动", "生日", "等级"],
    "产品": ["甜", "糖", "茶味", "茶底", "奶盖", "小料", "果肉", "口味", "头发", "虫子", "异物", "塑料片", "渣",
             "涨价", "咖啡因", "热量", "多少卡", "孕妇", "小朋友", "吸管", "封口", "杯子", "杯身", "大杯", "上架",
             "回归", "返场", "限定", "常驻", "无糖", "去冰", "热饮", "鲜奶", "植脂末", "什么茶", "茶多酚", "出个",
             "新品"],
    "门店": ["店员", "排队", "门店", "开门", "关门", "营业", "座位", "停车", "宠物", "装修", "开业", "叫号", "出杯",
             "桌子", "到店", "店", "支付宝", "插座", "椅子", "多少钱", "什么价", "在哪买", "能买到", "链接",
             "店名", "开家", "开几家"],
}
DEPARTMENTS = ["产品", "门店", "外卖配送", "会员", "市场合作", "无"]

#: 置顶分用到的“具体细节”词：提到产品、口感、服务细节的评论更有信息量。
DETAIL_WORDS = ["茶底", "茶香", "回甘", "口感", "三分糖", "少冰", "店员", "服务", "小程序", "包装", "封口",
                "杯托", "水果", "新鲜", "价位", "热饮", "座位", "龙井", "采摘", "建议", "希望", "环保"]

#: 审核词表里表示“不文明”和“广告引流”的类别。
ABUSIVE_CATEGORY = "辱骂不文明"
SPAM_CATEGORY = "引流联系方式"

#: 队列里的类别（每条评论一个主类别，按这个顺序判断）和建议处理方式。
CATEGORIES = ["垃圾广告", "辱骂不文明", "含个人信息", "投诉", "提问", "合作线索", "建议", "负面", "置顶候选", "其他"]
ACTIONS = {
    "垃圾广告": "删除并举报",
    "辱骂不文明": "正面回复，私信提醒文明发言，必要时联系用户删除",
    "含个人信息": "隐藏评论，私信提醒保护个人信息",
    "投诉": "致歉回复，私信跟进",
    "提问": "及时解答",
    "合作线索": "回复购买或合作渠道",
    "建议": "感谢并记录",
    "负面": "正面回复，说明情况",
    "置顶候选": "置顶或精选",
    "其他": "点赞或无需处理",
}
PIN_THRESHOLD = 60

# --------------------------------------------------------------------------- #
# Keyword matching: one Aho-Corasick pass (pyahocorasick) finds every list at once
# --------------------------------------------------------------------------- #
def word_lists(extra: dict[str, list[str]] | None = None) -> dict[str, tuple[str, ...]]:
    """The keyword lists the queue uses, by rule name; ``extra`` adds words to a rule.

    Rules: question, complaint, negative, positive, suggestion, lead, spam, detail and one
    ``dept:<部门>`` list per department.

    >>> lists = word_lists({"complaint": ["只剩半杯"]})
    >>> "只剩半杯" in lists["complaint"], "dept:外卖配送" in lists
    (True, True)
    >>> word_lists({"投诉": ["x"]})
    Traceback (most recent call last):
    ...
    ValueError: 规则 "投诉" 不存在；可用的规则有：question、complaint、negative、positive、suggestion、lead、spam、\
detail、dept:市场合作、dept:外卖配送、dept:会员、dept:产品、dept:门店
    """
    lists = {"question": QUESTION_WORDS, "complaint": COMPLAINT_WORDS, "negative": NEGATIVE_WORDS,
             "positive": POSITIVE_WORDS, "suggestion": SUGGESTION_WORDS, "lead": LEAD_WORDS, "spam": SPAM_WORDS,
             "detail": DETAIL_WORDS}
    lists.update({f"dept:{d}": words for d, words in DEPARTMENT_WORDS.items()})
    out = {name: tuple(words) for name, words in lists.items()}
    for name, words in (extra or {}).items():
        check_choice(name, out, "规则")
        if isinstance(words, str):
            words = [words]
        out[name] = out[name] + tuple(str(w) for w in words if str(w).strip())
    return out


@cache
def _automaton(lists: tuple[tuple[str, tuple[str, ...]], ...]):
    import ahocorasick

    owners: dict[str, set[str]] = {}
    for name, words in lists:
        for word in words:
            owners.setdefault(normalize(word), set()).add(name)
    auto = ahocorasick.Automaton()
    for word, names in owners.items():
        if word:
            auto.add_word(word, (len(word), frozenset(names)))
    auto.make_automaton()
    return auto


def match_words(texts: pd.Series, extra: dict[str, list[str]] | None = None) -> pd.DataFrame:
    """For every text, which keyword lists (see :func:`word_lists`) it hits: one bool column per list,
    plus ``detail_hits`` (how many detail words). Texts are normalised first and the
    :data:`NEGATIONS` (一滴没洒 …) removed.

    >>> m = match_words(pd.Series(["外卖漏了？", "三分糖好喝"]))
    >>> m.loc[0, ["question", "complaint", "dept:外卖配送"]].tolist(), bool(m.loc[1, "positive"])
    ([True, True, True], True)
    >>> bool(match_words(pd.Series(["外卖送到一滴没洒"])).loc[0, "complaint"])
    False
    """
    return _match(texts, word_lists(extra), tuple(NEGATIONS))


def _match(texts, lists: dict[str, tuple[str, ...]], negations: tuple[str, ...]) -> pd.DataFrame:
    auto = _automaton(tuple(sorted(lists.items())))
    negated = re.compile("|".join(map(re.escape, negations)) or "(?!)")
    found, details = [], []
    for text in texts:
        names: set[str] = set()
        n_detail = 0
        for _end, (_length, owners) in auto.iter(negated.sub("，", normalize(text))):
            names |= owners
            n_detail += "detail" in owners
        found.append(names)
        details.append(n_detail)
    out = pd.DataFrame({name: [name in f for f in found] for name in lists}, index=texts.index)
    out["detail_hits"] = details
    return out


def has_any(texts: pd.Series, words: list[str]) -> pd.Series:
    """True where a text contains one of ``words`` (after :func:`normalize`).

    >>> has_any(pd.Series(["外卖漏了", "很好喝"]), ["漏", "洒"]).tolist()
    [True, False]
    """
    pattern = "|".join(re.escape(normalize(w)) for w in words if normalize(w))
    return texts.fillna("").astype(str).map(normalize).str.contains(pattern or "(?!)", regex=True)


# --------------------------------------------------------------------------- #
# Lexicon (course review word list, via nmt_lab.compliance / pyahocorasick)
# --------------------------------------------------------------------------- #
def lexicon_categories(text: str) -> set[str]:
    """Categories of the course lexicon found in ``text`` (after :func:`normalize`).

    Allow-listed words do not count: 垃圾分类 is not 垃圾, 滚烫 is not 滚.

    >>> sorted(lexicon_categories("垃 圾店，加V了解"))
    ['引流联系方式', '辱骂不文明']
    >>> lexicon_categories("杯子喝完怎么垃圾分类？")
    set()
    """
    from ..compliance import find_terms

    return {h.category for h in find_terms(normalize(text))}


# --------------------------------------------------------------------------- #
# The queue
# --------------------------------------------------------------------------- #
def pin_score(length: pd.Series, detail_hits: pd.Series, likes: pd.Series, friendly: pd.Series) -> pd.Series:
    """置顶分 0–100: 内容具体 (length of the text, 50 characters or more: 40), 细节 (detail words,
    10 each, up to 20), 获赞 (likes, 100 or more: 30), 正面或建议 (10).

    >>> pin_score(pd.Series([4, 60]), pd.Series([0, 3]), pd.Series([0, 120]), pd.Series([True, True])).tolist()
    [13.2, 100.0]
    """
    score = (40 * (length / 50).clip(upper=1) + 10 * detail_hits.clip(upper=2)
             + 30 * (np.log10(1 + likes.clip(lower=0)) / 2).clip(upper=1) + 10 * friendly.astype(bool))
    return score.astype(float).round(1)


def text_flags(texts: pd.Series, extra: dict[str, list[str]] | None = None) -> pd.DataFrame:
    """The rule flags that depend on the text only (each distinct text is judged once).

    Columns: abusive, personal_data, spam, question, lead, complaint, suggestion, negative,
    positive, department, length, detail_hits.

    >>> f = text_flags(pd.Series(["垃 圾店", "怎么加盟？微信号wx_tea123", "杨梅冰茶喝出异物"]))
    >>> f[["abusive", "spam", "lead", "personal_data", "complaint"]].values.tolist()
    [[True, False, False, False, False], [False, False, True, True, False], [False, False, False, False, True]]
    >>> f["department"].tolist()
    ['无', '市场合作', '产品']
    """
    texts = texts.fillna("").astype(str)
    uniq = pd.unique(texts.to_numpy())
    f = _unique_flags(tuple(uniq), tuple(sorted(word_lists(extra).items())), tuple(NEGATIONS))
    out = f.iloc[pd.Index(uniq).get_indexer(texts)].set_axis(texts.index)
    out["department"] = pd.Categorical(out["department"], categories=DEPARTMENTS)
    return out


@lru_cache(maxsize=4)
def _unique_flags(uniq: tuple[str, ...], lists: tuple, negations: tuple) -> pd.DataFrame:
    """Flags of distinct texts; cached, so re-running the queue on the same comments is instant."""
    from ..compliance import default_filter

    uniq = pd.Series(uniq, dtype=object)
    words = _match(uniq, dict(lists), negations)
    find = default_filter().find
    cats = [{h.category for h in find(normalize(t))} for t in uniq]
    f = pd.DataFrame(index=uniq.index)
    f["abusive"] = [ABUSIVE_CATEGORY in c for c in cats]
    f["personal_data"] = uniq.str.contains(PERSONAL_DATA)
    question = words["question"] & ~uniq.str.contains(r"？？？|\?\?\?|行了？")
    lead = words["lead"]
    # a customer who leaves a WeChat id with a question is a lead, not an advertiser
    f["spam"] = (pd.Series([SPAM_CATEGORY in c for c in cats]) | words["spam"]) & ~(question | lead)
    f["question"] = question & ~f["spam"]
    f["lead"] = lead & ~f["spam"]
    f["complaint"] = words["complaint"] & ~f["spam"]
    f["suggestion"] = words["suggestion"] & ~f["spam"] & ~f["complaint"]
    f["negative"] = (f["complaint"] | f["abusive"] | words["negative"]) & ~f["spam"]
    f["positive"] = words["positive"] & ~f["negative"] & ~f["spam"]
    needs = f["question"] | f["complaint"] | f["suggestion"] | f["lead"]
    dept = pd.Series("无", index=uniq.index, dtype=object)
    open_ = needs.copy()
    for name in DEPARTMENT_WORDS:            # the first department that matches wins
        hit = open_ & words[f"dept:{name}"]
        dept[hit] = name
        open_ &= ~hit
    f["department"] = dept
    f["length"] = uniq.map(lambda t: len(skeleton(t)))
    f["detail_hits"] = words["detail_hits"]
    return f
