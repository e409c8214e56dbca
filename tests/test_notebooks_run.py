"""Every notebook runs top to bottom on a clean kernel (executed once, see tests/notebook_runs.py).

Its execution time is printed (and collected by ``bench/notebooks.py``), not asserted: a
loaded machine must not turn a correct notebook red.
"""

import pytest

from tests import notebook_runs as runs
from tests.conftest import notebook_params


@pytest.mark.notebook
@pytest.mark.parametrize("path", notebook_params("run"))
def test_notebook_executes_clean(path):
    nb, info = runs.executed(path)
    assert not runs.errors(nb), f"{path.name}: cells raised errors: {runs.errors(nb)[:3]}"
    unexecuted = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and c.source.strip()
                  and c.get("execution_count") is None]
    assert not unexecuted, f"{path.name}: cells not executed: {unexecuted[:5]}"
    print(f"{path.name}: executed in {info['seconds']:.1f} s with parameters {info['parameters']}")


@pytest.mark.notebook
@pytest.mark.parametrize("path", [p for p in notebook_params("run")
                                  if runs.rerun_parameters(runs.nbk.read(p.values[0]))])
def test_papermill_injects_the_rerun_parameters(path):
    """Notebooks that name ``metadata.nmt.test_parameters`` ran with them: papermill injected
    them after the ``parameters`` cell and the notebook used them."""
    nb, info = runs.executed(path)
    injected = [i for i, c in enumerate(nb.cells) if "injected-parameters" in c.metadata.get("tags", [])]
    tagged = [i for i, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", [])]
    assert injected and tagged and injected[0] == tagged[0] + 1, "papermill injected no parameters"
    text = runs.output_text(nb)
    for value in info["parameters"].values():
        if isinstance(value, str):
            assert value in text, f"the output never shows the parameter {value!r}"
