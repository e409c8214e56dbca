"""内容生产：品牌风格指南检查（稿件 lint）、内容生产流程（状态机、非法跳转、各环节耗时）、
素材归类打标签，以及把一条内容改编成多种形式（图文大纲、海报、短视频脚本、直播脚本）。

风格指南是数据（``nmt_lab/data/style_guide.json``），《广告法》用语来自课程词库
（:mod:`nmt_lab.compliance`），素材授权来自素材库（:mod:`nmt_lab.images`）。

>>> f = lint("全网最好喝的杨梅冰茶！！", platform="微信公众号")
>>> sorted(set(f["rule"]))
['广告法用语', '重复标点']
>>> is_allowed("初稿", "发布")
False
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources

import pandas as pd

from ._errors import check_choice, check_columns

# =====================================================================================
# 1  内容生产规范：品牌风格指南
# =====================================================================================

FINDING_COLUMNS = ["field", "rule", "found", "suggestion", "severity"]
FINDING_LABELS = {"draft_id": "稿件", "platform": "平台", "field": "位置", "rule": "规则", "found": "命中",
                  "suggestion": "建议", "severity": "级别"}
MUST, SHOULD = "必须改", "建议改"
_EMOJI = re.compile("[\U0001F300-\U0001FAFF\u2600-\u27BF\u2B50\u2B55\u2728\u2764\uFE0F]")
_HASHTAG = re.compile(r"#[^#\s]+#?")


@cache
def _guide_text() -> str:
    return resources.files("nmt_lab").joinpath("data/style_guide.json").read_text("utf-8")


def style_guide() -> dict:
    """溪山茶饮的内容生产规范（品牌风格指南）：用词、各平台标题字数与表情、标点规则。

    >>> g = style_guide()
    >>> g["platforms"]["小红书"]["title_max"]
    20
    """
    return json.loads(_guide_text())


def platforms() -> list[str]:
    """风格指南里有规则的平台。

    >>> platforms()[:2]
    ['微信公众号', '视频号']
    """
    return list(style_guide()["platforms"])


def style_rules() -> pd.DataFrame:
    """风格指南的全部规则排成一张表（只用于阅读）：类别、对象、要求、原因。

    >>> r = style_rules()
    >>> list(r.columns)
    ['类别', '对象', '要求', '原因']
    >>> "溪山奶茶" in set(r["对象"])
    True
    """
    g = style_guide()
    rows = [(w["kind"], w["word"], f"改为：{w['replacement']}", w["reason"]) for w in g["words"]]
    for p, s in g["platforms"].items():
        rows.append(("平台规格", p, f"标题 ≤ {s['title_max']} 字，标题表情 ≤ {s['emoji_max']} 个，"
                                    f"话题标签 ≥ {s['hashtags_min']} 个", s["note"]))
    rows += [("标点", p["rule"], p["replacement"], p["reason"]) for p in g["punctuation"]]
    rows.append(("《广告法》", "绝对化用语、功效宣称等", "按词库建议改写",
                 "课程词库 sensitive_words（nmt.compliance）"))
    rows.append(("版权", "配图素材", "发布日授权有效、允许商用", "素材库 nmt.images.library() 的授权信息"))
    return pd.DataFrame(rows, columns=["类别", "对象", "要求", "原因"])


def count_emoji(text: str) -> int:
    """文本里有几个表情符号（emoji）。

    >>> count_emoji("夏日限定🍹🍹，冲✨")
    3
    """
    return len([c for c in _EMOJI.findall(str(text)) if c != "\uFE0F"])


def title_length(title: str) -> int:
    """标题字数：汉字、字母、数字、标点、表情各算 1 个字（不含首尾空格）。

    >>> title_length("30秒看懂一杯杨梅冰茶")
    11
    """
    return len(str(title).strip())


def _finding(field, rule, found, suggestion, severity) -> dict:
    return {"field": field, "rule": rule, "found": found, "suggestion": suggestion, "severity": severity}


def lint(title: str, body: str = "", platform: str = "小红书", asset_id: str | None = None,
         publish_date=None) -> pd.DataFrame:
    """按品牌风格指南检查一份稿件，返回问题表：每行一个问题。

    列：``field``（标题/正文/配图）、``rule``（规则）、``found``（命中的内容）、``suggestion``（怎么改）、
    ``severity``（“必须改”或“建议改”）。空表表示通过。给出 ``asset_id`` 和 ``publish_date`` 时，
    还会检查配图素材在发布日能否商用。

    >>> lint("杨梅冰茶的三种喝法", "少冰、去冰、加茶冻", platform="微信公众号").empty
    True
    >>> f = lint("🍓溪山奶茶夏日限定", platform="微信公众号")
    >>> f[["rule", "found"]].values.tolist()
    [['品牌名', '溪山奶茶'], ['标题表情', '1 个（上限 0）']]
    >>> lint("杨梅冰茶", platform="微信公众号", asset_id="M05", publish_date="2026-06-01")["rule"].tolist()
    ['素材授权']
    """
    g = style_guide()
    check_choice(platform, list(g["platforms"]), "平台")
    spec = g["platforms"][platform]
    title, body = str(title or ""), str(body or "")
    rows = []
    for field, text in (("标题", title), ("正文", body)):
        for w in g["words"]:
            if w["word"].lower() in text.lower():
                sev = SHOULD if w["kind"] == "统一用词" else MUST
                rows.append(_finding(field, w["kind"], w["word"], f"改为：{w['replacement']}（{w['reason']}）", sev))
        from . import compliance

        for h in compliance.find_terms(text):
            law = f"，{h.law_ref}" if h.law_ref else ""
            rows.append(_finding(field, "广告法用语", h.word,
                                 f"{h.category}{law}；建议：{h.replacement or '删除或改写'}", MUST))
        for p in g["punctuation"]:
            hits = re.findall(p["pattern"], text)
            if hits:
                rows.append(_finding(field, p["rule"], "".join(dict.fromkeys(hits)),
                                     f"{p['replacement']}（{p['reason']}）", SHOULD))
    n = title_length(title)
    if n > spec["title_max"]:
        rows.append(_finding("标题", "标题字数", f"{n} 字（上限 {spec['title_max']}）",
                             f"删到 {spec['title_max']} 字以内（{spec['note']}）", MUST))
    e = count_emoji(title)
    if e > spec["emoji_max"]:
        rows.append(_finding("标题", "标题表情", f"{e} 个（上限 {spec['emoji_max']}）",
                             f"最多 {spec['emoji_max']} 个表情（{spec['note']}）", SHOULD))
    tags = len(_HASHTAG.findall(title + " " + body))
    if tags < spec["hashtags_min"]:
        rows.append(_finding("正文", "话题标签", f"{tags} 个（至少 {spec['hashtags_min']}）",
                             "加上 #杨梅冰茶 这样的话题标签，方便搜索和推荐", SHOULD))
    if asset_id and publish_date is not None:
        from .images import library, licence_status

        lib = library()
        check_choice(asset_id, list(lib["asset_id"]), "素材编号")
        s = licence_status(lib[lib["asset_id"] == asset_id], str(publish_date)[:10]).iloc[0]
        if not s["usable"]:
            rows.append(_finding("配图", "素材授权", f"{asset_id}（{s['name']}）",
                                 f"{s['reason']}：换一张可商用的素材", MUST))
        elif s["licence"] == "CC BY 4.0":
            from .images import attribution

            rows.append(_finding("配图", "素材署名", f"{asset_id}（{s['name']}）", f"必须署名：{attribution(asset_id)}",
                                 SHOULD))
    return pd.DataFrame(rows, columns=FINDING_COLUMNS)


def lint_drafts(drafts: pd.DataFrame) -> pd.DataFrame:
    """检查 ``drafts`` 表里的每一份稿件，合成一张问题表（多了 ``draft_id`` 和 ``platform`` 两列）。

    >>> from nmt_lab import load
    >>> f = lint_drafts(load("drafts"))
    >>> list(f.columns)[:3]
    ['draft_id', 'platform', 'field']
    >>> "D07" in set(f["draft_id"])
    False
    """
    check_columns(drafts, ["draft_id", "platform", "title"])
    parts = []
    for d in drafts.to_dict("records"):
        f = lint(d["title"], d.get("body", ""), d["platform"], d.get("asset_id"), d.get("publish_date"))
        f.insert(0, "draft_id", d["draft_id"])
        f.insert(1, "platform", d["platform"])
        parts.append(f)
    cols = ["draft_id", "platform", *FINDING_COLUMNS]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=cols)


def lint_summary(drafts: pd.DataFrame, findings: pd.DataFrame | None = None) -> pd.DataFrame:
    """每份稿件的问题数：``must``（必须改）、``should``（建议改），``ready`` 为 True 表示没有必须改的问题。

    >>> from nmt_lab import load
    >>> s = lint_summary(load("drafts"))
    >>> bool(s.loc["D07", "ready"]), bool(s.loc["D02", "ready"])
    (True, False)
    """
    findings = lint_drafts(drafts) if findings is None else findings
    ids = pd.Index(drafts["draft_id"], name="draft_id")
    must = findings[findings["severity"] == MUST].groupby("draft_id").size().reindex(ids, fill_value=0)
    should = findings[findings["severity"] == SHOULD].groupby("draft_id").size().reindex(ids, fill_value=0)
    out = pd.DataFrame({"platform": drafts["platform"].to_numpy(), "title": drafts["title"].to_numpy(),
                        "must": must.to_numpy(), "should": should.to_numpy()}, index=ids)
    out["ready"] = out["must"] == 0
    return out


def chinese(df: pd.DataFrame) -> pd.DataFrame:
    """问题表、流程表等换成中文列名（只用于显示）。

    >>> list(chinese(lint("全网最好喝", platform="抖音")).columns)[:2]
    ['位置', '规则']
    """
    return df.rename(columns={**FINDING_LABELS, **STEP_LABELS})


# =====================================================================================
# 2  内容生产流程：状态机
# =====================================================================================

STATES = ["选题", "初稿", "审核", "修改", "定稿", "发布"]
#: allowed moves: state -> states it may go to next
TRANSITIONS = {"选题": ["初稿"], "初稿": ["审核"], "审核": ["修改", "定稿"], "修改": ["审核"],
               "定稿": ["发布"], "发布": []}
STEP_LABELS = {"step": "第几步", "state": "状态", "entered_at": "进入时间", "operator": "操作人",
               "next_state": "下一状态", "left_at": "离开时间", "hours": "停留小时", "allowed": "合规",
               "from_state": "原状态", "to_state": "跳到", "skipped": "漏掉的环节", "drafts": "稿件数",
               "median_hours": "中位小时", "mean_hours": "平均小时", "max_hours": "最长小时",
               "total_hours": "合计小时", "open": "仍停留", "waiting_hours": "已等待小时"}
#: the course's "now" of the draft_log table
LOG_NOW = "2026-06-03 18:00"


def transitions() -> pd.DataFrame:
    """允许的状态流转表：行是当前状态，列是下一状态，✔ 表示允许。

    >>> t = transitions()
    >>> t.loc["审核", "修改"], t.loc["初稿", "发布"]
    ('✔', '')
    """
    return pd.DataFrame([["✔" if b in TRANSITIONS[a] else "" for b in STATES] for a in STATES],
                        index=pd.Index(STATES, name="当前状态"), columns=STATES)


def is_allowed(current: str, nxt: str) -> bool:
    """从 ``current`` 能不能直接流转到 ``nxt``。

    >>> is_allowed("审核", "定稿"), is_allowed("选题", "定稿")
    (True, False)
    >>> is_allowed("草稿", "审核")
    Traceback (most recent call last):
    ...
    ValueError: 状态 "草稿" 不存在；可用的状态有：选题、初稿、审核、修改、定稿、发布
    """
    check_choice(current, STATES, "状态")
    check_choice(nxt, STATES, "状态")
    return nxt in TRANSITIONS[current]


def _skipped(a: str, b: str) -> str:
    """The states a move a -> b jumps over on the main path 选题 → 初稿 → 审核 → 定稿 → 发布."""
    main = ["选题", "初稿", "审核", "定稿", "发布"]
    if a in main and b in main and main.index(b) > main.index(a) + 1:
        return "、".join(main[main.index(a) + 1: main.index(b)])
    return ""


def steps(log: pd.DataFrame, now=LOG_NOW) -> pd.DataFrame:
    """流程日志加上每一步的去向和停留时长。

    新增列：``next_state``（下一状态，还没走的为空）、``left_at``（离开时间；还停在这里的按 ``now`` 算）、
    ``hours``（停留小时数；“发布”是终点，为空）、``allowed``（这一步到下一步的流转是否合规）。

    >>> from nmt_lab import load
    >>> s = steps(load("draft_log"))
    >>> s.loc[s["draft_id"] == "D10", ["state", "next_state", "allowed"]].values.tolist()[1]
    ['初稿', '发布', False]
    """
    check_columns(log, ["draft_id", "state", "entered_at"])
    df = log.copy()
    df["entered_at"] = pd.to_datetime(df["entered_at"])
    df = df.sort_values(["draft_id", "entered_at"], kind="stable").reset_index(drop=True)
    g = df.groupby("draft_id", sort=False)
    df["next_state"] = g["state"].shift(-1)
    df["left_at"] = g["entered_at"].shift(-1)
    last = df["next_state"].isna() & (df["state"] != "发布")
    df.loc[last, "left_at"] = pd.Timestamp(now)
    df["hours"] = (df["left_at"] - df["entered_at"]).dt.total_seconds() / 3600
    pairs = zip(df["state"], df["next_state"], strict=True)
    df["allowed"] = [True if pd.isna(b) else is_allowed(a, b) for a, b in pairs]
    return df


def illegal_moves(log: pd.DataFrame) -> pd.DataFrame:
    """不合规的流转：每行一次跳转，列 ``draft_id``、``from_state``、``to_state``、``at``（跳转时间）、
    ``operator``（谁操作的）、``skipped``（漏掉了哪些环节）。

    >>> from nmt_lab import load
    >>> bad = illegal_moves(load("draft_log"))
    >>> sorted(bad["draft_id"])
    ['D10', 'D15']
    >>> bad.loc[bad["draft_id"] == "D10", "skipped"].item()
    '审核、定稿'
    """
    s = steps(log)
    nxt = s.groupby("draft_id", sort=False)["operator"].shift(-1) if "operator" in s else None
    bad = s[~s["allowed"]]
    out = pd.DataFrame({"draft_id": bad["draft_id"], "from_state": bad["state"], "to_state": bad["next_state"],
                        "at": bad["left_at"],
                        "operator": nxt[bad.index] if nxt is not None else None,
                        "skipped": [_skipped(a, b) for a, b in zip(bad["state"], bad["next_state"], strict=True)]})
    return out.reset_index(drop=True)


def time_in_state(log: pd.DataFrame, now=LOG_NOW) -> pd.DataFrame:
    """各环节的耗时汇总（“发布”是终点不计时）：``drafts``（经过这个环节的稿件数）、``median_hours``、
    ``mean_hours``、``max_hours``、``total_hours``，以及 ``open``（现在还停在这个环节的稿件数）。

    同一份稿件反复进入同一环节（审核 → 修改 → 审核）时，每次停留都算一次。

    >>> from nmt_lab import load
    >>> t = time_in_state(load("draft_log"))
    >>> t["median_hours"].idxmax()
    '审核'
    """
    s = steps(log, now)
    s = s[s["state"] != "发布"]
    g = s.groupby("state")
    out = pd.DataFrame({"drafts": g["draft_id"].nunique(), "median_hours": g["hours"].median(),
                        "mean_hours": g["hours"].mean(), "max_hours": g["hours"].max(),
                        "total_hours": g["hours"].sum(),
                        "open": s[s["next_state"].isna()].groupby("state").size()})
    out["open"] = out["open"].fillna(0).astype(int)
    return out.reindex([x for x in STATES if x in out.index]).rename_axis("state")


def current_states(log: pd.DataFrame, now=LOG_NOW) -> pd.DataFrame:
    """每份稿件现在停在哪个状态、已经等了多少小时（``waiting_hours``；已发布的为空）。

    >>> from nmt_lab import load
    >>> c = current_states(load("draft_log"))
    >>> c.loc["D11", "state"]
    '审核'
    """
    s = steps(log, now)
    last = s.groupby("draft_id").tail(1).set_index("draft_id")
    out = last[["state", "entered_at"]].copy()
    out["waiting_hours"] = last["hours"].where(last["state"] != "发布")
    return out


def workflow_figure(summary: pd.DataFrame):
    """各环节中位停留时长的条形图（plotly），最慢的环节标红。"""
    import plotly.graph_objects as go

    colors = ["#d62728" if s == summary["median_hours"].idxmax() else "#7f9c6b" for s in summary.index]
    fig = go.Figure(go.Bar(x=list(summary.index), y=summary["median_hours"].round(1).tolist(),
                           marker_color=colors, text=summary["median_hours"].round(1).tolist()))
    fig.update_layout(title="各环节停留时长（中位数，小时）", xaxis_title="环节", yaxis_title="小时",
                      height=320, margin=dict(l=40, r=20, t=50, b=40))
    return fig


# =====================================================================================
# 3  素材库：归类历史内容、给素材打标签
# =====================================================================================


def topic_summary(posts: pd.DataFrame, by: str = "topic", n: int = 5) -> pd.DataFrame:
    """把历史内容按 ``by`` 归类并总结：条数（``posts``）、平均点赞率（``like_rate`` = 点赞 ÷ 阅读）、
    jieba 关键词（``keywords``，分号分隔）和点赞率最高的一条标题（``best_title``），按条数从多到少。

    >>> p = pd.DataFrame({"topic": ["新品", "新品", "门店"], "title": ["杨梅冰茶上新", "杨梅冰茶回归", "湖滨店开业"],
    ...                   "reads": [100, 200, 50], "likes": [10, 10, 5]})
    >>> s = topic_summary(p, n=1)
    >>> int(s.loc["新品", "posts"]), s.loc["新品", "keywords"], s.loc["新品", "best_title"]
    (2, '杨梅冰茶', '杨梅冰茶上新')
    """
    check_columns(posts, [by, "title", "reads", "likes"])
    from . import text

    rows = []
    for key, g in posts.groupby(by, sort=False):
        rate = g["likes"] / g["reads"].where(g["reads"] > 0)
        best = g.loc[rate.idxmax(), "title"] if rate.notna().any() else g["title"].iloc[0]
        words = text.keywords(g["title"].str.replace(r"#\S+", " ", regex=True), n=n)
        rows.append((key, len(g), float(g["likes"].sum() / max(g["reads"].sum(), 1)), "；".join(words), best))
    out = pd.DataFrame(rows, columns=[by, "posts", "like_rate", "keywords", "best_title"]).set_index(by)
    return out.sort_values("posts", ascending=False, kind="stable")


def tag_assets(lib: pd.DataFrame, extra: dict | None = None) -> pd.DataFrame:
    """给素材库打关键词标签：原有标签（``tags``）+ 名称和备注里的 jieba 关键词，去重后写入 ``keywords``
    （分号分隔）。``extra`` 可以给某些素材补充标签，例如 ``{"M01": "新品;杨梅冰茶"}``。

    >>> from nmt_lab.images import library
    >>> t = tag_assets(library())
    >>> t.set_index("asset_id").loc["M07", "keywords"].split("；")[:4]
    ['夏日', '茶园', '风景', '一年期']
    """
    check_columns(lib, ["asset_id", "name", "tags"])
    from . import text

    extra = extra or {}
    out = lib.copy()
    keys = []
    for r in out.to_dict("records"):
        words = [t for t in re.split(r"[;；,，\s]+", f"{r['tags']};{extra.get(r['asset_id'], '')}") if t]
        words += text.tokens(f"{r['name']} {r.get('note') or ''}")
        keys.append("；".join(dict.fromkeys(w for w in words if len(w) >= 2)))
    out["keywords"] = keys
    return out


def find_assets(lib: pd.DataFrame, word: str, publish_date: str) -> pd.DataFrame:
    """在素材库里按关键词找素材，并给出发布日能否商用（``usable``）和原因（``reason``）。

    >>> from nmt_lab.images import library
    >>> f = find_assets(tag_assets(library()), "杨梅", "2026-06-01")
    >>> f[["asset_id", "usable"]].values.tolist()
    [['M01', True], ['M05', False], ['M06', False]]
    """
    from .images import licence_status

    col = "keywords" if "keywords" in lib.columns else "tags"
    hit = lib[lib[col].fillna("").str.contains(str(word), regex=False)
              | lib["name"].fillna("").str.contains(str(word), regex=False)]
    s = licence_status(hit, publish_date)
    return s[["asset_id", "name", col, "licence", "usable", "reason"]].reset_index(drop=True)


# =====================================================================================
# 4  一条内容，多种形式
# =====================================================================================

FORMATS = ["图文大纲", "海报", "短视频脚本", "直播脚本"]
#: which cover spec (nmt.images.cover_specs) a poster for each platform uses
POSTER_SPEC = {"微信公众号": "微信公众号", "视频号": "抖音", "微博": "小红书", "抖音": "抖音", "小红书": "小红书"}
ITEM = {
    "topic": "杨梅冰茶回归",
    "headline": "杨梅季回来了！一杯冰茶里装着仙居东魁杨梅的夏天",
    "slogan": "杨梅季，回来了",
    "points": ["仙居东魁杨梅，当季现做", "高山绿茶冷萃茶底，酸甜清爽", "少冰更能喝出果香"],
    "offer": "上新当周第二杯半价",
    "cta": "门店和溪山茶饮小程序同步上新",
    "asset_id": "M01",
    "hashtags": ["#杨梅冰茶", "#溪山茶饮"],
}


def content_item(**changes) -> dict:
    """一条要改编的内容（选题卡）：主题、主标题、海报短标语、卖点、福利、行动号召、主图素材、话题标签。

    >>> content_item(offer="买一送一")["offer"]
    '买一送一'
    >>> content_item(price=9)
    Traceback (most recent call last):
    ...
    ValueError: 选题卡没有字段 "price"；可用的字段有：topic、headline、slogan、points、offer、cta、asset_id、hashtags
    """
    bad = [k for k in changes if k not in ITEM]
    if bad:
        raise ValueError(f'选题卡没有字段 "{bad[0]}"；可用的字段有：{"、".join(ITEM)}')
    item = {**ITEM, **changes}
    item["points"] = list(item["points"])
    return item


def outline(item: dict) -> pd.DataFrame:
    """公众号图文大纲：每行一个段落（``part``、``content``、``words`` 建议字数）。

    >>> o = outline(content_item())
    >>> o["part"].tolist()[:2], int(o["words"].sum())
    (['标题', '导语'], 1200)
    """
    pts = item["points"]
    rows = [("标题", item["headline"], 0), ("导语", f"{item['topic']}：用一个夏天的场景开头，引出卖点", 120)]
    rows += [(f"小标题{i + 1}", p, int(600 / len(pts))) for i, p in enumerate(pts)]
    rows += [("福利", item["offer"], 120), ("结尾", f"{item['cta']}；{' '.join(item['hashtags'])}", 360)]
    out = pd.DataFrame(rows, columns=["part", "content", "words"])
    out.loc[out.index[-1], "words"] += 1200 - int(out["words"].sum())
    return out


def poster(item: dict, platform: str = "小红书", title: str | None = None):
    """海报：主图素材按平台封面规格裁剪，排上标题和水印（Pillow，用课程自带的中文字体）。

    >>> poster(content_item(), "小红书").size
    (1080, 1440)
    >>> poster(content_item(), "视频号").size
    (1080, 1920)
    """
    from .images import design_cover, material

    check_choice(platform, list(POSTER_SPEC), "平台")
    title = title if title is not None else item["slogan"]
    return design_cover(material(item["asset_id"]), POSTER_SPEC[platform], title, focus=(0.69, 0.5))


def _split_seconds(total: int, shares: dict) -> pd.Series:
    from .planning import allocate

    return allocate(int(total), shares)


def video_script(item: dict, seconds: int = 30) -> pd.DataFrame:
    """短视频分镜脚本：每行一个镜头，列 ``shot``、``start``、``end``（秒）、``seconds``、``scene``（画面）、
    ``line``（口播/字幕）。开头 3 秒钩子，中间每个卖点一个镜头，最后行动号召；时长按比例分成整数秒。

    >>> s = video_script(content_item(), 30)
    >>> int(s["seconds"].sum()), s["start"].tolist()[:2]
    (30, [0, 3])
    """
    if not isinstance(seconds, int) or seconds < 10:
        raise ValueError(f"短视频时长 {seconds!r} 应为不少于 10 的整数秒，例如 15、30、60。")
    pts = item["points"]
    parts = [("钩子", "杨梅特写，冰块落进杯子", f"{item['topic']}！猜猜今年有什么不一样？")]
    parts += [(f"卖点{i + 1}", "产品与制作过程特写", p) for i, p in enumerate(pts)]
    parts += [("福利", "价格牌与优惠券", item["offer"]), ("行动号召", "门店门头 + 小程序点单页", item["cta"])]
    shares = {p[0]: (0.1 if p[0] == "钩子" else 0.15 if p[0] in ("福利", "行动号召") else 0.6 / len(pts))
              for p in parts}
    secs = _split_seconds(seconds, shares)
    secs["钩子"] = secs["钩子"] + (3 - secs["钩子"]) if seconds >= 20 else secs["钩子"]
    secs[secs.index[1]] += seconds - int(secs.sum())
    out = pd.DataFrame(parts, columns=["shot", "scene", "line"])
    out["seconds"] = [int(secs[p]) for p in out["shot"]]
    out["end"] = out["seconds"].cumsum()
    out["start"] = out["end"] - out["seconds"]
    return out[["shot", "start", "end", "seconds", "scene", "line"]]


LIVE_SEGMENTS = [("开场预热", 0.10, "主播", "欢迎进直播间，预告今晚福利和抽奖时间"),
                 ("产品讲解", 0.25, "主播 + 店长", "{points}"),
                 ("现场制作", 0.20, "店长", "现场做一杯 {topic}，讲清配料和做法"),
                 ("互动抽奖", 0.15, "场控", "评论区口令抽奖，公布中奖名单"),
                 ("福利讲解", 0.15, "主播", "{offer}：怎么领券、怎么核销"),
                 ("答疑", 0.10, "主播 + 店长", "回答评论区问题（配料、热量、门店）"),
                 ("下播预告", 0.05, "主播", "{cta}；预告下一场直播")]


def live_run_sheet(item: dict, start: str = "20:00", minutes: int = 60) -> pd.DataFrame:
    """直播脚本（流程单）：每行一个时间段，列 ``slot``（如 20:00–20:06）、``minutes``、``segment``、
    ``who``（谁负责）、``content``。各环节按固定比例分配时长，用最大余数法分成整分钟。

    >>> r = live_run_sheet(content_item(), "20:00", 60)
    >>> r["slot"].iloc[0], int(r["minutes"].sum())
    ('20:00–20:06', 60)
    """
    if not isinstance(minutes, int) or minutes < 15:
        raise ValueError(f"直播时长 {minutes!r} 应为不少于 15 的整数分钟，例如 30、60、90。")
    try:
        t0 = pd.Timestamp(f"2026-01-01 {start}")
    except ValueError:
        raise ValueError(f"开播时间 {start!r} 应写成“20:00”这样的时:分。") from None
    mins = _split_seconds(minutes, {s[0]: s[1] for s in LIVE_SEGMENTS})
    fill = {"points": "；".join(item["points"]), "topic": item["topic"], "offer": item["offer"], "cta": item["cta"]}
    rows, t = [], t0
    for seg, _, who, content in LIVE_SEGMENTS:
        end = t + pd.Timedelta(minutes=int(mins[seg]))
        rows.append((f"{t:%H:%M}–{end:%H:%M}", int(mins[seg]), seg, who, content.format(**fill)))
        t = end
    return pd.DataFrame(rows, columns=["slot", "minutes", "segment", "who", "content"])


def render(item: dict, fmt: str, platform: str) -> dict:
    """把选题卡改编成一种形式，并用风格指南检查它的标题和文字。

    返回 ``{"format", "platform", "title", "table"（大纲/脚本表，海报为 None）, "image"（海报，其余为 None）,
    "findings"（lint 问题表）}``。

    >>> r = render(content_item(), "短视频脚本", "抖音")
    >>> r["title"], r["findings"]["rule"].tolist()
    ('杨梅冰茶回归 #杨梅冰茶 #溪山茶饮', [])
    """
    check_choice(fmt, FORMATS, "内容形式")
    check_choice(platform, platforms(), "平台")
    tags = " ".join(item["hashtags"])
    table, image = None, None
    if fmt == "图文大纲":
        title, table = item["headline"], outline(item)
        body = " ".join(table["content"])
    elif fmt == "海报":
        title, body = item["slogan"], f"{item['offer']} {tags}"
        image = poster(item, platform, title)
    elif fmt == "短视频脚本":
        title, table = f"{item['topic']} {tags}", video_script(item)
        body = " ".join(table["line"])
    else:
        title, table = f"今晚8点直播：{item['topic']}", live_run_sheet(item)
        body = " ".join(table["content"]) + " " + tags
    findings = lint(title, body, platform, item.get("asset_id"), "2026-06-01")
    return {"format": fmt, "platform": platform, "title": title, "table": table, "image": image,
            "findings": findings}


def _table_html(df: pd.DataFrame) -> str:
    return chinese(df).to_html(index=False, border=0) if len(df) else "<p>✔ 没有发现问题</p>"


def repurpose_panel(item: dict | None = None, fmt: str = "短视频脚本", platform: str = "抖音"):
    """互动组件：选内容形式和平台 → 改编结果（表格或海报）、标题的风格指南检查，以及时长/字数分配图。"""
    import base64
    import io

    import ipywidgets as w
    import plotly.graph_objects as go

    from .widgets import Panel

    item = item or content_item()
    controls = {"fmt": w.Dropdown(options=FORMATS, value=fmt, description="形式"),
                "platform": w.Dropdown(options=platforms(), value=platform, description="平台"),
                "title": w.Text(value="", placeholder="留空用默认标题", description="改标题")}
    main, lint_box = w.HTML(), w.HTML()
    fig = go.FigureWidget(go.Bar(x=[], y=[]))
    fig.update_layout(height=280, margin=dict(l=40, r=20, t=40, b=40))

    def update(fmt, platform, title):
        r = render(item, fmt, platform)
        if title.strip():
            r["title"] = title.strip()
            body = "" if r["table"] is None else " ".join(r["table"].iloc[:, -1].astype(str))
            r["findings"] = lint(r["title"], body, platform, item.get("asset_id"), "2026-06-01")
            if fmt == "海报":
                r["image"] = poster(item, platform, r["title"])
        if r["image"] is not None:
            thumb = r["image"].copy()
            thumb.thumbnail((360, 360))
            buf = io.BytesIO()
            thumb.convert("RGB").save(buf, "JPEG", quality=85)
            main.value = f'<img src="data:image/jpeg;base64,{base64.b64encode(buf.getvalue()).decode()}">'
        else:
            main.value = r["table"].to_html(index=False, border=0)
        lint_box.value = f"<b>标题：</b>{r['title']}（{title_length(r['title'])} 字）<br>" + _table_html(r["findings"])
        t = r["table"]
        with fig.batch_update():
            if t is None:
                spec = style_guide()["platforms"][platform]
                fig.data[0].x, fig.data[0].y = ["标题字数", "上限"], [title_length(r["title"]), spec["title_max"]]
                fig.layout.title = "海报标题字数与平台上限"
            else:
                col = {"图文大纲": "words", "短视频脚本": "seconds", "直播脚本": "minutes"}[fmt]
                part = {"words": "part", "seconds": "shot", "minutes": "segment"}[col]
                fig.data[0].x, fig.data[0].y = t[part].tolist(), t[col].tolist()
                fig.layout.title = {"words": "各段建议字数", "seconds": "各镜头秒数", "minutes": "各环节分钟数"}[col]

    return Panel(controls, [w.HBox([main, lint_box]), fig], update, figure=fig, main=main, lint_box=lint_box)
