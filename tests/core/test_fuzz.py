"""Bad input never crashes: random command lines and mangled exercise/routine files.

CLI: ``ui.app.main`` returns 0 or 2 (``--help``/``--version`` leave through argparse's
``SystemExit(0)``, which is how they exit in a console script too), never a traceback;
on 2, stderr says why and nothing was written in the data folder or working folder.
Files: ``parse_toml_model`` on truncated or mutated real files raises only
``FileFormatError``.
"""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cipn_coach import paths
from cipn_coach.errors import FileFormatError
from cipn_coach.routines.exercise_format import Exercise
from cipn_coach.routines.library import parse_toml_model
from cipn_coach.routines.routine_format import Routine
from cipn_coach.selftests.format import SelfTest

# The app's real vocabulary, so random lines reach deep into the commands, plus junk.
WORDS = [
    "exercises",
    "routines",
    "preview",
    "checkin",
    "summary",
    "--json",
    "--week",
    "--date",
    "--hands",
    "--feet",
    "--pain",
    "--night",
    "--from",
    "--to",
    "--note",
    "--version",
    "--help",
    "morning",
    "evening",
    "balance_builder",
    "2026-11-20",
    "2026-02-30",
    "9999-12-31",
    "0",
    "10",
    "11",
    "-1",
    "1e3",
    "nan",
    "",
    "--",
    "-",
    "ü",
    "\x00",
    "--falls",
    "--near-falls",
    "--pain-kinds",
    "burning",
]
FUZZ = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def listing(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*")) if folder.exists() else []


@pytest.fixture
def sandbox(tmp_path, monkeypatch):
    """No example may touch the real home: HOME, XDG and the working folder are temp."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "home" / "data"))
    monkeypatch.chdir(tmp_path)
    import ui.app

    monkeypatch.setattr(ui.app, "display_available", lambda: False)  # never open a window
    return tmp_path


@FUZZ
@given(st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=12)), max_size=8))
def test_random_command_lines_exit_0_or_2_and_write_nothing_on_2(sandbox, argv):
    from ui.app import main

    with tempfile.TemporaryDirectory(dir=sandbox) as scratch:
        data = Path(scratch) / "data"
        before = listing(sandbox)
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                status = main(["--data-dir", str(data), *argv])
            except SystemExit as exc:  # --help / --version, as argparse does
                status = exc.code
        assert status in (0, 2), (argv, status, err.getvalue())
        assert "Traceback" not in err.getvalue()
        if status == 2:
            assert err.getvalue().strip(), argv
            assert listing(data) == [], argv
            assert listing(sandbox) == before, argv


def real_files() -> list[tuple[Path, type]]:
    exercises = sorted(paths.exercises_dir().glob("*.toml"))
    routines = sorted(paths.routines_dir().glob("*.toml"))
    selftests = sorted((paths.exercises_dir() / "selftests").glob("*.toml"))
    return (
        [(p, Exercise) for p in exercises[:6]]
        + [(p, Routine) for p in routines]
        + [(p, SelfTest) for p in selftests[:3]]
    )


FILES = real_files()
MUTATIONS = st.sampled_from(["truncate", "flip", "insert", "delete", "swap_value"])


def mutate(data: bytes, how: str, at: int, junk: bytes) -> bytes:
    at = at % (len(data) + 1)
    if how == "truncate":
        return data[:at]
    if how == "flip":
        return data[:at] + junk + data[at + len(junk) :]
    if how == "insert":
        return data[:at] + junk + data[at:]
    if how == "delete":
        return data[:at] + data[at + len(junk) * 4 :]
    # Replace a value after some '=' with junk text, keeping the TOML shape more often.
    eq = data.find(b"=", at)
    end = data.find(b"\n", eq) if eq >= 0 else -1
    return data if eq < 0 or end < 0 else data[: eq + 1] + b" " + junk + data[end:]


TOML_JUNK = st.one_of(
    st.binary(min_size=1, max_size=24),
    st.sampled_from(
        [
            b"-1",
            b"0",
            b"1e309",
            b"nan",
            b"inf",
            b'""',
            b"[]",
            b"{}",
            b"true",
            b"99999999999999999999",
            b'"\xc3\x28"',
            b"[[[[",
            b'"x" * 10',
            b"1979-05-27T07:32:00Z",
            b'"' + b"a" * 5000 + b'"',
        ]
    ),
)


@settings(max_examples=250, deadline=None)
@given(st.sampled_from(FILES), MUTATIONS, st.integers(min_value=0, max_value=10**6), TOML_JUNK)
def test_mangled_exercise_and_routine_files_raise_only_file_format_error(case, how, at, junk):
    source, model = case
    data = mutate(source.read_bytes(), how, at, junk)
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / source.name
        target.write_bytes(data)
        try:
            parse_toml_model(target, model)
        except FileFormatError as exc:
            assert exc.path == str(target) and exc.problems
            assert all(isinstance(p, str) and p for p in exc.problems)


@pytest.mark.parametrize(
    "text",
    [
        "a = " + "[" * 5000 + "]" * 5000,  # deep nesting: a RecursionError must not escape
        "x = {" * 3000,
        "\ufeffid = 'bom'",
        "",
    ],
)
def test_pathological_toml_is_a_file_format_error(tmp_path, text):
    target = tmp_path / "evil.toml"
    target.write_text(text, encoding="utf-8")
    with pytest.raises(FileFormatError):
        parse_toml_model(target, Exercise)


def test_oversized_and_unreadable_files(tmp_path):
    big = tmp_path / "big.toml"
    big.write_bytes(b"# " + b"x" * (300 * 1024))
    with pytest.raises(FileFormatError, match="larger than"):
        parse_toml_model(big, Exercise)
    with pytest.raises(FileFormatError):
        parse_toml_model(tmp_path / "missing.toml", Exercise)
    folder = tmp_path / "folder.toml"
    folder.mkdir()
    with pytest.raises(FileFormatError):
        parse_toml_model(folder, Exercise)
    assert os.path.exists(big)


@pytest.fixture(scope="module")
def good_backup(tmp_path_factory) -> bytes:
    from tests.core.test_recovery import build

    folder = tmp_path_factory.mktemp("source")
    build(folder, days=12, backup_after=12)
    [path] = (folder / "backups").glob("*.sqlite3")
    return path.read_bytes()


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(MUTATIONS, st.integers(min_value=0, max_value=10**6), st.binary(min_size=1, max_size=64))
def test_mangled_backup_files_list_calmly_and_restore_only_if_sound(good_backup, how, at, junk):
    """A damaged backup (or one from an email) lists without raising and either restores
    cleanly or is refused with ``BackupError`` while the current database stays put."""
    from cipn_coach.storage import backup
    from cipn_coach.storage import db as dbmod

    with tempfile.TemporaryDirectory() as scratch:
        data = Path(scratch)
        current = data / dbmod.DATABASE_FILE
        current.write_bytes(good_backup)
        folder = data / "backups"
        folder.mkdir()
        target = folder / f"cipn-coach-{backup.stamp(backup.utc_now())}-auto.sqlite3"
        target.write_bytes(mutate(good_backup, how, at, junk))
        [info] = backup.list_backups(data)
        try:
            result = backup.restore(target, data)
        except backup.BackupError:
            assert current.read_bytes() == good_backup  # untouched
            assert not list(data.glob("*.replaced-*"))
        else:
            assert result.replaced is not None and result.replaced.read_bytes() == good_backup
            assert backup.quick_check(current) is None
        assert info.path == target
