"""日常内容审核：有版本的审核词库、全表扫描、文本分类器、负面信息处置流程。

四部分，各自独立，笔记本 I1-2 按这个顺序用：

1. **词库版本**：v1.0 是 ``sensitive_words`` 表，``lexicon_changes`` 记下之后的每一次修改。
   :func:`lexicon_at` 得到某个版本的词库，:func:`versions` 列出各版本，:func:`diff` 比较两个版本，
   :func:`add_change` 追加一条变更（持续更新），:func:`review_change` 检查一条提议能否批准。
2. **扫描**：:func:`scan` 用 pyahocorasick（Aho-Corasick 自动机，经 :class:`nmt_lab.compliance.WordFilter`）
   一次扫完整张评论表；:func:`flag` 给出每条评论是否命中。:func:`naive_find` / :func:`ac_find`
   是基准测试（``bench/moderation.py``）比较的两种做法。
3. **分类器**：:func:`train` 用 jieba 分词 + TF-IDF + 逻辑回归，从人工标注学会识别违规或负面评论；
   :func:`evaluate`、:func:`confusion`、:func:`threshold_table` 用查准率、查全率检验它；
   :func:`threshold_panel` 是拖动阈值的互动面板（逻辑在 :func:`threshold_view`）。
4. **处置流程**：:func:`case_queue` 按严重程度定优先级和响应时限，标出超时的处置单；
   :func:`overdue_summary` 按类别统计超时率。

>>> lex = lexicon_at("v1.4")
>>> "暖宫" in set(lex["word"]), "躺平" in set(lex["word"])
(True, False)
>>> evaluate([True, True, False, False], [True, False, True, False])["precision"]
0.5
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd

from ._errors import check_choice, check_columns

BASE_VERSION = "v1.0"
LATEST = "latest"
ACTIONS = ["新增", "修改", "删除", "白名单"]
BASES = ["政策规定", "行业规则", "市场规范", "审核反馈"]
SEVERITIES = ["高", "中", "低"]
LEXICON_CATEGORIES = ["广告极限词", "虚假功效", "引流联系方式", "辱骂不文明", "不良价值观", "诱导分享", "低俗",
                      "白名单"]
#: 用户评论要查的词类。广告极限词、虚假功效管的是**品牌自己的文案**：用户说“我心中的No.1”不违法。
COMMENT_CATEGORIES = ["引流联系方式", "辱骂不文明", "不良价值观", "诱导分享", "低俗"]
#: 用户表达真实感受的常见差评词：不能为了“好看”而屏蔽或删除。
REVIEW_WORDS = ["难喝", "踩雷", "不好喝", "差评", "太甜", "不值", "拔草", "失望", "退款", "排队", "贵"]


def _vkey(version: str) -> tuple[int, ...]:
    m = re.fullmatch(r"v(\d+)\.(\d+)", str(version))
    if not m:
        raise ValueError(f'版本号 "{version}" 的写法不对；应写成 v1.0、v1.4 这样的“v主版本.次版本”。')
    return int(m[1]), int(m[2])


# --------------------------------------------------------------------------- 1 lexicon versions

def _changes(changes: pd.DataFrame | None) -> pd.DataFrame:
    if changes is None:
        from .datasets import load
        changes = load("lexicon_changes")
    check_columns(changes, ["version", "status", "action", "word", "category", "severity"])
    return changes


def _released(changes: pd.DataFrame) -> pd.DataFrame:
    return changes[changes["status"].astype(str) == "已发布"]


def version_list(changes: pd.DataFrame | None = None) -> list[str]:
    """Every released version, oldest first, starting with v1.0.

    >>> version_list()
    ['v1.0', 'v1.1', 'v1.2', 'v1.3', 'v1.4']
    """
    released = _released(_changes(changes))
    return [BASE_VERSION, *sorted(set(released["version"].astype(str)) - {BASE_VERSION}, key=_vkey)]


def lexicon_at(version: str = LATEST, words: pd.DataFrame | None = None,
               changes: pd.DataFrame | None = None) -> pd.DataFrame:
    """The lexicon of ``version``: v1.0 (``words``, default the ``sensitive_words`` table) with
    every released change up to and including ``version`` applied in order.

    Columns as ``sensitive_words`` plus ``since`` (the version in which the row last changed).
    Pending proposals (status 待审批) are never applied.

    >>> len(lexicon_at("v1.0")), len(lexicon_at("v1.1"))
    (250, 254)
    >>> lexicon_at("v1.2").set_index("word").loc["转发抽奖", ["severity", "since"]].tolist()
    ['中', 'v1.2']
    """
    changes = _changes(changes)
    valid = version_list(changes)
    if version == LATEST:
        version = valid[-1]
    check_choice(version, valid, "词库版本")
    if words is None:
        from .datasets import load
        words = load("sensitive_words")
    lex = words.copy()
    for col in ("category", "severity"):
        lex[col] = lex[col].astype(str)
    lex["since"] = BASE_VERSION
    lex = lex.set_index("word", drop=False)
    released = _released(changes)
    released = released[released["version"].astype(str).map(_vkey) <= _vkey(version)]
    released = released.assign(_k=released["version"].astype(str).map(_vkey)).sort_values("_k", kind="stable")
    for ch in released.itertuples(index=False):
        word, action = str(ch.word), str(ch.action)
        if action == "删除":
            lex = lex.drop(index=word, errors="ignore")
            continue
        row = lex.loc[word].to_dict() if word in lex.index else {c: None for c in lex.columns}
        row.update(word=word, category=str(ch.category), severity=str(ch.severity), since=str(ch.version))
        for col in ("replacement", "allow_list_of"):
            value = getattr(ch, col, None)
            if isinstance(value, str) or action != "修改":
                row[col] = value if isinstance(value, str) else None
        if action != "修改":
            row["note"] = getattr(ch, "reason", None)
            row["source"] = getattr(ch, "source", None)
        lex.loc[word] = pd.Series(row)
    lex = lex.reset_index(drop=True)
    for col in ("replacement", "law_ref", "note", "allow_list_of", "source"):
        if col in lex.columns:
            lex[col] = pd.Series([v if isinstance(v, str) else None for v in lex[col]], dtype="str")
    return lex


def versions(changes: pd.DataFrame | None = None, words: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per released version: date, how many changes of each action, words in force.

    >>> versions().loc["v1.3", ["删除", "words"]].tolist()
    [1, 258]
    """
    changes = _changes(changes)
    released = _released(changes)
    rows = []
    for v in version_list(changes):
        part = released[released["version"].astype(str) == v]
        counts = part["action"].astype(str).value_counts()
        date = part["released_on"].min() if "released_on" in part and len(part) else pd.NaT
        rows.append({"version": v, "released_on": date, **{a: int(counts.get(a, 0)) for a in ACTIONS},
                     "words": len(lexicon_at(v, words, changes))})
    return pd.DataFrame(rows).set_index("version")


def diff(old: str, new: str, changes: pd.DataFrame | None = None) -> pd.DataFrame:
    """The released changes after ``old`` up to and including ``new``.

    >>> diff("v1.2", "v1.3")["word"].tolist()
    ['主页有惊喜', '割韭菜', '躺平', '威信']
    """
    changes = _changes(changes)
    valid = version_list(changes)
    check_choice(old, valid, "词库版本")
    check_choice(new, valid, "词库版本")
    released = _released(changes)
    keys = released["version"].astype(str).map(_vkey)
    return released[(keys > _vkey(old)) & (keys <= _vkey(new))].reset_index(drop=True)


def add_change(changes: pd.DataFrame, word: str, action: str, category: str, severity: str,
               basis: str, reason: str, version: str = "v1.5", replacement: str | None = None,
               allow_list_of: str | None = None, source: str = "", released_on=None) -> pd.DataFrame:
    """``changes`` with one released change appended (the input is not modified).

    >>> new = add_change(_changes(None), "神马玩意", "新增", "辱骂不文明", "中", "审核反馈",
    ...                  "“什么玩意”的谐音变体，v1.4 漏检")
    >>> new.iloc[-1][["change_id", "version", "word"]].tolist()
    ['LC020', 'v1.5', '神马玩意']
    """
    check_columns(changes, ["change_id", "version", "word"])
    check_choice(action, ACTIONS, "动作")
    check_choice(category, LEXICON_CATEGORIES, "词类")
    check_choice(severity, SEVERITIES, "风险等级")
    check_choice(basis, BASES, "依据类型")
    _vkey(version)
    word = str(word).strip()
    if not word:
        raise ValueError("词条 word 不能为空：写出要新增、修改或删除的词。")
    if not str(reason).strip():
        raise ValueError("请写明修改理由 reason：词库的每次修改都要说清为什么改。")
    if action == "白名单" and (not allow_list_of or allow_list_of not in word):
        raise ValueError(f'白名单词 "{word}" 必须包含它所例外的禁用词 allow_list_of（现在是 {allow_list_of!r}）。')
    ids = [int(s[2:]) for s in changes["change_id"].astype(str) if s[2:].isdigit()]
    row = {"change_id": f"LC{max(ids, default=0) + 1:03d}", "version": version,
           "released_on": pd.Timestamp(released_on) if released_on is not None else pd.NaT,
           "status": "已发布", "action": action, "word": word, "category": category,
           "severity": severity, "replacement": replacement, "allow_list_of": allow_list_of,
           "basis": basis, "reason": reason, "source": source}
    out = pd.concat([changes.astype(object), pd.DataFrame([row]).astype(object)], ignore_index=True)
    out["released_on"] = pd.to_datetime(out["released_on"])
    return out.astype({"change_id": "str", "version": "str", "word": "str", "status": "str", "action": "str"})


def review_change(change) -> list[str]:
    """Problems that stop a proposed change from being approved (empty: no objection).

    ``change`` is one row of ``lexicon_changes`` (a Series or dict).

    >>> p = _changes(None)
    >>> review_change(p[p["word"] == "难喝"].iloc[0])[0][:14]
    '“难喝”是用户表达真实感受的'
    >>> review_change(p[p["word"] == "好评截图领"].iloc[0])
    []
    """
    c = dict(change)
    word, reason = str(c.get("word", "")), str(c.get("reason", "") or "")
    problems = []
    if any(w == word or w in word for w in REVIEW_WORDS) and str(c.get("action")) in ("新增", "修改"):
        problems.append(f"“{word}”是用户表达真实感受的差评用语：不能据此屏蔽或删除评论。"
                        "《电子商务法》第三十九条不允许删除消费者评价，消费者有权提出批评（《消费者权益保护法》第十五条）；"
                        "差评应回复和改进，而不是删除。")
    if not reason.strip():
        problems.append("没有写修改理由。")
    if str(c.get("basis")) not in BASES:
        problems.append(f"依据类型 {c.get('basis')!r} 不在 {'、'.join(BASES)} 之中。")
    if str(c.get("action")) == "白名单" and str(c.get("allow_list_of") or "") not in word:
        problems.append("白名单词必须包含它所例外的禁用词。")
    return problems


# --------------------------------------------------------------------------- 2 scanning

def word_filter(lexicon: pd.DataFrame, categories: list[str] | None = None):
    """An Aho-Corasick filter (pyahocorasick) over ``lexicon`` restricted to ``categories``
    (the allow list always applies).

    >>> f = word_filter(lexicon_at("v1.4"), ["辱骂不文明"])
    >>> [h.word for h in f.find("滚烫的奶茶，垃圾桶在哪？滚！")]
    ['滚']
    """
    from .compliance import WordFilter

    if categories is not None:
        for cat in categories:
            check_choice(cat, LEXICON_CATEGORIES, "词类")
        lexicon = lexicon[lexicon["category"].astype(str).isin([*categories, "白名单"])]
    return WordFilter(lexicon)


def scan(comments: pd.DataFrame, lexicon: pd.DataFrame | None = None,
         categories: list[str] | None = COMMENT_CATEGORIES) -> pd.DataFrame:
    """Every lexicon hit in the ``text`` column, one row per hit: ``comment_id``, ``word``,
    ``category``, ``severity``, ``start``. One automaton, one pass over the table; texts that
    repeat are matched once. ``categories=None`` checks every category (for brand copy).

    >>> demo = pd.DataFrame({"comment_id": ["C1", "C2"], "text": ["加我vx，兼职日结", "最近好喝"]})
    >>> scan(demo, lexicon_at("v1.1"))[["comment_id", "word"]].values.tolist()
    [['C1', '加我vx'], ['C1', '兼职'], ['C1', '日结']]
    """
    check_columns(comments, ["text"])
    lexicon = lexicon_at() if lexicon is None else lexicon
    f = word_filter(lexicon, categories)
    ids = comments["comment_id"] if "comment_id" in comments else pd.Series(comments.index, index=comments.index)
    found = {t: f.find(t) for t in pd.unique(comments["text"].astype(str))}
    rows = [(cid, h.word, h.category, h.severity, h.start)
            for cid, text in zip(ids, comments["text"].astype(str), strict=True) for h in found[text]]
    return pd.DataFrame(rows, columns=["comment_id", "word", "category", "severity", "start"])


def flag(comments: pd.DataFrame, lexicon: pd.DataFrame | None = None,
         categories: list[str] | None = COMMENT_CATEGORIES, severities=("高", "中", "低")) -> pd.Series:
    """Whether each comment has a hit of one of ``severities`` (a bool Series like ``comments``).

    >>> demo = pd.DataFrame({"comment_id": ["C1", "C2"], "text": ["垃圾店", "滚烫的奶茶"]})
    >>> flag(demo).tolist()
    [True, False]
    """
    hits = scan(comments, lexicon, categories)
    hit_ids = set(hits.loc[hits["severity"].isin(list(severities)), "comment_id"])
    ids = comments["comment_id"] if "comment_id" in comments else pd.Series(comments.index, index=comments.index)
    return pd.Series(ids.isin(hit_ids).to_numpy(), index=comments.index, name="flagged")


def naive_find(texts, words) -> list[tuple[int, int, str]]:
    """Every occurrence of every word, the plain way: for each text, for each word, ``str.find``
    again and again. Work grows with (texts × words). Returns sorted (text index, start, word).

    >>> naive_find(["垃圾垃圾", "好喝"], ["垃圾", "好"])
    [(0, 0, '垃圾'), (0, 2, '垃圾'), (1, 0, '好')]
    """
    out = []
    for i, text in enumerate(texts):
        for word in words:
            start = text.find(word)
            while start != -1:
                out.append((i, start, word))
                start = text.find(word, start + 1)
    return sorted(out)


def ac_find(texts, words) -> list[tuple[int, int, str]]:
    """The same occurrences as :func:`naive_find`, from one Aho-Corasick automaton (pyahocorasick)
    that reads each text once, however many words there are.

    >>> ac_find(["垃圾垃圾", "好喝"], ["垃圾", "好"]) == naive_find(["垃圾垃圾", "好喝"], ["垃圾", "好"])
    True
    """
    import ahocorasick

    auto = ahocorasick.Automaton()
    for word in words:
        auto.add_word(word, word)
    auto.make_automaton()
    out = []
    for i, text in enumerate(texts):
        out.extend((i, end - len(w) + 1, w) for end, w in auto.iter(text))
    return sorted(out)


# --------------------------------------------------------------------------- 3 classifier

TARGETS = {"违规": "垃圾广告或辱骂（is_spam 或 is_abusive）", "负面": "情感为负面（sentiment == 负面）"}
SPLIT_DATE = "2025-04-01"
_SPACE = re.compile(r"^[\s\W_]+$")


def labels(comments: pd.DataFrame, target: str = "违规") -> pd.Series:
    """The human label of ``target`` as a bool Series: 违规 = spam or abusive, 负面 = negative.

    >>> int(labels(__import__("nmt_lab").load("comments"), "违规").sum())
    501
    """
    check_choice(target, TARGETS, "识别目标")
    if target == "违规":
        check_columns(comments, ["is_spam", "is_abusive"])
        return (comments["is_spam"] | comments["is_abusive"]).rename("违规")
    check_columns(comments, ["sentiment"])
    return (comments["sentiment"].astype(str) == "负面").rename("负面")


@cache
def _jieba():
    import jieba

    from .datagen.catalog import PRODUCT_NAMES

    jieba.setLogLevel(logging.WARNING)
    for word in PRODUCT_NAMES:
        jieba.add_word(word, freq=20000)
    return jieba


@cache
def _tokens(text: str) -> tuple[str, ...]:
    return tuple(t.lower() for t in _jieba().lcut(text) if t.strip() and not _SPACE.match(t))


def tokenize(text: str) -> list[str]:
    """jieba words of ``text``, lower-cased, without spaces and punctuation (one-character words
    such as 滚 stay: they matter for moderation).

    >>> tokenize("什么破店，垃圾！")
    ['什么', '破店', '垃圾']
    """
    return list(_tokens(str(text)))


def split(comments: pd.DataFrame, until: str = SPLIT_DATE) -> tuple[pd.Series, pd.Series]:
    """Train on what came before ``until``, test on what came after (bool masks): a model is
    judged on comments it has never seen, as in real work. The default trains on the first
    quarter of 2025 (what one person can label by hand) and tests on the rest of the year.

    >>> tr, te = split(__import__("nmt_lab").load("comments"))
    >>> int(tr.sum()), int(te.sum())
    (933, 7067)
    """
    check_columns(comments, ["created_at"])
    train_mask = pd.to_datetime(comments["created_at"]) < pd.Timestamp(until)
    return train_mask.rename("train"), (~train_mask).rename("test")


@dataclass
class Classifier:
    """A trained text classifier: ``scores(texts)`` gives the probability of ``target``."""

    target: str
    pipeline: object

    def scores(self, texts) -> np.ndarray:
        """Probability of ``target`` for each text (0–1)."""
        texts = pd.Series(texts, dtype="object").fillna("").astype(str)
        return self.pipeline.predict_proba(texts)[:, 1]

    def top_words(self, n: int = 10) -> pd.DataFrame:
        """The words that push most towards ``target`` (largest logistic-regression weights)."""
        vec, lr = self.pipeline.named_steps["tfidf"], self.pipeline.named_steps["lr"]
        names = vec.get_feature_names_out()
        order = np.argsort(lr.coef_[0])[::-1][:n]
        return pd.DataFrame({"word": names[order], "weight": lr.coef_[0][order].round(3)})


def train(comments: pd.DataFrame, target: str = "违规", mask=None) -> Classifier:
    """Fit jieba tokens → TF-IDF (words and word pairs) → logistic regression on the labelled
    comments in ``mask`` (default: those before ``SPLIT_DATE``).

    >>> c = __import__("nmt_lab").load("comments")
    >>> model = train(c, "违规")
    >>> float(model.scores(["免费领奶茶券 http://t.cn/xx"])[0]) > 0.5
    True
    """
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    y = labels(comments, target)
    mask = split(comments)[0] if mask is None else pd.Series(mask, index=comments.index).astype(bool)
    pipe = Pipeline([
        ("tfidf", TfidfVectorizer(tokenizer=tokenize, token_pattern=None, lowercase=False,
                                  ngram_range=(1, 2), min_df=2, sublinear_tf=True)),
        ("lr", LogisticRegression(C=4.0, class_weight="balanced", max_iter=2000)),
    ])
    pipe.fit(comments.loc[mask, "text"].astype(str), y[mask].to_numpy())
    return Classifier(target, pipe)


def _bools(values, name: str) -> np.ndarray:
    arr = np.asarray(pd.Series(values).to_numpy())
    if arr.dtype != bool:
        uniq = set(pd.unique(arr).tolist())
        if not uniq <= {0, 1}:
            raise ValueError(f"{name} 应该是 True/False（或 1/0）的一列，里面有：{sorted(map(str, uniq))[:5]}")
        arr = arr.astype(bool)
    return arr


def evaluate(actual, predicted) -> dict:
    """Precision (查准率 = 判对的违规 ÷ 判为违规的), recall (查全率 = 判对的违规 ÷ 真正违规的), F1
    and the four counts. Empty denominators give 0.

    >>> evaluate([True, True, True, False], [True, True, False, True])
    {'precision': 0.6667, 'recall': 0.6667, 'f1': 0.6667, 'tp': 2, 'fp': 1, 'fn': 1, 'tn': 0}
    """
    a, p = _bools(actual, "actual"), _bools(predicted, "predicted")
    if len(a) != len(p):
        raise ValueError(f"actual 有 {len(a)} 行，predicted 有 {len(p)} 行：两者要一一对应。")
    tp, fp = int((a & p).sum()), int((~a & p).sum())
    fn, tn = int((a & ~p).sum()), int((~a & ~p).sum())
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
            "tp": tp, "fp": fp, "fn": fn, "tn": tn}


def confusion(actual, predicted, target: str = "违规") -> pd.DataFrame:
    """The 2×2 confusion matrix with Chinese labels (rows: human label, columns: prediction).

    >>> confusion([True, False, False], [True, True, False]).values.tolist()
    [[1, 0], [1, 1]]
    """
    e = evaluate(actual, predicted)
    return pd.DataFrame([[e["tp"], e["fn"]], [e["fp"], e["tn"]]],
                        index=pd.Index([f"实际{target}", f"实际非{target}"], name="人工标注"),
                        columns=pd.Index([f"判为{target}", f"判为非{target}"], name="模型判断"))


def threshold_table(actual, scores, thresholds=None) -> pd.DataFrame:
    """Precision, recall and number flagged at each threshold (score ≥ threshold = flagged).

    >>> threshold_table([True, False, True], [0.9, 0.6, 0.4], [0.5, 0.3])[["precision", "recall"]].values.tolist()
    [[0.5, 0.5], [0.6667, 1.0]]
    """
    a = _bools(actual, "actual")
    s = np.asarray(scores, dtype=float)
    thresholds = np.round(np.arange(0.05, 1.0, 0.05), 2) if thresholds is None else thresholds
    rows = []
    for t in thresholds:
        e = evaluate(a, s >= t)
        rows.append({"threshold": float(t), "precision": e["precision"], "recall": e["recall"],
                     "f1": e["f1"], "flagged": e["tp"] + e["fp"]})
    return pd.DataFrame(rows)


def threshold_view(actual, scores, threshold: float = 0.5, texts=None, n: int = 3) -> dict:
    """What the threshold panel shows: metrics at ``threshold``, the confusion matrix, the
    precision/recall curve and a few misses (``fn``) and false alarms (``fp``) when ``texts``
    is given.

    >>> v = threshold_view([True, False, True], [0.9, 0.6, 0.4], 0.5, ["a", "b", "c"])
    >>> v["metrics"]["recall"], v["false_alarms"], v["misses"]
    (0.5, ['b'], ['c'])
    """
    if not 0 <= float(threshold) <= 1:
        raise ValueError(f"阈值 threshold 应在 0 到 1 之间，你给出的是 {threshold}。")
    a, s = _bools(actual, "actual"), np.asarray(scores, dtype=float)
    pred = s >= threshold
    out = {"threshold": float(threshold), "metrics": evaluate(a, pred), "confusion": confusion(a, pred),
           "curve": threshold_table(a, s, np.round(np.arange(0.02, 0.99, 0.02), 2))}
    if texts is not None:
        t = pd.Series(texts, dtype="object").astype(str).to_numpy()
        fp_idx = np.flatnonzero(pred & ~a)
        fn_idx = np.flatnonzero(~pred & a)
        out["false_alarms"] = [t[i] for i in fp_idx[np.argsort(-s[fp_idx])][:n]]
        out["misses"] = [t[i] for i in fn_idx[np.argsort(s[fn_idx])][:n]]
    return out


def _html_list(title: str, items: list[str]) -> str:
    import html
    body = "".join(f"<li>{html.escape(x)}</li>" for x in items) or "<li>（无）</li>"
    return f"<b>{title}</b><ul style='margin:2px 0 6px 0'>{body}</ul>"


def holdout(comments: pd.DataFrame, targets=tuple(TARGETS)) -> dict[str, pd.DataFrame]:
    """For each target, a model trained on the first quarter scores the rest of the year:
    ``{target: DataFrame(text, actual, score)}`` (what :func:`threshold_panel` can switch between).

    >>> sets = holdout(__import__("nmt_lab").load("comments"))
    >>> sorted(sets), list(sets["负面"].columns)
    (['负面', '违规'], ['text', 'actual', 'score'])
    """
    _, test_mask = split(comments)
    test = comments[test_mask]
    return {t: pd.DataFrame({"text": test["text"].astype(str), "actual": labels(test, t),
                             "score": train(comments, t).scores(test["text"])}) for t in targets}


def threshold_panel(actual, scores=None, threshold: float = 0.5, texts=None, target: str = "违规"):
    """Drag the threshold: the precision/recall curve marks it, the card shows both rates, the
    confusion matrix and examples of false alarms and misses.

    ``actual`` is the human labels with ``scores`` (and ``texts``) for one ``target``, or the
    dict of :func:`holdout`: then a dropdown switches between the targets.

    >>> p = threshold_panel([True, False, True], [0.9, 0.6, 0.4], 0.5)
    >>> p.controls["threshold"].value = 0.3
    >>> "查全率 <b>100.0%</b>" in p.card.value
    True
    """
    import ipywidgets as w
    import plotly.graph_objects as go

    from .widgets import Panel

    if isinstance(actual, dict):
        sets = actual
        check_choice(target, sets, "识别目标")
    else:
        sets = {target: pd.DataFrame({"text": None if texts is None else pd.Series(texts, dtype="object").to_numpy(),
                                      "actual": _bools(actual, "actual"), "score": np.asarray(scores, dtype=float)})}
    has_text = {t: d["text"].notna().all() for t, d in sets.items()}
    controls = {}
    if len(sets) > 1:
        controls["target"] = w.Dropdown(options=list(sets), value=target, description="识别目标")
    controls["threshold"] = w.FloatSlider(value=threshold, min=0.02, max=0.98, step=0.02, description="阈值",
                                          continuous_update=False, readout_format=".2f")
    fig = go.FigureWidget(
        data=[go.Scatter(name="查准率", mode="lines"), go.Scatter(name="查全率", mode="lines"),
              go.Scatter(name="当前阈值", mode="markers", marker=dict(size=12, symbol="diamond"))],
        layout=dict(height=340, yaxis_title="比例", yaxis_range=[0, 1.05]))
    card = w.HTML()

    def update(threshold: float, target: str = target) -> None:
        d = sets[target]
        v = threshold_view(d["actual"], d["score"], threshold, d["text"] if has_text[target] else None)
        m, curve = v["metrics"], v["curve"]
        with fig.batch_update():
            fig.data[0].x, fig.data[0].y = curve["threshold"].tolist(), curve["precision"].tolist()
            fig.data[1].x, fig.data[1].y = curve["threshold"].tolist(), curve["recall"].tolist()
            fig.data[2].x = [threshold, threshold]
            fig.data[2].y = [m["precision"], m["recall"]]
            fig.layout.title = f"阈值与查准率、查全率（{target}）"
            fig.layout.xaxis.title = f"阈值（分数 ≥ 阈值判为{target}）"
        parts = [f"<div style='font-size:14px;line-height:1.7'>阈值 <b>{threshold:.2f}</b>：查准率 "
                 f"<b>{m['precision']:.1%}</b>，查全率 <b>{m['recall']:.1%}</b>，共判为{target} "
                 f"{m['tp'] + m['fp']} 条<br>",
                 confusion(d["actual"], d["score"] >= threshold, target).to_html(border=0)]
        if has_text[target]:
            parts += [_html_list("误报（其实没问题）：", v["false_alarms"]),
                      _html_list("漏报（没拦住）：", v["misses"])]
        card.value = "".join(parts) + "</div>"

    return Panel(controls, [fig, card], update, figure=fig, card=card)


# --------------------------------------------------------------------------- 4 workflow

#: the reference "now" of the case data (the first working morning of 2026)
NOW = pd.Timestamp("2026-01-03 09:00:00")
PRIORITIES = ["P1", "P2", "P3"]


def case_queue(cases: pd.DataFrame, rules: pd.DataFrame | None = None, now=NOW,
               spread_likes: int | None = 100) -> pd.DataFrame:
    """Cases with ``priority`` (from the severity; one level up when a comment has at least
    ``spread_likes`` likes, because it is spreading), ``deadline`` (detected + response hours),
    ``hours_taken`` and ``overdue`` (handled after the deadline, or still open past it at
    ``now``). Sorted by priority, then deadline: the order to work in.

    >>> q = case_queue(__import__("nmt_lab").load("negative_cases"))
    >>> q[["priority", "deadline", "overdue"]].dtypes.astype(str).tolist()
    ['category', 'datetime64[us]', 'bool']
    """
    check_columns(cases, ["case_id", "detected_at", "severity", "handled_at"])
    if rules is None:
        from .datasets import load
        rules = load("response_rules")
    check_columns(rules, ["severity", "priority", "response_hours"])
    by_sev = rules.assign(severity=rules["severity"].astype(str)).set_index("severity")
    sev = cases["severity"].astype(str)
    unknown = sorted(set(sev) - set(by_sev.index))
    if unknown:
        raise ValueError(f"严重程度 {unknown} 在响应规则里没有；规则里有：{'、'.join(by_sev.index)}")
    q = cases.copy()
    level = sev.map(lambda s: PRIORITIES.index(str(by_sev.loc[s, "priority"]))).to_numpy()
    if spread_likes is not None and "likes" in q:
        level = np.where(q["likes"].to_numpy() >= spread_likes, np.maximum(level - 1, 0), level)
    q["priority"] = pd.Categorical([PRIORITIES[i] for i in level], categories=PRIORITIES, ordered=True)
    q["response_hours"] = sev.map(by_sev["response_hours"]).astype("int64").to_numpy()
    q["deadline"] = pd.to_datetime(q["detected_at"]) + pd.to_timedelta(q["response_hours"], unit="h")
    handled = pd.to_datetime(q["handled_at"])
    q["hours_taken"] = ((handled - pd.to_datetime(q["detected_at"])).dt.total_seconds() / 3600).round(1)
    now = pd.Timestamp(now)
    q["overdue"] = ((handled > q["deadline"]) | (handled.isna() & (q["deadline"] < now))).astype(bool)
    return q.sort_values(["priority", "deadline"], kind="stable")


#: Chinese names of the columns this module adds (the table columns come from their schemas)
LABELS = {"priority": "优先级", "deadline": "响应截止", "overdue": "是否超时", "hours_taken": "处理用时（小时）",
          "response_hours": "响应时限（小时）", "since": "生效版本", "cases": "处置单数", "overdue_rate": "超时率",
          "precision": "查准率", "recall": "查全率", "f1": "F1", "threshold": "阈值", "flagged": "判为目标的条数",
          "start": "位置", "weight": "权重", "words": "词条数", "version": "版本", "category": "词类",
          "word": "词条", "case_id": "处置单号"}


def to_chinese(df: pd.DataFrame) -> pd.DataFrame:
    """The table with Chinese column names, for display (as :func:`nmt_lab.to_chinese`).

    >>> list(to_chinese(pd.DataFrame({"case_id": ["NC1"], "overdue": [True]})).columns)
    ['处置单号', '是否超时']
    """
    from .labels import to_chinese as chinese

    return chinese(df, LABELS)


def overdue_summary(queue: pd.DataFrame, by: str = "severity") -> pd.DataFrame:
    """Per group: cases, overdue cases and the overdue rate (overdue ÷ cases).

    >>> s = overdue_summary(case_queue(__import__("nmt_lab").load("negative_cases")))
    >>> list(s.columns)
    ['cases', 'overdue', 'overdue_rate']
    """
    check_columns(queue, [by, "overdue"])
    g = queue.groupby(by, observed=True)["overdue"]
    out = pd.DataFrame({"cases": g.size(), "overdue": g.sum().astype("int64")})
    out["overdue_rate"] = (out["overdue"] / out["cases"]).round(4)
    return out
