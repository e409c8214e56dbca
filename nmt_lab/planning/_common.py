"""Shared helpers of the planning package: Chinese labels, display, rule data, dates."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

import numpy as np
import pandas as pd
from lunar_python import Lunar

WEEKDAYS = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"]
KINDS = ["传统节日", "节气", "公历节日", "营销节点", "风险节点"]
CAL_COLUMNS = ["date", "name", "kind", "tier", "lead_days", "plan_by", "weekday", "lunar", "angle"]


#: Chinese labels of the columns this module adds (course tables keep their schema labels)
LABELS = {
    "date": "日期", "name": "名称", "kind": "类型", "tier": "分级", "lead_days": "提前天数",
    "plan_by": "最晚启动策划", "weekday": "星期", "lunar": "农历", "angle": "借势角度", "status": "状态",
    "days_left": "距节点天数", "note": "说明", "share": "占比", "goal": "服务目标", "aarrr": "AARRR 环节",
    "pillar": "内容支柱", "items": "条数", "target": "目标占比", "gap": "差距（实际 − 目标）",
    "week": "所在周", "hours": "工时", "capacity": "可用工时", "utilisation": "负荷率", "overloaded": "超负荷",
    "change": "调整", "topic": "话题", "category": "类别", "first_seen": "首次上榜", "days": "上榜天数",
    "best_rank": "最好名次", "max_heat": "最高热度值", "brand_relevance": "品牌相关度",
    "times_used": "用过次数", "last_used": "最后一次使用", "variant": "版本", "headline": "标题",
    "impressions": "曝光/送达人数", "clicks": "点击/打开人数", "ctr": "点击率", "best": "点击率最高",
    "best_headline": "最高的标题", "best_ctr": "最高点击率", "lift": "比第二名高", "p_value": "p 值",
    "winner": "结论", "test_id": "测试编号", "platform": "平台",
    # plans, goal trees, 5W2H (framework) and execution management (execution)
    "persona": "用户画像", "scenario": "使用场景", "need": "需求", "pillars": "服务的内容支柱", "platforms": "平台",
    "n": "条数", "total": "合计", "mean": "平均值", "median": "中位数", "top": "最高一条",
    "top_share": "最高一条占合计", "mean_without_top": "去掉最高一条后的平均值", "month": "月份", "due": "截止日期",
    "start": "开始日期", "owner": "负责人", "task": "任务", "item": "项目", "problem": "问题",
    "idea_id": "创意编号", "need_fit": "用户需求匹配", "strategy_fit": "策略契合", "novelty": "新意",
    "feasibility": "可执行", "cost": "预计费用", "score": "加权得分", "rank": "名次", "item_id": "内容编号",
    "task_id": "任务编号", "package": "工作包", "skill": "所需技能", "duration": "工期（天）",
    "predecessors": "紧前任务", "es": "最早开始（第几天）", "ef": "最早完成", "ls": "最晚开始", "lf": "最晚完成",
    "float": "总时差（天）", "critical": "关键任务", "start_date": "计划开始", "end_date": "计划完成",
    "person": "人员", "role": "角色", "message": "说明与改法", "pct_done": "完成 %", "planned_pct": "计划应完成",
    "blocked_by": "阻塞方", "forecast_end": "预计完成", "slip": "推迟（天）", "own_slip": "自身推迟（天）",
    "moves_end": "推迟总工期", "action": "处理办法", "series": "栏目", "per_week": "每周条数", "planned": "排了几期",
    "episodes": "本季期数", "amount": "金额", "committed": "已落实", "pending": "待落实",
}
_PERCENT = {"share", "target", "gap", "utilisation", "ctr", "best_ctr", "lift"}


def chinese(df: pd.DataFrame) -> pd.DataFrame:
    """The table with Chinese column (and index) names, for display only.

    A course table (``df.attrs["table"]``) keeps its schema labels; the columns this module
    adds get :data:`LABELS`.

    >>> from nmt_lab.planning import tiers
    >>> list(chinese(tiers()).columns), chinese(tiers()).index.name
    (['名称', '提前天数', '说明'], '分级')
    """
    from ..labels import label
    table = df.attrs.get("table")
    own = set()
    if table:
        from ..datasets import schema
        own = {c["name"] for c in schema(table)["columns"]}

    def name(col):
        if col in own:
            return label(col, table)
        return LABELS.get(col) or label(col)

    out = df.rename(columns={c: name(c) for c in df.columns})
    out.index.names = [name(n) if n else n for n in df.index.names]
    return out


def show(df: pd.DataFrame, digits: int = 1):
    """:func:`chinese` with rates shown as percentages (a pandas Styler, for display only)."""
    cols = [LABELS[c] for c in df.columns if c in _PERCENT]
    fmt = {c: f"{{:+.{digits}%}}" if c == LABELS["gap"] else f"{{:.{digits}%}}" for c in cols}
    if "p_value" in df.columns:
        fmt[LABELS["p_value"]] = "{:.4f}"
    return chinese(df).style.format(fmt, precision=2)


@cache
def rules() -> dict:
    """The planning rule data (tiers, festivals, marketing days, pillars, task hours)."""
    text = resources.files("nmt_lab").joinpath("data/planning.json").read_text("utf-8")
    return json.loads(text)


def _ymd(day) -> str:
    return f"{pd.Timestamp(day):%Y-%m-%d}"


def _lunar_text(lunar: Lunar) -> str:
    return f"{lunar.getMonthInChinese()}月{lunar.getDayInChinese()}"


def _check_year(year) -> int:
    if isinstance(year, bool) or not isinstance(year, (int, np.integer)) or not 1901 <= int(year) <= 2099:
        raise ValueError(f"年份 {year!r} 不可用：请给出 1901–2099 之间的整数年份，例如 2026。")
    return int(year)
