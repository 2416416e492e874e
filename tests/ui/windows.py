"""One way to put a real window on screen for a UI test.

Many UI tests need the same thing before they press a single key: a real data folder,
the main window (or the Clinician page) built on it with a fake clock and speaker, shown
at a given size and made the active window. Keyboard shortcuts act only in the active
window, and the offscreen platform has no window manager to activate it, so every test
had to repeat those steps by hand; here they are written once, so a change to how the
app starts (a new argument, a new wait) is made in one place.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtWidgets import QApplication, QWidget

from cipn_coach.services import Services
from cipn_coach.speech.speaker import FakeSpeaker
from ui.clinician.page import ClinicianPage
from ui.fonts import use_language_font
from ui.main_window import MainWindow
from ui.theme import CALM, style_sheet


def show_window(
    qtbot, widget: QWidget, size: tuple[int, int] | None = (1280, 800), activate: bool = True
) -> None:
    """Show ``widget`` (closed by qtbot after the test) at ``size`` (None: its own size)
    and, when ``activate``, wait until it is the active window, as a user's click would."""
    qtbot.addWidget(widget)
    if size is not None:
        widget.resize(*size)
    widget.show()
    qtbot.waitExposed(widget)
    if activate:
        widget.activateWindow()
        qtbot.waitUntil(widget.isActiveWindow)


def open_main_window(
    qtbot,
    services: Services,
    now: datetime,
    speaker=None,
    clock=None,
    size: tuple[int, int] | None = (1280, 800),
    activate: bool = True,
) -> MainWindow:
    """The app's main window on ``services`` at the fixed time ``now``: a FakeSpeaker
    unless another is given, a silent chime, and the session clock given (if any); drawn
    in the font the app chooses for the current language."""
    use_language_font(QApplication.instance())
    extra = {} if clock is None else {"clock": clock}
    window = MainWindow(
        services,
        speaker if speaker is not None else FakeSpeaker(),
        chime=lambda: None,
        now=lambda: now,
        **extra,
    )
    show_window(qtbot, window, size, activate)
    return window


def open_clinician_page(
    qtbot,
    services: Services,
    now: datetime,
    clock: Callable[[], float] | None = None,
    size: tuple[int, int] = (1280, 800),
    text_scale: float = 1.0,
    activate: bool = True,
) -> ClinicianPage:
    """The Clinician page alone, in the calm theme at ``text_scale``, at the fixed time
    ``now`` (and the PIN gate's clock, when given)."""
    QApplication.instance().setStyleSheet(style_sheet(CALM, text_scale))
    use_language_font(QApplication.instance())
    extra = {} if clock is None else {"clock": clock}
    page = ClinicianPage(services, lambda: now, **extra)
    show_window(qtbot, page, size, activate)
    return page


def open_clinician_in_window(
    qtbot, services: Services, now: datetime, size: tuple[int, int] = (1024, 520)
) -> ClinicianPage:
    """Clinician in the whole main window at the text size saved in ``services`` (a
    1024×600 laptop's content by default), reached as the person reaches it."""
    window = open_main_window(qtbot, services, now, size=size)
    window.apply_appearance()
    window.show_clinician()
    return window.clinician
