"""日常发布 · 转载：维护授权来源、排版整理、规范署名与引用。"""

from __future__ import annotations

import re
from datetime import date as _date

import numpy as np
import pandas as pd

from .._errors import check_choice, check_columns
from .common import CJK, _day

# =====================================================================================
# 2  转载：来源维护、排版、规范引用
# =====================================================================================

_SOURCES = [
    # source_id, name, platform, kind, license, licensed_until, scope, requirements
    ("S01", "茶业周刊", "微信公众号", "行业媒体", "长期授权（白名单）", "2025-12-31", "全部平台",
     "文首注明来源和作者；保留原标题，不得删改正文"),
    ("S02", "杭州生活圈", "微信公众号", "本地自媒体", "单次授权", "2025-07-31", "微信公众号",
     "文首注明来源和作者；可删减，但不得改变原意"),
    ("S03", "西湖茶研所", "微信公众号", "合作方", "长期授权（白名单）", "2026-06-30", "微信公众号",
     "注明来源、作者、原文发布日期，并附原文链接"),
    ("S04", "城市探店君", "小红书", "达人", "未授权", None, "—", "未联系作者，没有授权"),
    ("S05", "江南美食报", "网站", "媒体", "逐篇申请", None, "—", "每篇须单独书面授权"),
]


def repost_sources(today=None) -> pd.DataFrame:
    """The brand's maintained list of repost sources (转载来源库) with each source's status on ``today``.

    ``status`` is 可转载, 授权已过期, 未授权 or 需逐篇申请授权.

    >>> repost_sources("2025-08-04")[["name", "status"]].values.tolist()[:3]
    [['茶业周刊', '可转载'], ['杭州生活圈', '授权已过期'], ['西湖茶研所', '可转载']]
    """
    df = pd.DataFrame(_SOURCES, columns=["source_id", "name", "platform", "kind", "license", "licensed_until",
                                         "scope", "requirements"])
    df["licensed_until"] = pd.to_datetime(df["licensed_until"])
    return update_status(df, today)


def update_status(sources: pd.DataFrame, today=None) -> pd.DataFrame:
    """Recompute ``status`` of every source on ``today`` (default: the real today).

    >>> s = add_source(repost_sources("2025-08-04"), name="茶友会", platform="微博", kind="社群",
    ...                license="单次授权", licensed_until="2025-08-31", scope="微博", requirements="注明来源")
    >>> s["status"].tolist()[-1], update_status(s, "2025-09-01")["status"].tolist()[-1]
    ('可转载', '授权已过期')
    """
    check_columns(sources, ["license", "licensed_until"])
    day = _day(today if today is not None else _date.today())
    out = sources.copy()
    out.attrs["today"] = f"{day:%Y-%m-%d}"
    until = pd.to_datetime(out["licensed_until"])
    status = np.select(
        [out["license"].str.contains("未授权"), out["license"].str.contains("逐篇"), until.notna() & (until < day)],
        ["未授权", "需逐篇申请授权", "授权已过期"], default="可转载")
    out["status"] = status
    return out


def add_source(sources: pd.DataFrame, name: str, platform: str, kind: str, license: str,
               licensed_until=None, scope: str = "全部平台", requirements: str = "") -> pd.DataFrame:
    """A copy of the source list with one more source (来源维护). ``name`` must be new.

    >>> add_source(repost_sources("2025-08-04"), name="茶业周刊", platform="微博", kind="媒体", license="单次授权")
    Traceback (most recent call last):
    ...
    ValueError: 来源 "茶业周刊" 已在来源库里（S01）：请修改原有的一行，不要重复添加。
    """
    if not str(name).strip():
        raise ValueError("来源名称不能为空。")
    if name in set(sources["name"]):
        sid = sources.loc[sources["name"] == name, "source_id"].iloc[0]
        raise ValueError(f'来源 "{name}" 已在来源库里（{sid}）：请修改原有的一行，不要重复添加。')
    until = _day(licensed_until) if licensed_until is not None else pd.NaT
    number = 1 + max(int(s[1:]) for s in sources["source_id"])
    row = {"source_id": f"S{number:02d}", "name": name, "platform": platform, "kind": kind, "license": license,
           "licensed_until": until, "scope": scope, "requirements": requirements}
    out = pd.concat([sources, pd.DataFrame([row])], ignore_index=True)
    out["licensed_until"] = pd.to_datetime(out["licensed_until"])
    return update_status(out, sources.attrs.get("today")) if "status" in sources.columns else out


_ARTICLES = [
    ("R01", "S01", "原叶茶饮为什么越来越受欢迎", "李青禾", "2025-07-28", "https://example.com/tea-weekly/20250728",
     "过去三年,原叶茶饮在新茶饮里的份额持续上升 。消费者更在意“喝得出茶味”,也更关心配料表。\n\n\n"
     "对门店来说 ,原叶现泡意味着更长的出杯时间, 也意味着更稳定的复购!"),
    ("R02", "S02", "杭州夏天的十家宝藏茶饮店", "周末", "2025-07-20", "https://example.com/hz-life/20250720",
     "入夏以后,我们跑遍了杭州的大街小巷。溪山茶饮湖滨店排在第三位,杨梅冰茶很受欢迎。"),
    ("R03", "S03", "冷泡茶怎么泡才不苦", "陈茗", "2025-07-30", "https://example.com/xihu-tea-lab/20250730",
     "冷泡茶的关键是低温和时间 :4 到 8 摄氏度,浸泡 6 到 8 小时。\n\n"
     "茶水比例建议 1 : 50,绿茶和乌龙茶都适合冷泡;泡好后 24 小时内喝完。"),
    ("R04", "S04", "溪山茶饮新品测评｜真的值得排队吗", "城市探店君", "2025-08-01",
     "https://example.com/xhs/explore/20250801",
     "排了二十分钟,桂花乌龙拿铁确实香,但甜度偏高,建议选三分糖。"),
]


def repost_articles() -> pd.DataFrame:
    """Articles that colleagues suggested for reposting this week (with their source).

    >>> repost_articles().loc["R03", ["source", "author"]].tolist()
    ['西湖茶研所', '陈茗']
    """
    df = pd.DataFrame(_ARTICLES, columns=["article_id", "source_id", "title", "author", "published_on", "url",
                                          "body"])
    names = repost_sources()[["source_id", "name", "platform"]]
    df = df.merge(names.rename(columns={"name": "source", "platform": "source_platform"}), on="source_id")
    return df.set_index("article_id")[["source_id", "source", "source_platform", "title", "author",
                                       "published_on", "url", "body"]]


_HALF_TO_FULL = {",": "，", "!": "！", "?": "？", ";": "；", ":": "：", "(": "（", ")": "）"}


def tidy(text: str) -> str:
    """排版: full-width punctuation in Chinese text, no stray spaces next to Chinese
    characters, one blank line between paragraphs, no spaces at line ends.

    >>> tidy("过去三年,原叶茶饮持续上升 。\\n\\n\\n对门店来说 ,更稳定!")
    '过去三年，原叶茶饮持续上升。\\n\\n对门店来说，更稳定！'
    """
    out = str(text).replace("\r\n", "\n")
    for half, full in _HALF_TO_FULL.items():
        h = re.escape(half)
        out = re.sub(rf"(?<=[{CJK}）”])[ \t]*{h}|{h}[ \t]*(?=[{CJK}（“])", full, out)
    out = re.sub(r"[ \t]*([，。！？；：、”）])[ \t]*", r"\1", out)  # no spaces around full-width punctuation
    out = re.sub(rf"(?<=[{CJK}])[ \t]+(?=[{CJK}])", "", out)
    out = "\n".join(line.strip() for line in out.split("\n"))
    out = re.sub(r"\n{3,}", "\n\n", out)
    return out.strip()


def attribution(article: pd.Series, platform: str = "微信公众号") -> str:
    """The brand's standard credit line (转载说明) for a reposted article.

    >>> attribution(repost_articles().loc["R03"])
    '本文转载自微信公众号「西湖茶研所」，作者：陈茗，原文发布于 2025-07-30，已获授权。原文链接：https://example.com/xihu-tea-lab/20250730'
    """
    return (f"本文转载自{article['source_platform']}「{article['source']}」，作者：{article['author']}，"
            f"原文发布于 {article['published_on']}，已获授权。原文链接：{article['url']}")


def attribution_problems(text: str, article: pd.Series) -> list[str]:
    """What a credit line lacks (规范引用), each as a Chinese sentence; ``[]`` when it is complete.

    A complete credit line says 转载, names the source and the author, gives the original
    date or link, and does not claim 原创.

    >>> attribution_problems("来源：网络", repost_articles().loc["R03"])[:2]
    ['没有写明“转载”：读者要能看出这不是原创。', '没有写来源名称“西湖茶研所”。']
    """
    text = "" if text is None else str(text)
    problems = []
    if "转载" not in text:
        problems.append("没有写明“转载”：读者要能看出这不是原创。")
    if str(article["source"]) not in text:
        problems.append(f"没有写来源名称“{article['source']}”。")
    if str(article["author"]) not in text:
        problems.append(f"没有写作者“{article['author']}”。")
    if str(article["published_on"]) not in text and str(article["url"]) not in text:
        problems.append("没有写原文发布日期或原文链接，读者无法找到出处。")
    if "原创" in text:
        problems.append("转载的内容不能声明“原创”。")
    if "网络" in text and "来源" in text and str(article["source"]) not in text:
        problems.append("“来源：网络”不是规范的引用，要写具体的来源名称。")
    return problems


def repost(article_id: str, today=None, platform: str = "微信公众号") -> dict:
    """Prepare a repost: check the source's licence and scope, tidy the body, add the credit line.

    Returns ``title`` (unchanged: sources ask to keep it), ``credit``, ``body`` and ``text``
    (credit + body). Raises ``ValueError`` in Chinese when the source may not be reposted.

    >>> repost("R03", "2025-08-04")["body"].splitlines()[0]
    '冷泡茶的关键是低温和时间：4 到 8 摄氏度，浸泡 6 到 8 小时。'
    >>> repost("R04", "2025-08-04")
    Traceback (most recent call last):
    ...
    ValueError: 来源 "城市探店君" 的状态是“未授权”，不能转载；现在可转载的来源有：茶业周刊、西湖茶研所
    """
    arts = repost_articles()
    check_choice(article_id, arts.index, "文章编号")
    art = arts.loc[article_id]
    sources = repost_sources(today).set_index("source_id")
    src = sources.loc[art["source_id"]]
    if src["status"] != "可转载":
        ok = "、".join(sources.loc[sources["status"] == "可转载", "name"])
        raise ValueError(f'来源 "{src["name"]}" 的状态是“{src["status"]}”，不能转载；现在可转载的来源有：{ok}')
    if src["scope"] not in ("全部平台", platform):
        raise ValueError(f'来源 "{src["name"]}" 只授权转载到{src["scope"]}，不能转载到{platform}。')
    credit = attribution(art, platform)
    body = tidy(art["body"])
    return {"title": art["title"], "credit": credit, "body": body, "text": f"{credit}\n\n{body}"}
