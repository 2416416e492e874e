"""The self-test results repository: add a result, read them back.

Like the other repositories, each method is one short transaction returning frozen
dataclasses (``SelfTestResult``). Results are never edited in place: a wrong one is
deleted and entered again, so what was measured on a day is what is stored.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import delete, select

from cipn_coach.selftests.library import SOURCES, SelfTestResult
from cipn_coach.storage.db import Database
from cipn_coach.storage.models import SelfTestRecord


def result_of(record: SelfTestRecord) -> SelfTestResult:
    return SelfTestResult(
        record.uid,
        record.test_id,
        record.day,
        record.value,
        record.side,
        record.stopped_for_safety,
        record.source,
        record.created_at,
        record.note,
    )


class SelfTestRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    def add(
        self,
        test_id: str,
        day: date,
        value: float,
        now: datetime,
        *,
        side: str | None = None,
        stopped_for_safety: bool = False,
        source: str = "app",
        note: str | None = None,
    ) -> SelfTestResult:
        """Store one result, already checked by ``selftests.check_result``."""
        if now.tzinfo is None:
            raise ValueError("now must be timezone-aware")
        if source not in SOURCES:
            raise ValueError(f"source must be one of {SOURCES}")
        record = SelfTestRecord(
            uid=str(uuid.uuid4()),
            test_id=test_id,
            day=day,
            side=side,
            value=float(value),
            stopped_for_safety=stopped_for_safety,
            source=source,
            note=note,
            created_at=now,
        )
        with self._db.transaction() as s:
            s.add(record)
            s.flush()
            return result_of(record)

    def all(self, test_id: str | None = None) -> list[SelfTestResult]:
        """Results oldest first (by day, then when they were saved)."""
        query = select(SelfTestRecord).order_by(
            SelfTestRecord.day, SelfTestRecord.created_at, SelfTestRecord.id
        )
        if test_id is not None:
            query = query.where(SelfTestRecord.test_id == test_id)
        with self._db.reading() as s:
            return [result_of(r) for r in s.scalars(query)]

    def between(self, first: date, last: date) -> list[SelfTestResult]:
        query = (
            select(SelfTestRecord)
            .where(SelfTestRecord.day >= first, SelfTestRecord.day <= last)
            .order_by(SelfTestRecord.day, SelfTestRecord.created_at, SelfTestRecord.id)
        )
        with self._db.reading() as s:
            return [result_of(r) for r in s.scalars(query)]

    def delete(self, uid: str) -> bool:
        """Remove a result entered by mistake; False if there was none with that uid."""
        with self._db.transaction() as s:
            return s.execute(delete(SelfTestRecord).where(SelfTestRecord.uid == uid)).rowcount > 0
