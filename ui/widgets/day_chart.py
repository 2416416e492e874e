"""The base of the progress charts: one plot with a day per x step, and what every chart
shares.

Values on the x axis are ``date.toordinal()`` (local calendar days, so no time zone or
daylight-saving change can shift a point). No drag, zoom or menu; every chart takes
keyboard focus, and Left/Right (Home/End, Page Up/Down for a week) move a highlighted
day whose description is shown in a tooltip card, sent through ``day_focused`` and set
as the accessible description. New data reaches the plot items at once, or for a chart
scrolled out of sight just before its next paint (``_show_days``). ``render_to``/
``to_image`` let the PDF report draw the very same chart the app shows. The concrete
charts live in ``ui.widgets.charts``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date
from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFocusEvent,
    QFont,
    QFontMetrics,
    QImage,
    QKeyEvent,
    QPainter,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from cipn_coach.i18n import _
from ui.theme import CALM, Theme
from ui.widgets.chart_parts import (
    MANY_DAYS,
    DayAxis,
    LegendSample,
    day_words,
    is_dense,
    legend_columns,
)

__all__ = ["MANY_DAYS", "DayChart", "day_words", "is_dense"]

BASE_TEXT_PX = 17  # chart text in pixels, so it scales with a painter (reports) like the lines
KEY_STEPS = {
    Qt.Key.Key_Left: -1,
    Qt.Key.Key_Right: 1,
    Qt.Key.Key_PageUp: -7,
    Qt.Key.Key_PageDown: 7,
}  # a page is a week


class DayChart(pg.GraphicsLayoutWidget):
    """Base: a legend row above one plot with a day axis, fixed ranges, no mouse pan/zoom,
    a keyboard/hover day cursor with a tooltip card, and image/painter rendering."""

    day_focused = Signal(str)  # the focused day's description; "" when none

    def __init__(
        self, name: str, theme: Theme = CALM, text_scale: float = 1.0, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._theme, self._text_scale, self._ratio = theme, text_scale, 1.0
        self._days: list[date] = []
        self._focus: int | None = None
        self._dense = False
        self._stale = False  # new data not yet drawn into the items (see _show_days)
        self._y_range = (0.0, 10.0)
        self._name = name
        self.setAccessibleName(name)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMinimumHeight(180)
        self.legend = pg.LegendItem(colCount=1, horSpacing=24, frame=False, sampleType=LegendSample)
        self.legend.setAcceptedMouseButtons(Qt.MouseButton.NoButton)  # clicks would hide curves
        self.addItem(self.legend, row=0, col=0)
        # as wide as its entries, left-aligned: stretched, pyqtgraph spreads them apart
        self.legend.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.ci.layout.setAlignment(self.legend, Qt.AlignmentFlag.AlignLeft)
        self.day_axis = DayAxis(orientation="bottom")
        self.plot_item: pg.PlotItem = self.addPlot(
            row=1, col=0, axisItems={"bottom": self.day_axis}
        )
        self.plot_item.setMenuEnabled(False)
        self.plot_item.hideButtons()
        self.view_box: pg.ViewBox = self.plot_item.getViewBox()
        self.view_box.setMouseEnabled(x=False, y=False)
        self.view_box.setMenuEnabled(False)
        self.view_box.disableAutoRange()
        self._grid: dict[float, pg.InfiniteLine] = {}  # our own grid: see set_y_ticks
        self.cursor = pg.InfiniteLine(angle=90, movable=False)
        self.cursor.hide()
        self.plot_item.addItem(self.cursor, ignoreBounds=True)
        # the tooltip card is a child of the plot, not the view box, so it is never clipped
        self.tip = pg.TextItem(anchor=(0, 0))
        self.tip.setParentItem(self.plot_item)
        self.tip.setZValue(100)
        self.tip.hide()
        self.scene().sigMouseMoved.connect(self._mouse_moved)
        self.scene().sigMouseClicked.connect(self._mouse_clicked)

    # --- style ---------------------------------------------------------------------
    def _px(self, size: float) -> int:
        return max(1, round(size * self._text_scale * self._ratio))

    def _pen(
        self, colour: str | QColor, width: float, style: Qt.PenStyle = Qt.PenStyle.SolidLine
    ) -> Any:
        return pg.mkPen(colour, width=width * self._ratio, style=style)

    def apply_style(self, theme: Theme | None = None, text_scale: float | None = None) -> None:
        """Follow the app's theme and text size (Settings)."""
        self._theme = theme or self._theme
        self._text_scale = text_scale or self._text_scale
        self._restyle()

    def _restyle(self) -> None:
        t = self._theme
        self.setBackground(t.surface)
        font = QFont()
        font.setPixelSize(self._px(BASE_TEXT_PX))
        metrics = QFontMetrics(font)
        for name in ("bottom", "left"):
            axis = self.plot_item.getAxis(name)
            axis.setTickFont(font)
            axis.setTextPen(t.text)
            axis.setPen(self._pen(t.muted, 1))
            # fixed sizes from the font: pyqtgraph would only grow an axis after a paint,
            # too late for a one-shot render into a report
            axis.setStyle(
                tickTextOffset=self._px(6),
                tickLength=-self._px(6),
                autoExpandTextSpace=False,
                hideOverlappingLabels=True if name == "bottom" else metrics.height(),
            )
        self.plot_item.getAxis("bottom").setHeight(metrics.height() + self._px(14))
        self.plot_item.getAxis("left").setWidth(metrics.horizontalAdvance("10") + self._px(16))
        self.legend.setLabelTextColor(t.text)
        self.legend.setLabelTextSize(f"{self._px(BASE_TEXT_PX)}px")
        for sample, label in self.legend.items:
            sample.resize_to(self._px(BASE_TEXT_PX))
            label.setText(label.text)  # pyqtgraph stores the new size but does not redraw
        self.legend.updateSize()
        self.resizeEvent(None)  # new text size: refit the legend, re-lay out to the view
        self._focus_ring(self.hasFocus())
        self.cursor.setPen(self._pen(t.focus, 3, Qt.PenStyle.DashLine))
        for line in self._grid.values():
            line.setPen(self._grid_pen())
        self.tip.fill = QBrush(QColor(t.surface))
        self.tip.border = self._pen(t.text, 2)
        self.tip.setColor(QColor(t.text))
        self.tip.setFont(font)
        self._restyle_items()
        self._place_tip()

    def _focus_ring(self, on: bool) -> None:
        t = self._theme
        self.view_box.setBorder(self._pen(t.focus, 3) if on else self._pen(t.muted, 1))

    def _grid_pen(self) -> Any:
        grid = QColor(self._theme.muted)
        grid.setAlpha(70)
        return pg.mkPen(grid, width=self._ratio)

    def _restyle_items(self) -> None:
        """Subclasses: set pens, brushes and symbol sizes of their items (for ``dense``)."""

    @property
    def dense(self) -> bool:
        """True when more than ``MANY_DAYS`` days are shown: no per-day markers or outlines."""
        return is_dense(len(self._days))

    def _fit_density(self) -> None:
        """Call before drawing data: restyle the items only when the look changes, so
        long data never goes through the markers it is not going to be drawn with."""
        if self.dense != self._dense:
            self._dense = self.dense  # the look the items have now
            self._restyle_items()

    # --- days and ranges --------------------------------------------------------------
    def set_y_ticks(self, values: Sequence[int]) -> None:
        """Labelled y ticks with a light grid line each. The lines are ours, not the
        axis grid, because pyqtgraph hides a label that pokes past a gridded axis (the
        10 at the top), and they are kept and reused, never re-created."""
        self.plot_item.getAxis("left").setTicks([[(v, str(v)) for v in values]])
        for value in values:
            if value not in self._grid:
                line = pg.InfiniteLine(pos=value, angle=0, movable=False, pen=self._grid_pen())
                line.setZValue(-30)
                self.plot_item.addItem(line, ignoreBounds=True)
                self._grid[value] = line
        for value, line in self._grid.items():
            line.setVisible(value in values)

    # --- new data: kept at once, drawn now or just before the next paint ---------------
    def _show_days(self, days: Sequence[date], y_range: tuple[float, float]) -> None:
        """Subclasses call this at the end of ``set_data``, once the values are kept.
        Days, keys, tooltip and accessible description follow the new data at once; so
        do the plot items (``_draw``), unless the chart is on screen but scrolled out of
        sight: then they are drawn just before its next paint (every paint flushes
        first, so none shows old items), or on ``flush``. Three years take ~10 ms a chart
        to draw into the items, which a chart below the fold need not spend at once."""
        self._days, self._y_range = list(days), y_range
        self._stale = True
        if self._focus is not None:
            self.focus_day(min(self._focus, len(self._days) - 1) if self._days else None)
        else:
            self.setAccessibleDescription(self.overview())
        if not (self.isVisible() and self.viewport().visibleRegion().isEmpty()):
            self.flush()  # (the view itself is all covered by its viewport: ask that)

    def flush(self) -> None:
        """Draw the latest data into the plot items now, if not done yet."""
        if self._stale:
            self._stale = False
            self._draw()

    def _draw(self) -> None:
        """Subclasses: put the kept values into the plot items, then ``_fit_range``."""
        self._fit_range()

    def _fit_range(self) -> None:
        x_range = None
        if self._days:
            x_range = (self._days[0].toordinal() - 0.6, self._days[-1].toordinal() + 0.6)
        # both axes at once: each range change re-measures every item and re-ticks the axes
        self.view_box.setRange(xRange=x_range, yRange=self._y_range, padding=0)
        self._place_tip()

    def paintEvent(self, event: Any) -> None:  # noqa: N802 (Qt's name)
        self.flush()
        super().paintEvent(event)

    @property
    def days(self) -> list[date]:
        return list(self._days)

    @property
    def focused_index(self) -> int | None:
        return self._focus

    def describe_day(self, index: int) -> str:
        """Plain words for one day (the tooltip, ``day_focused`` and the screen reader)."""
        return day_words(self._days[index], long=True)

    def overview(self) -> str:
        """What the accessible description says when no day is highlighted."""
        if not self._days:
            return _("{chart}: no days to show yet.").format(chart=self._name)
        return _(
            "{chart} from {first} to {last}. Use the Left and Right arrow keys to read each day."
        ).format(
            chart=self._name,
            first=day_words(self._days[0], True),
            last=day_words(self._days[-1], True),
        )

    def focus_day(self, index: int | None) -> None:
        """Highlight day ``index`` (clamped), or clear the highlight with ``None``."""
        if index is None or not self._days:
            self._focus = None
            self.cursor.hide()
            self.tip.hide()
            self.setAccessibleDescription(self.overview())
            self.day_focused.emit("")
            return
        self._focus = max(0, min(index, len(self._days) - 1))
        text = self.describe_day(self._focus)
        self.cursor.setValue(self._days[self._focus].toordinal())
        self.cursor.show()
        self.tip.setText(text)
        self.tip.show()
        self._place_tip()
        self.setAccessibleDescription(text)
        self.day_focused.emit(text)

    def _place_tip(self) -> None:
        if self._focus is None or not self._days:
            return
        self.tip.textItem.setTextWidth(-1)
        natural = self.tip.textItem.boundingRect().width()
        width = min(natural, max(160.0, self.view_box.width() * 0.55))
        self.tip.textItem.setTextWidth(width)
        size = self.tip.textItem.boundingRect()
        x = self._days[self._focus].toordinal()
        point = self.view_box.mapViewToScene(QPointF(x, self._y_range[1]))
        anchor = self.plot_item.mapFromScene(point)
        box = self.view_box.geometry()
        gap = self._px(10)
        left = anchor.x() + gap  # right of the cursor, or left of it when there is no room
        if left + size.width() > box.right():
            left = anchor.x() - gap - size.width()
        self.tip.setPos(max(box.left(), left), box.top() + gap)

    def _index_at(self, scene_pos: QPointF) -> int | None:
        if not self._days or not self.view_box.sceneBoundingRect().contains(scene_pos):
            return None
        x = self.view_box.mapSceneToView(scene_pos).x()
        return max(0, min(round(x) - self._days[0].toordinal(), len(self._days) - 1))

    def _mouse_moved(self, scene_pos: QPointF) -> None:
        index = self._index_at(scene_pos)
        if index is not None and index != self._focus:
            self.focus_day(index)
        elif index is None and not self.hasFocus():
            self.focus_day(None)

    def _mouse_clicked(self, event: Any) -> None:
        index = self._index_at(event.scenePos())
        if index is not None:
            self.setFocus(Qt.FocusReason.MouseFocusReason)
            self.focus_day(index)

    # --- keyboard, focus, wheel -------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = Qt.Key(event.key())
        if not self._days or key not in (*KEY_STEPS, Qt.Key.Key_Home, Qt.Key.Key_End):
            super().keyPressEvent(event)
            return
        if key == Qt.Key.Key_Home:
            target = 0
        elif key == Qt.Key.Key_End or self._focus is None:
            target = len(self._days) - 1
        else:
            target = self._focus + KEY_STEPS[key]
        self.focus_day(target)
        event.accept()

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self._focus_ring(True)
        if self._focus is None and self._days:
            self.focus_day(len(self._days) - 1)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        if not self._alive:
            return
        self._focus_ring(False)
        self.focus_day(None)

    def inputMethodQuery(self, query: Qt.InputMethodQuery) -> Any:
        """The whole chart as the "cursor": QScrollArea scrolls that into view when Tab
        reaches the chart (QGraphicsView answers an empty rectangle at the top left)."""
        if query == Qt.InputMethodQuery.ImCursorRectangle:
            return QRectF(self.rect())
        return super().inputMethodQuery(query)

    def wheelEvent(self, event: Any) -> None:
        event.ignore()  # let the page scroll; the chart has nothing to zoom

    def leaveEvent(self, event: Any) -> None:
        super().leaveEvent(event)
        if not self.hasFocus():
            self.focus_day(None)

    @property
    def _alive(self) -> bool:
        """False inside pyqtgraph's own __init__ (it resizes) and once its close() has
        deleted the items (closing still sends resize and focus events)."""
        return hasattr(self, "tip") and not self.closed

    def resizeEvent(self, event: Any) -> None:
        # legend rows first: a legend wider than the view would force the layout wider
        # than the widget (a QGraphicsWidget never goes below its minimum size)
        if self._alive:
            self._fit_legend(self.width())
        super().resizeEvent(event)
        if self._alive:
            self._place_tip()

    def _fit_legend(self, width: float) -> None:
        columns = legend_columns(self.legend, width - self._px(24))
        if columns != self.legend.columnCount:
            self.legend.setColumnCount(columns)

    # --- rendering for reports --------------------------------------------------------
    def render_to(self, painter: QPainter, rect: QRectF) -> None:
        """Draw the chart into ``rect`` of any painter (image, printer, PDF).

        The chart is painted into an image first, with as many pixels as ``rect`` covers
        on the device (up to 4 per unit), then drawn: painted straight onto a PDF or
        printer, pyqtgraph mixes device and logical units and text comes out at the
        wrong size, while an image looks exactly like the screen.
        """
        scale = math.hypot(painter.deviceTransform().m11(), painter.deviceTransform().m12())
        ratio = min(4.0, max(1.0, scale))
        painter.drawImage(
            rect, self.to_image(max(1, round(rect.width())), max(1, round(rect.height())), ratio)
        )

    def to_image(self, width: int, height: int, pixel_ratio: float = 1.0) -> QImage:
        """The chart laid out for ``width``×``height`` logical pixels, without the day
        cursor or focus ring; ``pixel_ratio`` 2 gives a sharp image for print (twice
        the pixels, same layout, line widths and text sizes). The widget on screen is
        not resized: its layout is set to the image's size, painted, and put back."""
        self.flush()
        image = QImage(
            round(width * pixel_ratio),
            round(height * pixel_ratio),
            QImage.Format.Format_ARGB32_Premultiplied,
        )
        image.fill(QColor(self._theme.surface))
        layout, old = self.ci, self.ci.geometry()
        shown = self.cursor.isVisible(), self.tip.isVisible()
        self.cursor.hide()
        self.tip.hide()
        self._ratio = pixel_ratio
        self._restyle()
        self._focus_ring(False)
        size = QRectF(0, 0, image.width(), image.height())
        self._fit_legend(size.width())
        layout.setGeometry(size)
        layout.layout.activate()
        painter = QPainter(image)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            self.scene().render(painter, size, size)
        finally:
            painter.end()
            self._ratio = 1.0
            self._restyle()
            self._fit_legend(old.width())
            layout.setGeometry(old)
            layout.layout.activate()
            self.cursor.setVisible(shown[0])
            self.tip.setVisible(shown[1])
        image.setDevicePixelRatio(pixel_ratio)
        return image
