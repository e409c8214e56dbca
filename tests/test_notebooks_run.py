"""Every notebook runs top to bottom on a clean kernel; papermill can re-run it with parameters."""

import time

import nbformat
import papermill
import pytest
from nbclient import NotebookClient

from tests.conftest import REPO, notebook_params


@pytest.mark.notebook
@pytest.mark.parametrize("path", notebook_params())
def test_notebook_executes_clean(path, tmp_path):
    nb = nbformat.read(str(path), as_version=4)
    start = time.perf_counter()
    NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    elapsed = time.perf_counter() - start
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert not errors
    print(f"{path.name}: executed in {elapsed:.1f} s")


@pytest.mark.notebook
def test_b3_1_reruns_for_another_platform_and_month(tmp_path):
    out = tmp_path / "B3-1_douyin.ipynb"
    papermill.execute_notebook(
        str(REPO / "notebooks/beginner/B3-1_spread_data.ipynb"),
        str(out),
        parameters={"platform": "抖音", "month": "2025-08"},
        cwd=str(tmp_path),
        kernel_name="python3",
        progress_bar=False,
    )
    nb = nbformat.read(str(out), as_version=4)
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert injected, "papermill injected no parameters"
    text = "".join(
        str(o.get("text", "")) + str(o.get("data", {}).get("text/plain", ""))
        for c in nb.cells if c.cell_type == "code" for o in c.outputs
    )
    assert "抖音" in text and "2025-08" in text
