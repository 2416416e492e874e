"""``make bundle-test``: the one-folder bundle works on its own, and what it costs.

Runs ``dist/cipn-coach/cipn-coach`` as a patient's machine would: with an empty
environment (``env -i``: no PATH, no PYTHONPATH, no venv), from a folder outside the
checkout, on a fresh data folder. Checks ``--version``, ``exercises --json``, a PDF
report, the voice synthesizing a phrase (the real speech path, through ``doctor``), the
window opening offscreen with its data (a second start finds it and brings it forward,
which only a fully started window answers) and ``--install-desktop``. Then measures the
bundle's size and its start-up against the venv's. Too slow for ``make test``.
Exit status 0 when every check passed.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUNDLE_DIR = ROOT / "dist" / "cipn-coach"
BUNDLE = BUNDLE_DIR / "cipn-coach"
VENV_COMMAND = [str(ROOT / ".venv" / "bin" / "python"), str(ROOT / "main.py")]
DATABASE = "cipn-coach.sqlite3"
RUNS = 7


def bare_env(home: Path, **extra: str) -> dict[str, str]:
    """What ``env -i`` leaves, plus a home and a UTF-8 locale (a real session has both)."""
    return {"HOME": str(home), "LANG": "C.UTF-8", "XDG_RUNTIME_DIR": str(home), **extra}


def run(
    command: list[str], env: dict[str, str], cwd: Path, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout
    )


def wait_for(
    condition: Callable[[], bool], process: subprocess.Popen[str], timeout: float
) -> float:
    """Seconds until ``condition`` held; raises if the process died or time ran out."""
    started = time.perf_counter()
    while not condition():
        if process.poll() is not None:
            raise RuntimeError(
                f"the app exited ({process.returncode}): {process.stderr.read()[-2000:]}"
            )
        if time.perf_counter() - started > timeout:
            raise RuntimeError("the app did not open its data in time")
        time.sleep(0.01)  # polling another process's files: there is no event to wait on
    return time.perf_counter() - started


def open_window(
    command: list[str], home: Path, data: Path, runtime: Path
) -> tuple[float, subprocess.Popen[str]]:
    """Start the app offscreen on ``data``; seconds until it listens for a second start
    (``ui.single_instance``), which ``ui.gui`` does after the window's first paint,
    right before it opens the database and builds the pages."""
    runtime.mkdir(mode=0o700)
    env = bare_env(home, QT_QPA_PLATFORM="offscreen", XDG_RUNTIME_DIR=str(runtime))
    if command[0] != str(BUNDLE):  # the venv's interpreter may need PATH for its helpers
        env = dict(env, PATH=os.environ.get("PATH", "/usr/bin:/bin"))
    started = time.perf_counter()
    process = subprocess.Popen(
        [*command, "--data-dir", str(data)],
        env=env,
        cwd=home,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    wait_for(lambda: any(runtime.glob("cipn-coach-*.socket")), process, timeout=60)
    return time.perf_counter() - started, process


def stop(process: subprocess.Popen[str]) -> str:
    process.terminate()
    try:
        _, err = process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        _, err = process.communicate()
    return err


class Checks:
    def __init__(self) -> None:
        self.failed: list[str] = []
        self.passed = 0

    def check(self, name: str, ok: bool, detail: str = "") -> None:
        self.passed += ok
        print(f"{'ok  ' if ok else 'FAIL'}  {name}" + (f": {detail}" if detail else ""))
        if not ok:
            self.failed.append(name)


def behaviour(checks: Checks, home: Path) -> None:
    sys.path.insert(0, str(ROOT))  # this checkout's version, whatever the venv points at
    from cipn_coach import __version__

    env = bare_env(home)
    done = run([str(BUNDLE), "--version"], env, home)
    checks.check(
        "--version",
        done.returncode == 0 and done.stdout.strip() == f"cipn-coach {__version__}",
        done.stdout.strip() or done.stderr[-500:],
    )

    done = run([str(BUNDLE), "exercises", "--json"], env, home)
    exercises = json.loads(done.stdout) if done.returncode == 0 else []
    pictures = BUNDLE_DIR / "_internal" / "cipn_coach" / "_data" / "assets"
    missing = [e["id"] for e in exercises if not (pictures / e["illustration"]).is_file()]
    checks.check(
        "exercises --json",
        len(exercises) >= 14 and not missing,
        f"{len(exercises)} exercises, pictures missing: {missing}"
        if exercises
        else done.stderr[-500:],
    )

    data = home / "data"
    done = run([str(BUNDLE), "demo", "--days", "28", "--data-dir", str(data)], env, home)
    checks.check("demo data", done.returncode == 0, done.stderr[-500:])
    pdf = home / "report.pdf"
    done = run([str(BUNDLE), "report", "--pdf", str(pdf), "--data-dir", str(data)], env, home)
    made = done.returncode == 0 and pdf.is_file() and pdf.read_bytes().startswith(b"%PDF")
    words = ""
    if made and shutil.which("pdftotext"):
        words = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    checks.check(
        "report --pdf",
        made and (not shutil.which("pdftotext") or "CIPN Coach report" in words),
        f"{pdf.stat().st_size // 1024} KB" if made else done.stderr[-500:],
    )

    done = run([str(BUNDLE), "doctor", "--json", "--data-dir", str(data)], env, home)
    speech = (
        next((c for c in json.loads(done.stdout)["checks"] if c["name"] == "speech"), {})
        if done.stdout.startswith("{")
        else {}
    )
    checks.check(
        "voice synthesizes a phrase",
        speech.get("status") == "ok",
        speech.get("detail", done.stderr[-500:]),
    )

    runtime = home / "run-window"
    seconds, first = open_window([str(BUNDLE)], home, data, runtime)
    second = run(
        [str(BUNDLE), "--data-dir", str(data)],
        bare_env(home, QT_QPA_PLATFORM="offscreen", XDG_RUNTIME_DIR=str(runtime)),
        home,
        60,
    )
    err = stop(first)
    checks.check(
        "window opens offscreen",
        second.returncode == 0 and "brought forward" in second.stderr and "Traceback" not in err,
        second.stderr.strip()[-300:] + err[-1500:],
    )

    xdg = home / "xdg"
    done = run([str(BUNDLE), "--install-desktop"], bare_env(home, XDG_DATA_HOME=str(xdg)), home)
    launcher = xdg / "applications" / "org.cipncoach.CipnCoach.desktop"
    exec_line = (
        next((line for line in launcher.read_text().splitlines() if line.startswith("Exec=")), "")
        if launcher.is_file()
        else ""
    )
    checks.check(
        "--install-desktop", done.returncode == 0 and exec_line == f"Exec={BUNDLE}", exec_line
    )
    run([str(BUNDLE), "--uninstall-desktop"], bare_env(home, XDG_DATA_HOME=str(xdg)), home)
    checks.check("--uninstall-desktop", not launcher.exists())


def measurements(home: Path) -> None:
    """Size on disk, and start-up of the bundle against the venv: RUNS of each, taken in
    turns so that load from other work on the machine falls on both alike."""
    size = sum(
        p.stat().st_size for p in BUNDLE_DIR.rglob("*") if p.is_file() and not p.is_symlink()
    )
    files = sum(1 for p in BUNDLE_DIR.rglob("*") if p.is_file())
    print(f"\nbundle: {size / 2**20:.0f} MiB in {files} files ({BUNDLE_DIR})")
    commands = {"bundle": [str(BUNDLE)], "venv": VENV_COMMAND}
    env = dict(bare_env(home), PATH=os.environ.get("PATH", "/usr/bin:/bin"))
    version: dict[str, list[float]] = {label: [] for label in commands}
    window: dict[str, list[float]] = {label: [] for label in commands}
    for index in range(RUNS):
        for label, command in commands.items():
            started = time.perf_counter()
            run([*command, "--version"], env, home)
            version[label].append(time.perf_counter() - started)
            seconds, process = open_window(
                command, home, home / f"{label}-fresh-{index}", home / f"run-{label}-{index}"
            )
            stop(process)
            window[label].append(seconds)
    print(f"start-up, ms: median (fastest) of {RUNS}   --version   window painted, fresh data")
    for label in commands:
        print(f"{label:<38}{ms(version[label]):>12}{ms(window[label]):>28}")


def ms(values: list[float]) -> str:
    return f"{statistics.median(values) * 1000:.0f} ({min(values) * 1000:.0f})"


def main() -> int:
    if not BUNDLE.is_file():
        print(f"no bundle at {BUNDLE}: run 'make bundle' first", file=sys.stderr)
        return 2
    checks = Checks()
    with tempfile.TemporaryDirectory(prefix="cipn-bundle-test-") as folder:
        home = Path(folder)
        behaviour(checks, home)
        if not checks.failed and "--no-measure" not in sys.argv:
            measurements(home)
    print(f"\n{checks.passed} passed, {len(checks.failed)} failed")
    return 1 if checks.failed else 0


if __name__ == "__main__":
    sys.exit(main())
