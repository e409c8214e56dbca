"""精益管理 for new-media operations: shifting resource shares by retrospective results under a
cap per period, and the seven wastes (精益七种浪费) mapped to content operations and measured
from the content-production log (``draft_log``, see :mod:`nmt_lab.production`).

>>> shift_shares({"内容": 0.5, "活动": 0.3, "用户": 0.2}, {"内容": 1, "活动": 1, "用户": 2}, cap=0.05).round(3).tolist()
[0.475, 0.275, 0.25]
"""

from __future__ import annotations

import pandas as pd

from ._errors import check_columns

#: 精益七种浪费 (Toyota Production System) as they show up in content operations
WASTES = [
    ("库存", "Inventory", "写好却一直没发的稿件、囤着不用的素材", "未发布稿件数、已等待小时"),
    ("等待", "Waiting", "稿件排队等审核、等素材、等领导拍板", "各环节停留小时，审核占总流程时间的比例"),
    ("返工（缺陷）", "Defects", "审核打回修改、发出后删改、错字和违规用语", "被打回修改的稿件比例、修改环节小时"),
    ("过度生产", "Over-production", "发了没人看的内容、同一天同平台发太多", "阅读不到同平台中位数三成的内容占比"),
    ("过度加工", "Over-processing", "一条朋友圈配图改十版、没人看的长报告", "单条内容的修改轮次、制作工时"),
    ("搬运", "Transportation", "素材在微信、网盘、邮件之间来回传，找不到最终版", "找素材、传文件的工时"),
    ("动作", "Motion", "每个平台手工复制粘贴、重复填同样的表", "可以模板化或一键分发的重复操作次数"),
]


def seven_wastes() -> pd.DataFrame:
    """The seven wastes and how each is measured in content operations.

    >>> seven_wastes()["浪费"].tolist()[:3]
    ['库存', '等待', '返工（缺陷）']
    """
    return pd.DataFrame(WASTES, columns=["浪费", "英文", "在内容运营中的表现", "怎么量"])


def shift_shares(current, target, cap: float = 0.05) -> pd.Series:
    """Move resource shares toward the shares implied by ``target`` scores (e.g. gross profit
    per hour of each kind of operations), changing no share by more than ``cap`` (e.g. 0.05 =
    5 个百分点) in one period. The result still adds up to 1.

    ``target`` is normalised to shares first (scores ∝ shares). Where the capped moves do not
    balance, the side that moves less is kept and the other side is scaled down to match.

    >>> shift_shares({"a": 0.6, "b": 0.4}, {"a": 0.0, "b": 1.0}, cap=0.1).round(2).tolist()
    [0.5, 0.5]
    >>> shift_shares({"a": 0.6, "b": 0.4}, {"a": 1, "b": 1}, cap=0.2).round(2).tolist()
    [0.5, 0.5]
    """
    cur = pd.Series(current, dtype=float)
    tgt = pd.Series(target, dtype=float)
    if set(cur.index) != set(tgt.index):
        raise ValueError(f"当前比例和目标的类别不一致：当前有 {'、'.join(map(str, cur.index))}，"
                         f"目标有 {'、'.join(map(str, tgt.index))}。")
    if (cur < 0).any() or abs(cur.sum() - 1) > 1e-6:
        raise ValueError(f"当前比例应都不小于 0、合计为 1；现在合计是 {cur.sum():.4g}：如 55% 写 0.55。")
    if (tgt < 0).any() or tgt.sum() <= 0:
        raise ValueError("目标得分应都不小于 0，且不全为 0（如每小时毛利）。")
    if not 0 < cap <= 1:
        raise ValueError(f"每期调整上限 cap 应在 0 到 1 之间，你给的是 {cap!r}：5 个百分点写 0.05。")
    tgt = tgt.reindex(cur.index) / tgt.sum()
    step = (tgt - cur).clip(-cap, cap)
    up, down = step[step > 0].sum(), -step[step < 0].sum()
    if up > down:
        step[step > 0] *= down / up
    elif down > up:
        step[step < 0] *= up / down
    return (cur + step).rename("share")


def waste_measures(log: pd.DataFrame, posts: pd.DataFrame | None = None, now=None) -> pd.DataFrame:
    """Wastes measured from the content-production log (and, given ``posts``, over-production):
    one row per measure with ``waste``, ``measure``, ``value``, ``unit``.

    >>> from nmt_lab import load
    >>> w = waste_measures(load("draft_log")).set_index("measure")
    >>> int(w.loc["未发布稿件", "value"]), int(w.loc["被打回修改的稿件", "value"])
    (5, 8)
    """
    from . import production

    check_columns(log, ["draft_id", "state", "entered_at"])
    now = now or production.LOG_NOW
    s = production.steps(log, now)
    cur = production.current_states(log, now)
    open_ = cur[cur["state"] != "发布"]
    drafts = s["draft_id"].nunique()
    reviewed = s.loc[s["state"] == "审核", "draft_id"].nunique()
    reworked = s.loc[s["state"] == "修改", "draft_id"].nunique()
    timed = s[s["state"] != "发布"]
    review_hours = float(timed.loc[timed["state"] == "审核", "hours"].sum())
    rows = [
        ("库存", "未发布稿件", len(open_), "份", f"共 {drafts} 份稿件"),
        ("库存", "未发布稿件已等待", float(open_["waiting_hours"].sum()), "小时", "、".join(open_.index)),
        ("等待", "审核停留中位数", float(timed.loc[timed["state"] == "审核", "hours"].median()), "小时", ""),
        ("等待", "审核占流程时间", review_hours / float(timed["hours"].sum()), "比例", "审核小时 ÷ 所有环节小时"),
        ("返工（缺陷）", "被打回修改的稿件", reworked, "份", f"进入过审核的 {reviewed} 份中"),
        ("返工（缺陷）", "返工率", reworked / reviewed if reviewed else float("nan"), "比例",
         "被打回修改 ÷ 进入过审核"),
        ("返工（缺陷）", "跳过审核的流转", len(production.illegal_moves(log)), "次", "质量风险：没审就发"),
    ]
    if posts is not None:
        check_columns(posts, ["platform", "reads"])
        med = posts.groupby("platform")["reads"].transform("median")
        rows.append(("过度生产", "阅读不到同平台中位数三成的内容", float((posts["reads"] < 0.3 * med).mean()), "比例",
                     f"共 {len(posts)} 条"))
    return pd.DataFrame(rows, columns=["waste", "measure", "value", "unit", "detail"])
