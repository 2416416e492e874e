"""Reading Today in a helper process while the window loads.

Start-up is mostly single-threaded Python (Qt's bindings, then pydantic and SQLAlchemy),
so a second core sits idle. ``TodayReader`` starts ``python -m cipn_coach.today_model``
as soon as the app starts; it reads Today through the read-only start-up readers and
prints it as JSON, usually before the window has even painted. The UI thread never
waits for it: the answer arrives through QProcess's signals. Any failure (no answer,
a bad answer, too slow) just means the full window is built without the shortcut.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QProcess, QTimer

from cipn_coach.i18n import language

PATIENCE_MS = 5000  # past this the full window is nearly ready anyway: stop waiting
_ROOT = Path(__file__).resolve().parent.parent  # where cipn_coach lives beside ui


class TodayReader:
    def __init__(self, data_dir: Path) -> None:
        self._process = QProcess()
        self._process.setProgram(sys.executable)
        self._process.setArguments([
            "-c", f"import sys; sys.path.insert(0, {str(_ROOT)!r}); "
                  "from cipn_coach.today_model import main; sys.exit(main(sys.argv[1:]))",
            "--lang", language(), str(data_dir)])  # its words in the window's language
        self._process.setProcessChannelMode(QProcess.ProcessChannelMode.SeparateChannels)
        self._handler: Callable[[object], None] | None = None
        self._process.finished.connect(self._finished)
        self._process.errorOccurred.connect(lambda _error: self._finished())
        self._process.start()

    def when_done(self, handler: Callable[[object], None]) -> None:
        """``handler(model)`` once the answer is in (``None`` if there is none), at once
        if it already is; never more than once."""
        self._handler = handler
        if self._process.state() == QProcess.ProcessState.NotRunning:
            self._finished()
        else:
            QTimer.singleShot(PATIENCE_MS, self._give_up)

    def _give_up(self) -> None:
        if self._process.state() != QProcess.ProcessState.NotRunning:
            self._process.kill()  # finished() follows, with no usable answer
            self._answer(None)

    def _finished(self) -> None:
        if self._handler is None or self._process.state() != QProcess.ProcessState.NotRunning:
            return  # not asked yet (kept until asked), or an error while still running
        model = None
        if (self._process.exitStatus() == QProcess.ExitStatus.NormalExit
                and self._process.exitCode() == 0):
            from cipn_coach.today_model import TodayModel

            try:
                model = TodayModel.from_json(bytes(self._process.readAllStandardOutput()).decode())
            except (UnicodeDecodeError, ValueError):
                model = None
        self._answer(model)

    def _answer(self, model: object) -> None:
        handler, self._handler = self._handler, None
        if handler is not None:
            handler(model)
