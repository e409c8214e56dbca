"""评论队列：按评论文字自动分拣一批评论，供粉丝维护和互动分析使用。

规则只看评论**文字**（关键词、课程审核词表、正则），不看数据里的人工标签；
标签只用来检验规则（:func:`evaluate` 算查准率和查全率）。

- :func:`triage` 给每条评论打上规则标记（提问、投诉、负面、辱骂、广告、个人信息……）、
  转交部门、置顶分和建议处理方式——这就是“评论队列”；:func:`text_flags` 是其中只看文字的部分，
  :func:`word_lists` 列出关键词，``extra=`` 可以临时补词；
- :func:`evaluate` 用人工标签检验规则（查准率、查全率见 :func:`nmt_lab.text.precision_recall`）；
- 打码、分词和关键词用 :mod:`nmt_lab.text`（:func:`~nmt_lab.text.mask_personal`、:func:`~nmt_lab.text.keywords`）；
- :func:`handover` 把需要其他部门处理的评论写成移交清单（个人信息已打码），
  :func:`department_table` 列出转交部门的关键词；
- :func:`daily` 和 :func:`anomalies` 按天统计负面评论，找出异常的日子；:func:`negative_on` 取出那几天的负面评论；
- :func:`fan_table` / :func:`top_fans` 根据互动情况给粉丝打分、挑出优质粉丝；:func:`copies` 把重复的广告归组；
- :func:`reply_tasks` 挑出待回复的负面评论，:func:`check_reply` 检查一条回复的基本规范；
- :func:`stress_batch` / :func:`speed_test` 测大批量评论的处理速度；
- :func:`queue_panel` 和 :func:`anomaly_panel` 是两个互动面板（逻辑在 :func:`queue_view`、:func:`anomaly_view`）。

>>> import pandas as pd
>>> demo = pd.DataFrame({"comment_id": ["C1", "C2", "C3"], "platform": ["抖音"] * 3,
...     "user_id": ["U1", "U2", "U3"], "created_at": pd.to_datetime(["2025-08-12"] * 3), "likes": [0, 2, 0],
...     "text": ["外卖漏洒，袋子里全是奶茶，订单号XS20250812123456", "杨梅冰茶可以去冰吗？", "垃圾店"]})
>>> q = triage(demo)
>>> q[["complaint", "question", "abusive", "department"]].values.tolist()
[[True, False, False, '外卖配送'], [False, True, False, '产品'], [False, False, True, '无']]
>>> mask_personal(demo.loc[0, "text"])
'外卖漏洒，袋子里全是奶茶，订单号XS2025********56'
"""

from __future__ import annotations

import re
import time
from functools import cache, lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from ._errors import check_choice, check_columns
from .text import PERSONAL_DATA, mask_personal, normalize, precision_recall, skeleton

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

#: 规则标记 -> 数据里用来检验它的人工标签。
RULE_LABELS = {
    "question": "is_question", "complaint": "is_complaint", "lead": "is_sales_lead", "spam": "is_spam",
    "abusive": "is_abusive", "personal_data": "has_personal_data", "pin_candidate": "is_pin_worthy",
}

#: 显示用的中文列名（nmt.to_chinese 之外本模块新增的列）。
LABELS = {
    "question": "提问", "complaint": "投诉", "negative": "负面", "positive": "正面", "suggestion": "建议",
    "lead": "合作线索", "spam": "垃圾广告", "copies": "条数", "accounts": "账号数", "abusive": "辱骂不文明",
    "personal_data": "含个人信息", "pin_score": "置顶分", "pin_candidate": "置顶候选", "category": "类别",
    "action": "建议处理", "handover": "需移交", "rule": "规则", "label": "检验用标签", "predicted": "规则标出",
    "actual": "标签为真", "hits": "标对", "precision": "查准率", "recall": "查全率", "date": "日期",
    "comments": "评论数", "value": "指标值", "baseline": "基线（中位数）", "threshold": "阈值", "flagged": "异常",
    "negative_share": "负面占比", "interactions": "互动次数", "likes_received": "评论获赞",
    "positive_share": "正面占比", "pin_comments": "置顶候选评论数",
    "spam_comments": "广告评论数", "abusive_comments": "不文明评论数", "is_bot": "疑似机器人", "score": "粉丝分",
    "text_masked": "评论内容（已打码）", "priority": "优先级", "type": "类型", "example": "示例（已打码）",
    "first": "最早出现", "last": "最近出现", "skeleton": "去掉装饰后的文字",
}


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
    from .compliance import find_terms

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
    from .compliance import default_filter

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


def triage(comments: pd.DataFrame, extra: dict[str, list[str]] | None = None) -> pd.DataFrame:
    """The comment queue: rule flags, department, 置顶分, category and suggested action.

    Works from ``text`` (and ``likes`` for the pin score) only; label columns of the input
    are dropped, so the queue cannot peek at them. ``extra`` adds keywords to a rule, e.g.
    ``{"complaint": ["只剩半杯"]}`` (see :func:`word_lists`). Columns added: abusive,
    personal_data, spam, question, lead, complaint, suggestion, negative, positive,
    department, handover, pin_score, pin_candidate, category, action.

    >>> from nmt_lab import load
    >>> q = triage(load("comments"))
    >>> len(q) == 8000 and "is_spam" not in q.columns
    True
    >>> q["category"].value_counts().index[0]
    '其他'
    """
    check_columns(comments, ["comment_id", "text", "likes"])
    keep = [c for c in ["comment_id", "post_id", "platform", "user_id", "created_at", "text", "likes", "reply_to"]
            if c in comments.columns]
    q = comments[keep].copy()
    flags = text_flags(q["text"], extra)
    for col in ["abusive", "personal_data", "spam", "question", "lead", "complaint", "suggestion", "negative",
                "positive", "department"]:
        q[col] = flags[col]
    q["handover"] = q["department"] != "无"
    eligible = ~(q["negative"] | q["spam"] | q["abusive"] | q["personal_data"] | q["question"])
    score = pin_score(flags["length"], flags["detail_hits"], q["likes"], q["positive"] | q["suggestion"])
    q["pin_score"] = score.where(eligible, 0.0)
    q["pin_candidate"] = q["pin_score"] >= PIN_THRESHOLD

    conditions = [q["spam"], q["abusive"], q["personal_data"], q["complaint"], q["question"] & ~q["lead"],
                  q["lead"] & ~q["pin_candidate"], q["suggestion"] & ~q["pin_candidate"], q["negative"],
                  q["pin_candidate"]]
    q["category"] = pd.Categorical(np.select(conditions, CATEGORIES[:-1], default="其他"), categories=CATEGORIES)
    q["action"] = q["category"].map(ACTIONS).astype(str)
    route = q["handover"] & (q["category"] != "垃圾广告")
    q.loc[route, "action"] += "；移交" + q.loc[route, "department"].astype(str)
    q.attrs["table"] = "comments"
    return q


def evaluate(queue: pd.DataFrame, labelled: pd.DataFrame) -> pd.DataFrame:
    """Precision and recall of every rule of the queue against the labels of ``labelled``
    (rows matched by ``comment_id``); the last row checks the department of the routed comments.

    >>> from nmt_lab import load
    >>> c = load("comments")
    >>> ev = evaluate(triage(c), c)
    >>> list(ev.columns)
    ['label', 'predicted', 'actual', 'hits', 'precision', 'recall']
    >>> bool(ev["precision"].between(0, 1).all())
    True
    """
    check_columns(labelled, ["comment_id", *RULE_LABELS.values(), "sentiment", "department"])
    truth = labelled.set_index("comment_id").loc[queue["comment_id"]]
    rows = {}
    pairs = dict(RULE_LABELS, negative="sentiment", handover="department")
    for rule, lab in pairs.items():
        pred = queue[rule].to_numpy(bool)
        if lab == "sentiment":
            act = (truth["sentiment"] == "负面").to_numpy()
        elif lab == "department":
            act = (truth["department"] != "无").to_numpy()
        else:
            act = truth[lab].to_numpy(bool)
        prec, rec = precision_recall(pred, act)
        rows[rule] = {"label": lab, "predicted": int(pred.sum()), "actual": int(act.sum()),
                      "hits": int((pred & act).sum()), "precision": prec, "recall": rec}
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = "rule"
    return out


# --------------------------------------------------------------------------- #
# Hand-over file
# --------------------------------------------------------------------------- #
def department_table(n: int = 8) -> pd.DataFrame:
    """Which department each comment goes to: the first ``n`` keywords of every department,
    in the order the rules try them (the first department that matches wins).

    >>> t = department_table(3)
    >>> t.loc["外卖配送", "关键词（按顺序匹配）"]
    '外卖、骑手、配送 ……'
    >>> list(t.index) == list(DEPARTMENT_WORDS)
    True
    """
    rows = {dept: "、".join(words[:n]) + (" ……" if len(words) > n else "") for dept, words in DEPARTMENT_WORDS.items()}
    out = pd.Series(rows, name="关键词（按顺序匹配）").to_frame()
    out.index.name = "转交部门"
    return out


HANDOVER_COLUMNS = {"comment_id": "评论ID", "platform": "平台", "created_at": "评论时间", "type": "类型",
                    "department": "转交部门", "priority": "优先级", "text_masked": "评论内容（已打码）",
                    "likes": "点赞数"}


def handover(queue: pd.DataFrame, path: str | Path | None = "output/移交清单.csv") -> pd.DataFrame:
    """The comments other departments must handle, one row each, personal data masked.

    Keeps the rows of ``queue`` (from :func:`triage`) whose ``department`` is not 无, with a
    type (投诉 / 提问 / 合作线索 / 建议) and a priority (投诉 高, 提问和合作线索 中, 建议 低),
    sorted by department, priority and time. Writes a CSV with Chinese headers (UTF-8 with BOM,
    so that Excel opens it) to ``path`` unless ``path`` is None; the folder is created.

    >>> from nmt_lab import load
    >>> h = handover(triage(load("comments")), path=None)
    >>> sorted(h["department"].unique())
    ['产品', '会员', '外卖配送', '市场合作', '门店']
    >>> bool(h["text_masked"].str.contains(PERSONAL_DATA).any())
    False
    """
    check_columns(queue, ["comment_id", "text", "department", "complaint", "question", "lead", "suggestion"])
    rows = queue[queue["department"].astype(str) != "无"].copy()
    rows["type"] = np.select([rows["complaint"], rows["question"], rows["lead"]], ["投诉", "提问", "合作线索"],
                             default="建议")
    rows["priority"] = rows["type"].map({"投诉": "高", "提问": "中", "合作线索": "中", "建议": "低"})
    rows["text_masked"] = rows["text"].map(mask_personal).str.strip()
    rows["department"] = rows["department"].astype(str)
    order = {"高": 0, "中": 1, "低": 2}
    sort = ["department", "_p"] + (["created_at"] if "created_at" in rows else [])
    rows = rows.assign(_p=rows["priority"].map(order)).sort_values(sort).drop(columns="_p")
    out = rows[[c for c in HANDOVER_COLUMNS if c in rows.columns]].reset_index(drop=True)
    if path is not None:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        out.rename(columns=HANDOVER_COLUMNS).to_csv(path, index=False, encoding="utf-8-sig")
    return out


# --------------------------------------------------------------------------- #
# Daily counts and anomalies
# --------------------------------------------------------------------------- #
METRICS = {"negative": "负面条数", "negative_share": "负面占比"}


def daily(queue: pd.DataFrame, flag: str = "negative") -> pd.DataFrame:
    """Comments per day, how many of them carry ``flag`` and their share; every day is listed.

    >>> from nmt_lab import load
    >>> d = daily(triage(load("comments")))
    >>> list(d.columns), d.index.name
    (['comments', 'negative', 'negative_share'], 'date')
    >>> bool(d["negative_share"].between(0, 1).all())
    True
    """
    check_columns(queue, ["created_at", flag])
    day = queue["created_at"].dt.normalize()
    out = pd.DataFrame({"comments": queue.groupby(day).size(),
                        "negative": queue[flag].astype(bool).groupby(day).sum()})
    out = out.asfreq("D", fill_value=0).astype(int)
    out["negative_share"] = (out["negative"] / out["comments"].where(out["comments"] > 0)).fillna(0.0)
    out.index.name = "date"
    return out


def anomalies(table: pd.DataFrame, metric: str = "negative_share", k: float = 3.0, window: int = 14,
              min_count: int = 10) -> pd.DataFrame:
    """Flag the days whose ``metric`` exceeds ``k`` times its usual level.

    The usual level (baseline) is the median of the previous ``window`` days (the median is
    not pulled up by one bad day). A day is flagged when ``value > k × baseline`` and it has at
    least ``min_count`` negative comments (a share of 2 out of 3 is not an alarm).
    ``table`` is the output of :func:`daily`.

    >>> from nmt_lab import load
    >>> a = anomalies(daily(triage(load("comments"))), "negative_share", k=3)
    >>> [f"{d:%m-%d}" for d in a.index[a["flagged"]]]
    ['08-12', '08-13', '08-14']
    """
    check_choice(metric, METRICS, "指标")
    check_columns(table, ["negative", metric])
    if k <= 0 or window < 1:
        raise ValueError(f"k 应大于 0、window 至少为 1；你给出的是 k={k}，window={window}。")
    value = table[metric].astype(float)
    baseline = value.shift(1).rolling(window, min_periods=3).median()
    if metric == "negative_share":       # a quiet fortnight has share 0: keep a floor of 5 %
        baseline = baseline.clip(lower=0.05)
    else:
        baseline = baseline.clip(lower=1.0)
    threshold = k * baseline
    flagged = (value > threshold) & (table["negative"] >= min_count)
    out = pd.DataFrame({"value": value, "baseline": baseline, "threshold": threshold,
                        "negative": table["negative"], "flagged": flagged.fillna(False)})
    out.attrs["metric"] = metric
    return out


def negative_on(queue: pd.DataFrame, days) -> pd.DataFrame:
    """The negative comments of ``queue`` posted on ``days`` (dates or "YYYY-MM-DD" strings),
    e.g. the flagged days of :func:`anomalies`.

    >>> from nmt_lab import load
    >>> q = triage(load("comments"))
    >>> burst = negative_on(q, ["2025-08-12", "2025-08-13"])
    >>> bool(burst["negative"].all()), sorted(burst["created_at"].dt.strftime("%m-%d").unique())
    (True, ['08-12', '08-13'])
    """
    check_columns(queue, ["created_at", "negative"])
    wanted = pd.DatetimeIndex(pd.to_datetime(list(days))).normalize()
    return queue[queue["negative"].astype(bool) & queue["created_at"].dt.normalize().isin(wanted)]


# --------------------------------------------------------------------------- #
# Fans
# --------------------------------------------------------------------------- #
def fan_table(queue: pd.DataFrame, followers: pd.DataFrame, platform: str | None = None) -> pd.DataFrame:
    """One row per user: interactions (followers table), comments, likes received, tone, flags, score.

    ``queue`` is the output of :func:`triage` (its rule flags say who posts ads or uncivil
    comments); ``followers`` gives ``interactions`` per account followed (summed per user).
    粉丝分 score = 互动次数 + 评论获赞数 ÷ 10 + 5 × 置顶候选评论数. ``is_bot`` marks users with an
    advertising comment; a 优质粉丝 is neither a bot nor uncivil (see :func:`top_fans`).
    With ``platform`` only that platform's comments and follows count.

    >>> from nmt_lab import load
    >>> f = fan_table(triage(load("comments")), load("followers"), "抖音")
    >>> list(f.columns)
    ['interactions', 'comments', 'likes_received', 'positive_share', 'pin_comments', 'spam_comments', \
'abusive_comments', 'is_bot', 'score']
    >>> f.index.name
    'user_id'
    """
    check_columns(queue, ["user_id", "likes", "positive", "spam", "abusive", "pin_candidate"])
    check_columns(followers, ["user_id", "interactions"])
    if platform is not None:
        valid = sorted(set(queue["platform"].astype(str)) | set(followers["platform"].astype(str)))
        check_choice(platform, valid, "平台")
        queue = queue[queue["platform"] == platform]
        followers = followers[followers["platform"] == platform]
    per_user = queue.groupby("user_id").agg(
        comments=("likes", "size"), likes_received=("likes", "sum"), positive=("positive", "sum"),
        pin_comments=("pin_candidate", "sum"), spam_comments=("spam", "sum"), abusive_comments=("abusive", "sum"))
    inter = followers.groupby("user_id")["interactions"].sum()
    out = per_user.join(inter, how="outer").fillna(0)
    out = out[(out["interactions"] > 0) | (out["comments"] > 0)]
    ints = ["interactions", "comments", "likes_received", "pin_comments", "spam_comments", "abusive_comments"]
    out[ints] = out[ints].astype(int)
    out["positive_share"] = (out["positive"] / out["comments"].where(out["comments"] > 0)).fillna(0.0).round(3)
    out["is_bot"] = out["spam_comments"] > 0
    out["score"] = (out["interactions"] + out["likes_received"] / 10 + 5 * out["pin_comments"]).round(1)
    out.index.name = "user_id"
    cols = ["interactions", "comments", "likes_received", "positive_share", "pin_comments", "spam_comments",
            "abusive_comments", "is_bot", "score"]
    return out[cols].sort_values("score", ascending=False)


def top_fans(fans: pd.DataFrame, n: int = 10, max_uncivil_share: float = 0.1) -> pd.DataFrame:
    """The ``n`` best fans of a :func:`fan_table`: highest score first, leaving out suspected bots
    (any advertising comment) and users whose uncivil comments exceed ``max_uncivil_share`` of
    their comments.

    >>> from nmt_lab import load
    >>> top = top_fans(fan_table(triage(load("comments")), load("followers")), 5)
    >>> len(top), bool((~top["is_bot"]).all())
    (5, True)
    """
    uncivil = fans["abusive_comments"] > max_uncivil_share * fans["comments"]
    good = fans[~fans["is_bot"] & ~uncivil]
    return good.sort_values("score", ascending=False).head(n)


def copies(queue: pd.DataFrame, flag: str = "spam") -> pd.DataFrame:
    """Comments with ``flag`` grouped by their :func:`skeleton`: the same advertisement posted
    many times by a few accounts becomes one row (条数 copies, 账号数 accounts, first and last time;
    the example text has its personal data masked).

    >>> from nmt_lab import load
    >>> c = copies(triage(load("comments")))
    >>> list(c.columns), int(c["copies"].sum())
    (['example', 'copies', 'accounts', 'first', 'last'], 376)
    >>> int((c["copies"] > 1).sum())
    12
    """
    check_columns(queue, ["text", "user_id", "created_at", flag])
    rows = queue[queue[flag].astype(bool)]
    key = rows["text"].map(skeleton).str.replace(r"^(?:福利|红包)+", "", regex=True).str[:12]
    out = rows.groupby(key).agg(example=("text", lambda t: mask_personal(t.iloc[0]).strip()), copies=("text", "size"),
                               accounts=("user_id", "nunique"), first=("created_at", "min"),
                               last=("created_at", "max"))
    out.index.name = "skeleton"
    return out.sort_values("copies", ascending=False)


# --------------------------------------------------------------------------- #
# Replies
# --------------------------------------------------------------------------- #
#: 回复里说明“下一步”的说法：私信跟进、核实、补偿、转交……
NEXT_STEP_WORDS = ["私信", "客服", "联系", "核实", "跟进", "处理", "退款", "补发", "补偿", "重做", "反馈", "转交",
                   "门店", "小程序", "留意", "尽快", "马上", "已经安排", "改进", "整改", "调查", "检测", "公告"]
#: 礼貌的说法：致歉、感谢、理解。
POLITE_WORDS = ["抱歉", "不好意思", "对不起", "感谢", "谢谢", "理解", "辛苦", "心情"]
#: 词表会误报、但在回复里很正常的说法（课程词表的白名单里还没有）。
REPLY_ALLOW = ["第一时间", "第一步"]
#: 回复里不该出现的顶撞、推责说法。
BLAME_WORDS = ["你自己", "爱喝不喝", "不关我们", "造谣", "不可能", "关你什么事", "别买", "有本事", "你懂什么"]


def reply_tasks(queue: pd.DataFrame, platform: str | None = None, n: int = 3) -> pd.DataFrame:
    """``n`` negative comments that need a written reply, the most visible (most liked) first:
    one 投诉, one with personal data, one 辱骂不文明, one 负面 批评, in this order while they exist.
    Text masked.

    >>> from nmt_lab import load
    >>> t = reply_tasks(triage(load("comments")), "小红书")
    >>> list(t["category"])
    ['投诉', '含个人信息', '辱骂不文明']
    """
    rows = queue if platform is None else queue[queue["platform"] == platform]
    rows = rows[rows["reply_to"].isna()] if "reply_to" in rows else rows
    picks = []
    kinds = [rows["category"] == "投诉",
             (rows["category"] == "含个人信息") & (rows["complaint"] | rows["negative"]),
             rows["category"] == "辱骂不文明", rows["category"] == "负面"]
    for kind in kinds:
        hit = rows[kind].sort_values(["likes", "created_at"], ascending=[False, True]).head(1)
        picks.append(hit)
    out = pd.concat(picks).head(n)
    out = out[["comment_id", "platform", "created_at", "text", "likes", "category", "action"]].copy()
    out["text"] = out["text"].map(mask_personal).str.strip()
    return out.reset_index(drop=True)


def check_reply(reply: str, min_chars: int = 20, max_chars: int = 150) -> list[str]:
    """Structural problems of a reply to a fan (empty list: passes). A machine cannot judge the
    tone; it can check length, courtesy, a next step, no blame, no review-lexicon words and no
    personal data.

    >>> check_reply("您好，非常抱歉给您带来不好的体验！已私信您核实订单，我们会尽快处理。")
    []
    >>> check_reply("感谢反馈！我们第一时间核实，这是全网最好喝的奶茶。")
    ['回复里有审核词表里的词：最好喝（广告极限词）。']
    >>> for problem in check_reply("爱喝不喝，垃圾评论"):
    ...     print(problem)
    回复太短（9 字）：至少 20 字，说清致歉或感谢和下一步。
    回复里缺少致歉或感谢的话（如“抱歉”“感谢”）。
    回复里没有说下一步（如“私信”“核实”“尽快处理”）。
    回复里有顶撞或推责的说法：爱喝不喝。
    回复里有审核词表里的词：垃圾（辱骂不文明）。
    """
    from .compliance import find_terms

    if not isinstance(reply, str):
        return [f"回复应该是一段文字（字符串），你给出的是 {type(reply).__name__}。"]
    body = reply.strip()
    problems = []
    if len(body) < min_chars:
        problems.append(f"回复太短（{len(body)} 字）：至少 {min_chars} 字，说清致歉或感谢和下一步。")
    if len(body) > max_chars:
        problems.append(f"回复太长（{len(body)} 字）：评论区回复不超过 {max_chars} 字，细节放到私信里。")
    if not any(w in body for w in POLITE_WORDS):
        problems.append("回复里缺少致歉或感谢的话（如“抱歉”“感谢”）。")
    if not any(w in body for w in NEXT_STEP_WORDS):
        problems.append("回复里没有说下一步（如“私信”“核实”“尽快处理”）。")
    blame = [w for w in BLAME_WORDS if w in body]
    if blame:
        problems.append(f"回复里有顶撞或推责的说法：{'、'.join(blame)}。")
    screened = body
    for phrase in REPLY_ALLOW:
        screened = screened.replace(phrase, "　" * len(phrase))
    hits = [h for h in find_terms(screened) if h.category != "白名单"]
    if hits:
        problems.append("回复里有审核词表里的词：" + "、".join(f"{h.word}（{h.category}）" for h in hits) + "。")
    if PERSONAL_DATA.search(body):
        problems.append("回复里出现了手机号、微信号、订单号或地址：个人信息只在私信里沟通。")
    return problems


# --------------------------------------------------------------------------- #
# Volume
# --------------------------------------------------------------------------- #
def stress_batch(comments: pd.DataFrame, copies: int = 10, seed: int = 0) -> pd.DataFrame:
    """A large batch for speed tests: ``copies`` copies of ``comments`` with new ids, every copy's
    texts decorated differently (an emoji or spaces at the end), so that the texts really differ.

    >>> from nmt_lab import load
    >>> big = stress_batch(load("comments"), copies=3)
    >>> len(big), big["comment_id"].is_unique
    (24000, True)
    """
    if copies < 1:
        raise ValueError(f"copies 至少为 1，你给出的是 {copies}。")
    rng = np.random.default_rng(seed)
    deco = np.array(["", " ", "  ", "！", "~", "😂", "👍", "🔥", "[赞]", "…", "～～", "。"])
    parts = []
    for k in range(copies):
        part = comments.copy()
        part["comment_id"] = part["comment_id"].astype(str) + f"-{k}"
        if k:
            tail = deco[rng.integers(len(deco), size=len(part))] + deco[rng.integers(len(deco), size=len(part))]
            part["text"] = part["text"].astype(str) + tail
        parts.append(part)
    return pd.concat(parts, ignore_index=True)


def speed_test(batch: pd.DataFrame, seconds_by_hand: float = 10.0) -> dict:
    """Time :func:`triage` on ``batch`` and compare with reading every comment by hand.

    >>> from nmt_lab import load
    >>> r = speed_test(load("comments"))
    >>> sorted(r)
    ['by_hand_hours', 'distinct_texts', 'per_second', 'rows', 'seconds']
    """
    _unique_flags.cache_clear()              # time the real work, not the cache
    start = time.perf_counter()
    triage(batch)
    seconds = time.perf_counter() - start
    return {"rows": len(batch), "distinct_texts": int(batch["text"].nunique()), "seconds": round(seconds, 2),
            "per_second": round(len(batch) / seconds), "by_hand_hours": round(len(batch) * seconds_by_hand / 3600, 1)}


# --------------------------------------------------------------------------- #
# Display and panels
# --------------------------------------------------------------------------- #
def to_chinese(df: pd.DataFrame) -> pd.DataFrame:
    """:func:`nmt_lab.to_chinese` plus the columns this module adds (置顶分, 类别, 建议处理 …).

    >>> list(to_chinese(pd.DataFrame({"pin_score": [1.0], "likes": [2]})).columns)
    ['置顶分', '点赞数']
    """
    from .labels import to_chinese as base

    out = base(df.rename(columns=LABELS))
    out.index.names = [LABELS.get(n, n) if n else n for n in out.index.names]
    return out


ALL = "全部"


def queue_view(queue: pd.DataFrame, platform: str = ALL, category: str = ALL, n: int = 10) -> dict:
    """What the queue panel shows: counts per category and the top ``n`` comments (text masked).

    The top comments are sorted by 置顶分 for 置顶候选, otherwise by likes (the most visible first).

    >>> from nmt_lab import load
    >>> v = queue_view(triage(load("comments")), "抖音", "投诉", 5)
    >>> len(v["table"]), set(v["table"]["category"]), sum(v["counts"].values()) > 1000
    (5, {'投诉'}, True)
    """
    platforms = [ALL, *sorted(queue["platform"].astype(str).unique())]
    check_choice(platform, platforms, "平台")
    check_choice(category, [ALL, *CATEGORIES], "类别")
    rows = queue if platform == ALL else queue[queue["platform"] == platform]
    counts = rows["category"].value_counts().reindex(CATEGORIES, fill_value=0)
    pick = rows if category == ALL else rows[rows["category"] == category]
    key = "pin_score" if category == "置顶候选" else "likes"
    top = pick.sort_values([key, "created_at"], ascending=[False, True]).head(n)
    table = top[["comment_id", "platform", "created_at", "text", "likes", "category", "action"]].copy()
    table["text"] = table["text"].map(mask_personal).str.strip()
    need_human = int(counts.drop(["其他", "置顶候选"]).sum())
    return {"counts": {k: int(v) for k, v in counts.items()}, "table": table, "total": len(rows),
            "need_human": need_human}


def examples(queue: pd.DataFrame, n: int = 1, seed: int = 0) -> pd.DataFrame:
    """``n`` random examples of every category of the queue (fixed ``seed``), text masked.

    >>> from nmt_lab import load
    >>> list(examples(triage(load("comments")))["category"])[:3]
    ['垃圾广告', '辱骂不文明', '含个人信息']
    """
    rows = queue.sample(frac=1.0, random_state=seed)
    rows = rows.groupby("category", observed=True, sort=True).head(n).sort_values("category")
    out = rows[["comment_id", "platform", "text", "likes", "category", "action"]].copy()
    out["text"] = out["text"].map(mask_personal).str.strip()
    return out


def _table_html(table: pd.DataFrame) -> str:
    if table.empty:
        return "<p>（这一类没有评论）</p>"
    shown = table.assign(created_at=table["created_at"].dt.strftime("%m-%d %H:%M"))
    return to_chinese(shown).to_html(index=False, escape=True, border=0)


def queue_panel(queue: pd.DataFrame, platform: str = ALL, category: str = ALL, n: int = 8):
    """Pick platform, category and how many rows: the bar chart of categories, the card and the
    table of top comments (with the suggested action) update."""
    import ipywidgets as w
    import plotly.graph_objects as go

    from .widgets import Panel

    controls = {
        "platform": w.Dropdown(options=[ALL, *sorted(queue["platform"].astype(str).unique())], value=platform,
                               description="平台"),
        "category": w.Dropdown(options=[ALL, *CATEGORIES], value=category, description="类别"),
        "n": w.IntSlider(value=n, min=3, max=30, description="显示条数", continuous_update=False),
    }
    fig = go.FigureWidget(data=[go.Bar(name="评论条数")],
                          layout=dict(height=300, xaxis_title="类别", yaxis_title="评论条数", showlegend=False))
    card, table = w.HTML(), w.HTML()

    def update(platform: str, category: str, n: int) -> None:
        view = queue_view(queue, platform, category, n)
        colours = ["#c0392b" if k == category else "#2a7f62" for k in view["counts"]]
        with fig.batch_update():
            fig.data[0].x, fig.data[0].y = list(view["counts"]), list(view["counts"].values())
            fig.data[0].marker.color = colours
            fig.layout.title = f"{platform} · 评论队列（共 {view['total']:,} 条）"
        card.value = (f"<div style='font-size:14px'>需要人工处理"
                      f"（广告、不文明、个人信息、投诉、提问、线索、建议、负面）："
                      f"<b>{view['need_human']:,}</b> 条，占 {view['need_human'] / max(view['total'], 1):.0%}。"
                      f"下表：{category}，前 {n} 条（个人信息已打码）。</div>")
        table.value = _table_html(view["table"])

    return Panel(controls, [fig, card, table], update, figure=fig, card=card, table=table)


def anomaly_view(queue: pd.DataFrame, metric: str = "negative_share", k: float = 3.0, window: int = 14,
                 min_count: int = 10) -> dict:
    """What the anomaly panel shows: daily values, the threshold line and the flagged days.

    >>> from nmt_lab import load
    >>> v = anomaly_view(triage(load("comments")), "negative", k=3)
    >>> len(v["dates"]) == len(v["values"]) == len(v["threshold"]) > 360, len(v["flagged"]) > 5
    (True, True)
    """
    table = anomalies(daily(queue), metric, k, window, min_count)
    flagged = table[table["flagged"]]

    def plain(series: pd.Series) -> list:   # NaN is not valid JSON: the browser gets None (a gap)
        return [None if pd.isna(v) else float(v) for v in series]

    return {"dates": list(table.index), "values": plain(table["value"]), "threshold": plain(table["threshold"]),
            "flagged": [f"{d:%Y-%m-%d}" for d in flagged.index], "flagged_values": plain(flagged["value"])}


def anomaly_panel(queue: pd.DataFrame, metric: str = "negative_share", k: float = 3.0):
    """Pick the metric (负面条数 or 负面占比) and the multiple k: the daily chart, its threshold line
    and the list of flagged days update."""
    import ipywidgets as w
    import plotly.graph_objects as go

    from .widgets import Panel

    controls = {
        "metric": w.Dropdown(options=[(v, m) for m, v in METRICS.items()], value=metric, description="指标"),
        "k": w.FloatSlider(value=k, min=1.5, max=8, step=0.5, description="阈值倍数", continuous_update=False),
    }
    fig = go.FigureWidget(
        data=[go.Bar(name="每日值", marker_color="#9bb8ad"),
              go.Scatter(name="阈值 = 倍数 × 基线", mode="lines", line=dict(color="#e07a2f", dash="dash")),
              go.Scatter(name="异常日", mode="markers", marker=dict(color="#c0392b", size=10, symbol="x"))],
        layout=dict(height=360, xaxis_title="日期"))
    card = w.HTML()

    def update(metric: str, k: float) -> None:
        view = anomaly_view(queue, metric, k)
        with fig.batch_update():
            fig.data[0].x, fig.data[0].y = view["dates"], view["values"]
            fig.data[1].x, fig.data[1].y = view["dates"], view["threshold"]
            fig.data[2].x, fig.data[2].y = view["flagged"], view["flagged_values"]
            fig.layout.title = f"每日{METRICS[metric]}与异常阈值（{k:g} 倍基线）"
            fig.layout.yaxis.title = METRICS[metric]
            fig.layout.yaxis.tickformat = ".0%" if metric == "negative_share" else ","
        days = "、".join(d[5:] for d in view["flagged"][:20]) or "无"
        more = f" 等共 {len(view['flagged'])} 天" if len(view["flagged"]) > 20 else f"（{len(view['flagged'])} 天）"
        card.value = f"<div style='font-size:14px'>超过阈值的日子：<b>{days}</b>{more}</div>"

    return Panel(controls, [card, fig], update, figure=fig, card=card)
