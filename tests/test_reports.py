"""nmt_lab.reports: Chinese HTML reports from sections (text, tables, bars, figures)."""

import shutil

import pandas as pd
import plotly.express as px
import pytest

from nmt_lab.reports import Report, screenshot


def test_sections_render_in_order_and_escape_text():
    r = Report("效果评估报告", author="新媒体部", on="2025-12-31")
    r.text("一、目标", "第一段\n\n- 传播\n- 转化 <b>")
    r.table("二、得分", pd.DataFrame({"平台": ["抖音", "微博"], "得分": [0.6512, 0.1]}), caption="来源：effect_monthly")
    r.bars("三、条形图", pd.Series({"抖音": 0.65, "微博": 0.1}), low=0.3)
    r.callout("注意", "微博 11 月数据待核实")
    html = r.to_html()
    assert r.headings() == ["一、目标", "二、得分", "三、条形图", "注意"]
    assert html.index("一、目标") < html.index("二、得分") < html.index("三、条形图")
    assert "<li>转化 &lt;b&gt;</li>" in html and "<p>第一段</p>" in html
    assert "0.651" in html and "来源：effect_monthly" in html
    assert html.count("class='bar low'") == 1   # only 微博 is below 0.3
    assert "lang='zh-CN'" in html and "Noto Sans CJK SC" in html and "2025-12-31" in html


def test_plotly_js_is_embedded_once(tmp_path):
    r = Report("图")
    fig = px.bar(x=["a", "b"], y=[1, 2])
    r.figure("图一", fig)
    r.figure("图二", fig)
    html = r.to_html()
    assert html.count("plotly.js v") <= 2 and html.count("Plotly.newPlot") == 2
    path = r.save(tmp_path / "sub" / "r.html")
    assert path.read_text("utf-8") == html


def test_bad_input_gets_a_chinese_message():
    with pytest.raises(ValueError, match="标题"):
        Report(" ")
    with pytest.raises(TypeError, match="DataFrame"):
        Report("x").table("t", [1, 2])


@pytest.mark.skipif(not shutil.which("chromium"), reason="没有 Chromium")
def test_screenshot_in_headless_chromium(tmp_path):
    r = Report("溪山茶饮效果评估报告")
    r.text("结论", "抖音综合得分第一。")
    png = screenshot(r.save(tmp_path / "r.html"), tmp_path / "r.png", executable_path=shutil.which("chromium"))
    assert png.stat().st_size > 5000
