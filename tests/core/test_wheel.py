"""The wheel is complete: ``pipx install`` of it gives a working app, away from the checkout.

Builds the wheel, checks it carries every file the checkout's packages and data folders
hold, installs it into a fresh venv and runs the console script from a temporary folder
with a bare environment: ``--version``, ``exercises --json``, ``preview``, the window
offscreen. The fresh venv has no pip and sees the dependencies through a ``.pth`` file
pointing at this interpreter's site-packages (nothing is downloaded; the shared pip
installs the wheel into it with ``--python``).
"""

from __future__ import annotations

import json
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from cipn_coach import __version__

ROOT = Path(__file__).resolve().parents[2]
# checkout folder -> where the wheel keeps it (pyproject.toml's force-include)
WHEEL_PLACES = {
    "cipn_coach": "cipn_coach",
    "ui": "ui",
    "exercises": "cipn_coach/_data/exercises",
    "assets": "cipn_coach/_data/assets",
}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    dist = tmp_path_factory.mktemp("dist")
    built = subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--no-isolation",
            "--outdir",
            str(dist),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert built.returncode == 0, built.stdout[-2000:] + built.stderr[-2000:]
    wheel = next(dist.glob("cipn_coach-*.whl"))
    with zipfile.ZipFile(wheel) as files:  # compiled by hatch_build.py: .mo is not in git
        assert "cipn_coach/locale/zh_HK/LC_MESSAGES/cipn_coach.mo" in files.namelist()
    return wheel


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """A fresh venv with the wheel installed; returns its ``bin`` folder."""
    env_dir = tmp_path_factory.mktemp("venv")
    venv.EnvBuilder(with_pip=False, system_site_packages=False).create(env_dir)
    python = env_dir / "bin" / "python"
    site = next(p for p in sys.path if p.endswith("site-packages"))
    site_packages = next((env_dir / "lib").glob("python3*/site-packages"))
    (site_packages / "dependencies.pth").write_text(site + "\n")  # after the venv's own
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--no-deps",
            "--no-index",
            "--disable-pip-version-check",
            "-q",
            str(wheel),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return env_dir / "bin"


def bare_env(home: Path, **extra: str) -> dict[str, str]:
    return {"PATH": "/usr/bin:/bin", "HOME": str(home), "LANG": "C.UTF-8", **extra}


def tracked_files(folder: str) -> list[str]:
    listed = subprocess.run(["git", "ls-files", folder], cwd=ROOT, capture_output=True, text=True)
    if listed.returncode != 0:  # not a git checkout (an sdist): what is on disk
        return [
            str(p.relative_to(ROOT))
            for p in (ROOT / folder).rglob("*")
            if p.is_file() and "__pycache__" not in p.parts
        ]
    return listed.stdout.split()


@pytest.mark.slow
def test_the_wheel_holds_every_file_of_the_packages_and_the_data(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    missing = []
    for folder, place in WHEEL_PLACES.items():
        for path in tracked_files(folder):
            if (place + path[len(folder) :]) not in names:
                missing.append(path)
    assert not missing, f"not in the wheel: {missing}"
    assert "cipn_coach/storage/migrations/env.py" in names
    assert any(name.endswith("entry_points.txt") for name in names)


@pytest.mark.slow
def test_the_installed_app_runs_outside_the_checkout(installed, tmp_path):
    app = str(installed / "cipn-coach")
    env = bare_env(tmp_path)

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [app, *args], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120
        )

    done = run("--version")
    assert done.stdout.strip() == f"cipn-coach {__version__}", done.stderr
    done = run("exercises", "--json")
    assert done.returncode == 0, done.stderr
    exercises = json.loads(done.stdout)
    chinese = run("--lang", "zh-HK", "profile", "--data-dir", str(tmp_path / "data"))
    assert chinese.stdout.startswith("姓名："), chinese.stderr
    assert len(exercises) >= 14
    done = run("preview", "morning", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["cues"]

    where = subprocess.run(
        [
            str(installed / "python"),
            "-c",
            "import cipn_coach, ui; from cipn_coach import paths; "
            "print(cipn_coach.__file__, ui.__file__, paths.exercises_dir(), paths.assets_dir())",
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    for place in where.stdout.split():  # the venv's copy, not the checkout's
        assert str(installed.parent) in place and str(ROOT) not in place, place
    pictures = Path(where.stdout.split()[3])
    assert all((pictures / e["illustration"]).is_file() for e in exercises)
    package = Path(where.stdout.split()[0]).parent
    assert list((package / "__pycache__").glob("*.pyc")), "installed without bytecode"

    env["XDG_DATA_HOME"] = str(tmp_path / "xdg")  # the menu entry starts this installation
    done = run("--install-desktop")
    assert done.returncode == 0, done.stderr
    launcher = next((tmp_path / "xdg" / "applications").glob("*.desktop")).read_text()
    assert f"\nExec={app}\n" in launcher


@pytest.mark.slow
def test_the_installed_app_opens_its_window(installed, tmp_path, qtbot):
    """Offscreen, on a fresh data folder: the window paints, then listens for a second
    start and opens the database (``ui.gui``); a second start is told it is open; and
    nothing went wrong on the way (stderr, and the crash log the app keeps in HOME)."""
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    data = tmp_path / "data"
    env = bare_env(tmp_path, QT_QPA_PLATFORM="offscreen", XDG_RUNTIME_DIR=str(runtime))
    command = [str(installed / "cipn-coach"), "--data-dir", str(data)]
    first = subprocess.Popen(
        command, cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        # up once it listens for a second launch (its socket) and its database exists
        qtbot.waitUntil(
            lambda: (
                first.poll() is not None
                or (
                    any(runtime.glob("cipn-coach-*.socket"))
                    and (data / "cipn-coach.sqlite3").exists()
                )
            ),
            timeout=60_000,
        )
        assert first.poll() is None, first.stderr.read()
        second = subprocess.run(
            command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60
        )
        assert second.returncode == 0 and "brought forward" in second.stderr, second.stderr
        assert first.poll() is None, first.stderr.read()
    finally:
        first.terminate()
        _, err = first.communicate(timeout=30)
    assert "Traceback" not in err, err
    logs = "".join(p.read_text() for p in tmp_path.glob(".local/state/cipn-coach/*.log*"))
    assert "Traceback" not in logs, logs
