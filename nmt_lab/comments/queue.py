"""评论队列 · 队列：给一批评论打标记、定类别和处理方式（:func:`triage`），用人工标签检验，写移交清单，
把重复广告归组，测处理速度，以及队列面板（互动组件）。
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pandas as pd

from .._errors import check_choice, check_columns
from ..text import mask_personal, precision_recall, skeleton
from .rules import ACTIONS, CATEGORIES, DEPARTMENT_WORDS, PIN_THRESHOLD, _unique_flags, pin_score, text_flags

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
    >>> from nmt_lab.text import PERSONAL_DATA
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
    from ..labels import to_chinese as base

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

    from ..widgets import Panel

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
