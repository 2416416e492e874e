"""Test-wide set-up. Qt must be offscreen before any QApplication exists.

The language is pinned to English: without it the CLI and the app would follow this
machine's locale (``i18n.system_language``), and a test would pass on one computer and
fail on another. A test that wants Chinese asks for it (``--lang zh-HK``,
``i18n.set_language``, or ``monkeypatch.setenv("LANGUAGE", "zh_HK")``); whatever it set is
undone after it, so the next test starts in English again.
"""

import os
from collections.abc import Iterator

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia*=false")
os.environ["LANGUAGE"] = "en"  # read first by i18n.system_language; subprocesses inherit it


@pytest.fixture(autouse=True)
def _english_unless_asked() -> Iterator[None]:
    from cipn_coach import i18n

    i18n.set_language(i18n.ENGLISH)
    yield
    i18n.set_language(i18n.ENGLISH)
