"""Benchmark: scanning the comment table for review words, naive loop vs Aho-Corasick.

    .venv/bin/python bench/moderation.py                    # 1×, 5× the comments; lexicon ×1, ×4, ×16
    .venv/bin/python bench/moderation.py --copies 1 20 --lexicon 1 8

Both methods find every occurrence of every word (no allow list, no folding) and must return
the same hits: the script checks that, then prints one table with the wall time of each
method, hits per second and the ratio naive ÷ Aho-Corasick side by side.

* naive: for each comment, for each word, ``str.find`` until no more (:func:`nmt_lab.moderation.naive_find`):
  work grows with comments × words;
* Aho-Corasick: one pyahocorasick automaton built from all words reads each comment once
  (:func:`nmt_lab.moderation.ac_find`), so a bigger lexicon costs almost nothing. The build time
  of the automaton is included.

A larger lexicon is made from the real one by appending a tag (``垃圾#1``, ``垃圾#2`` …) that never
occurs in a comment: the number of patterns grows, the hits stay the same. Larger comment tables
repeat the real ones. This is a figure for the course, not a test: nothing is asserted on time.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from nmt_lab import load  # noqa: E402
from nmt_lab.moderation import ac_find, lexicon_at, naive_find  # noqa: E402


def _time(func, *args) -> tuple[float, list]:
    start = time.perf_counter()
    out = func(*args)
    return time.perf_counter() - start, out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--copies", type=int, nargs="+", default=[1, 5], help="comment table repeated N times")
    ap.add_argument("--lexicon", type=int, nargs="+", default=[1, 4, 16], help="lexicon enlarged N times")
    args = ap.parse_args(argv)

    texts = load("comments")["text"].astype(str).str.casefold().tolist()
    base = [w.casefold() for w in lexicon_at()["word"] if w]
    print(f"评论 {len(texts)} 条，词库（最新版本）{len(base)} 个词")
    print(f"{'评论条数':>8} {'词数':>6} {'命中':>7} {'逐词查找 s':>11} {'AC 自动机 s':>11} {'倍数':>7}")
    for copies in args.copies:
        batch = texts * copies
        for k in args.lexicon:
            words = base + [f"{w}#{i}" for i in range(1, k) for w in base]
            t_naive, naive = _time(naive_find, batch, words)
            t_ac, ac = _time(ac_find, batch, words)
            if naive != ac:
                raise SystemExit(f"结果不一致：逐词查找 {len(naive)} 处，自动机 {len(ac)} 处")
            print(f"{len(batch):>8} {len(words):>6} {len(ac):>7} {t_naive:>11.3f} {t_ac:>11.3f} "
                  f"{t_naive / t_ac:>6.1f}×")
    print("两种方法的命中完全相同；倍数 = 逐词查找用时 ÷ 自动机用时（含构建自动机）。")


if __name__ == "__main__":
    main()
