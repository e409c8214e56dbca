"""内容发布 · 校对：按一份精选的典型错误表（品牌名错字、的地得、标点、日期与星期）找错并改正。"""

from __future__ import annotations

import re
from datetime import date as _date

import pandas as pd

from .. import compliance
from .common import _CN_DIGITS, BRAND, CJK, WEEKDAYS, _day
from .reposting import _HALF_TO_FULL

# =====================================================================================
# 4  校对
# =====================================================================================

# A small curated list of typical mistakes (typos of the brand name, 的/得/地, set phrases).
TYPICAL_ERRORS = pd.DataFrame(
    [
        ("溪山茶叶", "溪山茶饮", "品牌名", "品牌名写错：本品牌是“溪山茶饮”。"),
        ("溪山茶业", "溪山茶饮", "品牌名", "品牌名写错：本品牌是“溪山茶饮”。"),
        ("西山茶饮", "溪山茶饮", "品牌名", "品牌名写错：“溪”不是“西”。"),
        ("溪山荼饮", "溪山茶饮", "品牌名", "错别字：“荼”（tú）不是“茶”。"),
        ("认真的挑选", "认真地挑选", "的/得/地", "修饰动词用“地”。"),
        ("仔细的挑选", "仔细地挑选", "的/得/地", "修饰动词用“地”。"),
        ("用心的调制", "用心地调制", "的/得/地", "修饰动词用“地”。"),
        ("慢慢的品", "慢慢地品", "的/得/地", "修饰动词用“地”。"),
        ("做的很好", "做得很好", "的/得/地", "动词后面补充程度用“得”。"),
        ("香的不得了", "香得不得了", "的/得/地", "形容词后面补充程度用“得”。"),
        ("甜的刚刚好", "甜得刚刚好", "的/得/地", "形容词后面补充程度用“得”。"),
        ("卖的很快", "卖得很快", "的/得/地", "动词后面补充程度用“得”。"),
        ("迫不急待", "迫不及待", "错别字", "成语写错：迫不及待。"),
        ("一股作气", "一鼓作气", "错别字", "成语写错：一鼓作气。"),
        ("再接再励", "再接再厉", "错别字", "成语写错：再接再厉。"),
        ("按装", "安装", "错别字", "错别字：安装。"),
    ],
    columns=["wrong", "right", "kind", "reason"],
)
_DE_ADV = re.compile(r"(认真|仔细|用心|精心|慢慢|轻轻|悄悄|静静|开心|耐心)的(?=[挑选调制泡煮做熬品说尝])")
_DE_COMP = re.compile(rf"(?<=[{CJK}])(做|泡|煮|卖|甜|香|冰|调|摇|跑)的(?=很|非常|不得了|刚刚好|正好|真好)")
_DUP_SINGLE = re.compile(r"([的了是在和与也都就])\1")
_DUP_MULTI = re.compile(rf"([{CJK}]{{2,4}})\1")
_HALF = re.compile(rf"(?<=[{CJK}])[,!?;:](?!\d)|[,!?;:](?=[{CJK}])|(?<=[{CJK}])\.(?!\d)|(?<=[{CJK}])\((?=[^)]*\))"
                   rf"|(?<=[{CJK}（])\)")
_SPACE = re.compile(rf"(?<=[{CJK}])[ \t]+(?=[{CJK}])")
_DATE_WD = re.compile(r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日\s*[（(]\s*(周|星期|礼拜)([一二三四五六日天])\s*[）)]")
_REVIEW_SEVERITY = ("高", "中")
PROOF_COLUMNS = ["kind", "found", "position", "suggestion", "reason"]


def _issues(text: str, year: int) -> list[tuple[int, int, str, str, str]]:
    """(start, end, kind, suggestion, reason) of every problem, non-overlapping, by position."""
    found = []
    for row in TYPICAL_ERRORS.itertuples(index=False):
        for m in re.finditer(re.escape(row.wrong), text):
            found.append((m.start(), m.end(), row.kind, row.right, row.reason))
    for m in _DE_ADV.finditer(text):
        found.append((m.start(), m.end(), "的/得/地", m.group(1) + "地", "修饰动词用“地”。"))
    for m in _DE_COMP.finditer(text):
        found.append((m.start(), m.end(), "的/得/地", m.group(1) + "得", "后面补充程度用“得”。"))
    for m in _DATE_WD.finditer(text):
        y = int(m.group(1)) if m.group(1) else year
        try:
            d = _date(y, int(m.group(2)), int(m.group(3)))
        except ValueError:
            found.append((m.start(), m.end(), "日期", m.group(0), f"{y} 年没有 {m.group(2)} 月 {m.group(3)} 日。"))
            continue
        wrote = _CN_DIGITS[m.group(5)]
        if wrote != d.weekday():
            right = m.group(0)[: m.start(5) - m.start()] + WEEKDAYS[d.weekday()][1] + m.group(0)[m.end(5) - m.start():]
            found.append((m.start(), m.end(), "日期/星期", right,
                          f"{y}-{d:%m-%d} 是{WEEKDAYS[d.weekday()]}，不是{m.group(4)}{m.group(5)}。"))
    for m in _DUP_SINGLE.finditer(text):
        found.append((m.start(), m.end(), "重复字词", m.group(1), f"“{m.group(1)}”重复了。"))
    for m in _DUP_MULTI.finditer(text):
        unit = m.group(1)
        if len(set(unit)) > 1:
            found.append((m.start(), m.end(), "重复字词", unit, f"“{unit}”重复了。"))
    for m in _HALF.finditer(text):
        full = {**_HALF_TO_FULL, ".": "。"}[m.group(0)]
        found.append((m.start(), m.end(), "标点", full, f"中文句子里用全角标点“{full}”，不用半角“{m.group(0)}”。"))
    for m in _SPACE.finditer(text):
        found.append((m.start(), m.end(), "多余空格", "", "两个汉字之间不应有空格。"))
    for h in compliance.find_terms(text):
        if h.severity in _REVIEW_SEVERITY:
            wording = re.sub(r"（[^）]*）|\([^)]*\)", "", (h.replacement or "").split("/")[0]).strip()
            law = f"（{h.law_ref}）" if h.law_ref else ""
            why = f"“{h.word}”属于{h.category}{law}，须删除或改写。"
            found.append((h.start, h.end, f"用语：{h.category}", wording, why))
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    kept, covered = [], -1
    for f in found:
        if f[0] >= covered:
            kept.append(f)
            covered = f[1]
    return kept


def proofread(text: str, year: int = 2025) -> pd.DataFrame:
    """A proofreading pass: wrong brand name, date and weekday that do not match, 的/得/地,
    doubled words, half-width punctuation in Chinese, spaces between 汉字, review words of the
    course lexicon (severity 高/中) and a few typical typos. One row per problem:
    ``kind``, ``found``, ``position``, ``suggestion``, ``reason``.

    A tool finds the mechanical mistakes; facts (price, address, offer) must be checked
    against the brief by a person.

    >>> proofread("溪山茶叶8月7日（周五）上新,认真的挑选的的好茶")[["kind", "found", "suggestion"]].values.tolist()
    [['品牌名', '溪山茶叶', '溪山茶饮'], ['日期/星期', '8月7日（周五）', '8月7日（周四）'], ['标点', ',', '，'], \
['的/得/地', '认真的挑选', '认真地挑选'], ['重复字词', '的的', '的']]
    """
    text = "" if text is None else str(text)
    rows = [{"kind": k, "found": text[s:e], "position": s, "suggestion": sug, "reason": why}
            for s, e, k, sug, why in _issues(text, year)]
    return pd.DataFrame(rows, columns=PROOF_COLUMNS)


def correct(text: str, year: int = 2025) -> str:
    """``text`` with every suggestion of :func:`proofread` applied (repeated until stable).

    >>> correct("溪山茶叶8月7日（周五）上新,认真的挑选的的好茶")
    '溪山茶饮8月7日（周四）上新，认真地挑选的好茶'
    """
    text = "" if text is None else str(text)
    for _ in range(5):
        issues = _issues(text, year)
        if not issues:
            break
        out, last = [], 0
        for s, e, _k, sug, _why in issues:
            out.append(text[last:s] + sug)
            last = e
        text = "".join(out) + text[last:]
    return text


def activity_brief(day) -> dict:
    """The fact sheet of the week's member-day activity (会员日) on ``day``: what the copy must say.

    >>> activity_brief("2025-08-07")["date_text"]
    '8月7日（周四）'
    """
    d = _day(day)
    return {
        "name": f"{BRAND}会员日",
        "date": f"{d:%Y-%m-%d}",
        "date_text": f"{d.month}月{d.day}日（{WEEKDAYS[d.day_of_week]}）",
        "product": "桂花乌龙拿铁",
        "offer": "第二杯 8 折",
        "hours": "10:00–22:00",
        "where": "江浙沪全部门店及微信小程序",
    }


def sample_draft(day) -> str:
    """A colleague's draft for the member day on ``day``, with planted mistakes: wrong brand
    name, wrong weekday, 的/得/地, doubled words, half-width punctuation, a 广告法 absolute
    term — and one fact that contradicts :func:`activity_brief` (which no tool can catch).

    >>> proofread(sample_draft("2025-08-07"))["kind"].value_counts().to_dict()["标点"]
    2
    """
    d = _day(day)
    wrong_weekday = WEEKDAYS[(d.day_of_week + 1) % 7]
    return (f"{d.month}月{d.day}日（{wrong_weekday}）是溪山茶叶会员日!新品桂花乌龙拿铁上市，"
            "每一片茶叶都经过茶师认真的挑选，桂花香的不得了。\n"
            "当天第二杯半价，全天 10:00–22:00 江浙沪全部门店和微信小程序都可以参加参加，"
            "这是今年夏天最好喝的一杯,快约上朋友来尝尝吧。")
