"""The pre-warmed kernel factory: it must preload everything, warm every cache and stay
fork-safe, or grading silently falls back to slow cold kernels."""

from __future__ import annotations

import pytest

from autograder.zygote import BASE_MODULES, Zygote, notebook_modules, preload_modules
from tests.conftest import REPO

NOTEBOOKS = sorted((REPO / "notebooks").glob("*/*.ipynb"))


def test_notebook_modules_follow_aliases(tmp_path):
    import nbformat
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "import nmt_lab as nmt\nfrom pandas import DataFrame\n%matplotlib inline\nnmt.interaction.trend_panel()")])
    path = tmp_path / "x.ipynb"
    nbformat.write(nb, str(path))
    assert notebook_modules([path]) == ["nmt_lab", "pandas", "nmt_lab.interaction"]


@pytest.fixture(scope="module")
def zygote():
    z = Zygote(preload_modules(NOTEBOOKS))
    yield z
    z.close()


def test_preloads_every_module_without_threads(zygote):
    # "ready" is only sent when no thread was started by the preload (forking with threads is unsafe)
    assert set(BASE_MODULES) <= set(zygote.loaded)
    assert {"nmt_lab.widgets", "nmt_lab.interaction", "nmt_lab.images"} <= set(zygote.loaded)


def test_preloads_what_course_modules_import_lazily(zygote):
    # nmt_lab imports these inside functions; without the preload every graded kernel pays for them
    assert {"sklearn.linear_model", "jieba", "ahocorasick", "nmt_lab.moderation"} <= set(zygote.loaded)
    assert not {"playwright.sync_api", "nbclient"} & set(zygote.loaded)


def test_every_cache_warmer_runs(zygote):
    assert zygote.cold == []
