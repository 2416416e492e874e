"""The layers are held by a tool (issue 13 §2): each import-linter contract in
pyproject.toml is shown failing on a deliberate violation, in a copy of the packages."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not LINT_IMPORTS.exists(), reason="import-linter is not installed"),
]

# contract id -> (module written into the copy, the import it must not make)
VIOLATIONS = {
    "core-no-gui": ("cipn_coach/violation.py", "import PySide6.QtWidgets\n"),
    "ui-no-storage": ("ui/violation.py", "from cipn_coach.storage import db\n"),
    "calculators-no-storage": (
        "cipn_coach/engine/violation.py",
        "from cipn_coach.storage.repository import SessionRepository\n",
    ),
    "menus-no-window": ("ui/menus.py", None),  # the menus reaching back into the window
}


def lint(folder: Path, contract: str | None = None) -> subprocess.CompletedProcess[str]:
    args = [str(LINT_IMPORTS), "--no-cache"] + (["--contract", contract] if contract else [])
    env = dict(os.environ, PYTHONPATH=str(folder))
    return subprocess.run(args, cwd=folder, env=env, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("layers")
    for package in ("cipn_coach", "ui"):
        shutil.copytree(
            ROOT / package, folder / package, ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
        )
    shutil.copy(ROOT / "pyproject.toml", folder / "pyproject.toml")
    return folder


def test_the_tree_as_it_is_keeps_every_contract(copy: Path) -> None:
    result = lint(copy)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("contract", sorted(VIOLATIONS))
def test_a_deliberate_violation_breaks_its_contract(copy: Path, contract: str) -> None:
    path, source = VIOLATIONS[contract]
    module = copy / path
    before = module.read_text(encoding="utf-8") if module.exists() else None
    if source is None:  # an import added to a real module
        module.write_text(
            before + "\nfrom ui.main_window import MainWindow  # noqa\n", encoding="utf-8"
        )
    else:
        module.write_text(source, encoding="utf-8")
    try:
        result = lint(copy, contract)
    finally:
        if before is None:
            module.unlink()
        else:
            module.write_text(before, encoding="utf-8")
    assert result.returncode != 0
    assert "BROKEN" in result.stdout, result.stdout
    culprit = path.removesuffix(".py").replace("/", ".")
    assert culprit in result.stdout, result.stdout
