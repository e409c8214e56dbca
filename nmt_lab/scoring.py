"""Multi-criteria decisions: weights, a weighted decision matrix, ranking and how robust the
ranking is to the weights.

The pieces fit together in one line of thought::

    weights  --normalize_weights-->  shares that sum to 1
    matrix   --normalize----------->  every criterion on 0–1, "higher is better"
    both     --decision_matrix----->  weighted score per alternative, ranked
    ranking  --sensitivity / stability-->  does the choice survive other weights?

A *matrix* is a DataFrame with one row per alternative (index = its name, e.g. a platform)
and one column per criterion. *directions* says per criterion whether more is better
(``"benefit"``, e.g. share of young women) or less is better (``"cost"``, e.g. CPM).

Weights are any mapping criterion → non-negative number (importance points, percentages,
shares). Other ways of finding weights (the 高级 level adds AHP pairwise comparison and
entropy weights) return the same form, a Series indexed by criterion that sums to 1, and
register themselves in :data:`WEIGHTING` so that ``weights_by(method, ...)`` finds them.
Likewise new normalisations go into :data:`NORMALIZERS`.

>>> m = pd.DataFrame({"fit": [0.7, 0.5, 0.4], "cpm": [55, 35, 20]}, index=["小红书", "抖音", "微博"])
>>> decision_matrix(m, {"fit": 3, "cpm": 1}, {"cpm": "cost"})["rank"].to_dict()
{'小红书': 1, '抖音': 2, '微博': 3}
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np
import pandas as pd

from ._errors import check_choice, check_columns

DIRECTIONS = {"benefit": "越大越好", "cost": "越小越好"}


def _as_series(weights, what: str = "权重") -> pd.Series:
    if isinstance(weights, pd.Series):
        s = weights.astype(float)
    elif isinstance(weights, Mapping):
        s = pd.Series({str(k): v for k, v in weights.items()}, dtype=float)
    else:
        raise TypeError(f"{what}应是“指标: 数值”的字典或 Series，例如 {{'female_share': 3, 'cpm_yuan': 1}}；"
                        f"你给出的是 {type(weights).__name__}。")
    if s.isna().any():
        raise ValueError(f"{what}里有空值：{', '.join(map(str, s.index[s.isna()]))}。")
    return s


def normalize_weights(weights) -> pd.Series:
    """Weights as shares that sum to 1 (each weight ÷ the sum of all weights).

    >>> normalize_weights({"用户匹配": 5, "成本": 3, "到店": 2}).to_dict()
    {'用户匹配': 0.5, '成本': 0.3, '到店': 0.2}
    >>> normalize_weights({"用户匹配": -1, "成本": 3})
    Traceback (most recent call last):
    ...
    ValueError: 权重不能为负数：用户匹配 = -1.0。
    """
    s = _as_series(weights)
    negative = s[s < 0]
    if len(negative):
        bad = "、".join(f"{k} = {v}" for k, v in negative.items())
        raise ValueError(f"权重不能为负数：{bad}。")
    total = s.sum()
    if total <= 0:
        raise ValueError("权重全部为 0：至少给一个指标大于 0 的权重。")
    return (s / total).rename("weight")


def _minmax(col: pd.Series, direction: str) -> pd.Series:
    lo, hi = col.min(), col.max()
    if hi == lo:
        return pd.Series(1.0, index=col.index)
    scaled = (col - lo) / (hi - lo)
    return scaled if direction == "benefit" else 1 - scaled


def _max_ratio(col: pd.Series, direction: str) -> pd.Series:
    if direction == "benefit":
        return col / col.max() if col.max() else pd.Series(1.0, index=col.index)
    return col.min() / col.where(col != 0) if col.min() > 0 else _minmax(col, direction)


#: how a criterion column becomes 0–1 "higher is better"; 高级 adds e.g. "vector" or "share"
NORMALIZERS: dict[str, Callable[[pd.Series, str], pd.Series]] = {
    "minmax": _minmax,     # (x − min) / (max − min); cost: 1 − that
    "max": _max_ratio,     # x / max; cost: min / x
}


def _directions(matrix: pd.DataFrame, directions) -> dict[str, str]:
    given = dict(directions or {})
    for criterion, d in given.items():
        check_columns(matrix, [criterion])
        if d not in DIRECTIONS:
            raise ValueError(f'指标 {criterion} 的方向只能是 "benefit"（越大越好）或 "cost"（越小越好），'
                             f"你给出的是 {d!r}。")
    return {c: given.get(c, "benefit") for c in matrix.columns}


def _numeric(matrix: pd.DataFrame) -> pd.DataFrame:
    if not isinstance(matrix, pd.DataFrame):
        raise TypeError(f"决策矩阵应是表格（DataFrame），每行一个备选方案、每列一个指标；你给出的是 "
                        f"{type(matrix).__name__}。")
    text = [c for c in matrix.columns if not pd.api.types.is_numeric_dtype(matrix[c])]
    if text:
        raise ValueError(f"决策矩阵只能含数值列；这些列不是数值：{'、'.join(map(str, text))}。"
                         "先用 set_index(\"platform\") 把名称放到索引，再选出指标列。")
    if matrix.isna().any().any():
        gaps = [f"{i}·{c}" for c in matrix.columns for i in matrix.index[matrix[c].isna()]]
        raise ValueError(f"决策矩阵有空值：{'、'.join(gaps[:6])}。先补齐或删掉这些方案。")
    return matrix.astype(float)


def normalize(matrix: pd.DataFrame, directions: Mapping[str, str] | None = None,
              method: str = "minmax") -> pd.DataFrame:
    """Every criterion on 0–1 where 1 is best (``cost`` criteria are turned round).

    >>> m = pd.DataFrame({"fit": [0.7, 0.5, 0.4], "cpm": [55, 35, 20]}, index=["A", "B", "C"])
    >>> normalize(m, {"cpm": "cost"}).round(3).to_dict("list")
    {'fit': [1.0, 0.333, 0.0], 'cpm': [0.0, 0.571, 1.0]}
    """
    check_choice(method, NORMALIZERS, "标准化方法")
    m = _numeric(matrix)
    dirs = _directions(m, directions)
    return pd.DataFrame({c: NORMALIZERS[method](m[c], dirs[c]) for c in m.columns}, index=m.index)


def _aligned_weights(matrix: pd.DataFrame, weights) -> pd.Series:
    w = _as_series(weights)
    check_columns(matrix, list(w.index))
    return normalize_weights(w.reindex(matrix.columns, fill_value=0.0))


def decision_matrix(matrix: pd.DataFrame, weights, directions: Mapping[str, str] | None = None,
                    method: str = "minmax") -> pd.DataFrame:
    """Weighted decision matrix: normalised criteria, their weighted sum ``score`` and ``rank``.

    Criteria without a weight get 0. Returns the normalised columns, ``score`` (0–1) and
    ``rank`` (1 = best), sorted best first; ties share the better rank.

    >>> m = pd.DataFrame({"fit": [0.7, 0.5, 0.4], "cpm": [55, 35, 20]}, index=["A", "B", "C"])
    >>> decision_matrix(m, {"fit": 1, "cpm": 1}, {"cpm": "cost"})["score"].round(3).to_dict()
    {'A': 0.5, 'C': 0.5, 'B': 0.452}
    """
    norm = normalize(matrix, directions, method)
    w = _aligned_weights(norm, weights)
    out = norm.copy()
    out["score"] = norm.mul(w, axis=1).sum(axis=1)
    out["rank"] = out["score"].rank(ascending=False, method="min").astype(int)
    return out.sort_values(["rank", "score"], kind="stable")


def rank(matrix: pd.DataFrame, weights, directions: Mapping[str, str] | None = None,
         method: str = "minmax") -> list:
    """The alternatives best first (the index order of :func:`decision_matrix`).

    >>> m = pd.DataFrame({"fit": [0.7, 0.5, 0.4], "cpm": [55, 35, 20]}, index=["A", "B", "C"])
    >>> rank(m, {"fit": 1})
    ['A', 'B', 'C']
    """
    return list(decision_matrix(matrix, weights, directions, method).index)


def contributions(matrix: pd.DataFrame, weights, directions: Mapping[str, str] | None = None,
                  method: str = "minmax") -> pd.DataFrame:
    """How many score points each criterion gives each alternative (weight × normalised value).

    Rows sum to the ``score`` of :func:`decision_matrix`; useful to explain *why* one wins.

    >>> m = pd.DataFrame({"fit": [0.7, 0.4], "cpm": [55, 20]}, index=["A", "B"])
    >>> contributions(m, {"fit": 3, "cpm": 1}, {"cpm": "cost"}).to_dict("index")
    {'A': {'fit': 0.75, 'cpm': 0.0}, 'B': {'fit': 0.0, 'cpm': 0.25}}
    """
    norm = normalize(matrix, directions, method)
    w = _aligned_weights(norm, weights)
    order = decision_matrix(matrix, weights, directions, method).index
    return norm.mul(w, axis=1).loc[order]


def shift_weight(weights, criterion: str, share: float) -> pd.Series:
    """Give ``criterion`` the weight ``share`` (0–1); the others keep their proportions.

    >>> shift_weight({"a": 2, "b": 1, "c": 1}, "a", 0.0).to_dict()
    {'a': 0.0, 'b': 0.5, 'c': 0.5}
    """
    w = normalize_weights(weights)
    check_choice(criterion, w.index, "指标")
    if not 0 <= share <= 1:
        raise ValueError(f"权重份额应在 0 到 1 之间，你给出的是 {share}。")
    rest = w.drop(criterion)
    rest = rest / rest.sum() * (1 - share) if rest.sum() > 0 else rest + (1 - share) / max(len(rest), 1)
    return pd.concat([pd.Series({criterion: share}), rest]).reindex(w.index).rename("weight")


def sensitivity(matrix: pd.DataFrame, weights, criterion: str,
                directions: Mapping[str, str] | None = None, steps: int = 21,
                method: str = "minmax") -> pd.DataFrame:
    """Scores as the weight of one criterion goes from 0 to 1 (others keep their proportions).

    One row per weight share: a column per alternative with its score, and ``top`` (the
    winner at that share). Where ``top`` changes, the decision is sensitive to that weight.

    >>> m = pd.DataFrame({"fit": [0.7, 0.4], "cpm": [55, 20]}, index=["A", "B"])
    >>> s = sensitivity(m, {"fit": 1, "cpm": 1}, "fit", {"cpm": "cost"}, steps=5)
    >>> s["top"].tolist()
    ['B', 'B', 'A', 'A', 'A']
    """
    norm = normalize(matrix, directions, method)
    base = _aligned_weights(norm, weights)
    shares = np.linspace(0, 1, steps)
    check_choice(criterion, base.index, "指标")
    at = base.index.get_loc(criterion)
    rest = base.to_numpy().copy()
    rest[at] = 0.0
    rest = rest / rest.sum() if rest.sum() > 0 else np.where(np.arange(len(rest)) == at, 0.0,
                                                              1 / max(len(rest) - 1, 1))
    grid = np.outer(1 - shares, rest)  # same as shift_weight for every share, in one go
    grid[:, at] = shares
    out = pd.DataFrame(grid @ norm.to_numpy().T, index=np.round(shares, 4), columns=norm.index)
    out.index.name = "weight"
    out["top"] = out[list(matrix.index)].idxmax(axis=1)
    return out


def tipping_points(matrix: pd.DataFrame, weights, criterion: str,
                   directions: Mapping[str, str] | None = None, steps: int = 101,
                   method: str = "minmax") -> pd.DataFrame:
    """The weight shares of ``criterion`` at which the winner changes (from → to).

    >>> m = pd.DataFrame({"fit": [0.7, 0.4], "cpm": [55, 20]}, index=["A", "B"])
    >>> tipping_points(m, {"fit": 1, "cpm": 1}, "fit", {"cpm": "cost"}).to_dict("records")
    [{'weight': 0.5, 'from': 'B', 'to': 'A'}]
    """
    s = sensitivity(matrix, weights, criterion, directions, steps, method)
    top = s["top"]
    change = top.ne(top.shift()) & top.shift().notna()
    return pd.DataFrame({"weight": top.index[change], "from": top.shift()[change].to_list(),
                         "to": top[change].to_list()}).reset_index(drop=True)


def stability(matrix: pd.DataFrame, weights, directions: Mapping[str, str] | None = None,
              spread: float = 0.2, n: int = 500, seed: int = 0, method: str = "minmax") -> pd.Series:
    """How often each alternative comes first when every weight is jittered by up to ±``spread``.

    Returns the share of ``n`` random weightings (seeded, so reproducible) that each
    alternative wins, highest first. Near 1: a robust choice; split: the weights decide.

    >>> m = pd.DataFrame({"fit": [0.7, 0.4], "cpm": [55, 20]}, index=["A", "B"])
    >>> stability(m, {"fit": 3, "cpm": 1}, {"cpm": "cost"}).to_dict()
    {'A': 1.0, 'B': 0.0}
    """
    norm = normalize(matrix, directions, method)
    w = _aligned_weights(norm, weights).to_numpy()
    rng = np.random.default_rng(seed)
    jitter = w * (1 + rng.uniform(-spread, spread, (n, len(w))))
    jitter /= jitter.sum(axis=1, keepdims=True)
    scores = jitter @ norm.to_numpy().T
    wins = pd.Series(np.bincount(scores.argmax(axis=1), minlength=len(norm)) / n, index=norm.index)
    return wins.sort_values(ascending=False, kind="stable").rename("win_share")


def feasible(table: pd.DataFrame, column: str, limit: float) -> pd.DataFrame:
    """Rows whose ``column`` is within ``limit`` (a hard constraint such as the budget):
    screen first, then score what is left.

    >>> t = pd.DataFrame({"platform": ["A", "B"], "min_monthly_cost": [8000, 25000]})
    >>> feasible(t, "min_monthly_cost", 15000)["platform"].tolist()
    ['A']
    """
    check_columns(table, [column])
    return table[table[column] <= limit]


# ----------------------------------------------------------------- weights by method

def direct_weights(points: Mapping[str, float]) -> pd.Series:
    """Weights given directly as importance points (e.g. 1–5 from a meeting)."""
    return normalize_weights(points)


#: ways of finding weights; each returns a Series over criteria that sums to 1
WEIGHTING: dict[str, Callable[..., pd.Series]] = {"direct": direct_weights}


def weights_by(method: str, *args, **kwargs) -> pd.Series:
    """Weights from a registered method (``"direct"`` here; 高级 adds ``"ahp"``, ``"entropy"``).

    >>> weights_by("direct", {"a": 1, "b": 3}).to_dict()
    {'a': 0.25, 'b': 0.75}
    """
    check_choice(method, WEIGHTING, "赋权方法")
    return WEIGHTING[method](*args, **kwargs)


# ----------------------------------------------------------------- criteria from series

def index_growth(index: pd.DataFrame, by: str = "platform", value: str = "index_value",
                 period: str = "month", window: int = 3) -> pd.DataFrame:
    """Growth of a monthly index per ``by``, robust to one odd month.

    ``recent`` = mean of the last ``window`` months; ``year_ago`` = the same months a year
    earlier; ``before`` = the ``window`` months before ``recent``. ``yoy`` = recent ÷ year_ago
    − 1 (同比, free of seasons) and ``momentum`` = recent ÷ before − 1 (still rising?). Empty
    months are skipped; a platform with no value a year ago gets ``yoy`` NaN, so judge a
    brand-new platform by ``momentum`` and its level.

    >>> t = pd.DataFrame({"month": [f"2024-{m:02d}" for m in range(1, 13)],
    ...                   "platform": "A", "index_value": [100.0] * 6 + [120.0] * 6})
    >>> index_growth(t).loc["A", ["recent", "before", "momentum"]].tolist()
    [120.0, 120.0, 0.0]
    """
    check_columns(index, [by, value, period])
    wide = index.pivot_table(index=period, columns=by, values=value, aggfunc="mean",
                             dropna=False, observed=True).sort_index()
    wide = wide.astype(float)
    months = list(wide.index)
    if len(months) < 2 * window:
        raise ValueError(f"数据只有 {len(months)} 个月，至少需要 {2 * window} 个月才能比较。")
    recent, before = months[-window:], months[-2 * window:-window]
    year_ago = months[-window - 12:-12] if len(months) >= window + 12 else []
    out = pd.DataFrame({
        "recent": wide.loc[recent].mean(),
        "before": wide.loc[before].mean(),
        "year_ago": wide.loc[year_ago].mean() if year_ago else np.nan,
    })
    out["yoy"] = out["recent"] / out["year_ago"] - 1
    out["momentum"] = out["recent"] / out["before"] - 1
    out.index.name = by
    return out.sort_values("yoy", ascending=False)


# ----------------------------------------------------------------- the widget

def decision_view(matrix: pd.DataFrame, weights, directions: Mapping[str, str] | None = None,
                  labels: Mapping[str, str] | None = None) -> dict:
    """What the decision panel shows, as plain data: ``order`` (best first), ``scores``,
    ``stack`` (criterion → contribution per alternative, in ``order``), the normalised
    ``weights``, the ``top`` alternative and its win share under jittered weights.

    >>> m = pd.DataFrame({"fit": [0.7, 0.4], "cpm": [55, 20]}, index=["A", "B"])
    >>> v = decision_view(m, {"fit": 3, "cpm": 1}, {"cpm": "cost"})
    >>> v["order"], v["top"], v["weights"]
    (['A', 'B'], 'A', {'fit': 0.75, 'cpm': 0.25})
    """
    labels = dict(labels or {})
    w = _as_series(weights)
    if w.sum() <= 0:
        w = pd.Series(1.0, index=w.index)
    parts = contributions(matrix, w, directions)
    result = decision_matrix(matrix, w, directions)
    order = list(result.index)
    return {
        "order": order,
        "scores": [float(v) for v in result["score"]],
        "stack": {labels.get(c, c): [float(v) for v in parts.loc[order, c]] for c in parts.columns},
        "weights": {c: round(float(v), 4) for c, v in _aligned_weights(matrix, w).items()},
        "top": order[0],
        "top_share": float(stability(matrix, w, directions, n=200).get(order[0], 0.0)),
    }


def decision_panel(matrix: pd.DataFrame, weights: Mapping[str, float],
                   directions: Mapping[str, str] | None = None,
                   labels: Mapping[str, str] | None = None):
    """One slider per criterion (importance 0–10); a stacked bar chart of the weighted scores
    (what each criterion contributes) and a card with the weights and the winner update."""
    import ipywidgets as w
    import plotly.graph_objects as go

    from .widgets import Panel

    labels = dict(labels or {})
    controls = {c: w.FloatSlider(value=float(weights.get(c, 0)), min=0, max=10, step=0.5,
                                 description=labels.get(c, c), continuous_update=False,
                                 style={"description_width": "initial"})
                for c in matrix.columns}
    fig = go.FigureWidget(data=[go.Bar(name=labels.get(c, c), orientation="h")
                                for c in matrix.columns],
                          layout=dict(barmode="stack", height=120 + 28 * len(matrix),
                                      xaxis_title="加权得分（0–1）", yaxis=dict(autorange="reversed")))
    card = w.HTML()

    def update(**points) -> None:
        v = decision_view(matrix, points, directions, labels)
        with fig.batch_update():
            for bar, values in zip(fig.data, v["stack"].values(), strict=True):
                bar.x, bar.y = values, v["order"]
            fig.layout.title = f"加权决策矩阵：第一名 {v['top']}"
        shares = "　".join(f"{labels.get(c, c)} {s:.0%}" for c, s in v["weights"].items())
        card.value = (f"<div style='line-height:1.8'>权重（归一化后）：{shares}<br>"
                      f"第一名：<b>{v['top']}</b>；把每个权重随机上下浮动 20%，它有 "
                      f"<b>{v['top_share']:.0%}</b> 的情况仍是第一"
                      f"{'（稳健）' if v['top_share'] >= 0.8 else '（对权重敏感，要慎重）'}。</div>")

    sliders = w.VBox(list(controls.values()))
    return Panel(controls, [card, fig], update, box=w.VBox([sliders, card, fig]),
                 figure=fig, card=card)


# ----------------------------------------------------------------- 高级: AHP and entropy weights

#: Saaty's random consistency index RI by matrix size n (Saaty 1980, Table 1.3)
RANDOM_INDEX = {1: 0.0, 2: 0.0, 3: 0.58, 4: 0.90, 5: 1.12, 6: 1.24, 7: 1.32, 8: 1.41, 9: 1.45}


def pairwise_matrix(judgements: Mapping[tuple[str, str], float], criteria=None) -> pd.DataFrame:
    """A reciprocal pairwise comparison matrix from judgements ``{(a, b): x}`` = "a is x times
    as important as b" (Saaty's 1–9 scale; 1/3 means b is moderately more important).

    >>> pairwise_matrix({("传播力", "转化力"): 3}).round(3).to_dict("list")
    {'传播力': [1.0, 0.333], '转化力': [3.0, 1.0]}
    """
    names = list(criteria or dict.fromkeys(k for pair in judgements for k in pair))
    m = pd.DataFrame(1.0, index=names, columns=names)
    for (a, b), x in judgements.items():
        check_choice(a, names, "指标")
        check_choice(b, names, "指标")
        x = float(x)
        if not 1 / 9 - 1e-9 <= x <= 9 + 1e-9:
            raise ValueError(f"判断值 {a} 比 {b} = {x:g} 超出 Saaty 1–9 标度（1/9 到 9）。")
        m.loc[a, b], m.loc[b, a] = x, 1 / x
    return m


def _square(matrix) -> pd.DataFrame:
    m = matrix if isinstance(matrix, pd.DataFrame) else pd.DataFrame(np.asarray(matrix, dtype=float))
    m = m.astype(float)
    if m.shape[0] != m.shape[1] or list(m.index) != list(m.columns):
        raise ValueError(f"判断矩阵应是方阵，行列指标相同、顺序一致；现在是 {m.shape[0]} 行 × {m.shape[1]} 列。")
    a = m.to_numpy()
    if (a <= 0).any():
        raise ValueError("判断矩阵的元素都应大于 0。")
    if not np.allclose(a * a.T, 1.0, rtol=1e-3):
        i, j = np.argwhere(~np.isclose(a * a.T, 1.0, rtol=1e-3))[0]
        raise ValueError(f"判断矩阵不是互反的：{m.index[i]} 比 {m.columns[j]} = {a[i, j]:g}，"
                         f"反过来应是 1/{a[i, j]:g}，现在是 {a[j, i]:g}。")
    return m


def ahp(matrix, max_cr: float | None = None) -> dict:
    """AHP on one pairwise comparison matrix: weights from the principal eigenvector, ``lambda_max``,
    ``CI`` = (λmax − n)/(n − 1), ``RI`` (Saaty's table), ``CR`` = CI/RI and ``consistent`` (CR < 0.1).

    With ``max_cr`` set, a matrix with CR >= max_cr raises a Chinese ValueError.

    >>> r = ahp([[1, 3, 5], [1/3, 1, 3], [1/5, 1/3, 1]])
    >>> [round(x, 3) for x in r["weights"]], round(r["lambda_max"], 4), round(r["CR"], 3)
    ([0.637, 0.258, 0.105], 3.0385, 0.033)
    """
    m = _square(matrix)
    n = len(m)
    if n > 9:
        raise ValueError(f"一个判断矩阵最多比较 9 个指标（Saaty 随机一致性指标表只到 9），现在有 {n} 个：请分层。")
    values, vectors = np.linalg.eig(m.to_numpy())
    k = int(np.argmax(values.real))
    w = np.abs(vectors[:, k].real)
    w = w / w.sum()
    lam = float(values[k].real)
    ci = (lam - n) / (n - 1) if n > 2 else 0.0
    ri = RANDOM_INDEX[n]
    cr = ci / ri if ri else 0.0
    if max_cr is not None and cr >= max_cr:
        raise ValueError(f"判断矩阵一致性检验未通过：CR = {cr:.3f} ≥ {max_cr}（λmax = {lam:.3f}，CI = {ci:.3f}，"
                         f"RI = {ri}）。请重新检查两两比较，例如 A 比 B 重要、B 比 C 重要时，A 应比 C 更重要。")
    return {"weights": pd.Series(w, index=m.index, name="weight"), "lambda_max": lam, "CI": ci,
            "RI": ri, "CR": cr, "consistent": cr < 0.1}


def ahp_weights(matrix, max_cr: float = 0.1) -> pd.Series:
    """AHP weights, refusing an inconsistent matrix (CR >= ``max_cr``) with a Chinese message.

    >>> ahp_weights(pairwise_matrix({("a", "b"): 3})).round(2).to_dict()
    {'a': 0.75, 'b': 0.25}
    """
    return ahp(matrix, max_cr=max_cr)["weights"]


def entropy_table(matrix: pd.DataFrame, directions: Mapping[str, str] | None = None) -> pd.DataFrame:
    """The steps of the entropy weight method per criterion: entropy ``e`` = −k Σ p ln p
    (k = 1/ln m, p = share of the min-max normalised value in its column, 0·ln 0 = 0),
    ``d`` = 1 − e and ``weight`` = d / Σd. A constant column carries no information: e = 1, weight 0.

    >>> m = pd.DataFrame({"x": [1.0, 2, 3], "y": [5.0, 5, 5]})
    >>> entropy_table(m).round(3).to_dict("list")
    {'e': [0.579, 1.0], 'd': [0.421, 0.0], 'weight': [1.0, 0.0]}
    """
    m = _numeric(matrix)
    if len(m) < 2:
        raise ValueError("熵权法至少需要 2 个评价对象（行）。")
    norm = normalize(m, directions, "minmax")
    col_sum = norm.sum()
    p = norm.div(col_sum.where(col_sum > 0), axis=1)
    plnp = (p * np.log(p.where(p > 0))).fillna(0.0)
    e = -plnp.sum() / np.log(len(m))
    e[(col_sum <= 0) | (m.nunique() <= 1)] = 1.0
    d = 1 - e
    if d.sum() <= 0:
        raise ValueError("所有指标在各对象之间都没有差别，熵权法无法区分它们。")
    return pd.DataFrame({"e": e, "d": d, "weight": d / d.sum()})


def entropy_weights(matrix: pd.DataFrame, directions: Mapping[str, str] | None = None) -> pd.Series:
    """Entropy weights (熵权法), a Series over the columns of ``matrix`` that sums to 1.

    >>> m = pd.DataFrame({"x": [1.0, 2, 3], "y": [3.0, 1, 2]})
    >>> entropy_weights(m).round(3).to_dict()
    {'x': 0.5, 'y': 0.5}
    """
    return entropy_table(matrix, directions)["weight"].rename("weight")


def combine_weights(subjective, objective, alpha: float = 0.5) -> pd.Series:
    """组合赋权: α × subjective (e.g. AHP) + (1 − α) × objective (e.g. entropy), renormalised.

    >>> combine_weights({"a": 0.8, "b": 0.2}, {"a": 0.4, "b": 0.6}).round(2).to_dict()
    {'a': 0.6, 'b': 0.4}
    """
    if not 0 <= alpha <= 1:
        raise ValueError(f"alpha 应在 0 到 1 之间，你给出的是 {alpha}。")
    s, o = normalize_weights(subjective), normalize_weights(objective)
    missing = sorted(set(s.index) ^ set(o.index))
    if missing:
        raise ValueError(f"两组权重的指标不一致：{'、'.join(map(str, missing))} 只出现在一组里。")
    return normalize_weights(alpha * s + (1 - alpha) * o.reindex(s.index))


def hierarchy_weights(index: pd.DataFrame, level1, level2: Mapping[str, Mapping[str, float]] | None = None,
                      group: str = "level1", item: str = "indicator") -> pd.Series:
    """Global weight of each indicator = weight of its 一级 group × its share inside the group
    (equal shares inside a group unless ``level2`` gives points per indicator).

    >>> idx = pd.DataFrame({"level1": ["传播力", "传播力", "转化力"], "indicator": ["a", "b", "c"]})
    >>> hierarchy_weights(idx, {"传播力": 0.6, "转化力": 0.4}).round(2).to_dict()
    {'a': 0.3, 'b': 0.3, 'c': 0.4}
    """
    check_columns(index, [group, item])
    top = normalize_weights(level1)
    out = {}
    for g, rows in index.groupby(group, sort=False):
        if g not in top.index:
            raise ValueError(f"一级指标“{g}”没有权重；已给出：{'、'.join(top.index)}。")
        local = (normalize_weights({i: (level2 or {}).get(g, {}).get(i, 1.0) for i in rows[item]})
                 if level2 and g in level2 else pd.Series(1 / len(rows), index=list(rows[item])))
        for i, v in local.items():
            out[i] = top[g] * v
    return pd.Series(out, name="weight").reindex(list(index[item]))


def score_drivers(matrix: pd.DataFrame, weights, directions: Mapping[str, str] | None = None,
                  row=None, peers=None) -> pd.DataFrame:
    """Why a row scores as it does: each criterion's contribution (weight × normalised value)
    for ``row`` next to the ``average`` of its ``peers`` (default: all rows; e.g. the same
    platform's other months), and ``gap`` = row − average (most negative = drags the score down).

    >>> m = pd.DataFrame({"a": [1.0, 0, 1], "b": [0.0, 1, 1]}, index=["x", "y", "z"])
    >>> score_drivers(m, {"a": 1, "b": 1}, row="x")["gap"].round(3).to_dict()
    {'b': -0.333, 'a': 0.167}
    """
    norm = normalize(matrix, directions)
    w = _aligned_weights(norm, weights)
    parts = norm.mul(w, axis=1)
    check_choice(row, list(parts.index), "评价对象")
    base = parts if peers is None else parts.loc[[p for p in peers if p != row]]
    out = pd.DataFrame({"row": parts.loc[row], "average": base.mean()})
    out["gap"] = out["row"] - out["average"]
    return out.sort_values("gap", kind="stable")


def anomalies(table: pd.DataFrame, value: str = "score", by: str = "platform",
              period: str | None = None, threshold: float = 3.5, log: bool = False) -> pd.DataFrame:
    """Rows whose ``value`` is far from what is usual for them: ``expected`` = the median of
    their ``by`` group (plus, with ``period``, the median deviation of that period across all
    groups, so a summer peak shared by every platform is not an anomaly). ``residual`` = value −
    expected; robust z = residual ÷ (1.4826 × MAD of the residuals); |z| >= ``threshold`` is
    flagged (3.5 as for Iglewicz & Hoaglin's 1993 "modified z-score"; both directions: a spike
    can be an error too). Most extreme first. ``log=True`` compares ratios instead of
    differences (for counts whose level differs a lot by group); ``residual`` is then ln(value ÷ expected).

    >>> t = pd.DataFrame({"platform": ["A"] * 6, "score": [0.5, 0.52, 0.48, 0.51, 0.49, 0.1]})
    >>> anomalies(t)["score"].tolist()
    [0.1]
    """
    check_columns(table, [value, by] + ([period] if period else []))
    x = table[value].astype(float)
    if log:
        if (x <= 0).any():
            raise ValueError(f"log=True 需要 {value} 全部大于 0。")
        x = np.log(x)
    expected = x.groupby(table[by], observed=True).transform("median")
    if period:
        expected = expected + (x - expected).groupby(table[period], observed=True).transform("median")
    residual = x - expected
    mad = 1.4826 * (residual - residual.median()).abs().median()
    z = residual / mad if mad > 0 else residual * np.nan
    if log:  # expected back in the units of ``value``; residual stays a log ratio
        expected = np.exp(expected)
    out = table.assign(expected=expected, residual=residual, z=z)[z.abs() >= threshold]
    return out.reindex(out["z"].abs().sort_values(ascending=False).index)


WEIGHTING["ahp"] = ahp_weights
WEIGHTING["entropy"] = entropy_weights
NORMALIZERS["share"] = lambda col, d: (col / col.sum() if d == "benefit" else (1 / col) / (1 / col).sum())


# ----------------------------------------------------------------- the AHP widget

def ahp_view(judgements: Mapping[tuple[str, str], float], matrix: pd.DataFrame | None = None,
             directions: Mapping[str, str] | None = None) -> dict:
    """What the AHP panel shows: ``weights``, ``lambda_max``, ``CR``, ``consistent``, a ``color``
    (red when CR >= 0.1) and, given a decision ``matrix``, the ``ranking`` under these weights.

    >>> v = ahp_view({("a", "b"): 2, ("a", "c"): 4, ("b", "c"): 2})
    >>> v["weights"], round(v["CR"], 3), v["color"]
    ({'a': 0.5714, 'b': 0.2857, 'c': 0.1429}, 0.0, 'green')
    """
    r = ahp(pairwise_matrix(judgements))
    view = {"weights": {k: round(float(v), 4) for k, v in r["weights"].items()},
            "lambda_max": r["lambda_max"], "CR": r["CR"], "consistent": r["consistent"],
            "color": "green" if r["consistent"] else "red", "ranking": []}
    if matrix is not None:
        view["ranking"] = rank(matrix, r["weights"], directions)
    return view


def ahp_panel(criteria: list[str], judgements: Mapping[tuple[str, str], float] | None = None,
              matrix: pd.DataFrame | None = None, directions: Mapping[str, str] | None = None,
              labels: Mapping[str, str] | None = None):
    """One slider per pair (−8 … 8: negative = the second is more important, ±k ↦ k+1 on
    Saaty's scale); a bar chart of the weights, CR (red when >= 0.1) and the ranking update."""
    import ipywidgets as w
    import plotly.graph_objects as go

    from .widgets import Panel

    labels = dict(labels or {})
    judgements = dict(judgements or {})
    pairs = [(a, b) for i, a in enumerate(criteria) for b in criteria[i + 1:]]

    def to_slider(x: float) -> int:
        return int(round(x - 1)) if x >= 1 else -int(round(1 / x - 1))

    def to_scale(s: int) -> float:
        return float(s + 1) if s >= 0 else 1 / (1 - s)

    def given(a: str, b: str) -> float:
        return judgements[(a, b)] if (a, b) in judgements else 1 / judgements.get((b, a), 1.0)

    controls = {f"{a}|{b}": w.IntSlider(value=to_slider(given(a, b)), min=-8, max=8,
                                        description=f"{labels.get(a, a)} vs {labels.get(b, b)}",
                                        continuous_update=False, style={"description_width": "initial"})
                for a, b in pairs}
    fig = go.FigureWidget(data=[go.Bar(x=[labels.get(c, c) for c in criteria], y=[0] * len(criteria))],
                          layout=dict(height=300, yaxis_title="权重", yaxis_range=[0, 1]))
    card = w.HTML()

    def update(**values) -> None:
        j = {tuple(k.split("|")): to_scale(v) for k, v in values.items()}
        v = ahp_view(j, matrix, directions)
        with fig.batch_update():
            fig.data[0].y = [v["weights"][c] for c in criteria]
            fig.data[0].marker.color = "#2a9d8f" if v["consistent"] else "#d62828"
            fig.layout.title = f"AHP 权重（CR = {v['CR']:.3f}）"
        verdict = "通过一致性检验" if v["consistent"] else "CR ≥ 0.1，判断不一致，请调整"
        order = f"<br>排名：{' > '.join(map(str, v['ranking']))}" if v["ranking"] else ""
        said = "；".join(f"{labels.get(a, a)} 比 {labels.get(b, b)} = {x:g}" if x >= 1 else
                        f"{labels.get(b, b)} 比 {labels.get(a, a)} = {1 / x:g}" for (a, b), x in j.items() if x != 1)
        order += f"<br><small>当前判断：{said or '全部同等重要'}</small>"
        card.value = (f"<div style='line-height:1.8;color:{'#1b7f5a' if v['consistent'] else '#d62828'}'>"
                      f"λmax = {v['lambda_max']:.3f}，CR = <b>{v['CR']:.3f}</b>：{verdict}{order}</div>")

    help_text = w.HTML("<small>滑块 0 = 同等重要；向右 k = 前者重要 k+1 倍；向左 = 后者更重要。</small>")
    return Panel(controls, [card, fig], update,
                 box=w.VBox([help_text, w.VBox(list(controls.values())), card, fig]), figure=fig, card=card)
