"""Settings: name, language, voice (on/off, which voice, speed, volume), chime, reminder,
look. Saved at once.

The language is saved at once too, but takes effect at the next start: every text is
chosen when it is made, and remaking every page in place would lose what is half typed
or half played. The page says so plainly, in the chosen language."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLineEdit,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from cipn_coach import formatting, i18n
from cipn_coach.i18n import _
from cipn_coach.settings.patient import NAME_MAX_CHARS
from cipn_coach.speech.speaker import RATE_MAX_WPM, RATE_MIN_WPM, VoiceSettings
from cipn_coach.speech.voices import voice_name
from ui.theme import TEXT_SCALES
from ui.widgets.buttons import scrolling_layout
from ui.widgets.drop_down import DropDown
from ui.widgets.question import Question


def _slider(low: int, high: int, name: str) -> QSlider:
    slider = QSlider(Qt.Orientation.Horizontal)
    slider.setRange(low, high)
    slider.setPageStep(10)
    slider.setSingleStep(5)
    slider.setAccessibleName(name)
    slider.setMinimumHeight(48)
    return slider


RESTART_TO_SWITCH = i18n.N_("Restart CIPN Coach to switch language.")


def restart_note(chosen: str, running: str) -> str:
    """What the language row says under it: nothing while the chosen language is the one
    the app runs in; otherwise the restart sentence in the chosen language (the person
    who picked it reads it), followed by the running one's if they differ."""
    if chosen == running:
        return ""
    said = [
        i18n.catalogue(chosen).gettext(RESTART_TO_SWITCH),
        i18n.catalogue(running).gettext(RESTART_TO_SWITCH),
    ]
    return "\n".join(dict.fromkeys(said))


REMINDER_TIMES = [f"{h:02d}:{m:02d}" for h in range(7, 23) for m in (0, 30)]


class SettingsPage(QWidget):
    voice_changed = Signal(object)  # VoiceSettings
    chime_changed = Signal(bool)
    reminder_changed = Signal(object)  # "HH:MM" or None
    appearance_changed = Signal(str, float)  # theme name, text scale
    name_changed = Signal(str)  # the patient's name, spaces tidied ("" clears it)
    language_changed = Signal(str)  # "en", "zh_HK": saved now, used from the next start

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = scrolling_layout(self)
        layout.setContentsMargins(48, 32, 48, 32)
        heading = QLabel(_("Settings"))
        heading.setProperty("role", "title")
        layout.addWidget(heading)
        form = QFormLayout()
        form.setVerticalSpacing(16)
        # a field goes below its label when the two would not fit side by side
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        # the report for the care team starts with this name
        self.name = QLineEdit()
        self.name.setAccessibleName(_("Your name, as your care team knows it"))
        self.name.setPlaceholderText(_("Shown at the top of the report for your care team"))
        self.name.setMaxLength(NAME_MAX_CHARS)
        self.name.setMinimumHeight(48)
        form.addRow(_("Your name"), self.name)
        self.language = DropDown(
            _("Language (after a restart)"),
            [(i18n.NAMES[code], code) for code in i18n.LANGUAGES],  # each in its own words
        )
        self.language_note = QLabel("")
        self.language_note.setWordWrap(True)
        self.language_note.setVisible(False)
        self._running_language = i18n.language()
        self.language.setCurrentIndex(max(0, self.language.findData(self._running_language)))
        # TRANSLATORS: both languages on purpose: whoever cannot read the current one finds it
        form.addRow(_("Language 語言"), self.language)
        form.addRow(self.language_note)
        voice_on = Question(_("Speak the instructions aloud"))  # tick box and words that wrap
        self.voice_on = voice_on.box
        self.voice_on.setAccessibleName(_("Voice on"))
        self.voice = DropDown(_("Voice"))  # filled by load()
        self.rate = _slider(RATE_MIN_WPM, RATE_MAX_WPM, _("Speaking speed, words per minute"))
        self.volume = _slider(0, 100, _("Voice volume, percent"))
        chime = Question(_("Play a soft chime when an exercise starts and ends"))
        self.chime = chime.box
        self.chime.setAccessibleName(_("Chime on"))
        self.reminder = DropDown(
            _("Daily reminder to rate your day"),
            [(_("No reminder"), None)]
            + [(_("At {time}").format(time=text), text) for text in REMINDER_TIMES],
        )
        high_contrast = Question(_("High contrast: light text on black"))
        self.high_contrast = high_contrast.box
        self.high_contrast.setAccessibleName(_("High contrast colours"))
        self.text_size = DropDown(
            _("Text size"),
            [
                (_("{percent} %").format(percent=formatting.whole(scale * 100)), scale)
                for scale in TEXT_SCALES
            ],
        )
        # under the scrolling page, not in it: a change at the top said "✓ Saved" under
        # the last setting, out of view (shown from the first change on)
        self.saved = QLabel("")
        self.saved.setProperty("role", "muted")
        self.saved.setContentsMargins(48, 4, 48, 8)
        self.saved.hide()
        self.layout().addWidget(self.saved)
        form.addRow(voice_on)
        form.addRow(_("Voice"), self.voice)
        form.addRow(_("Speed"), self.rate)
        form.addRow(_("Volume"), self.volume)
        form.addRow(chime)
        form.addRow(_("Reminder"), self.reminder)
        form.addRow(high_contrast)
        form.addRow(_("Text size"), self.text_size)
        layout.addLayout(form)
        self._sections = QVBoxLayout()
        layout.addLayout(self._sections)
        layout.addStretch(1)
        self._loading = False
        for signal in (
            self.voice_on.toggled,
            self.voice.currentIndexChanged,
            self.rate.valueChanged,
            self.volume.valueChanged,
        ):
            signal.connect(self._emit_voice)
        self.chime.toggled.connect(self._emit_chime)
        self.reminder.currentIndexChanged.connect(self._emit_reminder)
        self.high_contrast.toggled.connect(self._emit_appearance)
        self.text_size.currentIndexChanged.connect(self._emit_appearance)
        self.name.editingFinished.connect(self._emit_name)
        self.language.currentIndexChanged.connect(self._emit_language)
        self._name = ""

    def add_section(self, widget: QWidget) -> None:
        self._sections.addWidget(widget)

    def load(
        self,
        voice: VoiceSettings,
        chime: bool,
        voices: list[tuple[str, str]],
        reminder: str | None = None,
        theme: str = "calm",
        scale: float = 1.0,
    ) -> None:
        self._loading = True
        self.high_contrast.setChecked(theme == "high_contrast")
        self.text_size.setCurrentIndex(max(0, self.text_size.findData(scale)))
        self.reminder.setCurrentIndex(max(0, self.reminder.findData(reminder)))
        self.voice.clear()
        self.voice.addItem(_("Default voice"), None)
        for voice_id, name in voices:
            self.voice.addItem(voice_name(voice_id, name), voice_id)
        index = self.voice.findData(voice.voice_id)
        self.voice.setCurrentIndex(max(0, index))
        self.voice_on.setChecked(voice.enabled)
        self.rate.setValue(voice.rate_wpm)
        self.volume.setValue(round(voice.volume * 100))
        self.chime.setChecked(chime)
        self._loading = False

    def load_name(self, name: str | None) -> None:
        self._name = name or ""
        self.name.setText(self._name)

    def _emit_name(self) -> None:
        name = " ".join(self.name.text().split())
        if name != self._name:
            self._name = name
            self.name.setText(name)
            self.name_changed.emit(name)
            self._show_saved()

    def load_language(self, chosen: str | None) -> None:
        """Show the saved choice (``None``: never chosen, so the running language)."""
        self._loading = True
        shown = chosen or self._running_language
        self.language.setCurrentIndex(max(0, self.language.findData(shown)))
        self._show_language_note(shown)
        self._loading = False

    def _emit_language(self) -> None:
        chosen = str(self.language.currentData())
        self._show_language_note(chosen)
        if not self._loading:
            self.language_changed.emit(chosen)
            self._show_saved()

    def _show_language_note(self, chosen: str) -> None:
        note = restart_note(chosen, self._running_language)
        self.language_note.setText(note)
        self.language_note.setVisible(bool(note))

    def current_voice(self) -> VoiceSettings:
        return VoiceSettings(
            enabled=self.voice_on.isChecked(),
            voice_id=self.voice.currentData(),
            rate_wpm=self.rate.value(),
            volume=self.volume.value() / 100,
        )

    def _emit_voice(self) -> None:
        if not self._loading:
            self.voice_changed.emit(self.current_voice())
            self._show_saved()

    def _show_saved(self) -> None:
        self.saved.setText(_("✓ Saved"))
        self.saved.show()

    def _emit_chime(self, on: bool) -> None:
        if not self._loading:
            self.chime_changed.emit(on)
            self._show_saved()

    def _emit_reminder(self) -> None:
        if not self._loading:
            self.reminder_changed.emit(self.reminder.currentData())
            self._show_saved()

    def _emit_appearance(self) -> None:
        if not self._loading:
            theme = "high_contrast" if self.high_contrast.isChecked() else "calm"
            self.appearance_changed.emit(theme, float(self.text_size.currentData()))
            self._show_saved()
