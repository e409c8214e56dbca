"""内容分发（中级 I-2.3）: which platform fits a piece, one source → every platform's package,
and targeted promotion by region × crowd × time slot under a budget.

- **选平台**：:func:`content_items` (today's source pieces), :func:`topic_lift` (how a topic did
  on a platform compared with that platform's average), :func:`fit_scores` (a fit score per
  content × platform from the goal, the form and past performance), :func:`best_platforms`.
- **一键分发**：:func:`package` builds every platform's draft from one piece by composing
  :func:`~nmt_lab.publishing.distribution.adapt` and
  :func:`~nmt_lab.publishing.distribution.check_post`, adds the tag-count rule
  (:data:`TAG_LIMITS`) and says in Chinese what to fix; :func:`fit_tags` keeps the first tags.
- **精准分发**：:func:`with_rates` (曝光/点击/核销 per yuan of each cell of ``ad_inventory``),
  :func:`allocate` (greedy, or ``scipy.optimize.milp`` when each chosen cell needs a minimum
  spend to leave the platform's learning phase), :func:`allocation_summary`,
  :func:`targeting_view` / :func:`targeting_panel` (budget slider + region/crowd boxes).

>>> from nmt_lab import load
>>> scores = fit_scores(content_items(), load("platform_profiles"), load("posts"))
>>> best_platforms(scores, 1)["C2"]
['微信公众号']
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from .._errors import check_choice, check_columns
from .distribution import PUBLISH_FIELDS, adapt, check_post, sample_piece  # noqa: F401 (doctests)

#: the platforms a piece can be packaged for (those :func:`adapt` knows)
PLATFORMS = list(PUBLISH_FIELDS)

#: goal -> how a platform's profile serves it (a profile column scored 1-5, or the
#: distribution mechanism: 算法推荐 pushes to strangers, 订阅 keeps followers)
CONTENT_GOALS = {
    "到店引流": "local_fit 到店引流能力（1–5 分）÷ 5",
    "线上成交": "commerce_fit 线上成交能力（1–5 分）÷ 5",
    "拉新曝光": "分发机制：算法推荐 1.0，兴趣推荐 0.8，社交/热搜 0.6，其他 0.3",
    "粉丝沉淀": "分发机制：订阅 1.0，社交 0.7，其他 0.4",
}

#: content form -> words in ``platform_profiles.formats`` that mean the platform carries it
FORMAT_WORDS = {
    "图文": ["图文", "长文", "文章"],
    "图片笔记": ["图文笔记", "图文", "短图文"],
    "短视频": ["短视频", "视频"],
    "直播回放": ["直播"],
}

#: 话题标签上限（课程品牌规范，按各平台创作者指南的常见建议取整；不是平台硬性上限）
TAG_LIMITS = {"微信公众号": 3, "视频号": 3, "微博": 2, "抖音": 5, "小红书": 10, "B站": 10}

DEFAULT_WEIGHTS = {"goal_fit": 0.4, "format_fit": 0.3, "performance": 0.3}


#: Chinese column names of this module's tables (:func:`as_chinese`)
LABELS = {
    "item_id": "内容编号", "title": "标题", "topic": "选题", "content_type": "内容形式", "goal": "分发目标",
    "goal_fit": "目标匹配", "format_fit": "形式匹配", "performance": "历史表现", "fit": "匹配分",
    "platform": "平台", "field": "字段", "text": "标题/文案", "length": "字数", "max_len": "字数上限",
    "tags": "话题数", "tag_limit": "话题上限", "image": "封面/图片尺寸", "problems": "问题", "status": "状态",
    "spend": "花费（元）", "impressions": "预计曝光", "clicks": "预计点击", "conversions": "预计到店核销",
    "cells": "格子数", "cpa": "到店成本（元/张）", "cpa_yuan": "到店成本（元/张）",
    "impressions_per_yuan": "曝光/元", "clicks_per_yuan": "点击/元", "conversions_per_yuan": "到店核销/元",
}


def as_chinese(df: pd.DataFrame) -> pd.DataFrame:
    """The same table with Chinese column (and index) names, for display only.

    >>> list(as_chinese(content_items()).columns)
    ['内容编号', '标题', '选题', '内容形式', '分发目标']
    """
    from ..labels import label

    def name(c):
        return (LABELS.get(c) or label(c, "ad_inventory")) if isinstance(c, str) else c

    out = df.rename(columns=name)
    out.index.names = [name(n) if n else n for n in df.index.names]
    return out


def content_items() -> pd.DataFrame:
    """Today's source pieces for the 立秋 week: ``item_id``, ``title``, ``topic`` (as in
    ``posts.topic``), ``content_type`` (as in ``posts.content_type``) and ``goal``.

    >>> content_items()[["item_id", "topic", "content_type", "goal"]].values.tolist()[0]
    ['C1', '新品', '短视频', '到店引流']
    """
    rows = [
        ("C1", "桂花乌龙拿铁上新：30 秒看一杯怎么做", "新品", "短视频", "到店引流"),
        ("C2", "乌龙、红茶、绿茶，焙火差在哪", "茶知识", "图文", "粉丝沉淀"),
        ("C3", "立秋当天第二杯半价：九宫格海报", "活动", "图片笔记", "到店引流"),
        ("C4", "探店：西湖边的新店长什么样", "门店", "短视频", "拉新曝光"),
    ]
    return pd.DataFrame(rows, columns=["item_id", "title", "topic", "content_type", "goal"])


def _interaction_rate(posts: pd.DataFrame) -> pd.Series:
    inter = posts[["likes", "comments", "shares", "favorites"]].fillna(0).sum(axis=1)
    return inter / posts["reads"].where(posts["reads"] > 0)


def topic_lift(posts: pd.DataFrame, min_posts: int = 5) -> pd.DataFrame:
    """How each topic did on each platform compared with the platform's own average:
    mean 互动率 ((likes + comments + shares + favorites) / reads) of the topic ÷ mean 互动率 of
    all the platform's posts. Rows are platforms, columns topics; fewer than ``min_posts``
    posts give NaN (too few to judge).

    >>> from nmt_lab import load
    >>> lift = topic_lift(load("posts"))
    >>> bool(lift.loc["小红书", "门店"] > 1), bool(lift.isna().any().any())
    (True, True)
    """
    check_columns(posts, ["platform", "topic", "likes", "comments", "shares", "favorites", "reads"])
    df = posts.assign(rate=_interaction_rate(posts))
    base = df.groupby("platform", observed=True)["rate"].mean()
    g = df.groupby(["platform", "topic"], observed=True)["rate"]
    lift = (g.mean() / base.reindex(g.mean().index.get_level_values(0)).to_numpy())
    lift = lift.where(g.count() >= min_posts)
    return lift.unstack("topic")


def _goal_fit(profile: pd.Series, goal: str) -> float:
    dist = str(profile["distribution"])
    if goal == "到店引流":
        return float(profile["local_fit"]) / 5
    if goal == "线上成交":
        return float(profile["commerce_fit"]) / 5
    if goal == "拉新曝光":
        return 1.0 if "算法" in dist else 0.8 if "兴趣" in dist else 0.6 if ("社交" in dist or "热搜" in dist) else 0.3
    return 1.0 if "订阅" in dist else 0.7 if "社交" in dist else 0.4


def fit_scores(items: pd.DataFrame, profiles: pd.DataFrame, posts: pd.DataFrame,
               platforms: Iterable[str] | None = None, weights: dict | None = None,
               min_posts: int = 5) -> pd.DataFrame:
    """A fit score (0–1) for every content item × platform:

    - ``goal_fit``: how the platform serves the item's goal (see :data:`CONTENT_GOALS`);
    - ``format_fit``: 1 when the platform carries the item's form (``profiles.formats``), else 0;
    - ``performance``: :func:`topic_lift` of the item's topic, capped at 2 and halved (0.5 is
      "as usual"; no data or too few posts also count as 0.5);
    - ``fit`` = weighted sum (default :data:`DEFAULT_WEIGHTS`; weights are normalised).

    Sorted by item, best platform first.

    >>> from nmt_lab import load
    >>> s = fit_scores(content_items(), load("platform_profiles"), load("posts"))
    >>> s.columns.tolist()
    ['item_id', 'platform', 'goal', 'goal_fit', 'format_fit', 'performance', 'fit']
    >>> s[s["item_id"] == "C1"]["platform"].iloc[0]
    '抖音'
    """
    check_columns(items, ["item_id", "topic", "content_type", "goal"])
    check_columns(profiles, ["platform", "formats", "distribution", "local_fit", "commerce_fit"])
    platforms = PLATFORMS if platforms is None else list(platforms)
    for p in platforms:
        check_choice(p, sorted(profiles["platform"]), "平台")
    w = dict(DEFAULT_WEIGHTS if weights is None else weights)
    for k in w:
        check_choice(k, list(DEFAULT_WEIGHTS), "权重名")
    total = sum(w.values())
    if total <= 0:
        raise ValueError(f"权重之和应大于 0，你给出的是 {w}。")
    w = {k: w.get(k, 0) / total for k in DEFAULT_WEIGHTS}
    lift = topic_lift(posts, min_posts)
    prof = profiles.set_index("platform")
    rows = []
    for _, it in items.iterrows():
        check_choice(it["goal"], CONTENT_GOALS, "分发目标")
        check_choice(it["content_type"], FORMAT_WORDS, "内容形式")
        for p in platforms:
            pr = prof.loc[p]
            fmt = float(any(word in str(pr["formats"]) for word in FORMAT_WORDS[it["content_type"]]))
            lv = lift.loc[p, it["topic"]] if (p in lift.index and it["topic"] in lift.columns) else np.nan
            perf = 0.5 if pd.isna(lv) else min(float(lv), 2.0) / 2
            goal = _goal_fit(pr, it["goal"])
            rows.append({"item_id": it["item_id"], "platform": p, "goal": it["goal"], "goal_fit": goal,
                         "format_fit": fmt, "performance": round(perf, 4),
                         "fit": round(w["goal_fit"] * goal + w["format_fit"] * fmt + w["performance"] * perf, 4)})
    out = pd.DataFrame(rows)
    out["_order"] = out["item_id"].map({v: i for i, v in enumerate(items["item_id"])})
    out = out.sort_values(["_order", "fit"], ascending=[True, False], kind="stable")
    return out.drop(columns="_order").reset_index(drop=True)


def best_platforms(scores: pd.DataFrame, n: int = 2) -> dict[str, list[str]]:
    """``{item_id: [the n platforms with the highest fit]}``.

    >>> s = pd.DataFrame({"item_id": ["C1"] * 3, "platform": ["抖音", "微博", "B站"], "fit": [0.9, 0.5, 0.7]})
    >>> best_platforms(s, 2)
    {'C1': ['抖音', 'B站']}
    """
    check_columns(scores, ["item_id", "platform", "fit"])
    s = scores.sort_values("fit", ascending=False, kind="stable")
    return {k: list(g["platform"].head(n)) for k, g in s.groupby("item_id", sort=False)}


# ------------------------------------------------------------------ 一键分发：一稿多平台


def fit_tags(tags: Iterable[str], platform: str) -> list[str]:
    """The first tags up to the platform's limit (:data:`TAG_LIMITS`): put the important ones first.

    >>> fit_tags(["立秋", "秋天的第一杯奶茶", "桂花", "杭州"], "微博")
    ['立秋', '秋天的第一杯奶茶']
    """
    check_choice(platform, TAG_LIMITS, "发布平台")
    return list(tags)[:TAG_LIMITS[platform]]


def _title_field(platform: str) -> str:
    return PUBLISH_FIELDS[platform][0][0]


def package(piece: dict, platforms: Iterable[str], trim_tags: bool = False) -> pd.DataFrame:
    """Every platform's draft of one source ``piece`` (keys as in
    :func:`~nmt_lab.publishing.distribution.sample_piece`), checked against the platform rules.

    Columns: ``platform``, ``field`` (the field that carries the title), ``text``, ``length``,
    ``max_len`` (from ``platform_rules``; NaN: no rule), ``tags``, ``tag_limit``, ``image``
    ("宽×高" or "—"), ``problems`` (a list of Chinese messages) and ``status``
    ("可发布" / "需修改"). ``trim_tags=True`` keeps only the first :data:`TAG_LIMITS` tags.

    >>> p = package(sample_piece(), ["微博", "小红书"]).set_index("platform")
    >>> int(p.loc["小红书", "length"]), float(p.loc["小红书", "max_len"]), p.loc["小红书", "status"]
    (21, 20.0, '需修改')
    """
    from .. import platform_rules

    if isinstance(platforms, str):
        platforms = [platforms]
    rows = []
    for platform in platforms:
        check_choice(platform, PLATFORMS, "发布平台")
        tags = list(piece.get("tags", []))
        if trim_tags:
            tags = fit_tags(tags, platform)
        post = adapt({**piece, "tags": tags}, platform)
        problems = [str(m) for m in check_post(platform, post)["message"]]
        limit = TAG_LIMITS[platform]
        if len(tags) > limit:
            problems.append(f"{platform}·话题标签有 {len(tags)} 个，品牌规范最多 {limit} 个："
                            f"保留最重要的 {limit} 个（可用 fit_tags 或 trim_tags=True）。")
        field = _title_field(platform)
        text = str(post[field])
        r = platform_rules.rules(platform, field)
        r = r[r["rule_type"] == "max_len"]
        image = PUBLISH_FIELDS[platform][1]
        rows.append({"platform": platform, "field": field, "text": text,
                     "length": platform_rules.text_length(text),
                     "max_len": float(r["value"].astype(float).iloc[-1]) if len(r) else np.nan,
                     "tags": len(tags), "tag_limit": limit,
                     "image": "×".join(map(str, post[image])) if image else "—",
                     "problems": problems, "status": "可发布" if not problems else "需修改"})
    return pd.DataFrame(rows)


# ------------------------------------------------------------------ 精准分发：区域 × 人群 × 时段

OBJECTIVES = {"impressions": "曝光", "clicks": "点击", "conversions": "到店核销"}


def with_rates(inventory: pd.DataFrame) -> pd.DataFrame:
    """``inventory`` (the ``ad_inventory`` table) with what one yuan buys in each cell:
    ``impressions_per_yuan`` = 1000 / CPM, ``clicks_per_yuan`` = that × CTR,
    ``conversions_per_yuan`` = that × CVR (到店核销), and ``cpa_yuan`` = 1 / conversions_per_yuan.

    >>> r = with_rates(pd.DataFrame({"cpm_yuan": [40.0], "ctr": [0.01], "cvr": [0.05]}))
    >>> r[["impressions_per_yuan", "clicks_per_yuan", "conversions_per_yuan", "cpa_yuan"]].round(4).values.tolist()
    [[25.0, 0.25, 0.0125, 80.0]]
    """
    check_columns(inventory, ["cpm_yuan", "ctr", "cvr"])
    out = inventory.copy()
    out["impressions_per_yuan"] = 1000 / out["cpm_yuan"]
    out["clicks_per_yuan"] = out["impressions_per_yuan"] * out["ctr"]
    out["conversions_per_yuan"] = out["clicks_per_yuan"] * out["cvr"]
    out["cpa_yuan"] = 1 / out["conversions_per_yuan"].where(out["conversions_per_yuan"] > 0)
    return out


def _select(inv: pd.DataFrame, column: str, values, what: str) -> pd.DataFrame:
    if values is None:
        return inv
    values = [values] if isinstance(values, str) else list(values)
    for v in values:
        check_choice(v, list(dict.fromkeys(inv[column])), what)
    return inv[inv[column].isin(values)]


def allocate(inventory: pd.DataFrame, budget: float, regions=None, crowds=None, slots=None,
             objective: str = "conversions", min_spend: float = 0.0, method: str = "greedy") -> pd.DataFrame:
    """Spend ``budget`` on the cells of ``inventory`` (filtered by ``regions``, ``crowds``,
    ``slots``; None: all) to get the most ``objective`` ("impressions", "clicks" or
    "conversions"), no cell above its ``max_spend_yuan``.

    ``method="greedy"``: fill the cells with the most ``objective`` per yuan first (optimal
    when there is no minimum spend). ``method="milp"`` (``scipy.optimize.milp``): a chosen
    cell gets at least ``min_spend`` yuan (a new ad group needs enough budget to leave the
    platform's 学习期), which greedy cannot guarantee.

    Returns the chosen cells, best first, with ``spend``, ``impressions``, ``clicks``,
    ``conversions``.

    >>> inv = pd.DataFrame({"cell_id": ["a", "b", "c"], "cpm_yuan": [20.0, 40.0, 10.0],
    ...                     "ctr": [0.01, 0.01, 0.01], "cvr": [0.05, 0.05, 0.0],
    ...                     "max_spend_yuan": [1000.0, 5000.0, 9000.0]})
    >>> allocate(inv, 3000)[["cell_id", "spend"]].values.tolist()
    [['a', 1000.0], ['b', 2000.0]]
    >>> allocate(inv, 3000, objective="impressions")["cell_id"].tolist()
    ['c']
    """
    check_choice(objective, OBJECTIVES, "优化目标")
    check_choice(method, ["greedy", "milp"], "方法")
    check_columns(inventory, ["cpm_yuan", "ctr", "cvr", "max_spend_yuan"])
    try:
        budget = float(budget)
    except (TypeError, ValueError):
        raise TypeError(f"预算 budget 应是一个数（元），你给出的是 {budget!r}。") from None
    if budget < 0:
        raise ValueError(f"预算 budget 不能为负数，你给出的是 {budget}。")
    inv = inventory
    for column, values, what in (("region", regions, "区域"), ("crowd", crowds, "人群"), ("slot", slots, "时段")):
        if values is not None:
            check_columns(inv, [column])
        inv = _select(inv, column, values, what)
    inv = with_rates(inv)
    value = inv[f"{objective}_per_yuan"].to_numpy()
    cap = inv["max_spend_yuan"].to_numpy(dtype=float)
    if method == "greedy":
        spend = np.zeros(len(inv))
        left = budget
        for i in np.argsort(-value, kind="stable"):
            if left <= 0 or value[i] <= 0:
                break
            spend[i] = min(cap[i], left)
            left -= spend[i]
    else:
        spend = _milp(value, cap, budget, float(min_spend))
    out = inv.assign(spend=np.round(spend, 2))
    out = out[out["spend"] > 0].copy()
    out["impressions"] = out["spend"] * out["impressions_per_yuan"]
    out["clicks"] = out["spend"] * out["clicks_per_yuan"]
    out["conversions"] = out["spend"] * out["conversions_per_yuan"]
    out = out.sort_values(f"{objective}_per_yuan", ascending=False, kind="stable")
    return out.drop(columns=["impressions_per_yuan", "clicks_per_yuan", "conversions_per_yuan"]).reset_index(drop=True)


def _milp(value: np.ndarray, cap: np.ndarray, budget: float, min_spend: float) -> np.ndarray:
    from scipy.optimize import Bounds, LinearConstraint, milp

    # a cell whose cap is below the minimum, or that brings nothing, is never chosen
    usable = (cap >= min_spend) & (value > 0)
    spend = np.zeros(len(value))
    if not usable.any():
        return spend
    value, cap = value[usable], cap[usable]
    n = len(value)
    # variables: spend s (n), chosen y (n); maximise value·s
    c = np.concatenate([-value, np.zeros(n)])
    eye = np.eye(n)
    a = np.vstack([np.concatenate([np.ones(n), np.zeros(n)]),          # Σ s ≤ budget
                   np.hstack([eye, -np.diag(cap)]),                       # s ≤ cap·y
                   np.hstack([eye, -min_spend * eye])])                   # s ≥ min·y
    lo = np.concatenate([[-np.inf], np.full(n, -np.inf), np.zeros(n)])
    hi = np.concatenate([[budget], np.zeros(n), np.full(n, np.inf)])
    res = milp(c, constraints=LinearConstraint(a, lo, hi), integrality=np.r_[np.zeros(n), np.ones(n)],
               bounds=Bounds(np.zeros(2 * n), np.r_[cap, np.ones(n)]), options={"time_limit": 10})
    if res.x is None:
        raise RuntimeError(f"没有找到可行的分配方案（{res.message}）：试试降低 min_spend 或提高预算。")
    spend[usable] = np.where(res.x[:n] > 1e-6, res.x[:n], 0.0)
    return spend


def allocation_summary(allocation: pd.DataFrame) -> dict:
    """Totals of an :func:`allocate` result: ``cells``, ``spend``, ``impressions``, ``clicks``,
    ``conversions`` and ``cpa`` (spend per 到店核销; NaN without conversions).

    >>> allocation_summary(pd.DataFrame({"spend": [100.0, 300.0], "impressions": [5000.0, 7500.0],
    ...                                  "clicks": [50.0, 75.0], "conversions": [2.0, 2.0]}))["cpa"]
    100.0
    """
    check_columns(allocation, ["spend", "impressions", "clicks", "conversions"])
    tot = allocation[["spend", "impressions", "clicks", "conversions"]].sum()
    return {"cells": len(allocation), "spend": float(tot["spend"]), "impressions": float(tot["impressions"]),
            "clicks": float(tot["clicks"]), "conversions": float(tot["conversions"]),
            "cpa": float(tot["spend"] / tot["conversions"]) if tot["conversions"] > 0 else float("nan")}


def targeting_view(inventory: pd.DataFrame, budget: float, regions=None, crowds=None,
                   objective: str = "conversions") -> dict:
    """What the targeting panel shows: ``table`` (the allocation, in Chinese columns),
    ``summary`` (:func:`allocation_summary`) and ``by_region`` (spend and conversions per region).

    >>> from nmt_lab import load
    >>> v = targeting_view(load("ad_inventory"), 20000, regions=["杭州", "上海"])
    >>> sorted(v["by_region"].index.tolist()) == ["上海", "杭州"] or v["by_region"].index.tolist() == ["杭州"]
    True
    """
    alloc = allocate(inventory, budget, regions=regions or None, crowds=crowds or None, objective=objective)
    by_region = alloc.groupby("region", observed=True)[["spend", "impressions", "conversions"]].sum()
    cols = {"region": "区域", "crowd": "人群", "slot": "时段", "spend": "花费（元）", "impressions": "预计曝光",
            "conversions": "预计到店核销"}
    table = alloc[list(cols)].rename(columns=cols).round({"花费（元）": 0, "预计曝光": 0, "预计到店核销": 1})
    return {"table": table, "summary": allocation_summary(alloc),
            "by_region": by_region.sort_values("spend", ascending=False)}


def targeting_panel(inventory: pd.DataFrame, budget: int = 20000, regions: Iterable[str] | None = None,
                    crowds: Iterable[str] | None = None):
    """Budget slider, objective buttons and region / crowd check boxes → the allocation table
    and a bar chart of spend and expected 到店核销 per region (:func:`targeting_view`)."""
    import ipywidgets as w
    import plotly.graph_objects as go

    from ..widgets import Panel

    all_regions = list(dict.fromkeys(inventory["region"]))
    all_crowds = list(dict.fromkeys(inventory["crowd"]))
    regions = all_regions if regions is None else list(regions)
    crowds = all_crowds if crowds is None else list(crowds)
    region_boxes = {r: w.Checkbox(value=r in regions, description=r, indent=False,
                                  layout=w.Layout(width="110px")) for r in all_regions}
    crowd_boxes = {c: w.Checkbox(value=c in crowds, description=c, indent=False,
                                 layout=w.Layout(width="110px")) for c in all_crowds}
    controls = {"budget": w.IntSlider(value=int(budget), min=0, max=100000, step=2000, description="预算（元）",
                                      continuous_update=False, layout=w.Layout(width="420px")),
                "objective": w.ToggleButtons(options=[("按到店核销", "conversions"), ("按曝光", "impressions")],
                                             value="conversions", description="优化目标")}
    controls |= {f"r_{k}": b for k, b in region_boxes.items()} | {f"c_{k}": b for k, b in crowd_boxes.items()}
    fig = go.FigureWidget(layout={"barmode": "group", "height": 320, "title": "各区域的花费与预计到店核销",
                                  "yaxis": {"title": "花费（元）"},
                                  "yaxis2": {"title": "预计到店核销", "overlaying": "y", "side": "right"}})
    fig.add_bar(name="花费（元）", x=[], y=[], offsetgroup=0)
    fig.add_bar(name="预计到店核销", x=[], y=[], yaxis="y2", offsetgroup=1)
    card, table = w.HTML(), w.HTML()

    def update(budget, objective, **boxes):
        chosen_r = [k for k in all_regions if boxes[f"r_{k}"]]
        chosen_c = [k for k in all_crowds if boxes[f"c_{k}"]]
        if not chosen_r or not chosen_c:
            card.value = "<b>请至少勾选一个区域和一个人群。</b>"
            return
        v = targeting_view(inventory, budget, chosen_r, chosen_c, objective)
        s = v["summary"]
        card.value = (f"<b>花费 {s['spend']:,.0f} 元</b>，买了 {s['cells']} 个格子；"
                      f"预计曝光 {s['impressions']:,.0f} 次，"
                      f"到店核销 {s['conversions']:,.0f} 张券（每张 {s['cpa']:,.1f} 元）")
        table.value = v["table"].head(12).to_html(index=False)
        with fig.batch_update():
            fig.data[0].x = fig.data[1].x = list(v["by_region"].index)
            fig.data[0].y = list(v["by_region"]["spend"].round(0))
            fig.data[1].y = list(v["by_region"]["conversions"].round(1))

    box = w.VBox([w.HBox([controls["budget"], controls["objective"]]),
                  w.HBox([w.Label("区域："), *region_boxes.values()], layout=w.Layout(flex_flow="row wrap")),
                  w.HBox([w.Label("人群："), *crowd_boxes.values()]), card, fig, table])
    return Panel(controls, [card, fig, table], update, box=box, figure=fig, card=card, table=table)
