"""The PDF report: one to two A4 pages of real, selectable text, plus the app's charts.

Laid out as HTML in a ``QTextDocument`` and printed with Qt's own ``QPdfWriter``, so the
text is text (searchable, copyable) and any script with a font on the system renders —
Chinese names included (``fonts-wqy-microhei`` is installed by the set-up). The charts are
drawn by the same chart classes the Progress screen uses.
"""

from __future__ import annotations

import html
import os
from datetime import date
from pathlib import Path

import shiboken6
from PySide6.QtCore import QMarginsF, QSizeF, QUrl
from PySide6.QtGui import (
    QFont,
    QPageLayout,
    QPageSize,
    QPdfWriter,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)
from PySide6.QtPrintSupport import QPrinter

from cipn_coach import formatting
from cipn_coach.checkin.flag_words import CLINICIAN_HEADINGS, clinician_line
from cipn_coach.checkin.flags import CONTACT_NOW
from cipn_coach.i18n import N_, _, p_
from cipn_coach.reports.report_data import MEASURE_WORDS, QUESTIONS_SOURCE, ReportData
from cipn_coach.selftests.words import side_word
from ui.widgets.charts import (
    AdherenceChart,
    SymptomChart,
    adherence_series,
    symptom_series,
)

CHART_SIZE = (820, 250)
CHART_WIDTH_ON_PAGE = 560  # layout pixels: fits A4 within the 15 mm margins
LAYOUT_DPI = 96  # the document's layout units when it has no paint device (Qt's default)
KEEP_WITH_HEADING_PX = 40  # a heading keeps about three lines of what follows on its page
MAX_PAGINATION_ROUNDS = 12
OTHER_FLAG = N_("Flag")  # a level without a heading of its own (never raw)


def _e(text: object) -> str:
    return html.escape(str(text))


def _number(value: float | None) -> str:
    """One decimal always ("5.0", not "5"): the table's columns line up."""
    return "–" if value is None else f"{value:.1f}"


def _whole(value: float | None) -> str:
    return "–" if value is None else formatting.whole(value)


def _change(value: float | None) -> str:
    if value is None:
        return "–"
    if abs(value) < 0.05:
        return _("{change} (same)").format(change=_number(0.0))
    words = _("{change} (easier)") if value < 0 else _("{change} (worse)")
    return words.format(change=f"{value:+.1f}")


def _period(data: ReportData) -> str:
    first, last = formatting.day_year(data.first), formatting.day_year(data.last)
    start = data.programme_start
    if data.first < start <= data.last:  # nothing was planned before it
        words = _("{first} to {last} (the programme began on {start})")
    elif start > data.last:
        words = _("{first} to {last} (before the programme, which begins on {start})")
    else:
        words = _("{first} to {last}")
    return words.format(first=first, last=last, start=formatting.day_year(start))


def _adherence(data: ReportData) -> str:
    a = data.adherence
    if not a["planned"]:
        still_open = sum(d["open"] for d in a["by_day"])
        done = _("Sessions done: {done} of {planned}: nothing was due yet in this period.").format(
            done=_whole(a["done"]), planned=_whole(a["planned"])
        )
        if still_open:
            sessions = formatting.count(still_open, "{n} session is", "{n} sessions are")
            done += _(" Today's {sessions} still open; they count once the day is over.").format(
                sessions=sessions
            )
    else:
        done = _(
            "Sessions done: <b>{done} of {planned}</b> ({percent} %), of which partly "
            "done: {partly}."
        ).format(
            done=_whole(a["done"]),
            planned=_whole(a["planned"]),
            percent=_number(a["percent"]),
            partly=_whole(a["partial"]),
        )
    minutes = ""
    if a["minutes_planned"]:
        minutes = _(" Exercise minutes: {done} of {planned} ({percent} %).").format(
            done=_whole(a["minutes_done"]),
            planned=_whole(a["minutes_planned"]),
            percent=_whole(a["minutes_percent"]),
        )
    streak = formatting.count(a["streak_days"], "{n} day", "{n} days")
    return (
        "<p>"
        + _("{done}{minutes} Current streak: {streak}.").format(
            done=done, minutes=minutes, streak=streak
        )
        + "</p>"
    )


def _flag(flag: dict, report_day: date) -> str:
    """One flag for the care team: how urgent (or that it is history), what the patient
    reported in the third person, when it first and last held, and the source in words."""
    if flag.get("current", True):
        heading = _(CLINICIAN_HEADINGS.get(flag["level"], OTHER_FLAG))
    elif flag["level"] == CONTACT_NOW:
        heading = _("Earlier urgent sign, no longer current")
    else:
        heading = _("Earlier check-up sign, no longer current")
    heading_line = _("{heading}.").format(heading=heading)
    when_line = _("{when}.").format(when=clinician_line(flag, report_day))
    source = _("Source: {source}.").format(source=flag["source"])
    return (
        f"<li><b>{_e(heading_line)}</b> {_e(flag['clinical'])}<br>"
        f"{_e(when_line)} <small>{_e(source)}</small></li>"
    )


def _cycle_table(data: ReportData) -> str:
    """Averages per chemotherapy cycle period and the change from the cycle before, when
    a treatment record exists (nothing otherwise): the summary's ``treatment`` numbers."""
    rows = data.cycle_rows()
    if not rows:
        return ""
    heading, column = data.cycle_heading
    parts = [
        f"<h2>{_e(heading)}</h2>",
        f"<table border='1' cellspacing='0' cellpadding='4' width='100%'><tr><th>{_e(column)}</th>",
        *[f"<th>{_e(data.measure_word(m))}</th>" for m in MEASURE_WORDS],
        "</tr>",
    ]
    for label, averages, change in rows:
        cells = "".join(
            f"<td>{_number(averages.get(m))}<br><small>{_change(change.get(m))}</small></td>"
            for m in MEASURE_WORDS
        )
        parts.append(f"<tr><td>{_e(label)}</td>{cells}</tr>")
    parts.append("</table>")
    return "\n".join(parts)


def _result(result: tuple[str, float] | None) -> str:
    if result is None:
        return "–"
    day, value = result
    return f"{_e(formatting.number(value))}<br><small>{_e(formatting.day_month(date.fromisoformat(day)))}</small>"


def _self_tests(data: ReportData) -> str:
    """First vs latest result of each self-test in the period, with the reference band
    and its published source (or why there is none: the personal trend only)."""
    rows = data.self_tests
    # the words outside the f-strings: pybabel does not look inside one
    if not rows:
        heading, none = _("Self-tests"), _("No self-tests in this period.")
        return f"<h2>{_e(heading)}</h2><p>{_e(none)}</p>"
    headings = (_("Test"), _("First"), _("Latest"), _("Change"), _("Reference band"), _("Source"))
    heading = _("Self-tests (first and latest in the period)")
    parts = [
        f"<h2>{_e(heading)}</h2>",
        "<table border='1' cellspacing='0' cellpadding='4' width='100%'><tr>"
        + "".join(f"<th>{_e(heading)}</th>" for heading in headings)
        + "</tr>",
    ]
    for row in rows:
        name = (
            _("{title} ({side})").format(title=row.title, side=side_word(row.side))
            if row.side
            else row.title
        )
        stopped_words = _("{n} stopped for safety").format(n=row.stopped_for_safety)
        stopped = f"<br><small>{_e(stopped_words)}</small>" if row.stopped_for_safety else ""
        change = "–" if row.change is None else f"{row.change:+.1f}"
        parts.append(
            f"<tr><td>{_e(name)}, {_e(row.unit)}{stopped}</td><td>{_result(row.first)}</td>"
            f"<td>{_result(row.latest)}</td><td>{_e(change)}</td><td>{_e(row.band)}</td>"
            f"<td><small>{_e(row.source)}</small></td></tr>"
        )
    parts.append("</table>")
    return "\n".join(parts)


def report_html(data: ReportData) -> str:
    labelled = _("<b>{label}</b> {value}")
    heading = {
        key: _e(words)
        for key, words in (
            ("title", _("CIPN Coach report")),
            ("routines", _("Routines")),
            ("adherence", _("Adherence")),
            ("charts", _("Symptoms and sessions")),
            ("weeks", _("Weekly averages (0–10; lower is better)")),
            ("week", p_("table heading", "Week")),
            ("flags", _("Flags")),
            ("falls", _("Falls")),
            ("notes", _("Recent notes")),
            ("questions", _("Questions worth asking the oncology team")),
        )
    }
    parts = [
        f"<h1>{heading['title']}</h1>",
        "<p>"
        + labelled.format(label=_e(_("Patient:")), value=_e(data.patient))
        + "<br>"
        + labelled.format(label=_e(_("Period:")), value=_e(_period(data)))
        + "<br>"
        + labelled.format(label=_e(_("Made:")), value=_e(formatting.moment(data.made)))
        + "</p>",
        f"<h2>{heading['routines']}</h2><ul>",
        *[
            "<li>" + _e(_("{routine}: {when}").format(routine=title, when=when)) + "</li>"
            for title, when in data.routines
        ],
        f"</ul><h2>{heading['adherence']}</h2>",
        _adherence(data),
        f"<h2>{heading['charts']}</h2><p><img src='chart://symptoms' width='{CHART_WIDTH_ON_PAGE}'>"
        f"<br><img src='chart://adherence' width='{CHART_WIDTH_ON_PAGE}'></p>",
        f"<h2>{heading['weeks']}</h2>",
        "<table border='1' cellspacing='0' cellpadding='4' width='100%'><tr>"
        f"<th>{heading['week']}</th>",
        *["<th>" + _e(_(MEASURE_WORDS[m])) + "</th>" for m in MEASURE_WORDS],
        "</tr>",
    ]
    for label, averages, change in data.week_rows():
        cells = "".join(
            f"<td>{_number(averages.get(m))}<br><small>{_change(change.get(m))}</small></td>"
            for m in MEASURE_WORDS
        )
        parts.append(f"<tr><td>{_e(label)}</td>{cells}</tr>")
    parts.append("</table>")
    parts.append(_cycle_table(data))
    parts.append(f"<h2>{heading['flags']}</h2>")
    if data.flags:
        parts.append("<ul>" + "".join(_flag(f, data.last) for f in data.flags) + "</ul>")
    else:
        parts.append("<p>" + _e(_("No flags in this period.")) + "</p>")
    falls = _("Falls: {falls}. Days with near-falls: {near_falls}.").format(
        falls=_whole(data.falls), near_falls=_whole(data.near_falls)
    )
    parts.append(f"<h2>{heading['falls']}</h2><p>{_e(falls)}</p>")
    parts.append(_self_tests(data))
    parts.append(f"<h2>{heading['notes']}</h2>")
    if data.notes:
        parts.append(
            "<ul>"
            + "".join(
                "<li>"
                + _e(
                    _("{day} ({origin}): {note}").format(
                        day=formatting.day_month(day), origin=origin, note=text
                    )
                )
                + "</li>"
                for day, origin, text in data.notes
            )
            + "</ul>"
        )
    else:
        parts.append("<p>" + _e(_("No notes in this period.")) + "</p>")
    parts.append(f"<h2>{heading['questions']}</h2><ul>")
    parts += [f"<li>{_e(q)}</li>" for q in data.questions]
    source = _("Source: {source}.").format(source=_(QUESTIONS_SOURCE))
    parts.append(f"</ul><p><small>{_e(source)}</small></p>")
    parts.append(f"<p><i>{_e(data.disclaimer)}</i></p>")
    return "\n".join(parts)


def build_document(data: ReportData) -> QTextDocument:
    document = QTextDocument()
    font = QFont("DejaVu Sans")
    font.setPointSizeF(8.5)
    for feature in ("liga", "clig"):  # "ﬀ" as one glyph would break search and copying
        font.setFeature(QFont.Tag(feature), 0)
    document.setDefaultFont(font)
    document.setDefaultStyleSheet(
        "body { font-family: 'DejaVu Sans', 'WenQuanYi Micro Hei'; font-size: 8.5pt; }"
        "h1 { font-size: 15pt; margin: 0; } h2 { font-size: 10.5pt; margin-top: 6px; margin-bottom: 2px; }"
        "ul { margin-top: 0; } p { margin-top: 2px; margin-bottom: 2px; }"
        "th { background: #E8E4DA; }"
    )
    width, height = CHART_SIZE
    symptoms = SymptomChart()
    symptoms.set_data(**symptom_series(data.summary))
    adherence = AdherenceChart()
    adherence.set_data(**adherence_series(data.summary))
    for name, chart in (("symptoms", symptoms), ("adherence", adherence)):
        document.addResource(
            QTextDocument.ResourceType.ImageResource,
            QUrl(f"chart://{name}"),
            chart.to_image(width, height, pixel_ratio=2.0),
        )
        # destroyed now, not left for an event loop that a command-line run never spins
        # (a chart still alive when Qt shuts down crashes the process on exit)
        shiboken6.delete(chart)
    document.setHtml(report_html(data))
    _paginate(document)
    return document


def _paginate(document: QTextDocument) -> None:
    """Lay the document out on A4 pages here (``print_`` then prints it as laid out and
    scales it to the page) and move every heading that would end a page, or be cut from
    what follows it, to the top of the next page."""
    size = a4_layout().paintRect(QPageLayout.Unit.Point).size()  # 72 points an inch
    scale = (
        document.documentLayout().paintDevice().logicalDpiY()
        if document.documentLayout().paintDevice()
        else LAYOUT_DPI
    ) / 72
    page = QSizeF(size.width() * scale, size.height() * scale)
    frame = document.rootFrame().frameFormat()
    frame.setMargin(0)
    document.rootFrame().setFrameFormat(frame)
    document.setPageSize(page)
    layout = document.documentLayout()
    for _round in range(MAX_PAGINATION_ROUNDS):  # each move can push later headings: again
        moved = False
        block = document.begin()
        while block.isValid():
            following = block.next()
            if block.blockFormat().headingLevel() and following.isValid():
                top = layout.blockBoundingRect(block).top()
                room = layout.blockBoundingRect(following).top() + KEEP_WITH_HEADING_PX
                if (
                    int(room // page.height()) > int(top // page.height())
                    and block.blockFormat().pageBreakPolicy()
                    != QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore
                ):
                    cursor = QTextCursor(block)
                    fmt = block.blockFormat()
                    fmt.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
                    cursor.setBlockFormat(fmt)
                    moved = True
                    break
            block = following
        if not moved:
            return


def a4_layout() -> QPageLayout:
    return QPageLayout(
        QPageSize(QPageSize.PageSizeId.A4),
        QPageLayout.Orientation.Portrait,
        QMarginsF(15, 15, 15, 15),
        QPageLayout.Unit.Millimeter,
    )


def write_pdf(data: ReportData, path: Path) -> None:
    """Write the report, to a temporary name first so a half-written file never
    replaces a good one."""
    document = build_document(data)
    temporary = path.with_name(f".{path.name}.part")
    # made private (0600) before Qt writes into it: the report holds the name, symptoms
    # and notes (Qt would create it with the process umask)
    os.close(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
    os.chmod(temporary, 0o600)
    writer = QPdfWriter(str(temporary))
    writer.setPageLayout(a4_layout())
    writer.setTitle(_("CIPN Coach report"))
    writer.setCreator("CIPN Coach")
    document.print_(writer)  # lays the text out to the page itself
    del writer  # closes the file
    temporary.replace(path)


def print_report(data: ReportData, printer: QPrinter) -> None:
    printer.setPageLayout(a4_layout())
    build_document(data).print_(printer)
