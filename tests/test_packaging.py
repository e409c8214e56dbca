"""The README contract: two commands, one environment described twice the same way."""

import re
import subprocess
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~ \[;]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def test_environment_yml_names_the_same_dependencies_as_pyproject():
    project = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]
    wanted = {_name(r) for r in project["dependencies"] + project["optional-dependencies"]["dev"]}
    names = set()
    for line in (REPO / "environment.yml").read_text("utf-8").split("dependencies:", 1)[1].splitlines():
        item = line.split("#", 1)[0].strip()
        if item.startswith("- ") and item not in ("- pip", "- pip:"):
            names.add(_name(item[2:]))
    names -= {"python", "pip", "-e"}
    assert names == wanted, f"only in environment.yml: {names - wanted}; only in pyproject: {wanted - names}"


def test_readme_starts_with_the_two_commands():
    readme = (REPO / "README.md").read_text("utf-8")
    first_block = re.search(r"```(?:bash|sh)?\n(.*?)```", readme, re.S).group(1)
    commands = [line.split("#", 1)[0].strip() for line in first_block.splitlines()]
    assert [c for c in commands if c] == ["make lab", "make test"]
    for user in ("教师", "学生", "阅卷"):
        assert re.search(rf"^## .*{user}", readme, re.M), user


def test_make_help_lists_every_target():
    makefile = (REPO / "Makefile").read_text("utf-8")
    targets = set(re.findall(r"^([a-z-]+):", makefile, re.M))
    shown = subprocess.run(["make", "-s", "help"], cwd=REPO, capture_output=True, text=True).stdout
    assert targets <= set(re.findall(r"make (\S+)", shown)), shown


def test_ci_calls_make_test():
    assert "make test" in (REPO / ".ci/run").read_text("utf-8")
