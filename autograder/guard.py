"""Tamper defence for batch grading: restore the notebook's structure, audit the student's code,
and guard the kernel's state before each test cell.

Three layers, each reporting what it found in Chinese (the batch summary and the feedback show it):

1. :func:`normalize` rebuilds the submitted notebook on the assignment's own skeleton: every cell
   nbgrader knows (tests, locked cells, answer cells) comes back in the source order, with the
   source's type and metadata; tests and locked cells come from the source (as nbgrader's
   ``OverwriteCells`` would do), answer cells keep the student's text (or the release stub when
   deleted). Cells the student added keep their place after the nbgrader cell they followed.
   An ordinary submission comes out unchanged, so scores equal stock ``nbgrader autograde``.
2. :func:`audit_code` reads the student's own code (answer cells, added or edited cells) and flags
   what can only serve to fool the checks: assigning into modules (``math.isclose = …``),
   ``setattr``/``exec``/``eval``, ``gc``/``inspect``/``ctypes``/``builtins``/``sys.modules``,
   IPython hooks, classes overriding ``__eq__``/``__float__``…, rebinding ``nmt``/``pd``/``np``.
3. :data:`PREAMBLE` and :data:`GUARD` run in the kernel (silently, before the first cell and
   before every test cell): they snapshot the functions and classes the tests rely on (``math``,
   ``numpy``, ``pandas``, ``pandas.testing``, ``nmt_lab.*``, ``builtins``, the IPython shell's
   hooks and methods) and put back anything changed since, report it, and report objects of
   student-defined classes that override comparison or conversion.
"""

from __future__ import annotations

import ast
import copy
import re

import nbformat

from autograder import notebook as nbk

# ---------------------------------------------------------------------------------------------
# 1. structure


def _meta(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {}) or {}


def _gid(cell) -> str | None:
    m = _meta(cell)
    return m.get("grade_id") if isinstance(m, dict) else None


def normalize(student, source, release) -> tuple[nbformat.NotebookNode, list[str]]:
    """The submission on the source skeleton, and what had to be repaired (Chinese, one per item).

    ``source`` is the instructor version (tests with hidden parts), ``release`` the student
    version (answer stubs). Works on any dict-like notebook; returns a new notebook.
    """
    findings: list[str] = []
    src_cells = {_gid(c): c for c in source.cells if _gid(c)}
    rel_cells = {_gid(c): c for c in release.cells if _gid(c)}
    order = [_gid(c) for c in source.cells if _gid(c)]

    # split the submission into segments: the added cells before each known nbgrader cell
    segments: dict[str, list] = {}
    chosen: dict[str, object] = {}
    pending: list = []
    seen_order: list[str] = []
    for cell in student.cells:
        gid = _gid(cell)
        if gid and gid in src_cells and gid not in chosen:
            chosen[gid] = cell
            segments[gid] = pending
            pending = []
            seen_order.append(gid)
            continue
        cell = copy.deepcopy(cell)
        if gid and gid in chosen:
            findings.append(f"重复的评分单元格 {gid}（已移除其评分标记）")
        elif _meta(cell):
            findings.append(f"未知的评分单元格 {gid or '(无编号)'}（已移除其评分标记）")
        cell.get("metadata", {}).pop("nbgrader", None)
        pending.append(cell)
    trailer = pending

    if [g for g in seen_order] != [g for g in order if g in chosen]:
        findings.append("评分单元格的顺序被改动（已按原顺序恢复）")

    out = nbformat.v4.new_notebook()
    out.metadata = copy.deepcopy(source.metadata)
    for gid in order:
        src = src_cells[gid]
        kind = nbk.kind(src)
        mine = chosen.get(gid)
        out.cells.extend(segments.get(gid, []))
        if kind in ("autograded answer", "manual answer"):
            if mine is None:
                findings.append(f"删除了答题单元格 {gid}（按未作答处理）")
                base = rel_cells.get(gid, src)
                out.cells.append(_clean_copy(base))
                continue
            cell = _clean_copy(src)
            if mine.get("cell_type") != src.cell_type:
                findings.append(f"改变了答题单元格 {gid} 的类型（已恢复为 {src.cell_type}）")
            cell.source = _text(mine.get("source", ""))
            if cell.cell_type == "code" and mine.get("cell_type") == "code":
                cell.outputs = []
            out.cells.append(cell)
            continue
        # tests, locked and read-only cells: always the instructor's version
        if mine is None:
            findings.append(f"删除了{'测试' if kind == 'tests' else '只读'}单元格 {gid}（已恢复）")
        else:
            if mine.get("cell_type") != src.cell_type:
                findings.append(f"改变了单元格 {gid} 的类型（已恢复）")
            elif _text(mine.get("source", "")) not in (src.source, _public(src, rel_cells.get(gid))):
                findings.append(f"修改了{'测试' if kind == 'tests' else '只读'}单元格 {gid}（已恢复）")
            elif _meta(mine).get("points") != _meta(src).get("points") or bool(_meta(mine).get("grade")) != bool(
                    _meta(src).get("grade")):
                findings.append(f"修改了单元格 {gid} 的评分元数据（已恢复）")
        out.cells.append(_clean_copy(src))
    out.cells.extend(trailer)
    for cell in out.cells:
        cell.pop("id", None)  # nbformat 4.5 ids are renumbered on write; duplicates would fail validation
        if cell.get("cell_type") == "code":
            cell.setdefault("outputs", [])
            cell.setdefault("execution_count", None)
        elif cell.get("cell_type") in ("markdown", "raw"):
            cell.pop("outputs", None)
            cell.pop("execution_count", None)
    out.nbformat, out.nbformat_minor = 4, 4
    return nbformat.from_dict(out), findings


def _text(source) -> str:
    return "".join(source) if isinstance(source, list) else str(source)


def _public(src, rel) -> str:
    """What the student saw of a locked cell (the release text: hidden tests removed)."""
    return rel.source if rel is not None else src.source


def _clean_copy(cell):
    c = copy.deepcopy(cell)
    if c.cell_type == "code":
        c.outputs = []
        c.execution_count = None
    return c


# ---------------------------------------------------------------------------------------------
# 2. static audit

ALIASES = {"nmt": "nmt_lab", "pd": "pandas", "np": "numpy", "math": "math", "px": "plotly.express"}
_FORBIDDEN_IMPORTS = {
    "gc": "gc", "inspect": "inspect", "ctypes": "ctypes", "builtins": "builtins", "__builtin__": "builtins",
    "importlib": "importlib", "threading": "threading", "_thread": "_thread", "multiprocessing": "multiprocessing",
    "signal": "signal", "atexit": "atexit", "unittest": "unittest.mock", "mock": "mock", "IPython": "IPython",
    "ipykernel": "ipykernel", "sys": None, "types": None, "marshal": "marshal", "code": "code", "dis": "dis",
}
# display helpers the notebooks themselves use (``from IPython.display import Video``)
_ALLOWED_IMPORTS = {"IPython.display"}
_FORBIDDEN_CALLS = {"setattr", "delattr", "exec", "eval", "compile", "__import__", "globals", "vars", "locals",
                    "get_ipython", "breakpoint"}
_FORBIDDEN_ATTRS = {"__dict__", "__class__", "__subclasses__", "__globals__", "__code__", "__closure__",
                    "__mro__", "__bases__", "__builtins__", "__getattribute__", "__setattr__", "__defaults__",
                    "__kwdefaults__", "f_globals", "f_locals", "f_back", "tb_frame", "gi_frame"}
_SYS_ATTRS = {"modules", "meta_path", "path_hooks", "settrace", "setprofile", "addaudithook", "displayhook",
              "excepthook", "stdout", "stderr", "__stdout__", "__stderr__", "_getframe", "setrecursionlimit"}
_DUNDERS = {"__eq__", "__ne__", "__lt__", "__le__", "__gt__", "__ge__", "__hash__", "__float__", "__int__",
            "__index__", "__str__", "__repr__", "__format__", "__bool__", "__len__", "__contains__", "__iter__",
            "__getitem__", "__abs__", "__sub__", "__rsub__", "__truediv__", "__rtruediv__", "__array__",
            "__array_ufunc__", "__array_function__", "__instancecheck__", "__subclasscheck__", "__getattr__",
            "__round__", "__complex__", "__trunc__", "__floor__", "__ceil__", "__item__", "item"}


_SETTINGS = {"options", "defaults", "templates", "renderers", "rcParams", "config"}
_FILE_OPS = {"remove", "unlink", "rename", "replace", "rmdir", "removedirs", "chmod", "chown", "system", "popen",
             "truncate", "link", "symlink", "rmtree", "move", "copy", "copyfile", "copy2", "copytree", "run", "call",
             "Popen", "check_call", "check_output", "execv", "execve", "execvp", "spawnv", "kill", "killpg"}


def _writes(call: ast.Call) -> bool:
    """``open(path, mode)`` with a writing mode and a path that leaves the working folder."""
    mode = call.args[1] if len(call.args) > 1 else next((k.value for k in call.keywords if k.arg == "mode"), None)
    if not (isinstance(mode, ast.Constant) and isinstance(mode.value, str) and set(mode.value) & set("wax+")):
        return False
    path = call.args[0] if call.args else None
    if isinstance(path, ast.Constant) and isinstance(path.value, str):
        return path.value.startswith(("/", "~")) or ".." in path.value
    return True


def _ipython_to_python(source: str) -> str:
    try:
        from IPython.core.inputtransformer2 import TransformerManager
        return TransformerManager().transform_cell(source)
    except Exception:  # noqa: BLE001 - fall back to the raw text
        return source


def _chain(node) -> list[str]:
    """``a.b.c`` -> ['a', 'b', 'c']; [] when the base is not a plain name."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        return [node.id, *reversed(parts)]
    return []


def audit_code(source: str) -> list[str]:
    """Reasons (Chinese) why this student code may be trying to fool the tests; [] when none.

    >>> audit_code("like_rate = month_posts['likes'].sum() / month_posts['reads'].sum()")
    []
    >>> audit_code("import math\\nmath.isclose = lambda *a, **k: True")
    ['修改了模块的函数 math.isclose']
    >>> audit_code("import pandas as pd\\npd.options.display.max_rows = 100")
    []
    >>> audit_code("class A:\\n    def __eq__(self, other):\\n        return True")
    ['定义了改写比较/转换行为的类 A（__eq__）']
    >>> audit_code("from IPython.display import Video"), audit_code("from IPython import get_ipython")
    ([], ['导入了 IPython（评分时不允许）'])
    """
    code = _ipython_to_python(source)
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return []
    modules = set(ALIASES)  # names bound to modules in this code
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                modules.add(a.asname or a.name.split(".")[0])
        elif isinstance(node, ast.ImportFrom) and node.module:
            for a in node.names:
                modules.add(a.asname or a.name)
    found: list[str] = []

    def flag(msg: str) -> None:
        if msg not in found:
            found.append(msg)

    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            if isinstance(node, ast.ImportFrom) and node.module == "IPython" and \
                    all(a.name == "display" for a in node.names):
                names = ["IPython.display"]
            for name in names:
                top = name.split(".")[0]
                if name in _ALLOWED_IMPORTS:
                    continue
                if top in _FORBIDDEN_IMPORTS and _FORBIDDEN_IMPORTS[top]:
                    flag(f"导入了 {name}（评分时不允许）")
            if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "sys":
                for a in node.names:
                    if a.name in _SYS_ATTRS:
                        flag(f"使用了 sys.{a.name}")
        elif isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Delete)):
            targets = node.targets if isinstance(node, (ast.Assign, ast.Delete)) else [node.target]
            flat = []
            for t in targets:
                flat.extend(t.elts if isinstance(t, (ast.Tuple, ast.List)) else [t])
            for t in flat:
                chain = _chain(t)
                if isinstance(t, ast.Attribute) and chain and chain[0] in modules:
                    if len(chain) > 2 and chain[1] in _SETTINGS:  # pd.options.display.max_rows = 100
                        continue
                    flag(f"修改了模块的函数 {'.'.join(chain)}")
                elif isinstance(t, ast.Attribute) and chain and chain[-1].startswith("__"):
                    flag(f"修改了对象的特殊属性 {'.'.join(chain)}")
                elif isinstance(t, ast.Name) and t.id in ALIASES:
                    flag(f"把 {t.id} 改成了别的对象")
                elif isinstance(t, ast.Subscript) and _chain(t.value)[-1:] in (["modules"], ["__dict__"]):
                    flag("改写了 sys.modules 或 __dict__")
        elif isinstance(node, ast.Call):
            func = node.func
            chain = _chain(func)
            if isinstance(func, ast.Name) and func.id == "open" and _writes(node):
                flag("试图写文件（评分时目录只读）")
            elif chain[:1] in (["os"], ["shutil"], ["subprocess"]) and len(chain) > 1 and chain[1] in _FILE_OPS:
                flag(f"调用了 {'.'.join(chain)}（修改文件或运行命令）")
            elif isinstance(func, ast.Attribute) and func.attr in ("write_text", "write_bytes", "unlink", "rmdir",
                                                                     "touch", "symlink_to", "chmod"):
                flag(f"试图修改文件（.{func.attr}）")
            if isinstance(func, ast.Name) and func.id in _FORBIDDEN_CALLS:
                flag(f"调用了 {func.id}()")
            elif isinstance(func, ast.Name) and func.id == "type" and len(node.args) == 3:
                flag("用 type() 动态创建了类")
            elif isinstance(func, ast.Name) and func.id == "getattr" and node.args and _chain(node.args[0])[:1] and \
                    _chain(node.args[0])[0] in modules:
                flag("用 getattr 读取模块属性")
        elif isinstance(node, ast.Attribute):
            if node.attr in _FORBIDDEN_ATTRS:
                flag(f"使用了 {node.attr}")
            chain = _chain(node)
            if chain[:1] == ["sys"] and len(chain) > 1 and chain[1] in _SYS_ATTRS:
                flag(f"使用了 sys.{chain[1]}")
        elif isinstance(node, ast.Name) and node.id in ("__builtins__", "get_ipython"):
            flag(f"使用了 {node.id}")
        elif isinstance(node, ast.ClassDef):
            own = set()
            for item in node.body:
                if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    own.add(item.name)
                elif isinstance(item, ast.Assign):
                    own.update(t.id for t in item.targets if isinstance(t, ast.Name))
            bad = sorted(own & _DUNDERS)
            if bad:
                flag(f"定义了改写比较/转换行为的类 {node.name}（{'、'.join(bad)}）")
    return found


def student_code_cells(normalized, release) -> list[tuple[str, str]]:
    """(label, source) of the code the student wrote: answer cells and cells not in the release."""
    shown = {c.source for c in release.cells if c.cell_type == "code"}
    out = []
    for i, cell in enumerate(normalized.cells):
        if cell.cell_type != "code":
            continue
        kind = nbk.kind(cell)
        if kind in ("tests", "readonly"):
            continue
        if kind in ("autograded answer", "manual answer") or cell.source not in shown:
            out.append((_gid(cell) or f"第 {i + 1} 个单元格", cell.source))
    return out


# ---------------------------------------------------------------------------------------------
# 3. in-kernel guard. ``{key}`` is a per-submission random name under which the guard lives.

PREAMBLE = r'''
def _nmt_install_guard(key):
    import builtins, gc, importlib, os, sys, threading, types
    protected = ["math", "operator", "functools", "numbers", "decimal", "fractions", "statistics", "re", "json",
                 "datetime", "numpy", "numpy.testing", "pandas", "pandas.testing", "pandas.api.types",
                 "nmt_lab", "nmt_lab.check", "nmt_lab.datasets", "nmt_lab.metrics", "nmt_lab.labels",
                 "nmt_lab.curriculum", "nmt_lab.compliance", "nmt_lab.platform_rules"]
    aliases = %(aliases)r
    mods, classes, inherited = {}, {}, {}
    def keep(v):
        return callable(v) or isinstance(v, types.ModuleType)
    def snap_module(name):
        m = sys.modules.get(name)
        if m is None or name in mods:
            return
        mods[name] = (m, {k: v for k, v in vars(m).items() if keep(v)})
        for v in list(vars(m).values()):
            if isinstance(v, type):
                for c in v.__mro__:
                    if c is not object and c not in classes and (c.__flags__ & (1 << 9)):
                        classes[c] = dict(vars(c))
                        inherited[c] = {k for b in c.__mro__[1:] for k in vars(b)}
    for name in protected:
        try:
            importlib.import_module(name)
        except Exception:
            pass
    for name in list(sys.modules):
        if name in protected or name.startswith(("nmt_lab.", "pandas.core.indexing", "pandas.core.frame",
                                                 "pandas.core.series", "pandas.core.generic")):
            snap_module(name)
    shell = get_ipython()
    kernel = getattr(shell, "kernel", None)
    for obj in (shell, kernel, getattr(shell, "events", None), getattr(shell, "displayhook", None),
                getattr(shell, "display_pub", None)):
        if obj is not None:
            for c in type(obj).__mro__:
                if c is not object and c not in classes and (c.__flags__ & (1 << 9)):
                    classes[c] = dict(vars(c))
                    inherited[c] = {k for b in c.__mro__[1:] for k in vars(b)}
    inst_keys = ["run_cell", "run_cell_async", "run_code", "run_ast_nodes", "transform_cell", "showtraceback",
                 "showsyntaxerror", "_showtraceback", "custom_exceptions", "CustomTB", "InteractiveTB",
                 "SyntaxTB", "displayhook", "display_pub", "display_formatter", "compile", "ast_transformers",
                 "input_transformers_cleanup", "input_transformers_post", "input_transformer_manager",
                 "should_run_async", "user_expressions", "ex", "ev", "events", "excepthook", "kernel"]
    inst = {k: vars(shell).get(k, None) for k in inst_keys}
    lists = {k: list(getattr(shell, k, []) or []) for k in ("ast_transformers", "input_transformers_cleanup",
                                                              "input_transformers_post")}
    tm = getattr(shell, "input_transformer_manager", None)
    tm_lists = {k: list(getattr(tm, k, []) or []) for k in ("cleanup_transforms", "line_transforms",
                                                             "token_transformers")}
    kinst = {k: vars(kernel).get(k) for k in ("do_execute", "execute_request", "shell_handlers",
                                              "session", "iopub_socket")} if kernel else {}
    events = {k: list(v) for k, v in shell.events.callbacks.items()}
    sys_hooks = {k: getattr(sys, k) for k in ("displayhook", "stdout", "stderr")}  # IPython swaps excepthook
    meta_path, path_hooks = list(sys.meta_path), list(sys.path_hooks)
    builtin_snap = dict(vars(builtins))
    threads = {t.ident for t in threading.enumerate()}
    gc_callbacks = list(gc.callbacks)
    lib = ("matplotlib", "IPython", "ipykernel", "ipywidgets", "plotly", "traitlets", "comm", "anywidget",
           "pandas", "nmt_lab", "jupyter", "zmq", "tornado", "debugpy")
    _eval_dunders = %(dunders)r

    def from_library(obj):
        mod = getattr(obj, "__module__", None) or getattr(type(obj), "__module__", "") or ""
        return mod.startswith(lib)

    def user_class(c):
        if not (c.__flags__ & (1 << 9)) or c in classes:
            return False
        if c.__module__ == "__main__":
            return True
        owner = sys.modules.get(c.__module__)
        obj = owner
        for part in c.__qualname__.split("."):
            obj = getattr(obj, part, None)
        return obj is not c

    def suspicious(value):
        for c in type(value).__mro__:
            if user_class(c):
                bad = sorted(set(vars(c)) & _eval_dunders)
                if bad:
                    return c.__name__ + "（" + "、".join(bad) + "）"
        return None

    def guard(user_ns):
        found = []
        for name in list(sys.modules):
            if name.startswith("nmt_lab.") and name not in mods:
                snap_module(name)
        for name, (m, snap) in mods.items():
            if sys.modules.get(name) is not m:
                sys.modules[name] = m
                found.append("替换了模块 " + name)
            d = vars(m)
            for k, v in snap.items():
                if d.get(k, guard) is not v:
                    found.append("修改了 " + name + "." + k)
                    setattr(m, k, v)
        for c, snap in classes.items():
            d = vars(c)
            for k, v in snap.items():
                if d.get(k, guard) is not v:
                    found.append("修改了类 " + c.__name__ + "." + k)
                    try:
                        setattr(c, k, v)
                    except Exception:
                        pass
            for k in list(d):
                if k not in snap and ((k.startswith("__") and k.endswith("__")) or k in inherited[c]):
                    found.append("修改了类 " + c.__name__ + "." + k)
                    try:
                        delattr(c, k)
                    except Exception:
                        pass
        bd = vars(builtins)
        for k, v in builtin_snap.items():
            if k not in ("_", "__", "___", "input", "raw_input") and bd.get(k, guard) is not v:
                found.append("修改了内置函数 " + k)
                bd[k] = v
        for k, v in inst.items():
            if vars(shell).get(k, None) is not v:
                found.append("修改了 IPython 的 " + k)
                if v is None:
                    vars(shell).pop(k, None)
                else:
                    vars(shell)[k] = v
        for k, v in lists.items():
            cur = getattr(shell, k, None)
            if cur is not None and list(cur) != v:
                extra = [f for f in cur if f not in v and not from_library(f)]
                if extra:
                    found.append("注册了 IPython 的 " + k)
                    cur[:] = [f for f in cur if f in v or from_library(f)]
        for k, v in tm_lists.items():
            cur = getattr(tm, k, None)
            if cur is not None and list(cur) != v:
                found.append("修改了 IPython 的输入转换")
                cur[:] = v
        for k, v in kinst.items():
            if vars(kernel).get(k) is not v:
                found.append("修改了内核的 " + k)
                if v is None:
                    vars(kernel).pop(k, None)
                else:
                    vars(kernel)[k] = v
        for ev, cbs in shell.events.callbacks.items():
            extra = [f for f in cbs if f not in events.get(ev, []) and not from_library(f)]
            if extra:
                found.append("注册了 IPython 事件 " + ev)
                cbs[:] = [f for f in cbs if f not in extra]
        for k, v in sys_hooks.items():
            cur = getattr(sys, k)
            if cur is not v and not (k in ("stdout", "stderr") and from_library(cur)):
                found.append("修改了 sys." + k)
                setattr(sys, k, v)
        if list(sys.meta_path) != meta_path or list(sys.path_hooks) != path_hooks:
            extra = [f for f in sys.meta_path if f not in meta_path
                     and (user_class(type(f)) or (isinstance(f, type) and user_class(f)))]
            if extra:
                found.append("修改了 sys.meta_path")
                sys.meta_path[:] = [f for f in sys.meta_path if f not in extra]
        if sys.gettrace() is not None or sys.getprofile() is not None:
            found.append("设置了 sys.settrace/setprofile")
            sys.settrace(None)
            sys.setprofile(None)
        if threading._trace_hook is not None or threading._profile_hook is not None:
            found.append("设置了 threading.settrace")
            threading.settrace(None)
            threading.setprofile(None)
        if list(gc.callbacks) != gc_callbacks:
            found.append("注册了 gc 回调")
            gc.callbacks[:] = gc_callbacks
        for t in threading.enumerate():
            if t.ident not in threads:
                target = getattr(t, "_target", None) or type(t).run
                if not from_library(target):
                    found.append("启动了后台线程 " + t.name)
                threads.add(t.ident)
        for alias, modname in aliases.items():
            real = sys.modules.get(modname)
            if alias in user_ns and real is not None and user_ns[alias] is not real \
                    and isinstance(user_ns[alias], types.ModuleType) is False:
                found.append("把 " + alias + " 换成了别的对象")
                user_ns[alias] = real
        for name, value in list(user_ns.items()):
            if name.startswith("_") or isinstance(value, (types.ModuleType, type, types.FunctionType)):
                continue
            items = [value]
            if isinstance(value, (list, tuple, set, frozenset)):
                items += list(value)[:200]
            elif isinstance(value, dict):
                items += list(value.keys())[:200] + list(value.values())[:200]
            elif getattr(value, "dtype", None) == object and hasattr(value, "ravel"):
                try:
                    items += list(value.ravel()[:200])
                except Exception:
                    pass
            elif getattr(value, "dtype", None) == object and hasattr(value, "iloc"):
                try:
                    items += list(value.iloc[:200])
                except Exception:
                    pass
            for item in items:
                bad = suspicious(item)
                if bad:
                    found.append("变量 " + name + " 是自定义比较/转换行为的对象 " + bad)
                    break
        return found

    setattr(builtins, key, guard)

_nmt_install_guard(%(key)r)
del _nmt_install_guard
'''

GUARD = r'''
try:
    _nmt_guard_out = __import__("builtins").__dict__[%(key)r](get_ipython().user_ns)
except Exception as _e:
    _nmt_guard_out = ["评分守护出错：" + type(_e).__name__]
'''
# the key is a random identifier; check it looks like one before formatting code with it
KEY = re.compile(r"^_nmt_[0-9a-f]{16}$")


def preamble(key: str) -> str:
    assert KEY.match(key)
    return PREAMBLE % {"key": key, "aliases": ALIASES, "dunders": set(_DUNDERS - {"item", "__repr__", "__format__"})}


def guard_code(key: str) -> str:
    assert KEY.match(key)
    return GUARD % {"key": key}
