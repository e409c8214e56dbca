"""Tables for 内容运营执行管理 (A2-2): the 桂花乌龙中秋上新 execution plan of the third quarter of 2026.

- ``exec_tasks``: the project's task network: work package, the skill a task needs (文案、设计、视频
  go to the team through :func:`nmt_lab.planning.assign`; 统筹、商务 nobody in ``staff`` has), duration
  in days, predecessors (``E01|E03``), working hours and the owner already fixed (empty: to assign).
- ``exec_raci``: who is R/A/C/I on each task (long format, one row per task × person). Three traps:
  E08 has two A's (林晓雯 and 主管: nobody really accountable), E10 has no R, E12's R is the
  external 达人 (not staff); 周子航 is R on five tasks.
- ``exec_status``: the weekly progress log (报进度): % done, actual start / finish, blockers. E04 新品
  实拍 (critical) waits for samples from 研发部 (another team), starts three days late and is still
  blocked on 09-04: the project end moves; E09 门店物料 (not critical, float 6 days) has not started
  on 09-04, five days late, and that does not move the end.
- ``exec_resources``: materials (物料) and partners (资源合作洽谈: 达人 and a co-brand) with status
  and cost, by work package; the quarter's execution budget is the sum of their costs.
- ``content_series``: the content system: pillar → series (栏目) with a platform and a cadence
  (episodes per week); ``series_plan``: the planned episodes of the quarter, with two gaps
  (weeks where a series has no episode) and two overlaps (two episodes of a weekly series).

All values are course settings (no random draws): the notebook's exercises point at specific rows.
"""

from __future__ import annotations

import pandas as pd

PROJECT_START = pd.Timestamp("2026-08-24")   # a Monday; 中秋节 2026 is on 09-25

TASKS = [
    # id, package, task, skill, duration (days), predecessors, hours, owner
    ("E01", "策划统筹", "执行方案定稿与分工会", "统筹", 2, "", 6.0, None),
    ("E02", "资源合作", "达人筛选与合作洽谈", "商务", 6, "E01", 10.0, None),
    ("E03", "内容制作", "新品拍摄脚本", "文案", 3, "E01", 8.0, "林晓雯"),
    ("E04", "内容制作", "新品实拍（需研发部样品）", "视频", 4, "E03", 16.0, None),
    ("E05", "内容制作", "主视觉与海报设计", "设计", 5, "E01", 14.0, "唐可欣"),
    ("E06", "内容制作", "短视频剪辑（3 条）", "视频", 4, "E04", 15.0, None),
    ("E07", "内容制作", "公众号长文与小红书笔记", "文案", 3, "E04|E05", 10.0, None),
    ("E08", "资源合作", "达人内容制作与审稿", "文案", 5, "E02|E04", 6.0, None),
    ("E09", "物料准备", "门店海报与台卡印刷", "设计", 4, "E05", 4.0, None),
    ("E10", "投放发布", "投放计划与预算申请", "统筹", 2, "E02", 4.0, None),
    ("E11", "投放发布", "预热内容发布（第一波）", "文案", 2, "E06|E07", 4.0, None),
    ("E12", "投放发布", "达人集中发布", "商务", 2, "E08|E11", 3.0, None),
    ("E13", "投放发布", "中秋正式上线与直播", "视频", 1, "E09|E10|E12", 8.0, "周子航"),
    ("E14", "复盘", "数据复盘与结项周报", "文案", 2, "E13", 6.0, None),
]

RACI = {  # task -> {person: letter}; "主管" is you, the 新媒体运营主管
    "E01": {"主管": "A", "林晓雯": "R", "陈思彤": "C", "周子航": "I", "唐可欣": "I"},
    "E02": {"主管": "A", "陈思彤": "R", "市场部": "C"},
    "E03": {"主管": "A", "林晓雯": "R", "周子航": "C"},
    "E04": {"主管": "A", "周子航": "R", "研发部": "C", "林晓雯": "I"},
    "E05": {"主管": "A", "唐可欣": "R", "孙小满": "R", "市场部": "C"},
    "E06": {"主管": "A", "周子航": "R", "许嘉怡": "C"},
    "E07": {"主管": "A", "林晓雯": "R", "许嘉怡": "R", "陈思彤": "C"},
    "E08": {"林晓雯": "A", "主管": "A", "陈思彤": "R", "达人（外部）": "C"},
    "E09": {"唐可欣": "A", "孙小满": "R", "门店运营部": "I"},
    "E10": {"主管": "A", "财务部": "C", "陈思彤": "I"},
    "E11": {"主管": "A", "周子航": "R", "林晓雯": "R", "沈浩然": "C"},
    "E12": {"主管": "A", "达人（外部）": "R", "陈思彤": "C"},
    "E13": {"主管": "A", "周子航": "R", "沈浩然": "R", "门店运营部": "C", "总经理": "I"},
    "E14": {"主管": "A", "周子航": "R", "林晓雯": "C", "总经理": "I"},
}

STATUS = [
    # report_date, task, pct_done, started_on, finished_on, blocked_by, note
    ("2026-08-28", "E01", 100, "2026-08-24", "2026-08-25", "", "方案定稿，分工会已开"),
    ("2026-08-28", "E02", 40, "2026-08-26", "", "", "两位小红书达人已报价"),
    ("2026-08-28", "E03", 100, "2026-08-26", "2026-08-28", "", "脚本通过"),
    ("2026-08-28", "E04", 0, "", "", "研发部", "研发部说桂花乌龙样品要等新一批桂花，下周一才能到"),
    ("2026-08-28", "E05", 60, "2026-08-26", "", "", ""),
    ("2026-09-04", "E02", 100, "2026-08-26", "2026-08-31", "", "签下 2 位达人，B站 UP 主婉拒"),
    ("2026-09-04", "E04", 75, "2026-09-01", "", "研发部", "样品 09-01 才到；冰饮版样品研发部还没给，差 2 个镜头"),
    ("2026-09-04", "E05", 100, "2026-08-26", "2026-08-30", "", "主视觉通过"),
    ("2026-09-04", "E08", 20, "2026-09-03", "", "E04", "达人等我们的实拍素材做参考"),
    ("2026-09-04", "E09", 0, "", "", "", "印刷厂排期满，推迟开印"),
    ("2026-09-04", "E10", 100, "2026-09-01", "2026-09-02", "", "预算已批"),
]

RESOURCES = [
    # id, kind, item, package, task, owner, status, cost, due, note
    ("M01", "物料", "桂花乌龙样品 20 杯（研发部提供）", "内容制作", "E04", "周子航", "延误", 0.0, "2026-08-28",
     "研发部桂花原料晚到"),
    ("M02", "物料", "拍摄场地与道具租用", "内容制作", "E04", "周子航", "已就绪", 1800.0, "2026-08-28", ""),
    ("M03", "物料", "门店海报（120 店 × 2 张）", "物料准备", "E09", "唐可欣", "制作中", 4800.0, "2026-09-15", ""),
    ("M04", "物料", "桌面台卡（120 店 × 6 个）", "物料准备", "E09", "唐可欣", "制作中", 2160.0, "2026-09-15", ""),
    ("M05", "物料", "直播间背景与灯光", "投放发布", "E13", "周子航", "未开始", 3500.0, "2026-09-22", ""),
    ("M06", "物料", "中秋抽奖礼盒 50 份", "投放发布", "E13", "陈思彤", "已就绪", 6000.0, "2026-09-20", ""),
    ("P01", "合作", "小红书达人 @杭州吃喝小分队（粉丝 18 万）", "资源合作", "E08", "陈思彤", "已签约", 8000.0,
     "2026-08-31", "笔记 1 篇 + 探店视频 1 条"),
    ("P02", "合作", "抖音达人 @茶小白日记（粉丝 42 万）", "资源合作", "E08", "陈思彤", "已签约", 15000.0,
     "2026-08-31", "短视频 1 条，含 7 天投流授权"),
    ("P03", "合作", "B站 UP 主 @老杭州吃什么", "资源合作", "E08", "陈思彤", "已拒绝", 0.0, "2026-08-31",
     "档期已满，婉拒"),
    ("P04", "合作", "西湖月饼坊 中秋联名礼盒", "资源合作", "E13", "主管", "洽谈中", 12000.0, "2026-09-10",
     "对方要求联名礼盒在双方门店同时售卖，待法务看合同"),
    ("P05", "合作", "抖音信息流投放（上线周）", "投放发布", "E13", "沈浩然", "待确认", 15000.0, "2026-09-18",
     "随投放计划 E10 审批"),
]

SERIES = [
    # id, pillar, series, platform, per_week, weekday
    ("S1", "茶知识", "「一周一茶」茶知识", "微信公众号", 1, "周三"),
    ("S2", "新品", "「上新快报」", "小红书", 1, "周五"),
    ("S3", "门店", "「店长日记」门店故事", "抖音", 2, "周二"),
    ("S4", "品牌故事", "「溪山寻茶」产地纪录", "B站", 1, "周六"),
    ("S5", "活动", "「周末福利」", "微博", 1, "周五"),
]
Q3_WEEKS = pd.date_range("2026-07-06", "2026-09-28", freq="7D")
#: series -> weeks (Mondays) planned with no episode (gaps) / with one episode too many (overlaps)
GAPS = {"S1": ["2026-08-17"], "S4": ["2026-09-14", "2026-09-21"]}
EXTRA = {"S2": ["2026-09-21"], "S5": ["2026-09-21"]}
OWNERS = {"S1": "林晓雯", "S2": "陈思彤", "S3": "许嘉怡", "S4": "沈浩然", "S5": "陈思彤"}
WEEKDAY = {"周一": 0, "周二": 1, "周三": 2, "周四": 3, "周五": 4, "周六": 5, "周日": 6}


def exec_tasks_table() -> pd.DataFrame:
    return pd.DataFrame(TASKS, columns=["task_id", "package", "task", "skill", "duration", "predecessors",
                                        "hours", "owner"])


def exec_raci_table() -> pd.DataFrame:
    names = dict(zip((t[0] for t in TASKS), (t[2] for t in TASKS), strict=True))
    rows = [(tid, names[tid], person, letter) for tid, people in RACI.items() for person, letter in people.items()]
    return pd.DataFrame(rows, columns=["task_id", "task", "person", "role"])


def exec_status_table() -> pd.DataFrame:
    df = pd.DataFrame(STATUS, columns=["report_date", "task_id", "pct_done", "started_on", "finished_on",
                                       "blocked_by", "note"])
    return df.replace({"": None})


def exec_resources_table() -> pd.DataFrame:
    df = pd.DataFrame(RESOURCES, columns=["resource_id", "kind", "item", "package", "task_id", "owner", "status",
                                          "cost", "due", "note"])
    return df.replace({"note": {"": None}})


def content_series_table() -> pd.DataFrame:
    df = pd.DataFrame(SERIES, columns=["series_id", "pillar", "series", "platform", "per_week", "weekday"])
    df["owner"] = df["series_id"].map(OWNERS)
    return df


def series_plan_table() -> pd.DataFrame:
    rows = []
    for sid, _pillar, name, platform, per_week, weekday in SERIES:
        n = 0
        for week in Q3_WEEKS:
            wk = f"{week:%Y-%m-%d}"
            k = 0 if wk in GAPS.get(sid, []) else per_week + (1 if wk in EXTRA.get(sid, []) else 0)
            for j in range(k):
                n += 1
                day = week + pd.Timedelta(days=WEEKDAY[weekday] + (3 * j if per_week > 1 else j))
                rows.append((sid, wk, day, platform, f"{name.split('」')[0].strip('「')}·第 {n} 期"))
    df = pd.DataFrame(rows, columns=["series_id", "week", "publish_date", "platform", "title"])
    df = df.sort_values(["week", "publish_date", "series_id"], kind="stable").reset_index(drop=True)
    df.insert(0, "episode_id", [f"J{i + 1:03d}" for i in range(len(df))])
    return df
