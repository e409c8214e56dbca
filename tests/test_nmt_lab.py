"""nmt_lab: loading with checks, metrics, Chinese feedback, and the widgets' logic without a browser."""

import shutil

import numpy as np
import pandas as pd
import pytest

import nmt_lab as nmt
from nmt_lab import widgets
from nmt_lab._errors import CourseDataError


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    """A private copy of datasets/ that a test may damage."""
    folder = tmp_path / "datasets"
    shutil.copytree(nmt.datasets.data_dir(), folder)
    monkeypatch.setenv("NMT_LAB_DATA", str(folder))
    return folder


def test_every_table_loads_with_its_schema():
    for table in nmt.tables():
        df = nmt.load(table)
        assert list(df.columns) == [c["name"] for c in nmt.schema(table)["columns"]]
        assert len(df) > 0
        assert df.attrs["table"] == table


def test_dtypes_follow_the_schema():
    posts = nmt.load("posts")
    assert pd.api.types.is_datetime64_any_dtype(posts["published_at"])
    assert isinstance(posts["platform"].dtype, pd.CategoricalDtype)
    assert pd.api.types.is_integer_dtype(posts["reads"])


def test_missing_file_names_it_and_says_how_to_restore(data_copy):
    (data_copy / "posts.csv").unlink()
    with pytest.raises(CourseDataError, match=r"找不到数据文件 .*posts\.csv.*git checkout -- datasets/posts\.csv"):
        nmt.load("posts")


def test_modified_file_is_detected(data_copy):
    with open(data_copy / "targets.csv", "a", encoding="utf-8") as f:
        f.write("2025-12,微信公众号,reads,1\n")
    with pytest.raises(CourseDataError, match=r"targets\.csv 已被修改.*python -m nmt_lab\.datagen"):
        nmt.load("targets")
    assert nmt.datasets.verify_all(data_copy) == ["targets.csv 已被修改"]


def test_unknown_names_list_the_valid_ones():
    with pytest.raises(ValueError, match='数据表 "帖子" 不存在；可用的数据表有：.*posts'):
        nmt.load("帖子")
    with pytest.raises(KeyError, match='列 "likes" 不在数据中；可用的列有：reads'):
        nmt.add_rates(nmt.load("posts")[["reads"]], ["like_rate"])
    with pytest.raises(ValueError, match='平台 "快手" 不存在'):
        nmt.monthly(nmt.load("posts"), "快手")


def test_group_rates_are_sum_over_sum():
    df = pd.DataFrame({"platform": ["a", "a", "b"], "reads": [100, 900, 0], "likes": [10, 9, 0],
                       "comments": [0, 0, 0], "shares": [1, 2, 0], "favorites": [0, 0, 0]})
    table = nmt.summarize(df, by="platform")
    assert table.loc["a", "like_rate"] == pytest.approx(19 / 1000)
    assert np.isnan(table.loc["b", "like_rate"])  # no reads: NaN, not inf
    assert table.loc["a", "posts"] == 2


def test_compare_month_against_last_month_and_target():
    posts, targets = nmt.load("posts"), nmt.load("targets")
    cmp = nmt.compare_month(posts, targets, "微信公众号", "2025-06", ["reads"])
    table = nmt.monthly(posts, "微信公众号")
    assert cmp.loc["reads", "current"] == table.loc["2025-06", "reads"]
    assert cmp.loc["reads", "previous"] == table.loc["2025-05", "reads"]
    june, may = table.loc["2025-06", "reads"], table.loc["2025-05", "reads"]
    assert cmp.loc["reads", "change"] == pytest.approx(june / may - 1)
    assert cmp.loc["reads", "attainment"] == pytest.approx(cmp.loc["reads", "current"] / cmp.loc["reads", "target"])


def test_chinese_labels_cover_every_column():
    for table in nmt.tables():
        for col in nmt.schema(table)["columns"]:
            assert nmt.label(col["name"], table) != col["name"], f"{table}.{col['name']} has no Chinese label"


@pytest.mark.parametrize(
    "value, message",
    [
        (None, "还没有填写"),
        ("0.02", "应该是一个数字"),
        (1.9, "大于 1"),
        (0.5, "期望约"),
    ],
)
def test_feedback_is_specific(value, message):
    with pytest.raises(AssertionError, match=message):
        nmt.check.group_rate(value, [10, 20], [1000, 1000], "点赞率")


def test_feedback_spots_mean_of_rates():
    with pytest.raises(AssertionError, match="平均值"):
        nmt.check.group_rate((0.01 + 0.1) / 2, [10, 10], [1000, 100], "点赞率")
    nmt.check.group_rate(20 / 1100, [10, 10], [1000, 100], "点赞率")


@pytest.mark.parametrize(
    "value, message",
    [(50.0, "差值"), (25.0, "不要乘以 100"), (1.25, "再减 1"), (-0.2, "写反")],
)
def test_change_feedback(value, message):
    with pytest.raises(AssertionError, match=message):
        nmt.check.change(value, 250.0, 200.0, "阅读量环比")
    nmt.check.change(0.25, 250.0, 200.0, "阅读量环比")


def test_spread_panel_updates_chart_and_card_when_a_control_moves():
    panel = widgets.spread_panel(nmt.load("posts"), nmt.load("targets"), "微信公众号", "reads", "2025-06")
    before = list(panel.figure.data[0].y)
    card_before = panel.card.value
    panel.controls["platform"].value = "抖音"
    assert list(panel.figure.data[0].y) != before
    assert "抖音" in panel.figure.layout.title.text
    assert panel.card.value != card_before
    panel.controls["metric"].value = "like_rate"
    assert panel.figure.layout.yaxis.tickformat == ".1%"
    assert max(panel.figure.data[0].y) < 1


def test_index_panel_smoothing_changes_the_trend_not_the_raw_data():
    panel = widgets.index_panel(nmt.load("search_index"))
    series = lambda i: np.array(panel.figure.data[i].y, dtype=float)  # noqa: E731  (None -> NaN)
    raw, trend = series(0), series(1)
    panel.controls["window"].value = 30
    assert np.array_equal(series(0), raw, equal_nan=True)
    assert not np.array_equal(series(1), trend, equal_nan=True)
    assert np.nanstd(series(1)) < np.nanstd(raw)
