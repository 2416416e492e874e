"""The window matches its launcher: same app id (Wayland), WM class (X11) and icon.

A dock groups a window under the menu entry whose ``.desktop`` file name is the window's
app id, or whose ``StartupWMClass`` is its WM class; otherwise it shows a second, generic
icon. And the PNGs in ``assets/icons`` are the SVG rendered (``make_pngs.py``), so the
menu and the window show the same picture.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
from PySide6.QtCore import QSize
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from cipn_coach.desktop_entry import APP_ID, ICON_SIZES
from ui import gui

ROOT = Path(__file__).resolve().parents[2]


def desktop_keys() -> dict[str, str]:
    text = (ROOT / "assets" / "desktop" / f"{APP_ID}.desktop").read_text(encoding="utf-8")
    return dict(line.split("=", 1) for line in text.splitlines() if "=" in line)


def test_the_app_names_its_windows_after_the_launcher(qapp: QApplication):
    gui.name_windows_after_the_launcher(qapp)
    assert qapp.desktopFileName() == APP_ID == Path(desktop_keys()["Icon"]).name
    assert qapp.applicationName() == desktop_keys()["StartupWMClass"]
    icon = qapp.windowIcon()
    assert not icon.isNull()
    for size in ICON_SIZES:  # the PNGs are offered at their own sizes
        assert QSize(size, size) in icon.availableSizes()


def test_the_pngs_are_the_svg_rendered(qapp: QApplication):
    spec = importlib.util.spec_from_file_location(
        "make_pngs", ROOT / "assets" / "icons" / "make_pngs.py"
    )
    make_pngs = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make_pngs)
    for size in ICON_SIZES:
        rendered = pixels(make_pngs.render(size))
        stored = pixels(QImage(str(make_pngs.png_path(size))))
        assert stored.shape == rendered.shape == (size, size, 4)
        # tolerant of another Qt's antialiasing; a changed picture differs by far more
        assert np.abs(stored - rendered).mean() < 2, f"run assets/icons/make_pngs.py ({size} px)"


def pixels(image: QImage) -> np.ndarray:
    image = image.convertToFormat(QImage.Format.Format_RGBA8888)
    data = np.frombuffer(image.constBits(), dtype=np.uint8, count=image.sizeInBytes())
    rows = data.reshape(image.height(), image.bytesPerLine())[:, : image.width() * 4]
    return rows.reshape(image.height(), image.width(), 4).astype(np.int16)
