"""Post titles: topic templates filled from the menu, stores and calendar, styled per platform
and kept within each platform's length limit (see ``platform_rules``).

Titles avoid 广告法 absolute terms (最, 第一, 顶级 …): ``posts`` is the clean beginner table.

>>> import numpy as np
>>> t = make_title(np.random.default_rng(1), "小红书", "新品", pd.Timestamp("2025-06-06"), "杨梅冰茶上新")
>>> 0 < len(t) <= 20
True
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .catalog import STORES, new_products_on, products_on

#: maximum title length per platform (characters, 汉字 = 1); 视频号 also needs ≥ 6
TITLE_MAX = {"微信公众号": 32, "视频号": 16, "微博": 140, "抖音": 55, "小红书": 20, "B站": 80,
             "头条号": 30, "百家号": 30, "淘宝逛逛": 30}
TITLE_MIN = {"视频号": 6}

SEASON = {1: "冬日", 2: "冬日", 3: "春日", 4: "春日", 5: "初夏", 6: "夏日", 7: "盛夏", 8: "夏末",
          9: "初秋", 10: "秋日", 11: "深秋", 12: "冬日"}

TEMPLATES: dict[str, list[str]] = {
    "新品": [
        "{p}今日上新", "新品｜{p}来了", "等了一年的{p}回来了", "{p}正式开售，第二杯半价",
        "{season}新品{p}，一口就爱上", "{p}怎么喝才好喝？店长教你", "试喝报告｜{p}值不值得点",
        "{p}上架当天，门店排起了队", "这杯{p}，我们改了 11 次配方", "新品{p}｜少糖也好喝",
        "{season}限定：{p}", "{p}的茶底，来自溪山合作茶园", "一句话介绍{p}：清爽",
        "{p}和{p2}，你选哪杯？", "{p}开售｜会员开售周 8 折", "喝过{p}的人都在问这个问题",
        "{c}门店率先开售{p}", "{p}热量是多少？配料表公开", "{season}来一杯{p}",
    ],
    "活动": [
        "周三会员日｜全场第二杯半价", "集杯卡升级：喝满 10 杯送 1 杯", "转发抽奖｜送出 100 张饮品券",
        "扫码入群，领 3 元无门槛券", "小程序下单满 30 减 5", "{f}活动开启，礼品卡限时 9 折",
        "{f}福利｜四杯畅饮券限时抢", "{f}来了，门店买一送一三天", "会员积分翻倍，仅此三天",
        "邀请好友喝茶，双方各得一张券", "{f}｜买礼品卡送随行杯", "评论区抽 20 位送{p}",
        "周末茶话会报名开启", "{f}攒券攻略，看这一篇就够", "拍照晒单赢全年免费茶",
        "{c}门店限定：{p}第二杯 1 元", "{s}周年庆，全天 8 折", "{c}会员专享：{p}立减 3 元",
        "周三会员日｜{p}第二杯半价", "{season}集章活动开始啦", "到店自取再减 2 元，仅限{c}",
    ],
    "节日": [
        "{f}快乐｜这杯茶送给你", "{f}限定杯套上线", "{f}去哪儿？带上一杯溪山", "{f}，和家人喝杯热茶",
        "{f}礼物清单：一张礼品卡就够", "{f}营业时间调整通知", "{f}到了，给自己一杯{p}",
        "今天{f}，门店有小惊喜", "{f}的仪式感，从一杯茶开始", "{f}｜写给你的一封信",
        "{f}限定：{p}", "{f}怎么过？{c}的朋友看这里", "{f}门店营业安排",
    ],
    "茶知识": [
        "龙井、碧螺春、白茶，怎么分？", "一杯原叶茶是怎么做出来的", "冷泡茶在家就能做",
        "喝茶会睡不着吗？看完就懂", "乌龙茶为什么有花香", "三分钟读懂绿茶的等级",
        "奶茶里的茶底有什么不同", "明前茶和雨前茶差在哪", "茉莉花茶要窨几次", "茶汤颜色告诉你什么",
        "少糖、微糖、不另外加糖怎么选", "为什么我们坚持现泡", "水温对一杯茶有多重要",
        "{season}喝什么茶？一张图看懂", "{p}的茶底是什么茶？", "杭州人的喝茶习惯",
        "茶叶怎么保存不串味", "一斤龙井要采多少芽", "溪山茶课｜{p}里的茶香从哪来",
        "溪山茶课｜{season}适合喝什么茶", "绿茶为什么要趁鲜喝", "一杯奶茶里有多少咖啡因",
        "乌龙、红茶、绿茶，发酵差在哪", "原叶茶和茶粉有什么不同", "为什么{p}要先冷泡",
    ],
    "门店": [
        "{c}{s}开业啦", "新店｜{s}今日试营业", "门店探访：{s}的早晨", "店员小故事：在{s}的第三年",
        "{s}装修升级，暂停营业三天", "{s}今天排队多久？", "{c}第 {n} 家门店来了",
        "{s}新增自习座位", "跟着店长逛{s}", "{s}的窗边位置留给你", "一天卖出多少杯？走进{s}",
        "{c}的朋友，{s}等你来", "{s}的招牌：店员推荐{p}", "{s}早上 8 点开门啦",
        "在{s}，喝到了一杯{p}", "{s}新增外卖配送范围", "{c}门店地图更新了",
    ],
    "热点": [
        "打工人下午茶续命指南", "今天你 citywalk 了吗", "周末去哪儿？这份清单收好", "下雨天和奶茶更配",
        "加班的夜晚，来杯{p}", "{season}出游，记得补水", "{season}的热闹，也有一杯茶",
        "{c}的朋友，这周末喝什么", "早八人的续命茶", "一周辛苦了，周五来杯{p}", "{c}今天的天气，适合一杯{p}",
        "会员投票：{season}你更爱哪一杯", "{season}拍照打卡，带上{p}",
    ],
    "品牌故事": [
        "溪山茶饮的第 {n} 家门店", "我们为什么坚持原叶茶", "从茶园到茶杯：走进溪山合作茶园",
        "创始人手记：做一杯干净的茶", "溪山茶饮十年，谢谢你一路同行", "一片茶叶的旅行",
        "茶农老周的春天", "我们的杯子为什么换成了纸吸管", "店员培训的开学课", "溪山这个名字的由来",
        "一家杭州茶饮店的十年", "茶园日记：采茶季的清晨", "{s}的店长，和她的 {n} 位常客",
        "研发笔记：{p}是怎么诞生的", "{season}茶园手记", "从 1 家到 {n} 家：溪山的路",
    ],
}

#: short forms for the platforms with tight limits (视频号 6–16, 小红书 ≤ 20)
SHORT: dict[str, list[str]] = {
    "新品": ["{p}上新啦", "新品{p}来了", "{season}新品：{p}", "{p}试喝报告", "今天喝{p}",
             "{p}开售啦"],
    "活动": ["会员日第二杯半价", "转发抽奖送饮品券", "入群领3元券", "{f}福利来了", "集杯卡升级啦",
             "晒单赢全年免费茶"],
    "节日": ["{f}快乐", "{f}限定杯套", "{f}喝杯热茶", "{f}礼物清单"],
    "茶知识": ["冷泡茶在家做", "乌龙为什么香", "绿茶等级速懂", "明前茶是什么", "水温有多重要",
             "茶叶怎么保存"],
    "门店": ["{s}开业啦", "探店{s}", "{s}的早晨", "跟店长逛门店"],
    "热点": ["高温天喝冰茶", "入梅喝杯热茶", "下午茶续命", "周末去哪儿", "降温喝热饮"],
    "品牌故事": ["走进溪山茶园", "溪山十年", "茶农老周的春天", "一片茶叶的旅行"],
}

XHS_DECOR = ["", "", "🍵", "🧋", "✨", "🍃", "｜附攻略", "！", "～"]
DY_TAGS = {"新品": "#新品", "活动": "#福利", "节日": "#节日", "茶知识": "#茶知识", "门店": "#探店",
           "热点": "#生活", "品牌故事": "#品牌故事"}


def _fill(rng: np.random.Generator, tpl: str, topic: str, day: pd.Timestamp, event) -> str:
    if topic == "新品":
        pool = new_products_on(day)
    else:
        pool = products_on(day, ("饮品",))
    i = rng.integers(len(pool))
    p = pool[i].name
    others = [x.name for x in products_on(day, ("饮品",)) if x.name != p]
    p2 = others[rng.integers(len(others))]
    c, s = STORES[rng.integers(len(STORES))]
    f = event or ["周末", "会员日", "下午茶时间"][rng.integers(3)]
    for word in ("上新",):  # launch events read oddly as a festival name
        if word in f:
            f = "新品季"
    return tpl.format(p=p, p2=p2, s=s, c=c, f=f, n=int(rng.integers(60, 121)),
                      season=SEASON[day.month])


def make_title(rng: np.random.Generator, platform: str, topic: str, day: pd.Timestamp,
               event: str | None = None, content_type: str = "图文",
               avoid: set | None = None) -> str:
    """A title for one post, within the platform's length limit, preferably not in ``avoid``
    (the account's earlier titles)."""
    day = pd.Timestamp(day)
    hi = TITLE_MAX.get(platform, 30)
    lo = TITLE_MIN.get(platform, 1)
    short = platform in ("视频号", "小红书")
    avoid = avoid if avoid is not None else set()
    fallback = None
    for attempt in range(40):
        pool = SHORT[topic] if (short and attempt % 2 == 0) or attempt > 30 else TEMPLATES[topic]
        core = _fill(rng, pool[rng.integers(len(pool))], topic, day, event)
        for t in (_style(rng, platform, topic, core), core):
            if lo <= len(t) <= hi:
                if t not in avoid:
                    return t
                fallback = fallback or t
    return fallback or core[:hi]


def _style(rng: np.random.Generator, platform: str, topic: str, core: str) -> str:
    u = rng.random()
    if platform == "微信公众号":
        if u < 0.12:
            return f"【{topic}】{core}"
        if u < 0.2 and topic == "活动":
            return f"{core}｜文末福利"
        return core
    if platform == "小红书":
        return core + XHS_DECOR[rng.integers(len(XHS_DECOR))]
    if platform == "抖音":
        tags = f" #溪山茶饮 {DY_TAGS[topic]}"
        return core + (tags if u < 0.8 else " #溪山茶饮")
    if platform == "微博":
        return f"【{core}】" + (" #溪山茶饮#" if u < 0.7 else "")
    if platform == "B站":
        if u < 0.4:
            return f"【溪山茶饮】{core}"
        if u < 0.6:
            return f"vlog｜{core}"
        return core
    return core
