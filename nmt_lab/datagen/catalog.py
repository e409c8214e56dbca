"""The brand's menu and stores, shared by the post titles and the orders.

>>> [p.name for p in products_on("2025-06-20", kinds=("饮品",))][:3]
['招牌原叶奶茶', '溪山柠檬茶', '茉莉雪芽']
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class Product:
    name: str
    kind: str            # 饮品 / 饮品券 / 礼品卡 / 茶礼盒 / 周边
    price: float
    windows: tuple = ()  # ((MM-DD, MM-DD), ...) when it is on sale; () = all year


PRODUCTS: list[Product] = [
    Product("招牌原叶奶茶", "饮品", 13.0),
    Product("溪山柠檬茶", "饮品", 15.0),
    Product("茉莉雪芽", "饮品", 14.0),
    Product("龙井奶绿", "饮品", 16.0),
    Product("白桃乌龙", "饮品", 17.0),
    Product("生椰龙井", "饮品", 18.0),
    Product("山茶花拿铁", "饮品", 18.0),
    Product("明前龙井鲜茶", "饮品", 22.0, (("03-25", "05-31"),)),
    Product("杨梅冰茶", "饮品", 19.0, (("06-05", "08-15"),)),
    Product("芝士葡萄", "饮品", 22.0, (("05-01", "09-30"),)),
    Product("桂花乌龙拿铁", "饮品", 18.0, (("09-10", "11-30"),)),
    Product("红豆姜枣奶茶", "饮品", 16.0, (("11-15", "12-31"), ("01-01", "02-28"))),
    Product("双杯套餐券", "饮品券", 29.9),
    Product("四杯畅饮券", "饮品券", 55.0),
    Product("100元礼品卡", "礼品卡", 100.0),
    Product("200元礼品卡", "礼品卡", 200.0),
    Product("500元礼品卡", "礼品卡", 500.0),
    Product("溪山经典茶礼盒", "茶礼盒", 158.0),
    Product("明前龙井礼盒", "茶礼盒", 268.0, (("03-25", "05-31"),)),
    Product("中秋茶礼盒", "茶礼盒", 198.0, (("08-20", "10-06"),)),
    Product("冷泡茶包", "茶礼盒", 39.9, (("04-01", "09-30"),)),
    Product("溪山随行杯", "周边", 59.0),
    Product("溪山帆布袋", "周边", 39.0),
]

PRODUCT_NAMES = [p.name for p in PRODUCTS]

STORES = [
    ("杭州", "滨江星光店"), ("杭州", "文三路店"), ("杭州", "武林广场店"), ("杭州", "湖滨步行街店"),
    ("杭州", "城西银泰店"), ("杭州", "萧山万象汇店"), ("杭州", "未来科技城店"), ("杭州", "西溪湿地店"),
    ("上海", "徐汇滨江店"), ("上海", "静安寺店"), ("上海", "五角场店"), ("苏州", "金鸡湖店"),
    ("苏州", "观前街店"), ("宁波", "天一广场店"), ("嘉兴", "南湖店"), ("绍兴", "古城店"),
    ("无锡", "崇安寺店"), ("南京", "新街口店"),
]


def on_sale(p: Product, day) -> bool:
    if not p.windows:
        return True
    md = pd.Timestamp(day).strftime("%m-%d")
    return any(a <= md <= b for a, b in p.windows)


def products_on(day, kinds: tuple[str, ...] | None = None) -> list[Product]:
    return [p for p in PRODUCTS if on_sale(p, day) and (kinds is None or p.kind in kinds)]


def new_products_on(day) -> list[Product]:
    """Seasonal drinks that are on sale on ``day`` (for 新品 titles); falls back to the classics."""
    seasonal = [p for p in products_on(day, ("饮品",)) if p.windows]
    return seasonal or [p for p in PRODUCTS if p.kind == "饮品"]
