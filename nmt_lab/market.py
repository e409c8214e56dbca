"""Market analysis (高级 A1-1): PEST / SWOT tables with evidence checks, TOWS strategies, market
growth (CAGR), persona TGI against third-party data, platform fit, international comparison and
the feasibility report.

>>> import nmt_lab as nmt
>>> g = growth_table(nmt.load("market_size"))
>>> g.iloc[0]["segment"]             # fastest growing: small in size
'茶饮短视频团购（本地生活）'
>>> round(cagr(100, 121, 2), 4)
0.1
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from ._errors import check_choice, check_columns

PEST = ["政治", "经济", "社会", "技术"]
SWOT = ["优势", "劣势", "机会", "威胁"]
#: TOWS quadrants: (internal dimension, external dimension, strategy type)
TOWS = {"SO": ("优势", "机会", "增长型：发挥优势、抓住机会"),
        "WO": ("劣势", "机会", "扭转型：借机会补短板"),
        "ST": ("优势", "威胁", "多元化：用优势化解威胁"),
        "WT": ("劣势", "威胁", "防御型：减少劣势、避开威胁")}
#: TGI at or above ``HIGH`` over-indexes (目标人群更集中), at or below ``LOW`` under-indexes
HIGH, LOW = 120, 80
#: platform audience columns of ``platform_profiles`` usable as persona attributes
AUDIENCE = {"female_share": "女性占比", "under30_share": "30 岁以下占比", "tier12_share": "一二线城市占比"}
#: sections of a feasibility report (可行性报告), in order
FEASIBILITY_SECTIONS = ["运营目标", "环境分析", "目标用户", "平台选择", "预算", "风险", "结论"]
LABELS = {"segment": "细分市场", "start_year": "起始年", "end_year": "截止年", "start_value": "起始规模（亿元）",
          "end_value": "最新规模（亿元）", "years": "年数", "cagr": "年复合增长率", "last_growth": "最近一年增长",
          "published": "发布年份", "stale": "可能过时", "status": "证据检查", "quadrant": "组合",
          "strategy_type": "策略类型", "internal": "内部因素", "external": "外部因素", "priority": "优先级",
          "suggestion": "运营建议", "option": "选项", "own_share": "自有用户占比", "market_share": "市场占比",
          "tgi": "TGI", "reading": "解读", "fit": "人群契合度（TGI）", "pros": "优点", "cons": "缺点",
          "internal_id": "内部因素编号", "external_id": "外部因素编号", "tgi_female_share": "女性 TGI",
          "tgi_under30_share": "30 岁以下 TGI", "tgi_tier12_share": "一二线城市 TGI",
          "score": "综合得分", "rank": "排名"}


def to_chinese(df: pd.DataFrame) -> pd.DataFrame:
    """The same table with Chinese column names (this module's and the course tables'), for display.

    >>> to_chinese(pd.DataFrame({"cagr": [0.1], "segment": ["即时零售"], "market": ["日本"]})).columns.tolist()
    ['年复合增长率', '细分市场', '市场']
    """
    from .labels import to_chinese as _course

    return _course(df.rename(columns={c: LABELS[c] for c in df.columns if c in LABELS}))


def cagr(first: float, last: float, years: float) -> float:
    """Compound annual growth rate: (last ÷ first)^(1 ÷ years) − 1; ``years`` = end year − start year.

    >>> round(cagr(2044, 3749, 6), 4)
    0.1064
    >>> cagr(0, 10, 2)
    Traceback (most recent call last):
    ...
    ValueError: 起始值 first = 0 必须大于 0：复合增长率要用 最新值 ÷ 起始值。
    """
    if not first > 0 or not last > 0:
        bad = "first" if not first > 0 else "last"
        raise ValueError(f"{'起始值' if bad == 'first' else '最新值'} {bad} = {first if bad == 'first' else last} "
                         "必须大于 0：复合增长率要用 最新值 ÷ 起始值。")
    if not years > 0:
        raise ValueError(f"年数 years = {years} 必须大于 0：用 截止年 − 起始年（2019→2025 是 6 年，不是 7 个数据点）。")
    return float((last / first) ** (1 / years) - 1)


def growth_table(size: pd.DataFrame, start: int | None = None, end: int | None = None,
                 as_of: int = 2025, stale_years: int = 3) -> pd.DataFrame:
    """One row per series: first and last value between ``start`` and ``end``, CAGR, last year's
    growth and whether the figure is probably stale (published ``stale_years`` or more before
    ``as_of``). Sorted by CAGR, fastest first.

    >>> import nmt_lab as nmt
    >>> g = growth_table(nmt.load("market_size"))
    >>> z = g.set_index("segment").loc["新式茶饮（浙江）"]
    >>> round(float(z["cagr"]), 4), bool(z["stale"])
    (-0.0339, True)
    """
    check_columns(size, ["series_id", "segment", "year", "value"])
    rows = []
    for sid, s in size.sort_values("year").groupby("series_id", sort=True):
        s = s[(s["year"] >= (start if start is not None else s["year"].min()))
              & (s["year"] <= (end if end is not None else s["year"].max()))]
        if len(s) < 2:
            continue
        first, last = s.iloc[0], s.iloc[-1]
        published = int(s["published"].max()) if "published" in s else int(last["year"])
        rows.append({"series_id": sid, "segment": last["segment"], "start_year": int(first["year"]),
                     "end_year": int(last["year"]), "start_value": float(first["value"]),
                     "end_value": float(last["value"]), "years": int(last["year"] - first["year"]),
                     "cagr": cagr(first["value"], last["value"], last["year"] - first["year"]),
                     "last_growth": float(last["value"] / s.iloc[-2]["value"] - 1),
                     "published": published, "stale": as_of - published >= stale_years})
    if not rows:
        raise ValueError(f"{start}–{end} 之间没有哪个序列有两年以上的数据：换一个起止年份。")
    return pd.DataFrame(rows).sort_values("cagr", ascending=False, kind="stable").reset_index(drop=True)


def cagr_view(size: pd.DataFrame, start: int, end: int) -> dict:
    """What the market-size explorer shows for the years ``start``–``end``: per series (fastest
    first) its segment, CAGR, latest size and whether it is stale.

    >>> import nmt_lab as nmt
    >>> v = cagr_view(nmt.load("market_size"), 2021, 2025)
    >>> v["segments"][0], v["sizes"][0] < v["sizes"][-1]
    ('茶饮短视频团购（本地生活）', True)
    """
    if start >= end:
        raise ValueError(f"起始年 {start} 要早于截止年 {end}。")
    g = growth_table(size, start, end)
    return {"segments": g["segment"].tolist(), "cagr": g["cagr"].tolist(), "sizes": g["end_value"].tolist(),
            "end_years": g["end_year"].tolist(), "stale": g["stale"].tolist()}


def cagr_panel(size: pd.DataFrame, start: int = 2021, end: int = 2025):
    """Pick the start and end year: CAGR (bars) next to the latest size (bars, right chart);
    stale series are marked grey. The fastest growers are rarely the biggest."""
    import ipywidgets as w
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    from .widgets import Panel

    years = sorted(int(y) for y in size["year"].unique())
    controls = {"start": w.SelectionSlider(options=years, value=start, description="起始年", continuous_update=False),
                "end": w.SelectionSlider(options=years, value=end, description="截止年", continuous_update=False)}
    base = make_subplots(rows=1, cols=2, shared_yaxes=True, horizontal_spacing=0.04,
                         subplot_titles=("年复合增长率 CAGR", "最新规模（亿元）"))
    base.add_trace(go.Bar(orientation="h", name="CAGR", texttemplate="%{x:.0%}"), 1, 1)
    base.add_trace(go.Bar(orientation="h", name="最新规模", texttemplate="%{x:,.0f}"), 1, 2)
    fig = go.FigureWidget(base)
    fig.update_layout(height=360, showlegend=False, yaxis=dict(autorange="reversed"), xaxis=dict(tickformat=".0%"))
    card = w.HTML()

    def update(start: int, end: int) -> None:
        if start >= end:
            card.value = f"<span style='color:#c0392b'>起始年 {start} 要早于截止年 {end}：请重新选择。</span>"
            return
        v = cagr_view(size, start, end)
        colours = ["#b0b0b0" if s else "#2a9d8f" for s in v["stale"]]
        labels = [f"{seg}（至 {y}）" for seg, y in zip(v["segments"], v["end_years"], strict=True)]
        with fig.batch_update():
            fig.data[0].y, fig.data[0].x, fig.data[0].marker.color = labels, v["cagr"], colours
            fig.data[1].y, fig.data[1].x, fig.data[1].marker.color = labels, v["sizes"], colours
        stale = [s for s, flag in zip(v["segments"], v["stale"], strict=True) if flag]
        card.value = (f"增长最快：<b>{v['segments'][0]}</b>"
                      f"（CAGR {v['cagr'][0]:.0%}，规模 {v['sizes'][0]:,.0f} 亿元）；"
                      f"灰色为可能过时的数据：{'、'.join(stale) or '无'}")

    return Panel(controls, [card, fig], update, figure=fig, card=card)


def evidence_check(factors: pd.DataFrame, as_of: str = "2025-12-31", max_age_years: float = 3) -> pd.DataFrame:
    """The factors with a ``status``: 有证据, 缺证据 (no evidence), 缺来源 (evidence without a
    source) or 证据过旧 (evidence dated ``max_age_years`` or more before ``as_of``).

    >>> f = pd.DataFrame({"factor_id": ["A", "B", "C"], "evidence": ["规模 3749 亿元", None, "2020 年数据"],
    ...                   "source": ["报告", None, "协会"],
    ...                   "evidence_date": pd.to_datetime(["2025-06-30", None, "2020-12-31"])})
    >>> evidence_check(f)["status"].tolist()
    ['有证据', '缺证据', '证据过旧']
    """
    check_columns(factors, ["factor_id", "evidence", "source", "evidence_date"])
    out = factors.copy()
    day = pd.Timestamp(as_of)
    age = (day - pd.to_datetime(out["evidence_date"])).dt.days / 365.25
    no_evidence = out["evidence"].isna() | (out["evidence"].astype("string").str.strip() == "")
    status = pd.Series("有证据", index=out.index, dtype="object")
    status[out["source"].isna()] = "缺来源"
    status[age >= max_age_years] = "证据过旧"
    status[no_evidence] = "缺证据"
    out["status"] = status
    return out


def analysis_table(factors: pd.DataFrame, tool: str = "PEST") -> pd.DataFrame:
    """The PEST or SWOT table: one row per factor in the tool's dimension order, with its evidence
    and source (and ``status`` if :func:`evidence_check` ran).

    >>> import nmt_lab as nmt
    >>> analysis_table(nmt.load("market_factors"), "SWOT")["dimension"].unique().tolist()
    ['优势', '劣势', '机会', '威胁']
    """
    check_choice(tool, ["PEST", "SWOT"], "分析方法")
    check_columns(factors, ["dimension", "factor", "evidence", "source"])
    order = PEST if tool == "PEST" else SWOT
    t = factors[factors["dimension"].astype(str).isin(order)].copy()
    t["_o"] = t["dimension"].astype(str).map(order.index)
    cols = [c for c in ["factor_id", "dimension", "factor", "evidence", "source", "importance", "status"]
            if c in t.columns]
    t = t.sort_values(["_o", *(["factor_id"] if "factor_id" in t else [])], kind="stable")[cols]
    t["dimension"] = t["dimension"].astype(str)
    return t.reset_index(drop=True)


def tows(factors: pd.DataFrame, weights: Mapping[str, float] | None = None, only_ok: bool = True) -> pd.DataFrame:
    """TOWS strategies: every pair of an internal factor (优势 / 劣势) with an external one
    (机会 / 威胁), priority = importance × importance × the quadrant's weight (default 1).
    With ``only_ok`` (and a ``status`` column) only evidenced factors (有证据) take part.

    >>> f = pd.DataFrame({"factor_id": ["S1", "W1", "O1", "T1"], "dimension": ["优势", "劣势", "机会", "威胁"],
    ...                   "factor": ["茶文化", "知名度低", "即时零售", "价格战"], "importance": [4, 3, 5, 2]})
    >>> tows(f)[["quadrant", "internal_id", "external_id", "priority"]].values.tolist()[0]
    ['SO', 'S1', 'O1', 20.0]
    >>> tows(f, {"WO": 2})["quadrant"].iloc[0]
    'WO'
    """
    check_columns(factors, ["factor_id", "dimension", "factor", "importance"])
    weights = dict(weights or {})
    for q in weights:
        check_choice(q, list(TOWS), "TOWS 组合")
    f = factors
    if only_ok and "status" in f.columns:
        f = f[f["status"] == "有证据"]
    rows = []
    for q, (inner, outer, kind) in TOWS.items():
        ins = f[f["dimension"].astype(str) == inner]
        outs = f[f["dimension"].astype(str) == outer]
        for i in ins.itertuples():
            for o in outs.itertuples():
                rows.append({"quadrant": q, "strategy_type": kind, "internal_id": i.factor_id,
                             "internal": i.factor, "external_id": o.factor_id, "external": o.factor,
                             "priority": float(i.importance * o.importance * weights.get(q, 1.0)),
                             "suggestion": _suggest(q, i.factor, o.factor)})
    cols = ["quadrant", "strategy_type", "internal_id", "internal", "external_id", "external", "priority",
            "suggestion"]
    return pd.DataFrame(rows, columns=cols).sort_values("priority", ascending=False, kind="stable"
                                                        ).reset_index(drop=True)


def _suggest(q: str, internal: str, external: str) -> str:
    return {"SO": f"用“{internal}”去抓住“{external}”",
            "WO": f"借“{external}”补上“{internal}”",
            "ST": f"用“{internal}”应对“{external}”",
            "WT": f"先补“{internal}”，避免在“{external}”上硬碰"}[q]


def own_shares(users: pd.DataFrame, column: str, unknown=("未知",)) -> pd.Series:
    """Share of each value among own users whose value is known (empty and ``unknown`` left out).

    >>> own_shares(pd.DataFrame({"gender": ["女", "女", "男", "未知"]}), "gender").to_dict()
    {'女': 0.666..., '男': 0.333...}
    """
    check_columns(users, [column])
    s = users[column].astype("object")
    s = s[s.notna() & ~s.isin(list(unknown))]
    if s.empty:
        raise ValueError(f"列 {column} 里没有已知的值：无法计算占比。")
    return s.value_counts(normalize=True).rename("own_share")


def tgi_table(users: pd.DataFrame, survey: pd.DataFrame, question: str) -> pd.DataFrame:
    """Own users vs the market (third-party survey) on one question: TGI = own share ÷ market
    share × 100, with a reading (高于市场 ≥ 120, 低于市场 ≤ 80). Highest TGI first.

    >>> u = pd.DataFrame({"city_tier": ["新一线"] * 3 + ["三线及以下"]})
    >>> s = pd.DataFrame({"question": ["city_tier"] * 2, "option": ["新一线", "三线及以下"], "share": [0.25, 0.75]})
    >>> tgi_table(u, s, "city_tier")[["option", "tgi", "reading"]].values.tolist()
    [['新一线', 300.0, '高于市场'], ['三线及以下', 33.3..., '低于市场']]
    """
    check_columns(survey, ["question", "option", "share"])
    check_choice(question, list(survey["question"].unique()), "调研题目")
    market = survey[survey["question"] == question].set_index("option")["share"].astype(float)
    own = own_shares(users, question).reindex(market.index, fill_value=0.0)
    out = pd.DataFrame({"option": market.index, "own_share": own.to_numpy(), "market_share": market.to_numpy()})
    out["tgi"] = out["own_share"] / out["market_share"] * 100
    out["reading"] = out["tgi"].map(lambda t: "高于市场" if t >= HIGH else "低于市场" if t <= LOW else "接近市场")
    return out.sort_values("tgi", ascending=False, kind="stable").reset_index(drop=True)


def tgi_view(users: pd.DataFrame, survey: pd.DataFrame, question: str) -> dict:
    """What the persona TGI panel shows: options, own and market shares, TGI.

    >>> import nmt_lab as nmt
    >>> v = tgi_view(nmt.load("users"), nmt.load("tea_survey"), "city_tier")
    >>> v["options"][0], v["tgi"][0] > 150
    ('新一线', True)
    """
    t = tgi_table(users, survey, question)
    return {"options": t["option"].tolist(), "own": t["own_share"].tolist(), "market": t["market_share"].tolist(),
            "tgi": t["tgi"].tolist(), "reading": t["reading"].tolist()}


def tgi_panel(users: pd.DataFrame, survey: pd.DataFrame, question: str = "city_tier"):
    """Pick a dimension (性别 / 年龄段 / 城市级别): own vs market shares as bars, TGI as a line."""
    import ipywidgets as w
    import plotly.graph_objects as go

    from .widgets import Panel

    asked = [q for q in ["gender", "age_group", "city_tier"] if q in set(survey["question"])]
    names = dict(zip(survey["question"], survey.get("question_label", survey["question"]), strict=False))
    controls = {"question": w.Dropdown(options=[(names.get(q, q), q) for q in asked], value=question,
                                       description="维度")}
    fig = go.FigureWidget(data=[go.Bar(name="自有会员占比"), go.Bar(name="茶饮市场占比"),
                                go.Scatter(name="TGI（右轴）", mode="lines+markers+text", yaxis="y2",
                                           textposition="top center")],
                          layout=dict(height=380, barmode="group", yaxis=dict(title="占比", tickformat=".0%"),
                                      yaxis2=dict(title="TGI", overlaying="y", side="right", dtick=50),
                                      shapes=[dict(type="line", xref="paper", x0=0, x1=1, yref="y2", y0=100, y1=100,
                                                   line=dict(dash="dot", color="grey"))]))
    card = w.HTML()

    def update(question: str) -> None:
        v = tgi_view(users, survey, question)
        with fig.batch_update():
            fig.data[0].x, fig.data[0].y = v["options"], v["own"]
            fig.data[1].x, fig.data[1].y = v["options"], v["market"]
            fig.data[2].x, fig.data[2].y = v["options"], v["tgi"]
            fig.data[2].text = [f"{t:.0f}" for t in v["tgi"]]
            fig.layout.title = f"自有会员 vs 茶饮市场：{names.get(question, question)}"
            fig.layout.yaxis.range = [0, max(v["own"] + v["market"]) * 1.2]
            fig.layout.yaxis2.range = [0, max([*v["tgi"], 100]) * 1.2]
        high = [o for o, r in zip(v["options"], v["reading"], strict=True) if r == "高于市场"]
        low = [o for o, r in zip(v["options"], v["reading"], strict=True) if r == "低于市场"]
        card.value = (f"<b>高于市场（TGI ≥ {HIGH}）</b>：{'、'.join(high) or '无'}　"
                      f"<b>低于市场（TGI ≤ {LOW}）</b>：{'、'.join(low) or '无'}")

    return Panel(controls, [card, fig], update, figure=fig, card=card)


def platform_fit(profiles: pd.DataFrame, attributes: Mapping[str, float],
                 baseline: Mapping[str, float] | None = None) -> pd.DataFrame:
    """How well each platform's audience fits the persona: per attribute (``female_share``,
    ``under30_share``, ``tier12_share``) TGI = platform share ÷ baseline share × 100 (baseline:
    the average over all platforms unless given), ``fit`` = their weighted mean. Best fit first.

    >>> p = pd.DataFrame({"platform": ["A", "B"], "female_share": [0.7, 0.3], "under30_share": [0.5, 0.5]})
    >>> platform_fit(p, {"female_share": 1})[["platform", "fit"]].values.tolist()
    [['A', 140.0], ['B', 60.0]]
    """
    if not attributes:
        raise ValueError(f"至少给一个画像属性，可选：{'、'.join(AUDIENCE)}")
    for a in attributes:
        check_choice(a, list(AUDIENCE), "画像属性")
    check_columns(profiles, ["platform", *attributes])
    out = profiles[["platform"]].copy()
    total = float(sum(attributes.values()))
    out["fit"] = 0.0
    for a, weight in attributes.items():
        base = float(baseline[a]) if baseline and a in baseline else float(profiles[a].mean())
        out[f"tgi_{a}"] = profiles[a].astype(float) / base * 100
        out["fit"] += out[f"tgi_{a}"] * weight / total
    return out.sort_values("fit", ascending=False, kind="stable").reset_index(drop=True)


def pros_cons(profiles: pd.DataFrame, platforms, fit: pd.DataFrame | None = None) -> pd.DataFrame:
    """The pros / cons table of the chosen ``platforms``: positioning (style), pros, cons, and the
    persona fit from :func:`platform_fit` when given.

    >>> import nmt_lab as nmt
    >>> pros_cons(nmt.load("platform_profiles"), ["小红书"]).columns.tolist()
    ['platform', 'style', 'pros', 'cons']
    """
    check_columns(profiles, ["platform", "style", "strengths", "weaknesses"])
    platforms = [platforms] if isinstance(platforms, str) else list(platforms)
    for p in platforms:
        check_choice(p, list(profiles["platform"]), "平台")
    t = profiles.set_index("platform").loc[platforms, ["style", "strengths", "weaknesses"]]
    t = t.rename(columns={"strengths": "pros", "weaknesses": "cons"}).reset_index()
    if fit is not None:
        t = t.merge(fit[["platform", "fit"]], on="platform", how="left")
    return t


def transfer_summary(intl: pd.DataFrame) -> pd.DataFrame:
    """International cases per market: how many practices transfer directly, need adapting or do not.

    >>> import nmt_lab as nmt
    >>> transfer_summary(nmt.load("intl_social")).loc["日本"].to_dict()
    {'可直接迁移': 1, '需改造': 2, '不宜迁移': 0}
    """
    check_columns(intl, ["market", "transfer"])
    foreign = intl[intl["transfer"].astype(str) != "本土做法"]
    t = pd.crosstab(foreign["market"].astype(str), foreign["transfer"].astype(str))
    return t.reindex(columns=["可直接迁移", "需改造", "不宜迁移"], fill_value=0).rename_axis(
        index="market", columns=None)


def _text_table(frame: pd.DataFrame, key: str) -> str:
    """A table whose text columns read left-aligned (the report's default aligns numbers right);
    ``key`` makes its CSS class unique within the report."""
    body = frame.round(3).to_html(index=False, border=0, na_rep="—")
    text = [i + 1 for i, c in enumerate(frame.columns) if not pd.api.types.is_numeric_dtype(frame[c])]
    if not text:
        return body
    css = "".join(f"table.{key} td:nth-child({i}),table.{key} th:nth-child({i}){{text-align:left}}" for i in text)
    return f"<style>{css}</style>" + body.replace('class="dataframe"', f'class="dataframe {key}"', 1)


def feasibility_report(parts: Mapping[str, object], title: str = "溪山茶饮 2026 年新媒体运营可行性报告",
                       author: str = "新媒体部"):
    """A feasibility report (:class:`nmt_lab.reports.Report`) with the sections of
    :data:`FEASIBILITY_SECTIONS` in order; a part is text (str), a table (DataFrame) or a list of
    both. The conclusion is highlighted.

    >>> r = feasibility_report({s: f"{s}……" for s in FEASIBILITY_SECTIONS})
    >>> r.headings()[:2]
    ['一、运营目标', '二、环境分析']
    >>> feasibility_report({"运营目标": "……"})
    Traceback (most recent call last):
    ...
    ValueError: 可行性报告还缺这些部分：环境分析、目标用户、平台选择、预算、风险、结论。
    """
    from .reports import Report, paragraphs

    extra = [k for k in parts if k not in FEASIBILITY_SECTIONS]
    if extra:
        raise ValueError(f"可行性报告没有“{'、'.join(map(str, extra))}”这一部分；"
                         f"可用的有：{'、'.join(FEASIBILITY_SECTIONS)}。")
    missing = [s for s in FEASIBILITY_SECTIONS if s not in parts or parts[s] is None or (
        isinstance(parts[s], str) and not parts[s].strip())]
    if missing:
        raise ValueError(f"可行性报告还缺这些部分：{'、'.join(missing)}。")
    numbers = "一二三四五六七八九十"
    r = Report(title, author=author)
    for i, s in enumerate(FEASIBILITY_SECTIONS):
        items = parts[s] if isinstance(parts[s], (list, tuple)) else [parts[s]]
        html = "\n".join(_text_table(item, f"t{i}{j}") if isinstance(item, pd.DataFrame)
                         else paragraphs(str(item)) for j, item in enumerate(items))
        r.html(f"{numbers[i]}、{s}", f"<div class='callout'>{html}</div>" if s == "结论" else html)
    return r
