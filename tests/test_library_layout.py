"""The shape of nmt_lab: small modules, organised by concept, that never import each other in a circle.

Both rules guard what 30 notebooks need from the library: a module you can read in one sitting, and a
dependency order you can follow from the bottom (``_errors``, ``labels``, ``text`` …) to the top.
"""

import ast
import inspect
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "nmt_lab"
MAX_LINES = 800

#: Modules allowed over the limit for now, and why; an entry must go once its module is split.
OVER_LIMIT = {
    "datagen/comments.py": "the comment generator is being reworked on its own branch (datagen is not split here)",
}

#: Import circles tolerated for now, and why (an edge each); an entry must go once its circle is broken.
KNOWN_CIRCLES = {
    ("nmt_lab.datagen.readme", "nmt_lab.datagen"):
        "render_readme imports load_schema from the package that calls it; datagen is reworked on its own branch",
}

#: Modules that a function of the package deliberately hides: ``nmt.labels(...)`` is the function students call.
SHADOWED = {"nmt_lab.labels"}


def _modules() -> dict[str, Path]:
    """Dotted name -> file of every module of the package (a package is its ``__init__.py``)."""
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def _imports(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The nmt_lab modules that ``name`` imports anywhere in its code (function-level imports too)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - node.level + 1]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            # `from . import compliance` imports a module; `from .text import mask_text` imports from one
            targets = [f"{source}.{alias.name}" if f"{source}.{alias.name}" in modules else source
                       for alias in node.names]
        else:
            continue
        for target in targets:
            while target and target not in modules:   # `import nmt_lab.images.covers.x` -> its module
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def import_graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imports(name, path, modules) for name, path in modules.items()}


def test_the_import_graph_sees_function_level_imports():
    graph = import_graph()
    assert "nmt_lab.widgets" in graph["nmt_lab.interaction"]     # `from .widgets import Panel` inside a panel
    assert "nmt_lab.text" in graph["nmt_lab.comments.queue"]


def test_no_import_circles_among_nmt_lab_modules():
    graph = import_graph()
    for module, target in KNOWN_CIRCLES:
        assert target in graph[module], f"remove {(module, target)} from KNOWN_CIRCLES: that import is gone"
        graph[module].discard(target)
    try:
        order = list(TopologicalSorter(graph).static_order())
    except CycleError as exc:
        circle = " -> ".join(exc.args[1])
        pytest.fail(f"nmt_lab modules import each other in a circle: {circle}. Move the shared code into a "
                    f"module both can import (text analytics live in nmt_lab.text).")
    assert order.index("nmt_lab.text") < order.index("nmt_lab.comments.queue")
    assert order.index("nmt_lab.text") < order.index("nmt_lab.interaction")


def test_every_module_stays_under_the_line_limit():
    sizes = {str(path.relative_to(PACKAGE)): len(path.read_text("utf-8").splitlines())
             for path in PACKAGE.rglob("*.py")}
    too_long = {f: n for f, n in sizes.items() if n > MAX_LINES and f not in OVER_LIMIT}
    assert not too_long, (f"modules over {MAX_LINES} lines: {too_long}. Split by sub-concept (a subpackage or "
                          f"sibling modules), not by notebook.")
    stale = [f for f in OVER_LIMIT if sizes.get(f, 0) <= MAX_LINES]
    assert not stale, f"remove these from OVER_LIMIT, they are small now: {stale}"


def test_no_submodule_is_hidden_behind_a_function_of_the_same_name():
    # `from .materials import material` is fine; a submodule `library` next to a function `library()` is not:
    # `nmt.images.library` would be the function and the module only reachable through sys.modules
    import importlib

    for name, path in _modules().items():
        if path.name != "__init__.py":
            continue
        package = importlib.import_module(name)
        for sub in path.parent.glob("*.py"):
            if sub.stem != "__init__" and f"{name}.{sub.stem}" not in SHADOWED:
                attr = getattr(package, sub.stem, None)
                assert attr is None or inspect.ismodule(attr), f"{name}.{sub.stem} is a module and a {type(attr)}"
