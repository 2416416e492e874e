"""The daily check-in reminder while the app runs: a tray notification, once a day.

The decision is the core's (``cipn_coach.checkin.reminders``); this only asks once a minute
and shows the message. Where the desktop has no tray, Today's own line still says the
check-in is missing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QSystemTrayIcon

from cipn_coach.checkin.reminders import reminder_due
from cipn_coach.i18n import N_, _

CHECK_EVERY_MS = 60_000
MESSAGE = N_("Time to rate your hands and feet for today. It takes less than a minute.")


class ReminderTray(QObject):
    reminded = Signal(str)

    def __init__(
        self,
        state: Callable[[], tuple[time | None, bool]],
        icon: QIcon,
        now: Callable[[], datetime] = datetime.now,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._state = state
        self._now = now
        self._last: date | None = None
        self._tray: QSystemTrayIcon | None = None
        if QSystemTrayIcon.isSystemTrayAvailable():
            self._tray = QSystemTrayIcon(icon, self)
            self._tray.setToolTip("CIPN Coach")
            self._tray.show()
        self._timer = QTimer(self)
        self._timer.setInterval(CHECK_EVERY_MS)
        self._timer.timeout.connect(self.check)
        self._timer.start()

    def check(self) -> bool:
        now = self._now()
        at, checked_in = self._state()
        if not reminder_due(now, at, checked_in, self._last):
            return False
        self._last = now.date()
        if self._tray is not None:
            self._tray.showMessage(
                "CIPN Coach", _(MESSAGE), QSystemTrayIcon.MessageIcon.Information
            )
        self.reminded.emit(_(MESSAGE))
        return True
