"""Planning: event calendars, content plans, campaign plans, Gantt charts and budgets (策划与排期).

One package for the planning concept that several tasks share (I2-1 内容策划, I3-1 活动策划;
later critical paths and resource plans join it). Sub-modules by sub-concept:

- :mod:`.calendar` 节日与热点日历：农历节日、二十四节气（lunar-python）、营销节点、策划提前量，日历面板；
- :mod:`.content` 内容运营计划：内容支柱占比、每周条数、工作量与分工、标题测试、热点追踪，工作量面板；
- :mod:`.campaign` 活动方案：SMART 目标检查、活动流程（阶段）、任务与依赖、甘特图、创意检查，排期面板；
- :mod:`.budget` 活动预算：金额合计、占比、超支和漏项检查，预算面板。
- :mod:`.framework` 内容运营规划：目标拆分树与工作计划、内容定位（画像 × 场景 × 需求）的空白、
  5W2H 方案检查与方案文档，目标面板。
- :mod:`.execution` 方案执行管理：关键路径（CPM）、RACI 检查、进度跟踪与升级、执行周报，推迟面板。

Every public name is reachable as ``nmt.planning.<name>``:

>>> from nmt_lab import planning
>>> planning.event_calendar(2026).set_index("name").loc["春节", "date"]
'2026-02-17'
"""

from ._common import CAL_COLUMNS, KINDS, LABELS, WEEKDAYS, chinese, rules, show
from .budget import (
    budget_check,
    budget_lines,
    budget_panel,
    budget_summary,
    budget_view,
    missing_items,
)
from .calendar import (
    calendar_panel,
    calendar_view,
    event_calendar,
    lunar_date,
    lunar_festivals,
    marketing_days,
    month_events,
    plan_status,
    plans_to_start,
    solar_terms,
    tiers,
)
from .campaign import (
    CENTRES,
    PHASES,
    campaign_info,
    creative_check,
    dependency_issues,
    gantt,
    goal_metrics,
    ideas,
    metric_history,
    owner_issues,
    phase_table,
    promotion_plan,
    reschedule,
    schedule_panel,
    schedule_view,
    smart_check,
    workstream_table,
)
from .content import (
    _chi2_2x2_p,
    allocate,
    assign,
    content_mix,
    headline_summary,
    headline_test,
    hot_watch,
    items,
    mix_figure,
    pillars,
    repeated_titles,
    schedule_grid,
    strategy,
    unassigned,
    workload,
    workload_panel,
    workload_view,
)
from .execution import (
    ESCALATION,
    LEAD,
    budget_status,
    cadence_check,
    content_system,
    cpm,
    cpm_gantt,
    critical_path,
    delay_panel,
    delay_view,
    forecast_end,
    package_budget,
    progress,
    project_duration,
    raci_issues,
    raci_matrix,
    staffing,
    staffing_load,
    weekly_report,
)

__all__ = [
    "CAL_COLUMNS", "CENTRES", "KINDS", "LABELS", "PHASES", "WEEKDAYS", "_chi2_2x2_p", "allocate", "assign",
    "budget_check", "budget_lines", "budget_panel", "budget_summary", "budget_view", "calendar_panel",
    "calendar_view", "campaign_info", "chinese", "content_mix", "creative_check", "dependency_issues",
    "event_calendar", "gantt", "goal_metrics", "headline_summary", "headline_test", "hot_watch", "ideas",
    "items", "lunar_date", "lunar_festivals", "marketing_days", "metric_history", "missing_items",
    "mix_figure", "month_events", "owner_issues", "phase_table", "pillars", "plan_status", "plans_to_start",
    "promotion_plan", "repeated_titles", "reschedule", "rules", "schedule_grid", "schedule_panel",
    "schedule_view", "show", "smart_check", "solar_terms", "strategy", "tiers", "unassigned", "workload",
    "workload_panel", "workload_view", "workstream_table",
]

# A2-1 内容运营规划 (framework.py)
from .framework import (  # noqa: E402
    ITEMS_5W2H,
    KINDS_5W2H,
    METHODS,
    criteria,
    draft_plan,
    goal_panel,
    goal_tree,
    history_shares,
    idea_weights,
    ideas_matrix,
    level_totals,
    need_coverage,
    orphan_items,
    plan_check,
    plan_document,
    positioning,
    quarter_info,
    topic_evidence,
    tree_check,
    tree_figure,
    tree_view,
    work_plan,
)

__all__ += [
    "ITEMS_5W2H", "KINDS_5W2H", "METHODS", "criteria", "draft_plan", "goal_panel", "goal_tree", "history_shares",
    "idea_weights", "ideas_matrix", "level_totals", "need_coverage", "orphan_items", "plan_check", "plan_document",
    "positioning", "quarter_info", "topic_evidence", "tree_check", "tree_figure", "tree_view", "work_plan",
]
__all__ += ["ESCALATION", "LEAD", "budget_status", "cadence_check", "content_system", "cpm", "cpm_gantt",
            "critical_path", "delay_panel", "delay_view", "forecast_end", "package_budget", "progress",
            "project_duration", "raci_issues", "raci_matrix", "staffing", "staffing_load", "weekly_report"]
