"""The path to Today loads only what Today needs (issue 13): not Progress's pyqtgraph, not
the clinician's pages, not Alembic when no migration is due, not the summary."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.child import ROOT, child_json


def among(modules: list[str], packages: tuple[str, ...]) -> list[str]:
    """The ``modules`` that are one of ``packages`` or inside one."""
    return [m for m in modules if any(m == p or m.startswith(p + ".") for p in packages)]


# run in a fresh process: what the app has loaded once Today is drawn in the full window
SCRIPT = r"""
import json, sys
from datetime import datetime
from pathlib import Path
from PySide6.QtWidgets import QApplication
from cipn_coach.services import open_services
from cipn_coach.speech.speaker import NullSpeaker
from ui.main_window import MainWindow
app = QApplication([])
services = open_services(Path(sys.argv[1]), recover=True)
window = MainWindow(services, NullSpeaker(), chime=lambda: None,
                    now=lambda: datetime(2026, 3, 18, 13, 30))
window.show()
app.processEvents()
print(json.dumps({"day": window.today.day_line.text(), "modules": sorted(sys.modules)}))
services.close()
"""

NOT_FOR_TODAY = (
    "pyqtgraph",
    "numpy",
    "alembic",
    "ui.pages.progress",
    "ui.clinician.page",
    "ui.clinician.own_exercise",
    "ui.clinician.routine_editor",
    "ui.pages.checkin",
    "ui.pages.settings",
    "ui.pages.backups_view",
    "ui.session.player",
    "ui.treatment.flow",
    "ui.treatment.page",
    "ui.session.driver",
    "ui.selftests.driver",
    "cipn_coach.reports.summary",
    "cipn_coach.reports.report_data",
    "cipn_coach.checkin.schema",  # a pydantic schema: built when a check-in is saved
    "cipn_coach.sessions.recorder",
    "cipn_coach.engine.session",  # on Start, or on continuing a session cut short
    "cipn_coach.engine.selftest",
)


def test_today_is_drawn_without_what_it_does_not_need(tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    first = subprocess.run(
        [sys.executable, "main.py", "--data-dir", str(tmp_path), "summary", "--json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
    )
    assert first.returncode == 0, first.stderr  # the first start migrates; then none is due
    seen = child_json(SCRIPT, str(tmp_path))
    assert seen["day"].startswith("Wednesday 18 March")
    assert among(seen["modules"], NOT_FOR_TODAY) == []


# the app's start on a folder left by an older version: the migration is due
UPDATE_SCRIPT = r"""
import json, sys
from pathlib import Path
from cipn_coach.services import open_services
from cipn_coach.storage.db import current_revision
services = open_services(Path(sys.argv[1]), recover=True, migrate_apart=True)  # as ui.gui
print(json.dumps({"revision": current_revision(services.db.engine),
                  "modules": sorted(sys.modules)}))
services.close()
"""


def test_an_update_migrates_apart_and_leaves_no_alembic_in_the_app(tmp_path: Path) -> None:
    """Alembic (~10 MiB, ~140 modules) cannot be unloaded: the app's process never
    imports it, even on the start that upgrades an older version's data."""
    from cipn_coach.storage.db import DATABASE_FILE
    from cipn_coach.storage.migrations import HEAD_REVISION

    fixture = ROOT / "tests" / "fixtures" / "schema_0004.sqlite3"
    (tmp_path / DATABASE_FILE).write_bytes(fixture.read_bytes())
    seen = child_json(UPDATE_SCRIPT, str(tmp_path))
    assert seen["revision"] == HEAD_REVISION
    assert among(seen["modules"], ("alembic",)) == []


# the app as `cipn-coach` starts it: what is loaded when its window is first shown
FIRST_PAINT_SCRIPT = r"""
import json, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
import ui.shell
shown = {}
plain_show = ui.shell.AppWindow.show
def show(window):
    shown["modules"] = sorted(sys.modules)
    plain_show(window)
    QTimer.singleShot(0, QApplication.quit)  # the first paint is all this test is about
ui.shell.AppWindow.show = show
from ui.app import main
main(["--data-dir", sys.argv[1]])
print(json.dumps(shown))
"""

# what the window's first paint (a bare window's cost, issue 13 §5 figure 1) never waits for
NOT_BEFORE_THE_FIRST_PAINT = (
    "babel",
    "cipn_coach.formatting",
    "cipn_coach.settings.patient",
    "cipn_coach.services",
    "cipn_coach.storage.db",  # (the language is peeked at with sqlite3: storage.setting_peek)
    "cipn_coach.storage.models",
    "cipn_coach.storage.repository",
    "sqlalchemy",
    "pydantic",
    "pyttsx3",
    "PySide6.QtMultimedia",
)


def test_the_first_paint_waits_for_nothing_but_qt(tmp_path: Path) -> None:
    seen = child_json(FIRST_PAINT_SCRIPT, str(tmp_path))
    assert among(seen["modules"], NOT_BEFORE_THE_FIRST_PAINT) == []


GUI_IMPORTS = r"""
import builtins, json, linecache, sys
import ui.app
run_gui = ui.app.load_gui()
print(json.dumps({
    "import": getattr(builtins.__import__, "__name__", ""),
    "sources read": sorted(linecache.cache),
    "entry": run_gui.__module__,
}))
"""


def test_the_gui_is_imported_without_pyside6s_import_hook(tmp_path: Path) -> None:
    """PySide6's own import hooks ``__import__``: from then on every import statement (the
    UI's, the standard library's, even of a module already loaded) went through Python
    code, and each module's whole source was read and kept (``linecache``) to see whether
    it uses PySide6: ~30 files, ~1.7 MiB kept for the app's life, read before the first
    paint. The GUI's entry imports PySide6 first and takes the hook out before anything
    else is imported; nothing's source is read."""
    seen = child_json(GUI_IMPORTS, str(tmp_path))
    assert seen["entry"] == "ui.gui"
    # what PySide6 puts under its feature hook (6.11: a lazy import of its own, in C)
    assert seen["import"] != "__feature_import__"
    assert seen["sources read"] == []
