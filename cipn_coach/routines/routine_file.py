"""Routine files (``.cipnroutine``): one routine, its own exercises and their pictures.

Format: JSON (UTF-8), chosen over TOML because pictures travel inside as base64 and a
JSON Schema describes JSON directly (``exercises/routine-file.schema.json``, generated
from ``RoutineFile``; a test keeps the two equal). Example::

    {"format": "cipn-coach-routine", "format_version": 1,
     "author": "A. Physio", "clinic": "Riverside Clinic",
     "created": "2026-12-05T10:30:00Z",
     "routine": {"id": "balance_plus", "version": 2, "title": "…", …},
     "exercises": [{"id": "towel_slide", …, "picture": {"mime": "image/png",
                                                       "base64": "iVBORw0…"}}]}

Import validates everything before anything is written, and reports every problem with
its field path: over 5 MB is refused before reading; unknown ``format_version``;
schema errors (bounds, unknown keys, wrong types); exercise ids the routine uses that
neither the library nor the file defines; own exercises clashing with built-in ones;
pictures that are not PNG/JPEG/SVG by content, over 2 MB, or SVGs with scripts, event
handlers, entities or external references. Nothing in a file is ever executed: JSON is
data, SVG is only parsed to be checked (never rendered here).
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any, Literal
from xml.etree import ElementTree

from pydantic import AfterValidator, AwareDatetime, Field, ValidationError, model_validator
from pydantic_core import PydanticCustomError

from cipn_coach.changes import Changes
from cipn_coach.errors import CoachError, unreadable_reason
from cipn_coach.i18n import _
from cipn_coach.routines.exercise_format import Exercise, ShortText, Strict
from cipn_coach.routines.library import Library, describe_validation_error
from cipn_coach.routines.routine_format import Routine

FORMAT = "cipn-coach-routine"
FORMAT_VERSION = 1
SUFFIX = ".cipnroutine"
MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_PICTURE_BYTES = 2 * 1024 * 1024
SVG_NS = "{http://www.w3.org/2000/svg}"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
JPEG_MAGIC = b"\xff\xd8\xff"
_EXTERNAL_URL = re.compile(r"url\(\s*['\"]?(?!#)", re.IGNORECASE)
# any processing instruction but the XML declaration (<?xml-stylesheet href=...?> loads CSS)
_PROCESSING = re.compile(r"<\?(?!xml[\s?])", re.IGNORECASE)
_SCHEME = re.compile(r"\b(javascript|vbscript|data|https?|ftp|file)\s*:", re.IGNORECASE)
# animation elements can set any attribute (an href, say) to any value at run time
_ANIMATION = {"set", "animate", "animatemotion", "animatetransform", "animatecolor"}


def _fail(message: str) -> PydanticCustomError:
    return PydanticCustomError("bad_picture", message)


def sniff_picture(data: bytes) -> str:
    """The MIME type ``data`` really is (by content, not by name); raises if not allowed."""
    if data.startswith(PNG_MAGIC):
        return "image/png"
    if data.startswith(JPEG_MAGIC):
        return "image/jpeg"
    check_svg(data)
    return "image/svg+xml"


def check_svg(data: bytes) -> None:
    """Accept only a plain SVG document: no DTD/entities, scripts, handlers, outside links."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise _fail("picture is not PNG, JPEG or SVG") from None
    if "<!DOCTYPE" in text.upper() or "<!ENTITY" in text.upper():
        raise _fail("SVG picture must not contain a DOCTYPE or entities")
    if _PROCESSING.search(text):
        raise _fail("SVG picture must not contain processing instructions (<?...?>)")
    try:
        root = ElementTree.fromstring(text)
    except (ElementTree.ParseError, ValueError, RecursionError):
        raise _fail("picture is not PNG, JPEG or SVG") from None
    if root.tag not in (f"{SVG_NS}svg", "svg"):
        raise _fail("picture is not PNG, JPEG or SVG (the XML root is not <svg>)")
    for element in root.iter():
        tag = str(element.tag).rsplit("}", 1)[-1].lower()
        if tag in ("script", "foreignobject", "iframe", "embed", "object"):
            raise _fail(f"SVG picture must not contain <{tag}>")
        if tag == "style" and (
            _EXTERNAL_URL.search(element.text or "") or "@import" in (element.text or "")
        ):
            raise _fail("SVG picture must not refer to outside files")
        for name, value in element.attrib.items():
            local = name.rsplit("}", 1)[-1].lower()
            if local.startswith("on"):
                raise _fail(f"SVG picture must not contain event handlers ({local})")
            if local == "href" and not value.strip().startswith("#"):
                raise _fail("SVG picture must not refer to outside files or links")
            if _EXTERNAL_URL.search(value):
                raise _fail("SVG picture must not refer to outside files")
            if (tag in _ANIMATION or "javascript" in value.lower()) and _SCHEME.search(value):
                raise _fail("SVG picture must not refer to outside files or links")
        if (
            tag in _ANIMATION
            and element.attrib.get("attributeName", "").rsplit(":", 1)[-1] == "href"
        ):
            raise _fail("SVG picture must not change links (an animation of href)")


MAX_BASE64_CHARS = (MAX_PICTURE_BYTES * 4) // 3 + 8


def _picture_size(text: str) -> str:
    if len(text) > MAX_BASE64_CHARS:
        raise _fail("picture is larger than 2 MB")
    return text


class Picture(Strict):
    """An own exercise's picture: PNG, JPEG or SVG, at most 2 MB once decoded."""

    mime: Literal["image/png", "image/jpeg", "image/svg+xml"]
    base64: Annotated[
        str, AfterValidator(_picture_size), Field(json_schema_extra={"maxLength": MAX_BASE64_CHARS})
    ]

    @model_validator(mode="after")
    def _content(self) -> Picture:
        actual = sniff_picture(self.data)
        if actual != self.mime:
            raise _fail(f"picture says {self.mime} but is {actual}")
        return self

    @property
    def data(self) -> bytes:
        try:
            data = base64.b64decode(self.base64, validate=True)
        except (binascii.Error, ValueError):
            raise _fail("picture is not valid base64") from None
        if len(data) > MAX_PICTURE_BYTES:
            raise _fail("picture is larger than 2 MB")
        return data


class FileExercise(Exercise):
    """An own exercise as it travels in a file: the exercise plus its optional picture."""

    picture: Picture | None = None

    def exercise(self) -> Exercise:
        return Exercise.model_validate(self.model_dump(exclude={"picture"}))


class RoutineFile(Strict):
    format: Literal["cipn-coach-routine"]
    format_version: Literal[1]
    author: ShortText | None = None
    clinic: ShortText | None = None
    created: AwareDatetime
    routine: Routine
    exercises: list[FileExercise] = Field(default_factory=list, max_length=40)

    @model_validator(mode="after")
    def _unique(self) -> RoutineFile:
        ids = [e.id for e in self.exercises]
        if len(set(ids)) != len(ids):
            raise ValueError("an exercise id is listed twice")
        return self


def json_schema() -> dict[str, Any]:
    """The JSON Schema of the file format (committed as exercises/routine-file.schema.json)."""
    schema = RoutineFile.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "CIPN Coach routine file (.cipnroutine)"
    return schema


def schema_text() -> str:
    return json.dumps(json_schema(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def _no_constants(name: str) -> float:
    raise ValueError(f"{name} is not a number")


def _unknown_ids_in_raw(data: dict[str, Any], known: set[str]) -> list[str]:
    """Unknown exercise ids in a file that failed validation, so they are listed too."""
    routine = data.get("routine")
    steps = routine.get("steps") if isinstance(routine, dict) else None
    own = data.get("exercises")
    if isinstance(own, list):
        known = known | {e.get("id") for e in own if isinstance(e, dict)}
    problems = []
    for index, step in enumerate(steps if isinstance(steps, list) else []):
        exercise = step.get("exercise") if isinstance(step, dict) else None
        if isinstance(exercise, str) and exercise not in known:
            problems.append(
                f"routine.steps.{index}.exercise: unknown exercise id '{exercise[:64]}'"
            )
    return problems


def parse_bytes(
    raw: bytes, known_ids: set[str] | None = None
) -> tuple[RoutineFile | None, list[str]]:
    """Validate a file's bytes against the format (and, if given, the known exercise ids,
    so a file with schema errors still has its unknown ids listed in the same report)."""
    if len(raw) > MAX_FILE_BYTES:
        return None, [_("(file): larger than 5 MB")]
    raw = raw.removeprefix(b"\xef\xbb\xbf")  # a UTF-8 BOM (some editors add one): accepted
    try:
        data = json.loads(raw.decode("utf-8"), parse_constant=_no_constants)
    except UnicodeDecodeError:
        return None, [_("(file): not UTF-8 text")]
    except RecursionError:
        return None, [_("(file): nested too deeply")]
    except json.JSONDecodeError as exc:
        where = _("(file): not a routine file (not valid JSON: line {line}, column {column})")
        return None, [where.format(line=exc.lineno, column=exc.colno)]
    except ValueError:  # NaN, a number with thousands of digits
        return None, [_("(file): not a routine file (not valid JSON)")]
    if not isinstance(data, dict):
        return None, [_("(file): not a routine file (expected a JSON object)")]
    if data.get("format") != FORMAT:
        return None, [
            _('format: not a routine file (expected "{expected}")').format(expected=FORMAT)
        ]
    version = data.get("format_version")
    if version != FORMAT_VERSION or isinstance(version, bool):
        unsupported = _(
            "format_version: version {version} is not supported (this app reads "
            "version {current}; a newer app may be needed)"
        )
        return None, [unsupported.format(version=str(version)[:20], current=FORMAT_VERSION)]
    try:
        return RoutineFile.model_validate(data), []
    except ValidationError as exc:
        extra = _unknown_ids_in_raw(data, known_ids) if known_ids is not None else []
        return None, describe_validation_error(exc) + extra
    except RecursionError:
        return None, ["(file): nested too deeply"]


def check_against(
    file: RoutineFile, library: Library, stored_exercises: dict[str, Exercise]
) -> list[str]:
    """Problems only visible beside the app's library and own exercises."""
    from cipn_coach.routines.progression import check_routine

    problems = []
    for index, exercise in enumerate(file.exercises):
        if exercise.id in library.exercises:
            problems.append(
                f"exercises.{index}.id: '{exercise.id}' is a built-in exercise; "
                "an own exercise needs its own id"
            )
    known = {
        **library.exercises,
        **stored_exercises,
        **{e.id: e.exercise() for e in file.exercises},
    }
    problems += [f"routine.{p}" for p in check_routine(file.routine, known)]
    return problems


@dataclass(frozen=True)
class ImportResult:
    """``status``: imported | needs_confirmation | unchanged | rejected.

    ``needs_confirmation``: the file holds a newer version of a routine already here;
    call again with ``confirm=True`` to replace it (the old version stays, archived).
    """

    status: str
    problems: list[str] = field(default_factory=list)
    routine: Routine | None = None
    current_version: int | None = None
    file: RoutineFile | None = None

    @property
    def ok(self) -> bool:
        return self.status in ("imported", "unchanged")

    @property
    def changes(self) -> Changes:
        """Only an import that stored something changed the routines."""
        return Changes(routines=self.status == "imported")

    def message(self) -> str:
        r = self.routine
        if self.status == "imported" and r:
            return _("Imported routine '{title}' ({id}, version {version}).").format(
                title=r.title, id=r.id, version=r.version
            )
        if self.status == "unchanged" and r:
            return _("Routine '{title}' ({id}, version {version}) is already here.").format(
                title=r.title, id=r.id, version=r.version
            )
        if self.status == "needs_confirmation" and r:
            return _(
                "This replaces '{title}' version {old} with version {new}; the old "
                "version will be kept, archived."
            ).format(title=r.title, old=self.current_version, new=r.version)
        return _("The file was not imported: {problems}").format(problems="; ".join(self.problems))


def read_file(
    path: Path, known_ids: set[str] | None = None
) -> tuple[RoutineFile | None, list[str]]:
    """Read and validate ``path`` (size first: a huge file is never read into memory)."""
    try:
        if path.exists() and not path.is_file():  # a FIFO or a device would hang the read
            return None, [_("(file): not a regular file")]
        if path.stat().st_size > MAX_FILE_BYTES:
            return None, [_("(file): larger than 5 MB")]
        with path.open("rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        return None, [_("(file): {reason}").format(reason=unreadable_reason(exc))]
    return parse_bytes(raw, known_ids)


def import_file(
    path: Path, library: Library, repo: Any, now: datetime, confirm: bool = False
) -> ImportResult:
    """Validate ``path`` completely; only then (and if allowed) write it to ``repo``.

    ``repo`` is a ``RoutineRepository``. ``library`` is the file library (built-in
    exercises and routines). A routine whose id exists is replaced only by a newer
    version and only with ``confirm``; the same version is "unchanged" if equal and
    refused if different; an older version is refused.
    """
    stored = {row.exercise.id: row.exercise for row in repo.list_exercises()}
    file, problems = read_file(path, set(library.exercises) | set(stored))
    if file is None:
        return ImportResult("rejected", problems)
    problems = check_against(file, library, stored)
    if problems:
        return ImportResult("rejected", problems, file.routine, file=file)
    routine = file.routine
    row = repo.find(routine.id)
    current = row.routine if row is not None else library.routines.get(routine.id)
    if current is not None:
        mine = routine.model_copy(update={"archived": False})
        if routine.version == current.version and mine == current.model_copy(
            update={"archived": False}
        ):
            return ImportResult("unchanged", [], routine, current.version, file)
        if routine.version <= current.version:
            return ImportResult(
                "rejected",
                [
                    _(
                        "routine.version: version {version} is not newer than the version "
                        "here ({current}); ask for an updated file"
                    ).format(version=routine.version, current=current.version)
                ],
                routine,
                current.version,
                file,
            )
        if not confirm:
            return ImportResult("needs_confirmation", [], routine, current.version, file)
    from cipn_coach.storage.rows import PictureData

    bundle = [
        (e.exercise(), PictureData(e.picture.mime, e.picture.data) if e.picture else None)
        for e in file.exercises
    ]
    saved = repo.save_all(routine, bundle, now, source="imported", keep_version=row is not None)
    return ImportResult("imported", [], saved.routine, current.version if current else None, file)


def export(
    routine: Routine,
    path: Path,
    repo: Any,
    now: datetime,
    *,
    author: str | None = None,
    clinic: str | None = None,
) -> RoutineFile:
    """Write ``routine`` and the own exercises it uses to ``path`` (atomically).

    The file is built through ``RoutineFile`` so what is written is exactly what an
    import accepts.
    """
    own = {row.exercise.id: row for row in repo.list_exercises()}
    used = list(dict.fromkeys(step.exercise for step in routine.steps if step.exercise in own))
    exercises = []
    for exercise_id in used:
        row = own[exercise_id]
        data = row.exercise.model_dump(mode="json")
        if row.picture is not None:
            data["picture"] = {
                "mime": row.picture.mime,
                "base64": base64.b64encode(row.picture.data).decode("ascii"),
            }
        exercises.append(data)
    file = RoutineFile.model_validate(
        {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "author": author or routine.author,
            "clinic": clinic,
            "created": now,
            "routine": routine.model_dump(mode="json"),
            "exercises": exercises,
        }
    )
    text = (
        json.dumps(file.model_dump(mode="json", exclude_none=True), indent=2, ensure_ascii=False)
        + "\n"
    )
    if len(text.encode("utf-8")) > MAX_FILE_BYTES:
        raise CoachError(_("the routine file would be larger than 5 MB (pictures too large)"))
    from cipn_coach.backup.json_file import write_private  # atomic, 0600: it may hold notes

    write_private(path, text.encode("utf-8"))
    return file
