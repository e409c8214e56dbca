"""``platform_profiles`` (one row per candidate platform) and ``platform_index`` (monthly
search index of each platform's name, 2024-01 – 2025-12), for the platform-selection task.

User figures come from the companies' quarterly reports where they publish one (Tencent,
Baidu, Weibo, Bilibili, Kuaishou, 2024 Q3) and from industry reporting otherwise; the
latter are marked ``行业报道（待核实）``. Some platforms only have a daily-active figure, an
old one, or a figure the platform states about itself: the table keeps the metric, period
and reliability next to the number so that students learn to compare like with like.
Audience shares, CPM and cost are course estimates within the ranges of public reports
(soft), with a little seeded noise. 青柚 and 闪聊 are fictional new platforms.

>>> from nmt_lab.datagen._common import rng_for
>>> p = platform_profiles_table(rng_for("platform_profiles"))
>>> bool(p["platform"].is_unique and p["female_share"].between(0, 1).all())
True
>>> i = platform_index_table(rng_for("platform_index"))
>>> len(i) == 24 * len(p)
True
"""

from __future__ import annotations

import numpy as np
import pandas as pd

PROFILE_COLUMNS = [
    "platform", "platform_family", "style", "formats", "distribution", "users_100m",
    "user_metric", "user_period", "user_source", "reliability", "female_share", "under30_share",
    "tier12_share", "cpm_yuan", "min_monthly_cost", "local_fit", "commerce_fit",
    "content_effort", "strengths", "weaknesses",
]
REPORT = "财报"
PRESS = "行业报道（待核实）"
SELF = "平台自述"

#: platform: family, style, formats, distribution, (users, metric, period, source, reliability),
#: (female, under30, tier12, cpm, min monthly cost, local, commerce, effort), strengths, weaknesses
PROFILES = {
    "微信公众号": ("腾讯系", "深度图文、私域沉淀", "图文、长文、服务通知", "订阅+社交分享",
              (13.82, "月活", "2024Q3", "腾讯控股 2024 年第三季度业绩公告（微信及 WeChat 合并月活）", REPORT),
              (0.49, 0.30, 0.36, 60, 8000, 4, 3, 3),
              "私域沉淀、会员与小程序点单打通、内容可长期检索",
              "公域曝光少、新号起量慢、打开率低"),
    "视频号": ("腾讯系", "熟人社交推荐的短视频与直播", "短视频、直播", "社交推荐+算法推荐",
            (4.5, "日活", "2023", "行业会议报道：视频号日活", PRESS),
            (0.47, 0.28, 0.33, 45, 12000, 4, 4, 4),
            "好友点赞可扩散、与公众号和小程序联动、中年用户多",
            "年轻用户占比偏低、内容生态仍在成长"),
    "抖音": ("头条系", "算法驱动的短视频娱乐与团购", "短视频、直播、图文", "算法推荐",
           (7.0, "日活", "2023", "行业报道：抖音日活超 7 亿", PRESS),
           (0.51, 0.40, 0.38, 35, 20000, 5, 5, 5),
           "新号也能靠内容起量、团购到店核销成熟、流量大",
           "竞争激烈、内容更新要求高、投放成本上升"),
    "头条号": ("头条系", "资讯图文、算法分发", "图文、微头条、视频", "算法推荐",
            (2.6, "月活", "2024", "行业报道：今日头条月活", PRESS),
            (0.38, 0.22, 0.30, 25, 5000, 2, 2, 2),
            "图文也能获得推荐、成本低",
            "用户偏男性和下沉市场，与茶饮目标人群匹配度低"),
    "西瓜视频": ("头条系", "中长视频", "中视频、直播", "算法推荐",
             (1.8, "月活", "2021", "行业报道（2021 年）", PRESS),
             (0.40, 0.25, 0.28, 30, 15000, 1, 2, 4),
             "中长视频有流量扶持",
             "数据过旧，平台热度下滑，与抖音内容重叠"),
    "淘宝逛逛": ("阿里系", "购物种草内容", "图文、短视频、直播", "电商货架+算法推荐",
             (9.3, "月活", "2024", "行业报道：淘宝 App 月活", PRESS),
             (0.62, 0.36, 0.42, 50, 8000, 2, 5, 3),
             "离交易最近、适合零售商品和礼盒",
             "门店现制茶饮难以线上成交，流量偏电商商品"),
    "支付宝生活号": ("阿里系", "服务与优惠触达", "图文、短视频、小程序", "搜索+服务推荐",
               (9.0, "月活", "2024", "行业报道：支付宝月活", PRESS),
               (0.48, 0.30, 0.40, 40, 6000, 4, 3, 2),
               "小程序点单与优惠券核销方便",
               "内容互动弱，用户为办事而来"),
    "百家号": ("百度系", "搜索导向的资讯图文", "图文、视频、动态", "搜索+算法推荐",
            (7.04, "月活", "2024Q3", "百度集团 2024 年第三季度业绩公告（百度 App 月活）", REPORT),
            (0.42, 0.24, 0.34, 28, 4000, 2, 2, 2),
            "搜索结果中长期可见、利于品牌百科与口碑",
            "社交互动弱，年轻女性用户比例低"),
    "百度贴吧": ("百度系", "兴趣社区讨论", "帖子、图文", "兴趣社区",
             (3.0, "月活", "2019", "行业报道（2019 年）", PRESS),
             (0.40, 0.35, 0.30, 20, 3000, 1, 1, 2),
             "兴趣社区讨论深、成本低",
             "数据过旧，商业内容易被反感"),
    "微博": ("新浪系", "公共话题与热搜", "短图文、视频、直播", "社交关系+热搜",
           (5.87, "月活", "2024Q3", "微博 2024 年第三季度财报", REPORT),
           (0.53, 0.42, 0.37, 20, 6000, 2, 2, 2),
           "话题发酵快、适合官宣与热点借势",
           "普通内容打开率低，舆情风险高"),
    "小红书": ("其他", "生活方式种草与搜索", "图文笔记、短视频、直播", "兴趣推荐+搜索",
            (3.0, "月活", "2024", "行业报道：小红书月活约 3 亿", PRESS),
            (0.70, 0.50, 0.50, 55, 10000, 4, 4, 3),
            "年轻女性多、种草与探店搜索强、素人笔记也有流量",
            "广告审核严、硬广易被限流"),
    "B站": ("其他", "年轻人的中长视频社区", "中长视频、直播、动态", "兴趣推荐+订阅",
           (3.48, "月活", "2024Q3", "哔哩哔哩 2024 年第三季度财报", REPORT),
           (0.45, 0.60, 0.45, 40, 25000, 1, 2, 5),
           "年轻用户黏性高、适合品牌故事与联名",
           "制作成本高、本地到店转化弱"),
    "快手": ("其他", "老铁社交与直播电商", "短视频、直播", "算法推荐+社交关系",
           (7.14, "月活", "2024Q3", "快手 2024 年第三季度业绩公告", REPORT),
           (0.46, 0.33, 0.24, 30, 15000, 3, 5, 4),
           "直播电商成熟、用户信任主播",
           "用户偏北方和下沉市场，与江浙沪门店重合少"),
    "知乎": ("其他", "问答与深度讨论", "问答、文章、视频", "搜索+兴趣推荐",
           (0.75, "月活", "2024", "行业报道：知乎月活", PRESS),
           (0.45, 0.40, 0.55, 45, 6000, 1, 2, 3),
           "专业内容可信、搜索长尾流量",
           "生活消费内容弱，到店转化低"),
    "大众点评": ("其他", "本地生活评价与探店", "评价、图文、短视频、团购", "搜索+本地推荐",
             (1.5, "月活", "2024", "行业报道：大众点评月活", PRESS),
             (0.58, 0.38, 0.52, 35, 5000, 5, 4, 2),
             "到店决策入口、团购与评价直接影响客流",
             "内容传播弱，口碑管理要长期投入"),
    "青柚": ("其他", "本地探店种草短视频（新平台）", "短视频、图文、团购", "兴趣推荐+本地推荐",
           (0.35, "月活", "2025", "青柚招商手册（平台自述）", SELF),
           (0.66, 0.55, 0.48, 18, 3000, 5, 3, 3),
           "新平台流量红利、江浙沪年轻女性集中、入驻成本低",
           "用户规模小、数据来自平台自述、规则变化快"),
    "闪聊": ("其他", "匿名语音社交（新平台）", "语音房、短图文", "算法推荐",
           (0.6, "月活", "2025", "闪聊融资新闻稿（平台自述）", SELF),
           (0.52, 0.62, 0.40, 22, 4000, 1, 1, 2),
           "一度话题度高、年轻用户多",
           "热度来自一次事件、内容与茶饮无关、留存存疑"),
}

#: yearly growth of each platform's name in the search index, and its 2024-01 level
INDEX_SHAPES = {
    "微信公众号": (9800, -0.03), "视频号": (5200, 0.45), "抖音": (52000, 0.04),
    "头条号": (2300, -0.06), "西瓜视频": (3100, -0.32), "淘宝逛逛": (1500, 0.10),
    "支付宝生活号": (800, 0.0), "百家号": (3500, -0.04), "百度贴吧": (6200, -0.14),
    "微博": (21000, -0.08), "小红书": (26000, 0.24), "B站": (17000, 0.03), "快手": (30000, 0.0),
    "知乎": (8400, -0.10), "大众点评": (7800, 0.06), "青柚": (0, 0.0), "闪聊": (0, 0.0),
}
INDEX_COLUMNS = ["month", "platform", "platform_family", "index_value"]


def platform_profiles_table(rng: np.random.Generator) -> pd.DataFrame:
    rows = []
    for platform, (family, style, formats, dist, users, numbers, pros, cons) in PROFILES.items():
        value, metric, period, source, reliability = users
        female, under30, tier12, cpm, cost, local, commerce, effort = numbers
        jitter = rng.normal(0, 0.012, 3)
        rows.append(dict(
            platform=platform, platform_family=family, style=style, formats=formats,
            distribution=dist, users_100m=value, user_metric=metric, user_period=period,
            user_source=source, reliability=reliability,
            female_share=round(float(np.clip(female + jitter[0], 0, 1)), 2),
            under30_share=round(float(np.clip(under30 + jitter[1], 0, 1)), 2),
            tier12_share=round(float(np.clip(tier12 + jitter[2], 0, 1)), 2),
            cpm_yuan=float(round(cpm * rng.lognormal(0, 0.05))),
            min_monthly_cost=int(cost), local_fit=local, commerce_fit=commerce,
            content_effort=effort, strengths=pros, weaknesses=cons))
    return pd.DataFrame(rows, columns=PROFILE_COLUMNS)


def platform_index_table(rng: np.random.Generator) -> pd.DataFrame:
    months = pd.period_range("2024-01", "2025-12", freq="M")
    t = np.arange(len(months)) / 12.0
    month = np.asarray(months.month)
    season = np.where(month == 2, 0.88, 1.0) * (1 + 0.04 * np.sin((month - 4) / 12 * 2 * np.pi))
    rows = []
    for platform, (level, growth) in INDEX_SHAPES.items():
        if platform == "青柚":  # launched mid-2024, sustained growth
            mean = np.where(t < 0.42, 0.0, 260 * np.exp(1.55 * np.clip(t - 0.42, 0, None)))
        elif platform == "闪聊":  # one viral event in 2025-09, then fading
            base = 380 * (1 + 0.1 * t)
            peak = np.array([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                             0, 0, 0, 0, 0, 0, 0, 1.2, 52.0, 20.0, 5.5, 2.2])
            mean = base * (1 + peak)
        else:
            mean = level * (1 + growth) ** t * season
        noise = rng.lognormal(0, 0.04, len(months))
        value = np.round(np.asarray(mean, dtype=float) * noise)
        value[np.asarray(mean) == 0] = np.nan  # not yet in the index
        rows.append(pd.DataFrame({"month": months.strftime("%Y-%m"), "platform": platform,
                                  "platform_family": PROFILES[platform][0], "index_value": value}))
    df = pd.concat(rows, ignore_index=True)
    established = df.index[~df["platform"].isin(["青柚", "闪聊"])]
    gaps = rng.choice(established, size=3, replace=False)
    df.loc[gaps, "index_value"] = np.nan  # the odd month the index page failed to load
    df["index_value"] = df["index_value"].astype("Int64")
    return df[INDEX_COLUMNS]
