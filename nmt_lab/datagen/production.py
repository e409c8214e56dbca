"""Production tables: ``drafts`` (the drafts of the 2026 summer launch of 杨梅冰茶, one row per
draft) and ``draft_log`` (every state change of those drafts in the production workflow
选题 → 初稿 → 审核 → 修改 → 定稿 → 发布).

The drafts are written by the course (they are the texts the style-guide linter checks) and carry
the traps the task is about: 广告法 absolute terms, 淘宝腔 and slang the brand style guide bans,
titles too long for the platform, emoji in a 公众号 title, half-width punctuation, and drafts
that use materials whose licence does not allow commercial use or has expired. The log is
seeded: review (审核) waits longest because one supervisor reviews everything, and a few drafts
skip review altogether (初稿 → 发布), which the workflow check must catch.

>>> d = drafts_table()
>>> list(d.columns)[:4]
['draft_id', 'platform', 'format', 'title']
"""

from __future__ import annotations

import numpy as np
import pandas as pd

#: draft_id, platform, format, title, body, asset_id, owner, publish_date
DRAFTS = [
    ("D01", "微信公众号", "图文", "杨梅季回来了：一杯冰茶里的仙居东魁杨梅",
     "每年五月底，台州仙居的东魁杨梅进入采摘季。今年我们把整颗杨梅和高山绿茶一起冷萃，"
     "酸甜清爽，少冰更能喝出果香。门店和溪山茶饮小程序同步上新。", "M01", "林晓雯", "2026-05-28"),
    ("D02", "小红书", "图片笔记", "全网最好喝的杨梅冰茶来了🍹🍹🍹🍹",
     "姐妹们冲！！这杯杨梅冰茶绝绝子，yyds，0卡无负担～ #杨梅冰茶 #夏日饮品", "M06", "陈思彤",
     "2026-05-28"),
    ("D03", "抖音", "短视频", "30秒看懂一杯杨梅冰茶怎么做 #溪山茶饮",
     "镜头跟着杨梅从冷库到吧台：挑果、去核、冷萃、摇制。口播简单，画面说话。#杨梅冰茶", "M01", "许嘉怡",
     "2026-05-29"),
    ("D04", "微博", "微博", "#夏日第一杯# 杨梅冰茶回归，转发抽 20 杯",
     "杨梅冰茶回来啦!关注+转发本条，6月1日抽 20 位送杨梅冰茶兑换券。", "M03", "陈思彤", "2026-05-29"),
    ("D05", "视频号", "短视频", "茶园里的夏天：杨梅冰茶的茶底从哪里来",
     "跟着茶园师傅走一遍清晨采茶，讲清楚冷萃茶底为什么要用高山绿茶。", "M07", "周子航", "2026-05-30"),
    ("D06", "微信公众号", "图文", "🍓夏日限定！溪山奶茶杨梅冰茶第一次降价，亲们快来抢购吧",
     "亲，杨梅冰茶限时第二杯半价！销量第一的夏日爆款，错过再等一年。", "M05", "孙小满", "2026-05-30"),
    ("D07", "小红书", "图片笔记", "下班路上的一杯杨梅冰茶",
     "湖滨店的落地窗边，一杯少冰杨梅冰茶，酸甜刚好。#杨梅冰茶 #杭州探店", "M02", "陈思彤", "2026-05-31"),
    ("D08", "抖音", "短视频", "宝宝们看过来，杨梅冰茶隐藏喝法大公开，店员都不一定知道",
     "宝宝们！加一份茉莉茶冻，口感翻倍～#杨梅冰茶", "M04", "许嘉怡", "2026-05-31"),
    ("D09", "微信公众号", "图文", "杨梅冰茶的三种喝法，店员私藏版",
     "少冰、去冰、加茶冻，三种喝法三种口感。文末附门店地址，点击阅读原文进入小程序点单。", "M01", "林晓雯",
     "2026-06-02"),
    ("D10", "微博", "微博", "喝了能降火的杨梅冰茶!!夏天必备",
     "杨梅冰茶喝了能降火、还能美白，夏天必备!!#杨梅冰茶#", "M06", "孙小满", "2026-06-02"),
    ("D11", "小红书", "图片笔记", "杨梅冰茶×茶园，周末去哪儿",
     "周末去龙坞茶园走走，回程带一杯杨梅冰茶。#杭州周末 #杨梅冰茶", "M07", "陈思彤", "2026-06-03"),
    ("D12", "视频号", "直播", "今晚8点直播：杨梅冰茶上新，店长教你做",
     "店长现场演示杨梅冰茶的做法，直播间专享第二杯半价券。", "M01", "周子航", "2026-06-05"),
    ("D13", "抖音", "直播", "杨梅冰茶上新直播，国家级非遗制茶师坐镇",
     "直播间限时福利，100%新鲜杨梅现做，最低价只有今天。#杨梅冰茶", "M01", "许嘉怡", "2026-06-05"),
    ("D14", "微信公众号", "图文", "一颗杨梅的旅行：从仙居到你手里",
     "从凌晨采摘、冷链运输到门店现做，一颗杨梅要走 8 个小时。我们拍下了这一路。", "M03", "林晓雯",
     "2026-06-06"),
    ("D15", "小红书", "图片笔记", "夏日杨梅冰茶配色灵感🍒",
     "杨梅红+茶汤黄，拍照超出片。#夏日配色 #杨梅冰茶", "M04", "孙小满", "2026-06-06"),
    ("D16", "抖音", "短视频", "测评｜杨梅冰茶值不值得排队",
     "同事盲测三款杨梅饮品，说出真实感受，不吹不黑。#杨梅冰茶 #测评", "M01", "许嘉怡", "2026-06-07"),
]

#: the course's "now" for the workflow log: drafts still open are measured up to here
LOG_NOW = pd.Timestamp("2026-06-03 18:00")
REVIEWER = "周敏"  # 新媒体运营主管: the one reviewer (not in the staff table, which lists producers)

#: typical hours a draft stays in a state (median of a lognormal), review is the bottleneck
MEDIAN_HOURS = {"选题": 10.0, "初稿": 20.0, "审核": 34.0, "修改": 8.0, "定稿": 6.0}
#: drafts that skip review (the trap): draft_id -> the path they took
SKIPS = {"D10": ["选题", "初稿", "发布"], "D15": ["选题", "初稿", "定稿", "发布"]}
#: drafts still in progress at LOG_NOW: draft_id -> last state reached
OPEN = {"D11": "审核", "D12": "初稿", "D13": "审核", "D14": "修改", "D16": "选题"}


def drafts_table() -> pd.DataFrame:
    """The drafts (fixed texts written for the course)."""
    cols = ["draft_id", "platform", "format", "title", "body", "asset_id", "owner", "publish_date"]
    df = pd.DataFrame(DRAFTS, columns=cols)
    df["publish_date"] = pd.to_datetime(df["publish_date"])
    return df


def _path(rng: np.random.Generator, draft_id: str) -> list[str]:
    if draft_id in SKIPS:
        return list(SKIPS[draft_id])
    path = ["选题", "初稿", "审核"]
    loops = int(rng.choice([0, 1, 1, 2], p=[0.3, 0.4, 0.2, 0.1]))
    path += ["修改", "审核"] * loops
    path += ["定稿", "发布"]
    if draft_id in OPEN:
        last = OPEN[draft_id]
        idx = [i for i, s in enumerate(path) if s == last]
        path = path[: idx[0] + 1] if idx else path[:2]
    return path


def draft_log_table(rng: np.random.Generator, drafts: pd.DataFrame) -> pd.DataFrame:
    """One row per state a draft entered, with the time and who moved it."""
    rows = []
    for d in drafts.itertuples(index=False):
        path = _path(rng, d.draft_id)
        t = pd.Timestamp("2026-05-18 09:00") + pd.Timedelta(hours=float(rng.uniform(0, 120)))
        if d.draft_id in OPEN:  # late starters, so they are still open on LOG_NOW
            t = LOG_NOW - pd.Timedelta(hours=float(rng.uniform(40, 110)))
        for i, state in enumerate(path):
            who = REVIEWER if state in ("审核", "定稿") else d.owner
            rows.append((d.draft_id, i + 1, state, t.floor("min"), who))
            if i + 1 < len(path):
                hours = MEDIAN_HOURS[state] * float(rng.lognormal(0, 0.45))
                t = t + pd.Timedelta(hours=hours)
        if d.draft_id in OPEN and rows[-1][3] > LOG_NOW:
            # keep the open drafts open: squeeze their timeline before LOG_NOW
            k = len(path)
            start = rows[-k][3]
            span = (rows[-1][3] - start) / (LOG_NOW - pd.Timedelta(hours=3) - start)
            for j in range(k):
                r = rows[-k + j]
                rows[-k + j] = (r[0], r[1], r[2], (start + (r[3] - start) / span).floor("min"), r[4])
    out = pd.DataFrame(rows, columns=["draft_id", "step", "state", "entered_at", "operator"])
    return out.sort_values(["entered_at", "draft_id"], kind="stable").reset_index(drop=True)
