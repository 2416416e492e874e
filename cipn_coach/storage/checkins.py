"""The check-in repository: one check-in per local day, every earlier version kept.

Like ``repository.py``, each method is one short transaction and returns frozen
dataclasses. Saving over an existing day first copies the old row into
``checkin_versions`` in the same transaction, so an edit can never lose the original
report (a clinician may want to see what was first written on the day).
"""

from __future__ import annotations

from dataclasses import fields
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from cipn_coach.checkin.fields import PainKind
from cipn_coach.storage.db import Database
from cipn_coach.storage.models import CheckIn, CheckInFields, CheckInVersion

# The row lives in ``rows`` (no SQLAlchemy there) and is re-exported from here.
from cipn_coach.storage.rows import ANSWERS as _ANSWERS
from cipn_coach.storage.rows import DAY_ANSWER_FIELDS, CheckInRow, DayAnswers, checkin_row

if TYPE_CHECKING:  # the pydantic schema (~10-20 ms to build) loads on a save: Today only reads
    from cipn_coach.checkin.schema import CheckInValues

# CheckInRow's fields but the history-only ``replaced_at``, in order: a row read in this
# order builds one directly. Unknown pain kinds are dropped, as ``checkin_row`` does.
_ROW_COLUMNS = tuple(f.name for f in fields(CheckInRow) if f.name != "replaced_at")


def kinds_text(values: CheckInValues) -> str:
    return ",".join(kind.value for kind in values.pain_kinds)


def _row(record: CheckInFields, replaced_at: datetime | None = None) -> CheckInRow:
    return checkin_row(lambda name: getattr(record, name), replaced_at)


class CheckInRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    def save(
        self, day: date, values: CheckInValues, now: datetime, *, today: date | None = None
    ) -> CheckInRow:
        """Insert ``day``'s check-in, or replace it keeping the old version in history.

        ``now`` is an aware timestamp (stored in UTC). ``today`` is the patient's local
        date, by default ``now`` in the computer's time zone; a later ``day`` is refused
        with ``CheckInError`` before anything is written.
        """
        from cipn_coach.checkin.schema import check_day

        if now.tzinfo is None:
            raise ValueError("now must be timezone-aware")
        check_day(day, today if today is not None else now.astimezone().date())
        with self._db.transaction() as s:
            record = s.scalars(select(CheckIn).where(CheckIn.day == day)).first()
            if record is None:
                record = CheckIn(day=day, version=1, created_at=now)
                s.add(record)
            else:
                s.add(
                    CheckInVersion(
                        checkin_id=record.id,
                        day=record.day,
                        pain_kinds=record.pain_kinds,
                        version=record.version,
                        created_at=record.created_at,
                        updated_at=record.updated_at,
                        replaced_at=now,
                        **{name: getattr(record, name) for name in _ANSWERS},
                    )
                )
                record.version += 1
            for name in _ANSWERS:
                setattr(record, name, getattr(values, name))
            record.pain_kinds = kinds_text(values)
            record.updated_at = now
            s.flush()
            return _row(record)

    def delete(self, day: date) -> CheckInRow | None:
        """Delete ``day``'s check-in (e.g. one saved for the wrong day); ``None`` if there
        was none.

        The schema removes a day's history with it, so first a safety backup is made
        (``before-checkin-delete``, kept outside the rotation for at least 30 days): the
        deleted answers and all their earlier versions can be restored from it.
        """
        current = self.get(day)
        if current is None:
            return None
        if self._db.path is not None and self._db.path.is_file():
            from cipn_coach.storage.backup import make_backup

            make_backup(self._db.path, reason="before-checkin-delete")
        with self._db.transaction() as s:
            record = s.scalars(select(CheckIn).where(CheckIn.day == day)).first()
            if record is not None:
                s.delete(record)
        return current

    def get(self, day: date) -> CheckInRow | None:
        """The current check-in of ``day``, or ``None`` if that day was not filled in."""
        with self._db.reading() as s:
            record = s.scalars(select(CheckIn).where(CheckIn.day == day)).first()
            return None if record is None else _row(record)

    def between(self, first: date, last: date) -> list[CheckInRow]:
        """Current check-ins from ``first`` to ``last`` inclusive, oldest day first.

        Read as plain rows in ``CheckInRow``'s field order on the Core connection, not as
        ORM objects: the summary reads years of check-ins, and ORM objects cost several
        times the rows' own reading.
        """
        table = CheckIn.__table__
        query = (
            select(*(table.c[name] for name in _ROW_COLUMNS))
            .where(CheckIn.day >= first, CheckIn.day <= last)
            .order_by(CheckIn.day)
        )
        with self._db.reading() as s:
            rows = s.connection().execute(query).all()
        known = {kind.value for kind in PainKind}
        kinds = _ROW_COLUMNS.index("pain_kinds")
        return [
            CheckInRow(
                *row[:kinds],
                tuple(k for k in row[kinds].split(",") if k in known),
                *row[kinds + 1 :],
            )
            for row in rows
        ]

    def answers_between(self, first: date, last: date) -> list[DayAnswers]:
        """The answers of ``between``'s check-ins, without the times they were saved.

        What the summary reads: years of days, where turning each row's two timestamps
        into aware datetimes and building a frozen ``CheckInRow`` cost three times the
        reading itself.
        """
        table = CheckIn.__table__
        query = (
            select(*(table.c[name] for name in DAY_ANSWER_FIELDS))
            .where(CheckIn.day >= first, CheckIn.day <= last)
            .order_by(CheckIn.day)
        )
        with self._db.reading() as s:
            rows = s.connection().execute(query).all()
        known = {kind.value for kind in PainKind}
        kinds_of: dict[str, tuple[str, ...]] = {}  # few distinct texts: each split once
        at = DAY_ANSWER_FIELDS.index("pain_kinds")
        answers = []
        for row in rows:
            text = row[at]
            if text not in kinds_of:
                kinds_of[text] = tuple(k for k in text.split(",") if k in known)
            answers.append(DayAnswers(*row[:at], kinds_of[text], *row[at + 1 :]))
        return answers

    def first_day(self) -> date | None:
        """The earliest day with a check-in: where "All" on the Progress screen begins."""
        with self._db.reading() as s:
            return s.scalar(select(func.min(CheckIn.day)))

    def history(self, day: date) -> list[CheckInRow]:
        """Earlier versions of ``day``'s check-in, oldest first (empty if never edited)."""
        with self._db.reading() as s:
            records = s.scalars(
                select(CheckInVersion)
                .where(CheckInVersion.day == day)
                .order_by(CheckInVersion.version)
            ).all()
            return [_row(r, r.replaced_at) for r in records]

    def count(self) -> int:
        """How many days have a check-in (the demo command refuses a folder with any)."""
        with self._db.reading() as s:
            return s.scalar(select(func.count()).select_from(CheckIn)) or 0
