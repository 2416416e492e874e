"""Render ``app.svg`` to the PNG sizes a desktop's menu and dock look for.

Freedesktop icon themes want a PNG per size beside the scalable SVG: some panels and
older menus draw only PNGs, and a pre-rendered PNG at the exact size is sharper than a
scaled one. Rendered with QtSvg, which the app already depends on, so no other tool is
needed. Run from anywhere after changing the SVG:  python assets/icons/make_pngs.py
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


def png_path(size: int) -> Path:
    return HERE / f"app-{size}.png"


def render(size: int) -> QImage:
    """The SVG drawn on a transparent square of ``size`` pixels, antialiased."""
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    QSvgRenderer(str(SVG)).render(painter)
    painter.end()
    return image


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 - fonts, painting
    for size in SIZES:
        if not render(size).save(str(png_path(size)), "PNG"):
            print(f"could not write {png_path(size)}", file=sys.stderr)
            return 1
        print(png_path(size))
    return 0


if __name__ == "__main__":
    sys.exit(main())
