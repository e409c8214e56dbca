"""内容发布 · 分发：各平台发布需要的字段与封面比例，一稿多改、多渠道分发计划，社群推送与打码。"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pandas as pd

from .. import compliance, platform_rules
from .._errors import check_choice, check_columns
from .common import BRAND, WEEKDAYS, _day
from .hot_topics import hashtag
from .proofreading import _REVIEW_SEVERITY
from .timing import best_hour

# =====================================================================================
# 5  发布设置：标题、封面、正文
# =====================================================================================

# Content fields and the cover/image field that each platform's post needs.
PUBLISH_FIELDS = {
    "微信公众号": (["title", "digest", "body"], "cover"),
    "视频号": (["short_title"], None),
    "微博": (["body"], None),
    "抖音": (["caption"], "video"),
    "小红书": (["title", "body"], "images"),
    "B站": (["title"], "cover"),
}
FIELD_NAMES = {"title": "标题", "digest": "摘要", "body": "正文", "short_title": "短标题", "caption": "作品描述",
               "cover": "封面", "video": "视频画面", "images": "图片"}


def post_fields(platform: str) -> pd.DataFrame:
    """What a post on ``platform`` needs and the platform's rules for each field.

    >>> post_fields("小红书")[["field", "rule"]].values.tolist()
    [['title', '最多 20 字'], ['body', '最多 1000 字'],
     ['images', '至少 1 张，最多 18 张，比例 3:4，宽至少 1080 像素，高至少 1440 像素']]
    """
    check_choice(platform, PUBLISH_FIELDS, "发布平台")
    texts, image = PUBLISH_FIELDS[platform]
    rows = []
    for field in [*texts, *([image] if image else [])]:
        r = platform_rules.rules(platform, field)
        parts = []
        for x in r.itertuples(index=False):
            per = "（汉字计 2）" if pd.notna(x.cjk_counts_as) and int(x.cjk_counts_as) == 2 else ""
            parts.append({"max_len": f"最多 {x.value} {x.unit}{per}", "min_len": f"至少 {x.value} {x.unit}{per}",
                          "ratio": f"比例 {x.value}", "width_px": f"宽至少 {x.value} 像素",
                          "height_px": f"高至少 {x.value} 像素", "max_size_kb": f"不超过 {x.value} KB",
                          "max_count": f"最多 {x.value} {x.unit}", "min_count": f"至少 {x.value} {x.unit}",
                          }.get(x.rule_type, f"{x.rule_type} {x.value}"))
        rows.append({"field": field, "name": FIELD_NAMES[field], "rule": "，".join(parts) or "—",
                     "rule_ids": "、".join(r["rule_id"])})
    return pd.DataFrame(rows)


def check_post(platform: str, post: dict) -> pd.DataFrame:
    """Validate a post set up for ``platform``: every required field present, text lengths,
    cover/image size and ratio (``post["cover"]`` etc. as ``(width, height)``) and wording
    (course lexicon, severity 高/中). One row per problem: ``field``, ``rule``, ``message``.

    >>> check_post("小红书", {"title": "立秋喝杯桂花乌龙", "body": "秋天的第一杯奶茶", "images": (1080, 1440)})
    Empty DataFrame
    Columns: [field, rule, message]
    Index: []
    >>> check_post("小红书", {"title": "全网最好喝的桂花乌龙", "body": "", "images": (1080, 1080)})["rule"].tolist()
    ['用语', '必填', '宽高比', '高度']
    """
    check_choice(platform, PUBLISH_FIELDS, "发布平台")
    if not isinstance(post, dict):
        raise TypeError("post 应该是一个字典（dict），如 {'title': ..., 'body': ...}；"
                        f"你给出的是 {type(post).__name__}。")
    texts, image = PUBLISH_FIELDS[platform]
    rows = []
    for field in texts:
        value = post.get(field)
        name = FIELD_NAMES[field]
        if value is None or not str(value).strip():
            why = "：不填时平台抓取正文前 54 个字，品牌规范要求写一句带利益点的摘要" if field == "digest" else ""
            rows.append((field, "必填", f"{platform}·{name}（{field}）还没有填写{why}。"))
            continue
        for h in compliance.find_terms(str(value)):
            if h.severity in _REVIEW_SEVERITY:
                rows.insert(len(rows), (field, "用语", f"{platform}·{name}：“{h.word}”属于{h.category}，"
                                                      f"建议改为 {h.replacement or '（删除或改写）'}。"))
        for p in platform_rules.check_text(platform, field, str(value)):
            rows.append((field, platform_rules.RULE_LABELS.get(p.rule_type, p.rule_type), p.message))
    if image:
        size = post.get(image)
        name = FIELD_NAMES[image]
        if size is None:
            rows.append((image, "必填", f"{platform}·{name}（{image}）还没有给出尺寸，例如 (1080, 1440)。"))
        else:
            try:
                width, height = (int(v) for v in size)
            except (TypeError, ValueError):
                raise ValueError(f"{name}尺寸应写成 (宽, 高)，例如 (1080, 1440)；你给出的是 {size!r}。") from None
            for p in platform_rules.check_image(platform, image, width, height):
                rows.append((image, platform_rules.RULE_LABELS.get(p.rule_type, p.rule_type), p.message))
    order = {f: i for i, f in enumerate([*texts, image])}
    rows.sort(key=lambda r: order.get(r[0], 99))
    return pd.DataFrame(rows, columns=["field", "rule", "message"])


def crop_box(width: int, height: int, ratio: str) -> tuple[int, int]:
    """The largest ``ratio`` ("宽:高") crop of a ``width`` × ``height`` picture, in whole pixels.

    >>> crop_box(1080, 1440, "2.35:1"), crop_box(1080, 1440, "9:16"), crop_box(1920, 1080, "3:4")
    ((1080, 460), (810, 1440), (810, 1080))
    """
    try:
        a, b = (float(x) for x in str(ratio).replace("：", ":").split(":"))
    except ValueError:
        raise ValueError(f'比例 "{ratio}" 无法识别：请写成 "宽:高"，例如 "2.35:1"、"3:4"。') from None
    if width <= 0 or height <= 0:
        raise ValueError(f"图片尺寸应为正数，你给出的是 {width}×{height}。")
    want = a / b
    if width / height > want:
        return (int(round(height * want)), int(height))
    return (int(width), int(round(width / want)))


# =====================================================================================
# 7  多渠道分发：一稿多改
# =====================================================================================

_RATIO = {"微信公众号": "2.35:1", "抖音": "9:16", "小红书": "3:4", "B站": "16:9"}


def campaign_brief() -> dict:
    """The 立秋 campaign that B2-3 publishes: theme, audience, date, product, offer.

    >>> b = campaign_brief()
    >>> b["date_text"], b["offer"]
    ('8月7日（周四）', '第二杯半价')
    """
    d = _day("2025-08-07")
    return {
        "name": f"{BRAND}立秋上新",
        "theme": "立秋·秋天的第一杯奶茶",
        "audience": "江浙沪 18–30 岁的学生和年轻白领，爱尝新、爱打卡，通勤和午休时刷手机",
        "date": f"{d:%Y-%m-%d}",
        "date_text": f"{d.month}月{d.day}日（{WEEKDAYS[d.day_of_week]}）",
        "product": "桂花乌龙拿铁",
        "offer": "第二杯半价",
        "hours": "10:00–22:00",
        "where": "江浙沪全部门店及微信小程序",
        "keywords": ["立秋", "秋天的第一杯", "桂花乌龙"],
        "photo": (3024, 4032),
    }


def sample_piece() -> dict:
    """The 立秋 campaign piece to distribute (one source text, adapted per platform).

    >>> sorted(sample_piece())
    ['body', 'photo', 'short_title', 'summary', 'tags', 'title']
    """
    return {
        "title": "立秋｜秋天的第一杯奶茶，溪山桂花乌龙拿铁上新",
        "short_title": "立秋到了，秋天的第一杯奶茶就选溪山桂花乌龙",
        "summary": "立秋这天，溪山茶饮桂花乌龙拿铁上新：原叶乌龙现泡，配杭州满觉陇桂花，8月7日当天第二杯半价。",
        "body": ("8月7日立秋。溪山茶饮的新品桂花乌龙拿铁今天上新：原叶乌龙现泡，加入杭州满觉陇的桂花，"
                 "入口是乌龙的焙火香，回味是桂花的甜香。\n\n活动当天，江浙沪全部门店和微信小程序第二杯半价，"
                 "营业时间 10:00–22:00。"),
        "tags": ["秋天的第一杯奶茶", "立秋"],
        "photo": (3024, 4032),  # a portrait phone photo (3:4, 12 MP)
    }


def adapt(piece: dict, platform: str) -> dict:
    """One piece rewritten into the fields ``platform`` needs (一稿多改):

    - 微信公众号: title, digest (= summary), body, cover cropped to 2.35:1;
    - 小红书: title (= short_title), body (summary + tags), images cropped to 3:4;
    - 抖音: caption (short_title + tags), video 9:16; 视频号: short_title;
    - 微博: body (summary + ``#tag#`` tags, ≤ 140 字); B站: title, cover 16:9.

    >>> adapt(sample_piece(), "微博")["body"].endswith("#秋天的第一杯奶茶##立秋#")
    True
    """
    check_choice(platform, PUBLISH_FIELDS, "发布平台")
    for key in ("title", "short_title", "summary", "body"):
        if key not in piece:
            raise KeyError(f'piece 缺少 "{key}"；需要的键有：title、short_title、summary、body、tags、photo')
    tags = list(piece.get("tags", []))
    photo = piece.get("photo", (3024, 4032))

    def crop(p: str) -> tuple[int, int]:
        return crop_box(*photo, _RATIO[p])

    if platform == "微信公众号":
        return {"title": piece["title"], "digest": piece["summary"], "body": piece["body"], "cover": crop(platform)}
    if platform == "小红书":
        body = piece["summary"] + "\n" + " ".join(hashtag(t, platform) for t in tags)
        return {"title": piece["short_title"], "body": body.strip(), "images": crop(platform)}
    if platform == "抖音":
        caption = " ".join([piece["short_title"], *(hashtag(t, platform) for t in tags)])
        return {"caption": caption, "video": crop(platform)}
    if platform == "视频号":
        return {"short_title": piece["short_title"]}
    if platform == "微博":
        return {"body": piece["summary"] + "".join(hashtag(t, platform) for t in tags)}
    return {"title": piece["title"], "cover": crop(platform)}


def distribution_plan(piece: dict, platforms: Iterable[str], posts: pd.DataFrame, day) -> pd.DataFrame:
    """Multi-channel plan for ``piece`` on ``day``: for each platform the adapted text, the image
    size, the publishing time (the platform's best hour from ``posts``, see :func:`best_hour`)
    and the result of :func:`check_post`.

    Columns: ``platform``, ``publish_at``, ``text`` (title or caption), ``image``, ``problems``
    (count), ``status`` ("可发布" or "需修改：…"), sorted by time.

    >>> from nmt_lab.publishing import load_posts
    >>> p = distribution_plan(sample_piece(), ["微信公众号", "小红书", "视频号"], load_posts(), "2025-08-07")
    >>> p.set_index("platform")["problems"].to_dict()
    {'视频号': 1, '小红书': 1, '微信公众号': 0}
    """
    d = _day(day)
    rows = []
    for platform in platforms:
        post = adapt(piece, platform)
        problems = check_post(platform, post)
        texts, image = PUBLISH_FIELDS[platform]
        hour = best_hour(posts, platform)
        rows.append({
            "platform": platform,
            "publish_at": d + pd.Timedelta(hours=hour),
            "text": post[texts[0]],
            "image": "×".join(map(str, post[image])) if image else "—",
            "problems": len(problems),
            "status": "可发布" if problems.empty else "需修改：" + "；".join(problems["message"]),
        })
    return pd.DataFrame(rows).sort_values(["publish_at", "platform"], kind="stable").reset_index(drop=True)


# =====================================================================================
# 8  社群推广
# =====================================================================================

GROUP_CAPACITY = 500


def group_overview(group_members: pd.DataFrame, on) -> pd.DataFrame:
    """Every 福利群 on ``on`` (end of that day): ``city``, ``members`` (in the group then),
    ``active`` (of them, those who spoke in 2025), ``active_rate`` and ``room`` (places left
    before the 500-member cap), largest group first.

    >>> g = group_overview(load_groups(), "2025-08-01")
    >>> g.loc["溪山茶饮·杭州滨江福利群1", "city"], int(g.loc["溪山茶饮·杭州滨江福利群1", "members"])
    ('杭州', 262)
    """
    check_columns(group_members, ["group_name", "city", "joined_at", "left_at", "messages"])
    end = _day(on) + pd.Timedelta(days=1)
    df = group_members[(group_members["joined_at"] < end)
                       & (group_members["left_at"].isna() | (group_members["left_at"] >= end))]
    g = df.groupby("group_name", observed=True)
    out = pd.DataFrame({"city": g["city"].first().astype(str), "members": g.size().astype(int),
                        "active": g["messages"].agg(lambda s: int((s > 0).sum()))})
    out["active_rate"] = out["active"] / out["members"]
    out["room"] = GROUP_CAPACITY - out["members"]
    return out.sort_values("members", ascending=False)


def load_groups() -> pd.DataFrame:
    """``nmt.load("group_members")`` (for examples)."""
    from ..datasets import load

    return load("group_members")


# Warm-up, reminder, day-of and follow-up messages: at most one push per group per day,
# at the audience's peak hours.
_PUSH_STAGES = [
    ("预热", -3, "20:00", "{date_text}{name}：{product}上新，{offer}。先收藏，当天别错过～"),
    ("提醒", -1, "20:00", "明天就是{name}！{date_text}{hours}，{where}都可以参加，{offer}。"),
    ("当天", 0, "11:30", "{name}开始啦：{product}{offer}，午休来一杯？"),
    ("返场", 1, "20:00", "谢谢大家昨天的支持！欢迎在群里晒出你的{product}～"),
]


def community_push_plan(overview: pd.DataFrame, brief: dict | None = None, city: str | None = None,
                        min_active_rate: float = 0.0, stagger_minutes: int = 5) -> pd.DataFrame:
    """A 社群 push plan for the activity of ``brief`` (default :func:`campaign_brief`), on
    ``brief["date"]``: every chosen group gets 预热 (3 days before),
    提醒 (the day before), 当天 and 返场 messages, at most one per group per day, at peak
    hours; groups are staggered by ``stagger_minutes`` so the stores' staff can answer.

    Groups are chosen by ``city`` (None: all) and ``active_rate`` ≥ ``min_active_rate``.
    Columns: ``send_at``, ``stage``, ``group_name``, ``city``, ``members``, ``text``.

    >>> ov = group_overview(load_groups(), "2025-08-04")
    >>> plan = community_push_plan(ov, city="宁波")
    >>> plan[["send_at", "stage"]].astype(str).values.tolist()[:2]
    [['2025-08-04 20:00:00', '预热'], ['2025-08-06 20:00:00', '提醒']]
    """
    check_columns(overview, ["city", "members", "active_rate"])
    brief = brief or campaign_brief()
    d = _day(brief["date"])
    chosen = overview
    if city is not None:
        check_choice(city, sorted(overview["city"].unique()), "城市")
        chosen = chosen[chosen["city"] == city]
    chosen = chosen[chosen["active_rate"] >= min_active_rate]
    rows = []
    for i, (group, g) in enumerate(chosen.iterrows()):
        for stage, offset, hhmm, template in _PUSH_STAGES:
            at = d + pd.Timedelta(days=offset) + pd.Timedelta(hhmm + ":00") + pd.Timedelta(minutes=i * stagger_minutes)
            rows.append({"send_at": at, "stage": stage, "group_name": group, "city": g["city"],
                         "members": int(g["members"]), "text": template.format(**brief)})
    out = pd.DataFrame(rows, columns=["send_at", "stage", "group_name", "city", "members", "text"])
    return out.sort_values(["send_at", "group_name"], kind="stable").reset_index(drop=True)


_PHONE = re.compile(r"(?<!\d)(1[3-9]\d)[ -]?(\d{4})[ -]?(\d{4})(?!\d)")


def mask_phone(text: str) -> str:
    """Hide the middle four digits of every mainland mobile number (个人信息保护).

    >>> mask_phone("中奖：王同学 13800001234，李同学 139-0000-5678")
    '中奖：王同学 138****1234，李同学 139****5678'
    """
    return _PHONE.sub(r"\1****\3", str(text))


def find_phones(text: str) -> list[str]:
    """Unmasked mobile numbers in ``text``.

    >>> find_phones("138****1234 和 13900005678")
    ['13900005678']
    """
    return ["".join(m.groups()) for m in _PHONE.finditer(str(text))]
