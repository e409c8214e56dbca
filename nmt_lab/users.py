"""Users: tags, personas (clusters), RFM, lifecycle layers and a strategy per layer.

One concept module for every task that manages users (I1-3 平台用户管理 first). Functions take
the course tables ``users`` and ``user_behaviour``; :func:`profile` joins them into one row per
member and is the table every other function reads. Sections: profile, tags, personas
(clusters), RFM, lifecycle, strategy and reach, panels. The time-based half of the concept
(growth, conversion, cohort retention from the orders table, NPS, feedback keywords) lives in
:mod:`nmt_lab.cohorts` (I4-3); past about 800 lines, split by sub-concept, not by notebook.
Every recency is counted up to :data:`AS_OF`, the last day of the course data.

>>> import nmt_lab as nmt
>>> p = profile(nmt.load("users"), nmt.load("user_behaviour"))
>>> len(p) == len(nmt.load("users")), "recency_days" in p.columns
(True, True)
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._errors import check_choice, check_columns

#: the day the course data ends; "today" for every recency in this module
AS_OF = pd.Timestamp("2025-12-31")


def _as_of(as_of) -> pd.Timestamp:
    try:
        return pd.Timestamp(as_of).normalize()
    except (ValueError, TypeError):
        raise ValueError(f'日期 "{as_of}" 无法识别；请写成 "2025-12-31" 这样的形式') from None


def _days_since(s: pd.Series, as_of: pd.Timestamp) -> pd.Series:
    """Whole days from the date of ``s`` to ``as_of`` (0 = on that day; NaN stays NaN)."""
    return (as_of - pd.to_datetime(s).dt.normalize()).dt.days.astype(float)


# --------------------------------------------------------------------------- profile

def profile(users: pd.DataFrame, behaviour: pd.DataFrame, as_of=AS_OF) -> pd.DataFrame:
    """One row per member: profile + behaviour + day counts up to ``as_of``.

    Adds ``tenure_days`` (since registration), ``recency_days`` (since the last order; empty
    for members without a 2025 order) and ``inactive_days`` (since the last visit or order).

    >>> import pandas as pd
    >>> u = pd.DataFrame({"user_id": ["U1"], "registered_at": [pd.Timestamp("2025-12-01")]})
    >>> b = pd.DataFrame({"user_id": ["U1"], "orders": [2],
    ...                   "last_order_at": [pd.Timestamp("2025-12-21 09:00")],
    ...                   "last_active_at": [pd.Timestamp("2025-12-30 20:00")]})
    >>> profile(u, b)[["tenure_days", "recency_days", "inactive_days"]].iloc[0].tolist()
    [30.0, 10.0, 1.0]
    """
    check_columns(users, ["user_id", "registered_at"])
    check_columns(behaviour, ["user_id", "last_order_at", "last_active_at"])
    day = _as_of(as_of)
    df = users.merge(behaviour, on="user_id", how="left", validate="one_to_one")
    df["tenure_days"] = _days_since(df["registered_at"], day)
    df["recency_days"] = _days_since(df["last_order_at"], day)
    df["inactive_days"] = _days_since(df["last_active_at"], day)
    df.attrs["as_of"] = day
    return df


#: Chinese names of the columns this module adds (the tables' own come from their schemas)
LABELS = {
    "tenure_days": "注册天数", "recency_days": "距最近下单天数", "inactive_days": "未活跃天数",
    "layer": "生命周期分层", "segment": "RFM 分层", "users": "人数", "share": "占比",
    "recency": "R 最近下单距今（天）", "frequency": "F 年内订单数", "monetary": "M 年内消费（元）",
    "r_high": "R 高", "f_high": "F 高", "m_high": "M 高", "cluster": "类", "name": "建议名称",
    "description": "画像描述", "tag": "标签", "category": "类别", "meaning": "含义",
    "goal": "目标", "action": "动作", "channel": "渠道", "rhythm": "节奏", "kpi": "指标",
    "members": "会员数", "converted": "首单转化率",
}


def to_chinese(df: pd.DataFrame) -> pd.DataFrame:
    """The same table with Chinese column (and index) names, for display only.

    >>> import pandas as pd
    >>> list(to_chinese(pd.DataFrame({"user_id": ["U1"], "spend": [9.0], "layer": ["新用户"]})).columns)
    ['用户ID', '年内消费金额', '生命周期分层']
    """
    from .datasets import schema

    names = dict(LABELS)
    for table in ("user_behaviour", "users"):  # users last: its wording wins for user_id
        names.update({c["name"]: c["label"] for c in schema(table)["columns"]})
    out = df.rename(columns=lambda c: names.get(c, c))
    out.index.names = [names.get(n, n) if n else n for n in df.index.names]
    return out


# --------------------------------------------------------------------------- tags

#: rule-based tags: name -> (category, rule as a pandas expression, meaning)
TAG_RULES: dict[str, tuple[str, str, str]] = {
    "杭州本地": ("基础属性", 'city == "杭州"', "所在城市为杭州"),
    "Z世代": ("基础属性", 'age_group in ["18岁以下", "18-24"]', "24 岁及以下"),
    "女性": ("基础属性", 'gender == "女"', "性别为女"),
    "复购用户": ("消费行为", "orders >= 2", "年内有效订单 2 单及以上"),
    "高消费": ("消费行为", "spend >= 500", "年内消费 500 元及以上"),
    "券敏感": ("消费行为", "coupons_used >= 2 and coupons_used >= orders * 0.6",
              "用券 2 次以上且六成以上订单用券"),
    "近30天活跃": ("活跃度", "inactive_days <= 30", "近 30 天打开过小程序或下过单"),
    "常逛不买": ("活跃度", "visits_90d >= 5 and not (recency_days <= 90)",
              "近 90 天访问 5 次以上，但 90 天内没有下单"),
    "品牌粉丝": ("社交互动", "accounts_followed >= 1", "关注了至少一个品牌账号"),
    "社群成员": ("社交互动", "in_group", "在门店福利群内"),
    "分享达人": ("社交互动", "invites >= 3", "年内邀请 3 人及以上注册"),
    "裂变新客": ("来源渠道", 'reg_channel == "裂变活动"', "通过品牌十周年裂变活动注册"),
}


def add_tag(df: pd.DataFrame, name: str, rule: str | pd.Series) -> pd.DataFrame:
    """A copy of ``df`` with a True/False column ``name``: who matches ``rule``.

    ``rule`` is a pandas expression over the columns (``"orders >= 2"``,
    ``'city == "杭州"'``) or a True/False Series aligned with ``df``.

    >>> import pandas as pd
    >>> df = pd.DataFrame({"orders": [0, 3, 5], "city": ["杭州", "上海", "杭州"]})
    >>> add_tag(df, "杭州复购", 'orders >= 2 and city == "杭州"')["杭州复购"].tolist()
    [False, False, True]
    """
    out = df.copy()
    if isinstance(rule, str):
        try:
            hit = out.eval(rule, engine="python")
        except Exception as e:  # noqa: BLE001 - re-raised with the columns the student can use
            raise ValueError(f'标签规则 "{rule}" 无法计算（{e}）；可用的列有：'
                             f'{"、".join(map(str, df.columns))}') from None
    else:
        hit = rule
    hit = pd.Series(hit, index=out.index) if np.ndim(hit) else pd.Series(bool(hit), index=out.index)
    out[name] = hit.fillna(False).astype(bool)
    return out


def tag_users(df: pd.DataFrame, tags: list[str] | None = None) -> pd.DataFrame:
    """``df`` with one True/False column per tag of :data:`TAG_RULES` (all, or ``tags``).

    >>> import nmt_lab as nmt
    >>> p = profile(nmt.load("users"), nmt.load("user_behaviour"))
    >>> t = tag_users(p, ["复购用户", "高消费"])
    >>> bool((t["高消费"] & ~t["复购用户"]).sum() < t["高消费"].sum())
    True
    """
    tags = list(TAG_RULES) if tags is None else list(tags)
    out = df
    for name in tags:
        check_choice(name, TAG_RULES, "标签")
        out = add_tag(out, name, TAG_RULES[name][1])
    return out


def tag_summary(tagged: pd.DataFrame, tags: list[str] | None = None) -> pd.DataFrame:
    """Per tag: category, rule, number and share of members carrying it, largest first.

    >>> import pandas as pd
    >>> s = tag_summary(pd.DataFrame({"复购用户": [True, False, True, True]}))
    >>> int(s.loc["复购用户", "users"]), float(s.loc["复购用户", "share"])
    (3, 0.75)
    """
    tags = [t for t in (tags or TAG_RULES) if t in tagged.columns]
    if not tags:
        raise ValueError("表中没有标签列：先用 tag_users(...) 或 add_tag(...) 打标签；"
                         f"可用的标签有：{'、'.join(TAG_RULES)}")
    rows = []
    for t in tags:
        cat, rule, meaning = TAG_RULES.get(t, ("自定义", "", ""))
        n = int(tagged[t].sum())
        rows.append({"tag": t, "category": cat, "meaning": meaning, "users": n,
                     "share": n / len(tagged) if len(tagged) else float("nan")})
    return pd.DataFrame(rows).set_index("tag").sort_values("users", ascending=False)


# --------------------------------------------------------------------------- personas

#: clustering features: column -> (label, unit, word when high, word when low)
FEATURES: dict[str, tuple[str, str, str, str]] = {
    "orders": ("年内订单", "单", "下单频繁", "很少下单"),
    "spend": ("年内消费", "元", "消费高", "消费低"),
    "visits_90d": ("近90天访问", "次", "常逛小程序", "很少打开小程序"),
    "inactive_days": ("未活跃天数", "天", "很久没来", "最近常来"),
    "interactions": ("内容互动", "次", "爱互动", "很少互动"),
    "invites": ("邀请注册", "人", "乐于分享", "不分享"),
    "coupons_used": ("用券", "次", "常用券", "很少用券"),
}
PERSONA_FEATURES = ["orders", "spend", "visits_90d", "inactive_days", "interactions"]


def _matrix(df: pd.DataFrame, features: list[str], log: bool) -> np.ndarray:
    check_columns(df, features)
    x = df[features].astype(float).fillna(0.0).clip(lower=0).to_numpy()
    return np.log1p(x) if log else x


def clusters(df: pd.DataFrame, features: list[str] | None = None, k: int = 4, log: bool = True,
             standardise: bool = True, seed: int = 0) -> pd.Series:
    """KMeans cluster of every row on standardised ``features``; 0 is the largest cluster.

    Each feature is standardised (mean 0, standard deviation 1) so that 元 and 次 weigh the
    same; heavy-tailed counts (orders, spend) are ``log1p``-transformed first unless
    ``log=False``, so that a few office bulk buyers do not stretch the scale.

    >>> import pandas as pd
    >>> df = pd.DataFrame({"orders": [0, 0, 1, 9, 10, 11], "spend": [0, 5, 9, 300, 320, 350]})
    >>> clusters(df, ["orders", "spend"], k=2).tolist()
    [0, 0, 0, 1, 1, 1]
    """
    from sklearn.cluster import KMeans
    from sklearn.preprocessing import StandardScaler
    from threadpoolctl import threadpool_limits

    features = list(features or PERSONA_FEATURES)
    if not isinstance(k, (int, np.integer)) or isinstance(k, bool) or not 2 <= k <= 10:
        raise ValueError(f"簇数 k = {k!r} 不可用；请取 2 到 10 之间的整数")
    x = _matrix(df, features, log)
    z = StandardScaler().fit_transform(x) if standardise else x
    with threadpool_limits(limits=1):  # one thread: fast and the same result on every machine
        raw = KMeans(n_clusters=int(k), n_init=10, random_state=seed).fit_predict(z)
    order = pd.Series(raw).value_counts().index  # renumber by size, largest first
    relabel = {old: new for new, old in enumerate(order)}
    return pd.Series([relabel[c] for c in raw], index=df.index, name="cluster")


def cluster_centres(df: pd.DataFrame, labels: pd.Series, features: list[str] | None = None
                    ) -> pd.DataFrame:
    """Per cluster: members, share and the mean of each feature (in its own unit).

    >>> import pandas as pd
    >>> df = pd.DataFrame({"orders": [0, 2, 10, 12]})
    >>> cluster_centres(df, pd.Series([0, 0, 1, 1]), ["orders"])["orders"].tolist()
    [1.0, 11.0]
    """
    features = list(features or PERSONA_FEATURES)
    check_columns(df, features)
    g = df[features].astype(float).groupby(pd.Series(np.asarray(labels), index=df.index,
                                                     name="cluster"))
    out = g.mean()
    out.insert(0, "share", g.size() / len(df))
    out.insert(0, "users", g.size())
    return out


def _word(feature: str, ratio: float) -> str | None:
    label, _unit, high, low = FEATURES.get(feature, (feature, "", f"{feature}高", f"{feature}低"))
    if ratio >= 1.3:
        return high
    if ratio <= 0.7:
        return low
    return None


def persona_name(centre: pd.Series, overall: pd.Series) -> str:
    """A suggested nickname for a cluster from how its centre differs from the average.

    >>> import pandas as pd
    >>> avg = pd.Series({"orders": 2.0, "spend": 100.0, "inactive_days": 100.0})
    >>> persona_name(pd.Series({"orders": 9.0, "spend": 600.0, "inactive_days": 20.0}), avg)
    '高价值常客'
    """
    def r(f):
        return centre.get(f, np.nan) / overall.get(f) if overall.get(f) else np.nan

    if r("orders") >= 1.5 and r("spend") >= 1.5:
        return "高价值常客"
    if centre.get("orders", 1) < 0.3:
        return "注册未购" if r("visits_90d") < 1.5 else "常逛未购"
    if r("invites") >= 2 or r("interactions") >= 2:
        return "互动分享型"
    if r("inactive_days") >= 1.3:
        return "沉睡老客"
    if r("inactive_days") <= 0.7:
        return "活跃尝鲜客"
    return "普通回头客"


def describe_clusters(df: pd.DataFrame, labels: pd.Series, features: list[str] | None = None
                      ) -> pd.DataFrame:
    """:func:`cluster_centres` plus a suggested ``name`` and a readable Chinese ``description``.

    >>> import nmt_lab as nmt
    >>> p = profile(nmt.load("users"), nmt.load("user_behaviour"))
    >>> d = describe_clusters(p, clusters(p, k=4), PERSONA_FEATURES)
    >>> list(d.columns[-2:]), int(d["users"].sum()) == len(p)
    (['name', 'description'], True)
    """
    features = list(features or PERSONA_FEATURES)
    centres = cluster_centres(df, labels, features)
    overall = df[features].astype(float).mean()
    names, texts = [], []
    for cid, c in centres.iterrows():
        parts = []
        for f in features:
            ratio = c[f] / overall[f] if overall[f] else np.nan
            word = _word(f, ratio) if not np.isnan(ratio) else None
            if word:
                label, unit = FEATURES.get(f, (f, ""))[:2]
                parts.append(f"{word}（{label}平均 {c[f]:,.1f} {unit}，整体 {overall[f]:,.1f}）")
        body = "、".join(parts) if parts else "各项指标接近整体平均"
        names.append(persona_name(c, overall))
        texts.append(f"第 {cid} 类，约 {int(c['users']):,} 人（{c['share']:.0%}）：{body}。")
    centres["name"] = names
    centres["description"] = texts
    return centres


# --------------------------------------------------------------------------- RFM

#: (R high, F high, M high) -> segment; R high = ordered recently (few days since)
RFM_SEGMENTS: dict[tuple[bool, bool, bool], str] = {
    (True, True, True): "重要价值用户",
    (True, False, True): "重要发展用户",
    (False, True, True): "重要保持用户",
    (False, False, True): "重要挽留用户",
    (True, True, False): "一般价值用户",
    (True, False, False): "一般发展用户",
    (False, True, False): "一般保持用户",
    (False, False, False): "一般挽留用户",
}
SEGMENT_ORDER = list(RFM_SEGMENTS.values())


def rfm(df: pd.DataFrame, as_of=AS_OF) -> pd.DataFrame:
    """Recency (days since last order), Frequency (orders), Monetary (spend) of every buyer.

    Members without a 2025 order have no R, F, M: they are left out (they are a lifecycle
    layer of their own, see :func:`lifecycle`).

    >>> import pandas as pd
    >>> b = pd.DataFrame({"user_id": ["U1", "U2"], "orders": [3, 0], "spend": [90.0, 0.0],
    ...                   "last_order_at": [pd.Timestamp("2025-12-01"), pd.NaT]})
    >>> rfm(b).loc["U1"].tolist()
    [30.0, 3.0, 90.0]
    """
    check_columns(df, ["user_id", "orders", "spend", "last_order_at"])
    day = _as_of(as_of)
    buyers = df[(df["orders"] > 0) & df["last_order_at"].notna()]
    return pd.DataFrame({
        "recency": _days_since(buyers["last_order_at"], day).to_numpy(),
        "frequency": buyers["orders"].astype(float).to_numpy(),
        "monetary": buyers["spend"].astype(float).to_numpy(),
    }, index=pd.Index(buyers["user_id"], name="user_id"))


def rfm_thresholds(table: pd.DataFrame, r_days=None, f_min=None, m_min=None) -> dict:
    """Thresholds in use: the given ones, medians where ``None``.

    >>> import pandas as pd
    >>> t = pd.DataFrame({"recency": [10, 50, 90], "frequency": [1, 2, 6], "monetary": [10, 60, 99]})
    >>> rfm_thresholds(t, f_min=3)
    {'r_days': 50.0, 'f_min': 3.0, 'm_min': 60.0}
    """
    check_columns(table, ["recency", "frequency", "monetary"])
    return {
        "r_days": float(table["recency"].median() if r_days is None else r_days),
        "f_min": float(table["frequency"].median() if f_min is None else f_min),
        "m_min": float(table["monetary"].median() if m_min is None else m_min),
    }


def rfm_segments(table: pd.DataFrame, r_days=None, f_min=None, m_min=None) -> pd.DataFrame:
    """``table`` plus ``r_high`` (recency ≤ r_days), ``f_high`` (frequency ≥ f_min),
    ``m_high`` (monetary ≥ m_min) and the ``segment`` name (8 classic RFM segments).

    >>> import pandas as pd
    >>> t = pd.DataFrame({"recency": [5, 200], "frequency": [8, 1], "monetary": [800, 20]})
    >>> rfm_segments(t, r_days=30, f_min=3, m_min=300)["segment"].tolist()
    ['重要价值用户', '一般挽留用户']
    """
    th = rfm_thresholds(table, r_days, f_min, m_min)
    out = table.copy()
    out["r_high"] = out["recency"] <= th["r_days"]
    out["f_high"] = out["frequency"] >= th["f_min"]
    out["m_high"] = out["monetary"] >= th["m_min"]
    keys = zip(out["r_high"], out["f_high"], out["m_high"], strict=True)
    out["segment"] = pd.Categorical([RFM_SEGMENTS[k] for k in keys], categories=SEGMENT_ORDER)
    out.attrs["thresholds"] = th
    return out


def segment_sizes(segmented: pd.DataFrame, column: str = "segment") -> pd.DataFrame:
    """Members and share per segment (or layer), every segment listed, in the fixed order.

    >>> import pandas as pd
    >>> s = segment_sizes(pd.DataFrame({"segment": ["重要价值用户", "一般挽留用户", "一般挽留用户"]}))
    >>> s.loc["一般挽留用户"].tolist(), len(s)
    ([2.0, 0.6667], 8)
    """
    check_columns(segmented, [column])
    s = segmented[column]
    order = list(s.cat.categories) if isinstance(s.dtype, pd.CategoricalDtype) else (
        SEGMENT_ORDER if set(s.dropna()) <= set(SEGMENT_ORDER) else (
            LAYERS if set(s.dropna()) <= set(LAYERS) else sorted(s.dropna().unique())))
    n = s.value_counts().reindex(order, fill_value=0)
    out = pd.DataFrame({"users": n.astype(int), "share": (n / len(s)).round(4)})
    out.index.name = column
    return out


# --------------------------------------------------------------------------- lifecycle

LAYERS = ["新用户", "活跃用户", "沉睡用户", "流失用户", "未转化用户"]


def lifecycle(df: pd.DataFrame, new_days: int = 30, active_days: int = 30,
              churn_days: int = 180) -> pd.Series:
    """Lifecycle layer of every member (a categorical Series named ``layer``), checked in order:

    1. 新用户: registered at most ``new_days`` days ago;
    2. 未转化用户: no 2025 order;
    3. 活跃用户: last order at most ``active_days`` days ago;
    4. 沉睡用户: last order more than ``active_days`` and at most ``churn_days`` days ago;
    5. 流失用户: last order more than ``churn_days`` days ago.

    ``df`` is a :func:`profile` (it needs ``tenure_days`` and ``recency_days``).

    >>> import pandas as pd
    >>> p = pd.DataFrame({"tenure_days": [3, 400, 400, 400, 400],
    ...                   "recency_days": [2, None, 10, 100, 300]})
    >>> lifecycle(p).tolist()
    ['新用户', '未转化用户', '活跃用户', '沉睡用户', '流失用户']
    """
    check_columns(df, ["tenure_days", "recency_days"])
    if not 0 <= active_days < churn_days:
        raise ValueError(f"活跃天数 {active_days} 应小于流失天数 {churn_days}")
    r = df["recency_days"].astype(float)
    layer = np.select(
        [df["tenure_days"] <= new_days, r.isna(), r <= active_days, r <= churn_days],
        ["新用户", "未转化用户", "活跃用户", "沉睡用户"], default="流失用户")
    return pd.Series(pd.Categorical(layer, categories=LAYERS), index=df.index, name="layer")


# --------------------------------------------------------------------------- strategy

#: per lifecycle layer: goal (促活跃 / 留存 / 转化), action, channel, rhythm, KPI
STRATEGIES: dict[str, dict[str, str]] = {
    "新用户": {"goal": "转化", "action": "新人礼包：首单立减 + 第二杯半价，引导完成首单和复购",
            "channel": "小程序弹窗、订阅消息", "rhythm": "注册后 1、3、7 天各一次", "kpi": "7 日首单率"},
    "活跃用户": {"goal": "留存", "action": "会员积分、升级提醒、新品优先尝鲜；邀请加入福利群",
             "channel": "福利群、公众号推文", "rhythm": "每周 1–2 次", "kpi": "30 日复购率"},
    "沉睡用户": {"goal": "促活跃", "action": "“好久不见”回归券 + 当季新品推荐，按偏好单品个性化",
             "channel": "短信（仅已同意者）、订阅消息", "rhythm": "每月最多 1 次",
             "kpi": "召回率（30 天内回购占比）"},
    "流失用户": {"goal": "促活跃", "action": "大促节点（双11、新品季）一次性大额召回券，不再高频打扰",
             "channel": "短信（仅已同意者）", "rhythm": "每季度最多 1 次", "kpi": "召回率、退订率"},
    "未转化用户": {"goal": "转化", "action": "限时体验券 + 门店导航，弄清未下单原因（问卷）",
              "channel": "订阅消息、公众号菜单", "rhythm": "每两周 1 次，共 3 次", "kpi": "首单转化率"},
}


def strategy_table(layers: list[str] | None = None) -> pd.DataFrame:
    """The strategy of each lifecycle layer as a table (index: layer).

    >>> strategy_table(["沉睡用户"]).loc["沉睡用户", "kpi"]
    '召回率（30 天内回购占比）'
    """
    layers = list(layers or LAYERS)
    for layer in layers:
        check_choice(layer, STRATEGIES, "用户分层")
    out = pd.DataFrame([STRATEGIES[layer] for layer in layers], index=pd.Index(layers, name="layer"))
    return out


#: how a member can be reached, and who may be: channel -> rule over a profile's columns
CHANNELS: dict[str, str] = {
    "短信": "sms_opt_in",
    "福利群": "in_group",
    "公众号/视频号等账号": "accounts_followed >= 1",
    "小程序弹窗": "inactive_days <= 90",
}


def reach_table(df: pd.DataFrame, by: pd.Series | str) -> pd.DataFrame:
    """Per group (e.g. lifecycle layer): members, and how many each channel can reach.

    >>> import pandas as pd
    >>> df = pd.DataFrame({"sms_opt_in": [True, False, True], "in_group": [False, False, True],
    ...                    "accounts_followed": [0, 2, 1], "inactive_days": [5, 200, 40]})
    >>> reach_table(df, pd.Series(["沉睡用户", "沉睡用户", "活跃用户"], name="layer")).loc["沉睡用户"].tolist()
    [2, 1, 0, 1, 1]
    """
    key = df[by] if isinstance(by, str) else pd.Series(np.asarray(by), index=df.index,
                                                          name=getattr(by, "name", "group"))
    cols = {"users": pd.Series(True, index=df.index)}
    for channel, rule in CHANNELS.items():
        cols[channel] = df.eval(rule, engine="python").fillna(False).astype(bool)
    flags = pd.DataFrame(cols)
    out = flags.groupby(key, observed=False).sum().astype(int)
    out.index.name = key.name
    return out


# --------------------------------------------------------------------------- widget

def rfm_view(table: pd.DataFrame, r_days: float, f_min: float, m_min: float) -> dict:
    """What the RFM panel shows, as plain data: thresholds, and users / share per segment.

    >>> import nmt_lab as nmt
    >>> t = rfm(nmt.load("user_behaviour"))
    >>> v = rfm_view(t, 30, 3, 200)
    >>> sum(v["users"]) == len(t), v["segments"][0]
    (True, '重要价值用户')
    """
    seg = rfm_segments(table, r_days, f_min, m_min)
    sizes = segment_sizes(seg)
    return {"segments": list(sizes.index), "users": [int(v) for v in sizes["users"]],
            "shares": [float(v) for v in sizes["share"]], "thresholds": seg.attrs["thresholds"],
            "total": int(len(seg))}


def rfm_panel(table: pd.DataFrame, r_days: int = 60, f_min: int = 2, m_min: int = 100):
    """Three sliders (R, F, M thresholds); the bar chart of the 8 segment sizes updates."""
    import ipywidgets as w
    import plotly.graph_objects as go

    from .widgets import Panel

    controls = {
        "r_days": w.IntSlider(value=r_days, min=7, max=360, step=1, description="R ≤ 天",
                              continuous_update=False),
        "f_min": w.IntSlider(value=f_min, min=1, max=20, description="F ≥ 单",
                             continuous_update=False),
        "m_min": w.IntSlider(value=m_min, min=10, max=2000, step=10, description="M ≥ 元",
                             continuous_update=False),
    }
    fig = go.FigureWidget(data=[go.Bar(marker_color=["#2a7f62"] * 4 + ["#9ab8a9"] * 4)],
                          layout=dict(height=380, yaxis_title="人数", xaxis_tickangle=-30))
    card = w.HTML()

    def update(r_days: int, f_min: int, m_min: int) -> None:
        v = rfm_view(table, r_days, f_min, m_min)
        with fig.batch_update():
            fig.data[0].x, fig.data[0].y = v["segments"], v["users"]
            fig.data[0].text = [f"{s:.0%}" for s in v["shares"]]
            fig.layout.title = f"RFM 分层（共 {v['total']:,} 位有成交的会员）"
        top = v["users"][0]
        card.value = (f"<div style='font-size:14px;line-height:1.8'>R 高 = 最近 {r_days} 天内下过单；"
                      f"F 高 = 年内 ≥ {f_min} 单；M 高 = 年内消费 ≥ {m_min} 元。"
                      f"　<b>重要价值用户 {top:,} 人（{v['shares'][0]:.1%}）</b></div>")

    return Panel(controls, [card, fig], update, figure=fig, card=card)


def cluster_view(df: pd.DataFrame, k: int = 4, standardise: bool = True, log: bool = True,
                 features: list[str] | None = None) -> dict:
    """What the persona panel shows: per cluster its size, suggested name and description.

    >>> import nmt_lab as nmt
    >>> p = profile(nmt.load("users"), nmt.load("user_behaviour"))
    >>> v = cluster_view(p, k=3)
    >>> len(v["users"]) == 3, sum(v["users"]) == len(p)
    (True, True)
    """
    labels = clusters(df, features, k=k, log=log, standardise=standardise)
    d = describe_clusters(df, labels, features)
    return {"clusters": [f"第 {c} 类 {n}" for c, n in zip(d.index, d["name"], strict=True)],
            "users": [int(v) for v in d["users"]], "names": list(d["name"]),
            "descriptions": list(d["description"])}


def cluster_panel(df: pd.DataFrame, k: int = 4, features: list[str] | None = None):
    """Pick the number of clusters and whether to standardise / log-transform; the cluster
    sizes and the persona descriptions update."""
    import html

    import ipywidgets as w
    import plotly.graph_objects as go

    from .widgets import Panel

    controls = {
        "k": w.IntSlider(value=k, min=2, max=8, description="簇数 k", continuous_update=False),
        "standardise": w.Checkbox(value=True, description="标准化"),
        "log": w.Checkbox(value=True, description="先取对数"),
    }
    fig = go.FigureWidget(data=[go.Bar(marker_color="#2a7f62")],
                          layout=dict(height=320, yaxis_title="人数"))
    card = w.HTML()

    def update(k: int, standardise: bool, log: bool) -> None:
        v = cluster_view(df, k, standardise, log, features)
        with fig.batch_update():
            fig.data[0].x, fig.data[0].y = v["clusters"], v["users"]
            fig.layout.title = f"KMeans 聚类：{k} 类" + ("" if standardise else "（未标准化）")
        items = "".join(f"<li>{html.escape(t)}</li>" for t in v["descriptions"])
        card.value = f"<ul style='font-size:13px;line-height:1.7'>{items}</ul>"

    return Panel(controls, [fig, card], update, figure=fig, card=card)
