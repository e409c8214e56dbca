"""评论与留言数据（溪山茶饮，2025）：由片段拼接而成的合成评论，标签随片段确定。

Every comment is composed from hand-written fragments (opener x body x ending x
slots for product, store, city, emoji ...). Each fragment carries its labels,
so the labels always agree with the text. The only source of randomness is the
``numpy.random.Generator`` passed in: the same generator state gives the same
frame.

Built-in quirks for the exercises:

* 2025-08-12 – 08-14: a burst of complaints (外卖漏洒 and a 杨梅冰茶异物 rumour).
* spam bots post near-identical texts from several accounts;
* a few double posts (same user, same text, seconds apart), a few empty-ish
  texts ("。", "👍") and texts with leading or trailing spaces;
* fake personal data (phone numbers with ``0000`` in the middle, ``wx_`` ids,
  order numbers, street addresses) in about 3 % of the texts.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from .catalog import PRODUCTS, STORES, on_sale

COLUMNS = [
    "comment_id", "post_id", "platform", "user_id", "created_at", "text", "likes",
    "sentiment", "is_question", "is_complaint", "is_sales_lead", "is_spam", "is_abusive",
    "has_personal_data", "department", "is_pin_worthy", "reply_to",
]
SENTIMENTS = ["正面", "中性", "负面"]
DEPARTMENTS = ["产品", "门店", "外卖配送", "会员", "市场合作", "无"]

MAX_ROWS = 8000
YEAR_START, YEAR_END = pd.Timestamp("2025-01-01"), pd.Timestamp("2025-12-31 23:59:59")
BURST_START = pd.Timestamp("2025-08-12")
BURST_DAY_SHARE = (0.27, 0.45, 0.23, 0.05)  # 08-12, 08-13, 08-14, tail on 08-15
BURST_SHARE = 0.025
LAST_TIME = pd.Timestamp("2026-01-02 23:59:59")

#: What counts as personal data in ``text`` (the rule behind ``has_personal_data``).
PERSONAL_DATA_RE = re.compile(
    r"1[3-9]\d[ -]?\d{4}[ -]?\d{4}"                                   # 手机号
    r"|wx_[A-Za-z0-9_]{3,}"                                            # 微信号 wx_…
    r"|(?:微信号?|vx|VX|V信|薇信)\s*[:：]?\s*[A-Za-z][A-Za-z0-9_-]{5,}"  # 微信号：abc…
    r"|订单号?\s*[:：]?\s*[A-Z]{0,3}\d{8,}"                             # 订单号
    r"|[路街道巷弄]\d+号"                                               # 街道门牌
)

# --------------------------------------------------------------------------- #
# Slots
# --------------------------------------------------------------------------- #
DRINKS = [p for p in PRODUCTS if p.kind == "饮品"]
CAMPAIGNS = {  # names that read well in "{camp}活动" / "{camp}限定"
    1: ["新年", "会员日"], 2: ["情人节", "会员日"], 3: ["三八节", "春茶季"], 4: ["春茶季", "会员日"],
    5: ["520", "五一"], 6: ["618", "杨梅季"], 7: ["夏日第二杯半价", "入伏"],
    8: ["七夕", "夏日第二杯半价"], 9: ["十周年", "中秋"], 10: ["国庆", "桂花季"],
    11: ["双11", "会员日"], 12: ["双12", "圣诞"],
}
FESTIVALS = {  # names that read well in "{fest}快乐"
    1: ["元旦", "新年"], 2: ["情人节", "元宵节"], 3: ["女神节", "周末"], 4: ["周末", "春天"],
    5: ["五一", "520"], 6: ["端午", "夏至"], 7: ["暑假", "周末"], 8: ["七夕", "立秋"],
    9: ["中秋", "教师节"], 10: ["国庆", "中秋"], 11: ["双11", "周末"], 12: ["冬至", "圣诞"],
}
NEW_CITIES = ["合肥", "南通", "扬州", "金华", "台州", "舟山", "衢州", "丽水", "福州", "徐州"]
ROADS = ["文三路", "教工路", "学院路", "莫干山路", "延安路", "江南大道", "南京西路", "人民路",
         "中山北路", "解放街", "平江路", "湖墅南路"]
NICK_A = ["小鹿", "阿橙", "柚子", "奶盖", "团子", "桃桃", "可乐", "周周", "Momo", "阿杰", "小林",
          "糖糖", "栗子", "乌龙", "木木", "七七", "阿宁", "Coco"]
NICK_B = ["", "不吃香菜", "要早睡", "在杭州", "爱喝茶", "同学", "酱", "2025", "_", "吖", "今天也加油"]
PHONE_HEADS = ["138", "139", "137", "135", "136", "150", "151", "186", "188", "199", "177"]
WX_PARTS = ["tea", "xiaolu", "momo", "hz", "sh", "lemon", "oolong", "coco", "juzi", "amy"]

POS_EMOJI = ["😋", "😍", "🥰", "👍", "🤤", "❤️", "✨", "🍵", "🧋", "💯", "🔥", "🙌", "🌸", "😂"]
NEG_EMOJI = ["😤", "😡", "🙄", "😓", "💢", "😠", "👎", "😑"]
NEU_EMOJI = ["😂", "🤔", "👀", "😅", "🙏", "😄"]
PLATFORM_CODES = {
    "微博": ["[doge]", "[允悲]", "[哈哈]", "[赞]", "[心]"],
    "抖音": ["[赞]", "[捂脸]", "[呲牙]", "[比心]", "[看]"],
    "小红书": ["[派对R]", "[哇R]", "[萌萌哒R]", "[赞R]", "[飞吻R]"],
    "B站": ["[doge]", "[妙啊]", "[笑哭]", "[打call]"],
    "微信公众号": ["[强]", "[爱心]", "[捂脸]", "[玫瑰]"],
    "视频号": ["[强]", "[玫瑰]", "[鼓掌]"],
    "头条号": ["[赞]", "[微笑]"],
    "百家号": ["[赞]", "[微笑]"],
    "淘宝逛逛": ["[哇]", "[爱心]", "[赞]"],
}
NEG_CODES = ["[怒]", "[裂开]", "[吐]"]

# --------------------------------------------------------------------------- #
# Fragments. Labels: s = sentiment (+ 正面, 0 中性, - 负面), q = is_question,
# d = department. Templates use {p} {p2} {s} {c} {c2} {n} {n2} {camp} {friend}.
# --------------------------------------------------------------------------- #
PRAISE = [
    "{p}也太好喝了吧", "{p}yyds", "{p}绝绝子", "{p}真的绝了", "每周必喝{p}",
    "{p}回购第{n}次了", "昨天在{s}喝了{p}，茶味很足", "{p}不腻，很清爽", "终于等到{p}",
    "{s}的小姐姐超温柔", "包装好好看", "杯子颜值好高，拍照超出片", "这个价格在{c}很良心了",
    "支持本土品牌", "溪山的茶底真的没话说", "{p}少糖刚刚好", "小程序点单很方便，到店直接拿",
    "外卖送得挺快，到手还是冰的", "视频拍得好有氛围感", "文案好有意思", "小编太会了",
    "这个活动太香了", "第二杯半价冲冲冲", "{p}配{p2}，完美下午茶", "打工人续命水",
    "喝完心情都变好了", "{p}一口下去好满足", "第一次喝{p}就爱上了", "最近天天在喝{p}",
    "{p}是我心中的No.1", "喝过最好喝的{p}", "{p}的茶香好明显", "冰冰凉凉太舒服了",
    "{s}环境好好，适合坐一下午", "{c}终于有溪山了", "从大学喝到工作", "{p}我能喝一辈子",
    "夏天就靠{p}续命了", "店员记得我的口味，好暖", "会员积分换了个杯子，好可爱",
    "礼品卡送朋友，她超喜欢", "{camp}限定好有心意", "{p}颜值和味道都在线", "这波上新我给满分",
    "小料给得好足", "{p}不甜不腻刚刚好", "带同事喝了一次，全部被圈粉", "和{p2}比我更爱{p}",
    "原来{p}可以这么好喝", "这才是茶该有的味道", "每次路过{s}都忍不住买", "{p}配雨天太治愈了",
    "喝了{yrs}年溪山了，一直很稳", "{s}出杯好快", "{p}的香气好高级", "今天的快乐是{p}给的",
    "三分糖的{p}是我的本命", "看到{p}回归直接冲了", "去{c}玩特意找了{s}",
]
PRAISE_OPEN = ["", "", "", "", "啊啊啊", "救命，", "真的，", "姐妹们，", "哈哈哈", "说实话，",
               "不得不说，", "谁懂啊，", "家人们，", "又来了，", "刚喝完，", "看饿了，", "老粉表示，"]
PRAISE_END = ["", "", "", "！", "！！", "~", "。", "，爱了", " 爱了爱了", "，会一直支持的", "，冲",
              "，强烈推荐", "，已经安利给同事了", "，无限回购", "，好评"]

CHAT = [  # (template, sentiment, is_question, department)
    ("@{friend} 下次一起去", 0, False, "无"), ("@{friend} 看这个", 0, False, "无"),
    ("@{friend} 周末冲", 0, False, "无"), ("打卡", 0, False, "无"), ("来了", 0, False, "无"),
    ("路过", 0, False, "无"), ("前排", 0, False, "无"), ("沙发", 0, False, "无"),
    ("mark一下", 0, False, "无"), ("码住", 0, False, "无"), ("收藏了", 0, False, "无"),
    ("已阅", 0, False, "无"), ("来晚了", 0, False, "无"),
    ("今天{c}好热，想喝冰的", 0, False, "无"), ("下班路上刷到的", 0, False, "无"),
    ("减肥中，只能看看", 0, False, "无"), ("又到了喝奶茶的季节", 0, False, "无"),
    ("{c}人路过", 0, False, "无"), ("在{c}出差，回去再喝", 0, False, "无"),
    ("我选{p}", 0, False, "无"), ("我是{p}党", 0, False, "无"), ("{p}和{p2}纠结了好久", 0, False, "无"),
    ("一周喝了三杯，钱包在哭泣", 0, False, "无"), ("打工人今天也要喝一杯", 0, False, "无"),
    ("云岭茶坊也出了类似的", 0, False, "无"), ("隔壁云岭茶坊也在搞活动", 0, False, "无"),
    ("和云岭茶坊比哪家好喝", 0, True, "无"), ("坐等{camp}活动", 0, False, "无"),
    ("{camp}快到了", 0, False, "无"), ("第一次刷到", 0, False, "无"), ("这是第几次刷到了哈哈", 0, False, "无"),
    ("哈哈哈哈哈哈", 0, False, "无"), ("笑死", 0, False, "无"), ("有被可爱到", 1, False, "无"),
    ("新出的公仔圆滚滚的好可爱", 1, False, "无"), ("看到新品有点蠢蠢欲动", 1, False, "无"),
    ("最近天天路过{s}", 0, False, "无"), ("今天又是被{p}治愈的一天", 1, False, "无"),
    ("周末约了朋友去{s}", 0, False, "无"), ("先收藏，发工资就去", 0, False, "无"),
    ("这个点刷到太罪恶了", 0, False, "无"), ("想起了在{c}读书的日子", 0, False, "无"),
    ("有人喝过了吗", 0, True, "无"), ("图里是哪家店", 0, True, "门店"),
]
TOPIC_CHAT = {
    "茶知识": [("学到了", 0, False, "无"), ("涨知识了", 0, False, "无"),
              ("原来乌龙是半发酵茶", 0, False, "无"), ("一直以为绿茶要用开水泡", 0, False, "无"),
              ("收藏了，回头给爸妈看", 0, False, "无"), ("龙井在历史上是贡茶吧", 0, False, "无"),
              ("明前和雨前原来差这么多", 0, False, "无"), ("讲得比课本还清楚", 1, False, "无"),
              ("茶多酚是不是就是苦味的来源", 0, True, "产品"), ("科普做得真好", 1, False, "无")],
    "品牌故事": [("原来溪山是从一家小店开始的", 0, False, "无"), ("看哭了", 1, False, "无"),
               ("创始人好有情怀", 1, False, "无"), ("第一家店在文三路吧，我去过", 0, False, "无"),
               ("十年了，还记得当年的杯子", 1, False, "无"), ("这种故事看多了", 0, False, "无")],
    "热点": [("蹭热点蹭得好快哈哈", 0, False, "无"), ("小编冲浪好及时", 1, False, "无"),
           ("这个梗我get了", 0, False, "无"), ("热搜见", 0, False, "无"),
           ("今天热搜是这个吗", 0, False, "无"), ("又被你们蹭上了", 0, False, "无")],
    "门店": [("就在我公司楼下", 0, False, "无"), ("离我家好近", 0, False, "无"),
           ("终于开到{c}了", 1, False, "无"), ("装修好好看", 1, False, "无"),
           ("新店开业有活动吗", 0, True, "门店"), ("{s}旁边就是地铁口", 0, False, "无")],
    "活动": [("已参加", 0, False, "无"), ("抽我抽我", 0, False, "无"), ("转发了，求中奖", 0, False, "无"),
           ("希望这次能中", 0, False, "无"), ("上次没抢到", 0, False, "无"), ("坐等开奖", 0, False, "无")],
    "节日": [("{fest}快乐", 1, False, "无"), ("祝大家{fest}快乐", 1, False, "无"),
           ("{fest}和对象一起去", 0, False, "无"), ("单身的{fest}只能自己喝", 0, False, "无"),
           ("{camp}限定的杯子好好看", 1, False, "无"), ("{fest}的第一杯奶茶", 0, False, "无")],
    "新品": [("看起来好好喝", 1, False, "无"), ("颜值好高", 1, False, "无"), ("求测评", 0, False, "无"),
           ("蹲一个测评", 0, False, "无"), ("什么时候上架", 0, True, "产品"), ("又上新了", 0, False, "无")],
}
PLATFORM_CHAT = {
    "B站": [("前方高能", 0, False, "无"), ("awsl", 1, False, "无"), ("2333333", 0, False, "无"),
           ("下次一定", 0, False, "无"), ("空降成功", 0, False, "无"), ("来了来了", 0, False, "无"),
           ("已三连", 1, False, "无"), ("经费在燃烧", 0, False, "无"), ("up主好会拍", 1, False, "无"),
           ("好家伙", 0, False, "无"), ("妙啊", 1, False, "无"), ("弹幕护体", 0, False, "无"),
           ("第{n}遍了", 0, False, "无"), ("{mm}:{ss} 这个镜头好绝", 1, False, "无"), ("泪目", 0, False, "无"),
           ("这个转场可以", 1, False, "无"), ("恰饭了恰饭了", 0, False, "无"), ("恰饭也支持", 1, False, "无"),
           ("BGM好评", 1, False, "无"), ("BGM叫什么", 0, True, "无")],
    "小红书": [("已种草{p}", 1, False, "无"), ("被种草了", 1, False, "无"), ("码住，周末去{s}", 0, False, "无"),
            ("这个色调好绝", 1, False, "无"), ("笔记好详细，收藏了", 1, False, "无"),
            ("拔草了，确实好喝", 1, False, "无"), ("集美们冲", 1, False, "无"),
            ("宝子们这个真的好喝", 1, False, "无"), ("蹲一个{c}探店合集", 0, False, "无"),
            ("看着就好出片", 1, False, "无"), ("姐妹你拍照好会", 1, False, "无"),
            ("这个滤镜叫什么", 0, True, "无")],
    "微博": [("转发微博", 0, False, "无"), ("//@{friend}：冲", 0, False, "无"), ("#{tag}# 打卡", 0, False, "无"),
           ("@{friend} 快看", 0, False, "无"), ("抽我抽我抽我", 0, False, "无"),
           ("转发抽奖，好运来", 0, False, "无"), ("前排围观", 0, False, "无")],
    "抖音": [("来了老弟", 0, False, "无"), ("第一", 0, False, "无"), ("哈哈哈哈哈哈哈", 0, False, "无"),
           ("看饿了", 0, False, "无"), ("[赞][赞][赞]", 1, False, "无"), ("又刷到了", 0, False, "无"),
           ("咱{c}的牌子", 1, False, "无"), ("小姐姐好可爱", 1, False, "无"), ("关注了", 1, False, "无"),
           ("这个视频在哪拍的", 0, True, "无")],
    "微信公众号": [("小编辛苦了", 1, False, "无"), ("每期推送都认真看", 1, False, "无"),
              ("留言区的各位早上好", 0, False, "无"), ("希望被翻牌", 0, False, "无"),
              ("求精选", 0, False, "无"), ("排版越来越好看了", 1, False, "无")],
    "视频号": [("好看👍", 1, False, "无"), ("点赞", 1, False, "无"), ("支持家乡品牌", 1, False, "无"),
            ("转给女儿看看", 0, False, "无"), ("拍得真好", 1, False, "无"), ("西湖边的店吧，去过", 0, False, "无")],
    "头条号": [("说得有道理", 0, False, "无"), ("年轻人就爱喝这个", 0, False, "无"),
            ("我们那边也有", 0, False, "无"), ("看看就好", 0, False, "无"), ("现在什么都讲究颜值", 0, False, "无")],
}

QUESTIONS = [  # (template, department)
    ("{s}几点开门", "门店"), ("{s}几点关门", "门店"), ("{s}周末人多吗", "门店"),
    ("{s}有座位吗，想去坐一会", "门店"), ("{s}可以带宠物进去吗", "门店"), ("{s}附近好停车吗", "门店"),
    ("{s}开业了吗", "门店"), ("{s}是不是在装修", "门店"), ("国庆期间{s}营业吗", "门店"),
    ("到店自取一般要等多久", "门店"), ("门店可以用支付宝吗", "门店"), ("{s}有充电的地方吗", "门店"),
    ("能外卖吗", "外卖配送"), ("美团上能搜到吗", "外卖配送"), ("饿了么上有吗", "外卖配送"),
    ("外卖配送范围多大", "外卖配送"), ("{c}下沙能送到吗", "外卖配送"), ("下雨天外卖还送吗", "外卖配送"),
    ("外卖可以备注少冰吗", "外卖配送"), ("外卖一般多久能到", "外卖配送"), ("外卖有起送价吗", "外卖配送"),
    ("外卖能开发票吗", "外卖配送"),
    ("会员积分怎么用", "会员"), ("积分会过期吗", "会员"), ("生日有优惠吗", "会员"), ("怎么成为会员", "会员"),
    ("礼品卡能在外卖上用吗", "会员"), ("第二杯半价要会员才能用吗", "会员"), ("优惠券在哪里领", "会员"),
    ("积分能换周边吗", "会员"), ("会员等级怎么升", "会员"), ("{camp}活动怎么参加", "会员"),
    ("{camp}活动截止到哪天", "会员"), ("小程序里的券怎么找不到了", "会员"), ("储值卡能退吗", "会员"),
    ("{p}能做无糖吗", "产品"), ("{p}咖啡因高吗，晚上喝会不会睡不着", "产品"),
    ("{p}热的好喝还是冰的好喝", "产品"), ("{p}什么时候回归", "产品"), ("孕妇可以喝{p}吗", "产品"),
    ("{p}用的是什么茶", "产品"), ("{p}大概多少卡", "产品"), ("奶盖是现打的吗", "产品"),
    ("奶是鲜奶还是植脂末", "产品"), ("{p}是限定还是常驻", "产品"), ("{p}可以去冰吗", "产品"),
    ("小朋友能喝{p}吗", "产品"), ("杯子喝完怎么垃圾分类啊", "产品"), ("滚烫的热饮什么时候上", "产品"),
    ("减肥期间喝无糖的应该没问题吧", "产品"), ("水果茶的果肉是新鲜的吗", "产品"),
]
Q_OPEN = ["", "", "", "", "请问", "问一下，", "小编，", "想问下", "求问", "@溪山茶饮 ",
          "有没有人知道", "弱弱问一句，"]
Q_END = ["？", "？", "？", "?", "？？", "？谢谢", "？在线等", "？求回复", "？{e}"]
Q_PRAISE = ["好喝！", "{p}太好喝了，", "爱了，", "刚喝完超满足，", "路转粉了，"]

LEADS = [  # (template, department, is_question, may carry contact data)
    ("{c2}有店吗", "门店", True, False), ("{c2}什么时候开店呀，等好久了", "门店", True, False),
    ("{c2}哪里有店", "门店", True, False), ("求{c}的店地址", "门店", True, False),
    ("姐妹求店名", "门店", True, False), ("这家店在哪", "门店", True, False),
    ("{p}多少钱一杯", "门店", True, False), ("大杯{p}什么价", "门店", True, False),
    ("现在{p}多少钱", "门店", True, False), ("溪山随行杯在哪买", "门店", True, False),
    ("帆布袋多少钱", "门店", True, False), ("{c2}能买到吗", "门店", True, False),
    ("蹲{c2}开店", "门店", False, False), ("链接在哪", "门店", True, False),
    ("小程序叫什么名字，想点", "门店", True, False),
    ("礼品卡有多少面值的", "会员", True, False), ("礼品卡在哪买，想送人", "会员", True, False),
    ("能买电子礼品卡送朋友吗", "会员", True, False),
    ("怎么加盟", "市场合作", True, True), ("加盟费多少", "市场合作", True, True),
    ("想在{c2}加盟，怎么联系", "市场合作", True, True), ("加盟条件是什么", "市场合作", True, True),
    ("招商电话多少", "市场合作", True, False), ("有加盟政策吗", "市场合作", True, True),
    ("公司下午茶团购{n}杯有优惠吗", "市场合作", True, True), ("团购能送到{c}吗", "市场合作", True, True),
    ("年会想订{n2}杯，找谁对接", "市场合作", True, True), ("企业团购联系谁", "市场合作", True, True),
    ("学校活动能定制杯套吗", "市场合作", True, True), ("想订{n}杯婚礼伴手礼，可以吗", "市场合作", True, True),
    ("我们是{c}的探店博主，求合作", "市场合作", False, True), ("有商务合作邮箱吗", "市场合作", True, False),
    ("想谈联名合作，怎么联系", "市场合作", True, True), ("想加盟，求联系方式", "市场合作", False, True),
    ("团购{n2}杯，求报价", "市场合作", False, True),
]
LEAD_CONTACT = ["，我电话{phone}", "，电话{phone}", "，{phone}", "，微信号{wxid}，加我详聊",
                "，我的{wx}", "，联系我{phone}"]

COMPLAINTS = [  # (template, department)
    ("在{s}排队排了{n}分钟", "门店"), ("{s}店员态度太差，问两句就不耐烦", "门店"),
    ("点的少冰，给我做成了多冰", "门店"), ("{s}做错单了，点的{p}给了{p2}", "门店"),
    ("店里桌子好脏，没人收拾", "门店"), ("出杯太慢了，前面才三个人等了半小时", "门店"),
    ("{s}提前关门了，白跑一趟", "门店"), ("小程序显示营业，到店发现关门", "门店"),
    ("店员一直在聊天，没人理我", "门店"), ("{s}叫号叫过了也不说", "门店"),
    ("{p}太甜了，三分糖都齁", "产品"), ("{p}茶味好淡，全是冰", "产品"), ("{p}料比以前少了好多", "产品"),
    ("{p}里喝出一根头发", "产品"), ("奶盖打得太稀，一点都不绵", "产品"),
    ("又涨价了，{p}从{pr}涨到{pr2}", "产品"), ("{p}没以前好喝了", "产品"), ("奶盖一股植脂末味", "产品"),
    ("{p}喝完胃不舒服", "产品"), ("水果茶的果肉不新鲜", "产品"), ("吸管戳不进去，封口太硬", "产品"),
    ("{p}一股隔夜茶的怪味", "产品"), ("太甜了，齁得喝不下", "产品"),
    ("外卖超时一个多小时", "外卖配送"), ("外卖送来洒了一半", "外卖配送"),
    ("外卖漏洒，袋子里全是奶茶", "外卖配送"), ("骑手送错了，拿到的不是我的", "外卖配送"),
    ("外卖送到冰全化了", "外卖配送"), ("外卖少送了一杯", "外卖配送"),
    ("外卖包装太随意，杯子都倒了", "外卖配送"), ("骑手还让我自己下楼拿", "外卖配送"),
    ("外卖备注去冰根本没用", "外卖配送"),
    ("积分一直没到账", "会员"), ("优惠券显示不可用", "会员"), ("礼品卡余额莫名少了", "会员"),
    ("会员日活动根本抢不到", "会员"), ("小程序老是闪退，下不了单", "会员"),
    ("第二杯半价结账时没生效", "会员"), ("储值卡退不了款", "会员"), ("生日券一直没发", "会员"),
]
C_OPEN = ["", "", "", "无语，", "真的服了，", "吐了，", "气死了，", "@溪山茶饮 ", "差评！", "第一次吐槽，",
          "说实话，", "又来了，"]
C_END = ["", "", "。", "！", "，给个说法", "，体验很差", "，希望改进", "，不会再买了", "，还能不能行了",
         "？？？", " 😤", " 🙄", "，客服也不回", "，已经投诉了", " {ne}"]
C_CONTACT = {
    "外卖配送": ["，订单号{order}", "（订单号：{order}）", "，送到{addr}的", "，地址{addr}，麻烦核实"],
    "门店": ["，订单号{order}", "，小票上订单号{order}"],
    "产品": ["，订单号{order}", "，订单{order}，照片都拍了"],
    "会员": ["，我的会员手机号{phone}", "，手机号{phone}，麻烦查一下", "，订单号{order}"],
}

NEGOP = [
    "一般般吧，没有宣传的那么好", "味道普通，性价比不高", "还是云岭茶坊好喝", "广告做得再好有什么用",
    "拔草了，一般般", "拔草了，不值得排队", "又是营销，没意思", "现在奶茶都一个味", "{p}踩雷了",
    "太贵了，喝不起", "看着就很甜，不敢喝", "这个视频好尬", "文案有点用力过猛", "限定款越来越没新意了",
    "{p}不如{p2}", "喝过一次，没有回购的欲望", "排队网红店，不太懂", "茶底一般，全靠小料撑",
    "包装好看有什么用", "越来越像云岭茶坊了", "一杯{pr2}块，不值", "现在奶茶越来越贵了",
    "一杯奶茶二十多，喝不起", "喝了{p}，失望", "名字起得好听而已",
]
N_OPEN = ["", "", "", "说实话，", "个人觉得", "emmm，", "怎么说呢，", "不吹不黑，"]
N_END = ["", "", "。", "…", " 🙄", "吧", " {ne}"]

ABUSIVE = [  # (template, is_complaint, department)
    ("垃圾店，再也不来了", False, "无"), ("什么破店，难喝死了", False, "无"), ("智商税罢了", False, "无"),
    ("滚吧营销号", False, "无"), ("谁买谁是冤种", False, "无"), ("什么玩意儿", False, "无"),
    ("小编是不是脑子进水了", False, "无"), ("辣鸡奶茶", False, "无"), ("lj品牌", False, "无"),
    ("垃 圾", False, "无"), ("难喝得要命，垃圾", False, "无"), ("喝这个的都是韭菜", False, "无"),
    ("闭嘴吧你", False, "无"), ("有病吧这文案", False, "无"), ("呸，黑心商家", False, "无"),
    ("蠢死了这广告", False, "无"), ("楼上是托吧，恶心", False, "无"),
    ("{s}店员什么态度，垃圾服务", True, "门店"), ("外卖又洒了，垃圾配送", True, "外卖配送"),
    ("积分说没就没，骗子吧", True, "会员"), ("{p}喝出头发还不认，黑店", True, "产品"),
    ("排队一小时，什么破店", True, "门店"),
]

SPAM = [  # (template, has personal data)
    ("兼职刷单，日结{n3}元，手机就能做，看我主页{e}", False),
    ("正品代购，价格美丽，加V了解：{wxbot}", True),
    ("免费领奶茶券👉 http://t.cn/{code}", False),
    ("宝子们，我在做奶茶代理，一件代发，私我{e}", False),
    ("看我头像，有惊喜～{e}", False),
    ("互关互赞，有关必回{e}", False),
    ("低价出溪山礼品卡，九折，vx：{wxbot}", True),
    ("学生党兼职打字员，{n3}元/单，➕薇信 {wxbot}", True),
    ("点击领取{n3}元外卖红包 ➡️ dwz.cn/{code}", False),
    ("专业涨粉，{n3}元1000粉，真人不掉粉，主页联系", False),
    ("想变美的姐妹看我主页，祛斑美白一个月见效{e}", False),
    ("喝茶减肥一个月瘦10斤，私信领取方法", False),
]

SUGGESTIONS = [  # (template, department)
    ("建议出个无糖版", "产品"), ("能不能出大杯", "产品"), ("希望出{p}的热饮版", "产品"),
    ("建议小程序加个排队进度", "会员"), ("希望{c2}也开几家店", "门店"),
    ("吸管能不能换成不容易软的", "产品"), ("求返场{p}", "产品"), ("会员积分能不能别过期", "会员"),
    ("外卖能不能加个封口贴", "外卖配送"), ("建议高峰期多安排一个店员", "门店"),
    ("希望出点低卡的选择", "产品"), ("能不能出个{p}和{p2}的双拼", "产品"),
    ("建议杯子上印个甜度标识", "产品"), ("门店能不能多放几个插座", "门店"),
    ("希望礼品卡能在外卖平台用", "会员"), ("建议{s}多放几把椅子", "门店"),
]
S_PRAISE = ["很喜欢{p}，", "老顾客了，", "支持溪山，", "好喝是好喝，"]

PIN_INTRO = ["作为喝了三年溪山的老顾客，", "在{c}上班，几乎每周都会去{s}，", "认真说说{p}：",
             "老粉留个言：", "看完这篇才知道茶底这么讲究，", "上周带爸妈去了{s}，",
             "对比了好几家之后，", "控糖两年的人来说一句，"]
PIN_DETAIL = ["茶底是真的用心，{p}入口有明显的茶香，不是香精味", "三分糖刚好能喝出茶本身的回甘",
              "店员会主动提醒少冰口感更好，服务很细致", "小程序下单到取餐不到十分钟，高峰期也很有序",
              "杯套上印的冲泡小知识很实用", "外卖包装有封口贴和杯托，送到一滴没洒",
              "水果都是当天到店的，吃得出新鲜", "店里给老人准备了热饮和座位，很贴心",
              "同样的价位，料给得很实在", "推送里讲的龙井采摘时间和我在茶园看到的一致，很专业"]
PIN_CLOSE = [  # (text, department)
    ("建议在杯身标一下热量和咖啡因含量，控糖的朋友会更放心。", "产品"),
    ("希望小程序增加“常点”一键复购。", "会员"),
    ("如果自带杯能减一块钱就更好了，环保又省钱。", "门店"),
    ("希望{c2}也能早点开店。", "门店"),
    ("期待下一款季节限定。", "无"), ("会一直支持！", "无"), ("给认真做茶的团队点赞。", "无"),
    ("", "无"),
]

EMPTYISH = [("。", 0), ("👍", 1), ("👍👍", 1), ("……", 0), ("1", 0), ("[赞]", 1), ("哦", 0),
            ("6", 1), ("嗯", 0), (".", 0)]

BURST = [  # (template, is_complaint, is_question, department, is_abusive)
    ("今天外卖又漏了，袋子里全是杨梅冰茶", True, False, "外卖配送", False),
    ("外卖漏洒第二次了，{s}能不能好好封口", True, False, "外卖配送", False),
    ("杨梅冰茶外卖送来只剩半杯", True, False, "外卖配送", False),
    ("漏得一塌糊涂，衣服都弄脏了", True, False, "外卖配送", False),
    ("点了三杯漏了两杯，封口膜根本没压紧", True, False, "外卖配送", False),
    ("这几天外卖是换杯子了吗，怎么都漏", True, True, "外卖配送", False),
    ("杨梅冰茶里喝出一根头发", True, False, "产品", False),
    ("杨梅冰茶喝出小虫子，恶心", True, False, "产品", False),
    ("杯底有黑色的渣，不知道是什么", True, False, "产品", False),
    ("喝到一半发现有塑料片", True, False, "产品", False),
    ("杨梅冰茶有异物，已经拍照留证了", True, False, "产品", False),
    ("听说杨梅冰茶喝出异物了，真的假的？", False, True, "产品", False),
    ("群里都在传杨梅冰茶有问题，官方出来说一下", False, False, "产品", False),
    ("到底怎么回事，杨梅冰茶还能喝吗？", False, True, "产品", False),
    ("看到好多人说漏洒，是换包装了吗？", False, True, "外卖配送", False),
    ("不敢再点外卖了", False, False, "无", False), ("吓得我把刚买的倒了", False, False, "无", False),
    ("暂时拔草了", False, False, "无", False), ("先观望一下吧", False, False, "无", False),
    ("杨梅冰茶再也不敢喝了", False, False, "无", False),
    ("垃圾店，喝出虫子还不认", True, False, "产品", True),
    ("黑心商家，异物还不给退", True, False, "产品", True),
]
B_END = ["", "", "！", "！！", "，给个说法", "，@溪山茶饮 出来回应", "，已经投诉到12315了", " 😡",
         "？？？", " {ne}"]
B_TAGS = ["#溪山茶饮杨梅冰茶异物# ", "#溪山茶饮外卖漏洒# "]

REPLY = {
    "question_same": ["同问", "同问+1", "我也想知道", "蹲一个回复", "+1，同问", "一样的问题"],
    "question_answer": ["小程序里能看到", "美团能搜到的", "我上次问过，可以的", "好像是十点开门",
                        "积分在“我的”里面", "问店员就行"],
    "complaint_same": ["我也遇到过", "+1，我上周也是", "一样，太离谱了", "不止你一个", "同款遭遇"],
    "complaint_defend": ["我喝的挺好的啊", "可能是高峰期吧", "找客服能退的", "换家店试试"],
    "positive": ["同感！", "真的好喝", "赞同", "哈哈哈同款", "一模一样的感受", "说出了我的心声"],
    "spam": ["举报了", "又是机器人", "广告退散"],
    "abusive": ["好好说话", "有必要这么说话吗", "理性讨论"],
    "other": ["哈哈哈哈", "笑死", "确实", "+1", "真的", "hhhh"],
}
TYPOS = [("奶茶", "奶荼"), ("排队", "排对"), ("已经", "以经"), ("可以", "可已"), ("什么", "神马"),
         ("喜欢", "稀饭"), ("好喝", "好和"), ("在", "再"), ("的", "滴"), ("这么", "这门"),
         ("外卖", "外买"), ("感觉", "赶脚")]

KINDS = ["praise", "pin", "question", "lead", "complaint", "negop", "abusive", "spam",
         "suggestion", "chat", "emptyish"]
BASE_WEIGHTS = np.array([0.46, 0.027, 0.082, 0.027, 0.064, 0.046, 0.015, 0.046, 0.03, 0.197, 0.006])
PLATFORM_FACTORS = {  # multipliers on BASE_WEIGHTS, same order as KINDS
    "B站": {"chat": 1.5, "pin": 0.8},
    "小红书": {"lead": 1.4, "pin": 1.3, "question": 1.1},
    "微博": {"chat": 1.2, "spam": 1.3, "complaint": 1.2},
    "抖音": {"spam": 1.3, "chat": 1.2, "abusive": 1.3},
    "微信公众号": {"pin": 2.0, "spam": 0.4, "question": 1.2, "abusive": 0.5},
    "视频号": {"praise": 1.1, "spam": 0.8},
    "头条号": {"negop": 1.6, "abusive": 1.2},
    "百家号": {"negop": 1.5, "abusive": 1.2},
    "淘宝逛逛": {"lead": 2.0, "question": 1.2, "chat": 0.8},
}
TOPIC_FACTORS = {
    "活动": {"lead": 1.6, "question": 1.3},
    "茶知识": {"question": 1.2, "chat": 1.2, "pin": 1.3},
    "门店": {"question": 1.4, "lead": 1.4, "complaint": 1.2},
    "新品": {"praise": 1.1, "question": 1.1},
    "热点": {"chat": 1.4, "negop": 1.3},
    "品牌故事": {"praise": 1.1, "pin": 1.5},
    "节日": {"praise": 1.05},
}
SENT = {1: "正面", 0: "中性", -1: "负面"}


def _labels(sentiment="中性", q=False, complaint=False, lead=False, spam=False, abusive=False,
            pd_=False, dept="无", pin=False) -> dict:
    return {"sentiment": sentiment, "is_question": q, "is_complaint": complaint,
            "is_sales_lead": lead, "is_spam": spam, "is_abusive": abusive,
            "has_personal_data": pd_, "department": dept, "is_pin_worthy": pin}


class _Composer:
    """Draws fragments and slot values from one generator, in a fixed order."""

    def __init__(self, rng: np.random.Generator):
        self.rng = rng
        self.bot_ids = [
            "".join(self.pick(WX_PARTS) for _ in range(2)) + str(int(rng.integers(10, 99)))
            for _ in SPAM
        ]
        self.codes = ["".join(self.pick(list("abcdefghjkmnpqrstuvwxyz23456789")) for _ in range(6))
                      for _ in SPAM]

    # -- primitives --------------------------------------------------------
    def pick(self, seq):
        return seq[int(self.rng.integers(len(seq)))]

    def chance(self, p: float) -> bool:
        return bool(self.rng.random() < p)

    def product(self, day: pd.Timestamp):
        on = [p for p in DRINKS if on_sale(p, day)]
        seasonal = [p for p in on if p.windows]
        if seasonal and self.chance(0.35):
            return self.pick(seasonal)
        return self.pick([p for p in on if not p.windows] or DRINKS)

    def phone(self) -> str:
        head, tail = self.pick(PHONE_HEADS), f"{int(self.rng.integers(0, 10000)):04d}"
        return self.pick([f"{head} 0000 {tail}", f"{head}-0000-{tail}", f"{head}0000{tail}",
                          f"+86 {head} 0000 {tail}"])

    def wxid(self) -> str:
        return f"wx_{self.pick(WX_PARTS)}{int(self.rng.integers(100, 9999))}"

    def slots(self, ctx: dict) -> dict:
        month = ctx["month"]
        date = ctx["date"]
        p = self.product(date)
        p2 = self.product(date)
        while p2 == p:
            p2 = self.pick(DRINKS)
        c, s = STORES[int(self.rng.integers(len(STORES)))]
        camp = self.pick(CAMPAIGNS[month])
        return {
            "p": p.name, "p2": p2.name, "fest": self.pick(FESTIVALS[month]),
            "c": c, "s": s if self.chance(0.5) else c + s,
            "c2": self.pick(NEW_CITIES) if self.chance(0.7) else c,
            "n": int(self.rng.integers(2, 40)), "n2": int(self.rng.integers(18, 300)),
            "n3": self.pick([50, 80, 100, 150, 200, 300]), "yrs": int(self.rng.integers(2, 10)),
            "pr": int(p.price) - int(self.rng.integers(1, 4)), "pr2": int(p.price),
            "camp": camp, "tag": f"溪山茶饮{camp}",
            "friend": self.pick(NICK_A) + self.pick(NICK_B),
            "mm": f"{int(self.rng.integers(0, 5)):02d}", "ss": f"{int(self.rng.integers(0, 60)):02d}",
            "e": self.emoji(ctx["platform"], 1),
            "ne": self.pick(NEG_EMOJI + NEG_CODES),
            "phone": self.phone(), "wxid": self.wxid(),
            "wx": self.pick(["微信号：", "vx：", "V信 "]) + self.pick(WX_PARTS)
            + self.pick(["_", ""]) + str(int(self.rng.integers(1000, 99999))),
            "order": self.pick(["XS", "", "XS"]) + date.strftime("%Y%m%d")
            + f"{int(self.rng.integers(0, 1_000_000)):06d}",
            "addr": self.pick(ROADS) + f"{int(self.rng.integers(1, 400))}号"
            + self.pick(["", f"{int(self.rng.integers(1, 12))}幢", f"{int(self.rng.integers(1, 6))}单元"])
            + f"{int(self.rng.integers(1, 30))}0{int(self.rng.integers(1, 6))}",
        }

    def emoji(self, platform: str, k: int, negative: bool = False) -> str:
        if negative:
            pool = NEG_EMOJI + NEG_CODES
        else:
            pool = POS_EMOJI + PLATFORM_CODES.get(platform, []) * 2
        return "".join(self.pick(pool) for _ in range(k))

    # -- kinds -------------------------------------------------------------
    def compose(self, kind: str, ctx: dict) -> tuple[str, dict]:
        sl = self.slots(ctx)
        text, lab = getattr(self, "_" + kind)(ctx, sl)
        return text.format(**sl), lab

    def _praise(self, ctx, sl):
        text = self.pick(PRAISE_OPEN) + self.pick(PRAISE) + self.pick(PRAISE_END)
        if self.chance(0.35):
            text += self.emoji(ctx["platform"], int(self.rng.integers(1, 4)))
        return text, _labels("正面")

    def _pin(self, ctx, sl):
        d1 = self.pick(PIN_DETAIL)
        d2 = self.pick(PIN_DETAIL)
        close, dept = self.pick(PIN_CLOSE)
        text = self.pick(PIN_INTRO) + d1 + ("，" + d2 if d2 != d1 else "") + "。" + close
        if len(text.format(**sl)) > 118:
            text = self.pick(PIN_INTRO) + d1 + "。" + close
        return text, _labels("正面", dept=dept, pin=True)

    def _question(self, ctx, sl):
        body, dept = self.pick(QUESTIONS)
        sentiment, head = "中性", self.pick(Q_OPEN)
        if self.chance(0.2):
            sentiment, head = "正面", self.pick(Q_PRAISE)
        text = head + body + self.pick(Q_END)
        pd_ = False
        if dept == "会员" and self.chance(0.08):
            text = "我的会员手机号{phone}，" + text
            pd_ = True
        return text, _labels(sentiment, q=True, pd_=pd_, dept=dept)

    def _lead(self, ctx, sl):
        body, dept, q, contact = self.pick(LEADS)
        sentiment, head = "中性", self.pick(["", "", "", "请问", "小编，", "@溪山茶饮 ", "求问"])
        if self.chance(0.25):
            sentiment, head = "正面", self.pick(Q_PRAISE)
        text = head + body
        pd_ = contact and self.chance(0.4)
        if pd_:
            text += self.pick(LEAD_CONTACT)
        text += self.pick(["？", "？", "?", "？谢谢"]) if q else self.pick(["", "。", "~"])
        return text, _labels(sentiment, q=q, lead=True, pd_=pd_, dept=dept)

    def _complaint(self, ctx, sl):
        body, dept = self.pick(COMPLAINTS)
        text = self.pick(C_OPEN) + body
        pd_ = self.chance(0.18)
        if pd_:
            text += self.pick(C_CONTACT[dept])
        text += self.pick(C_END)
        return text, _labels("负面", complaint=True, pd_=pd_, dept=dept)

    def _negop(self, ctx, sl):
        return (self.pick(N_OPEN) + self.pick(NEGOP) + self.pick(N_END)), _labels("负面")

    def _abusive(self, ctx, sl):
        body, complaint, dept = self.pick(ABUSIVE)
        text = body + self.pick(["", "", "！", "！！", " {ne}", "。"])
        return text, _labels("负面", complaint=complaint, abusive=True, dept=dept)

    def _spam(self, ctx, sl):
        k = ctx["campaign"]
        body, pd_ = SPAM[k]
        sl["wxbot"] = ("wx_" if "加V" in body else "") + self.bot_ids[k]
        sl["code"] = self.codes[k]
        text = self.pick(["", "", "", "🔥", "[红包]", "【福利】"]) + body
        text += self.pick(["", "", "", "!", "～", "！！", " ", self.emoji(ctx["platform"], 1)])
        return text, _labels("中性", spam=True, pd_=pd_)

    def _suggestion(self, ctx, sl):
        body, dept = self.pick(SUGGESTIONS)
        sentiment, head = "中性", ""
        if self.chance(0.35):
            sentiment, head = "正面", self.pick(S_PRAISE)
        text = head + body + self.pick(["", "", "。", "！", "~", "，拜托了", "，谢谢"])
        return text, _labels(sentiment, dept=dept)

    def _chat(self, ctx, sl):
        pools = [CHAT]
        if ctx["topic"] in TOPIC_CHAT:
            pools.append(TOPIC_CHAT[ctx["topic"]])
        if ctx["platform"] in PLATFORM_CHAT:
            pools.append(PLATFORM_CHAT[ctx["platform"]])
        weights = np.array([1.0, 1.3, 1.6][: len(pools)])
        pool = pools[int(self.rng.choice(len(pools), p=weights / weights.sum()))]
        body, sent, q, dept = self.pick(pool)
        text = body
        if q:
            text += self.pick(["？", "？", "?", "呀？"])
        elif self.chance(0.4):
            text += self.emoji(ctx["platform"], int(self.rng.integers(1, 3))) if sent >= 0 else ""
        pd_ = False
        if not q and self.chance(0.012):
            text = self.pick(["@{friend} 加我微信号 {wxid}，周末一起拼单",
                              "我就住{addr}，{s}就在楼下",
                              "@{friend} 我手机{phone}，到了打给我"])
            sent, pd_ = 0, True
        return text, _labels(SENT[sent], q=q, pd_=pd_, dept=dept)

    def _emptyish(self, ctx, sl):
        text, sent = self.pick(EMPTYISH)
        return text, _labels(SENT[sent])

    def burst(self, ctx) -> tuple[str, dict]:
        sl = self.slots(ctx)
        body, complaint, q, dept, abusive = self.pick(BURST)
        text = body + ("" if body.endswith("？") else self.pick(B_END))
        if ctx["platform"] == "微博" and self.chance(0.5):
            text = self.pick(B_TAGS) + text
        pd_ = complaint and self.chance(0.12)
        if pd_:
            text += self.pick(["，订单号{order}", "（订单号：{order}）"])
        lab = _labels("负面", q=q, complaint=complaint, abusive=abusive, pd_=pd_, dept=dept)
        return text.format(**sl), lab

    def reply(self, parent: dict, ctx: dict) -> tuple[str, dict]:
        sl = self.slots(ctx)
        if parent["is_spam"]:
            text, lab = self.pick(REPLY["spam"]), _labels("中性")
        elif parent["is_abusive"]:
            text, lab = self.pick(REPLY["abusive"]), _labels("中性")
        elif parent["is_complaint"]:
            if self.chance(0.65):
                text = self.pick(REPLY["complaint_same"])
                lab = _labels("负面", complaint=True, dept=parent["department"])
            else:
                text, lab = self.pick(REPLY["complaint_defend"]), _labels("中性")
        elif parent["is_question"]:
            if self.chance(0.6):
                text = self.pick(REPLY["question_same"])
                lab = _labels("中性", q=True, lead=parent["is_sales_lead"], dept=parent["department"])
            else:
                text, lab = self.pick(REPLY["question_answer"]), _labels("中性")
        elif parent["sentiment"] == "正面":
            text, lab = self.pick(REPLY["positive"]), _labels("正面")
        else:
            text, lab = self.pick(REPLY["other"]), _labels("中性")
        if ctx["platform"] in ("微博", "抖音", "B站", "小红书") and self.chance(0.35):
            text = "回复@{friend}：" + text
        return text.format(**sl), lab

    def typo(self, text: str) -> str:
        hits = [(a, b) for a, b in TYPOS if a in text]
        if not hits:
            return text
        a, b = self.pick(hits)
        return text.replace(a, b, 1)


# --------------------------------------------------------------------------- #
# Pipeline
# --------------------------------------------------------------------------- #
def _empty() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series([], dtype=object) for c in COLUMNS})


def _kind_table(platforms, topics) -> dict:
    table = {}
    for key in zip(platforms, topics, strict=True):
        if key in table:
            continue
        w = BASE_WEIGHTS.copy()
        for factors in (PLATFORM_FACTORS.get(key[0], {}), TOPIC_FACTORS.get(key[1], {})):
            for kind, f in factors.items():
                w[KINDS.index(kind)] *= f
        table[key] = np.cumsum(w / w.sum())
    return table


def _delays(rng: np.random.Generator, n: int) -> np.ndarray:
    """Seconds after publication: most within 48 h (decaying), a long tail of late comments."""
    fast = rng.exponential(4 * 3600, n)
    slow = rng.exponential(5 * 86400, n)
    delay = np.where(rng.random(n) < 0.88, fast, slow) + rng.integers(20, 600, n)
    return delay.astype(np.int64)


def _burst_times(rng: np.random.Generator, n: int) -> np.ndarray:
    day = rng.choice(len(BURST_DAY_SHARE), size=n, p=np.array(BURST_DAY_SHARE))
    hour_w = np.array([2, 1, 1, 1, 1, 1, 2, 4, 6, 6, 6, 7, 9, 9, 7, 6, 6, 7, 8, 9, 10, 10, 8, 4],
                      dtype=float)
    hour = rng.choice(24, size=n, p=hour_w / hour_w.sum())
    sec = day * 86400 + hour * 3600 + rng.integers(0, 3600, n)
    return BURST_START.to_datetime64().astype("datetime64[s]") + sec.astype("timedelta64[s]")


def generate_comments(posts: pd.DataFrame, users: pd.DataFrame, rng: np.random.Generator,
                      scale: int = 1) -> pd.DataFrame:
    """Synthetic comments on the brand's posts, one row per comment, columns ``COLUMNS``.

    Only posts published in 2025 get comments (all posts if none is from 2025).
    About ``min(posts.comments.sum(), 8000 * scale)`` rows, drawn in proportion to
    each post's comment count; ``created_at`` follows the post (mostly within 48 h).
    """
    published_all = pd.to_datetime(posts["published_at"])
    in_year = (published_all >= YEAR_START) & (published_all <= YEAR_END)
    posts = (posts[in_year.to_numpy()] if in_year.any() else posts).reset_index(drop=True)
    counts = posts["comments"].fillna(0).to_numpy().astype(np.int64).clip(0)
    n_total = int(min(counts.sum(), MAX_ROWS * scale))
    if n_total == 0:
        return _empty()
    published = pd.to_datetime(posts["published_at"]).to_numpy().astype("datetime64[s]")
    last = LAST_TIME.to_datetime64().astype("datetime64[s]")

    # --- how many comments per post (+ the August burst) --------------------
    burst_start = BURST_START.to_datetime64().astype("datetime64[s]")
    burst_end = burst_start + np.timedelta64(3, "D")
    candidates = np.flatnonzero((published < burst_end)
                                & (published >= burst_start - np.timedelta64(14, "D")))
    if len(candidates) == 0:
        candidates = np.flatnonzero((published < burst_end)
                                    & (published >= burst_start - np.timedelta64(60, "D")))
    n_burst = int(round(BURST_SHARE * n_total)) if len(candidates) else 0
    per_post = rng.multinomial(n_total - n_burst, counts / counts.sum())
    if n_burst:
        w = counts[candidates] + 1.0
        burst_counts = np.zeros(len(posts), dtype=np.int64)
        burst_counts[candidates] = rng.multinomial(n_burst, w / w.sum())
    else:
        burst_counts = np.zeros(len(posts), dtype=np.int64)
    post_idx = np.concatenate([np.repeat(np.arange(len(posts)), per_post),
                               np.repeat(np.arange(len(posts)), burst_counts)])
    is_burst = np.concatenate([np.zeros(per_post.sum(), bool), np.ones(burst_counts.sum(), bool)])
    n = len(post_idx)

    # --- times ----------------------------------------------------------------
    t_pub = published[post_idx]
    created = t_pub + _delays(rng, n).astype("timedelta64[s]")
    if n_burst:
        bt = _burst_times(rng, int(is_burst.sum()))
        bt = np.maximum(bt, t_pub[is_burst] + np.timedelta64(120, "s"))
        created[is_burst] = bt
    late = created > last
    if late.any():
        room = (last - t_pub[late]).astype(np.int64).clip(60)
        created[late] = t_pub[late] + (rng.random(late.sum()) * room).astype("timedelta64[s]")

    # --- kinds ----------------------------------------------------------------
    platforms = posts["platform"].astype(str).to_numpy()[post_idx]
    topics = posts["topic"].astype(str).to_numpy()[post_idx] if "topic" in posts else \
        np.array([""] * n)
    table = _kind_table(platforms, topics)
    u = rng.random(n)
    kinds = np.array([KINDS[min(int(np.searchsorted(table[(pl, tp)], x, side="right")),
                                len(KINDS) - 1)]
                      for pl, tp, x in zip(platforms, topics, u, strict=True)])
    kinds[is_burst] = "burst"

    # --- users: ordinary (heavy-tailed activity) and spam bots ---------------
    user_ids = users["user_id"].to_numpy()
    user_pl = users["platform"].astype(str).to_numpy() if "platform" in users else \
        np.array([""] * len(users))
    activity = rng.pareto(1.3, len(users)) + 0.2
    ordinary, bots = {}, {}
    for pl in dict.fromkeys(platforms):
        idx = np.flatnonzero(user_pl == pl)
        if len(idx) == 0:
            idx = np.arange(len(users))
        n_bots = min(max(3, len(idx) // 50), 18, max(len(idx) - 1, 1))
        bot_idx = np.sort(rng.choice(idx, size=n_bots, replace=False))
        rest = np.setdiff1d(idx, bot_idx) if len(idx) > n_bots else idx
        bots[pl] = bot_idx
        ordinary[pl] = (rest, np.cumsum(activity[rest]) / activity[rest].sum())

    comp = _Composer(rng)
    texts, labs, uidx = [], [], np.empty(n, dtype=np.int64)
    months = created.astype("datetime64[M]").astype(int) % 12 + 1
    for i in range(n):
        pl = platforms[i]
        ctx = {"platform": pl, "topic": topics[i], "month": int(months[i]),
               "date": pd.Timestamp(created[i])}
        if kinds[i] == "burst":
            text, lab = comp.burst(ctx)
        else:
            if kinds[i] == "spam":
                ctx["campaign"] = int(rng.integers(len(SPAM)))
            text, lab = comp.compose(kinds[i], ctx)
        if kinds[i] == "spam":
            pool = bots[pl]
            k = ctx["campaign"]
            crew = pool[[(k * 2 + j) % len(pool) for j in range(min(4, len(pool)))]]
            uidx[i] = crew[int(rng.integers(len(crew)))]
            created[i] = t_pub[i] + np.timedelta64(int(rng.integers(30, 5400)), "s")
        else:
            rest, cum = ordinary[pl]
            uidx[i] = rest[min(int(np.searchsorted(cum, rng.random())), len(rest) - 1)]
        if kinds[i] not in ("pin", "spam", "emptyish") and comp.chance(0.045):
            text = comp.typo(text)
        texts.append(text)
        labs.append(lab)

    # --- double posts, then replies (both on the same post) -----------------
    order = np.lexsort((created, post_idx))
    by_post: dict[int, list[int]] = {}
    for i in order:
        by_post.setdefault(int(post_idx[i]), []).append(int(i))
    touched = np.zeros(n, bool)
    reply_parent = np.full(n, -1, dtype=np.int64)
    for i in np.flatnonzero(rng.random(n) < 0.004):
        rows = by_post[int(post_idx[i])]
        if touched[i] or kinds[i] == "spam" or len(rows) < 2:
            continue
        j = rows[int(rng.integers(len(rows)))]
        if j == i or touched[j]:
            continue
        texts[j], labs[j], uidx[j] = texts[i], dict(labs[i]), uidx[i]
        created[j] = created[i] + np.timedelta64(int(rng.integers(2, 90)), "s")
        kinds[j] = kinds[i]
        touched[i] = touched[j] = True
    for i in np.flatnonzero(rng.random(n) < 0.045):
        rows = by_post[int(post_idx[i])]
        pos = rows.index(int(i))
        if touched[i] or kinds[i] in ("spam", "burst") or pos == 0:
            continue
        parent = rows[int(rng.integers(pos))]
        if created[parent] >= created[i]:
            continue
        ctx = {"platform": platforms[i], "topic": topics[i], "month": int(months[i]),
               "date": pd.Timestamp(created[i])}
        texts[i], labs[i] = comp.reply(labs[parent], ctx)
        reply_parent[i] = parent
        touched[i] = True

    # --- mess: stray spaces ----------------------------------------------------
    for i in np.flatnonzero(rng.random(n) < 0.012):
        texts[i] = comp.pick([" ", "  ", ""]) + texts[i] + comp.pick([" ", "", "  ", "\u3000"])

    # --- likes -----------------------------------------------------------------
    mult = {"pin": 9.0, "praise": 1.3, "complaint": 1.6, "burst": 3.5, "spam": 0.04,
            "abusive": 0.6, "emptyish": 0.15, "chat": 0.7, "negop": 1.1}
    popularity = (counts[post_idx] + 1) / (np.median(counts[counts > 0]) + 1)
    m = np.array([mult.get(k, 1.0) for k in kinds]) * popularity ** 0.3
    m[reply_parent >= 0] *= 0.4
    likes = np.floor(rng.lognormal(-0.4, 1.3, n) * m).astype(np.int64)

    # --- assemble ----------------------------------------------------------------
    lab_df = pd.DataFrame(labs)
    out = pd.DataFrame({
        "post_id": posts["post_id"].to_numpy()[post_idx],
        "platform": platforms,
        "user_id": user_ids[uidx],
        "created_at": pd.to_datetime(created),
        "text": texts,
        "likes": likes,
    })
    for col in lab_df.columns:
        out[col] = lab_df[col].to_numpy()
    out["_parent"] = reply_parent
    out["_row"] = np.arange(n)
    out = out.sort_values(["created_at", "_row"], kind="mergesort").reset_index(drop=True)
    ids = np.array([f"C{k:06d}" for k in range(1, n + 1)], dtype=object)
    row_to_id = np.empty(n, dtype=object)
    row_to_id[out["_row"].to_numpy()] = ids
    out["comment_id"] = ids
    parents = out["_parent"].to_numpy()
    out["reply_to"] = pd.Series([row_to_id[p] if p >= 0 else None for p in parents], dtype="str")
    out["sentiment"] = pd.Categorical(out["sentiment"], categories=SENTIMENTS)
    out["department"] = pd.Categorical(out["department"], categories=DEPARTMENTS)
    for col in ("is_question", "is_complaint", "is_sales_lead", "is_spam", "is_abusive",
                "has_personal_data", "is_pin_worthy"):
        out[col] = out[col].astype(bool)
    return out[COLUMNS]
