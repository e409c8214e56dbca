"""``campaign_history`` (溪山茶饮's earlier product-launch campaigns, plus the plan of ymbc25)
and ``industry_benchmarks`` (published or assumed reference figures, one versioned row per
figure with its source and year) for the campaign retrospective (I4-2).

The history is what a brand keeps in a review spreadsheet: one row per campaign with its
targets and results. Results of ``ymbc25`` are left empty: the student fills them from the
event log. Participants are deduplicated visitors after removing suspicious traffic; the
2024 杨梅 campaign (ymbc24) counted raw visitors (its note says so), a comparability trap.

Benchmarks follow ``/work/shared/calibration.md``: where a figure comes from an industry blog
or is the course's own assumption it is marked ``is_soft`` and given as a range.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

HISTORY_COLUMNS = ["campaign_code", "campaign_name", "product", "start_date", "end_date",
                   "n_channels", "cost", "target_participants", "target_orders", "target_gmv",
                   "participants", "orders", "gmv", "note"]

#: code, name, product, start, end, channels, cost, targets (participants, orders, GMV),
#: base results (participants, orders, GMV) before noise, note
_HISTORY = [
    ("lcxc24", "龙井春茶季", "明前龙井奶绿", "2024-03-25", "2024-04-05", 8, 9000,
     2200, 300, 8000, 2050, 276, 7700, ""),
    ("ymbc24", "杨梅冰茶首发", "杨梅冰茶", "2024-06-06", "2024-06-16", 9, 12000,
     2600, 320, 9000, 3150, 301, 8400, "参与人数按访问次数统计（未去重、未剔除异常流量）"),
    ("ghwl24", "桂花乌龙拿铁上新", "桂花乌龙拿铁", "2024-09-10", "2024-09-22", 10, 14000,
     2500, 350, 9800, 2380, 362, 10300, ""),
    ("hdjz24", "红豆姜枣暖冬季", "红豆姜枣奶茶", "2024-11-15", "2024-11-28", 9, 11000,
     2300, 320, 9000, 2150, 290, 8100, ""),
    ("mqlj25", "明前龙井上新", "明前龙井奶绿", "2025-03-25", "2025-04-06", 11, 15000,
     2600, 380, 10500, 2720, 395, 11100, ""),
]
#: the campaign under review: targets only, results left for the retrospective
_PLAN = ("ymbc25", "杨梅冰茶上新", "杨梅冰茶", "2025-06-01", "2025-06-14", 14, 21300,
         2800, 400, 10000, "本次复盘的活动：实际值待复盘填写")

BENCHMARK_COLUMNS = ["benchmark_id", "metric", "metric_label", "definition", "scope", "value",
                     "low", "high", "unit", "is_soft", "source", "year"]

_ASSUMED = "课程编写组设定的示意区间（没有可引用的公开统计，只作练习用）"
#: id, metric, label, definition, scope, value, low, high, unit, soft, source, year
_BENCHMARKS = [
    ("BM01", "open_rate", "打开率", "图文阅读人数 ÷ 送达人数", "微信公众号（全行业）", .012, None, None,
     "比例", False, "微信公众号行业数据报告（2019）", 2019),
    ("BM02", "open_rate", "打开率", "图文阅读人数 ÷ 送达人数", "微信公众号（全行业）", None, .01, .05,
     "比例", True, "行业博客汇总（软数据）", 2025),
    ("BM03", "open_rate", "打开率", "图文阅读人数 ÷ 送达人数", "微信公众号（头部账号）", None, .08, .12,
     "比例", True, "行业博客汇总（软数据）", 2025),
    ("BM04", "article_share_rate", "图文分享率", "分享人数 ÷ 阅读人数（公众号文章）",
     "微信公众号（全行业）", .03, None, None, "比例", False, "微信公众号行业数据报告（2019）", 2019),
    ("BM05", "like_rate", "点赞率", "点赞数 ÷ 阅读数（公众号文章）", "微信公众号（全行业）", None, .01, .015,
     "比例", False, "微信公众号行业数据报告（2019）", 2019),
    ("BM06", "xhs_interaction_rate", "小红书互动率", "（点赞 + 收藏 + 评论）÷ 阅读", "小红书笔记", None,
     .02, .03, "比例", True, "行业博客汇总（软数据）", 2025),
    ("BM07", "visit_conversion", "活动页成交转化率", "支付订单数 ÷ 访问次数（活动落地页）",
     "区域茶饮品牌新品活动", None, .05, .12, "比例", True, _ASSUMED, 2025),
    ("BM08", "session_share_rate", "活动页分享率", "有分享的访问次数 ÷ 访问次数（活动落地页）",
     "区域茶饮品牌新品活动", None, .03, .06, "比例", True, _ASSUMED, 2025),
    ("BM09", "roas", "投产比（ROAS）", "GMV ÷ 推广费用",
     "区域茶饮品牌新品活动（全部渠道，只计线上订单）", None, .5, 1.5, "倍", True, _ASSUMED, 2025),
    ("BM10", "paid_cpa", "每单成本（CPA）", "付费渠道费用 ÷ 付费渠道支付订单数", "区域茶饮品牌新品活动（付费渠道）",
     None, 30.0, 80.0, "元/单", True, _ASSUMED, 2025),
    ("BM11", "k_factor", "K 值（病毒系数）", "人均邀请数 × 邀请转化率", "社交裂变类活动", None, .2, .5,
     "倍", True, _ASSUMED, 2025),
]


def history_table(rng: np.random.Generator) -> pd.DataFrame:
    """Past campaigns with a little noise on the results (targets are round numbers)."""
    rows = []
    for r in _HISTORY:
        code, name, product, start, end, n_ch, cost, tp, to, tg, p, o, g, note = r
        f = rng.normal(1, .03, 3)
        orders = int(round(o * f[1]))
        aov = g / o * f[2]
        rows.append((code, name, product, pd.Timestamp(start), pd.Timestamp(end), n_ch, float(cost),
                     tp, to, float(tg), int(round(p * f[0])), orders, round(orders * aov, 2), note))
    code, name, product, start, end, n_ch, cost, tp, to, tg, note = _PLAN
    rows.append((code, name, product, pd.Timestamp(start), pd.Timestamp(end), n_ch, float(cost),
                 tp, to, float(tg), None, None, None, note))
    out = pd.DataFrame(rows, columns=HISTORY_COLUMNS)
    for c in ["participants", "orders"]:
        out[c] = out[c].astype("Int64")
    out["gmv"] = out["gmv"].astype(float)
    return out


def benchmarks_table() -> pd.DataFrame:
    """The reference figures, unchanged (no randomness: they are quoted, not simulated)."""
    out = pd.DataFrame(_BENCHMARKS, columns=BENCHMARK_COLUMNS)
    for c in ["value", "low", "high"]:
        out[c] = out[c].astype(float)
    return out
