"""Drop-down lists whose rows are big enough to hit (≥ 48 px), in every combo box.

Qt draws a combo box's list with a menu-style delegate that ignores the style sheet's row
height (rows stay ~32 px). The app's own drop-downs (``ui.widgets.drop_down.DropDown``)
set a styled delegate themselves, so the theme's ``::item { min-height }`` applies; the
application's one event filter (``ui.widgets.app_filter``) gives one to every other combo
box when it is first polished: those of Qt's own dialogs (a file dialog's "Look in" and
"Files of type").
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QStyledItemDelegate


def give_styled_rows(combo: QComboBox) -> None:
    """On polish: a combo box with Qt's menu-style delegate gets a styled one."""
    if not isinstance(combo.itemDelegate(), QStyledItemDelegate):
        combo.setItemDelegate(QStyledItemDelegate(combo))
