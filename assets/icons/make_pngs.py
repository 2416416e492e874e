"""Render ``app.svg`` to the PNG sizes a desktop's menu and dock look for, and each
theme's tick (``tick-<theme>.svg``) to the PNG a ticked box shows.

Freedesktop icon themes want a PNG per size beside the scalable SVG: some panels and
older menus draw only PNGs, and a pre-rendered PNG at the exact size is sharper than a
scaled one. Rendered with QtSvg, which the app already depends on, so no other tool is
needed. The app itself draws only the PNGs: its window and tray show exactly the pixels
the menu does, and no SVG engine loads (0.7 MiB) for a 24-pixel tick. Run from anywhere after changing the SVG:  python assets/icons/make_pngs.py
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

HERE = Path(__file__).resolve().parent
SVG = HERE / "app.svg"
SIZES = (48, 64, 128, 256)
TICK_PX = 96
"""A tick is drawn in a 34 px box at 100 % text and 68 px at 200 %: rendered larger, it
is only ever scaled down, and stays sharp."""


def png_path(size: int) -> Path:
    return HERE / f"app-{size}.png"


def render(size: int, svg: Path = SVG) -> QImage:
    """``svg`` drawn on a transparent square of ``size`` pixels, antialiased."""
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    QSvgRenderer(str(svg)).render(painter)
    painter.end()
    return image


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 - fonts, painting
    for size in SIZES:
        if not render(size).save(str(png_path(size)), "PNG"):
            print(f"could not write {png_path(size)}", file=sys.stderr)
            return 1
        print(png_path(size))
    for tick in sorted(HERE.glob("tick-*.svg")):
        target = tick.with_suffix(".png")
        if not render(TICK_PX, tick).save(str(target), "PNG"):
            print(f"could not write {target}", file=sys.stderr)
            return 1
        print(target)
    return 0


if __name__ == "__main__":
    sys.exit(main())
