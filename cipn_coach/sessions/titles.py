"""A recorded session's routine, named in the reader's language.

A session keeps the title its routine had when it started, in that day's language: read
later in the other language (a patient who exercises in Chinese, a daughter who reads
the family view or the report in English) it stood out among the words around it.
"""

from __future__ import annotations

from dataclasses import replace

from cipn_coach.routines.library import Library
from cipn_coach.storage.rows import SessionRow


def titled(sessions: list[SessionRow], library: Library) -> list[SessionRow]:
    """``sessions`` with their routine's title as ``library`` (in the reader's language)
    has it; a routine no longer in the library keeps the title saved with the session."""
    routines = library.routines
    return [
        replace(s, routine_title=routines[s.routine_id].title) if s.routine_id in routines else s
        for s in sessions
    ]
