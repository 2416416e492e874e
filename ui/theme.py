"""Look and feel: calm, high contrast, large. One place for colours and sizes.

Colours are chosen for ≥ 7:1 text contrast (WCAG AAA) against their backgrounds; the
high-contrast theme goes further (white on black). Text scale multiplies every size.

The focus ring: a focused control's border grows into its margin (2 px margin + 2 px
border become a 4 px border in the focus colour), so the ring is drawn over the window's
own colour, where the focus colour stands out (≥ 3:1) on light and dark buttons alike,
and the control's size does not change when focus arrives (nothing around it moves).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

MIN_TARGET_PX = 48
BASE_POINT_SIZE = 15


@dataclass(frozen=True)
class Theme:
    name: str
    window: str
    surface: str
    text: str
    muted: str  # secondary text, still ≥ 7:1 on window and surface
    accent: str  # buttons: text colour on accent is ``on_accent``
    on_accent: str
    caution: str
    on_caution: str
    done: str
    focus: str
    disabled: str  # what cannot be chosen now: readable, visibly fainter than ``muted``


CALM = Theme(
    "calm",
    window="#F4F1EA",
    surface="#FFFFFF",
    text="#1B1F23",
    muted="#3A4149",
    accent="#1F4E79",
    on_accent="#FFFFFF",
    caution="#7A2E0E",
    on_caution="#FFFFFF",
    done="#1A5530",
    focus="#B35C00",
    disabled="#6B7178",
)
HIGH_CONTRAST = Theme(
    "high_contrast",
    window="#000000",
    surface="#111111",
    text="#FFFFFF",
    muted="#E6E6E6",
    accent="#FFE14D",
    on_accent="#000000",
    caution="#FF9E80",
    on_caution="#000000",
    done="#7CFC9A",
    focus="#00E5FF",
    disabled="#A0A0A0",
)
THEMES = {t.name: t for t in (CALM, HIGH_CONTRAST)}


def pt(size: float, scale: float) -> int:
    return max(1, round(size * scale))


def style_sheet(theme: Theme, scale: float = 1.0) -> str:
    """The application style sheet. Sizes are in points so they follow the text scale.

    Never empty, and the app never sets an empty one: removing the application's style
    sheet while windows exist left Qt's style-sheet cache holding widgets it was no longer
    told were destroyed, and a later change of sheet crashed the process (seen in the
    tests, ``tests/ui/conftest.py``)."""
    t = theme
    # the menu bar's row must be a target (≥ 48 px): at 100 % padding makes it so (Qt's
    # row was 40 px); from 150 % on its words do, and more padding only took height from
    # every screen (the session's "Get ready" words were cut at 200 % on 1024×560)
    bar_pad = 12 if scale < 1.5 else 4
    tick = _tick_image(t)
    return f"""
    QWidget {{ background: {t.window}; color: {t.text}; font-size: {pt(BASE_POINT_SIZE, scale)}pt; }}
    QLabel {{ background: transparent; }}
    QLabel[role="title"] {{ font-size: {pt(26, scale)}pt; font-weight: 600; }}
    QLabel[role="huge"] {{ font-size: {pt(40, scale)}pt; font-weight: 700; }}
    QLabel[role="subtitle"] {{ font-size: {pt(19, scale)}pt; }}
    QLabel[role="muted"] {{ color: {t.muted}; }}
    QLabel[role="caption"] {{ background: {t.surface}; border: 2px solid {t.muted};
        border-radius: 10px; padding: 10px 16px; font-size: {pt(20, scale)}pt; }}
    QLabel[role="notice"] {{ background: {t.surface}; border: 2px solid {t.muted};
        border-radius: 10px; padding: 10px 16px; }}
    QLabel[role="flag"] {{ background: {t.caution}; color: {t.on_caution}; border-radius: 10px;
        padding: 10px 16px; }}
    QFrame[role="card"] {{ background: {t.surface}; border: 1px solid {t.muted}; border-radius: 12px; }}
    QPushButton, QToolButton {{ background: {t.surface}; color: {t.text}; border: 2px solid {t.muted};
        border-radius: 10px; padding: 8px 18px; min-height: {MIN_TARGET_PX}px; min-width: {MIN_TARGET_PX}px; }}
    QPushButton:checked {{ background: {t.accent}; color: {t.on_accent}; border-color: {t.accent}; }}
    QPushButton[role="primary"] {{ background: {t.accent}; color: {t.on_accent}; border-color: {t.accent};
        font-size: {pt(22, scale)}pt; font-weight: 600; padding: 14px 28px; }}
    QLabel[role="primary-label"] {{ color: {t.on_accent}; font-size: {pt(22, scale)}pt; font-weight: 600; }}
    QPushButton[role="save"] {{ background: {t.accent}; color: {t.on_accent}; border-color: {t.accent};
        font-weight: 600; }}  /* a form's Save: marked like the main action, in the text's size */
    QLabel[role="primary-label"]:disabled {{ color: {t.muted}; }}
    QScrollArea {{ border: none; }}
    QScrollArea:focus {{ border: 3px solid {t.focus}; border-radius: 8px; }}  /* Help's text */
    QPushButton[role="scale"] {{ padding: 8px 4px; }}
    QPushButton[role="danger"] {{ color: {t.caution}; border-color: {t.caution}; }}
    QPushButton:disabled, QPushButton[role="primary"]:disabled, QPushButton[role="save"]:disabled {{ background: {t.window};
        color: {t.muted}; border: 2px dashed {t.muted}; }}
    QMenu {{ background: {t.surface}; border: 2px solid {t.muted}; padding: 4px; }}
    QMenu::item {{ min-height: {MIN_TARGET_PX - 16}px; padding: 8px 28px 8px 20px;
        border-radius: 6px; }}
    QMenu::item:selected {{ background: {t.accent}; color: {t.on_accent}; }}
    QMenu::separator {{ height: 2px; background: {t.muted}; margin: 6px 10px; }}
    QMenuBar::item {{ padding: {bar_pad}px 14px; }}
    QMenuBar::item:selected {{ background: {t.accent}; color: {t.on_accent}; }}
    QMenuBar::item:disabled, QMenu::item:disabled {{ color: {t.disabled}; font-style: italic; }}
    QCheckBox::indicator {{ border: 3px solid {t.muted}; border-radius: 6px; background: {t.surface}; }}
    QCheckBox::indicator:checked {{ background: {t.accent}; border-color: {t.accent};{tick} }}
    QLabel[role="player-title"] {{ font-size: {pt(18, scale)}pt; font-weight: 600; }}
    QLabel[role="player-caption"] {{ background: {t.surface}; border: 2px solid {t.muted};
        border-radius: 10px; padding: 6px 12px; font-size: {pt(BASE_POINT_SIZE, scale)}pt; }}
    QPushButton[control="true"] {{ font-size: {pt(BASE_POINT_SIZE, scale)}pt; padding: 8px 14px; }}
    QPushButton[nav="true"] {{ text-align: left; padding-left: 16px; }}
    QPushButton[nav="true"][current="true"] {{ background: {t.accent}; color: {t.on_accent};
        border-color: {t.accent}; font-weight: 600; }}
    QCheckBox {{ spacing: 14px; min-height: {MIN_TARGET_PX}px; padding: 4px 8px; border-radius: 8px;
        border: 2px solid transparent; }}
    QCheckBox::indicator {{ width: 34px; height: 34px; }}
    QLineEdit, QComboBox, QAbstractSpinBox {{ background: {t.surface}; border: 2px solid {t.muted};
        border-radius: 8px; padding: 6px 10px; min-height: {MIN_TARGET_PX - 16}px; }}
    QAbstractSpinBox {{ padding: 0px 6px; min-height: {MIN_TARGET_PX}px; }}  /* a 48 px field inside */
    QAbstractSpinBox QLineEdit {{ border: none; padding: 0; margin: 0; }}  /* the box has one */
    QSlider {{ min-height: {MIN_TARGET_PX}px; }}
    QProgressBar {{ border: 2px solid {t.muted}; border-radius: 8px; background: {t.surface};
        min-height: 18px; text-align: center; }}
    QProgressBar::chunk {{ background: {t.accent}; border-radius: 6px; }}
    QSlider {{ border: 2px solid transparent; border-radius: 8px; min-height: {MIN_TARGET_PX + 8}px; }}
    QSlider::groove:horizontal {{ height: 10px; border-radius: 5px; background: {t.muted}; }}
    QSlider::sub-page:horizontal {{ height: 10px; border-radius: 5px; background: {t.accent}; }}
    QSlider::handle:horizontal {{ width: {MIN_TARGET_PX}px; height: {MIN_TARGET_PX}px;
        margin: -{(MIN_TARGET_PX - 10) // 2}px 0; border-radius: {MIN_TARGET_PX // 2}px;
        background: {t.surface}; border: 4px solid {t.accent}; }}
    QComboBox QAbstractItemView {{ background: {t.surface}; color: {t.text}; }}
    QAbstractItemView, QPlainTextEdit {{ background: {t.surface}; color: {t.text};
        border: 2px solid {t.muted}; selection-background-color: {t.accent};
        selection-color: {t.on_accent}; }}
    DropDown::drop-down {{ subcontrol-origin: padding; subcontrol-position: center right;
        width: {pt(30, scale)}px; border: none; border-left: 2px solid {t.muted}; }}
    DropDown::down-arrow {{ image: none; }}  /* ui.widgets.drop_down draws its own */
    QComboBox QAbstractItemView::item {{ min-height: {MIN_TARGET_PX}px; padding: 0 10px; }}
    QListWidget::item {{ min-height: {MIN_TARGET_PX}px; padding: 0 6px; }}  /* each row a target */
    QPushButton, QToolButton, QCheckBox, QLineEdit, QComboBox, QAbstractSpinBox, QSlider {{ margin: 2px; }}
    QPushButton:focus, QToolButton:focus, QCheckBox:focus, QLineEdit:focus, QComboBox:focus,
    QAbstractSpinBox:focus, QSlider:focus {{ outline: none; border: 4px solid {t.focus}; margin: 0px; }}
    QAbstractSpinBox QLineEdit:focus {{ border: none; margin: 0px; }}
    QAbstractItemView:focus, QPlainTextEdit:focus {{ outline: none; border: 3px solid {t.focus}; }}
    QScrollArea[role="reading"] {{ border: 4px solid transparent; }}
    QScrollArea[role="reading"]:focus {{ border-color: {t.focus}; }}
    QPushButton[nav="true"][current="true"]:focus {{ border-color: {t.focus}; }}
    """


@cache
def _tick_image(theme: Theme) -> str:
    """A ticked box shows a tick, not only its fill: told apart by shape as well as by
    colour, by someone who sees little of either (``assets/icons/tick-<theme>.png``, in
    the theme's ``on_accent``, rendered from its SVG by ``assets/icons/make_pngs.py``: an
    SVG here loaded Qt's SVG engine, 0.7 MiB, for this one shape). Without the assets
    folder, the fill alone. Looked up once per theme: the style sheet is made again at
    every change of text size."""
    from cipn_coach.paths import assets_dir

    try:
        tick = assets_dir() / "icons" / f"tick-{theme.name}.png"
    except FileNotFoundError:
        return ""
    return f' image: url("{tick.as_posix()}");' if tick.is_file() else ""


TEXT_SCALES = (1.0, 1.25, 1.5, 1.75, 2.0)


def ring_colours(theme: Theme) -> tuple[str, str, str]:
    """Track, arc and number colours of the countdown ring for ``theme``."""
    return theme.muted, theme.accent, theme.text
