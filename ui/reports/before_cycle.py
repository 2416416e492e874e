"""The "Before your next cycle" PDF: one A4 page of selectable text.

Only layout: the words and numbers come from ``cipn_coach.treatment.before_cycle.before_cycle_page``
(built from the summary's ``treatment`` section), so the page says what ``summary --json``
says. Printed with the same A4 layout and safe file writing as the report.
"""

from __future__ import annotations

import html
import os
from pathlib import Path

from PySide6.QtGui import QFont, QPdfWriter, QTextDocument

from cipn_coach.i18n import _
from cipn_coach.routines.safety import DISCLAIMER
from cipn_coach.treatment.before_cycle import QUESTIONS_SOURCE, BeforeCyclePage
from ui.reports.pdf import a4_layout


def _e(text: object) -> str:
    return html.escape(str(text))


def page_html(page: BeforeCyclePage, patient: str) -> str:
    parts = [
        f"<h1>{_e(page.title)}</h1>",
        "<p>" + _("<b>Patient:</b> {name}").format(name=_e(patient)) + "</p>",
        f"<p><b>{_e(page.share)}</b></p>",
        f"<p>{_e(page.intro)}</p>",
        "<table border='1' cellspacing='0' cellpadding='4' width='100%'><tr>",
        *[f"<th>{_e(h)}</th>" for h in page.table_heading],
        "</tr>",
    ]
    for row in page.rows:
        parts.append("<tr>" + "".join(f"<td>{_e(cell)}</td>" for cell in row) + "</tr>")
    parts.append("</table>")
    for heading, lines in page.sections:
        parts.append(f"<h2>{_e(heading)}</h2><ul>")
        parts += [f"<li>{_e(line)}</li>" for line in lines]
        parts.append("</ul>")
    questions = _("Questions: {source}.").format(source=_(QUESTIONS_SOURCE))
    parts.append(f"<p><small>{_e(questions)}</small></p>")
    parts.append(f"<p><i>{_e(_(DISCLAIMER))}</i></p>")
    return "\n".join(parts)


def build_document(page: BeforeCyclePage, patient: str) -> QTextDocument:
    document = QTextDocument()
    font = QFont("DejaVu Sans")
    font.setPointSizeF(10)
    for feature in ("liga", "clig"):  # keep "ff" searchable and copyable
        font.setFeature(QFont.Tag(feature), 0)
    document.setDefaultFont(font)
    document.setDefaultStyleSheet(
        "body { font-family: 'DejaVu Sans', 'WenQuanYi Micro Hei'; font-size: 10pt; }"
        "h1 { font-size: 16pt; margin: 0; } h2 { font-size: 12pt; margin-top: 8px; }"
        "th { background: #E8E4DA; }"
    )
    document.setHtml(page_html(page, patient))
    return document


def write_before_cycle_pdf(page: BeforeCyclePage, patient: str, path: Path) -> None:
    """Write the page to a private temporary file, then rename it into place."""
    document = build_document(page, patient)
    temporary = path.with_name(f".{path.name}.part")
    os.close(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
    os.chmod(temporary, 0o600)
    writer = QPdfWriter(str(temporary))
    writer.setPageLayout(a4_layout())
    writer.setTitle(_("Before your next cycle"))
    writer.setCreator("CIPN Coach")
    document.print_(writer)
    del writer
    temporary.replace(path)
