"""开设账号 · 账号档案：汇总注册信息、找出并打码个人信息、交接前检查，读写档案文件。"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pandas as pd

from .._errors import check_columns
from .rules import _LOGIN, BRAND_SUBJECT, _setup_table

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
