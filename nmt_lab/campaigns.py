"""Campaigns: warm-up platform choice, tracking links (UTM), channel attribution, share
cascades and the K-factor.

The event log ``campaign_events`` records one row per event; a session starts with a
``visit`` row that carries the link's UTM query string and, for visits from a friend's share,
the sharer (``referrer_id``). ``campaign_channels`` is the channel plan with each channel's
UTM parameters and cost.

>>> import nmt_lab as nmt
>>> s = sessions(nmt.load("campaign_events"), nmt.load("campaign_channels"))
>>> bool(s.loc[s["channel_name"] == "公众号上新推文", "paid_orders"].sum() > 0)
True
"""

from __future__ import annotations

import difflib
import re
from urllib.parse import parse_qsl, urlencode, urlsplit

import pandas as pd

from ._errors import check_choice, check_columns

UTM_KEYS = ("utm_source", "utm_medium", "utm_campaign", "utm_content")
LANDING = "https://xishan-tea.example/ymbc"
CAMPAIGN = "ymbc25"
TOKEN = re.compile(r"^[a-z0-9_\-]+$")
DIRECT = "直接访问"
BROKEN = "链接有误"

#: Chinese names of the columns this module computes (the tables' own columns have theirs)
LABELS = {
    "start": "开始时间", "utm_source": "来源", "utm_medium": "媒介", "utm_campaign": "活动代码",
    "utm_content": "内容", "utm_ok": "参数可解析", "via_share": "好友分享打开", "views": "浏览次数",
    "shares": "分享次数", "signups": "注册数", "orders": "下单数", "paid_orders": "支付订单数",
    "n_events": "事件数", "revenue": "销售额", "channel_name": "渠道名称", "channel_type": "渠道类型",
    "sessions": "访问次数", "users": "访问用户数", "conversion": "转化率", "cost": "费用",
    "cpa": "每单成本", "reads_per_post": "每条平均阅读", "share_rate": "分享率",
    "invites": "分享次数（邀请）", "invited": "被邀请新用户", "i": "人均邀请 i", "c": "邀请转化 c",
    "k": "K 值", "size": "规模", "depth": "深度", "visits": "访问次数", "problems": "问题",
    "suspicious": "异常原因", "shared": "好友分享打开", "root": "起点会话", "parent": "上一层会话",
    "generation": "层级", "day": "日期", "platform": "平台",
}


def show(df: pd.DataFrame) -> pd.DataFrame:
    """The table with Chinese column names, for display only (like ``nmt.to_chinese``).

    >>> list(show(pd.DataFrame({"sessions": [1], "cpa": [2.0], "user_id": ["U1"]})).columns)
    ['访问次数', '每单成本', '用户ID']
    """
    from .labels import to_chinese
    return to_chinese(df, LABELS)


# --------------------------------------------------------------------------- warm-up

def warmup_platforms(posts: pd.DataFrame, topic: str = "新品", before: str = "2025-06-01"
                     ) -> pd.DataFrame:
    """Past performance per platform of posts on ``topic`` published before ``before``:
    posts, reads, reads per post, share rate and interaction rate, best share rate first.

    >>> import nmt_lab as nmt
    >>> t = warmup_platforms(nmt.load("posts"))
    >>> {"posts", "reads_per_post", "share_rate"} <= set(t.columns)
    True
    """
    from .metrics import summarize
    check_columns(posts, ["topic", "platform", "published_at", "reads", "shares"])
    check_choice(topic, posts["topic"].dropna().unique(), "内容主题")
    past = posts[(posts["topic"] == topic) & (posts["published_at"] < pd.Timestamp(before))]
    table = summarize(past, by="platform")
    table["reads_per_post"] = table["reads"] / table["posts"]
    cols = ["posts", "reads", "reads_per_post", "shares", "share_rate"]
    cols += [c for c in ("interaction_rate", "like_rate") if c in table.columns]
    return table[cols].sort_values("share_rate", ascending=False)


# --------------------------------------------------------------------------- tracking links

def build_link(source: str, medium: str, content: str, campaign: str = CAMPAIGN,
               base: str = LANDING) -> str:
    """A tracking link: the landing page with the four UTM parameters.

    >>> build_link("wechat", "social", "post0605")
    'https://xishan-tea.example/ymbc?utm_source=wechat&utm_medium=social&utm_campaign=ymbc25&utm_content=post0605'
    >>> build_link("小红书", "kol", "kol_lin")
    Traceback (most recent call last):
    ...
    ValueError: utm_source 的值 "小红书" 不合规：只能用小写英文字母、数字、下划线和连字符，如 xiaohongshu。
    """
    values = dict(zip(UTM_KEYS, (source, medium, campaign, content), strict=True))
    for key, value in values.items():
        if not isinstance(value, str) or not TOKEN.match(value):
            raise ValueError(f'{key} 的值 "{value}" 不合规：只能用小写英文字母、数字、下划线和连字符，'
                             "如 xiaohongshu。")
    return f"{base}?{urlencode(values)}"


def _query(code: str) -> str:
    code = str(code).strip()
    return urlsplit(code).query if "?" in code else code


def utm_problems(code, campaign: str | None = CAMPAIGN, channels: pd.DataFrame | None = None
                 ) -> list[str]:
    """Everything wrong with a tracking code (a link or its query string), in Chinese;
    an empty list means the code is fine.

    >>> utm_problems("utm_source=wechat&utm_medium=social&utm_campaign=ymbc25&utm_content=post0605")
    []
    >>> utm_problems("utm_source=wecom&utm_medum=community&utm_campaign=ymbc25&utm_content=fans")
    ['参数名 "utm_medum" 写错了，应为 utm_medium', '缺少参数 utm_medium']
    """
    if code is None or (not isinstance(code, str) and pd.isna(code)) or not str(code).strip():
        return ["没有追踪参数（空链接）"]
    query = _query(code)
    problems = []
    if "&amp;" in query:
        problems.append("含有 &amp;（从网页编辑器复制时被转义），应为 &")
        query = query.replace("&amp;", "&")
    pairs = parse_qsl(query, keep_blank_values=True)
    seen = {}
    for key, value in pairs:
        if key not in UTM_KEYS:
            near = difflib.get_close_matches(key, UTM_KEYS, n=1, cutoff=.6)
            problems.append(f'参数名 "{key}" 写错了，应为 {near[0]}' if near
                            else f'未知参数 "{key}"；可用的参数有：{"、".join(UTM_KEYS)}')
            continue
        seen[key] = value
    for key in UTM_KEYS:
        if key not in seen:
            problems.append(f"缺少参数 {key}")
        elif not seen[key]:
            problems.append(f"参数 {key} 的值为空")
        elif not TOKEN.match(seen[key]):
            problems.append(f'{key} 的值 "{seen[key]}" 不合规：应为小写英文字母、数字或下划线')
    if campaign and seen.get("utm_campaign") and seen["utm_campaign"] != campaign:
        problems.append(f'活动代码 utm_campaign 是 "{seen["utm_campaign"]}"，本次活动应为 {campaign}')
    if channels is not None and not problems:
        plan = set(map(tuple, channels[["utm_source", "utm_medium", "utm_content"]].values))
        key = (seen["utm_source"], seen["utm_medium"], seen["utm_content"])
        if key not in plan:
            problems.append("来源、媒介、内容的组合不在渠道计划里：" + "/".join(key))
    return problems


def parse_utm(code, fix: bool = False) -> dict:
    """The four UTM parameters of a tracking code (a full link or its query string).

    Invalid codes raise ``ValueError`` listing every problem (see :func:`utm_problems`). With ``fix=True`` the two
    harmless mistakes (``&amp;`` and upper case) are repaired first.

    >>> parse_utm("https://xishan-tea.example/ymbc?utm_source=douyin&utm_medium=cpc&utm_campaign=ymbc25&utm_content=feed_a")
    {'utm_source': 'douyin', 'utm_medium': 'cpc', 'utm_campaign': 'ymbc25', 'utm_content': 'feed_a'}
    >>> parse_utm("utm_source=Douyin&utm_medium=KOL&utm_campaign=ymbc25&utm_content=kol_ahe", fix=True)["utm_medium"]
    'kol'
    >>> parse_utm("utm_source=wechat&utm_med")
    Traceback (most recent call last):
    ...
    ValueError: 追踪参数 "utm_source=wechat&utm_med" 有误：参数名 "utm_med" 写错了，应为 utm_medium；...
    """
    text = "" if code is None or (not isinstance(code, str) and pd.isna(code)) else str(code)
    if fix:
        text = text.replace("&amp;", "&").lower()
    problems = utm_problems(text, campaign=None)
    if problems:
        raise ValueError(f'追踪参数 "{code}" 有误：' + "；".join(problems))
    return {k: v for k, v in parse_qsl(_query(text)) if k in UTM_KEYS}


def check_links(codes, campaign: str = CAMPAIGN, channels: pd.DataFrame | None = None
                ) -> pd.DataFrame:
    """One row per distinct code: how often it occurs and its problems (empty: fine).

    >>> t = check_links(["utm_source=wechat&utm_medium=social&utm_campaign=ymbc24&utm_content=x"])
    >>> t.loc[0, "problems"]
    '活动代码 utm_campaign 是 "ymbc24"，本次活动应为 ymbc25'
    """
    s = pd.Series(list(codes), dtype=object).dropna()
    s = s[s.astype(str).str.strip() != ""]
    counts = s.value_counts()
    rows = [{"utm": c, "visits": int(n), "problems": "；".join(utm_problems(c, campaign, channels))}
            for c, n in counts.items()]
    return pd.DataFrame(rows, columns=["utm", "visits", "problems"])


# --------------------------------------------------------------------------- sessions

def sessions(events: pd.DataFrame, channels: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per session: start, user, app, UTM (as logged and parsed with ``fix=True``),
    sharer, the channel it is attributed to, and what happened in it.

    ``channel_name`` is the planned channel whose UTM the visit carries (visits from a
    friend's share keep the sharer's link, so they count for the original channel;
    ``via_share`` tells them apart), ``直接访问`` without UTM, ``链接有误`` for broken codes.

    >>> import nmt_lab as nmt
    >>> s = sessions(nmt.load("campaign_events"), nmt.load("campaign_channels"))
    >>> {"session_id", "channel_name", "via_share", "paid_orders", "revenue"} <= set(s.columns)
    True
    """
    check_columns(events, ["session_id", "event_time", "event_type", "user_id", "utm",
                           "referrer_id", "amount"])
    visits = events[events["event_type"] == "visit"].drop_duplicates("session_id")
    out = visits[["session_id", "user_id", "event_time", "app", "utm", "referrer_id"]].rename(
        columns={"event_time": "start"}).reset_index(drop=True)
    memo = {c: _lenient(c) for c in out["utm"].dropna().unique()}
    parsed = [memo.get(c) if isinstance(c, str) else None for c in out["utm"]]
    for key in UTM_KEYS:
        out[key] = [p.get(key) if p else None for p in parsed]
    out["utm_ok"] = [p is not None for p in parsed]
    out["via_share"] = out["referrer_id"].notna() & (out["referrer_id"].astype(str) != "")
    kinds = (events.groupby(["session_id", events["event_type"].astype(str)]).size()
             .unstack(fill_value=0).reindex(out["session_id"]).fillna(0))
    for kind, col in [("view", "views"), ("share", "shares"), ("signup", "signups"),
                      ("order", "orders"), ("pay", "paid_orders")]:
        out[col] = kinds[kind].astype(int).to_numpy() if kind in kinds else 0
    out["n_events"] = events.groupby("session_id").size().reindex(out["session_id"]).to_numpy()
    paid = events[events["event_type"] == "pay"].groupby("session_id")["amount"].sum()
    out["revenue"] = paid.reindex(out["session_id"]).fillna(0.0).to_numpy()
    if channels is not None:
        plan = {(r.utm_source, r.utm_medium, r.utm_content): (r.channel_name, str(r.channel_type))
                for r in channels.itertuples()}
        keys = list(zip(out["utm_source"], out["utm_medium"], out["utm_content"], strict=True))
        found = [k in plan for k in keys]
        name = [plan[k][0] if f else None for k, f in zip(keys, found, strict=True)]
        ctype = [plan[k][1] if f else None for k, f in zip(keys, found, strict=True)]
        has_utm = out["utm"].notna() & (out["utm"].astype(str).str.strip() != "")
        bad = ~pd.Series(found) | (out["utm_campaign"] != CAMPAIGN)
        out["channel_name"] = [DIRECT if not u else (BROKEN if b else n)
                               for u, b, n in zip(has_utm, bad, name, strict=True)]
        out["channel_type"] = [DIRECT if not u else (BROKEN if b else t)
                               for u, b, t in zip(has_utm, bad, ctype, strict=True)]
    return out


def _lenient(code) -> dict | None:
    try:
        return parse_utm(code, fix=True)
    except ValueError:
        return None


def suspicious(sess: pd.DataFrame, window: str = "5min", burst: int = 30,
               repeats: int = 10) -> pd.Series:
    """Why a session looks fake ("" when it does not):

    - 刷量: one-event visits of a link that gets at least ``burst`` visits in ``window``;
    - 刷券: a user opening at least ``repeats`` sessions within an hour.

    >>> import nmt_lab as nmt
    >>> s = sessions(nmt.load("campaign_events"))
    >>> suspicious(s).value_counts().index[0]
    ''
    """
    check_columns(sess, ["start", "utm", "user_id", "n_events"])
    bucket = sess["start"].dt.floor(window)
    per_link = sess.groupby([sess["utm"].fillna(""), bucket])["start"].transform("size")
    hour = sess["start"].dt.floor("1h")
    per_user = sess.groupby([sess["user_id"], hour])["start"].transform("size")
    reason = pd.Series("", index=sess.index)
    reason[(per_link >= burst) & (sess["n_events"] == 1) & sess["utm"].notna()] = "刷量"
    reason[per_user >= repeats] = "刷券"
    return reason


def channel_report(sess: pd.DataFrame, channels: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per channel: sessions, users, paid orders, revenue, conversion (paid orders ÷
    sessions) and, with the plan, channel type, cost and cost per order (CPA = cost ÷ paid
    orders; empty without orders). Sorted by revenue.

    >>> import nmt_lab as nmt
    >>> ch = nmt.load("campaign_channels")
    >>> r = channel_report(sessions(nmt.load("campaign_events"), ch), ch)
    >>> {"sessions", "paid_orders", "revenue", "conversion", "cost", "cpa"} <= set(r.columns)
    True
    """
    check_columns(sess, ["channel_name", "session_id", "user_id", "paid_orders", "revenue"])
    g = sess.groupby("channel_name")
    out = pd.DataFrame({"sessions": g.size(), "users": g["user_id"].nunique(),
                        "paid_orders": g["paid_orders"].sum(), "revenue": g["revenue"].sum()})
    out["conversion"] = out["paid_orders"] / out["sessions"]
    if channels is not None:
        plan = channels.set_index("channel_name")
        out.insert(0, "channel_type", plan["channel_type"].astype(str).reindex(out.index)
                   .fillna(out.index.to_series()))
        out["cost"] = plan["cost"].reindex(out.index).fillna(0.0)
        out["cpa"] = out["cost"] / out["paid_orders"].where(out["paid_orders"] > 0)
    return out.sort_values("revenue", ascending=False)


# --------------------------------------------------------------------------- cascades

def cascades(events: pd.DataFrame) -> pd.DataFrame:
    """The share tree of every session: ``parent`` (the sharer's session that shared the
    link), ``root`` (the session at the top of the tree, opened from a channel) and
    ``generation`` (0 for a root, 1 for a friend of the root, …).

    >>> import nmt_lab as nmt
    >>> c = cascades(nmt.load("campaign_events"))
    >>> int(c.loc[c["parent"].isna(), "generation"].max())
    0
    """
    check_columns(events, ["session_id", "event_time", "event_type", "user_id", "referrer_id"])
    visits = events[events["event_type"] == "visit"].drop_duplicates("session_id")
    shares = events[events["event_type"] == "share"][["user_id", "session_id", "event_time"]]
    shares = shares.rename(columns={"user_id": "referrer_id", "session_id": "parent",
                                    "event_time": "t"}).sort_values("t")
    kids = visits[visits["referrer_id"].notna() & (visits["referrer_id"] != "")]
    kids = kids[["session_id", "event_time", "referrer_id"]].sort_values("event_time")
    linked = pd.merge_asof(kids, shares, left_on="event_time", right_on="t", by="referrer_id",
                           direction="backward")
    parent = dict(zip(linked["session_id"], linked["parent"], strict=True))
    out = visits[["session_id", "user_id", "event_time"]].rename(columns={"event_time": "start"})
    out = out.reset_index(drop=True)
    out["parent"] = out["session_id"].map(parent)
    root = out["session_id"].copy()
    gen = pd.Series(0, index=out.index)
    up = out["parent"].copy()
    while up.notna().any():
        has = up.notna()
        root[has] = up[has]
        gen[has] += 1
        up = up.map(parent)
    out["root"], out["generation"] = root, gen
    return out


def cascade_sizes(events: pd.DataFrame) -> pd.DataFrame:
    """One row per cascade (a root with at least one shared visit): ``size`` (sessions in
    the tree, the root included) and ``depth`` (the deepest generation). Largest first.

    >>> import nmt_lab as nmt
    >>> t = cascade_sizes(nmt.load("campaign_events"))
    >>> bool((t["size"] >= 2).all() and (t["depth"] >= 1).all())
    True
    """
    c = cascades(events)
    g = c.groupby("root")
    t = pd.DataFrame({"size": g.size(), "depth": g["generation"].max(),
                      "users": g["user_id"].nunique()})
    t = t[t["size"] > 1]
    return t.sort_values(["size", "depth"], ascending=False)


def k_factor(events: pd.DataFrame, day: str | None = None) -> dict:
    """The viral coefficient K = i × c for the campaign (or one ``day``, ``"2025-06-06"``):

    - ``users``: distinct users who visited; ``invites``: share events;
    - ``invited``: users whose *first* campaign visit came from a friend's share;
    - ``i`` = invites ÷ users, ``c`` = invited ÷ invites, ``k`` = i × c (= invited ÷ users).

    K < 1: every user brings fewer than one new user, so the spread dies out without new
    channel traffic.

    >>> import nmt_lab as nmt
    >>> r = k_factor(nmt.load("campaign_events"))
    >>> round(r["k"], 6) == round(r["i"] * r["c"], 6) and 0 < r["k"] < 1
    True
    """
    check_columns(events, ["event_time", "event_type", "user_id", "referrer_id"])
    visits = events[events["event_type"] == "visit"]
    first = visits.sort_values("event_time").drop_duplicates("user_id")
    shares = events[events["event_type"] == "share"]
    if day is not None:
        d = pd.Timestamp(day).normalize()
        on = lambda df: df[df["event_time"].dt.normalize() == d]  # noqa: E731
        visits, first, shares = on(visits), on(first), on(shares)
    users = visits["user_id"].nunique()
    invites = len(shares)
    invited = int((first["referrer_id"].notna() & (first["referrer_id"] != "")).sum())
    i = invites / users if users else float("nan")
    c = invited / invites if invites else float("nan")
    return {"users": users, "invites": invites, "invited": invited, "i": i, "c": c,
            "k": i * c if invites else 0.0}


def daily_k(events: pd.DataFrame) -> pd.DataFrame:
    """:func:`k_factor` for every campaign day (index: ``"2025-06-01"`` …).

    >>> import nmt_lab as nmt
    >>> len(daily_k(nmt.load("campaign_events")))
    14
    """
    days = sorted(events["event_time"].dt.strftime("%Y-%m-%d").unique())
    return pd.DataFrame([k_factor(events, d) for d in days], index=pd.Index(days, name="day"))


# --------------------------------------------------------------------------- widget

def cascade_view(events: pd.DataFrame, sess: pd.DataFrame, channel: str, day: str) -> dict:
    """What the cascade panel shows for a channel (``"全部渠道"`` for all) and a day:
    the daily K-factor of that channel's traffic, and the largest cascade started that day
    as a tree (``ids``, ``parents``, ``labels``).

    >>> import nmt_lab as nmt
    >>> ev, ch = nmt.load("campaign_events"), nmt.load("campaign_channels")
    >>> v = cascade_view(ev, sessions(ev, ch), "企业微信粉丝群", "2025-06-06")
    >>> len(v["days"]) == len(v["k"]) == 14 and v["largest"]["size"] >= 1
    True
    """
    names = ["全部渠道", *sorted(sess["channel_name"].dropna().unique())]
    check_choice(channel, names, "渠道")
    keep = sess if channel == "全部渠道" else sess[sess["channel_name"] == channel]
    ev = events[events["session_id"].isin(keep["session_id"])]
    days = sorted(events["event_time"].dt.strftime("%Y-%m-%d").unique())
    check_choice(day, days, "活动日期")
    table = pd.DataFrame([k_factor(ev, d) for d in days], index=days)
    tree = cascades(ev)
    tree["day"] = tree["start"].dt.strftime("%Y-%m-%d")
    roots = tree[(tree["generation"] == 0) & (tree["day"] == day)]["session_id"]
    sizes = tree[tree["root"].isin(roots)].groupby("root").size()
    largest = {"root": None, "size": 0, "depth": 0, "ids": [], "parents": [], "labels": []}
    if len(sizes):
        r = sizes.idxmax()
        t = tree[tree["root"] == r]
        largest = {"root": r, "size": int(len(t)), "depth": int(t["generation"].max()),
                   "ids": list(t["session_id"]),
                   "parents": [p if isinstance(p, str) else "" for p in t["parent"]],
                   "labels": [f"{u}（第{g}层）" for u, g in zip(t["user_id"], t["generation"],
                                                              strict=True)]}
    return {"days": days, "k": [float(x) for x in table["k"]], "i": float(table.loc[day, "i"]),
            "c": float(table.loc[day, "c"]), "k_day": float(table.loc[day, "k"]),
            "users": int(table.loc[day, "users"]), "largest": largest}


def cascade_panel(events: pd.DataFrame, channels: pd.DataFrame, channel: str = "全部渠道",
                  day: str = "2025-06-06"):
    """Pick a channel and a campaign day: the daily K-factor bars (picked day marked), the
    largest share cascade started that day as a tree, and a card with i, c and K."""
    import ipywidgets as w
    import plotly.graph_objects as go

    from .widgets import Panel

    sess = sessions(events, channels)
    names = ["全部渠道", *[n for n in channels["channel_name"] if (sess["channel_name"] == n).any()]]
    days = sorted(events["event_time"].dt.strftime("%Y-%m-%d").unique())
    controls = {
        "channel": w.Dropdown(options=names, value=channel, description="渠道"),
        # (label, value) pairs: the slider's readout is too narrow for a full date
        "day": w.SelectionSlider(options=[(d[5:], d) for d in days], value=day,
                                 description="活动日", continuous_update=False),
    }
    bars = go.FigureWidget(data=[go.Bar(name="K 值")],
                           layout=dict(height=300, xaxis_title="日期", yaxis_title="K 值",
                                       xaxis_type="category", showlegend=False))
    tree = go.FigureWidget(data=[go.Treemap(branchvalues="remainder")],
                           layout=dict(height=360, margin=dict(t=60, l=10, r=10, b=10)))
    card = w.HTML()

    def update(channel: str, day: str) -> None:
        v = cascade_view(events, sess, channel, day)
        colours = ["#e07a2f" if d == day else "#2a7f62" for d in v["days"]]
        with bars.batch_update():
            bars.data[0].x, bars.data[0].y = [d[5:] for d in v["days"]], v["k"]
            bars.data[0].marker.color = colours
            bars.layout.title = f"{channel} · 每日 K 值（病毒系数）"
        big = v["largest"]
        if not big["size"]:  # one grey box instead of an empty chart
            big = {**big, "ids": ["无"], "parents": [""], "labels": ["当天没有从这个渠道开始的访问"]}
        with tree.batch_update():
            tree.data[0].ids, tree.data[0].parents = big["ids"], big["parents"]
            tree.data[0].labels = big["labels"]
            tree.layout.title = (f"{day} 最大的分享链：{big['size']} 次访问，{big['depth']} 层"
                                 if big["size"] > 1 else f"{day} 这个渠道没有分享链")
        fmt = lambda x: "—" if pd.isna(x) else f"{x:.2f}"  # noqa: E731
        card.value = (f"<div style='font-size:14px;line-height:1.8'>{day}　访问用户 "
                      f"<b>{v['users']}</b>　人均邀请 i = <b>{fmt(v['i'])}</b>　"
                      f"邀请转化 c = <b>{fmt(v['c'])}</b>　K = i × c = <b>{fmt(v['k_day'])}</b></div>")

    return Panel(controls, [card, bars, tree], update, figure=bars, tree=tree, card=card)
