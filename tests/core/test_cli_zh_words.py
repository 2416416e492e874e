"""With ``--lang zh-HK`` a reader of Traditional Chinese meets no English on the command
line: not in the help (argparse's own words included), not in a usage error, not in a
flag's source, not in what a bad backup file is told, not in the listings.

A text is Chinese when no Latin word is left once the things a person types or reads as
codes are taken out: option names (``--data-dir``), command names, ids with
underscores, field paths, file paths, and the short allow-list of names (CIPN Coach,
PDF, FHIR …). Citations of published papers stay in their own language and are not
checked here.
"""

from __future__ import annotations

import argparse
import json
import re
from datetime import datetime
from pathlib import Path

import pytest

from cipn_coach import i18n
from cipn_coach.cli.commands import build_parser, main
from cipn_coach.i18n import _
from cipn_coach.routines.library import load_library
from cipn_coach.treatment.record import AGENT_ORDER

NOW = datetime(2026, 12, 6, 18, 0)
ALLOWED = {
    # names and abbreviations read as they are
    *("CIPN", "Coach", "PDF", "CSV", "JSON", "FHIR", "HL7", "R4", "SQLite", "SQLAlchemy"),
    *("URL", "ALSA", "ID", "PIN", "NCI", "CTCAE", "YYYY", "MM", "DD", "cipnroutine"),
    *("UTF", "MB", "KB", "Springer"),  # units; an author named in a note
    *(word for agent in AGENT_ORDER for word in agent.value.split("-")),  # medicines
    *load_library().routines,  # routine ids, typed to preview one
    *("postgresql", "psycopg", "sqlite", "XDG_DATA_HOME", "DISPLAY", "WAYLAND_DISPLAY"),
    # values people type: choices of the options
    *("en", "zh", "HK", "yes", "no", "left", "right", "female", "male"),
    *("burning", "stabbing", "pins_and_needles", "electric", "tight"),
}
CODES = re.compile(
    r"--?[A-Za-z][\w-]*"  # options
    r"|[\w.-]+\.(?:sqlite3|json|pdf|cipnroutine)\b"  # file names
    r"|cipn-coach"
    r"|[^\s\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]*/[^\s\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]*"  # paths, URLs
    r"|\b\w+(?:[._]\w+)+\b"  # ids and field paths: chair_stand_30s, data.checkins.0.hands
    r"|'[^']*'|\"[^\"]*\"|「[^」\s]*」"  # what the person typed (one word), quoted back
    r"|\b[a-z_]+(?=: )"  # a field of a file, named before its problem
)
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*")


@pytest.fixture(autouse=True)
def _english_afterwards():
    yield
    i18n.set_language("en")


def _commands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    found: dict[str, argparse.ArgumentParser] = {}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            found.update(action.choices)
    return found


def _command_names() -> set[str]:
    names: set[str] = set()
    for name, sub in _commands(build_parser()).items():
        names.add(name)
        names.update(_commands(sub))
    return names


COMMAND_NAMES = _command_names()


def english_words(text: str) -> list[str]:
    """The Latin words of ``text`` that are neither codes nor allowed names."""
    left = CODES.sub(" ", text)
    left = re.sub(r"\{[^}]*\}", " ", left)  # argparse's {a,b,c} lists of commands
    words = LATIN_WORD.findall(left)
    return [w for w in words if w not in ALLOWED and w not in COMMAND_NAMES]


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main([*argv, "--lang", "zh-HK"], now=lambda: NOW)
    out, err = capsys.readouterr()
    return code, out, err


def help_text(capsys, *argv: str) -> str:
    with pytest.raises(SystemExit) as exited:
        main(["--lang", "zh-HK", *argv, "--help"])
    assert exited.value.code == 0
    return capsys.readouterr().out


HELP_OF = [
    (),
    *[(name,) for name in sorted(_commands(build_parser()))],
    ("selftest", "add"),
    ("cycle", "add"),
    ("clinic", "import"),
    ("clinic", "panel"),
]


@pytest.mark.parametrize("argv", HELP_OF, ids=lambda argv: " ".join(argv) or "main")
def test_the_help_of_every_command_is_chinese(capsys, argv):
    shown = help_text(capsys, *argv)
    assert "用法：" in shown and "選項" in shown
    assert english_words(shown) == [], shown


@pytest.mark.parametrize(
    "argv",
    [
        ("checkin",),  # required options missing
        ("checkin", "--date", "someday", "--hands", "1", "--feet", "1", "--pain", "1"),
        ("checkin", "--date", "2026-12-01", "--hands", "lots", "--feet", "1", "--pain", "1"),
        ("nosuchcommand",),
        ("profile", "--bogus"),
        ("export", "--csv", "a", "--json", "b"),  # not allowed together
        ("selftest", "add", "chair_stand_30s", "twelve"),
        ("cycles", "--json=yes"),
    ],
)
def test_a_usage_error_is_one_chinese_line(capsys, tmp_path, argv):
    code, out, err = run(capsys, *argv, "--data-dir", str(tmp_path / "d"))
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1
    assert re.search(r"[\u4e00-\u9fff]", err), err
    assert english_words(err) == [], err


def test_the_flags_sources_are_chinese(capsys, tmp_path):
    data = str(tmp_path / "d")
    assert run(capsys, "demo", "--data-dir", data)[0] == 0
    code, out, _ = run(capsys, "summary", "--json", "--data-dir", data)
    flags = json.loads(out)["flags"]
    assert code == 0 and len(flags) >= 2
    for flag in flags:
        assert re.search(r"[\u4e00-\u9fff]", flag["source"]), flag["source"]
        assert english_words(flag["source"]) == [], flag["source"]


def test_every_source_a_flag_can_carry_is_chinese():
    from cipn_coach.checkin import flags
    from cipn_coach.checkin.thresholds import SOURCES

    i18n.set_language("zh-HK")
    every = [_(flags.RED_FLAG_SOURCE), _(flags.SELF_CARE_SOURCE), _(flags.DAILY_TASKS_SOURCE)]
    every += [_(text) for text in SOURCES.values()]
    for source in every:
        assert re.search(r"[\u4e00-\u9fff]", source) and english_words(source) == [], source


def _bad_backups(folder: Path) -> dict[str, Path]:
    folder.mkdir()
    files = {
        "not json": b"{this is not json",
        "not ours": b'{"format": "something-else"}',
        "newer": b'{"format": "cipn-coach-backup", "format_version": 999}',
        "not utf-8": b"\xff\xfe\x00garbage",
        "fields wrong": json.dumps(
            {"format": "cipn-coach-backup", "format_version": 1, "data": {"checkins": "x"}}
        ).encode(),
    }
    paths = {}
    for what, raw in files.items():
        path = folder / f"{what.replace(' ', '-')}.json"
        path.write_bytes(raw)
        paths[what] = path
    paths["missing"] = folder / "nowhere.json"
    paths["a folder"] = folder
    return paths


@pytest.mark.parametrize(
    "what", ["not json", "not ours", "newer", "not utf-8", "fields wrong", "missing", "a folder"]
)
def test_a_bad_backup_file_is_told_in_chinese(capsys, tmp_path, what):
    path = _bad_backups(tmp_path / "files")[what]
    code, out, err = run(capsys, "import", "--json", str(path), "--data-dir", str(tmp_path / "d"))
    assert code == 2 and out == ""
    assert re.search(r"[\u4e00-\u9fff]", err), err
    assert english_words(err) == [], err


@pytest.mark.parametrize("command", ["exercises", "routines", "selftests", "treatment", "cycles"])
def test_the_listings_are_chinese(capsys, tmp_path, command):
    data = str(tmp_path / "d")
    assert run(capsys, "demo", "--data-dir", data)[0] == 0
    code, out, err = run(capsys, command, "--data-dir", data)
    assert code == 0 and err == ""
    # a self-test's published source names its paper: the citation keeps its language
    shown = "\n".join(line for line in out.splitlines() if "出處：" not in line)
    assert english_words(shown) == [], shown


def test_the_preview_names_its_cues_in_chinese(capsys):
    code, out, err = run(capsys, "preview", "morning")
    assert code == 0 and err == ""
    assert english_words(out) == [], out


def test_argparse_still_words_its_messages_as_the_catalogue_has_them():
    """A newer Python that rewords one of argparse's messages would show it in English:
    the catalogue's copies must be argparse's own msgids."""
    import ast
    import inspect

    from cipn_coach.cli.argparse_words import ARGPARSE_WORDS

    asked = {
        node.args[0].value
        for node in ast.walk(ast.parse(inspect.getsource(argparse)))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "_"
        and node.args
        and isinstance(node.args[0], ast.Constant)
    }
    assert set(ARGPARSE_WORDS) <= asked, set(ARGPARSE_WORDS) - asked


def test_english_help_and_errors_stay_english(capsys):
    with pytest.raises(SystemExit):
        main(["--lang", "en", "checkin", "--help"])
    shown = capsys.readouterr().out
    assert shown.startswith("usage: cipn-coach checkin") and "--date DATE" in shown
    assert main(["--lang", "en", "checkin"]) == 2
    assert "the following arguments are required: --date" in capsys.readouterr().err


@pytest.mark.parametrize(
    "argv",
    [
        ("import-routine", "{missing}"),
        ("import-routine", "{backup}"),  # a backup is not a routine file
        ("import", "--json", "{backup}"),  # the folder is not empty
        ("export", "--json", "{other}", "--from", "2026-11-01"),
        ("selftest", "add", "nosuch", "3"),
        ("selftest", "add", "chair_stand_30s", "999"),
        ("selftest", "add", "single_leg_stance", "10"),
        ("selftest", "add", "chair_stand_30s", "10", "--side", "left"),
    ],
)
def test_a_refused_command_is_told_in_chinese(capsys, tmp_path, argv):
    data = str(tmp_path / "d")
    backup = tmp_path / "backup.json"
    assert run(capsys, "demo", "--data-dir", data)[0] == 0
    assert run(capsys, "export", "--json", str(backup), "--data-dir", data)[0] == 0
    files = {"missing": tmp_path / "nowhere", "backup": backup, "other": tmp_path / "o.json"}
    code, out, err = run(capsys, *(a.format(**files) for a in argv), "--data-dir", data)
    assert code == 2 and out == ""
    assert re.search(r"[\u4e00-\u9fff]", err), err
    assert english_words(err) == [], err


def test_the_clinic_speaks_chinese(capsys, tmp_path):
    data, clinic = str(tmp_path / "d"), str(tmp_path / "clinic")
    backup = tmp_path / "backup.json"
    assert run(capsys, "demo", "--data-dir", data)[0] == 0
    assert run(capsys, "export", "--json", str(backup), "--data-dir", data)[0] == 0
    shown = []
    for argv in (("import", str(backup)), ("import", str(backup)), ("panel",)):
        code, out, err = run(capsys, "clinic", "--clinic-dir", clinic, *argv)
        assert code == 0 and err == ""
        shown.append(out)
    for argv in (("patient", "9"), ("routine", "1", "--out", str(tmp_path / "r.cipnroutine"))):
        code, out, err = run(capsys, "clinic", "--clinic-dir", clinic, *argv)
        assert code == 2
        shown.append(err)
    for text in shown:
        assert re.search(r"[\u4e00-\u9fff]", text) and english_words(text) == [], text


def test_the_desktop_entry_refusal_is_chinese(capsys):
    code, out, err = run(capsys, "--install-desktop", "exercises")
    assert code == 2 and english_words(err) == [] and "指令" in err, err


def test_a_damaged_data_folder_is_told_in_chinese(capsys, tmp_path):
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "cipn-coach.sqlite3").write_text("not a database at all" * 10)
    code, out, err = run(capsys, "summary", "--data-dir", str(folder))
    assert code == 3 and out == ""
    assert "這個檔案不是資料庫" in err and english_words(err) == [], err
    assert (folder / "cipn-coach.sqlite3").read_text().startswith("not a database")


def test_an_exported_routine_is_named_in_chinese(capsys, tmp_path):
    data = str(tmp_path / "d")
    assert run(capsys, "demo", "--data-dir", data)[0] == 0
    target = str(tmp_path / "morning.cipnroutine")
    code, out, err = run(capsys, "export-routine", "morning", target, "--data-dir", data)
    assert code == 0 and err == ""
    assert "「早晨手腳運動」" in out and english_words(out) == [], out  # the library's title


@pytest.mark.parametrize("how", ["--merge", "--replace"])
def test_an_import_is_summed_up_in_chinese(capsys, tmp_path, how):
    data, backup = str(tmp_path / "d"), str(tmp_path / "backup.json")
    assert run(capsys, "demo", "--data-dir", data)[0] == 0
    assert run(capsys, "export", "--json", backup, "--data-dir", data)[0] == 0
    code, out, err = run(capsys, "import", "--json", backup, how, "--data-dir", data)
    assert code == 0 and err == ""
    assert english_words(out) == [], out


def test_the_panel_names_a_red_flags_rule_in_words(capsys, tmp_path):
    data, clinic, backup = str(tmp_path / "d"), str(tmp_path / "c"), str(tmp_path / "b.json")
    argv = ("checkin", "--date", "2026-12-05", "--hands", "2", "--feet", "2", "--pain", "1")
    assert run(capsys, *argv, "--falls", "1", "--data-dir", data)[0] == 0
    assert run(capsys, "export", "--json", backup, "--data-dir", data)[0] == 0
    assert run(capsys, "clinic", "--clinic-dir", clinic, "import", backup)[0] == 0
    code, out, _err = run(capsys, "clinic", "--clinic-dir", clinic, "panel")
    assert code == 0 and "跌倒" in out and english_words(out) == [], out


def test_an_unknown_language_is_told_in_the_saved_one(capsys, tmp_path):
    """Settings say Chinese; a mistyped --lang is refused in Chinese."""
    from cipn_coach.services import open_services
    from cipn_coach.settings import preferences as prefs

    services = open_services(tmp_path / "d")
    try:
        prefs.Preferences(services.settings).set(prefs.LANGUAGE, "zh_HK")
    finally:
        services.close()
    code = main(["profile", "--data-dir", str(tmp_path / "d"), "--lang", "xx"])
    _out, err = capsys.readouterr()
    assert code == 2 and "不認識的語言" in err and english_words(err) == [], err


def test_the_summarys_words_are_chinese(capsys, tmp_path):
    """summary --json keeps its keys and codes; the sentences in it are Chinese (only
    the published sources of the self-tests' bands keep their language)."""
    data = str(tmp_path / "d")
    assert run(capsys, "demo", "--data-dir", data)[0] == 0
    assert run(capsys, "treatment", "--agent", "oxaliplatin", "--data-dir", data)[0] == 0
    assert run(capsys, "cycle", "add", "2026-11-20", "--data-dir", data)[0] == 0
    code, out, _err = run(capsys, "summary", "--json", "--data-dir", data)
    english = []

    def walk(value, key=""):
        if isinstance(value, dict):
            for inner, item in value.items():
                walk(item, inner)
        elif isinstance(value, list):
            for item in value:
                walk(item, key)
        elif isinstance(value, str) and " " in value and key != "source":
            english.extend(english_words(value))

    walk(json.loads(out))
    assert code == 0 and english == []


@pytest.mark.parametrize("argv", [(), ("checkin",), ("clinic", "import")])
def test_the_chinese_help_lines_up_and_fits_the_terminal(capsys, monkeypatch, argv):
    """A Chinese character takes two columns: the help column still lines up, no line is
    wider than the terminal, and no English code is cut in two."""
    from cipn_coach.cli.help_layout import columns

    monkeypatch.setenv("COLUMNS", "80")
    shown = help_text(capsys, *argv).splitlines()
    starts = set()
    for line in shown:
        found = re.match(r"^(  -\S.*?\s{2,})(\S)", line)
        if found and re.search(r"[\u4e00-\u9fff]", line[len(found.group(1)) :]):
            starts.add(columns(found.group(1)))
    assert len(starts) == 1, shown
    assert all(columns(line) <= 80 for line in shown if not line.startswith("用法")), shown
    assert "ectric" not in "\n".join(line.lstrip()[:6] for line in shown)
