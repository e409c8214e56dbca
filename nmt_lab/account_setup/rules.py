"""开设账号 · 规则：课程整理的开号规则（名称、简介、头像、公众号菜单，与 ``platform_rules`` 同样的列），
名称检查，以及规则变更的登记与对比。

标为 soft 的规则来自行业整理，不是平台原文：正式使用前请到平台帮助中心核对。
"""

from __future__ import annotations

import re
from functools import cache

import pandas as pd

from .. import platform_rules as pr
from .._errors import check_choice, check_columns
from ..platform_rules import Problem

BRAND_SUBJECT = "杭州溪山茶饮有限公司"
SETUP_PLATFORMS = ["微信公众号", "淘宝逛逛", "百家号", "抖音", "头条号"]
FORM_LABELS = {
    "platform": "平台", "account_type": "主体类型", "subject": "注册主体", "name": "名称", "bio": "简介",
    "avatar": "头像", "category": "行业类目", "operator": "运营人", "contact_phone": "联系电话",
    "contact_email": "联系邮箱", "admin_id": "管理员身份证号",
}
# Curated account-setup rules, same columns as the platform_rules table.
_TENCENT_HELP = "微信公众平台帮助中心·账号注册"
_MENU_DOC = "微信开放文档·自定义菜单"
_TAOBAO = "淘宝店铺基础设置说明（行业整理，soft）"
_BAIJIA = "百家号账号命名与资料规范（行业整理，soft）"
_TOUTIAO = "头条号注册指南（行业整理，soft）"
_DOUYIN = "抖音编辑资料说明（行业整理，soft）"
SETUP_RULES = [
    # rule_id, platform, family, field, rule_type, value, unit, cjk, source, date, note
    ("S01", "微信公众号", "腾讯系", "bio", "min_len", "4", "字", 1, _TENCENT_HELP, "2024-03-01", "功能介绍 4–120 字"),
    ("S02", "微信公众号", "腾讯系", "avatar", "ratio", "1:1", None, None, "微信公众平台帮助中心·头像设置",
     "2024-03-01", "系统把头像裁成方形和圆形，非方形图片会被裁掉一部分"),
    ("S03", "微信公众号", "腾讯系", "menu_main", "max_count", "3", "个", None, _MENU_DOC, "2024-03-01",
     "最多 3 个一级菜单"),
    ("S04", "微信公众号", "腾讯系", "menu_main", "max_len", "8", "字符", 2, _MENU_DOC, "2024-03-01",
     "一级菜单最多 4 个汉字，超出部分显示为“...”"),
    ("S05", "微信公众号", "腾讯系", "menu_sub", "max_count", "5", "个", None, _MENU_DOC, "2024-03-01",
     "每个一级菜单最多 5 个二级菜单"),
    ("S06", "微信公众号", "腾讯系", "menu_sub", "max_len", "16", "字符", 2, _MENU_DOC, "2024-03-01",
     "二级菜单最多 8 个汉字，超出部分显示为“...”"),
    ("S07", "淘宝逛逛", "阿里系", "name", "max_len", "60", "字符", 2, _TAOBAO, "2024-05-20",
     "店铺名最多 30 个汉字（60 个字符）"),
    ("S08", "淘宝逛逛", "阿里系", "bio", "max_len", "100", "字", 1, _TAOBAO, "2024-05-20", "店铺简介，soft"),
    ("S09", "淘宝逛逛", "阿里系", "avatar", "ratio", "1:1", None, None, _TAOBAO, "2024-05-20", "店标为方形"),
    ("S10", "淘宝逛逛", "阿里系", "avatar", "max_size_kb", "80", "KB", None, _TAOBAO, "2024-05-20",
     "旧版店标规范：80×80 像素、不超过 80 KB，soft"),
    ("S11", "百家号", "百度系", "name", "min_len", "2", "字", 1, _BAIJIA, "2024-06-01", "名称 2–10 个字"),
    ("S12", "百家号", "百度系", "name", "max_len", "10", "字", 1, _BAIJIA, "2024-06-01",
     "名称 2–10 个字（另有 2–20 字的说法，soft）"),
    ("S13", "百家号", "百度系", "name", "charset", "中文,字母,数字", None, None, _BAIJIA, "2024-06-01",
     "不能使用特殊符号和空格"),
    ("S14", "百家号", "百度系", "name", "forbidden", "官方、百度、百家、认证", None, None, _BAIJIA, "2024-06-01",
     "避免被误认为平台或官方认证账号"),
    ("S15", "百家号", "百度系", "bio", "min_len", "10", "字", 1, _BAIJIA, "2024-06-01", "简介 10–40 字，soft"),
    ("S16", "百家号", "百度系", "bio", "max_len", "40", "字", 1, _BAIJIA, "2024-06-01", "简介 10–40 字，soft"),
    ("S17", "百家号", "百度系", "avatar", "ratio", "1:1", None, None, _BAIJIA, "2024-06-01", "头像为方形"),
    ("S18", "头条号", "头条系", "name", "min_len", "2", "字", 1, _TOUTIAO, "2024-07-08", "名称 2–10 个字，建议全中文"),
    ("S19", "头条号", "头条系", "name", "max_len", "10", "字", 1, _TOUTIAO, "2024-07-08", "名称 2–10 个字，建议全中文"),
    ("S20", "头条号", "头条系", "bio", "min_len", "10", "字", 1, _TOUTIAO, "2024-07-08", "简介 10–50 字，不留联系方式"),
    ("S21", "头条号", "头条系", "bio", "max_len", "50", "字", 1, _TOUTIAO, "2024-07-08", "简介 10–50 字，25 字内最佳"),
    ("S22", "头条号", "头条系", "avatar", "ratio", "1:1", None, None, _TOUTIAO, "2024-07-08", "头像 200×200 像素"),
    ("S23", "头条号", "头条系", "avatar", "width_px", "200", "像素", None, _TOUTIAO, "2024-07-08", "头像 200×200 像素"),
    ("S24", "头条号", "头条系", "avatar", "height_px", "200", "像素", None, _TOUTIAO, "2024-07-08", "头像 200×200"),
    ("S25", "头条号", "头条系", "avatar", "max_size_kb", "5120", "KB", None, _TOUTIAO, "2024-07-08", "不超过 5 MB"),
    ("S26", "抖音", "头条系", "name", "max_len", "20", "字", 1, _DOUYIN, "2024-06-12",
     "来源说法 16–30 字不等，以 App 提示为准，soft"),
    ("S27", "抖音", "头条系", "bio", "max_len", "250", "字", 1, _DOUYIN, "2024-06-12", "个人简介，soft"),
    ("S28", "抖音", "头条系", "avatar", "ratio", "1:1", None, None, _DOUYIN, "2024-06-12", "头像显示为圆形，请用方图"),
]

_LOGIN = {
    "微信公众号": "管理员微信扫码登录；运营者微信需绑定授权",
    "视频号": "管理员微信扫码；可在视频号助手添加运营者",
    "微博": "绑定手机号登录；蓝V 后台可添加协作账号",
    "抖音": "绑定手机号登录；企业号后台可添加运营成员",
    "小红书": "绑定手机号登录；专业号后台可添加子账号",
    "B站": "绑定手机号登录",
    "头条号": "绑定手机号登录",
    "百家号": "百度账号登录（绑定手机号）",
    "淘宝逛逛": "千牛/淘宝账号登录；子账号分配权限",
}


# ----------------------------------------------------------------------------- rules


@cache
def _setup_table() -> pd.DataFrame:
    base = pr.rules(latest=False)
    cols = list(base.columns)
    extra = pd.DataFrame(
        [dict(rule_id=r[0], platform=r[1], platform_family=r[2], account_type=None, field=r[3], rule_type=r[4],
              value=r[5], unit=r[6], cjk_counts_as=r[7], source=r[8], source_date=r[9], version=1, note=r[10])
         for r in SETUP_RULES], columns=cols)
    return _normalize(pd.concat([_plain(base), extra], ignore_index=True))


def _plain(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    for col in out.columns:
        if isinstance(out[col].dtype, pd.CategoricalDtype):
            out[col] = out[col].astype(object)
    return out


def _normalize(df: pd.DataFrame) -> pd.DataFrame:
    df = _plain(df)
    df["source_date"] = pd.to_datetime(df["source_date"])
    df["cjk_counts_as"] = pd.array(df["cjk_counts_as"], dtype="Int64")
    df["version"] = df["version"].astype(int)
    df["value"] = df["value"].astype(str)
    df["account_type"] = df["account_type"].where(df["account_type"].notna(), None)
    return df.reset_index(drop=True)


def setup_rules() -> pd.DataFrame:
    """The ``platform_rules`` table plus the curated account-setup rules (a fresh copy).

    >>> t = setup_rules()
    >>> len(t) == len(SETUP_RULES) + 45, sorted(set(t["platform_family"]))[:2]
    (True, ['其他', '头条系'])
    """
    return _setup_table().copy()


def _table(table: pd.DataFrame | None) -> pd.DataFrame:
    return _setup_table() if table is None else table


def _has(table: pd.DataFrame, platform: str, field: str) -> bool:
    return bool(((table["platform"] == platform) & (table["field"] == field)).any())


def _length_rule(platform: str, field: str, table: pd.DataFrame) -> tuple[int, float, float]:
    """(汉字计数, 下限, 上限) of a text field; NaN where there is no such rule."""
    lo = hi = float("nan")
    per_cjk = 1
    if _has(table, platform, field):
        for r in pr.rules(platform, field, table=table).itertuples(index=False):
            if r.rule_type in ("max_len", "min_len"):
                if pd.notna(r.cjk_counts_as):
                    per_cjk = int(r.cjk_counts_as)
                if r.rule_type == "max_len":
                    hi = float(r.value)
                else:
                    lo = float(r.value)
    return per_cjk, lo, hi


def check_names(platform: str, names: list[str], table: pd.DataFrame | None = None) -> pd.DataFrame:
    """Check candidate account names against a platform's name rules and the wording lexicon.

    Returns one row per name: 名称, 长度 (counted as the rule says), 通过, 问题.

    >>> check_names("微信公众号", ["溪山冷泡茶", "溪山·冷泡茶"])[["名称", "长度", "通过"]].values.tolist()
    [['溪山冷泡茶', 10, True], ['溪山·冷泡茶', 11, False]]
    """
    t = _table(table)
    check_choice(platform, sorted(set(t["platform"])), "平台")
    per_cjk = _length_rule(platform, "name", t)[0]
    rows = []
    for name in names:
        problems = _text_problems(platform, "name", name, t)
        rows.append({"名称": name, "长度": pr.text_length(name, per_cjk), "通过": not problems,
                     "问题": "；".join(_short(p) for p in problems)})
    return pd.DataFrame(rows, columns=["名称", "长度", "通过", "问题"])


def _relabel(problems: list[Problem]) -> list[Problem]:
    """Chinese field names in messages: 微信公众号·name → 微信公众号·名称."""
    out = []
    for p in problems:
        label = pr.FIELD_LABELS.get(p.field, p.field)
        message = p.message.replace(f"{p.platform}·{p.field}：", f"{p.platform}·{label}：", 1)
        out.append(Problem(p.platform, p.field, p.rule_type, p.rule_id, message))
    return out


def _short(problem: Problem) -> str:
    return re.sub(r"（(规则|来源)[^）]*）$", "", problem.message.split("：", 1)[-1])


_CONTACT = re.compile(r"1[3-9]\d{9}|[\w.+-]+@[\w-]+\.[\w.]+|(?:vx|wx|qq|微信号)[:：\s]*[\w-]{5,}", re.I)
def _text_problems(platform: str, field: str, text: str, table: pd.DataFrame) -> list[Problem]:
    from .. import compliance

    label = FORM_LABELS[field]
    problems = _relabel(pr.check_text(platform, field, text, table=table)) if _has(table, platform, field) else []
    for hit in compliance.find_terms(text or ""):
        better = f"，可改为“{hit.replacement}”" if hit.replacement else "，请删除或改写"
        law = f"，依据：{hit.law_ref}" if hit.law_ref else ""
        problems.append(Problem(platform, field, "wording", hit.category,
                                f"{platform}·{label}：含有“{hit.word}”（{hit.category}{law}）{better}。"))
    if field == "bio":
        for found in _CONTACT.findall(text or ""):
            problems.append(Problem(platform, field, "contact", "引流",
                                    f"{platform}·{label}：简介里出现了联系方式“{found}”。平台一般不允许在简介里"
                                    "留手机号、邮箱或微信号（视为引流），请删除，合作可写“合作请私信”。"))
    return problems


# ----------------------------------------------------------------------------- rule changes

RULE_NOTICES = [
    ("N1", "头条号", "2026-01-05", "头条号创作者帮助·公告（课程虚构）",
     "自 2026 年 1 月 15 日起，头条号账号简介字数上限由 50 字调整为 20 字（一个汉字计 1 个字），"
     "超出部分将无法保存，请运营者及时修改。"),
    ("N2", "百家号", "2026-01-08", "百家号帮助中心·资料规范更新（课程虚构）",
     "为避免用户将普通账号误认为平台官方账号，自即日起，账号简介中不得出现“官方”二字；名称规范不变。"),
    ("N3", "微信公众号", "2026-01-10", "微信公众平台·运营公告（课程虚构）",
     "功能介绍修改的审核时效由 3 个工作日缩短为 1 个工作日；字数要求不变，仍为 4–120 字。"),
]


def rule_notices() -> pd.DataFrame:
    """Platform notices announcing rule changes (fictional, for the rule-change exercise).

    >>> rule_notices()["编号"].tolist()
    ['N1', 'N2', 'N3']
    """
    return pd.DataFrame(RULE_NOTICES, columns=["编号", "平台", "发布日期", "来源", "公告内容"])


_RULE_TYPES = ["max_len", "min_len", "charset", "ratio", "width_px", "height_px", "max_size_kb", "max_per_day",
               "max_per_month", "max_count", "min_count", "forbidden"]


def add_rule(table: pd.DataFrame, platform: str, field: str, rule_type: str, value, source: str,
             source_date: str, unit: str | None = None, cjk_counts_as: int | None = None, note: str = "",
             account_type: str | None = None) -> pd.DataFrame:
    """A copy of ``table`` with one new rule row. If the platform already has that rule
    (same field and rule type), the new row is its next version and the validators use it.

    >>> t = add_rule(setup_rules(), "头条号", "bio", "max_len", 20, "头条号公告", "2026-01-05", unit="字")
    >>> nmt_rule = pr.rules("头条号", "bio", table=t)
    >>> nmt_rule[nmt_rule["rule_type"] == "max_len"][["value", "version"]].values.tolist()
    [['20', 2]]
    >>> add_rule(setup_rules(), "百家号", "简介", "forbidden", "官方", "公告", "2026-01-08")
    Traceback (most recent call last):
    ...
    ValueError: 规则对象 "简介" 不存在：对象要写英文名，如简介写 "bio"、名称写 "name"。可用的有：...
    """
    check_columns(table, ["rule_id", "platform", "field", "rule_type", "version"])
    check_choice(platform, sorted(set(table["platform"])), "平台")
    check_choice(rule_type, _RULE_TYPES, "规则类型")
    fields = sorted(set(table["field"].dropna().astype(str)))
    if field not in fields:
        shown = "、".join(f"{f}（{pr.FIELD_LABELS[f]}）" if f in pr.FIELD_LABELS else f for f in fields)
        raise ValueError(f"规则对象 \"{field}\" 不存在：对象要写英文名，如简介写 \"bio\"、名称写 \"name\"。"
                         f"可用的有：{shown}")
    if not str(source or "").strip():
        raise ValueError("请写明规则的来源（source），例如公告的名称：规则要能查到出处。")
    when = pd.to_datetime(source_date, errors="coerce")
    if pd.isna(when):
        raise ValueError(f"来源日期 “{source_date}” 看不懂，请写成 \"2026-01-08\" 的形式。")
    same = table[(table["platform"] == platform) & (table["field"] == field) & (table["rule_type"] == rule_type)]
    if account_type is None:
        same = same[same["account_type"].isna()]
    else:
        same = same[same["account_type"] == account_type]
    family = table.loc[table["platform"] == platform, "platform_family"].iloc[0]
    new_ids = [i for i in table["rule_id"] if str(i).startswith("U")]
    row = {
        "rule_id": f"U{len(new_ids) + 1:02d}", "platform": platform, "platform_family": family,
        "account_type": account_type, "field": field, "rule_type": rule_type, "value": str(value), "unit": unit,
        "cjk_counts_as": cjk_counts_as, "source": source, "source_date": when,
        "version": int(same["version"].max()) + 1 if len(same) else 1, "note": note,
    }
    return _normalize(pd.concat([_plain(table), pd.DataFrame([row])], ignore_index=True))


def diff_rules(old: pd.DataFrame, new: pd.DataFrame) -> pd.DataFrame:
    """Rules whose latest version differs between two tables: 平台, 对象, 规则类型, 旧要求, 新要求, 来源, 日期.

    >>> t = add_rule(setup_rules(), "头条号", "bio", "max_len", 20, "头条号公告", "2026-01-05", unit="字")
    >>> diff_rules(setup_rules(), t)[["平台", "旧要求", "新要求"]].values.tolist()
    [['头条号', '不超过 50 字', '不超过 20 字']]
    """
    keys = ["platform", "account_type", "field", "rule_type"]

    def latest(df: pd.DataFrame) -> dict:
        df = pr.rules(latest=True, table=_plain(df))
        return {tuple("" if pd.isna(v) else v for v in k): r for k, r in
                zip(df[keys].itertuples(index=False, name=None), df.itertuples(index=False), strict=True)}

    before, after = latest(old), latest(new)
    rows = []
    for key, r in after.items():
        was = before.get(key)
        if was is None or (str(was.value), was.version) != (str(r.value), r.version):
            rows.append({"平台": r.platform, "对象": pr.FIELD_LABELS.get(r.field, r.field), "规则类型": r.rule_type,
                         "旧要求": pr.describe(was) if was is not None else "（无）", "新要求": pr.describe(r),
                         "来源": r.source, "日期": f"{pd.Timestamp(r.source_date):%Y-%m-%d}"})
    return pd.DataFrame(rows, columns=["平台", "对象", "规则类型", "旧要求", "新要求", "来源", "日期"])
