"""The brand's accounts (static facts + follower counts measured from ``followers``) and the
versioned platform rules taken from the calibration notes."""

from __future__ import annotations

import pandas as pd

#: per account: static columns of ``accounts.csv`` and the generator's plan
#: base0: followers on 2024-07-01; daily: baseline (non-content) follows per day on 2024-07-01;
#: growth: yearly growth of that baseline; churn: unfollow hazard per day;
#: per_week: posts per week (WeChat: pushes per week)
ACCOUNTS: list[dict] = [
    dict(account_id="A01", platform="微信公众号", platform_family="腾讯系", account_name="溪山茶饮",
         account_type="订阅号", registered_on="2016-05-18", verified=True, verified_on="2016-09-02",
         category="餐饮/茶饮", operator="林晓雯", contact_phone="13800001201",
         contact_email="wechat@xishan-tea.example",
         bio="一杯好茶，来自溪山。杭州原叶茶饮品牌，新品、活动与门店资讯都在这里。",
         base0=5740, daily=7.92, growth=0.25, churn=0.00056, per_week=4.2),
    dict(account_id="A02", platform="微信公众号", platform_family="腾讯系", account_name="溪山茶饮会员中心",
         account_type="服务号", registered_on="2019-03-11", verified=True, verified_on="2019-04-02",
         category="餐饮/茶饮", operator="林晓雯", contact_phone="13800001201",
         contact_email="member@xishan-tea.example",
         bio="溪山茶饮会员服务：积分查询、会员日提醒、电子礼品卡与订单通知。",
         base0=1830, daily=3.96, growth=0.3, churn=0.00045, per_week=0.8),
    dict(account_id="A03", platform="视频号", platform_family="腾讯系", account_name="溪山茶饮",
         account_type="企业号", registered_on="2020-10-21", verified=True, verified_on="2020-11-03",
         category="餐饮/茶饮", operator="周子航", contact_phone="13800001202",
         contact_email="video@xishan-tea.example",
         bio="溪山茶饮官方视频号｜茶园、门店和一杯茶的故事，每周更新。",
         base0=450, daily=1.94, growth=0.8, churn=0.00060, per_week=2.6),
    dict(account_id="A04", platform="微博", platform_family="新浪系", account_name="溪山茶饮官方微博",
         account_type="蓝V", registered_on="2016-06-01", verified=True, verified_on="2016-07-12",
         category="美食/饮品", operator="陈思彤", contact_phone="13800001203",
         contact_email="weibo@xishan-tea.example",
         bio="溪山茶饮官方微博。杭州原叶茶饮，江浙沪 120 家门店。合作请私信。",
         base0=1440, daily=0.88, growth=0.0, churn=0.00050, per_week=4.6),
    dict(account_id="A05", platform="抖音", platform_family="头条系", account_name="溪山茶饮",
         account_type="蓝V", registered_on="2019-08-20", verified=True, verified_on="2019-09-05",
         category="餐饮/茶饮", operator="周子航", contact_phone="13800001202",
         contact_email="douyin@xishan-tea.example",
         bio="溪山茶饮官方账号🍵 杭州原叶茶饮｜门店团购在橱窗，新品每月见",
         base0=1090, daily=2.64, growth=0.9, churn=0.00062, per_week=3.6),
    dict(account_id="A06", platform="抖音", platform_family="头条系", account_name="小溪的茶日记",
         account_type="个人号", registered_on="2023-04-10", verified=False, verified_on=None,
         category="美食", operator="许嘉怡", contact_phone="13800001204",
         contact_email="xiaoxi@xishan-tea.example",
         bio="溪山茶饮门店店长小溪，记录开店日常和调茶小技巧。",
         base0=230, daily=0.62, growth=0.8, churn=0.00070, per_week=1.7),
    dict(account_id="A07", platform="小红书", platform_family="其他", account_name="溪山茶饮",
         account_type="专业号", registered_on="2021-07-15", verified=True, verified_on="2021-08-01",
         category="美食/饮品", operator="陈思彤", contact_phone="13800001203",
         contact_email="xhs@xishan-tea.example",
         bio="溪山茶饮官方号🍃 原叶现泡｜新品测评｜门店打卡攻略",
         base0=540, daily=2.02, growth=1.0, churn=0.00058, per_week=3.6),
    dict(account_id="A08", platform="B站", platform_family="其他", account_name="溪山茶饮官方",
         account_type="机构认证", registered_on="2021-03-02", verified=True, verified_on="2021-03-20",
         category="美食", operator="沈浩然", contact_phone="13800001205",
         contact_email="bilibili@xishan-tea.example",
         bio="溪山茶饮官方账号：茶园纪录片、调茶教程和门店 vlog。",
         base0=170, daily=0.4, growth=0.6, churn=0.00060, per_week=1.0),
    dict(account_id="A09", platform="头条号", platform_family="头条系", account_name="溪山茶饮",
         account_type="企业号", registered_on="2018-11-05", verified=True, verified_on="2018-12-01",
         category="美食", operator="沈浩然", contact_phone="13800001205",
         contact_email="toutiao@xishan-tea.example",
         bio="溪山茶饮官方头条号，分享茶知识与品牌资讯。",
         base0=260, daily=0.35, growth=0.2, churn=0.00050, per_week=1.8),
    dict(account_id="A10", platform="百家号", platform_family="百度系", account_name="溪山茶饮",
         account_type="企业号", registered_on="2020-02-27", verified=True, verified_on="2020-03-16",
         category="美食", operator="沈浩然", contact_phone="13800001205",
         contact_email="baijia@xishan-tea.example",
         bio="溪山茶饮官方百家号：茶知识、门店与品牌故事。",
         base0=80, daily=0.14, growth=0.3, churn=0.00050, per_week=0.8),
    dict(account_id="A11", platform="淘宝逛逛", platform_family="阿里系", account_name="溪山茶饮旗舰店",
         account_type="店铺号", registered_on="2020-10-09", verified=True, verified_on="2020-10-09",
         category="食品/茶饮", operator="顾念", contact_phone="13800001206",
         contact_email="taobao@xishan-tea.example",
         bio="溪山茶饮旗舰店：礼品卡、茶礼盒、冷泡茶包与周边。",
         base0=410, daily=0.88, growth=0.4, churn=0.00055, per_week=1.0),
    dict(account_id="A12", platform="小红书", platform_family="其他", account_name="溪山茶饮杭州门店",
         account_type="企业号", registered_on="2022-05-06", verified=True, verified_on="2022-05-20",
         category="美食/探店", operator="许嘉怡", contact_phone="13800001204",
         contact_email="stores@xishan-tea.example",
         bio="杭州门店上新、排队情况、店员推荐🧋 欢迎来店打卡",
         base0=150, daily=0.53, growth=0.8, churn=0.00065, per_week=1.3),
]

ACCOUNT_COLUMNS = ["account_id", "platform", "platform_family", "account_name", "account_type",
                   "registered_on", "verified", "verified_on", "followers_start", "followers_end",
                   "category", "operator", "contact_phone", "contact_email", "bio"]

PLATFORMS = ["微信公众号", "视频号", "微博", "抖音", "小红书", "B站", "头条号", "百家号", "淘宝逛逛"]
FAMILY = {a["platform"]: a["platform_family"] for a in ACCOUNTS}


def accounts_table(followers: pd.DataFrame | None) -> pd.DataFrame:
    """``accounts.csv``; follower counts are measured on the ``followers`` detail table."""
    df = pd.DataFrame(ACCOUNTS)
    start = pd.Timestamp("2025-01-01 00:00:00")
    end = pd.Timestamp("2025-12-31 23:59:59")
    if followers is not None:
        fa = followers["followed_at"]
        un = followers["unfollowed_at"]

        def active(t):
            on = (fa <= t) & (un.isna() | (un > t))
            return on.groupby(followers["account_id"]).sum()

        df["followers_start"] = df["account_id"].map(active(start)).fillna(0).astype(int)
        df["followers_end"] = df["account_id"].map(active(end)).fillna(0).astype(int)
    else:
        df["followers_start"] = df["base0"]
        df["followers_end"] = df["base0"]
    df["verified_on"] = df["verified_on"].astype(object)
    return df[ACCOUNT_COLUMNS].copy()


# --------------------------------------------------------------------------- platform rules

_WX_API = "微信公众平台开发文档·草稿箱（新建草稿）接口"
_WX_OPS = "微信公众平台运营规范与帮助中心"
_WX_REG = "微信公众平台帮助中心·账号注册"
_SPH = "视频号助手·发表说明"
_DY = "抖音创作者服务中心·发布规范"
_XHS = "小红书创作服务平台·发布说明"
_BILI = "哔哩哔哩创作中心·投稿说明"
_WB = "微博帮助中心·昵称规则"
_TT = "头条号创作者帮助·原创声明"

#: (platform, account_type, field, rule_type, value, unit, cjk_counts_as, source, source_date,
#:  version, note)
RULES: list[tuple] = [
    ("微信公众号", None, "title", "max_len", "32", "字", 1, _WX_API, "2024-03-01", 1, "图文标题"),
    ("微信公众号", None, "author", "max_len", "16", "字", 1, _WX_API, "2024-03-01", 1, "作者"),
    ("微信公众号", None, "digest", "max_len", "128", "字", 1, _WX_API, "2024-03-01", 1,
     "摘要；不填时默认抓取正文前 54 个字"),
    ("微信公众号", None, "body", "max_len", "20000", "字", 1, _WX_API, "2024-03-01", 1,
     "正文须少于 2 万字符"),
    ("微信公众号", None, "body", "max_size_kb", "1024", "KB", None, _WX_API, "2024-03-01", 1,
     "正文须小于 1 MB"),
    ("微信公众号", None, "cover", "ratio", "2.35:1", "", None, _WX_API, "2024-03-01", 1,
     "头条（第一篇）封面比例"),
    ("微信公众号", None, "cover", "width_px", "900", "像素", None, _WX_API, "2024-03-01", 1,
     "头条封面建议尺寸 900×383"),
    ("微信公众号", None, "cover", "height_px", "383", "像素", None, _WX_API, "2024-03-01", 1,
     "头条封面建议尺寸 900×383"),
    ("微信公众号", None, "cover_secondary", "ratio", "1:1", "", None, _WX_API, "2024-03-01", 1,
     "次条及以后的封面比例"),
    ("微信公众号", "订阅号", "publish_frequency", "max_per_day", "1", "次", None, _WX_OPS,
     "2024-03-01", 1, "每天可群发 1 次"),
    ("微信公众号", "订阅号", "articles_per_push", "max_count", "8", "篇", None, _WX_OPS,
     "2024-03-01", 1, "一次群发最多 8 篇图文"),
    ("微信公众号", "服务号", "publish_frequency", "max_per_month", "4", "次", None, _WX_OPS,
     "2024-03-01", 1, "每月可群发 4 次"),
    ("微信公众号", "服务号", "articles_per_push", "max_count", "8", "篇", None, _WX_OPS,
     "2024-03-01", 1, "一次群发最多 8 篇图文"),
    ("微信公众号", None, "name", "min_len", "4", "字符", 2, _WX_REG, "2024-03-01", 1,
     "名称长度按字符计，一个汉字计 2 个字符"),
    ("微信公众号", None, "name", "max_len", "30", "字符", 2, _WX_REG, "2024-03-01", 1,
     "名称长度按字符计，一个汉字计 2 个字符"),
    ("微信公众号", None, "name", "charset", "中文,字母,数字", "", None, _WX_REG, "2024-03-01", 1,
     "仅支持中文、英文字母和数字"),
    ("微信公众号", None, "bio", "max_len", "120", "字", 1, _WX_REG, "2024-03-01", 1, "功能介绍"),
    ("微信公众号", None, "avatar", "max_size_kb", "2048", "KB", None, _WX_REG, "2024-03-01", 1,
     "头像图片不超过 2 MB"),
    ("微信公众号", None, "accounts_per_subject", "max_count", "1", "个", None, _WX_REG,
     "2024-03-01", 1, "个人主体可注册的公众号数量"),
    ("微信公众号", None, "accounts_per_subject", "max_count", "2", "个", None, _WX_REG,
     "2024-03-01", 1, "企业主体可注册的公众号数量"),
    ("视频号", None, "short_title", "min_len", "6", "字", 1, _SPH, "2024-05-10", 1, "短标题"),
    ("视频号", None, "short_title", "max_len", "16", "字", 1, _SPH, "2024-05-10", 1, "短标题"),
    ("抖音", None, "caption", "max_len", "55", "字", 1, _DY, "2024-06-12", 1, "视频作品描述"),
    ("抖音", None, "title", "max_len", "30", "字", 1, _DY, "2024-06-12", 1, "图文作品标题"),
    ("抖音", None, "video", "ratio", "9:16", "", None, _DY, "2024-06-12", 1, "竖屏"),
    ("抖音", None, "video", "width_px", "1080", "像素", None, _DY, "2024-06-12", 1,
     "竖屏 1080×1920"),
    ("抖音", None, "video", "height_px", "1920", "像素", None, _DY, "2024-06-12", 1,
     "竖屏 1080×1920"),
    ("小红书", None, "title", "max_len", "20", "字", 1, _XHS, "2024-04-18", 1, "笔记标题"),
    ("小红书", None, "body", "max_len", "1000", "字", 1, _XHS, "2024-04-18", 1, "笔记正文"),
    ("小红书", None, "images", "min_count", "1", "张", None, _XHS, "2024-04-18", 1, "图文笔记"),
    ("小红书", None, "images", "max_count", "18", "张", None, _XHS, "2024-04-18", 1, "图文笔记"),
    ("小红书", None, "images", "ratio", "3:4", "", None, _XHS, "2024-04-18", 1, "竖图推荐比例"),
    ("小红书", None, "images", "width_px", "1080", "像素", None, _XHS, "2024-04-18", 1,
     "竖图 1080×1440"),
    ("小红书", None, "images", "height_px", "1440", "像素", None, _XHS, "2024-04-18", 1,
     "竖图 1080×1440"),
    ("B站", None, "title", "max_len", "80", "字", 1, _BILI, "2024-02-26", 1, "稿件标题"),
    ("B站", None, "cover", "ratio", "16:9", "", None, _BILI, "2024-02-26", 1, "稿件封面"),
    ("B站", None, "cover_feed", "ratio", "4:3", "", None, _BILI, "2024-02-26", 1,
     "首页信息流展示的封面裁切比例"),
    ("微博", None, "body", "max_len", "140", "字", 1, "微博帮助中心·发布说明", "2024-01-15", 1,
     "信息流中展示 140 字，超出部分折叠为“全文”"),
    ("微博", None, "name", "min_len", "4", "字符", 2, _WB + "（旧版页面）", "2019-06-01", 1,
     "报道之一：4–30 个字符，汉字计 2 个；与版本 2 冲突，两说并存"),
    ("微博", None, "name", "max_len", "30", "字符", 2, _WB + "（旧版页面）", "2019-06-01", 1,
     "报道之一：4–30 个字符，汉字计 2 个；与版本 2 冲突，两说并存"),
    ("微博", None, "name", "min_len", "2", "字", None, _WB, "2024-01-15", 2,
     "报道之二：2–20 个字；来源未说明汉字计数方式"),
    ("微博", None, "name", "max_len", "20", "字", None, _WB, "2024-01-15", 2,
     "报道之二：2–20 个字；来源未说明汉字计数方式"),
    ("头条号", None, "body", "min_len", "300", "字", 1, _TT, "2024-07-08", 1,
     "不足 300 字的文章不能声明原创"),
    ("百家号", None, "title", "max_len", "30", "字", 1, "百家号帮助中心（旧版）", "2021-03-01", 1,
     "标题上限 30 字（旧）"),
    ("百家号", None, "title", "max_len", "64", "字", 1, "百家号更新说明（行业报道，待核实）",
     "2023-08-01", 2, "据报道标题上限由 30 字放宽到 64 字（soft）"),
]

RULE_COLUMNS = ["rule_id", "platform", "platform_family", "account_type", "field", "rule_type",
                "value", "unit", "cjk_counts_as", "source", "source_date", "version", "note"]


def platform_rules_table() -> pd.DataFrame:
    rows = []
    for i, r in enumerate(RULES, start=1):
        (platform, acct_type, field, rtype, value, unit, cjk, source, sdate, version, note) = r
        rows.append(dict(rule_id=f"R{i:03d}", platform=platform, platform_family=FAMILY[platform],
                         account_type=acct_type, field=field, rule_type=rtype, value=value,
                         unit=unit, cjk_counts_as=cjk, source=source, source_date=sdate,
                         version=version, note=note))
    df = pd.DataFrame(rows, columns=RULE_COLUMNS)
    df["cjk_counts_as"] = df["cjk_counts_as"].astype("Int64")
    df["account_type"] = df["account_type"].astype(object)
    return df
