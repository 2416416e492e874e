"""No module uses another's private names (issue 13, "Done means").

A leading underscore says "only this module relies on it": a name another module needs
is made public (and given a docstring) instead. Every module of ``cipn_coach`` and ``ui``
is read as a syntax tree, so the walk costs no import, and three uses are refused:

- ``from cipn_coach.x import _name`` (the gettext ``_`` is a public name by convention);
- ``x._name`` where ``x`` is a module of the project bound by an import;
- ``obj._name`` on anything but ``self``/``cls`` when this module defines no ``_name``
  (a method or attribute of another module's class, as ``window._voice_changed`` was).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("cipn_coach", "ui")

# (module, attribute): uses of a private name outside the project, each needed
OUTSIDE_THE_PROJECT = {
    # argparse has no public way to ask whether a sub-command already takes an option
    ("cipn_coach/cli/commands.py", "_option_string_actions"),
    # nor to walk a parser's sub-commands: their options are given after an action
    # (commands.py) and their placeholders put in the reader's language (argparse_words.py)
    ("cipn_coach/cli/commands.py", "_actions"),
    ("cipn_coach/cli/commands.py", "_SubParsersAction"),
    ("cipn_coach/cli/argparse_words.py", "_actions"),
    ("cipn_coach/cli/argparse_words.py", "_SubParsersAction"),
}


# a named tuple's public API is spelt with a leading underscore (so it cannot clash with a
# field's name): ``Row._fields`` is documented, not private
NAMED_TUPLE_API = {"_fields", "_field_defaults", "_asdict", "_replace", "_make"}


def is_private(name: str) -> bool:
    return (
        name.startswith("_")
        and not name.startswith("__")
        and name != "_"
        and name not in NAMED_TUPLE_API
    )


def is_ours(module: str | None) -> bool:
    return module is not None and module.split(".")[0] in PACKAGES


def defined_here(tree: ast.AST) -> set[str]:
    """Private names this module defines: functions, classes, assigned names and
    attributes (``self._x = …``), and ``__slots__``/dataclass fields written as names."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
            names.add(node.attr)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            names.add(node.value)  # __slots__ = ("_x",), getattr(self, "_x")
    return {name for name in names if is_private(name)}


def violations(source: str, module: str) -> list[str]:
    """Each use of another module's private name in ``source``, as ``module:line: what``."""
    tree = ast.parse(source, module)
    found: list[str] = []
    imported_modules: set[str] = set()  # local names bound to modules of the project
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and is_ours(node.module):
            for alias in node.names:
                if is_private(alias.name):
                    found.append(f"{module}:{node.lineno}: from {node.module} import {alias.name}")
                else:  # maybe a module (``from cipn_coach.cli import demo``)
                    imported_modules.add(alias.asname or alias.name)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if is_ours(alias.name):
                    imported_modules.add(alias.asname or alias.name.split(".")[0])
    own = defined_here(tree)
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Attribute) and is_private(node.attr)):
            continue
        base = node.value
        if isinstance(base, ast.Name) and base.id in ("self", "cls"):
            continue
        where = f"{module}:{node.lineno}: {ast.unparse(node)}"
        if isinstance(base, ast.Name) and base.id in imported_modules:
            found.append(where)
        elif node.attr not in own and (module, node.attr) not in OUTSIDE_THE_PROJECT:
            found.append(where)
    return found


def project_modules() -> list[Path]:
    return sorted(path for package in PACKAGES for path in (ROOT / package).rglob("*.py"))


def test_no_module_uses_another_modules_private_names() -> None:
    found = [
        line
        for path in project_modules()
        for line in violations(path.read_text(encoding="utf-8"), path.relative_to(ROOT).as_posix())
    ]
    assert found == []


@pytest.mark.parametrize(
    "source",
    [
        "from cipn_coach.cli.checkin import _text_summary\n",
        "from cipn_coach.cli import demo\ndemo._checkin(1)\n",
        "import cipn_coach.cli.demo as demo\ndemo._checkin(1)\n",
        "def f(window):\n    window._voice_changed(1)\n",
    ],
)
def test_each_kind_of_use_is_found(source: str) -> None:
    assert len(violations(source, "ui/example.py")) == 1


@pytest.mark.parametrize(
    "source",
    [
        "from cipn_coach.i18n import _\n",  # gettext's _ is public
        "class A:\n    def __init__(self):\n        self._x = 1\n    def f(self, o):\n"
        "        return o._x\n",  # another object of this module's own class
        "def _helper():\n    pass\nclass A:\n    def f(self):\n        return self._y\n",
    ],
)
def test_a_modules_own_private_names_are_its_own(source: str) -> None:
    assert violations(source, "ui/example.py") == []
