"""The PDF report: one to two A4 pages of real, selectable text, plus the app's charts.

Laid out as HTML in a ``QTextDocument`` and printed with Qt's own ``QPdfWriter``, so the
text is text (searchable, copyable) and any script with a font on the system renders —
Chinese names included (``fonts-wqy-microhei`` is installed by the set-up). The charts are
drawn by the same chart classes the Progress screen uses.
"""

from __future__ import annotations

import html
import os
from pathlib import Path

import shiboken6
from PySide6.QtCore import QMarginsF, QUrl
from PySide6.QtGui import QFont, QPageLayout, QPageSize, QPdfWriter, QTextDocument
from PySide6.QtPrintSupport import QPrinter

from cipn_coach.report_data import MEASURE_WORDS, QUESTIONS_SOURCE, ReportData
from ui.widgets.charts import AdherenceChart, SymptomChart, adherence_series, symptom_series

CHART_SIZE = (820, 250)
CHART_WIDTH_ON_PAGE = 560  # layout pixels: fits A4 within the 15 mm margins


def _e(text: object) -> str:
    return html.escape(str(text))


def _number(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def _change(value: float | None) -> str:
    if value is None:
        return "–"
    if abs(value) < 0.05:
        return "0.0 (same)"
    return f"{value:+.1f} ({'easier' if value < 0 else 'worse'})"


def report_html(data: ReportData) -> str:
    a = data.adherence
    period = f"{data.first.strftime('%-d %B %Y')} to {data.last.strftime('%-d %B %Y')}"
    parts = [
        "<h1>CIPN Coach report</h1>",
        f"<p><b>Patient:</b> {_e(data.patient)}<br><b>Period:</b> {_e(period)}<br>"
        f"<b>Made:</b> {_e(data.made.strftime('%-d %B %Y, %H:%M'))}</p>",
        "<h2>Routines</h2><ul>",
        *[f"<li>{_e(title)}: {_e(when)}</li>" for title, when in data.routines],
        "</ul><h2>Adherence</h2>",
        f"<p>Sessions done: <b>{a['done']} of {a['planned']}</b> ({_number(a['percent'])} %), "
        f"of which partly done: {a['partial']}. Exercise minutes: "
        f"{_number(a['minutes_done'])} of {_number(a['minutes_planned'])} "
        f"({_number(a['minutes_percent'])} %). Current streak: {a['streak_days']} days.</p>",
        f"<h2>Symptoms and sessions</h2><p><img src='chart://symptoms' width='{CHART_WIDTH_ON_PAGE}'>"
        f"<br><img src='chart://adherence' width='{CHART_WIDTH_ON_PAGE}'></p>",
        "<h2>Weekly averages (0–10; lower is better)</h2>",
        "<table border='1' cellspacing='0' cellpadding='4' width='100%'><tr><th>Week</th>",
        *[f"<th>{_e(MEASURE_WORDS[m])}</th>" for m in MEASURE_WORDS],
        "</tr>",
    ]
    for label, averages, change in data.week_rows():
        cells = "".join(f"<td>{_number(averages.get(m))}<br><small>{_change(change.get(m))}</small></td>"
                        for m in MEASURE_WORDS)
        parts.append(f"<tr><td>{_e(label)}</td>{cells}</tr>")
    parts.append("</table>")
    parts.append("<h2>Flags</h2>")
    if data.flags:
        parts.append("<ul>")
        for flag in data.flags:
            level = ("Contact the care team now" if flag["level"] == "contact_care_team_now"
                     else "Professional evaluation recommended")
            parts.append(f"<li><b>{_e(level)}</b> (rule: {_e(flag['rule'])}, {_e(flag['measure'])}, "
                         f"since {_e(flag['since'])}): {_e(flag['explanation'])}</li>")
        parts.append("</ul>")
    else:
        parts.append("<p>No flags in this period.</p>")
    parts.append(f"<h2>Falls</h2><p>Falls: {data.falls}. Days with near-falls: {data.near_falls}.</p>")
    parts.append("<h2>Recent notes</h2>")
    if data.notes:
        parts.append("<ul>" + "".join(
            f"<li>{_e(day.strftime('%-d %b'))} ({_e(origin)}): {_e(text)}</li>"
            for day, origin, text in data.notes) + "</ul>")
    else:
        parts.append("<p>No notes in this period.</p>")
    parts.append("<h2>Questions worth asking the oncology team</h2><ul>")
    parts += [f"<li>{_e(q)}</li>" for q in data.questions]
    parts.append(f"</ul><p><small>Source: {_e(QUESTIONS_SOURCE)}</small></p>")
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
        "th { background: #E8E4DA; }")
    width, height = CHART_SIZE
    symptoms = SymptomChart()
    symptoms.set_data(**symptom_series(data.summary))
    adherence = AdherenceChart()
    adherence.set_data(**adherence_series(data.summary))
    for name, chart in (("symptoms", symptoms), ("adherence", adherence)):
        document.addResource(QTextDocument.ResourceType.ImageResource, QUrl(f"chart://{name}"),
                             chart.to_image(width, height, pixel_ratio=2.0))
        # destroyed now, not left for an event loop that a command-line run never spins
        # (a chart still alive when Qt shuts down crashes the process on exit)
        shiboken6.delete(chart)
    document.setHtml(report_html(data))
    return document


def _a4_layout() -> QPageLayout:
    return QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                       QMarginsF(15, 15, 15, 15), QPageLayout.Unit.Millimeter)


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
    writer.setPageLayout(_a4_layout())
    writer.setTitle("CIPN Coach report")
    writer.setCreator("CIPN Coach")
    document.print_(writer)  # lays the text out to the page itself
    del writer  # closes the file
    temporary.replace(path)


def print_report(data: ReportData, printer: QPrinter) -> None:
    printer.setPageLayout(_a4_layout())
    build_document(data).print_(printer)
