"""Accessibility is correctness here: names, target sizes, contrast, nothing clipped.

The walker visits every page of the real main window and lists offenders, so a new
widget without an accessible name or a small button fails with its name in the report.
"""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QWidget,
)

from cipn_coach.contrast import contrast_ratio
from cipn_coach.services import open_services
from cipn_coach.speech.speaker import FakeSpeaker
from ui.main_window import MainWindow
from ui.theme import MIN_TARGET_PX, THEMES, style_sheet
from ui.widgets.scale import ZeroToTen

INTERACTIVE = (QAbstractButton, QLineEdit, QComboBox, QAbstractSlider, ZeroToTen)
BUTTONISH = ("QPushButton", "QToolButton", "QCheckBox", "QLineEdit", "QComboBox")


def colour_pairs(
    sheet: str, window: str, surface: str, text: str, accent: str
) -> list[tuple[str, str, str]]:
    """(selector, foreground, background) for every rule of the sheet that sets a colour."""
    pairs = []
    for selector, body in re.findall(r"([^{}]+)\{([^{}]*)\}", sheet):
        fg = re.search(r"(?<![-\w])color:\s*(#[0-9A-Fa-f]{6})", body)
        bg = re.search(r"background:\s*(#[0-9A-Fa-f]{6})", body)
        if (not fg and not bg) or "::" in selector:  # indicators and bar chunks hold no text
            continue
        default_bg = surface if any(w in selector for w in BUTTONISH) else window
        if 'role="caption"' in selector:
            default_bg = surface
        if "primary-label" in selector and ":disabled" not in selector:
            default_bg = accent  # the wrapping label inside a primary button
        pairs.append(
            (selector.strip(), fg.group(1) if fg else text, bg.group(1) if bg else default_bg)
        )
    return pairs


@pytest.mark.parametrize("name", sorted(THEMES))
def test_every_text_colour_in_the_style_sheet_has_7_to_1_contrast(name):
    theme = THEMES[name]
    pairs = colour_pairs(style_sheet(theme), theme.window, theme.surface, theme.text, theme.accent)
    assert len(pairs) >= 8
    low = [
        (sel, fg, bg, round(contrast_ratio(fg, bg), 2))
        for sel, fg, bg in pairs
        if contrast_ratio(fg, bg) < 7.0
    ]
    assert low == []


@pytest.fixture
def window(qtbot, tmp_path):
    services = open_services(tmp_path / "data", recover=True)
    w = MainWindow(
        services, FakeSpeaker(), chime=lambda: None, now=lambda: datetime(2026, 11, 20, 8, 0)
    )
    qtbot.addWidget(w)
    w.resize(1280, 800)
    w.show()
    qtbot.waitExposed(w)
    w.show_progress()  # built on first visit: visit it so the walk includes it
    w.show_today()
    yield w
    services.close()


def pages(w: MainWindow) -> list[QWidget]:
    return [w.pages.widget(i) for i in range(w.pages.count())]


def test_every_interactive_widget_on_every_page_has_an_accessible_name(window):
    offenders = []
    for widget in [window.nav, *pages(window)]:
        for child in widget.findChildren(QWidget):
            if isinstance(child, INTERACTIVE) and not child.accessibleName().strip():
                if isinstance(child.parent(), ZeroToTen) or type(child).__name__ == "QScrollBar":
                    continue
                if isinstance(child.parent(), QAbstractItemView):  # a table's private corner button
                    continue
                offenders.append(f"{type(child).__name__} '{getattr(child, 'text', lambda: '')()}'")
    assert offenders == []


def visible_targets(page: QWidget) -> list[QWidget]:
    return [
        c
        for c in page.findChildren(QWidget)
        if isinstance(c, (QAbstractButton, QComboBox, QLineEdit)) and c.isVisible()
    ]


def test_every_visible_target_on_every_page_is_at_least_48_px(window, qtbot):
    offenders = []
    for page in pages(window):
        window.pages.setCurrentWidget(page)
        QApplication.processEvents()
        for target in visible_targets(page) + visible_targets(window.nav):
            size = target.size()
            if size.height() < MIN_TARGET_PX or size.width() < MIN_TARGET_PX:
                offenders.append(
                    f"{type(page).__name__}/{target.accessibleName()}: "
                    f"{size.width()}x{size.height()}"
                )
    assert offenders == []


def test_high_contrast_and_text_size_persist_and_apply(window):
    page = window.settings_page
    page.high_contrast.setChecked(True)
    page.text_size.setCurrentIndex(page.text_size.findData(2.0))
    assert window.appearance() == ("high_contrast", 2.0)
    sheet = QApplication.instance().styleSheet()
    assert THEMES["high_contrast"].window in sheet and "font-size: 30pt" in sheet


def test_no_label_is_clipped_at_200_percent_text(window, qtbot):
    window.set_appearance("calm", 2.0)
    offenders = []
    for page in [window.today, window.settings_page]:
        window.pages.setCurrentWidget(page)
        QApplication.processEvents()
        for label in page.findChildren(QLabel):
            if not label.isVisible() or not label.text() or label.wordWrap():
                continue
            if label.sizeHint().width() > label.width() + 1:
                offenders.append(
                    f"{type(page).__name__}: '{label.text()[:40]}' "
                    f"needs {label.sizeHint().width()} px, has {label.width()}"
                )
    assert offenders == []


def test_every_0_to_10_button_is_on_screen_in_the_smallest_window(window):
    """Beside the navigation the check-in page is narrower than on its own: the "10"
    button once fell off the right edge (seen in a screenshot)."""
    window.resize(window.minimumSize())
    window.show_checkin()
    QApplication.processEvents()
    offenders = []
    for scale in window.checkin.findChildren(ZeroToTen):
        for button in scale.buttons:
            right = button.mapTo(window, button.rect().topRight()).x()
            if right > window.width():
                offenders.append(f"{scale.accessibleName()} {button.text()}: right edge {right}")
    assert offenders == []


def test_no_button_text_is_cut_off_on_any_page_in_the_smallest_window(window):
    """Buttons squeezed below their text ("Duplicat", "ɹchive") were seen on the
    clinician page beside the navigation; the buttons' size policy now forbids it."""
    window.resize(window.minimumSize())
    window.show_clinician()
    offenders = []
    for page in pages(window):
        window.pages.setCurrentWidget(page)
        QApplication.processEvents()
        for button in page.findChildren(QAbstractButton):
            if button.isVisible() and button.width() < button.sizeHint().width() - 1:
                offenders.append(
                    f"{type(page).__name__}/{button.accessibleName()}: "
                    f"{button.width()} < {button.sizeHint().width()}"
                )
    assert offenders == []


def slider_handle(slider):
    from PySide6.QtWidgets import QStyle, QStyleOptionSlider

    option = QStyleOptionSlider()
    slider.initStyleOption(option)
    return slider.style().subControlRect(
        QStyle.ComplexControl.CC_Slider, option, QStyle.SubControl.SC_SliderHandle, slider
    )


def test_slider_handles_and_drop_down_rows_are_at_least_48_px(window):
    """A 12 px slider handle or a 32 px list row is no target for numb fingers."""
    from PySide6.QtWidgets import QSlider

    offenders = []
    for page in pages(window):
        window.pages.setCurrentWidget(page)
        QApplication.processEvents()
        for slider in page.findChildren(QSlider):
            handle = slider_handle(slider)
            if slider.isVisible() and min(handle.width(), handle.height()) < MIN_TARGET_PX:
                offenders.append(
                    f"{slider.accessibleName()} handle: {handle.width()}x{handle.height()}"
                )
        for combo in page.findChildren(QComboBox):
            if combo.isVisible() and combo.count():
                row = combo.view().sizeHintForRow(0)
                if row < MIN_TARGET_PX:
                    offenders.append(f"{combo.accessibleName()} rows: {row} px")
    assert offenders == []


def test_the_focus_ring_is_clearly_visible_on_every_button_dark_ones_included(window, qtbot):
    """The ring is drawn where the window shows around a button, in a colour ≥ 3:1
    against it, and the button keeps its size (nothing moves when focus arrives)."""
    from PySide6.QtWidgets import QPushButton

    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    offenders, seen = [], set()
    for show in (window.show_today, window.show_checkin, window.show_settings):
        show()
        QApplication.processEvents()
        page = window.pages.currentWidget()
        buttons = [
            b
            for b in page.findChildren(QPushButton) + list(window.nav.buttons())
            if b.isVisible() and b.isEnabled() and b.focusPolicy() != Qt.FocusPolicy.NoFocus
        ]
        for button in buttons:
            kind = (
                button.property("role"),
                button.property("nav"),
                button.isChecked(),
                button.property("current"),
            )
            if kind in seen:  # one of each look is enough: the style sheet is shared
                continue
            seen.add(kind)
            elsewhere = window.checkin_nav if button is window.today_nav else window.today_nav
            elsewhere.setFocus()
            QApplication.processEvents()
            # drawn from the window: the ring shows against what is around the button
            area = QRect(button.mapTo(window, QPoint(0, 0)), button.size())
            before, size = window.grab(area).toImage(), button.sizeHint()
            button.setFocus()
            qtbot.waitUntil(button.hasFocus)
            after = window.grab(area).toImage()
            x, y = button.width() // 2, 1
            ratio = contrast_ratio(before.pixelColor(x, y).name(), after.pixelColor(x, y).name())
            if ratio < 3 or button.sizeHint() != size:
                offenders.append(
                    f"{button.accessibleName()} {kind}: ring {ratio:.1f}:1, "
                    f"size {size.toTuple()} -> {button.sizeHint().toTuple()}"
                )
    assert len(seen) >= 5 and offenders == []
