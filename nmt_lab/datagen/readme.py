"""Render ``datasets/README.md`` (the data dictionary) from the schema files.

>>> _cell("a|b\\nc")
'a\\\\|b c'
"""

from __future__ import annotations

DTYPE_ZH = {"string": "文本", "int": "整数", "float": "小数", "bool": "布尔", "datetime": "日期时间",
            "date": "日期", "category": "类别"}

INTRO = """\
# 课程数据集：溪山茶饮（2025）

本目录是课件的全部练习数据。案例品牌 **溪山茶饮** 是虚构的杭州区域茶饮连锁（江浙沪约 120 家门店），
在微信公众号（订阅号、服务号）、视频号、微博、抖音、小红书、B站、头条号、百家号和淘宝逛逛运营账号。
数据覆盖 2025 全年（内容、关注者明细从 2024-07-01 起，便于做环比和同比半年对比），时间为北京时间、
不带时区，格式 `YYYY-MM-DD HH:MM:SS`。

**所有数据都是合成的**：由 `nmt_lab.datagen` 用固定随机种子生成，不含任何真实用户、订单或个人信息；
手机号、邮箱等均为示例格式（`1380000xxxx`、`@xishan-tea.example`）。数据按公开资料校准
（见项目的 calibration 说明），主要包括：

- 微信公众号打开率（阅读人数 / 送达人数）中位数约 1–5 %，点赞 / 阅读约 1–1.5 %，分享约为阅读的 3 %，
  在看约每 96 次阅读 1 次；
- 小红书点赞 / 阅读 3–5 %，收藏为点赞的 35–60 %，评论为点赞的 8–15 %；
- 抖音完播率多在 10–30 %，15 秒以内的短视频完播率更高；
- 阅读量重尾分布（对数正态主体 + 帕累托尾部）：多数内容阅读量不高，少数成为 10 万+；
- 用户活跃高峰在 7–9 点、12–14 点和 20–23 点，22 点前后发布效果好、18 点前后差，
  而多数内容在 16–20 点发布（供需错位，适合做分析练习）；
- 取关按稳定的日基线发生，微信群发后一小时内出现取关小高峰；月流失率低于 3 %；
- 茶饮季节性：夏季高峰、春节低谷，520、七夕、立秋、双11 等节点有活动峰值；
- 平台规则（标题字数、封面比例、群发次数等）逐条记录来源与日期，有冲突或变更的规则保留多个版本。

有意保留的“真实的脏”：退款金额为负数、部分字段有缺失（如城市、个别日期的指数）、
评论里有机器人和重复评论、微信的送达与阅读口径不同。`posts` 是入门分析表，保持干净。

## 重新生成与校验

```bash
python -m nmt_lab.datagen                 # 重新生成本目录（与提交的文件逐字节一致）
cd datasets && sha256sum -c SHA256SUMS    # 校验文件完整
python -m nmt_lab.datagen --scale 10 --out /tmp/big   # 约 10 倍行数的大数据版本（用于性能测试，不提交）
```

`--scale N` 把 posts、comments、followers、orders（及随之变化的 refunds）放大约 N 倍；
放大版本不保证“订阅号每天最多群发一次”这类按天的限制。

## 许可

数据以 [CC BY 4.0](https://creativecommons.org/licenses/by/4.0/deed.zh-hans) 发布；生成代码随项目以 MIT 许可发布。

## 指标口径

| 指标 | 定义 |
|---|---|
| 打开率 | readers / delivered（仅微信公众号：推送消息打开的阅读人数 ÷ 送达人数） |
| 阅读率 | reads / delivered（含朋友圈等其他来源，比打开率宽） |
| 人均阅读数 | reads / readers |
| 点赞率、评论率、分享率、收藏率 | likes、comments、shares、favorites 各自除以 reads |
| 互动率 | (likes + comments + shares + favorites) / reads（本数据集的口径包含收藏；微信的 favorites 为“在看”） |
| 完播率 | completion_rate：看完整条视频的播放占比（仅视频） |
| 涨粉率（关注率） | new_followers / delivered（单条：新增关注 ÷ 触达）；账号日涨粉率 = 当日新增关注 / 日初关注数 |
| 取关率（流失率） | 期内取关人数 / 期初关注人数；净增 = 新增 − 取关 |
| 成交转化率 | 支付订单数 / 访客数（shop_traffic.visitors；线下扫码点单无访客口径） |
| 退款率 | 按笔数：有退款的订单数 / 已支付订单数；按金额：退款金额绝对值之和 / 已支付金额（两种口径结果不同） |
| 客单价 | 已支付金额 / 已支付订单数 |

"""


def _cell(x) -> str:
    return str(x).replace("|", "\\|").replace("\n", " ")


def _range(col: dict) -> str:
    if col.get("values"):
        v = col["values"]
        return "、".join(v) if len(v) <= 12 else "、".join(v[:10]) + f" 等 {len(v)} 项"
    return col.get("range", "")


def _size(b: int) -> str:
    return f"{b / 1024:.0f} KB" if b < 1024 * 1024 else f"{b / 1024 / 1024:.1f} MB"


def render_readme(counts: dict[str, int], sizes: dict[str, int], scale: int = 1) -> str:
    from . import load_schema

    out = [INTRO]
    if scale != 1:
        out.append(f"> 这是 `--scale {scale}` 的放大版本。\n\n")
    out.append("## 表一览\n\n| 表 | 文件 | 内容 | 行数 | 大小 |\n|---|---|---|---:|---:|\n")
    for name, n in counts.items():
        s = load_schema(name)
        out.append(f"| {name} | `{s['file']}` | {_cell(s['title'])} | {n:,} | {_size(sizes[name])} |\n")
    total = sum(sizes.values())
    out.append(f"\n合计 {len(counts)} 个文件，{_size(total)}。\n")
    for name, n in counts.items():
        s = load_schema(name)
        out.append(f"\n## {name}：{s['title']}\n\n")
        out.append(f"文件 `{s['file']}`，{n:,} 行。主键：{', '.join(s.get('primary_key', [])) or '无'}。\n\n")
        out.append(s.get("description", "") + "\n\n")
        out.append("| 列名 | 中文含义 | 类型 | 单位 | 取值范围 | 说明 |\n|---|---|---|---|---|---|\n")
        for c in s["columns"]:
            dtype = DTYPE_ZH.get(c["dtype"], c["dtype"])
            if c.get("nullable"):
                dtype += "（可空）"
            out.append(f"| `{c['name']}` | {_cell(c.get('label', ''))} | {dtype} | "
                       f"{_cell(c.get('unit', ''))} | {_cell(_range(c))} | "
                       f"{_cell(c.get('description', ''))} |\n")
    return "".join(out)
