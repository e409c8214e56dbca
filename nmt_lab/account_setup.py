"""Account setup simulator: registration forms checked against the platform rules, avatar
images, a masked registration archive a colleague can take over, homepage settings, and
rule changes.

The ``platform_rules`` table covers publishing rules well but few account-setup rules, so
this module adds a small curated set (:data:`SETUP_RULES`: names, bios, avatars, the
公众号 menu) in the same shape. Rows marked soft come from industry write-ups, not from the
platform itself: check the platform's help centre before relying on them.

>>> form = blank_form("头条号", name="溪山冷泡茶", bio="杭州原叶冷泡茶，分享门店新品和喝茶小知识。",
...                   category="美食", contact_phone="13800001299", contact_email="cold@xishan-tea.example")
>>> [p.rule_type for p in validate_form(form)]
['required', 'required']
>>> mask_phone("13800001201"), mask_email("wechat@xishan-tea.example")
('138****1201', 'w***@xishan-tea.example')
"""

from __future__ import annotations

import base64
import html
import io
import math
import re
from datetime import date
from functools import cache
from pathlib import Path

import pandas as pd
from PIL import Image, ImageDraw

from . import platform_rules as pr
from ._errors import check_choice, check_columns
from .platform_rules import Problem, explain

__all__ = [
    "ARCHIVE_COLUMNS", "BRAND_SUBJECT", "CATEGORY_OPTIONS", "SETUP_PLATFORMS", "STYLES", "SETUP_RULES",
    "add_rule", "archive_table", "blank_form", "check_menu", "check_names", "diff_rules", "explain",
    "find_personal_data", "form_panel", "form_view", "handover_check", "homepage_html", "homepage_panel",
    "image_info", "make_logo", "mask_archive", "mask_email", "mask_id", "mask_phone", "menu_coverage",
    "read_archive", "rule_notices", "save_homepage", "setup_rules", "style_table", "validate_accounts",
    "validate_form", "verification_guide", "write_archive", "homepage_specs",
]

BRAND_SUBJECT = "杭州溪山茶饮有限公司"
SETUP_PLATFORMS = ["微信公众号", "淘宝逛逛", "百家号", "抖音", "头条号"]
FORM_FIELDS = ["platform", "account_type", "subject", "name", "bio", "avatar", "category",
               "operator", "contact_phone", "contact_email", "admin_id"]
REQUIRED = ("name", "bio", "avatar", "category", "operator", "contact_phone", "contact_email")
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

CATEGORY_OPTIONS = {
    "微信公众号": ["餐饮/茶饮", "生活服务", "文化传媒", "电商零售", "教育培训"],
    "视频号": ["餐饮/茶饮", "美食", "生活服务", "文化传媒"],
    "微博": ["美食/饮品", "生活", "旅游", "时尚"],
    "抖音": ["餐饮/茶饮", "美食", "生活服务", "本地生活", "剧情"],
    "小红书": ["美食/饮品", "美食/探店", "生活方式", "旅行"],
    "B站": ["美食", "生活", "知识", "动画"],
    "头条号": ["美食", "生活", "财经", "科技", "旅游"],
    "百家号": ["美食", "生活", "财经", "科技", "旅游"],
    "淘宝逛逛": ["食品/茶饮", "美食/饮品", "生活/家居", "服饰/配件"],
}

_VERIFICATION = [
    ("微信公众号", "腾讯系", "微信认证", "营业执照、运营者身份证、盖章的认证申请公函、对公账户信息",
     "审核服务费约 300 元/年，每年需年审"),
    ("淘宝逛逛", "阿里系", "企业店铺认证", "营业执照、法定代表人身份证、企业支付宝账户", "以店铺开通页面为准"),
    ("百家号", "百度系", "企业账号认证", "营业执照、运营者身份证、盖章的确认书", "以百家号后台为准"),
    ("抖音", "头条系", "企业号认证（蓝V）", "营业执照、盖章的认证公函、品牌或商标证明（可选）",
     "审核服务费约 600 元/年"),
    ("头条号", "头条系", "机构/企业认证", "营业执照、盖章的非个人账号确认书、运营者身份证", "以头条号后台为准"),
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


# ----------------------------------------------------------------------------- forms


def blank_form(platform: str, **values) -> dict:
    """An empty registration form for ``platform`` (企业主体 prefilled); keyword arguments fill fields.

    >>> blank_form("抖音")["subject"]
    '杭州溪山茶饮有限公司'
    """
    check_choice(platform, sorted(set(_setup_table()["platform"])), "平台")
    form = dict.fromkeys(FORM_FIELDS, "")
    form.update(platform=platform, account_type="企业", subject=BRAND_SUBJECT)
    for key, value in values.items():
        check_choice(key, FORM_FIELDS, "表单字段")
        form[key] = value
    return form


_CONTACT = re.compile(r"1[3-9]\d{9}|[\w.+-]+@[\w-]+\.[\w.]+|(?:vx|wx|qq|微信号)[:：\s]*[\w-]{5,}", re.I)
_PHONE = re.compile(r"^1[3-9]\d{9}$")
_EMAIL = re.compile(r"^[\w.+-]+@[\w-]+(\.[\w-]+)+$")


def _text_problems(platform: str, field: str, text: str, table: pd.DataFrame) -> list[Problem]:
    from . import compliance

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


def validate_form(form: dict, table: pd.DataFrame | None = None, required=REQUIRED) -> list[Problem]:
    """Every problem of a registration form, each explained in Chinese (``explain`` prints them).

    Checks: required fields, the platform's name/bio rules (lengths where a 汉字 may count 2,
    characters, forbidden words), 广告法 terms and other review words, contact details in the
    bio, the avatar image file (ratio, pixels, file size), the category and the contact format.

    >>> form = blank_form("微信公众号", name="溪山冷泡茶·官方", bio="杭州最好喝的冷泡茶")
    >>> sorted({p.rule_type for p in validate_form(form, required=("name", "bio"))})
    ['charset', 'wording']
    >>> form["nmae"] = "溪山冷泡茶"          # a misspelt field is reported, not silently ignored
    >>> print(validate_form(form, required=())[0].message)
    微信公众号·表单：没有“nmae”这个字段，是不是拼错了？可填的字段有：name、bio、avatar、category、operator、contact_phone、contact_email。
    """
    if not isinstance(form, dict):
        raise TypeError(f"表单应该是一个字典（dict），例如 blank_form(\"头条号\")；你给出的是 {type(form).__name__}。")
    t = _table(table)
    platform = form.get("platform")
    check_choice(platform, sorted(set(t["platform"])), "平台")
    problems = []
    for key in form:
        if key not in FORM_FIELDS:
            problems.append(Problem(platform, str(key), "field", "字段",
                                    f"{platform}·表单：没有“{key}”这个字段，是不是拼错了？可填的字段有："
                                    f"{'、'.join(REQUIRED)}。"))
    for field in required:
        if not str(form.get(field) or "").strip():
            problems.append(Problem(platform, field, "required", "必填",
                                    f"{platform}·{FORM_LABELS[field]}：还没有填写。"))
    for field in ("name", "bio"):
        if str(form.get(field) or "").strip():
            problems += _text_problems(platform, field, str(form[field]), t)
    avatar = str(form.get("avatar") or "").strip()
    if avatar:
        if not Path(avatar).is_file():
            problems.append(Problem(platform, "avatar", "file", "文件",
                                    f"{platform}·头像：找不到图片文件 {avatar}。"
                                    "先用 make_logo(...) 生成，或检查路径。"))
        elif _has(t, platform, "avatar"):
            info = image_info(avatar)
            problems += _relabel(pr.check_image(platform, "avatar", info["width"], info["height"], info["size_kb"],
                                                table=t))
    category = str(form.get("category") or "").strip()
    if category and platform in CATEGORY_OPTIONS and category not in CATEGORY_OPTIONS[platform]:
        problems.append(Problem(platform, "category", "category", "类目",
                                f"{platform}·行业类目：“{category}”不在可选类目中；可选的有："
                                f"{'、'.join(CATEGORY_OPTIONS[platform])}。"))
    phone = str(form.get("contact_phone") or "").strip()
    if phone and not _PHONE.match(phone):
        problems.append(Problem(platform, "contact_phone", "format", "格式",
                                f"{platform}·联系电话：“{phone}”不是 11 位手机号。"))
    email = str(form.get("contact_email") or "").strip()
    if email and not _EMAIL.match(email):
        problems.append(Problem(platform, "contact_email", "format", "格式",
                                f"{platform}·联系邮箱：“{email}”格式不对，应形如 name@xishan-tea.example。"))
    return problems


def validate_accounts(accounts: pd.DataFrame, table: pd.DataFrame | None = None) -> pd.DataFrame:
    """Check every account's name and bio (the ``accounts`` table) against a rule table.

    Returns account_id, platform, account_name, passed, problems (one text per account).
    Pass a changed table to see which accounts a rule change breaks.

    >>> from nmt_lab import load
    >>> bool(validate_accounts(load("accounts"))["passed"].all())
    True
    """
    check_columns(accounts, ["account_id", "platform", "account_name", "bio"])
    t = _table(table)
    rows = []
    for a in accounts.itertuples(index=False):
        form = blank_form(str(a.platform), name=a.account_name, bio=a.bio)
        problems = validate_form(form, table=t, required=("name", "bio"))
        rows.append({"account_id": a.account_id, "platform": str(a.platform), "account_name": a.account_name,
                     "passed": not problems, "problems": "；".join(_short(p) for p in problems)})
    return pd.DataFrame(rows)


def verification_guide() -> pd.DataFrame:
    """How a company account is verified on each setup platform (materials; fees where known, soft).

    >>> verification_guide()["平台"].tolist() == SETUP_PLATFORMS
    True
    """
    return pd.DataFrame(_VERIFICATION, columns=["平台", "所属系", "企业认证", "常见材料", "费用与周期"])


# ----------------------------------------------------------------------------- images


def make_logo(path: str | Path, width: int = 600, height: int | None = None,
              colors: tuple[str, str] = ("#2a7f62", "#f4f1de")) -> Path:
    """Draw a simple brand logo (a tea leaf in a circle) and save it; the format follows the suffix.

    >>> p = make_logo("/tmp/nmt_doctest_logo.png", 300)
    >>> image_info(p)["width"], image_info(p)["height"]
    (300, 300)
    """
    height = width if height is None else height
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    main, light = colors
    img = Image.new("RGB", (width, height), light)
    d = ImageDraw.Draw(img)
    side = min(width, height)
    cx, cy, r = width / 2, height / 2, side * 0.42
    d.ellipse([cx - r, cy - r, cx + r, cy + r], fill=main)
    # a leaf along the diagonal: half-width sin(pi * t) ** 0.8 on each side of the midrib
    length, half = r * 1.35, r * 0.38
    ux, uy = math.cos(math.radians(-45)), math.sin(math.radians(-45))
    start = (cx - ux * length / 2, cy - uy * length / 2)
    ts = [i / 40 for i in range(41)]
    side_a = [(start[0] + ux * length * t - uy * half * math.sin(math.pi * t) ** 0.8,
               start[1] + uy * length * t + ux * half * math.sin(math.pi * t) ** 0.8) for t in ts]
    side_b = [(start[0] + ux * length * t + uy * half * math.sin(math.pi * t) ** 0.8,
               start[1] + uy * length * t - ux * half * math.sin(math.pi * t) ** 0.8) for t in reversed(ts)]
    d.polygon(side_a + side_b, fill=light)
    end = (start[0] + ux * length, start[1] + uy * length)
    d.line([(start[0] - ux * r * 0.12, start[1] - uy * r * 0.12), end], fill=main, width=max(2, side // 60))
    d.line([start, (start[0] - ux * r * 0.18, start[1] - uy * r * 0.18)], fill=light, width=max(2, side // 50))
    img.save(path)
    return path


def image_info(path: str | Path) -> dict:
    """Width, height (pixels), file size (KB) and format of an image file.

    >>> sorted(image_info(make_logo("/tmp/nmt_doctest_logo.png", 200)))
    ['format', 'height', 'size_kb', 'width']
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"找不到图片文件 {path}：检查路径，或先用 make_logo(...) 生成。")
    with Image.open(path) as img:
        width, height, fmt = img.width, img.height, img.format
    return {"width": width, "height": height, "size_kb": round(path.stat().st_size / 1024, 1), "format": fmt}


# ----------------------------------------------------------------------------- archive

ARCHIVE_COLUMNS = ["账号ID", "平台", "平台所属系", "账号名称", "账号类型", "注册主体", "注册日期", "认证状态",
                   "认证日期", "行业类目", "功能介绍", "运营人", "联系电话", "联系邮箱", "管理员身份证号", "登录方式",
                   "资料存放位置", "归档日期"]
HANDOVER_REQUIRED = ["账号ID", "平台", "账号名称", "账号类型", "注册主体", "认证状态", "运营人", "联系电话", "联系邮箱",
                     "登录方式", "资料存放位置"]
_PERSONAL = {"联系电话": "手机号", "联系邮箱": "邮箱", "管理员身份证号": "身份证号"}


def mask_phone(phone) -> str:
    """Keep the first 3 and last 4 digits of a mobile number.

    >>> mask_phone("13800001201"), mask_phone(None)
    ('138****1201', '')
    """
    s = "" if phone is None or (isinstance(phone, float) and pd.isna(phone)) else str(phone).strip()
    return re.sub(r"(1\d{2})\d{4}(\d{4})", r"\1****\2", s)


def mask_email(email) -> str:
    """Keep the first letter of the name part and the domain.

    >>> mask_email("member@xishan-tea.example")
    'm***@xishan-tea.example'
    """
    s = "" if email is None or (isinstance(email, float) and pd.isna(email)) else str(email).strip()
    return re.sub(r"^([^@\s])[^@\s]*@", r"\1***@", s)


def mask_id(number) -> str:
    """Keep the first 6 (region) and last 4 characters of an 18-character ID number.

    >>> mask_id("33010619900307123X")
    '330106********123X'
    """
    s = "" if number is None or (isinstance(number, float) and pd.isna(number)) else str(number).strip()
    return re.sub(r"^(\d{6})\d{8}(\d{3}[\dXx])$", r"\1********\2", s)


def archive_table(accounts: pd.DataFrame, forms: list[dict] = (), archived_on: str | None = None) -> pd.DataFrame:
    """The registration archive (Chinese columns, :data:`ARCHIVE_COLUMNS`), NOT yet masked.

    One row per account of the ``accounts`` table, plus one per new registration form (ids N01, N02 …).

    >>> from nmt_lab import load
    >>> a = archive_table(load("accounts"), archived_on="2026-01-05")
    >>> a.shape, a.loc[0, "联系电话"]
    ((12, 18), '13800001201')
    """
    check_columns(accounts, ["account_id", "platform", "platform_family", "account_name", "account_type",
                             "registered_on", "verified", "verified_on", "category", "bio", "operator",
                             "contact_phone", "contact_email"])
    today = archived_on or date.today().isoformat()
    rows = []
    for a in accounts.itertuples(index=False):
        rows.append({
            "账号ID": a.account_id, "平台": str(a.platform), "平台所属系": str(a.platform_family),
            "账号名称": a.account_name, "账号类型": str(a.account_type), "注册主体": BRAND_SUBJECT,
            "注册日期": f"{a.registered_on:%Y-%m-%d}", "认证状态": "已认证" if a.verified else "未认证",
            "认证日期": f"{a.verified_on:%Y-%m-%d}" if pd.notna(a.verified_on) else "",
            "行业类目": a.category, "功能介绍": a.bio, "运营人": a.operator, "联系电话": str(a.contact_phone),
            "联系邮箱": a.contact_email, "管理员身份证号": "",
            "登录方式": _LOGIN.get(str(a.platform), "绑定手机号登录"),
            "资料存放位置": f"共享盘/新媒体部/账号档案/{a.account_id}/", "归档日期": today,
        })
    family = _setup_table().drop_duplicates("platform").set_index("platform")["platform_family"]
    for i, f in enumerate(forms, start=1):
        rows.append({
            "账号ID": f"N{i:02d}", "平台": f["platform"], "平台所属系": family.get(f["platform"], ""),
            "账号名称": f.get("name", ""), "账号类型": f.get("account_type", "企业"),
            "注册主体": f.get("subject", BRAND_SUBJECT), "注册日期": today, "认证状态": "认证中", "认证日期": "",
            "行业类目": f.get("category", ""), "功能介绍": f.get("bio", ""), "运营人": f.get("operator", ""),
            "联系电话": str(f.get("contact_phone", "")), "联系邮箱": f.get("contact_email", ""),
            "管理员身份证号": str(f.get("admin_id", "") or ""), "登录方式": _LOGIN.get(f["platform"], "绑定手机号登录"),
            "资料存放位置": f"共享盘/新媒体部/账号档案/N{i:02d}/", "归档日期": today,
        })
    return pd.DataFrame(rows, columns=ARCHIVE_COLUMNS)


_FINDERS = {
    "手机号": re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)"),
    "身份证号": re.compile(r"(?<!\d)\d{17}[\dXx](?!\w)"),
    "邮箱": re.compile(r"[\w.+-]{2,}@[\w-]+(?:\.[\w-]+)+"),
}


def find_personal_data(data: pd.DataFrame | str | Path) -> pd.DataFrame:
    """Unmasked phone numbers, ID numbers and e-mail addresses in a table or a text/CSV file.

    Returns 行, 列, 类型, 内容 (shown masked, so the check itself leaks nothing).

    >>> import pandas as pd
    >>> find_personal_data(pd.DataFrame({"联系电话": ["13800001201", "138****1202"]}))
       行    列   类型         内容
    0  0  联系电话  手机号  138****1201
    """
    if isinstance(data, (str, Path)):
        data = pd.read_csv(data, dtype=str, encoding="utf-8-sig").fillna("")
    masks = {"手机号": mask_phone, "身份证号": mask_id, "邮箱": mask_email}
    rows = []
    for col in data.columns:
        for i, value in data[col].items():
            for kind, finder in _FINDERS.items():
                for found in finder.findall(str(value)):
                    rows.append({"行": i, "列": col, "类型": kind, "内容": masks[kind](found)})
    return pd.DataFrame(rows, columns=["行", "列", "类型", "内容"])


def mask_archive(archive: pd.DataFrame) -> pd.DataFrame:
    """A copy of an archive with phone numbers, e-mails and ID numbers masked.

    >>> from nmt_lab import load
    >>> safe = mask_archive(archive_table(load("accounts")))
    >>> safe.loc[0, "联系电话"], len(find_personal_data(safe))
    ('138****1201', 0)
    """
    out = archive.copy()
    for col, fn in (("联系电话", mask_phone), ("联系邮箱", mask_email), ("管理员身份证号", mask_id)):
        if col in out.columns:
            out[col] = out[col].map(fn)
    return out


def handover_check(archive: pd.DataFrame) -> list[str]:
    """What keeps an archive from being handed over: missing columns, empty required cells,
    unmasked personal data, passwords. Empty list = ready to hand over.

    >>> from nmt_lab import load
    >>> handover_check(mask_archive(archive_table(load("accounts"))))
    []
    """
    issues = []
    missing = [c for c in HANDOVER_REQUIRED if c not in archive.columns]
    if missing:
        issues.append(f"缺少列：{'、'.join(missing)}（接手的同事需要这些信息）。")
    for col in [c for c in HANDOVER_REQUIRED if c in archive.columns]:
        empty = archive[col].isna() | (archive[col].astype(str).str.strip() == "")
        if empty.any():
            issues.append(f"“{col}”有 {int(empty.sum())} 行没有填写。")
    if any("密码" in str(c) for c in archive.columns):
        issues.append("档案里不能有密码列：密码不入档，交接时由管理员重置后当面移交。")
    leaks = find_personal_data(archive)
    if len(leaks):
        kinds = "、".join(f"{k} {n} 处" for k, n in leaks["类型"].value_counts().items())
        issues.append(f"有未打码的个人信息：{kinds}。先用 mask_archive(...) 打码。")
    return issues


def write_archive(archive: pd.DataFrame, path: str | Path, allow_personal: bool = False) -> Path:
    """Write an archive as CSV (UTF-8 with BOM, so Excel shows Chinese) plus a handover note
    ``<name>_交接说明.md`` next to it. Refuses unmasked personal data unless ``allow_personal``.

    >>> from nmt_lab import load
    >>> p = write_archive(mask_archive(archive_table(load("accounts"))), "/tmp/nmt_doctest/档案.csv")
    >>> p.name, p.with_name("档案_交接说明.md").is_file()
    ('档案.csv', True)
    """
    check_columns(archive, ["账号ID", "平台", "账号名称"])
    leaks = find_personal_data(archive)
    if len(leaks) and not allow_personal:
        raise ValueError(f"档案里有 {len(leaks)} 处未打码的个人信息（{'、'.join(sorted(set(leaks['类型'])))}），"
                         "没有写入。先用 mask_archive(...) 打码。")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    archive.to_csv(path, index=False, encoding="utf-8-sig")
    by_platform = archive["平台"].value_counts()
    operators = "、".join(sorted(set(archive["运营人"]))) if "运营人" in archive.columns else "（未写）"
    issues = handover_check(archive)
    note = [
        f"# {path.stem} 交接说明", "",
        f"- 档案文件：{path.name}（UTF-8 编码的 CSV，可用 Excel 或 WPS 打开），共 {len(archive)} 个账号。",
        f"- 平台：{'、'.join(f'{p} {n} 个' for p, n in by_platform.items())}。",
        f"- 原运营人：{operators}。",
        f"- 注册主体：{BRAND_SUBJECT}；营业执照、认证公函等扫描件见各账号的“资料存放位置”。",
        "- 个人信息已打码（手机号保留前 3 后 4 位，邮箱保留首字母和域名）；完整信息向部门主管申请查看。",
        "- 登录密码不入档：交接时由管理员重置密码或在后台添加新运营者，当面确认。",
        f"- 交接检查：{'通过' if not issues else '；'.join(issues)}",
    ]
    path.with_name(f"{path.stem}_交接说明.md").write_text("\n".join(note) + "\n", encoding="utf-8")
    return path


def read_archive(path: str | Path) -> pd.DataFrame:
    """Read an archive CSV back (every column as text).

    >>> from nmt_lab import load
    >>> p = write_archive(mask_archive(archive_table(load("accounts"))), "/tmp/nmt_doctest/档案.csv")
    >>> read_archive(p).shape
    (12, 18)
    """
    return pd.read_csv(path, dtype=str, encoding="utf-8-sig").fillna("")


# ----------------------------------------------------------------------------- homepage

STYLES = {
    "清新自然": {"colors": ["#2a7f62", "#f4f1de", "#a3c9a8"], "tone": "温和、生活化，多用“一杯”“茶园”“慢下来”",
             "banner": "浅米色底 + 茶园或茶叶实拍", "example": "原叶现泡，一杯喝到茶园的清香"},
    "国潮雅致": {"colors": ["#9b2226", "#f6e7cb", "#bb9457"], "tone": "典雅、有文化感，可用节气、诗词",
             "banner": "朱红与金色 + 传统纹样或茶器", "example": "以茶会友，四时节气皆有好茶"},
    "简约现代": {"colors": ["#222222", "#ffffff", "#3b6fb6"], "tone": "简短直接，突出产品和服务",
             "banner": "白底 + 产品特写，大留白", "example": "原叶冷泡 | 门店 | 会员 | 新品"},
}
INDUSTRY_ESSENTIALS = {"餐饮/茶饮": ["点单", "门店", "新品", "会员", "活动"]}
HOMEPAGE_SPECS = [
    ("微信公众号", "自定义菜单",
     "最多 3 个一级菜单（每个最多 4 个汉字），每个一级菜单最多 5 个二级菜单（每个最多 8 个汉字）", _MENU_DOC),
    ("微信公众号", "被关注回复", "新粉丝关注后自动发送的欢迎语，引导点菜单或领券", "微信公众平台帮助中心"),
    ("抖音", "主页背景图与置顶", "背景图横向裁切显示；最多置顶 3 条作品", "抖音编辑资料说明（行业整理，soft）"),
    ("淘宝逛逛", "店招与店铺首页", "店招在首页顶部，旧版电脑端尺寸 950×120 像素", _TAOBAO),
    ("百家号", "简介与领域", "简介说清账号领域；领域选择影响推荐", _BAIJIA),
    ("头条号", "简介与头像", "简介 10–50 字、说清定位，不留联系方式", _TOUTIAO),
]


def style_table() -> pd.DataFrame:
    """The enterprise styles for a homepage: colours, tone of voice, banner idea, an example bio.

    >>> style_table().loc["国潮雅致", "主色"]
    '#9b2226'
    """
    rows = {name: {"主色": s["colors"][0], "底色": s["colors"][1], "点缀色": s["colors"][2], "语气": s["tone"],
                   "背景图": s["banner"], "示例简介": s["example"]} for name, s in STYLES.items()}
    out = pd.DataFrame(rows).T
    out.index.name = "风格"
    return out


def homepage_specs() -> pd.DataFrame:
    """What each platform's homepage lets you set (curated; soft rows marked in the source).

    >>> list(homepage_specs().columns)
    ['平台', '主页元素', '要求', '来源']
    """
    return pd.DataFrame(HOMEPAGE_SPECS, columns=["平台", "主页元素", "要求", "来源"])


def check_menu(menu: dict, table: pd.DataFrame | None = None) -> list[Problem]:
    """Check a 微信公众号 custom menu ``{一级菜单: [二级菜单, ...]}`` against the menu rules.

    >>> [p.rule_type for p in check_menu({"点单": ["小程序点单"], "会员中心与积分": []})]
    ['max_len']
    >>> print(check_menu({"点单": [], "门店": [], "会员": [], "活动": []})[0].message)
    微信公众号·一级菜单：一级菜单有 4 个，最多 3 个。（规则 S03，来源：微信开放文档·自定义菜单）
    >>> print(check_menu({"点单": "小程序点单"})[0].message)
    微信公众号·二级菜单：“点单”的二级菜单要写成列表，如 ["小程序点单", "附近门店"]；没有二级菜单就写 []。
    """
    if not isinstance(menu, dict):
        raise TypeError("菜单应该是一个字典：{\"一级菜单\": [\"二级菜单1\", \"二级菜单2\"], ...}。")
    t = _table(table)
    problems = []
    limits = {f: {r.rule_type: r for r in pr.rules("微信公众号", f, table=t).itertuples(index=False)}
              for f in ("menu_main", "menu_sub")}

    def count_problem(field: str, n: int, what: str) -> None:
        r = limits[field].get("max_count")
        if r is not None and n > int(r.value):
            problems.append(Problem("微信公众号", field, "max_count", r.rule_id,
                                    f"微信公众号·{pr.FIELD_LABELS[field]}：{what}有 {n} 个，最多 {r.value} 个。"
                                    f"（规则 {r.rule_id}，来源：{r.source}）"))

    count_problem("menu_main", len(menu), "一级菜单")
    for main, subs in menu.items():
        problems += _relabel(pr.check_text("微信公众号", "menu_main", str(main), table=t))
        if subs is not None and not isinstance(subs, (list, tuple)):
            problems.append(Problem("微信公众号", "menu_sub", "format", "格式",
                                    f"微信公众号·二级菜单：“{main}”的二级菜单要写成列表，"
                                    "如 [\"小程序点单\", \"附近门店\"]；没有二级菜单就写 []。"))
            subs = [subs] if isinstance(subs, str) else []
        subs = list(subs or [])
        count_problem("menu_sub", len(subs), f"“{main}”下的二级菜单")
        for sub in subs:
            problems += _relabel(pr.check_text("微信公众号", "menu_sub", str(sub), table=t))
    return problems


def menu_coverage(menu: dict, industry: str = "餐饮/茶饮") -> list[str]:
    """Which of the industry's essential homepage entries (点单, 门店 …) a menu offers.

    >>> menu_coverage({"点单": ["附近门店"], "福利": ["会员日"]})
    ['点单', '门店', '会员']
    """
    check_choice(industry, INDUSTRY_ESSENTIALS, "行业")
    words = " ".join([str(k) for k in menu] + [str(s) for v in menu.values() for s in (v or [])])
    return [w for w in INDUSTRY_ESSENTIALS[industry] if w in words]


def _data_uri(path: str | Path) -> str:
    with Image.open(path) as img:
        img = img.convert("RGB")
        img.thumbnail((160, 160))
        buf = io.BytesIO()
        img.save(buf, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode()


def homepage_html(platform: str, name: str, bio: str, avatar: str | Path | None = None, style: str = "清新自然",
                  menu: dict | None = None) -> str:
    """A mock homepage (banner in the style's colours, avatar, name, bio, menu) as HTML.

    >>> "溪山冷泡茶" in homepage_html("抖音", "溪山冷泡茶", "原叶冷泡", style="国潮雅致")
    True
    """
    check_choice(style, STYLES, "风格")
    main, light, accent = STYLES[style]["colors"]
    e = html.escape
    if avatar and Path(avatar).is_file():
        face = f"<img src='{_data_uri(avatar)}' style='width:72px;height:72px;border-radius:50%;" \
               f"border:3px solid {light};object-fit:cover'>"
    else:
        face = f"<div style='width:72px;height:72px;border-radius:50%;background:{accent};" \
               f"border:3px solid {light}'></div>"
    buttons = ""
    if menu:
        cells = []
        for main_item, subs in menu.items():
            sub_text = " · ".join(e(str(s)) for s in (subs or []))
            cells.append(f"<div style='flex:1;text-align:center;padding:6px;border-left:1px solid #ddd'>"
                         f"<b>{e(str(main_item))}</b><div style='font-size:11px;color:#666'>{sub_text}</div></div>")
        buttons = f"<div style='display:flex;border-top:1px solid #ddd;margin-top:10px'>{''.join(cells)}</div>"
    return (
        f"<div style='width:360px;font-family:sans-serif;border:1px solid #ccc;border-radius:12px;overflow:hidden;"
        f"background:#fff'>"
        f"<div style='height:90px;background:linear-gradient(120deg,{main},{accent})'></div>"
        f"<div style='padding:0 16px 12px;margin-top:-36px'>{face}"
        f"<div style='font-size:18px;font-weight:bold;color:{main};margin-top:4px'>{e(name or '（未填名称）')}</div>"
        f"<div style='font-size:12px;color:#888'>{e(platform)} · {e(style)}</div>"
        f"<div style='font-size:13px;margin-top:6px;color:#333'>{e(bio or '（未填简介）')}</div>{buttons}</div></div>"
    )


def save_homepage(html_text: str, path: str | Path) -> Path:
    """Save a homepage mock (from :func:`homepage_html`) as a standalone HTML page."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"<!doctype html><meta charset='utf-8'><title>主页预览</title>{html_text}", encoding="utf-8")
    return path


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


# ----------------------------------------------------------------------------- widgets


def form_view(platform: str, name: str, bio: str, avatar: str | None = None,
              table: pd.DataFrame | None = None) -> dict:
    """What the account-form panel shows, as plain data: the problems, and per text field the
    length counted as the rule says, the lower and upper limits and whether it passes.

    >>> v = form_view("微信公众号", "溪山冷泡茶", "原叶冷泡茶")
    >>> v["fields"], v["used"], v["max"]
    (['名称', '简介'], [10, 5], [30.0, 120.0])
    """
    t = _table(table)
    form = blank_form(platform, name=name, bio=bio, avatar=avatar or "")
    problems = validate_form(form, table=t, required=("name", "bio"))
    view = {"fields": [], "used": [], "min": [], "max": [], "ok": [], "problems": [p.message for p in problems]}
    for field in ("name", "bio"):
        per_cjk, lo, hi = _length_rule(platform, field, t)
        view["fields"].append(FORM_LABELS[field])
        view["used"].append(pr.text_length(form[field], per_cjk))
        view["min"].append(lo)
        view["max"].append(hi)
        view["ok"].append(not any(p.field == field for p in problems))
    view["avatar"] = image_info(avatar) if avatar and Path(avatar).is_file() else None
    return view


def _problems_html(messages: list[str]) -> str:
    if not messages:
        return "<div style='color:#2a7f62;font-size:14px'>✔ 全部符合平台规则，可以提交。</div>"
    items = "".join(f"<li>{html.escape(m)}</li>" for m in messages)
    return f"<div style='color:#c0392b;font-size:13px'>发现 {len(messages)} 个问题：<ol>{items}</ol></div>"


def form_panel(platform: str = "微信公众号", name: str = "", bio: str = "", avatar: str | None = None,
               avatars: list[str] | None = None, table: pd.DataFrame | None = None):
    """Account form: pick the platform, type the name and bio, pick an avatar file; the rule
    check and the length chart update as you type."""
    import ipywidgets as w
    import plotly.graph_objects as go

    from .widgets import Panel

    t = _table(table)
    platforms = [p for p in SETUP_PLATFORMS + sorted(set(t["platform"]) - set(SETUP_PLATFORMS))]
    avatar_options = [("（未上传）", "")] + [(Path(a).name, str(a)) for a in (avatars or [])]
    controls = {
        "platform": w.Dropdown(options=platforms, value=platform, description="平台"),
        "name": w.Text(value=name, description="名称", placeholder="账号名称"),
        "bio": w.Textarea(value=bio, description="简介", placeholder="功能介绍/简介",
                          layout=w.Layout(width="420px", height="70px")),
        "avatar": w.Dropdown(options=avatar_options, value=str(avatar or ""), description="头像"),
    }
    fig = go.FigureWidget(
        data=[go.Bar(name="已用长度", text=[], textposition="outside"),
              go.Scatter(name="上限", mode="markers", marker=dict(symbol="line-ew-open", size=40, color="#c0392b")),
              go.Scatter(name="下限", mode="markers", marker=dict(symbol="line-ew-open", size=40, color="#3b6fb6"))],
        layout=dict(height=300, yaxis_title="长度（按平台规则计）", bargap=0.5),
    )
    card = w.HTML()
    info = w.HTML()

    def update(platform: str, name: str, bio: str, avatar: str) -> None:
        view = form_view(platform, name, bio, avatar or None, table=t)
        with fig.batch_update():
            fig.data[0].x, fig.data[0].y = view["fields"], view["used"]
            fig.data[0].marker.color = ["#2a7f62" if ok else "#c0392b" for ok in view["ok"]]
            fig.data[0].text = [f"{u}/{int(m) if m == m else '不限'}" for u, m in zip(view["used"], view["max"],
                                                                                    strict=True)]
            fig.data[1].x, fig.data[1].y = view["fields"], view["max"]
            fig.data[2].x, fig.data[2].y = view["fields"], view["min"]
            fig.layout.title = f"{platform} · 名称与简介长度"
        card.value = _problems_html(view["problems"])
        a = view["avatar"]
        info.value = ("头像：未选择" if a is None else
                      f"头像：{a['width']}×{a['height']} 像素，{a['size_kb']:.0f} KB，{a['format']}")

    return Panel(controls, [card, info, fig], update, figure=fig, card=card, info=info)


def homepage_panel(platform: str = "抖音", name: str = "溪山冷泡茶", bio: str = "", avatar: str | None = None,
                   style: str = "清新自然", menu: dict | None = None):
    """Homepage preview: pick the style and platform, edit the bio; the mock homepage updates."""
    import ipywidgets as w

    from .widgets import Panel

    controls = {
        "platform": w.Dropdown(options=SETUP_PLATFORMS, value=platform, description="平台"),
        "style": w.Dropdown(options=list(STYLES), value=style, description="企业风格"),
        "bio": w.Text(value=bio, description="简介", layout=w.Layout(width="420px")),
    }
    preview, notes = w.HTML(), w.HTML()

    def update(platform: str, style: str, bio: str) -> None:
        s = STYLES[style]
        preview.value = homepage_html(platform, name, bio, avatar, style, menu if platform == "微信公众号" else None)
        swatches = "".join(f"<span style='display:inline-block;width:28px;height:16px;background:{c};"
                           f"border:1px solid #999;margin-right:4px'></span>" for c in s["colors"])
        problems = _text_problems(platform, "bio", bio, _setup_table()) if bio else []
        check = "✔ 简介符合规则" if not problems else "✘ " + "；".join(_short(p) for p in problems)
        notes.value = (f"<div style='font-size:13px;line-height:1.8'>配色：{swatches}<br>语气：{s['tone']}<br>"
                       f"背景图：{s['banner']}<br>示例简介：{s['example']}<br>{html.escape(check)}</div>")

    return Panel(controls, [w.HBox([preview, notes])], update, preview=preview, notes=notes)
