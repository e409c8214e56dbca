"""日常发布与内容发布共用：品牌名、星期的写法、中文列名。"""

from __future__ import annotations

import pandas as pd

BRAND = "溪山茶饮"
WEEKDAYS = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"]
_CN_DIGITS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
CJK = r"\u4e00-\u9fff"


LABELS = {
    "publish_at": "发布时间", "day": "日期", "weekday": "星期", "platform": "平台", "topic": "选题",
    "title": "标题", "priority": "优先级", "planned_at": "原计划时间", "status": "状态", "count": "条数",
    "limit": "上限", "period": "时段", "max_per_day": "每天上限", "max_per_week": "每周上限",
    "per_push": "每次群发篇数", "unit": "单位", "basis": "依据", "source_id": "来源编号", "name": "名称",
    "kind": "类型", "license": "授权方式", "licensed_until": "授权到期", "scope": "授权范围",
    "requirements": "转载要求", "source": "来源", "source_platform": "来源平台", "author": "作者",
    "published_on": "原文发布日期", "url": "原文链接", "body": "正文", "category": "话题类别",
    "brand_relevance": "品牌相关度", "first_seen": "首次上榜", "last_seen": "最后上榜", "days": "上榜天数",
    "lists": "上榜榜单", "best_rank": "最高排名", "keyword": "关联指数词", "index_lift": "指数热度倍数",
    "found": "原文", "position": "位置", "suggestion": "建议", "reason": "说明", "field": "字段",
    "rule": "规则", "message": "说明", "rule_ids": "规则编号", "text": "文案", "image": "图片尺寸",
    "problems": "问题数", "send_at": "发送时间", "stage": "阶段", "group_name": "群名称", "city": "城市",
    "members": "群成员数", "active": "发言人数", "active_rate": "发言率", "room": "剩余名额",
    "posts": "发文数", "post_share": "发文占比", "mean_reads": "每条平均阅读", "median_reads": "每条阅读中位数",
    "hour": "发布时间（点）", "article_id": "文章编号",
}


def chinese(df: pd.DataFrame) -> pd.DataFrame:
    """The same table with Chinese column (and index) names, for display only.

    >>> from nmt_lab.publishing import theme_plan
    >>> list(chinese(theme_plan("2025-08-04")).columns[:4])
    ['发布时间', '日期', '星期', '平台']
    """
    from ..labels import label

    def name(c):
        return LABELS.get(c) or label(c) if isinstance(c, str) else c

    out = df.rename(columns=name)
    out.index.names = [name(n) if n else n for n in df.index.names]
    return out


def _day(value) -> pd.Timestamp:
    """A date given as ``"2025-08-04"``, ``datetime`` or ``Timestamp`` → midnight Timestamp."""
    try:
        ts = pd.Timestamp(value)
    except (ValueError, TypeError):
        raise ValueError(f'日期 "{value}" 无法识别：请写成 "YYYY-MM-DD"，例如 "2025-08-04"。') from None
    if pd.isna(ts):
        raise ValueError(f'日期 "{value}" 无法识别：请写成 "YYYY-MM-DD"，例如 "2025-08-04"。')
    return ts.normalize()


def weekday_name(day) -> str:
    """Chinese weekday of a date.

    >>> weekday_name("2025-08-07")
    '周四'
    """
    return WEEKDAYS[_day(day).day_of_week]
