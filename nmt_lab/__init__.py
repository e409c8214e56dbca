"""nmt_lab：新媒体技术课件的辅助库。

在笔记本中统一这样开头::

    import nmt_lab as nmt
    posts = nmt.load("posts")

常用：``nmt.load`` 读取课程数据，``nmt.label`` / ``nmt.to_chinese`` 显示中文列名，
``nmt.metrics`` 计算传播指标，``nmt.check`` 是练习的自动检查，``nmt.curriculum``
是技能标准的数据。
"""

import importlib

from . import charts, check, curriculum, metrics
from .datasets import load, schema, tables
from .labels import label, labels, to_chinese
from .metrics import add_rates, compare_month, monthly, rate, summarize

charts.use_theme()

__all__ = [
    "add_rates",
    "charts",
    "check",
    "compare_month",
    "curriculum",
    "label",
    "labels",
    "load",
    "metrics",
    "monthly",
    "rate",
    "schema",
    "summarize",
    "tables",
    "to_chinese",
]


def __getattr__(name: str):
    """Other submodules load on first use: ``nmt.compliance``, ``nmt.platform_rules`` …"""
    try:
        return importlib.import_module(f"{__name__}.{name}")
    except ModuleNotFoundError as exc:
        if exc.name != f"{__name__}.{name}":
            raise
        raise AttributeError(f"nmt_lab 没有 {name}；可用的有：{', '.join(__all__)}") from None
