"""The coverage report: every requirement of every existing notebook is taught, every ability assessed."""

from autograder.coverage import coverage, main, report


def test_existing_notebooks_cover_their_requirements():
    rows = coverage()
    assert len(rows) == 159
    done = [r for r in rows if r.exists]
    assert done, "no notebook yet"
    missing = [r.requirement.id for r in done if not r.ok]
    assert not missing, f"taught or graded nowhere: {missing}"


def test_report_prints_rows_and_totals(capsys):
    assert main(["--level", "B"]) == 0
    out = capsys.readouterr().out
    assert "| B-3.1.1 | 能力 | B3-1_spread_data.ipynb | test_ex1_like_rate(2)" in out
    assert "要求总数 46" in out
    assert report(coverage("A")).count("\n") >= 50
