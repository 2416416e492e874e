"""Drop-down lists whose rows are big enough to hit (≥ 48 px), in every combo box.

Qt draws a combo box's list with a menu-style delegate that ignores the style sheet's row
height (rows stay ~32 px). One application-wide filter gives each combo box a styled
delegate when it is first polished, so the theme's ``::item { min-height }`` applies to
every drop-down, including those on pages built later.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QComboBox, QStyledItemDelegate


class ComboRows(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if (
            event.type() == QEvent.Type.Polish
            and isinstance(watched, QComboBox)
            and not isinstance(watched.itemDelegate(), QStyledItemDelegate)
        ):
            watched.setItemDelegate(QStyledItemDelegate(watched))
        return False


def install_combo_rows(app: QApplication) -> None:
    """Once per application; combo boxes that already exist are given the delegate now."""
    if app.property("combo_rows_installed"):
        return
    app.installEventFilter(ComboRows(app))
    app.setProperty("combo_rows_installed", True)
    for widget in app.allWidgets():
        if isinstance(widget, QComboBox) and not isinstance(
            widget.itemDelegate(), QStyledItemDelegate
        ):
            widget.setItemDelegate(QStyledItemDelegate(widget))
