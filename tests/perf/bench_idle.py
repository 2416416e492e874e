"""Figure 11: the app idle on Today makes no system call (issue 13 §5, "idle").

A patient leaves the window open all day: an app that wakes up every few seconds costs
battery and CPU for nothing. The app is started through its real entry (``ui.app.main``), on the
3-year folder (welcome done, so it opens on Today), in a fresh process; once Today is
drawn and the process has settled (``bench.SETTLE``: < 15 ms of CPU over 1.5 s), every
thread's system calls are traced for ``IDLE_SECONDS`` with ``strace -f -p PID``. A bare
``QMainWindow`` is traced the same way in the same run, so what Qt's platform itself does
shows apart from the app's own; it wears the app's icon, as the app's window does (on
X11 that alone makes Qt's pixmap cache wake up, see ``_ICON``).

What strace's attaching causes is not counted (``parse``): a thread asleep in a call
when strace attaches has that call interrupted and restarted, one line per thread. The
budget: 0 calls in the window, or on a platform where the bare window makes some, no
more than the bare window makes (Qt's own, not the app's).

Offscreen by default (the bench's platform); on a private Xvfb (``xcb``, what patients
run) as well when ``Xvfb`` is installed.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

IDLE_SECONDS = float(os.environ.get("BENCH_IDLE_SECONDS", "30"))
IDLE_RUNS = int(os.environ.get("BENCH_IDLE_RUNS", "2"))
STRACE = shutil.which("strace") or "/usr/bin/strace"

# a traced line: "TID name(args) = result", "TID name(args <unfinished ...>",
# "TID <... name resumed>...", "TID +++ exited ...", "TID --- SIGxxx ..."
_CALL = re.compile(r"^(\d+)\s+(?:<\.\.\. (\w+) resumed>|(\w+)\()")

_READY = r"""
QUIT_WHEN_SETTLED = False
import os as _os
def _ready(cpu):
    # settled: say so with the pid, and stay open, idle, until the bench ends this process
    QApplication.instance().removeEventFilter(f)
    print("ready", _os.getpid(), flush=True)
"""


def _settle_then_ready(code: str) -> str:
    """The bench's child code, reporting with ``_ready`` instead of its figures."""
    changed = re.sub(r"settle\(lambda cpu: print\([^\n]*\)\)", "settle(_ready)", code)
    if changed == code:
        raise RuntimeError("bench_idle: the child code no longer calls settle(lambda cpu: ...)")
    return changed


def _app_child(data: Path) -> str:
    from tests.perf.bench import APP, PROCESS_START, SETTLE, start_the_app

    return PROCESS_START + SETTLE + _settle_then_ready(APP) + _READY + start_the_app(data)


# the bare window wears the app's icon, as any app a launcher starts does: on X11 Qt
# scales the icon's pixmaps for the window manager (_NET_WM_ICON) through QPixmapCache,
# whose timer then trims the cache every 10-30 s until it has emptied it
_ICON = r"""
from PySide6.QtCore import QSize
from PySide6.QtGui import QIcon
from cipn_coach.desktop_entry import ICON_SIZES
from cipn_coach.paths import assets_dir
icon = QIcon()
for size in ICON_SIZES:
    icon.addFile(str(assets_dir() / "icons" / f"app-{size}.png"), QSize(size, size))
app.setWindowIcon(icon)
"""


def _bare_child() -> str:
    from tests.perf.bench import BARE, PROCESS_START, SETTLE

    return (
        PROCESS_START
        + SETTLE
        + _settle_then_ready(BARE)
        + _READY
        + _ICON
        + "\nf = Painted(); w.installEventFilter(f); w.show(); app.exec()\n"
    )


# calls a thread sleeps in; the first one traced was asleep when strace attached
_WAITS = frozenset(
    "futex poll ppoll epoll_wait epoll_pwait epoll_pwait2 select pselect6 nanosleep "
    "clock_nanosleep read recvmsg wait4".split()
)


def parse(lines: list[str]) -> tuple[Counter[tuple[int, str]], int]:
    """Calls made inside the window per (thread id, call), and how many were strace's
    attaching: a thread asleep in a call has it interrupted and restarted, traced as
    ``restart_syscall``, as the end of the call (``<... resumed>``) or as the same wait
    made again, its first line. Not the process's doing, so not counted."""
    calls: Counter[tuple[int, str]] = Counter()
    seen: set[int] = set()
    attach = 0
    for line in lines:
        found = _CALL.match(line)
        if found is None:
            continue
        tid, resumed, name = int(found[1]), found[2], found[3]
        first = tid not in seen
        seen.add(tid)
        if resumed is not None:
            attach += first
            continue
        if name == "restart_syscall" or (first and name in _WAITS):
            attach += 1
            continue
        calls[(tid, name)] += 1
    return calls, attach


def _thread_names(pid: int) -> dict[int, str]:
    names = {}
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            names[int(task.name)] = (task / "comm").read_text().strip()
        except OSError:
            continue
    return names


def trace(code: str, env: dict[str, str], cwd: Path) -> dict[str, Any]:
    """Start ``code`` in a fresh process, wait until it says it has settled, trace all
    its threads for ``IDLE_SECONDS``, end it; the calls per thread and per call."""
    child = subprocess.Popen(
        [sys.executable, "-c", code],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=cwd,
    )
    try:
        line = child.stdout.readline() if child.stdout else ""
        if not line.startswith("ready"):
            child.kill()
            raise RuntimeError(f"did not settle: {line!r} {child.communicate()[1][-1500:]}")
        pid = child.pid
        with tempfile.TemporaryDirectory(prefix="bench-idle-") as folder:
            out = Path(folder) / "trace"
            # coreutils' timeout ends the trace after the window (SIGINT: strace detaches
            # and writes what it saw); waiting for strace to exit is waiting for the window
            tracer = subprocess.Popen(
                ["timeout", "--signal=INT", "--preserve-status", f"{IDLE_SECONDS}s"]
                + [STRACE, "-f", "-qq", "-o", str(out), "-p", str(pid)],
                stderr=subprocess.PIPE,
                text=True,
            )
            _out, err = tracer.communicate(timeout=IDLE_SECONDS + 30)
            names = _thread_names(pid)  # the child is still running: its threads as traced
            if tracer.returncode not in (0, 128 + signal.SIGINT) and not out.exists():
                raise RuntimeError(f"strace failed: {err[-500:]}")
            lines = out.read_text().splitlines()
    finally:
        if child.poll() is None:
            child.kill()
        child.communicate(timeout=30)
    calls, attach = parse(lines)
    per_thread: Counter[str] = Counter()
    per_call: Counter[str] = Counter()
    for (tid, name), count in calls.items():
        thread = names.get(tid, "?")
        label = "main" if tid == pid else thread
        per_thread[label] += count
        per_call[f"{label}:{name}"] += count
    return {
        "calls": sum(calls.values()),
        "attach": attach,
        "threads": len(names),
        "per_thread": dict(per_thread.most_common()),
        "per_call": dict(per_call.most_common()),
    }


def _xvfb() -> tuple[subprocess.Popen[bytes], str] | None:
    """A private X server (``Xvfb -displayfd``: it picks a free display and says which)."""
    if shutil.which("Xvfb") is None:
        return None
    read, write = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", "1366x768x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    with os.fdopen(read) as answer:
        display = answer.readline().strip()
    if not display:
        server.kill()
        return None
    return server, f":{display}"


def measure(env: dict[str, str], history: Path, root: Path) -> dict[str, Any]:
    """Runs of the bare window and the app, in turns, offscreen and (if possible) on xcb;
    a platform that cannot start is named with the reason instead."""
    if not Path(STRACE).exists():
        raise RuntimeError("strace is not installed: .ci/system-deps.sh bench")
    results: dict[str, Any] = {"skipped": {}}
    platforms: list[tuple[str, dict[str, str]]] = [("offscreen", dict(env))]
    server = _xvfb()
    if server is not None:
        platforms.append(("xcb", dict(env, QT_QPA_PLATFORM="xcb", DISPLAY=server[1])))
    else:
        results["skipped"]["xcb"] = "Xvfb is not installed"
    try:
        for platform, platform_env in platforms:
            try:
                for _ in range(IDLE_RUNS):
                    for kind, code in (("bare", _bare_child()), ("app", _app_child(history))):
                        results.setdefault(f"{platform}:{kind}", []).append(
                            trace(code, platform_env, root)
                        )
            except RuntimeError as exc:
                results["skipped"][platform] = str(exc).strip().splitlines()[-1]
    finally:
        if server is not None:
            server[0].kill()
            server[0].wait()
    return results


def report(results: dict[str, Any]) -> None:
    for letter, platform in zip("ab", ("offscreen", "xcb"), strict=True):
        if platform in results["skipped"] or f"{platform}:app" not in results:
            why = results["skipped"].get(platform, "not measured")
            print(f"11{letter}. idle on Today ({platform}): skipped ({why})", flush=True)
            continue
        bare, app = results[f"{platform}:bare"], results[f"{platform}:app"]
        worst_app = max(r["calls"] for r in app)
        worst_bare = max(r["calls"] for r in bare)
        budget = "0" if worst_bare == 0 else f"no more than the bare window's {worst_bare}"
        ok = "PASS" if worst_app <= worst_bare else "FAIL"
        print(
            f"11{letter}. idle on Today ({platform}), system calls of every thread in "
            f"{IDLE_SECONDS:.0f} s after settling, {len(app)} runs: app "
            f"[{', '.join(str(r['calls']) for r in app)}] (worst {worst_app}, budget {budget}) "
            f"{ok}; bare QMainWindow with the app's icon "
            f"[{', '.join(str(r['calls']) for r in bare)}]\n"
            f"   threads: app {app[0]['threads']}, bare {bare[0]['threads']}; calls "
            f"interrupted by strace's attaching, not counted: app "
            f"[{', '.join(str(r['attach']) for r in app)}]",
            flush=True,
        )
        for kind, runs in (("app", app), ("bare", bare)):
            for index, run in enumerate(runs, 1):
                if run["calls"]:
                    calls = ", ".join(f"{k} {v}" for k, v in run["per_call"].items())
                    print(f"   {kind} run {index}: {calls}", flush=True)
