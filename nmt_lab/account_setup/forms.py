"""开设账号 · 注册表单：空白表单、按规则检查表单与账号表、各平台的认证方式，以及表单面板（互动组件）。"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pandas as pd

from .. import platform_rules as pr
from .._errors import check_choice, check_columns
from ..platform_rules import Problem
from .homepage import image_info
from .rules import (
    BRAND_SUBJECT,
    FORM_LABELS,
    SETUP_PLATFORMS,
    _has,
    _length_rule,
    _relabel,
    _setup_table,
    _short,
    _table,
    _text_problems,
)

FORM_FIELDS = ["platform", "account_type", "subject", "name", "bio", "avatar", "category",
               "operator", "contact_phone", "contact_email", "admin_id"]
REQUIRED = ("name", "bio", "avatar", "category", "operator", "contact_phone", "contact_email")

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


_PHONE = re.compile(r"^1[3-9]\d{9}$")
_EMAIL = re.compile(r"^[\w.+-]+@[\w-]+(\.[\w-]+)+$")


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

    from ..widgets import Panel

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
