"""Putting CIPN Coach in the desktop's menu: ``cipn-coach --install-desktop``.

``pipx install`` (or unpacking the bundle) gives a command, not a menu entry: a patient
does not open a terminal. This copies the launcher (``.desktop`` file), the icons and the
AppStream metainfo kept in ``assets/`` into the user's own XDG data folder, with the
launcher's ``Exec`` pointing at the program that ran the command, so the menu starts the
same installation even when ``~/.local/bin`` is not on the desktop session's PATH.
Only the user's folders are touched; ``--uninstall-desktop`` removes exactly these files.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path

from cipn_coach.errors import CoachError
from cipn_coach.i18n import _
from cipn_coach.paths import assets_dir

APP_ID = "org.cipncoach.CipnCoach"  # the launcher's, the icon's and the window's name
WINDOW_CLASS = "CIPN Coach"  # the application name Qt gives the window as its WM class
ICON_SIZES = (48, 64, 128, 256)


class DesktopInstallError(CoachError):
    """The launcher could not be written or removed (e.g. a read-only home folder)."""


def data_home(environ: dict[str, str] | None = None) -> Path:
    """``$XDG_DATA_HOME``, or ``~/.local/share`` when it is unset or not absolute
    (the XDG base directory spec says a relative value is to be ignored)."""
    environ = dict(os.environ) if environ is None else environ
    configured = environ.get("XDG_DATA_HOME", "")
    if configured and Path(configured).is_absolute():
        return Path(configured)
    return Path(environ.get("HOME") or Path.home()) / ".local" / "share"


def launcher_command() -> list[str]:
    """How to start the program that is running now, as absolute paths: the bundle's
    executable, the installed ``cipn-coach`` script, or the interpreter plus ``main.py``."""
    if getattr(sys, "frozen", False):  # a PyInstaller bundle: its executable is the app
        return [str(Path(sys.executable).absolute())]
    script = Path(sys.argv[0]).absolute()  # not resolved: a pipx link survives upgrades
    if script.suffix == ".py":
        return [str(Path(sys.executable).absolute()), str(script)]
    return [str(script)]


def exec_value(command: Sequence[str]) -> str:
    """``command`` as a desktop entry's ``Exec`` value: each argument quoted when it
    needs it, with the spec's escapes inside quotes, then ``\\`` doubled and ``%``
    written ``%%`` because the value is itself an escaped string with field codes."""
    words = []
    for argument in command:
        if argument and not any(c in argument for c in " \t\n\"'\\><~|&;$*?#()`"):
            words.append(argument)
            continue
        escaped = "".join("\\" + c if c in '"`$\\' else c for c in argument)
        words.append(f'"{escaped}"')
    return " ".join(words).replace("\\", "\\\\").replace("%", "%%")


def launcher_text(command: Sequence[str]) -> str:
    """The bundled ``.desktop`` file with ``Exec``/``TryExec`` naming ``command``."""
    template = (assets_dir() / "desktop" / f"{APP_ID}.desktop").read_text(encoding="utf-8")
    lines = []
    for line in template.splitlines():
        if line.startswith("Exec="):
            line = "Exec=" + exec_value(command)
        elif line.startswith("TryExec="):
            line = "TryExec=" + command[0].replace("\\", "\\\\")
        lines.append(line)
    return "\n".join(lines) + "\n"


def installed_files(home: Path) -> dict[Path, Path | None]:
    """Where each file goes under ``home`` → where it comes from in ``assets/``
    (``None`` for the launcher, which is written from ``launcher_text``)."""
    assets = assets_dir()
    icons = home / "icons" / "hicolor"
    files: dict[Path, Path | None] = {
        home / "applications" / f"{APP_ID}.desktop": None,
        home / "metainfo" / f"{APP_ID}.metainfo.xml": assets / "desktop" / f"{APP_ID}.metainfo.xml",
        icons / "scalable" / "apps" / f"{APP_ID}.svg": assets / "icons" / "app.svg",
    }
    for size in ICON_SIZES:
        files[icons / f"{size}x{size}" / "apps" / f"{APP_ID}.png"] = (
            assets / "icons" / f"app-{size}.png"
        )
    return files


def install(home: Path, command: Sequence[str]) -> list[Path]:
    """Write the launcher, metainfo and icons under ``home``; returns their paths.
    Icons go before the launcher, so a menu never shows the entry without its icon.
    On a failure the files written so far are removed again (nothing half installed)."""
    written: list[Path] = []
    launcher = home / "applications" / f"{APP_ID}.desktop"
    try:
        for target, source in sorted(
            installed_files(home).items(), key=lambda item: item[0] == launcher
        ):
            content = launcher_text(command).encode() if source is None else source.read_bytes()
            _write(target, content)
            written.append(target)
    except OSError as exc:
        for path in written:
            path.unlink(missing_ok=True)
        raise DesktopInstallError(
            _(
                "could not add CIPN Coach to the menu: {reason} ({where}); nothing was installed"
            ).format(reason=exc.strerror or exc, where=exc.filename or home)
        ) from exc
    return written


def uninstall(home: Path) -> list[Path]:
    """Remove what ``install`` wrote under ``home`` (folders stay: others share them)."""
    removed = []
    for target in installed_files(home):
        try:
            target.unlink()
        except FileNotFoundError:
            continue
        except OSError as exc:
            raise DesktopInstallError(
                _("could not remove {file}: {reason}").format(
                    file=target, reason=exc.strerror or exc
                )
            ) from exc
        removed.append(target)
    return removed


def _write(target: Path, content: bytes) -> None:
    """Whole or not at all: a desktop watching the folder never reads half a file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    partial.write_bytes(content)
    os.replace(partial, target)
