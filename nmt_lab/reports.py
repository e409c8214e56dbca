"""Chinese HTML reports built from sections of text, tables and figures (高级: 效果评估报告,
效益评估报告 …). A report is plain data until :meth:`Report.save` writes one self-contained
HTML file (UTF-8, CJK fonts first in the font stack) that opens offline in any browser.

>>> r = Report("2025 年新媒体运营效果评估报告", author="新媒体部")
>>> r.text("一、评估目标", "- 传播：全年曝光增长 20%\\n- 转化：核销 5 万张")
>>> r.table("二、综合得分", pd.DataFrame({"平台": ["抖音"], "得分": [0.71]}))
>>> html = r.to_html()
>>> "<h2>一、评估目标</h2>" in html and "<li>传播：全年曝光增长 20%</li>" in html
True
>>> r.headings()
['一、评估目标', '二、综合得分']
"""

from __future__ import annotations

import html as _html
from datetime import date
from pathlib import Path

import pandas as pd

FONT_STACK = ('"Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "Microsoft YaHei", '
              '"PingFang SC", sans-serif')

CSS = f"""
body {{ font-family: {FONT_STACK}; max-width: 960px; margin: 2em auto; color: #222; line-height: 1.7; }}
h1 {{ border-bottom: 3px solid #2a9d8f; padding-bottom: .3em; }}
h2 {{ color: #1d6f65; margin-top: 1.6em; }}
table {{ border-collapse: collapse; margin: .6em 0; font-size: 14px; }}
th, td {{ border: 1px solid #ccc; padding: 4px 10px; text-align: right; }}
th {{ background: #eef6f5; }} td:first-child, th:first-child {{ text-align: left; }}
.meta {{ color: #666; }} .caption {{ color: #666; font-size: 13px; }}
.bar {{ background: #2a9d8f; height: 14px; display: inline-block; vertical-align: middle; }}
.bar.low {{ background: #d62828; }}
.callout {{ border-left: 4px solid #e9c46a; background: #fff8e6; padding: .4em 1em; }}
"""


def paragraphs(text: str) -> str:
    """Plain text to HTML: blank lines split paragraphs, lines starting "- " become a list."""
    out, items = [], []
    for block in str(text).strip().split("\n\n"):
        lines = [ln.strip() for ln in block.splitlines() if ln.strip()]
        items = [ln[2:] for ln in lines if ln.startswith("- ")]
        if items and len(items) == len(lines):
            out.append("<ul>" + "".join(f"<li>{_html.escape(i)}</li>" for i in items) + "</ul>")
        else:
            out.append("<p>" + "<br>".join(_html.escape(ln) for ln in lines) + "</p>")
    return "\n".join(out)


class Report:
    """Sections in order; each is ``(heading, html)``. Add with :meth:`text`, :meth:`table`,
    :meth:`bars`, :meth:`figure`, :meth:`callout`; then :meth:`to_html` or :meth:`save`."""

    def __init__(self, title: str, author: str = "", on: str | None = None):
        if not str(title).strip():
            raise ValueError("报告要有标题，例如 Report(\"2025 年新媒体运营效果评估报告\")。")
        self.title, self.author = str(title), author
        self.on = on or date.today().isoformat()
        self.sections: list[tuple[str, str]] = []
        self._plotly_js = False

    def _add(self, heading: str, body: str) -> None:
        self.sections.append((str(heading), body))

    def html(self, heading: str, body: str) -> None:
        """A section of ready-made HTML (escape any text yourself; see :func:`paragraphs`), for
        layouts the other methods lack, e.g. text and tables mixed in one section."""
        self._add(heading, body)

    def text(self, heading: str, text: str) -> None:
        """A section of text (blank line = new paragraph, "- " lines = a bullet list)."""
        self._add(heading, paragraphs(text))

    def callout(self, heading: str, text: str) -> None:
        """A highlighted box, e.g. a data-quality warning."""
        self._add(heading, f"<div class='callout'>{paragraphs(text)}</div>")

    def table(self, heading: str, frame: pd.DataFrame, caption: str = "", digits: int = 3,
              index: bool = False) -> None:
        """A table (numbers rounded to ``digits``); ``caption`` says where the data come from."""
        if not isinstance(frame, pd.DataFrame):
            raise TypeError(f"table() 需要一个表格（DataFrame），你给出的是 {type(frame).__name__}。")
        body = frame.round(digits).to_html(index=index, border=0, escape=True, na_rep="—")
        cap = f"<div class='caption'>{_html.escape(caption)}</div>" if caption else ""
        self._add(heading, body + cap)

    def bars(self, heading: str, values: pd.Series, caption: str = "", low: float | None = None) -> None:
        """A horizontal bar chart in plain HTML (no JavaScript); bars below ``low`` are red."""
        s = pd.Series(values).astype(float)
        top = s.abs().max() or 1.0
        rows = "".join(
            f"<tr><td>{_html.escape(str(k))}</td><td style='text-align:left'>"
            f"<span class='bar{' low' if low is not None and v < low else ''}' "
            f"style='width:{300 * abs(v) / top:.0f}px'></span> {v:.3f}</td></tr>" for k, v in s.items())
        cap = f"<div class='caption'>{_html.escape(caption)}</div>" if caption else ""
        self._add(heading, f"<table>{rows}</table>{cap}")

    def figure(self, heading: str, fig, caption: str = "") -> None:
        """A plotly figure (interactive; plotly.js is embedded once, so the file works offline)."""
        div = fig.to_html(full_html=False, include_plotlyjs=not self._plotly_js)
        self._plotly_js = True
        cap = f"<div class='caption'>{_html.escape(caption)}</div>" if caption else ""
        self._add(heading, div + cap)

    def headings(self) -> list[str]:
        return [h for h, _ in self.sections]

    def to_html(self) -> str:
        meta = " · ".join(x for x in [self.author, self.on] if x)
        body = "\n".join(f"<section><h2>{_html.escape(h)}</h2>\n{b}</section>" for h, b in self.sections)
        return (f"<!DOCTYPE html>\n<html lang='zh-CN'><head><meta charset='utf-8'>"
                f"<title>{_html.escape(self.title)}</title><style>{CSS}</style></head><body>"
                f"<h1>{_html.escape(self.title)}</h1><div class='meta'>{_html.escape(meta)}</div>\n"
                f"{body}\n</body></html>\n")

    def save(self, path: str | Path) -> Path:
        """Write the report as one UTF-8 HTML file; returns its path."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(self.to_html(), encoding="utf-8")
        return path


def screenshot(html_path: str | Path, png_path: str | Path, width: int = 1000,
               executable_path: str = "/usr/bin/chromium") -> Path:
    """Render an HTML file in headless Chromium (Playwright) and save a full-page PNG:
    the way to check that Chinese renders (no boxes) before sending a report."""
    from playwright.sync_api import sync_playwright

    args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable_path, args=args)
        page = browser.new_page(viewport={"width": width, "height": 800})
        page.goto(Path(html_path).resolve().as_uri())
        page.screenshot(path=str(png_path), full_page=True)
        browser.close()
    return Path(png_path)
