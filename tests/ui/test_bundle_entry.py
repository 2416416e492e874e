"""Inside the PyInstaller bundle ``sys.executable`` is the app itself, not Python.

The one place that starts another process (the Today helper at start-up,
``ui.today_reader``) must then run the app's own executable with ``--today-helper``, and
the bundle's entry point (``packaging/bundle_main.py``) must answer it without Qt.
``make bundle-test`` runs the real bundle; these check the two halves in the venv.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from cipn_coach import __version__
from cipn_coach.today_model import HELPER_ARGUMENT
from ui import today_reader

ROOT = Path(__file__).resolve().parents[2]
ENTRY = ROOT / "packaging" / "bundle_main.py"


def test_in_a_bundle_the_today_helper_is_the_apps_own_executable(monkeypatch, tmp_path):
    """A PyInstaller bundle's ``sys.executable`` is the app, not Python: no ``-c``."""
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", "/opt/cipn-coach/cipn-coach")
    assert today_reader.helper_command(tmp_path) == ("/opt/cipn-coach/cipn-coach",
                                                     [HELPER_ARGUMENT, str(tmp_path)])
    monkeypatch.delattr(sys, "frozen")
    program, arguments = today_reader.helper_command(tmp_path)
    assert program == "/opt/cipn-coach/cipn-coach" and arguments[0] == "-c"


def entry(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, str(ENTRY), *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=60)


# runs the entry point as the bundle does, then says whether Qt was loaded and the exit code
PROBE = """
import runpy, sys
sys.argv = sys.argv[1:]
code = None
try:
    runpy.run_path(sys.argv[0], run_name="__main__")
except SystemExit as stop:
    code = stop.code
print("qt loaded" if "PySide6" in sys.modules else "no qt", code)
"""


def test_the_entry_point_answers_the_helper_without_loading_qt(tmp_path):
    probe = subprocess.run([sys.executable, "-c", PROBE, str(ENTRY), HELPER_ARGUMENT,
                            str(tmp_path / "no data yet")],
                           cwd=tmp_path, env=dict(os.environ, PYTHONPATH=str(ROOT)),
                           capture_output=True, text=True, timeout=60)
    *answer, verdict = probe.stdout.strip().splitlines()
    assert verdict == "no qt 0", probe.stdout + probe.stderr
    assert answer[0].startswith('{"format": "cipn-coach-today/1"')  # a first start's Today


def test_the_entry_point_is_the_app_otherwise(tmp_path):
    done = entry("--version", cwd=tmp_path)
    assert done.returncode == 0 and done.stdout.strip() == f"cipn-coach {__version__}", done.stderr
