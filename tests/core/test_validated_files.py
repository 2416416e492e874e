"""Exercise, routine and self-test files are validated once and kept validated between
starts (``routines.validated_files``), never at the price of a wrong or missed check.

Why: building the file models' validators and checking the shipped files took
0.10-0.17 s of CPU at every start (bench figure 2b). These tests hold what makes
skipping the check safe: a kept model is the one validation gave, an edited file or
edited model sources are checked again, a broken file is reported at every start, and
a damaged keeping file only means checking again.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from cipn_coach import paths
from cipn_coach.routines import validated_files
from cipn_coach.routines.exercise_format import Exercise
from cipn_coach.routines.library import load_library
from cipn_coach.routines.routine_format import Routine
from cipn_coach.selftests import library as selftest_library
from cipn_coach.selftests.format import SelfTest


@pytest.fixture(autouse=True)
def nothing_kept_after() -> Iterator[None]:
    yield
    validated_files.keep_in(None)


@pytest.fixture
def checks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The name of every file model validated from now on (the real validation runs)."""
    seen: list[str] = []
    for model in (Exercise, Routine, SelfTest):
        original = model.model_validate

        def counted(data, *args, _model=model, _original=original, **kwargs):  # noqa: ANN001
            seen.append(_model.__name__)
            return _original(data, *args, **kwargs)

        monkeypatch.setattr(model, "model_validate", counted)
    return seen


@pytest.fixture
def files(tmp_path: Path) -> Path:
    """A copy of the shipped exercises and routines, to edit."""
    copy = tmp_path / "exercises"
    shutil.copytree(paths.exercises_dir(), copy, ignore=shutil.ignore_patterns("selftests"))
    return copy


def test_a_file_checked_once_is_not_checked_again_and_gives_the_same_model(
    tmp_path: Path, files: Path, checks: list[str]
) -> None:
    validated_files.keep_in(tmp_path / "kept")
    first = load_library(files)
    assert checks.count("Exercise") >= 10 and checks.count("Routine") >= 3
    assert (tmp_path / "kept" / validated_files.KEEPING_FILE).is_file()

    validated_files.keep_in(tmp_path / "kept")  # a new start: only the file is left
    checks.clear()
    again = load_library(files)

    assert checks == []
    assert again == first
    assert load_library(files, language="zh_HK") == first.localized("zh_HK")


def test_an_edited_file_is_checked_again(tmp_path: Path, files: Path, checks: list[str]) -> None:
    validated_files.keep_in(tmp_path / "kept")
    load_library(files)
    edited = files / "ankle_circles.toml"
    text = edited.read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.startswith("title"))
    edited.write_text(text.replace(title, 'title = "Ankle circles, edited"', 1), encoding="utf-8")

    validated_files.keep_in(tmp_path / "kept")
    checks.clear()
    library = load_library(files)

    assert checks == ["Exercise"]
    assert library.exercises["ankle_circles"].title == "Ankle circles, edited"


def test_a_broken_file_is_never_kept_and_is_reported_at_every_start(
    tmp_path: Path, files: Path
) -> None:
    broken = files / "ankle_circles.toml"
    broken.write_text(broken.read_text(encoding="utf-8") + "\nmisspelt_field = 1\n", "utf-8")
    for _start in range(2):
        validated_files.keep_in(tmp_path / "kept")
        library = load_library(files)
        assert "ankle_circles" not in library.exercises
        assert any("misspelt_field" in str(problem) for problem in library.problems)


def test_changed_model_sources_check_every_file_again(
    tmp_path: Path, files: Path, checks: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    validated_files.keep_in(tmp_path / "kept")
    load_library(files)
    monkeypatch.setattr(validated_files, "_sources_digest", lambda: "another version")

    validated_files.keep_in(tmp_path / "kept")
    checks.clear()
    load_library(files)

    assert checks.count("Exercise") >= 10


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],
        lambda data: b"",
        lambda data: b"something else entirely\n" + data,
        lambda data: data[:60] + b"\x00" * 40 + data[100:],
    ],
    ids=["cut", "empty", "foreign", "overwritten"],
)
def test_a_damaged_keeping_file_only_means_checking_again(
    tmp_path: Path, files: Path, checks: list[str], damage
) -> None:
    kept = tmp_path / "kept"
    validated_files.keep_in(kept)
    whole = load_library(files)
    keeping = kept / validated_files.KEEPING_FILE
    keeping.write_bytes(damage(keeping.read_bytes()))

    validated_files.keep_in(kept)
    checks.clear()
    assert load_library(files) == whole
    assert checks.count("Exercise") >= 10

    validated_files.keep_in(kept)  # and it was written whole again
    checks.clear()
    assert load_library(files) == whole
    assert checks == []


def test_without_a_folder_nothing_is_kept(tmp_path: Path, files: Path, checks: list[str]) -> None:
    validated_files.keep_in(None)
    load_library(files)
    checks.clear()
    load_library(files)
    assert checks.count("Exercise") >= 10
    assert not any(tmp_path.rglob(validated_files.KEEPING_FILE))


def test_the_apps_start_checks_no_file_the_second_time(
    tmp_path: Path, checks: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the app does at every start (services, the library in Chinese, the self-tests
    Today asks about): after the first start, no file is validated."""
    from cipn_coach.services import open_services

    def start() -> None:
        monkeypatch.setattr(selftest_library, "_LOADED", {})  # a new process
        services = open_services(tmp_path / "data", recover=True, language="zh_HK")
        try:
            assert services.library.exercises and selftest_library.selftests_in("zh_HK")
        finally:
            services.close()

    start()
    assert {"Exercise", "Routine", "SelfTest"} <= set(checks)
    checks.clear()
    start()
    assert checks == []
    assert (paths.validated_files_dir(tmp_path / "data") / validated_files.KEEPING_FILE).is_file()
