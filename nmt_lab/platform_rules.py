"""Platform rules as data, and validators that explain each failure in Chinese.

Rules live in the ``platform_rules`` table, one versioned row per rule with its source
and date. Where sources disagree or a rule changed, both versions are kept; validators
use the latest version unless told otherwise.

>>> text_length("溪山茶饮ABC", cjk_counts_as=2)
11
>>> [p.rule_type for p in check_text("微信公众号", "title", "溪" * 40)]
['max_len']
>>> check_text("小红书", "title", "夏日杨梅冰茶上新")
[]
>>> describe(rules("微信公众号", "name").iloc[0])
'不少于 4 字符（一个汉字计 2 个字符）'

Rules change: :func:`rule_changes` lists every version change (放宽 / 收紧, and whether the
newer source is confirmed), :func:`rules_as_of` and :func:`diff_rules` compare the rule book
at two dates.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd

from ._errors import check_choice

CHARSET_PATTERNS = {
    "中文": r"\u4e00-\u9fff",
    "字母": r"A-Za-z",
    "数字": r"0-9",
    "下划线": r"_",
    "空格": r" ",
    "标点": r"\u3000-\u303f\uff00-\uffef,.!?:;'\"()\-",
}


FIELD_LABELS = {
    "title": "标题", "author": "作者", "digest": "摘要", "body": "正文", "cover": "封面",
    "cover_secondary": "次条封面", "cover_feed": "信息流封面", "name": "名称", "bio": "简介",
    "avatar": "头像", "short_title": "短标题", "caption": "作品描述", "images": "图片", "video": "视频",
    "publish_frequency": "群发次数", "articles_per_push": "单次群发篇数",
    "accounts_per_subject": "每个主体可注册账号数",
    "menu_main": "一级菜单", "menu_sub": "二级菜单", "category": "行业类目",
}

RULE_LABELS = {
    "max_len": "字数上限", "min_len": "字数下限", "charset": "允许字符", "ratio": "宽高比",
    "width_px": "宽度", "height_px": "高度", "max_size_kb": "文件大小", "max_per_day": "每日次数",
    "max_per_month": "每月次数", "max_count": "数量上限", "min_count": "数量下限", "forbidden": "禁用词",
}


def is_cjk(ch: str) -> bool:
    return "CJK" in unicodedata.name(ch, "") or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef"


def text_length(text: str, cjk_counts_as: int = 1) -> int:
    """Length of ``text`` where a 汉字 (or full-width character) counts ``cjk_counts_as``."""
    return sum(cjk_counts_as if is_cjk(ch) else 1 for ch in str(text))


@dataclass(frozen=True)
class Problem:
    platform: str
    field: str
    rule_type: str
    rule_id: str
    message: str


@cache
def _table() -> pd.DataFrame:
    from .datasets import load

    return load("platform_rules")


def rules(platform: str | None = None, field: str | None = None, account_type: str | None = None,
          latest: bool = True, table: pd.DataFrame | None = None) -> pd.DataFrame:
    """Rules of a platform (and field), latest version of each unless ``latest=False``.

    ``table`` lets an exercise pass a changed rule table (the rules do change).
    """
    df = _table() if table is None else table
    if platform is not None:
        check_choice(platform, df["platform"].dropna().unique(), "平台")
        df = df[df["platform"] == platform]
    if field is not None:
        check_choice(field, df["field"].dropna().unique(), f"{platform or ''}规则对象")
        df = df[df["field"] == field]
    if account_type is not None:
        df = df[df["account_type"].isna() | (df["account_type"] == account_type)]
    if latest and len(df):
        keys = ["platform", "account_type", "field", "rule_type"]
        df = df.sort_values("version").groupby(keys, dropna=False, observed=True).tail(1)
    return df.sort_values("rule_id").reset_index(drop=True)


def _number(value: str) -> float:
    return float(re.sub(r"[^\d.]", "", str(value)))


def _charset_regex(spec: str) -> re.Pattern:
    parts = [CHARSET_PATTERNS[p.strip()] for p in re.split(r"[,，、]", spec) if p.strip() in CHARSET_PATTERNS]
    return re.compile(f"[^{''.join(parts)}]")


def check_text(platform: str, field: str, text: str, account_type: str | None = None,
               table: pd.DataFrame | None = None) -> list[Problem]:
    """Every text rule of ``platform``/``field`` that ``text`` breaks, each explained in Chinese."""
    problems = []
    text = "" if text is None else str(text)
    for r in rules(platform, field, account_type, table=table).itertuples(index=False):
        per_cjk = int(r.cjk_counts_as) if pd.notna(r.cjk_counts_as) else 1
        length = text_length(text, per_cjk)
        how = "（一个汉字按 2 个字符计）" if per_cjk == 2 else ""
        msg = None
        if r.rule_type == "max_len" and length > _number(r.value):
            over = length - int(_number(r.value))
            msg = f"长度 {length} 超过上限 {r.value} {r.unit or '字'}{how}，请删减 {over} 个字符。"
        elif r.rule_type == "min_len" and length < _number(r.value):
            msg = f"长度 {length} 少于下限 {r.value} {r.unit or '字'}{how}。"
        elif r.rule_type == "charset":
            bad = sorted(set(_charset_regex(r.value).findall(text)))
            if bad:
                msg = f"含有不允许的字符：{' '.join(repr(b) for b in bad[:8])}；只允许 {r.value}。"
        elif r.rule_type == "forbidden" and pd.notna(r.value) and r.value:
            found = [word for word in forbidden_words(r.value) if word in text]
            if found:
                msg = f"不得包含“{'”“'.join(found)}”。"
        if msg:
            where = f"规则 {r.rule_id}，来源：{r.source}，{r.source_date:%Y-%m-%d}"
            message = f"{platform}·{FIELD_LABELS.get(field, field)}：{msg}（{where}）"
            problems.append(Problem(platform, field, str(r.rule_type), r.rule_id, message))
    return problems


def check_image(platform: str, field: str, width: int, height: int, size_kb: float | None = None,
                table: pd.DataFrame | None = None, tolerance: float = 0.02) -> list[Problem]:
    """Every image rule (ratio, pixel size, file size) of ``platform``/``field`` that an image breaks."""
    problems = []
    for r in rules(platform, field, table=table).itertuples(index=False):
        msg = None
        if r.rule_type == "ratio":
            a, b = (float(x) for x in str(r.value).split(":"))
            want, got = a / b, width / height
            if abs(got / want - 1) > tolerance:
                msg = f"宽高比 {width}×{height}（{got:.2f}:1）不符合要求的 {r.value}。"
        elif r.rule_type == "width_px" and width < _number(r.value):
            msg = f"宽度 {width} 像素小于要求的 {r.value} 像素。"
        elif r.rule_type == "height_px" and height < _number(r.value):
            msg = f"高度 {height} 像素小于要求的 {r.value} 像素。"
        elif r.rule_type == "max_size_kb" and size_kb is not None and size_kb > _number(r.value):
            msg = f"文件大小 {size_kb:.0f} KB 超过上限 {r.value} KB，请压缩。"
        if msg:
            problems.append(Problem(platform, field, str(r.rule_type), r.rule_id,
                                    f"{platform}·{FIELD_LABELS.get(field, field)}：{msg}"
                                    f"（规则 {r.rule_id}，来源：{r.source}）"))
    return problems


def explain(problems: list[Problem]) -> str:
    """Problems as numbered Chinese lines (or a pass message)."""
    if not problems:
        return "✔ 全部符合平台规则。"
    return "\n".join(f"{i}. {p.message}" for i, p in enumerate(problems, start=1))


def forbidden_words(value: str) -> list[str]:
    """The words of a ``forbidden`` rule value: one word, or several separated by 、 , ， or /.

    >>> forbidden_words("官方、百度、百家")
    ['官方', '百度', '百家']
    """
    return [w.strip() for w in re.split(r"[、,，/]", str(value)) if w.strip()]


def describe(rule) -> str:
    """One rule (a row of :func:`rules`) as a short Chinese requirement.

    >>> describe(rules("微信公众号", "bio").iloc[0])
    '不超过 120 字'
    """
    value, unit = str(rule.value), rule.unit if isinstance(rule.unit, str) else ""
    per_cjk = "（一个汉字计 2 个字符）" if pd.notna(rule.cjk_counts_as) and int(rule.cjk_counts_as) == 2 else ""
    texts = {
        "max_len": f"不超过 {value} {unit or '字'}{per_cjk}",
        "min_len": f"不少于 {value} {unit or '字'}{per_cjk}",
        "charset": f"只能使用：{value}",
        "forbidden": f"不得包含：{'、'.join(forbidden_words(value))}",
        "ratio": f"宽高比 {value}",
        "width_px": f"宽度不小于 {value} 像素",
        "height_px": f"高度不小于 {value} 像素",
        "max_size_kb": f"文件不超过 {value} KB",
        "max_per_day": f"每天最多 {value} {unit or '次'}",
        "max_per_month": f"每月最多 {value} {unit or '次'}",
        "max_count": f"最多 {value} {unit or '个'}",
        "min_count": f"至少 {value} {unit or '个'}",
    }
    return texts.get(str(rule.rule_type), f"{rule.rule_type} {value}")


def sheet(platform: str, fields: list[str] | None = None, account_type: str | None = None,
          latest: bool = True, table: pd.DataFrame | None = None) -> pd.DataFrame:
    """A platform's rules as a readable Chinese table: 规则ID, 对象, 要求, 来源, 日期, 版本, 备注.

    >>> sheet("微博", ["name"], latest=False)["版本"].tolist()
    [1, 1, 2, 2]
    """
    df = rules(platform, account_type=account_type, latest=latest, table=table)
    if fields is not None:
        df = df[df["field"].isin(fields)]
    return pd.DataFrame({
        "规则ID": df["rule_id"],
        "对象": [FIELD_LABELS.get(str(f), str(f)) for f in df["field"]],
        "要求": [describe(r) for r in df.itertuples(index=False)],
        "来源": df["source"],
        "日期": pd.to_datetime(df["source_date"]).dt.strftime("%Y-%m-%d"),
        "版本": df["version"].astype(int),
        "备注": df["note"].fillna(""),
    }).reset_index(drop=True)


# ----------------------------------------------------------------- tracking rule changes

RULE_KEY = ["platform", "account_type", "field", "rule_type"]
_LIMITS = {"max_len": 1, "max_count": 1, "max_per_day": 1, "max_per_month": 1, "max_size_kb": 1,
           "min_len": -1, "min_count": -1, "width_px": -1, "height_px": -1}


def comparable_value(rule) -> float | None:
    """A length rule's limit counted in 汉字 (a limit of 30 characters where a 汉字 counts 2
    allows 15 汉字), so that versions with different counting can be compared; other
    numeric rules as they are, non-numeric ones ``None``.

    >>> comparable_value(rules("微博", "name", latest=False).iloc[1])
    15.0
    """
    try:
        value = _number(rule.value)
    except ValueError:
        return None
    per_cjk = rule.cjk_counts_as
    if str(rule.rule_type) in ("max_len", "min_len") and pd.notna(per_cjk) and int(per_cjk) > 1:
        return value / int(per_cjk)
    return value


def status_of(rule) -> str:
    """How far to trust a rule version: 来源冲突 (sources disagree, both kept), 待核实
    (industry reporting, not the platform's own page) or 已确认 (the platform's documentation).

    >>> [status_of(r) for r in rules("百家号", "title", latest=False).itertuples()]
    ['已确认', '待核实']
    """
    text = f"{rule.note or ''} {rule.source or ''}"
    if "冲突" in text or "两说" in text:
        return "来源冲突"
    if "待核实" in text or "soft" in text or "报道" in text:
        return "待核实"
    return "已确认"


def _direction(rule_type: str, old: float | None, new: float | None) -> str:
    if old is None or new is None or str(rule_type) not in _LIMITS:
        return "改动"
    if old == new:
        return "不变"
    looser = (new > old) == (_LIMITS[str(rule_type)] > 0)
    return "放宽" if looser else "收紧"


def rule_changes(platform: str | None = None, table: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every change between consecutive versions of a rule, oldest first.

    Columns: platform, field, rule_type, 旧值, 新值 (as written), 旧值_汉字 / 新值_汉字
    (:func:`comparable_value`), 方向 (放宽 / 收紧 / 不变 / 改动, judged on the comparable
    values), 旧来源, 新来源, 旧日期, 新日期 and 状态: 来源冲突 when either version says the
    sources disagree, else :func:`status_of` of the newer version.

    >>> rule_changes("百家号")[["旧值", "新值", "方向", "状态"]].to_dict("records")
    [{'旧值': '30', '新值': '64', '方向': '放宽', '状态': '待核实'}]
    """
    df = rules(platform, latest=False, table=table)
    key = df[RULE_KEY].astype(object).fillna("")
    df = df[key.duplicated(keep=False).to_numpy()]  # only rules with more than one row
    rows = []
    for _, group in df.groupby(RULE_KEY, dropna=False, observed=True, sort=False):
        group = group.sort_values(["version", "source_date"])
        for old, new in zip(group.iloc[:-1].itertuples(), group.iloc[1:].itertuples(), strict=True):
            if new.version == old.version:  # two rows of one version differ in scope, not time
                continue
            a, b = comparable_value(old), comparable_value(new)
            rows.append({
                "platform": new.platform, "field": new.field, "rule_type": new.rule_type,
                "旧值": str(old.value), "新值": str(new.value), "旧值_汉字": a, "新值_汉字": b,
                "方向": _direction(new.rule_type, a, b),
                "旧来源": old.source, "新来源": new.source,
                "旧日期": pd.Timestamp(old.source_date), "新日期": pd.Timestamp(new.source_date),
                "状态": "来源冲突" if "来源冲突" in (status_of(old), status_of(new)) else status_of(new),
            })
    columns = ["platform", "field", "rule_type", "旧值", "新值", "旧值_汉字", "新值_汉字", "方向",
               "旧来源", "新来源", "旧日期", "新日期", "状态"]
    out = pd.DataFrame(rows, columns=columns)
    return out.sort_values(["新日期", "platform", "field"], kind="stable").reset_index(drop=True)


def rules_as_of(date, table: pd.DataFrame | None = None) -> pd.DataFrame:
    """The rule book as it stood on ``date``: the latest version of each rule recorded by then.

    >>> rules_as_of("2022-12-31")["platform"].unique().tolist()
    ['微博', '百家号']
    """
    df = _table() if table is None else table
    df = df[pd.to_datetime(df["source_date"]) <= pd.Timestamp(date)]
    return rules(latest=True, table=df) if len(df) else df.iloc[0:0]


def diff_rules(old: pd.DataFrame, new: pd.DataFrame) -> pd.DataFrame:
    """What changed between two rule books (e.g. two :func:`rules_as_of` snapshots):
    one row per rule that is 新增 (only in ``new``), 删除 (only in ``old``) or 修改 (other value).

    >>> d = diff_rules(rules_as_of("2022-12-31"), rules_as_of("2023-12-31"))
    >>> d[["platform", "变化", "旧值", "新值"]].to_dict("records")
    [{'platform': '百家号', '变化': '修改', '旧值': '30', '新值': '64'}]
    """
    cols = [*RULE_KEY, "value", "source", "source_date"]

    def keyed(df: pd.DataFrame) -> pd.DataFrame:
        d = df[cols].copy()
        for c in RULE_KEY:
            d[c] = d[c].astype(object).where(d[c].notna(), "")
        return d.set_index(RULE_KEY)

    a, b = keyed(old), keyed(new)
    both = a.add_suffix("_old").join(b.add_suffix("_new"), how="outer")
    change = np.select([both["value_old"].isna(), both["value_new"].isna(),
                        both["value_old"].astype(str) != both["value_new"].astype(str)],
                       ["新增", "删除", "修改"], default="")
    both["变化"] = change
    both = both[both["变化"] != ""].reset_index()
    out = pd.DataFrame({
        "platform": both["platform"], "account_type": both["account_type"].replace("", None),
        "field": both["field"], "rule_type": both["rule_type"], "变化": both["变化"],
        "旧值": both["value_old"], "新值": both["value_new"],
        "来源": both["source_new"].where(both["source_new"].notna(), both["source_old"]),
    })
    return out.sort_values(["变化", "platform", "field"], kind="stable").reset_index(drop=True)


def add_version(table: pd.DataFrame, rule_id: str, value, source: str, source_date,
                note: str = "", **fields) -> pd.DataFrame:
    """A copy of the rule ``table`` with a new version of rule ``rule_id`` (the old one stays):
    same platform, field and rule type, the new ``value``, its ``source`` and ``source_date``,
    ``version`` one higher and the next free rule id. ``fields`` may change e.g. ``unit`` or
    ``cjk_counts_as`` too.

    >>> book = add_version(_table(), "R028", "30", "小红书创作服务平台·公告", "2026-01-10")
    >>> rule_changes("小红书", table=book)[["旧值", "新值", "方向", "状态"]].to_dict("records")
    [{'旧值': '20', '新值': '30', '方向': '放宽', '状态': '已确认'}]
    """
    check_choice(rule_id, table["rule_id"], "规则ID")
    if not isinstance(source, str) or not source.strip():
        raise ValueError("记录规则变动必须写明来源（source），如“小红书创作服务平台·公告”。")
    try:
        date = pd.Timestamp(source_date)
    except (ValueError, TypeError):
        raise ValueError(f'source_date 应是日期，如 "2026-01-10"；你给出的是 {source_date!r}。') from None
    old = table.loc[table["rule_id"] == rule_id].iloc[0]
    same = rules(old["platform"], old["field"], latest=False, table=table)
    same = same[(same["rule_type"] == old["rule_type"])
                & (same["account_type"].astype(object).fillna("") ==
                   ("" if pd.isna(old["account_type"]) else old["account_type"]))]
    last = same.sort_values("version").iloc[-1]
    if date < pd.Timestamp(last["source_date"]):
        raise ValueError(f"新版本的日期 {date:%Y-%m-%d} 早于上一版本（{last['rule_id']}，"
                         f"{pd.Timestamp(last['source_date']):%Y-%m-%d}）：检查日期。")
    unknown = [k for k in fields if k not in table.columns]
    if unknown:
        raise KeyError(f"规则表没有这些列：{'、'.join(unknown)}；可用的列有：{'、'.join(table.columns)}")
    numbers = table["rule_id"].str.extract(r"(\d+)", expand=False).astype(int)
    row = old.to_dict() | {"rule_id": f"R{numbers.max() + 1:03d}", "value": str(value), "source": source,
                           "source_date": date, "version": int(last["version"]) + 1, "note": note} | fields
    new = pd.DataFrame([row]).astype({c: table[c].dtype for c in table.columns}, errors="ignore")
    return pd.concat([table, new[table.columns]], ignore_index=True)
