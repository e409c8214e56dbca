"""Planning tables: ``staff`` (the content team), ``content_plan`` (the 2026 Q1 content
backlog, one row per task) and ``headline_tests`` (2025 A/B headline tests).

The plan follows the weekly rhythm of the brand's accounts and adds festival content from
:func:`nmt_lab.planning.event_calendar` (lunar festivals computed with lunar-python). It
carries the traps the task is about: a pillar mix that drifts from the year plan (too many
promotions, too little 茶知识), a few people overloaded in festival weeks while others have
time, tasks nobody owns yet, and titles copied word for word from 2025 posts.

>>> s = staff_table()
>>> list(s.columns)
['staff_id', 'name', 'role', 'skills', 'weekly_hours', 'platforms']
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .titles import make_title

PLAN_START = pd.Timestamp("2026-01-05")  # a Monday
PLAN_WEEKS = 12

#: name, role, skills, hours a week available for content production, platforms
STAFF = [
    ("林晓雯", "新媒体运营专员", "文案", 14, "微信公众号"),
    ("陈思彤", "新媒体运营专员", "文案|设计", 16, "微博|小红书"),
    ("周子航", "视频编导", "视频", 20, "视频号|抖音"),
    ("许嘉怡", "新媒体编辑", "文案|视频", 16, "抖音|小红书"),
    ("沈浩然", "新媒体编辑", "视频|文案", 12, "B站|头条号"),
    ("唐可欣", "设计师", "设计", 16, "全平台"),
    ("孙小满", "新媒体实习生", "文案|设计", 12, "全平台"),
]

#: weekly rhythm: (day offset from Monday, platform, format)
WEEK = [
    (0, "微信公众号", "图文"), (2, "微信公众号", "图文"), (4, "微信公众号", "图文"),
    (1, "小红书", "图片笔记"), (3, "小红书", "图片笔记"), (5, "小红书", "图片笔记"),
    (2, "抖音", "短视频"), (5, "抖音", "短视频"),
    (6, "视频号", "短视频"),
    (0, "微博", "微博"), (3, "微博", "微博"),
]

#: ordinary items drift from the plan: more 活动, less 茶知识 than the year plan wants
DRIFT = {"新品": 0.20, "活动": 0.26, "节日": 0.05, "茶知识": 0.12, "门店": 0.15, "热点": 0.12, "品牌故事": 0.10}

#: festival items by tier: (day offset from the event, platform, format)
EVENT_ITEMS = {
    "S": [(-2, "微信公众号", "图文"), (-1, "抖音", "短视频"), (-1, "小红书", "图片笔记"), (0, "微博", "微博"),
          (0, "抖音", "直播")],
    "A": [(-1, "微信公众号", "图文"), (0, "小红书", "图片笔记"), (0, "抖音", "短视频")],
    "B": [(0, "小红书", "图片笔记"), (0, "微博", "微博")],
    "C": [(0, "微博", "微博")],
}

#: who usually does a task on a platform: [(name, probability)]
OWNERS = {
    ("微信公众号", "文案"): [("林晓雯", 1.0)],
    ("微信公众号", "设计"): [("唐可欣", 1.0)],
    ("小红书", "文案"): [("陈思彤", 0.8), ("许嘉怡", 0.2)],
    ("小红书", "设计"): [("陈思彤", 0.5), ("唐可欣", 0.5)],
    ("抖音", "文案"): [("许嘉怡", 1.0)],
    ("抖音", "视频"): [("周子航", 1.0)],
    ("视频号", "文案"): [("许嘉怡", 1.0)],
    ("视频号", "视频"): [("许嘉怡", 0.6), ("周子航", 0.4)],
    ("微博", "文案"): [("陈思彤", 1.0)],
    ("微博", "设计"): [("唐可欣", 1.0)],
}

UNASSIGNED = 0.08
REPEAT_SHARE = 0.08  # ordinary items that reuse a 2025 title word for word


def staff_table() -> pd.DataFrame:
    rows = [(f"S{i:02d}", *r) for i, r in enumerate(STAFF, start=1)]
    return pd.DataFrame(rows, columns=["staff_id", "name", "role", "skills", "weekly_hours", "platforms"])


def _topic_for(kind: str, name: str) -> str:
    if kind == "节气":
        return "热点"
    if kind == "风险节点":
        return "品牌故事"
    return "节日"


_RISK_TITLES = {"3·15": "3·15 开放日｜带你看一杯茶的出品流程"}


def content_plan_table(rng: np.random.Generator, posts: pd.DataFrame) -> pd.DataFrame:
    """The Q1 2026 backlog: ordinary weekly items plus festival items, then tasks."""
    from ..planning import event_calendar, rules

    end = PLAN_START + pd.Timedelta(weeks=PLAN_WEEKS) - pd.Timedelta(days=1)
    items = []  # (publish_date, platform, format, pillar, event, tier)
    for wk in range(PLAN_WEEKS):
        monday = PLAN_START + pd.Timedelta(weeks=wk)
        for offset, platform, fmt in WEEK:
            pillar = rng.choice(list(DRIFT), p=np.array(list(DRIFT.values())) / sum(DRIFT.values()))
            items.append((monday + pd.Timedelta(days=offset), platform, fmt, str(pillar), "", ""))
    cal = event_calendar(2026)
    cal = cal[(cal["date"] >= f"{PLAN_START:%Y-%m-%d}") & (cal["date"] <= f"{end:%Y-%m-%d}")]
    for ev in cal.itertuples(index=False):
        for offset, platform, fmt in EVENT_ITEMS[ev.tier]:
            day = pd.Timestamp(ev.date) + pd.Timedelta(days=offset)
            if PLAN_START <= day <= end:
                items.append((day, platform, fmt, _topic_for(ev.kind, ev.name), ev.name, ev.tier))
    df = pd.DataFrame(items, columns=["publish_date", "platform", "format", "pillar", "event", "tier"])
    df = df.sort_values(["publish_date", "platform"], kind="stable").reset_index(drop=True)

    old = posts[["platform", "title"]].astype(str)
    old_by_platform = {p: sorted(set(g["title"])) for p, g in old.groupby("platform")}
    titles, seen = [], set()
    for r in df.itertuples(index=False):
        pool = old_by_platform.get(r.platform, [])
        if not r.event and pool and rng.random() < REPEAT_SHARE:
            title = pool[rng.integers(len(pool))]
        elif r.event in _RISK_TITLES:
            title = _RISK_TITLES[r.event]
        else:
            platform = r.platform if r.format != "直播" else "抖音"
            title = make_title(rng, platform, r.pillar, r.publish_date, r.event or None, avoid=seen | set(pool))
            if r.format == "直播":
                title = f"直播｜{r.event}特别场"
        seen.add(title)
        titles.append(title)
    df["title"] = titles
    df.insert(0, "item_id", [f"C{i:03d}" for i in range(1, len(df) + 1)])
    df["week"] = (df["publish_date"] - pd.to_timedelta(df["publish_date"].dt.day_of_week, unit="D"))

    hours = rules()["task_hours"]
    rows = []
    for r in df.itertuples(index=False):
        for task, h in hours[r.format].items():
            h = h * (1.5 if r.tier == "S" else 1.0)
            key = (r.platform, task) if r.format != "直播" else ("抖音", task)
            names, probs = zip(*OWNERS[key], strict=True)
            owner = str(rng.choice(names, p=probs)) if rng.random() >= UNASSIGNED else None
            rows.append(dict(item_id=r.item_id, week=r.week, publish_date=r.publish_date, platform=r.platform,
                             format=r.format, pillar=r.pillar, event=r.event or None, title=r.title,
                             task=task, hours=float(np.round(h * 2) / 2), owner=owner))
    out = pd.DataFrame(rows)
    out.insert(0, "task_id", [f"T{i:04d}" for i in range(1, len(out) + 1)])
    return out


#: (test id, platform, date, topic, impressions per variant, [(variant, headline, true CTR)])
TESTS = [
    ("H01", "微信公众号", "2025-03-20", "新品", 12000,
     [("A", "明前龙井上新", 0.030), ("B", "一年只等这 15 天：明前龙井上新了", 0.039)]),
    ("H02", "小红书", "2025-04-10", "茶知识", 6000,
     [("A", "冷泡茶在家怎么做", 0.080), ("B", "3 步做出店里同款冷泡茶", 0.105)]),
    ("H03", "微博", "2025-05-15", "活动", 20000,
     [("A", "520 告白杯上线", 0.020), ("B", "520，把这杯茶送给你想的人", 0.0205)]),
    ("H04", "微信公众号", "2025-06-03", "新品", 9000,
     [("A", "杨梅冰茶回来了", 0.040), ("B", "全网最好喝的杨梅冰茶回来了", 0.052),
      ("C", "今年第一口杨梅，在溪山", 0.047)]),
    ("H05", "小红书", "2025-06-20", "门店", 260,
     [("A", "湖滨店新开了", 0.085), ("B", "西湖边新开一家茶饮店，窗外就是湖", 0.120)]),
    ("H06", "微信公众号", "2025-08-07", "热点", 15000,
     [("A", "立秋｜秋天的第一杯奶茶", 0.045), ("B", "秋天的第一杯，你想和谁喝？", 0.054)]),
    ("H07", "微博", "2025-08-29", "节日", 25000,
     [("A", "七夕双杯限定", 0.018), ("B", "七夕｜第二杯半价，给 TA", 0.024)]),
    ("H08", "小红书", "2025-09-12", "新品", 5000,
     [("A", "桂花乌龙拿铁试喝", 0.095), ("B", "桂花乌龙拿铁｜附隐藏喝法", 0.118)]),
    ("H09", "微信公众号", "2025-09-16", "品牌故事", 14000,
     [("A", "溪山茶饮十周年", 0.032), ("B", "十年，120 家店，谢谢你", 0.0325)]),
    ("H10", "小红书", "2025-10-06", "节日", 4000,
     [("A", "中秋礼盒来了", 0.085), ("B", "月饼配什么茶？店员告诉你", 0.102),
      ("C", "中秋礼盒开箱｜内含隐藏款", 0.106)]),
    ("H11", "微信公众号", "2025-11-05", "活动", 11000,
     [("A", "双11 囤券攻略", 0.038), ("B", "震惊！双11 这样囤券省一半", 0.049)]),
    ("H12", "微博", "2025-12-21", "节日", 18000,
     [("A", "冬至喝什么", 0.016), ("B", "冬至｜汤圆还是饺子？来杯暖茶再说", 0.020)]),
]


#: a test stopped too early: a big lift on a few hundred impressions (impressions, clicks)
FIXED = {("H05", "A"): (260, 22), ("H05", "B"): (262, 31)}


def headline_tests_table(rng: np.random.Generator) -> pd.DataFrame:
    rows = []
    for test_id, platform, day, topic, n, variants in TESTS:
        for variant, headline, ctr in variants:
            shown = int(round(n * rng.normal(1, 0.02)))
            clicks = int(rng.binomial(shown, ctr))
            shown, clicks = FIXED.get((test_id, variant), (shown, clicks))
            rows.append(dict(test_id=test_id, platform=platform, test_date=pd.Timestamp(day), topic=topic,
                             variant=variant, headline=headline, impressions=shown, clicks=clicks))
    return pd.DataFrame(rows)


# =====================================================================================
# I3-1 活动策划：杨梅冰茶上新（ymbc25）的任务计划和预算明细
# =====================================================================================

#: task_id, task, phase, workstream, owner, start, end, depends_on, milestone, deliverable.
#: Two traps for 沟通管理: T06 (达人签约) starts before the plan review T04 it depends on ends,
#: and T08 (小程序活动页) has no owner yet.
CAMPAIGN_TASKS = [
    ("T01", "确定活动目标与总预算", "筹备", "流程", "林晓雯",
     "2025-05-12", "2025-05-14", "", False, "目标表、预算上限"),
    ("T02", "设计活动机制（第二杯半价 + 分享得券）", "筹备", "创意", "陈思彤", "2025-05-15", "2025-05-16", "T01", False,
     "机制说明"),
    ("T03", "创意提案与主视觉", "筹备", "创意", "唐可欣",
     "2025-05-17", "2025-05-21", "T02", False, "主视觉、slogan"),
    ("T04", "方案评审（主管、市场部、门店运营）", "筹备", "流程", "林晓雯", "2025-05-22", "2025-05-22", "T03", True,
     "评审通过的活动方案"),
    ("T05", "产品拍摄（图片 + 短视频素材）", "筹备", "物料", "周子航", "2025-05-23", "2025-05-27", "T04", False,
     "产品图 20 张、短视频 3 条"),
    ("T06", "达人洽谈与签约", "筹备", "推广", "陈思彤",
     "2025-05-19", "2025-05-28", "T04", False, "3 份达人合作协议"),
    ("T07", "门店海报与杯套印刷", "筹备", "物料", "唐可欣", "2025-05-26", "2025-05-30", "T03", False,
     "海报 160 张、杯套 5000 个"),
    ("T08", "小程序活动页与优惠券配置", "筹备", "流程", "",
     "2025-05-23", "2025-05-28", "T02", False, "活动页、两种券"),
    ("T09", "追踪链接（UTM）与数据看板", "筹备", "数据", "孙小满", "2025-05-29", "2025-05-31", "T08", False,
     "14 条追踪链接、日报模板"),
    ("T10", "预热推文、微博话题、小红书笔记", "预热", "推广", "林晓雯", "2025-06-01", "2025-06-04", "T05|T09", False,
     "预热内容 6 条"),
    ("T11", "粉丝群预告与本地社群招募", "预热", "推广", "许嘉怡",
     "2025-06-01", "2025-06-04", "T09", False, "群公告、招募帖"),
    ("T12", "正式上新", "爆发", "流程", "林晓雯",
     "2025-06-05", "2025-06-05", "T07|T10", True, "全渠道上线"),
    ("T13", "信息流广告与朋友圈广告投放", "爆发", "推广", "孙小满",
     "2025-06-05", "2025-06-10", "T12", False, "投放日报"),
    ("T14", "达人内容发布与跟进", "爆发", "推广", "陈思彤",
     "2025-06-06", "2025-06-10", "T06|T12", False, "达人内容 3 条"),
    ("T15", "门店上新与海报张贴", "爆发", "物料", "沈浩然",
     "2025-06-05", "2025-06-06", "T07", False, "120 家门店照片回传"),
    ("T16", "每日数据复盘", "爆发", "数据", "孙小满",
     "2025-06-05", "2025-06-10", "T09", False, "日报 6 份"),
    ("T17", "用户晒单征集与二次传播", "返场", "推广", "许嘉怡",
     "2025-06-11", "2025-06-14", "T14", False, "UGC 精选 10 条"),
    ("T18", "抖音返场直播", "返场", "推广", "周子航",
     "2025-06-13", "2025-06-13", "T14", True, "直播 1 场"),
    ("T19", "活动结束与复盘报告", "返场", "数据", "林晓雯",
     "2025-06-14", "2025-06-14", "T16", True, "复盘报告"),
]

#: line_id, item, category, channel_code, phase, unit, unit_cost, quantity, note.
#: Paid channel costs match ``campaign_channels``; the traps for 成本管理: the lines add up to
#: more than the 30,000 元 cap, the 杭州本地生活社群 (500 元 in the channel plan) has no line, and
#: there is no 预备金 (contingency) line.
CAMPAIGN_BUDGET = [
    ("B01", "抖音信息流广告", "付费推广", "dy-ad", "爆发", "千次曝光", 30.0, 200, "06-05 至 06-11"),
    ("B02", "朋友圈广告", "付费推广", "wx-ad", "爆发", "千次曝光", 45.0, 100, "杭州、宁波、苏州定向"),
    ("B03", "小红书达人·林小满", "达人合作", "xhs-kol", "预热", "篇", 3000.0, 1, "图文笔记 1 篇"),
    ("B04", "抖音达人·阿禾", "达人合作", "dy-kol", "爆发", "条", 4000.0, 1, "探店短视频 1 条"),
    ("B05", "微博达人·茉茉", "达人合作", "wb-kol", "爆发", "条", 2500.0, 1, "微博 1 条 + 转发抽奖"),
    ("B06", "门店海报（带活动二维码）", "物料", "store-qr", "爆发", "张", 5.0, 160, "120 家门店，含备用"),
    ("B07", "杨梅冰茶杯套与贴纸", "物料", "", "爆发", "个", 0.3, 5000, ""),
    ("B08", "产品拍摄（图片 + 短视频）", "内容制作", "", "筹备", "次", 3500.0, 1, "外请摄影师半天"),
    ("B09", "分享得券补贴", "优惠与奖品", "", "爆发", "张", 4.0, 1200, "按预计核销量估算"),
    ("B10", "粉丝群抽奖·溪山随行杯", "优惠与奖品", "fans-group", "返场", "个", 39.0, 30, ""),
]


def campaign_plan_table() -> pd.DataFrame:
    """The task plan of the ymbc25 campaign (one row per task).

    >>> t = campaign_plan_table()
    >>> len(t), list(t["phase"].unique())
    (19, ['筹备', '预热', '爆发', '返场'])
    """
    cols = ["task_id", "task", "phase", "workstream", "owner", "start", "end", "depends_on", "milestone",
            "deliverable"]
    df = pd.DataFrame(CAMPAIGN_TASKS, columns=cols)
    for c in ("owner", "depends_on"):
        df[c] = df[c].replace("", np.nan)
    return df


def budget_plan_table() -> pd.DataFrame:
    """The budget lines of the ymbc25 campaign (amounts are left for the student to compute).

    >>> b = budget_plan_table()
    >>> round(float((b["unit_cost"] * b["quantity"]).sum()), 2)
    31770.0
    """
    cols = ["line_id", "item", "category", "channel_code", "phase", "unit", "unit_cost", "quantity", "note"]
    df = pd.DataFrame(CAMPAIGN_BUDGET, columns=cols)
    for c in ("channel_code", "note"):
        df[c] = df[c].replace("", np.nan)
    return df
