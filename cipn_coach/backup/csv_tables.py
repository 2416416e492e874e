"""CSV export: one file per kind of record, for a spreadsheet (not a backup: use JSON).

Made to open cleanly in LibreOffice Calc, Excel and Numbers by double-click:

- UTF-8 with a byte-order mark (without it Excel reads "é" as "Ã©"), comma separated,
  CRLF line ends, RFC 4180 quoting by the ``csv`` module, one header row.
- Days as ``YYYY-MM-DD`` (the patient's local calendar day, as in the app); moments as
  ISO 8601 in UTC with ``Z`` (``2026-03-01T09:30:00Z``), to the second.
- Yes/no answers as ``yes``/``no``: plain words a family member reads without a legend
  (``TRUE``/``FALSE`` would be translated differently by each spreadsheet).
- An empty cell means "not answered" (e.g. no night rating). Settings: a text value as
  it is, any other value as JSON (``1.5``, ``true``, ``["morning", "evening"]``).
- Text a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``)
  gets a leading apostrophe: a routine title from someone else's file must not become
  a live formula on a clinician's computer.

The folder is created 0700 and the files 0600 (health data). A folder that already
holds any of these files is refused, naming them, so an older export is never mixed
with a newer one; every file is written under a temporary name and renamed only when
all are ready.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from cipn_coach.checkin.fields import ANSWER_FIELDS
from cipn_coach.errors import CoachError
from cipn_coach.i18n import _

ANSWERS = ANSWER_FIELDS
COLUMNS: dict[str, tuple[str, ...]] = {
    "checkins.csv": ("day", *ANSWERS, "version", "created_at", "updated_at"),
    "checkin_history.csv": ("day", "version", *ANSWERS, "created_at", "updated_at", "replaced_at"),
    "sessions.csv": (
        "uid",
        "local_date",
        "slot",
        "routine_id",
        "routine_version",
        "routine_title",
        "program_week",
        "status",
        "started_at",
        "ended_at",
        "planned_seconds",
        "done_seconds",
        "steps",
        "effort",
        "symptoms_change",
        "note",
    ),
    "session_steps.csv": (
        "session_uid",
        "local_date",
        "position",
        "exercise_id",
        "title",
        "planned_seconds",
        "done_seconds",
        "planned_reps",
        "done_reps",
        "skipped",
        "completed",
        "ended_at",
    ),
    "routines.csv": (
        "id",
        "version",
        "title",
        "archived",
        "source",
        "steps",
        "created_at",
        "updated_at",
    ),
    "custom_exercises.csv": ("id", "title", "body_area", "has_picture", "created_at"),
    "settings.csv": ("key", "value"),
    "treatment.csv": ("agents", "finished_on"),
    "cycles.csv": ("day", "planned"),
    "self_tests.csv": (
        "uid",
        "day",
        "test_id",
        "side",
        "value",
        "stopped_for_safety",
        "source",
        "note",
        "created_at",
    ),
}
FILES = tuple(COLUMNS)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class CsvExportResult:
    folder: Path
    rows: dict[str, int]  # file name → data rows (header not counted)

    def summary(self) -> str:
        r = self.rows
        from cipn_coach.formatting import count

        return _(
            "exported {checkins}, {sessions} ({steps}) as {files} CSV files to {folder}"
        ).format(
            checkins=count(r["checkins.csv"], "{n} check-in", "{n} check-ins"),
            sessions=count(r["sessions.csv"], "{n} session", "{n} sessions"),
            steps=count(r["session_steps.csv"], "{n} step", "{n} steps"),
            files=len(r),
            folder=self.folder,
        )


def cell(value: Any) -> str:
    """One value as spreadsheet text (the rules in the module docstring)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return value.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="seconds") + "Z"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:.1f}"
    if isinstance(value, (tuple, list)):
        return ",".join(str(getattr(v, "value", v)) for v in value)
    text = str(getattr(value, "value", value))
    return "'" + text if text.startswith(_FORMULA_START) else text


def _answers(version: Any) -> dict[str, Any]:
    return {name: getattr(version, name) for name in ANSWERS}


def _rows(data: Any) -> dict[str, Iterator[dict[str, Any]]]:
    def checkins() -> Iterator[dict[str, Any]]:
        for c in data.checkins:
            yield {
                "day": c.day,
                **_answers(c),
                "version": c.version,
                "created_at": c.created_at,
                "updated_at": c.updated_at,
            }

    def history() -> Iterator[dict[str, Any]]:
        for c in data.checkins:
            for h in c.history:
                yield {
                    "day": c.day,
                    "version": h.version,
                    **_answers(h),
                    "created_at": h.created_at,
                    "updated_at": h.updated_at,
                    "replaced_at": h.replaced_at,
                }

    def sessions() -> Iterator[dict[str, Any]]:
        for s in data.sessions:
            yield {
                name: getattr(s, name) for name in COLUMNS["sessions.csv"] if name != "steps"
            } | {"steps": len(s.steps)}

    def steps() -> Iterator[dict[str, Any]]:
        for s in data.sessions:
            for step in s.steps:
                yield {
                    "session_uid": s.uid,
                    "local_date": s.local_date,
                    **{name: getattr(step, name) for name in COLUMNS["session_steps.csv"][2:]},
                }

    def routines() -> Iterator[dict[str, Any]]:
        for r in data.routines:
            yield {
                "id": r.id,
                "version": r.version,
                "title": r.title,
                "archived": r.archived,
                "source": r.source,
                "steps": len(r.body.steps),
                "created_at": r.created_at,
                "updated_at": r.updated_at,
            }

    def exercises() -> Iterator[dict[str, Any]]:
        for e in data.custom_exercises:
            yield {
                "id": e.exercise.id,
                "title": e.exercise.title,
                "body_area": e.exercise.body_area,
                "has_picture": e.picture is not None,
                "created_at": e.created_at,
            }

    def settings() -> Iterator[dict[str, Any]]:
        for key, value in sorted(data.settings.items()):
            text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
            yield {"key": key, "value": text}

    def self_tests() -> Iterator[dict[str, Any]]:
        for r in data.self_tests:
            yield {name: getattr(r, name) for name in COLUMNS["self_tests.csv"]}

    def treatment() -> Iterator[dict[str, Any]]:
        if data.treatment is not None:
            yield {"agents": data.treatment.agents, "finished_on": data.treatment.finished_on}

    def cycles() -> Iterator[dict[str, Any]]:
        for c in data.treatment.cycles if data.treatment is not None else ():
            yield {"day": c.day, "planned": c.planned}

    return {
        "self_tests.csv": self_tests(),
        "treatment.csv": treatment(),
        "cycles.csv": cycles(),
        "checkins.csv": checkins(),
        "checkin_history.csv": history(),
        "sessions.csv": sessions(),
        "session_steps.csv": steps(),
        "routines.csv": routines(),
        "custom_exercises.csv": exercises(),
        "settings.csv": settings(),
    }


def render(columns: tuple[str, ...], rows: Iterable[dict[str, Any]]) -> tuple[bytes, int]:
    """A whole CSV file as bytes (BOM, header, rows) and its number of data rows."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)  # excel dialect: comma, CRLF, minimal RFC 4180 quoting
    writer.writerow(columns)
    count = 0
    for row in rows:
        writer.writerow([cell(row.get(name)) for name in columns])
        count += 1
    return ("\ufeff" + buffer.getvalue()).encode("utf-8"), count


def check_csv_target(folder: Path) -> None:
    """Refuse before any work: a file in the way, or export files already there."""
    if folder.exists() and not folder.is_dir():
        raise CoachError(_("{folder} is a file, not a folder").format(folder=folder))
    if folder.is_dir():
        present = [name for name in FILES if (folder / name).exists()]
        if present:
            raise CoachError(
                _(
                    "{folder} already has {files}; choose an empty folder or remove them first"
                ).format(folder=folder, files=", ".join(present))
            )


def _make_folder(folder: Path) -> None:
    if folder.is_dir():
        return
    try:
        folder.mkdir(parents=True, mode=0o700)
        os.chmod(folder, 0o700)  # mkdir's mode is filtered by the umask
    except OSError as exc:
        raise CoachError(
            _("could not create the folder {folder}: {error}").format(
                folder=folder, error=exc.strerror or exc
            )
        ) from None


def export_csv(db: Any, folder: Path) -> CsvExportResult:
    """Write every CSV file of ``db`` into ``folder`` (created if missing).

    The data is read in one transaction; the files appear together or not at all (a
    failure part-way removes the temporary files and leaves no export files behind).
    """
    from cipn_coach.backup.json_file import snapshot

    check_csv_target(folder)
    data = snapshot(db)
    rendered = {name: render(COLUMNS[name], rows) for name, rows in _rows(data).items()}
    _make_folder(folder)
    partials: list[Path] = []
    try:
        for name, (raw, _rows_written) in rendered.items():
            partial = folder / f".{name}.partial"
            fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            partials.append(partial)
            with os.fdopen(fd, "wb") as handle:
                handle.write(raw)
                handle.flush()
                os.fsync(handle.fileno())
        for partial in partials:
            os.replace(partial, folder / partial.name[1:].removesuffix(".partial"))
    except OSError as exc:
        for partial in partials:
            partial.unlink(missing_ok=True)
        raise CoachError(
            _("could not write the CSV files in {folder}: {error}").format(
                folder=folder, error=exc.strerror or exc
            )
        ) from None
    return CsvExportResult(folder, {name: count for name, (_raw, count) in rendered.items()})
