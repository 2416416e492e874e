"""Many real CLI processes writing check-ins to one data folder at the same moment.

Starting 100 Python interpreters costs ~1 s of imports each (minutes on a busy
two-core machine) and spreads their writes over that time. Instead one helper process
imports the CLI once and forks the writers: each is still a separate process that opens
the database itself and runs ``cipn_coach.cli.commands.main`` exactly as ``cipn-coach checkin``
does; they are held at a gate and released together.

Run as ``python -m tests.core.cli_writers burst FOLDER FIRST_DAY COUNT``: COUNT writers,
one check-in each on consecutive days from FIRST_DAY; prints one line per writer,
``<exit status>\t<last stderr line>``.

Or ``python -m tests.core.cli_writers loop FOLDER FIRST_DAY COUNT``: COUNT writers that
save check-ins again and again (each on its own day, a new version each time) until the
helper's stdin is closed; prints ``ready`` once they run, then, after stdin closes, one
line per check-in command, as above.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def checkin_argv(folder: str, day: date, pain: int = 1) -> list[str]:
    return [
        "--data-dir",
        folder,
        "checkin",
        "--date",
        day.isoformat(),
        "--hands",
        "3",
        "--feet",
        "4",
        "--pain",
        str(pain),
    ]


def _run_cli(argv: list[str]) -> tuple[int, str]:
    """``cipn-coach ARGV`` in this process: exit status and the last stderr line."""
    from cipn_coach.cli.commands import main

    err, out = io.StringIO(), io.StringIO()
    sys.stderr, sys.stdout = err, out
    try:
        code = main(argv)
    except BaseException as exc:  # noqa: BLE001 - a traceback is a refusal too
        code, err = 99, io.StringIO(f"{type(exc).__name__}: {exc}")
    finally:
        sys.stderr, sys.stdout = sys.__stderr__, sys.__stdout__
    lines = err.getvalue().strip().splitlines()
    return code, (lines[-1] if lines else "").replace("\t", " ")


def _fork_writers(count: int, body) -> list[tuple[int, int]]:
    """Fork ``count`` children held at one gate; each runs ``body(index, result_fd)``."""
    gate_read, gate_write = os.pipe()
    children = []
    for index in range(count):
        result_read, result_write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the writer
            os.close(gate_write)
            os.close(result_read)
            os.read(gate_read, 1)  # blocks until the helper opens the gate
            status = 0
            try:
                body(index, result_write)
            except BaseException:  # noqa: BLE001
                status = 1
            os._exit(status)
        os.close(result_write)
        children.append((pid, result_read))
    os.close(gate_read)
    os.close(gate_write)  # every writer's read returns at once: they start together
    return children


def _collect(children: list[tuple[int, int]]) -> list[str]:
    lines = []
    for pid, result_read in children:
        with os.fdopen(result_read) as results:
            lines.extend(results.read().splitlines())
        os.waitpid(pid, 0)
    return lines


def _warm() -> None:
    """Import what a check-in command imports, once, before the fork."""
    import cipn_coach.cli.commands  # noqa: F401
    import cipn_coach.storage.checkins  # noqa: F401
    import cipn_coach.storage.db  # noqa: F401
    import cipn_coach.storage.repository  # noqa: F401
    import cipn_coach.storage.routines  # noqa: F401
    from cipn_coach.routines.library import load_library

    load_library()


def burst(folder: str, first: date, count: int) -> None:
    _warm()

    def body(index: int, fd: int) -> None:
        code, last = _run_cli(checkin_argv(folder, first + timedelta(days=index)))
        os.write(fd, f"{code}\t{last}\n".encode())

    print("\n".join(_collect(_fork_writers(count, body))), flush=True)


def loop(folder: str, first: date, count: int) -> None:
    _warm()

    stop_read, stop_write = os.pipe()

    def body(index: int, fd: int) -> None:
        os.close(stop_write)
        os.set_blocking(stop_read, False)
        round_ = 0
        while True:
            try:
                if os.read(stop_read, 1) == b"":
                    return  # the helper closed its end: stop
            except BlockingIOError:
                pass
            code, last = _run_cli(
                checkin_argv(folder, first + timedelta(days=index), pain=round_ % 11)
            )
            os.write(fd, f"{code}\t{last}\n".encode())
            round_ += 1

    children = _fork_writers(count, body)
    print("ready", flush=True)
    sys.stdin.read()  # until the test closes our stdin
    os.close(stop_write)
    print("\n".join(_collect(children)), flush=True)


def start(mode: str, folder: Path, first: date, count: int) -> subprocess.Popen[str]:
    """The helper process (not waited for)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.core.cli_writers",
            mode,
            str(folder),
            first.isoformat(),
            str(count),
        ],
        cwd=ROOT,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )


def results(lines: list[str]) -> tuple[int, list[str]]:
    """(commands run, the refusals' messages) from the helper's result lines."""
    rows = [line.split("\t", 1) for line in lines if line and line != "ready"]
    return len(rows), [last or f"exit {code}" for code, last in rows if code != "0"]


if __name__ == "__main__":
    mode, folder_arg, first_arg, count_arg = sys.argv[1:5]
    {"burst": burst, "loop": loop}[mode](folder_arg, date.fromisoformat(first_arg), int(count_arg))
