"""Wording compliance: find 广告法 absolute terms and other review words with an
Aho-Corasick automaton (pyahocorasick) over the course lexicon, honouring the allow list.

>>> [h.word for h in find_terms("我们家的奶茶最好喝，最近上新了")]
['最好喝']
>>> suggest("这是最好喝的杨梅冰茶，喝了能减肥")
'这是很好喝的杨梅冰茶，喝了能'

Digits match their Chinese numerals (both half- and full-width), so writing a number in figures
does not slip past the list:

>>> [h.word for h in find_terms("销量第1！转发到３个群，0卡无负担；第1杯半价")]
['销量第1', '转发到３个群', '0卡']
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import ahocorasick
import pandas as pd

ALLOW = "白名单"
# one character for one, so positions in the folded text are positions in the original
_DIGITS = str.maketrans("0123456789０１２３４５６７８９", "零一二三四五六七八九零一二三四五六七八九")


def _fold(text: str) -> str:
    """How texts and lexicon words are compared: case-folded, digits as Chinese numerals."""
    return str(text).casefold().translate(_DIGITS)


@dataclass(frozen=True)
class Hit:
    word: str
    start: int
    end: int  # exclusive
    category: str
    severity: str
    replacement: str | None
    law_ref: str | None


class WordFilter:
    """Multi-pattern matcher over a lexicon with columns word, category, severity,
    replacement, law_ref, allow_list_of (the ``sensitive_words`` table)."""

    def __init__(self, lexicon: pd.DataFrame):
        self._banned = ahocorasick.Automaton()
        self._allowed = ahocorasick.Automaton()
        for row in lexicon.itertuples(index=False):
            word = _fold(row.word)
            if row.category == ALLOW:
                self._allowed.add_word(word, (word, _fold(row.allow_list_of)))
            else:
                replacement = row.replacement if isinstance(row.replacement, str) else None
                law = row.law_ref if isinstance(row.law_ref, str) else None
                self._banned.add_word(word, (word, str(row.category), str(row.severity), replacement, law))
        self._banned.make_automaton()
        if len(self._allowed):
            self._allowed.make_automaton()

    def _allowed_spans(self, text: str) -> list[tuple[int, int, str]]:
        if not len(self._allowed):
            return []
        return [(end - len(w) + 1, end + 1, of) for end, (w, of) in self._allowed.iter(text)]

    def find(self, text: str) -> list[Hit]:
        """Leftmost-longest hits, minus those inside an allow-listed word (最近 is not 最)."""
        folded = _fold(text)
        allowed = self._allowed_spans(folded)
        raw = []
        for end, (word, category, severity, replacement, law) in self._banned.iter(folded):
            start = end - len(word) + 1
            if any(a <= start and end + 1 <= b and word in of for a, b, of in allowed):
                continue
            raw.append(Hit(str(text)[start:end + 1], start, end + 1, category, severity, replacement, law))
        raw.sort(key=lambda h: (h.start, -(h.end - h.start)))
        hits, covered_to = [], -1
        for h in raw:
            if h.start >= covered_to:
                hits.append(h)
                covered_to = h.end
        return hits

    def table(self, text: str) -> pd.DataFrame:
        """Hits as a table with Chinese column names, for display."""
        rows = [{"命中词": h.word, "位置": h.start, "类别": h.category, "风险等级": h.severity,
                 "建议替换": h.replacement or "（删除或改写）", "依据": h.law_ref or ""} for h in self.find(text)]
        return pd.DataFrame(rows, columns=["命中词", "位置", "类别", "风险等级", "建议替换", "依据"])

    def suggest(self, text: str) -> str:
        """The text with every hit replaced by its first suggested wording.

        Notes in brackets, such as （删除）, are not inserted: such a hit is removed.
        """
        out, last = [], 0
        for h in self.find(text):
            wording = re.sub(r"（[^）]*）|\([^)]*\)", "", (h.replacement or "").split("/")[0]).strip()
            out.append(text[last:h.start] + wording)
            last = h.end
        return "".join(out) + text[last:]


@cache
def default_filter() -> WordFilter:
    """A filter over the course lexicon (``nmt.load("sensitive_words")``)."""
    from .datasets import load

    return WordFilter(load("sensitive_words"))


def find_terms(text: str) -> list[Hit]:
    """Hits of the course lexicon in ``text``."""
    return default_filter().find(text)


def suggest(text: str) -> str:
    """``text`` with suggested compliant wording where the lexicon has one."""
    return default_filter().suggest(text)


def check_table(text: str) -> pd.DataFrame:
    """Hits of the course lexicon in ``text`` as a Chinese table."""
    return default_filter().table(text)
