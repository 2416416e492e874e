"""The week-by-week plan shows every cell whole, at 100 % and 200 %.

Seen on the real app (1024×600, 100 %, English): with the exercise column as wide as its
longest title, the four week columns got what was left and every dose was cut: "1 × 10
r…", "3 × 30 s …", the totals "10 min 4…". The cells now wrap onto more lines (the
columns share the width) and the table grows to show every line.
"""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QApplication

from tests.ui.test_layout import settle
from tests.ui.windows import open_clinician_page

NOW = datetime(2026, 12, 1, 10, 30)
WEEK_BY_WEEK = 2


def cut_cells(table) -> list[str]:
    """The cells whose text needs more room than the cell has, even wrapped."""
    cut = []
    metrics = table.fontMetrics()
    for row in range(table.rowCount()):
        for column in range(table.columnCount()):
            item = table.item(row, column)
            if item is None:
                continue
            width = table.columnWidth(column) - 6  # the cell's own margins, 3 px a side
            needed = metrics.boundingRect(
                QRect(0, 0, width, 100_000),
                int(Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft),
                item.text(),
            )
            if needed.width() > width or needed.height() > table.rowHeight(row):
                cut.append(item.text())
    return cut


@pytest.mark.parametrize("scale", [1.0, 2.0])
def test_every_plan_cell_is_whole(qtbot, services, scale):
    page = open_clinician_page(qtbot, services, NOW, size=(800, 520), text_scale=scale)
    try:
        page.routine_list.setCurrentRow(0)
        page.edit_selected()
        page.show_section(WEEK_BY_WEEK)
        settle()
        table = page.preview.plan_table
        assert table.rowCount() > 1
        assert cut_cells(table) == []
        rows = sum(table.rowHeight(r) for r in range(table.rowCount()))
        assert table.height() >= table.horizontalHeader().height() + rows  # no inner scrolling
        assert table.horizontalScrollBar().maximum() == 0  # never sideways
    finally:
        QApplication.instance().setStyleSheet("")
