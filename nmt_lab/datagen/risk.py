"""Tables for 风险控制 (A2-3): the risk register, daily brand mentions with a planted crisis,
and the crisis-response playbook.

- ``risk_register``: the 新媒体部's risk list for the summer season: category (市场、成本、技术、
  管理、法律合规), probability and impact on a 1–5 scale, owner and response. One high risk has
  no owner yet (the trap the notebook asks students to find).
- ``mentions``: daily mentions of 溪山茶饮 on the social platforms (a monitoring tool's export),
  2025-06-15 – 08-15, split by sentiment. Two events are planted: the 618 转发抽奖 on 06-18/19
  (volume triples, almost all positive: NOT a crisis) and the 小红书 “杯盖漏液” note that
  goes viral from 07-09 (``CRISIS_ONSET``; negative mentions rise for five days, then fade
  after the brand's response). A raw-volume alarm flags the lottery; a sentiment-weighted one
  does not.
- ``crisis_playbook``: the 危机公关 response steps with owners and deadlines in hours after the
  crisis is found (黄金 4 小时 for the first public response).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

MENTIONS_START = pd.Timestamp("2025-06-15")
MENTIONS_DAYS = 62
CRISIS_ONSET = pd.Timestamp("2025-07-09")
LOTTERY_DAYS = (pd.Timestamp("2025-06-18"), pd.Timestamp("2025-06-19"))
#: extra negative mentions on the crisis days (day 0 = onset), then a fade after the response
CRISIS_NEGATIVE = [14, 55, 150, 210, 170, 110, 70, 42, 26, 16, 10, 6, 4]
CRISIS_OTHER = [10, 40, 120, 160, 130, 80, 50, 30, 18, 10, 6, 3, 2]


def mentions_table(rng: np.random.Generator) -> pd.DataFrame:
    dates = pd.date_range(MENTIONS_START, periods=MENTIONS_DAYS, freq="D")
    weekend = dates.dayofweek >= 5
    base = 150 * np.where(weekend, 1.25, 1.0) * np.linspace(1.0, 1.08, MENTIONS_DAYS)
    total = rng.poisson(base)
    neg = rng.binomial(total, 0.08)
    neu = rng.binomial(total - neg, 0.30)
    pos = total - neg - neu
    topic = np.array(["杨梅冰茶"] * MENTIONS_DAYS, dtype=object)
    note = np.array([""] * MENTIONS_DAYS, dtype=object)
    for i, d in enumerate(dates):
        if d in LOTTERY_DAYS:
            extra = int(rng.poisson(300 if d == LOTTERY_DAYS[0] else 180))
            pos[i] += int(extra * 0.9)
            neu[i] += extra - int(extra * 0.9)
            neg[i] += int(rng.poisson(3))
            topic[i] = "618转发抽奖"
            note[i] = "微博 618 转发抽奖（转发量带来提及量暴涨，绝大多数是正面和中性）"
        k = (d - CRISIS_ONSET).days
        if 0 <= k < len(CRISIS_NEGATIVE):
            neg[i] += int(rng.poisson(CRISIS_NEGATIVE[k]))
            neu[i] += int(rng.poisson(CRISIS_OTHER[k] * 0.8))
            pos[i] += int(rng.poisson(CRISIS_OTHER[k] * 0.2))
            topic[i] = "杯盖漏液"
    note[(CRISIS_ONSET - MENTIONS_START).days] = "21:40 小红书用户发布“杯盖漏液烫伤”笔记，当晚开始被转发"
    note[(CRISIS_ONSET - MENTIONS_START).days + 2] = "话题登上小红书同城热搜；品牌 07-11 发布首次回应"
    note[(CRISIS_ONSET - MENTIONS_START).days + 4] = "公布核查结果：一批杯盖尺寸偏差，已全部下架更换"
    total = pos + neu + neg
    return pd.DataFrame({"date": dates, "mentions": total, "positive": pos, "neutral": neu,
                         "negative": neg, "top_topic": topic, "note": note})


def risk_register_table() -> pd.DataFrame:
    cols = ["risk_id", "category", "risk", "probability", "impact", "owner", "response", "measure"]
    rows = [
        ("K01", "市场", "夏季竞品集中上新杨梅类饮品，新品声量被分流", 4, 3, "新媒体运营主管", "降低",
         "提前两周锁定达人档期，突出“仙居东魁杨梅”产地差异"),
        ("K02", "市场", "达人探店内容出现负面体验，被二次传播", 3, 4, "新媒体运营专员", "降低",
         "合作前试喝，合同约定事实核对和发布前审稿"),
        ("K03", "成本", "抖音信息流单次核销成本超出预算上限", 4, 3, "投放专员", "降低",
         "设单日预算上限，成本连续两天超 1.2 倍即降价或暂停"),
        ("K04", "成本", "抽奖奖品和物流费用超支", 2, 2, "新媒体运营专员", "接受", "预留 5% 备用金"),
        ("K05", "技术", "小程序高峰期支付接口故障，优惠券无法核销", 2, 5, "技术支持", "转移",
         "与服务商签订 SLA，准备收银台手工核销的备用流程"),
        ("K06", "技术", "账号密码泄露或被盗号发布不当内容", 1, 5, "新媒体运营主管", "规避",
         "开启双重验证，离职即改密，发布权限分级"),
        ("K07", "管理", "一人撰稿并自行发布，未经审核", 3, 4, "新媒体运营主管", "规避",
         "执行三级审核流程，发布权限与撰稿人分离"),
        ("K08", "管理", "旺季人手不足，差评与私信响应超时", 4, 3, "客服主管", "降低", "排班表覆盖晚高峰，设置自动回复"),
        ("K09", "法律合规", "文案使用“最”“第一”等绝对化用语或功效宣称", 4, 4, "新媒体运营主管", "规避",
         "发布前用审核词库扫描，高风险文案须终审"),
        ("K10", "法律合规", "使用未授权的图片、音乐或字体", 3, 4, "设计", "规避",
         "只用素材库中授权状态为“可商用”的素材"),
        ("K11", "法律合规", "食品安全投诉（异物、漏液、变质）在社交平台发酵", 3, 5, None, "降低",
         "舆情每日监测，启动危机公关预案"),
        ("K12", "法律合规", "抽奖活动未公示规则、奖品和中奖名单", 2, 3, "新媒体运营专员", "规避",
         "活动页写明规则、起止时间、奖品数量，开奖后公示"),
    ]
    return pd.DataFrame(rows, columns=cols)


def crisis_playbook_table() -> pd.DataFrame:
    cols = ["step_id", "phase", "action", "owner", "deadline_hours"]
    rows = [
        ("P1", "发现", "截图留证，记录原帖链接、发布时间、转评赞和传播平台", "新媒体运营专员", 0.5),
        ("P2", "上报", "按舆情等级上报：主管立即知晓，重大事件同步品牌负责人和总经理", "新媒体运营主管", 1.0),
        ("P3", "核实", "联系涉事门店和品控，核实门店、时间、批次和当事人诉求", "品控经理", 2.0),
        ("P4", "回应", "发布首次回应（黄金 4 小时）：已关注、正在核查、公布联系方式，不争辩不删帖",
         "新媒体运营主管", 4.0),
        ("P5", "处置", "联系当事用户致歉并给予补偿；问题批次暂停使用", "客服主管", 12.0),
        ("P6", "通报", "公布核查结果和整改措施（原因、范围、处理、时间表）", "品牌负责人", 24.0),
        ("P7", "跟进", "每 4 小时监测提及量和负面占比，更新统一答复口径", "新媒体运营专员", 48.0),
        ("P8", "复盘", "舆情复盘：起因、响应时长、处置效果、流程改进", "新媒体运营主管", 168.0),
    ]
    return pd.DataFrame(rows, columns=cols)
