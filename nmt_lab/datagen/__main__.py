"""``python -m nmt_lab.datagen [--out DIR] [--scale N]``: write every course dataset."""

from __future__ import annotations

import argparse

from . import DEFAULT_OUT, generate


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m nmt_lab.datagen",
                                 description="生成溪山茶饮案例的全部合成数据集、SHA256SUMS 与数据字典")
    ap.add_argument("--out", default=str(DEFAULT_OUT), help="输出目录（默认：仓库的 datasets/）")
    ap.add_argument("--scale", type=int, default=1,
                    help="大表（posts、comments、followers、orders）的行数倍数；1 = 提交的版本")
    args = ap.parse_args(argv)
    if args.scale < 1:
        ap.error("--scale 必须是正整数")
    generate(args.out, args.scale)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
