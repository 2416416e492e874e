"""Opening the app (no command) reads its options without building the whole command
line: the parser of every command (~15 groups, their help texts translated) took 25-30 ms
before the window could begin to appear, and the app needs none of it."""

from __future__ import annotations

from pathlib import Path

import pytest

from cipn_coach.cli import commands

OPENING_THE_APP = [
    [],
    ["--family"],
    ["--data-dir", "/tmp/somewhere"],
    ["--lang", "zh-HK", "--data-dir", "/tmp/somewhere", "--family"],
    ["--database-url", "sqlite://", "--repair"],
    ["--install-desktop"],
]


@pytest.mark.parametrize("argv", OPENING_THE_APP)
def test_the_app_s_options_are_read_without_the_commands_parser(argv, monkeypatch):
    full = vars(commands.build_parser().parse_args(argv))

    def no_commands_parser() -> None:
        raise AssertionError("the parser of every command was built to open the app")

    monkeypatch.setattr(commands, "build_parser", no_commands_parser)
    quick = vars(commands.parse_args(argv))
    quick.pop("language", None)  # set by the language step before parsing, not parsed
    assert quick == full


@pytest.mark.parametrize(
    "argv",
    [
        ["exercises"],
        ["--data-dir", "/tmp/somewhere", "summary"],
        ["--help"],
        ["--bogus"],
        ["--lang", "xx"],
        ["--data-dir"],
    ],
)
def test_a_command_help_or_a_mistake_goes_to_the_whole_parser(argv, monkeypatch):
    """Anything but the app's own options: the whole parser reads it, so a command runs,
    the help lists every command, and a mistake is said in its usual words."""
    built = []
    whole = commands.build_parser

    def counted() -> object:
        built.append(True)
        return whole()

    monkeypatch.setattr(commands, "build_parser", counted)
    try:
        commands.parse_args(argv)
    except (commands.UsageError, SystemExit):
        pass
    assert built == [True]


def test_a_data_folder_is_a_path(tmp_path: Path):
    assert commands.parse_args(["--data-dir", str(tmp_path)]).data_dir == tmp_path


OPENING = r"""
import json, sys
import ui.app
def shown(args):
    print(json.dumps({"data_dir": str(args.data_dir), "modules": sorted(sys.modules)}))
    return 0
ui.app.load_gui = lambda: shown  # the window itself is not what this test is about
sys.exit(ui.app.main(["--data-dir", sys.argv[1]]))
"""


def test_opening_the_app_loads_no_command_module(tmp_path: Path) -> None:
    """Opening the app reads its own options and its language, and nothing of the
    commands (their parsers, their modules): those were ~15 ms before the window could
    begin to appear, on every start, for nothing the window uses."""
    from tests.child import child_json

    seen = child_json(OPENING, str(tmp_path / "data"))
    assert seen["data_dir"] == str(tmp_path / "data")
    loaded = [m for m in seen["modules"] if m.startswith("cipn_coach.cli.")]
    assert loaded == ["cipn_coach.cli.opening"], loaded
    assert "PySide6" not in seen["modules"]  # and still no Qt before the window is wanted
