"""A ticked box's tick is a PNG: drawing it does not load Qt's SVG engine.

The tick was an SVG, so the first ticked box on screen (Settings, the check-in, the
safety questions) loaded libQt6Svg and its image plugin: 0.7 MiB of the app's memory
for one 24-pixel shape (a session still loads it, for its exercise pictures).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.child import ROOT, run_child

SCRIPT = r"""
import sys
from pathlib import Path
from PySide6.QtWidgets import QApplication, QCheckBox
from ui.theme import CALM, HIGH_CONTRAST, style_sheet
app = QApplication([])
for theme in (CALM, HIGH_CONTRAST):
    app.setStyleSheet(style_sheet(theme))
    box = QCheckBox("Tingling in my hands")
    box.setChecked(True)
    box.resize(400, 80)
    image = box.grab()  # painted, tick and all
    assert not image.isNull()
    maps = Path("/proc/self/maps").read_text()
    print(theme.name, "svg" if "libQt6Svg" in maps or "qsvg" in maps else "no-svg", flush=True)
"""


@pytest.mark.skipif(not Path("/proc/self/maps").exists(), reason="reads /proc (Linux)")
def test_a_ticked_box_is_drawn_without_the_svg_engine() -> None:
    out = run_child(SCRIPT)
    assert out.stdout.split() == ["calm", "no-svg", "high_contrast", "no-svg"], out.stdout


def test_the_tick_pictures_exist_for_every_theme() -> None:
    from ui.theme import CALM, HIGH_CONTRAST, style_sheet

    for theme in (CALM, HIGH_CONTRAST):
        sheet = style_sheet(theme)
        assert f"tick-{theme.name}.png" in sheet
        assert (ROOT / "assets" / "icons" / f"tick-{theme.name}.png").is_file()
