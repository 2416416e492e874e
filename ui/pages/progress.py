"""Progress: how the symptoms and the exercising went, for the patient and the family.

The page only draws a summary handed to it (``cipn_coach.reports.summary.load_summary``) and
says which period it wants through ``range_changed``; the main window loads the data.
Every number is already computed in the core: the page turns it into plain words (week
cards a family member understands without the chart, flags with what to do) and feeds
the charts, which are the same classes the PDF report draws.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from cipn_coach import formatting
from cipn_coach.checkin.flag_words import (
    PATIENT_HEADINGS,
    display_flags,
    history_line,
    patient_when,
)
from cipn_coach.checkin.flags import CONTACT_NOW
from cipn_coach.i18n import N_, _
from ui.pages.family_words import HEADINGS, OTHER_HEADING, TO_DO, what_happened, when
from ui.selftests.cards import SelfTestCards
from ui.theme import CALM, Theme
from ui.widgets.buttons import big_button
from ui.widgets.charts import (
    AdherenceChart,
    EffortChart,
    SymptomChart,
    adherence_series,
    number,
    symptom_series,
)
from ui.widgets.day_chart import DayChart, day_words, is_dense
from ui.widgets.flow import SideBySide, flow
from ui.widgets.forms import typed_text

RANGES: tuple[tuple[str, str], ...] = (
    ("2w", N_("2 weeks")),
    ("4w", N_("4 weeks")),
    ("all", N_("All")),
)
RANGE_NAMES = {"2w": N_("Show 2 weeks"), "4w": N_("Show 4 weeks"), "all": N_("Show all days")}
DEFAULT_RANGE = "4w"
LEVEL_WORDS = PATIENT_HEADINGS  # the words Today uses for the same flags
HISTORY_WORDS = N_("Earlier warning signs (more than a week ago)")
WEEK_MEASURES = {
    "hands": N_("Hands (numb, tingling)"),
    "feet": N_("Feet (numb, tingling)"),
    "pain": N_("Pain"),
    "night": N_("Night-time discomfort"),
}
# A change smaller than this (points out of 10, between two weekly averages) is shown as
# "about the same": day-to-day ratings wobble by about a point, so half a point in a
# week's average is not a change a patient would feel.
SAME_BAND = 0.5
# what the symptom chart's marks mean; over many days (``DayChart.dense``) it has no dots
SYMPTOM_HELP = {
    False: N_(
        "Dots are the daily ratings; thick lines the average of the last 7 "
        "days. The shaded zone is above 4: if an average stays there for 2 "
        "weeks, a check-up is recommended. A gap is a day without a rating."
    ),
    True: N_(
        "Thin pale lines are the daily ratings (too many days for a dot each); "
        "thick lines the average of the last 7 days. The shaded zone is above "
        "4: if an average stays there for 2 weeks, a check-up is recommended. "
        "A gap is a day without a rating."
    ),
}
CHART_HINT = N_("Click the chart, or press Tab to reach it, then use ← and → to read each day.")


NO_FLAGS = N_(
    "No warning signs in your ratings for this period. If something "
    "worries you, contact your care team anyway."
)
NO_FLAGS_FAMILY = N_(
    "No warning signs in their ratings for this period. If something worries "
    "them, please help them contact their care team anyway."
)
"""The family view's words: about the patient, and what a relative can do."""


def change_words(change: float | None) -> tuple[str, str]:
    """(arrow, word) for a week-on-week change where lower is better."""
    if change is None:
        return "", _("Not enough ratings to compare yet")
    if abs(change) < SAME_BAND:
        return "=", _("About the same")
    return ("▼", _("Easier")) if change < 0 else ("▲", _("Worse"))


def _card() -> tuple[QFrame, QVBoxLayout]:
    frame = QFrame()
    frame.setProperty("role", "card")
    box = QVBoxLayout(frame)
    box.setContentsMargins(18, 12, 18, 14)
    box.setSpacing(6)
    return frame, box


class WeekCard(QFrame):
    """One measure: this week's average against last week's, in words and arrows."""

    def __init__(self, measure: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.measure = measure
        self.setProperty("role", "card")
        # equal columns: the grid's stretch decides the width, not the longest title
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        box = QVBoxLayout(self)
        box.setContentsMargins(18, 12, 18, 14)
        self.title = typed_text(_(WEEK_MEASURES[measure]))
        self.verdict = typed_text("", "subtitle")
        self.detail = typed_text("", "muted")
        for widget in (self.title, self.verdict, self.detail):
            box.addWidget(widget)

    def show_change(
        self, this_week: float | None, last_week: float | None, change: float | None
    ) -> None:
        arrow, word = change_words(change)
        self.verdict.setText(f"{arrow} {word}".strip())

        def average(value: float | None) -> str:
            if value is None:
                return _("not rated enough")
            return _("{average} out of 10").format(average=number(value, 1))

        self.detail.setText(
            _("This week: {this_week}\nLast week: {last_week}").format(
                this_week=average(this_week), last_week=average(last_week)
            )
        )
        self.setAccessibleName(
            _("{measure}: {change}. {detail}").format(
                measure=_(WEEK_MEASURES[self.measure]),
                change=word,
                detail=self.detail.text().replace(chr(10), _(". ")),
            )
        )


def flag_card(
    level: str, flags: Sequence[Mapping[str, Any]], period_end: date, family: bool = False
) -> QFrame:
    """The current flags of one level in plain words: how urgent, why and since when
    (each), and what to do (said once: flags of a level share it). In the family view
    the words are about the patient, for a relative (``family_card``)."""
    if family:
        return family_card(level, flags)
    frame, box = _card()
    urgent = level == CONTACT_NOW
    words = _(LEVEL_WORDS[level]) if level in LEVEL_WORDS else level
    box.addWidget(typed_text(f"⚠ {words}" if urgent else words, "flag" if urgent else "subtitle"))
    for flag in flags:
        box.addWidget(typed_text(("• " if len(flags) > 1 else "") + flag["explanation"]))
        box.addWidget(typed_text(patient_when(flag, period_end), "muted"))
    for advice in dict.fromkeys(f["what_to_do"] for f in flags):
        box.addWidget(typed_text(_("What to do: {advice}").format(advice=advice)))
    frame.setAccessibleName(
        _("{heading}. {words}").format(
            heading=words, words=" ".join(f["explanation"] for f in flags)
        )
    )
    frame.setProperty("level", level)
    return frame


def family_card(level: str, flags: Sequence[Mapping[str, Any]]) -> QFrame:
    """The current flags of one level told to a relative: what the check-ins showed about
    the patient and when (each), and how a relative can help (said once), as Today's
    family view words them (``family_words``)."""
    frame, box = _card()
    heading = _(HEADINGS.get(level, OTHER_HEADING))
    urgent = level == CONTACT_NOW
    box.addWidget(
        typed_text(f"⚠ {heading}" if urgent else heading, "flag" if urgent else "subtitle")
    )
    for flag in flags:
        line = _("{what_happened} {when}").format(
            what_happened=what_happened(flag), when=when(flag)
        )
        box.addWidget(typed_text(("• " if len(flags) > 1 else "") + line))
    to_do = _(TO_DO.get(level, TO_DO["evaluation_recommended"]))
    box.addWidget(typed_text(to_do))
    frame.setAccessibleName(
        _("{heading}. {words} {to_do}").format(
            heading=heading, words=" ".join(what_happened(f) for f in flags), to_do=to_do
        )
    )
    frame.setProperty("level", level)
    return frame


def history_card(flags: Sequence[Mapping[str, Any]], family: bool = False) -> QFrame:
    """Flags whose rule last held more than a week ago: what happened when, as a
    question, never as an instruction to act now (``family``: asked about the patient)."""
    frame, box = _card()
    box.addWidget(typed_text(_(HISTORY_WORDS), "subtitle"))
    lines = [history_line(flag, family) for flag in flags]
    for line in lines:
        box.addWidget(typed_text(("• " if len(lines) > 1 else "") + line))
    frame.setAccessibleName(
        _("{heading}. {words}").format(heading=_(HISTORY_WORDS), words=" ".join(lines))
    )
    frame.setProperty("level", "history")
    return frame


class ProgressPage(QWidget):
    """Range buttons, "Day X of N", flags, week cards, and the three charts.

    The window connects ``range_changed`` to its loader and calls ``show_summary``
    with the result, again after every check-in or session: the charts update in
    place (one scrolled out of sight just before it is painted: see ``DayChart``). All
    of it sits in a scroll area, so large text scrolls instead of clipping.
    """

    range_changed = Signal(str)  # "2w", "4w" or "all"

    def __init__(
        self, theme: Theme = CALM, text_scale: float = 1.0, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)  # width follows the window; height scrolls
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setAccessibleName(_("Progress"))
        self.scroll.setProperty("role", "reading")  # a Tab stop (arrows scroll): ringed
        outer.addWidget(self.scroll)
        content = QWidget()
        self.scroll.setWidget(content)
        layout = QVBoxLayout(content)
        layout.setContentsMargins(48, 32, 48, 32)
        layout.setSpacing(14)

        # title and "Day X of N" share a line (the charts start higher) when both fit;
        # at 200 % on a small screen they did not, and the page scrolled sideways
        self.day_line = typed_text("", "subtitle")
        title = typed_text(_("Progress"), "title", wrap=False)
        top = SideBySide(title, self.day_line, 0, 1, 24, align=Qt.AlignmentFlag.AlignBottom)
        layout.addWidget(top)
        self.period_line = typed_text("", "muted")
        layout.addWidget(self._range_row())

        # urgent flags come first; "check-up recommended" ones follow the symptom chart
        # they are about, so the week cards and the chart stay near the top
        self.no_flags = typed_text(_(NO_FLAGS), "muted")
        self.flag_cards: list[QFrame] = []
        self._flags_shown: tuple[list[dict[str, Any]], date, bool] | None = None
        # the family view: flags are worded about the patient, for a relative
        self.family = False
        self.urgent_box = QVBoxLayout()
        self.checkup_box = QVBoxLayout()
        layout.addWidget(self.no_flags)
        layout.addLayout(self.urgent_box)

        layout.addWidget(typed_text(_("This week compared with last week"), "subtitle"))
        self.week_line = typed_text("", "muted")
        layout.addWidget(self.week_line)
        self.week_grid = QGridLayout()
        self.week_grid.setSpacing(12)
        self.week_cards = {m: WeekCard(m) for m in WEEK_MEASURES}
        self._week_columns = 0
        self._arrange_week_cards(2)
        layout.addLayout(self.week_grid)

        self.symptom_chart = SymptomChart(theme, text_scale)
        layout.addWidget(typed_text(_("Symptoms, from 0 (none) to 10 (unbearable)"), "subtitle"))
        self.symptom_help = typed_text(_(SYMPTOM_HELP[False]), "muted")
        layout.addWidget(self.symptom_help)
        self.symptom_detail = self._chart(layout, self.symptom_chart)
        layout.addLayout(self.checkup_box)

        layout.addWidget(typed_text(_("Sessions: planned and done"), "subtitle"))
        self.adherence_line = typed_text("", None)
        self.adherence_more = typed_text("", "muted")
        layout.addWidget(self.adherence_line)
        layout.addWidget(self.adherence_more)
        self.adherence_chart = AdherenceChart(theme, text_scale)
        self.adherence_detail = self._chart(layout, self.adherence_chart)

        layout.addWidget(
            typed_text(
                _("How hard the sessions felt: 0 very easy, 10 as hard as it gets"), "subtitle"
            )
        )
        self.effort_chart = EffortChart(theme, text_scale)
        self.effort_detail = self._chart(layout, self.effort_chart)
        self.selftests = SelfTestCards()  # one small chart per self-test, band shaded
        layout.addWidget(self.selftests)
        layout.addStretch(1)
        self._size_charts(text_scale)

    def _range_row(self) -> QWidget:
        """ "Show:", the range buttons and the period in words, wrapping as one row: the
        period goes under the buttons when it does not fit beside them. Why not beside
        them always: at 200 % in Chinese on 1024×600 it was given ~80 px there and broke
        after every second character."""
        # checkable buttons kept exclusive by hand, not by an exclusive QButtonGroup: in a
        # group Tab stops only at the checked one and arrows switch; here each is a Tab stop
        self.range_buttons: dict[str, QPushButton] = {}
        for key, text in RANGES:
            button = big_button(_(text), _(RANGE_NAMES[key]), checkable=True)
            button.setChecked(key == DEFAULT_RANGE)
            button.clicked.connect(lambda _=False, k=key: self._range_clicked(k))
            self.range_buttons[key] = button
        self._range = DEFAULT_RANGE
        show = typed_text(_("Show:"), wrap=False)
        show.setMinimumHeight(self.range_buttons[DEFAULT_RANGE].sizeHint().height())
        return flow(show, *self.range_buttons.values(), self.period_line, spacing=10)

    def _chart(self, layout: QVBoxLayout, chart: DayChart) -> QLabel:
        """Add ``chart`` with a line under it that repeats the highlighted day in words."""
        layout.addWidget(chart)
        detail = typed_text(_(CHART_HINT), "muted")
        detail.setMinimumHeight(detail.fontMetrics().height() * 2)
        chart.day_focused.connect(
            lambda text: detail.setText(text.replace("\n", " · ") or _(CHART_HINT))
        )
        layout.addWidget(detail)
        return detail

    def _arrange_week_cards(self, columns: int) -> None:
        """Four cards in a row when they fit, else two (large text, narrow window)."""
        if columns == self._week_columns:
            return
        self._week_columns = columns
        for i, card in enumerate(self.week_cards.values()):
            self.week_grid.removeWidget(card)
            self.week_grid.addWidget(card, i // columns, i % columns)
        for column in range(4):
            self.week_grid.setColumnStretch(column, 1 if column < columns else 0)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        # a card needs about 18 characters a line ("Hands: numbness or")
        card_px = self.fontMetrics().averageCharWidth() * 18 + 40
        room = self.width() - 96 - self.scroll.verticalScrollBar().sizeHint().width()
        self._arrange_week_cards(4 if room >= 4 * card_px else 2)

    # --- range -----------------------------------------------------------------------
    @property
    def current_range(self) -> str:
        return self._range

    def set_range(self, key: str) -> None:
        """Check ``key``'s button without emitting (the window restoring a choice)."""
        for k, button in self.range_buttons.items():
            button.setChecked(k == key)
        self._range = key

    def _range_clicked(self, key: str) -> None:
        changed = key != self._range
        self.set_range(key)  # also re-checks a button clicked a second time
        if changed:
            self.range_changed.emit(key)

    # --- data ------------------------------------------------------------------------
    def apply_style(self, theme: Theme, text_scale: float) -> None:
        """Charts are painted, not styled by the style sheet: pass the theme on."""
        for chart in (self.symptom_chart, self.adherence_chart, self.effort_chart):
            chart.apply_style(theme, text_scale)
        self._size_charts(text_scale)

    def _size_charts(self, text_scale: float) -> None:
        """Fixed heights that grow with the text, so labels never squeeze the plot."""
        for chart, height in (
            (self.symptom_chart, 420),
            (self.adherence_chart, 280),
            (self.effort_chart, 260),
        ):
            chart.setFixedHeight(round(height * max(1.0, text_scale)))

    def show_summary(
        self, summary: Mapping[str, Any], efforts: Sequence[tuple[date, int | None]]
    ) -> None:
        """Show ``summary`` (``load_summary``'s dict for the chosen range) and the
        sessions' effort ratings as (local day, effort or None) pairs."""
        self._show_period(summary)
        self._show_flags(summary["flags"], date.fromisoformat(summary["period"]["to"]))
        self._show_weeks(summary["weeks"])
        self._show_adherence(summary["adherence"])
        series = symptom_series(summary)
        self.symptom_help.setText(_(SYMPTOM_HELP[is_dense(len(series["days"]))]))
        # all texts set: lay the page out now (the scroll area sizes its content only
        # when asked), so the first paint shows the final layout, not an in-between one
        # followed by a second layout and paint, and charts know if they are in sight
        QCoreApplication.sendEvent(self.scroll, QEvent(QEvent.Type.LayoutRequest))
        self.symptom_chart.set_data(**series)
        self.adherence_chart.set_data(**adherence_series(summary))
        self.effort_chart.set_data(series["days"], efforts)
        # unchanged texts and flags are left alone, so a refresh with the same data would
        # repaint nothing: repaint what is on screen once, so a refresh is always drawn
        # (the viewport is all covered by the page's content: an update() there is lost)
        self.scroll.widget().update()

    def _show_period(self, summary: Mapping[str, Any]) -> None:
        program, period = summary["program"], summary["period"]
        day, length = program["day"], program["length_days"]
        # in the family view said about the patient, not to them
        if day < 1:
            words = (
                _("The programme starts on {day}")
                if self.family
                else _("Your programme starts on {day}")
            )
            self.day_line.setText(
                words.format(day=day_words(date.fromisoformat(program["start"]), long=True))
            )
        else:
            if day > length and self.family:
                words = _("Day {day}: the {length}-day programme is complete.")
            elif day > length:
                words = _(
                    "Day {day}: the {length}-day programme is complete. Keep going if it helps!"
                )
            elif self.family:
                words = _("Day {day} of {length} of the programme")
            else:
                words = _("Day {day} of {length} of your programme")
            self.day_line.setText(
                words.format(day=formatting.whole(day), length=formatting.whole(length))
            )
        first, last = date.fromisoformat(period["from"]), date.fromisoformat(period["to"])
        # "N of M days rated" counts the programme's days only: day 1 is "1 of 1"
        days = period.get("programme_days", period["days"])
        rated = period.get("programme_days_recorded", period["days_recorded"])
        if days < period["days"]:
            words = _(
                "Showing {first} to {last}: {rated} of {days} rated since the programme began"
            )
        else:
            words = _("Showing {first} to {last}: {rated} of {days} rated")
        self.period_line.setText(
            words.format(
                first=formatting.day_month_long(first),
                last=formatting.day_month_long(last),
                rated=formatting.number(rated, 0),
                days=formatting.count(days, "{n} day", "{n} days"),
            )
        )

    def _show_flags(self, flags: Sequence[Mapping[str, Any]], period_end: date) -> None:
        """One card per level, the urgent one first (the core orders flags that way).
        The same flags again (a refresh after a session) keep their cards: new ones cost
        a style pass and a layout pass of the whole page."""
        shown = ([dict(f) for f in flags], period_end, self.family)
        if shown == self._flags_shown:
            return
        self._flags_shown = shown
        for card in self.flag_cards:
            card.setParent(None)
            card.deleteLater()
        shown_flags = display_flags(flags)
        current = [f for f in shown_flags if f.get("current", True)]
        history = [f for f in shown_flags if not f.get("current", True)]
        levels = dict.fromkeys(f["level"] for f in current)
        self.flag_cards = [
            flag_card(level, [f for f in current if f["level"] == level], period_end, self.family)
            for level in levels
        ]
        if history:  # after the urgent card, before the check-up one
            urgent_first = int(bool(self.flag_cards) and CONTACT_NOW in levels)
            self.flag_cards.insert(urgent_first, history_card(history, self.family))
        for card in self.flag_cards:
            urgent = card.property("level") in (CONTACT_NOW, "history")
            (self.urgent_box if urgent else self.checkup_box).addWidget(card)
            # styled, laid out and shown now, not by Qt after the first paint: the page
            # would be painted with the card missing or sized with unstyled fonts, then
            # laid out and painted again
            card.ensurePolished()
            card.layout().activate()
            card.show()
        self.no_flags.setText(_(NO_FLAGS_FAMILY if self.family else NO_FLAGS))
        if self.no_flags.isHidden() == (not flags):
            self.no_flags.setVisible(not flags)

    def _show_weeks(self, weeks: Sequence[Mapping[str, Any]]) -> None:
        this = weeks[-1] if weeks else None
        last = weeks[-2] if len(weeks) > 1 else None
        if this is None:
            self.week_line.setText(_("No ratings in this period yet."))
        else:
            monday = date.fromisoformat(this["monday"])
            rated = formatting.count(this["days_recorded"], "{n} day", "{n} days")
            self.week_line.setText(
                _("This week began {day} ({rated} rated so far). Lower numbers are better.").format(
                    day=day_words(monday, True), rated=rated
                )
            )
        for measure, card in self.week_cards.items():
            now = this["averages"][measure] if this else None
            change = this["change"][measure] if this else None
            before = last["averages"][measure] if last else None
            if before is None and now is not None and change is not None:
                before = now - change  # last week lies before the period shown
            card.show_change(now, before, change)
            card.layout().activate()  # its new height is known before the page's layout

    def _show_adherence(self, a: Mapping[str, Any]) -> None:
        if not a["planned"]:
            self.adherence_line.setText(_("No sessions were planned in this period yet."))
        else:
            streak = formatting.count(a["streak_days"], "{n} day", "{n} days")
            planned = formatting.count(a["planned"], "{n} planned session", "{n} planned sessions")
            self.adherence_line.setText(
                _(
                    "{done} of {planned} done ({percent}%) · streak: {streak} in a row with a "
                    "session"
                ).format(
                    done=formatting.whole(a["done"]),
                    planned=planned,
                    percent=formatting.whole(a["percent"]),
                    streak=streak,
                )
            )
        more = []
        if a["partial"]:
            more.append(
                _("{partly} of them partly done (at least half the time counts as done)").format(
                    partly=formatting.whole(a["partial"])
                )
            )
        if a["minutes_planned"]:
            minutes = formatting.count(
                round(a["minutes_planned"]), "{n} exercise minute", "{n} exercise minutes"
            )
            more.append(
                _("{done} of {minutes} ({percent}%)").format(
                    done=formatting.whole(a["minutes_done"]),
                    minutes=minutes,
                    percent=formatting.whole(a["minutes_percent"]),
                )
            )
        self.adherence_more.setText(" · ".join(more))
        if self.adherence_more.isHidden() == bool(more):  # showing, even when already shown,
            self.adherence_more.setVisible(bool(more))  # lays the whole page out at once
