"""日常发布 · 热点与素材登记：挑选与品牌相关的热点、各平台的话题写法、热点素材的登记与检查。"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import numpy as np
import pandas as pd

from .. import platform_rules
from .._errors import check_choice, check_columns
from .common import _day

# =====================================================================================
# 3  热点与素材库
# =====================================================================================

_INDEX_KEYWORDS = ["溪山茶饮", "新茶饮", "柠檬茶", "杨梅", "奶茶"]


def hot_candidates(hot_topics: pd.DataFrame, start, end, min_relevance: float = 0.6,
                   search_index: pd.DataFrame | None = None) -> pd.DataFrame:
    """Hot topics on any list between ``start`` and ``end`` (inclusive) with brand relevance
    ≥ ``min_relevance``, one row per topic, most relevant first.

    Columns: ``topic``, ``category``, ``brand_relevance``, ``first_seen``, ``last_seen``,
    ``days``, ``lists``, ``best_rank``. With ``search_index``, also ``keyword`` (an index
    keyword the topic contains, e.g. 奶茶) and ``index_lift``: the keyword's 微信指数 in the
    period ÷ its mean over the 28 days before (above 1: attention is rising).

    >>> c = hot_candidates(load_hot(), "2025-08-04", "2025-08-10", 0.9)
    >>> c[["topic", "first_seen", "best_rank"]].values.tolist()[:2]
    [['秋天的第一杯奶茶', '2025-08-05', 1], ['立秋', '2025-08-06', 1]]
    """
    check_columns(hot_topics, ["date", "list_name", "rank", "topic", "category", "brand_relevance"])
    a, b = _day(start), _day(end)
    if b < a:
        raise ValueError(f"结束日期 {b:%Y-%m-%d} 早于开始日期 {a:%Y-%m-%d}。")
    if not 0 <= float(min_relevance) <= 1:
        raise ValueError(f"min_relevance 应在 0 到 1 之间，你给出的是 {min_relevance}。")
    rows = hot_topics[(hot_topics["date"] >= a) & (hot_topics["date"] <= b)
                      & (hot_topics["brand_relevance"] >= min_relevance)]
    g = rows.groupby("topic")
    out = pd.DataFrame({
        "category": g["category"].first().astype(str),
        "brand_relevance": g["brand_relevance"].max(),
        "first_seen": g["date"].min().dt.strftime("%Y-%m-%d"),
        "last_seen": g["date"].max().dt.strftime("%Y-%m-%d"),
        "days": g["date"].nunique(),
        "lists": g["list_name"].agg(lambda s: "、".join(sorted(set(map(str, s))))),
        "best_rank": g["rank"].min(),
    }).reset_index()
    if search_index is not None:
        out["keyword"] = out["topic"].map(lambda t: next((k for k in _INDEX_KEYWORDS if k in t), ""))
        out["index_lift"] = [_lift(search_index, k, a, b) if k else np.nan for k in out["keyword"]]
    out = out.sort_values(["brand_relevance", "best_rank", "first_seen"], ascending=[False, True, True])
    return out.reset_index(drop=True)


def load_hot() -> pd.DataFrame:
    """``nmt.load("hot_topics")`` (for examples)."""
    from ..datasets import load

    return load("hot_topics")


def _lift(search_index: pd.DataFrame, keyword: str, a: pd.Timestamp, b: pd.Timestamp) -> float:
    rows = search_index[(search_index["keyword"] == keyword) & (search_index["source"] == "微信指数")]
    s = rows.set_index("date")["value"].astype("float64")
    now = s[(s.index >= a) & (s.index <= b)].mean()
    before = s[(s.index >= a - pd.Timedelta(days=28)) & (s.index < a)].mean()
    return round(float(now / before), 3) if before and not math.isnan(before) else np.nan


# How a topic tag is written on each platform: 微博 closes a topic with a second #.
_TAG_STYLE = {"微博": "#{}#", "抖音": "#{}", "小红书": "#{}", "视频号": "#{}", "B站": "#{}", "微信公众号": "#{}"}


def hashtag(topic: str, platform: str) -> str:
    """A topic tag in the platform's format: ``#话题#`` on 微博, ``#话题`` elsewhere.

    >>> hashtag("秋天的第一杯奶茶", "微博"), hashtag("秋天的第一杯奶茶", "小红书")
    ('#秋天的第一杯奶茶#', '#秋天的第一杯奶茶')
    """
    check_choice(platform, _TAG_STYLE, "话题平台")
    clean = re.sub(r"[#\s]", "", str(topic))
    if not clean:
        raise ValueError("话题不能为空。")
    return _TAG_STYLE[platform].format(clean)


MATERIAL_FIELDS = {
    "material_id": "素材编号",
    "kind": "素材类型",
    "title": "标题",
    "category": "话题类别",
    "lists": "来源榜单",
    "first_seen": "首次上榜",
    "last_seen": "最后上榜",
    "best_rank": "最高排名",
    "brand_relevance": "品牌相关度",
    "keyword": "关联指数词",
    "index_lift": "指数热度倍数",
    "hashtags": "话题标签",
    "usage": "使用建议",
    "copyright": "版权说明",
    "captured_on": "整理日期",
    "reporter": "整理人",
    "status": "状态",
}
_TAG_PLATFORMS = ["微博", "抖音", "小红书"]
_COPYRIGHT = "话题名称可引用；热榜截图和他人的图片、视频、文字未经授权不得使用，配图用品牌自有素材。"


def material_record(candidate, captured_on, seq: int = 1, reporter: str = "新媒体运营助理") -> dict:
    """A hot topic (one row of :func:`hot_candidates`) as a material-library record in the
    normalised format: fixed fields (see :data:`MATERIAL_FIELDS`), dates as "YYYY-MM-DD",
    topic tags in each platform's format, a copyright note and status 待上报.

    >>> c = hot_candidates(load_hot(), "2025-08-04", "2025-08-10", 0.9)
    >>> r = material_record(c.iloc[0], "2025-08-04")
    >>> r["material_id"], r["hashtags"]["微博"], r["status"]
    ('HT20250804-01', '#秋天的第一杯奶茶#', '待上报')
    >>> validate_material(r)
    []
    """
    c = candidate
    day = _day(captured_on)
    relevance = float(c["brand_relevance"])
    lift = c.get("index_lift", np.nan) if hasattr(c, "get") else np.nan
    return {
        "material_id": f"HT{day:%Y%m%d}-{int(seq):02d}",
        "kind": "热点",
        "title": str(c["topic"]),
        "category": str(c["category"]),
        "lists": str(c["lists"]),
        "first_seen": f"{_day(c['first_seen']):%Y-%m-%d}",
        "last_seen": f"{_day(c['last_seen']):%Y-%m-%d}",
        "best_rank": int(c["best_rank"]),
        "brand_relevance": relevance,
        "keyword": str(c.get("keyword", "") if hasattr(c, "get") else "") or "",
        "index_lift": None if lift is None or pd.isna(lift) else float(lift),
        "hashtags": {p: hashtag(c["topic"], p) for p in _TAG_PLATFORMS},
        "usage": "可直接借势" if relevance >= 0.8 else "可借势，需找准与茶饮的关联",
        "copyright": _COPYRIGHT,
        "captured_on": f"{day:%Y-%m-%d}",
        "reporter": reporter,
        "status": "待上报",
    }


_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def validate_material(record: dict) -> list[str]:
    """Everything that keeps ``record`` from the library's normalised format, in Chinese.

    >>> validate_material({"kind": "热点"})[0]
    '缺少字段：素材编号（material_id）'
    """
    if not isinstance(record, dict):
        return [f"素材记录应该是一个字典（dict），你给出的是 {type(record).__name__}。"]
    problems = []
    optional = {"keyword", "index_lift"}
    for key, name in MATERIAL_FIELDS.items():
        if key not in record:
            problems.append(f"缺少字段：{name}（{key}）")
        elif key not in optional and (record[key] is None or record[key] == ""):
            problems.append(f"字段 {name}（{key}）为空。")
    if problems:
        return problems
    for key in ("first_seen", "last_seen", "captured_on"):
        if not _DATE.match(str(record[key])):
            problems.append(f"{MATERIAL_FIELDS[key]} 应写成 YYYY-MM-DD，你写的是 {record[key]!r}。")
    if not problems and record["first_seen"] > record["last_seen"]:
        problems.append("首次上榜日期晚于最后上榜日期。")
    try:
        rel = float(record["brand_relevance"])
        if not 0 <= rel <= 1:
            problems.append(f"品牌相关度应在 0 到 1 之间，你写的是 {rel}。")
    except (TypeError, ValueError):
        problems.append(f"品牌相关度应是 0 到 1 之间的数字，你写的是 {record['brand_relevance']!r}。")
    tags = record["hashtags"]
    if not isinstance(tags, dict):
        problems.append("话题标签应是 {平台: 标签} 的字典。")
    else:
        for p in _TAG_PLATFORMS:
            want = hashtag(record["title"], p)
            if tags.get(p) != want:
                problems.append(f"{p} 的话题标签应写成 {want}，你写的是 {tags.get(p)!r}。")
    for p in platform_rules.check_text("小红书", "title", record["title"]):
        problems.append(f"素材标题用作小红书标题会超长：{p.message}")
    if record["kind"] not in ("热点", "图片", "视频", "文案"):
        problems.append(f"素材类型 {record['kind']!r} 不在 热点、图片、视频、文案 之中。")
    return problems


def save_materials(records: list[dict], path) -> Path:
    """Write material records to ``path`` (.json: a list of records; .csv: one row each, tags
    as "微博:#x#；抖音:#x"). Folders are created. Every record is validated first.

    >>> import tempfile, os
    >>> c = hot_candidates(load_hot(), "2025-08-04", "2025-08-10", 0.9)
    >>> out = save_materials([material_record(c.iloc[0], "2025-08-04")], os.path.join(tempfile.mkdtemp(), "m.json"))
    >>> json.loads(out.read_text("utf-8"))[0]["title"]
    '秋天的第一杯奶茶'
    """
    path = Path(path)
    for r in records:
        problems = validate_material(r)
        if problems:
            raise ValueError(f"素材 {r.get('material_id', '?') if isinstance(r, dict) else r!r} 不规范："
                             + "；".join(problems))
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix == ".json":
        path.write_text(json.dumps(list(records), ensure_ascii=False, indent=2), encoding="utf-8")
    elif path.suffix == ".csv":
        flat = [{**r, "hashtags": "；".join(f"{k}:{v}" for k, v in r["hashtags"].items())} for r in records]
        pd.DataFrame(flat, columns=list(MATERIAL_FIELDS)).to_csv(path, index=False, encoding="utf-8-sig")
    else:
        raise ValueError(f'文件类型 "{path.suffix}" 不支持；可用的有：.json、.csv')
    return path


def material_table(records: list[dict]) -> pd.DataFrame:
    """Material records as a table with Chinese column names (for display)."""
    flat = [{**r, "hashtags": " ".join(r["hashtags"].values())} for r in records]
    return pd.DataFrame(flat, columns=list(MATERIAL_FIELDS)).rename(columns=MATERIAL_FIELDS)
