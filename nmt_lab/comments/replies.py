"""评论队列 · 回复：挑出需要书面回复的负面评论，检查一条回复的基本规范。"""

from __future__ import annotations

import pandas as pd

from ..text import PERSONAL_DATA, mask_personal

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
    >>> from nmt_lab.comments import triage
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
    from ..compliance import find_terms

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
