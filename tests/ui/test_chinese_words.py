"""Issue 14 §3: in Chinese, every patient-side screen and every state of the player shows
Chinese words only.

The walk opens the real main window in Chinese (library, demo data and UI), visits Today,
the check-in, Progress, the welcome, Help, About, the family view, the offer to continue a
session, and the player's safety check, get-ready, exercise, rest, pause, Stop question,
Close question and rating, and lists every text a person reads or hears there (labels,
buttons, accessible names and descriptions, tool tips, placeholders, window titles, the
menus) that still holds a Latin word. Names of things that stay as they are (the app's
name, PDF, PIN, key names) are allowed; what the person typed (notes, their name) and the
data folder's path are theirs and are left out.
"""

from __future__ import annotations

import re
from datetime import datetime
from html import unescape

import pytest
from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit, QWidget

from cipn_coach import i18n
from cipn_coach.cli.demo import NOTES, fill_demo
from cipn_coach.engine.clock import FakeClock
from cipn_coach.services import open_services
from cipn_coach.speech.speaker import FakeSpeaker
from tests.ui.test_layout import RESUMED_TITLE, close_dialog, go_to, leave_player, settle
from ui.main_window import MainWindow

NOW = datetime(2026, 11, 20, 8, 0)
VIEWS = (
    "today",
    "checkin",
    "progress",
    "welcome",
    "help",
    "about",
    "family",
    "resume_offer",
    "safety",
    "get_ready",
    "work",
    "rest",
    "paused",
    "stop_confirm",
    "close_confirm",
    "rating",
)
# words that stay as they are in Chinese: the app's name, formats and key names
ALLOWED = {
    "CIPN",
    "Coach",
    "PDF",
    "PIN",
    "CSV",
    "JSON",
    "FHIR",
    "MIT",
    "Ctrl",
    "Alt",
    "Tab",
    "Enter",
    "Esc",
    "F1",
    "backups",
}
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]+")
TAG = re.compile(r"<[^>]+>")


@pytest.fixture(scope="module")
def window(qapp, tmp_path_factory):
    i18n.set_language(i18n.CHINESE_HK)
    services = open_services(
        tmp_path_factory.mktemp("chinese") / "data", recover=True, language=i18n.CHINESE_HK
    )
    fill_demo(services, 28, NOW)
    clock = FakeClock()
    w = MainWindow(services, FakeSpeaker(), chime=lambda: None, clock=clock, now=lambda: NOW)
    w.clock = clock
    w.show()
    yield w
    i18n.set_language(i18n.CHINESE_HK)
    close_dialog(w)
    leave_player(w)
    w.close()
    w.deleteLater()  # destroyed before the next test starts (tests/ui/conftest.py)
    services.close()


def shown_texts(root: QWidget) -> list[str]:
    """Every text of ``root`` and its visible widgets a person reads or a screen reader says."""
    texts = [root.windowTitle()]
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisible():
            continue
        texts += [widget.accessibleName(), widget.accessibleDescription(), widget.toolTip()]
        if isinstance(widget, (QLabel, QAbstractButton)):
            texts.append(widget.text())
        if isinstance(widget, QLineEdit):
            texts.append(widget.placeholderText())
    return [t for t in texts if t]


def menu_texts(w: MainWindow) -> list[str]:
    return [action.text() for action in w.menus.bar.actions()] + [
        action.text() for action in w.menus.all_actions()
    ]


def latin_words(text: str, own: list[str]) -> list[str]:
    """The Latin words of ``text`` not on the allow-list, after the person's own words."""
    for words in own:
        text = text.replace(words, " ")
    plain = unescape(TAG.sub(" ", text)).replace("&", "")  # markup and Alt-key marks
    return [word for word in LATIN_WORD.findall(plain) if word not in ALLOWED]


@pytest.mark.parametrize("view", VIEWS)
def test_every_patient_screen_speaks_chinese(window, view):
    i18n.set_language(i18n.CHINESE_HK)
    shown = go_to(window, view)
    settle()
    own = [str(window.services.db.path.parent), *NOTES, RESUMED_TITLE]  # the walk's own title
    texts = shown_texts(shown) + (menu_texts(window) if shown is window else [])
    found = {text: latin for text in texts if (latin := latin_words(text, own))}
    assert found == {}


def test_the_check_counts_english_as_english(window):
    """The walk can fail: in English the same screen is full of Latin words."""
    i18n.set_language(i18n.ENGLISH)
    shown = go_to(window, "checkin")
    assert [t for t in shown_texts(shown) if latin_words(t, [])] != []
    i18n.set_language(i18n.CHINESE_HK)
    go_to(window, "checkin")
