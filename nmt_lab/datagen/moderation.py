"""内容审核的持续运营数据：审核词库的变更记录、负面信息处置单、响应时限规则。

- ``lexicon_changes``：词库从 v1.0（即 ``sensitive_words`` 表）起的每一次修改，一行一条：
  版本、发布日期、动作（新增/修改/删除/白名单）、依据类型（政策规定/行业规则/市场规范/审核反馈）
  和理由；末尾几行是“待审批”的提议，其中一条提议用删评压制差评，是给学生的法律意识陷阱。
  手工整理、没有随机性。
- ``negative_cases``：2025 年负面评论（``comments`` 中情感为负面的评论）和几条私信投诉生成的
  处置单：发现时间、问题类型、严重程度、处理完成时间。8 月中旬杨梅冰茶异物事件期间处理积压；
  一条版权投诉来自私信、没有点赞，却是法律风险最高的一类。
- ``response_rules``：严重程度 → 优先级 → 响应时限（小时）→ 上报对象。

>>> changes = generate_lexicon_changes()
>>> sorted(changes["version"].unique())[:2]
['v1.1', 'v1.2']
>>> rules = generate_response_rules()
>>> rules.set_index("severity")["response_hours"].to_dict()
{'严重': 4, '较重': 12, '一般': 48}
"""

from __future__ import annotations

import numpy as np
import pandas as pd

CHANGE_COLUMNS = ["change_id", "version", "released_on", "status", "action", "word", "category",
                  "severity", "replacement", "allow_list_of", "basis", "reason", "source"]
ACTIONS = ["新增", "修改", "删除", "白名单"]
BASES = ["政策规定", "行业规则", "市场规范", "审核反馈"]
STATUSES = ["已发布", "待审批"]
PENDING = "待定"

_ONLINE_TRADE = "《网络交易监督管理办法》（2021）第十四条（不得以返现、红包、卡券等方式诱导好评）"
_FOOD_HEALTH = "《广告法》第十七条；《食品安全法》第七十三条（普通食品不得宣称保健、治疗功能）"
_PLATFORM = "平台社区规范（站外导流、诱导互动条款，2025 年修订版，课程整理）"
_FEEDBACK = "课程整理：本品牌评论审核的误报与漏报复盘"
_ECOMMERCE = ("《电子商务法》第三十九条（不得删除消费者评价）；"
              "《消费者权益保护法》第十五条（消费者有权提出批评、建议）")

# (version, released_on, status, action, word, category, severity, replacement, allow_list_of,
#  basis, reason, source)
_CHANGES = [
    ("v1.1", "2025-03-03", "已发布", "白名单", "治愈的一天", "白名单", "低", None, "治愈", "审核反馈",
     "用户评论“今天又是被龙井奶绿治愈的一天”是情绪表达，不是功效宣称；v1.0 在评论里误报多次", _FEEDBACK),
    ("v1.1", "2025-03-03", "已发布", "白名单", "太治愈", "白名单", "低", None, "治愈", "审核反馈",
     "“配雨天太治愈了”同上，放行", _FEEDBACK),
    ("v1.1", "2025-03-03", "已发布", "白名单", "治愈系", "白名单", "低", None, "治愈", "审核反馈",
     "“治愈系”是风格描述，放行", _FEEDBACK),
    ("v1.1", "2025-03-03", "已发布", "新增", "加我vx", "引流联系方式", "高", None, None, "行业规则",
     "评论区引流话术：完整短语风险高于单独的“vx”", _PLATFORM),
    ("v1.2", "2025-06-02", "已发布", "新增", "好评返现", "诱导分享", "高", "（删除）", None, "政策规定",
     "以返现换好评属于诱导好评", _ONLINE_TRADE),
    ("v1.2", "2025-06-02", "已发布", "新增", "晒图返现", "诱导分享", "高", "（删除）", None, "政策规定",
     "同上：以返现换晒图好评", _ONLINE_TRADE),
    ("v1.2", "2025-06-02", "已发布", "新增", "五星好评送", "诱导分享", "高", "（删除）", None, "政策规定",
     "以赠品换五星好评", _ONLINE_TRADE),
    ("v1.2", "2025-06-02", "已发布", "修改", "转发抽奖", "诱导分享", "中", None, None, "行业规则",
     "由“低”调为“中”：微信公众号不得以奖励诱导分享，微博须用官方抽奖工具", _PLATFORM),
    ("v1.3", "2025-08-20", "已发布", "新增", "主页有惊喜", "引流联系方式", "中", None, None, "审核反馈",
     "8 月机器人评论的新话术，v1.2 漏检", _FEEDBACK),
    ("v1.3", "2025-08-20", "已发布", "新增", "割韭菜", "辱骂不文明", "低", None, None, "审核反馈",
     "“韭菜”的常见说法；批评性评价，仅提示不屏蔽", _FEEDBACK),
    ("v1.3", "2025-08-20", "已发布", "删除", "躺平", "不良价值观", "低", None, None, "市场规范",
     "网络流行语，机械屏蔽误伤大量正常评论；改为文案人工判断", "课程整理：审核复盘会决定"),
    ("v1.3", "2025-08-20", "已发布", "修改", "威信", "引流联系方式", "低", None, None, "审核反馈",
     "保持“低”：“有威信”是普通词，只提示不拦截（记录复核结论）", _FEEDBACK),
    ("v1.4", "2025-12-01", "已发布", "新增", "暖宫", "虚假功效", "高", "（删除）", None, "政策规定",
     "红豆姜枣奶茶冬季文案高发：普通食品不得宣称保健功能", _FOOD_HEALTH),
    ("v1.4", "2025-12-01", "已发布", "新增", "补气血", "虚假功效", "高", "（删除）", None, "政策规定",
     "同上", _FOOD_HEALTH),
    ("v1.4", "2025-12-01", "已发布", "新增", "驱寒", "虚假功效", "低", "暖暖的", None, "市场规范",
     "日常说法，宣称“喝了驱寒”时按功效宣传处理", _FOOD_HEALTH),
    ("v1.4", "2025-12-01", "已发布", "新增", "药食同源", "虚假功效", "中", "（删除）", None, "市场规范",
     "茶饮行业冬季营销常见，易被认定为暗示功效", _FOOD_HEALTH),
    (PENDING, None, "待审批", "新增", "好评截图领", "诱导分享", "高", "（删除）", None, "政策规定",
     "门店海报出现“好评截图领小料”：同属诱导好评", _ONLINE_TRADE),
    (PENDING, None, "待审批", "新增", "难喝", "辱骂不文明", "高", None, None, "审核反馈",
     "门店运营提议：含“难喝”的评论一律自动删除，减少差评", "门店运营部提议（未经审核）"),
    (PENDING, None, "待审批", "新增", "踩雷", "辱骂不文明", "高", None, None, "审核反馈",
     "同上一条提议：含“踩雷”的评论一律自动删除", "门店运营部提议（未经审核）"),
]


def generate_lexicon_changes() -> pd.DataFrame:
    """The lexicon's change log after v1.0, columns ``CHANGE_COLUMNS`` (no randomness)."""
    df = pd.DataFrame(_CHANGES, columns=CHANGE_COLUMNS[1:])
    df.insert(0, "change_id", [f"LC{i:03d}" for i in range(1, len(df) + 1)])
    df["released_on"] = pd.to_datetime(df["released_on"])
    for col in ("replacement", "allow_list_of"):
        df[col] = pd.Series(df[col].tolist(), dtype="str")
    df["status"] = pd.Categorical(df["status"], categories=STATUSES)
    df["action"] = pd.Categorical(df["action"], categories=ACTIONS)
    df["basis"] = pd.Categorical(df["basis"], categories=BASES)
    return df


# --------------------------------------------------------------------------- response rules

SEVERITIES = ["严重", "较重", "一般"]
RULE_COLUMNS = ["severity", "priority", "response_hours", "escalate_to", "action", "examples"]


def generate_response_rules() -> pd.DataFrame:
    """Severity → priority → first-response deadline in hours (a course example of an in-house rule)."""
    rows = [
        ("严重", "P1", 4, "新媒体运营主管、品控与法务",
         "4 小时内首次回应（公开致歉或说明正在核实），同步转交并上报，持续跟进到结案",
         "食品安全（异物、身体不适、投诉到 12315）、版权侵权、不实传言"),
        ("较重", "P2", 12, "相关部门负责人",
         "12 小时内回复并转交门店、外卖配送或会员部门，约定处理结果的时间",
         "门店服务、外卖配送、会员权益等具体投诉"),
        ("一般", "P3", 48, "无需上报",
         "48 小时内回复或记录；辱骂评论按社区规范折叠，不与用户争吵",
         "口味吐槽、价格抱怨、辱骂攻击、泛泛差评"),
    ]
    return pd.DataFrame(rows, columns=RULE_COLUMNS)


# --------------------------------------------------------------------------- negative cases

CASE_COLUMNS = ["case_id", "source", "comment_id", "platform", "text", "likes", "detected_at",
                "issue", "severity", "handled_at", "status"]
ISSUES = ["食品安全", "版权侵权", "不实传言", "门店服务", "外卖配送", "会员权益", "产品口味", "辱骂攻击",
          "一般吐槽"]
ISSUE_SEVERITY = {"食品安全": "严重", "版权侵权": "严重", "不实传言": "严重", "门店服务": "较重",
                  "外卖配送": "较重", "会员权益": "较重", "产品口味": "一般", "辱骂攻击": "一般",
                  "一般吐槽": "一般"}
_FOOD = ("异物", "头发", "虫子", "塑料片", "黑色的渣", "不舒服", "12315", "拉肚子")
_RUMOUR = ("听说", "真的假的", "据说")
_DEPT_ISSUE = {"门店": "门店服务", "外卖配送": "外卖配送", "会员": "会员权益", "产品": "产品口味"}
#: "now" of the workflow exercise: the first working morning after the data ends
NOW = pd.Timestamp("2026-01-03 09:00:00")
BACKLOG = (pd.Timestamp("2025-08-12"), pd.Timestamp("2025-08-16"))

# (detected_at, platform, text, issue, hours to handle or None = still open)
_DIRECT = [
    ("2025-04-18 10:20:00", "微信公众号",
     "【私信】你们公众号 4 月 15 日推文的头图是我拍的龙井茶园照片，没有授权也没有署名，请尽快处理。",
     "版权侵权", 3.0),
    ("2025-07-09 16:05:00", "小红书",
     "【私信】杨梅冰茶那篇笔记里的插画是我的原创作品，你们没问过我就用了，还裁掉了水印。请删除或联系我协商。",
     "版权侵权", None),
    ("2025-12-29 11:40:00", "微博",
     "【私信】你们官微置顶视频里的背景音乐是我们工作室的版权曲目，未获授权，请 3 日内下架。",
     "版权侵权", None),
]


def _issue(text: str, department: str, is_abusive: bool, is_complaint: bool) -> str:
    if any(w in text for w in _RUMOUR):
        return "不实传言"
    if any(w in text for w in _FOOD):
        return "食品安全"
    if is_complaint and department in _DEPT_ISSUE:
        return _DEPT_ISSUE[department]
    if is_abusive:
        return "辱骂攻击"
    return "一般吐槽"


def negative_cases_table(rng: np.random.Generator, comments: pd.DataFrame,
                         rules: pd.DataFrame | None = None) -> pd.DataFrame:
    """One case per 2025 negative comment, plus a few copyright complaints by direct message.

    Handling times follow the deadline of each severity: most cases are handled in time, a
    share late; during the 08-12 incident the team fell behind; cases found shortly before
    ``NOW`` may still be open, and so are two of the copyright messages (nobody owned them).
    """
    rules = generate_response_rules() if rules is None else rules
    hours = rules.set_index("severity")["response_hours"].to_dict()
    neg = comments[(comments["sentiment"] == "负面")
                   & (pd.to_datetime(comments["created_at"]) < pd.Timestamp("2026-01-01"))]
    neg = neg.sort_values(["created_at", "comment_id"])
    n = len(neg)
    created = pd.to_datetime(neg["created_at"]).to_numpy()
    delay_min = rng.gamma(2.0, 12.0, n)                                # patrol finds it in ~½ h
    in_backlog = (created >= np.datetime64(BACKLOG[0])) & (created < np.datetime64(BACKLOG[1]))
    delay_min = np.where(in_backlog, delay_min * 6, delay_min)
    detected = pd.to_datetime(created) + pd.to_timedelta(np.round(delay_min), unit="min")
    issue = [_issue(t, d, a, c) for t, d, a, c in zip(neg["text"], neg["department"].astype(str),
                                                     neg["is_abusive"], neg["is_complaint"], strict=True)]
    severity = [ISSUE_SEVERITY[i] for i in issue]
    limit = np.array([hours[s] for s in severity], dtype=float)
    # most are handled at 20-80 % of the deadline, about 12 % late, many more in the backlog
    frac = rng.uniform(0.2, 0.8, n)
    late = rng.random(n) < np.where(in_backlog, 0.55, 0.12)
    frac = np.where(late, rng.uniform(1.05, 2.5, n), frac)
    handled = detected + pd.to_timedelta(np.round(limit * frac * 60), unit="min")
    handled = pd.Series(handled)
    handled[handled > NOW] = pd.NaT                                   # not done yet
    cases = pd.DataFrame({
        "source": "评论", "comment_id": neg["comment_id"].to_numpy(),
        "platform": neg["platform"].astype(str).to_numpy(),
        "text": neg["text"].str.strip().to_numpy(), "likes": neg["likes"].to_numpy(),
        "detected_at": detected, "issue": issue, "severity": severity, "handled_at": handled.to_numpy(),
    })
    direct = pd.DataFrame([{
        "source": "私信", "comment_id": None, "platform": p, "text": t, "likes": 0,
        "detected_at": pd.Timestamp(d), "issue": i, "severity": ISSUE_SEVERITY[i],
        "handled_at": pd.Timestamp(d) + pd.Timedelta(hours=h) if h is not None else pd.NaT,
    } for d, p, t, i, h in _DIRECT])
    cases = pd.concat([cases, direct], ignore_index=True)
    cases = cases.sort_values(["detected_at", "source"], kind="stable").reset_index(drop=True)
    cases.insert(0, "case_id", [f"NC{i:04d}" for i in range(1, len(cases) + 1)])
    cases["status"] = np.where(cases["handled_at"].isna(), "未处理", "已处理")
    cases["comment_id"] = pd.Series(cases["comment_id"].tolist(), dtype="str")
    cases["likes"] = cases["likes"].astype("int64")
    cases["issue"] = pd.Categorical(cases["issue"], categories=ISSUES)
    cases["severity"] = pd.Categorical(cases["severity"], categories=SEVERITIES)
    cases["detected_at"] = pd.to_datetime(cases["detected_at"]).dt.floor("s")
    cases["handled_at"] = pd.to_datetime(cases["handled_at"]).dt.floor("s")
    return cases[CASE_COLUMNS]
