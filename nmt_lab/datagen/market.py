"""Tables of the market analysis (A1-1): ``market_size`` (market-size series with sources),
``market_factors`` (PEST / SWOT factors with their evidence), ``tea_survey`` (a third-party
survey of tea-drink consumers) and ``intl_social`` (tea and coffee chains' social media in
China, Japan, the US and Southeast Asia).

``/work/shared/calibration.md`` has no published tea-market figures, so every number here is a
**synthetic stand-in**: its order of magnitude imitates the public reports the schema names
(艾媒咨询 new-style tea reports, 美团 / 窄门餐眼 store and delivery reports), and the source
column says so. The dated policy events in ``market_factors`` are real laws and measures
(date of entry into force).

Traps built in for the attitude requirements:

- ``market_size``: the two fastest-growing segments (茶饮即时零售, 茶饮短视频团购) are the
  smallest in absolute size; the 浙江 series stops in 2020 (published 2021) and shows a
  pandemic dip: a stale figure that must not be read as "the 浙江 market is shrinking".
- ``market_factors``: two factors carry no evidence, one carries evidence older than three
  years (a completeness check flags them).

>>> size = market_size_table()
>>> sorted(size["segment"].unique())[:2]
['新式茶饮（全国）', '新式茶饮（浙江）']
>>> market_factors_table()["evidence"].isna().sum()
np.int64(2)
"""

from __future__ import annotations

import numpy as np
import pandas as pd

_IIMEDIA = "合成替代数据：量级模仿艾媒咨询《中国新式茶饮行业发展研究报告》系列"
_MEITUAN = "合成替代数据：量级模仿美团《茶饮消费报告》、窄门餐眼门店与外卖数据"
_COURSE = "课程编写组设定（示意）"

#: segment, region, {year: value in 亿元}, forecast years, source, published year
_SIZES = [
    ("新式茶饮（全国）", "中国", {2019: 2044, 2020: 1840, 2021: 2796, 2022: 2938, 2023: 3333, 2024: 3547,
                          2025: 3749}, {2025}, _IIMEDIA, 2025),
    ("现制咖啡（全国）", "中国", {2019: 569, 2020: 640, 2021: 876, 2022: 1012, 2023: 1250, 2024: 1480,
                          2025: 1720}, {2025}, _IIMEDIA, 2025),
    ("茶饮即时零售（外卖与闪购）", "中国", {2021: 120, 2022: 168, 2023: 245, 2024: 352, 2025: 498}, {2025},
     _MEITUAN, 2025),
    ("茶饮短视频团购（本地生活）", "中国", {2021: 35, 2022: 78, 2023: 150, 2024: 240, 2025: 330}, {2025},
     _MEITUAN, 2025),
    ("新式茶饮（浙江）", "浙江", {2018: 150, 2019: 165, 2020: 140}, set(),
     "合成替代数据：模仿某地方行业协会 2021 年发布的统计（此后未再更新）", 2021),
]

SIZE_COLUMNS = ["series_id", "segment", "region", "year", "value", "is_forecast", "source", "published"]


def market_size_table() -> pd.DataFrame:
    """One row per segment and year (亿元); the last year of national series is a forecast."""
    rows = []
    for i, (segment, region, values, forecast, source, published) in enumerate(_SIZES, start=1):
        for year, value in values.items():
            rows.append((f"MS{i:02d}", segment, region, year, float(value), year in forecast, source,
                         published))
    return pd.DataFrame(rows, columns=SIZE_COLUMNS)


#: id, tool, dimension, factor, evidence, kind, date, source, importance (1–5)
_FACTORS = [
    ("F01", "PEST", "政治", "互联网广告监管趋严：广告要可识别、禁止绝对化用语",
     "《互联网广告管理办法》2023-05-01 起施行", "政策事件", "2023-05-01", "国家市场监督管理总局", 4),
    ("F02", "PEST", "政治", "AI 生成内容要显式标识",
     "《人工智能生成合成内容标识办法》2025-09-01 起施行", "政策事件", "2025-09-01",
     "国家互联网信息办公室等四部门", 3),
    ("F03", "PEST", "经济", "新式茶饮市场仍在增长，但增速放缓",
     "市场规模 2023 年 3333 亿元 → 2025 年 3749 亿元（见 market_size MS01）", "市场规模", "2025-06-30",
     _IIMEDIA, 4),
    ("F04", "PEST", "经济", "头部品牌价格下探，9.9 元及以下产品增多",
     "对标：3 个头部品牌 2025 年主力产品均价约 12 元，较 2023 年下降约 15%", "竞品对标", "2025-10-31",
     _COURSE, 4),
    ("F05", "PEST", "社会", "健康低糖成为主要需求", "调研：52% 的受访者把“健康低糖”列为最看重的因素（见 tea_survey）",
     "第三方调研", "2025-08-31", _MEITUAN, 4),
    ("F06", "PEST", "社会", "国潮与地方文化受年轻人欢迎", None, None, None, None, 3),
    ("F07", "PEST", "技术", "AI 生成内容降低图文、短视频的制作成本",
     "《生成式人工智能服务管理暂行办法》2023-08-15 起施行，平台陆续上线 AI 创作工具", "政策事件", "2023-08-15",
     "国家互联网信息办公室等七部门", 3),
    ("F08", "PEST", "技术", "即时零售让线上下单 30 分钟送达成为常态",
     "茶饮即时零售规模 2021 年 120 亿元 → 2025 年 498 亿元（见 market_size MS03）", "市场规模", "2025-06-30",
     _MEITUAN, 5),
    ("F09", "SWOT", "优势", "江南茶文化与龙井等本地原料，产品有地域特色",
     "对标：明前龙井奶绿 2025 年春季上新活动 GMV 超目标约 6%（见 campaign_history mqlj25）", "自有数据",
     "2025-04-06", "溪山茶饮活动复盘表", 5),
    ("F10", "SWOT", "优势", "会员私域基础：小程序会员约 6,800 人，复购稳定",
     "users 表会员 6,772 人；user_behaviour 年内订单", "自有数据", "2025-12-31", "溪山茶饮会员系统", 4),
    ("F11", "SWOT", "劣势", "品牌知名度集中在江浙沪，外地用户少",
     "users 表：城市级别与城市分布（见第 2 节 TGI）", "自有数据", "2025-12-31", "溪山茶饮会员系统", 4),
    ("F12", "SWOT", "劣势", "抖音团购与直播起步晚，缺少团队经验", None, None, None, None, 3),
    ("F13", "SWOT", "机会", "小红书茶文化、探店内容的需求上升",
     "小红书用户 71% 为女性、51% 在 30 岁以下（见 platform_profiles）", "平台数据", "2024-12-31",
     "platform_profiles 的来源一栏", 4),
    ("F14", "SWOT", "机会", "即时零售与本地生活团购增长快",
     "茶饮短视频团购规模 2021 年 35 亿元 → 2025 年 330 亿元（见 MS04）",
     "市场规模", "2025-06-30", _MEITUAN, 5),
    ("F15", "SWOT", "威胁", "头部品牌加速开店，进入杭州周边三四线城市",
     "对标：头部品牌 A 2025 年在浙江新开门店约 300 家", "竞品对标", "2025-09-30", _COURSE, 4),
    ("F16", "SWOT", "威胁", "浙江新式茶饮市场在萎缩",
     "浙江新式茶饮规模 2019 年 165 亿元 → 2020 年 140 亿元（见 MS05）", "市场规模", "2020-12-31",
     "合成替代数据：模仿某地方行业协会 2021 年发布的统计", 3),
]

FACTOR_COLUMNS = ["factor_id", "tool", "dimension", "factor", "evidence", "evidence_kind", "evidence_date",
                  "source", "importance"]


def market_factors_table() -> pd.DataFrame:
    """The draft PEST / SWOT list a colleague handed in: mostly evidenced, some gaps."""
    df = pd.DataFrame(_FACTORS, columns=FACTOR_COLUMNS)
    df["evidence_date"] = pd.to_datetime(df["evidence_date"])
    return df


#: question, option, market share; multi-select questions do not sum to 1
_SURVEY = {
    ("gender", False): {"男": 0.36, "女": 0.64},
    ("age_group", False): {"18岁以下": 0.08, "18-24": 0.36, "25-30": 0.27, "31-40": 0.20, "41岁以上": 0.11},
    ("city_tier", False): {"一线": 0.19, "新一线": 0.27, "二线": 0.24, "三线及以下": 0.30},
    ("need", True): {"口味好": 0.71, "健康低糖": 0.52, "价格实惠": 0.47, "颜值与包装": 0.31, "品牌联名与新品": 0.27,
                     "配送快": 0.24, "茶文化与地方特色": 0.18},
    ("info_channel", True): {"抖音": 0.54, "小红书": 0.46, "微信（公众号、朋友圈、群）": 0.41,
                             "门店海报与店员推荐": 0.33, "朋友推荐": 0.30, "外卖平台": 0.28, "微博": 0.15, "B站": 0.08},
    ("weekly_cups", False): {"不到 1 杯": 0.22, "1–2 杯": 0.46, "3–4 杯": 0.23, "5 杯及以上": 0.09},
}
_QUESTION_ZH = {"gender": "性别", "age_group": "年龄段", "city_tier": "城市级别", "need": "最看重的因素（多选）",
                "info_channel": "从哪里得知新品（多选）", "weekly_cups": "每周购买杯数"}
SURVEY_COLUMNS = ["question", "question_label", "option", "share", "multi_select", "respondents", "source",
                  "year"]


def tea_survey_table(rng: np.random.Generator) -> pd.DataFrame:
    """Shares of an online survey of 3,000 tea-drink consumers (rounded to 0.1 %, small noise)."""
    rows = []
    for (question, multi), options in _SURVEY.items():
        shares = np.array(list(options.values())) * rng.normal(1, 0.01, len(options))
        if not multi:
            shares = shares / shares.sum()
        for option, share in zip(options, shares, strict=True):
            rows.append((question, _QUESTION_ZH[question], option, round(float(share), 3), multi, 3000,
                         "合成替代数据：口径与量级模仿艾媒咨询、美团公开的茶饮消费者调研（线上问卷，样本 3,000）",
                         2025))
    return pd.DataFrame(rows, columns=SURVEY_COLUMNS)


#: market, brand type, category, platforms, followers (万), posts a week, style, practice, transfer, reason
_INTL = [
    ("中国", "头部新式茶饮连锁", "茶饮", "抖音、小红书、微信、微博", 1800, 12, "新品短视频、联名话题、直播团购",
     "抖音直播间卖团购券，到店核销", "本土做法", "（本土对照）"),
    ("中国", "区域茶饮品牌（溪山茶饮）", "茶饮", "微信、小红书、抖音", 9, 6, "门店日常、茶文化图文、会员福利",
     "公众号 + 小程序会员积分", "本土做法", "（本土对照）"),
    ("中国", "连锁咖啡品牌", "咖啡", "微信、小红书、抖音、微博", 1200, 10, "联名海报、打工人话题、社群优惠",
     "企业微信社群每天发券", "本土做法", "（本土对照）"),
    ("日本", "全国连锁咖啡", "咖啡", "LINE、Instagram、X", 1100, 7, "季节限定（樱花季）、门店手写黑板",
     "樱花季等季节限定新品，提前一个月预告", "可直接迁移",
     "国内同样重视节气与季节（明前茶、立秋第一杯），小红书、抖音都能做预告"),
    ("日本", "抹茶甜品茶铺", "茶饮", "Instagram、X", 45, 5, "匠人制作过程、极简摆拍", "通过 LINE 官方账号发会员券",
     "需改造", "LINE 在国内不可用：换成微信公众号 / 企业微信 + 小程序会员，逻辑相同"),
    ("日本", "便利店饮品", "茶饮", "X、LINE", 600, 14, "新品抽奖、转发即参与", "X 上“关注 + 转发”抽奖",
     "需改造", "国内微博可做转发抽奖，但要遵守平台抽奖规则并公示结果"),
    ("美国", "全国连锁咖啡", "咖啡", "Instagram、TikTok、X", 1800, 9, "用户共创、季节饮品话题",
     "邀请顾客晒杯（UGC），品牌转发", "可直接迁移", "小红书、抖音的晒单、打卡文化同样流行"),
    ("美国", "珍珠奶茶连锁", "茶饮", "TikTok、Instagram", 80, 6, "DIY 配方、幽默短剧", "员工出镜的幽默短剧",
     "需改造", "笑点和梗要本地化：直译的美式幽默在国内难有共鸣"),
    ("美国", "连锁甜甜圈咖啡", "咖啡", "Instagram、X", 300, 5, "体育赛事话题、限时折扣",
     "超级碗比赛日的直播互动和限时折扣",
     "不宜迁移", "超级碗是美国的体育盛事，国内关注的人很少：要换成本地观众多的赛事或晚会节点再设计"),
    ("东南亚", "中国茶饮出海品牌", "茶饮", "TikTok、Instagram、Facebook", 220, 8, "本地语言短视频、清真认证提示",
     "TikTok 本地达人探店", "本土做法", "（出海对照：国内的抖音达人探店，出海换成 TikTok 本地达人）"),
    ("东南亚", "本土茶饮连锁", "茶饮", "Facebook、Instagram、TikTok", 150, 7, "斋月限定、外卖平台优惠",
     "斋月夜间限定与外卖平台优惠", "不宜迁移", "斋月是当地宗教习俗：国内对应的是夜经济和外卖夜宵，需重新设计"),
    ("东南亚", "连锁咖啡", "咖啡", "Instagram、Facebook", 95, 5, "会员 App 积分、社区活动", "会员 App 积分兑换",
     "可直接迁移", "国内用小程序会员积分即可，顾客习惯相同"),
]
INTL_COLUMNS = ["case_id", "market", "brand_type", "category", "main_platforms", "followers_10k",
                "posts_per_week", "content_style", "practice", "transfer", "reason", "source"]


def intl_social_table(rng: np.random.Generator) -> pd.DataFrame:
    """International comparison cases; follower scale and posting rhythm get a little noise."""
    rows = []
    for i, r in enumerate(_INTL, start=1):
        market, brand, cat, platforms, followers, posts, style, practice, transfer, reason = r
        f = float(round(followers * rng.normal(1, 0.05), 1 if followers < 100 else 0))
        rows.append((f"C{i:02d}", market, brand, cat, platforms, f, int(posts), style, practice, transfer, reason,
                     "合成替代数据：按各市场公开的品牌账号页面整理的类型化案例（品牌匿名，粉丝数为量级示意）"))
    return pd.DataFrame(rows, columns=INTL_COLUMNS)
