"""A plotly theme that renders Chinese, and small chart helpers with Chinese labels.

Importing nmt_lab makes ``"plotly_white+nmt"`` the default template.
"""

from __future__ import annotations

import plotly.graph_objects as go
import plotly.io as pio

# Browsers pick the first installed family: Noto/Source Han on Linux, PingFang on macOS,
# Microsoft YaHei on Windows.
CJK_FONTS = (
    "Noto Sans CJK SC, Noto Sans SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, "
    "WenQuanYi Micro Hei, SimHei, sans-serif"
)
COLORS = ["#2a7f62", "#e07a2f", "#3b6fb6", "#c0392b", "#8e5fa8", "#d4a017", "#5d6d7e"]

pio.templates["nmt"] = go.layout.Template(
    layout=go.Layout(
        font=dict(family=CJK_FONTS, size=14),
        colorway=COLORS,
        # title at the top of the figure, legend in a row between it and the plot area
        title=dict(x=0.02, y=0.98, yanchor="top", font=dict(size=18)),
        hoverlabel=dict(font=dict(family=CJK_FONTS)),
        separators=".,",
        margin=dict(l=60, r=30, t=100, b=50),
        legend=dict(orientation="h", yanchor="bottom", y=1.02, x=0),
    )
)


def use_theme() -> None:
    """Make the course theme the default for every new figure."""
    pio.templates.default = "plotly_white+nmt"


def percent_axis(fig: go.Figure, axis: str = "yaxis") -> go.Figure:
    """Show an axis of 0-1 rates as percentages."""
    fig.update_layout({axis: dict(tickformat=".1%")})
    return fig
