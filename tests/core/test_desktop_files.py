"""The launcher, metainfo and icons a Linux desktop reads, and ``--install-desktop``.

The files are checked by the desktop's own validators (``desktop-file-validate`` from
desktop-file-utils, ``appstreamcli`` from appstream; ``.ci/system-deps.sh`` installs
both), and install/uninstall run against a temporary ``XDG_DATA_HOME``.
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from cipn_coach import __version__, desktop_entry
from cipn_coach.desktop_entry import APP_ID, ICON_SIZES

ROOT = Path(__file__).resolve().parents[2]
DESKTOP = ROOT / "assets" / "desktop" / f"{APP_ID}.desktop"
METAINFO = ROOT / "assets" / "desktop" / f"{APP_ID}.metainfo.xml"


def validator(name: str, package: str) -> str:
    found = shutil.which(name)
    assert found, f"{name} is missing: install the Debian package {package} (.ci/system-deps.sh)"
    return found


def desktop_file_validate(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [validator("desktop-file-validate", "desktop-file-utils"), str(path)],
        capture_output=True,
        text=True,
        timeout=30,
    )


def desktop_keys(path: Path) -> dict[str, str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return dict(line.split("=", 1) for line in lines if "=" in line)


def png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", path
    return struct.unpack(">II", header[16:24])


def test_the_launcher_passes_desktop_file_validate():
    done = desktop_file_validate(DESKTOP)
    assert done.returncode == 0 and not done.stdout.strip(), done.stdout + done.stderr
    keys = desktop_keys(DESKTOP)
    assert keys["Icon"] == APP_ID and keys["StartupWMClass"] == desktop_entry.WINDOW_CLASS
    assert "MedicalSoftware" in keys["Categories"].split(";")


def test_the_metainfo_passes_appstreamcli_validate():
    done = subprocess.run(
        [
            validator("appstreamcli", "appstream"),
            "validate",
            "--no-net",
            "--no-color",
            str(METAINFO),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    problems = [line for line in done.stdout.splitlines() if line.startswith(("E:", "W:"))]
    assert not problems, done.stdout


def test_the_metainfo_names_the_launcher_the_screenshots_and_this_version():
    component = ET.parse(METAINFO).getroot()
    assert component.findtext("id") == APP_ID
    assert component.findtext("launchable") == DESKTOP.name
    assert component.find("content_rating").get("type") == "oars-1.1"
    assert component.findtext("project_license") == "MIT"
    assert {c.text for c in component.iter("category")} >= {"MedicalSoftware"}
    shots = [image.text for image in component.iter("image")]
    assert shots, "no screenshots"
    for url in shots:  # each published picture is one of docs/
        assert (ROOT / "docs" / url.rsplit("/", 1)[-1]).is_file(), url
    newest = component.find("releases/release")
    assert newest.get("version") == __version__, "add a <release> for the new version"


def test_each_icon_size_is_there_at_its_size():
    icons = ROOT / "assets" / "icons"
    assert (icons / "app.svg").is_file()
    for size in ICON_SIZES:
        assert png_size(icons / f"app-{size}.png") == (size, size)


def test_install_puts_launcher_icons_and_metainfo_in_xdg_data_home_and_uninstall_removes_them(
    tmp_path,
):
    home = tmp_path / "xdg data"
    command = ["/opt/CIPN Coach/cipn-coach"]  # a folder with a space: Exec must quote it
    written = desktop_entry.install(home, command)

    launcher = home / "applications" / f"{APP_ID}.desktop"
    assert written[-1] == launcher  # icons first: a menu never shows an entry without its icon
    keys = desktop_keys(launcher)
    assert keys["Exec"] == '"/opt/CIPN Coach/cipn-coach"'
    assert keys["TryExec"] == "/opt/CIPN Coach/cipn-coach"
    done = desktop_file_validate(launcher)
    assert done.returncode == 0, done.stdout + done.stderr
    icons = home / "icons" / "hicolor"
    assert (icons / "scalable" / "apps" / f"{APP_ID}.svg").read_bytes() == (
        ROOT / "assets" / "icons" / "app.svg"
    ).read_bytes()
    for size in ICON_SIZES:
        assert png_size(icons / f"{size}x{size}" / "apps" / f"{APP_ID}.png") == (size, size)
    assert (home / "metainfo" / f"{APP_ID}.metainfo.xml").is_file()
    assert not list(home.rglob("*.partial"))

    assert sorted(desktop_entry.uninstall(home)) == sorted(written)
    assert not [p for p in home.rglob("*") if p.is_file()]
    assert desktop_entry.uninstall(home) == []


def test_exec_quotes_and_escapes_what_the_desktop_spec_reserves():
    assert desktop_entry.exec_value(["/usr/bin/cipn-coach"]) == "/usr/bin/cipn-coach"
    assert (
        desktop_entry.exec_value(["/home/a b/python", "/home/a b/main.py"])
        == '"/home/a b/python" "/home/a b/main.py"'
    )
    # inside quotes $ gets a backslash, which the string escaping then doubles; % is %%
    assert desktop_entry.exec_value(["/x/$HOME/100%/run"]) == '"/x/\\\\$HOME/100%%/run"'


def test_xdg_data_home_is_used_when_absolute_and_ignored_when_relative(tmp_path):
    assert desktop_entry.data_home({"XDG_DATA_HOME": str(tmp_path), "HOME": "/h"}) == tmp_path
    assert desktop_entry.data_home({"XDG_DATA_HOME": "rel/dir", "HOME": "/h"}) == Path(
        "/h/.local/share"
    )
    assert desktop_entry.data_home({"HOME": "/h"}) == Path("/h/.local/share")


def cli(*args: str, data_home: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, XDG_DATA_HOME=str(data_home), PYTHONPATH=str(ROOT))
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.slow
def test_the_command_line_installs_a_launcher_that_starts_this_checkout(tmp_path):
    done = cli("--install-desktop", data_home=tmp_path)
    assert done.returncode == 0, done.stderr
    launcher = tmp_path / "applications" / f"{APP_ID}.desktop"
    assert str(launcher) in done.stdout
    assert desktop_keys(launcher)["Exec"] == desktop_entry.exec_value(
        [sys.executable, str(ROOT / "main.py")]
    )

    done = cli("--uninstall-desktop", data_home=tmp_path)
    assert done.returncode == 0 and str(launcher) in done.stdout
    assert not launcher.exists()
    done = cli("--uninstall-desktop", data_home=tmp_path)
    assert done.returncode == 0 and "nothing to remove" in done.stdout


def test_an_unwritable_data_home_is_one_line_and_installs_nothing(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be")
    done = cli("--install-desktop", data_home=blocker)
    assert done.returncode == 2, done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and "nothing was installed" in done.stderr
    assert blocker.read_text() == "a file where the data folder should be"


def test_the_flags_take_no_command(tmp_path):
    done = cli("--install-desktop", "exercises", data_home=tmp_path)
    assert done.returncode == 2 and "take no command" in done.stderr
    assert not tmp_path.joinpath("applications").exists()
