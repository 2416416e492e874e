"""What the window shows while the app finishes opening: Today, with the patient's data.

The full window needs SQLAlchemy, pydantic, the speech engine and every page: seconds
on a modest machine. Today itself is read by a helper process started with the app
(``cipn_coach.today_model``), on the other core while this process loads Qt, and this
view draws its answer as soon as the window has painted. It is laid out exactly like
the full window (menu bar, navigation column, page) so nothing moves when the window
takes its place, and a Start pressed meanwhile is carried out as soon as it is ready.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QMenuBar, QVBoxLayout, QWidget

from cipn_coach.today_model import TodayModel
from ui.nav import NavColumn
from ui.pages.today import TodayPage


class StartingView(QWidget):
    painted = Signal()  # Today has been drawn: time to build the rest

    def __init__(self, read_only: bool = False) -> None:
        """The empty frame: built while the helper process may still be reading, so only
        ``fill`` is left to do when its answer arrives."""
        super().__init__()
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        bar = QMenuBar()
        for title in ("&File", "&View", "&Help"):  # the same titles as the real menus, not yet active
            bar.addMenu(title).setEnabled(False)
        outer.setMenuBar(bar)
        root = QHBoxLayout()
        outer.addLayout(root)
        self.nav = NavColumn()
        for button in self.nav.buttons():
            button.setEnabled(False)  # the screens behind them are still being built
        root.addWidget(self.nav)
        self.today = TodayPage()
        self._read_only = read_only
        root.addWidget(self.today, 1)
        self.pending_start: tuple[str, str] | None = None
        self.today.start_requested.connect(self._remember_start)
        self._painted = False
        self.today.installEventFilter(self)

    def fill(self, model: TodayModel, now: datetime) -> None:
        self.today.show_model(model, now.hour)
        self.today.set_read_only(self._read_only)

    def _remember_start(self, routine_id: str, slot: str) -> None:
        self.pending_start = (routine_id, slot)
        self.today.show_notice("Getting your session ready…")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if not self._painted and watched is self.today and event.type() == QEvent.Type.Paint:
            self._painted = True
            QTimer.singleShot(0, self.painted.emit)  # after this paint, not inside it
        return False
