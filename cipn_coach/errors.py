"""Errors the core raises for bad input. Each message names what is wrong.

The CLI turns these into exit status 2 and one line on stderr; the UI shows them in a
dialog. Nothing is written when one of them is raised.
"""

from __future__ import annotations


class CoachError(Exception):
    """Base class for problems a user can fix (bad file, bad argument, unknown id)."""


class FileFormatError(CoachError):
    """A data file (exercise, routine, backup) did not validate.

    ``problems`` lists every problem found as ``field.path: message`` so a user sees
    them all at once rather than fixing one per attempt.
    """

    def __init__(self, path: str, problems: list[str]) -> None:
        self.path = path
        self.problems = problems
        super().__init__(f"{path}: " + "; ".join(problems))


class UnknownIdError(CoachError):
    pass


class CheckInError(CoachError):
    """A check-in could not be saved: a value out of range, or a day in the future.

    The message names the field and the allowed range so the CLI can print it as its one
    line and the UI can show it next to the field.
    """


class DamagedDatabase(CoachError):
    """The database is damaged and the caller did not allow a repair (a CLI command run
    without ``--repair``): nothing was moved or changed. The CLI exits with status 3."""


def unreadable_reason(exc: OSError) -> str:
    """Why a file cannot be read, in the reader's language for the usual reasons: the
    system's own words (``strerror``) are English whatever language the app speaks."""
    import errno

    from cipn_coach.i18n import N_, _

    reasons = {
        errno.ENOENT: N_("there is no such file"),
        errno.EACCES: N_("no permission to read it"),
        errno.EPERM: N_("no permission to read it"),
        errno.EISDIR: N_("it is a folder, not a file"),
    }
    if exc.errno in reasons:
        return _(reasons[exc.errno])
    return _("cannot read it ({reason})").format(reason=exc.strerror or exc)
