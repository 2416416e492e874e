"""Drop-down lists whose rows are big enough to hit (≥ 48 px), in every combo box.

Qt draws a combo box's list with a menu-style delegate that ignores the style sheet's row
height (rows stay ~32 px). The app's own drop-downs (``ui.widgets.drop_down.DropDown``)
set a styled delegate themselves, so the theme's ``::item { min-height }`` applies; this
application-wide filter gives one to every other combo box when it is first polished:
those of Qt's own dialogs (a file dialog's "Look in" and "Files of type").
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
    """Once per application, before any of Qt's own dialogs opens. (It used to walk every
    widget of the app for combo boxes built before it: a Python wrapper kept for each of
    ~1,000 widgets, ~0.4 MiB, to find the app's drop-downs, which now bring their own.)"""
    if app.property("combo_rows_installed"):
        return
    app.installEventFilter(ComboRows(app))
    app.setProperty("combo_rows_installed", True)
