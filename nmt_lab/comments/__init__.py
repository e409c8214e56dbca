"""评论队列：按评论文字自动分拣一批评论，供粉丝维护和互动分析使用。

规则只看评论**文字**（关键词、课程审核词表、正则），不看数据里的人工标签；
标签只用来检验规则（:func:`evaluate` 算查准率和查全率）。

- :func:`triage` 给每条评论打上规则标记（提问、投诉、负面、辱骂、广告、个人信息……）、
  转交部门、置顶分和建议处理方式——这就是“评论队列”；:func:`text_flags` 是其中只看文字的部分，
  :func:`word_lists` 列出关键词，``extra=`` 可以临时补词；
- :func:`evaluate` 用人工标签检验规则（查准率、查全率见 :func:`nmt_lab.text.precision_recall`）；
- 打码、分词和关键词用 :mod:`nmt_lab.text`（:func:`~nmt_lab.text.mask_personal`、:func:`~nmt_lab.text.keywords`）；
- :func:`handover` 把需要其他部门处理的评论写成移交清单（个人信息已打码），
  :func:`department_table` 列出转交部门的关键词；
- :func:`daily` 和 :func:`anomalies` 按天统计负面评论，找出异常的日子；:func:`negative_on` 取出那几天的负面评论；
- :func:`fan_table` / :func:`top_fans` 根据互动情况给粉丝打分、挑出优质粉丝；:func:`copies` 把重复的广告归组；
- :func:`reply_tasks` 挑出待回复的负面评论，:func:`check_reply` 检查一条回复的基本规范；
- :func:`stress_batch` / :func:`speed_test` 测大批量评论的处理速度；
- :func:`queue_panel` 和 :func:`anomaly_panel` 是两个互动面板（逻辑在 :func:`queue_view`、:func:`anomaly_view`）。

按子概念分成几个模块，这里把它们的公开函数汇总成 ``nmt.comments.*``：
:mod:`~nmt_lab.comments.rules`（关键词表与文字标记）、:mod:`~nmt_lab.comments.queue`（队列、检验、移交、面板）、:mod:`~nmt_lab.comments.trends`（负面趋势与异常）、
:mod:`~nmt_lab.comments.fans`（粉丝）、:mod:`~nmt_lab.comments.replies`（回复）。

>>> import pandas as pd
>>> demo = pd.DataFrame({"comment_id": ["C1", "C2", "C3"], "platform": ["抖音"] * 3,
...     "user_id": ["U1", "U2", "U3"], "created_at": pd.to_datetime(["2025-08-12"] * 3), "likes": [0, 2, 0],
...     "text": ["外卖漏洒，袋子里全是奶茶，订单号XS20250812123456", "杨梅冰茶可以去冰吗？", "垃圾店"]})
>>> q = triage(demo)
>>> q[["complaint", "question", "abusive", "department"]].values.tolist()
[[True, False, False, '外卖配送'], [False, True, False, '产品'], [False, False, True, '无']]
>>> from nmt_lab.text import mask_personal
>>> mask_personal(demo.loc[0, "text"])
'外卖漏洒，袋子里全是奶茶，订单号XS2025********56'
"""

from .fans import (
    fan_table,
    top_fans,
)
from .queue import (
    ALL,
    HANDOVER_COLUMNS,
    LABELS,
    RULE_LABELS,
    copies,
    department_table,
    evaluate,
    examples,
    handover,
    queue_panel,
    queue_view,
    speed_test,
    stress_batch,
    to_chinese,
    triage,
)
from .replies import (
    BLAME_WORDS,
    NEXT_STEP_WORDS,
    POLITE_WORDS,
    REPLY_ALLOW,
    check_reply,
    reply_tasks,
)
from .rules import (
    ABUSIVE_CATEGORY,
    ACTIONS,
    CATEGORIES,
    COMPLAINT_WORDS,
    DEPARTMENT_WORDS,
    DEPARTMENTS,
    DETAIL_WORDS,
    LEAD_WORDS,
    NEGATIONS,
    NEGATIVE_WORDS,
    PIN_THRESHOLD,
    POSITIVE_WORDS,
    QUESTION_WORDS,
    SPAM_CATEGORY,
    SPAM_WORDS,
    SUGGESTION_WORDS,
    has_any,
    lexicon_categories,
    match_words,
    pin_score,
    text_flags,
    word_lists,
)
from .trends import (
    METRICS,
    anomalies,
    anomaly_panel,
    anomaly_view,
    daily,
    negative_on,
)

__all__ = [
    "ABUSIVE_CATEGORY",
    "ACTIONS",
    "ALL",
    "BLAME_WORDS",
    "CATEGORIES",
    "COMPLAINT_WORDS",
    "DEPARTMENTS",
    "DEPARTMENT_WORDS",
    "DETAIL_WORDS",
    "HANDOVER_COLUMNS",
    "LABELS",
    "LEAD_WORDS",
    "METRICS",
    "NEGATIONS",
    "NEGATIVE_WORDS",
    "NEXT_STEP_WORDS",
    "PIN_THRESHOLD",
    "POLITE_WORDS",
    "POSITIVE_WORDS",
    "QUESTION_WORDS",
    "REPLY_ALLOW",
    "RULE_LABELS",
    "SPAM_CATEGORY",
    "SPAM_WORDS",
    "SUGGESTION_WORDS",
    "anomalies",
    "anomaly_panel",
    "anomaly_view",
    "check_reply",
    "copies",
    "daily",
    "department_table",
    "evaluate",
    "examples",
    "fan_table",
    "handover",
    "has_any",
    "lexicon_categories",
    "match_words",
    "negative_on",
    "pin_score",
    "queue_panel",
    "queue_view",
    "reply_tasks",
    "speed_test",
    "stress_batch",
    "text_flags",
    "to_chinese",
    "top_fans",
    "triage",
    "word_lists",
]
