"""The navigation column: the app's name and one big button per screen."""

from __future__ import annotations

from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from cipn_coach.i18n import _
from ui.widgets.buttons import big_button


class NavColumn(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 24, 8, 24)
        self.brand = QLabel("CIPN Coach")
        self.brand.setProperty("role", "subtitle")
        layout.addWidget(self.brand)
        # TRANSLATORS: keep each Alt key letter: "今日(&T)"
        self.today = big_button(_("&Today"), _("Today (Alt+T)"))
        self.checkin = big_button(_("&Check-in"), _("Check-in: rate your day (Alt+C)"))
        self.progress = big_button(_("&Progress"), _("Progress charts (Alt+P)"))
        self.clinician = big_button(_("C&linician"), _("Clinician: routines and plan (Alt+L)"))
        self.settings = big_button(_("&Settings"), _("Settings (Alt+S)"))
        for button in self.buttons():
            button.setProperty("nav", "true")
            button.setMinimumWidth(180)
            layout.addWidget(button)
        layout.addStretch(1)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._keep_the_buttons_whole()

    def _keep_the_buttons_whole(self) -> None:
        """The app's name gives its room when the buttons would not fit whole under it
        (Chinese at 200 % on a 1024×600 screen: its lines are taller); the title bar
        names the app too."""
        layout = self.layout()
        margins = layout.contentsMargins()
        buttons = [button.sizeHint().height() for button in self.buttons()]
        needed = margins.top() + margins.bottom() + sum(buttons)
        needed += layout.spacing() * len(buttons)  # between them, and under the name
        needed += self.brand.sizeHint().height()
        self.brand.setVisible(self.height() >= needed)

    def mark_current(self, current: QWidget | None) -> None:
        """Show which page is in view: filled like a chosen button, and said to screen
        readers; ``None`` when no page of the column is (the session player)."""
        for button in self.buttons():
            on = button is current
            if bool(button.property("current")) == on and button.property("current") is not None:
                continue
            button.setProperty("current", on)
            button.setAccessibleDescription(_("current page") if on else "")
            button.style().unpolish(button)  # the style sheet reads the property again
            button.style().polish(button)

    def buttons(self) -> tuple[QWidget, ...]:
        """In the order they are shown (Settings above Clinician)."""
        return (self.today, self.checkin, self.progress, self.settings, self.clinician)
